/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A LocRibListener that keeps the installed table and counts calls. */
final class RecordingListener implements LocRibListener
{
    record Installed(boolean external, List<IpAddress> nextHops, long med)
    {
    }

    final Map<IpPrefix, Installed> table = new HashMap<>();
    final List<IpPrefix> changes = new ArrayList<>();
    int flushes;
    boolean record = true;
    long calls;

    public void bestChanged(final IpPrefix prefix, final boolean external, final List<IpAddress> nextHops,
        final long med)
    {
        calls++;
        if (!record)
        {
            return;
        }
        changes.add(prefix);
        if (nextHops.isEmpty())
        {
            table.remove(prefix);
        }
        else
        {
            table.put(prefix, new Installed(external, List.copyOf(nextHops), med));
        }
    }

    public void flush()
    {
        flushes++;
    }
}
