package net.junction.routing.lpm;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

import net.junction.bindings.RawMemory;
import net.junction.routing.qsbr.DeferredReclaimer;
import net.junction.routing.qsbr.Qsbr;
import org.agrona.collections.IntArrayList;

/**
 * The storage and update machinery of {@link Ip6Mtrie}: a 16-bit root and plies of 256 entries,
 * each entry a leaf (a value, or {@link #NO_ROUTE}) or a pointer to a ply, with the writer-side
 * length of the rule that set each entry.
 *
 * <p>Update primitives: {@link #coverRoot}/{@link #coverPly} apply a rule change to an entry and
 * everything below it (an add overwrites entries whose rule is not longer; a removal rewrites
 * the entries its rule had set), {@link #ensurePly} makes a ply from a leaf a rule covers only
 * part of (filled, then linked), {@link #foldPly} folds a uniform ply back into its parent.
 * Folded plies are retired under a {@link Qsbr} token taken after the update that unlinked them
 * ({@link #retireFolded}) and reused once every reader has passed it; without a Qsbr never.
 *
 * <p>Storage: the plies are native memory in one range of address space reserved up front for
 * {@link #MAX_PLIES} plies ({@link HugePageMemory#reserve}, {@code MAP_NORESERVE}): the kernel
 * backs a page when the writer first touches it, so the table grows in place, a huge page at a
 * time, and is never copied. (It used to double one Java array by copying it: garbage of the
 * table's whole size at each step, both copies live while it grew, and the collector's work.) A
 * ply entry is read by address, {@code plies + (slot << 2)} where a <em>slot</em> is {@code ply
 * << 8 | byte}: one load per level, as the single array had, with neither a bounds check nor a
 * reference to load first. (Chunks of Java arrays were tried first: a chunk's reference and its
 * length to load per level cost a third of the burst lookup rate, and G1 rounded each chunk up to
 * whole regions; docs/benchmarks.md.) Ply numbers are handed out in order, so the memory in use
 * is the plies made so far (with a Qsbr, freed plies are reused before new ones are made). The
 * writer's depths lie in a second reserved range, a byte per entry.
 *
 * <p>Concurrency: one writer; entries are written with release stores and read by lookups with
 * acquire loads; a new ply is filled before the pointer to it is stored (release), so a reader
 * that loaded the pointer (acquire) sees it filled. The memory is unmapped when the table is
 * collected: a reader must hold the table while it looks up ({@link Ip6Mtrie}'s lookups end with
 * a reachability fence).
 */
final class PlyTable
{
    static final int NO_ROUTE = Ip4ReferenceTrie.NO_ROUTE;
    static final int PLY_SIZE = 256;
    /** Writer-side depth of an entry set by no rule; a rule of length d is stored as d + 1. */
    static final byte NO_RULE = 0;
    static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    /**
     * Plies a table can hold, the address space it reserves (1,280 bytes a ply: 5 GiB at the
     * default 2^22, four million plies; a full Internet table of 250k IPv6 routes uses about 280k).
     * System property {@code junction.lpm.ip6MaxPlies}; at most 2^23 - 1 (a slot is an int).
     * Without mmap (not Linux) the table allocates {@link #FALLBACK_PLIES} up front instead.
     */
    static final int MAX_PLIES = Math.min(Integer.getInteger("junction.lpm.ip6MaxPlies", 1 << 22), (1 << 23) - 1);
    static final int FALLBACK_PLIES = Math.min(MAX_PLIES, 1 << 14);
    private static final long PLY_BYTES = PLY_SIZE * (long)Integer.BYTES;

    final int[] root = new int[1 << 16];
    private final byte[] rootDepth = new byte[1 << 16];
    /**
     * The plies' entries (native, by address; readers: {@link #entry}) and the writer's depths;
     * held so that the mappings live as long as the table.
     */
    private final MemorySegment plyMemory;
    private final MemorySegment depthMemory;
    final long plies;
    private final long depths;
    private final int maxPlies;
    /** The granule in which the kernel backs the reserved memory: a huge page where advised. */
    private final long pageBytes;
    /** Plies ever made: the next new ply, and the high-water mark of the memory in use. */
    private int plyCount;
    private int retiredPlies;
    private long reclaimablePlies;
    private long reusedPlies;
    private final Qsbr qsbr;
    private final DeferredReclaimer reclaimer;
    private final IntArrayList retiredThisUpdate = new IntArrayList();
    private final IntArrayList freePlies = new IntArrayList();
    private final DeferredReclaimer.Handler onReclaimed = handle -> freePlies.addInt((int)handle);

