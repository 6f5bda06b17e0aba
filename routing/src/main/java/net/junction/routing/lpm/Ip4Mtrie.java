package net.junction.routing.lpm;

import static net.junction.routing.lpm.PlyTable.INTS;
import static net.junction.routing.lpm.PlyTable.NO_RULE;
import static net.junction.routing.lpm.PlyTable.isLeaf;
import static net.junction.routing.lpm.PlyTable.plyOf;

import net.junction.routing.Prefix4;
import net.junction.routing.qsbr.Qsbr;
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
    public static final int NO_ROUTE = PlyTable.NO_ROUTE;

    private final PlyTable table;
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
        table = new PlyTable(qsbr);
        for (int length = 0; length <= Prefix4.MAX_LENGTH; length++)
        {
            rules[length] = new Int2IntHashMap(NO_ROUTE);
        }
    }

    /**
     * Longest-prefix match. Any thread, concurrently with the writer.
     *
     * @return the value of the longest prefix containing the address, or {@link #NO_ROUTE}.
     */
    public int lookup(final int address)
    {
        int entry = (int)INTS.getAcquire(table.root, address >>> 16);
        if (isLeaf(entry))
        {
            return entry;
        }
        final int[] plies = table.pliesForReading();
        entry = (int)INTS.getAcquire(plies, (plyOf(entry) << 8) | ((address >>> 8) & 0xFF));
        if (isLeaf(entry))
        {
            return entry;
        }
        return (int)INTS.getAcquire(plies, (plyOf(entry) << 8) | (address & 0xFF));
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
            final int entry = (int)INTS.getAcquire(table.root, addresses[i] >>> 16);
            results[i] = entry;
            deeper |= !isLeaf(entry);
        }
        if (!deeper)
        {
            return;
        }
        final int[] plies = table.pliesForReading();
        deeper = false;
        for (int i = 0; i < count; i++)
        {
            final int entry = results[i];
            if (!isLeaf(entry))
            {
                final int next = (int)INTS.getAcquire(plies, (plyOf(entry) << 8) | ((addresses[i] >>> 8) & 0xFF));
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
                results[i] = (int)INTS.getAcquire(plies, (plyOf(entry) << 8) | (addresses[i] & 0xFF));
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
        table.retireFolded();
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
        table.retireFolded();
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
        return table.pliesInUse();
    }

    /** Plies folded back into their parent (some since reused). */
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

    /** Bytes the table holds: entries, writer-side depths, the rule maps' arrays. */
    public long footprintBytes()
    {
        long bytes = table.footprintBytes();
        for (final Int2IntHashMap map : rules)
        {
            bytes += map.capacity() * 8L;
        }
        return bytes;
    }

    /** Applies a rule change to every entry the prefix covers (see {@link PlyTable#coverRoot}). */
    private void update(final int network, final int length, final int value, final byte depth, final byte only)
    {
        if (length <= 16)
        {
            final int first = network >>> 16;
            final int last = first + (1 << (16 - length));
            for (int i = first; i < last; i++)
            {
                table.coverRoot(i, value, depth, only);
            }
            return;
        }
        final int r = network >>> 16;
        final int ply2 = table.ensurePly(true, r);
        if (length <= 24)
        {
            final int first = (network >>> 8) & 0xFF;
            final int last = first + (1 << (24 - length));
            for (int j = first; j < last; j++)
            {
                table.coverPly((ply2 << 8) | j, value, depth, only);
            }
        }
        else
        {
            final int slot2 = (ply2 << 8) | ((network >>> 8) & 0xFF);
            final int ply3 = table.ensurePly(false, slot2);
            final int first = network & 0xFF;
            final int last = first + (1 << (32 - length));
            for (int k = first; k < last; k++)
            {
                table.coverPly((ply3 << 8) | k, value, depth, only);
            }
            table.foldPly(false, slot2, ply3);
        }
        table.foldPly(true, r, ply2);
    }
}
