/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.lpm;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.junction.bindings.RawMemory;
import net.junction.routing.Prefix4;
import net.junction.routing.qsbr.DeferredReclaimer;
import net.junction.routing.qsbr.Qsbr;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.IntArrayList;

/**
 * IPv4 longest-prefix match in a compact range table: DXR (Zec, Rizzo, Mikuc, "DXR: towards a
 * billion routing lookups per second in software", ACM CCR 42(5), 2012; FreeBSD's
 * {@code sys/netinet/in_fib_dxr.c}). The table is small enough to stay in the caches where
 * DIR-24-8's 64 MiB first level ({@link Ip4Dir24}) misses them.
 *
 * <h2>Layout</h2>
 * The address space is cut into 2^k <em>chunks</em> by its top k bits (k = 16..20,
 * {@link #DEFAULT_DIRECT_BITS}). The <em>direct table</em> has one 32-bit entry per chunk, always
 * naming ranges in the <em>arena</em>: {@code d = entry & 0x7FFF_FFFF}, {@code base = d >>> 4}
 * (an int index into the arena), {@code count = d & 15}; count 0 means the long format, the count
 * in the arena at {@code base} and the ranges after it. A chunk with one value (DXR's direct hit)
 * names the one-range chunk of its next hop, kept at arena index = next-hop index and shared by
 * every such chunk: so a lookup has no branch that depends on the table (a mispredicted branch
 * that waits for a cache miss stops the next lookups' loads from overlapping; measured, a leaf
 * test in the direct entry made lookups several times slower on the 1M table).
 *
 * A <em>range</em> is one int: {@code start << (k - 1) | nextHop}, where {@code start} is the
 * first address of the range within the chunk (32 - k bits) and {@code nextHop} an index into the
 * next-hop table of values (k - 1 bits; index 0 is {@link #NO_ROUTE}). A chunk's ranges are sorted
 * by start, the first starts at 0, neighbours have different next hops; a lookup binary-searches
 * for the last range starting at or below the address, comparing whole ints (the start is in the
 * high bits, the sign bit is always clear).
 *
 * <h2>Updates</h2>
 * One writer. Rules up to /k are kept as {@link Ip4Dir24} keeps its /24-or-shorter rules: one
 * value and rule length per chunk (writer side), set by the longest rule covering the chunk.
 * Rules longer than /k sit only in their chunk's sorted rule list (one bare {@code int[]} per
 * chunk: a count, then key and value pairs), the rules up to /k in one hash map per length. A
 * put or remove changes the rule store, then rebuilds only the chunks it touches: a sweep over the chunk's sorted rules makes
 * its ranges into <em>fresh</em> arena memory, which is published by one release store of the
 * chunk's direct entry. A reader (acquire load of the entry) therefore sees the whole old chunk
 * or the whole new one, never a mix. The replaced ranges, and next-hop indexes no longer used,
 * are retired under a {@link Qsbr} token taken after the publication and reused only once every
 * reader has passed it (without a Qsbr, never reused). The arena grows by copy, as
 * Ip4Dir24's groups; outgrown copies are kept for the table's lifetime.
 *
 * <h2>Fast path</h2>
 * {@link #lookup} and {@link #lookupBurst} allocate nothing, never block and never retry. Memory
 * is native and read by address through {@link RawMemory}, as in Ip4Dir24 (which says why).
 */
public final class Ip4Dxr implements Ip4Table
{
    public static final int NO_ROUTE = Ip4ReferenceTrie.NO_ROUTE;
    /** k: chunks of /20. Measured against 16 on the 1M table (docs/benchmarks.md, "Ip4Dxr"). */
    public static final int DEFAULT_DIRECT_BITS = 20;
    public static final int MIN_DIRECT_BITS = 16;
    public static final int MAX_DIRECT_BITS = 20;

