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
 * <p>One writer; entries are written with release stores and read by lookups with acquire loads.
 */
final class PlyTable
{
    static final int NO_ROUTE = Ip4ReferenceTrie.NO_ROUTE;
    static final int PLY_SIZE = 256;
    /** Writer-side depth of an entry set by no rule; a rule of length d is stored as d + 1. */
    static final byte NO_RULE = 0;
    static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle PLIES;

    static
    {
        try
        {
            PLIES = MethodHandles.lookup().findVarHandle(PlyTable.class, "plies", int[].class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    final int[] root = new int[1 << 16];
    private final byte[] rootDepth = new byte[1 << 16];
    /** All plies, 256 entries each; replaced (copied) when full. */
    private volatile int[] plies = new int[64 * PLY_SIZE];
    private byte[] plyDepth = new byte[64 * PLY_SIZE];
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

    /** The plies as a reader must load them (acquire), once per lookup. */
    int[] pliesForReading()
    {
        return (int[])PLIES.getAcquire(this);
    }

    /** The plies as the writer holds them. */
    int[] plies()
    {
        return plies;
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
        final int[] table = plies;
        final int entry = table[slot];
        if (isLeaf(entry))
        {
            if (applies(plyDepth[slot], depth, only))
            {
                plyDepth[slot] = depth;
                INTS.setRelease(table, slot, value);
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
        final int entry = inRoot ? root[slot] : plies[slot];
        if (!isLeaf(entry))
        {
            return plyOf(entry);
        }
        final byte depth = inRoot ? rootDepth[slot] : plyDepth[slot];
        final int ply = allocatePly();
        final int[] table = plies;
        final int base = ply << 8;
        Arrays.fill(plyDepth, base, base + PLY_SIZE, depth);
        for (int k = 0; k < PLY_SIZE; k++)
        {
            INTS.setRelease(table, base + k, entry);
        }
        if (inRoot)
        {
            INTS.setRelease(root, slot, pointerTo(ply));
        }
        else
        {
            INTS.setRelease(table, slot, pointerTo(ply));
        }
        return ply;
    }

    /** Folds a ply whose entries are one leaf (same value, same rule) back into its parent entry. */
    void foldPly(final boolean inRoot, final int slot, final int ply)
    {
        final int[] table = plies;
        final int base = ply << 8;
        final int value = table[base];
        final byte depth = plyDepth[base];
        if (!isLeaf(value) || (inRoot ? root[slot] : table[slot]) != pointerTo(ply))
        {
            return;
        }
        for (int k = 1; k < PLY_SIZE; k++)
        {
            if (table[base + k] != value || plyDepth[base + k] != depth)
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
            plyDepth[slot] = depth;
            INTS.setRelease(table, slot, value);
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
        final int[] table = plies;
        if ((plyCount + 1) * PLY_SIZE > table.length)
        {
            plyDepth = Arrays.copyOf(plyDepth, table.length * 2);
            PLIES.setRelease(this, Arrays.copyOf(table, table.length * 2));
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

    /** Bytes of entries and writer-side depths. */
    long footprintBytes()
    {
        return root.length * 5L + plies.length * 5L;
    }
}
