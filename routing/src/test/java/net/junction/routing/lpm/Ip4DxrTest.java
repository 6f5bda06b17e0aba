/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.lpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import net.junction.routing.Prefix4;
import net.junction.routing.concurrent.ConcurrentReaders;
import net.junction.routing.qsbr.Qsbr;
import org.junit.jupiter.api.Test;

/**
 * {@link Ip4Dxr} at its edges (/0, /32, covers revealed, long-format chunks), against the reference
 * trie over many random operations, around memory reuse (never before every reader's grace
 * period), with nothing allocated per lookup, and under a churning writer with QSBR readers.
 */
class Ip4DxrTest
{
    private static final int OPERATIONS = Integer.getInteger("junction.test.operations", 300_000);

    @Test
    void shouldHandleTheEdges()
    {
        final Ip4Dxr fib = new Ip4Dxr();
        assertEquals(Ip4Dxr.NO_ROUTE, fib.lookup(0));
        Ip4TableEdges.check(fib);
        fib.remove(0xC612_0000, 16);
        assertEquals(1, fib.lookup(0xC612_0102), "a removed /16 reveals the default");
        fib.remove(0, 0);
        assertEquals(Ip4Dxr.NO_ROUTE, fib.lookup(0x0A00_0001));
        assertEquals(Ip4Dxr.NO_ROUTE, fib.lookup(0xFFFF_FFFE));
        assertEquals(6, fib.lookup(0xFFFF_FFFF));
        assertEquals(6, fib.remove(0xFFFF_FFFF, 32));
        assertEquals(Ip4Dxr.NO_ROUTE, fib.lookup(0xFFFF_FFFF));
        assertEquals(Ip4Dxr.NO_ROUTE, fib.remove(0xFFFF_FFFF, 32));
        assertEquals(1, fib.size());
        fib.remove(0xC612_0101, 32);
        assertEquals(0, fib.rangeChunks(), "an empty table has only leaves");
        assertEquals(0, fib.arenaIntsInUse());
    }

    @Test
    void shouldSearchLongFormatChunks()
    {
        for (int k = Ip4Dxr.MIN_DIRECT_BITS; k <= Ip4Dxr.MAX_DIRECT_BITS; k++)
        {
            final Ip4Dxr fib = new Ip4Dxr(null, k);
            final Ip4ReferenceTrie reference = new Ip4ReferenceTrie();
            // 200 alternating /32s in one chunk: 400 ranges, far past the short format's 15.
            for (int i = 0; i < 200; i++)
            {
                fib.put(0xC612_0000 + 2 * i, 32, i % 7);
                reference.put(0xC612_0000 + 2 * i, 32, i % 7);
            }
            for (int a = 0xC611_FFF0; a < 0xC612_0200; a++)
            {
                assertEquals(reference.lookup(a), fib.lookup(a), "k=" + k + " " + Integer.toHexString(a));
            }
        }
    }

