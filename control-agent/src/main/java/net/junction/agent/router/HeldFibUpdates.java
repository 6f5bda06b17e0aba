/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import net.junction.routing.NextHop;
import net.junction.routing.fib.FibUpdates;

import java.util.Objects;

/**
 * The router RIB's FIB consumer for a control plane that takes over a data plane's FIB: while held, what the RIB
 * sends is dropped (the data plane forwards on what it kept meanwhile); once the RIB is whole, the control plane
 * resyncs the FIB with it ({@code Rib.resync} straight to the stream), then {@link #open()}s this, and every later
 * change goes through as usual. Open from the start for a control plane that programs a FIB of its own. RIB
 * owner's thread only.
 */
public final class HeldFibUpdates implements FibUpdates
{
    private final FibUpdates target;
    private boolean open;

    /**
     * @param target the FIB stream.
     * @param open   whether changes go through from the start.
     */
    public HeldFibUpdates(final FibUpdates target, final boolean open)
    {
        this.target = Objects.requireNonNull(target, "target");
        this.open = open;
    }

    /** From now on every change goes to the stream. */
    public void open()
    {
        open = true;
    }

    /** @return whether changes go to the stream. */
    public boolean isOpen()
    {
        return open;
    }

    @Override
    public void nextHopSet(final int index, final NextHop nextHop)
    {
        if (open)
        {
            target.nextHopSet(index, nextHop);
        }
    }

    @Override
    public void nextHopGroupSet(final int index, final int[] members, final int count)
    {
        if (open)
        {
            target.nextHopGroupSet(index, members, count);
        }
    }

    @Override
    public void nextHopDelete(final int index)
    {
        if (open)
        {
            target.nextHopDelete(index);
        }
    }

    @Override
    public void route4Set(final int address, final int length, final int nextHopIndex)
    {
        if (open)
        {
            target.route4Set(address, length, nextHopIndex);
        }
    }

    @Override
    public void route4Delete(final int address, final int length)
    {
        if (open)
        {
            target.route4Delete(address, length);
        }
    }

    @Override
    public void route6Set(final long high, final long low, final int length, final int nextHopIndex)
    {
        if (open)
        {
            target.route6Set(high, low, length, nextHopIndex);
        }
    }

    @Override
    public void route6Delete(final long high, final long low, final int length)
    {
        if (open)
        {
            target.route6Delete(high, low, length);
        }
    }

    @Override
    public void commit()
    {
        if (open)
        {
            target.commit();
        }
    }

    @Override
    public void resyncBegin(final long epoch)
    {
        if (open)
        {
            target.resyncBegin(epoch);
        }
    }

    @Override
    public void resyncEnd(final long epoch)
    {
        if (open)
        {
            target.resyncEnd(epoch);
        }
    }

    @Override
    public void batchOrigin(final long receivedNs)
    {
        if (open)
        {
            target.batchOrigin(receivedNs);
        }
    }
}