    private static final int SHORT_COUNT_BITS = 4;
    private static final int SHORT_COUNT_MAX = (1 << SHORT_COUNT_BITS) - 1;
    /** Arena indexes must leave {@code d = 0x7FFF_FFFF} (entry -1) unused. */
    private static final int MAX_ARENA_INTS = (1 << 27) - 2;
    private static final int INITIAL_ARENA_INTS = 1 << 16;
    /** Next-hop index of {@link #NO_ROUTE}. */
    private static final int NO_ROUTE_INDEX = 0;

    private final int directBits;
    private final int shift;
    private final int keyMask;
    private final int nextHopBits;
    private final int nextHopMask;
    private final int chunkAddresses;
    /** Arena ints reserved at its start for the one-range chunks of leaves: int i is the range (0, i). */
    private final int singletons;

    // ---------------------------------------------------------------- read by the fast path
    private final MemorySegment directMemory;
    private final long direct;
    private final MemorySegment nextHopMemory;
    private final long nextHops;
    /** Current arena address; loaded after the entry that sent the reader there. */
    private volatile long arena;

    // ---------------------------------------------------------------- writer side
    private MemorySegment arenaMemory;
    private int arenaCapacity;
    private int arenaTop;
    private final List<MemorySegment> outgrownArenas = new ArrayList<>();
    /** Free arena blocks by exact size (ints), after their grace period. */
    private IntArrayList[] freeBlocks = new IntArrayList[64];

    /** The longest rule of length <= k covering each chunk: value and length + 1 (0: none). */
    private final int[] shortValue;
    private final byte[] shortDepth;
    /**
     * Rules longer than /k, per chunk, null where there are none: {@code [count, key, value, key,
     * value, ...]}, sorted by {@link #ruleKey}.
     */
    private final int[][] chunkRules;
    /** The rules up to /k by prefix length: network address to value. */
    private final Int2IntHashMap[] rules = new Int2IntHashMap[Prefix4.MAX_LENGTH + 1];
    private int size;

    /** Next hops: value to index, index reference counts (ranges that use it), free indexes. */
    private final Int2IntHashMap nextHopIndex = new Int2IntHashMap(-1);
    private final int[] nextHopRefs;
    private final int[] nextHopValue;
    private int nextHopTop = 1;
    private final IntArrayList freeNextHops = new IntArrayList();

    private final Qsbr qsbr;
    private final DeferredReclaimer reclaimer;
    /** Handles retired by the current update: an arena block {@code offset << 24 | size}, or {@code ~nextHop}. */
    private final IntArrayList retiredBlocks = new IntArrayList();
    private final IntArrayList retiredSizes = new IntArrayList();
    private final IntArrayList retiredNextHops = new IntArrayList();
    private final DeferredReclaimer.Handler onReclaimed = this::reclaimed;
    private long liveInts;
    private long reusedBlocks;
    private long leakedHandles;
    private long rebuilds;

    /** Sweep scratch: the ranges being built and the stack of enclosing rules. */
    private int[] outStart = new int[64];
    private int[] outValue = new int[64];
    private int outCount;
    private final int[] stackEnd = new int[Prefix4.MAX_LENGTH + 2];
    private final int[] stackValue = new int[Prefix4.MAX_LENGTH + 2];

    /** A table with k = {@link #DEFAULT_DIRECT_BITS} whose replaced memory is never reused. */
    public Ip4Dxr()
    {
        this(null, DEFAULT_DIRECT_BITS);
    }

    /** A table with k = {@link #DEFAULT_DIRECT_BITS}. */
    public Ip4Dxr(final Qsbr qsbr)
    {
        this(qsbr, DEFAULT_DIRECT_BITS);
    }

