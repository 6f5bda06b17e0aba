/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import net.junction.bgp.transport.EventLoop;
import net.junction.bgp.transport.NanoClock;
import net.junction.bgp.transport.Timer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event loop of {@link net.junction.bgp.transport}: timer order on a manual clock, tasks from other threads.
 */
class EventLoopTest
{
    @Test
    void shouldFireTimersInDeadlineOrderOnAManualClock()
    {
        final AtomicLong now = new AtomicLong();
        try (EventLoop loop = new EventLoop("timers", now::get))
        {
            final List<Integer> fired = new ArrayList<>();
            final Random random = new Random(42);
            final List<Timer> timers = new ArrayList<>();
            final long[] deadlines = new long[200];
            for (int i = 0; i < deadlines.length; i++)
            {
                final int id = i;
                final Timer t = loop.timer("t" + i, () -> fired.add(id));
                deadlines[i] = 1 + random.nextInt(1000);
                t.start(deadlines[i]);
                timers.add(t);
            }
            // Re-arm and cancel some, as hold timers are.
            for (int i = 0; i < 50; i++)
            {
                deadlines[i] = 1 + random.nextInt(1000);
                timers.get(i).start(deadlines[i]);
            }
            for (int i = 50; i < 60; i++)
            {
                timers.get(i).stop();
                assertFalse(timers.get(i).isRunning());
            }
            assertEquals(190, loop.armedTimers());
            long previous = 0;
            for (long t = 0; t <= 1000; t += 7)
            {
                now.set(t);
                loop.runDueTimers();
            }
            now.set(1001);
            loop.runDueTimers();
            assertEquals(190, fired.size());
            for (final int id : fired)
            {
                assertTrue(deadlines[id] >= previous - 7, "order");
                previous = Math.max(previous, deadlines[id]);
                assertFalse(id >= 50 && id < 60, "a stopped timer fired");
            }
            assertEquals(0, loop.armedTimers());
        }
    }

    /** A continuation that queues itself again runs once a turn, and tasks queued meanwhile run between. */
    @Test
    void shouldRunAContinuationOncePerTurnWithTasksBetween()
    {
        final AtomicLong now = new AtomicLong();
        try (EventLoop loop = new EventLoop("continuations", now::get))
        {
            final List<String> ran = new ArrayList<>();
            final Runnable[] more = new Runnable[1];
            more[0] = () ->
            {
                ran.add("continuation");
                if (ran.stream().filter("continuation"::equals).count() < 3)
                {
                    loop.nextTurn(more[0]);
                }
            };
            loop.execute(() -> loop.nextTurn(more[0]));
            loop.doWork(0);
            assertEquals(List.of(), ran, "queued by this turn's task: not run in it");
            loop.execute(() -> ran.add("task"));
            loop.doWork(0);
            assertEquals(List.of("task", "continuation"), ran, "the other threads' tasks first");
            loop.doWork(0);
            assertEquals(List.of("task", "continuation", "continuation"), ran, "one a turn, never chained in one");
            loop.doWork(0);
            loop.doWork(0);
            assertEquals(List.of("task", "continuation", "continuation", "continuation"), ran);
        }
    }

    @Test
    void shouldRunTasksFromOtherThreadsAndRealTimeTimers() throws InterruptedException
    {
        try (EventLoop loop = new EventLoop("tasks", NanoClock.SYSTEM))
        {
            loop.start();
            final CountDownLatch ran = new CountDownLatch(2);
            final Thread[] on = new Thread[1];
            loop.execute(() ->
            {
                on[0] = Thread.currentThread();
                loop.timer("soon", ran::countDown).start(TimeUnit.MILLISECONDS.toNanos(20));
                ran.countDown();
            });
            assertTrue(ran.await(5, TimeUnit.SECONDS));
            assertEquals("tasks", on[0].getName());
            assertFalse(loop.inLoop());
        }
    }
}
