/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A micro-measure, not a benchmark: appends of a full-table load (1.25M best-route changes, each
 * a new prefix with a 4-AS path and one community, as `bench bgp`'s table) and prints the rate,
 * so we can tell whether journaling fits in 10% of a load. It asserts only that every change was
 * written. {@code -Djournal.rate.changes=N} for another count.
 */
class JournalAppendRateTest
{
    @TempDir
    Path state;

    @Test
    void shouldPrintTheAppendRateOfAFullTableLoad() throws IOException
    {
        final int changes = Integer.getInteger("journal.rate.changes", 1_250_000);
        final IpAddress peer = IpAddress.parse("198.18.0.2");
        final RouteState[] routes = new RouteState[1024];
        for (int i = 0; i < routes.length; i++)
        {
            routes[i] = new RouteState(List.of(peer), RouteState.Origin.IGP,
                List.of(new RouteState.AsPathSegment(false, List.of(65001L, 3356L, 1299L, 64500L + i))),
                100, RouteState.ABSENT, List.of(0xFDE8_0000 | i), peer);
        }
        final long startNs = 1_796_083_200_000_000_000L;
        try (RouteJournal journal = RouteJournal.open(state, JournalConfiguration.DEFAULT, () -> startNs))
        {
            final long began = System.nanoTime();
            Cause cause = null;
            for (int i = 0; i < changes; i++)
            {
                if (0 == i % 4)
                {
                    cause = new Cause.Update(peer, 1 + i / 4); // one per UPDATE of four prefixes
                }
                final IpPrefix prefix = new Prefix4(0x0100_0000 + (i << 8), 24);
                journal.add(new JournalRecord.RouteChange(startNs + i, prefix, null, routes[i & 1023], cause)); // batched, as the journal thread appends
            }
            journal.flush();
            final long elapsedNs = System.nanoTime() - began;
            long bytes = 0;
            for (final Path file : journal.cycleFiles())
            {
                bytes += Files.size(file);
            }
            System.out.printf("journal: %d best-route changes appended in %.2f s: %.0f appends/s, %.0f ns each; cycle files %d MiB%n",
                changes, elapsedNs / 1e9, changes / (elapsedNs / 1e9), (double)elapsedNs / changes, bytes >> 20);
            final long replayBegan = System.nanoTime();
            assertEquals(changes, journal.tableAt(Long.MAX_VALUE, null).size());
            System.out.printf("journal: table at T (replay of %d changes) in %.2f s%n", changes, (System.nanoTime() - replayBegan) / 1e9);
            assertEquals(1, journal.history(new Prefix4(0x0100_0000 + ((changes - 1) << 8), 24), 10).size());
        }
    }
}
