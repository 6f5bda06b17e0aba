/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import net.junction.dataplane.counters.CountersFile;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.routing.Ip4;
import net.junction.routing.NextHop;
import net.junction.routing.fib.FibUpdates;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UPDATE-to-FIB latency: a batch with an origin is timed once at its applied end, a batch
 * without is not, samples move to the reader exactly once, and recording allocates nothing.
 */
class FibApplyLatencyTest
{
    @TempDir
    Path directory;

    private CountersFile file;
    private WorkerCounters counters;
    private final FibApplyLatency latency = new FibApplyLatency();
    private FibWriter writer;

    @BeforeEach
    void setUp()
    {
        file = CountersFile.create(directory.resolve("counters.dat"), 128);
        counters = new WorkerCounters(file, 0, List.of("p0"));
        writer = new FibWriter(new Fib(16), counters, latency);
    }

    @AfterEach
    void tearDown()
    {
        file.close();
    }

    @Test
    void shouldTimeABatchFromItsOriginToItsAppliedEnd()
    {
        final long before = System.nanoTime();
        final long originNs = before - TimeUnit.MILLISECONDS.toNanos(250);
        writer.nextHopSet(1, new NextHop.Direct(0));
        writer.route4Set(Ip4.parse("198.18.100.0"), 24, 1);
        writer.batchOrigin(originNs);
        writer.commit();
        final long after = System.nanoTime();

        final Histogram histogram = FibApplyLatency.newHistogram();
        latency.drainInto(histogram);
        assertEquals(1, histogram.getTotalCount());
        final long recorded = histogram.getMaxValue();
        assertTrue(recorded >= histogram.lowestEquivalentValue(before - originNs), "at least 250 ms: " + recorded);
        assertTrue(histogram.lowestEquivalentValue(recorded) <= after - originNs, "at most until after the commit: " + recorded);
    }

    @Test
    void shouldNotTimeABatchWithoutOrigin()
    {
        writer.batchOrigin(System.nanoTime());
        writer.commit();
        writer.nextHopSet(1, new NextHop.Direct(0));
        writer.commit();
        writer.batchOrigin(System.nanoTime());
        writer.batchOrigin(FibUpdates.NO_ORIGIN);
        writer.commit();

        final Histogram histogram = FibApplyLatency.newHistogram();
        latency.drainInto(histogram);
        assertEquals(1, histogram.getTotalCount());
    }

    @Test
    void shouldHandEachSampleToTheReaderOnce()
    {
        latency.record(TimeUnit.MILLISECONDS.toNanos(3));
        latency.record(TimeUnit.MILLISECONDS.toNanos(5));
        final Histogram histogram = FibApplyLatency.newHistogram();
        latency.drainInto(histogram);
        latency.drainInto(histogram);
        latency.record(-5);
        latency.record(Long.MAX_VALUE);
        latency.drainInto(histogram);

        assertEquals(4, histogram.getTotalCount());
        assertEquals(0, histogram.getMinValue());
        assertEquals(histogram.highestEquivalentValue(FibApplyLatency.HIGHEST_TRACKABLE_NS), histogram.getMaxValue());
        assertEquals(1, histogram.getCountAtValue(TimeUnit.MILLISECONDS.toNanos(3)));
    }

    @Test
    void shouldRecordWithoutAllocating()
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final int prefix = Ip4.parse("198.18.100.0");
        writer.nextHopSet(1, new NextHop.Direct(0));
        for (int i = 0; i < 20_000; i++)
        {
            // warm up: JIT, and the writer's batch arrays at their size
            writer.route4Set(prefix, 24, 1);
            writer.batchOrigin(System.nanoTime() - i);
            writer.commit();
        }

        final long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++)
        {
            writer.route4Set(prefix, 24, 1);
            writer.batchOrigin(System.nanoTime() - i);
            writer.commit();
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

        assertTrue(allocated < 1024, "allocated " + allocated + " bytes for 100000 timed batches");
        final Histogram histogram = FibApplyLatency.newHistogram();
        latency.drainInto(histogram);
        assertEquals(120_000, histogram.getTotalCount());
    }
}
