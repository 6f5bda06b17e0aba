package net.junction.routing.lpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import net.junction.routing.Ip6Address;
import net.junction.routing.Prefix6;
import net.junction.routing.qsbr.Qsbr;
import org.junit.jupiter.api.Test;

class Ip6MtrieTest
{
    private record Route(long high, long low, int length)
    {
    }

    private static int naiveLookup(final Map<Route, Integer> routes, final long high, final long low)
    {
        int best = Ip6Mtrie.NO_ROUTE;
        int bestLength = -1;
        for (final Map.Entry<Route, Integer> route : routes.entrySet())
        {
            final Route r = route.getKey();
            if ((high & Prefix6.maskHigh(r.length())) == r.high() && (low & Prefix6.maskLow(r.length())) == r.low() &&
                r.length() > bestLength)
            {
                best = route.getValue();
                bestLength = r.length();
            }
        }
        return best;
    }

    /** Addresses clustered under a few /32s and /48s so prefixes of every length overlap. */
    private static long[] randomAddress(final SplittableRandom random)
    {
        final long[] thirtyTwos = {0x2001_0db8_0000_0000L, 0x2001_0db9_0000_0000L, 0xFE80_0000_0000_0000L, 0};
        final long high = thirtyTwos[random.nextInt(thirtyTwos.length)] |
            ((long)random.nextInt(3) << 16) | random.nextInt(4) | (random.nextInt(8) == 0 ? random.nextLong() >>> 32 : 0);
        final long low = random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(4);
        return new long[] {high, low};
    }

    private static int randomLength(final SplittableRandom random)
    {
        final int r = random.nextInt(10);
        return r == 0 ? random.nextInt(17) : r < 3 ? 17 + random.nextInt(31) : r < 7 ? 48 + random.nextInt(17) :
            65 + random.nextInt(64);
    }

    @Test
    void shouldMatchTheNaiveLookupThroughRandomAddsAndRemoves()
    {
        matchNaiveLookup(false);
    }

    @Test
    void shouldMatchTheNaiveLookupWhileReusingFoldedPlies()
    {
        matchNaiveLookup(true);
    }

    private static void matchNaiveLookup(final boolean reuse)
    {
        for (long seed = 1; seed <= 12; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final Qsbr qsbr = new Qsbr(4);
            final int reader = qsbr.register();
            qsbr.online(reader);
            final Ip6Mtrie mtrie = reuse ? new Ip6Mtrie(qsbr) : new Ip6Mtrie();
            final Map<Route, Integer> routes = new HashMap<>();
            for (int op = 0; op < 300; op++)
            {
                final int length = randomLength(random);
                final long[] a = randomAddress(random);
                final Route route = new Route(a[0] & Prefix6.maskHigh(length), a[1] & Prefix6.maskLow(length), length);
                if (random.nextInt(3) == 0 && !routes.isEmpty())
                {
                    final List<Route> keys = new ArrayList<>(routes.keySet());
                    final Route victim = keys.get(random.nextInt(keys.size()));
                    assertEquals(routes.remove(victim), mtrie.remove(victim.high(), victim.low(), victim.length()));
                }
                else
                {
                    final int value = random.nextInt(1000);
                    final Integer old = routes.put(route, value);
                    assertEquals(old == null ? Ip6Mtrie.NO_ROUTE : old,
                        mtrie.put(route.high(), route.low(), route.length(), value));
                }
                final long[] highs = new long[30];
                final long[] lows = new long[30];
                final int[] results = new int[30];
                for (int probe = 0; probe < 30; probe++)
                {
                    final long[] address = randomAddress(random);
                    assertEquals(naiveLookup(routes, address[0], address[1]), mtrie.lookup(address[0], address[1]),
                        "seed " + seed + " op " + op + " address " + Ip6Address.format(address[0], address[1]));
                    highs[probe] = address[0];
                    lows[probe] = address[1];
                }
                mtrie.lookupBurst(highs, lows, results, 30);
                for (int b = 0; b < 30; b++)
                {
                    assertEquals(naiveLookup(routes, highs[b], lows[b]), results[b],
                        "burst lookup of " + Ip6Address.format(highs[b], lows[b]));
                }
                qsbr.quiescent(reader);
            }
            assertEquals(routes.size(), mtrie.size());
            for (final Route route : new ArrayList<>(routes.keySet()))
            {
                mtrie.remove(route.high(), route.low(), route.length());
            }
            assertEquals(0, mtrie.plies(), "every ply folded once the table is empty (seed " + seed + ")");
            if (reuse)
            {
                assertTrue(mtrie.reusedPlies() > 0, "plies were reused (seed " + seed + ")");
            }
        }
    }

