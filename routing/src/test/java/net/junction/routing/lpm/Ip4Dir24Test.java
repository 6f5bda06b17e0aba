/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.lpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * {@link Ip4Dir24} against a naive scan of every route, at its edges (/0, /32, replaced and
 * removed routes revealing their cover), under a churning writer with QSBR readers, and around
 * group reuse (never before every reader's grace period).
 */
class Ip4Dir24Test
{
    /** Longest match by scanning every prefix: slow and obviously right. */
    private static int naiveLookup(final Map<Long, Integer> routes, final int address)
    {
        int best = Ip4Dir24.NO_ROUTE;
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

    /** Addresses clustered in a few /16s so prefixes of every length overlap and groups come and go. */
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
    void shouldMatchTheNaiveLookupWhileReusingFoldedGroups()
    {
        matchNaiveLookup(true);
    }

    @Test
    void shouldReuseAFoldedGroupOnlyAfterEveryReaderPassedTheGracePeriod()
    {
        final Qsbr qsbr = new Qsbr(4);
        final int reader = qsbr.register();
        final int laggard = qsbr.register();
        qsbr.online(reader);
        qsbr.online(laggard);
        final Ip4Dir24 fib = new Ip4Dir24(qsbr);
        fib.put(0xC612_0110, 28, 1); // a group under 198.18.1.0/24
        assertEquals(1, fib.groups());
        fib.remove(0xC612_0110, 28); // folded, retired
        assertEquals(1, fib.retiredGroups());
        assertEquals(1, fib.reclaimableGroups());
        assertEquals(0, fib.groups());

        fib.put(0xC613_0110, 28, 2); // needs a group: both readers may still hold the retired one
        assertEquals(0, fib.reusedGroups());
        fib.remove(0xC613_0110, 28);

        qsbr.quiescent(reader); // one reader has left every lookup that began before the retirements
        fib.put(0xC614_0110, 28, 3);
        assertEquals(0, fib.reusedGroups(), "reused while a reader had not passed the grace period");
        fib.remove(0xC614_0110, 28);

        qsbr.quiescent(laggard); // now both have
        fib.put(0xC612_0210, 28, 4);
        assertEquals(1, fib.reusedGroups());
        assertEquals(4, fib.lookup(0xC612_0211));
        assertEquals(Ip4Dir24.NO_ROUTE, fib.lookup(0xC612_0201));
        assertEquals(Ip4Dir24.NO_ROUTE, fib.lookup(0xC612_0111));
        assertEquals(Ip4Dir24.NO_ROUTE, fib.lookup(0xC613_0111));
        assertEquals(1, fib.groups());
    }

    @Test
    void shouldAskForHugePagesWhereTheKernelOffersThem() throws Exception
    {
        final Path setting = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        assumeTrue(Files.isReadable(setting), "no transparent huge pages here");
        final String enabled = Files.readString(setting);
        assumeTrue(enabled.contains("[always]") || enabled.contains("[madvise]"), "THP is off: " + enabled.trim());
        assumeTrue(HugePageMemory.HUGE_PAGES, "-Djunction.lpm.hugePages=false");
        assertTrue(new Ip4Dir24().hugePages(), "madvise(MADV_HUGEPAGE) on tbl24 failed");
    }

    @Test
    void shouldNeverReuseAGroupWithoutQsbr()
    {
        final Ip4Dir24 fib = new Ip4Dir24();
        for (int i = 0; i < 1000; i++)
        {
            fib.put(0xC612_0180, 25, i);
            fib.remove(0xC612_0180, 25);
        }
        assertEquals(1000, fib.retiredGroups());
        assertEquals(0, fib.reusedGroups());
        assertEquals(0, fib.groups());
        assertEquals(Ip4Dir24.NO_ROUTE, fib.lookup(0xC612_0181));
    }

    @Test
    void shouldAllocateNothingPerLookup()
    {
        final Ip4Dir24 fib = new Ip4Dir24();
        fib.put(0xC612_0000, 16, 1);
        fib.put(0xC612_0180, 25, 2);
        final int[] addresses = {0xC612_0101, 0xC612_0181, 0x0A00_0001, 0xC612_FF01};
        final int[] results = new int[4];
        assertEquals(0, Allocations.allocatedBytesOfCurrentThread(() ->
        {
            int sum = 0;
            for (int i = 0; i < 10_000; i++)
            {
                sum += fib.lookup(addresses[i & 3]);
            }
            fib.lookupBurst(addresses, results, 4);
            return sum + results[1];
        }));
        // The measured lookups must also be right, single and burst alike.
        final int[] expected = {1, 2, Ip4Dir24.NO_ROUTE, 1};
        for (int i = 0; i < 4; i++)
        {
            assertEquals(expected[i], fib.lookup(addresses[i]), "lookup(" + Integer.toHexString(addresses[i]) + ")");
            assertEquals(expected[i], results[i], "lookupBurst[" + i + "] of " + Integer.toHexString(addresses[i]));
        }
    }

    private static void matchNaiveLookup(final boolean reuse)
    {
        for (long seed = 1; seed <= 20; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final Qsbr qsbr = new Qsbr(4);
            final int reader = qsbr.register();
            qsbr.online(reader);
            final Ip4Dir24 fib = reuse ? new Ip4Dir24(qsbr) : new Ip4Dir24();
            final Map<Long, Integer> routes = new HashMap<>();
            for (int op = 0; op < 400; op++)
            {
                final int length = randomLength(random);
                final int network = randomAddress(random) & Prefix4.mask(length);
                if (random.nextInt(3) == 0 && !routes.isEmpty())
                {
                    final List<Long> keys = new ArrayList<>(routes.keySet());
                    final long victim = keys.get(random.nextInt(keys.size()));
                    assertEquals(routes.remove(victim), fib.remove((int)(victim >>> 8), (int)(victim & 0xFF)));
                }
                else
                {
                    final int value = random.nextInt(1000);
                    final Integer old = routes.put(key(network, length), value);
                    assertEquals(old == null ? Ip4Dir24.NO_ROUTE : old, fib.put(network, length, value));
                }
                final int[] burst = new int[32];
                final int[] results = new int[32];
                for (int probe = 0; probe < 40; probe++)
                {
                    final int address = randomAddress(random);
                    assertEquals(naiveLookup(routes, address), fib.lookup(address),
                        "seed " + seed + " op " + op + " address " + Integer.toHexString(address));
                    burst[probe & 31] = address;
                }
                fib.lookupBurst(burst, results, 32);
                for (int b = 0; b < 32; b++)
                {
                    assertEquals(naiveLookup(routes, burst[b]), results[b], "burst lookup of " + Integer.toHexString(burst[b]));
                }
                qsbr.quiescent(reader);
            }
            assertEquals(routes.size(), fib.size());
            for (final long route : new ArrayList<>(routes.keySet()))
            {
                fib.remove((int)(route >>> 8), (int)(route & 0xFF));
            }
            assertEquals(0, fib.groups(), "every group retired once the table is empty (seed " + seed + ")");
            if (reuse)
            {
                assertTrue(fib.reusedGroups() > 0, "groups were reused (seed " + seed + ")");
            }
            assertEquals(Ip4Dir24.NO_ROUTE, fib.lookup(randomAddress(random)));
        }
    }

    @Test
    void shouldHandleTheEdges()
    {
        final Ip4Dir24 fib = new Ip4Dir24();
        Ip4TableEdges.check(fib);
        fib.put(0xC612_0180, 25, 7); // both halves of the /24 the same route: one group still
        fib.put(0xC612_0100, 25, 7);
        assertEquals(7, fib.lookup(0xC612_0102));
        assertEquals(5, fib.lookup(0xC612_0101));
        fib.remove(0, 0);
        assertEquals(Ip4Dir24.NO_ROUTE, fib.lookup(0x0A00_0001));
        assertEquals(Ip4Dir24.NO_ROUTE, fib.lookup(0xFFFF_FFFE));
        assertEquals(6, fib.lookup(0xFFFF_FFFF));
        assertEquals(6, fib.remove(0xFFFF_FFFF, 32));
        assertEquals(Ip4Dir24.NO_ROUTE, fib.lookup(0xFFFF_FFFF));
        assertEquals(Ip4Dir24.NO_ROUTE, fib.remove(0xFFFF_FFFF, 32));
        assertEquals(4, fib.size());
    }

    @Test
    void shouldGiveReadersOnlyTheBeforeOrAfterValueWhileTheWriterChurns() throws Exception
    {
        // Routes toggle between two values; readers check every answer is one a route could give.
        final Qsbr qsbr = new Qsbr(4);
        final Ip4Dir24 fib = new Ip4Dir24(qsbr); // groups folded and reused under the readers
        fib.put(0xC612_0000, 16, 1);
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
                final int id = qsbr.register();
                qsbr.online(id);
                long n = 0;
                while (running.get())
                {
                    for (final int address : addresses)
                    {
                        final int value = fib.lookup(address);
                        if (!legal.contains(value))
                        {
                            failure.compareAndSet(null, "lookup(" + Integer.toHexString(address) + ") = " + value);
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
        final long end = System.nanoTime() + 1_000_000_000L;
        int i = 0;
        while (System.nanoTime() < end)
        {
            final int flip = i++ & 1;
            fib.put(0xC612_0100, 24, 10 + flip);
            fib.put(0xC612_0101, 32, 20 + flip);
            fib.put(0xC612_8000, 17, 30 + flip);
            if ((i & 3) == 0)
            {
                fib.remove(0xC612_0101, 32);
                fib.remove(0xC612_0100, 24);
                fib.remove(0xC612_8000, 17);
            }
        }
        running.set(false);
        for (final Thread reader : readers)
        {
            reader.join();
        }
        assertEquals(null, failure.get());
        assertTrue(lookups.get() > 10_000, "readers ran: " + lookups.get());
        assertTrue(fib.reusedGroups() > 0, "groups were reused under the readers");
    }

    @Test
    void shouldHandEveryRuleToForEachRule()
    {
        final Ip4Dir24 fib = new Ip4Dir24();
        fib.put(0xC612_0000, 15, 1);
        fib.put(0xC612_0100, 24, 2);
        fib.put(0xC612_0101, 32, 3);
        fib.put(0, 0, 4);
        fib.remove(0xC612_0100, 24);

        final Set<String> rules = new HashSet<>();
        fib.forEachRule((address, length, value) -> rules.add(Integer.toHexString(address) + "/" + length + "=" + value));

        assertEquals(Set.of("c6120000/15=1", "c6120101/32=3", "0/0=4"), rules);
    }
}
