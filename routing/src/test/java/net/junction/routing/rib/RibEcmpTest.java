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

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ECMP in the RIB: routes with several next hops or gateways become groups in the FIB's next-hop
 * table, shared, re-resolved and deleted in an order the FIB accepts.
 */
class RibEcmpTest
{
    private static final int PORT_1 = 1;
    private static final int PORT_2 = 2;
    private static final int PORT_3 = 3;

    private final RecordingFibUpdates recorded = new RecordingFibUpdates();
    private final ReferenceFib fib = new ReferenceFib(1024);
    private final Rib rib = new Rib(new Tee(recorded, fib));

    private static NextHop.Gateway4 gw(final int port, final String address)
    {
        return new NextHop.Gateway4(port, Ip4.parse(address));
    }

    private void connectThreePorts()
    {
        rib.addInterfaceAddress(PORT_1, InterfaceAddress.parse("198.18.1.1/24"));
        rib.addInterfaceAddress(PORT_2, InterfaceAddress.parse("198.18.2.1/24"));
        rib.addInterfaceAddress(PORT_3, InterfaceAddress.parse("198.18.3.1/24"));
        recorded.drain();
    }

    @Test
    void shouldInstallAStaticRouteWithTwoNextHopsAsAGroupAfterItsMembers()
    {
        rib.addRoute(RouteSource.STATIC, prefix("203.0.113.0/24"),
            List.of(gw(PORT_2, "198.18.2.2"), gw(PORT_1, "198.18.1.2")), 1, 0);

        assertEquals(List.of(
            "nextHopSet 0 via 198.18.1.2 port 1",
            "nextHopSet 1 via 198.18.2.2 port 2",
            "nextHopGroupSet 2 [0, 1]",
            "routeSet 203.0.113.0/24 2",
            "commit"), recorded.drain());
        assertEquals(List.of(gw(PORT_1, "198.18.1.2"), gw(PORT_2, "198.18.2.2")),
            rib.installedNextHops(prefix("203.0.113.0/24")));
        assertEquals(2, rib.installedIndex(prefix("203.0.113.0/24")));
        assertArrayEquals(new int[]{0, 1}, rib.nextHopGroupMembers(2));
        assertEquals(Set.of(gw(PORT_1, "198.18.1.2"), gw(PORT_2, "198.18.2.2")), flowsTo("203.0.113.9"));
    }

    @Test
    void shouldShareOneGroupBetweenRoutesWithTheSameNextHopsInAnyOrder()
    {
        rib.addRoute(RouteSource.STATIC, prefix("203.0.113.0/24"),
            List.of(gw(PORT_1, "198.18.1.2"), gw(PORT_2, "198.18.2.2")), 1, 0);
        rib.addRoute(RouteSource.STATIC, prefix("198.51.100.0/24"),
            List.of(gw(PORT_2, "198.18.2.2"), gw(PORT_1, "198.18.1.2"), gw(PORT_2, "198.18.2.2")), 1, 0);

        final int group = rib.installedIndex(prefix("203.0.113.0/24"));
        assertEquals(group, rib.installedIndex(prefix("198.51.100.0/24")));
        assertEquals(2, rib.nextHopReferences(group));
        assertEquals(3, rib.nextHopCount());

        rib.removeRoute(RouteSource.STATIC, prefix("203.0.113.0/24"));
        rib.removeRoute(RouteSource.STATIC, prefix("198.51.100.0/24"));
        assertEquals(0, rib.nextHopCount());
        assertEquals(0, fib.nextHopCount());
    }

    @Test
    void shouldNotMakeAGroupOfOneWhenPathsResolveToTheSameNextHop()
    {
        connectThreePorts();
        rib.addRoute(RouteSource.STATIC, prefix("198.18.200.0/24"), gw(PORT_1, "198.18.1.2"), 0);
        rib.addRouteVia(RouteSource.EBGP, prefix("203.0.113.0/24"),
            List.of(IpAddress.parse("198.18.200.1"), IpAddress.parse("198.18.200.2")), 20, 0);

        assertEquals(List.of(gw(PORT_1, "198.18.1.2")), rib.installedNextHops(prefix("203.0.113.0/24")));
        assertNull(rib.nextHopGroupMembers(rib.installedIndex(prefix("203.0.113.0/24"))));
    }

