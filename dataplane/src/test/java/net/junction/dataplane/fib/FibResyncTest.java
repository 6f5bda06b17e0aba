/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.fib;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import net.junction.dataplane.counters.CountersFile;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.Ip4;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.NextHop;
import net.junction.routing.fib.FibMessageFlyweight;
import net.junction.routing.fib.FibUpdateDecoder;
import net.junction.routing.fib.FibUpdateEncoder;
import net.junction.routing.fib.ResyncMessageFlyweight;
import net.junction.routing.rib.Rib;
import net.junction.routing.rib.RouteSource;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FIB writer's resync, mark and sweep: what a new epoch set stays (re-set with the same value or
 * another), what it did not set goes at its end, routes of both families and next hops and ECMP
 * groups alike, and nothing goes before the end. Out-of-sequence and malformed resync frames,
 * through the stream's frame handler, are refused, counted, and change nothing.
 */
class FibResyncTest
{
    private static final NextHop A = new NextHop.Gateway4(1, Ip4.parse("198.18.200.1"));
    private static final NextHop B = new NextHop.Gateway4(2, Ip4.parse("198.18.200.2"));
    private static final NextHop C = new NextHop.Gateway6(3, Ip6Address.parse("2001:db8:200::3"));
    private static final long NET6 = 0x2001_0db8_0000_0000L;
    private static final long NET6_1 = 0x2001_0db8_0001_0000L;
    private static final long NET6_2 = 0x2001_0db8_0002_0000L;

    @TempDir
    Path directory;

    private CountersFile file;
    private WorkerCounters counters;
    private Fib fib;
    private FibWriter writer;
    private FibUpdateEncoder stream;

    @BeforeEach
    void setUp()
    {
        file = CountersFile.create(directory.resolve("counters.dat"), 128);
        counters = new WorkerCounters(file, 0, List.of("p0"));
        fib = new Fib(64);
        writer = new FibWriter(fib, counters);
        final FibFrameHandler frames = new FibFrameHandler(new FibUpdateDecoder(writer), counters);
        stream = new FibUpdateEncoder(new UnsafeBuffer(new byte[4096]), (buffer, offset, length) ->
        {
            frames.onFragment(buffer, offset, length, null);
            return true;
        });
    }

    @AfterEach
    void tearDown()
    {
        file.close();
    }

    /**
     * Next hops 1 (A), 2 (B), 3 (C); groups 10 {1, 2} and 11 {2, 3}. IPv4: 198.18.0.0/15 via 2,
     * 198.18.1.0/24 via 1, 198.18.2.0/24 via 10, 198.18.3.0/24 via 11, 198.18.4.4/32 via 3. IPv6:
     * 2001:db8::/32 via 1, 2001:db8:1::/48 via 10, 2001:db8:2::/48 via 3.
     */
    private void installOldEpoch()
    {
        writer.nextHopSet(1, A);
        writer.nextHopSet(2, B);
        writer.nextHopSet(3, C);
        writer.nextHopGroupSet(10, new int[]{1, 2}, 2);
        writer.nextHopGroupSet(11, new int[]{2, 3}, 2);
        writer.route4Set(Ip4.parse("198.18.0.0"), 15, 2);
        writer.route4Set(Ip4.parse("198.18.1.0"), 24, 1);
        writer.route4Set(Ip4.parse("198.18.2.0"), 24, 10);
        writer.route4Set(Ip4.parse("198.18.3.0"), 24, 11);
        writer.route4Set(Ip4.parse("198.18.4.4"), 32, 3);
        writer.route6Set(NET6, 0, 32, 1);
        writer.route6Set(NET6_1, 0, 48, 10);
        writer.route6Set(NET6_2, 0, 48, 3);
        writer.commit();
    }

