/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import net.junction.bgp.mrt.MrtConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bgp.mrt}: read with its defaults, and every bad value refused with its field named. */
class MrtConfigTest
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

    private MrtConfig parse(final String more) throws ConfigException
    {
        return ConfigLoader.parse(BASE + more, 4, temp).bgp().orElseThrow().mrt();
    }

    private String problems(final String more)
    {
        return String.join("\n", assertThrows(ConfigException.class, () -> parse(more)).problems());
    }

    @Test
    void shouldRecordNothingByDefault() throws Exception
    {
        assertEquals(MrtConfig.NONE, parse(""));
    }

    @Test
    void shouldReadTheSectionWithRisDefaults() throws Exception
    {
        assertEquals(new MrtConfig(Optional.of(Path.of("/var/lib/junction/mrt")), 8 * 3600, true, 300, 288),
            parse("  mrt: {directory: /var/lib/junction/mrt/}\n"));
        assertEquals(new MrtConfig(Optional.of(Path.of("/srv/mrt")), 0, true, 60, 10),
            parse("  mrt: {directory: /srv/mrt, table-dump-interval: 0, update-log: true, rotate-interval: 60, keep: 10}\n"));
        assertEquals(new MrtConfig(Optional.of(Path.of("/srv/mrt")), 7200, false, 300, 288),
            parse("  mrt: {directory: /srv/mrt, table-dump-interval: 7200, update-log: false}\n"));
    }

    @Test
    void shouldNameEveryBadField()
    {
        final String all = problems("""
              mrt: {directory: mrt, table-dump-interval: 30, update-log: maybe, rotate-interval: 59, keep: 0, gzip: true}
            """);
        for (final String expected : List.of(
            "bgp.mrt.directory: an absolute path", "bgp.mrt.table-dump-interval: 0 (no table dumps) or 60..604800 seconds",
            "bgp.mrt.update-log:", "bgp.mrt.rotate-interval: 59 is out of range 60..86400",
            "bgp.mrt.keep: 0 is out of range 1..100000", "bgp.mrt.gzip: unknown key"))
        {
            assertTrue(all.contains(expected), "expected '" + expected + "' in:\n" + all);
        }
        assertTrue(problems("  mrt: {table-dump-interval: 60}\n").contains("bgp.mrt.directory: required"));
        assertTrue(problems("  mrt: {directory: /srv/mrt, table-dump-interval: 0, update-log: false}\n")
            .contains("bgp.mrt.update-log: false with table-dump-interval 0 records nothing"));
        assertTrue(problems("  mrt: {directory: /srv/mrt, table-dump-interval: 604801}\n")
            .contains("bgp.mrt.table-dump-interval: 604801 is out of range 0..604800"));
    }
}
