/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import static net.junction.bgp.rib.Routes.LOCAL_ADDRESS;
import static net.junction.bgp.rib.Routes.a;
import static net.junction.bgp.rib.Routes.announce;
import static net.junction.bgp.rib.Routes.attrs;
import static net.junction.bgp.rib.Routes.config;
import static net.junction.bgp.rib.Routes.ebgp;
import static net.junction.bgp.rib.Routes.p;
import static net.junction.bgp.rib.Routes.withPolicies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import net.junction.bgp.policy.Policies;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.MpReachNlri;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.routing.Ip4;
import org.junit.jupiter.api.Test;

/**
 * RFC 8950 in the Adj-RIBs: IPv4 routes learned with an IPv6 next hop, and IPv4 routes sent with our IPv6
 * address to a neighbor over IPv6 that negotiated the extended next hop, never to one that did not.
 */
class ExtendedNextHopTest
{
    private static final String OURS_V6 = "2001:db8:1::1";

    /** x: over IPv6 with the extended next hop; plain: over IPv6 without it; v4: over IPv4. */
    private static Harness topology()
    {
        final Harness h = new Harness(config(1, List.of(
            withPolicies(ebgp("x", "2001:db8:1::2", 65001), "all", "all").withExtendedNextHop(true),
            withPolicies(ebgp("plain", "2001:db8:1::3", 65002), "all", "all"),
            withPolicies(ebgp("v4", "198.18.1.4", 65004), "all", "all")),
            Map.of("all", Policies.ACCEPT_ALL), List.of()));
        h.linkLocal = a("fe80::1");
        h.up("x", Ip4.parse("198.18.0.2"), false, a(OURS_V6));
        h.up("plain", Ip4.parse("198.18.0.3"), false, a(OURS_V6));
        h.up("v4", Ip4.parse("198.18.0.4"), false, LOCAL_ADDRESS);
        return h;
    }

    @Test
    void shouldSendIpv4RoutesWithOurIpv6AddressToANeighborThatNegotiatedIt()
    {
        final Harness h = topology();
        h.send("v4", announce(attrs(65004), "198.18.1.4", "198.18.120.0/24"));

        final FakeSession.Received toX = h.sessions.get("x").view.get(p("198.18.120.0/24"));
        assertEquals(a(OURS_V6), toX.nextHop(), "the session's IPv6 address");
        assertEquals(a("fe80::1"), toX.linkLocal(), "and the link-local one: a 32-octet next hop");
        assertTrue(h.sessions.get("x").sent.stream().anyMatch(m -> m instanceof UpdateMessage u &&
            u.mpReach() != null && AfiSafi.IPV4_UNICAST.equals(u.mpReach().afiSafi())), "in MP_REACH_NLRI, AFI 1");
        assertNull(h.sessions.get("plain").view.get(p("198.18.120.0/24")),
            "no IPv4 next hop to give a neighbor over IPv6 without RFC 8950");
    }

    @Test
    void shouldLearnIpv4RoutesWithAnIpv6NextHopAndPassThemOnWithAnIpv4One()
    {
        final Harness h = topology();
        h.send("x", new UpdateMessage(List.of(), attrs(65001).build(), List.of(), new MpReachNlri(AfiSafi.IPV4_UNICAST,
            a("2001:db8:1::2"), a("fe80::2"), List.of(p("198.18.121.0/24"))), null));

        assertEquals("x", h.bestPeer("198.18.121.0/24"));
        assertEquals(a("2001:db8:1::2"), h.best("198.18.121.0/24").path().nextHop());
        assertEquals(List.of(a("2001:db8:1::2")), h.best("198.18.121.0/24").nextHops(), "installed via the IPv6 next hop");
        final FakeSession.Received toV4 = h.sessions.get("v4").view.get(p("198.18.121.0/24"));
        assertEquals(LOCAL_ADDRESS, toV4.nextHop(), "eBGP next hop self: our IPv4 address");
        assertNull(toV4.linkLocal());
    }
}
