/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

import net.junction.routing.Ip4;
import net.junction.routing.Ip6Address;
import net.junction.routing.NextHop;
import net.junction.routing.Prefix6;
import net.junction.routing.lpm.Allocations;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReferenceFibTest
{
    private final ReferenceFib fib = new ReferenceFib(8);

    @Test
    void shouldForwardThroughTheLongestRouteToItsNextHop()
    {
        fib.nextHopSet(0, new NextHop.Direct(1));
        fib.nextHopSet(1, NextHop.BLACKHOLE);
        fib.route4Set(Ip4.parse("198.18.0.0"), 16, 0);
        fib.route4Set(Ip4.parse("198.18.66.0"), 24, 1);
        final Prefix6 prefix6 = Prefix6.parse("2001:db8::/32");
        fib.route6Set(prefix6.high(), prefix6.low(), prefix6.length(), 1);
        fib.commit();

        assertEquals(new NextHop.Direct(1), fib.nextHop(fib.lookup4(Ip4.parse("198.18.1.1"))));
        assertSame(NextHop.BLACKHOLE, fib.nextHop(fib.lookup4(Ip4.parse("198.18.66.1"))));
        final Ip6Address inside = Ip6Address.parse("2001:db8::1");
        assertSame(NextHop.BLACKHOLE, fib.nextHop(fib.lookup6(inside.high(), inside.low())));
        assertEquals(ReferenceFib.NO_ROUTE, fib.lookup4(Ip4.parse("198.19.0.1")));
        assertNull(fib.nextHop(ReferenceFib.NO_ROUTE));
        assertEquals(2, fib.routeCount4());
        assertEquals(1, fib.routeCount6());
        assertEquals(2, fib.routesUsing(1));
        assertEquals(1, fib.commitCount());
    }

    @Test
    void shouldRefuseARouteToANextHopThatIsNotSet()
    {
        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> fib.route4Set(Ip4.parse("198.18.0.0"), 15, 3));

        assertEquals("route 198.18.0.0/15 uses next hop 3, which is not set", ex.getMessage());
        assertEquals(0, fib.routeCount4());
    }

    @Test
    void shouldRefuseToDeleteANextHopStillInUse()
    {
        fib.nextHopSet(2, NextHop.LOCAL);
        fib.route4Set(Ip4.parse("198.18.0.1"), 32, 2);

        assertThrows(IllegalStateException.class, () -> fib.nextHopDelete(2));
        assertSame(NextHop.LOCAL, fib.nextHop(2));

        fib.route4Delete(Ip4.parse("198.18.0.1"), 32);
        fib.nextHopDelete(2);
        assertNull(fib.nextHop(2));
        assertEquals(0, fib.nextHopCount());
    }

    @Test
    void shouldMoveRouteReferencesWhenARouteIsReplaced()
    {
        fib.nextHopSet(0, new NextHop.Direct(1));
        fib.nextHopSet(1, new NextHop.Direct(2));
        fib.route4Set(0, 0, 0);
        fib.route4Set(0, 0, 1);

        assertEquals(0, fib.routesUsing(0));
        assertEquals(1, fib.routesUsing(1));
        fib.nextHopDelete(0);
    }

    @Test
    void shouldRefuseIndexesOutsideTheTable()
    {
        assertThrows(IllegalArgumentException.class, () -> fib.nextHopSet(8, NextHop.LOCAL));
        assertThrows(IllegalArgumentException.class, () -> fib.nextHopSet(-1, NextHop.LOCAL));
        assertNull(fib.nextHop(8));
    }

    @Test
    void shouldDecodeRouteMessagesWithoutAllocating()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final int[] frameLength = new int[1];
        final FibUpdateEncoder encoder = new FibUpdateEncoder(buffer, (b, o, l) ->
        {
            frameLength[0] = l;
            return true;
        });
        for (int i = 0; i < 100; i++)
        {
            encoder.route4Set(0x0A000000 | (i << 8), 24, i);
            encoder.route6Delete(0x20010DB800000000L | ((long)i << 16), 0, 48);
        }
        encoder.commit();

        final int[] calls = new int[1];
        final FibUpdateDecoder decoder = new FibUpdateDecoder(new FibUpdates()
        {
            public void nextHopSet(final int index, final NextHop nextHop)
            {
                calls[0]++;
            }

            public void nextHopGroupSet(final int index, final int[] members, final int count)
            {
                calls[0] += count > 0 ? 1 : 0;
            }

            public void nextHopDelete(final int index)
            {
                calls[0]++;
            }

            public void route4Set(final int address, final int length, final int nextHopIndex)
            {
                calls[0] += nextHopIndex >= 0 ? 1 : 0;
            }

            public void route4Delete(final int address, final int length)
            {
                calls[0]++;
            }

            public void route6Set(final long high, final long low, final int length, final int nextHopIndex)
            {
                calls[0]++;
            }

            public void route6Delete(final long high, final long low, final int length)
            {
                calls[0] += length > 0 ? 1 : 0;
            }

            public void commit()
            {
                calls[0]++;
            }
        });

        final long allocatedBytes = Allocations.allocatedBytesOfCurrentThread(() ->
        {
            int messages = 0;
            for (int i = 0; i < 200; i++)
            {
                messages += decoder.decode(buffer, 0, frameLength[0]);
            }
            return messages;
        });

        assertEquals(0, allocatedBytes);
        calls[0] = 0;
        for (int i = 0; i < 200; i++)
        {
            decoder.decode(buffer, 0, frameLength[0]);
        }
        assertEquals(200 * 201, calls[0], "every message of every decoded frame reached the handler");
    }
}
