package net.junction.dataplane.fib;

import net.junction.dataplane.counters.WorkerCounters;
import net.junction.routing.NextHop;
import net.junction.routing.fib.FibUpdates;

/**
 * The FIB's single writer: applies the control plane's updates, in the order they were sent, to
 * the {@link Fib} the workers read. A next hop is always set before the routes that use it
 * (the RIB sends them so); an update naming an unknown next hop or a bad index is refused and
 * counted, never half applied.
 */
public final class FibWriter implements FibUpdates
{
    private final Fib fib;
    private final NextHopTable nextHops;
    private final WorkerCounters counters;
    private long updates;

    public FibWriter(final Fib fib, final WorkerCounters counters)
    {
        this.fib = fib;
        this.nextHops = fib.nextHops();
        this.counters = counters;
    }

    private boolean validNextHop(final int index)
    {
        if (index < 0 || index >= nextHops.capacity())
        {
            counters.dp(WorkerCounters.FIB_UPDATE_ERRORS, 1);
            System.err.println("junction: FIB update with next-hop index " + index + " outside 0.." + (nextHops.capacity() - 1));
            return false;
        }
        return true;
    }

    private boolean knownNextHop(final int index)
    {
        if (!validNextHop(index))
        {
            return false;
        }
        if (nextHops.kind(index) == NextHopTable.NONE)
        {
            counters.dp(WorkerCounters.FIB_UPDATE_ERRORS, 1);
            System.err.println("junction: FIB route refers to next hop " + index + ", which was never set");
            return false;
        }
        return true;
    }

    @Override
    public void nextHopSet(final int index, final NextHop nextHop)
    {
        if (!validNextHop(index))
        {
            return;
        }
        switch (nextHop)
        {
            case NextHop.Gateway4 g -> nextHops.set(index, NextHopTable.GATEWAY4, g.portId(), g.gateway(), 0, 0);
            case NextHop.Gateway6 g ->
                nextHops.set(index, NextHopTable.GATEWAY6, g.portId(), 0, g.gateway().high(), g.gateway().low());
            case NextHop.Direct d -> nextHops.set(index, NextHopTable.DIRECT, d.portId(), 0, 0, 0);
            case NextHop.Local l -> nextHops.set(index, NextHopTable.LOCAL, 0, 0, 0, 0);
            case NextHop.Blackhole b -> nextHops.set(index, NextHopTable.BLACKHOLE, 0, 0, 0, 0);
        }
        updates++;
    }

    @Override
    public void nextHopDelete(final int index)
    {
        if (validNextHop(index))
        {
            nextHops.clear(index);
            updates++;
        }
    }

    @Override
    public void route4Set(final int address, final int length, final int nextHopIndex)
    {
        if (knownNextHop(nextHopIndex))
        {
            fib.ip4().put(address, length, nextHopIndex);
            updates++;
        }
    }

    @Override
    public void route4Delete(final int address, final int length)
    {
        fib.ip4().remove(address, length);
        updates++;
    }

    @Override
    public void route6Set(final long high, final long low, final int length, final int nextHopIndex)
    {
        if (knownNextHop(nextHopIndex))
        {
            fib.ip6().put(high, low, length, nextHopIndex);
            updates++;
        }
    }

    @Override
    public void route6Delete(final long high, final long low, final int length)
    {
        fib.ip6().remove(high, low, length);
        updates++;
    }

    @Override
    public void commit()
    {
        counters.dp(WorkerCounters.FIB_UPDATES_APPLIED, updates);
        counters.dp(WorkerCounters.FIB_BATCHES_APPLIED, 1);
        updates = 0;
    }
}
