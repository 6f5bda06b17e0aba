/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.qsbr;

import net.junction.routing.lpm.Allocations;
import org.agrona.collections.LongArrayList;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeferredReclaimerTest
{
    private final Qsbr qsbr = new Qsbr(2);
    private final int reader = qsbr.register();
    private final LongArrayList reclaimed = new LongArrayList();
    private final DeferredReclaimer.Handler collect = reclaimed::addLong;

    @Test
    void shouldRejectACapacityNotAPowerOfTwo()
    {
        assertThrows(IllegalArgumentException.class, () -> new DeferredReclaimer(qsbr, 0));
        assertThrows(IllegalArgumentException.class, () -> new DeferredReclaimer(qsbr, 6));
        assertEquals(8, new DeferredReclaimer(qsbr, 8).capacity());
    }

    @Test
    void shouldHoldHandlesUntilTheirGracePeriodIsOver()
    {
        final DeferredReclaimer reclaimer = new DeferredReclaimer(qsbr, 8);
        qsbr.online(reader);
        assertTrue(reclaimer.offer(7, qsbr.start()));

        assertEquals(0, reclaimer.poll(collect));
        assertEquals(1, reclaimer.size());

        qsbr.quiescent(reader);

        assertEquals(1, reclaimer.poll(collect));
        assertEquals(7L, reclaimed.getLong(0));
        assertTrue(reclaimer.isEmpty());
    }

    @Test
    void shouldHandBackInRetirementOrderAndStopAtTheFirstStillInGracePeriod()
    {
        final DeferredReclaimer reclaimer = new DeferredReclaimer(qsbr, 8);
        qsbr.online(reader);
        final long first = qsbr.start();
        reclaimer.offer(10, first);
        reclaimer.offer(11, first);
        qsbr.quiescent(reader);
        final long second = qsbr.start();
        reclaimer.offer(12, second);
        reclaimer.offer(13, second);

        assertEquals(2, reclaimer.poll(collect));
        assertEquals(2, reclaimer.size());
        assertEquals(second, reclaimer.oldestToken());

        qsbr.quiescent(reader);
        assertEquals(2, reclaimer.poll(collect));

        assertEquals(4, reclaimed.size());
        for (int i = 0; i < 4; i++)
        {
            assertEquals(10L + i, reclaimed.getLong(i));
        }
        assertEquals(Qsbr.OFFLINE, reclaimer.oldestToken());
    }

    @Test
    void shouldHandBackNoMoreThanTheLimit()
    {
        final DeferredReclaimer reclaimer = new DeferredReclaimer(qsbr, 8);
        final long token = qsbr.start();
        for (int i = 0; i < 5; i++)
        {
            reclaimer.offer(i, token);
        }

        assertEquals(3, reclaimer.poll(collect, 3));
        assertEquals(2, reclaimer.size());
        assertEquals(2, reclaimer.poll(collect, 3));
    }

    @Test
    void shouldRefuseWhenFullAndAcceptAgainAfterAPoll()
    {
        final DeferredReclaimer reclaimer = new DeferredReclaimer(qsbr, 4);
        qsbr.online(reader);
        final long token = qsbr.start();
        for (int i = 0; i < 4; i++)
        {
            assertTrue(reclaimer.offer(i, token));
        }

        assertFalse(reclaimer.offer(4, token));
        assertEquals(4, reclaimer.size());

        qsbr.quiescent(reader);
        assertEquals(4, reclaimer.poll(collect));
        assertTrue(reclaimer.offer(4, token));
    }

    @Test
    void shouldFailRetireWhenFullNamingTheLaggingReader()
    {
        final DeferredReclaimer reclaimer = new DeferredReclaimer(qsbr, 2);
        qsbr.online(reader);
        final long token = qsbr.start();
        reclaimer.retire(1, token);
        reclaimer.retire(2, token);

        final IllegalStateException full = assertThrows(IllegalStateException.class, () -> reclaimer.retire(3, token));

        assertTrue(full.getMessage().contains("QSBR reader " + reader), full.getMessage());
        assertEquals(2, reclaimer.size());
    }

    @Test
    void shouldRejectATokenOlderThanTheLastQueued()
    {
        final DeferredReclaimer reclaimer = new DeferredReclaimer(qsbr, 4);
        final long older = qsbr.start();
        final long newer = qsbr.start();
        reclaimer.offer(1, newer);

        assertThrows(IllegalArgumentException.class, () -> reclaimer.offer(2, older));
        assertEquals(1, reclaimer.size());
    }

    @Test
    void shouldNeverHandBackAHandleTwiceWhenTheHandlerThrows()
    {
        final DeferredReclaimer reclaimer = new DeferredReclaimer(qsbr, 4);
        final long token = qsbr.start();
        reclaimer.offer(1, token);
        reclaimer.offer(2, token);

        assertThrows(IllegalStateException.class, () -> reclaimer.poll(handle ->
        {
            throw new IllegalStateException("handler failed on " + handle);
        }));

        assertEquals(1, reclaimer.poll(collect));
        assertEquals(2L, reclaimed.getLong(0));
    }

    @Test
    void shouldLetTheHandlerRetireMore()
    {
        final DeferredReclaimer reclaimer = new DeferredReclaimer(qsbr, 4);
        final long token = qsbr.start();
        reclaimer.offer(1, token);

        final int handed = reclaimer.poll(handle ->
        {
            reclaimed.addLong(handle);
            if (handle < 3)
            {
                reclaimer.offer(handle + 1, token);
            }
        });

        assertEquals(3, handed);
        assertEquals(3, reclaimed.size());
    }

    @Test
    void shouldAllocateNothingInSteadyState()
    {
        final DeferredReclaimer reclaimer = new DeferredReclaimer(qsbr, 64);
        qsbr.online(reader);
        final long[] sum = new long[1];
        final DeferredReclaimer.Handler add = handle -> sum[0] += handle;

        final long bytes = Allocations.allocatedBytesOfCurrentThread(() ->
        {
            int handed = 0;
            for (int round = 0; round < 1000; round++)
            {
                final long token = qsbr.start();
                reclaimer.retire(round, token);
                reclaimer.retire(round + 1, token);
                handed += reclaimer.poll(add);
                qsbr.quiescent(reader);
                handed += reclaimer.poll(add);
            }
            return handed;
        });

        assertEquals(0, bytes);
        assertTrue(reclaimer.isEmpty());
    }
}
