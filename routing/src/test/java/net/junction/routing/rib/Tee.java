/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.rib;

import net.junction.routing.NextHop;
import net.junction.routing.fib.FibUpdates;

/**
 * Sends every {@link FibUpdates} call to two consumers, first then second.
 */
class Tee implements FibUpdates
{
    private final FibUpdates first;
    private final FibUpdates second;

    Tee(final FibUpdates first, final FibUpdates second)
    {
        this.first = first;
        this.second = second;
    }

    public void nextHopSet(final int index, final NextHop nextHop)
    {
        first.nextHopSet(index, nextHop);
        second.nextHopSet(index, nextHop);
    }

    public void nextHopGroupSet(final int index, final int[] members, final int count)
    {
        first.nextHopGroupSet(index, members, count);
        second.nextHopGroupSet(index, members, count);
    }

    public void nextHopDelete(final int index)
    {
        first.nextHopDelete(index);
        second.nextHopDelete(index);
    }

    public void route4Set(final int address, final int length, final int nextHopIndex)
    {
        first.route4Set(address, length, nextHopIndex);
        second.route4Set(address, length, nextHopIndex);
    }

    public void route4Delete(final int address, final int length)
    {
        first.route4Delete(address, length);
        second.route4Delete(address, length);
    }

    public void route6Set(final long high, final long low, final int length, final int nextHopIndex)
    {
        first.route6Set(high, low, length, nextHopIndex);
        second.route6Set(high, low, length, nextHopIndex);
    }

    public void route6Delete(final long high, final long low, final int length)
    {
        first.route6Delete(high, low, length);
        second.route6Delete(high, low, length);
    }

    public void commit()
    {
        first.commit();
        second.commit();
    }

    public void resyncBegin(final long epoch)
    {
        first.resyncBegin(epoch);
        second.resyncBegin(epoch);
    }

    public void resyncEnd(final long epoch)
    {
        first.resyncEnd(epoch);
        second.resyncEnd(epoch);
    }
}
