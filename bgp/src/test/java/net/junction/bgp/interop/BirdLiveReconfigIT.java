/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.interop.DaemonConfig.Neighbor;
import net.junction.bgp.interop.DaemonConfig.StaticRoute;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.speaker.BgpControl;
import net.junction.bgp.speaker.BgpSpeaker;
import net.junction.bgp.speaker.NeighborStatus;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.Ip4;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live reconfiguration of our speaker against BIRD 2: the speaker runs in this JVM (root namespace, one
 * end of a veth pair named {@code bglv<pid>}, 198.18.237.1/30), BIRD in a namespace at the other end
 * (198.18.237.2). An export policy commit changes what BIRD holds with no NOTIFICATION and no session
 * reset (BIRD's own "since" time of the session stays); an import policy commit is applied over the
 * routes kept as received; a soft reset makes BIRD send its routes again; removing the neighbor reaches
 * BIRD as Cease/Peer De-configured, adding it back brings the session up. Needs root and bird2; skips
 * otherwise.
 */
@Timeout(120)
@ExtendWith(DaemonLogsOnFailure.class)
class BirdLiveReconfigIT
{
    static final long JUNCTION_AS = 4_200_000_001L;
    static final long BIRD_AS = 4_200_000_011L;
    static final Duration T = Duration.ofSeconds(30);
    static final String OURS = "198.18.237.1";
    static final String BIRDS = "198.18.237.2";

    @BeforeAll
    static void need()
    {
        Interop.assumeCanRun(BirdPeer.BIRD, BirdPeer.BIRDC);
    }

    static Policy acceptAll(final String name)
    {
        return new Policy(name, List.of(), Policy.Disposition.ACCEPT);
    }

    static Policy reject(final String name, final String prefix)
    {
        return new Policy(name, List.of(new Policy.Term("no", new Policy.Match(Optional.empty(),
            List.of(Policy.PrefixEntry.exact(IpPrefix.parse(prefix))), Optional.empty(), List.of(), List.of(), List.of()),
            List.of(), Policy.Disposition.REJECT)), Policy.Disposition.ACCEPT);
    }

    static BgpConfig config(final boolean withBird, final Policy in, final Policy out, final List<String> networks)
    {
        final PeerConfig bird = BirdPeer.junctionsNeighbor(BIRDS, BIRD_AS, OURS)
            .importPolicy(Optional.of("in"))
            .exportPolicy(Optional.of("out"))
            .build();
        // Port 0: the speaker connects, it does not listen (nothing of ours binds 179 in the root namespace).
        return new BgpConfig((int)JUNCTION_AS, Ip4.parse(OURS), Optional.empty(), 0, 1,
            withBird ? List.of(bird) : List.of(), Map.of("in", in, "out", out),
            networks.stream().map(IpPrefix::parse).toList());
    }

    /** BIRD's "since" column for its session: changes only when the session goes down or up. */
    static String since(final BirdPeer bird)
    {
        for (final String line : bird.birdc("show", "protocols", "n1").split("\n"))
        {
            final String[] f = line.trim().split("\\s+");
            if (f.length >= 5 && "n1".equals(f[0]))
            {
                return f[3] + " " + f[4];
            }
        }
        throw new AssertionError("no protocol n1 in birdc's answer");
    }

    /**
     * BIRD's session did not go down between the two readings of {@link #since}: the same state, at most 100 ms
     * apart. BIRD prints "since" by converting its monotonic clock to wall time at each {@code show}, so the same
     * instant can read a millisecond apart (seen in CI: up 21:15:37.180, then .181; LiveChangeIT met it too); a
     * reset moves it by the seconds a NOTIFICATION, a new connection and a new OPEN take.
     */
    static void assertSameSession(final String before, final String after)
    {
        final String[] b = before.split(" ");
        final String[] a = after.split(" ");
        assertEquals(b[0], a[0], "BIRD's session state: " + before + " -> " + after);
        final long ms = Math.abs(java.time.Duration.between(java.time.LocalTime.parse(b[1]), java.time.LocalTime.parse(a[1]))
            .toMillis());
        assertTrue(ms <= 100 || ms >= 86_399_900, "BIRD's session never went down: since " + before + ", now " + after);
    }

    static NeighborStatus status(final BgpSpeaker speaker)
    {
        return speaker.neighbors().getFirst();
    }

    @Test
    void shouldApplyPolicyAndNeighborChangesLiveAgainstBird() throws Exception
    {
        try (Netns ns = Netns.create("lbird"); Netns.RootVeth veth = Netns.rootVeth("bglv", ns, "v1b", OURS, BIRDS, 30))
        {
            run(ns);
        }
    }

    private void run(final Netns ns) throws Exception
    {
        final DaemonConfig birdConfig = DaemonConfig.builder(BIRDS, BIRD_AS)
            .neighbor(Neighbor.of(OURS, JUNCTION_AS))
            .route(StaticRoute.of("198.18.238.0/24"))
            .route(StaticRoute.of("198.18.239.0/24"))
            .build();
        final Rib rib = new Rib(new ReferenceFib(1024));
        rib.addInterfaceAddress(1, InterfaceAddress.parse(OURS + "/30"));
        final List<String> transitions = Collections.synchronizedList(new ArrayList<>());
        try (BirdPeer bird = new BirdPeer(ns, birdConfig);
            BgpSpeaker speaker = new BgpSpeaker(config(true, acceptAll("in"), acceptAll("out"), List.of("198.18.236.0/24")),
                rib))
        {
            speaker.addStateListener((neighbor, from, to, reason) -> transitions.add(from + "->" + to + ": " + reason));
            bird.start();
            speaker.start();
            bird.waitEstablished(OURS, T);
            PeerDaemon.waitFor(() -> "established".equals(status(speaker).state()), T, "our session up");
            bird.waitForRoute("198.18.236.0/24", r -> true, T);
            PeerDaemon.waitFor(() -> speaker.best(IpPrefix.parse("198.18.239.0/24")).isPresent(), T, "BIRD's routes here");
            final String since = since(bird);
            transitions.clear();

            // Export policy and networks: BIRD's table changes, its session does not.
            speaker.reconfigure(config(true, acceptAll("in"), reject("out", "198.18.236.0/24"),
                List.of("198.18.236.0/24", "198.18.235.0/24")));
            bird.waitForRoute("198.18.235.0/24", r -> true, T);
            bird.waitForNoRoute("198.18.236.0/24", T);

            // Import policy: applied over what BIRD sent, nothing asked of BIRD.
            speaker.reconfigure(config(true, reject("in", "198.18.239.0/24"), reject("out", "198.18.236.0/24"),
                List.of("198.18.236.0/24", "198.18.235.0/24")));
            assertTrue(speaker.best(IpPrefix.parse("198.18.239.0/24")).isEmpty());
            assertTrue(speaker.best(IpPrefix.parse("198.18.238.0/24")).isPresent());
            assertEquals(List.of("198.18.238.0/24", "198.18.239.0/24"), speaker.neighborTable("bird",
                BgpControl.Table.RECEIVED, Optional.empty(), Optional.empty(), 10).stream()
                .map(e -> e.prefix().toString()).toList());
            assertEquals(2L, status(speaker).prefixesReceived().get("ipv4-unicast"));
            assertEquals(1L, status(speaker).prefixesAccepted().get("ipv4-unicast"));

            // Soft reset: ROUTE-REFRESH, BIRD sends its routes again.
            final long received = status(speaker).updatesReceived();
            speaker.resetNeighbor("bird", false);
            PeerDaemon.waitFor(() -> status(speaker).updatesReceived() > received, T, "BIRD's routes again");

            assertSameSession(since, since(bird));
            assertEquals(List.of(), transitions, "our session never changed state");
            assertEquals(0, status(speaker).flaps());

            // Neighbor removed: Cease/Peer De-configured at BIRD; added back: up again.
            speaker.reconfigure(config(false, acceptAll("in"), acceptAll("out"), List.of()));
            PeerDaemon.waitFor(() -> bird.birdc("show", "protocols", "all", "n1").toLowerCase(Locale.ROOT)
                .contains("de-configured"), T, "BIRD told Peer De-configured");
            assertFalse(bird.established(OURS));
            assertTrue(speaker.best(IpPrefix.parse("198.18.238.0/24")).isEmpty(), "BIRD's routes withdrawn");
            speaker.reconfigure(config(true, acceptAll("in"), acceptAll("out"), List.of()));
            bird.waitEstablished(OURS, T);
            PeerDaemon.waitFor(() -> speaker.best(IpPrefix.parse("198.18.239.0/24")).isPresent(), T, "BIRD's routes back");
        }
    }
}