    @Test
    void shouldHandleTheEdges()
    {
        final Ip6Mtrie mtrie = new Ip6Mtrie();
        final Ip6Address host = Ip6Address.parse("2001:db8:1:2::7");
        mtrie.put(0, 0, 0, 1);
        assertEquals(1, mtrie.lookup(-1L, -1L), "the default route covers ffff:...");
        mtrie.put(host.high(), host.low(), 128, 2);
        mtrie.put(0x2001_0db8_0001_0002L, 0, 64, 3);
        mtrie.put(0x2001_0db8_0001_0000L, 0, 48, 4);
        assertEquals(2, mtrie.lookup(host.high(), host.low()));
        assertEquals(3, mtrie.lookup(host.high(), host.low() + 1));
        assertEquals(4, mtrie.lookup(0x2001_0db8_0001_0003L, 0));
        assertEquals(1, mtrie.lookup(0x2001_0db8_0002_0000L, 0));
        assertEquals(3, mtrie.remove(0x2001_0db8_0001_0002L, 0, 64));
        assertEquals(4, mtrie.lookup(host.high(), host.low() + 1), "a removed /64 reveals the covering /48");
        assertEquals(2, mtrie.lookup(host.high(), host.low()));
        assertEquals(Ip6Mtrie.NO_ROUTE, mtrie.remove(0x2001_0db8_0001_0002L, 0, 64));
    }

