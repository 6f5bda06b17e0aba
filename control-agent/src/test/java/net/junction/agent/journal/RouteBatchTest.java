/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import net.junction.agent.journal.JournalWriterTest.Entry;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Format 2: route changes batched ({@link RouteBatchEncoder}, {@link RouteBatchDecoder}) decode to what the
 * Loc-RIB's entries convert to, across batch boundaries and back-references; a queue of another format is
 * refused and left as it was.
 */
class RouteBatchTest
{
    static final long START_NS = JournalWriterTest.START_NS;
    static final IpAddress PEER = JournalWriterTest.PEER;
    static final IpAddress PEER2 = IpAddress.parse("198.18.0.3");

    @TempDir
    Path state;

    final AtomicLong clock = new AtomicLong(START_NS);

    static Entry entry(final IpAddress neighbor, final String nextHop, final int variant)
    {
        final PathAttributes attributes = PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001, (int)4_200_000_001L, 64500 + variant))),
            new PathAttribute.LocalPref(100 + variant % 3), new PathAttribute.MultiExitDisc(variant),
            new PathAttribute.Communities(new int[] {0xFDE8_0000 | variant, 0xFFFF_FF01}));
        return new Entry(neighbor, new net.junction.bgp.rib.Path(attributes, IpAddress.parse(nextHop), null),
            List.of(IpAddress.parse(nextHop)));
    }

    static IpPrefix prefix(final Random random)
    {
        if (random.nextBoolean())
        {
            final int length = random.nextInt(33);
            return Prefix4.network(random.nextInt(), length);
        }
        final int length = random.nextInt(129);
        return Prefix6.network(random.nextLong(), random.nextLong(), length);
    }

    @Test
    void shouldDecodeWhatTheLocRibEntriesConvertToAcrossBatchesAndBackReferences() throws IOException
    {
        final Random random = new Random(11);
        final Entry[] paths = new Entry[40]; // more than the 16 a back-reference reaches
        for (int i = 0; i < paths.length; i++)
        {
            paths[i] = entry(0 == i % 5 ? PEER2 : PEER, "198.18.10." + (1 + i % 7), i);
        }
        final Entry multipath = new Entry(PEER, paths[0].path(), List.of(IpAddress.parse("198.18.10.1"), IpAddress.parse("198.18.10.9")));
        final List<JournalRecord.RouteChange> expected = new ArrayList<>();
        final Map<IpPrefix, RouteState> live = new HashMap<>();
        try (RouteJournal journal = RouteJournal.open(state, JournalConfiguration.DEFAULT, clock::get))
        {
            Cause cause = new Cause.Update(PEER, 1);
            long timeNs = START_NS;
            for (int i = 0; i < 5_000; i++)
            {
                if (0 == random.nextInt(4))
                {
                    cause = 0 == random.nextInt(3) ? new Cause.Commit(i) : new Cause.Update(PEER, i);
                    timeNs += random.nextInt(1_000_000);
                }
                final IpPrefix prefix = prefix(random);
                final Entry before = 0 == random.nextInt(3) ? null : paths[random.nextInt(paths.length)];
                final Entry after = null != before && 0 == random.nextInt(4) ? null :
                    (0 == random.nextInt(50) ? multipath : paths[random.nextInt(0 == i % 2 ? 3 : paths.length)]);
                journal.add(timeNs, prefix, before, after, cause);
                final RouteState afterState = null == after ? null : JournalWriter.routeState(prefix, after);
                expected.add(new JournalRecord.RouteChange(timeNs, prefix,
                    null == before ? null : JournalWriter.routeState(prefix, before), afterState, cause));
                if (null == afterState)
                {
                    live.remove(prefix);
                }
                else
                {
                    live.put(prefix, afterState);
                }
            }
            journal.flush();

            final List<JournalRecord.RouteChange> read = new ArrayList<>();
            final RouteBatchDecoder decoder = new RouteBatchDecoder();
            int batches = 0;
            try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(journal.directory()).readOnly(true).build();
                 var tailer = queue.createTailer())
            {
                while (true)
                {
                    try (DocumentContext dc = tailer.readingDocument())
                    {
                        if (!dc.isPresent())
                        {
                            break;
                        }
                        final Bytes<?> in = dc.wire().bytes();
                        assertEquals(RecordCodec.ROUTE_BATCH, in.readUnsignedByte());
                        decoder.wrap(in, in.readLong());
                        batches++;
                        while (decoder.next())
                        {
                            read.add(decoder.change());
                        }
                    }
                }
            }
            assertEquals(expected, read);
            assertTrue(batches >= 5_000 / RouteBatchEncoder.MAX_CHANGES, "batches of at most 1024: " + batches);
            assertEquals(live, journal.tableAt(Long.MAX_VALUE, null));
            final IpPrefix last = expected.getLast().prefix();
            assertEquals(expected.stream().filter(c -> c.prefix().equals(last)).toList().reversed(), journal.history(last, 100));
            assertEquals(expected.getLast(), journal.why(last, Long.MAX_VALUE).orElseThrow().change());
            // A time inside a batch: the changes up to it, not the rest of the batch.
            final long middleNs = expected.get(2_500).timeNs();
            final Map<IpPrefix, RouteState> atMiddle = new HashMap<>();
            for (final JournalRecord.RouteChange c : expected)
            {
                if (c.timeNs() > middleNs)
                {
                    break;
                }
                if (null == c.after())
                {
                    atMiddle.remove(c.prefix());
                }
                else
                {
                    atMiddle.put(c.prefix(), c.after());
                }
            }
            assertEquals(atMiddle, journal.tableAt(middleNs, null));
        }
    }

    @Test
    void shouldAddNothingForAChangeItCannotRecordAndKeepTheBatchRight() throws IOException
    {
        final List<AsPathSegment> segments = new ArrayList<>();
        for (int i = 0; i < 300; i++)
        {
            segments.add(AsPathSegment.sequence(65001));
        }
        final Entry huge = new Entry(PEER, new net.junction.bgp.rib.Path(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
            new PathAttribute.AsPath(segments)), IpAddress.parse("198.18.10.1"), null), List.of(IpAddress.parse("198.18.10.1")));
        final IpPrefix p1 = IpPrefix.parse("198.18.100.0/24");
        final IpPrefix p2 = IpPrefix.parse("198.18.101.0/24");
        try (RouteJournal journal = RouteJournal.open(state, JournalConfiguration.DEFAULT, clock::get))
        {
            final Cause cause = new Cause.Update(PEER, 1);
            // The route before goes in full, then the one after is refused: neither may be left behind.
            final Entry fresh = entry(PEER, "198.18.10.2", 7);
            assertThrows(IllegalArgumentException.class, () -> journal.add(START_NS, p1, fresh, huge, cause));
            assertThrows(IllegalArgumentException.class, () -> journal.add(START_NS, p1, null, null, cause));
            assertEquals(0, journal.pending());
            journal.add(START_NS, p1, null, fresh, cause);
            journal.add(START_NS + 5, p2, fresh, entry(PEER, "198.18.10.3", 8), cause);
            journal.flush();
            assertEquals(List.of(new JournalRecord.RouteChange(START_NS + 5, p2, JournalWriter.routeState(p2, fresh),
                JournalWriter.routeState(p2, entry(PEER, "198.18.10.3", 8)), cause)), journal.history(p2, 10));
            assertEquals(Map.of(p1, JournalWriter.routeState(p1, fresh), p2, JournalWriter.routeState(p2, entry(PEER, "198.18.10.3", 8))),
                journal.tableAt(Long.MAX_VALUE, null));
        }
    }

    @Test
    void shouldRefuseAJournalOfAnotherFormatAndLeaveItAsItWas() throws IOException
    {
        final Path directory = state.resolve(RouteJournal.DIRECTORY);
        // Format 1 wrote no format key: a queue with records and no key is one.
        try (SingleChronicleQueue old = SingleChronicleQueueBuilder.binary(directory).timeProvider(() -> START_NS / 1_000_000L).build();
             var appender = old.createAppender(); DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().writeUnsignedByte(1).writeLong(START_NS);
        }
        final List<Path> before = files(directory);
        final JournalFormatException refused = assertThrows(JournalFormatException.class,
            () -> RouteJournal.open(state, JournalConfiguration.DEFAULT, clock::get));
        assertEquals(1, refused.found());
        assertTrue(refused.getMessage().contains("format 1") && refused.getMessage().contains("move that folder away"),
            refused.getMessage());
        assertEquals(before, files(directory));

        // Moved away, a new journal starts; it has this format and opens again.
        Files.move(directory, state.resolve("journal.format1"));
        try (RouteJournal journal = RouteJournal.open(state, JournalConfiguration.DEFAULT, clock::get))
        {
            journal.append(new CommitEvent(START_NS, 1, "alice", "first"));
        }
        try (RouteJournal journal = RouteJournal.open(state, JournalConfiguration.DEFAULT, clock::get))
        {
            assertFalse(journal.why(IpPrefix.parse("198.18.0.0/24"), Long.MAX_VALUE).isPresent());
        }

        // A newer format is refused too.
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(directory).build())
        {
            queue.tableStorePut(RecordCodec.FORMAT_KEY, 3);
        }
        assertEquals(3, assertThrows(JournalFormatException.class,
            () -> RouteJournal.open(state, JournalConfiguration.DEFAULT, clock::get)).found());
    }

    private static List<Path> files(final Path directory) throws IOException
    {
        try (var list = Files.list(directory))
        {
            return list.sorted().toList();
        }
    }
}
