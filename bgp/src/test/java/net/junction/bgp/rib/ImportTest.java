/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.policy.Policy;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.attribute.PathAttribute;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static net.junction.bgp.rib.Routes.a;
import static net.junction.bgp.rib.Routes.announce;
import static net.junction.bgp.rib.Routes.announce6;
import static net.junction.bgp.rib.Routes.attrs;
import static net.junction.bgp.rib.Routes.config;
import static net.junction.bgp.rib.Routes.ebgp;
import static net.junction.bgp.rib.Routes.p;
import static net.junction.bgp.rib.Routes.withPolicies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Import policy into the Adj-RIB-In. */
class ImportTest
{
    static final Policy FILTER = new Policy("filter", List.of(
        new Policy.Term("no-113", new Policy.Match(Optional.empty(),
            List.of(new Policy.PrefixEntry(p("203.0.113.0/24"), 24, 32)), Optional.empty(), List.of(), List.of(),
            List.of()), List.of(), Policy.Disposition.REJECT),
        new Policy.Term("rewrite", Policy.Match.ANY,
            List.of(new Policy.Action.SetNextHop(a("198.18.99.1")), new Policy.Action.SetLocalPref(120)),
            Policy.Disposition.ACCEPT)),
        Policy.Disposition.REJECT);

    static Harness harness()
    {
        final Harness h = new Harness(config(1, List.of(withPolicies(ebgp("e", "198.18.1.1", 65001), "filter", null)),
            Map.of("filter", FILTER), List.of()));
        h.up("e", 1);
        return h;
    }

    @Test
    void shouldFilterPerPrefixAndRewrite()
    {
        final Harness h = harness();
        h.send("e", announce(attrs(65001), "198.18.1.1", "203.0.113.0/24", "203.0.113.128/25", "203.0.114.0/24"));
        assertNull(h.best("203.0.113.0/24"));
        assertNull(h.best("203.0.113.128/25"));
        final Path path = h.rib.adjRibIn("e", AfiSafi.IPV4_UNICAST, p("203.0.114.0/24"));
        assertEquals(a("198.18.99.1"), path.nextHop());
        assertEquals(120, path.localPref());
        assertEquals(List.of(a("198.18.99.1")), h.listener.table.get(p("203.0.114.0/24")).nextHops());
    }

    @Test
    void shouldShareOnePathAmongPrefixesOfAnUpdate()
    {
        final Harness h = harness();
        h.send("e", announce(attrs(65001), "198.18.1.1", "203.0.114.0/24", "203.0.115.0/24"));
        h.send("e", announce(attrs(65001), "198.18.1.1", "203.0.116.0/24"));
        final Path first = h.rib.adjRibIn("e", AfiSafi.IPV4_UNICAST, p("203.0.114.0/24"));
        assertSame(first, h.rib.adjRibIn("e", AfiSafi.IPV4_UNICAST, p("203.0.115.0/24")));
        assertSame(first, h.rib.adjRibIn("e", AfiSafi.IPV4_UNICAST, p("203.0.116.0/24")), "interned across UPDATEs");
        // One path as received (kept for soft reconfiguration), one as the import policy rewrote it.
        assertSame(h.rib.received("e", AfiSafi.IPV4_UNICAST, p("203.0.114.0/24")),
            h.rib.received("e", AfiSafi.IPV4_UNICAST, p("203.0.116.0/24")));
        assertEquals(2, h.rib.distinctPaths());
    }

    @Test
    void shouldDropTheLinkLocalNextHopWhenPolicyMovesTheNextHop()
    {
        final Harness h = harness();
        h.send("e", announce6(attrs(65001), "2001:db8::1", "fe80::1", "2001:db8:7::/48"));
        final Path path = h.rib.adjRibIn("e", AfiSafi.IPV6_UNICAST, p("2001:db8:7::/48"));
        assertNotNull(path);
        assertEquals(a("198.18.99.1"), path.nextHop());
        assertNull(path.linkLocalNextHop());
    }

    @Test
    void shouldWithdrawARouteThePolicyNowRejects()
    {
        final Harness h = harness();
        h.send("e", announce(attrs(65001), "198.18.1.1", "203.0.114.0/24"));
        assertNotNull(h.best("203.0.114.0/24"));
        // Same prefix again, now with our own AS in the path: a loop, so the old route goes too.
        h.send("e", announce(attrs(65001, Routes.LOCAL_AS), "198.18.1.1", "203.0.114.0/24"));
        assertNull(h.best("203.0.114.0/24"));
        assertNull(h.listener.table.get(p("203.0.114.0/24")));
        assertEquals(1, h.rib.distinctPaths(), "only the looping path, kept as received");
        assertNotNull(h.rib.received("e", AfiSafi.IPV4_UNICAST, p("203.0.114.0/24")));
        h.send("e", announce(attrs(65001).put(new PathAttribute.Communities(new int[]{1})), "198.18.1.1",
            "203.0.113.5/32"));
        assertNull(h.best("203.0.113.5/32"), "le 32 covers host routes");
    }
}
