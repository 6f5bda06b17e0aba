/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.fib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.junction.dataplane.counters.CountersFile;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.routing.NextHop;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import net.junction.routing.fib.ReferenceFib;

/**
 * After a resync the FIB holds exactly the new table, whatever the old one was: random old and new
 * tables (the new keeping some of the old routes, with their next hop or another), the resync sent
 * in random batches, and the FIB compared with a {@link ReferenceFib} that was given the new table
 * alone: lookups at both ends of every prefix of either table and at random addresses, route counts,
 * and every next-hop entry. One FIB serves every try (each try first resyncs to its old table from
 * the previous try's), as one data plane lives through many control planes.
 */
class FibResyncPropertyTest
{
    private static final Path DIRECTORY;
    private static final CountersFile FILE;
    private static final WorkerCounters COUNTERS;
    private static final Fib FIB = new Fib(FibTables.NEXT_HOPS);
    private static final FibWriter WRITER;
    private static long epoch;

    static
    {
        try
        {
            DIRECTORY = Files.createTempDirectory("fib-resync");
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        FILE = CountersFile.create(DIRECTORY.resolve("counters.dat"), 128);
        COUNTERS = new WorkerCounters(FILE, 0, List.of("p0"));
        WRITER = new FibWriter(FIB, COUNTERS);
    }

    @AfterContainer
    static void closeCounters() throws IOException
    {
        FILE.close();
        Files.deleteIfExists(DIRECTORY.resolve("counters.dat"));
        Files.deleteIfExists(DIRECTORY);
    }

    @Property(tries = 80)
    void shouldHoldExactlyTheNewTableAfterAResync(
        @ForAll final long oldSeed,
        @ForAll final long newSeed,
        @ForAll @IntRange(min = 0, max = 100) final int keptPercent,
        @ForAll @IntRange(min = 0, max = 300) final int batch)
    {
        final FibTables.Table old = FibTables.random(new SplittableRandom(oldSeed), 150, null, 0);
        final FibTables.Table next = FibTables.random(new SplittableRandom(newSeed), 150, old, keptPercent / 100.0);

        resync(old, 0);
        assertHolds(old, old, next, oldSeed);
        resync(next, batch);
        assertHolds(next, old, next, newSeed);
    }

    private static void resync(final FibTables.Table table, final int batch)
    {
        epoch++;
        WRITER.resyncBegin(epoch);
        table.sendTo(WRITER, batch);
        WRITER.resyncEnd(epoch);
        WRITER.commit();
        assertEquals(0, COUNTERS.dpValue(WorkerCounters.FIB_UPDATE_ERRORS), "every message was valid");
        assertEquals(0, COUNTERS.dpValue(WorkerCounters.FIB_RESYNC_REFUSED));
    }

    private static void assertHolds(
        final FibTables.Table expected, final FibTables.Table old, final FibTables.Table next, final long seed)
    {
        final ReferenceFib reference = new ReferenceFib(FibTables.NEXT_HOPS);
        expected.sendTo(reference, 0);
        reference.commit();

        assertEquals(reference.routeCount4(), FIB.routeCount4());
        assertEquals(reference.routeCount6(), FIB.routeCount6());
        final Set<FibTables.Route> routes = new HashSet<>(old.routes().keySet());
        routes.addAll(next.routes().keySet());
        for (final FibTables.Route route : routes)
        {
            if (route.ipv4())
            {
                final int first = (int)route.high();
                final int last = first | ~Prefix4.mask(route.length());
                assertEquals(reference.lookup4(first), FIB.lookup4(first), route::toString);
                assertEquals(reference.lookup4(last), FIB.lookup4(last), route::toString);
            }
            else
            {
                final long lastHigh = route.high() | ~Prefix6.maskHigh(route.length());
                final long lastLow = route.low() | ~Prefix6.maskLow(route.length());
                assertEquals(reference.lookup6(route.high(), route.low()), FIB.lookup6(route.high(), route.low()),
                    route::toString);
                assertEquals(reference.lookup6(lastHigh, lastLow), FIB.lookup6(lastHigh, lastLow), route::toString);
            }
        }
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 500; i++)
        {
            final int address = FibTables.BASE4 | random.nextInt(1 << 17);
            assertEquals(reference.lookup4(address), FIB.lookup4(address));
            final long high = FibTables.BASE6 | random.nextLong() >>> 32;
            final long low = random.nextLong();
            assertEquals(reference.lookup6(high, low), FIB.lookup6(high, low));
        }

        final NextHopTable nextHops = FIB.nextHops();
        for (int index = 0; index < FibTables.NEXT_HOPS; index++)
        {
            final int[] members = reference.group(index);
            final NextHop nextHop = reference.nextHop(index);
            if (null != members)
            {
                assertEquals(NextHopTable.GROUP, nextHops.kind(index), "group " + index);
                final int[] held = new int[nextHops.groupCount(index)];
                for (int m = 0; m < held.length; m++)
                {
                    held[m] = nextHops.groupMember(index, m);
                }
                assertArrayEquals(members, held, "group " + index);
            }
            else if (null != nextHop)
            {
                final int kind = switch (nextHop)
                {
                    case NextHop.Gateway4 g -> NextHopTable.GATEWAY4;
                    case NextHop.Gateway6 g -> NextHopTable.GATEWAY6;
                    case NextHop.Direct d -> NextHopTable.DIRECT;
                    case NextHop.Local l -> NextHopTable.LOCAL;
                    case NextHop.Blackhole b -> NextHopTable.BLACKHOLE;
                };
                assertEquals(kind, nextHops.kind(index), "next hop " + index);
                if (kind == NextHopTable.GATEWAY4 || kind == NextHopTable.DIRECT || kind == NextHopTable.GATEWAY6)
                {
                    assertEquals(nextHop.portId(), nextHops.port(index), "next hop " + index);
                }
            }
            else
            {
                assertEquals(NextHopTable.NONE, nextHops.kind(index), "next hop " + index + " swept");
            }
        }
    }
}
