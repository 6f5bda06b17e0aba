/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.interop.DaemonConfig.Neighbor;
import net.junction.bgp.interop.DaemonConfig.StaticRoute;
import net.junction.bgp.speaker.BgpSpeaker;
import net.junction.routing.Ip4;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.fib.ReferenceFib;
import net.junction.routing.rib.Rib;
import net.junction.routing.rib.RouteSource;

/**
 * eBGP multihop against BIRD 2, two hops away: our speaker in this JVM (root namespace, one end of a veth pair
 * named {@code bgmh<pid>}, 198.18.241.1/30), a Linux router in a namespace (198.18.241.2 and 198.18.241.5,
 * forwarding), BIRD behind it (198.18.241.6, {@code multihop 2}). Without {@code ebgp-multihop} our packets
 * leave with TTL 1 and die at the router (its ICMP Time Exceeded counter says so) and no session comes up;
 * a commit of {@code ebgp-multihop: 2} resets our session, which then comes up, and routes flow both ways.
 * Needs root and bird2; skips otherwise.
 */
@Timeout(120)
@ExtendWith(DaemonLogsOnFailure.class)
class MultihopIT
{
    static final long JUNCTION_AS = 4_200_000_001L;
    static final long BIRD_AS = 4_200_000_021L;
    static final Duration T = Duration.ofSeconds(30);
    static final String OURS = "198.18.241.1";
    static final String ROUTER_NEAR = "198.18.241.2";
    static final String ROUTER_FAR = "198.18.241.5";
    static final String BIRDS = "198.18.241.6";

    @BeforeAll
    static void need()
    {
        Interop.assumeCanRun(BirdPeer.BIRD, BirdPeer.BIRDC);
    }

    static BgpConfig config(final Optional<Integer> multihop)
    {
        final PeerConfig bird = BirdPeer.junctionsNeighbor(BIRDS, BIRD_AS, OURS)
            .importPolicy(Optional.of("all"))
            .exportPolicy(Optional.of("all"))
            .ebgpMultihop(multihop)
            .build();
        // Port 0: the speaker connects, it does not listen (nothing of ours binds 179 in the root namespace).
        return new BgpConfig((int)JUNCTION_AS, Ip4.parse(OURS), Optional.empty(), 0, 1, List.of(bird),
            Map.of("all", BirdLiveReconfigIT.acceptAll("all")), List.of(IpPrefix.parse("198.18.243.0/24")));
    }

    /** ICMP Time Exceeded messages the namespace's kernel sent ({@code /proc/net/snmp} read inside it). */
    static long timeExceededSent(final Netns ns)
    {
        final String[] lines = ns.exec(Duration.ofSeconds(10), "cat", "/proc/net/snmp").orThrow("snmp").split("\n");
        for (int i = 0; i + 1 < lines.length; i++)
        {
            if (lines[i].startsWith("Icmp:") && lines[i + 1].startsWith("Icmp:"))
            {
                final List<String> names = List.of(lines[i].split("\\s+"));
                return Long.parseLong(lines[i + 1].split("\\s+")[names.indexOf("OutTimeExcds")]);
            }
        }
        throw new AssertionError("no Icmp lines in /proc/net/snmp");
    }

    @Test
    void shouldPeerWithBirdTwoHopsAwayOnlyWithEbgpMultihop() throws Exception
    {
        try (Netns router = Netns.create("mhr"); Netns far = Netns.create("mhbird");
            Netns.RootVeth veth = Netns.rootVeth("bgmh", router, "v1r", OURS, ROUTER_NEAR, 30))
        {
            // The route to BIRD's network lives on our end of the veth: it goes when the veth goes.
            Netns.run(Duration.ofSeconds(10), "ip", "route", "add", "198.18.241.4/30", "via", ROUTER_NEAR, "dev", veth.name())
                .orThrow("route");
            Netns.veth(router, "v2r", far, "v2b");
            router.addAddress("v2r", ROUTER_FAR + "/30");
            far.addAddress("v2b", BIRDS + "/30");
            far.ip("route", "add", "default", "via", ROUTER_FAR);
            router.exec(Duration.ofSeconds(10), "sysctl", "-qw", "net.ipv4.ip_forward=1").orThrow("forwarding");
            run(router, far);
        }
    }

    private void run(final Netns router, final Netns far) throws Exception
    {
        final DaemonConfig birdConfig = DaemonConfig.builder(BIRDS, BIRD_AS)
            .neighbor(Neighbor.of(OURS, JUNCTION_AS).multihop(2))
            .route(StaticRoute.of("198.18.242.0/24"))
            .build();
        final Rib rib = new Rib(new ReferenceFib(1024));
        rib.addInterfaceAddress(1, InterfaceAddress.parse(OURS + "/30"));
        rib.addRouteVia(RouteSource.STATIC, IpPrefix.parse("198.18.241.4/30"), IpAddress.parse(ROUTER_NEAR), 0);
        try (BirdPeer bird = new BirdPeer(far, birdConfig);
            BgpSpeaker speaker = new BgpSpeaker(config(Optional.empty()), rib))
        {
            bird.start();
            final long before = timeExceededSent(router);
            speaker.start();
            // TTL 1: our SYNs (and our answers to BIRD's SYNs) die at the router, which says so.
            PeerDaemon.waitFor(() -> timeExceededSent(router) >= before + 2, T, "the router's Time Exceeded for our TTL 1");
            assertFalse(bird.established(OURS), "no session across a router with TTL 1");
            assertFalse("established".equals(BirdLiveReconfigIT.status(speaker).state()), "our session is not up");

            speaker.reconfigure(config(Optional.of(2)));
            bird.waitEstablished(OURS, T);
            PeerDaemon.waitFor(() -> "established".equals(BirdLiveReconfigIT.status(speaker).state()), T, "our session up");
            PeerDaemon.waitFor(() -> speaker.best(IpPrefix.parse("198.18.242.0/24")).isPresent(), T, "BIRD's route here");
            assertTrue(rib.installedNextHop(IpPrefix.parse("198.18.242.0/24")) != null,
                "BIRD's route resolved through the static route to its network and installed");
            bird.waitForRoute("198.18.243.0/24", r -> true, T);
        }
    }
}
