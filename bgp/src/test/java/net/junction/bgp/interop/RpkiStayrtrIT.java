/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.interop.DaemonConfig.Neighbor;
import net.junction.bgp.interop.DaemonConfig.StaticRoute;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.rpki.RpkiConfig;
import net.junction.bgp.rpki.RpkiValidator;
import net.junction.bgp.rpki.ValidationState;
import net.junction.bgp.speaker.BgpControl;
import net.junction.bgp.speaker.BgpSpeaker;
import net.junction.bgp.speaker.NeighborStatus;
import net.junction.bgp.wire.attribute.PathAttribute;
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
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RPKI origin validation against the real thing: stayrtr (Debian's) serves a ROA JSON file this test writes, on
 * loopback; our speaker (this JVM, root namespace, 198.18.248.1/30 on a veth {@code rpkv<pid>}) takes the VRPs
 * over RTR and peers with BIRD 2 in a namespace (198.18.248.2), which announces three routes: one valid, one
 * invalid (a VRP of another AS), one not-found. The import policy rejects invalid (the documented default).
 * Then the test rewrites the file so the valid route becomes invalid and the invalid one valid; stayrtr reads it
 * at its next refresh (1 s), notifies, and the speaker re-evaluates from what BIRD sent: no session reset (our
 * session's flaps and transitions, and BIRD's "since" time, stay). Needs root, bird2 and stayrtr.
 */
@Timeout(120)
@ExtendWith(DaemonLogsOnFailure.class)
class RpkiStayrtrIT
{
    static final long JUNCTION_AS = 4_200_000_001L;
    static final long BIRD_AS = 4_200_000_021L;
    static final long OTHER_AS = 65_999L;
    static final Duration T = Duration.ofSeconds(30);
    static final String OURS = "198.18.248.1";
    static final String BIRDS = "198.18.248.2";
    static final String FIRST = "198.18.249.0/24";
    static final String SECOND = "198.18.250.0/24";
    static final String UNCOVERED = "198.18.248.64/26";
    static final String STAYRTR = "/usr/bin/stayrtr";

    @TempDir
    Path temp;

    @BeforeAll
    static void need()
    {
        Interop.assumeCanRun(BirdPeer.BIRD, BirdPeer.BIRDC, STAYRTR);
    }

    static BgpConfig config(final int rtrPort)
    {
        final PeerConfig bird = BirdPeer.junctionsNeighbor(BIRDS, BIRD_AS, OURS)
            .importPolicy(Optional.of("in"))
            .exportPolicy(Optional.of("out"))
            .build();
        final Policy in = new Policy("in", List.of(new Policy.Term("rpki-invalid", new Policy.Match(Optional.empty(),
            List.of(), Optional.empty(), List.of(), List.of(), List.of(), List.of(ValidationState.INVALID)), List.of(),
            Policy.Disposition.REJECT)), Policy.Disposition.ACCEPT);
        final Policy out = new Policy("out", List.of(), Policy.Disposition.REJECT);
        final RpkiConfig rpki = new RpkiConfig(List.of(new RpkiConfig.Cache(IpAddress.parse("127.0.0.1"), rtrPort, 0,
            OptionalInt.empty(), OptionalInt.of(1), OptionalInt.empty())));
        return new BgpConfig((int)JUNCTION_AS, Ip4.parse(OURS), Optional.empty(), 0, 1, List.of(bird),
            Map.of("in", in, "out", out), List.of(), rpki);
    }

    /** The ROA file stayrtr serves: FIRST and SECOND each for {@code firstAs} and {@code secondAs}. */
    void writeRoas(final Path file, final long firstAs, final long secondAs) throws IOException
    {
        final String json = """
            {"metadata": {"generated": 1765000000}, "roas": [
             {"prefix": "%s", "maxLength": 24, "asn": %d, "ta": "test"},
             {"prefix": "%s", "maxLength": 24, "asn": "AS%d", "ta": "test"},
             {"prefix": "2001:db8:248::/48", "maxLength": 64, "asn": %d, "ta": "test"}]}
            """.formatted(FIRST, firstAs, SECOND, secondAs, BIRD_AS);
        final Path next = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(next, json);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            return s.getLocalPort();
        }
    }

    static ValidationState state(final BgpSpeaker speaker, final String prefix)
    {
        return speaker.rpkiState(IpPrefix.parse(prefix), PathAttribute.AsPath.sequence((int)BIRD_AS)).orElseThrow();
    }

    @Test
    void shouldValidateBirdsRoutesWithStayrtrAndFollowItsChanges() throws Exception
    {
        try (Netns ns = Netns.create("rpki"); Netns.RootVeth veth = Netns.rootVeth("rpkv", ns, "v1r", OURS, BIRDS, 30))
        {
            run(ns);
        }
    }

    private void run(final Netns ns) throws Exception
    {
        final Path roas = temp.resolve("roas.json");
        writeRoas(roas, BIRD_AS, OTHER_AS); // FIRST valid, SECOND invalid, UNCOVERED not-found
        final int rtrPort = freePort();
        final Path stayrtrLog = temp.resolve("stayrtr.log");
        final Process stayrtr = new ProcessBuilder(STAYRTR, "-bind", "127.0.0.1:" + rtrPort, "-cache", roas.toString(),
            "-refresh", "1", "-checktime=false", "-metrics.addr", "127.0.0.1:0", "-rtr.refresh", "60", "-rtr.retry", "5",
            "-rtr.expire", "600").redirectErrorStream(true).redirectOutput(stayrtrLog.toFile()).start();
        final DaemonConfig birdConfig = DaemonConfig.builder(BIRDS, BIRD_AS)
            .neighbor(Neighbor.of(OURS, JUNCTION_AS))
            .route(StaticRoute.of(FIRST))
            .route(StaticRoute.of(SECOND))
            .route(StaticRoute.of(UNCOVERED))
            .build();
        final Rib rib = new Rib(new ReferenceFib(1024));
        rib.addInterfaceAddress(1, InterfaceAddress.parse(OURS + "/30"));
        final List<String> transitions = Collections.synchronizedList(new ArrayList<>());
        try (BirdPeer bird = new BirdPeer(ns, birdConfig); BgpSpeaker speaker = new BgpSpeaker(config(rtrPort), rib))
        {
            speaker.addStateListener((neighbor, from, to, reason) -> transitions.add(from + "->" + to + ": " + reason));
            bird.start();
            speaker.start();
            bird.waitEstablished(OURS, T);
            PeerDaemon.waitFor(() -> "established".equals(status(speaker).state()), T, "our session up");

            // The VRPs came over RTR from stayrtr.
            PeerDaemon.waitFor(() -> speaker.rpki().vrps4() == 2 && speaker.rpki().vrps6() == 1, T,
                "stayrtr's VRPs (" + speaker.rpki() + ", stayrtr: " + Files.readString(stayrtrLog) + ")");
            final RpkiValidator.CacheStatus cache = speaker.rpki().caches().getFirst();
            assertEquals("synced", cache.state());
            assertEquals(1, cache.version(), "RTR version 1 (RFC 8210)");
            assertEquals(60, cache.refreshSeconds(), "the interval stayrtr sent in End of Data");

            // valid and not-found are accepted, invalid is rejected by the policy.
            PeerDaemon.waitFor(() -> speaker.best(IpPrefix.parse(UNCOVERED)).isPresent() &&
                speaker.best(IpPrefix.parse(FIRST)).isPresent(), T, "BIRD's valid and not-found routes here");
            assertTrue(speaker.best(IpPrefix.parse(SECOND)).isEmpty(), "the invalid route is rejected");
            assertEquals(ValidationState.VALID, state(speaker, FIRST));
            assertEquals(ValidationState.INVALID, state(speaker, SECOND));
            assertEquals(ValidationState.NOT_FOUND, state(speaker, UNCOVERED));
            assertEquals(3L, status(speaker).prefixesReceived().get("ipv4-unicast"));
            assertEquals(2L, status(speaker).prefixesAccepted().get("ipv4-unicast"));
            assertEquals(List.of(UNCOVERED, FIRST), speaker.neighborTable("bird", BgpControl.Table.ACCEPTED,
                Optional.empty(), Optional.empty(), 10).stream().map(e -> e.prefix().toString()).sorted().toList());
            final String since = BirdLiveReconfigIT.since(bird);
            final long updates = status(speaker).updatesReceived();
            transitions.clear();

            // The ROAs change: FIRST now belongs to another AS, SECOND to BIRD's. stayrtr re-reads the file and
            // notifies; the speaker re-evaluates what BIRD sent, nothing asked of BIRD, no session touched.
            writeRoas(roas, OTHER_AS, BIRD_AS);
            PeerDaemon.waitFor(() -> speaker.best(IpPrefix.parse(SECOND)).isPresent() &&
                speaker.best(IpPrefix.parse(FIRST)).isEmpty(), T, "the routes re-evaluated (" + speaker.rpki() + ")");
            assertEquals(ValidationState.INVALID, state(speaker, FIRST));
            assertEquals(ValidationState.VALID, state(speaker, SECOND));
            assertTrue(speaker.best(IpPrefix.parse(UNCOVERED)).isPresent());
            PeerDaemon.waitFor(() -> speaker.rpki().caches().getFirst().serialUpdates() >= 1, T,
                "a Serial Query brought the change (the status follows the table)");
            BirdLiveReconfigIT.assertSameSession(since, BirdLiveReconfigIT.since(bird));
            assertEquals(List.of(), transitions, "our session never changed state");
            assertEquals(0, status(speaker).flaps());
            assertEquals(updates, status(speaker).updatesReceived(), "nothing asked of BIRD");

            // stayrtr goes away: the data is kept until it expires (600 s), the routes keep their states.
            stayrtr.destroy();
            stayrtr.waitFor();
            PeerDaemon.waitFor(() -> !"synced".equals(speaker.rpki().caches().getFirst().state()), T, "the RTR session down");
            assertEquals(ValidationState.VALID, state(speaker, SECOND));
            assertEquals(2, speaker.rpki().vrps4());

            // The cache removed by a reconfiguration: no data, every route not-found, the invalid one back.
            final BgpConfig without = new BgpConfig(speaker.config().localAs(), speaker.config().routerId(),
                speaker.config().listenAddress(), 0, 1, speaker.config().neighbors(), speaker.config().policies(),
                List.of(), RpkiConfig.NONE);
            speaker.reconfigure(without);
            PeerDaemon.waitFor(() -> speaker.best(IpPrefix.parse(FIRST)).isPresent(), T, "every route not-found, accepted");
            assertEquals(0, speaker.rpki().vrps4());
            assertEquals(List.of(), transitions, "our session never changed state");
        }
        finally
        {
            stayrtr.destroyForcibly();
        }
    }

    static NeighborStatus status(final BgpSpeaker speaker)
    {
        return speaker.neighbors().getFirst();
    }
}
