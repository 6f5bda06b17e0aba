/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import net.junction.bgp.bmp.BmpConfig;
import net.junction.bgp.bmp.BmpStation;
import net.junction.bgp.config.AddPathConfig;
import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.interop.DaemonConfig.Neighbor;
import net.junction.bgp.interop.DaemonConfig.StaticRoute;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.rpki.RpkiConfig;
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
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BMP against the real thing: pmacct's {@code pmbmpd} (Debian's) listens on loopback with its own temporary
 * config and logs every BMP message it decodes as JSON; our speaker (this JVM, root namespace, 198.18.232.1/30 on
 * a veth {@code bmpv<pid>}) reports to it while peering with BIRD 2 in a namespace (198.18.232.2). BIRD announces
 * three routes; the import policy rejects one. Everything is asserted from pmbmpd's own log: Junction's
 * Initiation, the Peer Up of BIRD's session, Route Monitoring of BIRD's routes before policy (all three), after
 * policy and in the Loc-RIB (the two accepted), the withdrawal after BIRD withdraws one, Statistics Reports, the
 * Peer Down after the session is shut down (local, with the NOTIFICATION sent), and the Termination at close.
 * Needs root, bird2 and pmacct.
 */
@Timeout(120)
@ExtendWith(DaemonLogsOnFailure.class)
class BmpPmbmpdIT
{
    static final long JUNCTION_AS = 4_200_000_001L;
    static final long BIRD_AS = 4_200_000_031L;
    static final Duration T = Duration.ofSeconds(30);
    static final String OURS = "198.18.232.1";
    static final String BIRDS = "198.18.232.2";
    static final String KEPT = "198.18.233.0/25";
    static final String WITHDRAWN = "198.18.233.128/25";
    static final String REJECTED = "198.18.234.0/24";
    static final String PMBMPD = "/usr/sbin/pmbmpd";

    @TempDir
    Path temp;

    @BeforeAll
    static void need()
    {
        Interop.assumeCanRun(BirdPeer.BIRD, BirdPeer.BIRDC, PMBMPD);
    }

    static BgpConfig config(final int bmpPort)
    {
        final PeerConfig bird = BirdPeer.junctionsNeighbor(BIRDS, BIRD_AS, OURS)
            .importPolicy(Optional.of("in"))
            .exportPolicy(Optional.of("out"))
            .build();
        final Policy in = new Policy("in", List.of(new Policy.Term("no-234", new Policy.Match(Optional.empty(),
            List.of(new Policy.PrefixEntry(IpPrefix.parse(REJECTED), 24, 32)), Optional.empty(), List.of(), List.of(),
            List.of(), List.of()), List.of(), Policy.Disposition.REJECT)), Policy.Disposition.ACCEPT);
        final Policy out = new Policy("out", List.of(), Policy.Disposition.REJECT);
        final BmpConfig bmp = new BmpConfig(List.of(new BmpConfig.Station(IpAddress.parse("127.0.0.1"), bmpPort, true,
            true, true, 1, 1, BmpConfig.DEFAULT_QUEUE_LIMIT)));
        return new BgpConfig((int)JUNCTION_AS, Ip4.parse(OURS), Optional.empty(), 0, 1, List.of(bird),
            Map.of("in", in, "out", out), List.of(), RpkiConfig.NONE, net.junction.bgp.mrt.MrtConfig.NONE, bmp);
    }

    @Test
    void shouldShowJunctionsPeerRoutesStatisticsAndPeerDownInPmbmpdsLog() throws Exception
    {
        try (Netns ns = Netns.create("bmp"); Netns.RootVeth veth = Netns.rootVeth("bmpv", ns, "v1b", OURS, BIRDS, 30))
        {
            run(ns);
        }
    }

    static final String AP_OURS = "198.18.247.1";
    static final String AP_BIRD = "198.18.247.2";
    static final String AP_PREFIX = "198.18.245.0/24";