    /** @param qsbr the readers whose quiescent states gate ply reuse; null: never reused. */
    PlyTable(final Qsbr qsbr)
    {
        Arrays.fill(root, NO_ROUTE);
        final boolean reserve = HugePageMemory.canReserve();
        maxPlies = reserve ? MAX_PLIES : FALLBACK_PLIES;
        final HugePageMemory.Region entries = reserve ?
            HugePageMemory.reserve(maxPlies * PLY_BYTES) : HugePageMemory.allocate(maxPlies * PLY_BYTES);
        plyMemory = entries.segment();
        depthMemory = reserve ?
            HugePageMemory.reserve(maxPlies * (long)PLY_SIZE).segment() :
            HugePageMemory.allocate(maxPlies * (long)PLY_SIZE).segment();
        plies = plyMemory.address();
        depths = depthMemory.address();
        pageBytes = entries.hugePageAdvice() ? HugePageMemory.HUGE_PAGE_BYTES : 4096;
        this.qsbr = qsbr;
        this.reclaimer = qsbr == null ? null : new DeferredReclaimer(qsbr, 1 << 16);
    }

    /** Entry encoding: a value >= -1 is a leaf; a value <= -2 points to ply {@code -(value + 2)}. */
    static boolean isLeaf(final int entry)
    {
        return entry >= NO_ROUTE;
    }

    static int plyOf(final int entry)
    {
        return -(entry + 2);
    }

    private static int pointerTo(final int ply)
    {
        return -ply - 2;
    }

    /**
     * The ply entry at {@code slot}, as a reader loads it (acquire): {@code plies} is {@link
     * #plies}, the slot from a pointer the reader loaded with acquire.
     */
    static int entry(final long plies, final int slot)
    {
        return RawMemory.getIntAcquire(plies + ((long)slot << 2));
    }

    private long entryAddress(final int slot)
    {
        return plies + ((long)slot << 2);
    }

    private byte depth(final int slot)
    {
        return (byte)RawMemory.getByte(depths + slot);
    }

    private void depth(final int slot, final byte depth)
    {
        RawMemory.putByte(depths + slot, depth);
    }

    private static boolean applies(final byte entryDepth, final byte depth, final byte only)
    {
        return only == NO_RULE ? (entryDepth & 0xFF) <= (depth & 0xFF) : entryDepth == only;
    }

    /**
     * Applies a rule change to root entry {@code i} and everything below it. {@code only ==
     * NO_RULE}: an add of a rule of length {@code depth - 1}. Otherwise a removal: the entries set
     * by the rule stored as {@code only} take (value, depth), the covering rule.
     */
    void coverRoot(final int i, final int value, final byte depth, final byte only)
    {
        final int entry = root[i];
        if (isLeaf(entry))
        {
            if (applies(rootDepth[i], depth, only))
            {
                rootDepth[i] = depth;
                INTS.setRelease(root, i, value);
            }
            return;
        }
        final int ply = plyOf(entry);
        for (int j = 0; j < PLY_SIZE; j++)
        {
            coverPly((ply << 8) | j, value, depth, only);
        }
        foldPly(true, i, ply);
    }

    /** As {@link #coverRoot}, for entry {@code slot} of the plies. */
    void coverPly(final int slot, final int value, final byte depth, final byte only)
    {
        final long address = entryAddress(slot);
        final int entry = RawMemory.getIntNative(address);
        if (isLeaf(entry))
        {
            if (applies(depth(slot), depth, only))
            {
                depth(slot, depth);
                RawMemory.putIntRelease(address, value);
            }
            return;
        }
        final int ply = plyOf(entry);
        for (int k = 0; k < PLY_SIZE; k++)
        {
            coverPly((ply << 8) | k, value, depth, only);
        }
        foldPly(false, slot, ply);
    }

