/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.policy.Policies;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.policy.PolicyEvaluator;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.MpReachNlri;
import net.junction.bgp.wire.MpUnreachNlri;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static net.junction.bgp.rib.Routes.a;
import static net.junction.bgp.rib.Routes.attrs;
import static net.junction.bgp.rib.Routes.config;
import static net.junction.bgp.rib.Routes.ebgp;
import static net.junction.bgp.rib.Routes.ibgp;
import static net.junction.bgp.rib.Routes.p;
import static net.junction.bgp.rib.Routes.withFlags;
import static net.junction.bgp.rib.Routes.withPolicies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ADD-PATH receive (RFC 7911) in the RIB: several paths of one prefix from one neighbor, each kept by
 * (prefix, Path Identifier), each a candidate of the decision, its explanation and its preview; a withdrawal by
 * identifier removes that path only.
 */
class AddPathRibTest
{
    static final AfiSafi V4 = AfiSafi.IPV4_UNICAST;
    static final String P = "198.18.100.0/24";

    static UpdateMessage announce(final int pathId, final PathAttributes.Builder attributes, final String nextHop,
        final String... prefixes)
    {
        final List<Prefix4> nlri = java.util.Arrays.stream(prefixes).map(Prefix4::parse).toList();
        return new UpdateMessage(List.of(), attributes.put(new PathAttribute.NextHop(Ip4.parse(nextHop))).build(), nlri,
            null, null, List.of(), java.util.Collections.nCopies(nlri.size(), pathId));
    }

    static UpdateMessage withdraw(final int pathId, final String prefix)
    {
        return new UpdateMessage(List.of(Prefix4.parse(prefix)), PathAttributes.EMPTY, List.of(), null, null,
            List.of(pathId), List.of());
    }

    /** a: iBGP route-reflector client sending with ADD-PATH; b: iBGP, gets what a's paths reflect. */
    static Harness harness(final int multipath)
    {
        final Harness h = new Harness(config(multipath,
            List.of(withFlags(ibgp("a", "198.18.0.1"), false, true), ibgp("b", "198.18.0.2")), Map.of(), List.of()));
        h.up("a", Ip4.parse("198.18.0.1"));
        h.up("b", Ip4.parse("198.18.0.2"));
        return h;
    }

    @Test
    void shouldKeepEveryPathOfAPrefixFromOneNeighborAndDecideAmongThem()
    {
        final Harness h = harness(1);
        h.send("a", announce(1, attrs(65010, 65020), "198.18.0.11", P));
        h.send("a", announce(2, attrs(65010), "198.18.0.12", P));
        h.send("a", announce(3, attrs(65010, 65020, 65030), "198.18.0.13", P));

        assertEquals(3, h.rib.adjRibInSize("a", V4), "three paths, one prefix");
        assertEquals(3, h.rib.receivedSize("a", V4));
        assertEquals(1, h.rib.locRibSize(V4));
        assertEquals("a", h.bestPeer(P));
        assertEquals(a("198.18.0.12"), h.best(P).path().nextHop(), "the shortest AS path, id 2");

        final RouteExplanation x = h.rib.explain(V4, p(P));
        assertEquals(3, x.candidates().size(), "each path is a candidate");
        final Map<Integer, RouteExplanation.Candidate> byId = new HashMap<>();
        x.candidates().forEach(c -> byId.put(c.pathId(), c));
        assertTrue(byId.get(2).best());
        assertEquals(DecisionStep.AS_PATH_LENGTH, byId.get(1).lostAt());
        assertEquals(DecisionStep.AS_PATH_LENGTH, byId.get(3).lostAt());
        assertSame(h.best(P).path(), byId.get(2).path());

        // The neighbor's tables list each path with the identifier it came with.
        final Map<Long, String> received = new java.util.TreeMap<>();
        h.rib.forEachPath("a", BgpRib.View.RECEIVED, V4, (prefix, path, pathId, source) ->
            received.put(pathId, path.nextHop().toString()));
        assertEquals(Map.of(1L, "198.18.0.11", 2L, "198.18.0.12", 3L, "198.18.0.13"), received);
        final Map<Long, String> accepted = new java.util.TreeMap<>();
        h.rib.forEachPath("a", BgpRib.View.ACCEPTED, V4, (prefix, path, pathId, source) ->
            accepted.put(pathId, path.nextHop().toString()));
        assertEquals(received, accepted);

        // Reflected to b: the best, with a as the source; never back to a (split horizon over a's paths).
        assertEquals(a("198.18.0.12"), h.rib.adjRibOut("b", V4, p(P)).nextHop());
        assertNull(h.rib.adjRibOut("a", V4, p(P)));
    }

