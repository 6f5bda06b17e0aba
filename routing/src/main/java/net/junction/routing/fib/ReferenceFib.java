/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

import net.junction.routing.Ip4;
import net.junction.routing.Ip6Address;
import net.junction.routing.NextHop;
import net.junction.routing.lpm.Ip4ReferenceTrie;
import net.junction.routing.lpm.Ip6ReferenceTrie;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A complete FIB built from the reference tries and a next-hop table: {@link FibUpdates} applied as
 * they arrive by one writer thread, {@link #lookup4}/{@link #lookup6} then {@link #nextHop} from any
 * number of reader threads (the tries' threading contract; next-hop entries are published with release
 * stores). It is what the data plane forwards on until the fast FIB replaces it, and the oracle that
 * FIB is tested against.
 * <p>
 * It also holds the producer to the {@link FibUpdates} ordering promises: a route naming a next hop
 * that is not set, or deleting a next hop that routes still use, is refused with
 * {@link IllegalStateException} before anything changes.
 * <p>
 * Batches are applied message by message, not atomically. A reader that looked up an index just
 * before its next hop was deleted can read the entry after the delete (null: drop the packet) or, if
 * the index was reused at once, its new next hop; the RIB delays index reuse to keep that window
 * small, and the fast FIB closes it with quiescent-state reclamation.
 */
public final class ReferenceFib implements FibUpdates
{
    /** Returned by the lookups when no route matches. */
    public static final int NO_ROUTE = Ip4ReferenceTrie.NO_ROUTE;

    private final Ip4ReferenceTrie routes4 = new Ip4ReferenceTrie();
    private final Ip6ReferenceTrie routes6 = new Ip6ReferenceTrie();
    private final AtomicReferenceArray<NextHop> nextHops;
    private final AtomicReferenceArray<int[]> groups;
    private final int[] routesUsingNextHop;
    private final int[] groupsUsingNextHop;
    private int nextHopCount;
    private long commitCount;

    /**
     * @param nextHopCapacity size of the next-hop table; indexes are {@code 0..nextHopCapacity-1}.
     */
    public ReferenceFib(final int nextHopCapacity)
    {
        if (nextHopCapacity <= 0)
        {
            throw new IllegalArgumentException("next-hop capacity must be positive: " + nextHopCapacity);
        }
        nextHops = new AtomicReferenceArray<>(nextHopCapacity);
        groups = new AtomicReferenceArray<>(nextHopCapacity);
        routesUsingNextHop = new int[nextHopCapacity];
        groupsUsingNextHop = new int[nextHopCapacity];
    }

    /**
     * Longest-prefix match; any thread, no allocation.
     *
     * @param address destination, network order.
     * @return next-hop index, or {@link #NO_ROUTE}.
     */
    public int lookup4(final int address)
    {
        return routes4.lookup(address);
    }

    /**
     * Longest-prefix match; any thread, no allocation.
     *
     * @param high bits 0..63 of the destination.
     * @param low  bits 64..127 of the destination.
     * @return next-hop index, or {@link #NO_ROUTE}.
     */
    public int lookup6(final long high, final long low)
    {
        return routes6.lookup(high, low);
    }

    /**
     * Read a next-hop entry; any thread.
     *
     * @param index from a lookup.
     * @return the next hop, or null if the index is not set (treat as no route).
     */
    public NextHop nextHop(final int index)
    {
        return index >= 0 && index < nextHops.length() ? nextHops.getAcquire(index) : null;
    }

    /**
     * @param index next-hop index.
     * @return a copy of the members of the ECMP group at the index, or null if it is not a group.
     */
    public int[] group(final int index)
    {
        final int[] members = index >= 0 && index < groups.length() ? groups.getAcquire(index) : null;
        return null == members ? null : members.clone();
    }

    /**
     * The next hop a flow takes through the entry at an index: the entry itself, or the member of a
     * group the hash picks, as the data plane picks it: {@code members[(hash * count) >>> 32]}, the
     * hash unsigned.
     *
     * @param index    next-hop index a lookup returned.
     * @param flowHash the flow's hash, treated as unsigned.
     * @return the next hop, or null if the index is not set.
     */
    public NextHop nextHopFor(final int index, final int flowHash)
    {
        final int[] members = index >= 0 && index < groups.length() ? groups.getAcquire(index) : null;
        return nextHop(null == members ? index : members[(int)(((flowHash & 0xFFFF_FFFFL) * members.length) >>> 32)]);
    }

    /**
     * {@inheritDoc}
     */
    public void nextHopSet(final int index, final NextHop nextHop)
    {
        checkIndex(index);
        Objects.requireNonNull(nextHop, "nextHop");
        if (0 != groupsUsingNextHop[index] && !nextHop.forwards())
        {
            throw new IllegalStateException("next hop " + index + " is a member of an ECMP group and cannot become " + nextHop);
        }
        if (!isSet(index))
        {
            nextHopCount++;
        }
        dropGroup(index);
        nextHops.setRelease(index, nextHop);
    }

    /**
     * {@inheritDoc}
     */
    public void nextHopGroupSet(final int index, final int[] members, final int count)
    {
        checkIndex(index);
        if (count < 2 || count > MAX_GROUP_MEMBERS)
        {
            throw new IllegalArgumentException("an ECMP group has 2.." + MAX_GROUP_MEMBERS + " members, not " + count);
        }
        final int[] copy = java.util.Arrays.copyOf(members, count);
        for (int i = 0; i < count; i++)
        {
            checkIndex(copy[i]);
            final NextHop member = nextHops.getPlain(copy[i]);
            if (null == member || !member.forwards())
            {
                throw new IllegalStateException(
                    "ECMP group " + index + " member " + copy[i] + " is not a set GATEWAY or DIRECT next hop");
            }
            for (int j = 0; j < i; j++)
            {
                if (copy[j] == copy[i])
                {
                    throw new IllegalArgumentException("ECMP group " + index + " lists member " + copy[i] + " twice");
                }
            }
        }
        if (0 != groupsUsingNextHop[index])
        {
            throw new IllegalStateException("next hop " + index + " is a member of an ECMP group and cannot become one");
        }

        if (!isSet(index))
        {
            nextHopCount++;
        }
        dropGroup(index);
        nextHops.setRelease(index, null);
        for (final int member : copy)
        {
            groupsUsingNextHop[member]++;
        }
        groups.setRelease(index, copy);
    }

    /**
     * {@inheritDoc}
     */
    public void nextHopDelete(final int index)
    {
        checkIndex(index);
        if (0 != routesUsingNextHop[index])
        {
            throw new IllegalStateException(
                "next hop " + index + " is deleted while " + routesUsingNextHop[index] + " routes use it");
        }
        if (0 != groupsUsingNextHop[index])
        {
            throw new IllegalStateException(
                "next hop " + index + " is deleted while " + groupsUsingNextHop[index] + " ECMP groups use it");
        }
        if (isSet(index))
        {
            nextHopCount--;
            dropGroup(index);
            nextHops.setRelease(index, null);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void route4Set(final int address, final int length, final int nextHopIndex)
    {
        checkNextHopIsSet(nextHopIndex, Ip4.format(address) + "/" + length);
        final int previous = routes4.put(address, length, nextHopIndex);
        moveReference(previous, nextHopIndex);
    }

    /**
     * {@inheritDoc}
     */
    public void route4Delete(final int address, final int length)
    {
        moveReference(routes4.remove(address, length), NO_ROUTE);
    }

    /**
     * {@inheritDoc}
     */
    public void route6Set(final long high, final long low, final int length, final int nextHopIndex)
    {
        checkNextHopIsSet(nextHopIndex, Ip6Address.format(high, low) + "/" + length);
        final int previous = routes6.put(high, low, length, nextHopIndex);
        moveReference(previous, nextHopIndex);
    }

    /**
     * {@inheritDoc}
     */
    public void route6Delete(final long high, final long low, final int length)
    {
        moveReference(routes6.remove(high, low, length), NO_ROUTE);
    }

    /**
     * {@inheritDoc}
     */
    public void commit()
    {
        commitCount++;
    }

    /**
     * @return IPv4 routes installed (writer thread).
     */
    public int routeCount4()
    {
        return routes4.size();
    }

    /**
     * @return IPv6 routes installed (writer thread).
     */
    public int routeCount6()
    {
        return routes6.size();
    }

    /**
     * @return next-hop entries set (writer thread).
     */
    public int nextHopCount()
    {
        return nextHopCount;
    }

    /**
     * @param index next-hop index.
     * @return routes that use it (writer thread).
     */
    public int routesUsing(final int index)
    {
        checkIndex(index);
        return routesUsingNextHop[index];
    }

    /**
     * @return commits received (writer thread).
     */
    public long commitCount()
    {
        return commitCount;
    }

    private void moveReference(final int from, final int to)
    {
        if (NO_ROUTE != from)
        {
            routesUsingNextHop[from]--;
        }
        if (NO_ROUTE != to)
        {
            routesUsingNextHop[to]++;
        }
    }

    private void checkNextHopIsSet(final int index, final String route)
    {
        checkIndex(index);
        if (!isSet(index))
        {
            throw new IllegalStateException("route " + route + " uses next hop " + index + ", which is not set");
        }
    }

    private boolean isSet(final int index)
    {
        return null != nextHops.getPlain(index) || null != groups.getPlain(index);
    }

    private void dropGroup(final int index)
    {
        final int[] members = groups.getPlain(index);
        if (null != members)
        {
            for (final int member : members)
            {
                groupsUsingNextHop[member]--;
            }
            groups.setRelease(index, null);
        }
    }

    private void checkIndex(final int index)
    {
        if (index < 0 || index >= nextHops.length())
        {
            throw new IllegalArgumentException(
                "next-hop index " + index + " is outside 0.." + (nextHops.length() - 1));
        }
    }
}