    /**
     * @param qsbr       the readers' quiescent states: replaced ranges and next-hop indexes are
     *                   reused once all of them have passed the update that replaced them. Null:
     *                   never reused.
     * @param directBits k, {@link #MIN_DIRECT_BITS} to {@link #MAX_DIRECT_BITS}: the direct table
     *                   has 2^k entries; at most 2^(k-1) - 1 distinct values can be in ranges at once.
     */
    public Ip4Dxr(final Qsbr qsbr, final int directBits)
    {
        if (directBits < MIN_DIRECT_BITS || directBits > MAX_DIRECT_BITS)
        {
            throw new IllegalArgumentException("directBits must be " + MIN_DIRECT_BITS + ".." + MAX_DIRECT_BITS + ": " + directBits);
        }
        this.directBits = directBits;
        shift = 32 - directBits;
        keyMask = (1 << shift) - 1;
        nextHopBits = directBits - 1;
        nextHopMask = (1 << nextHopBits) - 1;
        chunkAddresses = 1 << shift;
        final int chunks = 1 << directBits;

        directMemory = HugePageMemory.allocate((long)chunks * Integer.BYTES).segment();
        direct = directMemory.address();
        singletons = nextHopMask + 1;
        nextHopMemory = HugePageMemory.allocate((long)singletons * Integer.BYTES).segment();
        nextHops = nextHopMemory.address();
        RawMemory.putIntNative(nextHops, NO_ROUTE);
        arenaCapacity = singletons + INITIAL_ARENA_INTS;
        arenaMemory = HugePageMemory.allocate((long)arenaCapacity * Integer.BYTES).segment();
        arena = arenaMemory.address();
        arenaTop = singletons;
        RawMemory.putIntNative(arena, NO_ROUTE_INDEX); // NO_ROUTE's singleton: one range, start 0
        for (int c = 0; c < chunks; c++)
        {
            RawMemory.putIntNative(direct + ((long)c << 2), leafEntry(NO_ROUTE_INDEX)); // published with the final fields
        }

        shortValue = new int[chunks];
        Arrays.fill(shortValue, NO_ROUTE);
        shortDepth = new byte[chunks];
        chunkRules = new int[chunks][];
        nextHopRefs = new int[nextHopMask + 1];
        nextHopValue = new int[nextHopMask + 1];
        nextHopValue[NO_ROUTE_INDEX] = NO_ROUTE;
        nextHopRefs[NO_ROUTE_INDEX] = Integer.MIN_VALUE / 2; // never freed
        for (int length = 0; length <= directBits; length++)
        {
            rules[length] = new Int2IntHashMap(NO_ROUTE);
        }
        this.qsbr = qsbr;
        this.reclaimer = qsbr == null ? null : new DeferredReclaimer(qsbr, 1 << 18);
    }

    // ------------------------------------------------------------------------- fast path

    /**
     * Longest-prefix match. Any thread, concurrently with the writer.
     *
     * @return the value of the longest prefix containing the address, or {@link #NO_ROUTE}.
     */
    public int lookup(final int address)
    {
        final int entry = RawMemory.getIntAcquire(direct + ((long)(address >>> shift) << 2));
        final int value = searchChunk(arena, entry, address);
        Reference.reachabilityFence(this);
        return value;
    }

    /**
     * The value for {@code address} in the ranges a chunk entry names. The entry was read with
     * acquire, so the ranges it names (written before it was published) are visible to plain loads.
     */
    private int searchChunk(final long arenaAddress, final int entry, final int address)
    {
        final int d = entry & 0x7FFF_FFFF;
        final long base = arenaAddress + ((long)(d >>> SHORT_COUNT_BITS) << 2);
        final int n = d & SHORT_COUNT_MAX;
        final int probe = (address & keyMask) << nextHopBits | nextHopMask;
        final int range = n != 0 ? searchShort(base, n, probe) : searchLong(base + Integer.BYTES, RawMemory.getIntNative(base), probe);
        return RawMemory.getIntNative(nextHops + ((long)(range & nextHopMask) << 2));
    }

