/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import net.junction.bgp.config.AddPathConfig;
import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.interop.DaemonConfig.Neighbor;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.rib.RouteExplanation;
import net.junction.bgp.speaker.BgpControl;
import net.junction.bgp.speaker.BgpSpeaker;
import net.junction.bgp.speaker.NeighborStatus;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.attribute.PathAttribute;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ADD-PATH receive (RFC 7911) from BIRD 2: BIRD has three routes for one prefix, each from its own static
 * protocol with its own community, and {@code add paths tx} towards us; our speaker (this JVM, root namespace,
 * 198.18.226.1/30 on a veth {@code bapv<pid>}) advertises receive, holds all three by Path Identifier and
 * decides among them; BIRD withdrawing one (its protocol disabled) removes that path only. Needs root and
 * bird2; skips otherwise.
 */
@Timeout(120)
@ExtendWith(DaemonLogsOnFailure.class)
class BirdAddPathIT
{
    static final long JUNCTION_AS = 4_200_000_001L;
    static final long BIRD_AS = 4_200_000_021L;
    static final Duration T = Duration.ofSeconds(30);
    static final String OURS = "198.18.226.1";
    static final String BIRDS = "198.18.226.2";
    static final String PREFIX = "198.18.227.0/24";

    @BeforeAll
    static void need()
    {
        Interop.assumeCanRun(BirdPeer.BIRD, BirdPeer.BIRDC);
    }

    static BgpConfig config()
    {
        final PeerConfig bird = BirdPeer.junctionsNeighbor(BIRDS, BIRD_AS, OURS)
            .importPolicy(Optional.of("in"))
            .exportPolicy(Optional.of("out"))
            .build()
            .withAddPath(new AddPathConfig(true, Set.of(AfiSafi.IPV4_UNICAST)));
        final Policy all = new Policy("all", List.of(), Policy.Disposition.ACCEPT);
        // Port 0: the speaker connects, it does not listen (nothing of ours binds 179 in the root namespace).
        return new BgpConfig((int)JUNCTION_AS, Ip4.parse(OURS), Optional.empty(), 0, 1, List.of(bird),
            Map.of("in", all, "out", all), List.of());
    }

    /** BIRD's config: its session to us sends every path; three static protocols give three for PREFIX. */
    static String addPaths(final String rendered)
    {
        return addPaths(rendered, PREFIX);
    }

    /**
     * BIRD's config: its session to us sends every path ({@code add paths tx}); three static protocols give three
     * paths for {@code prefix}, told apart by a community (65000, 1..3).
     */
    static String addPaths(final String rendered, final String prefix)
    {
        final String channel = "  ipv4 { import all; export filter jx_export4; };\n";
        if (!rendered.contains(channel))
        {
            throw new IllegalStateException("BirdPeer's IPv4 channel changed: " + rendered);
        }
        final StringBuilder c = new StringBuilder(rendered.replace(channel,
            "  ipv4 { import all; export filter jx_export4; add paths tx; };\n"));
        for (int i = 1; i <= 3; i++)
        {
            c.append("protocol static ap").append(i).append(" {\n  ipv4;\n  route ").append(prefix)
                .append(" blackhole { bgp_community.add((65000,").append(i).append(")); };\n}\n");
        }
        return c.toString();
    }

    static NeighborStatus status(final BgpSpeaker speaker)
    {
        return speaker.neighbors().getFirst();
    }

    /** The community values (65000:N, as N) of each candidate path for PREFIX. */
    static Set<Integer> communities(final RouteExplanation x)
    {
        final Set<Integer> out = new TreeSet<>();
        for (final RouteExplanation.Candidate c : x.candidates())
        {
            final PathAttribute.Communities communities = c.path().attributes().communities();
            for (final int v : communities.values())
            {
                if (v >>> 16 == 65000)
                {
                    out.add(v & 0xFFFF);
                }
            }
        }
        return out;
    }

    @Test
    void shouldHoldEveryPathBirdSendsAndWithdrawOneByItsIdentifier() throws Exception
    {
        try (Netns ns = Netns.create("apbird"); Netns.RootVeth veth = Netns.rootVeth("bapv", ns, "v1b", OURS, BIRDS, 30))
        {
            run(ns);
        }
    }

    private void run(final Netns ns) throws Exception
    {
        final DaemonConfig birdConfig = DaemonConfig.builder(BIRDS, BIRD_AS)
            .neighbor(Neighbor.of(OURS, JUNCTION_AS))
            .build();
        final Rib rib = new Rib(new ReferenceFib(1024));
        rib.addInterfaceAddress(1, InterfaceAddress.parse(OURS + "/30"));
        final IpPrefix prefix = IpPrefix.parse(PREFIX);
        try (BirdPeer bird = new BirdPeer(ns, birdConfig).editConfig(BirdAddPathIT::addPaths);
            BgpSpeaker speaker = new BgpSpeaker(config(), rib))
        {
            bird.start();
            speaker.start();
            bird.waitEstablished(OURS, T);
            PeerDaemon.waitFor(() -> "established".equals(status(speaker).state()), T, "our session up");
            assertEquals(Map.of("ipv4-unicast", new NeighborStatus.AddPath(true, 0)), status(speaker).addPath(),
                "receive negotiated: we said receive, BIRD send");

            PeerDaemon.waitFor(() -> Long.valueOf(3).equals(status(speaker).prefixesAccepted().get("ipv4-unicast")), T,
                "BIRD's three paths of " + PREFIX + " held");
            assertEquals(3L, status(speaker).prefixesReceived().get("ipv4-unicast"));
            final RouteExplanation x = speaker.explain(prefix);
            assertEquals(3, x.candidates().size(), () -> "each path a candidate: " + x);
            assertEquals(Set.of(1, 2, 3), communities(x));
            assertEquals(3, x.candidates().stream().map(RouteExplanation.Candidate::pathId).distinct().count(),
                "three Path Identifiers");
            assertTrue(x.candidates().stream().allMatch(c -> c.pathId() != null));
            assertTrue(speaker.best(prefix).isPresent());
            assertEquals(1, x.candidates().stream().filter(RouteExplanation.Candidate::best).count());
            // The neighbor's table lists every path; a page of one route still holds all three of the prefix.
            assertEquals(3, speaker.neighborTable("bird", BgpControl.Table.ACCEPTED, Optional.empty(), Optional.empty(),
                1).size());
            assertEquals(3, speaker.neighborTable("bird", BgpControl.Table.RECEIVED, Optional.empty(), Optional.empty(),
                10).size());

            // BIRD withdraws one path by its identifier: the two others stay.
            bird.birdc("disable", "ap2");
            PeerDaemon.waitFor(() -> Long.valueOf(2).equals(status(speaker).prefixesAccepted().get("ipv4-unicast")), T,
                "one path withdrawn");
            assertEquals(Set.of(1, 3), communities(speaker.explain(prefix)));
            assertTrue(speaker.best(prefix).isPresent());

            bird.birdc("enable", "ap2");
            PeerDaemon.waitFor(() -> Long.valueOf(3).equals(status(speaker).prefixesAccepted().get("ipv4-unicast")), T,
                "the path back");
            assertEquals(Set.of(1, 2, 3), communities(speaker.explain(prefix)));
        }
    }
}
