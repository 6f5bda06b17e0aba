/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.qsbr;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guarantee itself, stressed: once {@link Qsbr#check} passes a token, no reader is still in a
 * read-side section that began before the token was taken.
 *
 * <p>The writer publishes a generation (its "unlink"), takes a token and spins on
 * {@link Qsbr#check}. Each reader runs sections: load the generation, mark its section with it,
 * spin a little, mark itself idle, report {@link Qsbr#quiescent}; now and then it goes offline and
 * online. When the check passes, every reader's mark must be idle or a generation at least as new
 * as the one published before the token. The marks are opaque accesses, so only the release and
 * acquire inside {@link Qsbr} (and the fences around going online) order them against the
 * counters.
 */
class QsbrOrderingStressTest
{
    private static final int READERS = 2;
    private static final long IDLE = -1;
    private static final int MARK_STRIDE = 16;
    private static final long RUN_NS = TimeUnit.MILLISECONDS.toNanos(600);
    private static final long CHECK_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    @Test
    void shouldEndEverySectionBeganBeforeTheTokenWhenCheckPasses() throws InterruptedException
    {
        final Qsbr qsbr = new Qsbr(READERS);
        final AtomicLong generation = new AtomicLong(1);
        final AtomicLongArray marks = new AtomicLongArray(READERS * MARK_STRIDE);
        final AtomicLongArray sections = new AtomicLongArray(READERS * MARK_STRIDE);
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicReference<String> failure = new AtomicReference<>();
        final CountDownLatch ready = new CountDownLatch(READERS);

        final Thread[] readers = new Thread[READERS];
        for (int r = 0; r < READERS; r++)
        {
            readers[r] = new Thread(() ->
            {
                final int id = qsbr.register();
                final int mark = id * MARK_STRIDE;
                marks.setOpaque(mark, IDLE);
                qsbr.online(id);
                ready.countDown();
                long count = 0;
                while (running.get())
                {
                    final long seen = generation.getAcquire();
                    marks.setOpaque(mark, seen);
                    for (int spin = (int)(count & 31); spin > 0; spin--)
                    {
                        Thread.onSpinWait();
                    }
                    marks.setOpaque(mark, IDLE);
                    qsbr.quiescent(id);
                    sections.setOpaque(mark, ++count);
                    if ((count & 255) == 0)
                    {
                        qsbr.offline(id);
                        Thread.yield();
                        qsbr.online(id);
                    }
                }
                qsbr.offline(id);
                qsbr.unregister(id);
            }, "qsbr-stress-reader-" + r);
            readers[r].start();
        }

        assertTrue(ready.await(10, TimeUnit.SECONDS), "readers did not start");
        long checks = 0;
        final long endNs = System.nanoTime() + RUN_NS;
        while (System.nanoTime() - endNs < 0 && null == failure.get())
        {
            final long published = generation.get() + 1;
            generation.setRelease(published);
            final long token = qsbr.start();
            final long giveUpNs = System.nanoTime() + CHECK_TIMEOUT_NS;
            while (!qsbr.check(token))
            {
                if (System.nanoTime() - giveUpNs > 0)
                {
                    failure.set("token " + token + " not passed by reader " + qsbr.laggingReader(token));
                    break;
                }
                Thread.onSpinWait();
            }
            for (int r = 0; r < READERS && null == failure.get(); r++)
            {
                final long mark = marks.getOpaque(r * MARK_STRIDE);
                if (mark != IDLE && mark < published)
                {
                    failure.set("check passed token " + token + " while reader " + r +
                        " was in a section begun at generation " + mark + " < " + published);
                }
            }
            checks++;
        }
        running.set(false);
        for (final Thread reader : readers)
        {
            reader.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(reader.isAlive(), "reader did not stop");
        }

        assertNull(failure.get());
        assertTrue(checks > 100, "too few grace periods: " + checks);
        for (int r = 0; r < READERS; r++)
        {
            assertTrue(sections.get(r * MARK_STRIDE) > 100, "reader " + r + " ran too few sections");
        }
    }
}