    /**
     * The last of {@code n <= 15} ranges starting at or below the probe, in four steps whatever n
     * is: no branch depends on the table's contents, so a mispredicted branch never waits for a
     * cache miss and the loads of consecutive lookups overlap. Each step moves {@code i} up by
     * {@code h} when {@code i + h < n} and that range starts at or below the probe (the load is
     * clamped into the chunk; the conditions are masks: both sides are non-negative ints).
     */
    private static int searchShort(final long base, final int n, final int probe)
    {
        final int last = n - 1;
        int i = 0;
        for (int h = 8; h > 0; h >>>= 1)
        {
            final int j = i + h;
            final int range = RawMemory.getIntNative(base + ((long)Math.min(j, last) << 2));
            i += h & ((j - n) >> 31) & ~((probe - range) >> 31);
        }
        return RawMemory.getIntNative(base + ((long)i << 2));
    }

    /** The last of {@code n} ranges starting at or below the probe: a branch-free binary search. */
    private static int searchLong(final long base, final int count, final int probe)
    {
        long at = base;
        int n = count;
        while (n > 1)
        {
            final int half = n >>> 1;
            final long middle = at + ((long)half << 2);
            at = RawMemory.getIntNative(middle) <= probe ? middle : at;
            n -= half;
        }
        return RawMemory.getIntNative(at);
    }

    /**
     * Longest-prefix match of a burst in stages, as rte_lpm_lookup_bulk: every address's direct
     * entry, then the first line of every chunk, then the searches, so that the cache misses of
     * different addresses overlap. Any thread;
     * allocates nothing.
     *
     * @param addresses destinations, {@code count} of them.
     * @param results   where the value (or {@link #NO_ROUTE}) of each lands; also scratch space.
     */
    public void lookupBurst(final int[] addresses, final int[] results, final int count)
    {
        final long first = direct;
        final int s = shift;
        for (int i = 0; i < count; i++)
        {
            results[i] = RawMemory.getIntAcquire(first + ((long)(addresses[i] >>> s) << 2));
        }
        final long ranges = arena;
        // Touch every chunk's first line before any search, so that those misses overlap too (Java
        // has no prefetch): an arena int never has its sign bit set, so touched is always 0, but
        // the compiler cannot know it and must make the loads.
        int touched = 0;
        for (int i = 0; i < count; i++)
        {
            touched |= RawMemory.getIntNative(ranges + ((long)((results[i] & 0x7FFF_FFFF) >>> SHORT_COUNT_BITS) << 2)) >>> 31;
        }
        for (int i = 0; i < count; i++)
        {
            results[i] = searchChunk(ranges, results[i], addresses[i]) | touched;
        }
        Reference.reachabilityFence(this);
    }

    // ------------------------------------------------------------------------- writer API

    /** Add or replace a route. Writer thread only. @return the value replaced, or {@link #NO_ROUTE}. */
    public int put(final int address, final int length, final int value)
    {
        Prefix4.validate(address, length);
        if (value < 0)
        {
            throw new IllegalArgumentException("value must not be negative: " + value);
        }
        final int old;
        if (length <= directBits)
        {
            old = rules[length].put(address, value);
            if (old != value)
            {
                coverChunks(address, length, value, (byte)(length + 1), (byte)0);
            }
        }
        else
        {
            final int chunk = address >>> shift;
            old = putChunkRule(chunk, ruleKey(address, length), value);
            if (old != value)
            {
                rebuild(chunk);
            }
        }
        if (old == NO_ROUTE)
        {
            size++;
        }
        retire();
        return old;
    }

    /** Remove a route. Writer thread only. @return the value removed, or {@link #NO_ROUTE}. */
    public int remove(final int address, final int length)
    {
        Prefix4.validate(address, length);
        if (length > directBits)
        {
            final int chunk = address >>> shift;
            final int old = removeChunkRule(chunk, ruleKey(address, length));
            if (old != NO_ROUTE)
            {
                size--;
                rebuild(chunk);
                retire();
            }
            return old;
        }
        final int old = rules[length].remove(address);
        if (old == NO_ROUTE)
        {
            return NO_ROUTE;
        }
        size--;
        final long cover = Ip4Table.coveringRule(rules, address, length);
        final int coverValue = Ip4Table.coverValue(cover);
        final byte coverDepth = Ip4Table.coverDepth(cover);
        coverChunks(address, length, coverValue, coverDepth, (byte)(length + 1));
        retire();
        return old;
    }