    /**
     * The ply under a root entry ({@code inRoot}) or a ply entry: made from the leaf there (all
     * 256 entries take its value and depth) and linked once filled, when there is none yet.
     */
    int ensurePly(final boolean inRoot, final int slot)
    {
        final int entry = inRoot ? root[slot] : RawMemory.getIntNative(entryAddress(slot));
        if (!isLeaf(entry))
        {
            return plyOf(entry);
        }
        final byte depth = inRoot ? rootDepth[slot] : depth(slot);
        final int ply = allocatePly();
        final int base = ply << 8;
        RawMemory.fill(depths + base, PLY_SIZE, depth);
        final long baseAddress = entryAddress(base);
        for (int k = 0; k < PLY_SIZE; k++)
        {
            RawMemory.putIntNative(baseAddress + ((long)k << 2), entry);
        }
        // The release store of the pointer publishes the filled ply.
        if (inRoot)
        {
            INTS.setRelease(root, slot, pointerTo(ply));
        }
        else
        {
            RawMemory.putIntRelease(entryAddress(slot), pointerTo(ply));
        }
        return ply;
    }

    /** Folds a ply whose entries are one leaf (same value, same rule) back into its parent entry. */
    void foldPly(final boolean inRoot, final int slot, final int ply)
    {
        final int base = ply << 8;
        final long baseAddress = entryAddress(base);
        final int value = RawMemory.getIntNative(baseAddress);
        final byte depth = depth(base);
        if (!isLeaf(value) || (inRoot ? root[slot] : RawMemory.getIntNative(entryAddress(slot))) != pointerTo(ply))
        {
            return;
        }
        for (int k = 1; k < PLY_SIZE; k++)
        {
            if (RawMemory.getIntNative(baseAddress + ((long)k << 2)) != value || depth(base + k) != depth)
            {
                return;
            }
        }
        if (inRoot)
        {
            rootDepth[slot] = depth;
            INTS.setRelease(root, slot, value);
        }
        else
        {
            depth(slot, depth);
            RawMemory.putIntRelease(entryAddress(slot), value);
        }
        retiredPlies++;
        retiredThisUpdate.addInt(ply);
    }

    /**
     * After an update: the plies it folded are unreachable for readers that start now; they may
     * be reused once every reader has passed a token taken after their unlinking stores.
     */
    void retireFolded()
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
                    reclaimablePlies++;
                }
            }
        }
        retiredThisUpdate.clear();
    }

    private int allocatePly()
    {
        if (reclaimer != null)
        {
            reclaimer.poll(onReclaimed);
            if (!freePlies.isEmpty())
            {
                reusedPlies++;
                return freePlies.removeAt(freePlies.size() - 1);
            }
        }
        if (plyCount == maxPlies)
        {
            throw new IllegalStateException("IPv6 FIB full: " + maxPlies + " plies (junction.lpm.ip6MaxPlies)");
        }
        return plyCount++;
    }

    int pliesInUse()
    {
        return (int)(plyCount - retiredPlies + reusedPlies);
    }

    int retiredPlies()
    {
        return retiredPlies;
    }

    long reclaimablePlies()
    {
        return reclaimablePlies;
    }

    long reusedPlies()
    {
        return reusedPlies;
    }

    /** Plies ever made: the plies' memory in use is theirs (freed plies are reused first). */
    int pliesMade()
    {
        return plyCount;
    }

    /**
     * Bytes of entries and writer-side depths: the root, and the plies made so far rounded up to
     * the page the kernel backs them with (the reserved address space beyond is not memory).
     */
    long footprintBytes()
    {
        return root.length * 5L + nativeBytes();
    }

    /** The plies' entries and depths: native memory in use, which no heap figure shows. */
    long nativeBytes()
    {
        return roundUp(plyCount * PLY_BYTES) + roundUp(plyCount * (long)PLY_SIZE);
    }

    private long roundUp(final long bytes)
    {
        return (bytes + pageBytes - 1) & -pageBytes;
    }
}
