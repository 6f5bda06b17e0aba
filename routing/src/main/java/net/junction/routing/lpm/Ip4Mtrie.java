package net.junction.routing.lpm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

import net.junction.routing.qsbr.DeferredReclaimer;
import net.junction.routing.qsbr.Qsbr;
import org.agrona.collections.IntArrayList;

import net.junction.routing.Prefix4;
import org.agrona.collections.Int2IntHashMap;

/**
 * IPv4 longest-prefix match in at most three memory loads: a 16-8-8 multibit trie (the shape of
 * VPP's ip4 mtrie). The root has one entry per /16; an entry is either a leaf (the next-hop value
 * for every address it covers, or {@link #NO_ROUTE}) or a pointer to a ply of 256 entries one
 * byte further down (/24, then /32).
 *
 * <p>Updates without a second copy of the table, as DPDK's rte_lpm does: beside every entry the
 * writer keeps the length of the rule that set it (readers never look at it), and the rules
 * themselves sit in one primitive hash map per prefix length. Adding a rule of length d
 * overwrites the entries it covers whose rule is no longer than d; removing it rewrites the
 * entries it had set with the longest rule that covers it (at most 32 hash probes). A ply is
 * created when a rule covers part of a leaf, and folded back into its parent when its 256 entries
 * become one leaf again.
 *
 * <p>Concurrency: one writer, any number of readers that never block. Every entry is one
 * {@code int} written with a release store; a new ply is filled before the entry pointing to it
 * is published, so a reader sees, for each address, the value before or after a change, never
 * anything else. A folded ply is retired under a {@link Qsbr} token taken after the update that
 * unlinked it, and reused only once every reader has reported a quiescent state past that token
 * (without a Qsbr it is never reused). The ply array grows by copy: a reader still on the old
 * array reads a consistent old table.
 *
 * <p>Fast path: {@link #lookup} allocates nothing.
 */
public final class Ip4Mtrie
{
    public static final int NO_ROUTE = Ip4ReferenceTrie.NO_ROUTE;
    private static final int PLY_SIZE = 256;
    /** Writer-side depth of an entry set by no rule; a rule of length d is stored as d + 1. */
    private static final byte NO_RULE = 0;
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

    private final int[] root = new int[1 << 16];
    private final byte[] rootDepth = new byte[1 << 16];
    /** All plies, 256 entries each; replaced (copied) when full. */
    private volatile int[] plies = new int[64 * PLY_SIZE];
    private byte[] plyDepth = new byte[64 * PLY_SIZE];
    private int plyCount;
    private int retiredPlies;
    /** Null: folded plies are never reused. */
    private final Qsbr qsbr;
    private final DeferredReclaimer reclaimer;
    private final IntArrayList retiredThisUpdate = new IntArrayList();
    private final IntArrayList freePlies = new IntArrayList();
    private long reclaimablePlies;
    private long reusedPlies;
    private final DeferredReclaimer.Handler onReclaimed = handle -> freePlies.addInt((int)handle);
    /** The rules by prefix length: network address to value. */
    private final Int2IntHashMap[] rules = new Int2IntHashMap[Prefix4.MAX_LENGTH + 1];
    private int size;

    /** A table whose folded plies are never reused (no readers to wait for are known). */
    public Ip4Mtrie()
    {
        this(null);
    }

