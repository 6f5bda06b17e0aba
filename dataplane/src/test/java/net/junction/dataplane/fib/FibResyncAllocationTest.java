/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

import net.junction.dataplane.AllocationWindows;
import net.junction.dataplane.counters.CountersFile;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.routing.Ip4;
import net.junction.routing.NextHop;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Marking allocates nothing per message: the messages of a resync (next hops, a group, routes re-set
 * with their values, commits) applied by the writer allocate 0 bytes for IPv4 once warm, and for IPv6
 * no more than the same messages outside a resync (the IPv6 rule map's own key objects). The marks'
 * arrays are sized at the begin, which is outside the measured windows: a cost per resync, not per
 * message.
 */
class FibResyncAllocationTest
{
    private static final int ROUTES = 2000;
    private static final int MAX_ROUNDS = 300;

    @TempDir
    Path directory;

    private CountersFile file;
    private FibWriter writer;
    private long epoch;
    private final NextHop[] nextHops = {
        new NextHop.Gateway4(1, Ip4.parse("198.18.200.1")), new NextHop.Gateway4(2, Ip4.parse("198.18.200.2")),
        new NextHop.Direct(3), NextHop.BLACKHOLE};
    private final int[] group = {0, 1};
    private final int[] addresses = new int[ROUTES];
    private final int[] lengths4 = new int[ROUTES];
    private final long[] highs = new long[ROUTES];
    private final long[] lows = new long[ROUTES];
    private final int[] lengths6 = new int[ROUTES];

    @BeforeEach
    void setUp()
    {
        file = CountersFile.create(directory.resolve("counters.dat"), 128);
        writer = new FibWriter(new Fib(16), new WorkerCounters(file, 0, List.of("p0")));
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < ROUTES; i++)
        {
            lengths4[i] = 16 + random.nextInt(17);
            addresses[i] = (FibTables.BASE4 | random.nextInt(1 << 17)) & Prefix4.mask(lengths4[i]);
            lengths6[i] = 32 + random.nextInt(97);
            highs[i] = (FibTables.BASE6 | random.nextLong() >>> 32) & Prefix6.maskHigh(lengths6[i]);
            lows[i] = random.nextLong() & Prefix6.maskLow(lengths6[i]);
        }
    }

    @AfterEach
    void tearDown()
    {
        file.close();
    }

    private void nextHopMessages()
    {
        for (int i = 0; i < nextHops.length; i++)
        {
            writer.nextHopSet(i, nextHops[i]);
        }
        writer.nextHopGroupSet(10, group, 2);
    }

    private void messages4()
    {
        nextHopMessages();
        for (int i = 0; i < ROUTES; i++)
        {
            writer.route4Set(addresses[i], lengths4[i], i % 3 == 0 ? 10 : i & 3);
            if (i % 500 == 499)
            {
                writer.commit();
            }
        }
        writer.commit();
    }

    private void messages6()
    {
        nextHopMessages();
        for (int i = 0; i < ROUTES; i++)
        {
            writer.route6Set(highs[i], lows[i], lengths6[i], i % 3 == 0 ? 10 : i & 3);
        }
        writer.commit();
    }

    @Test
    void shouldAllocateNothingPerMessageToMarkIpv4Routes()
    {
        messages4(); // the table, installed outside a resync

        final long[] bytes = quietWindows(this::messages4, true);

        for (final long b : bytes)
        {
            assertEquals(0, b, "bytes allocated by a resync's messages, per window: " + Arrays.toString(bytes));
        }
        assertTrue(writer.epoch() > AllocationWindows.WINDOWS, "the windows ran inside resyncs");
    }

    @Test
    void shouldAllocateNoMoreForIpv6RoutesInsideAResyncThanOutside()
    {
        messages6();

        final long[] outside = quietWindows(this::messages6, false);
        final long[] inside = quietWindows(this::messages6, true);

        final long least = Arrays.stream(outside).min().orElseThrow();
        for (final long b : inside)
        {
            assertTrue(b <= least, "inside a resync " + Arrays.toString(inside) +
                " bytes per window, outside " + Arrays.toString(outside));
        }
    }

    /**
     * Runs the messages round after round (inside a resync each if asked, its begin and end outside the
     * window) until the JIT has settled, then measures {@link AllocationWindows#WINDOWS} windows.
     */
    private long[] quietWindows(final Runnable messages, final boolean resync)
    {
        final LongSupplier allocated = AllocationWindows.currentThread();
        long previous = -1;
        int quiet = 0;
        for (int round = 0; round < MAX_ROUNDS && quiet < AllocationWindows.QUIET_ROUNDS; round++)
        {
            final AllocationWindows.Windows window = window(messages, resync, allocated);
            quiet = window.compileMs()[0] == 0 && window.bytes()[0] == previous ? quiet + 1 : 0;
            previous = window.bytes()[0];
        }
        final long[] bytes = new long[AllocationWindows.WINDOWS];
        for (int w = 0; w < bytes.length; w++)
        {
            bytes[w] = window(messages, resync, allocated).bytes()[0];
        }
        return bytes;
    }

    private AllocationWindows.Windows window(final Runnable messages, final boolean resync, final LongSupplier allocated)
    {
        if (resync)
        {
            writer.resyncBegin(++epoch);
        }
        final AllocationWindows.Windows window = AllocationWindows.measure(allocated, messages, 1);
        if (resync)
        {
            writer.resyncEnd(epoch);
            writer.commit();
        }
        return window;
    }
}
