/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;

import static net.junction.bgp.rib.DecisionProcessTest.mixed;
import static net.junction.bgp.rib.Routes.a;
import static net.junction.bgp.rib.Routes.announce;
import static net.junction.bgp.rib.Routes.announce6;
import static net.junction.bgp.rib.Routes.attrs;
import static net.junction.bgp.rib.Routes.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@link BgpRib#dump}: the Loc-RIB's best paths, or one neighbor's Adj-RIB-In, with the peers' identities. */
class DumpTest
{
    @Test
    void shouldDumpTheLocRibsBestPathsAndANeighborsAdjRibIn()
    {
        final Harness h = mixed(1);
        h.send("x", announce(attrs(65001), "198.18.1.1", "203.0.113.0/24"));
        h.send("y", announce(attrs(65002, 65009), "198.18.1.2", "203.0.113.0/24", "198.51.100.0/24"));
        h.send("x", announce6(attrs(65001), "2001:db8::1", "fe80::1", "2001:db8:7::/48"));

        final List<BgpRib.DumpedRoute> loc = sorted(h.rib.dump(null));
        assertEquals(List.of("198.51.100.0/24 y", "203.0.113.0/24 x", "2001:db8:7::/48 x"),
            loc.stream().map(r -> r.prefix() + " " + r.peer()).toList());
        final BgpRib.DumpedRoute best = loc.get(1);
        assertEquals(a("198.18.1.1"), best.peerAddress());
        assertEquals(65001, best.peerAs());
        assertEquals(11, best.peerRouterId());
        assertEquals(a("198.18.1.1"), best.path().nextHop());
        assertEquals(a("fe80::1"), loc.get(2).path().linkLocalNextHop());

        final List<BgpRib.DumpedRoute> in = sorted(h.rib.dump("y"));
        assertEquals(List.of("198.51.100.0/24 y", "203.0.113.0/24 y"),
            in.stream().map(r -> r.prefix() + " " + r.peer()).toList());
        assertEquals(2, in.get(1).path().attributes().asPath().pathLength());
        assertEquals(65002, in.get(1).peerAs());
        assertNull(h.rib.dump("nobody"));
    }

    private static List<BgpRib.DumpedRoute> sorted(final List<BgpRib.DumpedRoute> routes)
    {
        return routes.stream().sorted(Comparator.comparing((BgpRib.DumpedRoute r) -> !r.prefix().isIpv4())
            .thenComparing(r -> r.prefix().toString())).toList();
    }
}