    /**
     * @param qsbr the readers' quiescent states: a folded ply is reused once all of them have
     *             passed the update that unlinked it. Null: never reused.
     */
    public Ip4Mtrie(final Qsbr qsbr)
    {
        this.qsbr = qsbr;
        this.reclaimer = qsbr == null ? null : new DeferredReclaimer(qsbr, 1 << 16);
        Arrays.fill(root, NO_ROUTE);
        for (int length = 0; length <= Prefix4.MAX_LENGTH; length++)
        {
            rules[length] = new Int2IntHashMap(NO_ROUTE);
        }
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

    /**
     * Longest-prefix match of a burst, level by level: every address's root entry first, then the
     * second level of those that need it, then the third, so the loads of different addresses
     * are independent and overlap instead of each lookup waiting on its own chain (VPP's
     * ip4_lookup does the same across a frame). Any thread; allocates nothing.
     *
     * @param addresses destinations, {@code count} of them.
     * @param results   where the value (or {@link #NO_ROUTE}) of each lands; also the scratch
     *                  space for entries still pointing at a ply.
     */
    public void lookupBurst(final int[] addresses, final int[] results, final int count)
    {
        boolean deeper = false;
        for (int i = 0; i < count; i++)
        {
            final int entry = (int)INTS.getAcquire(root, addresses[i] >>> 16);
            results[i] = entry;
            deeper |= !isLeaf(entry);
        }
        if (!deeper)
        {
            return;
        }
        final int[] table = (int[])PLIES.getAcquire(this);
        deeper = false;
        for (int i = 0; i < count; i++)
        {
            final int entry = results[i];
            if (!isLeaf(entry))
            {
                final int next = (int)INTS.getAcquire(table, (plyOf(entry) << 8) | ((addresses[i] >>> 8) & 0xFF));
                results[i] = next;
                deeper |= !isLeaf(next);
            }
        }
        if (!deeper)
        {
            return;
        }
        for (int i = 0; i < count; i++)
        {
            final int entry = results[i];
            if (!isLeaf(entry))
            {
                results[i] = (int)INTS.getAcquire(table, (plyOf(entry) << 8) | (addresses[i] & 0xFF));
            }
        }
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
        int coverValue = NO_ROUTE;
        byte coverDepth = NO_RULE;
        for (int l = length - 1; l >= 0; l--)
        {
            final int value = rules[l].get(address & Prefix4.mask(l));
            if (value != NO_ROUTE)
            {
                coverValue = value;
                coverDepth = (byte)(l + 1);
                break;
            }
        }
        update(address, length, coverValue, coverDepth, (byte)(length + 1));
        retireFolded();
        return old;
    }

    /** The value of exactly this prefix, or {@link #NO_ROUTE}. Writer thread only. */
    public int get(final int address, final int length)
    {
        return rules[length].get(address);
    }

    public int size()
    {
        return size;
    }

    /** Plies in use. */
    public int plies()
    {
        return (int)(plyCount - retiredPlies + reusedPlies);
    }

    /** Plies folded back into their parent and not reused (yet). */
    public int retiredPlies()
    {
        return retiredPlies;
    }

    /** Folded plies handed to the reclaimer, and plies taken back from it. */
    public long reclaimablePlies()
    {
        return reclaimablePlies;
    }

    public long reusedPlies()
    {
        return reusedPlies;
    }

    /** Bytes the table holds: entries, writer-side depths, the rule maps' arrays. */
    public long footprintBytes()
    {
        long bytes = root.length * 5L + plies.length * 5L;
        for (final Int2IntHashMap map : rules)
        {
            bytes += map.capacity() * 8L;
        }
        return bytes;
    }

    /**
     * Applies a rule change to every entry the prefix covers. {@code only == NO_RULE}: an add, an
     * entry is overwritten when its rule is not longer than {@code depth}. Otherwise a removal:
     * the entries whose rule is exactly {@code only} take (value, depth), the covering rule.
     */
    private void update(final int network, final int length, final int value, final byte depth, final byte only)
    {
        if (length <= 16)
        {
            final int first = network >>> 16;
            final int last = first + (1 << (16 - length));
            for (int i = first; i < last; i++)
            {
                coverRoot(i, value, depth, only);
            }
            return;
        }
        final int r = network >>> 16;
        final int ply2 = ensurePly(true, r);
        if (length <= 24)
        {
            final int first = (network >>> 8) & 0xFF;
            final int last = first + (1 << (24 - length));
            for (int j = first; j < last; j++)
            {
                coverPly((ply2 << 8) | j, value, depth, only);
            }
        }
        else
        {
            final int slot2 = (ply2 << 8) | ((network >>> 8) & 0xFF);
            final int ply3 = ensurePly(false, slot2);
            final int first = network & 0xFF;
            final int last = first + (1 << (32 - length));
            for (int k = first; k < last; k++)
            {
                coverPly((ply3 << 8) | k, value, depth, only);
            }
            foldPly(false, slot2, ply3);
        }
        foldPly(true, r, ply2);
    }

    private static boolean applies(final byte entryDepth, final byte depth, final byte only)
    {
        return only == NO_RULE ? entryDepth <= depth : entryDepth == only;
    }

    private void coverRoot(final int i, final int value, final byte depth, final byte only)
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

    private void coverPly(final int slot, final int value, final byte depth, final byte only)
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
     * 256 entries take its value and depth) and published once filled, when there is none yet.
     */
    private int ensurePly(final boolean inRoot, final int slot)
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
    private void foldPly(final boolean inRoot, final int slot, final int ply)
    {
        final int[] table = plies;
        final int base = ply << 8;
        final int value = table[base];
        final byte depth = plyDepth[base];
        if (!isLeaf(value))
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
}