    @Test
    void shouldSweepExactlyWhatTheNewEpochDidNotSet()
    {
        installOldEpoch();

        writer.resyncBegin(1);
        writer.nextHopSet(1, A);
        writer.nextHopSet(2, B);
        writer.nextHopGroupSet(10, new int[]{1, 2}, 2);
        writer.route4Set(Ip4.parse("198.18.0.0"), 15, 2);     // the same value again
        writer.route4Set(Ip4.parse("198.18.1.0"), 24, 10);    // another value
        writer.commit();
        writer.route4Set(Ip4.parse("198.18.2.0"), 24, 10);
        writer.route6Set(NET6, 0, 32, 2);
        writer.route6Set(NET6_1, 0, 48, 10);
        writer.commit();

        // Nothing of the old epoch is gone before the end: the workers forward on all of it.
        assertEquals(11, fib.lookup4(Ip4.parse("198.18.3.3")));
        assertEquals(3, fib.lookup4(Ip4.parse("198.18.4.4")));
        assertEquals(3, fib.lookup6(NET6_2, 1));
        assertEquals(NextHopTable.GATEWAY6, fib.nextHops().kind(3));
        assertEquals(NextHopTable.GROUP, fib.nextHops().kind(11));
        assertEquals(5, fib.routeCount4());

        writer.resyncEnd(1);
        writer.commit();

        assertEquals(2, fib.lookup4(Ip4.parse("198.18.3.3")), "the /24 is gone, the /15 answers");
        assertEquals(2, fib.lookup4(Ip4.parse("198.18.4.4")));
        assertEquals(10, fib.lookup4(Ip4.parse("198.18.1.1")));
        assertEquals(10, fib.lookup4(Ip4.parse("198.18.2.2")));
        assertEquals(2, fib.lookup4(Ip4.parse("198.19.0.1")));
        assertEquals(Fib.NO_ROUTE, fib.lookup4(Ip4.parse("198.20.0.1")));
        assertEquals(2, fib.lookup6(NET6_2, 1), "the /48 is gone, the /32 answers");
        assertEquals(10, fib.lookup6(NET6_1, 1));
        assertEquals(3, fib.routeCount4());
        assertEquals(2, fib.routeCount6());
        assertEquals(NextHopTable.NONE, fib.nextHops().kind(3), "C: no route of the new epoch");
        assertEquals(NextHopTable.NONE, fib.nextHops().kind(11));
        assertEquals(NextHopTable.GATEWAY4, fib.nextHops().kind(1));
        assertEquals(NextHopTable.GATEWAY4, fib.nextHops().kind(2), "B, shared by the /15 and group 10");
        assertEquals(NextHopTable.GROUP, fib.nextHops().kind(10));
        assertEquals(1, counters.dpValue(WorkerCounters.FIB_RESYNCS_STARTED));
        assertEquals(1, counters.dpValue(WorkerCounters.FIB_RESYNCS_ENDED));
        assertEquals(3, counters.dpValue(WorkerCounters.FIB_RESYNC_SWEPT_ROUTES));
        assertEquals(2, counters.dpValue(WorkerCounters.FIB_RESYNC_SWEPT_NEXT_HOPS));
        assertEquals(3, counters.dpValue(WorkerCounters.FIB_ROUTES4), "the gauge follows the sweep");
        assertEquals(0, counters.dpValue(WorkerCounters.FIB_UPDATE_ERRORS));
        assertFalse(writer.resyncing());
    }

    @Test
    void shouldKeepWhatARouteOfTheNewEpochNamesThoughTheEpochDidNotSetIt()
    {
        installOldEpoch();

        writer.resyncBegin(1);
        writer.route4Set(Ip4.parse("198.18.3.0"), 24, 11); // group 11 and its members 2 and 3 were not set again
        writer.resyncEnd(1);
        writer.commit();

        assertEquals(1, fib.routeCount4());
        assertEquals(0, fib.routeCount6());
        assertEquals(NextHopTable.GROUP, fib.nextHops().kind(11));
        assertEquals(NextHopTable.GATEWAY4, fib.nextHops().kind(2));
        assertEquals(NextHopTable.GATEWAY6, fib.nextHops().kind(3));
        assertEquals(NextHopTable.NONE, fib.nextHops().kind(1));
        assertEquals(NextHopTable.NONE, fib.nextHops().kind(10));
        assertEquals(11, fib.lookup4(Ip4.parse("198.18.3.1")));
    }

    @Test
    void shouldSweepAllWhenTheNewEpochIsEmptyAndNothingWithoutAResync()
    {
        installOldEpoch();
        writer.commit();
        assertEquals(5, fib.routeCount4(), "commits outside a resync sweep nothing");

        writer.resyncBegin(1);
        writer.resyncEnd(1);
        writer.commit();

        assertEquals(0, fib.routeCount4());
        assertEquals(0, fib.routeCount6());
        for (int i = 0; i < fib.nextHops().capacity(); i++)
        {
            assertEquals(NextHopTable.NONE, fib.nextHops().kind(i));
        }
        assertEquals(8, counters.dpValue(WorkerCounters.FIB_RESYNC_SWEPT_ROUTES));
        assertEquals(5, counters.dpValue(WorkerCounters.FIB_RESYNC_SWEPT_NEXT_HOPS));
    }

