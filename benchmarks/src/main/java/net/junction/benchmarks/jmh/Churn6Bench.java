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
 * The IPv6 twin of {@link Churn4Bench}: one operation removes a /48 of a loaded IPv6 table
 * (250k routes for {@code table=1M}) and puts it back. Operations per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Churn6Bench extends BenchmarkDefaults
{
    private static final int CHURN_LENGTH = 48;

    /** The table by its IPv4 size (the IPv6 table is a quarter of it): 1M, 100k or a number. */
    @Param({"1M"})
    public String table;

    @Param({Fibs.DEFAULT6})
    public String fib;

    private Fib6 fib6;
    private long[] highs;
    private long[] lows;
    private int[] values;
    private int next;

    @Setup(Level.Trial)
    public void load() throws IOException
    {
        final Routes6 routes = FibTables.routes6(table);
        fib6 = Fibs.newFib6(fib);
        for (int i = 0; i < routes.size(); i++)
        {
            fib6.put(routes.highs()[i], routes.lows()[i], routes.lengths()[i], routes.values()[i]);
        }
        final int[] churned = FibTables.shuffledOfLength(routes.lengths(), CHURN_LENGTH);
        highs = new long[churned.length];
        lows = new long[churned.length];
        values = new int[churned.length];
        for (int i = 0; i < churned.length; i++)
        {
            highs[i] = routes.highs()[churned[i]];
            lows[i] = routes.lows()[churned[i]];
            values[i] = routes.values()[churned[i]];
        }
        if (fib6.remove(highs[0], lows[0], CHURN_LENGTH) != values[0])
        {
            throw new IllegalStateException("remove did not return the value of the route put");
        }
        fib6.put(highs[0], lows[0], CHURN_LENGTH, values[0]);
        System.out.printf("%nChurn6Bench: %s, %d IPv6 routes, churning its %d /%d routes%n",
            fib6.implementation().getSimpleName(), routes.size(), highs.length, CHURN_LENGTH);
    }

    @Benchmark
    public int removeAndPut()
    {
        final int i = next;
        next = i + 1 == highs.length ? 0 : i + 1;
        final int removed = fib6.remove(highs[i], lows[i], CHURN_LENGTH);
        fib6.put(highs[i], lows[i], CHURN_LENGTH, values[i]);
        return removed;
    }
}
