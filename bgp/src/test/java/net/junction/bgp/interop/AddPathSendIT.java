/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import net.junction.bgp.config.AddPathConfig;
import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.interop.DaemonConfig.Neighbor;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.speaker.BgpControl;
import net.junction.bgp.speaker.BgpSpeaker;
import net.junction.bgp.speaker.NeighborStatus;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ADD-PATH send (RFC 7911) to BIRD 2 and GoBGP. Our speaker (this JVM, root namespace) has five paths for one
 * prefix: its own network, three from an upstream BIRD that sends them with {@code add paths tx} (protocol
 * {@code n1}, each from its own static protocol with community 65000:1..3), and that BIRD's best once more over a
 * second session ({@code n2}, over a second link, tagged 65000:20). It sends every path, each under its own
 * Path Identifier, to a BIRD with {@code add paths rx} ({@code birdc show route all} lists the five) and to
 * {@code gobgpd} with add-paths receive in its afi-safi ({@code gobgp global rib} and {@code neighbor X adj-in}
 * list the five). The upstream withdrawing one path (its static protocol disabled) removes that one path at both;
 * the count lowered live to 2 for GoBGP leaves it two, without a session reset. Needs root, bird2 and gobgpd;
 * skips otherwise.
 * <pre>
 *   jap-up: BIRD 198.18.244.2 (n1) --/30-- 198.18.244.1   our speaker   198.18.244.9 --/30-- .10 jap-rx: BIRD
 *                .18 (n2) ------/30-- 198.18.244.17                 198.18.244.13 --/30-- .14 jap-gb: GoBGP
 * </pre>
 */
@Timeout(180)
@ExtendWith(DaemonLogsOnFailure.class)
class AddPathSendIT
{
    static final String NS_PREFIX = "jap-";
    static final long JUNCTION_AS = 4_200_000_001L;
    static final long UP_AS = 4_200_000_031L;
    static final long RX_AS = 4_200_000_032L;
    static final long GB_AS = 4_200_000_033L;
    static final Duration T = Duration.ofSeconds(30);
    static final String OURS_UP = "198.18.244.1";
    static final String UP1 = "198.18.244.2";
    static final String OURS_UP2 = "198.18.244.17";
    static final String UP2 = "198.18.244.18";
    static final String OURS_RX = "198.18.244.9";
    static final String RX = "198.18.244.10";
    static final String OURS_GB = "198.18.244.13";
    static final String GB = "198.18.244.14";
    static final String PREFIX = "198.18.245.0/24";

    @BeforeAll
    static void need()
    {
        Interop.assumeCanRun(BirdPeer.BIRD, BirdPeer.BIRDC, GobgpPeer.GOBGPD, GobgpPeer.GOBGP);
        Netns.sweep(NS_PREFIX);
    }

    static PeerConfig neighbor(final String name, final String address, final String ours, final long as,
        final AddPathConfig addPath)
    {
        return PeerConfig.builder(name, IpAddress.parse(address), (int)as)
            .localAddress(Optional.of(IpAddress.parse(ours)))
            .holdTimeSeconds(30)
            .connectRetrySeconds(1)
            .families(Set.of(AfiSafi.IPV4_UNICAST))
            .gracefulRestart(false)
            .restartTimeSeconds(30)
            .importPolicy(Optional.of("all"))
            .exportPolicy(Optional.of("all"))
            .addPath(addPath)
            .build();
    }

    static BgpConfig config(final int gobgpPaths)
    {
        final Set<AfiSafi> v4 = Set.of(AfiSafi.IPV4_UNICAST);
        final Policy all = new Policy("all", List.of(), Policy.Disposition.ACCEPT);
        // Port 0: the speaker connects, it does not listen (nothing of ours binds 179 in the root namespace).
        return new BgpConfig((int)JUNCTION_AS, Ip4.parse(OURS_UP), Optional.empty(), 0, 1, List.of(
            neighbor("up1", UP1, OURS_UP, UP_AS, new AddPathConfig(true, v4)),
            neighbor("up2", UP2, OURS_UP2, UP_AS, AddPathConfig.NONE),
            neighbor("rx", RX, OURS_RX, RX_AS, new AddPathConfig(false, AddPathConfig.SEND_ALL, v4)),
            neighbor("gb", GB, OURS_GB, GB_AS, new AddPathConfig(false, gobgpPaths, v4))),
            Map.of("all", all), List.of(IpPrefix.parse(PREFIX)));
    }

