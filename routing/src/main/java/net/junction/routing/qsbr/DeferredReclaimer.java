/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.qsbr;

import java.util.Objects;

/**
 * The writer's list of memory it has unlinked but may not reuse yet (DPDK's
 * {@code rte_rcu_qsbr_dq}): a FIFO of {@code (handle, token)} pairs, where the handle names the
 * memory in the writer's own terms (a ply index, an offset into an arena) and the token is what
 * {@link Qsbr#start()} returned after the unlink. {@link #poll} hands back, oldest first, the
 * handles whose grace period is over.
 *
 * <p>Tokens must not decrease from one {@link #offer} to the next, which is what the writer gets
 * by taking a token per batch of unlinks; so the first handle still in its grace period ends a
 * poll, and handles come back in the order they were retired.
 *
 * <p>Bounded: a full reclaimer refuses with {@link #offer} (back-pressure: poll, or
 * {@link Qsbr#synchronize} on {@link #oldestToken()} then poll, and offer again) or fails with
 * {@link #retire}, whose error names the reader holding the oldest handle. Two arrays allocated at
 * construction: nothing after.
 *
 * <p>Not thread safe: the writer thread only.
 */
public final class DeferredReclaimer
{
    /** Receives handles whose grace period is over: the memory may be reused. */
    @FunctionalInterface
    public interface Handler
    {
        void reclaim(long handle);
    }

    private final Qsbr qsbr;
    private final long[] handles;
    private final long[] tokens;
    private final int mask;
    private long head;
    private long tail;
    private long lastToken = Qsbr.INITIAL_TOKEN;

    /**
     * @param qsbr     the readers whose grace periods gate reuse.
     * @param capacity how many handles may wait at once, a power of two.
     */
    public DeferredReclaimer(final Qsbr qsbr, final int capacity)
    {
        this.qsbr = Objects.requireNonNull(qsbr, "qsbr");
        if (capacity < 1 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        handles = new long[capacity];
        tokens = new long[capacity];
        mask = capacity - 1;
    }

    public int capacity()
    {
        return mask + 1;
    }

    /** @return handles waiting for their grace period. */
    public int size()
    {
        return (int)(tail - head);
    }

    public boolean isEmpty()
    {
        return head == tail;
    }

    /** @return the token of the oldest waiting handle, or {@link Qsbr#OFFLINE} when empty. */
    public long oldestToken()
    {
        return head == tail ? Qsbr.OFFLINE : tokens[(int)head & mask];
    }

    /**
     * Queues a handle unlinked before {@code token} was taken.
     *
     * @return false, queueing nothing, when the reclaimer is full.
     * @throws IllegalArgumentException when the token is older than the previous one offered.
     */
    public boolean offer(final long handle, final long token)
    {
        if (token < lastToken)
        {
            throw new IllegalArgumentException("token " + token + " is older than the last one queued, " + lastToken);
        }
        if (tail - head > mask)
        {
            return false;
        }
        final int i = (int)tail & mask;
        handles[i] = handle;
        tokens[i] = token;
        lastToken = token;
        tail++;
        return true;
    }

    /**
     * {@link #offer}, or fail when full.
     *
     * @throws IllegalStateException when full, naming the reader that holds the oldest handle.
     */
    public void retire(final long handle, final long token)
    {
        if (!offer(handle, token))
        {
            final long oldest = oldestToken();
            final int reader = qsbr.laggingReader(oldest);
            throw new IllegalStateException("deferred reclaimer full: " + capacity() + " handles wait, the oldest for token " +
                oldest + (reader < 0 ? ", now passed: poll() first" :
                ", not yet passed by QSBR reader " + reader + " (last reported " + qsbr.readerToken(reader) + ")"));
        }
    }

    /** {@link #poll(Handler, int)} with no limit. */
    public int poll(final Handler handler)
    {
        return poll(handler, Integer.MAX_VALUE);
    }

    /**
     * Hands back, oldest first, handles whose grace period is over, stopping at the first that is
     * not (or at the limit). A handle leaves the queue before the handler sees it, so a handler that
     * throws loses only that handle and never gets one twice. The handler may {@link #offer}.
     * Allocates nothing; never blocks.
     *
     * @return how many handles were handed back.
     */
    public int poll(final Handler handler, final int limit)
    {
        long passed = Qsbr.OFFLINE;
        int reclaimed = 0;
        while (reclaimed < limit && head != tail)
        {
            final int i = (int)head & mask;
            final long token = tokens[i];
            if (token > passed)
            {
                if (!qsbr.check(token))
                {
                    break;
                }
                passed = token;
            }
            final long handle = handles[i];
            head++;
            reclaimed++;
            handler.reclaim(handle);
        }
        return reclaimed;
    }
}
