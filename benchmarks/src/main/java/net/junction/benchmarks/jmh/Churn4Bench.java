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
 * Route churn in a loaded IPv4 table: one operation removes a /24 of the table and puts it back
 * with its next hop, so the table is the same after every operation (BGP withdraw then
 * re-announce of one prefix). The /24s are taken in a seeded random order, cycling; about half
 * of them sit under a shorter route of the table, so a remove rewrites the entries with the
 * covering route, and a /24 alone in its ply folds it (reused, as in the data plane, through the
 * adapter's Qsbr). Operations (remove + put pairs) per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Churn4Bench extends BenchmarkDefaults
{
    private static final int CHURN_LENGTH = 24;

    /** IPv4 routes in the table: 1M (bench fib's table), 100k or a number. */
    @Param({"1M"})
    public String table;

    @Param({Fibs.DEFAULT4})
    public String fib;

    private Fib4 fib4;
    private int[] addresses;
    private int[] values;
    private int next;

    @Setup(Level.Trial)
    public void load() throws IOException
    {
        final Routes4 routes = FibTables.routes4(table);
        fib4 = Fibs.newFib4(fib);
        for (int i = 0; i < routes.size(); i++)
        {
            fib4.put(routes.addresses()[i], routes.lengths()[i], routes.values()[i]);
        }
        final int[] churned = FibTables.shuffledOfLength(routes.lengths(), CHURN_LENGTH);
        addresses = new int[churned.length];
        values = new int[churned.length];
        for (int i = 0; i < churned.length; i++)
        {
            addresses[i] = routes.addresses()[churned[i]];
            values[i] = routes.values()[churned[i]];
        }
        if (fib4.remove(addresses[0], CHURN_LENGTH) != values[0])
        {
            throw new IllegalStateException("remove did not return the value of the route put");
        }
        fib4.put(addresses[0], CHURN_LENGTH, values[0]);
        System.out.printf("%nChurn4Bench: %s, %d IPv4 routes, churning its %d /%d routes%n",
            fib4.implementation().getSimpleName(), routes.size(), addresses.length, CHURN_LENGTH);
    }

    @Benchmark
    public int removeAndPut()
    {
        final int i = next;
        next = i + 1 == addresses.length ? 0 : i + 1;
        final int removed = fib4.remove(addresses[i], CHURN_LENGTH);
        fib4.put(addresses[i], CHURN_LENGTH, values[i]);
        return removed;
    }
}
