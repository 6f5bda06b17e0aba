/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import net.junction.agent.config.ConfigDocuments;
import net.junction.agent.config.ConfigLoader;
import net.junction.dataplane.Dataplane;
import net.junction.dataplane.counters.CountersFile;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.dataplane.fib.Fib;
import net.junction.dataplane.fib.FibSnapshot;
import net.junction.dataplane.fib.FibWriter;
import net.junction.routing.Ip4;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.IpAddress;
import net.junction.routing.NextHop;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import net.junction.routing.rib.Rib;
import net.junction.routing.rib.RouteSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data plane's FIB read back against the RIB: a FIB the RIB programmed is clean ({@code 0 missing, 0 stale});
 * a route the RIB installed and the FIB lacks is missing, one the FIB kept and the RIB does not hold is stale, one
 * with other next hops differs, each named in the examples; the check after a resync waits for its end.
 */
class FibCheckTest
{
    private static final NextHop.Gateway4 GW4 = new NextHop.Gateway4(0, Ip4.parse("198.18.1.2"));

    @TempDir
    Path directory;

    private CountersFile file;
    private Fib fib;
    private FibWriter writer;
    private Rib rib;

    @BeforeEach
    void setUp()
    {
        file = CountersFile.create(directory.resolve("counters.dat"), 128);
        fib = new Fib(1024);
        writer = new FibWriter(fib, new WorkerCounters(file, 0, List.of("p0", "p1")));
        rib = new Rib(writer);
        rib.addInterfaceAddress(0, InterfaceAddress.parse("198.18.1.1/24"));
        rib.addInterfaceAddress(1, InterfaceAddress.parse("2001:db8:2::1/64"));
        rib.addRoute(RouteSource.STATIC, Prefix4.parse("198.18.64.0/18"), GW4, 0);
        rib.addRouteVia(RouteSource.STATIC, Prefix6.parse("2001:db8:9::/48"), IpAddress.parse("2001:db8:2::2"), 0);
    }

    @AfterEach
    void tearDown()
    {
        file.close();
    }

    @Test
    void shouldFindTheFibTheRibProgrammedClean()
    {
        final FibCheck.Result result = FibCheck.compare(FibSnapshot.take(fib, 0, false, 1), FibCheck.installed(rib));
        assertTrue(result.clean(), result.summary());
        assertEquals("0 missing, 0 stale", result.summary());
        assertEquals(rib.installedCount(), result.installed());
        assertEquals(rib.installedCount4(), result.fib4());
        assertEquals(rib.installedCount6(), result.fib6());
    }

    @Test
    void shouldCountAndNameMissingStaleAndDifferingRoutes()
    {
        final FibSnapshot installed = FibCheck.installed(rib);
        // Behind the RIB's back: one route gone from the FIB, one left there, one sent elsewhere.
        writer.route4Delete(Prefix4.parse("198.18.64.0/18").address(), 18);
        writer.route4Set(Prefix4.parse("198.18.128.0/24").address(), 24, rib.nextHopIndex(GW4));
        writer.route4Set(Prefix4.parse("198.18.1.0/24").address(), 24, rib.nextHopIndex(GW4));
        writer.commit();

        final FibCheck.Result result = FibCheck.compare(FibSnapshot.take(fib, 0, false, 2), installed);

        assertFalse(result.clean());
        assertEquals(1, result.missing());
        assertEquals(1, result.stale());
        assertEquals(1, result.differing());
        assertEquals("1 missing, 1 stale, 1 differing (missing 198.18.64.0/18 via [" + GW4 + "]; stale 198.18.128.0/24 via [" +
            GW4 + "]; 198.18.1.0/24 via [" + GW4 + "] in the FIB, [" + new NextHop.Direct(0) + "] in the RIB)",
            result.summary());
    }

    @Test
    void shouldNameAFewExamplesOfEachKind()
    {
        final FibSnapshot.Builder empty = new FibSnapshot.Builder(0, 0, 0, false, 0);
        final FibCheck.Result result = FibCheck.compare(empty.build(), FibCheck.installed(rib));
        assertEquals(rib.installedCount(), result.missing());
        assertEquals(FibCheck.EXAMPLES, result.examples().size());
    }

    @Test
    void shouldCheckOnceTheResyncEnded() throws Exception
    {
        final FakeDataplane dataplane = new FakeDataplane(
            SpecMapping.dataplaneSpec(ConfigLoader.parse(ConfigDocuments.TWO_PORTS, 4), directory))
        {
            private final AtomicInteger reads = new AtomicInteger();

            @Override
            public long fibEpoch()
            {
                return 5;
            }

            @Override
            public FibSnapshot fibSnapshot()
            {
                // The first read finds the resync of epoch 5 in progress, the second its end.
                return FibSnapshot.take(FibCheckTest.this.fib, 5, reads.incrementAndGet() == 1, 3);
            }
        };
        final FibCheck.Result result = FibCheck.afterResync(dataplane, 5, () -> FibCheck.installed(rib), () -> false,
            Duration.ofSeconds(10));
        assertEquals(5, result.epoch());
        assertTrue(result.clean(), result.summary());

        assertNull(FibCheck.afterResync(dataplane, 6, () -> FibCheck.installed(rib), () -> false, Duration.ofMillis(300)),
            "the resync of epoch 6 never began");
        assertNull(FibCheck.afterResync(dataplane, 5, () -> FibCheck.installed(rib), () -> true, Duration.ofSeconds(10)),
            "stopping, it gives up");
    }

    @Test
    void shouldSayWhatTheDataPlaneKept() throws Exception
    {
        final FakeDataplane dataplane = new FakeDataplane(
            SpecMapping.dataplaneSpec(ConfigLoader.parse(ConfigDocuments.TWO_PORTS, 4), directory));
        dataplane.neighborEntries.add(new Dataplane.NeighborEntry(0, IpAddress.parse("198.18.1.2"), 2, "reachable"));
        dataplane.neighborEntries.add(new Dataplane.NeighborEntry(1, IpAddress.parse("2001:db8:2::2"), 3, "stale"));
        final String kept = FibCheck.kept(FibSnapshot.take(fib, 4, false, 9).routes4(),
            FibSnapshot.take(fib, 4, false, 9).routes6(), 4, dataplane.neighbors(), dataplane.ports());
        assertEquals(rib.installedCount4() + " IPv4 and " + rib.installedCount6() + " IPv6 routes (epoch 4), " +
            "2 neighbors (1 ARP, 1 ND; reachable=1, stale=1), " + upPorts(dataplane) + " of 2 ports up" +
            (upPorts(dataplane) == 0 ? "" : " (" + dataplane.port(0).name() + ", " + dataplane.port(1).name() + ")"), kept);
    }

    private static int upPorts(final FakeDataplane dataplane)
    {
        return (int)dataplane.ports().stream().filter(p -> p.counters().linkUp()).count();
    }
}