    @Test
    void shouldNotMarkChangesHeldFromBeforeTheBegin()
    {
        writer.nextHopSet(1, A);
        writer.route4Set(Ip4.parse("198.18.1.0"), 24, 1); // held, not yet committed, of the old epoch
        writer.resyncBegin(1);
        writer.nextHopSet(1, A);
        writer.route4Set(Ip4.parse("198.18.2.0"), 24, 1);
        writer.resyncEnd(1);
        writer.commit();

        assertEquals(Fib.NO_ROUTE, fib.lookup4(Ip4.parse("198.18.1.1")));
        assertEquals(1, fib.lookup4(Ip4.parse("198.18.2.1")));
    }

    @Test
    void shouldStartOverWhenAnotherEpochBeginsDuringAResync()
    {
        installOldEpoch();

        writer.resyncBegin(1);
        writer.nextHopSet(1, A);
        writer.route4Set(Ip4.parse("198.18.1.0"), 24, 1); // set in the abandoned epoch only
        writer.commit();
        writer.resyncBegin(2);
        writer.nextHopSet(2, B);
        writer.route4Set(Ip4.parse("198.18.0.0"), 15, 2);
        writer.resyncEnd(2);
        writer.commit();

        assertEquals(1, fib.routeCount4());
        assertEquals(2, fib.lookup4(Ip4.parse("198.18.1.1")));
        assertEquals(NextHopTable.NONE, fib.nextHops().kind(1));
        assertEquals(2, counters.dpValue(WorkerCounters.FIB_RESYNCS_STARTED));
        assertEquals(1, counters.dpValue(WorkerCounters.FIB_RESYNCS_ENDED));
    }

    @Test
    void shouldRefuseOutOfSequenceResyncFramesAndChangeNothing()
    {
        installOldEpoch();

        stream.resyncEnd(1);
        stream.commit();
        assertUnchanged(1, "an end without a begin");

        stream.resyncBegin(5);
        stream.route4Set(Ip4.parse("198.18.1.0"), 24, 2);
        stream.commit();
        assertEquals(2, fib.lookup4(Ip4.parse("198.18.1.1")));

        stream.route4Set(Ip4.parse("198.18.2.0"), 24, 1); // in the same frame as the bad end: refused with it
        stream.resyncEnd(4);
        stream.commit();
        assertEquals(10, fib.lookup4(Ip4.parse("198.18.2.1")));
        assertEquals(2, counters.dpValue(WorkerCounters.FIB_RESYNC_REFUSED), "an end of another epoch");

        stream.resyncBegin(5);
        stream.commit();
        stream.resyncBegin(3);
        stream.commit();
        assertEquals(4, counters.dpValue(WorkerCounters.FIB_RESYNC_REFUSED), "stale epochs");
        assertEquals(5, fib.routeCount4());
        assertEquals(0, counters.dpValue(WorkerCounters.FIB_RESYNC_SWEPT_ROUTES));
        assertTrue(writer.resyncing(), "the resync of 5 goes on");

        stream.resyncEnd(5);
        stream.commit();
        assertEquals(1, fib.routeCount4(), "only the /24 the epoch set");
        assertEquals(2, fib.lookup4(Ip4.parse("198.18.1.1")));
        assertEquals(0, fib.routeCount6());
        assertEquals(7, counters.dpValue(WorkerCounters.FIB_RESYNC_SWEPT_ROUTES));
        assertEquals(0, counters.dpValue(WorkerCounters.FIB_UPDATE_ERRORS));
    }

    @Test
    void shouldCountMalformedResyncFramesAsUpdateErrors()
    {
        installOldEpoch();
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[16]);
        new ResyncMessageFlyweight().wrap(frame, 0)
            .header(FibMessageFlyweight.TYPE_RESYNC_BEGIN, 16);
        final FibFrameHandler frames = new FibFrameHandler(new FibUpdateDecoder(writer), counters);

        frames.onFragment(frame, 0, 16, null); // epoch 0
        frame.putLong(8, 3, LITTLE_ENDIAN);
        frame.putShort(2, (short)12, LITTLE_ENDIAN);
        frames.onFragment(frame, 0, 16, null); // wrong length

