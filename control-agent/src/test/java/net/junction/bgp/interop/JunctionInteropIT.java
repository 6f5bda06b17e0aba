/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import net.junction.bgp.interop.DaemonConfig.ExportPolicy;
import net.junction.bgp.interop.DaemonConfig.Family;
import net.junction.bgp.interop.DaemonConfig.Neighbor;
import net.junction.bgp.interop.DaemonConfig.StaticRoute;

/**
 * Junction's BGP speaker against BIRD 2, FRR (bgpd) and GoBGP from Debian, all at once: Junction
 * runs as the router it is ({@code ./junction run}, DPDK net_af_packet ports, sessions over the
 * exception path), each daemon in its own namespace on its own port, with an IPv4 session and an
 * IPv6 (MP-BGP) session each, 4-octet AS numbers everywhere, TCP MD5 on BIRD's and FRR's IPv4
 * sessions. Routes one daemon announces reach the others through Junction with their communities
 * and large communities; Junction's export policy toward FRR rejects a prefix and tags the rest;
 * withdrawals travel; FRR crashing and coming back under graceful restart keeps its routes; GoBGP
 * frozen makes Junction's hold timer expire; Junction crashing and restarting keeps its routes at BIRD.
 * <p>
 * Needs root, the daemons (./junction setup installs them) and the built distribution (failsafe
 * runs after package); skips otherwise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(DaemonLogsOnFailure.class)
@Timeout(120)
class JunctionInteropIT
{
    static final long JUNCTION_AS = 4_200_000_001L;
    static final long BIRD_AS = 4_200_000_011L;
    static final long FRR_AS = 4_200_000_012L;
    static final long GOBGP_AS = 4_200_000_013L;
    static final Duration T = Duration.ofSeconds(30);

    private Netns nsJ;
    private Netns nsBird;
    private Netns nsFrr;
    private Netns nsGobgp;
    private JunctionRouter junction;
    private BirdPeer bird;
    private FrrPeer frr;
    private GobgpPeer gobgp;
    private JunctionRouter.Port toBird;
    private JunctionRouter.Port toFrr;
    private JunctionRouter.Port toGobgp;

    @BeforeAll
    void start() throws Exception
    {
        Interop.assumeCanRun(BirdPeer.BIRD, BirdPeer.BIRDC, FrrPeer.BGPD, FrrPeer.VTYSH, GobgpPeer.GOBGPD,
            GobgpPeer.GOBGP);
        nsJ = Netns.create("jct");
        nsBird = Netns.create("bird");
        nsFrr = Netns.create("frr");
        nsGobgp = Netns.create("gobgp");
        junction = new JunctionRouter(nsJ, "interop");
        toBird = junction.link(nsBird, 11);
        toFrr = junction.link(nsFrr, 12);
        toGobgp = junction.link(nsGobgp, 13);

        bird = new BirdPeer(nsBird, DaemonConfig.builder(toBird.peer4(), BIRD_AS)
            .neighbor(Neighbor.of(toBird.address4(), JUNCTION_AS).md5("jx-bird-key").gracefulRestart(true, 120)
                .holdTime(60))
            .neighbor(Neighbor.of(toBird.address6(), JUNCTION_AS))
            .route(StaticRoute.of("198.19.11.0/24").community("65011:1").largeCommunity("4200000011:1:1"))
            .route(StaticRoute.of("198.19.111.0/24"))
            .route(StaticRoute.of("2001:db8:111::/48").community("65011:6"))
            .export(ExportPolicy.acceptAll())
            .build());
        frr = new FrrPeer(nsFrr, DaemonConfig.builder(toFrr.peer4(), FRR_AS)
            .neighbor(Neighbor.of(toFrr.address4(), JUNCTION_AS).md5("jx-frr-key").gracefulRestart(true, 120))
            .neighbor(Neighbor.of(toFrr.address6(), JUNCTION_AS).gracefulRestart(true, 120))
            .route(StaticRoute.of("198.19.12.0/24").community("65012:1").largeCommunity("4200000012:1:1"))
            .route(StaticRoute.of("2001:db8:112::/48").largeCommunity("4200000012:6:6"))
            .export(ExportPolicy.acceptAll())
            .build());
        gobgp = new GobgpPeer(nsGobgp, DaemonConfig.builder(toGobgp.peer4(), GOBGP_AS)
            .neighbor(Neighbor.of(toGobgp.address4(), JUNCTION_AS))
            .neighbor(Neighbor.of(toGobgp.address6(), JUNCTION_AS))
            .route(StaticRoute.of("198.19.13.0/24").community("65013:1").largeCommunity("4200000013:1:1"))
            .route(StaticRoute.of("2001:db8:113::/48").community("65013:6"))
            .export(ExportPolicy.acceptAll())
            .build());
        bird.start();
        frr.start();
        gobgp.start();

        junction.start("""
            bgp:
              local-as: %d
              router-id: %s
              networks: [198.19.200.0/24]
              neighbors:
                - {name: bird4, address: %s, remote-as: %d, password: jx-bird-key, families: [ipv4-unicast], hold-time: 60, connect-retry: 1, import: all, export: all}
                - {name: bird6, address: '%s', remote-as: %d, families: [ipv6-unicast], hold-time: 9, connect-retry: 1, import: all, export: all}
                - {name: frr4, address: %s, remote-as: %d, password: jx-frr-key, families: [ipv4-unicast], hold-time: 9, connect-retry: 1, import: all, export: to-frr}
                - {name: frr6, address: '%s', remote-as: %d, families: [ipv6-unicast], hold-time: 9, connect-retry: 1, import: all, export: to-frr}
                - {name: gobgp4, address: %s, remote-as: %d, families: [ipv4-unicast], hold-time: 9, connect-retry: 1, import: all, export: all}
                - {name: gobgp6, address: '%s', remote-as: %d, families: [ipv6-unicast], hold-time: 9, connect-retry: 1, import: all, export: all}
              policies:
                all: {otherwise: accept}
                to-frr:
                  terms:
                    - {name: no-gobgp, match: {prefixes: [198.19.13.0/24]}, then: reject}
                    - {name: tag, set: {add-large-communities: ["4200000001:9:9"]}, then: accept}
                  otherwise: reject
            """.formatted(JUNCTION_AS, toBird.address4(),
            toBird.peer4(), BIRD_AS, toBird.peer6(), BIRD_AS,
            toFrr.peer4(), FRR_AS, toFrr.peer6(), FRR_AS,
            toGobgp.peer4(), GOBGP_AS, toGobgp.peer6(), GOBGP_AS));
    }

    @AfterAll
    void stop() throws Exception
    {
        for (final AutoCloseable closeable : new AutoCloseable[]{junction, bird, frr, gobgp, nsJ, nsBird, nsFrr, nsGobgp})
        {
            if (null != closeable)
            {
                try
                {
                    closeable.close();
                }
                catch (final Exception ex)
                {
                    System.err.println("cleanup: " + ex);
                }
            }
        }
    }

    @Test
    @Order(1)
    void shouldEstablishIpv4AndIpv6SessionsWithEveryDaemonMd5IncludedAndFourOctetAsns()
    {
        for (final String neighbor : List.of("bird4", "bird6", "frr4", "frr6", "gobgp4", "gobgp6"))
        {
            junction.waitState(neighbor, "established", T);
        }
        bird.waitEstablished(toBird.address4(), T);
        bird.waitEstablished(toBird.address6(), T);
        frr.waitEstablished(toFrr.address4(), T);
        frr.waitEstablished(toFrr.address6(), T);
        gobgp.waitEstablished(toGobgp.address4(), T);
        gobgp.waitEstablished(toGobgp.address6(), T);
    }

    @Test
    @Order(2)
    void shouldPassRoutesBetweenDaemonsWithCommunitiesAndLargeCommunities()
    {
        final Route fromBirdAtFrr = frr.waitForRoute("198.19.11.0/24",
            r -> r.largeCommunities().contains("4200000001:9:9"), T);
        assertEquals(List.of(JUNCTION_AS, BIRD_AS), fromBirdAtFrr.asPath());
        assertEquals(List.of(toFrr.address4()), fromBirdAtFrr.nextHops(), "eBGP: Junction's address as next hop");
        assertTrue(fromBirdAtFrr.communities().contains("65011:1"), fromBirdAtFrr.toString());
        assertTrue(fromBirdAtFrr.largeCommunities().containsAll(List.of("4200000011:1:1", "4200000001:9:9")),
            fromBirdAtFrr.toString());

        final Route fromFrrAtGobgp = gobgp.waitForRoute("198.19.12.0/24", r -> true, T);
        assertEquals(List.of(JUNCTION_AS, FRR_AS), fromFrrAtGobgp.asPath());
        assertTrue(fromFrrAtGobgp.communities().contains("65012:1"), fromFrrAtGobgp.toString());
        assertEquals(List.of("4200000012:1:1"), fromFrrAtGobgp.largeCommunities());

        final Route fromGobgpAtBird = bird.waitForRoute("198.19.13.0/24", r -> true, T);
        assertEquals(List.of(JUNCTION_AS, GOBGP_AS), fromGobgpAtBird.asPath());
        assertTrue(fromGobgpAtBird.communities().contains("65013:1"), fromGobgpAtBird.toString());
        assertEquals(List.of("4200000013:1:1"), fromGobgpAtBird.largeCommunities());

        // IPv6 over MP-BGP, both directions of each pair.
        final Route v6AtFrr = frr.waitForRoute("2001:db8:111::/48", r -> true, T);
        assertEquals(List.of(JUNCTION_AS, BIRD_AS), v6AtFrr.asPath());
        assertTrue(v6AtFrr.communities().contains("65011:6"), v6AtFrr.toString());
        assertEquals(List.of(JUNCTION_AS, FRR_AS), bird.waitForRoute("2001:db8:112::/48",
            r -> r.largeCommunities().contains("4200000012:6:6"), T).asPath());
        assertEquals(List.of(JUNCTION_AS, GOBGP_AS), frr.waitForRoute("2001:db8:113::/48", r -> true, T).asPath());

        // Junction's own network reaches everyone; the RIB took what it accepted.
        bird.waitForRoute("198.19.200.0/24", r -> r.asPath().equals(List.of(JUNCTION_AS)), T);
        gobgp.waitForRoute("198.19.200.0/24", r -> r.asPath().equals(List.of(JUNCTION_AS)), T);
        PeerDaemon.waitFor(() -> junction.accepted("bird4", "ipv4-unicast"), n -> n == 2, T,
            "Junction accepted BIRD's 2 IPv4 prefixes");
    }

    @Test
    @Order(3)
    void shouldApplyTheExportPolicyTowardFrr()
    {
        bird.waitForRoute("198.19.13.0/24", r -> true, T);
        frr.waitForRoute("198.19.12.0/24", Route::isLocal, T);
        frr.waitForRoute("198.19.11.0/24", r -> true, T);
        assertTrue(frr.routes("198.19.13.0/24").isEmpty(), "to-frr rejects GoBGP's 198.19.13.0/24: " +
            frr.routes("198.19.13.0/24"));
        assertFalse(bird.routes("198.19.13.0/24").getFirst().largeCommunities().contains("4200000001:9:9"),
            "the tag is for FRR only");
    }

    @Test
    @Order(4)
    void shouldCarryWithdrawals()
    {
        gobgp.waitForRoute("198.19.111.0/24", r -> true, T);
        bird.withdraw("198.19.111.0/24");
        gobgp.waitForNoRoute("198.19.111.0/24", T);
        frr.waitForNoRoute("198.19.111.0/24", T);
        gobgp.withdraw("2001:db8:113::/48");
        bird.waitForNoRoute("2001:db8:113::/48", T);
    }

    @Test
    @Order(5)
    void shouldKeepTheRoutesOfACrashedFrrUnderGracefulRestartThenRefreshThem() throws Exception
    {
        bird.waitForRoute("198.19.12.0/24", r -> true, T);
        frr.kill();
        PeerDaemon.waitFor(() -> junction.state("frr4"), s -> !"established".equals(s), T,
            "Junction notices FRR is gone"); // the session is down...
        for (int i = 0; i < 10; i++)
        {
            assertFalse(bird.routes("198.19.12.0/24").isEmpty(), "...but FRR's routes are kept (stale) for its restart");
            Thread.sleep(200);
        }
        frr.start();
        junction.waitState("frr4", "established", T);
        frr.waitEstablished(toFrr.address4(), T);
        // After FRR's End-of-RIB the refreshed route stays, and what FRR did not send again is gone.
        bird.waitForRoute("198.19.12.0/24", r -> r.asPath().equals(List.of(JUNCTION_AS, FRR_AS)), T);
        PeerDaemon.waitFor(() -> junction.accepted("frr4", "ipv4-unicast"), n -> n == 1, T,
            "Junction holds FRR's refreshed route (control.json is rewritten each second)");
    }

    @Test
    @Order(6)
    void shouldExpireTheHoldTimerOfAFrozenPeer() throws Exception
    {
        junction.waitState("gobgp4", "established", T);
        nsGobgp.exec(Duration.ofSeconds(5), "kill", "-STOP", Long.toString(gobgp.pid())).orThrow("SIGSTOP gobgpd");
        try
        {
            PeerDaemon.waitFor(() -> junction.state("gobgp4"), s -> !"established".equals(s), Duration.ofSeconds(20),
                "Junction's hold timer (9 s) expires for the frozen GoBGP");
            final String error = String.valueOf(junction.neighbor("gobgp4").get("last_error")).toLowerCase();
            assertTrue(error.contains("hold"), "last error: " + error);
        }
        finally
        {
            nsGobgp.exec(Duration.ofSeconds(5), "kill", "-CONT", Long.toString(gobgp.pid()));
        }
        junction.waitState("gobgp4", "established", T);
    }

    @Test
    @Order(7)
    void shouldHaveItsRoutesKeptByBirdWhileJunctionRestartsUnderGracefulRestart() throws Exception
    {
        bird.waitForRoute("198.19.200.0/24", r -> r.asPath().equals(List.of(JUNCTION_AS)), T);
        // A crash and a restart well within the 60 s hold time of this session: BIRD, the helper,
        // sees Junction's new OPEN on an established session, takes it as Junction's restart, and
        // keeps what Junction announced (stale) until Junction's new session sends it again.
        final String before = birdSessionSince();
        junction.kill();
        junction.startAgain();
        // Without graceful restart BIRD would drop the old session's routes when the new OPEN comes,
        // then learn them again: the route would be missing for a moment. It must never be.
        final long deadline = System.nanoTime() + T.toNanos();
        while (!("established".equals(junction.state("bird4")) && bird.established(toBird.address4())))
        {
            assertFalse(bird.routes("198.19.200.0/24").isEmpty(), "BIRD kept Junction's route over the restart");
            assertTrue(System.nanoTime() - deadline < 0, "the session came back within " + T);
            Thread.sleep(100);
        }
        PeerDaemon.waitFor(this::birdSessionSince, since -> !since.equals(before), T,
            "BIRD's session to Junction replaced by the restarted one (was up since " + before + ")");
        bird.waitForRoute("198.19.200.0/24", r -> r.asPath().equals(List.of(JUNCTION_AS)), T);
        bird.waitForRoute("198.19.13.0/24", r -> true, T); // and the table Junction relays is back
    }

    /** When BIRD's IPv4 session to Junction came up ("Since" of its first BGP protocol, n1). */
    private String birdSessionSince()
    {
        return bird.birdc("show", "protocols", "n1").lines()
            .filter(line -> line.startsWith("n1 "))
            .map(line -> line.trim().split("\\s+"))
            .map(words -> words.length > 4 ? words[3] + " " + words[4] : "")
            .findFirst().orElse("");
    }
}
