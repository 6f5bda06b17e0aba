/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import net.junction.bgp.bmp.BmpConfig;
import net.junction.bgp.config.BgpConfig;
import net.junction.routing.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bgp.bmp}: read with its defaults, every bad value refused with its field named, changes made live. */
class BmpConfigTest
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

    @Test
    void shouldHaveNoStationsByDefault() throws Exception
    {
        assertEquals(BmpConfig.NONE, parse("").bmp());
    }

    @Test
    void shouldReadStationsWithDefaults() throws Exception
    {
        final BgpConfig bgp = parse("""
              bmp:
                stations:
                  - {address: 198.18.0.20, port: 11019}
                  - {address: "2001:db8::20", port: 5000, monitoring: [post-policy, loc-rib], statistics-interval: 5,
                     retry: 2, queue-limit: 5000}
                  - {address: 198.18.0.21, port: 11019, monitoring: loc-rib, statistics-interval: 0}
            """);
        assertEquals(List.of(
            new BmpConfig.Station(IpAddress.parse("198.18.0.20"), 11019, true, true, true,
                BmpConfig.DEFAULT_STATISTICS_INTERVAL, BmpConfig.DEFAULT_RETRY, BmpConfig.DEFAULT_QUEUE_LIMIT),
            new BmpConfig.Station(IpAddress.parse("2001:db8::20"), 5000, false, true, true, 5, 2, 5000),
            new BmpConfig.Station(IpAddress.parse("198.18.0.21"), 11019, false, false, true, 0,
                BmpConfig.DEFAULT_RETRY, BmpConfig.DEFAULT_QUEUE_LIMIT)), bgp.bmp().stations());
        assertEquals("[2001:db8::20]:5000", bgp.bmp().stations().get(1).name());
    }

    @Test
    void shouldNameEveryBadField()
    {
        final List<String> problems = assertThrows(ConfigException.class, () -> parse("""
              bmp:
                stations:
                  - {address: 198.18.0.300, port: 0}
                  - {address: 198.18.0.20, port: 11019, monitoring: [pre-policy, adj-rib-out], statistics-interval: -1,
                     retry: 0, queue-limit: 10}
                  - {port: 11019, interval: 5}
                  - {address: 198.18.0.20, port: 11019}
                  - {address: 198.18.0.20, port: 11019}
                  - {address: 198.18.0.22, port: 11019, monitoring: []}
            """)).problems();
        final String all = String.join("\n", problems);
        for (final String expected : List.of(
            "bgp.bmp.stations[0].address:", "bgp.bmp.stations[0].port: 0 is out of range 1..65535",
            "bgp.bmp.stations[1].monitoring[1]: 'adj-rib-out' is not one of pre-policy, post-policy, loc-rib",
            "bgp.bmp.stations[1].statistics-interval: -1 is out of range 0..86400",
            "bgp.bmp.stations[1].retry: 0 is out of range 1..3600",
            "bgp.bmp.stations[1].queue-limit: 10 is out of range 1000..10000000",
            "bgp.bmp.stations[2].address: required", "bgp.bmp.stations[2].interval: unknown key",
            "bgp.bmp.stations[4]: another station is at 198.18.0.20:11019",
            "bgp.bmp.stations[5].monitoring: at least one of pre-policy, post-policy, loc-rib"))
        {
            assertTrue(all.contains(expected), "expected '" + expected + "' in:\n" + all);
        }
    }

    @Test
    void shouldShowStationChangesInTheDiffAndApplyThemLive() throws Exception
    {
        final JunctionConfig before = ConfigLoader.parse(BASE, 4, temp);
        final JunctionConfig after = ConfigLoader.parse(BASE + """
              bmp:
                stations: [{address: 198.18.0.20, port: 11019, monitoring: loc-rib}]
            """, 4, temp);
        final var diff = net.junction.agent.config.diff.ConfigDiffer.diff("a", before, "b", after, "before", "after");
        assertTrue(diff.change(net.junction.agent.config.diff.ObjectKind.BGP, "bgp").orElseThrow().changes("bmp.stations"));
        assertTrue(net.junction.agent.commit.RestartRules.check(before, after).isEmpty(), "BMP changes are made live");
    }
}
