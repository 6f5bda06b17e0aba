/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import net.junction.agent.router.RouterEvents.RouterEvent;

/**
 * One event-stream client's queue. The publisher (the BGP thread, the commit path) only ever
 * {@link #accept offers}: when the queue is full the oldest event is dropped and counted, so a
 * slow client loses events but never holds the publisher for longer than one short critical
 * section with no I/O in it. The client's own thread takes events and, before the next event
 * after a loss, the number lost ({@link Batch#dropped}).
 */
final class EventQueue implements Consumer<RouterEvent>
{
    /** What a take returns: events in order, and how many were dropped before the first of them. */
    record Batch(long dropped, List<RouterEvent> events)
    {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<RouterEvent> events;
    private final int capacity;
    private long dropped;
    private boolean closed;

    EventQueue(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.events = new ArrayDeque<>(capacity);
    }

    /** Called on the publisher's thread: never blocks on the client. */
    @Override
    public void accept(final RouterEvent event)
    {
        lock.lock();
        try
        {
            if (closed)
            {
                return;
            }
            if (events.size() == capacity)
            {
                events.pollFirst();
                dropped++;
            }
            events.addLast(event);
            notEmpty.signal();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeoutMs} for events.
     *
     * @return every queued event and the count dropped before them; empty events and zero dropped
     *         when the time passed with none; null once {@link #close closed}.
     */
    Batch take(final long timeoutMs) throws InterruptedException
    {
        lock.lock();
        try
        {
            long remainingNs = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (events.isEmpty() && 0 == dropped && remainingNs > 0 && !closed)
            {
                remainingNs = notEmpty.awaitNanos(remainingNs);
            }
            if (closed)
            {
                return null;
            }
            final Batch batch = new Batch(dropped, List.copyOf(events));
            events.clear();
            dropped = 0;
            return batch;
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Wakes the client's thread; {@link #take} returns null from now on. */
    void close()
    {
        lock.lock();
        try
        {
            closed = true;
            notEmpty.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }
}
