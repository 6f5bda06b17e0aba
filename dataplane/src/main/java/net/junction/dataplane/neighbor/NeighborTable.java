package net.junction.dataplane.neighbor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The ARP (IPv4) and Neighbor Discovery (IPv6) cache of all ports: (port, address) to a MAC and a
 * state, in the states of RFC 4861 §7.3.2 (ARP uses the same ones).
 *
 * <p>One writer (the slow path, which sees every ARP and ND packet), any number of readers (the
 * workers, per packet). An entry's MAC and state share one 64-bit word published with a release
 * store, so a reader never sees a MAC of one answer with the state of another. Keys are written
 * once and never moved: an IPv4 key is a single word, an IPv6 key is published by a release store
 * of its port word after both address halves are written. A key whose neighbor went away stays
 * with state {@link #NONE} and is reused by the same address; this first version never evicts a
 * key, so the capacity bounds the number of distinct neighbors ever seen (full table: counted, the
 * packet is dropped).
 *
 * <p>Fast path (readers): open addressing with linear probing, no allocation, no locks.
 */
public final class NeighborTable
{
    public static final int NONE = 0;
    public static final int INCOMPLETE = 1;
    public static final int REACHABLE = 2;
    public static final int STALE = 3;
    public static final int PROBE = 4;
    public static final int FAILED = 5;
    public static final int PERMANENT = 6;
    private static final String[] STATE_NAMES =
        {"none", "incomplete", "reachable", "stale", "probe", "failed", "permanent"};

    /** {@link #lookup4}/{@link #lookup6} result when the address has no entry. */
    public static final long ABSENT = 0;
    public static final int NOT_FOUND = -1;

    private static final long MAC_MASK = 0xFFFF_FFFF_FFFFL;
    private static final long USED = 1L << 63;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    private final int mask;
    private final long[] key4;
    private final long[] value4;
    private final long[] keyHigh6;
    private final long[] keyLow6;
    private final int[] keyPort6;
    private final long[] value6;
    private int size4;
    private int size6;

    /** @param capacity slots per family, a power of two; keep it at least twice the neighbors expected. */
    public NeighborTable(final int capacity)
    {
        if (capacity < 2 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        mask = capacity - 1;
        key4 = new long[capacity];
        value4 = new long[capacity];
        keyHigh6 = new long[capacity];
        keyLow6 = new long[capacity];
        keyPort6 = new int[capacity];
        value6 = new long[capacity];
    }

    public static long value(final long mac, final int state)
    {
        return (mac & MAC_MASK) | ((long)state << 48);
    }

    public static long mac(final long value)
    {
        return value & MAC_MASK;
    }

    public static int state(final long value)
    {
        return (int)(value >>> 48) & 0xFF;
    }

    /** An entry a packet may be sent to: reachable, stale (RFC 4861 lets it be used) or permanent. */
    public static boolean usable(final long value)
    {
        final int state = state(value);
        return state == REACHABLE || state == STALE || state == PROBE || state == PERMANENT;
    }

    public static String stateName(final int state)
    {
        return state >= 0 && state < STATE_NAMES.length ? STATE_NAMES[state] : "unknown";
    }

    public int capacity()
    {
        return mask + 1;
    }

    // ---------------------------------------------------------------- readers (any thread)

    private static long key4(final int port, final int address)
    {
        return USED | ((long)port << 32) | (address & 0xFFFF_FFFFL);
    }

    private static int hash4(final int port, final int address)
    {
        final int h = address * 0x9E3779B1 ^ port * 0x85EBCA6B;
        return h ^ (h >>> 16);
    }

    private static int hash6(final int port, final long high, final long low)
    {
        final long h = (high * 0x9E3779B97F4A7C15L) ^ (low * 0xC2B2AE3D27D4EB4FL) ^ port;
        return (int)(h ^ (h >>> 29) ^ (h >>> 47));
    }

    /** @return the entry's value word, or {@link #ABSENT}. */
    public long lookup4(final int port, final int address)
    {
        final int slot = find4(port, address);
        return slot == NOT_FOUND ? ABSENT : (long)LONGS.getAcquire(value4, slot);
    }

    /** @return the entry's value word, or {@link #ABSENT}. */
    public long lookup6(final int port, final long high, final long low)
    {
        final int slot = find6(port, high, low);
        return slot == NOT_FOUND ? ABSENT : (long)LONGS.getAcquire(value6, slot);
    }

    public int find4(final int port, final int address)
    {
        final long key = key4(port, address);
        int i = hash4(port, address) & mask;
        for (int probes = 0; probes <= mask; probes++)
        {
            final long k = (long)LONGS.getAcquire(key4, i);
            if (k == key)
            {
                return i;
            }
            if (k == 0)
            {
                return NOT_FOUND;
            }
            i = (i + 1) & mask;
        }
        return NOT_FOUND;
    }

    public int find6(final int port, final long high, final long low)
    {
        int i = hash6(port, high, low) & mask;
        for (int probes = 0; probes <= mask; probes++)
        {
            final int p = (int)INTS.getAcquire(keyPort6, i);
            if (p == 0)
            {
                return NOT_FOUND;
            }
            if (p == port + 1 && keyHigh6[i] == high && keyLow6[i] == low)
            {
                return i;
            }
            i = (i + 1) & mask;
        }
        return NOT_FOUND;
    }

    // ---------------------------------------------------------------- the single writer

    /** Finds or adds the slot of an IPv4 neighbor. @return the slot, or {@link #NOT_FOUND} when full. */
    public int slot4(final int port, final int address)
    {
        final long key = key4(port, address);
        int i = hash4(port, address) & mask;
        for (int probes = 0; probes <= mask; probes++)
        {
            final long k = key4[i];
            if (k == key)
            {
                return i;
            }
            if (k == 0)
            {
                if (size4 >= mask) // keep one empty slot so readers' probe loops end on a miss
                {
                    return NOT_FOUND;
                }
                value4[i] = 0;
                LONGS.setRelease(key4, i, key);
                size4++;
                return i;
            }
            i = (i + 1) & mask;
        }
        return NOT_FOUND;
    }

    /** Finds or adds the slot of an IPv6 neighbor. @return the slot, or {@link #NOT_FOUND} when full. */
    public int slot6(final int port, final long high, final long low)
    {
        int i = hash6(port, high, low) & mask;
        for (int probes = 0; probes <= mask; probes++)
        {
            final int p = keyPort6[i];
            if (p == port + 1 && keyHigh6[i] == high && keyLow6[i] == low)
            {
                return i;
            }
            if (p == 0)
            {
                if (size6 >= mask)
                {
                    return NOT_FOUND;
                }
                keyHigh6[i] = high;
                keyLow6[i] = low;
                value6[i] = 0;
                INTS.setRelease(keyPort6, i, port + 1);
                size6++;
                return i;
            }
            i = (i + 1) & mask;
        }
        return NOT_FOUND;
    }

    public void set4(final int slot, final long mac, final int state)
    {
        LONGS.setRelease(value4, slot, value(mac, state));
    }

    public void set6(final int slot, final long mac, final int state)
    {
        LONGS.setRelease(value6, slot, value(mac, state));
    }

    public long value4(final int slot)
    {
        return value4[slot];
    }

    public long value6(final int slot)
    {
        return value6[slot];
    }

    /** Writer-side iteration: the IPv4 key of a used slot. */
    public boolean used4(final int slot)
    {
        return key4[slot] != 0;
    }

    public int port4(final int slot)
    {
        return (int)(key4[slot] >>> 32) & 0x7FFF_FFFF;
    }

    public int address4(final int slot)
    {
        return (int)key4[slot];
    }

    public boolean used6(final int slot)
    {
        return keyPort6[slot] != 0;
    }

    public int port6(final int slot)
    {
        return keyPort6[slot] - 1;
    }

    public long high6(final int slot)
    {
        return keyHigh6[slot];
    }

    public long low6(final int slot)
    {
        return keyLow6[slot];
    }

    public int size4()
    {
        return size4;
    }

    public int size6()
    {
        return size6;
    }
}
