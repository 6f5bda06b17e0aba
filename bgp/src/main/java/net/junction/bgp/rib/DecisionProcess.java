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
 * <b>Explanation.</b> The steps are named by {@link DecisionStep}, in this order. {@link #explain()} runs
 * the same step code as {@link #run()} (one driver, {@code select}, with an observer that is null on
 * the update path) and reports for each candidate the step at which it lost: the narrowing step that
 * removed it, or, among the multipath equals, the first tie-break on which the best comes before it.
 * <p>
 * One instance, reused for every prefix: no allocation unless multipath has several next hops (or an
 * explanation is asked for).
 */
final class DecisionProcess
{
    private final NextHopResolver resolver;
    private int multipath;

    private Peer[] peers = new Peer[8];
    private Path[] paths = new Path[8];
    private long[] costs = new long[8];
    private int count;
    /** {@link #rank()}: the candidates not ordered yet, and the order. */
    private Peer[] pending = new Peer[0];
    private Path[] pendingPaths = new Path[0];
    private Peer[] rankedPeers = new Peer[0];
    private Path[] rankedPaths = new Path[0];

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
     * @param most next hops installed.
     * @return another instance with the same resolver: a preview's, so this one's state is left alone. (A full
     *     table goes through a handful of next hops, one per prefix in a row: the router's resolver,
     *     {@code RibNextHopResolver}, keeps its last answer for the live decision and a preview's alike.)
     */
    DecisionProcess withMultipath(final int most)
    {
        return new DecisionProcess(resolver, most);
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
        return select(null);
    }

    /**
     * Order every usable candidate as the decision would prefer them (ADD-PATH send, RFC 7911: the best, then the
     * next best): the steps run over the candidates, the paths equal to the best through step 7 are taken in
     * their tie-break order, and the steps run again over those left, until none is usable. The first taken
     * is what {@link #run()} selects. {@link #rankedPeer(int)} and {@link #rankedPath(int)} read the order;
     * {@link #peer(int)} and {@link #path(int)} are undefined after. Allocates only to grow its arrays.
     *
     * @return the number of candidates ordered (those with a reachable next hop).
     */
    int rank()
    {
        final int total = count;
        if (pending.length < total)
        {
            pending = Arrays.copyOf(peers, peers.length);
            pendingPaths = Arrays.copyOf(paths, paths.length);
            rankedPeers = new Peer[peers.length];
            rankedPaths = new Path[paths.length];
        }
        System.arraycopy(peers, 0, pending, 0, total);
        System.arraycopy(paths, 0, pendingPaths, 0, total);
        int left = total;
        int ranked = 0;
        while (left > 0)
        {
            System.arraycopy(pending, 0, peers, 0, left);
            System.arraycopy(pendingPaths, 0, paths, 0, left);
            count = left;
            final int equal = select(null);
            if (equal == 0)
            {
                break;
            }
            for (int i = 0; i < equal; i++)
            {
                rankedPeers[ranked] = peers[i];
                rankedPaths[ranked] = paths[i];
                ranked++;
                for (int k = 0; k < left; k++)
                {
                    if (pending[k] == peers[i])
                    {
                        left--;
                        pending[k] = pending[left];
                        pendingPaths[k] = pendingPaths[left];
                        break;
                    }
                }
            }
        }
        count = 0;
        return ranked;
    }

    /** @return the candidate ranked at {@code i} by {@link #rank()}. */
    Peer rankedPeer(final int i)
    {
        return rankedPeers[i];
    }

    /** @return the path ranked at {@code i} by {@link #rank()}. */
    Path rankedPath(final int i)
    {
        return rankedPaths[i];
    }

    /**
     * One candidate as {@link #explain()} reports it.
     *
     * @param peer      where it came from.
     * @param path      its path.
     * @param lostAt    the step at which a better path removed it or was ordered before it; null for the
     *                  best.
     * @param multipath whether its next hop is one of several installed (the best's included); false
     *                  for every candidate when only the best's next hop is installed.
     */
    record Ranked(Peer peer, Path path, DecisionStep lostAt, boolean multipath)
    {
    }

    /**
     * Run the steps over the added candidates exactly as {@link #run()} does (the same step code), noting
     * where each one lost. Allocates: for explanations, never on the update path. {@link #peer(int)} and
     * {@link #path(int)} then read what {@link #run()} would have left.
     *
     * @return every added candidate, in the order added; the best is the one without a losing step (none
     *     if no next hop is reachable).
     */
    List<Ranked> explain()
    {
        final int candidates = count;
        final Peer[] added = Arrays.copyOf(peers, candidates);
        final Path[] addedPaths = Arrays.copyOf(paths, candidates);
        final DecisionStep[] lostAt = new DecisionStep[candidates];
        final int equal = select((step, kept) ->
        {
            for (int c = 0; c < candidates; c++)
            {
                if (lostAt[c] == null && indexOf(added[c], kept) < 0)
                {
                    lostAt[c] = step;
                }
            }
        });
        final List<IpAddress> nextHops = multipathNextHops(equal);
        final boolean[] multipath = new boolean[candidates];
        final List<Peer> byAdded = Arrays.asList(added);
        for (int i = 0; i < equal; i++)
        {
            final int c = byAdded.indexOf(peers[i]);
            if (i > 0)
            {
                lostAt[c] = firstDifference(peers[i], paths[i], peers[0], paths[0]);
            }
            multipath[c] = nextHops != null && joinsMultipath(i) && nextHops.contains(paths[i].nextHop());
        }
        final List<Ranked> out = new ArrayList<>(candidates);
        for (int c = 0; c < candidates; c++)
        {
            out.add(new Ranked(added[c], addedPaths[c], lostAt[c], multipath[c]));
        }
        return out;
    }

    /** Sees the candidates each narrowing step kept (indices below {@code kept}). */
    @FunctionalInterface
    private interface StepObserver
    {
        void kept(DecisionStep step, int kept);
    }

    /**
     * The narrowing steps, in order; {@link #TIE_BREAKS} then order what is left. Both {@link #run()}
     * and {@link #explain()} go through here, so an explanation is the decision, not a retelling of it.
     *
     * @param observer null on the update path.
     */
    private int select(final StepObserver observer)
    {
        int n = count;
        for (final DecisionStep step : NARROWING)
        {
            n = narrow(step, n);
            if (observer != null)
            {
                observer.kept(step, n);
            }
            if (n == 0)
            {
                return 0;
            }
            if (step == DecisionStep.LOCALLY_ORIGINATED && peers[0].local)
            {
                return 1;
            }
            if (n == 1 && observer == null)
            {
                // Every later step keeps a lone path: its IGP cost need not even be asked for (a full table
                // from one peer is a million prefixes with one candidate each).
                return 1;
            }
        }
        sortByTieBreaks(n);
        return n;
    }

    /**
     * Whether a path is out before {@link DecisionStep#MED} in any set of candidates whose selection is the given
     * best (chosen with the resolver's current answers): its next hop is unreachable, or the best is preferred to
     * it on one of the steps {@link DecisionStep#LOCALLY_ORIGINATED} to {@link DecisionStep#ORIGIN}, equal on those
     * before. Those steps keep the paths with the best key (locally originated, LOCAL_PREF, AS_PATH length,
     * ORIGIN, in that order) over the whole set, and the best has it, so such a path joining or leaving the set
     * changes neither that key nor which paths reach MED: the outcome, multipath included, is the same.
     *
     * @param bestPeer the best's peer, or null if the set has no selection (no candidate is usable): then only
     *                 an unusable path is out.
     * @param bestPath the best path, or null with {@code bestPeer}.
     */
    boolean outBeforeMed(final Peer peer, final Path path, final Peer bestPeer, final Path bestPath)
    {
        if (bestPeer == null)
        {
            return !usable(peer, path);
        }
        return compareBeforeMed(peer, path, bestPeer, bestPath) > 0 || !usable(peer, path);
    }

    private static int compareBeforeMed(final Peer p, final Path a, final Peer q, final Path b)
    {
        for (final DecisionStep step : BEFORE_MED)
        {
            final int c = compareAt(step, p, a, q, b);
            if (c != 0)
            {
                return c;
            }
        }
        return 0;
    }

    /** The narrowing steps that compare paths by a key of their own, before MED (as {@link #NARROWING} has them). */
    private static final DecisionStep[] BEFORE_MED = {
        DecisionStep.LOCALLY_ORIGINATED, DecisionStep.LOCAL_PREF, DecisionStep.AS_PATH_LENGTH, DecisionStep.ORIGIN};

    private static final DecisionStep[] NARROWING = {
        DecisionStep.NEXT_HOP_UNREACHABLE, DecisionStep.LOCALLY_ORIGINATED, DecisionStep.LOCAL_PREF,
        DecisionStep.AS_PATH_LENGTH, DecisionStep.ORIGIN, DecisionStep.MED, DecisionStep.EBGP_OVER_IBGP,
        DecisionStep.IGP_COST};

    private static final DecisionStep[] TIE_BREAKS = {
        DecisionStep.ROUTER_ID, DecisionStep.CLUSTER_LIST_LENGTH, DecisionStep.PEER_ADDRESS, DecisionStep.ADD_PATH};

    /**
     * @param n candidates at indices below n.
     * @return how many the step keeps, moved to the front in their order.
     */
    private int narrow(final DecisionStep step, final int n)
    {
        return switch (step)
        {
            case NEXT_HOP_UNREACHABLE -> reachable(n);
            case LOCALLY_ORIGINATED, LOCAL_PREF, AS_PATH_LENGTH, ORIGIN -> bestOn(step, n);
            case MED -> lowestMed(n);
            case EBGP_OVER_IBGP -> externalOverInternal(n);
            case IGP_COST -> lowestIgpCost(n);
            case ROUTER_ID, CLUSTER_LIST_LENGTH, PEER_ADDRESS, ADD_PATH ->
                throw new IllegalArgumentException(step + " orders, it does not narrow");
        };
    }

    // NEXT_HOP_UNREACHABLE: drop paths whose next hop cannot be reached.
    private int reachable(final int n)
    {
        int m = 0;
        for (int i = 0; i < n; i++)
        {
            if (usable(peers[i], paths[i]))
            {
                keep(i, m++);
            }
        }
        return m;
    }

    /**
     * @return whether the path survives {@link DecisionStep#NEXT_HOP_UNREACHABLE}: a local path has no next hop
     *     to resolve, any other needs a reachable one.
     */
    private boolean usable(final Peer peer, final Path path)
    {
        final IpAddress nh = path.nextHop();
        return peer.local || (nh != null && resolver.reachable(nh));
    }

    // LOCALLY_ORIGINATED (a local path wins outright: there is at most one, the local pseudo-peer's), LOCAL_PREF,
    // AS_PATH_LENGTH, ORIGIN: the paths equal to the best on the step's key (compareAt).
    private int bestOn(final DecisionStep step, final int n)
    {
        int best = 0;
        for (int i = 1; i < n; i++)
        {
            if (compareAt(step, peers[i], paths[i], peers[best], paths[best]) < 0)
            {
                best = i;
            }
        }
        final Peer bestPeer = peers[best];
        final Path bestPath = paths[best];
        int m = 0;
        for (int i = 0; i < n; i++)
        {
            if (compareAt(step, peers[i], paths[i], bestPeer, bestPath) == 0)
            {
                keep(i, m++);
            }
        }
        return m;
    }

    // MED: lowest, only between paths from the same neighbor AS (RFC 4271 §9.1.2.2 (c)).
    private int lowestMed(final int n)
    {
        for (int i = 0; i < n; i++)
        {
            boolean beaten = false;
            for (int j = 0; j < n && !beaten; j++)
            {
                beaten = paths[j].neighborAs == paths[i].neighborAs && paths[j].med < paths[i].med;
            }
            // Marked, compacted below: the inner loop must still see every path.
            costs[i] = beaten ? -1 : 0;
        }
        int m = 0;
        for (int i = 0; i < n; i++)
        {
            if (costs[i] == 0)
            {
                keep(i, m++);
            }
        }
        return m;
    }

    // EBGP_OVER_IBGP: eBGP-learned paths, if there are any.
    private int externalOverInternal(final int n)
    {
        boolean anyExternal = false;
        for (int i = 0; i < n; i++)
        {
            anyExternal |= peers[i].external;
        }
        if (!anyExternal)
        {
            return n;
        }
        int m = 0;
        for (int i = 0; i < n; i++)
        {
            if (peers[i].external)
            {
                keep(i, m++);
            }
        }
        return m;
    }

    // IGP_COST: lowest to the next hop.
    private int lowestIgpCost(final int n)
    {
        long lowestCost = Long.MAX_VALUE;
        for (int i = 0; i < n; i++)
        {
            costs[i] = resolver.igpCost(paths[i].nextHop());
            lowestCost = Math.min(lowestCost, costs[i]);
        }
        int m = 0;
        for (int i = 0; i < n; i++)
        {
            if (costs[i] == lowestCost)
            {
                keep(i, m++);
            }
        }
        return m;
    }

    // ROUTER_ID, CLUSTER_LIST_LENGTH, PEER_ADDRESS, ADD_PATH: order the multipath equals, the best first.
    private void sortByTieBreaks(final int n)
    {
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
    }

    private void keep(final int from, final int to)
    {
        peers[to] = peers[from];
        paths[to] = paths[from];
    }

    private int indexOf(final Peer peer, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            if (peers[i] == peer)
            {
                return i;
            }
        }
        return -1;
    }

    private static int compareTieBreak(final Peer p, final Path a, final Peer q, final Path b)
    {
        for (final DecisionStep step : TIE_BREAKS)
        {
            final int c = compareAt(step, p, a, q, b);
            if (c != 0)
            {
                return c;
            }
        }
        return 0;
    }

    /**
     * @return the first tie-break step on which the path (p, a) is ordered after (q, b);
     *     {@link DecisionStep#ADD_PATH} if none (one path per peer or lane, so not expected).
     */
    private static DecisionStep firstDifference(final Peer p, final Path a, final Peer q, final Path b)
    {
        for (final DecisionStep step : TIE_BREAKS)
        {
            if (compareAt(step, p, a, q, b) != 0)
            {
                return step;
            }
        }
        return DecisionStep.ADD_PATH;
    }

    /**
     * The order of one step that compares two paths by themselves (every step but NEXT_HOP_UNREACHABLE, MED,
     * EBGP_OVER_IBGP and IGP_COST, which look at the other candidates or at the resolver).
     *
     * @return negative if the path (p, a) is preferred to (q, b) on the step, 0 if they are equal on it.
     */
    private static int compareAt(final DecisionStep step, final Peer p, final Path a, final Peer q, final Path b)
    {
        return switch (step)
        {
            case LOCALLY_ORIGINATED -> Boolean.compare(q.local, p.local);
            case LOCAL_PREF -> Long.compare(b.localPref, a.localPref);
            // Path.asPathLength: an AS_SET counts 1, confederation segments 0 (RFC 4271 §9.1.2.2 (a), RFC 5065 §5.3).
            case AS_PATH_LENGTH -> Integer.compare(a.asPathLength, b.asPathLength);
            case ORIGIN -> Integer.compare(a.origin, b.origin);
            // RFC 4271 §9.1.2.2 (f), the ORIGINATOR_ID standing in for the identifier (RFC 4456 §9)...
            case ROUTER_ID -> Integer.compareUnsigned(identifier(p, a), identifier(q, b));
            // ...then the shorter CLUSTER_LIST, "inserted between Steps f) and g)" (RFC 4456 §9)...
            case CLUSTER_LIST_LENGTH -> Integer.compare(a.clusterListLength, b.clusterListLength);
            // ...then the lower peer address, (g).
            case PEER_ADDRESS -> compareAddresses(p.address, q.address);
            // ...then, between paths of one ADD-PATH neighbor: the lower next hop, then its own before its lanes.
            case ADD_PATH -> p.neighbor() != q.neighbor() ? 0 : compareAddPath(p, a, q, b);
            case NEXT_HOP_UNREACHABLE, MED, EBGP_OVER_IBGP, IGP_COST ->
                throw new IllegalArgumentException(step + " depends on more than the two paths");
        };
    }

    private static int compareAddPath(final Peer p, final Path a, final Peer q, final Path b)
    {
        final int c = compareAddresses(a.nextHop(), b.nextHop());
        return c != 0 ? c : Integer.compare(p.owner == null ? -1 : p.slot, q.owner == null ? -1 : q.slot);
    }

    private static int identifier(final Peer p, final Path a)
    {
        return a.hasOriginatorId ? a.originatorId : p.routerId;
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
        final List<IpAddress> out = new ArrayList<>(Math.min(equal, multipath));
        out.add(paths[0].nextHop());
        for (int i = 1; i < equal && out.size() < multipath; i++)
        {
            if (!joinsMultipath(i))
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

    /**
     * @param i index below {@link #run()}'s result.
     * @return whether the i-th path may add its next hop to the best's: when the best is eBGP, only paths
     *     with the best's neighbor AS.
     */
    private boolean joinsMultipath(final int i)
    {
        return !peers[0].external || paths[i].neighborAs == paths[0].neighborAs;
    }
}
