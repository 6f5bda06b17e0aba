/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.junction.routing.qsbr.Qsbr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker spins while traffic is recent, then yields, then sleeps with growing parks, and goes
 * offline in the FIB's QSBR for every sleep.
 */
class AdaptivePollTest
{
    @TempDir
    Path directory;

    private final long[] now = {1_000_000_000L};

    @Test
    void shouldSpinWhileTrafficIsRecentThenYieldThenParkLongerAndLonger()
    {
        final List<String> calls = new ArrayList<>();
        final AdaptivePoll poll = new AdaptivePoll(() -> now[0], () -> calls.add("offline"), () -> calls.add("online"));

        poll.idle(5);
        for (int i = 0; i < 10_000; i++)
        {
            now[0] += 10; // 100 us in all: inside the spin window
            poll.idle(0);
        }
        assertEquals(0, poll.parks(), "no sleep within " + AdaptivePoll.SPIN_NS + " ns of the last work");
        assertTrue(calls.isEmpty());

        now[0] += AdaptivePoll.SPIN_NS;
        for (int i = 0; i < AdaptivePoll.YIELDS; i++)
        {
            poll.idle(0);
        }
        assertEquals(0, poll.parks(), "yields come before the first park");

        final List<Long> parks = new ArrayList<>();
        for (int i = 0; i < 10; i++)
        {
            parks.add(poll.nextParkNs());
            poll.idle(0);
        }
        assertEquals(10, poll.parks());
        assertEquals(List.of(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 64_000L, 100_000L, 100_000L, 100_000L), parks,
            "parks double from 1 us up to 100 us");
        assertEquals(20, calls.size());
        for (int i = 0; i < calls.size(); i += 2)
        {
            assertEquals(List.of("offline", "online"), calls.subList(i, i + 2), "offline before every park, online after");
        }
    }

    @Test
    void shouldSpinAgainAtOnceWhenACycleFindsWork()
    {
        final AdaptivePoll poll = new AdaptivePoll(() -> now[0], () -> { }, () -> { });
        now[0] += 2 * AdaptivePoll.SPIN_NS;
        for (int i = 0; i < AdaptivePoll.YIELDS + 5; i++)
        {
            poll.idle(0);
        }
        assertEquals(5, poll.parks());
        assertEquals(32_000L, poll.nextParkNs());

        poll.idle(1);
        assertEquals(AdaptivePoll.MIN_PARK_NS, poll.nextParkNs());
        for (int i = 0; i < 1_000; i++)
        {
            poll.idle(0);
        }
        assertEquals(5, poll.parks(), "work restarts the spin window");
    }

    @Test
    void shouldLetAGracePeriodEndWhileTheWorkerSleeps()
    {
        try (TestRouter router = new TestRouter(directory))
        {
            // The runner idles after each cycle, on the time that cycle read: a quiet cycle 2 ms after
            // the poll began, then the writer starts a grace period while the worker winds down.
            router.worker.clock(() -> now[0]);
            router.worker.doWork();
            final AdaptivePoll poll = router.worker.adaptivePoll();
            now[0] += 2 * AdaptivePoll.SPIN_NS;
            router.worker.doWork();
            final Qsbr qsbr = router.fib.qsbr();
            final long token = qsbr.start();
            poll.idle(0);
            assertFalse(qsbr.check(token), "a worker not asleep yet is online: the writer waits for its next cycle");

            while (poll.parks() == 0)
            {
                poll.idle(0);
            }
            assertTrue(qsbr.check(token), "the worker went offline to sleep: the grace period is over");
        }
    }
}
