/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.junction.dataplane.counters.CountersFile;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.routing.Ip4;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpPrefix;
import net.junction.routing.NextHop;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FIB read back: every route of both families with the next hops it forwards to (an ECMP group as its
 * members), equal next-hop lists kept once, what a batch holds but has not committed left out; a copy built
 * route by route equals the one taken.
 */
class FibSnapshotTest
{
    private static final NextHop.Gateway4 GW4 = new NextHop.Gateway4(0, Ip4.parse("198.18.0.2"));
    private static final NextHop.Gateway4 GW4B = new NextHop.Gateway4(1, Ip4.parse("198.18.1.2"));
    private static final NextHop.Gateway6 GW6 = new NextHop.Gateway6(1, Ip6Address.parse("2001:db8:1::2"));

    @TempDir
    Path directory;

    private CountersFile file;
    private Fib fib;
    private FibWriter writer;

    @BeforeEach
    void setUp()
    {
        file = CountersFile.create(directory.resolve("counters.dat"), 128);
        fib = new Fib(16);
        writer = new FibWriter(fib, new WorkerCounters(file, 0, List.of("p0", "p1")));
    }

    @AfterEach
    void tearDown()
    {
        file.close();
    }

    private static Map<IpPrefix, List<NextHop>> routes(final FibSnapshot snapshot)
    {
        final Map<IpPrefix, List<NextHop>> routes = new HashMap<>();
        for (int r = 0; r < snapshot.size(); r++)
        {
            assertEquals(r < snapshot.routes4(), snapshot.prefix(r).isIpv4(), "IPv4 first");
            routes.put(snapshot.prefix(r), snapshot.nextHops(r));
        }
        return routes;
    }

    @Test
    void shouldCopyEveryRouteWithItsNextHops()
    {
        writer.nextHopSet(0, GW4);
        writer.nextHopSet(1, GW4B);
        writer.nextHopSet(2, GW6);
        writer.nextHopSet(3, new NextHop.Direct(1));
        writer.nextHopSet(4, NextHop.LOCAL);
        writer.nextHopSet(5, NextHop.BLACKHOLE);
        writer.nextHopGroupSet(6, new int[] {0, 1}, 2);
        writer.route4Set(0, 0, 0);
        writer.route4Set(Ip4.parse("198.18.4.0"), 24, 6);
        writer.route4Set(Ip4.parse("198.18.5.0"), 24, 0);
        writer.route4Set(Ip4.parse("198.18.1.0"), 24, 3);
        writer.route4Set(Ip4.parse("198.18.1.1"), 32, 4);
        writer.route4Set(Ip4.parse("198.19.0.0"), 16, 5);
        final Ip6Address net6 = Ip6Address.parse("2001:db8:7::");
        writer.route6Set(net6.high(), net6.low(), 48, 2);
        writer.commit();
        writer.route4Set(Ip4.parse("198.18.9.0"), 24, 0); // held: not committed, so not forwarded on

        final FibSnapshot snapshot = FibSnapshot.take(fib, 3, false, 1);

        assertEquals(6, snapshot.routes4());
        assertEquals(1, snapshot.routes6());
        assertEquals(3, snapshot.epoch());
        assertEquals(1, snapshot.batches());
        assertFalse(snapshot.resyncing());
        final Map<IpPrefix, List<NextHop>> routes = routes(snapshot);
        assertEquals(Map.of(
            Prefix4.parse("0.0.0.0/0"), List.of(GW4),
            Prefix4.parse("198.18.4.0/24"), List.of(GW4, GW4B),
            Prefix4.parse("198.18.5.0/24"), List.of(GW4),
            Prefix4.parse("198.18.1.0/24"), List.<NextHop>of(new NextHop.Direct(1)),
            Prefix4.parse("198.18.1.1/32"), List.<NextHop>of(NextHop.LOCAL),
            Prefix4.parse("198.19.0.0/16"), List.<NextHop>of(NextHop.BLACKHOLE),
            Prefix6.parse("2001:db8:7::/48"), List.<NextHop>of(GW6)), routes);
        assertSame(routes.get(Prefix4.parse("0.0.0.0/0")), routes.get(Prefix4.parse("198.18.5.0/24")),
            "equal next-hop lists are kept once");

        final FibSnapshot.Builder copy = new FibSnapshot.Builder(0, 0, 3, false, 1);
        routes.forEach(copy::add);
        assertEquals(routes, routes(copy.build()), "a copy built route by route (the arrays grown) reads the same");
    }

    @Test
    void shouldCopyAnEmptyFibAndRefuseNegativeSizes()
    {
        final FibSnapshot snapshot = FibSnapshot.take(fib, 0, false, 0);
        assertEquals(0, snapshot.size());
        assertThrows(IllegalArgumentException.class, () -> new FibSnapshot.Builder(-1, 0, 0, false, 0));
    }

    @Test
    void shouldCopyManyRoutesOfBothFamilies()
    {
        writer.nextHopSet(0, GW4);
        writer.nextHopSet(1, GW6);
        for (int i = 0; i < 5_000; i++)
        {
            writer.route4Set(Ip4.parse("198.18.0.0") + (i << 2), 30, 0);
            final Ip6Address net = Ip6Address.parse("2001:db8::");
            writer.route6Set(net.high() + ((long)i << 16), 0, 48, 1);
        }
        writer.commit();
        final FibSnapshot snapshot = FibSnapshot.take(fib, 0, false, 1);
        assertEquals(5_000, snapshot.routes4());
        assertEquals(5_000, snapshot.routes6());
        assertEquals(10_000, routes(snapshot).size());
    }
}
