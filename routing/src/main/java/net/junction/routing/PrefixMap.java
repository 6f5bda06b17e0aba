/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing;

import net.junction.routing.concurrent.SeqLock;

import java.util.ArrayList;
import java.util.List;

/**
 * A map from prefixes of one address family to values, compact enough for full tables from many
 * peers: open addressing with linear probing over parallel primitive arrays, so an entry costs its
 * key's primitives, one reference and one flag byte (about 13 bytes for IPv4, 21 for IPv6, over a
 * load of 0.5 to 0.75) instead of a {@code HashMap} node, a boxed key and a bucket.
 * <ul>
 * <li>IPv4 key: {@code address << 8 | length} in one {@code long}.</li>
 * <li>IPv6 key: the two halves and the length in a {@code byte}.</li>
 * </ul>
 * Slots are found by Lemire's multiply-shift range reduction of a mixed hash, so the capacity need
 * not be a power of two and grows by half, not double. Deletion shifts later entries of the cluster
 * back (no tombstones). Each entry carries a flag byte for its owner (stale, resend).
 * <p>
 * Values are non-null. One thread owns a map and alone may call anything but {@link #getConcurrently}.
 * <p>
 * {@link #getConcurrently} is for other threads (the API answering a lookup while the owner, the BGP event
 * loop, is busy or waiting on the FIB), through a {@link SeqLock}: every change of a key, a value or the
 * arrays is a write of it, and the reader's probe is bounded, since arrays read mid-change may be torn. The
 * owner's cost: two ordinary stores per change.
 *
 * @param <V> value type.
 */
public final class PrefixMap<V>
{
    private static final int MIN_CAPACITY = 16;
    private static final double MAX_LOAD = 0.75;

    /** Seeds per map, so that no two maps share a slot order (see {@link #seed}). */
    private static long seeds = 0x2545_F491_4F6C_DD1DL;

    private final boolean ipv6;
    /**
     * Mixed into the hash. Without it, copying one map into another in slot order inserts keys in
     * hash order, which piles them into one cluster while the target grows: quadratic.
     */
    private final long seed;
    private long[] high;
    private long[] low;
    private byte[] lengths;
    private Object[] values;
    private byte[] flags;
    private int size;
    private int threshold;
    /** Written around every change a concurrent reader could see: see {@link #getConcurrently}. */
    private final SeqLock changes = new SeqLock();

    /**
     * @param ipv6 whether keys are IPv6 prefixes.
     */
    public PrefixMap(final boolean ipv6)
    {
        this(ipv6, 0);
    }

    /**
     * @param ipv6     whether keys are IPv6 prefixes.
     * @param expected entries expected: slots for them are allocated at once, so filling the map does not
     *                 grow it step by step.
     */
    public PrefixMap(final boolean ipv6, final int expected)
    {
        this(ipv6, expected, 0);
    }

    /**
     * A map whose slot order is another's: with the same seed, the range reduction keeps keys in the order of
     * their mixed hash whatever the capacity, so walking one map and writing or reading the other in step
     * touches both in order (a pass over a full table then streams through memory instead of missing the
     * cache on every prefix). Sized for {@code expected} at once: filling a small map in another's slot
     * order would pile the keys into one cluster while it grows (see {@link #seed}).
     *
     * @param like     the map whose order to share.
     * @param expected entries expected.
     */
    public PrefixMap(final PrefixMap<?> like, final int expected)
    {
        this(like.ipv6, Math.max(expected, like.size), like.seed);
    }

    private PrefixMap(final boolean ipv6, final int expected, final long seed)
    {
        this.ipv6 = ipv6;
        if (seed == 0)
        {
            seeds += 0x9E37_79B9_7F4A_7C15L;
            this.seed = seeds;
        }
        else
        {
            this.seed = seed;
        }
        allocate(Math.max(MIN_CAPACITY, (int)Math.min(Integer.MAX_VALUE - 8, (long)(expected / MAX_LOAD) + 1)));
    }

    private void allocate(final int capacity)
    {
        high = new long[capacity];
        low = ipv6 ? new long[capacity] : null;
        lengths = ipv6 ? new byte[capacity] : null;
        values = new Object[capacity];
        flags = new byte[capacity];
        threshold = (int)(capacity * MAX_LOAD);
    }

    /**
     * @return number of entries.
     */
    public int size()
    {
        return size;
    }

    /**
     * @return number of slots (for iteration with {@link #valueAt}).
     */
    public int capacity()
    {
        return values.length;
    }

    /**
     * @return whether keys are IPv6 prefixes.
     */
    public boolean isIpv6()
    {
        return ipv6;
    }

    /**
     * @return an estimate of the memory held by the arrays, in bytes.
     */
    public long footprintBytes()
    {
        final long slots = values.length;
        return slots * (8 + 4 + 1) + (ipv6 ? slots * 9 : 0) + 5 * 16;
    }

