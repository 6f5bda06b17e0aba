/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.commit;

import static net.junction.agent.commit.Fixtures.BASE;
import static net.junction.agent.config.ConfigDocuments.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import net.junction.agent.commit.Fixtures.ManualClock;
import net.junction.agent.commit.Fixtures.RecordingApplier;

/**
 * Invalid candidates, each refused by the validator with the field named, the state directory
 * byte for byte as it was and the applier never called.
 */
class InvalidCandidateTest
{
    @TempDir
    Path temp;

    static Stream<Arguments> candidates()
    {
        return Stream.of(
            Arguments.of("name: Lab!", "name", edit(BASE, "name: lab", "name: Lab!")),
            Arguments.of("no cores", "cores", edit(BASE, "cores: [1]", "cores: []")),
            Arguments.of("a CPU that is not there", "cores[0]", edit(BASE, "cores: [1]", "cores: [99]")),
            Arguments.of("dpdk memory too small", "dpdk.memory-mb", edit(BASE, "cores: [1]", "cores: [1]\ndpdk: {memory-mb: 1}")),
            Arguments.of("unknown top-level key", "rotues", edit(BASE, "routes:", "rotues:")),
            Arguments.of("mtu below 68", "ports[0].mtu",
                edit(BASE, "device: net_af_packet0\n", "device: net_af_packet0\n    mtu: 50\n")),
            Arguments.of("no queues", "ports[0].queues",
                edit(BASE, "device: net_af_packet0\n", "device: net_af_packet0\n    queues: 0\n")),
            Arguments.of("a MAC that is not one", "ports[0].mac",
                edit(BASE, "device: net_af_packet0\n", "device: net_af_packet0\n    mac: zz:00:00:00:00:01\n")),
            Arguments.of("an address octet past 255", "ports[1].addresses[0]",
                edit(BASE, "addresses: [198.18.2.1/24]", "addresses: [198.18.2.300/24]")),
            Arguments.of("two ports of one name", "ports[1].name", edit(BASE, "name: p1", "name: p0")),
            Arguments.of("a route with host bits", "routes[0].prefix", edit(BASE, "198.18.100.0/24", "198.18.100.1/24")),
            Arguments.of("a route with via and blackhole", "routes[0]",
                edit(BASE, "via: 198.18.2.2}", "via: 198.18.2.2, blackhole: true}")),
            Arguments.of("a gateway on no connected network", "routes[0].via",
                edit(BASE, "{prefix: 198.18.100.0/24, via: 198.18.2.2}", "{prefix: 198.18.100.0/24, via: 198.18.9.9}")),
            Arguments.of("a route through a port that does not exist", "routes[0].interface",
                edit(BASE, "via: 198.18.2.2}", "interface: p9}")),
            Arguments.of("a multicast neighbor MAC", "neighbors[0].mac", edit(BASE, "mac: 02:00:00:00:00:02", "mac: 01:00:5e:00:00:02")),
            Arguments.of("a neighbor on a port that does not exist", "neighbors[0].port",
                edit(BASE, "port: p1, mac", "port: p7, mac")),
            Arguments.of("AS_TRANS as local AS", "bgp.local-as", edit(BASE, "local-as: 4200000001", "local-as: 23456")),
            Arguments.of("router id 0.0.0.0", "bgp.router-id", edit(BASE, "router-id: 198.18.0.1", "router-id: 0.0.0.0")),
            Arguments.of("remote AS 0", "bgp.neighbors[0].remote-as", edit(BASE, "remote-as: 65001", "remote-as: 0")),
            Arguments.of("an undefined import policy", "bgp.neighbors[0].import",
                edit(BASE, "import: from-transit", "import: from-nowhere")),
            Arguments.of("a hold time of 2 s", "bgp.neighbors[0].hold-time",
                edit(BASE, "remote-as: 65001", "remote-as: 65001\n      hold-time: 2")),
            Arguments.of("a term disposition that is none", "bgp.policies.from-transit.terms[0].then",
                edit(BASE, "then: reject}", "then: maybe}")),
            Arguments.of("a policy that ends in next", "bgp.policies.to-transit.otherwise",
                edit(BASE, "      otherwise: reject\n", "      otherwise: next\n").replaceFirst("otherwise: next", "otherwise: reject")),
            Arguments.of("a network that is not a prefix", "bgp.networks[0]", edit(BASE, "networks: [198.18.200.0/24]", "networks: [198.18.200.0/33]")),
            Arguments.of("YAML that does not parse", "line ", edit(BASE, "cores: [1]", "cores: [1")),
            Arguments.of("an empty document", "top level", ""),
            Arguments.of("a JSON document with a bad port name", "ports[0].name",
                "{\"name\": \"lab\", \"ports\": [{\"name\": \"P_0\", \"device\": \"x\", \"addresses\": [\"198.18.1.1/24\"]}]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("candidates")
    void shouldRefuseAnInvalidCandidateNamingTheFieldAndChangeNothing(
        final String what, final String field, final String candidate) throws Exception
    {
        final ManualClock clock = new ManualClock();
        final RecordingApplier applier = new RecordingApplier();
        final Path stateDir = temp.resolve("state");
        try (ConfigLifecycle lifecycle = ConfigLifecycle.open(stateDir, Fixtures.settings(applier, clock, temp)))
        {
            lifecycle.commit(BASE, 0, "alice", "first", OptionalInt.empty());
            final String before = Fixtures.hash(stateDir);

            final CommitRefusedException ex = assertThrows(CommitRefusedException.class,
                () -> lifecycle.commit(candidate, 1, "bob", what, OptionalInt.empty()));

            assertEquals(CommitRefusedException.Reason.INVALID, ex.reason(), ex.getMessage());
            assertTrue(ex.problems().stream().anyMatch(p -> p.startsWith(field)),
                "expected a problem naming " + field + ", got " + ex.problems());
            assertEquals(ex.problems(), lifecycle.validate(candidate));
            assertEquals(before, Fixtures.hash(stateDir));
            assertEquals(1, applier.calls.size());
            assertEquals(1, lifecycle.runningVersion());
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }
}
