package net.junction.dataplane.fib;

import net.junction.routing.lpm.Ip4Dir24;
import net.junction.routing.lpm.Ip6Mtrie;
import net.junction.routing.qsbr.Qsbr;

/**
 * The data plane's forwarding table: longest-prefix match for both families to a next-hop index,
 * and the next-hop table those indexes point into: IPv4 in a DIR-24-8 table (one load for a match
 * of /24 or shorter, two for longer ones), IPv6 in a multibit trie (a 16-bit root then bytes, five
 * loads for a /48), each with one writer and lock-free readers.
 *
 * <p>Fast path: {@link #lookup4} and {@link #lookup6} allocate nothing and never block.
 */
public final class Fib
{
    public static final int NO_ROUTE = -1;

    /** Workers are its readers: they report a quiescent state once per duty cycle. */
    public static final int MAX_READERS = 128;

    private final Qsbr qsbr = new Qsbr(MAX_READERS);
    private final Ip4Dir24 ip4 = new Ip4Dir24(qsbr);
    private final Ip6Mtrie ip6 = new Ip6Mtrie(qsbr);
    private final NextHopTable nextHops;

    public Fib(final int nextHopCapacity)
    {
        nextHops = new NextHopTable(nextHopCapacity);
    }

    /** The grace periods behind which memory the workers may hold is reused. */
    public Qsbr qsbr()
    {
        return qsbr;
    }

    public NextHopTable nextHops()
    {
        return nextHops;
    }

    public int lookup4(final int destination)
    {
        return ip4.lookup(destination);
    }

    public int lookup6(final long high, final long low)
    {
        return ip6.lookup(high, low);
    }

    /**
     * Looks up {@code count} IPv4 destinations at once, level by level, so their memory accesses
     * overlap.
     *
     * @param destinations addresses, host order.
     * @param results      next-hop index or {@link #NO_ROUTE} per address.
     * @param count        how many.
     */
    public void lookupBurst4(final int[] destinations, final int[] results, final int count)
    {
        ip4.lookupBurst(destinations, results, count);
    }

    /**
     * Looks up {@code count} IPv6 destinations at once.
     *
     * @param highs   bits 0..63 of each address.
     * @param lows    bits 64..127 of each address.
     * @param results next-hop index or {@link #NO_ROUTE} per address.
     * @param count   how many.
     */
    public void lookupBurst6(final long[] highs, final long[] lows, final int[] results, final int count)
    {
        ip6.lookupBurst(highs, lows, results, count);
    }

    Ip4Dir24 ip4()
    {
        return ip4;
    }

    Ip6Mtrie ip6()
    {
        return ip6;
    }

    public int routeCount4()
    {
        return ip4.size();
    }

    public int routeCount6()
    {
        return ip6.size();
    }

    /** Bytes the IPv4 table holds: its entries (off-heap), the writer's depths and rules ({@link Ip4Dir24#footprintBytes}). */
    public long footprintBytes4()
    {
        return ip4.footprintBytes();
    }

    /** Bytes the IPv6 table holds: its plies and the writer's depths ({@link Ip6Mtrie#footprintBytes}). */
    public long footprintBytes6()
    {
        return ip6.footprintBytes();
    }
}
