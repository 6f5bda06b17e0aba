/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import static net.junction.bgp.rib.Routes.a;
import static net.junction.bgp.rib.Routes.announce;
import static net.junction.bgp.rib.Routes.attrs;
import static net.junction.bgp.rib.Routes.config;
import static net.junction.bgp.rib.Routes.ebgp;
import static net.junction.bgp.rib.Routes.p;
import static net.junction.bgp.rib.Routes.withPolicies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import net.junction.bgp.config.BgpRole;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.policy.Policies;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4;

/**
 * RFC 9234 §5, the Only-to-Customer attribute on import and export, by the role configured toward each neighbor:
 * we are provider to {@code cust}, customer of {@code prov}, peer of {@code lat}, route server of {@code rsc}; and
 * {@code plain} has no role (OTC relayed as an optional transitive attribute, nothing added).
 */
class OnlyToCustomerTest
{
    static final int CUST = 65001;
    static final int PROV = 65002;
    static final int LAT = 65003;
    static final int PLAIN = 65004;
    static final int RSC = 65005;

    static PeerConfig withRole(final PeerConfig c, final BgpRole role)
    {
        return c.toBuilder().role(Optional.ofNullable(role)).build();
    }

    static Harness topology()
    {
        final Harness h = new Harness(config(1, List.of(
            withRole(withPolicies(ebgp("cust", "198.18.1.1", CUST), "all", "all"), BgpRole.PROVIDER),
            withRole(withPolicies(ebgp("prov", "198.18.1.2", PROV), "all", "all"), BgpRole.CUSTOMER),
            withRole(withPolicies(ebgp("lat", "198.18.1.3", LAT), "all", "all"), BgpRole.PEER),
            withRole(withPolicies(ebgp("plain", "198.18.1.4", PLAIN), "all", "all"), null),
            withRole(withPolicies(ebgp("rsc", "198.18.1.5", RSC), "all", "all"), BgpRole.RS_SERVER)),
            Map.of("all", Policies.ACCEPT_ALL), List.of()));
        int id = 1;
        for (final String name : h.sessions.keySet())
        {
            h.up(name, Ip4.parse("198.18.0." + id++));
        }
        return h;
    }

    static PathAttributes.Builder withOtc(final PathAttributes.Builder b, final int as)
    {
        b.put(BgpRib.onlyToCustomerAttribute(as));
        return b;
    }

    /** @return the OTC AS of what {@code peer} was sent for {@code prefix}, -1 without OTC, null if nothing was sent. */
    static Long sentOtc(final Harness h, final String peer, final String prefix)
    {
        final FakeSession.Received r = h.sessions.get(peer).view.get(p(prefix));
        return r == null ? null : BgpRib.onlyToCustomer(r.attributes());
    }

    @Test
    void shouldTreatOtcFromACustomerOrRouteServerClientAsALeak()
    {
        final Harness h = topology();
        h.send("cust", announce(withOtc(attrs(CUST, 65100), 65100), "198.18.1.1", "198.18.100.0/24"));
        assertNull(h.best("198.18.100.0/24"), "a customer's route with OTC is a leak");
        final RouteExplanation x = h.rib.explain(AfiSafi.IPV4_UNICAST, p("198.18.100.0/24"));
        assertEquals(RouteExplanation.Reason.ROUTE_LEAK, x.rejected().getFirst().reason());
        h.send("rsc", announce(withOtc(attrs(RSC), 65100), "198.18.1.5", "198.18.101.0/24"));
        assertNull(h.best("198.18.101.0/24"), "a route-server client's route with OTC is a leak");

        h.send("cust", announce(attrs(CUST), "198.18.1.1", "198.18.102.0/24"));
        assertEquals("cust", h.bestPeer("198.18.102.0/24"), "without OTC it is the customer's own");
        assertEquals(-1L, BgpRib.onlyToCustomer(h.best("198.18.102.0/24").path().attributes()), "nothing added");
        assertEquals(-1L, sentOtc(h, "prov", "198.18.102.0/24"), "a customer's route goes up without OTC");
        assertEquals((long)Routes.LOCAL_AS, sentOtc(h, "lat", "198.18.102.0/24"), "to a peer: OTC = our AS");
        assertEquals((long)Routes.LOCAL_AS, sentOtc(h, "rsc", "198.18.102.0/24"), "to an rs-client: OTC = our AS");
        assertEquals(-1L, sentOtc(h, "plain", "198.18.102.0/24"), "no role: nothing added");
    }

    @Test
    void shouldMarkRoutesFromProvidersAndPeersAndKeepThemFromOtherProvidersAndPeers()
    {
        final Harness h = topology();
        h.send("prov", announce(attrs(PROV, 65200), "198.18.1.2", "198.18.110.0/24"));
        assertEquals("prov", h.bestPeer("198.18.110.0/24"));
        assertEquals((long)PROV, BgpRib.onlyToCustomer(h.best("198.18.110.0/24").path().attributes()),
            "from a provider: OTC = its AS");
        assertEquals((long)PROV, sentOtc(h, "cust", "198.18.110.0/24"), "down to a customer, OTC kept");
        assertNull(sentOtc(h, "lat", "198.18.110.0/24"), "never to a peer");
        final PathAttributes relayed = h.sessions.get("plain").view.get(p("198.18.110.0/24")).attributes();
        assertEquals(PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE,
            ((PathAttribute.Unknown)relayed.get(PathAttribute.ONLY_TO_CUSTOMER)).flags() & 0xF0, "recognised: relayed without the Partial bit");

        h.send("lat", announce(attrs(LAT), "198.18.1.3", "198.18.111.0/24"));
        assertEquals((long)LAT, BgpRib.onlyToCustomer(h.best("198.18.111.0/24").path().attributes()),
            "from a peer: OTC = its AS");
        assertNull(sentOtc(h, "prov", "198.18.111.0/24"), "a peer's route never goes to a provider");
        assertEquals((long)LAT, sentOtc(h, "cust", "198.18.111.0/24"));

        h.send("lat", announce(withOtc(attrs(LAT, 65300), LAT), "198.18.1.3", "198.18.112.0/24"));
        assertNotNull(h.best("198.18.112.0/24"), "OTC equal to the peer's AS: fine");
        h.send("lat", announce(withOtc(attrs(LAT, 65300), 65300), "198.18.1.3", "198.18.113.0/24"));
        assertNull(h.best("198.18.113.0/24"), "OTC of another AS from a peer: a leak");
        h.send("plain", announce(withOtc(attrs(PLAIN, 65300), 65300), "198.18.1.4", "198.18.114.0/24"));
        assertEquals("plain", h.bestPeer("198.18.114.0/24"), "no role: OTC is no reason to refuse");
    }
}
