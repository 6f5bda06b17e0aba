/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.policy.Policies;
import net.junction.bgp.policy.PolicyEvaluator;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static net.junction.bgp.rib.Routes.LOCAL_ADDRESS;
import static net.junction.bgp.rib.Routes.ROUTER_ID;
import static net.junction.bgp.rib.Routes.a;
import static net.junction.bgp.rib.Routes.announce;
import static net.junction.bgp.rib.Routes.announce6;
import static net.junction.bgp.rib.Routes.attrs;
import static net.junction.bgp.rib.Routes.config;
import static net.junction.bgp.rib.Routes.ebgp;
import static net.junction.bgp.rib.Routes.ibgp;
import static net.junction.bgp.rib.Routes.p;
import static net.junction.bgp.rib.Routes.withFlags;
import static net.junction.bgp.rib.Routes.withPolicies;
import static net.junction.bgp.rib.Routes.withdraw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Adj-RIB-Out: who gets what, with which attributes. */
class ExportTest
{
    static final String P = "203.0.113.0/24";
    static final Policy SET_MED = new Policy("med", List.of(new Policy.Term("med", Policy.Match.ANY,
        List.of(new Policy.Action.SetMed(77)), Policy.Disposition.ACCEPT)), Policy.Disposition.REJECT);
    static final Map<String, Policy> POLICIES = Map.of("all", Policies.ACCEPT_ALL, "med", SET_MED);

    /** e1, e2: eBGP with accept-all; bare: eBGP without policies; i1, i2: iBGP; c1, c2: RR clients. */
    static Harness topology()
    {
        final Harness h = new Harness(config(1, List.of(
            withPolicies(ebgp("e1", "198.18.1.1", 65001), "all", "all"),
            withPolicies(ebgp("e2", "198.18.1.2", 65002), "all", "all"),
            ebgp("bare", "198.18.1.3", 65003),
            ibgp("i1", "198.18.0.1"),
            ibgp("i2", "198.18.0.2"),
            withFlags(ibgp("c1", "198.18.0.11"), false, true),
            withFlags(ibgp("c2", "198.18.0.12"), false, true)), POLICIES, List.of()));
        int id = 1;
        for (final String name : h.sessions.keySet())
        {
            h.up(name, Ip4.parse("198.18.0." + id++));
        }
        return h;
    }

    static FakeSession.Received at(final Harness h, final String peer, final String prefix)
    {
        return h.sessions.get(peer).view.get(p(prefix));
    }