    /**
     * A neighbor sending with ADD-PATH (BIRD's {@code add paths tx}, three paths of one prefix from three static
     * protocols, tagged 65000:1..3): its Route Monitoring before and after policy carries each path with its Path
     * Identifier, as the OPENs of its Peer Up announce, and pmbmpd decodes all three.
     */
    @Test
    void shouldMonitorEveryPathOfAnAddPathNeighbor() throws Exception
    {
        try (Netns ns = Netns.create("jap-", "bmp"); Netns.RootVeth veth = Netns.rootVeth("japb", ns, "v1b", AP_OURS,
            AP_BIRD, 30))
        {
            final DaemonConfig birdConfig = DaemonConfig.builder(AP_BIRD, BIRD_AS).neighbor(Neighbor.of(AP_OURS, JUNCTION_AS))
                .build();
            final Rib rib = new Rib(new ReferenceFib(1024));
            rib.addInterfaceAddress(1, InterfaceAddress.parse(AP_OURS + "/30"));
            try (Pmbmpd station = new Pmbmpd("addpath");
                 BirdPeer bird = new BirdPeer(ns, birdConfig).editConfig(rendered -> BirdAddPathIT.addPaths(rendered, AP_PREFIX)))
            {
                final PeerConfig neighbor = BirdPeer.junctionsNeighbor(AP_BIRD, BIRD_AS, AP_OURS)
                    .importPolicy(Optional.of("in")).exportPolicy(Optional.of("out"))
                    .addPath(new AddPathConfig(true, Set.of(AfiSafi.IPV4_UNICAST)))
                    .build();
                final BgpConfig base = config(station.port);
                try (BgpSpeaker speaker = new BgpSpeaker(new BgpConfig(base.localAs(), Ip4.parse(AP_OURS),
                    Optional.empty(), 0, 1, List.of(neighbor), base.policies(), List.of(), RpkiConfig.NONE,
                    net.junction.bgp.mrt.MrtConfig.NONE, base.bmp()), rib))
                {
                    bird.start();
                    speaker.start();
                    bird.waitEstablished(AP_OURS, T);
                    station.waitFor("peer_up", e -> AP_BIRD.equals(text(e, "peer_ip")), "BIRD's Peer Up");
                    for (final String view : List.of("pre", "post"))
                    {
                        PeerDaemon.waitFor(() -> station.routes(AP_PREFIX, view, "update").stream()
                                .map(e -> text(e, "comms")).distinct().count(), n -> n == 3, T,
                            "three paths of " + AP_PREFIX + " (" + view + ") in pmbmpd's log");
                        final List<Map<String, Object>> paths = station.routes(AP_PREFIX, view, "update");
                        // pmacct logs the ADD-PATH Path Identifier as as_path_id; the prefix and communities parse
                        // right only when it reads the identifiers where they are.
                        assertEquals(3, paths.stream().map(e -> text(e, "as_path_id")).filter(java.util.Objects::nonNull)
                            .distinct().count(), () -> "a Path Identifier each: " + paths);
                    }
                    assertEquals(0, speaker.bmp().getFirst().skipped(), "nothing skipped");
                }
            }
        }
    }

    /** One pmbmpd on loopback with its own config, JSON message log and daemon log. */
    private final class Pmbmpd implements AutoCloseable
    {
        final int port;
        final Path log;
        final Path daemonLog;
        final Process process;

        Pmbmpd(final String name) throws IOException
        {
            port = RpkiStayrtrIT.freePort();
            log = temp.resolve(name + ".json");
            daemonLog = temp.resolve(name + ".log");
            final Path conf = temp.resolve(name + ".conf");
            Files.writeString(conf, """
                daemonize: false
                bmp_daemon_ip: 127.0.0.1
                bmp_daemon_port: %d
                bmp_daemon_msglog_file: %s
                bmp_daemon_msglog_output: json
                logfile: %s
                pidfile: %s
                """.formatted(port, log, daemonLog, temp.resolve(name + ".pid")));
            process = new ProcessBuilder(PMBMPD, "-f", conf.toString()).redirectErrorStream(true)
                .redirectOutput(temp.resolve(name + ".out").toFile()).start();
            PeerDaemon.waitFor(() -> daemonLog().contains("waiting for BMP data"), T, name + " listening");
        }

        String daemonLog()
        {
            try
            {
                return Files.exists(daemonLog) ? Files.readString(daemonLog) : "";
            }
            catch (final IOException ex)
            {
                return "";
            }
        }

