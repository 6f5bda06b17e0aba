/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * For stress tests of a structure one thread owns and others read ({@link SeqLock}): reader threads that
 * make reads in a loop while the test's thread, the owner, changes the structure, and collect what they found
 * wrong. The owner works while {@link #wanted} says so, then {@link #close} stops and joins the readers.
 */
public final class ConcurrentReaders implements AutoCloseable
{
    /** One read; {@code i} counts this reader's reads. Returns what was wrong, or null. */
    @FunctionalInterface
    public interface Read
    {
        String check(int i);
    }

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong reads = new AtomicLong();
    private final Queue<String> wrong = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final long endNs;
    private final long minReads;

    private ConcurrentReaders(final long minMillis, final long minReads)
    {
        this.endNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(minMillis);
        this.minReads = minReads;
    }

    /**
     * Starts the readers and returns once each has begun.
     *
     * @param count     reader threads.
     * @param minMillis how long the owner should work at least.
     * @param minReads  how many reads, all readers together, the owner should work for at least.
     * @param read      one read and its check.
     * @return the running readers.
     */
    public static ConcurrentReaders start(final int count, final long minMillis, final long minReads, final Read read)
        throws InterruptedException
    {
        final ConcurrentReaders readers = new ConcurrentReaders(minMillis, minReads);
        final CountDownLatch started = new CountDownLatch(count);
        for (int t = 0; t < count; t++)
        {
            final Thread thread = new Thread(() ->
            {
                started.countDown();
                for (int i = 0; !readers.stop.get(); i++)
                {
                    final String problem = read.check(i);
                    if (null != problem)
                    {
                        readers.wrong.add(problem);
                    }
                    readers.reads.incrementAndGet();
                }
            }, "reader-" + t);
            readers.threads.add(thread);
            thread.start();
        }
        started.await();
        return readers;
    }

    /** @return whether the owner should go on changing: too little time or too few reads so far. */
    public boolean wanted()
    {
        return System.nanoTime() - endNs < 0 || reads.get() < minReads;
    }

    /** @return reads made so far. */
    public long reads()
    {
        return reads.get();
    }

    /** @return what the reads found wrong, in no order. */
    public List<String> wrong()
    {
        return List.copyOf(wrong);
    }

    /** Stops the readers and waits for them. */
    @Override
    public void close() throws InterruptedException
    {
        stop.set(true);
        for (final Thread thread : threads)
        {
            thread.join();
        }
    }
}
