/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import static net.junction.agent.config.ConfigDocuments.CPUS;
import static net.junction.agent.config.ConfigDocuments.TWO_PORTS;
import static net.junction.agent.config.ConfigDocuments.neighbors;
import static net.junction.agent.config.ConfigDocuments.port;
import static net.junction.agent.config.ConfigDocuments.routes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.junction.routing.InterfaceAddress;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

class ConfigLoaderTest
{
    @Test
    void shouldReadEveryFieldOfAFullConfig() throws ConfigException
    {
        final JunctionConfig config = ConfigLoader.parse("""
            name: lab-2
            dpdk:
              memory-mb: 1024
              hugepages: true
              extra-args: [--log-level=8, --in-memory]
            cores: [3, 1, 2]
            ports:
              - name: p0
                device: net_af_packet0,iface=r-h1
                queues: 4
                mtu: 9000
                mac: 02:00:00:00:00:01
                addresses: [198.18.1.1/24, 2001:db8:1::1/64]
                exception-path: false
              - name: wan1
                device: 0000:03:00.0
                mtu: 1280
                addresses: [203.0.113.1/31, '2001:db8:2::1/64']
            routes:
              - {prefix: 198.18.100.0/24, via: 198.18.1.2}
              - {prefix: '2001:db8:100::/48', via: '2001:db8:2::2'}
              - {prefix: 198.18.200.0/24, interface: wan1}
              - {prefix: 198.18.201.0/24, blackhole: true}
              - prefix: 0.0.0.0/0
                via: 203.0.113.0
            neighbors:
              - {address: 198.18.1.2, port: p0, mac: 02:00:00:00:00:02}
              - {address: '2001:db8:2::2', port: wan1, mac: 0A:BC:DE:F0:12:34}
            """, CPUS);

        assertEquals("lab-2", config.name());
        assertEquals(new DpdkConfig(1024, true, List.of("--log-level=8", "--in-memory")), config.dpdk());
        assertEquals(List.of(3, 1, 2), config.cores());

        assertEquals(2, config.ports().size());
        final PortConfig p0 = config.ports().get(0);
        assertEquals("p0", p0.name());
        assertEquals("net_af_packet0,iface=r-h1", p0.device());
        assertEquals(4, p0.queues());
        assertEquals(9000, p0.mtu());
        assertEquals(Optional.of(0x0200_0000_0001L), p0.mac());
        assertEquals(List.of(InterfaceAddress.parse("198.18.1.1/24"), InterfaceAddress.parse("2001:db8:1::1/64")),
            p0.addresses());
        assertFalse(p0.exceptionPath());
        assertEquals("jt-p0", p0.tapName());

        final PortConfig wan1 = config.ports().get(1);
        assertEquals(new PortConfig("wan1", "0000:03:00.0", 1, 1280, Optional.empty(),
            List.of(InterfaceAddress.parse("203.0.113.1/31"), InterfaceAddress.parse("2001:db8:2::1/64")), true), wan1);
        assertEquals(Optional.of(wan1), config.port("wan1"));
        assertEquals(Optional.empty(), config.port("p9"));

        assertEquals(List.of(
            StaticRoute.via(IpPrefix.parse("198.18.100.0/24"), IpAddress.parse("198.18.1.2")),
            StaticRoute.via(IpPrefix.parse("2001:db8:100::/48"), IpAddress.parse("2001:db8:2::2")),
            StaticRoute.onInterface(IpPrefix.parse("198.18.200.0/24"), "wan1"),
            StaticRoute.blackhole(IpPrefix.parse("198.18.201.0/24")),
            StaticRoute.via(IpPrefix.parse("0.0.0.0/0"), IpAddress.parse("203.0.113.0"))), config.routes());

        assertEquals(List.of(
            new StaticNeighbor(IpAddress.parse("198.18.1.2"), "p0", 0x0200_0000_0002L),
            new StaticNeighbor(IpAddress.parse("2001:db8:2::2"), "wan1", 0x0ABC_DEF0_1234L)), config.neighbors());
    }

    @Test
    void shouldApplyDefaults() throws ConfigException
    {
        final JunctionConfig config = ConfigLoader.parse("""
            name: lab
            ports:
              - name: p0
                device: net_null0
            """, CPUS);

        assertEquals(new DpdkConfig(512, false, List.of()), config.dpdk());
        assertEquals(DpdkConfig.DEFAULTS, config.dpdk());
        assertEquals(List.of(1), config.cores());
        assertEquals(List.of(new PortConfig("p0", "net_null0", 1, 1500, Optional.empty(), List.of(), true)),
            config.ports());
        assertEquals(List.of(), config.routes());
        assertEquals(List.of(), config.neighbors());
    }

    @Test
    void shouldTreatKeysWithoutValueAsMissing() throws ConfigException
    {
        final JunctionConfig config = ConfigLoader.parse("""
            name: lab
            dpdk:
            cores:
            ports:
              - name: p0
                device: net_null0
                mac:
                addresses: ~
            routes:
            neighbors: null
            """, CPUS);

        assertEquals(DpdkConfig.DEFAULTS, config.dpdk());
        assertEquals(List.of(1), config.cores());
        assertEquals(Optional.empty(), config.ports().get(0).mac());
        assertEquals(List.of(), config.ports().get(0).addresses());
        assertEquals(List.of(), config.routes());
    }

