/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Test support: what a thread allocates in steady state, measured with HotSpot's per-thread
 * allocation counter ({@code com.sun.management.ThreadMXBean}) over several windows, every one
 * of which must show 0 bytes.
 *
 * <p>Warm-up runs rounds until the JIT has settled: {@link #QUIET_ROUNDS} rounds in a row in which
 * the measured thread allocated nothing and the JVM's total compilation time
 * ({@link CompilationMXBean}) did not move. HotSpot was once seen allocating 80 bytes on a worker
 * thread when it compiled and linked late under load; waiting until compilation stops is how that
 * is kept out of the windows, rather than forgiving a window that is not 0. An allocation made by
 * the code under test (per packet, per burst, or once in a while) keeps the warm-up from settling
 * and shows in a window, so it fails.
 */
public final class AllocationWindows
{
    /** Windows measured after warm-up; each must be 0. */
    public static final int WINDOWS = 5;
    /** Consecutive quiet rounds (no allocation, no compilation) that end the warm-up. */
    public static final int QUIET_ROUNDS = 3;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private AllocationWindows()
    {
    }

    /** The calling thread's allocated-bytes counter. */
    public static LongSupplier currentThread()
    {
        return THREADS::getCurrentThreadAllocatedBytes;
    }

    /** Another live thread's allocated-bytes counter (-1 once the thread has ended). */
    public static LongSupplier thread(final long threadId)
    {
        return () -> THREADS.getThreadAllocatedBytes(threadId);
    }

    /**
     * Runs {@code round} until {@link #QUIET_ROUNDS} rounds in a row neither allocate on the
     * measured thread nor compile anything, at most {@code maxRounds} times.
     *
     * @return the rounds run, negative if it did not settle (the windows decide then).
     */
    public static int settle(final LongSupplier allocatedBytes, final Runnable round, final int maxRounds)
    {
        final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        int quiet = 0;
        int rounds = 0;
        while (rounds < maxRounds && quiet < QUIET_ROUNDS)
        {
            final long compileMs = compiler.getTotalCompilationTime();
            final long before = allocatedBytes.getAsLong();
            round.run();
            final boolean allocated = allocatedBytes.getAsLong() != before;
            final boolean compiled = compiler.getTotalCompilationTime() != compileMs;
            quiet = allocated || compiled ? 0 : quiet + 1;
            rounds++;
        }
        return quiet >= QUIET_ROUNDS ? rounds : -rounds;
    }

    /**
     * What the measured thread allocated in each window, and how many milliseconds the JVM spent
     * compiling meanwhile (to tell a late compilation from the code's own allocation).
     */
    public record Windows(long[] bytes, long[] compileMs)
    {
        @Override
        public String toString()
        {
            return "allocated bytes " + Arrays.toString(bytes) + ", JIT ms " + Arrays.toString(compileMs);
        }
    }

    /** Runs {@code window} {@code count} times, measuring each. */
    public static Windows measure(final LongSupplier allocatedBytes, final Runnable window, final int count)
    {
        final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        final long[] bytes = new long[count];
        final long[] compileMs = new long[count];
        for (int i = 0; i < count; i++)
        {
            final long compileBefore = compiler.getTotalCompilationTime();
            // Reading the counter allocates nothing, so back-to-back reads differ by the window's work alone.
            final long before = allocatedBytes.getAsLong();
            window.run();
            bytes[i] = allocatedBytes.getAsLong() - before;
            compileMs[i] = compiler.getTotalCompilationTime() - compileBefore;
        }
        return new Windows(bytes, compileMs);
    }

    /** Fails unless every window allocated exactly 0 bytes; the message lists them all. */
    public static void assertNothingAllocatedInAnyWindow(final Windows windows, final String what)
    {
        for (final long bytes : windows.bytes())
        {
            if (bytes != 0)
            {
                fail("bytes allocated " + what + ", per window: " + windows + " (every window must allocate 0)");
            }
        }
    }
}
