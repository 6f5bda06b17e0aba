/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.lpm;

import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One writer churns nested routes while readers look up addresses under them. Every value names the
 * prefix it was put for, so a reader can check each answer is legitimate for its address: the prefix
 * contains the address and is at least as specific as the routes that are never removed (a default
 * route and a /16 for IPv4, a default and a /32 for IPv6). A torn node, a half-built child or a lost
 * covering route shows up as a wrong or missing answer.
 */
class ReferenceTrieConcurrencyTest
{
    private static final long RUN_NS = TimeUnit.MILLISECONDS.toNanos(1200);
    private static final int READERS = 2;
    private static final int STABLE_VALUES = 2;

    @Test
    void shouldAnswerOnlyLegitimateIpv4RoutesWhileTheWriterChurns() throws InterruptedException
    {
        final Ip4ReferenceTrie trie = new Ip4ReferenceTrie();
        final Prefix4 stableCover = Prefix4.parse("198.18.0.0/16");
        trie.put(Prefix4.DEFAULT_ROUTE, 0);
        trie.put(stableCover, 1);

        final SplittableRandom random = new SplittableRandom(42);
        final List<Prefix4> churn = new ArrayList<>();
        for (int i = 0; i < 128; i++)
        {
            // Nested: 198.18.x/17../32 under the stable /16, plus some outside it (198.19.x/16../32).
            final int base = (i % 4 == 0) ? 0xC6130000 : 0xC6120000;
            final int length = (i % 4 == 0) ? 16 + random.nextInt(17) : 17 + random.nextInt(16);
            final Prefix4 prefix = Prefix4.network(base | random.nextInt(1 << 16), length);
            if (!churn.contains(prefix))
            {
                churn.add(prefix);
            }
        }

        final int[] probes = new int[1024];
        for (int i = 0; i < probes.length; i++)
        {
            final Prefix4 under = churn.get(random.nextInt(churn.size()));
            probes[i] = under.address() | (random.nextInt() & ~Prefix4.mask(under.length()));
        }

        // legitimate[probe][value]: the value's prefix contains the probe and is no less specific than
        // the most specific stable route containing it.
        final boolean[][] legitimate = new boolean[probes.length][STABLE_VALUES + churn.size()];
        for (int p = 0; p < probes.length; p++)
        {
            final int minLength = stableCover.contains(probes[p]) ? stableCover.length() : 0;
            legitimate[p][0] = 0 == minLength;
            legitimate[p][1] = stableCover.contains(probes[p]);
            for (int i = 0; i < churn.size(); i++)
            {
                legitimate[p][STABLE_VALUES + i] =
                    churn.get(i).contains(probes[p]) && churn.get(i).length() >= minLength;
            }
        }

        final Runnable writerStep = new Runnable()
        {
            private final SplittableRandom writerRandom = new SplittableRandom(7);

            public void run()
            {
                final int i = writerRandom.nextInt(churn.size());
                if (writerRandom.nextBoolean())
                {
                    trie.put(churn.get(i), STABLE_VALUES + i);
                }
                else
                {
                    trie.remove(churn.get(i));
                }
            }
        };

        final ProbeLookup reader = p -> trie.lookup(probes[p]);
        final long lookups = runChurn(writerStep, reader, probes.length, legitimate);

        assertTrue(lookups > 10_000, "readers made too few lookups: " + lookups);
        assertEquals(1, trie.get(stableCover.address(), stableCover.length()));
        assertEquals(0, trie.lookup(0x08080808));
    }

