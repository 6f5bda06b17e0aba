/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.config.AddPathConfig;
import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.policy.Policies;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.policy.PolicyEvaluator;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.BgpMessage;
import net.junction.bgp.wire.CodecOptions;
import net.junction.bgp.wire.DecodeResult;
import net.junction.bgp.wire.MessageDecoder;
import net.junction.bgp.wire.MessageEncoder;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.routing.Ip4;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import static net.junction.bgp.rib.Routes.announce;
import static net.junction.bgp.rib.Routes.attrs;
import static net.junction.bgp.rib.Routes.config;
import static net.junction.bgp.rib.Routes.ebgp;
import static net.junction.bgp.rib.Routes.ibgp;
import static net.junction.bgp.rib.Routes.p;
import static net.junction.bgp.rib.Routes.withPolicies;
import static net.junction.bgp.rib.Routes.withdraw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ADD-PATH send (RFC 7911) in the RIB: up to N paths per prefix to a neighbor that negotiated it, in the decision's
 * order, each through export as the best would go, each under a Path Identifier that stays with its path; the
 * Adj-RIB-Out sends only what changed, and a neighbor without it gets what it always got.
 */
class AddPathSendTest
{
    static final AfiSafi V4 = AfiSafi.IPV4_UNICAST;
    static final String P = "198.18.100.0/24";
    static final Map<String, Policy> POLICIES = Map.of("all", Policies.ACCEPT_ALL);

    /** u1..u3: eBGP upstreams; t: eBGP, ADD-PATH send 2; plain: eBGP without ADD-PATH; i: iBGP, send all; r: iBGP. */
    static List<PeerConfig> peers(final int send, final String tExport)
    {
        return List.of(
            withPolicies(ebgp("u1", "198.18.1.1", 65001), "all", "all"),
            withPolicies(ebgp("u2", "198.18.1.2", 65002), "all", "all"),
            withPolicies(ebgp("u3", "198.18.1.3", 65003), "all", "all"),
            withPolicies(ebgp("t", "198.18.1.10", 65100), "all", tExport)
                .withAddPath(new AddPathConfig(false, send, Set.of(V4))),
            withPolicies(ebgp("plain", "198.18.1.20", 65200), "all", "all"),
            ibgp("i", "198.18.1.30").withAddPath(new AddPathConfig(true, AddPathConfig.SEND_ALL, Set.of(V4))),
            ibgp("r", "198.18.1.31"));
    }

    static Harness harness()
    {
        final Harness h = new Harness(config(1, peers(2, "all"), POLICIES, List.of()));
        int id = 1;
        for (final String name : List.of("u1", "u2", "u3", "t", "plain", "i", "r"))
        {
            h.up(name, Ip4.parse("198.18.9." + id++));
        }
        return h;
    }

    /** The three upstreams' paths for P: u1 the best (shortest), then u2, then u3. */
    static void threePaths(final Harness h)
    {
        h.send("u1", announce(attrs(65001), "198.18.1.1", P));
        h.send("u2", announce(attrs(65002, 65010), "198.18.1.2", P));
        h.send("u3", announce(attrs(65003, 65010, 65020), "198.18.1.3", P));
    }

    /** What the peer holds for P: Path Identifier to the AS path's first AS after ours (the upstream). */
    static SortedMap<Integer, Integer> upstreams(final Harness h, final String peer)
    {
        final SortedMap<Integer, Integer> out = new TreeMap<>();
        final SortedMap<Integer, FakeSession.Received> held = h.sessions.get(peer).paths.get(p(P));
        if (held != null)
        {
            held.forEach((id, r) -> out.put(id, upstream(r.attributes().asPath())));
        }
        return out;
    }

    static int upstream(final PathAttribute.AsPath path)
    {
        final int[] asns = path.segments().getFirst().asns();
        return asns[0] == Routes.LOCAL_AS ? asns[1] : asns[0];
    }

    @Test
    void shouldSendTheBestAndTheNextBestEachUnderItsOwnIdentifier()
    {
        final Harness h = harness();
        threePaths(h);

        assertEquals(new TreeMap<>(Map.of(1, 65001, 2, 65002)), upstreams(h, "t"), "two paths, best first");
        assertEquals(2, h.rib.adjRibOutSize("t", V4), "the Adj-RIB-Out counts paths");
        assertEquals(Set.of(1, 2), h.rib.adjRibOutPaths("t", V4, p(P)).keySet());
        // Without ADD-PATH: one path, no identifiers, exactly as before.
        final FakeSession plain = h.sessions.get("plain");
        assertTrue(plain.paths.isEmpty());
        assertEquals(65001, upstream(plain.view.get(p(P)).attributes().asPath()));
        assertEquals(1, h.rib.adjRibOutSize("plain", V4));
        assertTrue(h.rib.adjRibOutPaths("plain", V4, p(P)).isEmpty());
        // send all: every path.
        assertEquals(new TreeMap<>(Map.of(1, 65001, 2, 65002, 3, 65003)), upstreams(h, "i"));
    }

