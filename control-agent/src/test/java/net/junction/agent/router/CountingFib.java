/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import net.junction.routing.NextHop;
import net.junction.routing.fib.FibUpdates;
import net.junction.routing.fib.ReferenceFib;

/** A reference FIB that counts its commits (batches) and route changes. */
final class CountingFib implements FibUpdates
{
    final ReferenceFib fib = new ReferenceFib(1024);
    int commits;
    int routeChanges;

    @Override
    public void nextHopSet(final int index, final NextHop nextHop)
    {
        fib.nextHopSet(index, nextHop);
    }

    @Override
    public void nextHopGroupSet(final int index, final int[] members, final int count)
    {
        fib.nextHopGroupSet(index, members, count);
    }

    @Override
    public void nextHopDelete(final int index)
    {
        fib.nextHopDelete(index);
    }

    @Override
    public void route4Set(final int address, final int length, final int nextHopIndex)
    {
        routeChanges++;
        fib.route4Set(address, length, nextHopIndex);
    }

    @Override
    public void route4Delete(final int address, final int length)
    {
        routeChanges++;
        fib.route4Delete(address, length);
    }

    @Override
    public void route6Set(final long high, final long low, final int length, final int nextHopIndex)
    {
        routeChanges++;
        fib.route6Set(high, low, length, nextHopIndex);
    }

    @Override
    public void route6Delete(final long high, final long low, final int length)
    {
        routeChanges++;
        fib.route6Delete(high, low, length);
    }

    @Override
    public void commit()
    {
        commits++;
        fib.commit();
    }
}