    @Test
    void shouldWithdrawOnePathByItsIdentifierAndReplaceOneImplicitly()
    {
        final Harness h = harness(1);
        h.send("a", announce(1, attrs(65010, 65020), "198.18.0.11", P));
        h.send("a", announce(2, attrs(65010), "198.18.0.12", P));

        h.send("a", withdraw(2, P));
        assertEquals(1, h.rib.adjRibInSize("a", V4));
        assertEquals(a("198.18.0.11"), h.best(P).path().nextHop(), "id 1 is left");
        assertEquals(a("198.18.0.11"), h.rib.adjRibOut("b", V4, p(P)).nextHop());

        // A withdrawal of an identifier never sent changes nothing.
        h.send("a", withdraw(9, P));
        assertEquals(1, h.rib.adjRibInSize("a", V4));

        // The same identifier again: an implicit replace of that path, not a second one.
        h.send("a", announce(1, attrs(65010), "198.18.0.21", P));
        assertEquals(1, h.rib.adjRibInSize("a", V4));
        assertEquals(a("198.18.0.21"), h.best(P).path().nextHop());

        h.send("a", withdraw(1, P));
        assertNull(h.best(P));
        assertEquals(0, h.rib.adjRibInSize("a", V4));
        assertNull(h.rib.adjRibOut("b", V4, p(P)));
        assertEquals(List.of(h.rib.peers().get(0).name(), "a", "b"),
            h.rib.peers().stream().map(Peer::name).toList(), "no lane left once its paths are gone");
    }

    @Test
    void shouldOrderEqualPathsByIdentifierAndInstallThemAsMultipath()
    {
        final Harness h = harness(4);
        h.send("a", announce(7, attrs(65010), "198.18.0.17", P));
        h.send("a", announce(5, attrs(65010), "198.18.0.15", P));
        assertEquals(a("198.18.0.15"), h.best(P).path().nextHop(), "equal through the peer address: lowest next hop");
        assertEquals(Set.of(a("198.18.0.15"), a("198.18.0.17")), Set.copyOf(h.best(P).nextHops()),
            "a route reflector's two paths are both installed");
        final RouteExplanation x = h.rib.explain(V4, p(P));
        final RouteExplanation.Candidate seven =
            x.candidates().stream().filter(c -> Integer.valueOf(7).equals(c.pathId())).findFirst().orElseThrow();
        assertEquals(DecisionStep.ADD_PATH, seven.lostAt());
        assertTrue(seven.multipath());
    }

    @Test
    void shouldNeedAsManyLanesAsTheMostPathsOfOnePrefixWhateverTheIdentifiers()
    {
        // FRR and BIRD number paths over the whole table: 2 paths for each of 500 prefixes, 1000 identifiers.
        final Harness h = harness(1);
        for (int i = 0; i < 500; i++)
        {
            final String prefix = "198.18." + (i / 250) + "." + (i % 250) + "/32";
            h.send("a", announce(1000 + 2 * i, attrs(65010), "198.18.0.11", prefix));
            h.send("a", announce(1001 + 2 * i, attrs(65010, 65020), "198.18.0.12", prefix));
        }
        assertEquals(1000, h.rib.adjRibInSize("a", V4));
        assertEquals(5, h.rib.peers().size(), "local, a, b and two lanes");
        // One prefix's first path withdrawn, then a third identifier for it: the free lane is taken again.
        h.send("a", withdraw(1000, "198.18.0.0/32"));
        h.send("a", announce(7777, attrs(65010), "198.18.0.13", "198.18.0.0/32"));
        assertEquals(5, h.rib.peers().size());
        assertEquals(a("198.18.0.13"), h.best("198.18.0.0/32").path().nextHop());
        final RouteExplanation x = h.rib.explain(V4, p("198.18.0.0/32"));
        assertEquals(Set.of(7777, 1001), Set.copyOf(x.candidates().stream().map(RouteExplanation.Candidate::pathId).toList()));
        // Every path withdrawn: the lanes go.
        for (int i = 0; i < 500; i++)
        {
            final String prefix = "198.18." + (i / 250) + "." + (i % 250) + "/32";
            h.send("a", withdraw(i == 0 ? 7777 : 1000 + 2 * i, prefix));
            h.send("a", withdraw(1001 + 2 * i, prefix));
        }
        assertEquals(0, h.rib.adjRibInSize("a", V4));
        assertEquals(3, h.rib.peers().size());
    }

