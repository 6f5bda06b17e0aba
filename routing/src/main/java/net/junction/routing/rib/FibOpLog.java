/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.rib;

import net.junction.routing.NextHop;
import net.junction.routing.fib.FibUpdates;

import java.util.ArrayList;
import java.util.List;

/**
 * FIB changes of the batch being computed, held until the RIB's own state is final so that a
 * failure to deliver them cannot leave the RIB half-updated.
 */
final class FibOpLog implements FibUpdates
{
    private sealed interface Op permits NextHopSet, NextHopGroupSet, NextHopDelete, Route4Set, Route4Delete, Route6Set, Route6Delete
    {
    }

    private record NextHopSet(int index, NextHop nextHop) implements Op
    {
    }

    private record NextHopGroupSet(int index, int[] members) implements Op
    {
    }

    private record NextHopDelete(int index) implements Op
    {
    }

    private record Route4Set(int address, int length, int nextHopIndex) implements Op
    {
    }

    private record Route4Delete(int address, int length) implements Op
    {
    }

    private record Route6Set(long high, long low, int length, int nextHopIndex) implements Op
    {
    }

    private record Route6Delete(long high, long low, int length) implements Op
    {
    }

    private final List<Op> ops = new ArrayList<>();

    public void nextHopSet(final int index, final NextHop nextHop)
    {
        ops.add(new NextHopSet(index, nextHop));
    }

    public void nextHopGroupSet(final int index, final int[] members, final int count)
    {
        ops.add(new NextHopGroupSet(index, java.util.Arrays.copyOf(members, count)));
    }

    /**
     * {@inheritDoc}
     */
    public void nextHopDelete(final int index)
    {
        ops.add(new NextHopDelete(index));
    }

    public void route4Set(final int address, final int length, final int nextHopIndex)
    {
        ops.add(new Route4Set(address, length, nextHopIndex));
    }

    public void route4Delete(final int address, final int length)
    {
        ops.add(new Route4Delete(address, length));
    }

    public void route6Set(final long high, final long low, final int length, final int nextHopIndex)
    {
        ops.add(new Route6Set(high, low, length, nextHopIndex));
    }

    public void route6Delete(final long high, final long low, final int length)
    {
        ops.add(new Route6Delete(high, low, length));
    }

    /**
     * A commit is the caller's to send after {@link #replayTo}; nothing to record.
     */
    public void commit()
    {
    }

    boolean isEmpty()
    {
        return ops.isEmpty();
    }

    void clear()
    {
        ops.clear();
    }

    void replayTo(final FibUpdates target)
    {
        for (final Op op : ops)
        {
            switch (op)
            {
                case NextHopSet o -> target.nextHopSet(o.index(), o.nextHop());
                case NextHopGroupSet o -> target.nextHopGroupSet(o.index(), o.members(), o.members().length);
                case NextHopDelete o -> target.nextHopDelete(o.index());
                case Route4Set o -> target.route4Set(o.address(), o.length(), o.nextHopIndex());
                case Route4Delete o -> target.route4Delete(o.address(), o.length());
                case Route6Set o -> target.route6Set(o.high(), o.low(), o.length(), o.nextHopIndex());
                case Route6Delete o -> target.route6Delete(o.high(), o.low(), o.length());
            }
        }
    }
}