    @Test
    void shouldAgreeWithTheReferenceTrieOverRandomOperations()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final Qsbr qsbr = new Qsbr(2);
        final int reader = qsbr.register();
        qsbr.online(reader);
        final Ip4Dxr fib = new Ip4Dxr(qsbr);
        final Ip4ReferenceTrie reference = new Ip4ReferenceTrie();
        final int[] burst = new int[32];
        final int[] results = new int[32];
        for (int op = 0; op < OPERATIONS; op++)
        {
            if (op % 10_000 == 0)
            {
                final int shortLength = random.nextInt(21);
                final int shortNetwork = address(random) & Prefix4.mask(shortLength);
                if (random.nextBoolean())
                {
                    final int value = random.nextInt(64);
                    assertEquals(reference.put(shortNetwork, shortLength, value), fib.put(shortNetwork, shortLength, value));
                }
                else
                {
                    assertEquals(reference.remove(shortNetwork, shortLength), fib.remove(shortNetwork, shortLength));
                }
            }
            final int r = random.nextInt(1000);
            final int length = r < 250 ? 17 + random.nextInt(7) : r < 900 ? 24 : 25 + random.nextInt(8);
            final int network = address(random) & Prefix4.mask(length);
            if (random.nextInt(3) == 0)
            {
                assertEquals(reference.remove(network, length), fib.remove(network, length));
            }
            else
            {
                final int value = random.nextInt(1 << (op % 3 == 0 ? 12 : 6));
                assertEquals(reference.put(network, length, value), fib.put(network, length, value));
            }
            final int address = address(random);
            assertEquals(reference.lookup(address), fib.lookup(address), "op " + op + " " + Integer.toHexString(address));
            burst[op & 31] = network | random.nextInt(1 << (32 - length)) & ~Prefix4.mask(length);
            if ((op & 31) == 31)
            {
                fib.lookupBurst(burst, results, 32);
                for (int i = 0; i < 32; i++)
                {
                    assertEquals(reference.lookup(burst[i]), results[i], "burst " + Integer.toHexString(burst[i]));
                }
            }
            qsbr.quiescent(reader);
        }
        assertEquals(reference.size(), fib.size());
        assertTrue(fib.reusedBlocks() > 0, "ranges were reused");
    }

    /** Dense around 198.18.0.0/15 so prefixes overlap, with some anywhere. */
    private static int address(final SplittableRandom random)
    {
        return random.nextInt(4) == 0 ? random.nextInt() : 0xC612_0000 | random.nextInt(1 << 17);
    }

    @Test
    void shouldReuseRangesOnlyAfterEveryReaderPassedTheGracePeriod()
    {
        final Qsbr qsbr = new Qsbr(4);
        final int reader = qsbr.register();
        final int laggard = qsbr.register();
        qsbr.online(reader);
        qsbr.online(laggard);
        final Ip4Dxr fib = new Ip4Dxr(qsbr);
        fib.put(0xC612_0100, 24, 1); // ranges of three: none, 1, none
        fib.put(0xC612_0100, 24, 2); // a fresh block of the same size; the first one retired
        fib.put(0xC612_0100, 24, 3);
        assertEquals(0, fib.reusedBlocks(), "reused while no reader had passed the grace period");
        qsbr.quiescent(reader);
        fib.put(0xC612_0100, 24, 4);
        assertEquals(0, fib.reusedBlocks(), "reused while a reader had not passed the grace period");
        qsbr.quiescent(laggard);
        fib.put(0xC612_0100, 24, 5);
        assertEquals(1, fib.reusedBlocks());
        assertEquals(5, fib.lookup(0xC612_0101));
        assertEquals(Ip4Dxr.NO_ROUTE, fib.lookup(0xC612_0001));
        assertEquals(3, fib.arenaIntsInUse());
    }

    @Test
    void shouldNeverReuseWithoutQsbr()
    {
        final Ip4Dxr fib = new Ip4Dxr();
        for (int i = 0; i < 1000; i++)
        {
            fib.put(0xC612_0180, 25, i);
            fib.remove(0xC612_0180, 25);
        }
        assertEquals(0, fib.reusedBlocks());
        assertEquals(Ip4Dxr.NO_ROUTE, fib.lookup(0xC612_0181));
        assertEquals(0, fib.arenaIntsInUse());
    }

    @Test
    void shouldAllocateNothingPerLookup()
    {
        final Ip4Dxr fib = new Ip4Dxr();
        fib.put(0xC612_0000, 16, 1);
        fib.put(0xC612_0180, 25, 2);
        for (int i = 0; i < 40; i++)
        {
            fib.put(0x0B00_0000 + 4 * i, 32, i); // a long-format chunk
        }
        final int[] addresses = {0xC612_0101, 0xC612_0181, 0x0A00_0001, 0xC612_FF01, 0x0B00_0014};
        final int[] results = new int[5];
        assertEquals(0, Allocations.allocatedBytesOfCurrentThread(() ->
        {
            int sum = 0;
            for (int i = 0; i < 10_000; i++)
            {
                sum += fib.lookup(addresses[i % 5]);
            }
            fib.lookupBurst(addresses, results, 5);
            return sum + results[1];
        }));
        final int[] expected = {1, 2, Ip4Dxr.NO_ROUTE, 1, 5};
        for (int i = 0; i < 5; i++)
        {
            assertEquals(expected[i], fib.lookup(addresses[i]), "lookup(" + Integer.toHexString(addresses[i]) + ")");
            assertEquals(expected[i], results[i], "lookupBurst[" + i + "] of " + Integer.toHexString(addresses[i]));
        }
    }

    /**
     * The writer rebuilds the chunks under 198.18.0.0/16 over and over (routes toggling their
     * values, appearing and going, a /16 cover that stays), its old ranges reused after the grace
     * period, while readers look up. Route i's values are 10 i and 10 i + 1, so every answer names
     * the route it came from: a reader must only ever get a value of a route that contains the
     * address (or the cover's), which a torn chunk or reused memory read too early would break.
     */
    @Test
    void shouldGiveReadersOnlyValuesOfRoutesContainingTheAddressWhileTheWriterChurns() throws Exception
    {
        final Qsbr qsbr = new Qsbr(4);
        final Ip4Dxr fib = new Ip4Dxr(qsbr);
        final int cover = 7;
        fib.put(0xC612_0000, 16, cover);
        final int[][] routes = {
            {0xC612_0100, 24}, {0xC612_0101, 32}, {0xC612_0180, 25}, {0xC612_0000, 20}, {0xC612_0400, 22},
            {0xC612_0500, 24}, {0xC612_0510, 28}, {0xC612_8000, 17}, {0xC612_8100, 24}, {0xC612_F0F0, 31}};
        final int[] probes = {0xC612_0101, 0xC612_0102, 0xC612_0181, 0xC612_0001, 0xC612_0511, 0xC612_0501,
            0xC612_0601, 0xC612_8101, 0xC612_9001, 0xC612_F0F1, 0xC612_0FFF};
        final ThreadLocal<int[]> readerId = ThreadLocal.withInitial(() ->
        {
            final int id = qsbr.register();
            qsbr.online(id);
            return new int[]{id};
        });
        final long rebuildsBefore;
        try (ConcurrentReaders readers = ConcurrentReaders.start(2, 1_000, 100_000, i ->
        {
            final int address = probes[i % probes.length];
            final int value = fib.lookup(address);
            final int[] id = readerId.get();
            if (i % probes.length == probes.length - 1)
            {
                qsbr.quiescent(id[0]);
            }
            if (value == cover)
            {
                return null;
            }
            final int route = value / 10 - 1;
            if (value < 10 || route >= routes.length ||
                (address & Prefix4.mask(routes[route][1])) != routes[route][0])
            {
                return "lookup(" + Integer.toHexString(address) + ") = " + value;
            }
            return null;
        }))
        {
            rebuildsBefore = fib.rebuilds();
            final SplittableRandom random = new SplittableRandom(7);
            while (readers.wanted())
            {
                final int route = random.nextInt(routes.length);
                if (random.nextInt(4) == 0)
                {
                    fib.remove(routes[route][0], routes[route][1]);
                }
                else
                {
                    fib.put(routes[route][0], routes[route][1], 10 * (route + 1) + random.nextInt(2));
                }
            }
            readers.close();
            assertEquals(List.of(), readers.wrong());
            assertTrue(readers.reads() >= 100_000, "readers ran: " + readers.reads());
        }
        assertTrue(fib.rebuilds() - rebuildsBefore > 1000, "chunks rebuilt under the readers: " + fib.rebuilds());
        assertTrue(fib.reusedBlocks() > 0, "ranges were reused under the readers");
    }
}
