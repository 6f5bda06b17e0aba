package net.junction.routing.lpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import net.junction.routing.Ip6Address;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import net.junction.routing.qsbr.Qsbr;
import org.junit.jupiter.api.Test;

/**
 * The data plane's longest-prefix-match tables ({@link Ip4Dir24}, {@link Ip6Mtrie}) against the
 * obviously-correct reference tries over a million random operations per family (two million in
 * all) in CI (more with {@code -Djunction.test.operations}): add, replace, delete, lookup and burst
 * lookup; overlapping prefixes, /0, /32, /128, deletes that reveal covering routes. And under a
 * writer churning a large table while readers look up.
 */
class LpmAgainstReferenceTest
{
    /** Per family; {@code -Djunction.test.operations=10000000} for a long run. */
    private static final int OPERATIONS = Integer.getInteger("junction.test.operations", 1_000_000);

    private static int length4(final SplittableRandom random)
    {
        final int r = random.nextInt(1000);
        return r < 250 ? 17 + random.nextInt(7) : r < 900 ? 24 : 25 + random.nextInt(8);
    }

    /** Dense around 198.18.0.0/15 so prefixes overlap, with some anywhere. */
    private static int address4(final SplittableRandom random)
    {
        return random.nextInt(4) == 0 ? random.nextInt() : 0xC612_0000 | random.nextInt(1 << 17);
    }

