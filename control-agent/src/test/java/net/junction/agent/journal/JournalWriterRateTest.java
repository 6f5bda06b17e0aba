/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.junction.agent.journal.JournalWriterTest.Entry;
import net.junction.bgp.rib.ChangeCause;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A figure, never a failure for slowness: what the journal thread spends per route change of a full-table
 * load, and what a change takes on disk. The changes are those `bench bgp` sends (1M IPv4 /24 and 250k IPv6
 * /48, four prefixes per UPDATE, a path of its own per UPDATE with a 4-AS AS_PATH, LOCAL_PREF and one
 * community), handed to a {@link JournalWriter} whose thread starts once they are all queued: the caller's
 * CPU time over the changes is the BGP side's cost per change (encoding them into batches, handing the
 * batches over), the journal thread's CPU time (ThreadMXBean) over the changes its cost per change (appending
 * the batches), its Chronicle documents' bytes (with their 4-byte headers) over the changes the bytes per
 * change. It asserts only that every change was journaled. {@code -Djournal.rate.changes=N} for another count (a multiple of 5).
 */
class JournalWriterRateTest
{
    static final int PER_UPDATE = 4;

    @TempDir
    Path state;

    @Test
    void shouldPrintTheJournalThreadsCostAndBytesPerChange() throws Exception
    {
        final int changes = Integer.getInteger("journal.rate.changes", 1_250_000);
        final int v4 = changes / 5 * 4;
        final IpAddress peer = IpAddress.parse("198.18.0.2");
        final long startNs = 1_796_083_200_000_000_000L;
        final List<IpPrefix> prefixes = new ArrayList<>(changes);
        for (int i = 0; i < changes; i++)
        {
            prefixes.add(i < v4 ? new Prefix4(0x0100_0000 + (i << 8), 24) :
                new Prefix6(0x2001_0db8_0000_0000L | (long)(i - v4) << 16, 0, 48));
        }
        final Entry[] entries = new Entry[(changes + PER_UPDATE - 1) / PER_UPDATE];
        final IpAddress nextHop4 = IpAddress.parse("198.18.0.2");
        final IpAddress nextHop6 = IpAddress.parse("2001:db8::2");
        for (int u = 0; u < entries.length; u++)
        {
            final IpAddress nextHop = u * PER_UPDATE < v4 ? nextHop4 : nextHop6;
            final PathAttributes attributes = PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
                PathAttribute.AsPath.sequence((int)4_200_000_100L, 3356, 64512 + u % 1000, 100_000 + u),
                new PathAttribute.LocalPref(100), new PathAttribute.Communities(new int[] {PathAttribute.Communities.community(3356, u % 50)}));
            entries[u] = new Entry(peer, new net.junction.bgp.rib.Path(attributes, nextHop, null), List.of(nextHop));
        }

        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++) // the first warms up
        {
            final Path dir = state.resolve("round" + round);
            final RouteJournal journal = RouteJournal.open(dir, JournalConfiguration.DEFAULT, () -> startNs);
            final JournalWriter writer = JournalWriter.unstarted(journal, () -> startNs, () -> { }, Integer.highestOneBit(changes) << 1);
            final long offerStart = threads.getCurrentThreadCpuTime();
            ChangeCause cause = null;
            for (int i = 0; i < changes; i++)
            {
                if (0 == i % PER_UPDATE)
                {
                    cause = new ChangeCause.Update(peer, 1 + i / PER_UPDATE);
                }
                writer.bestChanged(prefixes.get(i), null, entries[i / PER_UPDATE], cause);
            }
            final long offerNs = threads.getCurrentThreadCpuTime() - offerStart;
            final long wallStart = System.nanoTime();
            writer.start();
            final Thread thread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> "junction-journal".equals(t.getName()) && t.isAlive()).findFirst().orElseThrow();
            final long cpuStart = threads.getThreadCpuTime(thread.threadId());
            assertTrue(writer.awaitWritten(300_000));
            final long cpuNs = threads.getThreadCpuTime(thread.threadId()) - cpuStart;
            final long wallNs = System.nanoTime() - wallStart;
            assertEquals(new JournalWriter.Counters(changes, 0, 0), writer.counters());
            long bytes = 0;
            long documents = 0;
            try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(journal.directory()).readOnly(true).build();
                 ExcerptTailer tailer = queue.createTailer())
            {
                while (true)
                {
                    try (DocumentContext dc = tailer.readingDocument())
                    {
                        if (!dc.isPresent())
                        {
                            break;
                        }
                        bytes += 4 + dc.wire().bytes().readRemaining();
                        documents++;
                    }
                }
            }
            System.out.printf("journal writer%s: %d changes: journal thread %.0f ns/change CPU (%.0f ns wall), %.1f B/change " +
                    "in %d records; the BGP side (encoding, handing batches over) %.0f ns/change CPU%n", 0 == round ? " (warm-up)" : "", changes,
                (double)cpuNs / changes, (double)wallNs / changes, (double)bytes / changes, documents, (double)offerNs / changes);
            if (1 == round)
            {
                final long replayStart = System.nanoTime();
                assertEquals(changes, journal.tableAt(Long.MAX_VALUE, null).size());
                final long replayNs = System.nanoTime() - replayStart;
                final long historyStart = System.nanoTime();
                assertEquals(1, journal.history(prefixes.getFirst(), 10).size()); // the oldest: a scan of everything
                System.out.printf("journal writer: table at T (a replay of %d changes) in %.2f s; the history of the first " +
                    "prefix (a backward scan of all) in %.2f s%n", changes, replayNs / 1e9, (System.nanoTime() - historyStart) / 1e9);
            }
            writer.close();
        }
    }
}
