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
    private Allocations()
    {
    }

    public static long allocatedBytesOfCurrentThread(final IntSupplier work)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        int sink = work.getAsInt();

        // The counter's own call allocates nothing, so back-to-back reads differ by exactly the work.
        final long before = threads.getCurrentThreadAllocatedBytes();
        sink += work.getAsInt();
        final long after = threads.getCurrentThreadAllocatedBytes();

        if (sink == Integer.MIN_VALUE)
        {
            System.out.println(sink); // keep the work observable so it cannot be optimised away
        }

        return after - before;
    }
}
