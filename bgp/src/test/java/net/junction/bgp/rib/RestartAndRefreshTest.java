/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.RouteRefreshMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static net.junction.bgp.rib.Routes.announce;
import static net.junction.bgp.rib.Routes.announce6;
import static net.junction.bgp.rib.Routes.attrs;
import static net.junction.bgp.rib.Routes.config;
import static net.junction.bgp.rib.Routes.ibgp;
import static net.junction.bgp.rib.Routes.p;
import static net.junction.bgp.rib.Routes.withFlags;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The source r is a route-reflector client so its routes reach o. Graceful restart (RFC 4724), route refresh (RFC 2918) and enhanced route refresh (RFC 7313). */
class RestartAndRefreshTest
{
    static final AfiSafi V4 = AfiSafi.IPV4_UNICAST;

    static Harness twoPeers()
    {
        final Harness h = new Harness(config(1, List.of(withFlags(ibgp("r", "198.18.0.1"), false, true), ibgp("o", "198.18.0.2")),
            Map.of(), List.of()));
        h.up("r", 1);
        h.up("o", 2);
        return h;
    }

    @Test
    void shouldWithdrawEverythingWhenTheSessionGoesDownWithoutGracefulRestart()
    {
        final Harness h = twoPeers();
        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24", "203.0.114.0/24"));
        h.send("r", announce6(attrs(65001), "2001:db8::1", null, "2001:db8:5::/48"));
        assertEquals(3, h.listener.table.size());
        h.down("r", false);
        assertTrue(h.listener.table.isEmpty());
        assertEquals(0, h.rib.adjRibInSize("r", V4));
        assertEquals(0, h.rib.locRibSize(V4));
        assertEquals(0, h.rib.distinctPaths(), "interned paths released");
    }

    @Test
    void shouldKeepStaleRoutesAcrossARestartAndPurgeThoseNotRefreshed()
    {
        final Harness h = twoPeers();
        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24", "203.0.114.0/24"));
        h.down("r", true);
        assertEquals(2, h.listener.table.size(), "still forwarding");
        assertTrue(h.rib.isStale("r", V4, p("203.0.113.0/24")));
        h.up("r", 1);
        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24"));
        assertFalse(h.rib.isStale("r", V4, p("203.0.113.0/24")), "re-announced: fresh");
        assertTrue(h.rib.isStale("r", V4, p("203.0.114.0/24")));
        final int changes = h.listener.changes.size();
        h.rib.endOfRib(h.sessions.get("r"), V4);
        assertEquals(changes + 1, h.listener.changes.size(), "only the unrefreshed route changes");
        assertNull(h.listener.table.get(p("203.0.114.0/24")));
        assertTrue(h.listener.table.containsKey(p("203.0.113.0/24")));
    }