    /** The value of exactly this prefix, or {@link #NO_ROUTE}. Writer thread only. */
    public int get(final int address, final int length)
    {
        if (length <= directBits)
        {
            return rules[length].get(address);
        }
        final int[] list = chunkRules[address >>> shift];
        final int i = list == null ? -1 : findRule(list, ruleKey(address, length));
        return i < 0 ? NO_ROUTE : list[i + 1];
    }

    public int size()
    {
        return size;
    }

    /** k: the direct table has 2^k entries. */
    public int directBits()
    {
        return directBits;
    }

    /** Chunks whose direct entry points to ranges. Writer thread. */
    public int rangeChunks()
    {
        int n = 0;
        for (int c = 0; c < chunkRules.length; c++)
        {
            if ((RawMemory.getIntNative(direct + ((long)c << 2)) & 0x7FFF_FFFF) >>> SHORT_COUNT_BITS >= singletons)
            {
                n++;
            }
        }
        return n;
    }

    /** Arena ints (ranges and long-format counts) of the published chunks. */
    public long arenaIntsInUse()
    {
        return liveInts;
    }

    /** Chunk rebuilds so far (one per chunk a put or remove touched whose ranges changed). */
    public long rebuilds()
    {
        return rebuilds;
    }

    /** Arena blocks taken back from the reclaimer after their grace period. */
    public long reusedBlocks()
    {
        return reusedBlocks;
    }

    /** Next-hop indexes in use (with NO_ROUTE's). */
    public int nextHops()
    {
        return nextHopTop - freeNextHops.size() - (int)pendingNextHops;
    }

    private long pendingNextHops;

    /** Off-heap bytes: direct table, next-hop table, the arena and its outgrown copies. */
    public long nativeBytes()
    {
        long bytes = directMemory.byteSize() + nextHopMemory.byteSize() + arenaMemory.byteSize();
        for (final MemorySegment outgrown : outgrownArenas)
        {
            bytes += outgrown.byteSize();
        }
        return bytes;
    }

    /** Bytes the table holds: {@link #nativeBytes()}, the writer's arrays, rule maps and chunk rule lists. */
    public long footprintBytes()
    {
        long bytes = nativeBytes() + shortValue.length * 4L + shortDepth.length + chunkRules.length * 4L +
            nextHopRefs.length * 8L + nextHopIndex.capacity() * 8L;
        for (int length = 0; length <= directBits; length++)
        {
            bytes += rules[length].capacity() * 8L;
        }
        for (final int[] list : chunkRules)
        {
            if (list != null)
            {
                bytes += 16 + list.length * 4L;
            }
        }
        return bytes;
    }

    // ------------------------------------------------------------------------- writer side

    /** A rule longer than /k within its chunk: offset in the chunk, then length (sorts as the sweep needs). */
    private int ruleKey(final int address, final int length)
    {
        return (address & keyMask) << 6 | length;
    }

    /**
     * A rule of length <= k changed: every chunk it covers whose covering rule it is (or may now
     * be) takes (value, depth). {@code only == 0}: an add; otherwise a removal of the rule stored
     * with depth {@code only}, replaced by its cover.
     */
    private void coverChunks(final int network, final int length, final int value, final byte depth, final byte only)
    {
        final int first = network >>> shift;
        final int last = first + (1 << (directBits - length));
        for (int c = first; c < last; c++)
        {
            final boolean applies = only == 0 ? (shortDepth[c] & 0xFF) <= (depth & 0xFF) : shortDepth[c] == only;
            if (applies)
            {
                shortDepth[c] = depth;
                if (shortValue[c] != value)
                {
                    shortValue[c] = value;
                    if (chunkRules[c] == null)
                    {
                        publishLeaf(c, value);
                    }
                    else
                    {
                        rebuild(c);
                    }
                }
            }
        }
    }

