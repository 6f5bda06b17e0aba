/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.rib;

import net.junction.routing.Ip4;
import net.junction.routing.Ip6Address;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.NextHop;
import net.junction.routing.fib.FibUpdates;
import net.junction.routing.fib.RecordingFibUpdates;
import net.junction.routing.fib.ReferenceFib;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RibTest
{
    private static final int PORT_1 = 1;
    private static final int PORT_2 = 2;
    private static final int PORT_3 = 3;

    private final RecordingFibUpdates recorded = new RecordingFibUpdates();
    private final ReferenceFib fib = new ReferenceFib(1024);
    private final Rib rib = new Rib(new Tee(recorded, fib));

    @Test
    void shouldInstallLocalAndConnectedRoutesForAnInterfaceAddress()
    {
        assertTrue(rib.addInterfaceAddress(PORT_1, InterfaceAddress.parse("198.18.1.1/24")));

        assertEquals(List.of(
            "nextHopSet 0 direct port 1",
            "routeSet 198.18.1.0/24 0",
            "nextHopSet 1 local",
            "routeSet 198.18.1.1/32 1",
            "commit"), recorded.drain());
        assertEquals(new NextHop.Direct(PORT_1), forward("198.18.1.7"));
        assertSame(NextHop.LOCAL, forward("198.18.1.1"));
        assertEquals(RouteSource.CONNECTED, rib.installedSource(prefix("198.18.1.0/24")));
        assertEquals(RouteSource.LOCAL, rib.installedSource(prefix("198.18.1.1/32")));
    }

    @Test
    void shouldKeepAConnectedNetworkWhileAnyAddressOnThePortUsesIt()
    {
        rib.addInterfaceAddress(PORT_1, InterfaceAddress.parse("198.18.1.1/24"));
        rib.addInterfaceAddress(PORT_1, InterfaceAddress.parse("198.18.1.2/24"));
        assertFalse(rib.addInterfaceAddress(PORT_1, InterfaceAddress.parse("198.18.1.2/24")));
        recorded.drain();

        assertTrue(rib.removeInterfaceAddress(PORT_1, InterfaceAddress.parse("198.18.1.1/24")));

        assertEquals(List.of("routeDelete 198.18.1.1/32", "commit"), recorded.drain());
        assertEquals(new NextHop.Direct(PORT_1), forward("198.18.1.1"));
        assertSame(NextHop.LOCAL, forward("198.18.1.2"));
        assertFalse(rib.removeInterfaceAddress(PORT_1, InterfaceAddress.parse("198.18.1.1/24")));

        rib.removeInterfaceAddress(PORT_1, InterfaceAddress.parse("198.18.1.2/24"));
        assertNull(forward("198.18.1.2"));
        assertEquals(0, rib.nextHopCount());
        assertEquals(0, fib.nextHopCount());
    }

    @Test
    void shouldRefuseANetworkConnectedOnTwoPorts()
    {
        rib.addInterfaceAddress(PORT_1, InterfaceAddress.parse("198.18.1.1/24"));

        assertThrows(IllegalArgumentException.class,
            () -> rib.addInterfaceAddress(PORT_2, InterfaceAddress.parse("198.18.1.2/24")));
        assertEquals(new NextHop.Direct(PORT_1), forward("198.18.1.2"));
    }

    @Test
    void shouldPreferTheLowerAdministrativeDistance()
    {
        rib.addRoute(RouteSource.IBGP, prefix("203.0.113.0/24"), new NextHop.Direct(PORT_3), 0);
        rib.addRoute(RouteSource.EBGP, prefix("203.0.113.0/24"), new NextHop.Direct(PORT_2), 100);
        rib.addRoute(RouteSource.STATIC, prefix("203.0.113.0/24"), NextHop.BLACKHOLE, 500);

        assertSame(NextHop.BLACKHOLE, forward("203.0.113.1"));
        assertEquals(RouteSource.STATIC, rib.installedSource(prefix("203.0.113.0/24")));
    }

    @Test
    void shouldRevealTheNextBestRouteWhenTheBestIsWithdrawn()
    {
        rib.addRoute(RouteSource.IBGP, prefix("203.0.113.0/24"), new NextHop.Direct(PORT_3), 0);
        rib.addRoute(RouteSource.EBGP, prefix("203.0.113.0/24"), new NextHop.Direct(PORT_2), 0);
        recorded.drain();

        assertTrue(rib.removeRoute(RouteSource.EBGP, prefix("203.0.113.0/24")));

        // Only installed next hops are interned: the revealed route's comes back into index 0, freed
        // when the better route took over.
        assertEquals(List.of(
            "nextHopSet 0 direct port 3",
            "routeSet 203.0.113.0/24 0",
            "nextHopDelete 1",
            "commit"), recorded.drain());
        assertEquals(new NextHop.Direct(PORT_3), forward("203.0.113.1"));

        assertTrue(rib.removeRoute(RouteSource.IBGP, prefix("203.0.113.0/24")));
        assertEquals(List.of("routeDelete 203.0.113.0/24", "nextHopDelete 0", "commit"), recorded.drain());
        assertFalse(rib.removeRoute(RouteSource.IBGP, prefix("203.0.113.0/24")));
        assertTrue(rib.routes().isEmpty());
    }

    @Test
    void shouldBreakADistanceTieByMetric()
    {
        rib.addRoute(RouteSource.EBGP, prefix("203.0.113.0/24"), new NextHop.Direct(PORT_2), 100, 50);
        rib.addRoute(RouteSource.IBGP, prefix("203.0.113.0/24"), new NextHop.Direct(PORT_3), 100, 10);

        assertEquals(new NextHop.Direct(PORT_3), forward("203.0.113.1"));

        rib.addRoute(RouteSource.EBGP, prefix("203.0.113.0/24"), new NextHop.Direct(PORT_2), 100, 5);
        assertEquals(new NextHop.Direct(PORT_2), forward("203.0.113.1"));
    }

    @Test
    void shouldLetAFloatingStaticRouteYieldToBgp()
    {
        rib.addRoute(RouteSource.STATIC, prefix("0.0.0.0/0"), new NextHop.Direct(PORT_3), 250, 0);
        assertEquals(new NextHop.Direct(PORT_3), forward("8.8.8.8"));

        rib.addRoute(RouteSource.EBGP, prefix("0.0.0.0/0"), new NextHop.Direct(PORT_2), 0);
        assertEquals(new NextHop.Direct(PORT_2), forward("8.8.8.8"));

        rib.removeRoute(RouteSource.EBGP, prefix("0.0.0.0/0"));
        assertEquals(new NextHop.Direct(PORT_3), forward("8.8.8.8"));
    }

    @Test
    void shouldCountRoutesPerFamilyAndSourceInstalledOrNot()
    {
        rib.addInterfaceAddress(PORT_2, InterfaceAddress.parse("198.18.2.1/24"));
        rib.addRouteVia(RouteSource.STATIC, prefix("198.18.100.0/24"), IpAddress.parse("198.18.2.2"), 0);
        rib.addRouteVia(RouteSource.EBGP, prefix("198.18.100.0/24"), IpAddress.parse("198.18.2.3"), 0); // not installed
        rib.addRouteVia(RouteSource.EBGP, prefix("198.18.100.0/24"), IpAddress.parse("198.18.2.4"), 0); // replaces it
        rib.addRouteVia(RouteSource.EBGP, prefix("2001:db8:100::/48"), IpAddress.parse("2001:db8:2::2"), 0);

        assertEquals(1, rib.routeCount(true, RouteSource.CONNECTED));
        assertEquals(1, rib.routeCount(true, RouteSource.LOCAL));
        assertEquals(1, rib.routeCount(true, RouteSource.STATIC));
        assertEquals(1, rib.routeCount(true, RouteSource.EBGP));
        assertEquals(1, rib.routeCount(false, RouteSource.EBGP));
        assertEquals(0, rib.routeCount(false, RouteSource.STATIC));

        rib.removeRoute(RouteSource.EBGP, prefix("198.18.100.0/24"));
        rib.removeRoute(RouteSource.EBGP, prefix("198.18.100.0/24")); // nothing left to remove
        rib.removeRoute(RouteSource.STATIC, prefix("198.18.100.0/24"));
        assertEquals(0, rib.routeCount(true, RouteSource.EBGP));
        assertEquals(0, rib.routeCount(true, RouteSource.STATIC));
        assertEquals(1, rib.routeCount(false, RouteSource.EBGP));
    }

    @Test
    void shouldResolveAGatewayInsideAConnectedNetworkToThatPort()
    {
        rib.addInterfaceAddress(PORT_2, InterfaceAddress.parse("198.18.2.1/24"));
        recorded.drain();

        rib.addRouteVia(RouteSource.STATIC, prefix("198.18.100.0/24"), IpAddress.parse("198.18.2.2"), 0);

        assertEquals(List.of(
            "nextHopSet 2 via 198.18.2.2 port 2",
            "routeSet 198.18.100.0/24 2",
            "commit"), recorded.drain());
        assertEquals(new NextHop.Gateway4(PORT_2, Ip4.parse("198.18.2.2")), forward("198.18.100.9"));
    }

    @Test
    void shouldResolveIpv6GatewaysAndIpv4RoutesViaIpv6Gateways()
    {
        rib.addInterfaceAddress(PORT_2, InterfaceAddress.parse("2001:db8:2::1/64"));

        rib.addRouteVia(RouteSource.STATIC, prefix("2001:db8:100::/48"), IpAddress.parse("2001:db8:2::2"), 0);
        rib.addRouteVia(RouteSource.EBGP, prefix("203.0.113.0/24"), IpAddress.parse("2001:db8:2::2"), 0);

        final NextHop expected = new NextHop.Gateway6(PORT_2, Ip6Address.parse("2001:db8:2::2"));
        assertEquals(expected, forward6("2001:db8:100::1"));
        assertEquals(expected, forward("203.0.113.1"));
        assertEquals(2, fib.routesUsing(rib.nextHopIndex(expected)));
    }

    /**
     * RFC 8950: an IPv4 route learned with an IPv6 next hop resolves through the IPv6 table, recursively (an iBGP
     * next hop reached by a static IPv6 route, itself on a connected network), and follows that table's changes.
     */
    @Test
    void shouldResolveAnIpv4RouteViaAnIpv6NextHopRecursivelyThroughTheIpv6Table()
    {
        rib.addInterfaceAddress(PORT_2, InterfaceAddress.parse("2001:db8:2::1/64"));
        rib.addRouteVia(RouteSource.STATIC, prefix("2001:db8:fe::/48"), IpAddress.parse("2001:db8:2::2"), 0);
        rib.addRouteVia(RouteSource.IBGP, prefix("198.18.120.0/24"), IpAddress.parse("2001:db8:fe::9"), 0);

        final NextHop viaGateway = new NextHop.Gateway6(PORT_2, Ip6Address.parse("2001:db8:2::2"));
        assertEquals(viaGateway, forward("198.18.120.1"));
        final RibRoute route = rib.routes().stream()
            .filter(r -> r.prefix().equals(prefix("198.18.120.0/24"))).findFirst().orElseThrow();
        assertEquals(IpAddress.parse("2001:db8:fe::9"), route.via());
        assertEquals(List.of(viaGateway), route.resolved());

        // A more specific IPv6 route to the next hop moves the IPv4 route with it.
        rib.addInterfaceAddress(PORT_3, InterfaceAddress.parse("2001:db8:3::1/64"));
        rib.addRouteVia(RouteSource.STATIC, prefix("2001:db8:fe::9/128"), IpAddress.parse("2001:db8:3::3"), 0);
        assertEquals(new NextHop.Gateway6(PORT_3, Ip6Address.parse("2001:db8:3::3")), forward("198.18.120.1"));

        // Nothing in the IPv6 table reaches the next hop any more: the IPv4 route is withdrawn from the FIB.
        rib.removeRoute(RouteSource.STATIC, prefix("2001:db8:fe::9/128"));
        rib.removeRoute(RouteSource.STATIC, prefix("2001:db8:fe::/48"));
        assertNull(forward("198.18.120.1"));
        assertFalse(rib.routes().stream().anyMatch(r -> r.prefix().equals(prefix("198.18.120.0/24")) && r.installed()));
    }

    @Test
    void shouldKeepAnUnresolvableRouteUntilItsGatewayBecomesReachable()
    {
        rib.addRouteVia(RouteSource.STATIC, prefix("198.18.100.0/24"), IpAddress.parse("198.18.9.9"), 0);

        assertNull(forward("198.18.100.1"));
        assertTrue(recorded.drain().isEmpty(), "nothing to install, nothing sent");
        final RibRoute route = rib.routes().get(0);
        assertEquals(IpAddress.parse("198.18.9.9"), route.via());
        assertTrue(route.resolved().isEmpty());
        assertFalse(route.installed());

        rib.addInterfaceAddress(PORT_3, InterfaceAddress.parse("198.18.9.1/24"));

        assertEquals(new NextHop.Gateway4(PORT_3, Ip4.parse("198.18.9.9")), forward("198.18.100.1"));
        assertTrue(rib.routes().stream().anyMatch(r -> r.installed() && r.source() == RouteSource.STATIC));
    }

    @Test
    void shouldFallBackToAWorseRouteWhileTheBestIsUnresolvable()
    {
        rib.addRoute(RouteSource.IBGP, prefix("198.18.100.0/24"), new NextHop.Direct(PORT_3), 0);
        rib.addRouteVia(RouteSource.STATIC, prefix("198.18.100.0/24"), IpAddress.parse("198.18.2.2"), 0);
        assertEquals(new NextHop.Direct(PORT_3), forward("198.18.100.1"));

        rib.addInterfaceAddress(PORT_2, InterfaceAddress.parse("198.18.2.1/24"));
        assertEquals(new NextHop.Gateway4(PORT_2, Ip4.parse("198.18.2.2")), forward("198.18.100.1"));

        rib.removeInterfaceAddress(PORT_2, InterfaceAddress.parse("198.18.2.1/24"));
        assertEquals(new NextHop.Direct(PORT_3), forward("198.18.100.1"));
    }

    @Test
    void shouldReResolveWhenAMoreSpecificRouteCoversTheGateway()
    {
        rib.addInterfaceAddress(PORT_2, InterfaceAddress.parse("198.18.2.1/24"));
        rib.addRouteVia(RouteSource.STATIC, prefix("198.18.100.0/24"), IpAddress.parse("198.18.2.2"), 0);
        rib.addRouteVia(RouteSource.STATIC, prefix("198.18.101.0/24"), IpAddress.parse("198.18.2.2"), 0);
        recorded.drain();

        rib.addRoute(RouteSource.STATIC, prefix("198.18.2.2/32"), new NextHop.Direct(PORT_3), 0);

        final NextHop moved = new NextHop.Gateway4(PORT_3, Ip4.parse("198.18.2.2"));
        assertEquals(moved, forward("198.18.100.1"));
        assertEquals(moved, forward("198.18.101.1"));
        final List<String> calls = recorded.drain();
        assertEquals(List.of(
            "nextHopSet 3 direct port 3",
            "routeSet 198.18.2.2/32 3",
            "nextHopSet 4 via 198.18.2.2 port 3"), calls.subList(0, 3));
        // The routes through the gateway move in no particular order, before the old next hop goes.
        assertEquals(java.util.Set.of("routeSet 198.18.100.0/24 4", "routeSet 198.18.101.0/24 4"),
            java.util.Set.copyOf(calls.subList(3, 5)));
        assertEquals(List.of("nextHopDelete 2", "commit"), calls.subList(5, calls.size()));

        rib.removeRoute(RouteSource.STATIC, prefix("198.18.2.2/32"));
        assertEquals(new NextHop.Gateway4(PORT_2, Ip4.parse("198.18.2.2")), forward("198.18.100.1"));
    }

    @Test
    void shouldInheritTheNextHopOfARecursiveRouteCoveringTheGateway()
    {
        // An iBGP route's next hop is reached through a static route, itself through a connected network.
        rib.addInterfaceAddress(PORT_2, InterfaceAddress.parse("198.18.2.1/24"));
        rib.addRouteVia(RouteSource.STATIC, prefix("192.0.2.0/24"), IpAddress.parse("198.18.2.2"), 0);
        rib.addRouteVia(RouteSource.IBGP, prefix("203.0.113.0/24"), IpAddress.parse("192.0.2.1"), 0);

        final NextHop expected = new NextHop.Gateway4(PORT_2, Ip4.parse("198.18.2.2"));
        assertEquals(expected, forward("203.0.113.1"));
        assertEquals(2, fib.routesUsing(rib.nextHopIndex(expected)));

        rib.removeInterfaceAddress(PORT_2, InterfaceAddress.parse("198.18.2.1/24"));
        assertNull(forward("203.0.113.1"));
        assertNull(forward("192.0.2.1"));
        assertEquals(2, rib.routes().size());
    }

    @Test
    void shouldNotResolveARouteThroughItself()
    {
        rib.addRouteVia(RouteSource.STATIC, prefix("198.18.0.0/15"), IpAddress.parse("198.18.1.1"), 0);
        assertNull(forward("198.19.9.9"));

        rib.addRoute(RouteSource.STATIC, prefix("0.0.0.0/0"), new NextHop.Direct(PORT_1), 0);
        assertEquals(new NextHop.Gateway4(PORT_1, Ip4.parse("198.18.1.1")), forward("198.19.9.9"));
    }

    @Test
    void shouldNotLetMutuallyRecursiveRoutesKeepEachOtherAlive()
    {
        rib.addRoute(RouteSource.STATIC, prefix("198.18.0.0/15"), new NextHop.Direct(PORT_1), 0);
        rib.addRouteVia(RouteSource.STATIC, prefix("198.18.0.0/16"), IpAddress.parse("198.19.0.1"), 0);
        rib.addRouteVia(RouteSource.STATIC, prefix("198.19.0.0/16"), IpAddress.parse("198.18.0.1"), 0);
        assertTrue(forward("198.18.5.5") instanceof NextHop.Gateway4);
        assertTrue(forward("198.19.5.5") instanceof NextHop.Gateway4);

        rib.removeRoute(RouteSource.STATIC, prefix("198.18.0.0/15"));

        assertNull(forward("198.18.5.5"));
        assertNull(forward("198.19.5.5"));
        assertEquals(0, fib.routeCount4());
        assertEquals(0, fib.nextHopCount());
    }

    @Test
    void shouldNotResolveThroughTheRoutersOwnAddressOrABlackhole()
    {
        rib.addInterfaceAddress(PORT_1, InterfaceAddress.parse("198.18.1.1/24"));
        rib.addRoute(RouteSource.STATIC, prefix("192.0.2.0/24"), NextHop.BLACKHOLE, 0);

        rib.addRouteVia(RouteSource.STATIC, prefix("203.0.113.0/24"), IpAddress.parse("198.18.1.1"), 0);
        rib.addRouteVia(RouteSource.STATIC, prefix("203.0.114.0/24"), IpAddress.parse("192.0.2.1"), 0);

        assertNull(forward("203.0.113.1"));
        assertNull(forward("203.0.114.1"));
    }

    @Test
    void shouldShareOneNextHopIndexAmongRoutesAndFreeItWhenUnused()
    {
        final NextHop direct = new NextHop.Direct(PORT_2);
        rib.addRoute(RouteSource.STATIC, prefix("203.0.113.0/24"), direct, 0);
        rib.addRoute(RouteSource.STATIC, prefix("203.0.114.0/24"), direct, 0);
        rib.addRoute(RouteSource.EBGP, prefix("2001:db8:100::/48"), direct, 0);

        final int index = rib.nextHopIndex(direct);
        assertEquals(0, index);
        assertEquals(3, rib.nextHopReferences(index));
        assertEquals(3, fib.routesUsing(index));
        assertEquals(1, recorded.calls().stream().filter(c -> c.startsWith("nextHopSet")).count());

        rib.removeRoute(RouteSource.STATIC, prefix("203.0.113.0/24"));
        rib.removeRoute(RouteSource.EBGP, prefix("2001:db8:100::/48"));
        assertEquals(1, rib.nextHopReferences(index));
        assertFalse(recorded.calls().contains("nextHopDelete 0"));

        rib.removeRoute(RouteSource.STATIC, prefix("203.0.114.0/24"));
        assertEquals(List.of("routeDelete 203.0.114.0/24", "nextHopDelete 0", "commit"),
            recorded.calls().subList(recorded.calls().size() - 3, recorded.calls().size()));
        assertEquals(-1, rib.nextHopIndex(direct));
        assertEquals(0, rib.nextHopCount());
    }

    @Test
    void shouldReuseTheIndexFreedLongestAgo()
    {
        rib.addRoute(RouteSource.STATIC, prefix("203.0.1.0/24"), new NextHop.Direct(0), 0);
        rib.addRoute(RouteSource.STATIC, prefix("203.0.2.0/24"), new NextHop.Direct(1), 0);
        rib.addRoute(RouteSource.STATIC, prefix("203.0.3.0/24"), new NextHop.Direct(2), 0);
        rib.removeRoute(RouteSource.STATIC, prefix("203.0.2.0/24"));
        rib.removeRoute(RouteSource.STATIC, prefix("203.0.1.0/24"));

        rib.addRoute(RouteSource.STATIC, prefix("203.0.4.0/24"), new NextHop.Direct(4), 0);
        rib.addRoute(RouteSource.STATIC, prefix("203.0.5.0/24"), new NextHop.Direct(5), 0);
        rib.addRoute(RouteSource.STATIC, prefix("203.0.6.0/24"), new NextHop.Direct(6), 0);

        assertEquals(1, rib.nextHopIndex(new NextHop.Direct(4)));
        assertEquals(0, rib.nextHopIndex(new NextHop.Direct(5)));
        assertEquals(3, rib.nextHopIndex(new NextHop.Direct(6)));
    }

    @Test
    void shouldMoveARouteBeforeDeletingItsOldNextHop()
    {
        rib.addRoute(RouteSource.STATIC, prefix("203.0.113.0/24"), new NextHop.Direct(PORT_1), 0);
        recorded.drain();

        rib.addRoute(RouteSource.STATIC, prefix("203.0.113.0/24"), new NextHop.Direct(PORT_2), 0);

        assertEquals(List.of(
            "nextHopSet 1 direct port 2",
            "routeSet 203.0.113.0/24 1",
            "nextHopDelete 0",
            "commit"), recorded.drain());
    }

    @Test
    void shouldSendABatchAsOneCommit()
    {
        rib.batch(() ->
        {
            rib.addInterfaceAddress(PORT_2, InterfaceAddress.parse("198.18.2.1/24"));
            for (int i = 0; i < 10; i++)
            {
                rib.addRouteVia(RouteSource.EBGP, IpPrefix.parse("203.0." + i + ".0/24"), IpAddress.parse("198.18.2.2"), 0);
            }
            rib.removeRoute(RouteSource.EBGP, prefix("203.0.9.0/24"));
        });

        final List<String> calls = recorded.drain();
        assertEquals(1, calls.stream().filter("commit"::equals).count());
        assertEquals("commit", calls.get(calls.size() - 1));
        assertFalse(calls.stream().anyMatch(c -> c.contains("203.0.9.0")), "added and withdrawn in one batch");
        assertEquals(11, fib.routeCount4());
        assertEquals(1, fib.commitCount());
    }

    @Test
    void shouldSendNothingForAChangeThatChangesNothing()
    {
        rib.addRoute(RouteSource.STATIC, prefix("203.0.113.0/24"), NextHop.BLACKHOLE, 0);
        recorded.drain();

        rib.addRoute(RouteSource.STATIC, prefix("203.0.113.0/24"), NextHop.BLACKHOLE, 0);
        rib.addRoute(RouteSource.IBGP, prefix("203.0.113.0/24"), NextHop.BLACKHOLE, 0);

        assertTrue(recorded.drain().isEmpty());
    }

    @Test
    void shouldReplayTheInstalledStateIntoAnEmptyFib()
    {
        rib.addInterfaceAddress(PORT_2, InterfaceAddress.parse("198.18.2.1/24"));
        rib.addInterfaceAddress(PORT_3, InterfaceAddress.parse("2001:db8:3::1/64"));
        rib.addRouteVia(RouteSource.STATIC, prefix("198.18.100.0/24"), IpAddress.parse("198.18.2.2"), 0);
        rib.addRouteVia(RouteSource.STATIC, prefix("198.18.101.0/24"), IpAddress.parse("198.18.9.9"), 0);

        final ReferenceFib restarted = new ReferenceFib(1024);
        rib.replay(restarted);

        assertEquals(fib.routeCount4(), restarted.routeCount4());
        assertEquals(fib.routeCount6(), restarted.routeCount6());
        assertEquals(fib.nextHopCount(), restarted.nextHopCount());
        for (final String address : new String[]{"198.18.2.9", "198.18.2.1", "198.18.100.1", "198.18.101.1"})
        {
            assertEquals(fib.nextHop(fib.lookup4(Ip4.parse(address))),
                restarted.nextHop(restarted.lookup4(Ip4.parse(address))));
        }
        assertEquals(1, restarted.commitCount());
    }

    @Test
    void shouldResyncTheInstalledStateInsideANewEpoch()
    {
        rib.addInterfaceAddress(PORT_2, InterfaceAddress.parse("198.18.2.1/24"));
        rib.addRouteVia(RouteSource.STATIC, prefix("198.18.100.0/24"), IpAddress.parse("198.18.2.2"), 0);
        final RecordingFibUpdates replayed = new RecordingFibUpdates();
        rib.replay(replayed);
        final List<String> body = replayed.drain();

        final RecordingFibUpdates resynced = new RecordingFibUpdates();
        rib.resync(resynced, 7);

        final List<String> calls = resynced.drain();
        assertEquals("resyncBegin 7", calls.getFirst());
        assertEquals(List.of("resyncEnd 7", "commit"), calls.subList(calls.size() - 2, calls.size()));
        assertEquals(body.subList(0, body.size() - 1), calls.subList(1, calls.size() - 2),
            "the body is the replay's: every next hop in use, every installed route");
        assertThrows(IllegalArgumentException.class, () -> rib.resync(resynced, 0));
        assertThrows(IllegalStateException.class, () -> rib.batch(() -> rib.resync(resynced, 8)));
    }

    @Test
    void shouldStayCorrectWhenTheFibConsumerFails()
    {
        final boolean[] failing = {false};
        final FibUpdates flaky = new Tee(recorded, fib)
        {
            public void route4Set(final int address, final int length, final int nextHopIndex)
            {
                if (failing[0])
                {
                    throw new IllegalStateException("consumer gone");
                }
                super.route4Set(address, length, nextHopIndex);
            }
        };
        final Rib rib = new Rib(flaky);
        rib.addInterfaceAddress(PORT_2, InterfaceAddress.parse("198.18.2.1/24"));

        failing[0] = true;
        assertThrows(IllegalStateException.class,
            () -> rib.addRouteVia(RouteSource.STATIC, prefix("198.18.100.0/24"), IpAddress.parse("198.18.2.2"), 0));

        assertFalse(rib.isFibInSync());
        assertEquals(new NextHop.Gateway4(PORT_2, Ip4.parse("198.18.2.2")), rib.installedNextHop(prefix("198.18.100.0/24")));

        failing[0] = false;
        final ReferenceFib rebuilt = new ReferenceFib(1024);
        rib.replay(rebuilt);
        assertEquals(new NextHop.Gateway4(PORT_2, Ip4.parse("198.18.2.2")),
            rebuilt.nextHop(rebuilt.lookup4(Ip4.parse("198.18.100.1"))));
        assertFalse(rib.isFibInSync(), "only a replay into its own FIB brings it back in sync");
    }

    @Test
    void shouldRefuseInvalidRoutes()
    {
        assertThrows(IllegalArgumentException.class,
            () -> rib.addRoute(RouteSource.CONNECTED, prefix("198.18.0.0/15"), new NextHop.Direct(1), 0));
        assertThrows(IllegalArgumentException.class,
            () -> rib.addRoute(RouteSource.LOCAL, prefix("198.18.0.1/32"), NextHop.LOCAL, 0));
        assertThrows(IllegalArgumentException.class,
            () -> rib.addRoute(RouteSource.STATIC, prefix("198.18.0.0/15"), new NextHop.Direct(1), -1));
        assertThrows(IllegalArgumentException.class,
            () -> rib.addRoute(RouteSource.STATIC, prefix("198.18.0.0/15"), new NextHop.Direct(1), 256, 0));
        assertThrows(NullPointerException.class,
            () -> rib.addRouteVia(RouteSource.STATIC, prefix("198.18.0.0/15"), null, 0));
        assertTrue(rib.routes().isEmpty());
        assertTrue(recorded.calls().isEmpty());
    }

    @Test
    void shouldListRoutesInAddressOrderWithTheirState()
    {
        rib.addInterfaceAddress(PORT_2, InterfaceAddress.parse("198.18.2.1/24"));
        rib.addRoute(RouteSource.EBGP, prefix("2001:db8::/32"), NextHop.BLACKHOLE, 7);
        rib.addRouteVia(RouteSource.STATIC, prefix("198.18.0.0/23"), IpAddress.parse("198.18.2.2"), 3);

        assertEquals(List.of(
            new RibRoute(prefix("198.18.0.0/23"), RouteSource.STATIC, 1, 3, List.of(),
                List.of(IpAddress.parse("198.18.2.2")), List.of(new NextHop.Gateway4(PORT_2, Ip4.parse("198.18.2.2"))), true),
            new RibRoute(prefix("198.18.2.0/24"), RouteSource.CONNECTED, 0, 0, List.of(new NextHop.Direct(PORT_2)),
                List.of(), List.of(new NextHop.Direct(PORT_2)), true),
            new RibRoute(prefix("198.18.2.1/32"), RouteSource.LOCAL, 0, 0, List.of(NextHop.LOCAL), List.of(),
                List.of(NextHop.LOCAL), true),
            new RibRoute(prefix("2001:db8::/32"), RouteSource.EBGP, 20, 7, List.of(NextHop.BLACKHOLE), List.of(),
                List.of(NextHop.BLACKHOLE), true)), rib.routes());
        assertEquals(4, rib.installedCount());
    }

    @Test
    void shouldAnswerHowABgpNextHopIsReachedWithoutBgpAndCountNonBgpChangesOnly()
    {
        rib.addInterfaceAddress(PORT_1, InterfaceAddress.parse("198.18.1.1/24"));
        rib.addRoute(RouteSource.STATIC, prefix("198.18.100.0/24"), new NextHop.Gateway4(PORT_1, Ip4.parse("198.18.1.2")), 7);
        rib.addRoute(RouteSource.STATIC, prefix("198.18.200.0/24"), NextHop.BLACKHOLE, 0);

        assertEquals(0, rib.nonBgpCost(IpAddress.parse("198.18.1.9")), "connected");
        assertEquals(7, rib.nonBgpCost(IpAddress.parse("198.18.100.9")), "static, its metric");
        assertEquals(-1, rib.nonBgpCost(IpAddress.parse("198.18.200.9")), "a blackhole reaches nothing");
        assertEquals(-1, rib.nonBgpCost(IpAddress.parse("198.18.1.1")), "the router's own address");
        assertEquals(-1, rib.nonBgpCost(IpAddress.parse("203.0.113.1")), "no route");

        final long generation = rib.nonBgpGeneration();
        rib.addRouteVia(RouteSource.EBGP, prefix("203.0.113.0/24"), IpAddress.parse("198.18.1.2"), 0);
        assertEquals(-1, rib.nonBgpCost(IpAddress.parse("203.0.113.1")), "a BGP route does not count");
        assertEquals(generation, rib.nonBgpGeneration(), "a BGP-only change keeps the generation");

        rib.addRoute(RouteSource.STATIC, prefix("203.0.0.0/16"), new NextHop.Gateway4(PORT_1, Ip4.parse("198.18.1.3")), 3);
        assertEquals(3, rib.nonBgpCost(IpAddress.parse("203.0.113.1")), "found under the BGP route");
        assertTrue(rib.nonBgpGeneration() > generation);
    }

    private NextHop forward(final String address)
    {
        return fib.nextHop(fib.lookup4(Ip4.parse(address)));
    }

    private NextHop forward6(final String address)
    {
        final Ip6Address a = Ip6Address.parse(address);
        return fib.nextHop(fib.lookup6(a.high(), a.low()));
    }

    @Test
    void shouldPassOverTheTableOnlyWhenAGatewayInUseResolvesDifferently()
    {
        rib.addInterfaceAddress(PORT_1, InterfaceAddress.parse("198.18.0.1/24"));
        rib.batch(() ->
        {
            for (int i = 0; i < 256; i++)
            {
                rib.addRouteVia(RouteSource.EBGP, prefix("198.19." + i + ".0/24"), IpAddress.parse("198.18.0.2"), 0);
            }
        });
        // A new gateway, and a route whose prefix holds its own gateway (a key of its own): the routes that use
        // them are new, nothing installed before depends on them, so no pass over the table.
        rib.addRouteVia(RouteSource.EBGP, prefix("198.18.0.0/16"), IpAddress.parse("198.18.0.2"), 0);
        rib.addRouteVia(RouteSource.EBGP, prefix("198.19.255.0/24"), IpAddress.parse("198.18.0.3"), 0);
        assertEquals(0, rib.dependentPasses());
        assertEquals(new NextHop.Gateway4(PORT_1, Ip4.parse("198.18.0.2")), forward("198.19.7.1"));

        // The connected network goes: the gateways in use resolve to nothing now; one pass finds their routes.
        rib.removeInterfaceAddress(PORT_1, InterfaceAddress.parse("198.18.0.1/24"));
        assertEquals(1, rib.dependentPasses());
        assertNull(forward("198.19.7.1"));
        assertNull(forward("198.19.255.1"));
    }

    private static IpPrefix prefix(final String text)
    {
        return IpPrefix.parse(text);
    }
}