    @Test
    void shouldSendNothingWhenTheBestMovesBetweenPathsAlreadySent()
    {
        final Harness h = harness();
        h.send("u1", announce(attrs(65001), "198.18.1.1", P));
        h.send("u2", announce(attrs(65002, 65010), "198.18.1.2", P));
        final FakeSession t = h.sessions.get("t");
        assertEquals(new TreeMap<>(Map.of(1, 65001, 2, 65002)), upstreams(h, "t"));
        final int announced = t.pathAnnouncements;
        final int updates = t.updates;

        // u1's path gets longer than u2's: u2 is the best now. Only u1's changed path goes, under its own id.
        h.send("u1", announce(attrs(65001, 65010, 65020), "198.18.1.1", P));
        assertEquals("u2", h.bestPeer(P));
        assertEquals(announced + 1, t.pathAnnouncements, "u1's changed path, an implicit replace");
        assertEquals(0, t.pathWithdrawals);
        assertEquals(updates + 1, t.updates);
        assertEquals(new TreeMap<>(Map.of(1, 65001, 2, 65002)), upstreams(h, "t"), "identifiers stay with paths");
        assertEquals(3, upstreamPathLength(h, "t", 1), "65000 65001 65010 65020 less ours");

        // The same path again from u2 (nothing changed): nothing to send.
        h.send("u2", announce(attrs(65002, 65010), "198.18.1.2", P));
        assertEquals(updates + 1, t.updates);
    }

    static int upstreamPathLength(final Harness h, final String peer, final int id)
    {
        return h.sessions.get(peer).paths.get(p(P)).get(id).attributes().asPath().pathLength() - 1;
    }

    @Test
    void shouldWithdrawOnlyThePathThatLeftAndReuseItsIdentifierAfterwards()
    {
        final Harness h = harness();
        threePaths(h);
        final FakeSession t = h.sessions.get("t");

        // u2 withdraws: its id 2 is withdrawn; u3 moves up under an identifier not held (3: 2 was still held).
        h.send("u2", withdraw(P));
        assertEquals(1, t.pathWithdrawals, "one path withdrawn, by its identifier");
        assertEquals(new TreeMap<>(Map.of(1, 65001, 3, 65003)), upstreams(h, "t"));
        assertEquals(65001, upstream(h.sessions.get("plain").view.get(p(P)).attributes().asPath()),
            "the best did not change: nothing for the neighbor without ADD-PATH");

        // u1 leaves too, then u2 comes back: it takes the lowest identifier free again, u1's 1.
        h.send("u1", withdraw(P));
        assertEquals(new TreeMap<>(Map.of(3, 65003)), upstreams(h, "t"));
        h.send("u2", announce(attrs(65002, 65010), "198.18.1.2", P));
        assertEquals(new TreeMap<>(Map.of(1, 65002, 3, 65003)), upstreams(h, "t"));
        h.send("u1", announce(attrs(65001), "198.18.1.1", P));
        assertEquals(new TreeMap<>(Map.of(1, 65002, 2, 65001)), upstreams(h, "t"), "u3 out, u1 under the free 2");
        assertEquals(2, h.rib.adjRibOutSize("t", V4));
        assertEquals(3, h.rib.adjRibOutSize("i", V4), "i: every path, u1's, u2's and u3's");

        // The last paths go: the peer has nothing left and every withdrawal named a path it held (FakeSession checks).
        h.send("u1", withdraw(P));
        h.send("u2", withdraw(P));
        h.send("u3", withdraw(P));
        assertTrue(upstreams(h, "t").isEmpty());
        assertEquals(0, h.rib.adjRibOutSize("t", V4));
        assertNull(h.sessions.get("plain").view.get(p(P)));
    }

    @Test
    void shouldSendEachPathOnlyWhereTheBestAloneCouldGo()
    {
        final Harness h = harness();
        threePaths(h);
        // t's own path for P is a candidate, the best even (shortest): never sent back to t.
        h.send("t", announce(attrs(65100), "198.18.1.10", P));
        // r (iBGP, not a route-reflector client) has a path: never to i (iBGP), though i takes every path.
        h.send("r", announce(attrs(65050).put(new PathAttribute.LocalPref(100)), "198.18.1.31", P));
        // A path with NO_EXPORT never goes to an eBGP neighbor.
        h.send("u3", announce(attrs(65003).put(new PathAttribute.Communities(
            new int[]{PathAttribute.Communities.NO_EXPORT})), "198.18.1.3", P));

        // To t: u1's, then r's (iBGP-learned goes to eBGP; shorter than u2's); neither t's own nor u3's.
        assertEquals(Set.of(65001, 65050), Set.copyOf(upstreams(h, "t").values()));
        // To i (iBGP): every path but r's (iBGP to iBGP without a route-reflector client).
        assertEquals(new TreeMap<>(Map.of(1, 65001, 2, 65002, 3, 65003, 4, 65100)), upstreams(h, "i"));
        assertTrue(upstreams(h, "r").isEmpty(), "r negotiated no ADD-PATH");
    }