    @Test
    void shouldApplyRfc8212DefaultsToEbgpWithoutPolicies()
    {
        final Harness h = topology();
        h.send("bare", announce(attrs(65003), "198.18.1.3", P));
        assertNull(h.best(P), "no import policy: rejected");
        assertEquals(0, h.rib.adjRibInSize("bare", AfiSafi.IPV4_UNICAST));
        h.send("i1", announce(attrs(65009), "198.18.10.1", P));
        assertEquals("i1", h.bestPeer(P), "iBGP without policy accepts");
        assertNull(at(h, "bare", P), "no export policy: nothing sent");
        assertEquals(List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST), h.sessions.get("bare").endOfRibs,
            "but End-of-RIB still");
        assertTrue(at(h, "e1", P) != null);
    }

    @Test
    void shouldRewriteAttributesForEbgp()
    {
        final Harness h = topology();
        h.send("i1", announce(attrs(65009).put(new PathAttribute.LocalPref(300))
            .put(new PathAttribute.MultiExitDisc(5)).put(new PathAttribute.OriginatorId(9))
            .put(new PathAttribute.ClusterList(new int[]{9})), "198.18.10.1", P));
        final FakeSession.Received r = at(h, "e1", P);
        assertEquals("AsPath[65000 65009]", r.attributes().asPath().toString());
        assertEquals(LOCAL_ADDRESS, r.nextHop());
        assertNull(r.attributes().localPref());
        assertNull(r.attributes().multiExitDisc(), "MED does not leave the AS");
        assertNull(r.attributes().get(PathAttribute.ORIGINATOR_ID));
        assertNull(r.attributes().get(PathAttribute.CLUSTER_LIST));
    }

    @Test
    void shouldKeepMedSetByExportPolicy()
    {
        final Harness h = new Harness(config(1, List.of(withPolicies(ebgp("e", "198.18.1.1", 65001), null, "med"),
            ibgp("i", "198.18.0.1")), POLICIES, List.of()));
        h.up("e", 1);
        h.up("i", 2);
        h.send("i", announce(attrs(65009).put(new PathAttribute.MultiExitDisc(5)), "198.18.10.1", P));
        assertEquals(77, h.sessions.get("e").view.get(p(P)).attributes().multiExitDisc().value());
    }

    @Test
    void shouldRewriteAttributesForIbgp()
    {
        final Harness h = topology();
        h.send("e1", announce(attrs(65001).put(new PathAttribute.MultiExitDisc(5)), "198.18.1.1", P));
        final FakeSession.Received r = at(h, "i1", P);
        assertEquals("AsPath[65001]", r.attributes().asPath().toString(), "no prepend inside the AS");
        assertEquals(a("198.18.1.1"), r.nextHop(), "next hop unchanged");
        assertEquals(100, r.attributes().localPref().value(), "LOCAL_PREF added");
        assertEquals(5, r.attributes().multiExitDisc().value(), "MED may go to iBGP");
        assertNull(r.attributes().get(PathAttribute.ORIGINATOR_ID), "not reflected: no RR attributes");
    }

    @Test
    void shouldSetNextHopSelfWhenConfigured()
    {
        final Harness h = new Harness(config(1, List.of(withPolicies(ebgp("e", "198.18.1.1", 65001), "all", null),
            withFlags(ibgp("i", "198.18.0.1"), true, false)), POLICIES, List.of()));
        h.up("e", 1);
        h.up("i", 2);
        h.send("e", announce(attrs(65001), "198.18.1.1", P));
        assertEquals(LOCAL_ADDRESS, h.sessions.get("i").view.get(p(P)).nextHop());
    }

    @Test
    void shouldNotSendBackToTheSource()
    {
        final Harness h = topology();
        h.send("e1", announce(attrs(65001), "198.18.1.1", P));
        assertNull(at(h, "e1", P));
        assertTrue(at(h, "e2", P) != null);
        // e2 becomes best: e1 now gets it, e2 gets a withdrawal.
        h.send("e2", announce(attrs().put(new PathAttribute.AsPath(List.of())), "198.18.1.2", P));
        assertEquals("e2", h.bestPeer(P));
        assertNull(at(h, "e2", P));
        assertEquals("AsPath[65000]", at(h, "e1", P).attributes().asPath().toString());
    }

    @Test
    void shouldApplyIbgpSplitHorizon()
    {
        final Harness h = topology();
        h.send("i1", announce(attrs(65009), "198.18.10.1", P));
        assertNull(at(h, "i2", P), "non-client to non-client: never");
        final FakeSession.Received toClient = at(h, "c1", P);
        assertEquals(Ip4.parse("198.18.0.4"), ((PathAttribute.OriginatorId)toClient.attributes()
            .get(PathAttribute.ORIGINATOR_ID)).routerId(), "ORIGINATOR_ID = the source's router id");
        assertArrayEquals(new int[]{ROUTER_ID}, ((PathAttribute.ClusterList)toClient.attributes()
            .get(PathAttribute.CLUSTER_LIST)).clusterIds(), "cluster id = our router id");
        assertEquals(a("198.18.10.1"), toClient.nextHop());
    }

    @Test
    void shouldReflectFromClientsToEveryone()
    {
        final Harness h = topology();
        h.send("c1", announce(attrs(65009).put(new PathAttribute.OriginatorId(42))
            .put(new PathAttribute.ClusterList(new int[]{7})), "198.18.10.11", P));
        assertNull(at(h, "c1", P));
        for (final String peer : List.of("c2", "i1", "i2"))
        {
            final FakeSession.Received r = at(h, peer, P);
            assertEquals(42, ((PathAttribute.OriginatorId)r.attributes().get(PathAttribute.ORIGINATOR_ID)).routerId(),
                "an existing ORIGINATOR_ID is kept");
            assertArrayEquals(new int[]{ROUTER_ID, 7}, ((PathAttribute.ClusterList)r.attributes()
                .get(PathAttribute.CLUSTER_LIST)).clusterIds(), "our cluster id prepended");
        }
    }

    @Test
    void shouldDropRoutesThatLoop()
    {
        final Harness h = topology();
        h.send("c1", announce(attrs(65009).put(new PathAttribute.ClusterList(new int[]{ROUTER_ID})), "198.18.10.11", P));
        assertNull(h.best(P));
        h.send("c1", announce(attrs(65009).put(new PathAttribute.OriginatorId(ROUTER_ID)), "198.18.10.11", P));
        assertNull(h.best(P));
        h.send("e1", announce(attrs(65001, 65000), "198.18.1.1", P));
        assertNull(h.best(P), "own AS in the path");
    }

    @Test
    void shouldHonourWellKnownCommunities()
    {
        final Harness h = topology();
        h.send("c1", announce(attrs(65009).put(new PathAttribute.Communities(
            new int[]{PathAttribute.Communities.NO_EXPORT})), "198.18.10.11", "203.0.113.0/24"));
        h.send("c1", announce(attrs(65009).put(new PathAttribute.Communities(
            new int[]{PathAttribute.Communities.NO_EXPORT_SUBCONFED})), "198.18.10.11", "203.0.114.0/24"));
        h.send("c1", announce(attrs(65009).put(new PathAttribute.Communities(
            new int[]{PathAttribute.Communities.NO_ADVERTISE})), "198.18.10.11", "203.0.115.0/24"));
        for (final String prefix : List.of("203.0.113.0/24", "203.0.114.0/24"))
        {
            assertNull(at(h, "e1", prefix), "NO_EXPORT(_SUBCONFED): not to eBGP");
            assertTrue(at(h, "i1", prefix) != null, "but to iBGP");
        }
        for (final String peer : h.sessions.keySet())
        {
            assertNull(at(h, peer, "203.0.115.0/24"), "NO_ADVERTISE: to nobody");
        }
        assertEquals("c1", h.bestPeer("203.0.115.0/24"), "still used locally");
    }

    @Test
    void shouldPassUnknownTransitiveAttributesWithPartialAndDropNonTransitive()
    {
        final Harness h = topology();
        final PathAttribute.Unknown transitive = new PathAttribute.Unknown(
            PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, 99, new byte[]{1, 2});
        final PathAttribute.Unknown local = new PathAttribute.Unknown(PathAttribute.FLAG_OPTIONAL, 98, new byte[]{3});
        h.send("e1", announce(attrs(65001).put(transitive).put(local), "198.18.1.1", P));
        for (final String peer : List.of("e2", "i1"))
        {
            final PathAttributes out = at(h, peer, P).attributes();
            final PathAttribute.Unknown u = (PathAttribute.Unknown)out.get(99);
            assertEquals(PathAttribute.FLAG_PARTIAL, u.flags() & PathAttribute.FLAG_PARTIAL);
            assertNull(out.get(98));
        }
    }

    @Test
    void shouldRelayUnknownAttributesOnlyToNeighborsThatRelayThemAndCheckedOnesToAll()
    {
        final List<PeerConfig> peers = List.of(
            withPolicies(ebgp("e1", "198.18.1.1", 65001), "all", "all"),
            withPolicies(ebgp("e2", "198.18.1.2", 65002), "all", "all").withRelayUnknownAttributes(false),
            ibgp("i1", "198.18.0.1"));
        final Harness h = new Harness(config(1, peers, POLICIES, List.of()));
        h.up("e1", 1);
        h.up("e2", 2);
        h.up("i1", 3);
        final PathAttribute.Unknown unknown = new PathAttribute.Unknown(
            PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, 99, new byte[]{1, 2});
        // OTC (RFC 9234), checked by the decoder: relayed as received, to every neighbor.
        final PathAttribute.Unknown otc = new PathAttribute.Unknown(
            PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, 35, new byte[]{0, 0, (byte)0xfd, (byte)0xe9});
        h.send("e1", announce(attrs(65001).put(unknown).put(otc), "198.18.1.1", P));

        assertNull(at(h, "e2", P).attributes().get(99), "e2 does not relay unknown attributes");
        assertEquals(otc, at(h, "e2", P).attributes().get(35));
        assertEquals(PathAttribute.FLAG_PARTIAL,
            ((PathAttribute.Unknown)at(h, "i1", P).attributes().get(99)).flags() & PathAttribute.FLAG_PARTIAL);
        assertEquals(otc, at(h, "i1", P).attributes().get(35));

        // Changed live: e2's routes are sent again with the attribute, e1's view does not move.
        final List<PeerConfig> relayAll = List.of(peers.get(0), peers.get(1).withRelayUnknownAttributes(true),
            peers.get(2));
        h.rib.reconfigure(config(1, relayAll, POLICIES, List.of()),
            Map.of("all", new PolicyEvaluator(Policies.ACCEPT_ALL), "med", new PolicyEvaluator(SET_MED)));
        assertArrayEquals(new byte[]{1, 2}, ((PathAttribute.Unknown)at(h, "e2", P).attributes().get(99)).value());
    }

    @Test
    void shouldAnnounceNetworksWithOriginIgp()
    {
        final Harness h = new Harness(config(1, List.of(withPolicies(ebgp("e", "198.18.1.1", 65001), null, "all"),
            ibgp("i", "198.18.0.1")), POLICIES, List.of(p(P), p("2001:db8:1::/48"))));
        h.linkLocal = a("fe80::1");
        h.up("e", 1);
        h.up("i", 2);
        final FakeSession.Received toE = h.sessions.get("e").view.get(p(P));
        assertEquals(PathAttribute.Origin.ORIGIN_IGP, toE.attributes().origin());
        assertEquals("AsPath[65000]", toE.attributes().asPath().toString());
        assertEquals(LOCAL_ADDRESS, toE.nextHop());
        final FakeSession.Received toI = h.sessions.get("i").view.get(p(P));
        assertEquals(PathAttribute.AsPath.EMPTY, toI.attributes().asPath());
        assertEquals(LOCAL_ADDRESS, toI.nextHop(), "next hop self for own networks");
        assertEquals(100, toI.attributes().localPref().value());
        final FakeSession.Received v6 = h.sessions.get("e").view.get(p("2001:db8:1::/48"));
        assertEquals(a("::ffff:198.18.0.254"), v6.nextHop(), "IPv4 session: IPv4-mapped global next hop");
        assertEquals(a("fe80::1"), v6.linkLocal());
    }

    @Test
    void shouldSendIpv6WithLinkLocalOnlyWhenNextHopIsSelf()
    {
        final Harness h = topology();
        h.linkLocal = a("fe80::1");
        h.send("e1", announce6(attrs(65001), "2001:db8::1", "fe80::99", "2001:db8:5::/48"));
        final FakeSession.Received toE = at(h, "e2", "2001:db8:5::/48");
        assertEquals(a("fe80::1"), toE.linkLocal());
        final FakeSession.Received toI = at(h, "i1", "2001:db8:5::/48");
        assertEquals(a("2001:db8::1"), toI.nextHop());
        assertNull(toI.linkLocal(), "the peer's link-local next hop means nothing further away");
    }

    @Test
    void shouldWithdrawFromPeersWhenTheRouteGoes()
    {
        final Harness h = topology();
        h.send("e1", announce(attrs(65001), "198.18.1.1", P));
        assertTrue(at(h, "i1", P) != null);
        h.send("e1", withdraw(P));
        for (final String peer : h.sessions.keySet())
        {
            assertNull(at(h, peer, P));
            assertEquals(0, h.rib.adjRibOutSize(peer, AfiSafi.IPV4_UNICAST));
        }
    }

    @Test
    void shouldTagOnImportAndMatchOnExport()
    {
        final int tag = PathAttribute.Communities.community(65000, 666);
        final Policy tagIn = new Policy("tag", List.of(new Policy.Term("t", Policy.Match.ANY,
            List.of(new Policy.Action.AddCommunities(List.of(tag)), new Policy.Action.SetLocalPref(250)),
            Policy.Disposition.ACCEPT)), Policy.Disposition.REJECT);
        final Policy dropTagged = new Policy("drop", List.of(new Policy.Term("t",
            new Policy.Match(Optional.empty(), List.of(), Optional.empty(),
                List.of(new Policy.CommunityPattern(65000, 666)), List.of(), List.of()),
            List.of(), Policy.Disposition.REJECT)), Policy.Disposition.ACCEPT);
        final Harness h = new Harness(config(1, List.of(
            withPolicies(ebgp("e1", "198.18.1.1", 65001), "tag", "drop"),
            withPolicies(ebgp("e2", "198.18.1.2", 65002), "all", "drop")),
            Map.of("tag", tagIn, "drop", dropTagged, "all", Policies.ACCEPT_ALL), List.of()));
        h.up("e1", 1);
        h.up("e2", 2);
        h.send("e1", announce(attrs(65001), "198.18.1.1", P));
        assertEquals(250, h.best(P).path().localPref());
        assertNull(h.sessions.get("e2").view.get(p(P)));
        h.send("e2", announce(attrs(65002), "198.18.1.2", "203.0.114.0/24"));
        assertTrue(h.sessions.get("e1").view.get(p("203.0.114.0/24")) != null);
        assertFalse(h.sessions.get("e1").view.get(p("203.0.114.0/24")).attributes().communities() != null);
    }

    @Test
    void shouldApplyExportPolicyNextHopAndPrependBeforeOurOwnAs()
    {
        final Policy out = new Policy("out", List.of(new Policy.Term("t", Policy.Match.ANY, List.of(
            new Policy.Action.PrependAs(0, 2), new Policy.Action.SetNextHop(a("198.18.1.100"))),
            Policy.Disposition.ACCEPT)), Policy.Disposition.REJECT);
        final Harness h = new Harness(config(1, List.of(withPolicies(ebgp("e", "198.18.1.1", 65001), null, "out"),
            ibgp("i", "198.18.0.1")), Map.of("out", out), List.of()));
        h.up("e", 1);
        h.up("i", 2);
        h.send("i", announce(attrs(65009), "198.18.10.1", P));
        final FakeSession.Received r = h.sessions.get("e").view.get(p(P));
        assertEquals("AsPath[65000 65000 65000 65009]", r.attributes().asPath().toString());
        assertEquals(a("198.18.1.100"), r.nextHop(), "third-party next hop set by policy");
    }
}
