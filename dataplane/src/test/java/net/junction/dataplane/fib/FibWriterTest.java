package net.junction.dataplane.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import net.junction.dataplane.counters.CountersFile;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.routing.Ip4;
import net.junction.routing.Ip6Address;
import net.junction.routing.NextHop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FIB's single writer: next hops of every kind land in the table the workers read, routes
 * resolve by longest prefix, deletes take effect, and an update naming an unknown or impossible
 * next hop is refused whole and counted.
 */
class FibWriterTest
{
    @TempDir
    Path directory;

    private CountersFile file;
    private WorkerCounters counters;
    private Fib fib;
    private FibWriter writer;

    @BeforeEach
    void setUp()
    {
        file = CountersFile.create(directory.resolve("counters.dat"), 128);
        counters = new WorkerCounters(file, 0, List.of("p0"));
        fib = new Fib(16);
        writer = new FibWriter(fib, counters);
    }

    @AfterEach
    void tearDown()
    {
        file.close();
    }

    @Test
    void shouldStoreEveryKindOfNextHop()
    {
        final Ip6Address gateway6 = Ip6Address.parse("2001:db8:2::2");
        writer.nextHopSet(0, new NextHop.Gateway4(3, Ip4.parse("198.18.2.2")));
        writer.nextHopSet(1, new NextHop.Gateway6(4, gateway6));
        writer.nextHopSet(2, new NextHop.Direct(5));
        writer.nextHopSet(3, NextHop.LOCAL);
        writer.nextHopSet(4, NextHop.BLACKHOLE);

        final NextHopTable table = fib.nextHops();
        assertEquals(NextHopTable.GATEWAY4, table.kind(0));
        assertEquals(3, table.port(0));
        assertEquals(Ip4.parse("198.18.2.2"), table.gateway4(0));
        assertEquals(NextHopTable.GATEWAY6, table.kind(1));
        assertEquals(4, table.port(1));
        assertEquals(gateway6.high(), table.gateway6High(1));
        assertEquals(gateway6.low(), table.gateway6Low(1));
        assertEquals(NextHopTable.DIRECT, table.kind(2));
        assertEquals(5, table.port(2));
        assertEquals(NextHopTable.LOCAL, table.kind(3));
        assertEquals(NextHopTable.BLACKHOLE, table.kind(4));
        assertEquals(NextHopTable.NONE, table.kind(5));
    }

    @Test
    void shouldLookUpTheLongestPrefix()
    {
        writer.nextHopSet(1, new NextHop.Direct(0));
        writer.nextHopSet(2, new NextHop.Direct(1));
        writer.nextHopSet(3, NextHop.LOCAL);
        writer.route4Set(0, 0, 1);
        writer.route4Set(Ip4.parse("198.18.0.0"), 15, 2);
        writer.route4Set(Ip4.parse("198.18.1.1"), 32, 3);
        final Ip6Address net = Ip6Address.parse("2001:db8::");
        writer.route6Set(net.high(), net.low(), 32, 2);
        writer.route6Set(net.high(), 1, 128, 3);
        writer.commit();

        assertEquals(1, fib.lookup4(Ip4.parse("8.8.8.8")), "default route");
        assertEquals(2, fib.lookup4(Ip4.parse("198.19.255.255")));
        assertEquals(3, fib.lookup4(Ip4.parse("198.18.1.1")));
        assertEquals(2, fib.lookup4(Ip4.parse("198.18.1.2")));
        assertEquals(3, fib.lookup6(net.high(), 1));
        assertEquals(2, fib.lookup6(net.high(), 2));
        assertEquals(Fib.NO_ROUTE, fib.lookup6(0x2001_0db9_0000_0000L, 0));
        assertEquals(3, fib.routeCount4());
        assertEquals(2, fib.routeCount6());
        assertEquals(8, counters.dpValue(WorkerCounters.FIB_UPDATES_APPLIED));
        assertEquals(1, counters.dpValue(WorkerCounters.FIB_BATCHES_APPLIED));
        assertEquals(3, counters.dpValue(WorkerCounters.FIB_ROUTES4), "the gauge status reads");
        assertEquals(2, counters.dpValue(WorkerCounters.FIB_ROUTES6));
        assertEquals(fib.footprintBytes4(), counters.dpValue(WorkerCounters.FIB_BYTES4), "the tables' bytes, for status");
        assertEquals(fib.footprintBytes6(), counters.dpValue(WorkerCounters.FIB_BYTES6));
        assertTrue(fib.footprintBytes4() >= 64L << 20, "at least DIR-24-8's tbl24: " + fib.footprintBytes4());
        assertTrue(fib.footprintBytes6() > 0);
    }

