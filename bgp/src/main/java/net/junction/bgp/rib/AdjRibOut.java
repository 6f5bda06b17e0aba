/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.IpPrefix;
import net.junction.routing.PrefixMap;

import java.util.ArrayDeque;

/**
 * What this speaker has advertised to one peer in one family (RFC 4271 §3.2 Adj-RIB-Out), and what
 * it still has to look at: the prefixes whose best path changed since (dirty), each once, in the
 * order they changed. UPDATEs are made lazily from the dirty prefixes while the session can take
 * them, so a slow peer costs a set of prefixes, never a queue of messages. The order matters for
 * packing: prefixes of one received UPDATE stay together, and a whole-table send is queued grouped by
 * path, so that prefixes sharing attributes meet in one chunk and travel in one UPDATE.
 */
final class AdjRibOut
{
    /** Flag on a {@code sent} entry: advertise again even if unchanged (route refresh). */
    static final int RESEND = 1;

    /** Dirty structures larger than this are given back once empty. */
    private static final int RELEASE_CAPACITY = 4096;

    final AfiSafi family;
    final PrefixMap<Path> sent;
    private final PrefixMap<Boolean> dirtySet;
    private ArrayDeque<IpPrefix> dirtyQueue = new ArrayDeque<>();
    final PathInterner interner;

    /** Send End-of-RIB once the dirty set is empty (initial table, RFC 4724 §2). */
    boolean endOfRibPending;
    /** Send EoRR once the dirty set is empty (enhanced route refresh, RFC 7313 §4). */
    boolean endOfRouteRefreshPending;

    AdjRibOut(final AfiSafi family, final PathInterner interner)
    {
        this.family = family;
        final boolean ipv6 = AfiSafi.AFI_IPV6 == family.afi();
        this.sent = new PrefixMap<>(ipv6);
        this.dirtySet = new PrefixMap<>(ipv6);
        this.interner = interner;
    }

    /**
     * @param prefix whose best path changed; queued unless already.
     */
    void markDirty(final IpPrefix prefix)
    {
        if (dirtySet.put(prefix, Boolean.TRUE) == null)
        {
            dirtyQueue.add(prefix);
        }
    }

    /**
     * @return the oldest dirty prefix, no longer dirty, or null.
     */
    IpPrefix pollDirty()
    {
        final IpPrefix prefix = dirtyQueue.poll();
        if (prefix != null)
        {
            dirtySet.remove(prefix);
            if (dirtyQueue.isEmpty() && dirtySet.capacity() > RELEASE_CAPACITY)
            {
                // After a whole-table send: neither structure shrinks by itself.
                dirtySet.clear();
                dirtyQueue = new ArrayDeque<>();
            }
        }
        return prefix;
    }

    int dirtyCount()
    {
        return dirtyQueue.size();
    }

    boolean hasWork()
    {
        return !dirtyQueue.isEmpty() || endOfRibPending || endOfRouteRefreshPending;
    }
}
