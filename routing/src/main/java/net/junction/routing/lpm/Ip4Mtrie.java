package net.junction.routing.lpm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.Map;

import net.junction.routing.Prefix4;

/**
 * IPv4 longest-prefix match in at most three memory loads: a 16-8-8 multibit trie (the shape of
 * VPP's ip4 mtrie). The root has one entry per /16; an entry is either a leaf (the next-hop value
 * for every address it covers, or {@link #NO_ROUTE}) or a pointer to a ply of 256 entries one
 * byte further down (/24, then /32).
 *
 * <p>Exactness comes from the {@link Ip4ReferenceTrie} kept beside it as the source of truth: a
 * change to a prefix rewrites only the entries the prefix covers, each recomputed from the
 * reference. A block (a /16 or /24) needs a ply exactly when some prefix longer than the block
 * lies inside it; the writer counts those per block.
 *
 * <p>Concurrency: one writer, any number of readers that never block. Every entry is one
 * {@code int} written with a release store; a new ply is filled before the entry pointing to it
 * is published, so a reader sees, for each address, the value before or after a change, never
 * anything else. A ply no longer needed is retired, never reused in this version (reuse waits
 * for quiescent-state reclamation), and plies grow by copy: a reader still on the old array
 * reads a consistent old table.
 *
 * <p>Fast path: {@link #lookup} allocates nothing.
 */
public final class Ip4Mtrie
{
    public static final int NO_ROUTE = Ip4ReferenceTrie.NO_ROUTE;
    private static final int PLY_SIZE = 256;
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle PLIES;

