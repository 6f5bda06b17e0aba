/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.jmh;

import static net.junction.benchmarks.jmh.FibTables.BURST;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import net.junction.benchmarks.fib.Fibs;
import net.junction.benchmarks.fib.Fibs.Fib4;
import net.junction.benchmarks.fib.RouteFiles.Routes4;
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
 * IPv4 longest-prefix match on a loaded table, one thread: {@link #single} is one
 * {@code lookup} per operation, {@link #burst} one {@code lookupBurst} of {@value FibTables#BURST}
 * addresses per call, counted as 32 operations, so both scores are lookups per microsecond
 * (millions per second). The addresses ({@value FibTables#ADDRESSES}, 90% inside a route) are
 * drawn in setup and walked in order, so the table is read at random, as by a data plane.
 * The FIB is the one {@link Fibs} builds by default (the data plane's), or {@code -p fib=NAME}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Lookup4Bench extends BenchmarkDefaults
{
    private static final int ADDRESS_MASK = FibTables.ADDRESSES - 1;
    private static final int BURST_MASK = FibTables.ADDRESSES / BURST - 1;

    /** IPv4 routes in the table: 100k, 1M (bench fib's table) or a number. */
    @Param({"100k", "1M"})
    public String table;

    @Param({Fibs.DEFAULT4})
    public String fib;

    private Fib4 fib4;
    private int[] addresses;
    private int[][] bursts;
    private final int[] results = new int[BURST];
    private int next;
    private int nextBurst;

    @Setup(Level.Trial)
    public void load() throws IOException
    {
        final Routes4 routes = FibTables.routes4(table);
        fib4 = Fibs.newFib4(fib);
        for (int i = 0; i < routes.size(); i++)
        {
            fib4.put(routes.addresses()[i], routes.lengths()[i], routes.values()[i]);
        }
        addresses = FibTables.addresses4(routes);
        bursts = FibTables.bursts(addresses);
        int hits = 0;
        for (final int a : addresses)
        {
            hits += fib4.lookup(a) != Fibs.NO_ROUTE ? 1 : 0;
        }
        for (int c = 0; c < 1024; c++)
        {
            burst(bursts[c]);
            for (int j = 0; j < BURST; j++)
            {
                if (results[j] != fib4.lookup(bursts[c][j]))
                {
                    throw new IllegalStateException("lookupBurst and lookup disagree on address " + (c * BURST + j));
                }
            }
        }
        System.out.printf("%nLookup4Bench: %s, %d IPv4 routes, %.1f%% of %d addresses match a route%n",
            fib4.implementation().getSimpleName(), routes.size(), 100.0 * hits / addresses.length, addresses.length);
    }

    @Benchmark
    public void single(final Blackhole bh)
    {
        final int i = next;
        next = (i + 1) & ADDRESS_MASK;
        bh.consume(fib4.lookup(addresses[i]));
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void burst(final Blackhole bh)
    {
        final int c = nextBurst;
        nextBurst = (c + 1) & BURST_MASK;
        burst(bursts[c]);
        bh.consume(results);
    }

    /** The FIB's burst lookup, or single lookups for a FIB without one. */
    private void burst(final int[] chunk)
    {
        if (!fib4.lookupBurst(chunk, results, BURST))
        {
            for (int j = 0; j < BURST; j++)
            {
                results[j] = fib4.lookup(chunk[j]);
            }
        }
    }
}
