/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import net.junction.bgp.rib.BestPathHook;
import net.junction.bgp.rib.ChangeCause;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JournalWriter}: records reach the journal in order, from its own thread, with times that never
 * go back (route changes batched on the BGP thread after a commit another thread made meanwhile take its
 * time); a full queue drops and counts, then a table snapshot makes the table right again; closing drains
 * and ends the table.
 */
class JournalWriterTest
{
    static final long START_NS = 1_796_083_200_000_000_000L;
    static final IpAddress PEER = IpAddress.parse("198.18.0.2");
    static final IpPrefix P1 = IpPrefix.parse("203.0.113.0/24");
    static final IpPrefix P2 = IpPrefix.parse("203.0.114.0/24");

    @TempDir
    Path state;

    final AtomicLong clock = new AtomicLong(START_NS);
    JournalWriter writer;

    /** A Loc-RIB entry, as the speaker hands it over. */
    record Entry(IpAddress neighbor, net.junction.bgp.rib.Path path, List<IpAddress> nextHops) implements BestPathHook.Selection
    {
    }

    static Entry entry(final String nextHop, final int... asPath)
    {
        final PathAttributes attributes = PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP, PathAttribute.AsPath.sequence(asPath),
            new PathAttribute.LocalPref(100));
        return new Entry(PEER, new net.junction.bgp.rib.Path(attributes, IpAddress.parse(nextHop), null),
            List.of(IpAddress.parse(nextHop)));
    }

    static BestPathHook.Table table(final Map<IpPrefix, ? extends BestPathHook.Selection> entries)
    {
        return new BestPathHook.Table()
        {
            public int size()
            {
                return entries.size();
            }

            public void forEach(final BiConsumer<IpPrefix, BestPathHook.Selection> visitor)
            {
                entries.forEach(visitor);
            }
        };
    }

    RouteJournal open() throws IOException
    {
        return RouteJournal.open(state, JournalConfiguration.DEFAULT, clock::get);
    }

    @AfterEach
    void close()
    {
        if (null != writer)
        {
            writer.close();
        }
    }

    @Test
    void shouldConvertTheLocRibsPathsToRouteStates()
    {
        final PathAttributes attributes = PathAttributes.of(PathAttribute.Origin.ORIGIN_EGP,
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001, (int)4_200_000_001L), AsPathSegment.set(64512, 64513))),
            new PathAttribute.LocalPref(120), new PathAttribute.MultiExitDisc(7),
            new PathAttribute.Communities(new int[] {PathAttribute.Communities.community(65001, 100)}));
        final Entry multipath = new Entry(PEER, new net.junction.bgp.rib.Path(attributes, IpAddress.parse("198.18.10.1"), null),
            List.of(IpAddress.parse("198.18.10.1"), IpAddress.parse("198.18.10.3")));

        final RouteState state = JournalWriter.routeState(P1, multipath);

        assertEquals(multipath.nextHops(), state.nextHops());
        assertEquals(RouteState.Origin.EGP, state.origin());
        assertEquals(List.of(new RouteState.AsPathSegment(false, List.of(65001L, 4_200_000_001L)),
            new RouteState.AsPathSegment(true, List.of(64512L, 64513L))), state.asPath());
        assertEquals(120, state.localPref());
        assertEquals(7, state.med());
        assertEquals(List.of(65001 << 16 | 100), state.communities());
        assertEquals(PEER, state.neighbor());

        // A network the router originates: no neighbor, no next hop of its own, no LOCAL_PREF or MED carried.
        final Entry network = new Entry(null, new net.junction.bgp.rib.Path(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
            PathAttribute.AsPath.EMPTY), null, null), List.of());
        final RouteState local = JournalWriter.routeState(IpPrefix.parse("2001:db8:5::/48"), network);
        assertEquals(List.of(IpAddress.parse("::")), local.nextHops());
        assertNull(local.neighbor());
        assertEquals(RouteState.ABSENT, local.localPref());
        assertEquals(RouteState.ABSENT, local.med());
        assertEquals(List.of(), local.asPath());
        assertEquals(List.of(IpAddress.parse("0.0.0.0")), JournalWriter.routeState(P1, network).nextHops());
    }

    @Test
    void shouldAppendEveryKindInOrderOnItsThreadAndNeverLetTimeGoBack() throws Exception
    {
        final RouteJournal journal = open();
        writer = JournalWriter.start(journal, clock::get, () -> { });
        writer.table(table(Map.of(P1, entry("198.18.10.1", 65001))));
        clock.addAndGet(1_000);
        writer.session(PEER, "established", "idle", "hold timer expired");
        final long downNs = clock.addAndGet(1_000);
        writer.bestChanged(P1, entry("198.18.10.1", 65001), null, new ChangeCause.SessionDown(PEER));
        clock.addAndGet(-500); // a clock stepped back: the journal keeps its order
        writer.commit(3, "alice", "prefer transit2");
        writer.bestChanged(P2, null, entry("198.18.10.3", 65003), new ChangeCause.Commit(3));
        assertTrue(writer.awaitWritten(5_000));

        assertEquals(new JournalWriter.Counters(5, 0, 0), writer.counters());
        final RouteJournal.Explanation down = journal.why(P1, Long.MAX_VALUE).orElseThrow();
        assertEquals(new Cause.SessionDown(PEER), down.change().cause());
        assertEquals(downNs, down.change().timeNs());
        assertEquals(new SessionEvent(START_NS + 1_000, PEER, "established", "idle", "hold timer expired"), down.causeRecord());
        final RouteJournal.Explanation commit = journal.why(P2, Long.MAX_VALUE).orElseThrow();
        assertEquals(downNs, commit.change().timeNs(), "not before the record ahead of it");
        assertEquals(new CommitEvent(downNs, 3, "alice", "prefer transit2"), commit.causeRecord());
        assertEquals(Map.of(P1, JournalWriter.routeState(P1, entry("198.18.10.1", 65001))), journal.tableAt(START_NS, null));
        assertEquals(Map.of(P2, JournalWriter.routeState(P2, entry("198.18.10.3", 65003))), journal.tableAt(downNs, null));
    }

    @Test
    void shouldAppendChangesBatchedBeforeACommitOfAnotherThreadAfterItWithItsTime() throws Exception
    {
        final RouteJournal journal = open();
        writer = JournalWriter.start(journal, clock::get, () -> { });
        final long changeNs = clock.addAndGet(1_000);
        writer.bestChanged(P1, null, entry("198.18.10.1", 65001), new ChangeCause.Update(PEER, 1)); // batched here
        final long commitNs = clock.addAndGet(1_000);
        final Thread committer = new Thread(() -> writer.commit(4, "bob", "more transit"));
        committer.start();
        committer.join();
        assertTrue(writer.awaitWritten(5_000)); // hands this thread's batch over: after the commit

        assertEquals(new JournalWriter.Counters(2, 0, 0), writer.counters());
        final List<JournalRecord.RouteChange> history = journal.history(P1, 10);
        assertEquals(1, history.size());
        assertEquals(commitNs, history.getFirst().timeNs(), "not before the commit appended ahead of it");
        assertEquals(new Cause.Update(PEER, 1), history.getFirst().cause());
        assertEquals(Map.of(), journal.tableAt(changeNs, null));
        assertEquals(Map.of(P1, JournalWriter.routeState(P1, entry("198.18.10.1", 65001))), journal.tableAt(commitNs, null));
    }

    @Test
    void shouldCountADroppedChangeThenMakeTheTableRightWithASnapshot() throws Exception
    {
        final RouteJournal journal = open();
        final AtomicReference<JournalWriter> self = new AtomicReference<>();
        final AtomicInteger asked = new AtomicInteger();
        final Map<IpPrefix, Entry> live = Map.of(P1, entry("198.18.10.1", 65001, 65010), P2, entry("198.18.10.3", 65003));
        writer = JournalWriter.unstarted(journal, clock::get, () ->
        {
            asked.incrementAndGet();
            self.get().table(table(live)); // the speaker answers on its own thread, in a coming turn
        }, 4);
        self.set(writer);
        for (int i = 0; i < 5; i++)
        {
            clock.addAndGet(1_000);
            writer.bestChanged(P1, null, entry("198.18.10.1", 65001, 65000 + i), new ChangeCause.Update(PEER, i + 1));
            writer.turnEnded(); // an UPDATE per event-loop turn: a batch of one change each
        }
        assertEquals(1, writer.counters().dropped(), "the fifth did not fit: counted, not waited for");
        assertEquals(4, writer.counters().queued());

        writer.start();
        final long deadline = System.currentTimeMillis() + 5_000;
        while (writer.counters().appended() < 5 && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(5);
        }
        assertTrue(writer.awaitWritten(5_000));
        assertEquals(new JournalWriter.Counters(5, 1, 0), writer.counters(), "four changes and the table");
        assertEquals(1, asked.get());
        final Map<IpPrefix, RouteState> expected = Map.of(P1, JournalWriter.routeState(P1, live.get(P1)),
            P2, JournalWriter.routeState(P2, live.get(P2)));
        assertEquals(expected, journal.tableAt(clock.get(), null), "the snapshot, not the changes before the drop");
        assertEquals(4, journal.history(P1, 10).size());
    }

    @Test
    void shouldCountWhatTheJournalCannotRecordInsteadOfLosingItSilently() throws Exception
    {
        final RouteJournal journal = open();
        final AtomicInteger asked = new AtomicInteger();
        writer = JournalWriter.start(journal, clock::get, asked::incrementAndGet);
        writer.bestChanged(P1, null, entry("198.18.10.1", 65001), new ChangeCause.Commit(0));
        final List<AsPathSegment> segments = new ArrayList<>();
        for (int i = 0; i < 300; i++)
        {
            segments.add(AsPathSegment.sequence(65001)); // a RouteState holds at most 255 segments
        }
        final Entry huge = new Entry(PEER, new net.junction.bgp.rib.Path(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
            new PathAttribute.AsPath(segments)), IpAddress.parse("198.18.10.1"), null), List.of(IpAddress.parse("198.18.10.1")));
        writer.bestChanged(P2, null, huge, new ChangeCause.Update(PEER, 1));
        writer.bestChanged(P2, null, entry("198.18.10.1", 65001), new ChangeCause.Update(PEER, 2));
        assertTrue(writer.awaitWritten(5_000));

        assertEquals(new JournalWriter.Counters(1, 2, 0), writer.counters());
        assertEquals(List.of(new Cause.Update(PEER, 2)), journal.history(P2, 10).stream().map(JournalRecord.RouteChange::cause).toList());
        assertTrue(journal.history(P1, 10).isEmpty());

        // A snapshot leaves out the route it cannot represent, and is not asked for again because of it.
        clock.addAndGet(1_000);
        writer.table(table(Map.of(P1, entry("198.18.10.1", 65001), P2, huge)));
        assertTrue(writer.awaitWritten(5_000));
        Thread.sleep(20);
        assertEquals(new JournalWriter.Counters(2, 3, 0), writer.counters());
        assertEquals(Map.of(P1, JournalWriter.routeState(P1, entry("198.18.10.1", 65001))), journal.tableAt(clock.get(), null));
        assertEquals(0, asked.get(), "nothing was lost for want of room: no table asked for");
    }

    @Test
    void shouldDrainAndEndTheTableWhenClosed() throws Exception
    {
        final RouteJournal journal = open();
        writer = JournalWriter.start(journal, clock::get, () -> { });
        for (int i = 0; i < 1_000; i++)
        {
            writer.bestChanged(IpPrefix.parse("198.19." + (i >> 8) + "." + (i & 0xFF) + "/32"), null, entry("198.18.10.1", 65001),
                new ChangeCause.Update(PEER, 1));
        }
        final long lastChangeNs = clock.get();
        clock.addAndGet(1_000);
        writer.close();
        writer = null;

        try (RouteJournal reopened = open())
        {
            assertEquals(1_000, reopened.tableAt(lastChangeNs, null).size(), "everything handed over was appended");
            assertEquals(Map.of(), reopened.tableAt(clock.get(), null), "the router's table ends with it");
        }
    }
}