    @Test
    void shouldParseTheExampleInContracts(@TempDir final Path dir) throws IOException, ConfigException
    {
        final Path bulk = Files.writeString(dir.resolve("bulk.routes"), "198.18.202.0/24 blackhole\n");
        String example = yamlBlockOf(Files.readString(contractsFile()))
            .replace("routes-file: bulk.routes", "routes-file: " + bulk);
        if (!example.contains("name: p1"))
        {
            // The example shows one port but routes and neighbors use a second; add it as the lab has it.
            example = example.replace("routes:", """
                  - name: p1
                    device: net_af_packet1,iface=r-h2
                    addresses: [198.18.2.1/24, 2001:db8:2::1/64]
                routes:""");
        }

        final JunctionConfig config = ConfigLoader.parse(example, 2);

        assertEquals("lab", config.name());
        assertEquals(DpdkConfig.DEFAULTS, config.dpdk());
        assertEquals(List.of(1), config.cores());
        final PortConfig p0 = config.port("p0").orElseThrow();
        assertEquals("net_af_packet0,iface=r-h1", p0.device());
        assertEquals(Optional.of(0x0200_0000_0001L), p0.mac());
        assertEquals(List.of(InterfaceAddress.parse("198.18.1.1/24"), InterfaceAddress.parse("2001:db8:1::1/64")),
            p0.addresses());
        assertTrue(p0.exceptionPath());
        assertEquals(7, config.routes().size());
        assertEquals(StaticRoute.via(IpPrefix.parse("2001:db8:100::/48"), IpAddress.parse("2001:db8:2::2")),
            config.routes().get(1));
        assertEquals(2, config.routes().get(2).via().size(), "the ECMP example");
        assertEquals(StaticRoute.via(IpPrefix.parse("198.18.160.0/24"), IpAddress.parse("2001:db8:2::2")),
            config.routes().get(3), "the IPv4-via-IPv6 example (RFC 8950)");
        assertEquals(StaticRoute.blackhole(IpPrefix.parse("198.18.201.0/24")), config.routes().get(5));
        assertEquals(StaticRoute.blackhole(IpPrefix.parse("198.18.202.0/24")), config.routes().get(6));
        assertEquals(1, config.bgp().orElseThrow().neighbors().size(), "the bgp example");
        assertEquals(2, config.bgp().orElseThrow().policies().size());
        assertEquals(List.of(new StaticNeighbor(IpAddress.parse("198.18.2.2"), "p1", 0x0200_0000_0002L)),
            config.neighbors());
        assertEquals(JournalConfig.DEFAULTS, config.journal(), "the journal example: the defaults, spelt out");
        assertEquals(CoppConfig.DEFAULTS, config.copp(), "the copp example: the defaults, spelt out");
    }

    @Test
    void shouldLoadAFile(@TempDir final Path dir) throws IOException, ConfigException
    {
        final Path file = dir.resolve("lab.yaml");
        Files.writeString(file, TWO_PORTS);

        assertEquals("lab", ConfigLoader.load(file, CPUS).name());
    }

