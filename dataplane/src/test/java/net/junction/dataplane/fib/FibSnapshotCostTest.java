/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import net.junction.dataplane.counters.CountersFile;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.routing.Ip4;
import net.junction.routing.Ip6Address;
import net.junction.routing.NextHop;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long the FIB writer's thread (the slow path) spends copying a large FIB for the reverse stream
 * ({@link FibSnapshot#take}): a measurement, not a check, run only when asked
 * ({@code -Djunction.fib.snapshotCost=true}; CI does not). Tables in the test ranges: every prefix /15../32
 * of 198.18.0.0/15 (262,143 IPv4 routes), then 1,000,000 random /40../64 in 2001:db8::/32 (712,010 distinct); next
 * hops a handful. Prints the median of five copies per table.
 */
@EnabledIfSystemProperty(named = "junction.fib.snapshotCost", matches = "true")
class FibSnapshotCostTest
{
    private static final int ROUNDS = 5;

    @TempDir
    Path directory;

    @Test
    void shouldMeasureTheCopyOfALargeFib()
    {
        try (CountersFile file = CountersFile.create(directory.resolve("counters.dat"), 128))
        {
            final Fib fib = new Fib(16);
            final FibWriter writer = new FibWriter(fib, new WorkerCounters(file, 0, List.of("p0", "p1")));
            writer.nextHopSet(0, new NextHop.Direct(0));
            writer.nextHopSet(1, new NextHop.Gateway4(1, Ip4.parse("198.18.255.1")));
            writer.nextHopSet(2, new NextHop.Gateway6(1, Ip6Address.parse("2001:db8:ffff::1")));
            final int base = Ip4.parse("198.18.0.0");
            for (int length = 15; length <= Prefix4.MAX_LENGTH; length++)
            {
                for (int i = 0; i < 1 << (length - 15); i++)
                {
                    writer.route4Set(base + (i << (32 - length)), length, i & 1);
                }
            }
            writer.commit();
            System.out.printf("snapshot cost: java %s, %d cpus%n", Runtime.version(), Runtime.getRuntime().availableProcessors());
            measure(fib, "ipv4");

            final SplittableRandom random = new SplittableRandom(13);
            final long net = Ip6Address.parse("2001:db8::").high();
            for (int i = 0; i < 1_000_000; i++)
            {
                final int length = 40 + random.nextInt(25);
                final Prefix6 p = Prefix6.network(net | (random.nextLong() >>> 32), 0, length);
                writer.route6Set(p.high(), p.low(), length, 2);
            }
            writer.commit();
            measure(fib, "ipv4 and ipv6");
        }
    }

    private static void measure(final Fib fib, final String what)
    {
        final long[] ns = new long[ROUNDS];
        FibSnapshot copy = null;
        for (int r = 0; r < ROUNDS; r++)
        {
            final long startNs = System.nanoTime();
            copy = FibSnapshot.take(fib, 0, false, 0);
            ns[r] = System.nanoTime() - startNs;
        }
        assertEquals(fib.routeCount4() + fib.routeCount6(), copy.size());
        Arrays.sort(ns);
        System.out.printf("snapshot cost %s: %d IPv4 and %d IPv6 routes copied in %.0f ms (median of %d; %s ms)%n", what,
            copy.routes4(), copy.routes6(), ns[ROUNDS / 2] / 1e6, ROUNDS,
            Arrays.toString(Arrays.stream(ns).map(n -> n / 1_000_000).toArray()));
    }
}
