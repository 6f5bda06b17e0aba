/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * BIRD 2 and FRR's bgpd, each in its own namespace over one veth: an eBGP session with 4-octet AS
 * numbers, routes with communities and large communities both ways, export policies (a rejected prefix,
 * an added community) seen in the other daemon's table, withdrawals, TCP MD5, and graceful restart
 * (routes kept while the peer restarts after a crash).
 * <p>
 * Proves the interop harness against two real implementations before Junction joins them. Needs root and
 * the bird2 and frr packages; skips otherwise.
 */
@Timeout(60)
@ExtendWith(DaemonLogsOnFailure.class)
class BirdFrrIT
{
    static final long BIRD_AS = 4_200_000_001L;
    static final long FRR_AS = 4_200_000_002L;
    static final Duration T = Duration.ofSeconds(20);

    @BeforeAll
    static void need()
    {
        Interop.assumeCanRun(BirdPeer.BIRD, BirdPeer.BIRDC, FrrPeer.BGPD, FrrPeer.VTYSH);
    }

    @Test
    void shouldExchangeRoutesWithCommunitiesApplyExportPoliciesAndWithdraw()
    {
        try (Netns nsBird = Netns.create("bird"); Netns nsFrr = Netns.create("frr"))
        {
            final Netns.Link link = Netns.link(nsBird, nsFrr, 1);
            final DaemonConfig birdConfig = DaemonConfig.builder(link.a4(), BIRD_AS)
                .neighbor(Neighbor.of(link.b4(), FRR_AS))
                .route(StaticRoute.of("198.18.100.0/24").community("65000:1").largeCommunity("4200000001:1:1"))
                .route(StaticRoute.of("198.18.101.0/24").community("65000:2"))
                .export(ExportPolicy.acceptAll().reject("198.18.101.0/24").addCommunity("65000:99"))
                .build();
            final DaemonConfig frrConfig = DaemonConfig.builder(link.b4(), FRR_AS)
                .neighbor(Neighbor.of(link.a4(), BIRD_AS))
                .route(StaticRoute.of("198.18.110.0/24").community("65001:1").largeCommunity("4200000002:2:2"))
                .route(StaticRoute.of("198.18.111.0/24"))
                .export(ExportPolicy.acceptAll().reject("198.18.111.0/24").addCommunity("65001:99"))
                .build();
            try (BirdPeer bird = new BirdPeer(nsBird, birdConfig); FrrPeer frr = new FrrPeer(nsFrr, frrConfig))
            {
                bird.start();
                frr.start();
                bird.waitEstablished(link.b4(), T);
                frr.waitEstablished(link.a4(), T);

                final Route atFrr = frr.waitForRoute("198.18.100.0/24", r -> r.communities().contains("65000:99"), T);
                assertEquals(List.of(BIRD_AS), atFrr.asPath());
                assertEquals(List.of("198.18.1.1"), atFrr.nextHops());
                assertTrue(atFrr.communities().containsAll(List.of("65000:1", "65000:99")), atFrr.toString());
                assertEquals(List.of("4200000001:1:1"), atFrr.largeCommunities());
                assertEquals(link.a4(), atFrr.source());

                final Route atBird = bird.waitForRoute("198.18.110.0/24", r -> r.communities().contains("65001:99"), T);
                assertEquals(List.of(FRR_AS), atBird.asPath());
                assertEquals(List.of("198.18.1.2"), atBird.nextHops());
                assertTrue(atBird.communities().containsAll(List.of("65001:1", "65001:99")), atBird.toString());
                assertEquals(List.of("4200000002:2:2"), atBird.largeCommunities());

                // Export policies: each side's rejected prefix never reaches the other.
                assertTrue(frr.routes("198.18.101.0/24").isEmpty(), "BIRD's export filter should reject 198.18.101.0/24");
                assertTrue(bird.routes("198.18.111.0/24").isEmpty(), "FRR's export route-map should deny 198.18.111.0/24");
                assertTrue(bird.bestRoute("198.18.101.0/24").orElseThrow().isLocal());

                // Withdrawals both ways, then a new announcement.
                bird.withdraw("198.18.100.0/24");
                frr.waitForNoRoute("198.18.100.0/24", T);
                frr.withdraw("198.18.110.0/24");
                bird.waitForNoRoute("198.18.110.0/24", T);
                frr.announce(StaticRoute.of("198.18.112.0/24").largeCommunity("4200000002:3:3"));
                final Route added = bird.waitForRoute("198.18.112.0/24", r -> true, T);
                assertEquals(List.of("4200000002:3:3"), added.largeCommunities());
                assertTrue(bird.established(link.b4()));
            }
        }
    }

