/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import net.junction.dataplane.fib.FibApplyLatency;
import org.junit.jupiter.api.Test;

/**
 * The summary over the data plane's recorder: count and sum since start, quantiles (0.5, 0.9, 0.99,
 * max) over a sliding window of one to two minutes, NaN when the window is empty.
 */
class UpdateToFibLatencyCollectorTest
{
    private final FibApplyLatency latency = new FibApplyLatency();
    private long nowNs = 1_000_000_000L;
    private final UpdateToFibLatencyCollector collector = new UpdateToFibLatencyCollector(latency::drainInto, () -> nowNs);

    @Test
    void shouldGiveQuantilesAndMaxOfTheSamplesToHdrHistogramPrecision()
    {
        for (int us = 1; us <= 10_000; us++)
        {
            latency.record(TimeUnit.MICROSECONDS.toNanos(us));
        }

        final SummaryDataPointSnapshot point = collect();
        assertEquals(10_000, point.getCount());
        assertEquals(50.005, point.getSum(), 50.005 * 1e-3);
        assertEquals(0.005, quantile(point, 0.5), 0.005 * 1e-3);
        assertEquals(0.009, quantile(point, 0.9), 0.009 * 1e-3);
        assertEquals(0.0099, quantile(point, 0.99), 0.0099 * 1e-3);
        assertEquals(0.010, quantile(point, 1.0), 0.010 * 1e-3);
    }

    @Test
    void shouldAgeQuantilesOutButKeepCountAndSum()
    {
        latency.record(TimeUnit.SECONDS.toNanos(2));
        assertEquals(2.0, quantile(collect(), 1.0), 0.002);

        nowNs += UpdateToFibLatencyCollector.WINDOW_NS;
        latency.record(TimeUnit.MILLISECONDS.toNanos(10));
        final SummaryDataPointSnapshot rotated = collect();
        assertEquals(2.0, quantile(rotated, 1.0), 0.002, "the previous window still counts");

        nowNs += UpdateToFibLatencyCollector.WINDOW_NS;
        final SummaryDataPointSnapshot aged = collect();
        assertEquals(0.010, quantile(aged, 1.0), 0.0001, "two windows on, the 2 s batch is gone");
        assertEquals(2, aged.getCount());
        assertEquals(2.01, aged.getSum(), 0.003);

        nowNs += 2 * UpdateToFibLatencyCollector.WINDOW_NS;
        final SummaryDataPointSnapshot empty = collect();
        assertTrue(Double.isNaN(quantile(empty, 0.5)));
        assertTrue(Double.isNaN(quantile(empty, 1.0)));
        assertEquals(2, empty.getCount());
    }

    private SummaryDataPointSnapshot collect()
    {
        final SummarySnapshot summary = (SummarySnapshot)collector.collect().get(0);
        assertEquals("junction_update_to_fib_latency_seconds", summary.getMetadata().getPrometheusName());
        return summary.getDataPoints().get(0);
    }

    private static double quantile(final SummaryDataPointSnapshot point, final double q)
    {
        for (final Quantile quantile : point.getQuantiles())
        {
            if (quantile.getQuantile() == q)
            {
                return quantile.getValue();
            }
        }
        throw new AssertionError("no quantile " + q);
    }
}