    @Test
    void shouldAnswerOnlyLegitimateIpv6RoutesWhileTheWriterChurns() throws InterruptedException
    {
        final Ip6ReferenceTrie trie = new Ip6ReferenceTrie();
        final Prefix6 stableCover = Prefix6.parse("2001:db8::/32");
        trie.put(Prefix6.DEFAULT_ROUTE, 0);
        trie.put(stableCover, 1);

        final SplittableRandom random = new SplittableRandom(43);
        final List<Prefix6> churn = new ArrayList<>();
        for (int i = 0; i < 128; i++)
        {
            final long high = (i % 4 == 0 ? 0x2001_0DB9_0000_0000L : 0x2001_0DB8_0000_0000L) |
                (random.nextLong() & 0xFFFF_FFFFL);
            final long low = random.nextBoolean() ? 0 : random.nextLong();
            final int length = 33 + random.nextInt(96);
            final Prefix6 prefix = Prefix6.network(high, low, length);
            if (!churn.contains(prefix))
            {
                churn.add(prefix);
            }
        }

        final long[] probeHigh = new long[1024];
        final long[] probeLow = new long[1024];
        for (int i = 0; i < probeHigh.length; i++)
        {
            final Prefix6 under = churn.get(random.nextInt(churn.size()));
            probeHigh[i] = under.high() | (random.nextLong() & ~Prefix6.maskHigh(under.length()));
            probeLow[i] = under.low() | (random.nextLong() & ~Prefix6.maskLow(under.length()));
        }

        final boolean[][] legitimate = new boolean[probeHigh.length][STABLE_VALUES + churn.size()];
        for (int p = 0; p < probeHigh.length; p++)
        {
            final boolean covered = stableCover.contains(probeHigh[p], probeLow[p]);
            final int minLength = covered ? stableCover.length() : 0;
            legitimate[p][0] = !covered;
            legitimate[p][1] = covered;
            for (int i = 0; i < churn.size(); i++)
            {
                legitimate[p][STABLE_VALUES + i] =
                    churn.get(i).contains(probeHigh[p], probeLow[p]) && churn.get(i).length() >= minLength;
            }
        }

        final Runnable writerStep = new Runnable()
        {
            private final SplittableRandom writerRandom = new SplittableRandom(8);

            public void run()
            {
                final int i = writerRandom.nextInt(churn.size());
                if (writerRandom.nextBoolean())
                {
                    trie.put(churn.get(i), STABLE_VALUES + i);
                }
                else
                {
                    trie.remove(churn.get(i));
                }
            }
        };

        final ProbeLookup reader = p -> trie.lookup(probeHigh[p], probeLow[p]);
        final long lookups = runChurn(writerStep, reader, probeHigh.length, legitimate);

        assertTrue(lookups > 10_000, "readers made too few lookups: " + lookups);
        assertEquals(1, trie.get(stableCover.high(), stableCover.low(), stableCover.length()));
        assertEquals(0, trie.lookup(0x2002_0000_0000_0000L, 1));
    }

    @FunctionalInterface
    interface ProbeLookup
    {
        int lookup(int probe);
    }

    /**
     * Run the writer on this thread and {@link #READERS} reader threads for {@link #RUN_NS}; fail on the
     * first illegitimate answer.
     *
     * @return number of lookups the readers made.
     */
    private static long runChurn(
        final Runnable writerStep, final ProbeLookup reader, final int probes, final boolean[][] legitimate)
        throws InterruptedException
    {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicLong lookups = new AtomicLong();
        final CountDownLatch started = new CountDownLatch(READERS);
        final List<Thread> threads = new ArrayList<>();

        for (int r = 0; r < READERS; r++)
        {
            final int seed = r;
            final Thread thread = new Thread(() ->
            {
                final SplittableRandom random = new SplittableRandom(seed);
                long count = 0;
                started.countDown();
                while (running.get() && null == failure.get())
                {
                    final int p = random.nextInt(probes);
                    final int value = reader.lookup(p);
                    if (value < 0 || value >= legitimate[p].length || !legitimate[p][value])
                    {
                        failure.compareAndSet(null, "probe " + p + " answered " + value);
                    }
                    count++;
                }
                lookups.addAndGet(count);
            }, "lpm-reader-" + r);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }

        started.await();
        final long deadlineNs = System.nanoTime() + RUN_NS;
        long writes = 0;
        while (System.nanoTime() - deadlineNs < 0 && null == failure.get())
        {
            writerStep.run();
            writes++;
        }
        running.set(false);
        for (final Thread thread : threads)
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }

        assertNull(failure.get());
        assertTrue(writes > 10_000, "writer made too few changes: " + writes);
        return lookups.get();
    }
}