    /** The upstream BIRD: n1 sends every path of PREFIX (three statics), n2 its best, tagged 65000:20. */
    static String upstream(final String rendered)
    {
        final String channel = "  ipv4 { import all; export filter jx_export4; };\n";
        final int first = rendered.indexOf(channel);
        final int second = rendered.indexOf(channel, first + 1);
        if (first < 0 || second < 0)
        {
            throw new IllegalStateException("BirdPeer's IPv4 channel changed: " + rendered);
        }
        // A filter is defined before the protocol that names it.
        final StringBuilder c = new StringBuilder("filter jx_up2 {\n  bgp_community.add((65000,20));\n  accept;\n}\n")
            .append(rendered, 0, first)
            .append("  ipv4 { import all; export filter jx_export4; add paths tx; };\n")
            .append(rendered, first + channel.length(), second)
            .append("  ipv4 { import all; export filter jx_up2; };\n")
            .append(rendered.substring(second + channel.length()));
        for (int i = 1; i <= 3; i++)
        {
            c.append("protocol static ap").append(i).append(" {\n  ipv4;\n  route ").append(PREFIX)
                .append(" blackhole { bgp_community.add((65000,").append(i).append(")); };\n}\n");
        }
        return c.toString();
    }

    /** The receiving BIRD: keeps every path we send. */
    static String receiver(final String rendered)
    {
        final String channel = "  ipv4 { import all; export filter jx_export4; };\n";
        if (!rendered.contains(channel))
        {
            throw new IllegalStateException("BirdPeer's IPv4 channel changed: " + rendered);
        }
        return rendered.replace(channel, "  ipv4 { import all; export filter jx_export4; add paths rx; };\n");
    }

    /** GoBGP: add-paths receive for IPv4 unicast. */
    static String gobgpReceiver(final String rendered)
    {
        final String family = "      afi-safi-name = \"ipv4-unicast\"\n";
        if (!rendered.contains(family))
        {
            throw new IllegalStateException("GobgpPeer's afi-safi changed: " + rendered);
        }
        return rendered.replace(family, family + "    [neighbors.afi-safis.add-paths.config]\n      receive = true\n");
    }

    /**
     * One label per path of PREFIX as a peer holds it: {@code local} for our network (AS path ours alone),
     * {@code up2} for the second session's, {@code up1:N} for the first session's path with community 65000:N.
     */
    static List<String> labels(final List<Route> routes)
    {
        final List<String> out = new ArrayList<>();
        for (final Route r : routes)
        {
            if (r.asPath().equals(List.of(JUNCTION_AS)))
            {
                out.add("local");
            }
            else if (r.communities().contains("65000:20"))
            {
                out.add("up2");
            }
            else
            {
                r.communities().stream().filter(c -> c.startsWith("65000:")).forEach(c -> out.add("up1:" + c.substring(6)));
            }
        }
        out.sort(null);
        return out;
    }

    static final List<String> ALL = List.of("local", "up1:1", "up1:2", "up1:3", "up2");
    static final List<String> AFTER_WITHDRAWAL = List.of("local", "up1:1", "up1:3", "up2");

