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
 * Interns next hops and ECMP groups (sets of next hops, in {@link Rib#canonical} form) to stable
 * indexes of the FIB's next-hop table, counting the installed routes that use each; a group holds a
 * reference on each of its members, which are set before it and deleted after it. Interns next hops to stable indexes of the FIB's next-hop table, counting the installed routes that
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
        final List<NextHop> key;
        final int index;
        final int[] members;
        int references;

        Slot(final List<NextHop> key, final int index, final int[] members)
        {
            this.key = key;
            this.index = index;
            this.members = members;
        }
    }

    private final Map<List<NextHop>, Slot> byKey = new HashMap<>();
    /**
     * The first index this table gives: 0, or another half of the FIB's next-hop table when this table follows
     * another producer's whose entries the FIB still holds until a resync's end ({@link Rib#Rib(FibUpdates, int)}).
     */
    private final int base;
    /** The slots by index minus {@link #base}. */
    private final List<Slot> byIndex = new ArrayList<>();
    private final ArrayDeque<Integer> freeIndexes = new ArrayDeque<>();
    private final List<Slot> unreferenced = new ArrayList<>();

    NextHopTable()
    {
        this(0);
    }

    /**
     * @param base the first index given (0 or more).
     */
    NextHopTable(final int base)
    {
        if (base < 0)
        {
            throw new IllegalArgumentException("base: 0 or more, not " + base);
        }
        this.base = base;
    }

    /**
     * Take a reference on a next hop (a one-element set) or an ECMP group, creating it in the FIB if
     * new.
     *
     * @param nextHops canonical set of next hops.
     * @param fib      where a new entry is set.
     * @return its index.
     */
    int acquire(final List<NextHop> nextHops, final FibUpdates fib)
    {
        Slot slot = byKey.get(nextHops);
        if (null == slot)
        {
            int[] members = null;
            if (nextHops.size() > 1)
            {
                members = new int[nextHops.size()];
                for (int i = 0; i < members.length; i++)
                {
                    members[i] = acquire(List.of(nextHops.get(i)), fib);
                }
            }

            final Integer free = freeIndexes.poll();
            final int index = null != free ? free : base + byIndex.size();
            slot = new Slot(nextHops, index, members);
            if (index == base + byIndex.size())
            {
                byIndex.add(slot);
            }
            else
            {
                byIndex.set(index - base, slot);
            }
            byKey.put(nextHops, slot);
            set(fib, slot);
        }
        slot.references++;

        return slot.index;
    }

    /**
     * Drop a reference; at zero the entry is deleted by the next {@link #deleteUnreferenced}.
     *
     * @param index as acquired.
     */
    void release(final int index)
    {
        final Slot slot = byIndex.get(index - base);
        if (0 == --slot.references)
        {
            unreferenced.add(slot);
        }
    }

    /**
     * Delete every entry no route or group uses any more: groups first, then the members they held.
     *
     * @param fib where deletes go.
     */
    void deleteUnreferenced(final FibUpdates fib)
    {
        // Deleting a group releases its members, which join the end of the list.
        for (int i = 0; i < unreferenced.size(); i++)
        {
            final Slot slot = unreferenced.get(i);
            if (0 == slot.references && byKey.get(slot.key) == slot)
            {
                byKey.remove(slot.key);
                byIndex.set(slot.index - base, null);
                freeIndexes.add(slot.index);
                fib.nextHopDelete(slot.index);
                if (null != slot.members)
                {
                    for (final int member : slot.members)
                    {
                        release(member);
                    }
                }
            }
        }
        unreferenced.clear();
    }

    /**
     * @param nextHops canonical set of next hops.
     * @return its index, or -1 if not in use.
     */
    int indexOf(final List<NextHop> nextHops)
    {
        final Slot slot = byKey.get(nextHops);
        return null == slot ? -1 : slot.index;
    }

    /**
     * @param index next-hop index.
     * @return routes and groups using it.
     */
    int referencesOf(final int index)
    {
        final Slot slot = index >= base && index < base + byIndex.size() ? byIndex.get(index - base) : null;
        return null == slot ? 0 : slot.references;
    }

    /**
     * @param index next-hop index.
     * @return a copy of the group's member indexes, or null if the index is not a group in use.
     */
    int[] membersOf(final int index)
    {
        final Slot slot = index >= base && index < base + byIndex.size() ? byIndex.get(index - base) : null;
        return null == slot || null == slot.members ? null : slot.members.clone();
    }

    /**
     * @return entries in use, groups included.
     */
    int size()
    {
        return byKey.size();
    }

    /**
     * Set every entry in use on a consumer that starts empty: next hops, then the groups made of them.
     *
     * @param fib consumer.
     */
    void replayTo(final FibUpdates fib)
    {
        for (final boolean groups : new boolean[]{false, true})
        {
            for (final Slot slot : byIndex)
            {
                if (null != slot && slot.references > 0 && groups == (null != slot.members))
                {
                    set(fib, slot);
                }
            }
        }
    }

    private static void set(final FibUpdates fib, final Slot slot)
    {
        if (null == slot.members)
        {
            fib.nextHopSet(slot.index, slot.key.getFirst());
        }
        else
        {
            fib.nextHopGroupSet(slot.index, slot.members, slot.members.length);
        }
    }
}
