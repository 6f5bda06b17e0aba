/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.fib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.junction.routing.Ip6Address;
import net.junction.routing.IpPrefix;
import net.junction.routing.NextHop;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;

/**
 * A copy of what a FIB holds at one instant: every route of both families with the next hops it forwards to,
 * the epoch of the last resync begun and whether that resync is still in progress. It is what a control plane
 * that takes a data plane over reads back (docs/dataplane.md "The reverse stream").
 * <p>
 * Consistent because it is {@link #take taken} on the FIB writer's own thread, between two frames of the FIB
 * stream: the routes and next hops the workers forward on at that instant, never a half-applied change (a
 * batch's route changes apply at its commit). The workers are not involved: they keep forwarding on the tables
 * while the writer copies them, and nothing here is on their path.
 * <p>
 * Compact: routes in primitive arrays (IPv4 first, then IPv6), each naming one of the distinct next-hop lists
 * the FIB used (a next hop or an ECMP group's members), so a million routes cost some 21 bytes each, not a
 * million objects. The same class holds a copy read back through the control socket ({@link Builder}).
 */
public final class FibSnapshot
{
    private final int count4;
    private final int[] addresses4;
    private final int count6;
    private final long[] highs6;
    private final long[] lows6;
    /** Prefix length per route, IPv4 routes first. */
    private final byte[] lengths;
    /** Per route (IPv4 first), its position in {@link #hops}. */
    private final int[] hopOf;
    private final List<List<NextHop>> hops;
    private final long epoch;
    private final boolean resyncing;
    private final long batches;

    private FibSnapshot(final int count4, final int[] addresses4, final int count6, final long[] highs6, final long[] lows6,
        final byte[] lengths, final int[] hopOf, final List<List<NextHop>> hops, final long epoch, final boolean resyncing,
        final long batches)
    {
        this.count4 = count4;
        this.addresses4 = addresses4;
        this.count6 = count6;
        this.highs6 = highs6;
        this.lows6 = lows6;
        this.lengths = lengths;
        this.hopOf = hopOf;
        this.hops = hops;
        this.epoch = epoch;
        this.resyncing = resyncing;
        this.batches = batches;
    }

    /**
     * Copy the FIB. On the FIB writer's thread only (the rule maps are the writer's); it allocates the copy, once
     * per call, and the next-hop lists of the entries in use.
     *
     * @param fib       the FIB.
     * @param epoch     the epoch of its last resync begun, 0 before any.
     * @param resyncing whether that resync has not ended yet.
     * @param batches   FIB batches applied so far.
     * @return the copy.
     */
    public static FibSnapshot take(final Fib fib, final long epoch, final boolean resyncing, final long batches)
    {
        final Builder builder = new Builder(fib.routeCount4(), fib.routeCount6(), epoch, resyncing, batches);
        final NextHopTable table = fib.nextHops();
        final int[] positionOfIndex = new int[table.capacity()];
        Arrays.fill(positionOfIndex, -1);
        fib.ip4().forEachRule((address, length, index) ->
            builder.add4(address, length, builder.position(positionOfIndex, index, table)));
        fib.ip6().forEachRule((high, low, length, index) ->
            builder.add6(high, low, length, builder.position(positionOfIndex, index, table)));
        return builder.build();
    }

    /**
     * @param table a FIB's next-hop table.
     * @param index an entry of it.
     * @return what it forwards to: one next hop, an ECMP group's members, or none for an entry not set.
     */
    static List<NextHop> nextHops(final NextHopTable table, final int index)
    {
        if (index < 0 || index >= table.capacity())
        {
            return List.of();
        }
        if (NextHopTable.GROUP == table.kind(index))
        {
            final List<NextHop> members = new ArrayList<>(table.groupCount(index));
            for (int i = 0; i < table.groupCount(index); i++)
            {
                members.addAll(nextHops(table, table.groupMember(index, i)));
            }
            return List.copyOf(members);
        }
        return switch (table.kind(index))
        {
            case NextHopTable.GATEWAY4 -> List.of(new NextHop.Gateway4(table.port(index), table.gateway4(index)));
            case NextHopTable.GATEWAY6 -> List.of(new NextHop.Gateway6(table.port(index),
                new Ip6Address(table.gateway6High(index), table.gateway6Low(index))));
            case NextHopTable.DIRECT -> List.of(new NextHop.Direct(table.port(index)));
            case NextHopTable.LOCAL -> List.of(new NextHop.Local());
            case NextHopTable.BLACKHOLE -> List.of(new NextHop.Blackhole());
            default -> List.of();
        };
    }

    /** @return routes of both families. */
    public int size()
    {
        return count4 + count6;
    }

    /** @return IPv4 routes; they come first ({@code 0..routes4()-1}). */
    public int routes4()
    {
        return count4;
    }

    /** @return IPv6 routes. */
    public int routes6()
    {
        return count6;
    }

    /**
     * @param route {@code 0..size()-1}.
     * @return its prefix.
     */
    public IpPrefix prefix(final int route)
    {
        return route < count4 ? new Prefix4(addresses4[route], lengths[route] & 0xFF) :
            new Prefix6(highs6[route - count4], lows6[route - count4], lengths[route] & 0xFF);
    }

