/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.interop.DaemonConfig.Family;
import net.junction.bgp.interop.DaemonConfig.Neighbor;
import net.junction.bgp.interop.DaemonConfig.StaticRoute;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.rib.BgpRib;
import net.junction.bgp.speaker.BgpSpeaker;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.Ip4;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.NextHop;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 8950 with BIRD 2 and FRR: one IPv6 session each (no IPv4 address on either link), carrying IPv4 unicast
 * with the Extended Next Hop Encoding capability (BIRD's {@code extended next hop on} in the session's ipv4
 * channel, FRR's {@code neighbor X capability extended-nexthop}). Our speaker runs here, joined to each daemon's
 * namespace by a veth pair (2001:db8:8950:1::/64 to BIRD, 2001:db8:8950:2::/64 to FRR; ours the ::1). Both
 * directions: we learn each daemon's IPv4 prefix with its IPv6 address as next hop, and install it through the
 * IPv6 table (a {@link NextHop.Gateway6} on the link's port); each daemon learns our IPv4 network with our IPv6
 * address as its next hop, as its own table shows ({@code birdc show route all}, {@code vtysh -c 'show bgp ipv4
 * unicast json'}). Needs root, bird2 and frr; skips otherwise.
 */
@Timeout(120)
@ExtendWith(DaemonLogsOnFailure.class)
class ExtendedNextHopIT
{
    static final long JUNCTION_AS = 4_200_000_001L;
    static final long BIRD_AS = 4_200_000_031L;
    static final long FRR_AS = 4_200_000_032L;
    static final Duration T = Duration.ofSeconds(45);
    static final String OURS = "198.18.250.0/24";
    static final String BIRDS = "198.18.251.0/24";
    static final String FRRS = "198.18.252.0/24";

    @BeforeAll
    static void need()
    {
        Interop.assumeCanRun(BirdPeer.BIRD, BirdPeer.BIRDC, FrrPeer.BGPD, FrrPeer.VTYSH);
    }

    /** Our IPv6 address on link i (1: BIRD, 2: FRR), and the daemon's. */
    static String ours(final int i)
    {
        return "2001:db8:8950:" + i + "::1";
    }

    static String theirs(final int i)
    {
        return "2001:db8:8950:" + i + "::2";
    }

    static BgpConfig config()
    {
        final List<String> names = List.of("bird", "frr");
        final long[] as = {BIRD_AS, FRR_AS};
        final List<PeerConfig> peers = new ArrayList<>();
        for (int i = 1; i <= 2; i++)
        {
            peers.add(PeerConfig.builder(names.get(i - 1), IpAddress.parse(theirs(i)), (int)as[i - 1])
                .localAddress(Optional.of(IpAddress.parse(ours(i))))
                .holdTimeSeconds(30)
                .connectRetrySeconds(1)
                .gracefulRestart(false)
                .importPolicy(Optional.of("all"))
                .exportPolicy(Optional.of("all"))
                .build().withExtendedNextHop(true));
        }
        // Port 0: the speaker connects, it does not listen (nothing of ours binds 179 in the root namespace).
        return new BgpConfig((int)JUNCTION_AS, Ip4.parse("198.18.250.1"), Optional.empty(), 0, 1, peers,
            Map.of("all", new Policy("all", List.of(), Policy.Disposition.ACCEPT)), List.of(IpPrefix.parse(OURS)));
    }

    private static DaemonConfig daemon(final int i, final long as, final String route)
    {
        return DaemonConfig.builder("198.18.25" + i + ".1", as)
            .neighbor(Neighbor.of(ours(i), JUNCTION_AS).families(Family.IPV4_UNICAST, Family.IPV6_UNICAST)
                .extendedNextHop(true))
            .route(StaticRoute.of(route))
            .build();
    }

    @Test
    void shouldExchangeIpv4RoutesWithIpv6NextHopsBothWays() throws Exception
    {
        final List<String> veths = new ArrayList<>();
        try (Netns nsBird = Netns.create("enhbird"); Netns nsFrr = Netns.create("enhfrr"))
        {
            final List<Netns> spaces = List.of(nsBird, nsFrr);
            try
            {
                for (int i = 1; i <= 2; i++)
                {
                    final String veth = "benh" + i + "x" + ProcessHandle.current().pid() % 10_000;
                    Netns.run(Duration.ofSeconds(10), "ip", "link", "add", "name", veth, "type", "veth", "peer", "name",
                        "v1e", "netns", spaces.get(i - 1).name()).orThrow("veth");
                    veths.add(veth);
                    Netns.run(Duration.ofSeconds(10), "ip", "-6", "addr", "add", ours(i) + "/64", "dev", veth, "nodad")
                        .orThrow("address");
                    Netns.run(Duration.ofSeconds(10), "ip", "link", "set", veth, "up").orThrow("up");
                    spaces.get(i - 1).addAddress("v1e", theirs(i) + "/64");
                    spaces.get(i - 1).ip("link", "set", "v1e", "up");
                }
                run(nsBird, nsFrr);
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

    private static void run(final Netns nsBird, final Netns nsFrr) throws Exception
    {
        final ReferenceFib fib = new ReferenceFib(1024);
        final Rib rib = new Rib(fib);
        rib.addInterfaceAddress(1, InterfaceAddress.parse(ours(1) + "/64"));
        rib.addInterfaceAddress(2, InterfaceAddress.parse(ours(2) + "/64"));
        try (BirdPeer bird = new BirdPeer(nsBird, daemon(1, BIRD_AS, BIRDS));
            FrrPeer frr = new FrrPeer(nsFrr, daemon(2, FRR_AS, FRRS));
            BgpSpeaker speaker = new BgpSpeaker(config(), rib))
        {
            bird.start();
            frr.start();
            speaker.start();
            bird.waitEstablished(ours(1), T);
            frr.waitEstablished(ours(2), T);

            // The daemons learn our IPv4 network with our IPv6 address as next hop.
            final Route atBird = bird.waitForRoute(OURS, r -> !r.nextHops().isEmpty(), T);
            assertEquals(ours(1), atBird.nextHops().getFirst(), "BIRD: " + atBird);
            assertEquals(List.of(JUNCTION_AS), atBird.asPath());
            final Route atFrr = frr.waitForRoute(OURS, r -> !r.nextHops().isEmpty(), T);
            assertEquals(ours(2), atFrr.nextHops().getFirst(), "FRR: " + atFrr);
            // And pass them on to each other through us, still with our IPv6 address.
            assertEquals(ours(1), bird.waitForRoute(FRRS, r -> !r.nextHops().isEmpty(), T).nextHops().getFirst());
            assertEquals(ours(2), frr.waitForRoute(BIRDS, r -> !r.nextHops().isEmpty(), T).nextHops().getFirst());
            assertTrue(speaker.neighbors().stream().allMatch(n -> n.extendedNextHop()),
                "both sessions show the extended next hop: " + speaker.neighbors());

            // We learn each daemon's IPv4 prefix with its IPv6 address, resolved through the IPv6 table.
            for (int i = 1; i <= 2; i++)
            {
                final IpPrefix prefix = IpPrefix.parse(i == 1 ? BIRDS : FRRS);
                PeerDaemon.waitFor(() -> speaker.best(prefix).isPresent(), T, "our best route to " + prefix);
                final BgpRib.Selected best = speaker.best(prefix).orElseThrow();
                assertEquals(IpAddress.parse(theirs(i)), best.path().nextHop(), best.toString());
                final int port = i;
                final NextHop expected = new NextHop.Gateway6(port, Ip6Address.parse(theirs(i)));
                final String address = prefix.toString().replace(".0/24", ".9");
                PeerDaemon.waitFor(() -> expected.equals(fibLookup(speaker, fib, address)), T,
                    "the FIB forwards " + address + " via the IPv6 neighbor " + theirs(i));
            }
        }
    }

    /** The FIB's next hop for an IPv4 address, read on the speaker's thread (the RIB's and FIB's owner). */
    private static NextHop fibLookup(final BgpSpeaker speaker, final ReferenceFib fib, final String address)
    {
        final CompletableFuture<NextHop> answer = new CompletableFuture<>();
        speaker.execute(() ->
        {
            final int index = fib.lookup4(Ip4.parse(address));
            answer.complete(index == ReferenceFib.NO_ROUTE ? null : fib.nextHop(index));
        });
        try
        {
            return answer.get(5, TimeUnit.SECONDS);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
