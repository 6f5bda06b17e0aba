/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

import net.junction.dataplane.counters.CountersFile;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.routing.Ip4;
import net.junction.routing.NextHop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What marking and sweeping cost on a large table: a measurement, not a check, so it runs only when
 * asked ({@code -Djunction.fib.resyncCost=true}; CI does not). Tables in the test ranges: IPv4 nine
 * in ten of every prefix /15../32 of 198.18.0.0/15 (235,928 routes; the range holds 262,143), IPv6
 * 1,000,000 random /40../64 in 2001:db8::/32. For each family, single-threaded on the writer, one
 * batch each (as {@code Rib.replay} and {@code Rib.resync} send a table): the first load into an
 * empty FIB, then in alternated rounds the same table re-set outside a resync (the work without
 * marks) and inside a resync (re-set, marked, swept: nothing to sweep), then one resync to the other
 * nine tenths (a tenth of the routes new, a tenth swept). Prints medians, route rates and the marks'
 * memory at their peak.
 */
@EnabledIfSystemProperty(named = "junction.fib.resyncCost", matches = "true")
class FibResyncCostTest
{
    /** Alternated rounds per family: IPv4's are short, so more of them against the noise of a shared machine. */
    private static final int ROUNDS4 = 21;
    private static final int ROUNDS6 = 5;
    private static final int IPV6_ROUTES = 1_000_000;

    @TempDir
    Path directory;

    private FibWriter writer;
    private Fib fib;
    private long epoch;
    private long marksPeak;

    /** Routes of one family as parallel arrays; for IPv4 highs hold the address. */
    private record Table(boolean ipv4, long[] highs, long[] lows, int[] lengths, int[] values)
    {
        int size()
        {
            return highs.length;
        }
    }

    @Test
    void shouldMeasureTheCostOfMarkAndSweep()
    {
        try (CountersFile file = CountersFile.create(directory.resolve("counters.dat"), 128))
        {
            final Table v4 = ipv4Table();
            final Table v6 = ipv6Table(new SplittableRandom(11), IPV6_ROUTES + IPV6_ROUTES / 9);
            System.out.printf("resync cost: java %s, %d cpus%n", Runtime.version(), Runtime.getRuntime().availableProcessors());
            final WorkerCounters counters = new WorkerCounters(file, 0, List.of("p0"));
            measure(counters, without(v4, 0), without(v4, 1));
            measure(counters, without(v6, 0), without(v6, 1));
        }
    }

    private void measure(final WorkerCounters counters, final Table table, final Table changed)
    {
        fib = new Fib(16);
        writer = new FibWriter(fib, counters);
        marksPeak = 0;
        final String family = table.ipv4() ? "ipv4" : "ipv6";

        final long loadNs = timed(() -> send(table));
        final int rounds = table.ipv4() ? ROUNDS4 : ROUNDS6;
        final long[] plain = new long[rounds];
        final long[] marked = new long[rounds];
        final long[] swept = new long[rounds];
        for (int r = 0; r < rounds; r++)
        {
            plain[r] = timed(() -> send(table));
            final long[] sweepNs = new long[1];
            marked[r] = timed(() -> sweepNs[0] = resync(table));
            swept[r] = sweepNs[0];
            marked[r] -= swept[r];
        }
        final long[] sweepNs = new long[1];
        final long changedNs = timed(() -> sweepNs[0] = resync(changed));
        assertEquals(changed.size(), table.ipv4() ? fib.routeCount4() : fib.routeCount6());

        System.out.printf("resync cost %s: %d routes; first load %.0f ms (%.2f M routes/s); the table re-set outside a " +
                "resync median %.0f ms %s; inside a resync, begin and re-set and marked median %.0f ms %s (%+.0f%%), " +
                "end (the sweep, none to sweep) median %.1f ms %s; a resync to the other nine tenths (%d new, %d swept) " +
                "%.0f ms, its end %.0f ms; marks at their peak %.1f MiB (%.1f B/route), released at the end%n",
            family, table.size(), loadNs / 1e6, table.size() / (loadNs / 1e9) / 1e6, median(plain) / 1e6, ms(plain),
            median(marked) / 1e6, ms(marked), 100.0 * (median(marked) - median(plain)) / median(plain),
            median(swept) / 1e6, ms(swept), table.size() / 9, table.size() / 9, changedNs / 1e6, sweepNs[0] / 1e6,
            marksPeak / 1048576.0, (double)marksPeak / table.size());
    }