    @Test
    void shouldFollowAnExportPolicyChangePathByPath()
    {
        final Harness h = harness();
        threePaths(h);
        final FakeSession t = h.sessions.get("t");
        final int announced = t.pathAnnouncements;

        // t's export now rejects what came through AS 65002: id 2 goes, u3's path takes a new identifier.
        final Policy no65002 = new Policy("no-65002", List.of(new Policy.Term("drop", new Policy.Match(Optional.empty(),
            List.of(), Optional.of("_65002_"), List.of(), List.of(), List.of()), List.of(), Policy.Disposition.REJECT)),
            Policy.Disposition.ACCEPT);
        final Map<String, Policy> policies = Map.of("all", Policies.ACCEPT_ALL, "no-65002", no65002);
        h.rib.reconfigure(config(1, peers(2, "no-65002"), policies, List.of()),
            Map.of("all", new PolicyEvaluator(Policies.ACCEPT_ALL), "no-65002", new PolicyEvaluator(no65002)));
        assertEquals(new TreeMap<>(Map.of(1, 65001, 3, 65003)), upstreams(h, "t"));
        assertEquals(1, t.pathWithdrawals);
        assertEquals(announced + 1, t.pathAnnouncements, "u1's path is not sent again");
    }

    @Test
    void shouldWithdrawThePathsBeyondACountReducedLive()
    {
        final Harness h = harness();
        threePaths(h);
        final FakeSession t = h.sessions.get("t");
        final int updates = t.updates;

        final Map<String, PolicyEvaluator> evaluators = Map.of("all", new PolicyEvaluator(Policies.ACCEPT_ALL));
        final BgpConfig one = config(1, peers(1, "all"), POLICIES, List.of());
        h.rib.reconfigure(one, evaluators);
        assertEquals(new TreeMap<>(Map.of(1, 65001)), upstreams(h, "t"), "the best stays under its identifier");
        assertEquals(1, t.pathWithdrawals);
        assertEquals(updates + 1, t.updates, "one withdrawal, nothing announced again");

        h.rib.reconfigure(config(1, peers(AddPathConfig.SEND_ALL, "all"), POLICIES, List.of()), evaluators);
        assertEquals(new TreeMap<>(Map.of(1, 65001, 2, 65002, 3, 65003)), upstreams(h, "t"));
    }

    @Test
    void shouldSendEveryPathAgainUnderTheSameIdentifiersOnARouteRefresh()
    {
        final Harness h = harness();
        threePaths(h);
        final FakeSession t = h.sessions.get("t");
        final int announced = t.pathAnnouncements;

        h.rib.routeRefreshRequested(t, V4);
        assertEquals(announced + 2, t.pathAnnouncements);
        assertEquals(new TreeMap<>(Map.of(1, 65001, 2, 65002)), upstreams(h, "t"));
    }

    @Test
    void shouldWriteUpdatesThatAReceivingPeerDecodesToTheSamePaths()
    {
        final Harness h = harness();
        threePaths(h);
        h.send("u2", withdraw(P));
        final FakeSession t = h.sessions.get("t");
        // The peer's side of the session: it receives Path Identifiers for IPv4 unicast.
        final CodecOptions peer = new CodecOptions(true, false, true, Set.of(V4), Set.of());
        int withIds = 0;
        for (final BgpMessage m : t.sent)
        {
            final byte[] bytes = MessageEncoder.encode(m, t.negotiated().codec());
            final DecodeResult decoded = MessageDecoder.decode(bytes, peer);
            assertTrue(decoded.isClean(), () -> decoded.problems().toString());
            final UpdateMessage sent = (UpdateMessage)m;
            final UpdateMessage read = (UpdateMessage)decoded.message();
            assertEquals(sent.nlri(), read.nlri());
            assertEquals(sent.nlriPathIds(), read.nlriPathIds());
            assertEquals(sent.withdrawn(), read.withdrawn());
            assertEquals(sent.withdrawnPathIds(), read.withdrawnPathIds());
            withIds += read.nlriPathIds().size() + read.withdrawnPathIds().size();
        }
        assertEquals(2 + 1 + 1, withIds, "u1, u2, u2's withdrawal, u3");
        assertNotNull(h.rib.adjRibOut("t", V4, p(P)));
    }

    @Test
    void shouldListEachPathAdvertisedWithItsIdentifierAndWhereItCameFrom()
    {
        final Harness h = harness();
        threePaths(h);
        final Map<Long, String> sources = new TreeMap<>();
        assertTrue(h.rib.forEachPath("t", BgpRib.View.ADVERTISED, V4, (prefix, path, pathId, source) ->
        {
            assertEquals(p(P), prefix);
            sources.put(pathId, source);
        }));
        assertEquals(Map.of(1L, "u1", 2L, "u2"), sources);
        // Without ADD-PATH: no identifier, the source left to the Loc-RIB's best.
        h.rib.forEachPath("plain", BgpRib.View.ADVERTISED, V4, (prefix, path, pathId, source) ->
        {
            assertEquals(-1, pathId);
            assertNull(source);
        });
        assertEquals(1, h.rib.adjRibOutSize("plain", V4));
    }
}