    @Test
    void shouldAgreeWithTheReferenceTrieOverRandomIpv4Operations()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final Qsbr qsbr = new Qsbr(2);
        final int reader = qsbr.register();
        qsbr.online(reader);
        final Ip4Dir24 fib = new Ip4Dir24(qsbr);
        final Ip4ReferenceTrie reference = new Ip4ReferenceTrie();
        final int[] burst = new int[32];
        final int[] results = new int[32];
        for (int op = 0; op < OPERATIONS; op++)
        {
            if (op % 10_000 == 0)
            {
                // A short prefix over the populated table (/0 .. /16): every leaf below it is rewritten.
                final int shortLength = random.nextInt(17);
                final int shortNetwork = address4(random) & Prefix4.mask(shortLength);
                if (random.nextBoolean())
                {
                    final int value = random.nextInt(1 << 20);
                    assertEquals(reference.put(shortNetwork, shortLength, value), fib.put(shortNetwork, shortLength, value));
                }
                else
                {
                    assertEquals(reference.remove(shortNetwork, shortLength), fib.remove(shortNetwork, shortLength));
                }
            }
            final int length = length4(random);
            final int network = address4(random) & Prefix4.mask(length);
            switch (random.nextInt(4))
            {
                case 0, 1 ->
                {
                    final int value = random.nextInt(1 << 20);
                    assertEquals(reference.put(network, length, value), fib.put(network, length, value));
                }
                case 2 -> assertEquals(reference.remove(network, length), fib.remove(network, length));
                default ->
                {
                    for (int b = 0; b < 32; b++)
                    {
                        burst[b] = address4(random);
                    }
                    fib.lookupBurst(burst, results, 32);
                    for (int b = 0; b < 32; b++)
                    {
                        // Both answers are checked on their own: the single lookup is the path
                        // the slow path and tests use, the burst the path the workers use.
                        final int expected = reference.lookup(burst[b]);
                        final int single = fib.lookup(burst[b]);
                        if (expected != single)
                        {
                            assertEquals(expected, single, "op " + op + ": lookup(" + Integer.toHexString(burst[b]) + ")");
                        }
                        if (expected != results[b])
                        {
                            assertEquals(expected, results[b],
                                "op " + op + ": lookupBurst[" + b + "] of " + Integer.toHexString(burst[b]));
                        }
                    }
                    qsbr.quiescent(reader);
                }
            }
        }
        assertEquals(reference.size(), fib.size());
        assertTrue(fib.reusedGroups() > 0, "groups were folded and reused along the way");
    }

    /**
     * Short prefixes are rare, as in real tables: each change of one rewrites every leaf below it
     * (inherent to leaf-pushed multibit tries, DPDK's included).
     */
    private static int length6(final SplittableRandom random)
    {
        final int r = random.nextInt(1000);
        return r < 600 ? 48 : r < 950 ? 49 + random.nextInt(16) : 65 + random.nextInt(64);
    }

    /** 2001:db8::/32, 4096 /48s below it in a few /40s, a few /64s in each: overlaps at every level. */
    private static long high6(final SplittableRandom random)
    {
        return 0x2001_0db8_0000_0000L | ((long)random.nextInt(16) << 24) | ((long)random.nextInt(256) << 16) |
            random.nextInt(4);
    }

    private static long low6(final SplittableRandom random)
    {
        return random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(4);
    }

    @Test
    void shouldAgreeWithTheReferenceTrieOverRandomIpv6Operations()
    {
        final SplittableRandom random = new SplittableRandom(43);
        final Qsbr qsbr = new Qsbr(2);
        final int reader = qsbr.register();
        qsbr.online(reader);
        final Ip6Mtrie mtrie = new Ip6Mtrie(qsbr);
        final Ip6ReferenceTrie reference = new Ip6ReferenceTrie();
        final long[] highs = new long[32];
        final long[] lows = new long[32];
        final int[] results = new int[32];
        for (int op = 0; op < OPERATIONS; op++)
        {
            if (op % 10_000 == 0)
            {
                // /40../44 cover a fraction of the populated 2001:db8::/32 (a /32 or shorter would
                // rewrite every leaf of the test's table at each toggle); the /0 is laid first.
                final int shortLength = op == 0 ? 0 : 40 + random.nextInt(5);
                final long shortHigh = high6(random) & Prefix6.maskHigh(shortLength);
                if (op == 0 || random.nextBoolean())
                {
                    final int value = random.nextInt(1 << 20);
                    assertEquals(reference.put(shortHigh, 0, shortLength, value), mtrie.put(shortHigh, 0, shortLength, value));
                }
                else
                {
                    assertEquals(reference.remove(shortHigh, 0, shortLength), mtrie.remove(shortHigh, 0, shortLength));
                }
            }
            final int length = length6(random);
            final long high = high6(random) & Prefix6.maskHigh(length);
            final long low = low6(random) & Prefix6.maskLow(length);
            switch (random.nextInt(4))
            {
                case 0, 1 ->
                {
                    final int value = random.nextInt(1 << 20);
                    assertEquals(reference.put(high, low, length, value), mtrie.put(high, low, length, value));
                }
                case 2 -> assertEquals(reference.remove(high, low, length), mtrie.remove(high, low, length));
                default ->
                {
                    for (int b = 0; b < 32; b++)
                    {
                        highs[b] = high6(random);
                        lows[b] = low6(random);
                    }
                    mtrie.lookupBurst(highs, lows, results, 32);
                    for (int b = 0; b < 32; b++)
                    {
                        final int expected = reference.lookup(highs[b], lows[b]);
                        final int single = mtrie.lookup(highs[b], lows[b]);
                        if (expected != single)
                        {
                            assertEquals(expected, single,
                                "op " + op + ": lookup(" + Ip6Address.format(highs[b], lows[b]) + ")");
                        }
                        if (expected != results[b])
                        {
                            assertEquals(expected, results[b],
                                "op " + op + ": lookupBurst[" + b + "] of " + Ip6Address.format(highs[b], lows[b]));
                        }
                    }
                    qsbr.quiescent(reader);
                }
            }
        }
        assertEquals(reference.size(), mtrie.size());
    }

    /**
     * 100,000 /24s under 198.18.0.0/15-wide and wider space, each with a fixed identity; a writer
     * flips their values between two generations and adds and removes a more-specific /28 inside
     * some, with groups folded and reused behind QSBR; readers look up addresses inside known
     * routes and accept only that route's two values or its /28's two values.
     */
    @Test
    void shouldGiveReadersOnlyLegitimateValuesWhileAWriterChurnsALargeTable() throws Exception
    {
        final int routes = 100_000;
        final Qsbr qsbr = new Qsbr(4);
        final Ip4Dir24 fib = new Ip4Dir24(qsbr);
        final int[] networks = new int[routes];
        for (int i = 0; i < routes; i++)
        {
            networks[i] = (0x2000_0000 + i * 0x100 * 7) & 0xFFFF_FF00; // distinct /24s spread over /16s
            fib.put(networks[i], 24, i * 4);
        }
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicLong lookups = new AtomicLong();
        final List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++)
        {
            final int seed = r;
            final Thread reader = new Thread(() ->
            {
                final int id = qsbr.register();
                qsbr.online(id);
                final SplittableRandom random = new SplittableRandom(seed);
                long n = 0;
                while (running.get())
                {
                    for (int k = 0; k < 64; k++)
                    {
                        final int i = random.nextInt(routes);
                        final int value = fib.lookup(networks[i] | random.nextInt(16)); // inside the /28
                        if (value >>> 2 != i)
                        {
                            failure.compareAndSet(null, "route " + i + " answered " + value);
                        }
                        n++;
                    }
                    qsbr.quiescent(id);
                }
                qsbr.offline(id);
                lookups.addAndGet(n);
            });
            reader.start();
            readers.add(reader);
        }
        final SplittableRandom random = new SplittableRandom(99);
        final long end = System.nanoTime() + 1_500_000_000L;
        long changes = 0;
        while (System.nanoTime() < end)
        {
            final int i = random.nextInt(routes);
            switch (random.nextInt(3))
            {
                case 0 -> fib.put(networks[i], 24, i * 4 + random.nextInt(2));      // the /24's two values
                case 1 -> fib.put(networks[i], 28, i * 4 + 2 + random.nextInt(2));  // a /28 inside: two more
                default -> fib.remove(networks[i], 28);                             // folds the group again
            }
            changes++;
        }
        running.set(false);
        for (final Thread reader : readers)
        {
            reader.join();
        }
        assertNull(failure.get());
        assertTrue(lookups.get() > 100_000, "readers ran: " + lookups.get());
        assertTrue(fib.reusedGroups() > 0, "groups were reused under the readers (" + changes + " changes)");
        assertTrue(fib.nativeBytes() > (64L << 20) + (256L << 10), "the group memory grew under the readers");
    }
}