    private void send(final Table table)
    {
        writer.nextHopSet(0, new NextHop.Direct(0));
        writer.nextHopSet(1, new NextHop.Gateway4(1, Ip4.parse("198.18.255.1")));
        sendRoutes(table);
        writer.commit();
    }

    /** @return the time the end (the sweep) and its commit took. */
    private long resync(final Table table)
    {
        writer.resyncBegin(++epoch);
        writer.nextHopSet(0, new NextHop.Direct(0));
        writer.nextHopSet(1, new NextHop.Gateway4(1, Ip4.parse("198.18.255.1")));
        sendRoutes(table);
        writer.commit();
        // The marks are at their largest once the routes are applied, just before the sweep.
        marksPeak = Math.max(marksPeak, writer.marksFootprintBytes());
        final long startNs = System.nanoTime();
        writer.resyncEnd(epoch);
        writer.commit();
        return System.nanoTime() - startNs;
    }

    private void sendRoutes(final Table table)
    {
        for (int i = 0; i < table.size(); i++)
        {
            if (table.ipv4())
            {
                writer.route4Set((int)table.highs()[i], table.lengths()[i], table.values()[i]);
            }
            else
            {
                writer.route6Set(table.highs()[i], table.lows()[i], table.lengths()[i], table.values()[i]);
            }
        }
    }

    private static Table ipv4Table()
    {
        final int count = (1 << 18) - 1;
        final long[] highs = new long[count];
        final int[] lengths = new int[count];
        final int[] values = new int[count];
        int i = 0;
        for (int length = 15; length <= 32; length++)
        {
            for (int k = 0; k < 1 << (length - 15); k++)
            {
                highs[i] = FibTables.BASE4 | k << (32 - length);
                lengths[i] = length;
                values[i] = k & 1;
                i++;
            }
        }
        return new Table(true, highs, new long[count], lengths, values);
    }

    private static Table ipv6Table(final SplittableRandom random, final int count)
    {
        final long[] highs = new long[count];
        final int[] lengths = new int[count];
        final int[] values = new int[count];
        final HashSet<Long> seen = new HashSet<>();
        for (int i = 0; i < count; )
        {
            final int length = 40 + random.nextInt(25);
            final long high = (FibTables.BASE6 | random.nextLong() >>> 32) & -1L << (64 - length);
            if (seen.add(high ^ (long)length << 58 ^ length))
            {
                highs[i] = high;
                lengths[i] = length;
                values[i] = random.nextInt(2);
                i++;
            }
        }
        return new Table(false, highs, new long[count], lengths, values);
    }

    /** The table without the tenth of its routes whose position is {@code tenth} modulo 10. */
    private static Table without(final Table table, final int tenth)
    {
        final int count = table.size() - (table.size() + 9 - tenth) / 10;
        final long[] highs = new long[count];
        final int[] lengths = new int[count];
        final int[] values = new int[count];
        int k = 0;
        for (int i = 0; i < table.size(); i++)
        {
            if (i % 10 != tenth)
            {
                highs[k] = table.highs()[i];
                lengths[k] = table.lengths()[i];
                values[k] = table.values()[i];
                k++;
            }
        }
        assertEquals(count, k);
        return new Table(table.ipv4(), highs, new long[count], lengths, values);
    }

    private static long timed(final Runnable work)
    {
        final long startNs = System.nanoTime();
        work.run();
        return System.nanoTime() - startNs;
    }

    private static long median(final long[] values)
    {
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String ms(final long[] values)
    {
        return Arrays.toString(Arrays.stream(values).mapToObj(v -> String.format("%.1f", v / 1e6)).toArray());
    }
}