    @Test
    void shouldGiveReadersOnlyTheBeforeOrAfterValueWhileTheWriterChurns() throws Exception
    {
        final Ip6Mtrie mtrie = new Ip6Mtrie();
        final long net = 0x2001_0db8_0000_0000L;
        mtrie.put(net, 0, 32, 1);
        final long[][] addresses = {{net | 0x1_0000L, 1}, {net | 0x1_0001L, 5}, {net | 0xFFFF_0000L, 9}, {net, 0}};
        final Set<Integer> legal = new HashSet<>(List.of(1, 10, 11, 20, 21, 30, 31));
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicLong lookups = new AtomicLong();
        final List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++)
        {
            final Thread reader = new Thread(() ->
            {
                long n = 0;
                while (running.get())
                {
                    for (final long[] address : addresses)
                    {
                        final int value = mtrie.lookup(address[0], address[1]);
                        if (!legal.contains(value))
                        {
                            failure.compareAndSet(null, Ip6Address.format(address[0], address[1]) + " -> " + value);
                        }
                        n++;
                    }
                }
                lookups.addAndGet(n);
            });
            reader.start();
            readers.add(reader);
        }
        final long end = System.nanoTime() + 1_000_000_000L;
        int i = 0;
        while (System.nanoTime() < end)
        {
            final int flip = i++ & 1;
            mtrie.put(net | 0x1_0000L, 0, 48, 10 + flip);
            mtrie.put(net | 0x1_0001L, 0, 64, 20 + flip);
            mtrie.put(net | 0xFF00_0000L, 0, 40, 30 + flip);
            if ((i & 3) == 0)
            {
                mtrie.remove(net | 0x1_0001L, 0, 64);
                mtrie.remove(net | 0x1_0000L, 0, 48);
                mtrie.remove(net | 0xFF00_0000L, 0, 40);
            }
        }
        running.set(false);
        for (final Thread reader : readers)
        {
            reader.join();
        }
        assertNull(failure.get());
        assertTrue(lookups.get() > 10_000, "readers ran: " + lookups.get());
    }

    /** {@code count} distinct random /128s under 2001:db8::/32: each takes about ten plies of its own. */
    private static long[][] hostRoutes(final int count, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final long[][] routes = new long[count][];
        for (int i = 0; i < count; i++)
        {
            routes[i] = new long[] {0x2001_0db8_0000_0000L | (random.nextLong() >>> 32), random.nextLong()};
        }
        return routes;
    }

    /**
     * The plies grow through some forty thousand plies (fifty megabytes, many huge pages of the
     * reserved memory) while readers (QSBR registered) look up every route in single and burst
     * lookups: a route installed before the reader looked answers its value, one not yet
     * installed its value or no route; and every fourth route is removed and put back as the
     * table grows, so folded plies are reused under the readers too (those answer their value or
     * no route).
     */
    @Test
    void shouldKeepEveryLookupRightWhileThePliesGrow() throws Exception
    {
        final int count = 4_000;
        final long[][] routes = hostRoutes(count, 7);
        final Qsbr qsbr = new Qsbr(4);
        final Ip6Mtrie mtrie = new Ip6Mtrie(qsbr);
        final AtomicInteger installed = new AtomicInteger();
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
                final long[] highs = new long[16];
                final long[] lows = new long[16];
                final int[] expected = new int[16];
                final int[] results = new int[16];
                while (running.get())
                {
                    final int before = installed.get();
                    for (int b = 0; b < 16; b++)
                    {
                        final int i = random.nextInt(count);
                        highs[b] = routes[i][0];
                        lows[b] = routes[i][1];
                        expected[b] = i < before && i % 4 != 0 ? i : -2 - i; // -2 - i: i or no route
                        check(failure, "lookup", i, expected[b], mtrie.lookup(highs[b], lows[b]));
                    }
                    mtrie.lookupBurst(highs, lows, results, 16);
                    for (int b = 0; b < 16; b++)
                    {
                        check(failure, "lookupBurst", expected[b] >= 0 ? expected[b] : -2 - expected[b],
                            expected[b], results[b]);
                    }
                    lookups.addAndGet(32);
                    qsbr.quiescent(id);
                }
                qsbr.offline(id);
            });
            reader.start();
            readers.add(reader);
        }
        for (int i = 0; i < count; i++)
        {
            mtrie.put(routes[i][0], routes[i][1], 128, i);
            installed.set(i + 1);
            if (i >= 100 && i % 4 == 0)
            {
                final int j = i - 100; // a multiple of 4: its lookups accept no route
                mtrie.remove(routes[j][0], routes[j][1], 128);
                mtrie.put(routes[j][0], routes[j][1], 128, j);
            }
            if (i % 64 == 0)
            {
                // Let the readers look up between growth steps (two CPUs: they would not always run).
                final long seen = lookups.get();
                final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
                while (lookups.get() < seen + 64 && System.nanoTime() < deadline)
                {
                    Thread.onSpinWait();
                }
            }
        }
        running.set(false);
        for (final Thread reader : readers)
        {
            reader.join();
        }
        assertNull(failure.get());
        assertTrue(mtrie.pliesMade() > 30_000, "grew: " + mtrie.pliesMade() + " plies");
        assertTrue(mtrie.reusedPlies() > 0, "folded plies were reused while the table grew");
        assertTrue(lookups.get() > 20_000, "readers ran: " + lookups.get());
        for (int i = 0; i < count; i++)
        {
            assertEquals(i, mtrie.lookup(routes[i][0], routes[i][1]));
        }
    }

    /** {@code expected} >= 0: exactly that; else {@code value} or no route. */
    private static void check(
        final AtomicReference<String> failure, final String what, final int value, final int expected, final int actual)
    {
        final boolean right = expected >= 0 ? actual == expected : actual == value || actual == Ip6Mtrie.NO_ROUTE;
        if (!right)
        {
            failure.compareAndSet(null, what + " of route " + value + " answered " + actual);
        }
    }

    /**
     * Growth allocates nothing of the table's size on the heap: the plies grow in place in their
     * reserved native memory, and a load of routes allocates only the rule maps' few dozen bytes
     * a route. The table that doubled one Java array by copying allocated twice its growth
     * (4,000 /128s here: 168 MB for 84 MB of plies).
     */
    @Test
    void shouldGrowWithoutCopyingThePlies()
    {
        final int count = 4_000;
        final long[][] routes = hostRoutes(count, 11);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final Ip6Mtrie mtrie = new Ip6Mtrie();
        mtrie.put(routes[0][0], routes[0][1], 128, 0);
        final long footprintBefore = mtrie.footprintBytes();
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 1; i < count; i++)
        {
            mtrie.put(routes[i][0], routes[i][1], 128, i & 0x7F); // values a cached Integer
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        final long grown = mtrie.footprintBytes() - footprintBefore;
        assertTrue(grown > 40L << 20, "the plies grew: " + grown + " bytes, " + mtrie.pliesMade() + " plies");
        assertEquals(mtrie.footprintBytes() - ((1 << 16) * 5L), mtrie.nativeBytes(), "the plies are native memory");
        assertTrue(allocated < 256L * count,
            "allocated " + allocated + " bytes on the heap for " + grown + " bytes of growth: no copy of the plies");
    }

    @Test
    void shouldLookUpWithoutAllocating()
    {
        final int count = 2_000;
        final long[][] routes = hostRoutes(count, 13);
        final Ip6Mtrie mtrie = new Ip6Mtrie(new Qsbr(1));
        final long[] highs = new long[64];
        final long[] lows = new long[64];
        final int[] results = new int[64];
        for (int i = 0; i < count; i++)
        {
            final int length = 65 + (i & 63);
            mtrie.put(routes[i][0], routes[i][1] & Prefix6.maskLow(length), length, i);
            highs[i & 63] = routes[i][0];
            lows[i & 63] = routes[i][1];
        }
        assertEquals(0, Allocations.allocatedBytesOfCurrentThread(() ->
        {
            int sum = 0;
            for (int i = 0; i < count; i++)
            {
                sum += mtrie.lookup(routes[i][0], routes[i][1]);
            }
            mtrie.lookupBurst(highs, lows, results, 64);
            return sum + results[63];
        }));
    }

    @Test
    void shouldHandEveryRuleToForEachRule()
    {
        final Ip6Mtrie fib = new Ip6Mtrie();
        fib.put(0x2001_0db8_0000_0000L, 0, 32, 1);
        fib.put(0x2001_0db8_0001_0000L, 0, 48, 2);
        fib.put(0x2001_0db8_0001_0000L, 5, 128, 3);
        fib.remove(0x2001_0db8_0001_0000L, 0, 48);

        final Set<String> rules = new HashSet<>();
        fib.forEachRule((high, low, length, value) -> rules.add(Ip6Address.format(high, low) + "/" + length + "=" + value));

        assertEquals(Set.of("2001:db8::/32=1", "2001:db8:1::5/128=3"), rules);
    }
}