    /** The entry of a chunk with one value: the one-range chunk of its next hop, shared by all such chunks. */
    private static int leafEntry(final int nextHop)
    {
        return 0x8000_0000 | nextHop << SHORT_COUNT_BITS | 1;
    }

    private void publishLeaf(final int chunk, final int value)
    {
        final long entryAddress = direct + ((long)chunk << 2);
        final int old = RawMemory.getIntNative(entryAddress);
        final int nextHop = acquireNextHop(value);
        final int entry = leafEntry(nextHop);
        if (old == entry)
        {
            releaseNextHop(nextHop);
            return;
        }
        RawMemory.putIntRelease(entryAddress, entry);
        releaseEntry(old);
    }

    /** A chunk's previous entry was replaced: its next hop (a leaf) or its ranges are no longer used. */
    private void releaseEntry(final int old)
    {
        final int block = (old & 0x7FFF_FFFF) >>> SHORT_COUNT_BITS;
        if (block < singletons)
        {
            releaseNextHop(block);
        }
        else
        {
            retireChunk(old);
        }
    }

    /** One range or leaf fewer uses the next hop: at none, its index is freed after the grace period. */
    private void releaseNextHop(final int index)
    {
        if (index != NO_ROUTE_INDEX && --nextHopRefs[index] == 0 && reclaimer != null)
        {
            // Without a Qsbr an index keeps its value for good; with one, it is freed after the grace period.
            nextHopIndex.remove(nextHopValue[index]);
            retiredNextHops.addInt(index);
        }
    }

    /** Rebuilds a chunk's ranges from its covering value and rules into fresh memory, and publishes them. */
    private void rebuild(final int chunk)
    {
        rebuilds++;
        sweep(shortValue[chunk], chunkRules[chunk]);
        if (outCount == 1)
        {
            publishLeaf(chunk, outValue[0]);
            return;
        }
        final int n = outCount;
        final boolean longFormat = n > SHORT_COUNT_MAX;
        final int blockSize = longFormat ? n + 1 : n;
        final int block = allocate(blockSize);
        final long base = arena + ((long)block << 2);
        long at = base;
        if (longFormat)
        {
            RawMemory.putIntNative(at, n);
            at += Integer.BYTES;
        }
        for (int i = 0; i < n; i++)
        {
            final int nextHop = acquireNextHop(outValue[i]);
            RawMemory.putIntNative(at + ((long)i << 2), outStart[i] << nextHopBits | nextHop);
        }
        final int entry = 0x8000_0000 | block << SHORT_COUNT_BITS | (longFormat ? 0 : n);
        final long entryAddress = direct + ((long)chunk << 2);
        final int old = RawMemory.getIntNative(entryAddress);
        RawMemory.putIntRelease(entryAddress, entry); // publishes the filled ranges
        releaseEntry(old);
    }

    /**
     * The chunk's ranges into {@link #outStart}/{@link #outValue}: a sweep over its rules in
     * (offset, length) order with a stack of the rules enclosing the current position, merging
     * neighbours with the same value.
     */
    private void sweep(final int coverValue, final int[] list)
    {
        outCount = 0;
        int top = 0;
        stackEnd[0] = chunkAddresses;
        stackValue[0] = coverValue;
        int position = 0;
        if (list != null)
        {
            final int end = 1 + 2 * list[0];
            for (int r = 1; r < end; r += 2)
            {
                final int key = list[r];
                final int offset = key >>> 6;
                final int length = key & 63;
                while (stackEnd[top] <= offset)
                {
                    if (position < stackEnd[top])
                    {
                        emit(position, stackValue[top]);
                        position = stackEnd[top];
                    }
                    top--;
                }
                if (position < offset)
                {
                    emit(position, stackValue[top]);
                    position = offset;
                }
                top++;
                stackEnd[top] = offset + (1 << (32 - length));
                stackValue[top] = list[r + 1];
            }
        }
        while (top >= 0)
        {
            if (position < stackEnd[top])
            {
                emit(position, stackValue[top]);
                position = stackEnd[top];
            }
            top--;
        }
    }

