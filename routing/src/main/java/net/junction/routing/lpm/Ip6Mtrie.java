package net.junction.routing.lpm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

import net.junction.routing.qsbr.DeferredReclaimer;
import net.junction.routing.qsbr.Qsbr;
import org.agrona.collections.IntArrayList;
import java.util.HashMap;
import java.util.Map;

import net.junction.routing.Prefix6;

/**
 * IPv6 longest-prefix match over a multibit trie: a 16-bit root (one entry per /16), then plies
 * of 256 entries, one byte of address each, down to /128. A /48 is found in at most five loads
 * and a /64 in seven, against 48 and 64 for a binary trie; IPv4's {@link Ip4Mtrie} has the same
 * design (leaf or ply pointer per entry, writer-side rule lengths, per-length rule maps, plies
 * made when a rule covers part of a leaf and folded back when uniform) and its comments hold
 * here.
 *
 * <p>Concurrency: one writer, any number of readers that never block; entries are ints written
 * with release stores, a new ply is filled before it is linked, folded plies are reused only
 * after a {@link Qsbr} grace period, and the ply array grows by copy.
 *
 * <p>Fast path: {@link #lookup} allocates nothing.
 */
public final class Ip6Mtrie
{
    public static final int NO_ROUTE = Ip4ReferenceTrie.NO_ROUTE;
    private static final int PLY_SIZE = 256;
    private static final byte NO_RULE = 0;
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle PLIES;