        List<Map<String, Object>> entries()
        {
            return BmpPmbmpdIT.entries(log);
        }

        /** Wait for an entry of {@code type} matching {@code match}, and return it. */
        Map<String, Object> waitFor(final String type, final Predicate<Map<String, Object>> match, final String what)
        {
            final Predicate<Map<String, Object>> both = e -> type.equals(text(e, "bmp_msg_type")) && match.test(e);
            PeerDaemon.waitFor(() -> entries().stream().anyMatch(both), T, what + " in pmbmpd's log (" + daemonLog() +
                ")");
            return entries().stream().filter(both).findFirst().orElseThrow();
        }

        /** Route Monitoring entries of a prefix: before policy, after policy (is_post) or in the Loc-RIB (is_loc). */
        List<Map<String, Object>> routes(final String prefix, final String view, final String logType)
        {
            return entries().stream().filter(e -> "route_monitor".equals(text(e, "bmp_msg_type")) &&
                prefix.equals(text(e, "ip_prefix")) && logType.equals(text(e, "log_type")) && switch (view)
                {
                    case "pre" -> "0".equals(text(e, "is_post")) && "1".equals(text(e, "is_in"));
                    case "post" -> "1".equals(text(e, "is_post"));
                    default -> "1".equals(text(e, "is_loc"));
                }).toList();
        }

        void waitForRoute(final String prefix, final String view, final String logType)
        {
            PeerDaemon.waitFor(() -> !routes(prefix, view, logType).isEmpty(), T,
                logType + " of " + prefix + " (" + view + ") in pmbmpd's log");
        }

        @Override
        public void close() throws InterruptedException
        {
            process.destroyForcibly(); // pmbmpd ignores SIGTERM and SIGINT
            process.waitFor();
        }
    }

