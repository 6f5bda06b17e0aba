package net.junction.routing.lpm;

import static net.junction.routing.lpm.PlyTable.INTS;
import static net.junction.routing.lpm.PlyTable.NO_RULE;
import static net.junction.routing.lpm.PlyTable.isLeaf;
import static net.junction.routing.lpm.PlyTable.plyOf;

import java.lang.ref.Reference;
import java.util.HashMap;
import java.util.Map;

import net.junction.routing.Prefix6;
import net.junction.routing.qsbr.Qsbr;

/**
 * IPv6 longest-prefix match over a multibit trie: a 16-bit root (one entry per /16), then plies
 * of 256 entries, one byte of address each, down to /128. A /48 is found in at most five loads
 * and a /64 in seven, against 48 and 64 for a binary trie. Each entry is a leaf (the value for
 * every address it covers, or {@link #NO_ROUTE}) or a pointer to a ply one byte further down.
 *
 * <p>Updates in place, as DPDK's rte_lpm6: beside every entry the writer keeps the length of the
 * rule that set it ({@link PlyTable}; readers never look at it), and the rules themselves sit in
 * one map per prefix length. Adding a rule of length d overwrites the entries it covers whose
 * rule is no longer than d; removing it rewrites the entries it had set with the longest rule
 * that covers it (at most 128 map probes). A ply is made when a rule covers part of a leaf, and
 * folded back into its parent when its 256 entries become one leaf again. IPv4's
 * {@link Ip4Dir24} keeps its rules the same way.
 *
 * <p>Concurrency: one writer, any number of readers that never block; entries are ints written
 * with release stores, a new ply is filled before it is linked, folded plies are reused only
 * after a {@link Qsbr} grace period, and the plies grow in place in reserved address space, never
 * copied ({@link PlyTable}).
 *
 * <p>Fast path: {@link #lookup} allocates nothing.
 */
public final class Ip6Mtrie
{
    public static final int NO_ROUTE = PlyTable.NO_ROUTE;

    /** A rule's network, as a key of the per-length rule maps (writer side: allocation is fine). */
    private record Network(long high, long low)
    {
    }

    private final PlyTable table;
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
        table = new PlyTable(qsbr);
        for (int length = 0; length <= Prefix6.MAX_LENGTH; length++)
        {
            rules[length] = new HashMap<>();
        }
    }

    /** The address byte starting at bit {@code bit} (0 = most significant, a multiple of 8). */
    private static int byteAt(final long high, final long low, final int bit)
    {
        return bit < 64 ? (int)(high >>> (56 - bit)) & 0xFF : (int)(low >>> (120 - bit)) & 0xFF;
    }

    /**
     * Longest-prefix match. Any thread, concurrently with the writer.
     *
     * @return the value of the longest prefix containing the address, or {@link #NO_ROUTE}.
     */
    public int lookup(final long high, final long low)
    {
        int entry = (int)INTS.getAcquire(table.root, (int)(high >>> 48));
        if (isLeaf(entry))
        {
            return entry;
        }
        final long plies = table.plies;
        for (int bit = 16; ; bit += 8)
        {
            entry = PlyTable.entry(plies, (plyOf(entry) << 8) | byteAt(high, low, bit));
            if (isLeaf(entry))
            {
                Reference.reachabilityFence(this); // the plies' memory lives as long as the table
                return entry;
            }
        }
    }

    /**
     * Longest-prefix match of a burst, level by level: every address's root entry first, then the
     * next level of those that need it, and so on, so the loads of different addresses are
     * independent and overlap instead of each lookup waiting on its own chain (VPP's ip4_lookup
     * does the same across a frame). Any thread; allocates nothing.
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
            final int entry = (int)INTS.getAcquire(table.root, (int)(highs[i] >>> 48));
            results[i] = entry;
            deeper |= !isLeaf(entry);
        }
        final long plies = table.plies;
        for (int bit = 16; deeper; bit += 8)
        {
            deeper = false;
            for (int i = 0; i < count; i++)
            {
                final int entry = results[i];
                if (!isLeaf(entry))
                {
                    final int next = PlyTable.entry(plies, (plyOf(entry) << 8) | byteAt(highs[i], lows[i], bit));
                    results[i] = next;
                    deeper |= !isLeaf(next);
                }
            }
        }
        Reference.reachabilityFence(this);
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
        table.retireFolded();
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
        table.retireFolded();
        return old;
    }

    /** A rule as {@link #forEachRule} hands it over. */
    @FunctionalInterface
    public interface RuleConsumer
    {
        /**
         * @param high   bits 0..63 of the network address, host bits clear.
         * @param low    bits 64..127 of it.
         * @param length prefix length.
         * @param value  the rule's value.
         */
        void accept(long high, long low, int length, int value);
    }

    /**
     * Every rule, shortest prefix first, in no order within a length. Writer thread only; the consumer
     * must not change the table (collect, then change).
     */
    public void forEachRule(final RuleConsumer consumer)
    {
        for (int length = 0; length <= Prefix6.MAX_LENGTH; length++)
        {
            final int ruleLength = length;
            rules[length].forEach((network, value) -> consumer.accept(network.high(), network.low(), ruleLength, value));
        }
    }

    public int size()
    {
        return size;
    }

    public int plies()
    {
        return table.pliesInUse();
    }

    public int retiredPlies()
    {
        return table.retiredPlies();
    }

    /** Folded plies handed to the reclaimer, and plies taken back from it. */
    public long reclaimablePlies()
    {
        return table.reclaimablePlies();
    }

    public long reusedPlies()
    {
        return table.reusedPlies();
    }

    /**
     * Bytes of the lookup structure: entries and writer-side depths of the root and of every ply
     * made so far, rounded up to the page that backs them (the rule maps not counted).
     */
    public long footprintBytes()
    {
        return table.footprintBytes();
    }

    /** Off-heap bytes: the plies' entries and depths in use (not seen by heap or direct-buffer accounting). */
    public long nativeBytes()
    {
        return table.nativeBytes();
    }

    /** Plies made so far, in use or free for reuse: the plies' memory in use. */
    public int pliesMade()
    {
        return table.pliesMade();
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
                table.coverRoot(i, value, depth, only);
            }
            return;
        }
        final int r = (int)(high >>> 48);
        int ply = table.ensurePly(true, r);
        int levels = 0;
        int bit = 16;
        while (length > bit + 8)
        {
            final int slot = (ply << 8) | byteAt(high, low, bit);
            pathSlots[levels] = slot;
            pathPlies[levels] = ply;
            levels++;
            ply = table.ensurePly(false, slot);
            bit += 8;
        }
        final int first = byteAt(high, low, bit);
        final int last = first + (1 << (bit + 8 - length));
        for (int k = first; k < last; k++)
        {
            table.coverPly((ply << 8) | k, value, depth, only);
        }
        // Fold on the way up: the deepest ply into its slot, then each parent.
        for (int level = levels - 1; level >= 0; level--)
        {
            table.foldPly(false, pathSlots[level], ply);
            ply = pathPlies[level];
        }
        table.foldPly(true, r, ply);
    }

}
