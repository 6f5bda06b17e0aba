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
import java.util.concurrent.atomic.AtomicBoolean;
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
}
