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
 * BIRD 2 and GoBGP over IPv4 and over IPv6 (IPv6 unicast in MP-BGP): sessions up with GoBGP passive,
 * routes with communities and large communities both ways, GoBGP's export policy seen in BIRD's table,
 * withdrawals both ways. Needs root and the bird2 and gobgpd packages; skips otherwise.
 */
@Timeout(60)
@ExtendWith(DaemonLogsOnFailure.class)
class BirdGobgpIT
{
    static final long BIRD_AS = 4_200_000_001L;
    static final long GOBGP_AS = 4_200_000_003L;
    static final Duration T = Duration.ofSeconds(20);

    @BeforeAll
    static void need()
    {
        Interop.assumeCanRun(BirdPeer.BIRD, BirdPeer.BIRDC, GobgpPeer.GOBGPD, GobgpPeer.GOBGP);
    }

    @Test
    void shouldExchangeIpv4AndIpv6RoutesWithCommunitiesAndSeeGobgpExportPolicyAndWithdrawals()
    {
        try (Netns nsBird = Netns.create("bird"); Netns nsGo = Netns.create("gobgp"))
        {
            final Netns.Link link = Netns.link(nsBird, nsGo, 3);
            final DaemonConfig birdConfig = DaemonConfig.builder(link.a4(), BIRD_AS)
                .neighbor(Neighbor.of(link.b4(), GOBGP_AS))
                .neighbor(Neighbor.of(link.b6(), GOBGP_AS))
                .route(StaticRoute.of("198.18.130.0/24").community("65000:1").largeCommunity("4200000001:1:1"))
                .route(StaticRoute.of("2001:db8:130::/48").community("65000:6").largeCommunity("4200000001:6:6"))
                .build();
            final DaemonConfig goConfig = DaemonConfig.builder(link.b4(), GOBGP_AS)
                .neighbor(Neighbor.of(link.a4(), BIRD_AS).passive(true))
                .neighbor(Neighbor.of(link.a6(), BIRD_AS).passive(true))
                .route(StaticRoute.of("198.18.140.0/24").community("65003:1").largeCommunity("4200000003:1:1"))
                .route(StaticRoute.of("198.18.141.0/24"))
                .route(StaticRoute.of("2001:db8:140::/48").community("65003:6"))
                .export(ExportPolicy.acceptAll().reject("198.18.141.0/24").addCommunity("65003:99"))
                .build();
            try (BirdPeer bird = new BirdPeer(nsBird, birdConfig); GobgpPeer gobgp = new GobgpPeer(nsGo, goConfig))
            {
                gobgp.start();
                bird.start();
                gobgp.waitEstablished(link.a4(), T);
                bird.waitEstablished(link.b4(), T);

                final Route atGo = gobgp.waitForRoute("198.18.130.0/24", r -> true, T);
                assertEquals(List.of(BIRD_AS), atGo.asPath());
                assertEquals(List.of("198.18.3.1"), atGo.nextHops());
                assertEquals(List.of("65000:1"), atGo.communities());
                assertEquals(List.of("4200000001:1:1"), atGo.largeCommunities());
                assertEquals(link.a4(), atGo.source());

                final Route atBird = bird.waitForRoute("198.18.140.0/24", r -> r.communities().contains("65003:99"), T);
                assertEquals(List.of(GOBGP_AS), atBird.asPath());
                assertEquals(List.of("198.18.3.2"), atBird.nextHops());
                assertTrue(atBird.communities().contains("65003:1"), atBird.toString());
                assertEquals(List.of("4200000003:1:1"), atBird.largeCommunities());
                assertTrue(bird.routes("198.18.141.0/24").isEmpty(), "GoBGP's export policy should reject 198.18.141.0/24");

                // IPv6 unicast over an IPv6 session (MP-BGP), both ways.
                gobgp.waitEstablished(link.a6(), T);
                final Route v6AtGo = gobgp.waitForRoute("2001:db8:130::/48", r -> true, T);
                assertEquals(List.of(BIRD_AS), v6AtGo.asPath());
                assertEquals(link.a6(), v6AtGo.nextHops().get(0));
                assertEquals(List.of("65000:6"), v6AtGo.communities());
                assertEquals(List.of("4200000001:6:6"), v6AtGo.largeCommunities());
                final Route v6AtBird = bird.waitForRoute("2001:db8:140::/48", r -> r.communities().contains("65003:99"), T);
                assertEquals(List.of(GOBGP_AS), v6AtBird.asPath());
                assertEquals(link.b6(), v6AtBird.nextHops().get(0));
                assertTrue(v6AtBird.communities().contains("65003:6"), v6AtBird.toString());

                gobgp.withdraw("198.18.140.0/24");
                bird.waitForNoRoute("198.18.140.0/24", T);
                bird.withdraw("198.18.130.0/24");
                gobgp.waitForNoRoute("198.18.130.0/24", T);
            }
        }
    }
}
