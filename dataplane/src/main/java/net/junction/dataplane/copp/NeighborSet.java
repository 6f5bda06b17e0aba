package net.junction.dataplane.copp;

import java.util.List;

import net.junction.routing.Ip6Address;

/**
 * The configured BGP neighbors' addresses, as the workers look a packet's source up in them: two open-addressing
 * tables of primitives (IPv4 ints, IPv6 pairs of longs), at most a quarter full, linear probing. Built whole on
 * the control path and never changed after: a new neighbor list is a new set, handed to each worker.
 *
 * <p>Fast path: {@link #contains4} and {@link #contains6} allocate nothing.
 */
public final class NeighborSet
{
    private final int[] keys4;
    private final boolean[] used4;
    private final long[] high6;
    private final long[] low6;
    private final boolean[] used6;
    private final int mask4;
    private final int mask6;

    public NeighborSet(final List<Integer> neighbors4, final List<Ip6Address> neighbors6)
    {
        final int size4 = capacity(neighbors4.size());
        final int size6 = capacity(neighbors6.size());
        keys4 = new int[size4];
        used4 = new boolean[size4];
        high6 = new long[size6];
        low6 = new long[size6];
        used6 = new boolean[size6];
        mask4 = size4 - 1;
        mask6 = size6 - 1;
        for (final int address : neighbors4)
        {
            int i = hash4(address) & mask4;
            while (used4[i] && keys4[i] != address)
            {
                i = (i + 1) & mask4;
            }
            used4[i] = true;
            keys4[i] = address;
        }
        for (final Ip6Address address : neighbors6)
        {
            int i = hash6(address.high(), address.low()) & mask6;
            while (used6[i] && !(high6[i] == address.high() && low6[i] == address.low()))
            {
                i = (i + 1) & mask6;
            }
            used6[i] = true;
            high6[i] = address.high();
            low6[i] = address.low();
        }
    }

    private static int capacity(final int entries)
    {
        return Math.max(4, Integer.highestOneBit(Math.max(1, entries) * 4 - 1) << 1);
    }

    private static int hash4(final int address)
    {
        final int h = address * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static int hash6(final long high, final long low)
    {
        final long h = (high ^ Long.rotateLeft(low, 29)) * 0x9E3779B97F4A7C15L;
        return (int)(h ^ (h >>> 32));
    }

    /** @return whether an IPv4 address is a configured BGP neighbor's. */
    public boolean contains4(final int address)
    {
        int i = hash4(address) & mask4;
        while (used4[i])
        {
            if (keys4[i] == address)
            {
                return true;
            }
            i = (i + 1) & mask4;
        }
        return false;
    }

    /** @return whether an IPv6 address is a configured BGP neighbor's. */
    public boolean contains6(final long high, final long low)
    {
        int i = hash6(high, low) & mask6;
        while (used6[i])
        {
            if (high6[i] == high && low6[i] == low)
            {
                return true;
            }
            i = (i + 1) & mask6;
        }
        return false;
    }
}