    @Test
    void shouldReportAFileThatDoesNotExist(@TempDir final Path dir)
    {
        final Path file = dir.resolve("missing.yaml");

        final ConfigException ex = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, CPUS));

        assertEquals(List.of(file + ": cannot read: no such file"), ex.problems());
    }

    @Test
    void shouldReportAFileThatIsNotUtf8(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("latin1.yaml");
        Files.write(file, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte)0xE9, '\n'});

        final ConfigException ex = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, CPUS));

        assertEquals(List.of(file + ": cannot read: not UTF-8 text"), ex.problems());
    }

    @Test
    void shouldReportAllProblemsAtOnceInFileOrder()
    {
        final ConfigException ex = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
            name: Lab
            dpdk: {hugepage: true}
            cores: [1, 9]
            ports:
              - name: p0
                device: net_null0
                mtu: 20000
                addresses: [198.18.1.1/24]
            routes:
              - {prefix: 198.18.100.1/24, via: 198.18.9.9}
            neighbors:
              - {address: 198.18.2.2, port: p0, mac: ff:ff:ff:ff:ff:ff}
            """, CPUS));

        assertEquals(List.of(
            "name: 'Lab' is not a valid instance name: use 1 to 32 characters from a-z, 0-9 and '-'",
            "dpdk.hugepage: unknown key, did you mean 'hugepages'?",
            "cores[1]: CPU 9 does not exist: this machine has 4 CPUs (0..3)",
            "ports[0].mtu: 20000 is out of range 68..9600",
            "routes[0].prefix: '198.18.100.1/24' is not an IPv4 prefix: host bits are set past /24 " +
                "(the network is 198.18.100.0/24)",
            "routes[0].via: 198.18.9.9 is not inside a network connected to any port (connected IPv4 networks: " +
                "198.18.1.0/24 on p0); a gateway must be directly reachable: static routes are not resolved " +
                "recursively through other routes yet",
            "neighbors[0].address: 198.18.2.2 is not inside a network connected to port p0 " +
                "(its IPv4 networks: 198.18.1.0/24)",
            "neighbors[0].mac: ff:ff:ff:ff:ff:ff is the broadcast address; a station's MAC must be unicast"),
            ex.problems());
        assertEquals(String.join("\n", ex.problems()), ex.getMessage());
    }

    @Nested
    class Document
    {
        @Test
        void shouldRefuseAnEmptyFile()
        {
            assertOnlyProblem("", "top level", "the configuration is empty");
            assertOnlyProblem("# nothing but a comment\n\n", "top level", "the configuration is empty");
        }

        @Test
        void shouldGiveLineAndColumnOfASyntaxError()
        {
            assertOnlyProblem("""
                name: lab
                ports:
                  - name: p0
                     device: x
                """, "line 4, column 12", "not valid YAML", "mapping values are not allowed here");
        }

        @Test
        void shouldGiveLineAndColumnOfAnUnclosedFlowList()
        {
            assertOnlyProblem("name: lab\ncores: [1, 2\nports: []\n", "line 3, column 6", "not valid YAML");
        }

        @Test
        void shouldRefuseADuplicateKey()
        {
            assertOnlyProblem("name: lab\nname: other\n", "line 2, column 1", "duplicate key name");
        }

        @Test
        void shouldRefuseATopLevelThatIsNotAMapping()
        {
            assertOnlyProblem("- name: lab\n", "top level",
                "expected a mapping of settings (name, dpdk, cores, ports, routes, routes-file, neighbors, bgp, api, metrics, journal, copp), got a list");
            assertOnlyProblem("lab\n", "top level", "got 'lab'");
        }

        @Test
        void shouldRefuseMoreThanOneDocument()
        {
            assertOnlyProblem(TWO_PORTS + "---\nname: other\n", "line 10, column 1", "expected a single document");
        }

        @Test
        void shouldNeverConstructAClassNamedByATag()
        {
            assertOnlyProblem("name: !!java.io.File [/etc/passwd]\nports: []\n", "line 1, column 7",
                "not valid YAML", "Global tag is not allowed: tag:yaml.org,2002:java.io.File");
        }

        @Test
        void shouldRefuseAnAliasBomb()
        {
            final StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
            for (int i = 1; i < 10; i++)
            {
                yaml.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
            }

            assertOnlyProblem(yaml.toString(), "top level", "not valid YAML", "aliases");
        }

        @Test
        void shouldHintAtIndentation()
        {
            assertOnlyProblem("name: lab\nports:\n  - name: p0\n    device: x\n   mtu: 9000\n", "line 5, column 4",
                "check the indentation");
        }

        @Test
        void shouldRequireNameAndPorts()
        {
            assertEquals(List.of(
                "name: required (the instance name, [a-z0-9-]{1,32})",
                "ports: required (at least one port)"), problemsOf("cores: [1]\n"));
        }
    }

    @Nested
    class UnknownKeys
    {
        @Test
        void shouldSuggestTheKeyATypoWasMeantToBe()
        {
            assertOnlyProblem("""
                name: lab
                ports:
                  - name: p0
                    device: net_null0
                    adresses: [198.18.1.1/24]
                """, "ports[0].adresses", "unknown key, did you mean 'addresses'?");
        }

        @Test
        void shouldReportUnknownKeysInEverySection()
        {
            assertEquals(List.of(
                "nam: unknown key, did you mean 'name'?",
                "name: required (the instance name, [a-z0-9-]{1,32})",
                "dpdk.memory_mb: unknown key, did you mean 'memory-mb'?",
                "routes[0].gateway: unknown key; expected one of prefix, via, interface, blackhole",
                "routes[0]: give exactly one of 'via', 'interface' or 'blackhole: true'",
                "neighbors[0].adress: unknown key, did you mean 'address'?",
                "neighbors[0].address: required (the neighbor's IPv4 or IPv6 address)"), problemsOf("""
                nam: lab
                dpdk: {memory_mb: 512}
                ports:
                  - {name: p0, device: net_null0, addresses: [198.18.1.1/24]}
                routes:
                  - {prefix: 198.18.100.0/24, gateway: 198.18.1.2}
                neighbors:
                  - {adress: 198.18.1.2, port: p0, mac: 02:00:00:00:00:02}
                """));
        }

        @Test
        void shouldListTheKeysWhenNoneIsClose()
        {
            assertOnlyProblem(TWO_PORTS + "ospf: {}\n", "ospf",
                "unknown key; expected one of name, dpdk, cores, ports, routes, routes-file, neighbors, bgp");
        }

        @Test
        void shouldReportAKeyThatIsNotAString()
        {
            assertOnlyProblem(TWO_PORTS + "1: x\n", "1", "unknown key");
        }
    }

    @Nested
    class Types
    {
        @Test
        void shouldNameTheExpectedAndTheGivenType()
        {
            assertEquals(List.of(
                "name: expected a string, got 5",
                "dpdk.hugepages: expected true or false, got 'yes'",
                "dpdk.extra-args[0]: expected a string, got 8",
                "cores: expected a list, got 1",
                "ports[0].queues: expected an integer, got 'four'",
                "ports[0].mtu: expected an integer, got '1500.0'",
                "ports[0].addresses: expected a list, got '198.18.1.1/24'",
                "ports[1]: expected a mapping (key: value, ...), got 'p1'"), problemsOf("""
                name: 5
                dpdk: {hugepages: yes, extra-args: [8]}
                cores: 1
                ports:
                  - name: p0
                    device: net_null0
                    queues: four
                    mtu: 1500.0
                    addresses: 198.18.1.1/24
                  - p1
                """));
        }

        @Test
        void shouldRefuseYaml11BooleanWords()
        {
            assertOnlyProblem(portWith("exception-path: off"), "ports[0].exception-path", "expected true or false, got 'off'");
        }

        @Test
        void shouldKeepMacsAndIpv6AddressesThatLookLikeBase60NumbersAsText() throws ConfigException
        {
            // YAML 1.1 reads both as sexagesimal integers.
            final JunctionConfig config = ConfigLoader.parse("""
                name: lab
                ports:
                  - name: p0
                    device: net_null0
                    mac: 12:34:56:12:34:56
                    addresses: [2001::1/64]
                neighbors:
                  - {address: 2001:0:0:0:0:0:0:5, port: p0, mac: 10:20:30:40:50:52}
                """, CPUS);

            assertEquals(Optional.of(0x1234_5612_3456L), config.ports().get(0).mac());
            assertEquals(new StaticNeighbor(IpAddress.parse("2001::5"), "p0", 0x1020_3040_5052L),
                config.neighbors().get(0));
        }

        @Test
        void shouldRefuseANumberTooBigForAnInt()
        {
            assertOnlyProblem(portWith("queues: 99999999999999999999"), "ports[0].queues",
                "99999999999999999999 is out of range 1..16");
        }
    }

    @Nested
    class Name
    {
        @Test
        void shouldAcceptLowerCaseDigitsAndDashesUpTo32() throws ConfigException
        {
            final String name = "lab-0123456789-abcdefghijklmnopq";
            assertEquals(32, name.length());
            assertEquals(name, ConfigLoader.parse(TWO_PORTS.replace("name: lab", "name: " + name), CPUS).name());
        }

        @Test
        void shouldRefuseOtherCharacters()
        {
            assertOnlyProblem(TWO_PORTS.replace("name: lab", "name: lab_1"), "name",
                "'lab_1' is not a valid instance name");
        }

        @Test
        void shouldRefuseMoreThan32Characters()
        {
            assertOnlyProblem(TWO_PORTS.replace("name: lab", "name: " + "a".repeat(33)), "name",
                "is not a valid instance name: use 1 to 32 characters");
        }

        @Test
        void shouldRefuseAnEmptyName()
        {
            assertOnlyProblem(TWO_PORTS.replace("name: lab", "name: ''"), "name",
                "an empty string is not a valid instance name");
        }
    }

    @Nested
    class Dpdk
    {
        @Test
        void shouldAcceptTheMemoryLimits() throws ConfigException
        {
            assertEquals(70000, ConfigLoader.parse(TWO_PORTS + "dpdk: {mbufs: 70000}\n", CPUS).dpdk().mbufs());
            assertEquals(DpdkConfig.AUTO_MBUFS, ConfigLoader.parse(TWO_PORTS, CPUS).dpdk().mbufs());
            assertOnlyProblem(TWO_PORTS + "dpdk: {mbufs: 100}\n", "dpdk.mbufs", "out of range 1024..16777216");
            assertEquals(64, ConfigLoader.parse(TWO_PORTS + "dpdk: {memory-mb: 64}\n", CPUS).dpdk().memoryMb());
            assertEquals(65536, ConfigLoader.parse(TWO_PORTS + "dpdk: {memory-mb: 65536}\n", CPUS).dpdk().memoryMb());
        }

        @Test
        void shouldReadThePollMode() throws ConfigException
        {
            assertEquals(DpdkConfig.Poll.ADAPTIVE, ConfigLoader.parse(TWO_PORTS, CPUS).dpdk().poll());
            assertEquals(DpdkConfig.Poll.BUSY, ConfigLoader.parse(TWO_PORTS + "dpdk: {poll: busy}\n", CPUS).dpdk().poll());
            assertEquals(DpdkConfig.Poll.ADAPTIVE,
                ConfigLoader.parse(TWO_PORTS + "dpdk: {poll: adaptive}\n", CPUS).dpdk().poll());
            assertOnlyProblem(TWO_PORTS + "dpdk: {poll: interrupt}\n", "dpdk.poll", "'interrupt' is not a poll mode");
        }

        @Test
        void shouldRefuseMemoryOutOfRange()
        {
            assertOnlyProblem(TWO_PORTS + "dpdk: {memory-mb: 63}\n", "dpdk.memory-mb", "63 is out of range 64..65536");
            assertOnlyProblem(TWO_PORTS + "dpdk: {memory-mb: 65537}\n", "dpdk.memory-mb", "65537 is out of range");
        }

        @Test
        void shouldRefuseAnExtraArgumentWithWhiteSpace()
        {
            assertOnlyProblem(TWO_PORTS + "dpdk: {extra-args: ['--vdev net_tap0']}\n", "dpdk.extra-args[0]",
                "contains white space", "split it into separate entries");
        }

        @Test
        void shouldRefuseAnEmptyExtraArgument()
        {
            assertOnlyProblem(TWO_PORTS + "dpdk: {extra-args: ['']}\n", "dpdk.extra-args[0]", "must not be empty");
        }

        @Test
        void shouldRefuseASectionThatIsNotAMapping()
        {
            assertOnlyProblem(TWO_PORTS + "dpdk: [512]\n", "dpdk", "expected a mapping");
        }
    }

    @Nested
    class Cores
    {
        @Test
        void shouldRefuseAnEmptyList()
        {
            assertOnlyProblem(TWO_PORTS.replace("cores: [1]", "cores: []"), "cores", "at least one CPU");
        }

        @Test
        void shouldRefuseADuplicate()
        {
            assertOnlyProblem(TWO_PORTS.replace("cores: [1]", "cores: [1, 2, 1]"), "cores[2]",
                "CPU 1 is already listed at cores[0]");
        }

        @Test
        void shouldSayHowManyCpusTheMachineHas()
        {
            assertOnlyProblem(TWO_PORTS.replace("cores: [1]", "cores: [4]"), "cores[0]",
                "CPU 4 does not exist: this machine has 4 CPUs (0..3)");
            assertOnlyProblem(TWO_PORTS.replace("cores: [1]", "cores: [-1]"), "cores[0]", "CPU -1 does not exist");
        }

        @Test
        void shouldAcceptEveryCpuOfTheMachine() throws ConfigException
        {
            assertEquals(List.of(0, 1, 2, 3),
                ConfigLoader.parse(TWO_PORTS.replace("cores: [1]", "cores: [0, 1, 2, 3]"), CPUS).cores());
        }

        @Test
        void shouldRefuseTheDefaultOnAMachineWithOneCpu()
        {
            final ConfigException ex = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(TWO_PORTS.replace("cores: [1]\n", ""), 1));

            assertEquals(List.of("cores: not given, and the default [1] needs CPU 1, which does not exist: " +
                "this machine has 1 CPU (CPU 0); list the CPUs for the workers"), ex.problems());
        }

        @Test
        void shouldCheckAgainstTheCpusOfThisMachineByDefault()
        {
            final int cpus = Runtime.getRuntime().availableProcessors();
            final ConfigException ex = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(TWO_PORTS.replace("cores: [1]", "cores: [" + cpus + "]")));

            assertTrue(ex.getMessage().startsWith("cores[0]: CPU " + cpus + " does not exist: this machine has " +
                cpus + (1 == cpus ? " CPU" : " CPUs")), ex.getMessage());
        }
    }

    @Nested
    class Ports
    {
        @Test
        void shouldRequireAtLeastOnePort()
        {
            assertOnlyProblem("name: lab\nports: []\n", "ports", "must list at least one port");
        }

        @Test
        void shouldRefuseAnInvalidPortName()
        {
            assertOnlyProblem(port("name: P0", "device: net_null0"), "ports[0].name",
                "'P0' is not a valid port name: use 1 to 8 characters from a-z and 0-9");
            assertOnlyProblem(port("name: uplink-0", "device: net_null0"), "ports[0].name",
                "'uplink-0' is not a valid port name");
            assertOnlyProblem(port("name: abcdefghi", "device: net_null0"), "ports[0].name",
                "'abcdefghi' is not a valid port name");
        }

        @Test
        void shouldRefuseADuplicatePortName()
        {
            assertOnlyProblem(TWO_PORTS.replace("name: p1", "name: p0"), "ports[1].name",
                "'p0' is already the name of ports[0]");
        }

        @Test
        void shouldRequireADevice()
        {
            assertOnlyProblem(port("name: p0"), "ports[0].device", "required (a DPDK vdev string or PCI address)");
            assertOnlyProblem(port("name: p0", "device: ' '"), "ports[0].device", "must not be empty");
        }

        @Test
        void shouldRefuseADuplicateDevice()
        {
            assertOnlyProblem(TWO_PORTS.replace("net_af_packet1", "net_af_packet0"), "ports[1].device",
                "'net_af_packet0' is already the device of ports[0] (p0)");
        }

        @Test
        void shouldCheckQueues() throws ConfigException
        {
            assertOnlyProblem(port("name: p0", "device: d0", "queues: 0"), "ports[0].queues", "0 is out of range 1..16");
            assertOnlyProblem(port("name: p0", "device: d0", "queues: 17"), "ports[0].queues", "17 is out of range 1..16");
            assertEquals(16, ConfigLoader.parse(port("name: p0", "device: d0", "queues: 16"), CPUS).ports().get(0).queues());
        }

        @Test
        void shouldCheckMtu() throws ConfigException
        {
            assertOnlyProblem(port("name: p0", "device: d0", "mtu: 67"), "ports[0].mtu", "67 is out of range 68..9600");
            assertOnlyProblem(port("name: p0", "device: d0", "mtu: 9601"), "ports[0].mtu", "9601 is out of range 68..9600");
            assertEquals(68, ConfigLoader.parse(port("name: p0", "device: d0", "mtu: 68"), CPUS).ports().get(0).mtu());
            assertEquals(9600, ConfigLoader.parse(port("name: p0", "device: d0", "mtu: 9600"), CPUS).ports().get(0).mtu());
        }

        @Test
        void shouldRequireAnIpv6MtuWhenThePortHasAnIpv6Address() throws ConfigException
        {
            assertOnlyProblem(port("name: p0", "device: d0", "mtu: 1279", "addresses: [198.18.1.1/24, 2001:db8::1/64]"),
                "ports[0].mtu", "1279 is below 1280", "RFC 8200", "IPv6 address 2001:db8::1/64");
            assertEquals(1280, ConfigLoader.parse(port("name: p0", "device: d0", "mtu: 1280",
                "addresses: [2001:db8::1/64]"), CPUS).ports().get(0).mtu());
            assertEquals(576, ConfigLoader.parse(port("name: p0", "device: d0", "mtu: 576",
                "addresses: [198.18.1.1/24]"), CPUS).ports().get(0).mtu());
        }

        @Test
        void shouldRefuseAMalformedMac()
        {
            assertOnlyProblem(port("name: p0", "device: d0", "mac: 02:00:00:00:00"), "ports[0].mac",
                "'02:00:00:00:00' is not a MAC address", "xx:xx:xx:xx:xx:xx");
            assertOnlyProblem(port("name: p0", "device: d0", "mac: 02-00-00-00-00-01"), "ports[0].mac",
                "is not a MAC address");
            assertOnlyProblem(port("name: p0", "device: d0", "mac: 02:00:00:00:00:0g"), "ports[0].mac",
                "is not a MAC address");
        }

        @Test
        void shouldRefuseAMulticastOrBroadcastMac()
        {
            assertOnlyProblem(port("name: p0", "device: d0", "mac: 01:00:5e:00:00:01"), "ports[0].mac",
                "01:00:5e:00:00:01 is a multicast address", "must be unicast");
            assertOnlyProblem(port("name: p0", "device: d0", "mac: FF:FF:FF:FF:FF:FF"), "ports[0].mac",
                "ff:ff:ff:ff:ff:ff is the broadcast address");
            assertOnlyProblem(port("name: p0", "device: d0", "mac: 00:00:00:00:00:00"), "ports[0].mac",
                "not a usable station address");
        }

        @Test
        void shouldRefuseAnAddressThatDoesNotParse()
        {
            assertOnlyProblem(port("name: p0", "device: d0", "addresses: [198.18.1.1/24, 198.18.1.300/24]"),
                "ports[0].addresses[1]", "'198.18.1.300/24' is not an IPv4 interface address", "300");
            assertOnlyProblem(port("name: p0", "device: d0", "addresses: ['2001:db8::g/64']"),
                "ports[0].addresses[0]", "'2001:db8::g/64' is not an IPv6 interface address");
        }

        @Test
        void shouldRequireThePrefixLengthOfAnAddress()
        {
            assertOnlyProblem(port("name: p0", "device: d0", "addresses: [198.18.1.1]"), "ports[0].addresses[0]",
                "'198.18.1.1' is not an IPv4 interface address: missing '/length'");
        }

        @Test
        void shouldRefuseAnAddressOnTwoPorts()
        {
            assertOnlyProblem(TWO_PORTS.replace("198.18.2.1/24", "198.18.1.1/16"), "ports[1].addresses[0]",
                "198.18.1.1 is already an address of this router, at ports[0].addresses[0] on p0");
        }

        @Test
        void shouldRefuseAnAddressTwiceOnOnePort()
        {
            assertOnlyProblem(port("name: p0", "device: d0", "addresses: [198.18.1.1/24, 198.18.1.1/24]"),
                "ports[0].addresses[1]", "198.18.1.1 is already an address of this router, at ports[0].addresses[0]");
        }

        @Test
        void shouldRefuseANetworkConnectedToTwoPorts()
        {
            assertOnlyProblem(TWO_PORTS.replace("198.18.2.1/24", "198.18.1.2/24"), "ports[1].addresses[0]",
                "network 198.18.1.0/24 is already connected to ports[0] (p0)");
        }

        @Test
        void shouldAllowTwoAddressesInOneNetworkOnOnePort() throws ConfigException
        {
            assertEquals(2, ConfigLoader.parse(port("name: p0", "device: d0",
                "addresses: [198.18.1.1/24, 198.18.1.2/24]"), CPUS).ports().get(0).addresses().size());
        }

        @Test
        void shouldRefuseAddressesAHostCannotHave()
        {
            assertOnlyProblem(port("name: p0", "device: d0", "addresses: [198.18.1.0/24]"), "ports[0].addresses[0]",
                "198.18.1.0/24: the network address of 198.18.1.0/24, not an address a port can have");
            assertOnlyProblem(port("name: p0", "device: d0", "addresses: [198.18.1.255/24]"), "ports[0].addresses[0]",
                "the broadcast address of 198.18.1.0/24");
            assertOnlyProblem(port("name: p0", "device: d0", "addresses: [127.0.0.1/8]"), "ports[0].addresses[0]",
                "a loopback address");
            assertOnlyProblem(port("name: p0", "device: d0", "addresses: [224.0.0.5/24]"), "ports[0].addresses[0]",
                "a multicast address");
            assertOnlyProblem(port("name: p0", "device: d0", "addresses: ['ff02::1/64']"), "ports[0].addresses[0]",
                "a multicast address");
            assertOnlyProblem(port("name: p0", "device: d0", "addresses: ['::1/64']"), "ports[0].addresses[0]",
                "the loopback address");
            assertOnlyProblem(port("name: p0", "device: d0", "addresses: ['2001:db8::/64']"), "ports[0].addresses[0]",
                "the Subnet-Router anycast address of 2001:db8::/64");
        }

        @Test
        void shouldAllowBothAddressesOfAPointToPointSubnet() throws ConfigException
        {
            assertEquals(2, ConfigLoader.parse(port("name: p0", "device: d0",
                "addresses: [203.0.113.0/31, '2001:db8::/127']"), CPUS).ports().get(0).addresses().size());
        }
    }

    @Nested
    class Routes
    {
        @Test
        void shouldRequireOneOfViaInterfaceOrBlackhole()
        {
            assertOnlyProblem(routes("{prefix: 198.18.100.0/24}"), "routes[0]",
                "give exactly one of 'via', 'interface' or 'blackhole: true'");
            assertOnlyProblem(routes("{prefix: 198.18.100.0/24, blackhole: false}"), "routes[0]",
                "give exactly one of 'via', 'interface' or 'blackhole: true'");
        }

        @Test
        void shouldRefuseTwoOfViaInterfaceAndBlackhole()
        {
            assertOnlyProblem(routes("{prefix: 198.18.100.0/24, via: 198.18.1.2, interface: p0}"), "routes[0]",
                "'via' and 'interface' are both given; give exactly one");
            assertOnlyProblem(routes("{prefix: 198.18.100.0/24, interface: p0, blackhole: true}"), "routes[0]",
                "'interface' and 'blackhole' are both given");
        }

        @Test
        void shouldAcceptAViaWithBlackholeFalse() throws ConfigException
        {
            assertEquals(List.of(StaticRoute.via(IpPrefix.parse("198.18.100.0/24"), IpAddress.parse("198.18.1.2"))),
                ConfigLoader.parse(routes("{prefix: 198.18.100.0/24, via: 198.18.1.2, blackhole: false}"), CPUS)
                    .routes());
        }

        @Test
        void shouldRefuseHostBitsInThePrefixWithTheRoutingParsersMessage()
        {
            final String expected = assertThrows(IllegalArgumentException.class,
                () -> IpPrefix.parse("198.18.100.1/24")).getMessage();

            assertEquals(List.of("routes[0].prefix: " + expected),
                problemsOf(routes("{prefix: 198.18.100.1/24, blackhole: true}")));
            assertTrue(expected.contains("host bits"), expected);
        }

        @Test
        void shouldRefuseAPrefixThatDoesNotParse()
        {
            assertOnlyProblem(routes("{prefix: 198.18.100.0, blackhole: true}"), "routes[0].prefix",
                "'198.18.100.0' is not an IPv4 prefix: missing '/length'");
            assertOnlyProblem(routes("{prefix: default, blackhole: true}"), "routes[0].prefix",
                "'default' is not an IPv4 or IPv6 prefix");
            assertOnlyProblem(routes("{via: 198.18.1.2}"), "routes[0].prefix", "required");
        }

        @Test
        void shouldRefuseAnIpv4GatewayForAnIpv6Prefix()
        {
            assertOnlyProblem(routes("{prefix: '2001:db8:100::/48', via: 198.18.1.2}"), "routes[0].via",
                "198.18.1.2 is an IPv4 address but the prefix 2001:db8:100::/48 is IPv6");
        }

        /** RFC 8950's next hop in a static route: an IPv4 prefix through an IPv6 gateway on a connected network. */
        @Test
        void shouldAcceptAnIpv6GatewayForAnIpv4Prefix() throws ConfigException
        {
            assertEquals(List.of(StaticRoute.via(IpPrefix.parse("198.18.100.0/24"), IpAddress.parse("2001:db8:1::2"))),
                ConfigLoader.parse(routes("{prefix: 198.18.100.0/24, via: '2001:db8:1::2'}"), CPUS).routes());
            assertOnlyProblem(routes("{prefix: 198.18.100.0/24, via: '2001:db8:9::2'}"), "routes[0].via",
                "(connected IPv6 networks: 2001:db8:1::/64 on p0)");
        }

        @Test
        void shouldRefuseAGatewayThatDoesNotParse()
        {
            assertOnlyProblem(routes("{prefix: 198.18.100.0/24, via: 198.18.1}"), "routes[0].via",
                "'198.18.1' is not an IPv4 address");
        }

        @Test
        void shouldRequireTheGatewayInsideAConnectedNetwork()
        {
            assertOnlyProblem(routes("{prefix: 198.18.100.0/24, via: 198.18.9.9}"), "routes[0].via",
                "198.18.9.9 is not inside a network connected to any port (connected IPv4 networks: " +
                    "198.18.1.0/24 on p0, 198.18.2.0/24 on p1)", "not resolved recursively");
            assertOnlyProblem(routes("{prefix: '2001:db8:100::/48', via: '2001:db8:2::2'}"), "routes[0].via",
                "(connected IPv6 networks: 2001:db8:1::/64 on p0)");
        }

        @Test
        void shouldRefuseTheRoutersOwnAddressAsGateway()
        {
            assertOnlyProblem(routes("{prefix: 198.18.100.0/24, via: 198.18.2.1}"), "routes[0].via",
                "198.18.2.1 is this router's own address (ports[1].addresses[0] on p1), not a gateway");
        }

        @Test
        void shouldRefuseAGatewayThatIsNotAHost()
        {
            assertOnlyProblem(routes("{prefix: 198.18.100.0/24, via: 198.18.2.255}"), "routes[0].via",
                "198.18.2.255 is the broadcast address of 198.18.2.0/24");
            assertOnlyProblem(routes("{prefix: 198.18.100.0/24, via: 224.0.0.1}"), "routes[0].via",
                "224.0.0.1 is a multicast address (RFC 5771), not a gateway address");
        }

        @Test
        void shouldReadRoutesFromARoutesFileBesideTheConfig(@TempDir final Path dir) throws IOException, ConfigException
        {
            Files.writeString(dir.resolve("bulk.routes"), """
                # bulk static routes
                198.18.100.0/24 via 198.18.1.2
                198.18.101.0/24 via 198.18.1.2 198.18.2.2   # ECMP

                2001:db8:100::/48 interface p0
                198.18.102.0/24 blackhole
                """);
            final Path config = dir.resolve("junction.yaml");
            Files.writeString(config, TWO_PORTS + "routes:\n  - {prefix: 198.18.99.0/24, blackhole: true}\n" +
                "routes-file: bulk.routes\n");

            assertEquals(List.of(
                StaticRoute.blackhole(IpPrefix.parse("198.18.99.0/24")),
                StaticRoute.via(IpPrefix.parse("198.18.100.0/24"), IpAddress.parse("198.18.1.2")),
                StaticRoute.via(IpPrefix.parse("198.18.101.0/24"), IpAddress.parse("198.18.1.2"),
                    IpAddress.parse("198.18.2.2")),
                StaticRoute.onInterface(IpPrefix.parse("2001:db8:100::/48"), "p0"),
                StaticRoute.blackhole(IpPrefix.parse("198.18.102.0/24"))), ConfigLoader.load(config, CPUS).routes());
        }

        @Test
        void shouldReportEachBadLineOfARoutesFileByLineNumber(@TempDir final Path dir) throws IOException
        {
            final Path routes = dir.resolve("bulk.routes");
            Files.writeString(routes, """
                198.18.100.0/24 via 198.18.1.2
                198.18.100.0/24 blackhole
                198.18.101.0/24 to 198.18.1.2
                198.18.102.0/24 via 198.18.9.9
                """);

            final ConfigException ex = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(TWO_PORTS + "routes-file: " + routes + "\n", CPUS));

            assertEquals(3, ex.problems().size(), ex.problems().toString());
            assertTrue(ex.problems().get(0).startsWith(routes + ":2.prefix: 198.18.100.0/24 is already routed by " +
                routes + ":1"), ex.problems().get(0));
            assertTrue(ex.problems().get(1).startsWith(routes + ":3: '198.18.101.0/24 to 198.18.1.2' is not a route"),
                ex.problems().get(1));
            assertTrue(ex.problems().get(2).startsWith(routes + ":4.via: 198.18.9.9 is not inside a network"),
                ex.problems().get(2));
        }

        @Test
        void shouldReportAMissingRoutesFileAndStopAfterTwentyProblems(@TempDir final Path dir) throws IOException
        {
            assertOnlyProblem(TWO_PORTS + "routes-file: " + dir.resolve("none") + "\n", "routes-file",
                "cannot read " + dir.resolve("none") + ": no such file");

            final Path routes = dir.resolve("bad.routes");
            Files.writeString(routes, "nonsense\n".repeat(100));
            final ConfigException ex = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(TWO_PORTS + "routes-file: " + routes + "\n", CPUS));
            assertEquals(21, ex.problems().size());
            assertTrue(ex.problems().getLast().contains("stopped reading " + routes + " at line 21"),
                ex.problems().getLast());
        }

        @Test
        void shouldReadSeveralGatewaysAsAnEcmpRoute() throws ConfigException
        {
            final JunctionConfig config = ConfigLoader.parse(
                routes("{prefix: 198.18.100.0/24, via: [198.18.1.2, 198.18.2.2]}"), CPUS);

            assertEquals(List.of(StaticRoute.via(IpPrefix.parse("198.18.100.0/24"),
                IpAddress.parse("198.18.1.2"), IpAddress.parse("198.18.2.2"))), config.routes());
            assertEquals("198.18.100.0/24 via 198.18.1.2, 198.18.2.2", config.routes().getFirst().describe());
        }

        @Test
        void shouldReportEachBadGatewayOfAnEcmpRouteByItsPosition()
        {
            assertOnlyProblem(routes("{prefix: 198.18.100.0/24, via: [198.18.1.2, 198.18.9.9]}"), "routes[0].via[1]",
                "198.18.9.9 is not inside a network connected to any port");
            assertOnlyProblem(routes("{prefix: 198.18.100.0/24, via: [198.18.1.2, 198.18.1.2]}"), "routes[0].via[1]",
                "198.18.1.2 is listed twice");
            assertOnlyProblem(routes("{prefix: 198.18.100.0/24, via: []}"), "routes[0].via",
                "expected 1..16 gateways, got 0");
        }

        @Test
        void shouldRequireTheInterfaceToBeAPort()
        {
            assertOnlyProblem(routes("{prefix: 198.18.100.0/24, interface: p2}"), "routes[0].interface",
                "no port named 'p2' (the ports are p0, p1)");
        }

        @Test
        void shouldRefuseADuplicatePrefix()
        {
            assertOnlyProblem(routes("{prefix: 198.18.100.0/24, blackhole: true}",
                    "{prefix: 198.18.101.0/24, blackhole: true}", "{prefix: 198.18.100.0/24, via: 198.18.1.2}"),
                "routes[2].prefix", "198.18.100.0/24 is already routed by routes[0].prefix");
        }

        @Test
        void shouldRefuseAnEntryThatIsNotAMapping()
        {
            assertOnlyProblem(routes("198.18.100.0/24 via 198.18.1.2"), "routes[0]", "expected a mapping");
        }
    }

    @Nested
    class Neighbors
    {
        @Test
        void shouldRequireTheAddressInsideTheNetworksOfItsPort()
        {
            assertOnlyProblem(neighbors("{address: 198.18.2.2, port: p0, mac: 02:00:00:00:00:02}"),
                "neighbors[0].address", "198.18.2.2 is not inside a network connected to port p0 " +
                    "(its IPv4 networks: 198.18.1.0/24)");
        }

        @Test
        void shouldRequireAnAddressOfTheFamilyOfThePortsNetworks()
        {
            assertOnlyProblem(neighbors("{address: '2001:db8:1::2', port: p1, mac: 02:00:00:00:00:02}"),
                "neighbors[0].address", "2001:db8:1::2 is not inside a network connected to port p1 " +
                    "(it has no IPv6 address)");
        }

        @Test
        void shouldRequireThePortToExist()
        {
            assertOnlyProblem(neighbors("{address: 198.18.2.2, port: p7, mac: 02:00:00:00:00:02}"),
                "neighbors[0].port", "no port named 'p7' (the ports are p0, p1)");
        }

        @Test
        void shouldRequireAUnicastMac()
        {
            assertOnlyProblem(neighbors("{address: 198.18.2.2, port: p1, mac: 33:33:00:00:00:01}"),
                "neighbors[0].mac", "33:33:00:00:00:01 is a multicast address");
            assertOnlyProblem(neighbors("{address: 198.18.2.2, port: p1, mac: 02:00:00:00:02}"),
                "neighbors[0].mac", "is not a MAC address");
            assertOnlyProblem(neighbors("{address: 198.18.2.2, port: p1}"), "neighbors[0].mac", "required");
        }

        @Test
        void shouldRefuseAnAddressThatDoesNotParse()
        {
            assertOnlyProblem(neighbors("{address: 198.18.2.256, port: p1, mac: 02:00:00:00:00:02}"),
                "neighbors[0].address", "'198.18.2.256' is not an IPv4 address");
        }

        @Test
        void shouldRefuseTheRoutersOwnAddress()
        {
            assertOnlyProblem(neighbors("{address: 198.18.2.1, port: p1, mac: 02:00:00:00:00:02}"),
                "neighbors[0].address", "198.18.2.1 is this router's own address (ports[1].addresses[0] on p1)");
        }

        @Test
        void shouldRefuseTheNetworkAddressOfTheLink()
        {
            assertOnlyProblem(neighbors("{address: 198.18.2.0, port: p1, mac: 02:00:00:00:00:02}"),
                "neighbors[0].address", "198.18.2.0 is the network address of 198.18.2.0/24");
        }

        @Test
        void shouldRefuseTheSameNeighborTwice()
        {
            assertOnlyProblem(neighbors("{address: 198.18.2.2, port: p1, mac: 02:00:00:00:00:02}",
                    "{address: 198.18.2.2, port: p1, mac: 02:00:00:00:00:03}"),
                "neighbors[1].address", "198.18.2.2 on port p1 is already given at neighbors[0].address");
        }
    }

    @Nested
    class Cascades
    {
        @Test
        void shouldNotReportAReferenceToAPortWhoseNameIsInvalid()
        {
            assertOnlyProblem(TWO_PORTS.replace("name: p1", "name: P1") +
                "routes:\n  - {prefix: 198.18.100.0/24, interface: P1}\n" +
                "neighbors:\n  - {address: 198.18.2.2, port: P1, mac: 02:00:00:00:00:02}\n",
                "ports[1].name", "'P1' is not a valid port name");
        }

        @Test
        void shouldNotReportAGatewayWhenAPortHasAMisspeltKey()
        {
            assertOnlyProblem(TWO_PORTS.replace("addresses: [198.18.2.1/24]", "adresses: [198.18.2.1/24]") +
                "routes:\n  - {prefix: 198.18.100.0/24, via: 198.18.2.2}\n",
                "ports[1].adresses", "did you mean 'addresses'?");
        }

        @Test
        void shouldNotReportAGatewayWhenAnAddressOfAPortIsInvalid()
        {
            assertOnlyProblem(TWO_PORTS.replace("198.18.2.1/24", "198.18.2.1/33") +
                "routes:\n  - {prefix: 198.18.100.0/24, via: 198.18.2.2}\n",
                "ports[1].addresses[0]", "prefix length 33 is outside 0..32");
        }
    }

    @Test
    void shouldDescribeTheConfigForAPerson() throws ConfigException
    {
        final JunctionConfig config = ConfigLoader.parse(TWO_PORTS + """
            dpdk: {extra-args: [--in-memory]}
            routes:
              - {prefix: 198.18.100.0/24, via: 198.18.2.2}
              - {prefix: 198.18.200.0/24, interface: p1}
              - {prefix: 198.18.201.0/24, blackhole: true}
            neighbors:
              - {address: 198.18.2.2, port: p1, mac: 02:00:00:00:00:02}
            """, CPUS);

        assertEquals("""
            instance lab
              cores [1]
              dpdk memory 512 MB, hugepages off, extra args [--in-memory]
              port p0 (net_af_packet0): 1 queue, mtu 1500, mac device default, addresses 198.18.1.1/24 \
            2001:db8:1::1/64, exception path jt-p0
              port p1 (net_af_packet1): 1 queue, mtu 1500, mac device default, addresses 198.18.2.1/24, \
            exception path jt-p1
              route 198.18.100.0/24 via 198.18.2.2
              route 198.18.200.0/24 interface p1
              route 198.18.201.0/24 blackhole
              neighbor 198.18.2.2 on p1 is 02:00:00:00:00:02
            """, config.describe());
        assertTrue(config.neighbors().get(0).toString().contains("mac=02:00:00:00:00:02"));
        assertTrue(config.toString().contains("mac=device default"));
    }

    // ------------------------------------------------------------------------------------- helpers

    /** A one-port configuration, port p0 on device net_null0 with one more field. */
    private static String portWith(final String line)
    {
        return port("name: p0", "device: net_null0", line);
    }

    private static List<String> problemsOf(final String yaml)
    {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, CPUS),
            () -> "expected problems in:\n" + yaml).problems();
    }

    /** Asserts {@code yaml} has exactly one problem, at {@code path}, whose message contains each of {@code gist}. */
    private static void assertOnlyProblem(final String yaml, final String path, final String... gist)
    {
        final List<String> problems = problemsOf(yaml);
        assertEquals(1, problems.size(), () -> "expected one problem, got:\n" + String.join("\n", problems));
        final String problem = problems.get(0);
        assertTrue(problem.startsWith(path + ": "), () -> "expected the path '" + path + "' in: " + problem);
        for (final String part : gist)
        {
            assertTrue(problem.contains(part), () -> "expected '" + part + "' in: " + problem);
        }
    }

    private static Path contractsFile()
    {
        // Surefire runs in control-agent/; the IDE may run in the repository root.
        final Path fromModule = Path.of("..", "docs", "contracts.md");
        return Files.exists(fromModule) ? fromModule : Path.of("docs", "contracts.md");
    }

    private static String yamlBlockOf(final String markdown)
    {
        final int start = markdown.indexOf("```yaml\n");
        assertTrue(start >= 0, "contracts.md has no ```yaml block");
        final int end = markdown.indexOf("```", start + 8);
        return markdown.substring(start + 8, end);
    }
}