    static
    {
        try
        {
            PLIES = MethodHandles.lookup().findVarHandle(Ip4Mtrie.class, "plies", int[].class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Ip4ReferenceTrie reference = new Ip4ReferenceTrie();
    private final int[] root = new int[1 << 16];
    /** All plies, 256 entries each; replaced (copied) when full. */
    private volatile int[] plies = new int[64 * PLY_SIZE];
    private int plyCount;
    private int retiredPlies;
    /** Per /16: prefixes longer than 16 inside it. */
    private final int[] longerThan16 = new int[1 << 16];
    /** Per /24 (by its top 24 bits): prefixes longer than 24 inside it. */
    private final Map<Integer, Integer> longerThan24 = new HashMap<>();

    public Ip4Mtrie()
    {
        java.util.Arrays.fill(root, NO_ROUTE);
    }

    /** Entry encoding: a value >= -1 is a leaf; a value <= -2 points to ply {@code -(value + 2)}. */
    private static boolean isLeaf(final int entry)
    {
        return entry >= NO_ROUTE;
    }

    private static int plyOf(final int entry)
    {
        return -(entry + 2);
    }

    private static int pointerTo(final int ply)
    {
        return -ply - 2;
    }

    /**
     * Longest-prefix match. Any thread, concurrently with the writer.
     *
     * @return the value of the longest prefix containing the address, or {@link #NO_ROUTE}.
     */
    public int lookup(final int address)
    {
        int entry = (int)INTS.getAcquire(root, address >>> 16);
        if (isLeaf(entry))
        {
            return entry;
        }
        final int[] table = (int[])PLIES.getAcquire(this);
        entry = (int)INTS.getAcquire(table, (plyOf(entry) << 8) | ((address >>> 8) & 0xFF));
        if (isLeaf(entry))
        {
            return entry;
        }
        return (int)INTS.getAcquire(table, (plyOf(entry) << 8) | (address & 0xFF));
    }

    /** Add or replace a route. Writer thread only. @return the value replaced, or {@link #NO_ROUTE}. */
    public int put(final int address, final int length, final int value)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException("value must not be negative: " + value);
        }
        final int old = reference.put(address, length, value);
        if (old == NO_ROUTE)
        {
            countLonger(address, length, 1);
        }
        rebuild(address & Prefix4.mask(length), length);
        return old;
    }

    /** Remove a route. Writer thread only. @return the value removed, or {@link #NO_ROUTE}. */
    public int remove(final int address, final int length)
    {
        final int old = reference.remove(address, length);
        if (old != NO_ROUTE)
        {
            countLonger(address, length, -1);
            rebuild(address & Prefix4.mask(length), length);
        }
        return old;
    }

    public int size()
    {
        return reference.size();
    }

    /** Plies in use, and plies retired (no longer reachable, not reused). */
    public int plies()
    {
        return plyCount - retiredPlies;
    }

    public int retiredPlies()
    {
        return retiredPlies;
    }

    /** The exact table this one is built from (writer thread only). */
    public Ip4ReferenceTrie reference()
    {
        return reference;
    }

    private void countLonger(final int address, final int length, final int delta)
    {
        if (length > 16)
        {
            longerThan16[address >>> 16] += delta;
        }
        if (length > 24)
        {
            longerThan24.merge(address >>> 8, delta, (a, b) -> a + b == 0 ? null : a + b);
        }
    }

    private boolean hasLonger(final int blockAddress, final int depth)
    {
        return depth == 16 ? longerThan16[blockAddress >>> 16] > 0 : longerThan24.containsKey(blockAddress >>> 8);
    }

    /** Recomputes every entry the prefix covers. */
    private void rebuild(final int network, final int length)
    {
        if (length <= 16)
        {
            final int first = network >>> 16;
            final int count = 1 << (16 - length);
            for (int i = first; i < first + count; i++)
            {
                final int entry = build(root[i], i << 16, 16);
                INTS.setRelease(root, i, entry);
            }
            return;
        }
        final int rootIndex = network >>> 16;
        final int rootEntry = root[rootIndex];
        if (isLeaf(rootEntry))
        {
            final int entry = build(rootEntry, network & 0xFFFF_0000, 16);
            INTS.setRelease(root, rootIndex, entry);
            return;
        }
        final int ply = plyOf(rootEntry);
        if (length <= 24)
        {
            final int first = (network >>> 8) & 0xFF;
            final int count = 1 << (24 - length);
            for (int j = first; j < first + count; j++)
            {
                final int index = (ply << 8) | j;
                final int entry = build(plies[index], (network & 0xFFFF_0000) | (j << 8), 24);
                INTS.setRelease(plies, index, entry); // after build: it may have grown the plies
            }
        }
        else
        {
            final int index = (ply << 8) | ((network >>> 8) & 0xFF);
            final int entry = build(plies[index], network & 0xFFFF_FF00, 24);
            INTS.setRelease(plies, index, entry);
        }
        retireIfUniform(rootIndex);
    }

    /**
     * The entry for a block of {@code 2^(32 - depth)} addresses at depth 16 or 24 (32 is always a
     * leaf): a leaf when no longer prefix lies inside, else a ply (the existing one refilled, or a
     * new one published after it is filled).
     */
    private int build(final int current, final int blockAddress, final int depth)
    {
        if (depth == 32 || !hasLonger(blockAddress, depth))
        {
            if (!isLeaf(current))
            {
                retire(plyOf(current)); // unreachable once the leaf replaces it
            }
            return reference.lookup(blockAddress);
        }
        final boolean fresh = isLeaf(current);
        final int ply = fresh ? allocatePly() : plyOf(current);
        final int step = 1 << (32 - depth - 8);
        for (int j = 0; j < PLY_SIZE; j++)
        {
            final int index = (ply << 8) | j;
            final int value = build(fresh ? NO_ROUTE : plies[index], blockAddress + j * step, depth + 8);
            INTS.setRelease(plies, index, value);
        }
        return pointerTo(ply);
    }

    private void retire(final int ply)
    {
        retiredPlies++;
        final int[] table = plies;
        for (int j = 0; j < PLY_SIZE; j++)
        {
            final int entry = table[(ply << 8) | j];
            if (!isLeaf(entry))
            {
                retire(plyOf(entry));
            }
        }
    }

    /** A /16 whose ply entries are all equal leaves is not needed: the counters already say so. */
    private void retireIfUniform(final int rootIndex)
    {
        if (!isLeaf(root[rootIndex]) && longerThan16[rootIndex] == 0)
        {
            final int entry = build(root[rootIndex], rootIndex << 16, 16);
            INTS.setRelease(root, rootIndex, entry);
        }
    }

    private int allocatePly()
    {
        int[] table = plies;
        if ((plyCount + 1) * PLY_SIZE > table.length)
        {
            final int[] bigger = java.util.Arrays.copyOf(table, table.length * 2);
            PLIES.setRelease(this, bigger);
            table = bigger;
        }
        return plyCount++;
    }
}
