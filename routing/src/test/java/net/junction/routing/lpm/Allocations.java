/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.lpm;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.IntSupplier;

/**
 * Measures what a piece of code allocates on the calling thread (HotSpot's per-thread allocation
 * counter) once warm: runs it until the JIT has settled, then several measured runs, every one of
 * which must allocate nothing.
 */
public final class Allocations
{
    private static final int MAX_WARM_UP_RUNS = 40;
    private static final int QUIET_RUNS = 3;
    private static final int MEASURED_RUNS = 5;

    private Allocations()
    {
    }

    /**
     * Bytes the work allocates on this thread once warm: the largest of {@link #MEASURED_RUNS}
     * measured runs, so a single run that allocates makes it non-zero.
     *
     * <p>Warm-up runs the work until {@link #QUIET_RUNS} runs in a row allocated nothing and the
     * JVM compiled nothing ({@link CompilationMXBean#getTotalCompilationTime()} did not move), at
     * most {@link #MAX_WARM_UP_RUNS} times. That keeps HotSpot's own one-time allocation when it
     * compiles or links late (seen once under CI-like load: a run of 1,248 bytes, then none) out of
     * the measured runs, instead of forgiving a measured run that is not 0. Work that allocates
     * itself, even once in a while, never settles and shows in a measured run.
     */
    public static long allocatedBytesOfCurrentThread(final IntSupplier work)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        int sink = 0;
        int quiet = 0;
        for (int i = 0; i < MAX_WARM_UP_RUNS && quiet < QUIET_RUNS; i++)
        {
            final long compileMs = compiler.getTotalCompilationTime();
            final long before = threads.getCurrentThreadAllocatedBytes();
            sink += work.getAsInt();
            final boolean allocated = threads.getCurrentThreadAllocatedBytes() != before;
            quiet = allocated || compiler.getTotalCompilationTime() != compileMs ? 0 : quiet + 1;
        }

        long most = 0;
        for (int i = 0; i < MEASURED_RUNS; i++)
        {
            // The counter's own call allocates nothing, so back-to-back reads differ by exactly the work.
            final long before = threads.getCurrentThreadAllocatedBytes();
            sink += work.getAsInt();
            most = Math.max(most, threads.getCurrentThreadAllocatedBytes() - before);
        }

        if (sink == Integer.MIN_VALUE)
        {
            System.out.println(sink); // keep the work observable so it cannot be optimised away
        }

        return most;
    }
}
