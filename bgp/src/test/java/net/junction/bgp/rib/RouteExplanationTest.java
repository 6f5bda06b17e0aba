/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.policy.Policy;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.routing.Ip4;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static net.junction.bgp.rib.DecisionProcessTest.P;
import static net.junction.bgp.rib.DecisionProcessTest.ibgp3;
import static net.junction.bgp.rib.DecisionProcessTest.mixed;
import static net.junction.bgp.rib.Routes.a;
import static net.junction.bgp.rib.Routes.announce;
import static net.junction.bgp.rib.Routes.attrs;
import static net.junction.bgp.rib.Routes.config;
import static net.junction.bgp.rib.Routes.ebgp;
import static net.junction.bgp.rib.Routes.ibgp;
import static net.junction.bgp.rib.Routes.p;
import static net.junction.bgp.rib.Routes.withPolicies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@link BgpRib#explain}: each decision step named where it decides, multipath, import refusals. */
class RouteExplanationTest
{
    static RouteExplanation explain(final Harness h, final String prefix)
    {
        final RouteExplanation x = h.rib.explain(AfiSafi.IPV4_UNICAST, p(prefix));
        final BgpRib.Selected selected = h.best(prefix);
        if (selected == null)
        {
            assertTrue(x.best().isEmpty(), "no best in the Loc-RIB, none in the explanation");
        }
        else
        {
            assertEquals(selected.peer(), x.best().orElseThrow().neighbor(), "the explanation's best is the Loc-RIB's");
            assertSame(selected.path(), x.best().orElseThrow().path());
        }
        return x;
    }

    static RouteExplanation.Candidate candidate(final RouteExplanation x, final String neighbor)
    {
        for (final RouteExplanation.Candidate c : x.candidates())
        {
            if (c.neighbor().equals(neighbor))
            {
                return c;
            }
        }
        return fail("no candidate from " + neighbor + " in " + x);
    }

    static void assertLost(final RouteExplanation x, final String neighbor, final DecisionStep step)
    {
        final RouteExplanation.Candidate c = candidate(x, neighbor);
        assertFalse(c.best(), neighbor + " should not be best");
        assertEquals(step, c.lostAt(), neighbor);
    }

    static void assertBest(final RouteExplanation x, final String neighbor)
    {
        assertEquals(neighbor, x.best().orElseThrow().neighbor());
        assertNull(candidate(x, neighbor).lostAt());
    }

    @Test
    void shouldNameAnUnreachableNextHop()
    {
        final Harness h = ibgp3(1);
        h.unreachable.add(a("198.18.10.1"));
        h.send("a", announce(attrs(65001).put(new PathAttribute.LocalPref(500)), "198.18.10.1", P));
        h.send("b", announce(attrs(65001), "198.18.10.2", P));
        final RouteExplanation x = explain(h, P);
        assertBest(x, "b");
        assertLost(x, "a", DecisionStep.NEXT_HOP_UNREACHABLE);
    }

    @Test
    void shouldHaveNoBestWhenNoNextHopIsReachable()
    {
        final Harness h = ibgp3(1);
        h.unreachable.add(a("198.18.10.1"));
        h.send("a", announce(attrs(65001), "198.18.10.1", P));
        final RouteExplanation x = explain(h, P);
        assertTrue(x.best().isEmpty());
        assertLost(x, "a", DecisionStep.NEXT_HOP_UNREACHABLE);
    }

    @Test
    void shouldNameALocallyOriginatedNetwork()
    {
        final Harness h = new Harness(config(1, List.of(ibgp("a", "198.18.0.1")), Map.of(), List.of(p(P))));
        h.up("a", 1);
        h.send("a", announce(attrs().put(new PathAttribute.LocalPref(999)), "198.18.10.1", P));
        final RouteExplanation x = explain(h, P);
        assertBest(x, "local");
        assertNull(candidate(x, "local").address());
        assertLost(x, "a", DecisionStep.LOCALLY_ORIGINATED);
    }