    @Test
    void shouldResolveEachGatewayAndShrinkTheGroupWhenAPathGoesAway()
    {
        connectThreePorts();
        rib.addRouteVia(RouteSource.EBGP, prefix("203.0.113.0/24"),
            List.of(IpAddress.parse("198.18.1.2"), IpAddress.parse("198.18.2.2"), IpAddress.parse("198.18.9.9")), 20, 0);

        assertEquals(List.of(gw(PORT_1, "198.18.1.2"), gw(PORT_2, "198.18.2.2")),
            rib.installedNextHops(prefix("203.0.113.0/24")), "the unresolvable gateway is left out");
        final int group = rib.installedIndex(prefix("203.0.113.0/24"));
        recorded.drain();

        rib.removeInterfaceAddress(PORT_2, InterfaceAddress.parse("198.18.2.1/24"));

        assertEquals(List.of(gw(PORT_1, "198.18.1.2")), rib.installedNextHops(prefix("203.0.113.0/24")));
        final List<String> calls = recorded.drain();
        final int routeMoved = calls.indexOf("routeSet 203.0.113.0/24 " + rib.nextHopIndex(gw(PORT_1, "198.18.1.2")));
        final int groupDeleted = calls.indexOf("nextHopDelete " + group);
        assertTrue(routeMoved >= 0 && groupDeleted > routeMoved, calls.toString());
        assertEquals(Set.of(gw(PORT_1, "198.18.1.2")), flowsTo("203.0.113.1"));

        rib.removeInterfaceAddress(PORT_1, InterfaceAddress.parse("198.18.1.1/24"));
        assertTrue(rib.installedNextHops(prefix("203.0.113.0/24")).isEmpty());
        assertNull(forward("203.0.113.1"));

        rib.addInterfaceAddress(PORT_2, InterfaceAddress.parse("198.18.2.1/24"));
        rib.addInterfaceAddress(PORT_1, InterfaceAddress.parse("198.18.1.1/24"));
        assertEquals(Set.of(gw(PORT_1, "198.18.1.2"), gw(PORT_2, "198.18.2.2")), flowsTo("203.0.113.1"));
    }

    @Test
    void shouldInheritAGroupThroughARecursiveRoute()
    {
        connectThreePorts();
        rib.addRouteVia(RouteSource.STATIC, prefix("198.18.100.0/24"),
            List.of(IpAddress.parse("198.18.1.2"), IpAddress.parse("198.18.3.2")), 1, 0);
        rib.addRouteVia(RouteSource.IBGP, prefix("203.0.113.0/24"), IpAddress.parse("198.18.100.7"), 0);

        final int group = rib.installedIndex(prefix("198.18.100.0/24"));
        assertNotNull(rib.nextHopGroupMembers(group));
        assertEquals(group, rib.installedIndex(prefix("203.0.113.0/24")), "both routes share the group");
        assertEquals(Set.of(gw(PORT_1, "198.18.1.2"), gw(PORT_3, "198.18.3.2")), flowsTo("203.0.113.200"));
    }

    @Test
    void shouldMakeAGroupOfInterfacesIntoAGroupOfGatewaysForARouteThroughIt()
    {
        rib.addInterfaceAddress(PORT_1, InterfaceAddress.parse("198.18.1.1/24"));
        rib.addRoute(RouteSource.STATIC, prefix("198.18.50.0/24"),
            List.of(new NextHop.Direct(PORT_1), new NextHop.Direct(PORT_2)), 1, 0);
        rib.addRouteVia(RouteSource.STATIC, prefix("203.0.113.0/24"), IpAddress.parse("198.18.50.5"), 0);

        assertEquals(List.of(gw(PORT_1, "198.18.50.5"), gw(PORT_2, "198.18.50.5")),
            rib.installedNextHops(prefix("203.0.113.0/24")));
    }

    @Test
    void shouldSpreadIpv6FlowsOverAGroup()
    {
        rib.addInterfaceAddress(PORT_1, InterfaceAddress.parse("2001:db8:1::1/64"));
        rib.addInterfaceAddress(PORT_2, InterfaceAddress.parse("2001:db8:2::1/64"));
        rib.addRouteVia(RouteSource.EBGP, prefix("2001:db8:ff::/48"),
            List.of(IpAddress.parse("2001:db8:2::2"), IpAddress.parse("2001:db8:1::2")), 20, 0);

        final Set<NextHop> seen = new HashSet<>();
        final Ip6Address destination = Ip6Address.parse("2001:db8:ff::1");
        for (int hash = 0; hash < 64; hash++)
        {
            seen.add(fib.nextHopFor(fib.lookup6(destination.high(), destination.low()), hash << 26));
        }
        assertEquals(Set.of(
            new NextHop.Gateway6(PORT_1, Ip6Address.parse("2001:db8:1::2")),
            new NextHop.Gateway6(PORT_2, Ip6Address.parse("2001:db8:2::2"))), seen);
    }

