/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.fib;

import java.util.Arrays;

/**
 * The routes the resync in progress has set: a set of prefixes (address and length), open addressing
 * with linear probing over primitive arrays, so marking a route is a hash and a few array accesses
 * and allocates nothing unless the set must grow. The FIB writer sizes it at the resync's begin for
 * the routes it holds ({@link #reset}), so a new table no larger than the old one never grows it, and
 * gives the memory back at the end ({@link #release}): marks cost memory only while a resync runs
 * (17 bytes a slot for IPv6, 9 for IPv4, at most two slots a route).
 * <p>
 * Writer thread only.
 */
final class RouteMarks
{
    private static final int MIN_CAPACITY = 16;

    private final boolean wide;
    private long[] highs;
    /** Bits 64..127 of IPv6 networks; null for IPv4, whose network fits {@link #highs}. */
    private long[] lows;
    /** Prefix length + 1 per slot, unsigned (129 for a /128); 0: the slot is empty. */
    private byte[] lengths;
    private int mask;
    private int size;

    /**
     * @param wide true for IPv6 prefixes (128-bit networks), false for IPv4 (the network in the high word).
     */
    RouteMarks(final boolean wide)
    {
        this.wide = wide;
        allocate(MIN_CAPACITY);
    }

    /**
     * Forget every mark and make room for {@code expected} of them without growing.
     *
     * @param expected marks to expect, usually the routes the table holds.
     */
    void reset(final int expected)
    {
        final int capacity = capacityFor(expected);
        if (capacity > lengths.length)
        {
            allocate(capacity);
        }
        else
        {
            Arrays.fill(lengths, (byte)0);
        }
        size = 0;
    }

    /** Forget every mark and give the memory back. */
    void release()
    {
        allocate(MIN_CAPACITY);
        size = 0;
    }

    /**
     * Mark a prefix.
     *
     * @param high   network (IPv4: its address as an unsigned int; IPv6: bits 0..63).
     * @param low    IPv6: bits 64..127 of the network; IPv4: 0.
     * @param length prefix length.
     * @return true if it was not marked yet.
     */
    boolean add(final long high, final long low, final int length)
    {
        if ((size + 1) * 2 > lengths.length)
        {
            grow();
        }
        final byte stored = (byte)(length + 1);
        for (int slot = hash(high, low, length) & mask; ; slot = (slot + 1) & mask)
        {
            final byte there = lengths[slot];
            if (0 == there)
            {
                highs[slot] = high;
                if (wide)
                {
                    lows[slot] = low;
                }
                lengths[slot] = stored;
                size++;
                return true;
            }
            if (there == stored && highs[slot] == high && (!wide || lows[slot] == low))
            {
                return false;
            }
        }
    }

    /**
     * @return true if the prefix is marked.
     */
    boolean contains(final long high, final long low, final int length)
    {
        final byte stored = (byte)(length + 1);
        for (int slot = hash(high, low, length) & mask; ; slot = (slot + 1) & mask)
        {
            final byte there = lengths[slot];
            if (0 == there)
            {
                return false;
            }
            if (there == stored && highs[slot] == high && (!wide || lows[slot] == low))
            {
                return true;
            }
        }
    }

    /** Prefixes marked. */
    int size()
    {
        return size;
    }

    /** Bytes the set's arrays hold now. */
    long footprintBytes()
    {
        return lengths.length * (wide ? 17L : 9L);
    }

    private static int capacityFor(final int expected)
    {
        final long wanted = Math.max(MIN_CAPACITY, 2L * expected);
        if (wanted > 1 << 30)
        {
            throw new IllegalStateException("too many routes to mark: " + expected);
        }
        return Integer.highestOneBit((int)wanted - 1) << 1;
    }

    private static int hash(final long high, final long low, final int length)
    {
        // Fibonacci hashing of the mixed words: network addresses differ mostly in their high bits.
        long h = (high * 0x9E37_79B9_7F4A_7C15L) ^ (low * 0xC2B2_AE3D_27D4_EB4FL) ^ length;
        h ^= h >>> 31;
        h *= 0xBF58_476D_1CE4_E5B9L;
        return (int)(h ^ (h >>> 32));
    }

    private void allocate(final int capacity)
    {
        highs = new long[capacity];
        lows = wide ? new long[capacity] : null;
        lengths = new byte[capacity];
        mask = capacity - 1;
    }

    private void grow()
    {
        final long[] oldHighs = highs;
        final long[] oldLows = lows;
        final byte[] oldLengths = lengths;
        allocate(oldLengths.length * 2);
        size = 0;
        for (int i = 0; i < oldLengths.length; i++)
        {
            if (0 != oldLengths[i])
            {
                add(oldHighs[i], wide ? oldLows[i] : 0, (oldLengths[i] & 0xFF) - 1); // unsigned: /127 is stored as 128
            }
        }
    }
}