    @Test
    void shouldKeepIpv6PathsByIdentifierInMpReachAndWithdrawThemInMpUnreach()
    {
        final Harness h = harness(1);
        final IpPrefix p6 = p("2001:db8:100::/48");
        for (final int id : new int[]{1, 2})
        {
            h.rib.update(h.sessions.get("a"), new UpdateMessage(List.of(), attrs(65010).build(), List.of(),
                new MpReachNlri(AfiSafi.IPV6_UNICAST, a("2001:db8::" + id), null, List.of(p6), List.of(id)), null));
        }
        assertEquals(2, h.rib.adjRibInSize("a", AfiSafi.IPV6_UNICAST));
        assertEquals(a("2001:db8::1"), h.rib.best(AfiSafi.IPV6_UNICAST, p6).path().nextHop());
        h.rib.update(h.sessions.get("a"), new UpdateMessage(List.of(), PathAttributes.EMPTY, List.of(), null,
            new MpUnreachNlri(AfiSafi.IPV6_UNICAST, List.of(p6), List.of(1))));
        assertEquals(a("2001:db8::2"), h.rib.best(AfiSafi.IPV6_UNICAST, p6).path().nextHop());
    }

    @Test
    void shouldDropEveryPathWhenTheSessionGoesAndKeepThemStaleOverARestart()
    {
        final Harness h = harness(1);
        h.send("a", announce(1, attrs(65010, 65020), "198.18.0.11", P));
        h.send("a", announce(2, attrs(65010), "198.18.0.12", P));
        h.down("a", true);
        assertEquals(2, h.rib.adjRibInSize("a", V4), "kept stale");
        assertTrue(h.best(P) != null);
        h.up("a", Ip4.parse("198.18.0.1"));
        h.send("a", announce(1, attrs(65010, 65020), "198.18.0.11", P)); // only id 1 again
        h.rib.endOfRib(h.sessions.get("a"), V4);
        assertEquals(1, h.rib.adjRibInSize("a", V4), "the stale id 2 went at End-of-RIB");
        assertEquals(a("198.18.0.11"), h.best(P).path().nextHop());

        h.down("a", false);
        assertEquals(0, h.rib.adjRibInSize("a", V4));
        assertNull(h.best(P));
        assertEquals(3, h.rib.peers().size(), "local, a, b: the lanes went with the routes");
    }

    @Test
    void shouldPreviewAnImportChangeOverEveryPathAsTheCommitDoes()
    {
        final Map<String, Policy> policies = Map.of("in", Policies.ACCEPT_ALL);
        final BgpConfig running = config(1, List.of(withPolicies(ebgp("a", "198.18.0.1", 65010), "in", null),
            withPolicies(ebgp("c", "198.18.0.3", 65030), "in", null)), policies, List.of());
        final Harness h = new Harness(running);
        final Map<String, PolicyEvaluator> evaluators = new HashMap<>(Map.of("in", new PolicyEvaluator(Policies.ACCEPT_ALL)));
        h.rib.reconfigure(running, evaluators);
        h.up("a", Ip4.parse("198.18.0.1"));
        h.up("c", Ip4.parse("198.18.0.3"));
        h.send("a", announce(1, attrs(65010), "198.18.0.11", P));
        h.send("a", announce(2, attrs(65010, 65011), "198.18.0.12", P));
        h.send("c", Routes.announce(attrs(65030, 65031, 65032), "198.18.0.3", P));
        assertEquals(a("198.18.0.11"), h.best(P).path().nextHop());

        // Reject what has next hop 198.18.0.11 (a's id 1): a's id 2 becomes the best, c's still loses.
        final Policy in = new Policy("in", List.of(new Policy.Term("no-11", new Policy.Match(Optional.empty(), List.of(),
            Optional.empty(), List.of(), List.of(), List.of(p("198.18.0.11/32"))), List.of(), Policy.Disposition.REJECT)),
            Policy.Disposition.ACCEPT);
        final BgpConfig next = new BgpConfig(running.localAs(), running.routerId(), running.listenAddress(),
            running.listenPort(), running.multipath(), running.neighbors(), Map.of("in", in), running.networks());
        final Map<String, PolicyEvaluator> compiled = Map.of("in", new PolicyEvaluator(in));
        final PolicyPreview preview = h.rib.preview(next, compiled, Set.of(), 10);
        assertEquals(1, preview.bestChanges().count());
        final PolicyPreview.BestChange change = preview.bestChanges().first().getFirst();
        assertEquals(a("198.18.0.12"), change.after().path().nextHop());
        assertEquals(a("198.18.0.11"), h.best(P).path().nextHop(), "the preview changed nothing");

        h.rib.reconfigure(next, compiled);
        assertEquals(a("198.18.0.12"), h.best(P).path().nextHop(), "the commit does what the preview said");
        assertEquals(1, h.rib.adjRibInSize("a", V4));
        assertEquals(2, h.rib.receivedSize("a", V4), "both still as received (soft reconfiguration)");
        final RouteExplanation x = h.rib.explain(V4, p(P));
        assertEquals(1, x.rejected().size());
        assertEquals("a", x.rejected().getFirst().neighbor());
        assertFalse(x.candidates().isEmpty());
        assertNotNull(x.best().orElseThrow().pathId());
    }
}
