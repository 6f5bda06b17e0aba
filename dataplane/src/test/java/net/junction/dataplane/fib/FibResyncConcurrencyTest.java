/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import net.junction.dataplane.counters.CountersFile;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import net.junction.routing.qsbr.Qsbr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lookups while the writer resyncs, as the workers make them: readers (registered with the FIB's
 * QSBR, as workers are) look up addresses inside prefixes that both tables hold while the writer
 * resyncs from one table to the other and back, in many batches. Every answer must be the value of
 * a prefix covering the address in the old or the new table, and never no route.
 */
class FibResyncConcurrencyTest
{
    private static final int READERS = 2;
    private static final long MIN_NANOS = 1_000_000_000L;
    private static final int MIN_RESYNCS = 20;

    @TempDir
    Path directory;

    /** An address to look up and the values allowed for it (bit i: next-hop index i). */
    private record Probe(boolean ipv4, long high, long low, long allowed)
    {
    }

    @Test
    void shouldAnswerFromTheOldOrTheNewTableDuringAResync() throws Exception
    {
        final SplittableRandom random = new SplittableRandom(0x5EED_13L);
        final FibTables.Table a = FibTables.random(random, 1500, null, 0);
        final FibTables.Table b = FibTables.random(random, 1500, a, 0.5);
        final List<Probe> probes = probes(a, b);
        assertTrue(probes.size() > 500, "prefixes in both tables: " + probes.size());

        try (CountersFile file = CountersFile.create(directory.resolve("counters.dat"), 128))
        {
            final WorkerCounters counters = new WorkerCounters(file, 0, List.of("p0"));
            final Fib fib = new Fib(64);
            final FibWriter writer = new FibWriter(fib, counters);
            a.sendTo(writer, 0);
            writer.commit();

            final Qsbr qsbr = fib.qsbr();
            final AtomicBoolean running = new AtomicBoolean(true);
            final AtomicReference<String> failure = new AtomicReference<>();
            final AtomicLong lookups = new AtomicLong();
            final List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++)
            {
                final Thread reader = new Thread(() ->
                {
                    final int id = qsbr.register();
                    qsbr.online(id);
                    long n = 0;
                    while (running.get())
                    {
                        for (final Probe probe : probes)
                        {
                            final int value = probe.ipv4() ?
                                fib.lookup4((int)probe.high()) : fib.lookup6(probe.high(), probe.low());
                            if (value < 0 || value >= 64 || (probe.allowed() & 1L << value) == 0)
                            {
                                failure.compareAndSet(null, probe + " answered " + value);
                            }
                            n++;
                        }
                        qsbr.quiescent(id);
                    }
                    qsbr.offline(id);
                    lookups.addAndGet(n);
                }, "reader-" + r);
                reader.start();
                readers.add(reader);
            }

            final long endNs = System.nanoTime() + MIN_NANOS;
            long epoch = 0;
            while (epoch < MIN_RESYNCS || System.nanoTime() - endNs < 0)
            {
                final FibTables.Table next = (epoch & 1) == 0 ? b : a;
                epoch++;
                writer.resyncBegin(epoch);
                next.sendTo(writer, 64);
                writer.commit();
                writer.resyncEnd(epoch);
                writer.commit();
                assertEquals(next.routes().keySet().stream().filter(FibTables.Route::ipv4).count(), fib.routeCount4());
            }
            running.set(false);
            for (final Thread reader : readers)
            {
                reader.join();
            }

            assertEquals(null, failure.get());
            assertTrue(lookups.get() > 100_000, "readers ran: " + lookups.get());
            assertEquals(epoch, counters.dpValue(WorkerCounters.FIB_RESYNCS_ENDED));
            assertTrue(counters.dpValue(WorkerCounters.FIB_RESYNC_SWEPT_ROUTES) > 0);
        }
    }

    /** The first and last address of every prefix in both tables, each with the values that may answer. */
    private static List<Probe> probes(final FibTables.Table a, final FibTables.Table b)
    {
        final List<Probe> probes = new ArrayList<>();
        for (final FibTables.Route route : a.routes().keySet())
        {
            if (!b.routes().containsKey(route))
            {
                continue;
            }
            if (route.ipv4())
            {
                final int first = (int)route.high();
                for (final int address : new int[]{first, first | ~Prefix4.mask(route.length())})
                {
                    probes.add(new Probe(true, address, 0, allowed(a, b, true, address, 0)));
                }
            }
            else
            {
                final long lastHigh = route.high() | ~Prefix6.maskHigh(route.length());
                final long lastLow = route.low() | ~Prefix6.maskLow(route.length());
                probes.add(new Probe(false, route.high(), route.low(), allowed(a, b, false, route.high(), route.low())));
                probes.add(new Probe(false, lastHigh, lastLow, allowed(a, b, false, lastHigh, lastLow)));
            }
        }
        return probes;
    }

    private static long allowed(
        final FibTables.Table a, final FibTables.Table b, final boolean ipv4, final long high, final long low)
    {
        long allowed = 0;
        for (final FibTables.Table table : new FibTables.Table[]{a, b})
        {
            for (final Map.Entry<FibTables.Route, Integer> entry : table.routes().entrySet())
            {
                final FibTables.Route route = entry.getKey();
                if (route.ipv4() != ipv4)
                {
                    continue;
                }
                final boolean covers = ipv4 ?
                    ((int)high & Prefix4.mask(route.length())) == (int)route.high() :
                    (high & Prefix6.maskHigh(route.length())) == route.high() &&
                        (low & Prefix6.maskLow(route.length())) == route.low();
                if (covers)
                {
                    allowed |= 1L << entry.getValue();
                }
            }
        }
        return allowed;
    }
}
