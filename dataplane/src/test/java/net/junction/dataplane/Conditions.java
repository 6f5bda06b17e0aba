/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

/**
 * Test support: waiting until something holds, bounded by a deadline and never by a fixed sleep
 * (EAL start-up, a FIB subscription, a process in a namespace). The condition is polled with an
 * Agrona {@link IdleStrategy} between tries: backing off from spinning to short parks for cheap
 * in-process conditions, a fixed pause for conditions that run commands.
 */
public final class Conditions
{
    private Conditions()
    {
    }

    /** True once {@code condition} holds, false if {@code timeout} passed first; idles between tries. */
    public static boolean within(final Duration timeout, final IdleStrategy idle, final BooleanSupplier condition)
    {
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0 || Thread.currentThread().isInterrupted())
            {
                return false;
            }
            idle.idle();
        }
        return true;
    }

    /** As {@link #within(Duration, IdleStrategy, BooleanSupplier)}, trying again every {@code pause}. */
    public static boolean within(final Duration timeout, final Duration pause, final BooleanSupplier condition)
    {
        return within(timeout, new SleepingMillisIdleStrategy(pause.toMillis()), condition);
    }

    /** Waits with backoff until {@code condition} holds; {@link IllegalStateException} naming {@code what} on timeout. */
    public static void await(final Duration timeout, final BooleanSupplier condition, final String what)
    {
        if (!within(timeout, new BackoffIdleStrategy(), condition))
        {
            throw new IllegalStateException("timed out waiting for " + what);
        }
    }
}
