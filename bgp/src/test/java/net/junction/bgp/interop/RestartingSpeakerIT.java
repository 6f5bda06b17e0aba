/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.interop.DaemonConfig.Neighbor;
import net.junction.bgp.interop.DaemonConfig.StaticRoute;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.session.LocalRestart;
import net.junction.bgp.session.SessionOptions;
import net.junction.bgp.speaker.BgpSpeaker;
import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.Ip4;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.fib.ReferenceFib;
import net.junction.routing.rib.Rib;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our speaker as the restarting speaker of graceful restart (RFC 4724 §4.1), with BIRD, FRR and GoBGP as
 * helpers at once: each daemon in its own namespace, joined to ours by a veth pair (198.18.241.0/30, .4/30,
 * .8/30; ours the .1, .5, .9). The first speaker stops as a crash stops it (no NOTIFICATION); a second one starts
 * as restarted, forwarding state kept (R and F bits), defers route selection until the three End-of-RIBs, then
 * sends its table and End-of-RIB. Meanwhile a watcher asks each daemon for its table again and again: no route
 * we gave it (ours, and the other daemons' through us) is ever missing; a network only the first speaker had is
 * gone once the second's End-of-RIB ends the restart; nothing the daemons sent is lost. Needs root, bird2, frr and
 * gobgpd; skips otherwise.
 */
@Timeout(180)
@ExtendWith(DaemonLogsOnFailure.class)
class RestartingSpeakerIT
{
    static final long JUNCTION_AS = 4_200_000_001L;
    static final long BIRD_AS = 4_200_000_021L;
    static final long FRR_AS = 4_200_000_022L;
    static final long GOBGP_AS = 4_200_000_023L;
    static final Duration T = Duration.ofSeconds(45);
    /** Ours in both speakers' configuration. */
    static final String KEPT = "198.18.242.0/24";
    /** Only the first speaker's: swept from the helpers at the second's End-of-RIB. */
    static final String DROPPED = "198.18.246.0/24";
    /** Each daemon's own route, and the name of its neighbor in our configuration. */
    static final Map<String, String> DAEMON_ROUTES = Map.of("bird", "198.18.243.0/24", "frr", "198.18.244.0/24",
        "gobgp", "198.18.245.0/24");

    @BeforeAll
    static void need()
    {
        Interop.assumeCanRun(BirdPeer.BIRD, BirdPeer.BIRDC, FrrPeer.BGPD, FrrPeer.VTYSH, GobgpPeer.GOBGPD, GobgpPeer.GOBGP);
    }

    /** Our address on the link to the daemon number i (0, 1, 2) and the daemon's. */
    static String ours(final int i)
    {
        return "198.18.241." + (4 * i + 1);
    }

    static String theirs(final int i)
    {
        return "198.18.241." + (4 * i + 2);
    }

    static BgpConfig config(final List<String> networks)
    {
        final List<String> names = List.of("bird", "frr", "gobgp");
        final long[] as = {BIRD_AS, FRR_AS, GOBGP_AS};
        final List<PeerConfig> peers = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            peers.add(PeerConfig.builder(names.get(i), IpAddress.parse(theirs(i)), (int)as[i])
                .localAddress(Optional.of(IpAddress.parse(ours(i))))
                .holdTimeSeconds(30)
                .connectRetrySeconds(1)
                .families(Set.of(AfiSafi.IPV4_UNICAST))
                .importPolicy(Optional.of("all"))
                .exportPolicy(Optional.of("all"))
                .build());
        }
        // Port 0: the speaker connects, it does not listen (nothing of ours binds 179 in the root namespace).
        return new BgpConfig((int)JUNCTION_AS, Ip4.parse(ours(0)), Optional.empty(), 0, 1, peers,
            Map.of("all", new Policy("all", List.of(), Policy.Disposition.ACCEPT)),
            networks.stream().map(IpPrefix::parse).toList());
    }

    static Rib rib()
    {
        final Rib rib = new Rib(new ReferenceFib(1024));
        for (int i = 0; i < 3; i++)
        {
            rib.addInterfaceAddress(i + 1, InterfaceAddress.parse(ours(i) + "/30"));
        }
        return rib;
    }

    @Test
    void shouldRestartWithoutAnyHelperLosingARoute() throws Exception
    {
        final List<String> veths = new ArrayList<>();
        try (Netns nsBird = Netns.create("grbird"); Netns nsFrr = Netns.create("grfrr"); Netns nsGo = Netns.create("grgo"))
        {
            final List<Netns> spaces = List.of(nsBird, nsFrr, nsGo);
            try
            {
                for (int i = 0; i < 3; i++)
                {
                    final String veth = "bgr" + i + "x" + ProcessHandle.current().pid() % 10_000;
                    Netns.run(Duration.ofSeconds(10), "ip", "link", "add", "name", veth, "type", "veth", "peer", "name",
                        "v1g", "netns", spaces.get(i).name()).orThrow("veth");
                    veths.add(veth);
                    Netns.run(Duration.ofSeconds(10), "ip", "addr", "add", ours(i) + "/30", "dev", veth).orThrow("address");
                    Netns.run(Duration.ofSeconds(10), "ip", "link", "set", veth, "up").orThrow("up");
                    spaces.get(i).addAddress("v1g", theirs(i) + "/30");
                    spaces.get(i).ip("link", "set", "v1g", "up");
                }
                run(spaces);
            }
            finally
            {
                for (final String veth : veths)
                {
                    Netns.run(Duration.ofSeconds(10), "ip", "link", "del", veth);
                }
            }
        }
    }

    private static DaemonConfig daemon(final int i, final long as, final String route)
    {
        return DaemonConfig.builder(theirs(i), as)
            .neighbor(Neighbor.of(ours(i), JUNCTION_AS).gracefulRestart(true, 30))
            .route(StaticRoute.of(route))
            .build();
    }

    private void run(final List<Netns> spaces) throws Exception
    {
        try (BirdPeer bird = new BirdPeer(spaces.get(0), daemon(0, BIRD_AS, DAEMON_ROUTES.get("bird")));
            FrrPeer frr = new FrrPeer(spaces.get(1), daemon(1, FRR_AS, DAEMON_ROUTES.get("frr")));
            GobgpPeer gobgp = new GobgpPeer(spaces.get(2), daemon(2, GOBGP_AS, DAEMON_ROUTES.get("gobgp"))))
        {
            final Map<String, PeerDaemon> daemons = Map.of("bird", bird, "frr", frr, "gobgp", gobgp);
            final Map<String, String> ourAddress = Map.of("bird", ours(0), "frr", ours(1), "gobgp", ours(2));
            bird.start();
            frr.start();
            gobgp.start();

            // What each daemon must hold from us at every moment: ours, and the two others' routes through us.
            final Map<String, Set<String>> expected = daemons.keySet().stream().collect(Collectors.toMap(n -> n, n ->
            {
                final Set<String> s = new java.util.TreeSet<>(DAEMON_ROUTES.values());
                s.remove(DAEMON_ROUTES.get(n));
                s.add(KEPT);
                return s;
            }));

            final BgpSpeaker first = new BgpSpeaker(config(List.of(KEPT, DROPPED)), rib());
            BgpSpeaker second = null;
            final List<String> missing = Collections.synchronizedList(new ArrayList<>());
            final AtomicBoolean watching = new AtomicBoolean(true);
            Thread watcher = null;
            try
            {
                first.start();
                for (final Map.Entry<String, PeerDaemon> d : daemons.entrySet())
                {
                    d.getValue().waitEstablished(ourAddress.get(d.getKey()), T);
                }
                for (final Map.Entry<String, PeerDaemon> d : daemons.entrySet())
                {
                    for (final String prefix : expected.get(d.getKey()))
                    {
                        d.getValue().waitForRoute(prefix, r -> true, T);
                    }
                    d.getValue().waitForRoute(DROPPED, r -> true, T);
                }

                watcher = Thread.ofPlatform().name("gr-watcher").start(() ->
                {
                    int rounds = 0;
                    while (watching.get())
                    {
                        for (final Map.Entry<String, PeerDaemon> d : daemons.entrySet())
                        {
                            final Set<String> held = d.getValue().routes().stream().map(Route::prefix)
                                .collect(Collectors.toSet());
                            for (final String prefix : expected.get(d.getKey()))
                            {
                                if (!held.contains(prefix) && missing.size() < 30)
                                {
                                    missing.add(d.getKey() + " lacked " + prefix + " in round " + rounds);
                                }
                            }
                        }
                        rounds++;
                    }
                });

                // The crash: no NOTIFICATION, the TCP connections just end.
                first.abandon();
                PeerDaemon.waitFor(() -> daemons.entrySet().stream()
                    .noneMatch(d -> d.getValue().established(ourAddress.get(d.getKey()))), T, "every session down");

                // The next instance: restarted, forwarding state kept for IPv4 (the data plane ran on).
                second = new BgpSpeaker(config(List.of(KEPT)), rib(),
                    SessionOptions.DEFAULT.withRestart(LocalRestart.restarted(Set.of(AfiSafi.IPV4_UNICAST), 60)));
                final BgpSpeaker restarted = second;
                restarted.start();
                for (final Map.Entry<String, PeerDaemon> d : daemons.entrySet())
                {
                    d.getValue().waitEstablished(ourAddress.get(d.getKey()), T);
                }
                PeerDaemon.waitFor(() -> restarted.selectionDeferred().isEmpty(), T,
                    "route selection after the three End-of-RIBs");
                for (final String prefix : DAEMON_ROUTES.values())
                {
                    PeerDaemon.waitFor(() -> restarted.best(IpPrefix.parse(prefix)).isPresent(), T,
                        "the daemons' routes in the restarted speaker");
                }
                // The helpers' End-of-RIB processing: what the new speaker did not send again is gone.
                for (final PeerDaemon d : daemons.values())
                {
                    d.waitForNoRoute(DROPPED, T);
                }
                for (final Map.Entry<String, PeerDaemon> d : daemons.entrySet())
                {
                    for (final String prefix : expected.get(d.getKey()))
                    {
                        assertTrue(d.getValue().bestRoute(prefix).isPresent(), d.getKey() + " holds " + prefix);
                    }
                }
            }
            finally
            {
                watching.set(false);
                if (watcher != null)
                {
                    watcher.join(10_000);
                }
                first.close();
                if (second != null)
                {
                    second.close();
                }
            }
            assertEquals(List.of(), missing, "a helper lost one of our routes during the restart");
        }
    }
}
