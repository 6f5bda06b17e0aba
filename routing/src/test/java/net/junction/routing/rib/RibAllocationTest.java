/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.rib;

import net.junction.routing.Ip4;
import net.junction.routing.Ip4Address;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.NextHop;
import net.junction.routing.Prefix4;
import net.junction.routing.fib.FibUpdates;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a route change costs the heap: a full table goes through {@link Rib#addRouteVia} once per prefix
 * (BGP's routes, through a handful of gateways), and whatever it allocates beyond the route itself is
 * garbage the collector pays for a million times. Measured here: 32 bytes a change (the route), where a
 * list of gateway keys and its array, a key, a node of the dirty set and an iterator over the gateways made
 * it 149 before (compact object headers both times).
 */
final class RibAllocationTest
{
    private static final int PREFIXES = 20_000;
    /** A {@code Route} (header, source, distance, metric, two list references) and slack for the JIT's state. */
    private static final long MOST_BYTES_PER_CHANGE = 64;

    @Test
    void aRouteChangeThroughOneGatewayAllocatesLittleMoreThanTheRoute()
    {
        final Rib rib = new Rib(new DiscardingFib());
        rib.addInterfaceAddress(1, InterfaceAddress.parse("198.18.1.1/24"));
        final IpAddress gateway = Ip4Address.parse("198.18.1.2");
        final IpPrefix[] prefixes = new IpPrefix[PREFIXES];
        for (int i = 0; i < PREFIXES; i++)
        {
            prefixes[i] = Prefix4.network(Ip4.parse("198.19.0.0") + (i << 2), 30);
        }
        final List<IpAddress> gateways = List.of(gateway);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < 30; round++)
        {
            final int metric = round;
            final long before = threads.getCurrentThreadAllocatedBytes();
            rib.batch(() ->
            {
                for (final IpPrefix prefix : prefixes)
                {
                    rib.addRouteVia(RouteSource.EBGP, prefix, gateways, RouteSource.EBGP.distance(), metric);
                }
            });
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        }

        assertEquals(PREFIXES, rib.routeCount(true, RouteSource.EBGP), "every prefix holds its route");
        final long perChange = fewest / PREFIXES;
        System.out.println("rib allocation: " + perChange + " bytes a route change (the fewest of 30 batches of " + PREFIXES + ")");
        assertTrue(perChange <= MOST_BYTES_PER_CHANGE,
            "a route change allocated " + perChange + " bytes (most " + MOST_BYTES_PER_CHANGE + ")");
    }

    /** The FIB side is not what is measured here. */
    private static final class DiscardingFib implements FibUpdates
    {
        public void nextHopSet(final int index, final NextHop nextHop)
        {
        }

        public void nextHopGroupSet(final int index, final int[] members, final int count)
        {
        }

        public void nextHopDelete(final int index)
        {
        }

        public void route4Set(final int address, final int length, final int nextHopIndex)
        {
        }

        public void route4Delete(final int address, final int length)
        {
        }

        public void route6Set(final long high, final long low, final int length, final int nextHopIndex)
        {
        }

        public void route6Delete(final long high, final long low, final int length)
        {
        }

        public void commit()
        {
        }
    }
}
