/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.fib;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The UPDATE-to-FIB latency: for every FIB batch that came with a batch origin
 * ({@link net.junction.routing.fib.FibUpdates#batchOrigin}), the time from that origin (the event-loop
 * turn of the BGP speaker that read the UPDATE) to the moment the {@link FibWriter} had applied the
 * whole batch, so that workers look up the new routes. One sample per batch, measured from the
 * earliest input of the batch: the slowest change of the batch.
 * <p>
 * Recording is the FIB writer's alone (the slow-path thread): an HdrHistogram
 * {@link SingleWriterRecorder}, wait-free and without allocation. Reading is for one thread at a time
 * (the metrics scrape; {@link #drainInto} is synchronized): it swaps the recorder's interval histogram
 * out and adds it to the reader's own histogram, so no sample is lost or counted twice.
 */
public final class FibApplyLatency
{
    /** Finest resolution kept: a microsecond (values below it fall in the first bucket). */
    public static final long LOWEST_DISCERNIBLE_NS = TimeUnit.MICROSECONDS.toNanos(1);

    /** Longest latency kept apart; a longer one is recorded as this. */
    public static final long HIGHEST_TRACKABLE_NS = TimeUnit.MINUTES.toNanos(10);

    /** Decimal digits of precision of every recorded value. */
    public static final int SIGNIFICANT_DIGITS = 3;

    private final SingleWriterRecorder recorder =
        new SingleWriterRecorder(LOWEST_DISCERNIBLE_NS, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    private Histogram interval;

    /**
     * Record one batch. FIB writer thread only; no allocation.
     *
     * @param latencyNs from the batch's origin to its applied end; clamped to 0..{@link #HIGHEST_TRACKABLE_NS}.
     */
    public void record(final long latencyNs)
    {
        recorder.recordValue(Math.min(Math.max(latencyNs, 0), HIGHEST_TRACKABLE_NS));
    }

    /**
     * Move the samples recorded since the previous call into a histogram of the caller's.
     *
     * @param target receives the samples; its range must cover {@link #HIGHEST_TRACKABLE_NS}
     *               (one made by {@link #newHistogram()} does).
     */
    public synchronized void drainInto(final Histogram target)
    {
        interval = recorder.getIntervalHistogram(interval);
        target.add(interval);
    }

    /**
     * @return an empty histogram with this recorder's range and precision.
     */
    public static Histogram newHistogram()
    {
        return new Histogram(LOWEST_DISCERNIBLE_NS, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    }
}
