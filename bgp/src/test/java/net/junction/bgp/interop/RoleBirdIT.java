/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.BgpRole;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.interop.DaemonConfig.Neighbor;
import net.junction.bgp.interop.DaemonConfig.StaticRoute;
import net.junction.bgp.speaker.BgpSpeaker;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.Ip4;
import net.junction.routing.IpPrefix;
import net.junction.routing.fib.ReferenceFib;
import net.junction.routing.rib.Rib;

/**
 * BGP roles and Only-to-Customer (RFC 9234) against BIRD 2 ({@code local role}): our speaker in this JVM (root
 * namespace, veth {@code bgro<pid>}, 198.18.228.1/30), BIRD in a namespace (198.18.228.2). Junction as BIRD's
 * customer: the session comes up, BIRD's route arrives with OTC = BIRD's AS added by Junction. Junction as BIRD's
 * provider: Junction's route reaches BIRD with OTC = Junction's AS (BIRD shows it). Junction as BIRD's peer while BIRD
 * says provider: OPEN Message Error/Role Mismatch, no session. Needs root and bird2; skips otherwise.
 */
@Timeout(120)
@ExtendWith(DaemonLogsOnFailure.class)
class RoleBirdIT
{
    static final long JUNCTION_AS = 4_200_000_001L;
    static final long BIRD_AS = 4_200_000_031L;
    static final Duration T = Duration.ofSeconds(30);
    static final String OURS = "198.18.228.1";
    static final String BIRDS = "198.18.228.2";
    static final String BIRD_NET = "198.18.229.0/24";
    static final String OUR_NET = "198.18.230.0/24";

    @BeforeAll
    static void need()
    {
        Interop.assumeCanRun(BirdPeer.BIRD, BirdPeer.BIRDC);
    }

    static BgpConfig config(final BgpRole role)
    {
        final PeerConfig bird = BirdPeer.junctionsNeighbor(BIRDS, BIRD_AS, OURS)
            .importPolicy(Optional.of("all"))
            .exportPolicy(Optional.of("all"))
            .role(Optional.of(role))
            .strictRole(true)
            .build();
        return new BgpConfig((int)JUNCTION_AS, Ip4.parse(OURS), Optional.empty(), 0, 1, List.of(bird),
            Map.of("all", BirdLiveReconfigIT.acceptAll("all")), List.of(IpPrefix.parse(OUR_NET)));
    }

    /** BIRD's config with {@code local role ROLE} in its one BGP protocol. */
    static java.util.function.UnaryOperator<String> birdRole(final String role)
    {
        return conf -> conf.replace("  hold time", "  local role " + role + ";\n  hold time");
    }

    @Test
    void shouldNegotiateRolesAndCarryOnlyToCustomerWithBird() throws Exception
    {
        try (Netns ns = Netns.create("rolebird"); Netns.RootVeth veth = Netns.rootVeth("bgro", ns, "v1b", OURS, BIRDS, 30))
        {
            run(ns);
        }
    }

    private void run(final Netns ns) throws Exception
    {
        final DaemonConfig birdConfig = DaemonConfig.builder(BIRDS, BIRD_AS)
            .neighbor(Neighbor.of(OURS, JUNCTION_AS))
            .route(StaticRoute.of(BIRD_NET))
            .build();
        final Rib rib = new Rib(new ReferenceFib(1024));
        rib.addInterfaceAddress(1, InterfaceAddress.parse(OURS + "/30"));
        try (BirdPeer bird = new BirdPeer(ns, birdConfig).editConfig(birdRole("provider"));
            BgpSpeaker speaker = new BgpSpeaker(config(BgpRole.CUSTOMER), rib))
        {
            bird.start();
            speaker.start();
            // We buy transit from BIRD: its route comes down to us and gets OTC = BIRD's AS (RFC 9234 §5 ingress).
            bird.waitEstablished(OURS, T);
            PeerDaemon.waitFor(() -> speaker.best(IpPrefix.parse(BIRD_NET)).isPresent(), T, "BIRD's route here");
            final PathAttribute.Unknown otc = (PathAttribute.Unknown)speaker.best(IpPrefix.parse(BIRD_NET)).orElseThrow().path()
                .attributes().get(PathAttribute.ONLY_TO_CUSTOMER);
            assertEquals(BIRD_AS, java.nio.ByteBuffer.wrap(otc.value()).getInt() & 0xFFFF_FFFFL, "OTC = the provider's AS");
            assertEquals("customer", BirdLiveReconfigIT.status(speaker).role());
            assertEquals("provider", BirdLiveReconfigIT.status(speaker).peerRole(), "the role BIRD announced");
            // Our own route goes up to our provider without OTC; BIRD (provider) accepts it.
            bird.waitForRoute(OUR_NET, r -> true, T);
            assertFalse(routeAll(bird, OUR_NET).contains("otc"), routeAll(bird, OUR_NET));

            // We are BIRD's peer, BIRD says it is our provider: Role Mismatch, no session.
            speaker.reconfigure(config(BgpRole.PEER));
            PeerDaemon.waitFor(() -> BirdLiveReconfigIT.status(speaker).lastError().toLowerCase(Locale.ROOT)
                .contains("role mismatch"), T, "our Role Mismatch");
            assertFalse("established".equals(BirdLiveReconfigIT.status(speaker).state()));
            PeerDaemon.waitFor(() -> bird.birdc("show", "protocols", "all", "n1").toLowerCase(Locale.ROOT)
                .contains("role mismatch"), T, "BIRD told Role Mismatch");

            // We are BIRD's provider, BIRD our customer: our route reaches it with OTC = our AS (RFC 9234 §5 egress).
            bird.editConfig(birdRole("customer"));
            bird.announce(StaticRoute.of(BIRD_NET));
            speaker.reconfigure(config(BgpRole.PROVIDER));
            bird.waitEstablished(OURS, T);
            PeerDaemon.waitFor(() -> routeAll(bird, OUR_NET).contains("otc"), T, "OTC on our route at BIRD");
            assertTrue(routeAll(bird, OUR_NET).contains(Long.toString(JUNCTION_AS)), routeAll(bird, OUR_NET));
            PeerDaemon.waitFor(() -> speaker.best(IpPrefix.parse(BIRD_NET)).isPresent(), T, "our customer's route");
            assertEquals(null, speaker.best(IpPrefix.parse(BIRD_NET)).orElseThrow().path().attributes()
                .get(PathAttribute.ONLY_TO_CUSTOMER), "a customer's route gets no OTC");
        }
    }

    static String routeAll(final BirdPeer bird, final String prefix)
    {
        return bird.birdc("show", "route", "all", "for", prefix).toLowerCase(Locale.ROOT);
    }
}