        assertEquals(2, counters.dpValue(WorkerCounters.FIB_UPDATE_ERRORS));
        assertEquals(0, counters.dpValue(WorkerCounters.FIB_RESYNC_REFUSED));
        assertEquals(0, counters.dpValue(WorkerCounters.FIB_RESYNCS_STARTED));
        assertFalse(writer.resyncing());
    }

    @Test
    void shouldRefuseOutOfSequenceCallsOnTheWriterItself()
    {
        installOldEpoch();
        writer.resyncEnd(1);
        writer.resyncBegin(0);
        writer.resyncBegin(4);
        writer.resyncBegin(4);
        writer.resyncEnd(3);
        assertEquals(4, counters.dpValue(WorkerCounters.FIB_RESYNC_REFUSED));
        assertEquals(5, fib.routeCount4());
        assertTrue(writer.resyncing());
        assertEquals(4, writer.epoch());
    }

    @Test
    void shouldTakeARestartedRibsTableThroughTheStream()
    {
        // The first control plane: two ports' networks, routes via gateways, one of them ECMP.
        final Rib first = new Rib(stream);
        first.addInterfaceAddress(1, InterfaceAddress.parse("198.18.1.1/24"));
        first.addInterfaceAddress(2, InterfaceAddress.parse("2001:db8:2::1/64"));
        first.addRouteVia(RouteSource.STATIC, prefix("198.18.100.0/24"),
            IpAddress.parse("198.18.1.2"), 0);
        first.addRouteVia(RouteSource.STATIC, prefix("198.18.101.0/24"),
            List.of(IpAddress.parse("198.18.1.2"), IpAddress.parse("198.18.1.3")),
            RouteSource.STATIC.distance(), 0);
        first.addRouteVia(RouteSource.STATIC, prefix("2001:db8:100::/48"),
            IpAddress.parse("2001:db8:2::2"), 0);
        assertEquals(fib.lookup4(Ip4.parse("198.18.101.1")), first.installedIndex(prefix("198.18.101.0/24")));

        // It dies; the next one learns less (198.18.100.0/24 and the IPv6 route are gone) and one more.
        final Rib restarted = new Rib(
            new FibUpdateEncoder(new UnsafeBuffer(new byte[4096]), (buffer, offset, length) -> true)); // its FIB is not here
        restarted.addInterfaceAddress(1, InterfaceAddress.parse("198.18.1.1/24"));
        restarted.addInterfaceAddress(2, InterfaceAddress.parse("2001:db8:2::1/64"));
        restarted.addRouteVia(RouteSource.STATIC, prefix("198.18.101.0/24"),
            List.of(IpAddress.parse("198.18.1.2"), IpAddress.parse("198.18.1.3")),
            RouteSource.STATIC.distance(), 0);
        restarted.addRouteVia(RouteSource.STATIC, prefix("198.18.102.0/24"),
            IpAddress.parse("198.18.1.3"), 0);
        restarted.resync(stream, System.currentTimeMillis());

        assertEquals(restarted.installedCount4(), fib.routeCount4());
        assertEquals(restarted.installedCount6(), fib.routeCount6());
        assertEquals(Fib.NO_ROUTE, fib.lookup4(Ip4.parse("198.18.100.1")));
        assertEquals(Fib.NO_ROUTE, fib.lookup6(0x2001_0db8_0100_0000L, 1));
        for (final String route : new String[]{"198.18.101.0/24", "198.18.102.0/24", "198.18.1.0/24", "198.18.1.1/32"})
        {
            final int index = restarted.installedIndex(prefix(route));
            assertEquals(index, fib.lookup4(Ip4.parse(route.substring(0, route.indexOf('/')))), route);
        }
        final int group = restarted.installedIndex(prefix("198.18.101.0/24"));
        assertEquals(NextHopTable.GROUP, fib.nextHops().kind(group));
        assertEquals(restarted.nextHopCount(), countSet(), "the next hops in use, no more");
        assertEquals(1, counters.dpValue(WorkerCounters.FIB_RESYNCS_ENDED));
        assertEquals(0, counters.dpValue(WorkerCounters.FIB_UPDATE_ERRORS));
        assertEquals(0, counters.dpValue(WorkerCounters.FIB_RESYNC_REFUSED));
    }

    private int countSet()
    {
        int set = 0;
        for (int i = 0; i < fib.nextHops().capacity(); i++)
        {
            set += fib.nextHops().kind(i) == NextHopTable.NONE ? 0 : 1;
        }
        return set;
    }

    private static IpPrefix prefix(final String text)
    {
        return IpPrefix.parse(text);
    }

    private void assertUnchanged(final long refused, final String what)
    {
        assertEquals(refused, counters.dpValue(WorkerCounters.FIB_RESYNC_REFUSED), what);
        assertEquals(5, fib.routeCount4(), what);
        assertEquals(3, fib.routeCount6(), what);
        assertEquals(11, fib.lookup4(Ip4.parse("198.18.3.3")), what);
        assertFalse(writer.resyncing(), what);
    }
}
