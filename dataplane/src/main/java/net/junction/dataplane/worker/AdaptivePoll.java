/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.worker;

import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;

/**
 * How a worker waits when a duty cycle found no packet: it keeps polling at full speed while traffic
 * is recent, and gives its CPU back when the ports stay quiet (DPDK's l3fwd-power does the same with
 * RX interrupts; we have none on af_packet or TAP ports, so we sleep instead).
 * <pre>
 *   work ------------> spin (Thread.onSpinWait) for {@link #SPIN_NS} after the last cycle that did work
 *   still idle ------> {@link #YIELDS} Thread.yield()s
 *   still idle ------> park 1 us, doubling up to {@link #MAX_PARK_NS} (100 us) per cycle
 *   any work ---------> back to spinning at once
 * </pre>
 * A burst arriving while the worker sleeps waits at most one park (100 us plus the kernel's timer
 * slack) in the NIC's RX ring, which holds 1024 or more packets: at 10 Mpps that is about 1,000
 * packets, so a sleep delays the first packets of a burst but loses none. Under load the worker never
 * sleeps: every cycle finds packets, and the spin window covers the gaps between bursts.
 * <p>
 * Around every park it calls {@code beforeSleep} and {@code afterSleep}: the worker goes offline
 * in the FIB's QSBR there, so a FIB writer waiting for a grace period does not wait for a sleeper.
 * <p>
 * {@code dpdk.poll: busy} in the config keeps the old behaviour (a pure busy spin, Agrona's
 * BusySpinIdleStrategy): the lowest latency, one CPU per worker at 100% whatever the traffic.
 */
public final class AdaptivePoll implements IdleStrategy
{
    /** How long the worker keeps spinning after the last cycle that found work. */
    public static final long SPIN_NS = 1_000_000L;
    /** Yields after the spin window, before the first park. */
    public static final int YIELDS = 100;
    /** First park. */
    public static final long MIN_PARK_NS = 1_000L;
    /** Longest park: the most a first packet waits in the RX ring. */
    public static final long MAX_PARK_NS = 100_000L;

    private final NanoClock clock;
    private final Runnable beforeSleep;
    private final Runnable afterSleep;
    private long lastWorkNs;
    private int yields;
    private long parkNs = MIN_PARK_NS;
    private long parks;

    /**
     * @param clock       read once per idle cycle (tests give a manual one).
     * @param beforeSleep run before each park (the worker goes offline).
     * @param afterSleep  run after each park (the worker comes back online).
     */
    public AdaptivePoll(final NanoClock clock, final Runnable beforeSleep, final Runnable afterSleep)
    {
        this.clock = clock;
        this.beforeSleep = beforeSleep;
        this.afterSleep = afterSleep;
        lastWorkNs = clock.nanoTime();
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
            return;
        }
        idle();
    }

    @Override
    public void idle()
    {
        if (clock.nanoTime() - lastWorkNs < SPIN_NS)
        {
            Thread.onSpinWait();
        }
        else if (yields < YIELDS)
        {
            yields++;
            Thread.yield();
        }
        else
        {
            beforeSleep.run();
            try
            {
                LockSupport.parkNanos(parkNs);
            }
            finally
            {
                afterSleep.run();
            }
            parks++;
            parkNs = Math.min(parkNs << 1, MAX_PARK_NS);
        }
    }

    @Override
    public void reset()
    {
        lastWorkNs = clock.nanoTime();
        yields = 0;
        parkNs = MIN_PARK_NS;
    }

    /** Parks since the start: how often the worker gave its CPU back. */
    public long parks()
    {
        return parks;
    }

    /** The next park's length. */
    public long nextParkNs()
    {
        return parkNs;
    }

    @Override
    public String alias()
    {
        return "adaptive";
    }
}
