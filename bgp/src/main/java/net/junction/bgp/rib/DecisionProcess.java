/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The BGP decision process, phase 2 (RFC 4271 §9.1.2): the candidate paths of one prefix, one per
 * peer, are narrowed step by step, each step keeping the paths best on one criterion, as the RFC
 * words it (so MED, which only compares paths from the same neighbor AS, is applied to the whole set
 * rather than pairwise, and the outcome does not depend on arrival order):
 * <ol start="0">
 * <li>paths whose next hop the {@link NextHopResolver} cannot reach are dropped (§9.1.2.1);</li>
 * <li>a locally originated path (BgpConfig.networks) wins outright;</li>
 * <li>highest LOCAL_PREF (100 when absent);</li>
 * <li>shortest AS_PATH (an AS_SET counts 1, confederation segments 0);</li>
 * <li>lowest ORIGIN (IGP &lt; EGP &lt; INCOMPLETE);</li>
 * <li>lowest MED among paths with the same neighbor AS (leftmost AS; MED absent = 0);
 *     always-compare-med is off;</li>
 * <li>eBGP-learned over iBGP-learned;</li>
 * <li>lowest IGP cost to the next hop ({@link NextHopResolver#igpCost});</li>
 * <li>lowest ORIGINATOR_ID, or the peer's BGP identifier without one (RFC 4271 §9.1.2.2 (f), RFC 4456 §9);</li>
 * <li>shortest CLUSTER_LIST (RFC 4456 §9: "inserted between Steps f) and g)", so after the identifier);</li>
 * <li>lowest peer address.</li>
 * </ol>
 * <b>Multipath.</b> The paths left after step 7 (equal to the best on everything through the IGP
 * cost) are ordered by steps 8..10, the first being the best. With a multipath limit above 1 the
 * installed next hops are those of these paths, in that order, skipping repeated next hops, up to
 * the limit; when the best is eBGP only paths with the best's neighbor AS count (eBGP and iBGP never
 * mix: step 6 keeps one kind). The list handed on is sorted by address, so the same set always
 * reads the same.
 * <p>
 * One instance, reused for every prefix: no allocation unless multipath has several next hops.
 */
final class DecisionProcess
{
    private final NextHopResolver resolver;
    private int multipath;

    private Peer[] peers = new Peer[8];
    private Path[] paths = new Path[8];
    private long[] costs = new long[8];
    private int count;

    /**
     * @param resolver  next-hop reachability and cost.
     * @param multipath most next hops installed (1: no ECMP).
     */
    DecisionProcess(final NextHopResolver resolver, final int multipath)
    {
        this.resolver = resolver;
        this.multipath = multipath;
    }

    /**
     * @param most next hops installed from now on (a live configuration change).
     */
    void multipath(final int most)
    {
        this.multipath = most;
    }

    int multipath()
    {
        return multipath;
    }

    /**
     * Start a prefix.
     */
    void reset()
    {
        count = 0;
    }

    /**
     * @param peer where the path came from.
     * @param path the path, from the peer's Adj-RIB-In.
     */
    void add(final Peer peer, final Path path)
    {
        if (count == peers.length)
        {
            peers = Arrays.copyOf(peers, count * 2);
            paths = Arrays.copyOf(paths, count * 2);
            costs = Arrays.copyOf(costs, count * 2);
        }
        peers[count] = peer;
        paths[count] = path;
        count++;
    }

    /**
     * Run the steps over the added candidates.
     *
     * @return the number of paths equal to the best through step 7, the best first; 0 if none is
     *     usable. {@link #peer(int)} and {@link #path(int)} read them.
     */
    int run()
    {
        // 0: reachability (a local path has no next hop to resolve).
        int n = 0;
        boolean local = false;
        for (int i = 0; i < count; i++)
        {
            final IpAddress nh = paths[i].nextHop();
            if (peers[i].local || (nh != null && resolver.reachable(nh)))
            {
                keep(i, n++);
                local |= peers[i].local;
            }
        }
        if (n == 0)
        {
            return 0;
        }
        if (local)
        {
            for (int i = 0; i < n; i++)
            {
                if (peers[i].local)
                {
                    keep(i, 0);
                    return 1;
                }
            }
        }

        // 1: highest LOCAL_PREF.
        long bestLocalPref = Long.MIN_VALUE;
        for (int i = 0; i < n; i++)
        {
            bestLocalPref = Math.max(bestLocalPref, paths[i].localPref);
        }
        int m = 0;
        for (int i = 0; i < n; i++)
        {
            if (paths[i].localPref == bestLocalPref)
            {
                keep(i, m++);
            }
        }
        n = m;

        // 2: shortest AS_PATH.
        int shortest = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++)
        {
            shortest = Math.min(shortest, paths[i].asPathLength);
        }
        m = 0;
        for (int i = 0; i < n; i++)
        {
            if (paths[i].asPathLength == shortest)
            {
                keep(i, m++);
            }
        }
        n = m;

        // 3: lowest ORIGIN.
        int lowestOrigin = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++)
        {
            lowestOrigin = Math.min(lowestOrigin, paths[i].origin);
        }
        m = 0;
        for (int i = 0; i < n; i++)
        {
            if (paths[i].origin == lowestOrigin)
            {
                keep(i, m++);
            }
        }
        n = m;

        // 4: MED, only between paths from the same neighbor AS (RFC 4271 §9.1.2.2 (c)).
        m = 0;
        for (int i = 0; i < n; i++)
        {
            boolean beaten = false;
            for (int j = 0; j < n && !beaten; j++)
            {
                beaten = paths[j].neighborAs == paths[i].neighborAs && paths[j].med < paths[i].med;
            }
            if (!beaten)
            {
                // Marked, compacted below: the inner loop must still see every path.
                costs[i] = 0;
            }
            else
            {
                costs[i] = -1;
            }
        }
        for (int i = 0; i < n; i++)
        {
            if (costs[i] == 0)
            {
                keep(i, m++);
            }
        }
        n = m;

        // 5: eBGP over iBGP.
        boolean anyExternal = false;
        for (int i = 0; i < n; i++)
        {
            anyExternal |= peers[i].external;
        }
        if (anyExternal)
        {
            m = 0;
            for (int i = 0; i < n; i++)
            {
                if (peers[i].external)
                {
                    keep(i, m++);
                }
            }
            n = m;
        }

        // 6: lowest IGP cost to the next hop.
        long lowestCost = Long.MAX_VALUE;
        for (int i = 0; i < n; i++)
        {
            costs[i] = resolver.igpCost(paths[i].nextHop());
            lowestCost = Math.min(lowestCost, costs[i]);
        }
        m = 0;
        for (int i = 0; i < n; i++)
        {
            if (costs[i] == lowestCost)
            {
                keep(i, m++);
            }
        }
        n = m;

        // 7..9: order the rest by ORIGINATOR_ID / router id, CLUSTER_LIST length, peer address.
        for (int i = 1; i < n; i++)
        {
            final Peer p = peers[i];
            final Path q = paths[i];
            int j = i - 1;
            while (j >= 0 && compareTieBreak(p, q, peers[j], paths[j]) < 0)
            {
                peers[j + 1] = peers[j];
                paths[j + 1] = paths[j];
                j--;
            }
            peers[j + 1] = p;
            paths[j + 1] = q;
        }
        return n;
    }

    private void keep(final int from, final int to)
    {
        peers[to] = peers[from];
        paths[to] = paths[from];
    }

    private static int compareTieBreak(final Peer p, final Path a, final Peer q, final Path b)
    {
        // RFC 4271 §9.1.2.2 (f), the ORIGINATOR_ID standing in for the identifier (RFC 4456 §9)...
        final int idA = a.hasOriginatorId ? a.originatorId : p.routerId;
        final int idB = b.hasOriginatorId ? b.originatorId : q.routerId;
        int c = Integer.compareUnsigned(idA, idB);
        if (c != 0)
        {
            return c;
        }
        // ...then the shorter CLUSTER_LIST, "inserted between Steps f) and g)" (RFC 4456 §9).
        c = Integer.compare(a.clusterListLength, b.clusterListLength);
        if (c != 0)
        {
            return c;
        }
        return compareAddresses(p.address, q.address);
    }

    /**
     * @return IPv4 before IPv6, then numerically (unsigned); null last.
     */
    static int compareAddresses(final IpAddress a, final IpAddress b)
    {
        if (a == null || b == null)
        {
            return a == b ? 0 : a == null ? 1 : -1;
        }
        if (a instanceof Ip4Address x && b instanceof Ip4Address y)
        {
            return Integer.compareUnsigned(x.value(), y.value());
        }
        if (a instanceof Ip6Address x && b instanceof Ip6Address y)
        {
            final int c = Long.compareUnsigned(x.high(), y.high());
            return c != 0 ? c : Long.compareUnsigned(x.low(), y.low());
        }
        return a.isIpv4() ? -1 : 1;
    }

    /**
     * @param i index below {@link #run()}'s result.
     * @return the peer of the i-th path.
     */
    Peer peer(final int i)
    {
        return peers[i];
    }

    /**
     * @param i index below {@link #run()}'s result.
     * @return the i-th path.
     */
    Path path(final int i)
    {
        return paths[i];
    }

    /**
     * @param equal {@link #run()}'s result, at least 2.
     * @return the multipath next hops, sorted, or null when there is only the best's.
     */
    List<IpAddress> multipathNextHops(final int equal)
    {
        if (multipath <= 1 || equal <= 1)
        {
            return null;
        }
        final Peer best = peers[0];
        final int neighborAs = paths[0].neighborAs;
        final List<IpAddress> out = new ArrayList<>(Math.min(equal, multipath));
        out.add(paths[0].nextHop());
        for (int i = 1; i < equal && out.size() < multipath; i++)
        {
            if (best.external && paths[i].neighborAs != neighborAs)
            {
                continue;
            }
            final IpAddress nh = paths[i].nextHop();
            if (!out.contains(nh))
            {
                out.add(nh);
            }
        }
        if (out.size() == 1)
        {
            return null;
        }
        out.sort(DecisionProcess::compareAddresses);
        return List.copyOf(out);
    }
}