    private void emit(final int start, final int value)
    {
        if (outCount > 0 && outValue[outCount - 1] == value)
        {
            return;
        }
        if (outCount == outStart.length)
        {
            outStart = Arrays.copyOf(outStart, outCount * 2);
            outValue = Arrays.copyOf(outValue, outCount * 2);
        }
        outStart[outCount] = start;
        outValue[outCount] = value;
        outCount++;
    }

    /** The next-hop index of a value, made if new; counts one more range using it. */
    private int acquireNextHop(final int value)
    {
        if (value == NO_ROUTE)
        {
            return NO_ROUTE_INDEX;
        }
        int index = nextHopIndex.get(value);
        if (index < 0)
        {
            if (!freeNextHops.isEmpty())
            {
                index = freeNextHops.removeAt(freeNextHops.size() - 1);
            }
            else if (nextHopTop <= nextHopMask)
            {
                index = nextHopTop++;
            }
            else
            {
                throw new IllegalStateException("IPv4 FIB: more than " + nextHopMask + " distinct values in ranges (k = " +
                    directBits + ")");
            }
            nextHopValue[index] = value;
            RawMemory.putIntNative(nextHops + ((long)index << 2), value); // published with the ranges that use it
            RawMemory.putIntNative(arena + ((long)index << 2), index); // its singleton: one range (0, index)
            nextHopIndex.put(value, index);
        }
        nextHopRefs[index]++;
        return index;
    }

    /** A chunk's ranges were replaced: their block and next hops no longer used wait for the grace period. */
    private void retireChunk(final int entry)
    {
        final int d = entry & 0x7FFF_FFFF;
        final int block = d >>> SHORT_COUNT_BITS;
        int n = d & SHORT_COUNT_MAX;
        long at = arena + ((long)block << 2);
        int blockSize = n;
        if (n == 0)
        {
            n = RawMemory.getIntNative(at);
            at += Integer.BYTES;
            blockSize = n + 1;
        }
        for (int i = 0; i < n; i++)
        {
            releaseNextHop(RawMemory.getIntNative(at + ((long)i << 2)) & nextHopMask);
        }
        liveInts -= blockSize;
        if (reclaimer != null)
        {
            retiredBlocks.addInt(block);
            retiredSizes.addInt(blockSize);
        }
    }

    /** After an update: what it unlinked may be reused once every reader has passed a token taken now. */
    private void retire()
    {
        if (reclaimer == null || (retiredBlocks.isEmpty() && retiredNextHops.isEmpty()))
        {
            return;
        }
        final long token = qsbr.start();
        for (int i = 0; i < retiredBlocks.size(); i++)
        {
            offer((long)retiredBlocks.getInt(i) << 24 | retiredSizes.getInt(i), token);
        }
        for (int i = 0; i < retiredNextHops.size(); i++)
        {
            offer(~(long)retiredNextHops.getInt(i), token);
            pendingNextHops++;
        }
        retiredBlocks.clear();
        retiredSizes.clear();
        retiredNextHops.clear();
    }

    private void offer(final long handle, final long token)
    {
        if (!reclaimer.offer(handle, token))
        {
            reclaimer.poll(onReclaimed);
            if (!reclaimer.offer(handle, token))
            {
                leakedHandles++; // a reader holds the oldest grace period open: this memory is not reused
            }
        }
    }

    private void reclaimed(final long handle)
    {
        if (handle < 0)
        {
            freeNextHops.addInt((int)~handle);
            pendingNextHops--;
            return;
        }
        final int blockSize = (int)(handle & 0xFF_FFFF);
        final int block = (int)(handle >>> 24);
        if (blockSize >= freeBlocks.length)
        {
            freeBlocks = Arrays.copyOf(freeBlocks, Math.max(blockSize + 1, freeBlocks.length * 2));
        }
        IntArrayList list = freeBlocks[blockSize];
        if (list == null)
        {
            list = freeBlocks[blockSize] = new IntArrayList();
        }
        list.addInt(block);
    }

