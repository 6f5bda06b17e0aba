/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import net.junction.routing.Ip4Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteJournalTest
{
    static final long HOUR_NS = 3_600_000_000_000L;
    /** 2026-12-01T00:00Z in nanoseconds. */
    static final long START_NS = 1_796_083_200_000_000_000L;

    static final IpAddress PEER_A = IpAddress.parse("198.18.0.2");
    static final IpAddress PEER_B = IpAddress.parse("198.18.0.3");
    static final IpPrefix P1 = IpPrefix.parse("203.0.113.0/24");
    static final IpPrefix P6 = IpPrefix.parse("2001:db8:1::/48");

    @TempDir
    Path state;

    final AtomicLong clock = new AtomicLong(START_NS);

    static RouteState route(final IpAddress neighbor, final String nextHop, final long localPref, final long... path)
    {
        final List<Long> asns = new ArrayList<>();
        for (final long asn : path)
        {
            asns.add(asn);
        }
        return new RouteState(List.of(IpAddress.parse(nextHop)), RouteState.Origin.IGP,
            asns.isEmpty() ? List.of() : List.of(new RouteState.AsPathSegment(false, asns)),
            localPref, RouteState.ABSENT, List.of(0xFDE8_0064, 0xFFFF_FF01), neighbor);
    }

    RouteJournal open(final JournalConfiguration configuration) throws IOException
    {
        return RouteJournal.open(state, configuration, clock::get);
    }

    @Test
    void shouldRoundTripEveryKindOfRecordAndAnswerHistoryNewestFirst() throws IOException
    {
        final RouteState viaA = route(PEER_A, "198.18.0.2", 100, 65001, 4_200_000_000L);
        final RouteState viaB = new RouteState(List.of(IpAddress.parse("198.18.0.3"), IpAddress.parse("198.18.0.4")),
            RouteState.Origin.INCOMPLETE, List.of(new RouteState.AsPathSegment(false, List.of(65002L)),
                new RouteState.AsPathSegment(true, List.of(65010L, 65011L))), RouteState.ABSENT, 50, List.of(), PEER_B);
        final RouteState local = new RouteState(List.of(IpAddress.parse("2001:db8::1")), RouteState.Origin.EGP,
            List.of(), 200, 0, List.of(), null);
        final List<JournalRecord> written = List.of(
            new SessionEvent(START_NS, PEER_A, "OPENCONFIRM", "ESTABLISHED", "OPEN negotiated"),
            new JournalRecord.RouteChange(START_NS + 1, P1, null, viaA, new Cause.Update(PEER_A, 1)),
            new CommitEvent(START_NS + 2, 7, "alice", "prefer B"),
            new JournalRecord.RouteChange(START_NS + 3, P1, viaA, viaB, new Cause.Commit(7)),
            new JournalRecord.RouteChange(START_NS + 4, P1, viaB, viaA, new Cause.NextHopChange(IpAddress.parse("198.18.0.3"))),
            new JournalRecord.RouteChange(START_NS + 5, P6, null, local, new Cause.Update(PEER_B, 0)),
            new JournalRecord.RouteChange(START_NS + 6, P1, viaA, null, new Cause.Withdrawal(PEER_A, 9)),
            new JournalRecord.RouteChange(START_NS + 7, P6, local, null, new Cause.SessionDown(PEER_B)),
            new JournalRecord.RouteChange(START_NS + 8, P1, null, viaA, new Cause.RpkiChange()));
        try (RouteJournal journal = open(JournalConfiguration.DEFAULT))
        {
            for (final JournalRecord record : written)
            {
                appendAny(journal, record);
            }
            assertEquals(List.of(written.get(8), written.get(6), written.get(4), written.get(3), written.get(1)),
                journal.history(P1, 100));
            assertEquals(List.of(written.get(8), written.get(6)), journal.history(P1, 2));
            assertEquals(List.of(written.get(7), written.get(5)), journal.history(P6, 100));
            assertEquals(List.of(), journal.history(IpPrefix.parse("198.18.0.0/15"), 100));
            assertTrue(Files.isDirectory(state.resolve("journal")));
        }
    }

    @Test
    void shouldAnswerTheTableAtAnyTimeAsItWasLive() throws IOException
    {
        final Random random = new Random(20261206);
        final List<IpPrefix> prefixes = new ArrayList<>();
        for (int i = 0; i < 400; i++)
        {
            prefixes.add(new Prefix4(0xC612_0000 | (i << 8), 24));
        }
        final Map<IpPrefix, RouteState> live = new HashMap<>();
        final TreeMap<Long, Map<IpPrefix, RouteState>> seen = new TreeMap<>();
        long timeNs = START_NS;
        try (RouteJournal journal = open(JournalConfiguration.DEFAULT))
        {
            for (int i = 0; i < 6000; i++)
            {
                timeNs += 1 + random.nextInt(3) * 1_000_000L;  // some changes share a time step
                final IpPrefix prefix = prefixes.get(random.nextInt(prefixes.size()));
                final RouteState before = live.get(prefix);
                final RouteState after = null != before && random.nextInt(4) == 0 ? null :
                    route(random.nextBoolean() ? PEER_A : PEER_B, "198.18.0." + (2 + random.nextInt(3)),
                        random.nextInt(3) * 100, 65000 + random.nextInt(5), 65100 + random.nextInt(5));
                if (null == before && null == after)
                {
                    continue;
                }
                journal.append(new JournalRecord.RouteChange(timeNs, prefix, before, after,
                    null == after ? new Cause.Withdrawal(PEER_A, i) : new Cause.Update(PEER_B, i)));
                if (null == after)
                {
                    live.remove(prefix);
                }
                else
                {
                    live.put(prefix, after);
                }
                if (i % 97 == 0)
                {
                    seen.put(timeNs, Map.copyOf(live));
                }
                if (i == 3000)
                {
                    journal.appendSnapshot(timeNs, live);  // replay must also be right across a snapshot
                }
            }
            for (final Map.Entry<Long, Map<IpPrefix, RouteState>> entry : seen.entrySet())
            {
                assertEquals(entry.getValue(), journal.tableAt(entry.getKey(), null), "table at " + entry.getKey());
            }
            assertEquals(Map.of(), journal.tableAt(START_NS, null));
            assertEquals(live, journal.tableAt(Long.MAX_VALUE, null));
            final IpPrefix range = IpPrefix.parse("198.18.0.0/16");
            final Map<IpPrefix, RouteState> inRange = new HashMap<>(live);
            inRange.keySet().removeIf(p -> !range.contains(p));
            assertFalse(inRange.isEmpty());
            assertEquals(inRange, journal.tableAt(timeNs, range));
        }
    }

    @Test
    void shouldExplainAChangeByItsCauseAndThePreviousChange() throws IOException
    {
        final RouteState viaA = route(PEER_A, "198.18.0.2", 100, 65001);
        final RouteState viaB = route(PEER_B, "198.18.0.3", 100, 65002, 65003);
        final SessionEvent upA = new SessionEvent(START_NS, PEER_A, "OPENCONFIRM", "ESTABLISHED", "");
        final SessionEvent upB = new SessionEvent(START_NS + 1, PEER_B, "OPENCONFIRM", "ESTABLISHED", "");
        final JournalRecord.RouteChange learned = new JournalRecord.RouteChange(START_NS + 2, P1, null, viaA, new Cause.Update(PEER_A, 4));
        final JournalRecord.RouteChange withdrawn = new JournalRecord.RouteChange(START_NS + 3, P1, viaA, viaB, new Cause.Withdrawal(PEER_A, 5));
        final CommitEvent commit = new CommitEvent(START_NS + 4, 12, "agent:ops", "lower B");
        final JournalRecord.RouteChange committed = new JournalRecord.RouteChange(START_NS + 5, P1, viaB, viaA, new Cause.Commit(12));
        final SessionEvent downA = new SessionEvent(START_NS + 6, PEER_A, "ESTABLISHED", "IDLE", "hold timer expired");
        final JournalRecord.RouteChange dropped = new JournalRecord.RouteChange(START_NS + 7, P1, viaA, viaB, new Cause.SessionDown(PEER_A));
        try (RouteJournal journal = open(JournalConfiguration.DEFAULT))
        {
            for (final JournalRecord record : List.of(upA, upB, learned, withdrawn, commit, committed, downA, dropped))
            {
                appendAny(journal, record);
            }
            final RouteJournal.Explanation last = journal.why(P1, Long.MAX_VALUE).orElseThrow();
            assertEquals(List.of(dropped, downA, committed), last.chain());
            assertEquals(List.of(committed, commit, withdrawn), journal.why(P1, START_NS + 6).orElseThrow().chain());
            final RouteJournal.Explanation afterWithdrawal = journal.why(P1, START_NS + 3).orElseThrow();
            assertEquals(new Cause.Withdrawal(PEER_A, 5), afterWithdrawal.change().cause());
            assertEquals(upA, afterWithdrawal.causeRecord());
            assertEquals(learned, afterWithdrawal.previous());
            final RouteJournal.Explanation first = journal.why(P1, START_NS + 2).orElseThrow();
            assertNull(first.previous());
            assertEquals(List.of(learned, upA), first.chain());
            assertTrue(journal.why(P1, START_NS + 1).isEmpty());
            assertTrue(journal.why(P6, Long.MAX_VALUE).isEmpty());
        }
    }

    @Test
    void shouldAnswerTheSameAfterReopen() throws IOException
    {
        final RouteState viaA = route(PEER_A, "198.18.0.2", 100, 65001);
        final JournalRecord.RouteChange change = new JournalRecord.RouteChange(START_NS + 5, P1, null, viaA, new Cause.Update(PEER_A, 1));
        final CommitEvent commit = new CommitEvent(START_NS + 1, 3, "bob", "neighbors");
        try (RouteJournal journal = open(JournalConfiguration.DEFAULT))
        {
            journal.append(commit);
            journal.append(change);
        }
        try (RouteJournal journal = open(JournalConfiguration.DEFAULT))
        {
            assertEquals(List.of(change), journal.history(P1, 10));
            assertEquals(Map.of(P1, viaA), journal.tableAt(START_NS + 5, null));
            assertEquals(List.of(change), journal.why(P1, Long.MAX_VALUE).orElseThrow().chain());
            // The reopened journal keeps the order of times.
            assertThrows(IllegalArgumentException.class, () -> journal.append(new CommitEvent(START_NS + 4, 4, "bob", "late")));
            final JournalRecord.RouteChange withdrawn = new JournalRecord.RouteChange(START_NS + 6, P1, viaA, null, new Cause.Withdrawal(PEER_A, 2));
            journal.append(withdrawn);
            assertEquals(List.of(withdrawn, change), journal.history(P1, 10));
        }
    }

    @Test
    void shouldDeleteCyclesOlderThanTheRetentionAndKeepAnswering() throws IOException
    {
        final JournalConfiguration hourly = JournalConfiguration.DEFAULT.withRollCycle(RollCycles.FAST_HOURLY)
            .withRetention(Duration.ofHours(2));
        final RouteState viaA = route(PEER_A, "198.18.0.2", 100, 65001);
        final RouteState viaB = route(PEER_B, "198.18.0.3", 100, 65002);
        try (RouteJournal journal = open(hourly))
        {
            RouteState before = null;
            for (int hour = 0; hour < 6; hour++)
            {
                clock.set(START_NS + hour * HOUR_NS + 1000);
                final RouteState after = hour % 2 == 0 ? viaA : viaB;
                journal.append(new JournalRecord.RouteChange(clock.get(), P1, before, after, new Cause.Update(PEER_A, hour)));
                if (journal.cycleStarted())
                {
                    journal.appendSnapshot(clock.get(), Map.of(P1, after));
                }
                before = after;
            }
            // Hours 0..2 ended 3 or more hours before hour 5 began: gone. Hours 3, 4 and 5 stay.
            assertEquals(3, journal.cycleFiles().size(), journal.cycleFiles().toString());
            final List<JournalRecord.RouteChange> history = journal.history(P1, 100);
            assertEquals(3, history.size());
            assertEquals(START_NS + 5 * HOUR_NS + 1000, history.getFirst().timeNs());
            assertEquals(Map.of(P1, viaB), journal.tableAt(START_NS + 3 * HOUR_NS + 2000, null));
            assertEquals(Map.of(P1, viaA), journal.tableAt(START_NS + 4 * HOUR_NS + 2000, null));
            assertEquals(new Cause.Update(PEER_A, 5), journal.why(P1, Long.MAX_VALUE).orElseThrow().change().cause());
        }
        clock.set(START_NS + 9 * HOUR_NS);
        try (RouteJournal journal = open(hourly))
        {
            // Retention also runs at open: everything is older than two hours now.
            assertTrue(journal.cycleFiles().isEmpty(), journal.cycleFiles().toString());
            assertEquals(List.of(), journal.history(P1, 10));
        }
    }

    @Test
    void shouldDeleteTheOldestCyclesBeyondTheSizeBound() throws IOException
    {
        final RouteState viaA = route(PEER_A, "198.18.0.2", 100, 65001);
        long largestCycle = 0;
        try (RouteJournal journal = open(JournalConfiguration.DEFAULT.withRollCycle(RollCycles.FAST_HOURLY)))
        {
            for (int hour = 0; hour < 4; hour++)
            {
                clock.set(START_NS + hour * HOUR_NS);
                journal.append(new JournalRecord.RouteChange(clock.get(), IpPrefix.parse("198.18." + hour + ".0/24"), null, viaA,
                    new Cause.Update(PEER_A, hour)));
            }
            assertEquals(4, journal.cycleFiles().size());
            for (final Path file : journal.cycleFiles())
            {
                largestCycle = Math.max(largestCycle, Files.size(file));
            }
        }
        // A bound that holds two cycle files and a bit: the oldest two go.
        final long bound = Math.max(JournalConfiguration.MIN_MAX_BYTES, 2 * largestCycle + largestCycle / 2);
        try (RouteJournal journal = open(JournalConfiguration.DEFAULT.withRollCycle(RollCycles.FAST_HOURLY).withMaxBytes(bound)))
        {
            final int kept = journal.cycleFiles().size();
            assertEquals(2, kept,
                "cycle files of " + largestCycle + " bytes under a bound of " + bound);
            assertEquals(Map.of(IpPrefix.parse("198.18.3.0/24"), viaA), journal.tableAt(Long.MAX_VALUE, IpPrefix.parse("198.18.3.0/24")));
            assertTrue(journal.tableAt(Long.MAX_VALUE, IpPrefix.parse("198.18.0.0/24")).isEmpty());
        }
    }

    @Test
    void shouldRejectBadArgumentsAndChangeNothing() throws IOException
    {
        final RouteState viaA = route(PEER_A, "198.18.0.2", 100, 65001);
        final RouteJournal journal = open(JournalConfiguration.DEFAULT);
        journal.append(new JournalRecord.RouteChange(START_NS + 10, P1, null, viaA, new Cause.Update(PEER_A, 1)));
        assertMessage("history limit is 1 to 10000, not 0", assertThrows(IllegalArgumentException.class, () -> journal.history(P1, 0)));
        assertThrows(IllegalArgumentException.class, () -> journal.history(P1, RouteJournal.MAX_HISTORY + 1));
        assertMessage("needs a prefix", assertThrows(IllegalArgumentException.class, () -> journal.history(null, 1)));
        assertMessage("needs a prefix", assertThrows(IllegalArgumentException.class, () -> journal.why(null, 1)));
        assertMessage("nanoseconds since the epoch", assertThrows(IllegalArgumentException.class, () -> journal.tableAt(-1, null)));
        assertMessage("never go backwards", assertThrows(IllegalArgumentException.class, () ->
            journal.append(new JournalRecord.RouteChange(START_NS + 9, P1, viaA, null, new Cause.Withdrawal(PEER_A, 2)))));
        assertMessage("never go backwards", assertThrows(IllegalArgumentException.class, () ->
            journal.appendSnapshot(START_NS, Map.of())));
        assertMessage("cannot append null", assertThrows(IllegalArgumentException.class, () -> journal.append((CommitEvent)null)));
        assertMessage("needs a route before or after", assertThrows(IllegalArgumentException.class, () ->
            new JournalRecord.RouteChange(START_NS, P1, null, null, new Cause.Update(PEER_A, 1))));
        assertMessage("needs a cause", assertThrows(IllegalArgumentException.class, () ->
            new JournalRecord.RouteChange(START_NS, P1, null, viaA, null)));
        assertMessage("at least one next hop", assertThrows(IllegalArgumentException.class, () ->
            new RouteState(List.of(), RouteState.Origin.IGP, List.of(), 0, 0, List.of(), null)));
        assertMessage("LOCAL_PREF", assertThrows(IllegalArgumentException.class, () ->
            new RouteState(List.of(new Ip4Address(1)), RouteState.Origin.IGP, List.of(), -2, 0, List.of(), null)));
        assertMessage("4294967295", assertThrows(IllegalArgumentException.class, () ->
            new RouteState.AsPathSegment(false, List.of(1L << 32))));
        assertMessage("commit number is positive", assertThrows(IllegalArgumentException.class, () -> new Cause.Commit(0)));
        assertMessage("at most 256", assertThrows(IllegalArgumentException.class, () ->
            new CommitEvent(START_NS, 1, "x".repeat(257), "")));
        assertMessage("retention must be a positive duration", assertThrows(IllegalArgumentException.class, () ->
            JournalConfiguration.DEFAULT.withRetention(Duration.ZERO)));
        assertMessage("maxBytes must be at least", assertThrows(IllegalArgumentException.class, () ->
            JournalConfiguration.DEFAULT.withMaxBytes(1000)));
        assertEquals(1, journal.history(P1, 10).size());
        assertEquals(Map.of(P1, viaA), journal.tableAt(Long.MAX_VALUE, null));
        journal.close();
        assertMessage("is closed", assertThrows(IllegalStateException.class, () ->
            journal.append(new CommitEvent(START_NS + 20, 1, "a", "b"))));
    }

    static void assertMessage(final String part, final Exception ex)
    {
        assertTrue(ex.getMessage().contains(part), () -> "'" + ex.getMessage() + "' should say '" + part + "'");
    }

    static void appendAny(final RouteJournal journal, final JournalRecord record)
    {
        switch (record)
        {
            case JournalRecord.RouteChange change -> journal.append(change);
            case CommitEvent commit -> journal.append(commit);
            case SessionEvent event -> journal.append(event);
        }
    }
}
