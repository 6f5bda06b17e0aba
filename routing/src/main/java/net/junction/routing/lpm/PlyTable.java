package net.junction.routing.lpm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

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
 * <p>Storage: the plies live in chunks that are never copied nor freed. A ply's entries are
 * addressed by a <em>slot</em>, {@code ply << 8 | byte}; its chunk is {@code slot >>> }{@link
 * #SLOT_CHUNK_SHIFT} and its index there {@code slot & }{@link #SLOT_IN_CHUNK_MASK}, shifts and
 * masks only: ply numbers are spaced so that chunk {@code c} holds plies from {@code c << }{@link
 * #CHUNK_SHIFT}, and a chunk holds whole plies, so no ply straddles two. The first chunk holds
 * {@link #FIRST_CHUNK_PLIES} and each next one twice the last, up to {@link #CHUNK_PLIES}: a small
 * table stays small, a full one needs about 70 chunks (the readers' index of them: a few cache
 * lines), and growth allocates each chunk once, where the table used to double one array by
 * copying it (garbage of the table's whole size, and both copies live at once). The price: one
 * more load per ply on a lookup, the chunk's reference from {@link #chunks}, a small array that
 * stays in L1.
 *
 * <p>Concurrency: one writer; entries are written with release stores and read by lookups with
 * acquire loads. {@link #chunks} has a fixed length and each of its elements is written once,
 * with a release store, before any pointer into that chunk is linked (itself a release store);
 * a reader reaches a chunk only through a pointer it loaded with acquire, so a plain load of the
 * chunk's reference sees it.
 */
final class PlyTable
{
    static final int NO_ROUTE = Ip4ReferenceTrie.NO_ROUTE;
    static final int PLY_SIZE = 256;
    /** Writer-side depth of an entry set by no rule; a rule of length d is stored as d + 1. */
    static final byte NO_RULE = 0;
    static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle ARRAYS = MethodHandles.arrayElementVarHandle(int[][].class);

    /** Plies in a full chunk, as a shift: 8,192 plies, 8 MiB of entries and 2 MiB of depths. */
    static final int CHUNK_SHIFT = 13;
    static final int CHUNK_PLIES = 1 << CHUNK_SHIFT;
    /** Plies in the first chunk; each next chunk holds twice the last, up to {@link #CHUNK_PLIES}. */
    static final int FIRST_CHUNK_PLIES = 64;
    /** A slot's chunk is {@code slot >>> SLOT_CHUNK_SHIFT}. */
    static final int SLOT_CHUNK_SHIFT = CHUNK_SHIFT + 8;
    /** A slot's index in its chunk. */
    static final int SLOT_IN_CHUNK_MASK = (1 << SLOT_CHUNK_SHIFT) - 1;
    /** Ply numbers stay below 2^23 so that a slot is a non-negative int: this many chunks at most. */
    static final int MAX_CHUNKS = 1 << (31 - SLOT_CHUNK_SHIFT);

    final int[] root = new int[1 << 16];
    private final byte[] rootDepth = new byte[1 << 16];
    /** The plies' entries, chunk by chunk; null past the chunks made so far. Readers: {@link #entry}. */
    final int[][] chunks = new int[MAX_CHUNKS][];
    /** The writer-side depths of the ply entries, in the same chunks as {@link #chunks}. */
    private final byte[][] depthChunks = new byte[MAX_CHUNKS][];
    private int chunkCount;
    /** The next never-used ply, and the end of its chunk. */
    private int nextPly;
    private int chunkEndPly;
    private long plyCapacity;
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
     * The ply entry at {@code slot}, as a reader loads it (acquire). {@code chunks} is {@link
     * #chunks}; the slot came from a pointer the reader loaded with acquire (see the class comment).
     */
    static int entry(final int[][] chunks, final int slot)
    {
        return (int)INTS.getAcquire(chunks[slot >>> SLOT_CHUNK_SHIFT], slot & SLOT_IN_CHUNK_MASK);
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
        final int[] entries = chunks[slot >>> SLOT_CHUNK_SHIFT];
        final byte[] depths = depthChunks[slot >>> SLOT_CHUNK_SHIFT];
        final int i = slot & SLOT_IN_CHUNK_MASK;
        final int entry = entries[i];
        if (isLeaf(entry))
        {
            if (applies(depths[i], depth, only))
            {
                depths[i] = depth;
                INTS.setRelease(entries, i, value);
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
        final int entry = inRoot ? root[slot] : chunks[slot >>> SLOT_CHUNK_SHIFT][slot & SLOT_IN_CHUNK_MASK];
        if (!isLeaf(entry))
        {
            return plyOf(entry);
        }
        final byte depth = inRoot ? rootDepth[slot] : depthChunks[slot >>> SLOT_CHUNK_SHIFT][slot & SLOT_IN_CHUNK_MASK];
        final int ply = allocatePly();
        final int base = ply << 8;
        final int[] entries = chunks[base >>> SLOT_CHUNK_SHIFT];
        final int first = base & SLOT_IN_CHUNK_MASK;
        Arrays.fill(depthChunks[base >>> SLOT_CHUNK_SHIFT], first, first + PLY_SIZE, depth);
        for (int k = 0; k < PLY_SIZE; k++)
        {
            INTS.setRelease(entries, first + k, entry);
        }
        if (inRoot)
        {
            INTS.setRelease(root, slot, pointerTo(ply));
        }
        else
        {
            INTS.setRelease(chunks[slot >>> SLOT_CHUNK_SHIFT], slot & SLOT_IN_CHUNK_MASK, pointerTo(ply));
        }
        return ply;
    }

    /** Folds a ply whose entries are one leaf (same value, same rule) back into its parent entry. */
    void foldPly(final boolean inRoot, final int slot, final int ply)
    {
        final int base = ply << 8;
        final int[] entries = chunks[base >>> SLOT_CHUNK_SHIFT];
        final byte[] depths = depthChunks[base >>> SLOT_CHUNK_SHIFT];
        final int first = base & SLOT_IN_CHUNK_MASK;
        final int value = entries[first];
        final byte depth = depths[first];
        final int[] parent = inRoot ? root : chunks[slot >>> SLOT_CHUNK_SHIFT];
        final int at = inRoot ? slot : slot & SLOT_IN_CHUNK_MASK;
        if (!isLeaf(value) || parent[at] != pointerTo(ply))
        {
            return;
        }
        for (int k = 1; k < PLY_SIZE; k++)
        {
            if (entries[first + k] != value || depths[first + k] != depth)
            {
                return;
            }
        }
        (inRoot ? rootDepth : depthChunks[slot >>> SLOT_CHUNK_SHIFT])[at] = depth;
        INTS.setRelease(parent, at, value);
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
        if (nextPly == chunkEndPly)
        {
            addChunk();
        }
        plyCount++;
        return nextPly++;
    }

    /**
     * Makes the next chunk, published before any of its plies can be linked. The chunks are never
     * copied: this is the table's only growth.
     */
    private void addChunk()
    {
        final int chunk = chunkCount;
        if (chunk == MAX_CHUNKS)
        {
            throw new IllegalStateException("IPv6 FIB full: " + plyCount + " plies");
        }
        final int plies = chunk < CHUNK_SHIFT - Integer.numberOfTrailingZeros(FIRST_CHUNK_PLIES) ?
            FIRST_CHUNK_PLIES << chunk : CHUNK_PLIES;
        depthChunks[chunk] = new byte[plies * PLY_SIZE];
        ARRAYS.setRelease(chunks, chunk, new int[plies * PLY_SIZE]);
        chunkCount = chunk + 1;
        nextPly = chunk << CHUNK_SHIFT;
        chunkEndPly = nextPly + plies;
        plyCapacity += plies;
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

    /** Plies the chunks made so far can hold (used, free or never used yet). */
    long plyCapacity()
    {
        return plyCapacity;
    }

    int chunkCount()
    {
        return chunkCount;
    }

    /**
     * Bytes of entries and writer-side depths: the root and every chunk made, the never-used part
     * of the last one included, and the two chunk indexes (counted at 8 bytes a reference).
     */
    long footprintBytes()
    {
        return root.length * 5L + plyCapacity * PLY_SIZE * 5L + MAX_CHUNKS * 2L * 8L;
    }
}