    @Test
    void shouldNameLocalPref()
    {
        final Harness h = ibgp3(1);
        h.send("a", announce(attrs(65001), "198.18.10.1", P));
        h.send("b", announce(attrs(65001, 65002, 65003).put(new PathAttribute.LocalPref(200)), "198.18.10.2", P));
        final RouteExplanation x = explain(h, P);
        assertBest(x, "b");
        assertLost(x, "a", DecisionStep.LOCAL_PREF);
        assertEquals(a("198.18.0.1"), candidate(x, "a").address());
        assertEquals(200, candidate(x, "b").path().localPref(), "the candidate carries its attributes");
    }

    @Test
    void shouldNameAsPathLength()
    {
        final Harness h = ibgp3(1);
        h.send("a", announce(attrs(65001, 65002, 65003), "198.18.10.1", P));
        h.send("b", announce(attrs(65001, 65002), "198.18.10.2", P));
        h.send("c", announce(attrs(65001).put(new PathAttribute.LocalPref(50)), "198.18.10.3", P));
        final RouteExplanation x = explain(h, P);
        assertBest(x, "b");
        assertLost(x, "a", DecisionStep.AS_PATH_LENGTH);
        assertLost(x, "c", DecisionStep.LOCAL_PREF);
    }

    @Test
    void shouldNameOrigin()
    {
        final Harness h = ibgp3(1);
        h.send("a", announce(attrs(65001).put(PathAttribute.Origin.ORIGIN_INCOMPLETE), "198.18.10.1", P));
        h.send("b", announce(attrs(65001).put(PathAttribute.Origin.ORIGIN_EGP), "198.18.10.2", P));
        final RouteExplanation x = explain(h, P);
        assertBest(x, "b");
        assertLost(x, "a", DecisionStep.ORIGIN);
    }

    @Test
    void shouldNameMedOnlyWithinANeighborAs()
    {
        final Harness h = ibgp3(1);
        h.send("c", announce(attrs(65001).put(new PathAttribute.MultiExitDisc(50)), "198.18.10.3", P));
        h.send("b", announce(attrs(65001).put(new PathAttribute.MultiExitDisc(10)), "198.18.10.2", P));
        h.send("a", announce(attrs(65009).put(new PathAttribute.MultiExitDisc(99)), "198.18.10.1", P));
        final RouteExplanation x = explain(h, P);
        assertBest(x, "a");
        assertLost(x, "c", DecisionStep.MED);
        assertLost(x, "b", DecisionStep.ROUTER_ID);
    }

    @Test
    void shouldNameEbgpOverIbgp()
    {
        final Harness h = mixed(1);
        h.send("a", announce(attrs(65009), "198.18.10.1", P));
        h.send("y", announce(attrs(65002), "198.18.1.2", P));
        final RouteExplanation x = explain(h, P);
        assertBest(x, "y");
        assertTrue(candidate(x, "y").external());
        assertLost(x, "a", DecisionStep.EBGP_OVER_IBGP);
    }

    @Test
    void shouldNameIgpCost()
    {
        final Harness h = ibgp3(1);
        h.costs.put(a("198.18.10.1"), 20L);
        h.costs.put(a("198.18.10.2"), 10L);
        h.send("a", announce(attrs(65001), "198.18.10.1", P));
        h.send("b", announce(attrs(65009), "198.18.10.2", P));
        final RouteExplanation x = explain(h, P);
        assertBest(x, "b");
        assertLost(x, "a", DecisionStep.IGP_COST);
    }

    @Test
    void shouldNameTheRouterIdOrOriginatorId()
    {
        final Harness h = ibgp3(1);
        h.send("a", announce(attrs(65001).put(new PathAttribute.OriginatorId(Ip4.parse("198.18.0.9"))), "198.18.10.1", P));
        h.send("c", announce(attrs(65001), "198.18.10.3", P));
        final RouteExplanation x = explain(h, P);
        assertBest(x, "c");
        assertLost(x, "a", DecisionStep.ROUTER_ID);
    }

