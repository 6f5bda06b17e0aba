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
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory reuse under QSBR, in miniature: a few "slots" stand for plies. The writer publishes one
 * slot at a time as {@code (version, slot)}, having first filled every word of the slot with the
 * version; readers load the published pair, then read the slot's words one by one with a pause
 * between loads (a lookup spread over a burst) and check each word still holds the version
 * published with that slot. When the writer publishes a new slot it retires the old one, and it
 * rewrites a slot only when it gets it back: through the {@link DeferredReclaimer} after a grace
 * period, or, in the control variant, at once. A rewrite while a reader is between two loads shows
 * up as a word holding another version.
 */
class QsbrReclamationTest
{
    private static final int READERS = 3;
    private static final int SLOTS = 8;
    private static final int WORDS_PER_SLOT = 4;
    private static final int LOOKUPS_PER_BURST = 2;
    private static final int SLOT_BITS = 8;
    /** Between two loads of a slot: widens the window in which a premature reuse would show. */
    private static final long READ_PAUSE_NS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final long RUN_NS = TimeUnit.MILLISECONDS.toNanos(1000);
    private static final long DETECTION_BOUND_NS = TimeUnit.MILLISECONDS.toNanos(2000);

    @Test
    void shouldNeverReuseASlotAReaderMayStillHold() throws InterruptedException
    {
        final Outcome outcome = run(true, RUN_NS);

        assertEquals(0, outcome.violations, outcome.firstViolation);
        assertTrue(outcome.publishes > 200, "writer published too few slots: " + outcome.publishes);
        assertTrue(outcome.reclaimed > 100, "writer reclaimed too few slots: " + outcome.reclaimed);
        assertTrue(outcome.fewestBursts > 50, "a reader made too few bursts: " + outcome.fewestBursts);
    }

    /** The control: the same run, reusing slots with no grace period, must be caught. */
    @Test
    void shouldDetectReuseWithoutGracePeriod() throws InterruptedException
    {
        final Outcome outcome = run(false, DETECTION_BOUND_NS);

        assertTrue(outcome.violations > 0, "no reuse detected in " + outcome.publishes + " publishes: the detector is blind");
    }

    private record Outcome(long violations, String firstViolation, long publishes, long reclaimed, long fewestBursts)
    {
    }

    /** The writer's free slots, a stack: the slot retired last is rewritten first. */
    private static final class FreeSlots implements DeferredReclaimer.Handler
    {
        private final int[] slots = new int[SLOTS];
        private int count;
        private long reclaimed;

        public void reclaim(final long handle)
        {
            push((int)handle);
            reclaimed++;
        }

        void push(final int slot)
        {
            slots[count++] = slot;
        }

        int pop()
        {
            return slots[--count];
        }
    }

    /**
     * @param graceful whether the writer reuses slots through QSBR, or at once.
     * @param runNs    how long the writer runs; a run without grace period ends at the first violation.
     */
    private static Outcome run(final boolean graceful, final long runNs) throws InterruptedException
    {
        final Qsbr qsbr = new Qsbr(READERS);
        final DeferredReclaimer reclaimer = new DeferredReclaimer(qsbr, SLOTS);
        final AtomicLongArray words = new AtomicLongArray(SLOTS * WORDS_PER_SLOT);
        final AtomicLong published = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong violations = new AtomicLong();
        final AtomicReference<String> firstViolation = new AtomicReference<>();
        final AtomicLongArray bursts = new AtomicLongArray(READERS);
        final CountDownLatch ready = new CountDownLatch(READERS);

        long version = 1;
        int current = 0;
        fill(words, current, version);
        published.set(version << SLOT_BITS | current);
        final FreeSlots free = new FreeSlots();
        for (int slot = SLOTS - 1; slot > 0; slot--)
        {
            free.push(slot);
        }

        final Thread[] readers = new Thread[READERS];
        for (int r = 0; r < READERS; r++)
        {
            readers[r] = new Thread(() ->
            {
                final int id = qsbr.register();
                qsbr.online(id);
                ready.countDown();
                long burst = 0;
                while (running.get())
                {
                    for (int lookup = 0; lookup < LOOKUPS_PER_BURST; lookup++)
                    {
                        final long pair = published.get();
                        final int slot = (int)(pair & ((1 << SLOT_BITS) - 1));
                        final long expected = pair >>> SLOT_BITS;
                        for (int w = 0; w < WORDS_PER_SLOT; w++)
                        {
                            if (w > 0)
                            {
                                LockSupport.parkNanos(READ_PAUSE_NS);
                            }
                            final long seen = words.get(slot * WORDS_PER_SLOT + w);
                            if (seen != expected)
                            {
                                violations.incrementAndGet();
                                firstViolation.compareAndSet(null, "reader " + id + " saw version " + seen +
                                    " in word " + w + " of slot " + slot + ", published with version " + expected);
                            }
                        }
                    }
                    qsbr.quiescent(id);
                    bursts.set(id, ++burst);
                    if ((burst & 15) == 0) // a worker that sleeps now and then: it must not stall the writer
                    {
                        qsbr.offline(id);
                        LockSupport.parkNanos(READ_PAUSE_NS);
                        qsbr.online(id);
                    }
                }
                qsbr.offline(id);
                qsbr.unregister(id);
            }, "qsbr-reader-" + r);
            readers[r].start();
        }

        assertTrue(ready.await(10, TimeUnit.SECONDS), "readers did not start");
        long publishes = 0;
        final long deadlineNs = System.nanoTime() + runNs;
        while (System.nanoTime() - deadlineNs < 0 && (graceful || violations.get() == 0))
        {
            if (graceful)
            {
                reclaimer.poll(free);
            }
            if (free.count == 0)
            {
                LockSupport.parkNanos(READ_PAUSE_NS); // every other slot still in its grace period
                continue;
            }
            final int next = free.pop();
            fill(words, next, ++version);
            published.set(version << SLOT_BITS | next);
            if (graceful)
            {
                reclaimer.retire(current, qsbr.start()); // never full: SLOTS - 1 retired at most
            }
            else
            {
                free.push(current);
            }
            current = next;
            publishes++;
        }
        running.set(false);

        long fewestBursts = Long.MAX_VALUE;
        for (int r = 0; r < READERS; r++)
        {
            readers[r].join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(readers[r].isAlive(), "reader " + r + " did not stop");
            fewestBursts = Math.min(fewestBursts, bursts.get(r));
        }
        assertEquals(0, qsbr.readerCount());

        return new Outcome(violations.get(), firstViolation.get(), publishes, free.reclaimed, fewestBursts);
    }

    private static void fill(final AtomicLongArray words, final int slot, final long version)
    {
        for (int w = 0; w < WORDS_PER_SLOT; w++)
        {
            words.set(slot * WORDS_PER_SLOT + w, version);
        }
    }
}