    @Test
    void shouldDeleteRoutesAndNextHops()
    {
        writer.nextHopSet(1, new NextHop.Direct(0));
        writer.route4Set(Ip4.parse("198.18.0.0"), 15, 1);
        writer.route6Set(0x2001_0db8_0000_0000L, 0, 32, 1);
        writer.route4Delete(Ip4.parse("198.18.0.0"), 15);
        writer.route6Delete(0x2001_0db8_0000_0000L, 0, 32);
        writer.nextHopDelete(1);
        writer.commit();

        assertEquals(Fib.NO_ROUTE, fib.lookup4(Ip4.parse("198.18.2.3")));
        assertEquals(Fib.NO_ROUTE, fib.lookup6(0x2001_0db8_0000_0000L, 5));
        assertEquals(NextHopTable.NONE, fib.nextHops().kind(1));
        assertEquals(6, counters.dpValue(WorkerCounters.FIB_UPDATES_APPLIED));
        assertEquals(0, counters.dpValue(WorkerCounters.FIB_ROUTES4), "the gauge follows deletes");
        assertEquals(0, counters.dpValue(WorkerCounters.FIB_ROUTES6));
    }

    @Test
    void shouldRefuseRoutesToUnknownOrOutOfRangeNextHops()
    {
        writer.route4Set(Ip4.parse("198.18.0.0"), 15, 7);          // never set
        writer.route6Set(0x2001_0db8_0000_0000L, 0, 32, 16);   // beyond the table
        writer.route4Set(Ip4.parse("198.18.0.0"), 15, -1);
        writer.nextHopSet(99, NextHop.LOCAL);
        writer.nextHopDelete(-3);
        writer.commit();

        assertEquals(Fib.NO_ROUTE, fib.lookup4(Ip4.parse("198.18.2.3")));
        assertEquals(Fib.NO_ROUTE, fib.lookup6(0x2001_0db8_0000_0000L, 1));
        assertEquals(5, counters.dpValue(WorkerCounters.FIB_UPDATE_ERRORS));
        assertEquals(0, counters.dpValue(WorkerCounters.FIB_UPDATES_APPLIED));
        assertEquals(0, fib.routeCount4());
    }

    @Test
    void shouldApplyRouteChangesAtCommitShortestPrefixFirstKeepingOrderPerPrefix()
    {
        writer.nextHopSet(1, new NextHop.Direct(0));
        writer.nextHopSet(2, new NextHop.Direct(0));
        writer.route4Set(Ip4.parse("198.18.1.0"), 24, 1);
        writer.route4Set(Ip4.parse("198.18.0.0"), 15, 2);
        writer.route4Set(Ip4.parse("198.18.1.0"), 24, 2); // the same prefix again: the later one wins
        writer.route4Delete(Ip4.parse("198.18.0.0"), 15);
        writer.route4Set(Ip4.parse("198.18.0.0"), 15, 1);
        assertEquals(Fib.NO_ROUTE, fib.lookup4(Ip4.parse("198.18.1.1")), "nothing before the commit");

        writer.commit();

        assertEquals(2, fib.lookup4(Ip4.parse("198.18.1.1")));
        assertEquals(1, fib.lookup4(Ip4.parse("198.19.0.1")), "delete then set of the /15 kept their order");
        assertEquals(5, counters.dpValue(WorkerCounters.FIB_UPDATES_APPLIED) - 2, "two next hops, five route changes");
        assertEquals(1, counters.dpValue(WorkerCounters.FIB_BATCHES_APPLIED));
    }

    @Test
    void shouldDeleteNextHopsOnlyAfterTheRoutesOfTheBatch()
    {
        writer.nextHopSet(3, new NextHop.Direct(0));
        writer.route4Set(Ip4.parse("198.18.7.0"), 24, 3);
        writer.commit();
        assertEquals(3, fib.lookup4(Ip4.parse("198.18.7.7")));

        writer.nextHopDelete(3); // sent in RIB order: after the route delete, but even if not,
        writer.route4Delete(Ip4.parse("198.18.7.0"), 24);
        writer.nextHopSet(4, new NextHop.Direct(0));
        writer.route4Set(Ip4.parse("198.18.7.0"), 25, 4);
        writer.commit();

        assertEquals(4, fib.lookup4(Ip4.parse("198.18.7.7")));
        assertEquals(Fib.NO_ROUTE, fib.lookup4(Ip4.parse("198.18.7.200")));
        assertEquals(NextHopTable.NONE, fib.nextHops().kind(3));
        assertEquals(0, counters.dpValue(WorkerCounters.FIB_UPDATE_ERRORS));
    }
}