    @Test
    void shouldKeepAtMostTheLowestSixteenNextHops()
    {
        final List<NextHop> many = new ArrayList<>();
        for (int i = 0; i < FibUpdates.MAX_GROUP_MEMBERS; i++)
        {
            many.add(gw(PORT_1, "198.18.1." + (100 - i)));
        }
        rib.addRoute(RouteSource.STATIC, prefix("198.18.0.0/16"), new NextHop.Direct(PORT_1), 0);
        rib.addRoute(RouteSource.STATIC, prefix("198.18.77.0/24"),
            List.of(new NextHop.Direct(PORT_1), new NextHop.Direct(PORT_2)), 1, 0);
        rib.addRoute(RouteSource.STATIC, prefix("203.0.113.0/24"), many, 1, 0);
        assertEquals(FibUpdates.MAX_GROUP_MEMBERS, rib.installedNextHops(prefix("203.0.113.0/24")).size());

        // 16 gateways on port 1 plus 2 through the /24 of two interfaces: 18 resolve, the lowest 16 stay.
        final List<IpAddress> gateways = new ArrayList<>();
        for (int i = 0; i < 15; i++)
        {
            gateways.add(IpAddress.parse("198.18.1." + (10 + i)));
        }
        gateways.add(IpAddress.parse("198.18.77.7"));
        rib.addRouteVia(RouteSource.EBGP, prefix("198.51.100.0/24"), gateways, 20, 0);
        final List<NextHop> installed = rib.installedNextHops(prefix("198.51.100.0/24"));
        assertEquals(FibUpdates.MAX_GROUP_MEMBERS, installed.size());
        assertEquals(gw(PORT_1, "198.18.1.10"), installed.getFirst());
        assertEquals(gw(PORT_1, "198.18.77.7"), installed.getLast(), "port 2's path is the one left out");
    }

    @Test
    void shouldRefuseBadMultipathRoutesAndChangeNothing()
    {
        final List<NextHop> seventeen = new ArrayList<>();
        for (int i = 0; i <= FibUpdates.MAX_GROUP_MEMBERS; i++)
        {
            seventeen.add(gw(PORT_1, "198.18.1." + (10 + i)));
        }
        assertThrows(IllegalArgumentException.class,
            () -> rib.addRoute(RouteSource.STATIC, prefix("203.0.113.0/24"), seventeen, 1, 0));
        assertThrows(IllegalArgumentException.class,
            () -> rib.addRoute(RouteSource.STATIC, prefix("203.0.113.0/24"), List.of(), 1, 0));
        assertThrows(IllegalArgumentException.class,
            () -> rib.addRoute(RouteSource.STATIC, prefix("203.0.113.0/24"),
                List.of(NextHop.BLACKHOLE, gw(PORT_1, "198.18.1.2")), 1, 0));
        assertThrows(IllegalArgumentException.class,
            () -> rib.addRouteVia(RouteSource.STATIC, prefix("203.0.113.0/24"), List.of(), 1, 0));

        assertTrue(rib.routes().isEmpty());
        assertTrue(recorded.drain().isEmpty());
    }

    @Test
    void shouldReplayGroupsAfterTheirMembers()
    {
        connectThreePorts();
        rib.addRouteVia(RouteSource.EBGP, prefix("203.0.113.0/24"),
            List.of(IpAddress.parse("198.18.1.2"), IpAddress.parse("198.18.2.2")), 20, 0);
        // Churn indexes so the group's index is below a member's.
        rib.removeInterfaceAddress(PORT_3, InterfaceAddress.parse("198.18.3.1/24"));
        rib.addRouteVia(RouteSource.EBGP, prefix("198.51.100.0/24"),
            List.of(IpAddress.parse("198.18.1.3"), IpAddress.parse("198.18.2.3")), 20, 0);

        final ReferenceFib fresh = new ReferenceFib(1024);
        rib.replay(fresh);

        for (final String address : List.of("203.0.113.1", "198.51.100.1", "198.18.1.9", "198.18.2.1"))
        {
            final int a = Ip4.parse(address);
            for (int hash = 0; hash < 8; hash++)
            {
                assertEquals(fib.nextHopFor(fib.lookup4(a), hash << 29), fresh.nextHopFor(fresh.lookup4(a), hash << 29),
                    address);
            }
        }
        assertEquals(fib.nextHopCount(), fresh.nextHopCount());
    }

    private Set<NextHop> flowsTo(final String address)
    {
        final Set<NextHop> seen = new HashSet<>();
        final int index = fib.lookup4(Ip4.parse(address));
        for (int hash = 0; hash < 64; hash++)
        {
            seen.add(fib.nextHopFor(index, hash << 26)); // 64 hashes spread over the range
        }
        return seen;
    }

    private NextHop forward(final String address)
    {
        return fib.nextHop(fib.lookup4(Ip4.parse(address)));
    }

    private static IpPrefix prefix(final String text)
    {
        return IpPrefix.parse(text);
    }
}
