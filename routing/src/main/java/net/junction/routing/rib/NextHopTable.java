/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.rib;

import net.junction.routing.NextHop;
import net.junction.routing.fib.FibUpdates;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interns next hops to stable indexes of the FIB's next-hop table, counting the installed routes that
 * use each. An entry whose count drops to zero is deleted only at the end of the batch (so a route
 * moving between next hops within a batch never deletes and re-creates one), and its index goes to
 * the back of a FIFO free list, so the index reused is the one freed longest ago: a data-plane reader
 * that looked up an index just before it was freed is then most likely to find it unset rather than
 * already pointing at another next hop.
 */
final class NextHopTable
{
    private static final class Slot
    {
        final NextHop nextHop;
        final int index;
        int references;

        Slot(final NextHop nextHop, final int index)
        {
            this.nextHop = nextHop;
            this.index = index;
        }
    }

    private final Map<NextHop, Slot> byNextHop = new HashMap<>();
    private final List<Slot> byIndex = new ArrayList<>();
    private final ArrayDeque<Integer> freeIndexes = new ArrayDeque<>();
    private final List<Slot> unreferenced = new ArrayList<>();

    /**
     * Take a reference to a next hop, interning it (and announcing it to {@code fib}) if new.
     *
     * @return its index.
     */
    int acquire(final NextHop nextHop, final FibUpdates fib)
    {
        Slot slot = byNextHop.get(nextHop);
        if (null == slot)
        {
            final Integer free = freeIndexes.poll();
            final int index = null != free ? free : byIndex.size();
            slot = new Slot(nextHop, index);
            if (index == byIndex.size())
            {
                byIndex.add(slot);
            }
            else
            {
                byIndex.set(index, slot);
            }
            byNextHop.put(nextHop, slot);
            fib.nextHopSet(index, nextHop);
        }
        slot.references++;

        return slot.index;
    }

    /**
     * Drop a reference; the entry is deleted at {@link #deleteUnreferenced} if none is taken again.
     */
    void release(final int index)
    {
        final Slot slot = byIndex.get(index);
        if (0 == --slot.references)
        {
            unreferenced.add(slot);
        }
    }

    /**
     * End of a batch: delete the entries nobody references any more, after the route changes that
     * released them.
     */
    void deleteUnreferenced(final FibUpdates fib)
    {
        for (final Slot slot : unreferenced)
        {
            if (0 == slot.references && byNextHop.get(slot.nextHop) == slot)
            {
                byNextHop.remove(slot.nextHop);
                byIndex.set(slot.index, null);
                freeIndexes.add(slot.index);
                fib.nextHopDelete(slot.index);
            }
        }
        unreferenced.clear();
    }

    /**
     * @return index of an interned next hop, or -1.
     */
    int indexOf(final NextHop nextHop)
    {
        final Slot slot = byNextHop.get(nextHop);
        return null == slot ? -1 : slot.index;
    }

    /**
     * @return references to an index, 0 if unused.
     */
    int referencesOf(final int index)
    {
        final Slot slot = index >= 0 && index < byIndex.size() ? byIndex.get(index) : null;
        return null == slot ? 0 : slot.references;
    }

    /**
     * @return number of interned next hops.
     */
    int size()
    {
        return byNextHop.size();
    }

    /**
     * Announce every interned next hop, in index order.
     */
    void replayTo(final FibUpdates fib)
    {
        for (final Slot slot : byIndex)
        {
            if (null != slot && slot.references > 0)
            {
                fib.nextHopSet(slot.index, slot.nextHop);
            }
        }
    }
}
