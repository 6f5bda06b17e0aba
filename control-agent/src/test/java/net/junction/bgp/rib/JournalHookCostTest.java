/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import static net.junction.bgp.rib.Routes.config;
import static net.junction.bgp.rib.Routes.ibgp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.junction.agent.journal.JournalConfiguration;
import net.junction.agent.journal.JournalWriter;
import net.junction.agent.journal.RouteJournal;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4;
import net.junction.routing.Prefix4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What journaling costs the BGP thread: a table of {@value #ROUTES} routes (four per UPDATE, a distinct
 * path per UPDATE, as {@code FullTableTest} builds them) loaded into the RIB with no hook and with the
 * route journal's writer as its {@link BestPathHook}, rounds alternated after a warm-up; the difference per
 * change is printed. The journal must then hold the whole table, nothing dropped. In a test in the bgp
 * package for the RIB harness (fake sessions, the speaker's thread is the test's).
 */
class JournalHookCostTest
{
    static final int ROUTES = Integer.getInteger("journalcost.routes", 200_000);
    static final int PER_UPDATE = 4;
    static final int ROUNDS = 4;

    @TempDir
    Path temp;

    static List<UpdateMessage> table()
    {
        final List<UpdateMessage> out = new ArrayList<>(ROUTES / PER_UPDATE);
        for (int u = 0; u < ROUTES / PER_UPDATE; u++)
        {
            final List<Prefix4> nlri = new ArrayList<>(PER_UPDATE);
            for (int i = 0; i < PER_UPDATE; i++)
            {
                nlri.add(new Prefix4(0x0B000000 + ((u * PER_UPDATE + i) << 8), 24));
            }
            out.add(UpdateMessage.announce(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
                PathAttribute.AsPath.sequence(65001, 3356, 64512 + u % 1000, 100_000 + u),
                new PathAttribute.NextHop(Ip4.parse("198.18.20.1")),
                new PathAttribute.Communities(new int[] {PathAttribute.Communities.community(3356, u % 50)})), nlri));
        }
        return out;
    }

    static long nowNs()
    {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** What one load took: wall time, this (the RIB's) thread's CPU time, the journal thread's CPU time. */
    record Load(long wallNs, long cpuNs, long journalCpuNs)
    {
    }

    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static long journalThreadCpuNs()
    {
        for (final Thread t : Thread.getAllStackTraces().keySet())
        {
            if ("junction-journal".equals(t.getName()) && t.isAlive())
            {
                return THREADS.getThreadCpuTime(t.threadId());
            }
        }
        return 0;
    }

    Load load(final List<UpdateMessage> messages, final int round, final boolean journal) throws Exception
    {
        final Harness h = new Harness(config(1, List.of(ibgp("a", "198.18.0.1")), Map.of(), List.of()));
        h.listener.record = false;
        h.up("a", 1);
        JournalWriter writer = null;
        if (journal)
        {
            writer = JournalWriter.start(RouteJournal.open(temp.resolve("round" + round), JournalConfiguration.DEFAULT,
                JournalHookCostTest::nowNs), JournalHookCostTest::nowNs, () -> { });
            h.rib.bestPathHook(writer);
        }
        final long journalStart = journal ? journalThreadCpuNs() : 0;
        final long cpuStart = THREADS.getCurrentThreadCpuTime();
        final long start = System.nanoTime();
        for (final UpdateMessage m : messages)
        {
            h.send("a", m);
        }
        final long ns = System.nanoTime() - start;
        final long cpuNs = THREADS.getCurrentThreadCpuTime() - cpuStart;
        long journalCpuNs = 0;
        assertEquals(ROUTES, h.rib.locRibSize(AfiSafi.IPV4_UNICAST));
        if (null != writer)
        {
            final long drainStart = System.nanoTime();
            assertTrue(writer.awaitWritten(120_000));
            final long drainNs = System.nanoTime() - drainStart;
            journalCpuNs = journalThreadCpuNs() - journalStart;
            assertEquals(new JournalWriter.Counters(ROUTES + 1, 0, 0), writer.counters(), "every change and the first table");
            final int journaled = writer.journal().tableAt(Long.MAX_VALUE - 1, null).size();
            assertEquals(ROUTES, journaled, "the journal holds the table");
            System.out.printf("journal cost: round %d: the journal thread finished %.1f ms after the load%n", round, drainNs / 1e6);
            writer.close();
        }
        return new Load(ns, cpuNs, journalCpuNs);
    }

    @Test
    void shouldCostTheBgpThreadLittlePerChangeAndLoseNothing() throws Exception
    {
        final List<UpdateMessage> messages = table();
        load(messages, 0, false); // warm-up
        load(messages, 1, true);
        long without = Long.MAX_VALUE;
        long with = Long.MAX_VALUE;
        long cpuWithout = Long.MAX_VALUE;
        long cpuWith = Long.MAX_VALUE;
        long journalCpu = Long.MAX_VALUE;
        for (int round = 2; round < 2 + 2 * ROUNDS; round++)
        {
            final boolean journal = round % 2 == 1;
            final Load load = load(messages, round, journal);
            if (journal)
            {
                with = Math.min(with, load.wallNs());
                cpuWith = Math.min(cpuWith, load.cpuNs());
                journalCpu = Math.min(journalCpu, load.journalCpuNs());
            }
            else
            {
                without = Math.min(without, load.wallNs());
                cpuWithout = Math.min(cpuWithout, load.cpuNs());
            }
        }
        final double perChangeCpuNs = (cpuWith - cpuWithout) / (double)ROUTES;
        System.out.printf("journal cost: %d routes, best of %d: BGP thread CPU without the hook %.0f ns/route, with the journal " +
                "%.0f ns/route: %+.0f ns per change (%+.1f%%); wall %.0f vs %.0f ns/route (%+.1f%%, both threads and GC on " +
                "this machine's %d CPUs); the journal thread %.0f ns CPU per record%n", ROUTES, ROUNDS,
            cpuWithout / (double)ROUTES, cpuWith / (double)ROUTES, perChangeCpuNs, 100.0 * (cpuWith - cpuWithout) / cpuWithout,
            without / (double)ROUTES, with / (double)ROUTES, 100.0 * (with - without) / without,
            Runtime.getRuntime().availableProcessors(), journalCpu / (double)(ROUTES + 1));
        assertTrue(perChangeCpuNs < 10_000, "a change costs the BGP thread " + perChangeCpuNs + " ns");
    }
}