    private long mix(final long h, final long l, final int length)
    {
        long x = (h ^ seed) * 0x9E37_79B9_7F4A_7C15L ^ (l + length) * 0xC2B2_AE3D_27D4_EB4FL;
        x ^= x >>> 29;
        x *= 0xBF58_476D_1CE4_E5B9L;
        return x ^ (x >>> 32);
    }

    private int home(final long h, final long l, final int length, final int capacity)
    {
        return (int)(((mix(h, l, length) & 0xFFFF_FFFFL) * capacity) >>> 32);
    }

    private int homeOf(final int slot, final int capacity)
    {
        return ipv6 ? home(high[slot], low[slot], lengths[slot], capacity) : home(high[slot], 0, 0, capacity);
    }

    private static long key4(final Prefix4 p)
    {
        return (p.address() & 0xFFFF_FFFFL) << 8 | p.length();
    }

    /**
     * @return the slot of the key, or -1.
     */
    private int find(final IpPrefix prefix)
    {
        return find(prefix, high, low, lengths, values);
    }

    /**
     * The probe, over the arrays given: the owner's own, or what a concurrent reader read of them (then
     * possibly torn, so the probe stops after a full turn rather than trusting that a free slot exists).
     *
     * @return the slot of the key in {@code values}, or -1.
     */
    private int find(final IpPrefix prefix, final long[] high, final long[] low, final byte[] lengths, final Object[] values)
    {
        final int capacity = values.length;
        if (ipv6)
        {
            if (!(prefix instanceof Prefix6 p))
            {
                return -1;
            }
            final long h = p.high();
            final long l = p.low();
            final byte len = (byte)p.length();
            for (int i = home(h, l, len, capacity), n = 0; n < capacity; i = i + 1 == capacity ? 0 : i + 1, n++)
            {
                if (values[i] == null)
                {
                    return -1;
                }
                if (high[i] == h && low[i] == l && lengths[i] == len)
                {
                    return i;
                }
            }
            return -1;
        }
        if (!(prefix instanceof Prefix4 p))
        {
            return -1;
        }
        final long k = key4(p);
        for (int i = home(k, 0, 0, capacity), n = 0; n < capacity; i = i + 1 == capacity ? 0 : i + 1, n++)
        {
            if (values[i] == null)
            {
                return -1;
            }
            if (high[i] == k)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param prefix key.
     * @return the value, or null.
     */
    @SuppressWarnings("unchecked")
    public V get(final IpPrefix prefix)
    {
        final int slot = find(prefix);
        return slot < 0 ? null : (V)values[slot];
    }

    /**
     * {@link #get} from a thread that does not own the map, while the owner may be changing it (the class
     * comment has the protocol). Waits out a change in progress ({@link SeqLock#read}).
     *
     * @param prefix key.
     * @return the value the map held for it at one moment between the call and the return, or null.
     * @throws IllegalStateException when no read could be made in 5 s (the owner changing the map all along).
     */
    @SuppressWarnings("unchecked")
    public V getConcurrently(final IpPrefix prefix)
    {
        return changes.read(() ->
        {
            final Object[] v = values;
            final int slot = find(prefix, high, low, lengths, v);
            return slot < 0 ? null : (V)v[slot];
        });
    }

    /**
     * @param prefix key.
     * @return whether present.
     */
    public boolean containsKey(final IpPrefix prefix)
    {
        return find(prefix) >= 0;
    }

    /**
     * @param prefix key.
     * @return its flags, 0 if absent.
     */
    public int flags(final IpPrefix prefix)
    {
        final int slot = find(prefix);
        return slot < 0 ? 0 : flags[slot];
    }

    /**
     * @param prefix key; nothing happens if absent.
     * @param value  new flags.
     */
    public void setFlags(final IpPrefix prefix, final int value)
    {
        final int slot = find(prefix);
        if (slot >= 0)
        {
            flags[slot] = (byte)value;
        }
    }

    /**
     * Put a value; the entry's flags become 0.
     *
     * @param prefix key, of this map's family.
     * @param value  non-null.
     * @return the previous value, or null.
     */
    @SuppressWarnings("unchecked")
    public V put(final IpPrefix prefix, final V value)
    {
        if (value == null)
        {
            throw new NullPointerException("value");
        }
        if (size >= threshold)
        {
            grow();
        }
        final int capacity = values.length;
        final long h;
        final long l;
        final byte len;
        if (ipv6)
        {
            final Prefix6 p = (Prefix6)prefix;
            h = p.high();
            l = p.low();
            len = (byte)p.length();
        }
        else
        {
            h = key4((Prefix4)prefix);
            l = 0;
            len = 0;
        }
        changes.beginWrite();
        try
        {
            for (int i = home(h, l, len, capacity); ; i = i + 1 == capacity ? 0 : i + 1)
            {
                final Object old = values[i];
                if (old == null)
                {
                    high[i] = h;
                    if (ipv6)
                    {
                        low[i] = l;
                        lengths[i] = len;
                    }
                    values[i] = value;
                    flags[i] = 0;
                    size++;
                    return null;
                }
                if (high[i] == h && (!ipv6 || (low[i] == l && lengths[i] == len)))
                {
                    values[i] = value;
                    flags[i] = 0;
                    return (V)old;
                }
            }
        }
        finally
        {
            changes.endWrite();
        }
    }

    /**
     * Put a value unless the key is present (whose value and flags are then left alone).
     *
     * @param prefix key, of this map's family.
     * @param value  non-null.
     * @return whether it was put.
     */
    public boolean putIfAbsent(final IpPrefix prefix, final V value)
    {
        if (find(prefix) >= 0)
        {
            return false;
        }
        put(prefix, value);
        return true;
    }

    /**
     * @param prefix key.
     * @return the removed value, or null.
     */
    public V remove(final IpPrefix prefix)
    {
        final int slot = find(prefix);
        return slot < 0 ? null : removeAt(slot);
    }

    /**
     * Remove the entry in a slot, shifting back later entries of its cluster (an entry may move into
     * {@code slot}).
     *
     * @param slot occupied slot.
     * @return the removed value.
     */
    public V removeAt(final int slot)
    {
        changes.beginWrite();
        try
        {
            return shiftOut(slot);
        }
        finally
        {
            changes.endWrite();
        }
    }

    @SuppressWarnings("unchecked")
    private V shiftOut(final int slot)
    {
        final V removed = (V)values[slot];
        final int capacity = values.length;
        int hole = slot;
        int j = slot;
        while (true)
        {
            j = j + 1 == capacity ? 0 : j + 1;
            if (values[j] == null)
            {
                break;
            }
            final int k = homeOf(j, capacity);
            // Move j into the hole unless its home lies cyclically in (hole, j].
            final boolean stays = hole <= j ? (hole < k && k <= j) : (hole < k || k <= j);
            if (!stays)
            {
                high[hole] = high[j];
                if (ipv6)
                {
                    low[hole] = low[j];
                    lengths[hole] = lengths[j];
                }
                values[hole] = values[j];
                flags[hole] = flags[j];
                hole = j;
            }
        }
        values[hole] = null;
        flags[hole] = 0;
        size--;
        return removed;
    }

    /**
     * @param slot in {@code 0..capacity()-1}.
     * @return the value there, or null if the slot is empty.
     */
    @SuppressWarnings("unchecked")
    public V valueAt(final int slot)
    {
        return (V)values[slot];
    }

    /**
     * @param slot an occupied slot.
     * @return its flags.
     */
    public int flagsAt(final int slot)
    {
        return flags[slot];
    }

    /**
     * @param slot  an occupied slot.
     * @param value its new flags.
     */
    public void setFlagsAt(final int slot, final int value)
    {
        flags[slot] = (byte)value;
    }

    /**
     * @param slot an occupied slot.
     * @return its key (allocated).
     */
    public IpPrefix prefixAt(final int slot)
    {
        if (ipv6)
        {
            return new Prefix6(high[slot], low[slot], lengths[slot]);
        }
        return new Prefix4((int)(high[slot] >>> 8), (int)(high[slot] & 0xFF));
    }

    /**
     * @return every key, in slot order.
     */
    public List<IpPrefix> keys()
    {
        final List<IpPrefix> out = new ArrayList<>(size);
        for (int i = 0; i < values.length; i++)
        {
            if (values[i] != null)
            {
                out.add(prefixAt(i));
            }
        }
        return out;
    }

    /**
     * Remove every entry.
     */
    public void clear()
    {
        changes.beginWrite();
        allocate(MIN_CAPACITY);
        size = 0;
        changes.endWrite();
    }

    /**
     * Grows by half. The new arrays are filled from the old ones, which nothing changes meanwhile, so a
     * concurrent reader goes on reading the old ones; only the switch to the new ones is a write of
     * {@link #changes} (a reader never waits for the copy of a full table).
     */
    private void grow()
    {
        final int capacity = Math.max(MIN_CAPACITY, values.length + (values.length >> 1));
        final long[] newHigh = new long[capacity];
        final long[] newLow = ipv6 ? new long[capacity] : null;
        final byte[] newLengths = ipv6 ? new byte[capacity] : null;
        final Object[] newValues = new Object[capacity];
        final byte[] newFlags = new byte[capacity];
        for (int s = 0; s < values.length; s++)
        {
            if (values[s] == null)
            {
                continue;
            }
            final long h = high[s];
            final long l = ipv6 ? low[s] : 0;
            final byte len = ipv6 ? lengths[s] : 0;
            int i = home(h, l, len, capacity);
            while (newValues[i] != null)
            {
                i = i + 1 == capacity ? 0 : i + 1;
            }
            newHigh[i] = h;
            if (ipv6)
            {
                newLow[i] = l;
                newLengths[i] = len;
            }
            newValues[i] = values[s];
            newFlags[i] = flags[s];
        }
        changes.beginWrite();
        high = newHigh;
        low = newLow;
        lengths = newLengths;
        values = newValues;
        flags = newFlags;
        threshold = (int)(capacity * MAX_LOAD);
        changes.endWrite();
    }
}
