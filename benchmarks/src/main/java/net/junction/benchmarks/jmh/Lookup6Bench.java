/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.jmh;

import static net.junction.benchmarks.jmh.FibTables.BURST;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import net.junction.benchmarks.fib.Fibs;
import net.junction.benchmarks.fib.Fibs.Fib6;
import net.junction.benchmarks.fib.RouteFiles.Routes6;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * IPv6 longest-prefix match on a loaded table, one thread; the IPv6 twin of {@link Lookup4Bench}
 * (scores in lookups per microsecond; {@link #burst} counts its 32 addresses). The table of
 * {@code table=1M} holds 250k IPv6 routes, of {@code 100k} 25k.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Lookup6Bench extends BenchmarkDefaults
{
    private static final int ADDRESS_MASK = FibTables.ADDRESSES - 1;
    private static final int BURST_MASK = FibTables.ADDRESSES / BURST - 1;

    /** The table by its IPv4 size (the IPv6 table is a quarter of it): 100k, 1M or a number. */
    @Param({"100k", "1M"})
    public String table;

    @Param({Fibs.DEFAULT6})
    public String fib;

    private Fib6 fib6;
    private long[] highs;
    private long[] lows;
    private long[][] burstHighs;
    private long[][] burstLows;
    private final int[] results = new int[BURST];
    private int next;
    private int nextBurst;

    @Setup(Level.Trial)
    public void load() throws IOException
    {
        final Routes6 routes = FibTables.routes6(table);
        fib6 = Fibs.newFib6(fib);
        for (int i = 0; i < routes.size(); i++)
        {
            fib6.put(routes.highs()[i], routes.lows()[i], routes.lengths()[i], routes.values()[i]);
        }
        final long[][] addresses = FibTables.addresses6(routes);
        highs = addresses[0];
        lows = addresses[1];
        burstHighs = FibTables.bursts(highs);
        burstLows = FibTables.bursts(lows);
        int hits = 0;
        for (int i = 0; i < highs.length; i++)
        {
            hits += fib6.lookup(highs[i], lows[i]) != Fibs.NO_ROUTE ? 1 : 0;
        }
        for (int c = 0; c < 1024; c++)
        {
            burst(burstHighs[c], burstLows[c]);
            for (int j = 0; j < BURST; j++)
            {
                if (results[j] != fib6.lookup(burstHighs[c][j], burstLows[c][j]))
                {
                    throw new IllegalStateException("lookupBurst and lookup disagree on address " + (c * BURST + j));
                }
            }
        }
        System.out.printf("%nLookup6Bench: %s, %d IPv6 routes, %.1f%% of %d addresses match a route%n",
            fib6.implementation().getSimpleName(), routes.size(), 100.0 * hits / highs.length, highs.length);
    }

    @Benchmark
    public void single(final Blackhole bh)
    {
        final int i = next;
        next = (i + 1) & ADDRESS_MASK;
        bh.consume(fib6.lookup(highs[i], lows[i]));
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void burst(final Blackhole bh)
    {
        final int c = nextBurst;
        nextBurst = (c + 1) & BURST_MASK;
        burst(burstHighs[c], burstLows[c]);
        bh.consume(results);
    }

    /** The FIB's burst lookup, or single lookups for a FIB without one. */
    private void burst(final long[] h, final long[] l)
    {
        if (!fib6.lookupBurst(h, l, results, BURST))
        {
            for (int j = 0; j < BURST; j++)
            {
                results[j] = fib6.lookup(h[j], l[j]);
            }
        }
    }
}