    @Test
    void shouldNameTheClusterListLength()
    {
        final Harness h = ibgp3(1);
        final PathAttribute originator = new PathAttribute.OriginatorId(Ip4.parse("198.18.0.9"));
        h.send("a", announce(attrs(65001).put(originator).put(new PathAttribute.ClusterList(new int[]{7, 8})),
            "198.18.10.1", P));
        h.send("b", announce(attrs(65001).put(originator).put(new PathAttribute.ClusterList(new int[]{9})),
            "198.18.10.2", P));
        final RouteExplanation x = explain(h, P);
        assertBest(x, "b");
        assertLost(x, "a", DecisionStep.CLUSTER_LIST_LENGTH);
    }

    @Test
    void shouldNameThePeerAddress()
    {
        final Harness h = new Harness(config(1,
            List.of(ibgp("a", "198.18.0.9"), ibgp("b", "198.18.0.2")), Map.of(), List.of()));
        h.up("a", 5);
        h.up("b", 5);
        h.send("a", announce(attrs(65001), "198.18.10.1", P));
        h.send("b", announce(attrs(65001), "198.18.10.2", P));
        final RouteExplanation x = explain(h, P);
        assertBest(x, "b");
        assertLost(x, "a", DecisionStep.PEER_ADDRESS);
    }

    @Test
    void shouldMarkMultipathMembersUpToTheLimit()
    {
        final Harness h = ibgp3(2);
        h.send("c", announce(attrs(65001), "198.18.10.3", P));
        h.send("b", announce(attrs(65002), "198.18.10.2", P));
        h.send("a", announce(attrs(65003), "198.18.10.1", P));
        final RouteExplanation x = explain(h, P);
        assertBest(x, "a");
        assertTrue(candidate(x, "a").multipath());
        assertTrue(candidate(x, "b").multipath(), "the second next hop of two");
        assertLost(x, "b", DecisionStep.ROUTER_ID);
        assertFalse(candidate(x, "c").multipath(), "beyond the limit");
        assertLost(x, "c", DecisionStep.ROUTER_ID);
    }

    @Test
    void shouldKeepEbgpMultipathToTheBestsNeighborAs()
    {
        final Harness h = mixed(4);
        h.send("x", announce(attrs(65001, 65100), "198.18.1.1", P));
        h.send("z", announce(attrs(65001, 65200), "198.18.1.3", P));
        h.send("y", announce(attrs(65002, 65100), "198.18.1.2", P));
        h.send("a", announce(attrs(65001, 65100), "198.18.10.1", P));
        final RouteExplanation x = explain(h, P);
        assertBest(x, "x");
        assertTrue(candidate(x, "x").multipath());
        assertTrue(candidate(x, "z").multipath());
        assertLost(x, "z", DecisionStep.ROUTER_ID);
        assertFalse(candidate(x, "y").multipath(), "another neighbor AS");
        assertLost(x, "y", DecisionStep.ROUTER_ID);
        assertFalse(candidate(x, "a").multipath());
        assertLost(x, "a", DecisionStep.EBGP_OVER_IBGP);
    }

    @Test
    void shouldMarkNoMultipathWithOneNextHop()
    {
        final Harness h = ibgp3(1);
        h.send("a", announce(attrs(65001), "198.18.10.1", P));
        h.send("b", announce(attrs(65002), "198.18.10.2", P));
        final RouteExplanation x = explain(h, P);
        for (final RouteExplanation.Candidate c : x.candidates())
        {
            assertFalse(c.multipath(), c.neighbor());
        }
    }

    static Harness filtered()
    {
        final Harness h = new Harness(config(1, List.of(
            withPolicies(ebgp("e", "198.18.1.1", 65001), "filter", null),
            withPolicies(ebgp("f", "198.18.1.2", 65002), "filter", null),
            ebgp("g", "198.18.1.3", 65003)),
            Map.of("filter", ImportTest.FILTER), List.of()));
        h.up("e", 1);
        h.up("f", 2);
        h.up("g", 3);
        return h;
    }