    static NeighborStatus status(final BgpSpeaker speaker, final String name)
    {
        return speaker.neighbors().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldSendBirdAndGobgpEveryPathUnderItsOwnIdentifierAndWithdrawOneAlone() throws Exception
    {
        try (Netns up = Netns.create(NS_PREFIX, "up"); Netns rx = Netns.create(NS_PREFIX, "rx");
            Netns gb = Netns.create(NS_PREFIX, "gb");
            Netns.RootVeth upLink = Netns.rootVeth("japu", up, "v1b", OURS_UP, UP1, 30);
            Netns.RootVeth up2Link = Netns.rootVeth("japv", up, "v2b", OURS_UP2, UP2, 30);
            Netns.RootVeth rxLink = Netns.rootVeth("japr", rx, "v1b", OURS_RX, RX, 30);
            Netns.RootVeth gbLink = Netns.rootVeth("japg", gb, "v1b", OURS_GB, GB, 30))
        {
            run(up, rx, gb);
        }
    }

    private void run(final Netns upNs, final Netns rxNs, final Netns gbNs) throws Exception
    {
        final DaemonConfig upConfig = DaemonConfig.builder(UP1, UP_AS)
            .neighbor(Neighbor.of(OURS_UP, JUNCTION_AS).localAddress(UP1))
            .neighbor(Neighbor.of(OURS_UP2, JUNCTION_AS).localAddress(UP2))
            .build();
        final DaemonConfig rxConfig = DaemonConfig.builder(RX, RX_AS).neighbor(Neighbor.of(OURS_RX, JUNCTION_AS)).build();
        final DaemonConfig gbConfig = DaemonConfig.builder(GB, GB_AS).neighbor(Neighbor.of(OURS_GB, JUNCTION_AS)).build();
        final Rib rib = new Rib(new ReferenceFib(1024));
        rib.addInterfaceAddress(1, InterfaceAddress.parse(OURS_UP + "/30"));
        rib.addInterfaceAddress(4, InterfaceAddress.parse(OURS_UP2 + "/30"));
        rib.addInterfaceAddress(2, InterfaceAddress.parse(OURS_RX + "/30"));
        rib.addInterfaceAddress(3, InterfaceAddress.parse(OURS_GB + "/30"));
        try (BirdPeer upstream = new BirdPeer(upNs, upConfig).editConfig(AddPathSendIT::upstream);
            BirdPeer bird = new BirdPeer(rxNs, rxConfig).editConfig(AddPathSendIT::receiver);
            GobgpPeer gobgp = new GobgpPeer(gbNs, gbConfig).editConfig(AddPathSendIT::gobgpReceiver);
            BgpSpeaker speaker = new BgpSpeaker(config(AddPathConfig.SEND_ALL), rib))
        {
            upstream.start();
            bird.start();
            gobgp.start();
            speaker.start();
            for (final String name : List.of("up1", "up2", "rx", "gb"))
            {
                PeerDaemon.waitFor(() -> "established".equals(status(speaker, name).state()), T, name + " up");
            }
            assertEquals(Map.of("ipv4-unicast", new NeighborStatus.AddPath(false, NeighborStatus.AddPath.SEND_ALL)),
                status(speaker, "rx").addPath(), "send negotiated: we said send, BIRD receive");
            assertEquals(Map.of("ipv4-unicast", new NeighborStatus.AddPath(true, 0)), status(speaker, "up1").addPath());
            assertEquals(Map.of(), status(speaker, "up2").addPath());

            PeerDaemon.waitFor(() -> speaker.explain(IpPrefix.parse(PREFIX)).candidates().size() == 5, T,
                "our five candidates for " + PREFIX);

            // BIRD holds the five paths we send, each a route of its own in `show route all`.
            PeerDaemon.waitFor(() -> labels(bird.routes(PREFIX)), ALL::equals, T, "BIRD: every path");
            assertEquals(1, bird.routes(PREFIX).stream().filter(Route::best).count(), "BIRD chose one of them");
            final String shown = bird.birdc("show", "route", "all", "for", PREFIX);
            assertEquals(5, shown.split("\\[n1 ", -1).length - 1, () -> "five routes from us:\n" + shown);
            // GoBGP too: its Loc-RIB and its Adj-RIB-In from us.
            PeerDaemon.waitFor(() -> labels(gobgp.routes(PREFIX)), ALL::equals, T, "GoBGP: every path");
            assertEquals(ALL, labels(gobgpAdjIn(gobgp)));
            final Map<String, Long> ids = gobgpPathIds(gobgp);
            assertEquals(ALL, List.copyOf(ids.keySet()), ids::toString);
            assertEquals(5, Set.copyOf(ids.values()).size(), () -> "a Path Identifier each: " + ids);
            // Ours: the Adj-RIB-Out lists and counts every path sent.
            assertEquals(5, speaker.neighborTable("rx", BgpControl.Table.ADVERTISED, Optional.empty(), Optional.empty(),
                10).size());
            // The advertised view lists the identifiers GoBGP got, and where each path came from.
            final List<BgpControl.TableEntry> toGobgp = speaker.neighborTable("gb", BgpControl.Table.ADVERTISED,
                Optional.empty(), Optional.empty(), 10);
            assertEquals(Set.copyOf(ids.values()), toGobgp.stream().map(e -> e.pathId().orElseThrow())
                .collect(java.util.stream.Collectors.toSet()));
            assertEquals(Set.of("local", "up1", "up2"), toGobgp.stream().map(e -> e.bestFrom().orElseThrow())
                .collect(java.util.stream.Collectors.toSet()));
            assertEquals(5L, status(speaker, "rx").prefixesAdvertised().get("ipv4-unicast"));
            // up2 gets the paths it did not send us, one per prefix without identifiers.
            PeerDaemon.waitFor(() -> Long.valueOf(1).equals(status(speaker, "up2").prefixesAdvertised().get("ipv4-unicast")),
                T, "one path to up2");

            // The upstream withdraws one path (ap2): it goes at both peers, and only it.
            upstream.birdc("disable", "ap2");
            PeerDaemon.waitFor(() -> labels(bird.routes(PREFIX)), AFTER_WITHDRAWAL::equals, T, "BIRD: one path less");
            PeerDaemon.waitFor(() -> labels(gobgp.routes(PREFIX)), AFTER_WITHDRAWAL::equals, T, "GoBGP: one path less");
            assertEquals(AFTER_WITHDRAWAL, labels(gobgpAdjIn(gobgp)));
            final Map<String, Long> kept = new java.util.TreeMap<>(ids);
            kept.remove("up1:2");
            assertEquals(kept, gobgpPathIds(gobgp), "the other paths keep their identifiers");

            // Two paths for GoBGP from now on, applied live: the best (our network) and the next.
            final long flaps = status(speaker, "gb").flaps();
            speaker.reconfigure(config(2));
            PeerDaemon.waitFor(() -> gobgp.routes(PREFIX).size(), n -> n == 2, T, "GoBGP: two paths");
            assertTrue(labels(gobgp.routes(PREFIX)).contains("local"), () -> labels(gobgp.routes(PREFIX)).toString());
            assertEquals(flaps, status(speaker, "gb").flaps(), "no session reset");
            assertEquals(AFTER_WITHDRAWAL, labels(bird.routes(PREFIX)), "BIRD's count did not change");

            upstream.birdc("enable", "ap2");
            PeerDaemon.waitFor(() -> labels(bird.routes(PREFIX)), ALL::equals, T, "BIRD: the path back");
            assertEquals(2, new TreeSet<>(labels(gobgp.routes(PREFIX))).size());
        }
    }

    /**
     * The Path Identifier of each path of PREFIX in {@code gobgp neighbor OURS adj-in} (its text form has an ID
     * column; its JSON has none), by {@link #labels} label.
     * <pre>
     *    ID  Network              Next Hop             AS_PATH               Age        Attrs
     *    2   198.18.245.0/24      198.18.244.13        4200000001 4200000031 00:00:00   [{Origin: i} {Communities: 65000:1}]
     * </pre>
     */
    static Map<String, Long> gobgpPathIds(final GobgpPeer gobgp)
    {
        final Map<String, Long> ids = new java.util.TreeMap<>();
        for (final String line : gobgp.gobgp("neighbor", OURS_GB, "adj-in", "-a", "ipv4").split("\n"))
        {
            final String[] f = line.strip().split("\\s+");
            if (f.length < 5 || !f[0].matches("\\d+") || !f[1].equals(PREFIX))
            {
                continue;
            }
            final String label;
            if (!f[4].matches("\\d+"))
            {
                label = "local"; // the AS path is ours alone: the age follows it
            }
            else if (line.contains("65000:20"))
            {
                label = "up2";
            }
            else
            {
                final java.util.regex.Matcher m = java.util.regex.Pattern.compile("65000:(\\d+)").matcher(line);
                label = m.find() ? "up1:" + m.group(1) : "unknown";
            }
            ids.put(label, Long.parseLong(f[0]));
        }
        return ids;
    }

    /** {@code gobgp neighbor OURS adj-in}: the paths GoBGP received from us, before its import policy. */
    static List<Route> gobgpAdjIn(final GobgpPeer gobgp)
    {
        return GobgpPeer.parseRib(gobgp.gobgp("-j", "neighbor", OURS_GB, "adj-in", "-a", "ipv4")).stream()
            .filter(r -> r.prefix().equals(PREFIX)).toList();
    }
}
