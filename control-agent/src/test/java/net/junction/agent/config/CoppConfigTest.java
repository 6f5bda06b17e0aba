/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import net.junction.agent.commit.RestartRules;
import net.junction.agent.config.diff.ConfigDiffer;
import net.junction.agent.config.diff.ObjectKind;
import net.junction.agent.router.SpecMapping;
import net.junction.dataplane.copp.CoppPolicy;
import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code copp:} section (control-plane policing, issue 14): read with defaults per class and per field, checked
 * with the field named, diffed, changed live (no restart), and handed to the data plane with the BGP neighbors'
 * addresses.
 */
class CoppConfigTest
{
    private static final String BASE = """
        name: lab
        cores: [1]
        ports:
          - {name: p0, device: net_af_packet0, addresses: [198.18.1.1/24, 2001:db8:1::1/64]}
        """;

    @TempDir
    Path temp;

    private JunctionConfig parse(final String more) throws ConfigException
    {
        return ConfigLoader.parse(BASE + more, 4, temp);
    }

    private List<String> problems(final String more)
    {
        return assertThrows(ConfigException.class, () -> parse(more)).problems();
    }

    @Test
    void shouldPoliceAtTheDefaultRatesWhenLeftOut() throws Exception
    {
        assertEquals(CoppConfig.DEFAULTS, parse("").copp());
        assertEquals(CoppConfig.DEFAULTS, parse("copp: {}").copp());
        assertEquals(new CoppPolicy.Rate(20_000, 5_000), CoppConfig.DEFAULTS.bgp());
        assertEquals(new CoppPolicy.Rate(2_000, 500), CoppConfig.DEFAULTS.icmpNdArp());
        assertEquals(new CoppPolicy.Rate(1_000, 250), CoppConfig.DEFAULTS.other());
    }

    @Test
    void shouldReadEveryClassAndKeepTheDefaultOfWhatIsLeftOut() throws Exception
    {
        final CoppConfig copp = parse("""
            copp:
              bgp: {rate-pps: 50000, burst: 10000}
              icmp-nd-arp: {rate-pps: 500}
              other: {burst: 20}
            """).copp();
        assertEquals(new CoppConfig(new CoppPolicy.Rate(50_000, 10_000), new CoppPolicy.Rate(500, 500),
            new CoppPolicy.Rate(1_000, 20)), copp);
        assertEquals("bgp 50000/s burst 10000, icmp-nd-arp 500/s burst 500, other 1000/s burst 20", copp.describe());
    }

    @Test
    void shouldNameTheFieldOfEveryBadValueAndChangeNothing()
    {
        assertEquals(List.of("copp.bgp.rate-pps: 0 is out of range 1..100000000"), problems("copp: {bgp: {rate-pps: 0}}"));
        assertEquals(List.of("copp.other.burst: 0 is out of range 1..1000000"), problems("copp: {other: {burst: 0}}"));
        assertEquals(List.of("copp.icmp-nd-arp.rate-pps: expected an integer, got '1k'"),
            problems("copp: {icmp-nd-arp: {rate-pps: 1k}}"));
        assertEquals(List.of("copp.icmp: unknown key; expected one of bgp, icmp-nd-arp, other"), problems("copp: {icmp: {rate-pps: 5}}"));
        assertEquals(List.of("copp.bgp.rate_pps: unknown key, did you mean 'rate-pps'?"), problems("copp: {bgp: {rate_pps: 5}}"));
        assertTrue(problems("copp: fast").getFirst().startsWith("copp: expected a mapping"));
        assertEquals(2, problems("copp: {bgp: {rate-pps: -1}, other: {burst: 2000000}}").size(), "every problem, not the first");
    }

    @Test
    void shouldShowAChangeInTheDiffAndApplyItWithoutARestart() throws Exception
    {
        final JunctionConfig before = parse("");
        final JunctionConfig after = parse("copp: {other: {rate-pps: 100}}\n");
        assertTrue(RestartRules.check(before, after).isEmpty(), "applied live");
        final var diff = ConfigDiffer.diff("a", before, "b", after, "before", "after");
        assertTrue(diff.change(ObjectKind.COPP, "copp").orElseThrow().changes("other.rate-pps"));
        assertTrue(ConfigDiffer.diff("", null, "a", before, "none", "first").change(ObjectKind.COPP, "copp").isEmpty(),
            "a first configuration at the defaults shows no copp change");
        assertTrue(after.describe().contains("copp bgp 20000/s burst 5000, icmp-nd-arp 2000/s burst 500, other 100/s burst 250"));
    }

    @Test
    void shouldGiveTheDataPlaneTheRatesAndTheBgpNeighborsAddresses() throws Exception
    {
        final JunctionConfig config = parse("""
            copp: {bgp: {rate-pps: 30000}}
            bgp:
              local-as: 4200000001
              router-id: 198.18.0.1
              neighbors:
                - {name: a, address: 198.18.1.2, remote-as: 65001}
                - {name: b, address: '2001:db8:1::2', remote-as: 65002}
            """);
        final CoppPolicy policy = SpecMapping.coppPolicy(config);
        assertEquals(new CoppPolicy.Rate(30_000, 5_000), policy.bgp());
        assertEquals(List.of(Ip4Address.parse("198.18.1.2").value()), policy.bgpNeighbors4());
        assertEquals(List.of(Ip6Address.parse("2001:db8:1::2")), policy.bgpNeighbors6());
        assertEquals(policy, SpecMapping.dataplaneSpec(config, temp).copp());
        assertEquals(CoppPolicy.DEFAULTS, SpecMapping.coppPolicy(parse("")), "no BGP: no neighbor");
    }
}
