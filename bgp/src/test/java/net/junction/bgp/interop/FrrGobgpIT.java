/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import net.junction.bgp.interop.DaemonConfig.ExportPolicy;
import net.junction.bgp.interop.DaemonConfig.Neighbor;
import net.junction.bgp.interop.DaemonConfig.StaticRoute;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * FRR's bgpd and GoBGP: one session over IPv4 and one over IPv6 carrying IPv6 unicast in MP-BGP
 * (RFC 4760), both on the same veth; routes with communities and large communities both ways, FRR's
 * export policy seen in GoBGP's table, an IPv6 withdrawal. Needs root and the frr and gobgpd
 * packages; skips otherwise.
 */
@Timeout(60)
@ExtendWith(DaemonLogsOnFailure.class)
class FrrGobgpIT
{
    static final long FRR_AS = 4_200_000_002L;
    static final long GOBGP_AS = 4_200_000_003L;
    static final Duration T = Duration.ofSeconds(20);

    @BeforeAll
    static void need()
    {
        Interop.assumeCanRun(FrrPeer.BGPD, FrrPeer.VTYSH, GobgpPeer.GOBGPD, GobgpPeer.GOBGP);
    }

    @Test
    void shouldExchangeIpv4AndIpv6RoutesOverTwoSessions()
    {
        try (Netns nsFrr = Netns.create("frr"); Netns nsGo = Netns.create("gobgp"))
        {
            final Netns.Link link = Netns.link(nsFrr, nsGo, 4);
            final DaemonConfig frrConfig = DaemonConfig.builder(link.a4(), FRR_AS)
                .neighbor(Neighbor.of(link.b4(), GOBGP_AS))
                .neighbor(Neighbor.of(link.b6(), GOBGP_AS))
                .route(StaticRoute.of("198.18.150.0/24").community("65002:1").largeCommunity("4200000002:1:1"))
                .route(StaticRoute.of("2001:db8:150::/48").community("65002:6").largeCommunity("4200000002:6:6"))
                .route(StaticRoute.of("2001:db8:151::/48"))
                .export(ExportPolicy.acceptAll().reject("2001:db8:151::/48").addCommunity("65002:99"))
                .build();
            final DaemonConfig goConfig = DaemonConfig.builder(link.b4(), GOBGP_AS)
                .neighbor(Neighbor.of(link.a4(), FRR_AS))
                .neighbor(Neighbor.of(link.a6(), FRR_AS))
                .route(StaticRoute.of("198.18.160.0/24").community("65003:1"))
                .route(StaticRoute.of("2001:db8:160::/48").community("65003:6").largeCommunity("4200000003:6:6"))
                .build();
            try (FrrPeer frr = new FrrPeer(nsFrr, frrConfig); GobgpPeer gobgp = new GobgpPeer(nsGo, goConfig))
            {
                frr.start();
                gobgp.start();
                frr.waitEstablished(link.b4(), T);
                frr.waitEstablished(link.b6(), T);
                gobgp.waitEstablished(link.a6(), T);

                final Route v4AtGo = gobgp.waitForRoute("198.18.150.0/24", r -> r.communities().contains("65002:99"), T);
                assertEquals(List.of(FRR_AS), v4AtGo.asPath());
                assertEquals(List.of("4200000002:1:1"), v4AtGo.largeCommunities());

                final Route v6AtGo = gobgp.waitForRoute("2001:db8:150::/48", r -> r.communities().contains("65002:99"), T);
                assertEquals(List.of(FRR_AS), v6AtGo.asPath());
                assertTrue(v6AtGo.communities().contains("65002:6"), v6AtGo.toString());
                assertEquals(List.of("4200000002:6:6"), v6AtGo.largeCommunities());
                assertEquals(link.a6(), v6AtGo.nextHops().get(0));
                assertTrue(gobgp.routes("2001:db8:151::/48").isEmpty(), "FRR's export route-map should deny 2001:db8:151::/48");

                final Route v4AtFrr = frr.waitForRoute("198.18.160.0/24", r -> true, T);
                assertEquals(List.of(GOBGP_AS), v4AtFrr.asPath());
                assertEquals(List.of("65003:1"), v4AtFrr.communities());
                final Route v6AtFrr = frr.waitForRoute("2001:db8:160::/48", r -> true, T);
                assertEquals(List.of(GOBGP_AS), v6AtFrr.asPath());
                assertEquals(List.of("65003:6"), v6AtFrr.communities());
                assertEquals(List.of("4200000003:6:6"), v6AtFrr.largeCommunities());
                assertEquals(link.b6(), v6AtFrr.nextHops().get(0));

                gobgp.withdraw("2001:db8:160::/48");
                frr.waitForNoRoute("2001:db8:160::/48", T);
                assertTrue(frr.bestRoute("198.18.160.0/24").isPresent());
            }
        }
    }
}
