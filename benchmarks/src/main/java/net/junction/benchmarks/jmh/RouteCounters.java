/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Routes put by a benchmark whose operation is a whole table ({@link Put4Bench},
 * {@link Put6Bench}): JMH reports the field as a secondary result, {@code :routes}, divided by
 * the iteration's time (routes per second).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class RouteCounters
{
    public long routes;

    @Setup(Level.Iteration)
    public void reset()
    {
        routes = 0;
    }
}
