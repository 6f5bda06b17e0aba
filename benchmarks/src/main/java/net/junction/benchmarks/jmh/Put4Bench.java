/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import net.junction.benchmarks.fib.Fibs;
import net.junction.benchmarks.fib.Fibs.Fib4;
import net.junction.benchmarks.fib.RouteFiles.Routes4;
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
 * Loading a whole IPv4 table into an empty FIB, one {@code put} per route, on one thread (the
 * FIB's single writer): {@link #sorted} by prefix length, shortest first (the order a RIB dump
 * gives), {@link #shuffled} in the generator's shuffled order (the order of a BGP full feed,
 * more or less). An operation is one whole table; the {@code :routes} line beside it is the
 * rate that matters, routes per second. The empty FIB is made before each operation, outside
 * the measurement; collecting the previous one is inside it, as in a real reload.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Put4Bench extends BenchmarkDefaults
{
    /** IPv4 routes in the table: 100k, 1M (bench fib's table) or a number. */
    @Param({"100k"})
    public String table;

    @Param({Fibs.DEFAULT4})
    public String fib;

    private int[] sortedAddresses;
    private int[] sortedLengths;
    private int[] sortedValues;
    private int[] shuffledAddresses;
    private int[] shuffledLengths;
    private int[] shuffledValues;
    private Fib4 empty;

    @Setup(Level.Trial)
    public void load() throws IOException
    {
        final Routes4 routes = FibTables.routes4(table);
        shuffledAddresses = routes.addresses();
        shuffledLengths = routes.lengths();
        shuffledValues = routes.values();
        final int[] order = FibTables.byLength(shuffledLengths);
        sortedAddresses = new int[order.length];
        sortedLengths = new int[order.length];
        sortedValues = new int[order.length];
        for (int i = 0; i < order.length; i++)
        {
            sortedAddresses[i] = shuffledAddresses[order[i]];
            sortedLengths[i] = shuffledLengths[order[i]];
            sortedValues[i] = shuffledValues[order[i]];
        }
    }

    @Setup(Level.Invocation)
    public void emptyFib()
    {
        empty = Fibs.newFib4(fib);
    }

    @Benchmark
    public Fib4 sorted(final RouteCounters counters)
    {
        return putAll(sortedAddresses, sortedLengths, sortedValues, counters);
    }

    @Benchmark
    public Fib4 shuffled(final RouteCounters counters)
    {
        return putAll(shuffledAddresses, shuffledLengths, shuffledValues, counters);
    }

    private Fib4 putAll(final int[] addresses, final int[] lengths, final int[] values, final RouteCounters counters)
    {
        final Fib4 f = empty;
        for (int i = 0; i < addresses.length; i++)
        {
            f.put(addresses[i], lengths[i], values[i]);
        }
        counters.routes += addresses.length;
        return f;
    }
}