    /**
     * @param route {@code 0..size()-1}.
     * @return what it forwards to: one next hop, the members of its ECMP group, or empty when the FIB's entry
     *     was not set (a route the writer refuses to install, so never seen in practice).
     */
    public List<NextHop> nextHops(final int route)
    {
        return hops.get(hopOf[route]);
    }

    /** @return the epoch of the FIB's last resync begun when this was taken, 0 before any. */
    public long epoch()
    {
        return epoch;
    }

    /** @return whether that resync was still in progress (its end not applied). */
    public boolean resyncing()
    {
        return resyncing;
    }

    /** @return FIB batches applied when this was taken. */
    public long batches()
    {
        return batches;
    }

    /**
     * Builds a copy route by route: from the FIB ({@link #take}) or from pages read back through the control
     * socket. Next-hop lists that are equal are kept once.
     */
    public static final class Builder
    {
        private final long epoch;
        private final boolean resyncing;
        private final long batches;
        private int count4;
        private int[] addresses4;
        private byte[] lengths4;
        private int[] hops4;
        private int count6;
        private long[] highs6;
        private long[] lows6;
        private byte[] lengths6;
        private int[] hops6;
        private final List<List<NextHop>> hops = new ArrayList<>();
        private final Map<List<NextHop>, Integer> positions = new HashMap<>();

        /**
         * @param expected4 IPv4 routes expected (the arrays grow past it).
         * @param expected6 IPv6 routes expected.
         * @param epoch     see {@link FibSnapshot#epoch()}.
         * @param resyncing see {@link FibSnapshot#resyncing()}.
         * @param batches   see {@link FibSnapshot#batches()}.
         */
        public Builder(final int expected4, final int expected6, final long epoch, final boolean resyncing, final long batches)
        {
            if (expected4 < 0 || expected6 < 0)
            {
                throw new IllegalArgumentException("expected routes must not be negative: " + expected4 + ", " + expected6);
            }
            this.epoch = epoch;
            this.resyncing = resyncing;
            this.batches = batches;
            addresses4 = new int[Math.max(16, expected4)];
            lengths4 = new byte[addresses4.length];
            hops4 = new int[addresses4.length];
            highs6 = new long[Math.max(16, expected6)];
            lows6 = new long[highs6.length];
            lengths6 = new byte[highs6.length];
            hops6 = new int[highs6.length];
        }

        /**
         * Add a route.
         *
         * @param prefix   its prefix.
         * @param nextHops what it forwards to.
         * @return this.
         */
        public Builder add(final IpPrefix prefix, final List<NextHop> nextHops)
        {
            final int position = position(List.copyOf(nextHops));
            switch (prefix)
            {
                case Prefix4 p -> add4(p.address(), p.length(), position);
                case Prefix6 p -> add6(p.high(), p.low(), p.length(), position);
            }
            return this;
        }

        private int position(final List<NextHop> nextHops)
        {
            final Integer known = positions.get(nextHops);
            if (null != known)
            {
                return known;
            }
            hops.add(nextHops);
            positions.put(nextHops, hops.size() - 1);
            return hops.size() - 1;
        }

        private int position(final int[] positionOfIndex, final int index, final NextHopTable table)
        {
            if (index < 0 || index >= positionOfIndex.length)
            {
                return position(List.of());
            }
            if (positionOfIndex[index] < 0)
            {
                positionOfIndex[index] = position(nextHops(table, index));
            }
            return positionOfIndex[index];
        }

        private void add4(final int address, final int length, final int position)
        {
            if (count4 == addresses4.length)
            {
                addresses4 = Arrays.copyOf(addresses4, 2 * count4);
                lengths4 = Arrays.copyOf(lengths4, 2 * count4);
                hops4 = Arrays.copyOf(hops4, 2 * count4);
            }
            addresses4[count4] = address;
            lengths4[count4] = (byte)length;
            hops4[count4] = position;
            count4++;
        }

        private void add6(final long high, final long low, final int length, final int position)
        {
            if (count6 == highs6.length)
            {
                highs6 = Arrays.copyOf(highs6, 2 * count6);
                lows6 = Arrays.copyOf(lows6, 2 * count6);
                lengths6 = Arrays.copyOf(lengths6, 2 * count6);
                hops6 = Arrays.copyOf(hops6, 2 * count6);
            }
            highs6[count6] = high;
            lows6[count6] = low;
            lengths6[count6] = (byte)length;
            hops6[count6] = position;
            count6++;
        }

        /** @return the copy. */
        public FibSnapshot build()
        {
            final byte[] lengths = new byte[count4 + count6];
            System.arraycopy(lengths4, 0, lengths, 0, count4);
            System.arraycopy(lengths6, 0, lengths, count4, count6);
            final int[] hopOf = new int[count4 + count6];
            System.arraycopy(hops4, 0, hopOf, 0, count4);
            System.arraycopy(hops6, 0, hopOf, count4, count6);
            return new FibSnapshot(count4, Arrays.copyOf(addresses4, count4), count6, Arrays.copyOf(highs6, count6),
                Arrays.copyOf(lows6, count6), lengths, hopOf, List.copyOf(hops), epoch, resyncing, batches);
        }
    }
}