    /**
     * Routes kept over a graceful restart were decided with the peer's old BGP Identifier; a session that comes
     * back with another one decides them again at once, not only when another path for the prefix arrives (a
     * worse one, out before MED, would not even look).
     */
    @Test
    void shouldDecideKeptRoutesAgainWhenThePeerComesBackWithAnotherIdentifier()
    {
        final Harness h = DecisionProcessTest.ibgp3(1);
        h.send("a", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24"));
        h.send("b", announce(attrs(65001), "198.18.10.2", "203.0.113.0/24"));
        h.send("c", announce(attrs(65001, 65002), "198.18.10.3", "203.0.113.0/24"));
        assertEquals("a", h.bestPeer("203.0.113.0/24"), "identifier 1 before 2");
        h.down("a", true);
        h.up("a", 4);
        assertEquals("b", h.bestPeer("203.0.113.0/24"), "identifier 2 before 4");
        h.send("c", announce(attrs(65001, 65003), "198.18.10.3", "203.0.113.0/24"));
        assertEquals("b", h.bestPeer("203.0.113.0/24"));
    }

    @Test
    void shouldPurgeStaleRoutesOnStaleTimeout()
    {
        final Harness h = twoPeers();
        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24"));
        h.send("r", announce6(attrs(65001), "2001:db8::1", null, "2001:db8:5::/48"));
        h.down("r", true);
        h.rib.staleTimeout(h.sessions.get("r"), V4);
        assertNull(h.listener.table.get(p("203.0.113.0/24")));
        assertTrue(h.listener.table.containsKey(p("2001:db8:5::/48")), "the other family waits for its own timeout");
        h.rib.staleTimeout(h.sessions.get("r"), AfiSafi.IPV6_UNICAST);
        assertTrue(h.listener.table.isEmpty());
        assertNull(h.sessions.get("o").view.get(p("203.0.113.0/24")), "withdrawn from other peers");
    }

    @Test
    void shouldPurgeRoutesNotReadvertisedInAnEnhancedRouteRefresh()
    {
        final Harness h = twoPeers();
        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24", "203.0.114.0/24", "203.0.115.0/24"));
        h.rib.routeRefreshBegin(h.sessions.get("r"), V4);
        assertTrue(h.rib.isStale("r", V4, p("203.0.114.0/24")));
        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24"));
        h.send("r", announce(attrs(65002), "198.18.10.1", "203.0.115.0/24"));
        h.rib.routeRefreshEnd(h.sessions.get("r"), V4);
        assertEquals(2, h.rib.adjRibInSize("r", V4));
        assertNull(h.listener.table.get(p("203.0.114.0/24")));
        assertEquals("AsPath[65002]", h.best("203.0.115.0/24").path().attributes().asPath().toString());
        assertNull(h.sessions.get("o").view.get(p("203.0.114.0/24")));
    }

    @Test
    void shouldResendTheAdjRibOutOnRouteRefresh()
    {
        final Harness h = twoPeers();
        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24", "203.0.114.0/24"));
        final FakeSession o = h.sessions.get("o");
        final int before = o.updates;
        h.rib.routeRefreshRequested(o, V4);
        assertEquals(before + 1, o.updates, "both prefixes again, in one UPDATE");
        assertTrue(o.refreshes.isEmpty(), "no BoRR/EoRR without the enhanced capability");
        // Unchanged routes are not sent again without a refresh.
        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24"));
        assertEquals(before + 1, o.updates);
    }

    @Test
    void shouldFrameTheRefreshWithBorrAndEorrWhenEnhanced()
    {
        final Harness h = new Harness(config(1, List.of(withFlags(ibgp("r", "198.18.0.1"), false, true), ibgp("o", "198.18.0.2")),
            Map.of(), List.of()));
        h.up("r", 1);
        final FakeSession o = h.up("o", 2, true);
        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24"));
        o.sent.clear();
        h.rib.routeRefreshRequested(o, V4);
        assertEquals(3, o.sent.size());
        assertEquals(new RouteRefreshMessage(V4, RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH), o.sent.get(0));
        assertTrue(o.sent.get(1) instanceof net.junction.bgp.wire.UpdateMessage u && u.nlri().size() == 1);
        assertEquals(new RouteRefreshMessage(V4, RouteRefreshMessage.END_OF_ROUTE_REFRESH), o.sent.get(2));
    }

    @Test
    void shouldSendEndOfRibAfterTheInitialTableOfEachFamily()
    {
        final Harness h = twoPeers();
        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24"));
        h.send("r", announce6(attrs(65001), "2001:db8::1", null, "2001:db8:5::/48"));
        h.down("o", false);
        final FakeSession o = h.up("o", 2);
        assertEquals(List.of(V4, AfiSafi.IPV6_UNICAST), o.endOfRibs);
        assertEquals(4, o.sent.size(), "one UPDATE and one End-of-RIB per family");
        assertTrue(o.sent.get(1) instanceof net.junction.bgp.wire.UpdateMessage u && u.endOfRibFamily() == V4);
    }
}
