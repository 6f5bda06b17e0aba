/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

import net.junction.routing.Ip4;
import net.junction.routing.Ip6Address;
import net.junction.routing.NextHop;

import java.util.ArrayList;
import java.util.List;

/**
 * Records {@link FibUpdates} calls as readable lines, for asserting exactly what crossed the boundary.
 */
public final class RecordingFibUpdates implements FibUpdates
{
    private final List<String> calls = new ArrayList<>();

    public void nextHopSet(final int index, final NextHop nextHop)
    {
        calls.add("nextHopSet " + index + " " + nextHop);
    }

    public void nextHopGroupSet(final int index, final int[] members, final int count)
    {
        calls.add("nextHopGroupSet " + index + " " + java.util.Arrays.toString(java.util.Arrays.copyOf(members, count)));
    }

    public void nextHopDelete(final int index)
    {
        calls.add("nextHopDelete " + index);
    }

    public void route4Set(final int address, final int length, final int nextHopIndex)
    {
        calls.add("routeSet " + Ip4.format(address) + "/" + length + " " + nextHopIndex);
    }

    public void route4Delete(final int address, final int length)
    {
        calls.add("routeDelete " + Ip4.format(address) + "/" + length);
    }

    public void route6Set(final long high, final long low, final int length, final int nextHopIndex)
    {
        calls.add("routeSet " + Ip6Address.format(high, low) + "/" + length + " " + nextHopIndex);
    }

    public void route6Delete(final long high, final long low, final int length)
    {
        calls.add("routeDelete " + Ip6Address.format(high, low) + "/" + length);
    }

    public void commit()
    {
        calls.add("commit");
    }

    public void resyncBegin(final long epoch)
    {
        calls.add("resyncBegin " + Long.toUnsignedString(epoch));
    }

    public void resyncEnd(final long epoch)
    {
        calls.add("resyncEnd " + Long.toUnsignedString(epoch));
    }

    /**
     * @return calls so far.
     */
    public List<String> calls()
    {
        return calls;
    }

    /**
     * @return calls so far, then forget them.
     */
    public List<String> drain()
    {
        final List<String> drained = List.copyOf(calls);
        calls.clear();
        return drained;
    }
}
