/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import net.junction.bgp.transport.NanoClock;

/**
 * A clock a test advances by hand.
 */
final class ManualClock implements NanoClock
{
    private long nowNs = 1_000_000_000L;

    public long nanoTime()
    {
        return nowNs;
    }

    void advanceSeconds(final double seconds)
    {
        nowNs += (long)(seconds * 1e9);
    }
}
