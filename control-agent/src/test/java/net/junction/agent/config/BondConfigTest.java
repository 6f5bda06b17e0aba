/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import static net.junction.agent.config.ConfigDocuments.CPUS;
import static net.junction.agent.config.ConfigDocuments.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.junction.agent.router.SpecMapping;
import net.junction.dataplane.DataplaneSpec;

/** {@code ports[].bond}: a link aggregation (802.3ad) port, its validation and what the data plane is given. */
class BondConfigTest
{
    private static final String BOND = port("name: lag0",
        "bond: {mode: 802.3ad, members: ['net_af_packet10,iface=r-b0', 'net_af_packet11,iface=r-b1']}",
        "addresses: [198.18.7.1/24]");

    @Test
    void shouldMakeTheBondThePortsDeviceWithItsMembers() throws ConfigException
    {
        final PortConfig port = ConfigLoader.parse(BOND, CPUS).ports().getFirst();

        assertEquals(List.of("net_af_packet10,iface=r-b0", "net_af_packet11,iface=r-b1"), port.bondMembers());
        assertEquals("net_bonding_lag0,mode=4,slave=net_af_packet10,slave=net_af_packet11", port.device());
    }

    @Test
    void shouldTakeTheModeAsOptional() throws ConfigException
    {
        final PortConfig port = ConfigLoader.parse(port("name: lag0", "bond: {members: [net_af_packet3]}"), CPUS).ports().getFirst();

        assertEquals(List.of("net_af_packet3"), port.bondMembers());
    }

    @Test
    void shouldGiveTheDataPlaneTheBondMembers() throws ConfigException
    {
        final DataplaneSpec.Port bond = SpecMapping.portSpec(ConfigLoader.parse(BOND, CPUS).ports().getFirst());
        final DataplaneSpec.Port plain = SpecMapping.portSpec(ConfigDocuments.parseValid(ConfigDocuments.TWO_PORTS).ports().getFirst());

        assertEquals(List.of("net_af_packet10,iface=r-b0", "net_af_packet11,iface=r-b1"), bond.bond().members());
        assertNull(plain.bond());
    }

    @Test
    void shouldRefuseABondWithoutMembers()
    {
        assertOnlyProblem(port("name: lag0", "bond: {mode: 802.3ad, members: []}"), "ports[0].bond.members",
            "at least one member");
        assertOnlyProblem(port("name: lag0", "bond: {mode: 802.3ad}"), "ports[0].bond.members", "required");
    }

    @Test
    void shouldRefuseAnotherMode()
    {
        assertOnlyProblem(port("name: lag0", "bond: {mode: active-backup, members: [net_af_packet1]}"), "ports[0].bond.mode",
            "'active-backup' is not a supported bond mode", "802.3ad");
    }

    @Test
    void shouldRefuseBothDeviceAndBond()
    {
        assertOnlyProblem(port("name: lag0", "device: net_af_packet0", "bond: {members: [net_af_packet1]}"), "ports[0].device",
            "either device or bond");
    }

    @Test
    void shouldRefuseAMemberTwice()
    {
        assertOnlyProblem(port("name: lag0", "bond: {members: ['net_af_packet1,iface=a', 'net_af_packet1,iface=a']}"),
            "ports[0].bond.members[1]", "already the device of ports[0] (lag0)", "members must be distinct");
        assertOnlyProblem(port("name: lag0", "bond: {members: ['net_af_packet1,iface=a', 'net_af_packet1,iface=b']}"),
            "ports[0].bond.members[1]", "already named net_af_packet1");
    }

    @Test
    void shouldRefuseAMemberThatIsAnotherPortsDevice()
    {
        final String yaml = """
            name: lab
            cores: [1]
            ports:
              - name: p0
                device: net_af_packet0,iface=r-h1
              - name: lag0
                bond: {members: ['net_af_packet0,iface=r-h1', 'net_af_packet2,iface=r-b1']}
            """;
        assertOnlyProblem(yaml, "ports[1].bond.members[0]", "already the device of ports[0] (p0)");
        final String memberThenDevice = """
            name: lab
            cores: [1]
            ports:
              - name: lag0
                bond: {members: ['net_af_packet2,iface=r-b1']}
              - name: p1
                device: net_af_packet2,iface=r-b1
            """;
        assertOnlyProblem(memberThenDevice, "ports[1].device", "already the device of ports[0] (lag0)");
    }

    @Test
    void shouldRefuseABondAsAMember()
    {
        assertOnlyProblem(port("name: lag0", "bond: {members: ['net_bonding0,mode=4']}"), "ports[0].bond.members[0]",
            "is a bond");
    }

    @Test
    void shouldRefuseAnUnknownBondKey()
    {
        assertOnlyProblem(port("name: lag0", "bond: {members: [net_af_packet1], member: [x]}"), "ports[0].bond.member",
            "did you mean 'members'");
    }

    private static void assertOnlyProblem(final String yaml, final String path, final String... gist)
    {
        final List<String> problems = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, CPUS),
            () -> "expected problems in:\n" + yaml).problems();
        assertEquals(1, problems.size(), () -> "expected one problem, got:\n" + String.join("\n", problems));
        final String problem = problems.getFirst();
        assertTrue(problem.startsWith(path + ": "), () -> "expected the path '" + path + "' in: " + problem);
        for (final String part : gist)
        {
            assertTrue(problem.contains(part), () -> "expected '" + part + "' in: " + problem);
        }
    }
}
