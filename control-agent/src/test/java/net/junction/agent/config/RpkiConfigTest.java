/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.rpki.RpkiConfig;
import net.junction.bgp.rpki.ValidationState;
import net.junction.routing.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bgp.rpki} and the {@code rpki} policy match: read, and every bad value refused with its field named. */
class RpkiConfigTest
{
    private static final String BASE = """
        name: lab
        cores: [1]
        ports:
          - {name: p0, device: net_af_packet0, addresses: [198.18.1.1/24]}
        bgp:
          local-as: 65000
          router-id: 198.18.0.1
        """;

    @TempDir
    Path temp;

    private BgpConfig parse(final String more) throws ConfigException
    {
        return ConfigLoader.parse(BASE + more, 4, temp).bgp().orElseThrow();
    }

    private List<String> problems(final String more)
    {
        return assertThrows(ConfigException.class, () -> parse(more)).problems();
    }

    @Test
    void shouldHaveNoCachesByDefault() throws Exception
    {
        assertEquals(RpkiConfig.NONE, parse("").rpki());
    }

    @Test
    void shouldReadCachesAndTheMatch() throws Exception
    {
        final BgpConfig bgp = parse("""
              rpki:
                caches:
                  - {address: 127.0.0.1, port: 8282}
                  - {address: "2001:db8::10", port: 323, preference: 2, refresh: 30, retry: 10, expire: 600}
              policies:
                in:
                  terms:
                    - {name: invalid, match: {rpki: invalid}, then: reject}
                    - {name: known, match: {rpki: [valid, not-found]}, then: accept}
                  otherwise: reject
            """);
        assertEquals(List.of(
            new RpkiConfig.Cache(IpAddress.parse("127.0.0.1"), 8282, 0, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty()),
            new RpkiConfig.Cache(IpAddress.parse("2001:db8::10"), 323, 2, OptionalInt.of(30), OptionalInt.of(10), OptionalInt.of(600))),
            bgp.rpki().caches());
        assertEquals("[2001:db8::10]:323", bgp.rpki().caches().get(1).name());
        assertEquals(List.of(ValidationState.INVALID), bgp.policies().get("in").terms().get(0).match().rpki());
        assertEquals(List.of(ValidationState.VALID, ValidationState.NOT_FOUND),
            bgp.policies().get("in").terms().get(1).match().rpki());
    }

    @Test
    void shouldNameEveryBadField()
    {
        final List<String> problems = problems("""
              rpki:
                caches:
                  - {address: 127.0.0.300, port: 0}
                  - {address: 127.0.0.1, port: 8282, preference: 300, refresh: 0, retry: 7201, expire: 59}
                  - {port: 8282, timeout: 5}
                  - {address: 127.0.0.1, port: 8282}
                  - {address: 127.0.0.2, port: 8282, refresh: 600, expire: 600}
                  - {address: 127.0.0.1, port: 8282}
              policies:
                in:
                  terms:
                    - {name: bad, match: {rpki: unknown}, then: reject}
                  otherwise: reject
            """);
        final String all = String.join("\n", problems);
        for (final String expected : List.of(
            "bgp.rpki.caches[0].address:", "bgp.rpki.caches[0].port: 0 is out of range 1..65535",
            "bgp.rpki.caches[1].preference: 300 is out of range 0..255", "bgp.rpki.caches[1].refresh: 0 is out of range",
            "bgp.rpki.caches[1].retry: 7201 is out of range", "bgp.rpki.caches[1].expire: 59 is out of range 60..172800",
            "bgp.rpki.caches[2].address: required", "bgp.rpki.caches[2].timeout: unknown key",
            "bgp.rpki.caches[5]: another cache is at 127.0.0.1:8282",
            "bgp.rpki.caches[4].expire: must be longer than refresh and retry",
            "bgp.policies.in.terms[0].match.rpki: 'unknown' is not an RPKI state: valid, invalid or not-found"))
        {
            assertTrue(all.contains(expected), "expected '" + expected + "' in:\n" + all);
        }
    }

    @Test
    void shouldShowCacheAndMatchChangesInTheDiff() throws Exception
    {
        final String policy = """
              policies:
                in:
                  terms:
                    - {name: t, match: {rpki: %s}, then: reject}
                  otherwise: accept
            """;
        final JunctionConfig before = ConfigLoader.parse(BASE + policy.formatted("invalid"), 4, temp);
        final JunctionConfig after = ConfigLoader.parse(BASE + """
              rpki:
                caches: [{address: 127.0.0.1, port: 8282, preference: 1, refresh: 30}]
            """ + policy.formatted("[invalid, not-found]"), 4, temp);
        final var diff = net.junction.agent.config.diff.ConfigDiffer.diff("a", before, "b", after, "before", "after");
        assertTrue(diff.change(net.junction.agent.config.diff.ObjectKind.BGP, "bgp").orElseThrow().changes("rpki.caches"));
        assertTrue(diff.change(net.junction.agent.config.diff.ObjectKind.POLICY_TERM, "in/t").orElseThrow().changes("match.rpki"));
        assertTrue(net.junction.agent.commit.RestartRules.check(before, after).isEmpty(), "RPKI changes are made live");
    }
}