    static
    {
        try
        {
            PLIES = MethodHandles.lookup().findVarHandle(Ip6Mtrie.class, "plies", int[].class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** A rule's network, as a key of the per-length rule maps (writer side: allocation is fine). */
    private record Network(long high, long low)
    {
    }

    private final int[] root = new int[1 << 16];
    private final byte[] rootDepth = new byte[1 << 16];
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
    @SuppressWarnings("unchecked")
    private final Map<Network, Integer>[] rules = new Map[Prefix6.MAX_LENGTH + 1];
    private int size;
    /** The ply path of the last update, deepest last, for folding on the way back up. */
    private final int[] pathSlots = new int[16];
    private final int[] pathPlies = new int[16];

    /** A table whose folded plies are never reused (no readers to wait for are known). */
    public Ip6Mtrie()
    {
        this(null);
    }

    /**
     * @param qsbr the readers' quiescent states: a folded ply is reused once all of them have
     *             passed the update that unlinked it. Null: never reused.
     */
    public Ip6Mtrie(final Qsbr qsbr)
    {
        this.qsbr = qsbr;
        this.reclaimer = qsbr == null ? null : new DeferredReclaimer(qsbr, 1 << 16);
        Arrays.fill(root, NO_ROUTE);
        for (int length = 0; length <= Prefix6.MAX_LENGTH; length++)
        {
            rules[length] = new HashMap<>();
        }
    }

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

    /** The address byte starting at bit {@code bit} (0 = most significant, a multiple of 8). */
    private static int byteAt(final long high, final long low, final int bit)
    {
        return bit < 64 ? (int)(high >>> (56 - bit)) & 0xFF : (int)(low >>> (120 - bit)) & 0xFF;
    }

    private static int depthOf(final byte stored)
    {
        return stored & 0xFF;
    }

    /**
     * Longest-prefix match. Any thread, concurrently with the writer.
     *
     * @return the value of the longest prefix containing the address, or {@link #NO_ROUTE}.
     */
    public int lookup(final long high, final long low)
    {
        int entry = (int)INTS.getAcquire(root, (int)(high >>> 48));
        if (isLeaf(entry))
        {
            return entry;
        }
        final int[] table = (int[])PLIES.getAcquire(this);
        for (int bit = 16; ; bit += 8)
        {
            entry = (int)INTS.getAcquire(table, (plyOf(entry) << 8) | byteAt(high, low, bit));
            if (isLeaf(entry))
            {
                return entry;
            }
        }
    }

    /**
     * Longest-prefix match of a burst, level by level, so the loads of different addresses
     * overlap (see {@link Ip4Mtrie#lookupBurst}). Any thread; allocates nothing.
     *
     * @param highs   the addresses' high 64 bits, {@code count} of them.
     * @param lows    their low 64 bits.
     * @param results where each value (or {@link #NO_ROUTE}) lands; also the scratch space.
     */
    public void lookupBurst(final long[] highs, final long[] lows, final int[] results, final int count)
    {
        boolean deeper = false;
        for (int i = 0; i < count; i++)
        {
            final int entry = (int)INTS.getAcquire(root, (int)(highs[i] >>> 48));
            results[i] = entry;
            deeper |= !isLeaf(entry);
        }
        final int[] table = (int[])PLIES.getAcquire(this);
        for (int bit = 16; deeper; bit += 8)
        {
            deeper = false;
            for (int i = 0; i < count; i++)
            {
                final int entry = results[i];
                if (!isLeaf(entry))
                {
                    final int next = (int)INTS.getAcquire(table, (plyOf(entry) << 8) | byteAt(highs[i], lows[i], bit));
                    results[i] = next;
                    deeper |= !isLeaf(next);
                }
            }
        }
    }

    /** Add or replace a route. Writer thread only. @return the value replaced, or {@link #NO_ROUTE}. */
    public int put(final long high, final long low, final int length, final int value)
    {
        Prefix6.validate(high, low, length);
        if (value < 0)
        {
            throw new IllegalArgumentException("value must not be negative: " + value);
        }
        final Integer old = rules[length].put(new Network(high, low), value);
        if (old == null)
        {
            size++;
        }
        update(high, low, length, value, (byte)(length + 1), NO_RULE);
        retireFolded();
        return old == null ? NO_ROUTE : old;
    }

    /** Remove a route. Writer thread only. @return the value removed, or {@link #NO_ROUTE}. */
    public int remove(final long high, final long low, final int length)
    {
        Prefix6.validate(high, low, length);
        final Integer old = rules[length].remove(new Network(high, low));
        if (old == null)
        {
            return NO_ROUTE;
        }
        size--;
        int coverValue = NO_ROUTE;
        byte coverDepth = NO_RULE;
        for (int l = length - 1; l >= 0; l--)
        {
            final Integer value = rules[l].get(new Network(high & Prefix6.maskHigh(l), low & Prefix6.maskLow(l)));
            if (value != null)
            {
                coverValue = value;
                coverDepth = (byte)(l + 1);
                break;
            }
        }
        update(high, low, length, coverValue, coverDepth, (byte)(length + 1));
        retireFolded();
        return old;
    }

    public int size()
    {
        return size;
    }

    public int plies()
    {
        return (int)(plyCount - retiredPlies + reusedPlies);
    }

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

    /** Bytes of the lookup structure (entries and writer-side depths; the rule maps not counted). */
    public long footprintBytes()
    {
        return root.length * 5L + plies.length * 5L;
    }

    private void update(
        final long high, final long low, final int length, final int value, final byte depth, final byte only)
    {
        if (length <= 16)
        {
            final int first = (int)(high >>> 48);
            final int last = first + (1 << (16 - length));
            for (int i = first; i < last; i++)
            {
                coverRoot(i, value, depth, only);
            }
            return;
        }
        final int r = (int)(high >>> 48);
        int ply = ensurePly(true, r);
        int levels = 0;
        int bit = 16;
        while (length > bit + 8)
        {
            final int slot = (ply << 8) | byteAt(high, low, bit);
            pathSlots[levels] = slot;
            pathPlies[levels] = ply;
            levels++;
            ply = ensurePly(false, slot);
            bit += 8;
        }
        final int first = byteAt(high, low, bit);
        final int last = first + (1 << (bit + 8 - length));
        for (int k = first; k < last; k++)
        {
            coverPly((ply << 8) | k, value, depth, only);
        }
        // Fold on the way up: the deepest ply into its slot, then each parent.
        for (int level = levels - 1; level >= 0; level--)
        {
            foldPly(false, pathSlots[level], ply);
            ply = pathPlies[level];
        }
        foldPly(true, r, ply);
    }

    private static boolean applies(final byte entryDepth, final byte depth, final byte only)
    {
        return only == NO_RULE ? depthOf(entryDepth) <= depthOf(depth) : entryDepth == only;
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
            if (root[slot] != pointerTo(ply))
            {
                return; // already folded
            }
            rootDepth[slot] = depth;
            INTS.setRelease(root, slot, value);
        }
        else
        {
            if (table[slot] != pointerTo(ply))
            {
                return;
            }
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
