/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import static net.junction.agent.config.ConfigDocuments.CPUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import net.junction.agent.router.SpecMapping;
import net.junction.dataplane.DataplaneSpec;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

/**
 * {@code ports[].vlans}: 802.1Q sub-interfaces named {@code <port>.<id>}, listed after every physical port, usable
 * wherever a port's name is; each problem reported with its path.
 */
class VlanConfigTest
{
    private static final String TWO_PORTS_WITH_VLANS = """
        name: lab
        ports:
          - name: p0
            device: net_af_packet0,iface=r-h1
            mtu: 1500
            mac: 02:00:00:00:00:01
            addresses: [198.18.1.1/24]
            vlans:
              - {id: 100, addresses: [198.18.3.1/24, '2001:db8:3::1/64'], mtu: 1400}
              - {id: 200, exception-path: false}
          - name: p1
            device: net_af_packet1,iface=r-h2
            addresses: [198.18.2.1/24]
            vlans:
              - {id: 100, addresses: [198.18.4.1/24]}
        routes:
          - {prefix: 198.18.103.0/24, via: 198.18.3.2}
          - {prefix: 198.18.104.0/24, interface: p1.100}
        neighbors:
          - {address: 198.18.3.2, port: p0.100, mac: 02:00:00:00:03:02}
        """;

    private static List<String> problems(final String document)
    {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(document, CPUS)).problems();
    }

    @Test
    void shouldListSubInterfacesAfterThePhysicalPorts() throws ConfigException
    {
        final JunctionConfig config = ConfigLoader.parse(TWO_PORTS_WITH_VLANS, CPUS);

        assertEquals(List.of("p0", "p1", "p0.100", "p0.200", "p1.100"), config.ports().stream().map(PortConfig::name).toList());
        assertEquals(new PortConfig("p0.100", "net_af_packet0,iface=r-h1", 1, 1400, Optional.of(0x0200_0000_0001L),
            List.of(InterfaceAddress.parse("198.18.3.1/24"), InterfaceAddress.parse("2001:db8:3::1/64")), true,
            Optional.of("p0"), 100), config.ports().get(2));
        final PortConfig p0200 = config.ports().get(3);
        assertEquals(1500, p0200.mtu(), "the parent's MTU by default");
        assertEquals(List.of(), p0200.addresses());
        assertEquals(false, p0200.exceptionPath());
        assertEquals("jt-p0.100", config.ports().get(2).tapName());
        assertEquals(StaticRoute.onInterface(IpPrefix.parse("198.18.104.0/24"), "p1.100"), config.routes().get(1));
        assertEquals(new StaticNeighbor(IpAddress.parse("198.18.3.2"), "p0.100", 0x0200_0000_0302L), config.neighbors().getFirst());
        assertEquals("p0.100 (VLAN 100 of p0): mtu 1400, addresses 198.18.3.1/24 2001:db8:3::1/64, exception path jt-p0.100",
            config.ports().get(2).describe());
    }

    @Test
    void shouldMapSubInterfacesToTheDataPlaneWithTheirParentsIndex() throws ConfigException
    {
        final JunctionConfig config = ConfigLoader.parse(TWO_PORTS_WITH_VLANS, CPUS);

        final DataplaneSpec spec = SpecMapping.dataplaneSpec(config, java.nio.file.Path.of("/run/junction/lab"));

        assertEquals(5, spec.ports().size());
        assertEquals(-1, spec.ports().get(1).parent());
        final DataplaneSpec.Port p0100 = spec.ports().get(2);
        assertEquals(0, p0100.parent());
        assertEquals(100, p0100.vlanId());
        assertEquals(1400, p0100.mtu());
        final DataplaneSpec.Port p1100 = spec.ports().get(4);
        assertEquals(1, p1100.parent());
        assertEquals(100, p1100.vlanId());
        assertEquals(2, spec.neighbors().getFirst().port(), "the neighbor is on p0.100");
    }

    @Test
    void shouldRefuseAVlanIdOutOfRangeOrTwiceOnAPort()
    {
        assertEquals(List.of(
                "ports[0].vlans[0].id: 0 is out of range 1..4094",
                "ports[0].vlans[1].id: 4095 is out of range 1..4094",
                "ports[0].vlans[3].id: VLAN 7 is already a sub-interface of this port, at ports[0].vlans[2].id",
                "ports[0].vlans[4].id: required (the VLAN id, 1..4094)"),
            problems("""
                name: lab
                ports:
                  - name: p0
                    device: net_null0
                    vlans:
                      - {id: 0}
                      - {id: 4095}
                      - {id: 7}
                      - {id: 7}
                      - {mtu: 1400}
                """));
    }

    @Test
    void shouldRefuseAnMtuAboveTheParentsAndIpv6BelowItsMinimum()
    {
        assertEquals(List.of(
                "ports[0].vlans[0].mtu: 1500 is above the MTU of port p0 (1400): a sub-interface's frames cross its " +
                    "parent's link",
                "ports[0].vlans[1].mtu: 1200 is below 1280, the smallest MTU of a link with IPv6 (RFC 8200 §5), and the " +
                    "sub-interface has IPv6 address 2001:db8:3::1/64"),
            problems("""
                name: lab
                ports:
                  - name: p0
                    device: net_null0
                    mtu: 1400
                    vlans:
                      - {id: 100, mtu: 1500}
                      - {id: 101, mtu: 1200, addresses: ['2001:db8:3::1/64']}
                """));
    }

    @Test
    void shouldRefuseAnAddressOrNetworkOfAnotherInterfaceAndUnknownKeys()
    {
        assertEquals(List.of(
                "ports[0].vlans[0].addresses[0]: 198.18.1.1 is already an address of this router, at " +
                    "ports[0].addresses[0] on p0",
                "ports[0].vlans[1].addresses[0]: network 198.18.1.0/24 is already connected to ports[0] (p0); a " +
                    "network can be on one port only",
                "ports[0].vlans[2].adresses: unknown key, did you mean 'addresses'?"),
            problems("""
                name: lab
                ports:
                  - name: p0
                    device: net_null0
                    addresses: [198.18.1.1/24]
                    vlans:
                      - {id: 100, addresses: [198.18.1.1/24]}
                      - {id: 101, addresses: [198.18.1.2/24]}
                      - {id: 102, adresses: [198.18.5.1/24]}
                """));
    }

    @Test
    void shouldRefuseATapNameLongerThanLinuxTakes()
    {
        assertEquals(List.of(
                "ports[0].vlans[0]: the exception-path TAP of abcdefgh.4000, jt-abcdefgh.4000, is longer than Linux's 15 " +
                    "characters: shorten the port's name or set exception-path: false"),
            problems("""
                name: lab
                ports:
                  - name: abcdefgh
                    device: net_null0
                    vlans:
                      - {id: 4000}
                      - {id: 4001, exception-path: false}
                """));
    }

    @Test
    void shouldRefuseARouteThroughAnUnknownSubInterface()
    {
        final List<String> problems = problems("""
            name: lab
            ports:
              - name: p0
                device: net_null0
                vlans:
                  - {id: 100, addresses: [198.18.3.1/24]}
            routes:
              - {prefix: 198.18.103.0/24, interface: p0.101}
            """);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(true, problems.getFirst().startsWith("routes[0].interface: "), problems.toString());
        assertEquals(true, problems.getFirst().contains("p0.100"), "names the sub-interfaces there are: " + problems);
    }
}
