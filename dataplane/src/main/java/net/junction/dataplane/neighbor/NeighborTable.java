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
 * of its port word after both address halves are written.
 *
 * <p>Removal (aging, LRU eviction; the policy is {@code slowpath.NeighborResolver}'s) leaves a
 * tombstone: readers probe past it, as past any other key, so linear probing stays correct. A
 * tombstone is reused for a new key only after a grace period: {@link #remove4} writes it
 * {@code FRESH}, and each {@link #settleTombstones} pass (the resolver's timer, every 100 ms) moves
 * it one step, {@code FRESH} to {@code SETTLING} to {@code FREE}; only {@code FREE} slots take a new
 * key. A reader that matched the old key and then read its value (two loads, nanoseconds apart) is
 * done long before a full timer period has passed, so it never reads another neighbor's MAC for its
 * address (the time-based form of the grace period {@code routing.qsbr.Qsbr} gives the FIB).
 *
 * <p>Last use: a worker that sends a packet to an entry writes its cycle's clock in the entry's
 * {@code lastUsedNs} slot ({@link #use4}/{@link #use6}), an opaque store of a plain long, only when
 * it differs (Linux's {@code if (neigh->used != now)}): the cycle's clock is read once per burst, so
 * a busy neighbor's line is written once per burst, not per packet. Workers race on it harmlessly
 * (any of their recent times will do); the resolver reads it to move STALE to DELAY (RFC 4861
 * §7.3.3) and to pick the least recently used entry.
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
    public static final int DELAY = 7;
    private static final String[] STATE_NAMES =
        {"none", "incomplete", "reachable", "stale", "probe", "failed", "permanent", "delay"};

    // Tombstones: never a key (an IPv4 key has USED set, an IPv6 port word is port + 1 > 0).
    private static final long FRESH4 = 1;
    private static final long SETTLING4 = 2;
    private static final long FREE4 = 3;
    private static final int FRESH6 = -1;
    private static final int SETTLING6 = -2;
    private static final int FREE6 = -3;

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
    private final long[] lastUsed4;
    private final long[] lastUsed6;
    /** Slots not empty (keys and tombstones): at most capacity - 1, so every probe loop meets an empty slot. */
    private int size4;
    private int size6;
    /** Keys (neighbors) held. */
    private int live4;
    private int live6;

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
        lastUsed4 = new long[capacity];
        lastUsed6 = new long[capacity];
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

    /** An entry a packet may be sent to: reachable, stale, delay, probe (RFC 4861 §7.3.3 uses them) or permanent. */
    public static boolean usable(final long value)
    {
        final int state = state(value);
        return state == REACHABLE || state == STALE || state == DELAY || state == PROBE || state == PERMANENT;
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

    /**
     * A worker's lookup of the neighbor a packet goes to: the entry's value word, and, when it is usable,
     * the entry's last use moved to {@code nowNs}. Fast path.
     *
     * @return the entry's value word, or {@link #ABSENT}.
     */
    public long use4(final int port, final int address, final long nowNs)
    {
        final int slot = find4(port, address);
        if (slot == NOT_FOUND)
        {
            return ABSENT;
        }
        final long value = (long)LONGS.getAcquire(value4, slot);
        if (usable(value) && (long)LONGS.getOpaque(lastUsed4, slot) != nowNs)
        {
            LONGS.setOpaque(lastUsed4, slot, nowNs);
        }
        return value;
    }

    /** {@link #use4} for IPv6. Fast path. */
    public long use6(final int port, final long high, final long low, final long nowNs)
    {
        final int slot = find6(port, high, low);
        if (slot == NOT_FOUND)
        {
            return ABSENT;
        }
        final long value = (long)LONGS.getAcquire(value6, slot);
        if (usable(value) && (long)LONGS.getOpaque(lastUsed6, slot) != nowNs)
        {
            LONGS.setOpaque(lastUsed6, slot, nowNs);
        }
        return value;
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

    /**
     * Finds or adds the slot of an IPv4 neighbor; a new one takes the first {@code FREE} tombstone on
     * its probe path, else the empty slot that ends it.
     *
     * @return the slot, or {@link #NOT_FOUND} when full.
     */
    public int slot4(final int port, final int address)
    {
        final long key = key4(port, address);
        int i = hash4(port, address) & mask;
        int free = NOT_FOUND;
        for (int probes = 0; probes <= mask; probes++)
        {
            final long k = key4[i];
            if (k == key)
            {
                return i;
            }
            if (k == FREE4 && free == NOT_FOUND)
            {
                free = i;
            }
            if (k == 0)
            {
                if (free == NOT_FOUND)
                {
                    if (size4 >= mask) // keep one empty slot so readers' probe loops end on a miss
                    {
                        return NOT_FOUND;
                    }
                    free = i;
                    size4++;
                }
                break;
            }
            i = (i + 1) & mask;
        }
        if (free == NOT_FOUND)
        {
            return NOT_FOUND;
        }
        value4[free] = 0;
        lastUsed4[free] = 0;
        LONGS.setRelease(key4, free, key);
        live4++;
        return free;
    }

    /** Finds or adds the slot of an IPv6 neighbor, as {@link #slot4}. @return the slot, or {@link #NOT_FOUND} when full. */
    public int slot6(final int port, final long high, final long low)
    {
        int i = hash6(port, high, low) & mask;
        int free = NOT_FOUND;
        for (int probes = 0; probes <= mask; probes++)
        {
            final int p = keyPort6[i];
            if (p == port + 1 && keyHigh6[i] == high && keyLow6[i] == low)
            {
                return i;
            }
            if (p == FREE6 && free == NOT_FOUND)
            {
                free = i;
            }
            if (p == 0)
            {
                if (free == NOT_FOUND)
                {
                    if (size6 >= mask)
                    {
                        return NOT_FOUND;
                    }
                    free = i;
                    size6++;
                }
                break;
            }
            i = (i + 1) & mask;
        }
        if (free == NOT_FOUND)
        {
            return NOT_FOUND;
        }
        keyHigh6[free] = high;
        keyLow6[free] = low;
        value6[free] = 0;
        lastUsed6[free] = 0;
        INTS.setRelease(keyPort6, free, port + 1);
        live6++;
        return free;
    }

    /** Removes an IPv4 neighbor: its value first (readers that still match the key see NONE), then a tombstone. */
    public void remove4(final int slot)
    {
        if (!used4(slot))
        {
            return;
        }
        LONGS.setRelease(value4, slot, 0L);
        LONGS.setRelease(key4, slot, FRESH4);
        live4--;
    }

    public void remove6(final int slot)
    {
        if (!used6(slot))
        {
            return;
        }
        LONGS.setRelease(value6, slot, 0L);
        INTS.setRelease(keyPort6, slot, FRESH6);
        live6--;
    }

    /**
     * Moves every tombstone one step towards reuse ({@code FRESH} to {@code SETTLING} to {@code FREE}): called
     * once per resolver timer pass, so a slot is reused a full pass after its removal at the earliest.
     */
    public void settleTombstones()
    {
        for (int i = 0; i <= mask; i++)
        {
            final long k = key4[i];
            if (k == FRESH4 || k == SETTLING4)
            {
                LONGS.setRelease(key4, i, k + 1);
            }
            final int p = keyPort6[i];
            if (p == FRESH6 || p == SETTLING6)
            {
                INTS.setRelease(keyPort6, i, p - 1);
            }
        }
    }

    /** Writer side: the last time a worker sent a packet to the entry (0: never). */
    public long lastUsed4(final int slot)
    {
        return (long)LONGS.getOpaque(lastUsed4, slot);
    }

    public long lastUsed6(final int slot)
    {
        return (long)LONGS.getOpaque(lastUsed6, slot);
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

    /** Writer-side iteration: whether the slot holds an IPv4 neighbor (not empty, not a tombstone). */
    public boolean used4(final int slot)
    {
        return key4[slot] < 0; // the USED bit
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
        return keyPort6[slot] > 0;
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

    /** @return IPv4 neighbors held (tombstones not counted). */
    public int size4()
    {
        return live4;
    }

    /** @return IPv6 neighbors held (tombstones not counted). */
    public int size6()
    {
        return live6;
    }
}