    /** Handles never reused because the reclaimer was full (a stalled reader). */
    public long leakedHandles()
    {
        return leakedHandles;
    }

    private int allocate(final int blockSize)
    {
        if (reclaimer != null)
        {
            reclaimer.poll(onReclaimed);
            if (blockSize < freeBlocks.length)
            {
                final IntArrayList list = freeBlocks[blockSize];
                if (list != null && !list.isEmpty())
                {
                    reusedBlocks++;
                    liveInts += blockSize;
                    return list.removeAt(list.size() - 1);
                }
            }
        }
        if (arenaTop + blockSize > arenaCapacity)
        {
            grow(arenaTop + blockSize);
        }
        final int block = arenaTop;
        arenaTop += blockSize;
        liveInts += blockSize;
        return block;
    }

    /** Doubles the arena: copy, then publish (volatile); a reader on the old copy reads old ranges, kept. */
    private void grow(final int needed)
    {
        if (needed > MAX_ARENA_INTS)
        {
            throw new IllegalStateException("IPv4 FIB full: " + MAX_ARENA_INTS + " ints of ranges in use");
        }
        int capacity = arenaCapacity;
        while (capacity < needed)
        {
            capacity = (int)Math.min((long)capacity * 2, MAX_ARENA_INTS);
        }
        final MemorySegment bigger = HugePageMemory.allocate((long)capacity * Integer.BYTES).segment();
        final MemorySegment old = arenaMemory;
        MemorySegment.copy(old, 0, bigger, 0, (long)arenaTop * Integer.BYTES);
        outgrownArenas.add(old);
        arenaMemory = bigger;
        arenaCapacity = capacity;
        arena = bigger.address(); // volatile: the copy is complete before any entry naming new blocks
    }

    /** Index of the key in a chunk's rule list, or {@code -(insertion index) - 1}. */
    private static int findRule(final int[] list, final int key)
    {
        int low = 0;
        int high = list[0] - 1;
        while (low <= high)
        {
            final int middle = (low + high) >>> 1;
            final int k = list[1 + 2 * middle];
            if (k < key)
            {
                low = middle + 1;
            }
            else if (k > key)
            {
                high = middle - 1;
            }
            else
            {
                return 1 + 2 * middle;
            }
        }
        return -(1 + 2 * low) - 1;
    }

    /** Adds or replaces a rule longer than /k in its chunk's list. @return the value replaced, or NO_ROUTE. */
    private int putChunkRule(final int chunk, final int key, final int value)
    {
        int[] list = chunkRules[chunk];
        if (list == null)
        {
            list = chunkRules[chunk] = new int[3];
        }
        final int i = findRule(list, key);
        if (i >= 0)
        {
            final int old = list[i + 1];
            list[i + 1] = value;
            return old;
        }
        final int at = -i - 1;
        final int used = 1 + 2 * list[0];
        if (used == list.length)
        {
            list = chunkRules[chunk] = Arrays.copyOf(list, used + Math.max(2, (used - 1) / 2 & ~1));
        }
        System.arraycopy(list, at, list, at + 2, used - at);
        list[at] = key;
        list[at + 1] = value;
        list[0]++;
        return NO_ROUTE;
    }

    /** Removes a rule longer than /k from its chunk's list. @return its value, or NO_ROUTE. */
    private int removeChunkRule(final int chunk, final int key)
    {
        final int[] list = chunkRules[chunk];
        final int i = list == null ? -1 : findRule(list, key);
        if (i < 0)
        {
            return NO_ROUTE;
        }
        final int old = list[i + 1];
        final int used = 1 + 2 * list[0];
        System.arraycopy(list, i + 2, list, i, used - i - 2);
        if (--list[0] == 0)
        {
            chunkRules[chunk] = null;
        }
        return old;
    }
}
