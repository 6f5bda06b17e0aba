/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import net.junction.agent.commit.RestartRules;
import net.junction.agent.config.diff.ConfigDiffer;
import net.junction.agent.config.diff.ObjectKind;
import net.junction.agent.journal.JournalConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code journal:} section: read, checked with the field named, diffed, and changed only by a restart. */
class JournalConfigTest
{
    private static final String BASE = """
        name: lab
        cores: [1]
        ports:
          - {name: p0, device: net_af_packet0, addresses: [198.18.1.1/24]}
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
    void shouldBeOnWithThirtyDaysAndFourGibibytesByDefault() throws Exception
    {
        final JunctionConfig config = parse("");
        assertEquals(JournalConfig.DEFAULTS, config.journal());
        assertEquals(new JournalConfig(true, 30, 4L << 30), config.journal());
        assertEquals(JournalConfiguration.DEFAULT, config.journal().configuration());
        assertEquals(JournalConfig.DEFAULTS, parse("journal: {}").journal());
    }

    @Test
    void shouldReadEveryField() throws Exception
    {
        final JournalConfig journal = parse("""
            journal:
              enabled: false
              retention-days: 7
              max-size: 512MiB
            """).journal();
        assertEquals(new JournalConfig(false, 7, 512L << 20), journal);
        assertEquals(Duration.ofDays(7), journal.configuration().retention());
        assertEquals(512L << 20, journal.configuration().maxBytes());
        assertEquals(1L << 40, parse("journal: {max-size: 1TiB}").journal().maxBytes());
        assertEquals(100_000_000L, parse("journal: {max-size: 100000000}").journal().maxBytes(), "bytes");
        assertEquals(2L << 30, parse("journal: {max-size: 2 GiB}").journal().maxBytes());
        assertEquals("off, 7 days, at most 512MiB", journal.describe());
    }

    @Test
    void shouldNameTheFieldOfEveryBadValueAndChangeNothing()
    {
        assertEquals(List.of("journal.retention-days: 0 is out of range 1..3650"), problems("journal: {retention-days: 0}"));
        assertEquals(List.of("journal.retention-days: 3651 is out of range 1..3650"), problems("journal: {retention-days: 3651}"));
        assertEquals(List.of("journal.retention-days: expected an integer, got '30d'"), problems("journal: {retention-days: 30d}"));
        assertEquals(List.of("journal.max-size: '32MiB' is out of range 64MiB..1TiB"), problems("journal: {max-size: 32MiB}"));
        assertEquals(List.of("journal.max-size: '2TiB' is out of range 64MiB..1TiB"), problems("journal: {max-size: 2TiB}"));
        assertEquals(List.of("journal.max-size: 1000 is out of range 64MiB..1TiB"), problems("journal: {max-size: 1000}"));
        assertEquals(List.of("journal.max-size: '4GB' is not a size: give bytes, or a whole number of MiB, GiB or TiB (4GiB)"),
            problems("journal: {max-size: 4GB}"));
        assertEquals(List.of("journal.enabled: expected true or false, got 'yes'"), problems("journal: {enabled: 'yes'}"));
        assertEquals(List.of("journal.retention-day: unknown key, did you mean 'retention-days'?"),
            problems("journal: {retention-day: 3}"));
        assertTrue(problems("journal: on").getFirst().startsWith("journal: expected a mapping"));
        assertThrows(IllegalArgumentException.class, () -> new JournalConfig(true, 0, 4L << 30));
        assertThrows(IllegalArgumentException.class, () -> new JournalConfig(true, 30, 1L << 20));
    }

    @Test
    void shouldShowAChangeInTheDiffAndNeedARestartForIt() throws Exception
    {
        final JunctionConfig before = parse("");
        final JunctionConfig after = parse("journal: {retention-days: 7}\n");
        assertEquals(List.of("journal: on, 30 days, at most 4GiB -> on, 7 days, at most 4GiB: the route journal is opened " +
            "when the router starts; changing it needs a restart"), RestartRules.check(before, after));
        final var diff = ConfigDiffer.diff("a", before, "b", after, "before", "after");
        assertTrue(diff.change(ObjectKind.JOURNAL, "journal").orElseThrow().changes("retention-days"));
        assertTrue(RestartRules.check(before, parse("journal: {enabled: true}")).isEmpty(), "the default, said");
        assertTrue(ConfigDiffer.diff("", null, "a", before, "none", "first").change(ObjectKind.JOURNAL, "journal").isEmpty(),
            "a first configuration with the default journal shows no journal change");
    }
}
