package net.junction.routing.lpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

import net.junction.routing.Prefix4;
import net.junction.routing.qsbr.Qsbr;
import org.junit.jupiter.api.Test;

class Ip4MtrieTest
{
    /** Longest match by scanning every prefix: slow and obviously right. */
    private static int naiveLookup(final Map<Long, Integer> routes, final int address)
    {
        int best = Ip4Mtrie.NO_ROUTE;
        int bestLength = -1;
        for (final Map.Entry<Long, Integer> route : routes.entrySet())
        {
            final int network = (int)(route.getKey() >>> 8);
            final int length = (int)(route.getKey() & 0xFF);
            if ((address & Prefix4.mask(length)) == network && length > bestLength)
            {
                best = route.getValue();
                bestLength = length;
            }
        }
        return best;
    }

    private static long key(final int network, final int length)
    {
        return ((network & 0xFFFF_FFFFL) << 8) | length;
    }

    /** Addresses clustered in a few /16s so prefixes of every length overlap and plies come and go. */
    private static int randomAddress(final SplittableRandom random)
    {
        final int[] sixteens = {0xC612_0000, 0xC613_0000, 0x0A00_0000, 0xFFFF_0000, 0x0000_0000};
        return sixteens[random.nextInt(sixteens.length)] | (random.nextInt(4) << 8 | random.nextInt(256)) & 0xFFFF |
            (random.nextInt(8) == 0 ? random.nextInt() & 0xFFFF : 0);
    }

    private static int randomLength(final SplittableRandom random)
    {
        final int r = random.nextInt(10);
        return r == 0 ? random.nextInt(17) : r < 4 ? 17 + random.nextInt(8) : 24 + random.nextInt(9);
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

    @Test
    void shouldReuseAFoldedPlyOnlyAfterEveryReaderPassedTheGracePeriod()
    {
        final Qsbr qsbr = new Qsbr(4);
        final int reader = qsbr.register();
        qsbr.online(reader);
        final Ip4Mtrie mtrie = new Ip4Mtrie(qsbr);
        mtrie.put(0xC612_0100, 24, 1); // a ply under 198.18.0.0/16
        mtrie.remove(0xC612_0100, 24); // folded, retired
        assertEquals(1, mtrie.retiredPlies());

        mtrie.put(0xC613_0100, 24, 2); // needs a ply: the reader may still hold the retired one
        assertEquals(0, mtrie.reusedPlies());
        mtrie.remove(0xC613_0100, 24);

        qsbr.quiescent(reader); // the reader has left every lookup that began before the retirements
        mtrie.put(0xC612_0200, 24, 3);
        assertEquals(1, mtrie.reusedPlies());
        assertEquals(3, mtrie.lookup(0xC612_0201));
        assertEquals(Ip4Mtrie.NO_ROUTE, mtrie.lookup(0xC612_0101));
        assertEquals(1, mtrie.plies());
    }

    private static void matchNaiveLookup(final boolean reuse)
    {
        for (long seed = 1; seed <= 20; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final Qsbr qsbr = new Qsbr(4);
            final int reader = qsbr.register();
            qsbr.online(reader);
            final Ip4Mtrie mtrie = reuse ? new Ip4Mtrie(qsbr) : new Ip4Mtrie();
            final Map<Long, Integer> routes = new HashMap<>();
            for (int op = 0; op < 400; op++)
            {
                final int length = randomLength(random);
                final int network = randomAddress(random) & Prefix4.mask(length);
                if (random.nextInt(3) == 0 && !routes.isEmpty())
                {
                    final List<Long> keys = new ArrayList<>(routes.keySet());
                    final long victim = keys.get(random.nextInt(keys.size()));
                    assertEquals(routes.remove(victim), mtrie.remove((int)(victim >>> 8), (int)(victim & 0xFF)));
                }
                else
                {
                    final int value = random.nextInt(1000);
                    final Integer old = routes.put(key(network, length), value);
                    assertEquals(old == null ? Ip4Mtrie.NO_ROUTE : old, mtrie.put(network, length, value));
                }
                final int[] burst = new int[32];
                final int[] results = new int[32];
                for (int probe = 0; probe < 40; probe++)
                {
                    final int address = randomAddress(random);
                    assertEquals(naiveLookup(routes, address), mtrie.lookup(address),
                        "seed " + seed + " op " + op + " address " + Integer.toHexString(address));
                    burst[probe & 31] = address;
                }
                mtrie.lookupBurst(burst, results, 32);
                for (int b = 0; b < 32; b++)
                {
                    assertEquals(naiveLookup(routes, burst[b]), results[b], "burst lookup of " + Integer.toHexString(burst[b]));
                }
                qsbr.quiescent(reader);
            }
            assertEquals(routes.size(), mtrie.size());
            for (final long route : new ArrayList<>(routes.keySet()))
            {
                mtrie.remove((int)(route >>> 8), (int)(route & 0xFF));
            }
            assertEquals(0, mtrie.plies(), "every ply retired once the table is empty (seed " + seed + ")");
            if (reuse)
            {
                assertTrue(mtrie.reusedPlies() > 0, "plies were reused (seed " + seed + ")");
            }
            assertEquals(Ip4Mtrie.NO_ROUTE, mtrie.lookup(randomAddress(random)));
        }
    }

    @Test
    void shouldHandleTheEdges()
    {
        final Ip4Mtrie mtrie = new Ip4Mtrie();
        mtrie.put(0, 0, 1);
        assertEquals(1, mtrie.lookup(0xFFFF_FFFF));
        mtrie.put(0xC612_0101, 32, 2);
        mtrie.put(0xC612_0100, 24, 3);
        mtrie.put(0xC612_0000, 16, 4);
        assertEquals(2, mtrie.lookup(0xC612_0101));
        assertEquals(3, mtrie.lookup(0xC612_0102));
        assertEquals(4, mtrie.lookup(0xC612_0201));
        assertEquals(1, mtrie.lookup(0xC613_0101));
        mtrie.remove(0xC612_0100, 24);
        assertEquals(4, mtrie.lookup(0xC612_0102), "a removed /24 reveals the covering /16");
        assertEquals(2, mtrie.lookup(0xC612_0101));
        mtrie.remove(0, 0);
        assertEquals(Ip4Mtrie.NO_ROUTE, mtrie.lookup(0x0A00_0001));
    }

    @Test
    void shouldGiveReadersOnlyTheBeforeOrAfterValueWhileTheWriterChurns() throws Exception
    {
        // Routes toggle between two values; readers check every answer is one a route could give.
        final Ip4Mtrie mtrie = new Ip4Mtrie();
        mtrie.put(0xC612_0000, 16, 1);
        final int[] addresses = {0xC612_0101, 0xC612_01FF, 0xC612_8001, 0xC612_0000};
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
                    for (final int address : addresses)
                    {
                        final int value = mtrie.lookup(address);
                        if (!legal.contains(value))
                        {
                            failure.compareAndSet(null, "lookup(" + Integer.toHexString(address) + ") = " + value);
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
            mtrie.put(0xC612_0100, 24, 10 + flip);
            mtrie.put(0xC612_0101, 32, 20 + flip);
            mtrie.put(0xC612_8000, 17, 30 + flip);
            if ((i & 3) == 0)
            {
                mtrie.remove(0xC612_0101, 32);
                mtrie.remove(0xC612_0100, 24);
                mtrie.remove(0xC612_8000, 17);
            }
        }
        running.set(false);
        for (final Thread reader : readers)
        {
            reader.join();
        }
        assertEquals(null, failure.get());
        assertTrue(lookups.get() > 10_000, "readers ran: " + lookups.get());
    }
}
