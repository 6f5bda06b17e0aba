/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.qsbr;

import net.junction.routing.lpm.Allocations;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QsbrTest
{
    @Test
    void shouldRejectReaderLimitsOutOfRange()
    {
        assertThrows(IllegalArgumentException.class, () -> new Qsbr(0));
        assertThrows(IllegalArgumentException.class, () -> new Qsbr(Qsbr.MAX_READERS + 1));
        assertThrows(IllegalArgumentException.class, () -> new Qsbr(1, new SystemNanoClock(), -1));
    }

    @Test
    void shouldRegisterUpToMaxReadersThenRefuse()
    {
        final Qsbr qsbr = new Qsbr(3);

        assertEquals(0, qsbr.register());
        assertEquals(1, qsbr.register());
        assertEquals(2, qsbr.register());
        assertEquals(3, qsbr.readerCount());
        final IllegalStateException full = assertThrows(IllegalStateException.class, qsbr::register);
        assertTrue(full.getMessage().contains("all 3"), full.getMessage());
    }

    @Test
    void shouldReuseTheLowestFreeIdAfterUnregister()
    {
        final Qsbr qsbr = new Qsbr(3);
        qsbr.register();
        qsbr.register();
        qsbr.register();

        qsbr.unregister(1);

        assertFalse(qsbr.isRegistered(1));
        assertEquals(2, qsbr.readerCount());
        assertEquals(1, qsbr.register());
        assertTrue(qsbr.isRegistered(1));
    }

    @Test
    void shouldRejectUnregisterOfAnIdNotRegistered()
    {
        final Qsbr qsbr = new Qsbr(2);
        final int id = qsbr.register();
        qsbr.unregister(id);

        assertThrows(IllegalArgumentException.class, () -> qsbr.unregister(id));
        assertThrows(IllegalArgumentException.class, () -> qsbr.unregister(-1));
        assertThrows(IllegalArgumentException.class, () -> qsbr.unregister(2));
    }

    @Test
    void shouldHandOutDistinctIdsToConcurrentRegistrations() throws InterruptedException
    {
        final int threads = 8;
        final Qsbr qsbr = new Qsbr(threads);
        final Set<Integer> ids = ConcurrentHashMap.newKeySet();
        final AtomicReference<String> failure = new AtomicReference<>();
        final CountDownLatch go = new CountDownLatch(1);
        final Thread[] registrants = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            registrants[t] = new Thread(() ->
            {
                awaitQuietly(go);
                for (int round = 0; round < 200; round++)
                {
                    final int id = qsbr.register();
                    if (!ids.add(id))
                    {
                        failure.compareAndSet(null, "id " + id + " handed out twice");
                    }
                    ids.remove(id);
                    qsbr.unregister(id);
                }
                ids.add(qsbr.register());
            });
            registrants[t].start();
        }
        go.countDown();
        for (final Thread registrant : registrants)
        {
            registrant.join(TimeUnit.SECONDS.toMillis(10));
        }

        assertNull(failure.get());
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7), ids);
        assertEquals(threads, qsbr.readerCount());
    }

    @Test
    void shouldIssueStrictlyIncreasingTokens()
    {
        final Qsbr qsbr = new Qsbr(1);
        assertEquals(Qsbr.INITIAL_TOKEN, qsbr.currentToken());

        long previous = qsbr.currentToken();
        for (int i = 0; i < 1000; i++)
        {
            final long token = qsbr.start();
            assertEquals(previous + 1, token);
            assertEquals(token, qsbr.currentToken());
            previous = token;
        }
    }

    @Test
    void shouldPassEveryTokenWithNoReaders()
    {
        final Qsbr qsbr = new Qsbr(4);

        assertTrue(qsbr.check(qsbr.start()));
        assertEquals(-1, qsbr.laggingReader(qsbr.start()));
    }

    @Test
    void shouldStartNewReadersOffline()
    {
        final Qsbr qsbr = new Qsbr(2);
        final int id = qsbr.register();

        assertEquals(Qsbr.OFFLINE, qsbr.readerToken(id));
        assertTrue(qsbr.check(qsbr.start()));
    }

    @Test
    void shouldWaitUntilEveryOnlineReaderReportsTheToken()
    {
        final Qsbr qsbr = new Qsbr(3);
        final int a = qsbr.register();
        final int b = qsbr.register();
        qsbr.online(a);
        qsbr.online(b);

        final long token = qsbr.start();
        assertFalse(qsbr.check(token));
        assertEquals(a, qsbr.laggingReader(token));

        qsbr.quiescent(a);
        assertFalse(qsbr.check(token));
        assertEquals(b, qsbr.laggingReader(token));

        qsbr.quiescent(b);
        assertTrue(qsbr.check(token));
        assertEquals(token, qsbr.readerToken(a));
    }

    @Test
    void shouldNotCountAQuiescentStateReportedBeforeTheToken()
    {
        final Qsbr qsbr = new Qsbr(1);
        final int id = qsbr.register();
        qsbr.online(id);
        qsbr.quiescent(id);

        final long token = qsbr.start();

        assertFalse(qsbr.check(token));
        qsbr.quiescent(id);
        assertTrue(qsbr.check(token));
    }

    @Test
    void shouldPassOlderTokensOnceANewerOnePasses()
    {
        final Qsbr qsbr = new Qsbr(1);
        final int id = qsbr.register();
        qsbr.online(id);
        final long older = qsbr.start();
        final long newer = qsbr.start();

        qsbr.quiescent(id);

        assertTrue(qsbr.check(newer));
        assertTrue(qsbr.check(older));
        final long next = qsbr.start();
        assertFalse(qsbr.check(next), "a pass of one token must not cover the next");
    }

    @Test
    void shouldNeverPassATokenNotYetIssuedOnceReadersComeOnline()
    {
        final Qsbr qsbr = new Qsbr(1);
        final int id = qsbr.register();
        final long future = qsbr.currentToken() + 1;
        assertTrue(qsbr.check(future)); // no reader online: nothing to wait for now

        qsbr.online(id);
        final long token = qsbr.start();

        assertEquals(future, token);
        assertFalse(qsbr.check(token), "a check made before the token was issued must not be remembered");
    }

    @Test
    void shouldNotWaitForOfflineReaders()
    {
        final Qsbr qsbr = new Qsbr(2);
        final int busy = qsbr.register();
        final int blocked = qsbr.register();
        qsbr.online(busy);
        qsbr.online(blocked);
        qsbr.offline(blocked);

        final long token = qsbr.start();
        qsbr.quiescent(busy);

        assertTrue(qsbr.check(token));
        assertEquals(Qsbr.OFFLINE, qsbr.readerToken(blocked));
    }

    @Test
    void shouldWaitForAReaderOnlyWhileItIsOnline()
    {
        final Qsbr qsbr = new Qsbr(1);
        final int id = qsbr.register();
        qsbr.online(id);
        final long token = qsbr.start();
        assertFalse(qsbr.check(token));

        qsbr.offline(id);
        assertTrue(qsbr.check(token));

        qsbr.online(id); // comes back after the token: it cannot hold memory unlinked before it
        assertTrue(qsbr.check(token));
        final long next = qsbr.start();
        assertFalse(qsbr.check(next));
    }

    @Test
    void shouldStopWaitingForAnUnregisteredReader()
    {
        final Qsbr qsbr = new Qsbr(2);
        final int id = qsbr.register();
        qsbr.online(id);
        final long token = qsbr.start();
        assertFalse(qsbr.check(token));

        qsbr.unregister(id);

        assertTrue(qsbr.check(token));
    }

    @Test
    void shouldRejectQuiescentFromAnOfflineReader()
    {
        final Qsbr qsbr = new Qsbr(1);
        final int id = qsbr.register();

        assertThrows(IllegalStateException.class, () -> qsbr.quiescent(id));
        assertThrows(IndexOutOfBoundsException.class, () -> qsbr.quiescent(1));
        assertThrows(IndexOutOfBoundsException.class, () -> qsbr.online(-1));
    }

    @Test
    void shouldReturnFromSynchronizeOnceTheReaderReports() throws InterruptedException
    {
        final Qsbr qsbr = new Qsbr(1);
        final int id = qsbr.register();
        qsbr.online(id);
        final long token = qsbr.start();
        final AtomicBoolean reported = new AtomicBoolean();
        final Thread reader = new Thread(() ->
        {
            sleepQuietly(20);
            reported.set(true);
            qsbr.quiescent(id);
        });
        reader.start();

        qsbr.synchronize(token, new SleepingIdleStrategy(TimeUnit.MICROSECONDS.toNanos(100)));

        assertTrue(reported.get());
        reader.join();
    }

    @Test
    void shouldTimeOutSynchronizeNamingTheStuckReader()
    {
        final long timeoutNs = TimeUnit.MILLISECONDS.toNanos(20);
        final Qsbr qsbr = new Qsbr(4, new SystemNanoClock(), timeoutNs);
        final int fine = qsbr.register();
        final int stuck = qsbr.register();
        qsbr.online(fine);
        qsbr.online(stuck);
        final long stuckAt = qsbr.readerToken(stuck);
        final long token = qsbr.start();
        qsbr.quiescent(fine);

        final long startNs = System.nanoTime();
        final QsbrTimeoutException timeout = assertThrows(
            QsbrTimeoutException.class, () -> qsbr.synchronize(token, new SleepingIdleStrategy(100_000)));

        assertTrue(System.nanoTime() - startNs >= timeoutNs);
        assertEquals(stuck, timeout.readerId());
        assertEquals(token, timeout.token());
        assertEquals(stuckAt, timeout.readerToken());
        assertTrue(timeout.getMessage().contains("reader " + stuck), timeout.getMessage());
    }

    @Test
    void shouldNotIdleWhenTheTokenHasAlreadyPassed()
    {
        final Qsbr qsbr = new Qsbr(1);
        final IdleStrategy failing = new IdleStrategy()
        {
            public void idle(final int workCount)
            {
                throw new AssertionError("idled");
            }

            public void idle()
            {
                throw new AssertionError("idled");
            }

            public void reset()
            {
            }
        };

        qsbr.synchronize(qsbr.start(), failing);
    }

    @Test
    void shouldAllocateNothingOnTheReaderAndWriterPaths()
    {
        final Qsbr qsbr = new Qsbr(2);
        final int id = qsbr.register();
        qsbr.online(id);

        final long bytes = Allocations.allocatedBytesOfCurrentThread(() ->
        {
            int passed = 0;
            for (int i = 0; i < 1000; i++)
            {
                final long token = qsbr.start();
                passed += qsbr.check(token) ? 1 : 0;
                qsbr.quiescent(id);
                passed += qsbr.check(token) ? 1 : 0;
                qsbr.offline(id);
                qsbr.online(id);
            }
            return passed;
        });

        assertEquals(0, bytes);
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
