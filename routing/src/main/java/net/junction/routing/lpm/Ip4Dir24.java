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
 * IPv4 longest-prefix match in one memory load for any address whose longest match is a /24 or
 * shorter, two otherwise: DIR-24-8 (Gupta, Lin, McKeown, "Routing lookups in hardware at memory
 * access speeds", 1998; DPDK's rte_lpm and rte_fib DIR24_8). The first level, {@code tbl24}, has
 * one 32-bit entry per /24 (2^24 entries, 64 MiB off-heap, on transparent huge pages where the
 * kernel gives them, see {@link HugePageMemory}); an entry is a leaf (the value for every address
 * of its /24, or {@link #NO_ROUTE}) or points to a <em>group</em> of 256 entries, one per
 * address of the /24, all leaves. Groups exist only under /24s that a longer rule covers in part:
 * a full table of today's Internet has a few hundred.
 *
 * <p>Entry encoding, as {@link Ip6Mtrie}'s plies: an entry {@code >= -1} is a leaf; an entry
 * {@code <= -2} points to group {@code -(entry + 2)}. So a value is any non-negative int.
 *
 * <p>Updates in place, as rte_lpm: beside every entry the writer keeps the length of the rule that
 * set it (on the heap; readers never look at it), and the rules themselves sit in one primitive
 * hash map per prefix length. Adding a rule of length d overwrites the entries it covers whose
 * rule is no longer than d; removing it rewrites the entries it had set with the longest rule
 * that covers it (at most 32 hash probes). A group is made when a rule longer than /24 covers part
 * of a leaf, and folded back into its tbl24 entry when its 256 entries become one leaf again.
 *
 * <p>Concurrency: one writer, any number of readers that never block or retry. Every entry is one
 * aligned {@code int} written with a release store and read with an acquire load; a new group is
 * filled before the entry pointing to it is published, so a reader sees, for each address, the
 * value before or after a change, never anything else. A folded group is retired under a
 * {@link Qsbr} token taken after the update that unlinked it, and reused only once every reader
 * has reported a quiescent state past that token (without a Qsbr it is never reused). The group
 * memory grows by copy: a reader still on the old copy reads a consistent old table, and the old
 * copy is kept for the table's lifetime.
 *
 * <p>Memory: both levels are native memory read and written by address through {@link RawMemory}
 * (plain Unsafe accesses: measured, a {@link MemorySegment} access with its bounds and liveness
 * checks ran random lookups at less than half the rate, its checks crowding out the overlapped
 * cache misses). The segments stay referenced by the table, which unmaps them when it is
 * collected: a reader must hold the table while it looks up (the data plane's lives as long as
 * the process; every lookup ends with a reachability fence on it).
 *
 * <p>Fast path: {@link #lookup} and {@link #lookupBurst} allocate nothing and never block.
 */
public final class Ip4Dir24 implements Ip4Table
{
    public static final int NO_ROUTE = Ip4ReferenceTrie.NO_ROUTE;

    /** Entries in a group: the last byte of the address. */
    static final int GROUP_SIZE = 256;
    private static final int TBL24_ENTRIES = 1 << 24;
    private static final long GROUP_BYTES = GROUP_SIZE * Integer.BYTES;
    /** Group indexes times 256 must fit an int (the writer's depth array): 2^23 groups, 8 GiB. */
    private static final int MAX_GROUPS = 1 << 23;
    private static final int INITIAL_GROUPS = 256;
    /** Writer-side depth of an entry set by no rule; a rule of length d is stored as d + 1. */
    private static final byte NO_RULE = 0;

    /** tbl24's memory, held so that it lives as long as the table, and its address. */
    private final MemorySegment tbl24Memory;
    private final long tbl24;
    private final boolean hugePages;
    /** Writer side: the depth of the rule behind each tbl24 leaf. */
    private final byte[] depth24 = new byte[TBL24_ENTRIES];
    /** All groups, 256 entries each; replaced (copied) when full. */
    private MemorySegment groupsMemory;
    /** The address of {@link #groupsMemory}, as readers load it (after the entry that sent them there). */
    private volatile long groups;
    /**
     * Copies of the groups the table outgrew: a reader may still be on one, so they live as long
     * as the table (all of them together are smaller than the current copy).
     */
    private final List<MemorySegment> outgrownGroups = new ArrayList<>();
    private byte[] groupDepth = new byte[INITIAL_GROUPS * GROUP_SIZE];
    private int groupCapacity = INITIAL_GROUPS;
    private int groupCount;
    private int retiredGroups;
    private long reclaimableGroups;
    private long reusedGroups;

    private final Qsbr qsbr;
    private final DeferredReclaimer reclaimer;
    private final IntArrayList retiredThisUpdate = new IntArrayList();
    private final IntArrayList freeGroups = new IntArrayList();
    private final DeferredReclaimer.Handler onReclaimed = handle -> freeGroups.addInt((int)handle);

    /** The rules by prefix length: network address to value. */
    private final Int2IntHashMap[] rules = new Int2IntHashMap[Prefix4.MAX_LENGTH + 1];
    private int size;

    /** A table whose folded groups are never reused (no readers to wait for are known). */
    public Ip4Dir24()
    {
        this(null);
    }

    /**
     * @param qsbr the readers' quiescent states: a folded group is reused once all of them have
     *             passed the update that unlinked it. Null: never reused.
     */
    public Ip4Dir24(final Qsbr qsbr)
    {
        final HugePageMemory.Region region = HugePageMemory.allocate(TBL24_ENTRIES * (long)Integer.BYTES);
        tbl24Memory = region.segment();
        tbl24 = tbl24Memory.address();
        hugePages = region.hugePageAdvice();
        tbl24Memory.fill((byte)0xFF); // NO_ROUTE; published to readers with the final field
        groupsMemory = HugePageMemory.allocate(INITIAL_GROUPS * GROUP_BYTES).segment();
        groups = groupsMemory.address();
        this.qsbr = qsbr;
        this.reclaimer = qsbr == null ? null : new DeferredReclaimer(qsbr, 1 << 16);
        for (int length = 0; length <= Prefix4.MAX_LENGTH; length++)
        {
            rules[length] = new Int2IntHashMap(NO_ROUTE);
        }
    }

    private static boolean isLeaf(final int entry)
    {
        return entry >= NO_ROUTE;
    }

    private static int groupOf(final int entry)
    {
        return -(entry + 2);
    }

    private static int pointerTo(final int group)
    {
        return -group - 2;
    }

    /** Byte offset of the entry for {@code address} in the group an entry points to. */
    private static long groupEntryOffset(final int pointer, final int address)
    {
        return ((long)groupOf(pointer) << 10) | ((address & 0xFF) << 2);
    }

    /**
     * Longest-prefix match. Any thread, concurrently with the writer.
     *
     * @return the value of the longest prefix containing the address, or {@link #NO_ROUTE}.
     */
    public int lookup(final int address)
    {
        final int entry = RawMemory.getIntAcquire(tbl24 + ((long)(address >>> 8) << 2));
        if (isLeaf(entry))
        {
            Reference.reachabilityFence(this);
            return entry;
        }
        // The groups are loaded after the entry (acquire): a group the entry names is in them.
        final int value = RawMemory.getIntAcquire(groups + groupEntryOffset(entry, address));
        Reference.reachabilityFence(this);
        return value;
    }

    /**
     * Longest-prefix match of a burst: every address's tbl24 entry first, then the groups of those
     * that need one, so the loads of different addresses are independent and overlap (as
     * rte_lpm_lookup_bulk). Any thread; allocates nothing.
     *
     * @param addresses destinations, {@code count} of them.
     * @param results   where the value (or {@link #NO_ROUTE}) of each lands; also the scratch
     *                  space for entries still pointing at a group.
     */
    public void lookupBurst(final int[] addresses, final int[] results, final int count)
    {
        final long first = tbl24;
        boolean deeper = false;
        for (int i = 0; i < count; i++)
        {
            final int entry = RawMemory.getIntAcquire(first + ((long)(addresses[i] >>> 8) << 2));
            results[i] = entry;
            deeper |= !isLeaf(entry);
        }
        if (deeper)
        {
            final long second = groups;
            for (int i = 0; i < count; i++)
            {
                final int entry = results[i];
                if (!isLeaf(entry))
                {
                    results[i] = RawMemory.getIntAcquire(second + groupEntryOffset(entry, addresses[i]));
                }
            }
        }
        Reference.reachabilityFence(this);
    }

    /** Add or replace a route. Writer thread only. @return the value replaced, or {@link #NO_ROUTE}. */
    public int put(final int address, final int length, final int value)
    {
        Prefix4.validate(address, length);
        if (value < 0)
        {
            throw new IllegalArgumentException("value must not be negative: " + value);
        }
        final int old = rules[length].put(address, value);
        if (old == NO_ROUTE)
        {
            size++;
        }
        update(address, length, value, (byte)(length + 1), NO_RULE);
        retireFolded();
        return old;
    }

    /** Remove a route. Writer thread only. @return the value removed, or {@link #NO_ROUTE}. */
    public int remove(final int address, final int length)
    {
        Prefix4.validate(address, length);
        final int old = rules[length].remove(address);
        if (old == NO_ROUTE)
        {
            return NO_ROUTE;
        }
        size--;
        final long cover = Ip4Table.coveringRule(rules, address, length);
        final int coverValue = Ip4Table.coverValue(cover);
        final byte coverDepth = Ip4Table.coverDepth(cover);
        update(address, length, coverValue, coverDepth, (byte)(length + 1));
        retireFolded();
        return old;
    }

    /** The value of exactly this prefix, or {@link #NO_ROUTE}. Writer thread only. */
    public int get(final int address, final int length)
    {
        return rules[length].get(address);
    }

    /** A rule as {@link #forEachRule} hands it over. */
    @FunctionalInterface
    public interface RuleConsumer
    {
        /**
         * @param address network address, host bits clear.
         * @param length  prefix length.
         * @param value   the rule's value.
         */
        void accept(int address, int length, int value);
    }

    /**
     * Every rule, shortest prefix first, in no order within a length. Writer thread only; the consumer
     * must not change the table (collect, then change). Allocates nothing but a capture per length.
     */
    public void forEachRule(final RuleConsumer consumer)
    {
        for (int length = 0; length <= Prefix4.MAX_LENGTH; length++)
        {
            final int ruleLength = length;
            rules[length].forEachInt((address, value) -> consumer.accept(address, ruleLength, value));
        }
    }

    public int size()
    {
        return size;
    }

    /** Whether the kernel accepted the huge-page advice for tbl24 (see {@link HugePageMemory}). */
    public boolean hugePages()
    {
        return hugePages;
    }

    /** Groups in use. */
    public int groups()
    {
        return (int)(groupCount - retiredGroups + reusedGroups);
    }

    /** Groups folded back into their tbl24 entry (some since reused). */
    public int retiredGroups()
    {
        return retiredGroups;
    }

    /** Folded groups handed to the reclaimer. */
    public long reclaimableGroups()
    {
        return reclaimableGroups;
    }

    /** Groups taken back from the reclaimer after their grace period. */
    public long reusedGroups()
    {
        return reusedGroups;
    }

    /** Off-heap bytes: tbl24 and the group memory, outgrown copies included (not seen by heap or direct-buffer accounting). */
    public long nativeBytes()
    {
        long bytes = tbl24Memory.byteSize() + groupsMemory.byteSize();
        for (int i = 0; i < outgrownGroups.size(); i++) // no iterator: the FIB writer asks after every batch
        {
            bytes += outgrownGroups.get(i).byteSize();
        }
        return bytes;
    }

    /** Bytes the table holds: entries (off-heap), writer-side depths, the rule maps' arrays. */
    public long footprintBytes()
    {
        long bytes = nativeBytes() + depth24.length + groupDepth.length;
        for (final Int2IntHashMap map : rules)
        {
            bytes += map.capacity() * 8L;
        }
        return bytes;
    }

    // ------------------------------------------------------------------------- writer side

    /**
     * Applies a rule change to every entry the prefix covers. {@code only == NO_RULE}: an add of a
     * rule of length {@code depth - 1}. Otherwise a removal: the entries set by the rule stored as
     * {@code only} take (value, depth), the covering rule.
     */
    private void update(final int network, final int length, final int value, final byte depth, final byte only)
    {
        final int index = network >>> 8;
        if (length <= 24)
        {
            final int last = index + (1 << (24 - length));
            for (int i = index; i < last; i++)
            {
                coverTbl24(i, value, depth, only);
            }
            return;
        }
        final int group = ensureGroup(index);
        final int base = group << 8;
        final int first = network & 0xFF;
        final int last = first + (1 << (32 - length));
        for (int k = first; k < last; k++)
        {
            coverGroupEntry(base | k, value, depth, only);
        }
        foldGroup(index, group);
    }

    private static boolean applies(final byte entryDepth, final byte depth, final byte only)
    {
        return only == NO_RULE ? (entryDepth & 0xFF) <= (depth & 0xFF) : entryDepth == only;
    }

    private void coverTbl24(final int i, final int value, final byte depth, final byte only)
    {
        final long entryAddress = tbl24 + ((long)i << 2);
        final int entry = RawMemory.getIntNative(entryAddress);
        if (isLeaf(entry))
        {
            if (applies(depth24[i], depth, only))
            {
                depth24[i] = depth;
                if (entry != value)
                {
                    RawMemory.putIntRelease(entryAddress, value);
                }
            }
            return;
        }
        final int group = groupOf(entry);
        final int base = group << 8;
        for (int k = 0; k < GROUP_SIZE; k++)
        {
            coverGroupEntry(base | k, value, depth, only);
        }
        foldGroup(i, group);
    }

    /** Entry {@code slot} of the groups (group times 256 plus the address's last byte). */
    private void coverGroupEntry(final int slot, final int value, final byte depth, final byte only)
    {
        if (applies(groupDepth[slot], depth, only))
        {
            groupDepth[slot] = depth;
            RawMemory.putIntRelease(groups + ((long)slot << 2), value);
        }
    }

    /** The group under tbl24 entry {@code index}: made from the leaf there and linked once filled, if none yet. */
    private int ensureGroup(final int index)
    {
        final long entryAddress = tbl24 + ((long)index << 2);
        final int entry = RawMemory.getIntNative(entryAddress);
        if (!isLeaf(entry))
        {
            return groupOf(entry);
        }
        final int group = allocateGroup();
        final int base = group << 8;
        final long baseAddress = groups + ((long)base << 2);
        Arrays.fill(groupDepth, base, base + GROUP_SIZE, depth24[index]);
        for (int k = 0; k < GROUP_SIZE; k++)
        {
            RawMemory.putIntNative(baseAddress + ((long)k << 2), entry);
        }
        RawMemory.putIntRelease(entryAddress, pointerTo(group)); // publishes the filled group
        return group;
    }

    /** Folds a group whose entries are one leaf (same value, same rule) back into its tbl24 entry. */
    private void foldGroup(final int index, final int group)
    {
        final int base = group << 8;
        final long baseAddress = groups + ((long)base << 2);
        final int value = RawMemory.getIntNative(baseAddress);
        final byte depth = groupDepth[base];
        for (int k = 1; k < GROUP_SIZE; k++)
        {
            if (RawMemory.getIntNative(baseAddress + ((long)k << 2)) != value || groupDepth[base + k] != depth)
            {
                return;
            }
        }
        depth24[index] = depth;
        RawMemory.putIntRelease(tbl24 + ((long)index << 2), value);
        retiredGroups++;
        retiredThisUpdate.addInt(group);
    }

    /**
     * After an update: the groups it folded are unreachable for readers that start now; they may
     * be reused once every reader has passed a token taken after their unlinking stores.
     */
    private void retireFolded()
    {
        if (retiredThisUpdate.isEmpty())
        {
            return;
        }
        if (reclaimer != null)
        {
            final long token = qsbr.start();
            for (int i = 0; i < retiredThisUpdate.size(); i++)
            {
                if (reclaimer.offer(retiredThisUpdate.getInt(i), token))
                {
                    reclaimableGroups++;
                }
            }
        }
        retiredThisUpdate.clear();
    }

    private int allocateGroup()
    {
        if (reclaimer != null)
        {
            reclaimer.poll(onReclaimed);
            if (!freeGroups.isEmpty())
            {
                reusedGroups++;
                return freeGroups.removeAt(freeGroups.size() - 1);
            }
        }
        if (groupCount == groupCapacity)
        {
            grow();
        }
        return groupCount++;
    }

    /**
     * Doubles the group memory: copy, then publish (release); readers on the old copy read old
     * values, and the old copy is kept (see {@link #outgrownGroups}).
     */
    private void grow()
    {
        if (groupCapacity >= MAX_GROUPS)
        {
            throw new IllegalStateException("IPv4 FIB full: " + MAX_GROUPS + " groups of 256 entries in use");
        }
        final int capacity = groupCapacity * 2;
        final MemorySegment bigger = HugePageMemory.allocate(capacity * GROUP_BYTES).segment();
        final MemorySegment old = groupsMemory;
        MemorySegment.copy(old, 0, bigger, 0, old.byteSize());
        groupDepth = Arrays.copyOf(groupDepth, capacity * GROUP_SIZE);
        groupCapacity = capacity;
        outgrownGroups.add(old);
        groupsMemory = bigger;
        groups = bigger.address(); // volatile: the copy is complete before any reader can see it
    }
}
