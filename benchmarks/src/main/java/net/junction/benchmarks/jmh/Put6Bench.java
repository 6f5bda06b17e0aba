/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import net.junction.benchmarks.fib.Fibs;
import net.junction.benchmarks.fib.Fibs.Fib6;
import net.junction.benchmarks.fib.RouteFiles.Routes6;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The IPv6 twin of {@link Put4Bench}: a whole IPv6 table put into an empty FIB, sorted by prefix
 * length or shuffled; {@code :routes} is routes per second. {@code table=100k} is 25k IPv6
 * routes, {@code 1M} 250k.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Put6Bench extends BenchmarkDefaults
{
    /** The table by its IPv4 size (the IPv6 table is a quarter of it): 100k, 1M or a number. */
    @Param({"100k"})
    public String table;

    @Param({Fibs.DEFAULT6})
    public String fib;

    private long[] sortedHighs;
    private long[] sortedLows;
    private int[] sortedLengths;
    private int[] sortedValues;
    private long[] shuffledHighs;
    private long[] shuffledLows;
    private int[] shuffledLengths;
    private int[] shuffledValues;
    private Fib6 empty;

    @Setup(Level.Trial)
    public void load() throws IOException
    {
        final Routes6 routes = FibTables.routes6(table);
        shuffledHighs = routes.highs();
        shuffledLows = routes.lows();
        shuffledLengths = routes.lengths();
        shuffledValues = routes.values();
        final int[] order = FibTables.byLength(shuffledLengths);
        sortedHighs = new long[order.length];
        sortedLows = new long[order.length];
        sortedLengths = new int[order.length];
        sortedValues = new int[order.length];
        for (int i = 0; i < order.length; i++)
        {
            sortedHighs[i] = shuffledHighs[order[i]];
            sortedLows[i] = shuffledLows[order[i]];
            sortedLengths[i] = shuffledLengths[order[i]];
            sortedValues[i] = shuffledValues[order[i]];
        }
    }

    @Setup(Level.Invocation)
    public void emptyFib()
    {
        empty = Fibs.newFib6(fib);
    }

    @Benchmark
    public Fib6 sorted(final RouteCounters counters)
    {
        return putAll(sortedHighs, sortedLows, sortedLengths, sortedValues, counters);
    }

    @Benchmark
    public Fib6 shuffled(final RouteCounters counters)
    {
        return putAll(shuffledHighs, shuffledLows, shuffledLengths, shuffledValues, counters);
    }

    private Fib6 putAll(final long[] highs, final long[] lows, final int[] lengths, final int[] values,
        final RouteCounters counters)
    {
        final Fib6 f = empty;
        for (int i = 0; i < highs.length; i++)
        {
            f.put(highs[i], lows[i], lengths[i], values[i]);
        }
        counters.routes += highs.length;
        return f;
    }
}
