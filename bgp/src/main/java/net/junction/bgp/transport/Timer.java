/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.transport;

import java.util.Objects;

/**
 * A reusable one-shot timer of an {@link EventLoop}: armed with a deadline, it runs its action once on
 * the loop's thread when the loop's clock passes the deadline. Re-arming moves it in the loop's heap
 * (O(log n), no allocation), so a hold timer can be restarted on every message. Loop thread only.
 */
public final class Timer
{
    private final EventLoop loop;
    private final Runnable action;
    private final String name;
    long deadlineNs;
    int heapIndex = -1;

    Timer(final EventLoop loop, final String name, final Runnable action)
    {
        this.loop = loop;
        this.name = Objects.requireNonNull(name, "name");
        this.action = Objects.requireNonNull(action, "action");
    }

    /**
     * Arm (or re-arm) the timer to fire {@code delayNs} from now.
     *
     * @param delayNs nanoseconds from the loop's current time; 0 or less fires at the next turn.
     */
    public void start(final long delayNs)
    {
        loop.arm(this, loop.nowNs() + delayNs);
    }

    /**
     * Arm (or re-arm) the timer to fire {@code delaySeconds} from now.
     *
     * @param delaySeconds seconds from the loop's current time.
     */
    public void startSeconds(final long delaySeconds)
    {
        start(delaySeconds * 1_000_000_000L);
    }

    /**
     * Disarm; nothing happens if it is not armed.
     */
    public void stop()
    {
        loop.disarm(this);
    }

    /**
     * @return true while armed.
     */
    public boolean isRunning()
    {
        return heapIndex >= 0;
    }

    /**
     * @return the deadline on the loop's clock; meaningful only while {@link #isRunning()}.
     */
    public long deadlineNs()
    {
        return deadlineNs;
    }

    void fire()
    {
        action.run();
    }

    public String toString()
    {
        return "Timer[" + name + (isRunning() ? " at " + deadlineNs : " stopped") + "]";
    }
}
