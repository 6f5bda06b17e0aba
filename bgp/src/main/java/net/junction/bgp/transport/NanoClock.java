/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.transport;

/**
 * The time source of an {@link EventLoop}: monotonic nanoseconds. Tests inject one they advance by
 * hand so that timers (hold, keepalive, connect retry, restart) fire without waiting.
 */
@FunctionalInterface
public interface NanoClock
{
    /** {@link System#nanoTime()}. */
    NanoClock SYSTEM = System::nanoTime;

    /**
     * @return monotonic time in nanoseconds, of an arbitrary origin.
     */
    long nanoTime();
}
