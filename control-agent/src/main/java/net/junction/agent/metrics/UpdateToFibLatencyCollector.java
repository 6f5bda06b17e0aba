/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.metrics;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import net.junction.dataplane.fib.FibApplyLatency;
import org.HdrHistogram.Histogram;

/**
 * The UPDATE-to-FIB latency as a Prometheus summary, {@code junction_update_to_fib_latency_seconds}:
 * one observation per FIB batch BGP caused, from the arrival of the batch's earliest UPDATE at the
 * speaker to the data plane having applied the whole batch (see {@link FibApplyLatency}).
 * <p>
 * {@code _count} and {@code _sum} cover every batch since start (the sum comes from the HdrHistogram,
 * to its 3 significant digits), so {@code rate(_sum) / rate(_count)} is the mean over any range. The
 * quantiles 0.5, 0.9, 0.99 and 1 (the maximum) cover a sliding window of the last
 * {@link #WINDOW_NS} to twice that: two histograms, the current one and the one before, rotated at
 * the first scrape after the current one is a window old (client_java's own summaries age the same
 * way). With no batch in the window the quantiles are NaN, as Prometheus expects of an empty summary.
 * <p>
 * The data plane's recorder is drained at each scrape; scrapes are serialized here.
 */
public final class UpdateToFibLatencyCollector implements MultiCollector
{
    /** Name of the summary (without unit suffixes the exposition adds: {@code _count}, {@code _sum}). */
    public static final String NAME = "junction_update_to_fib_latency_seconds";

    /** Shortest span the quantiles cover. */
    public static final long WINDOW_NS = TimeUnit.MINUTES.toNanos(1);

    private static final double[] QUANTILES = {0.5, 0.9, 0.99};
    private static final double NS_PER_SECOND = 1e9;

    private final Consumer<Histogram> source;
    private final LongSupplier nanoClock;
    private final Histogram delta = FibApplyLatency.newHistogram();
    private final Histogram total = FibApplyLatency.newHistogram();
    private final Histogram window = FibApplyLatency.newHistogram();
    private Histogram current = FibApplyLatency.newHistogram();
    private Histogram previous = FibApplyLatency.newHistogram();
    private long currentStartNs;

    /**
     * @param source    moves what the data plane recorded since the last call into the histogram it is given
     *                  ({@link FibApplyLatency#drainInto}, in this process or through the data plane's socket);
     *                  this collector must be its only reader.
     * @param nanoClock for the window's rotation.
     */
    public UpdateToFibLatencyCollector(final Consumer<Histogram> source, final LongSupplier nanoClock)
    {
        this.source = Objects.requireNonNull(source, "source");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.currentStartNs = nanoClock.getAsLong();
    }

    @Override
    public synchronized MetricSnapshots collect()
    {
        delta.reset();
        source.accept(delta);
        total.add(delta);

        final long nowNs = nanoClock.getAsLong();
        if (nowNs - currentStartNs >= WINDOW_NS)
        {
            final Histogram emptied = previous;
            previous = current;
            current = emptied;
            current.reset();
            // Two windows without a scrape: nothing from before them may stay.
            if (nowNs - currentStartNs >= 2 * WINDOW_NS)
            {
                previous.reset();
            }
            currentStartNs = nowNs;
        }
        current.add(delta);
        window.reset();
        window.add(previous);
        window.add(current);

        final Quantiles.Builder quantiles = Quantiles.builder();
        for (final double q : QUANTILES)
        {
            quantiles.quantile(q, seconds(window, window.getValueAtPercentile(q * 100)));
        }
        quantiles.quantile(1.0, seconds(window, window.getMaxValue()));

        final long count = total.getTotalCount();
        final double sumSeconds = 0 == count ? 0 : total.getMean() * count / NS_PER_SECOND;
        return MetricSnapshots.of(SummarySnapshot.builder()
            .name(NAME)
            .help("Time from an UPDATE's arrival at the BGP speaker to the data plane having applied the FIB batch it " +
                "caused; one observation per batch; quantiles over the last 1-2 minutes")
            .unit(Unit.SECONDS)
            .dataPoint(SummaryDataPointSnapshot.builder().count(count).sum(sumSeconds).quantiles(quantiles.build()).build())
            .build());
    }

    private static double seconds(final Histogram histogram, final long valueNs)
    {
        return 0 == histogram.getTotalCount() ? Double.NaN : valueNs / NS_PER_SECOND;
    }
}