    @Test
    void shouldNameTheNeighborAndTheTermThatRejectedAPrefix()
    {
        final Harness h = filtered();
        h.send("e", announce(attrs(65001), "198.18.1.1", "203.0.113.0/24"));
        final RouteExplanation x = explain(h, "203.0.113.0/24");
        assertTrue(x.candidates().isEmpty());
        assertEquals(1, x.rejected().size());
        final RouteExplanation.Rejected r = x.rejected().getFirst();
        assertEquals("e", r.neighbor());
        assertEquals(a("198.18.1.1"), r.address());
        assertEquals(RouteExplanation.Reason.IMPORT_POLICY, r.reason());
        assertEquals("filter", r.policy());
        assertEquals("no-113", r.term());
        assertEquals(a("198.18.1.1"), r.received().nextHop(), "the path as received");
    }

    @Test
    void shouldNameTheAcceptingTermOfACandidateAndNotListItAsRejected()
    {
        final Harness h = filtered();
        h.send("e", announce(attrs(65001), "198.18.1.1", "203.0.114.0/24"));
        h.send("f", announce(attrs(65002), "198.18.1.2", "203.0.114.0/24"));
        final RouteExplanation x = explain(h, "203.0.114.0/24");
        assertTrue(x.rejected().isEmpty(), "changed by policy is not rejected");
        assertEquals(2, x.candidates().size());
        final RouteExplanation.Candidate e = candidate(x, "e");
        assertEquals("filter", e.importPolicy());
        assertEquals("rewrite", e.importTerm());
        assertEquals(a("198.18.99.1"), e.path().nextHop(), "after import policy");
        assertLost(x, "f", DecisionStep.ROUTER_ID);
    }

    @Test
    void shouldNameLoopsAndMissingImportPolicies()
    {
        final Harness h = filtered();
        h.send("f", announce(attrs(65002, Routes.LOCAL_AS), "198.18.1.2", "203.0.114.0/24"));
        h.send("g", announce(attrs(65003), "198.18.1.3", "203.0.114.0/24"));
        final RouteExplanation x = explain(h, "203.0.114.0/24");
        assertTrue(x.candidates().isEmpty());
        assertEquals(List.of("f", "g"), x.rejected().stream().map(RouteExplanation.Rejected::neighbor).toList());
        assertEquals(RouteExplanation.Reason.LOOP, x.rejected().get(0).reason());
        assertNull(x.rejected().get(0).term());
        assertEquals(RouteExplanation.Reason.NO_IMPORT_POLICY, x.rejected().get(1).reason());
    }

    @Test
    void shouldNameNoTermWhenThePolicysOtherwiseRejects()
    {
        final Policy onlyTagged = new Policy("only-tagged", List.of(new Policy.Term("tagged",
            new Policy.Match(java.util.Optional.empty(), List.of(), java.util.Optional.empty(),
                List.of(new Policy.CommunityPattern(65001, 1)), List.of(), List.of()), List.of(),
            Policy.Disposition.ACCEPT)), Policy.Disposition.REJECT);
        final Harness h = new Harness(config(1, List.of(withPolicies(ebgp("e", "198.18.1.1", 65001), "p", null)),
            Map.of("p", onlyTagged), List.of()));
        h.up("e", 1);
        h.send("e", announce(attrs(65001), "198.18.1.1", P));
        final RouteExplanation x = explain(h, P);
        final RouteExplanation.Rejected r = x.rejected().getFirst();
        assertEquals("only-tagged", r.policy());
        assertNull(r.term(), "no term settled it: otherwise did");
    }

    @Test
    void shouldExplainAnUnknownPrefixAsEmpty()
    {
        final Harness h = filtered();
        final RouteExplanation x = explain(h, "192.0.2.0/24");
        assertTrue(x.isEmpty());
        assertTrue(x.best().isEmpty());
        assertTrue(h.rib.explain(AfiSafi.IPV6_UNICAST, p("2001:db8::/32")).isEmpty(), "a family never seen");
    }

    @Test
    void shouldLeaveTheLocRibAlone()
    {
        final Harness h = ibgp3(2);
        h.send("a", announce(attrs(65001), "198.18.10.1", P));
        h.send("b", announce(attrs(65002), "198.18.10.2", P));
        final int changes = h.listener.changes.size();
        final BgpRib.Selected before = h.best(P);
        explain(h, P);
        assertEquals(changes, h.listener.changes.size());
        assertEquals(before, h.best(P));
    }
}
