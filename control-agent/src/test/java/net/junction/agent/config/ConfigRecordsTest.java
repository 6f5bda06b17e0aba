/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import net.junction.routing.InterfaceAddress;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

class ConfigRecordsTest
{
    private static final IpPrefix PREFIX = IpPrefix.parse("198.18.100.0/24");

    @Test
    void shouldRefuseARouteWithoutExactlyOneForm()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new StaticRoute(PREFIX, List.of(), Optional.empty(), false));
        assertThrows(IllegalArgumentException.class,
            () -> new StaticRoute(PREFIX, List.of(IpAddress.parse("198.18.1.2")), Optional.of("p0"), false));
        assertThrows(IllegalArgumentException.class,
            () -> new StaticRoute(PREFIX, List.of(), Optional.of("p0"), true));
    }

    @Test
    void shouldRefuseAnIpv4GatewayForAnIpv6PrefixAndAcceptTheReverse()
    {
        assertThrows(IllegalArgumentException.class,
            () -> StaticRoute.via(IpPrefix.parse("2001:db8:100::/48"), IpAddress.parse("198.18.1.2")));
        // RFC 8950: an IPv4 prefix through an IPv6 gateway.
        assertEquals(List.of(IpAddress.parse("2001:db8::1")), StaticRoute.via(PREFIX, IpAddress.parse("2001:db8::1")).via());
    }

    @Test
    void shouldBuildEachFormOfRoute()
    {
        assertEquals("198.18.100.0/24 via 198.18.1.2", StaticRoute.via(PREFIX, IpAddress.parse("198.18.1.2")).describe());
        assertEquals("198.18.100.0/24 interface p0", StaticRoute.onInterface(PREFIX, "p0").describe());
        assertEquals("198.18.100.0/24 blackhole", StaticRoute.blackhole(PREFIX).describe());
    }

    @Test
    void shouldRefuseANeighborMacOfMoreThan48Bits()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new StaticNeighbor(IpAddress.parse("198.18.1.2"), "p0", 1L << 48));
    }

    @Test
    void shouldCopyListsSoLaterChangesDoNotLeakIn()
    {
        final List<InterfaceAddress> addresses = new ArrayList<>(List.of(InterfaceAddress.parse("198.18.1.1/24")));
        final PortConfig port = new PortConfig("p0", "net_null0", 1, 1500, Optional.empty(), addresses, true);
        addresses.clear();

        assertEquals(1, port.addresses().size());
        assertThrows(UnsupportedOperationException.class, () -> port.addresses().clear());
        final JunctionConfig config = new JunctionConfig(
            "lab", DpdkConfig.DEFAULTS, List.of(1), List.of(port), List.of(), List.of());
        assertThrows(UnsupportedOperationException.class, () -> config.cores().add(2));
    }

    @Test
    void shouldRefuseNulls()
    {
        assertThrows(NullPointerException.class,
            () -> new JunctionConfig(null, DpdkConfig.DEFAULTS, List.of(1), List.of(), List.of(), List.of()));
        assertThrows(NullPointerException.class, () -> new DpdkConfig(512, false, null));
    }
}
