/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.IpAddress;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static net.junction.bgp.rib.Routes.a;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DecisionProcess#explain()} over random candidate sets: its best is what {@link DecisionProcess#run()}
 * selects, its multipath members are the installed next hops, and each losing step is one on which the
 * loser really is worse than the best.
 */
class DecisionExplanationPropertyTest
{
    /** Few distinct values per attribute, so that every step gets to decide. */
    record Candidate(
        boolean external, int routerId, int addressByte, long localPref, int asPathLength, int origin, long med,
        int neighborAs, int clusterListLength, int originatorId, int nextHop)
    {
    }

    /**
     * @param candidates one per peer.
     * @param local      whether a locally originated path is among them.
     * @param unreachable next hops (1..4) that do not resolve, as bits.
     * @param expensive   next hops (1..4) with IGP cost 10 rather than 0, as bits.
     * @param multipath   the multipath limit.
     */
    record Case(List<Candidate> candidates, boolean local, int unreachable, int expensive, int multipath)
    {
    }

    @Provide
    Arbitrary<Case> cases()
    {
        final Arbitrary<Candidate> candidate = Combinators.combine(List.of(
            Arbitraries.integers().between(0, 1),
            Arbitraries.integers().between(1, 3),
            Arbitraries.integers().between(1, 250),
            Arbitraries.of(100, 200),
            Arbitraries.integers().between(1, 3),
            Arbitraries.integers().between(0, 2),
            Arbitraries.of(0, 10),
            Arbitraries.of(65001, 65002),
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 3),
            Arbitraries.integers().between(1, 4))).as(v -> new Candidate(v.get(0) == 1, v.get(1), v.get(2),
            v.get(3), v.get(4), v.get(5), v.get(6), v.get(7), v.get(8), v.get(9), v.get(10)));
        return Combinators.combine(candidate.list().ofMinSize(0).ofMaxSize(8),
            Arbitraries.integers().between(0, 9).map(n -> n == 0),
            Arbitraries.integers().between(0, 15).map(bits -> bits & (bits >> 1)), // mostly reachable
            Arbitraries.integers().between(0, 15),
            Arbitraries.of(1, 2, 4)).as(Case::new);
    }

    private static IpAddress nextHop(final int i)
    {
        return a("198.18.10." + i);
    }

    private static NextHopResolver resolver(final Case c)
    {
        return new NextHopResolver()
        {
            public boolean reachable(final IpAddress nextHop)
            {
                return (c.unreachable() & bit(nextHop)) == 0;
            }

            public long igpCost(final IpAddress nextHop)
            {
                return (c.expensive() & bit(nextHop)) != 0 ? 10 : 0;
            }
        };
    }

    private static int bit(final IpAddress nextHop)
    {
        return 1 << ((((net.junction.routing.Ip4Address)nextHop).value() & 0xFF) - 1);
    }

    /** The peers and paths of a case, in the order added. */
    private static void add(final DecisionProcess decision, final List<Peer> peers, final List<Path> paths)
    {
        decision.reset();
        for (int i = 0; i < peers.size(); i++)
        {
            decision.add(peers.get(i), paths.get(i));
        }
    }

    private static void build(final Case c, final List<Peer> peers, final List<Path> paths)
    {
        if (c.local())
        {
            peers.add(new Peer(null, true, null, null, Routes.LOCAL_AS, Routes.ROUTER_ID));
            paths.add(new Path(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP, PathAttribute.AsPath.EMPTY), null, null));
        }
        for (int i = 0; i < c.candidates().size(); i++)
        {
            final Candidate k = c.candidates().get(i);
            // Distinct addresses (the last byte is the index), ordered by a random third byte.
            final Peer peer = new Peer(Routes.ibgp("n" + i, "198.18." + k.addressByte() + "." + (i + 1)), false, null,
                null, Routes.LOCAL_AS, Routes.ROUTER_ID);
            peer.external = k.external();
            peer.routerId = k.routerId();
            final int[] asns = new int[k.asPathLength()];
            java.util.Arrays.fill(asns, 65100);
            asns[0] = k.neighborAs();
            final PathAttributes.Builder b = PathAttributes.builder()
                .put(new PathAttribute.Origin(k.origin()))
                .put(new PathAttribute.AsPath(List.of(AsPathSegment.sequence(asns))))
                .put(new PathAttribute.LocalPref((int)k.localPref()));
            if (k.med() != 0)
            {
                b.put(new PathAttribute.MultiExitDisc((int)k.med()));
            }
            if (k.clusterListLength() > 0)
            {
                b.put(new PathAttribute.ClusterList(new int[k.clusterListLength()]));
            }
            if (k.originatorId() > 0)
            {
                b.put(new PathAttribute.OriginatorId(k.originatorId()));
            }
            peers.add(peer);
            paths.add(new Path(b.build(), nextHop(k.nextHop()), null));
        }
    }

    @Property(tries = 1000)
    void explanationAgreesWithTheDecision(@ForAll("cases") final Case c)
    {
        final List<Peer> peers = new ArrayList<>();
        final List<Path> paths = new ArrayList<>();
        build(c, peers, paths);
        final NextHopResolver resolver = resolver(c);
        final DecisionProcess decision = new DecisionProcess(resolver, c.multipath());

        add(decision, peers, paths);
        final int equal = decision.run();
        final Peer best = equal == 0 ? null : decision.peer(0);
        final List<IpAddress> installed = equal == 0 ? null : decision.multipathNextHops(equal);

        add(decision, peers, paths);
        final List<DecisionProcess.Ranked> ranked = decision.explain();

        assertEquals(peers.size(), ranked.size());
        DecisionProcess.Ranked winner = null;
        final Set<IpAddress> members = new HashSet<>();
        for (int i = 0; i < ranked.size(); i++)
        {
            final DecisionProcess.Ranked r = ranked.get(i);
            assertSame(peers.get(i), r.peer(), "in the order added");
            assertSame(paths.get(i), r.path());
            if (r.lostAt() == null)
            {
                assertNull(winner, "one best");
                winner = r;
            }
            if (r.multipath())
            {
                members.add(r.path().nextHop());
            }
        }
        assertSame(best, winner == null ? null : winner.peer(), "the explanation's best is the decision's");
        assertEquals(installed == null ? Set.of() : Set.copyOf(installed), members, "multipath members");
        if (winner == null)
        {
            return;
        }
        for (final DecisionProcess.Ranked r : ranked)
        {
            if (r != winner)
            {
                assertWorseAt(r, winner, resolver);
            }
            if (r.multipath())
            {
                assertTrue(r.lostAt() == null || r.lostAt().isTieBreak(), "a multipath member is a multipath equal");
                assertTrue(!winner.peer().external || r.path().neighborAs == winner.path().neighborAs,
                    "eBGP multipath keeps to the best's neighbor AS");
            }
        }
    }

    /** The loser is worse than the winner on its losing step's criterion (or, for MED, by MED at all). */
    private static void assertWorseAt(final DecisionProcess.Ranked loser, final DecisionProcess.Ranked winner,
        final NextHopResolver resolver)
    {
        final Path l = loser.path();
        final Path w = winner.path();
        final String why = loser.peer() + " lost at " + loser.lostAt() + " to " + winner.peer();
        assertNotNull(loser.lostAt(), why);
        switch (loser.lostAt())
        {
            case NEXT_HOP_UNREACHABLE -> assertTrue(!resolver.reachable(l.nextHop()), why);
            case LOCALLY_ORIGINATED -> assertTrue(winner.peer().local, why);
            case LOCAL_PREF -> assertTrue(l.localPref < w.localPref, why);
            case AS_PATH_LENGTH -> assertTrue(l.localPref == w.localPref && l.asPathLength > w.asPathLength, why);
            case ORIGIN -> assertTrue(l.localPref == w.localPref && l.asPathLength == w.asPathLength &&
                l.origin > w.origin, why);
            case MED -> assertTrue(l.med > 0, why);
            case EBGP_OVER_IBGP -> assertTrue(!loser.peer().external && winner.peer().external, why);
            case IGP_COST -> assertTrue(resolver.igpCost(l.nextHop()) > resolver.igpCost(w.nextHop()), why);
            case ROUTER_ID, CLUSTER_LIST_LENGTH, PEER_ADDRESS ->
            {
                // A multipath equal: the same on every narrowing step.
                assertTrue(l.localPref == w.localPref && l.asPathLength == w.asPathLength && l.origin == w.origin &&
                    loser.peer().external == winner.peer().external &&
                    resolver.igpCost(l.nextHop()) == resolver.igpCost(w.nextHop()), why);
            }
        }
        final long idL = Integer.toUnsignedLong(l.hasOriginatorId ? l.originatorId : loser.peer().routerId);
        final long idW = Integer.toUnsignedLong(w.hasOriginatorId ? w.originatorId : winner.peer().routerId);
        switch (loser.lostAt())
        {
            case ROUTER_ID -> assertTrue(idL > idW, why);
            case CLUSTER_LIST_LENGTH -> assertTrue(idL == idW && l.clusterListLength > w.clusterListLength, why);
            case PEER_ADDRESS -> assertTrue(idL == idW && l.clusterListLength == w.clusterListLength &&
                DecisionProcess.compareAddresses(loser.peer().address, winner.peer().address) > 0, why);
            default ->
            {
            }
        }
    }

    @Example
    void runAllocatesNothingWithoutMultipath()
    {
        final Case c = new Case(List.of(
            new Candidate(false, 1, 1, 100, 2, 0, 0, 65001, 0, 0, 1),
            new Candidate(false, 2, 2, 100, 2, 0, 0, 65001, 0, 0, 2),
            new Candidate(true, 3, 3, 100, 2, 0, 0, 65001, 1, 0, 3),
            new Candidate(true, 1, 4, 100, 2, 0, 0, 65001, 0, 0, 4)), false, 0, 0, 1);
        final List<Peer> peers = new ArrayList<>();
        final List<Path> paths = new ArrayList<>();
        build(c, peers, paths);
        final DecisionProcess decision = new DecisionProcess(resolver(c), 1);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            int equal = 0;
            for (int i = 0; i < 100_000; i++)
            {
                add(decision, peers, paths);
                equal += decision.run();
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(200_000, equal, "two eBGP equals through the IGP cost");
            if (round == 2)
            {
                assertTrue(allocated < 64 * 1024, "run() allocated " + allocated + " bytes in 100k decisions");
            }
        }
    }
}