    @Test
    void shouldEstablishWithTcpMd5OnlyWhenPasswordsMatch()
    {
        try (Netns nsBird = Netns.create("bird"); Netns nsFrr = Netns.create("frr"))
        {
            final Netns.Link link = Netns.link(nsBird, nsFrr, 2);
            final DaemonConfig birdConfig = DaemonConfig.builder(link.a4(), BIRD_AS)
                .neighbor(Neighbor.of(link.b4(), FRR_AS).md5("jx-md5-secret"))
                .route(StaticRoute.of("198.18.120.0/24"))
                .build();
            final DaemonConfig wrong = DaemonConfig.builder(link.b4(), FRR_AS)
                .neighbor(Neighbor.of(link.a4(), BIRD_AS).md5("not-the-secret"))
                .build();
            try (BirdPeer bird = new BirdPeer(nsBird, birdConfig); FrrPeer frr = new FrrPeer(nsFrr, wrong))
            {
                bird.start();
                frr.start();
                final long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (System.nanoTime() - until < 0)
                {
                    assertFalse(frr.established(link.a4()), "established although the MD5 passwords differ");
                    Netns.sleep(250);
                }
                frr.stop();
                final FrrPeer right = new FrrPeer(nsFrr, DaemonConfig.builder(link.b4(), FRR_AS)
                    .neighbor(Neighbor.of(link.a4(), BIRD_AS).md5("jx-md5-secret")).build());
                try (right)
                {
                    right.start();
                    right.waitEstablished(link.a4(), T);
                    bird.waitEstablished(link.b4(), T);
                    right.waitForRoute("198.18.120.0/24", r -> r.asPath().equals(List.of(BIRD_AS)), T);
                }
            }
        }
    }

    @Test
    void shouldKeepRoutesWhileAGracefulRestartingPeerComesBack()
    {
        try (Netns nsBird = Netns.create("bird"); Netns nsFrr = Netns.create("frr"))
        {
            final Netns.Link link = Netns.link(nsBird, nsFrr, 5);
            final DaemonConfig birdConfig = DaemonConfig.builder(link.a4(), BIRD_AS)
                .neighbor(Neighbor.of(link.b4(), FRR_AS).gracefulRestart(true, 30))
                .build();
            final DaemonConfig frrConfig = DaemonConfig.builder(link.b4(), FRR_AS)
                .neighbor(Neighbor.of(link.a4(), BIRD_AS).gracefulRestart(true, 30))
                .route(StaticRoute.of("198.18.130.0/24").community("65001:7"))
                .build();
            try (BirdPeer bird = new BirdPeer(nsBird, birdConfig); FrrPeer frr = new FrrPeer(nsFrr, frrConfig))
            {
                bird.start();
                frr.start();
                bird.waitEstablished(link.b4(), T);
                bird.waitForRoute("198.18.130.0/24", r -> r.communities().contains("65001:7"), T);

                // RFC 4724 §4.2: the session drops without a NOTIFICATION; the receiver keeps the routes, stale.
                // (Checked: with graceful restart off on BIRD's side, BIRD drops the route here.)
                frr.kill();
                PeerDaemon.waitFor(() -> !bird.established(link.b4()), T, "BIRD sees the session to FRR go down");
                Netns.sleep(2000);
                assertTrue(bird.bestRoute("198.18.130.0/24").isPresent(), "BIRD dropped the route of a restarting peer");

                frr.start();
                bird.waitEstablished(link.b4(), T);
                bird.waitForRoute("198.18.130.0/24", r -> r.communities().contains("65001:7"), T);
            }
        }
    }
}