    private void run(final Netns ns) throws Exception
    {
        final DaemonConfig birdConfig = DaemonConfig.builder(BIRDS, BIRD_AS)
            .neighbor(Neighbor.of(OURS, JUNCTION_AS))
            .route(StaticRoute.of(KEPT))
            .route(StaticRoute.of(WITHDRAWN))
            .route(StaticRoute.of(REJECTED))
            .build();
        final Rib rib = new Rib(new ReferenceFib(1024));
        rib.addInterfaceAddress(1, InterfaceAddress.parse(OURS + "/30"));
        try (Pmbmpd first = new Pmbmpd("first"); Pmbmpd second = new Pmbmpd("second");
             BirdPeer bird = new BirdPeer(ns, birdConfig); BgpSpeaker speaker = new BgpSpeaker(config(first.port), rib))
        {
            bird.start();
            speaker.start();
            bird.waitEstablished(OURS, T);

            // Initiation, then BIRD's Peer Up with both OPENs' addresses and ports, and the Loc-RIB's (RFC 9069).
            final Map<String, Object> init = first.waitFor("init", e -> true, "the Initiation");
            assertTrue(text(init, "bmp_init_info_sysdescr").startsWith("Junction"), init.toString());
            final Map<String, Object> up = first.waitFor("peer_up", e -> BIRDS.equals(text(e, "peer_ip")), "BIRD's Peer Up");
            assertEquals(Long.toString(BIRD_AS), text(up, "peer_asn"));
            assertEquals(BIRDS, text(up, "bgp_id"));
            assertEquals(OURS, text(up, "local_ip"));
            assertEquals("179", text(up, "remote_port"), "BIRD listens, we connected");
            assertEquals("0", text(up, "peer_type"));
            final Map<String, Object> loc = first.waitFor("peer_up", e -> "3".equals(text(e, "peer_type")),
                "the Loc-RIB's Peer Up");
            assertEquals(Long.toString(JUNCTION_AS), text(loc, "peer_asn"));
            assertEquals(OURS, text(loc, "bgp_id"), "the Loc-RIB instance is this router");

            // Before policy all three; after policy and in the Loc-RIB the two the policy accepts.
            for (final String prefix : List.of(KEPT, WITHDRAWN, REJECTED))
            {
                first.waitForRoute(prefix, "pre", "update");
            }
            for (final String prefix : List.of(KEPT, WITHDRAWN))
            {
                first.waitForRoute(prefix, "post", "update");
                first.waitForRoute(prefix, "loc", "update");
            }
            final Map<String, Object> kept = first.routes(KEPT, "post", "update").getFirst();
            assertEquals(BIRDS, text(kept, "bgp_nexthop"));
            assertEquals(Long.toString(BIRD_AS), text(kept, "as_path"));
            assertEquals(BIRDS, text(kept, "peer_ip"));

            // Statistics Reports (every second here): one rejected prefix, 3 routes before policy, 2 in the Loc-RIB.
            first.waitFor("stats", e -> BIRDS.equals(text(e, "peer_ip")) && "0".equals(text(e, "counter_type")) &&
                "1".equals(text(e, "counter_value")), "1 prefix rejected by inbound policy");
            first.waitFor("stats", e -> BIRDS.equals(text(e, "peer_ip")) && "7".equals(text(e, "counter_type")) &&
                "3".equals(text(e, "counter_value")), "3 routes in the Adj-RIB-In");
            first.waitFor("stats", e -> "3".equals(text(e, "peer_type")) && "8".equals(text(e, "counter_type")) &&
                "2".equals(text(e, "counter_value")), "2 routes in the Loc-RIB");

            // BIRD withdraws one: gone before policy, after policy and from the Loc-RIB.
            bird.withdraw(WITHDRAWN);
            for (final String view : List.of("pre", "post", "loc"))
            {
                first.waitForRoute(WITHDRAWN, view, "withdraw");
            }
            assertTrue(first.routes(REJECTED, "post", "update").isEmpty(), "the rejected route never after policy");
            assertTrue(first.routes(REJECTED, "loc", "update").isEmpty(), "nor in the Loc-RIB");

            // A commit moves BMP to the second station: the first gets a Termination, the second a full resync.
            final BgpConfig moved = config(second.port);
            speaker.reconfigure(new BgpConfig(moved.localAs(), moved.routerId(), moved.listenAddress(), 0, 1,
                speaker.config().neighbors(), speaker.config().policies(), List.of(), RpkiConfig.NONE, net.junction.bgp.mrt.MrtConfig.NONE, moved.bmp()));
            first.waitFor("term", e -> true, "the first station's Termination");
            second.waitFor("peer_up", e -> BIRDS.equals(text(e, "peer_ip")), "BIRD's Peer Up on the second station");
            second.waitForRoute(KEPT, "pre", "update");
            second.waitForRoute(KEPT, "post", "update");
            second.waitForRoute(KEPT, "loc", "update");
            assertTrue(second.routes(WITHDRAWN, "pre", "update").isEmpty(), "the resync sends the table as it is now");
            final List<BmpStation.Status> stations = speaker.bmp();
            assertEquals(1, stations.size());
            assertEquals("127.0.0.1:" + second.port, stations.getFirst().name());
            assertEquals("connected", stations.getFirst().state());

            // The session shut down here: Peer Down, the local system closed it with a NOTIFICATION (reason 1).
            speaker.shutdownNeighbor("bird", "bmp test");
            final Map<String, Object> down = second.waitFor("peer_down", e -> BIRDS.equals(text(e, "peer_ip")),
                "BIRD's Peer Down");
            assertEquals("1", text(down, "reason_type"), down.toString());
            final long sent = speaker.bmp().getFirst().messagesSent();
            assertTrue(sent >= 8, "init, 2 Peer Ups, routes, End-of-RIBs, Peer Down: " + sent);
            speaker.close();
            final Map<String, Object> term = second.waitFor("term", e -> true, "the Termination at shutdown");
            assertEquals("Session administratively closed", text(term, "bmp_term_info_reason"));
            assertFalse(bird.established(OURS));
        }
    }

    static List<Map<String, Object>> entries(final Path log)
    {
        final List<Map<String, Object>> out = new ArrayList<>();
        try
        {
            if (!Files.exists(log))
            {
                return out;
            }
            for (final String line : Files.readAllLines(log))
            {
                if (!line.isBlank())
                {
                    out.add(Json.object(Json.parse(line)));
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // a line being written: the next poll reads it whole
        }
        return out;
    }

    static String text(final Map<String, Object> e, final String field)
    {
        return Json.string(e.get(field));
    }
}
