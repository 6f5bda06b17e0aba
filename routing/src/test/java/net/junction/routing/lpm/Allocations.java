/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.lpm;

import java.lang.management.ManagementFactory;
import java.util.function.IntSupplier;

/**
 * Measures what a piece of code allocates on the calling thread (HotSpot's per-thread allocation
 * counter), after running it once to warm up so class loading and first-call linkage do not count.
 */
public final class Allocations
{
    private static final int WARM_UP_RUNS = 5;
    private static final int MEASURED_RUNS = 3;

    private Allocations()
    {
    }

    /**
     * Bytes the work allocates on this thread once warm: a few warm-up runs, then up to three
     * measured runs, the smallest returned. Allocation done by the work itself shows in every
     * run; what this tolerates is the JVM's own one-time allocation when it compiles or links
     * late (seen once in CI-like load: a single run of 1,248 bytes, then none).
     */
    public static long allocatedBytesOfCurrentThread(final IntSupplier work)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        int sink = 0;
        for (int i = 0; i < WARM_UP_RUNS; i++)
        {
            sink += work.getAsInt();
        }

        long least = Long.MAX_VALUE;
        for (int i = 0; i < MEASURED_RUNS && least > 0; i++)
        {
            // The counter's own call allocates nothing, so back-to-back reads differ by exactly the work.
            final long before = threads.getCurrentThreadAllocatedBytes();
            sink += work.getAsInt();
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }

        if (sink == Integer.MIN_VALUE)
        {
            System.out.println(sink); // keep the work observable so it cannot be optimised away
        }

        return least;
    }
}
