package net.junction.dataplane.worker;

import static net.junction.dataplane.worker.Frames.ip4;
import static net.junction.dataplane.worker.Frames.ip6;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import net.junction.dataplane.DropReason;
import net.junction.dataplane.copp.ControlPlanePolicer;
import net.junction.dataplane.copp.CoppPolicy;
import net.junction.dataplane.counters.CounterSnapshot;
import net.junction.dataplane.counters.CountersFile;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.dataplane.fib.Fib;
import net.junction.dataplane.fib.FibWriter;
import net.junction.dataplane.neighbor.NeighborTable;
import net.junction.dataplane.port.MemoryPacketIo;
import net.junction.dataplane.port.PacketIo;
import net.junction.dataplane.port.PortTable;
import net.junction.dataplane.ring.PacketRing;
import net.junction.dataplane.slowpath.NeighborResolver;
import net.junction.dataplane.slowpath.SlowPath;
import net.junction.routing.Ip6Address;
import net.junction.routing.NextHop;

/**
 * Test support: a two-port router as {@code Dataplane.start} wires one, minus DPDK and threads.
 * One real {@link Worker} (worker 0, polling both ports) and the real {@link SlowPath} and
 * {@link NeighborResolver}, over a {@link MemoryPacketIo} whose device ports are p0 = 0, p1 = 1
 * and, with the exception path, their TAPs 2 and 3. The test drives the agents by calling
 * {@code doWork()} by hand (Aeron's ReceiverTest style).
 *
 * <pre>
 *   host 198.18.1.10 ── p0 198.18.1.1/24 2001:db8:1::1/64 ┐
 *                                                         router ── p1 198.18.2.1/24 2001:db8:2::1/64
 *   198.18.2.2 / 2001:db8:2::2 (gateway), 198.18.2.20 / 2001:db8:2::20 (server) on p1
 *   198.18.100.0/24 via 198.18.2.2, 2001:db8:100::/48 via 2001:db8:2::2
 *   198.18.200.0/24 and 2001:db8:200::/48 blackholed
 * </pre>
 */
public final class TestRouter implements AutoCloseable
{
    public static final int P0 = 0;
    public static final int P1 = 1;
    public static final int TAP0 = 2;
    public static final int TAP1 = 3;

    public static final long P0_MAC = 0x02_4A_43_00_00_01L;
    public static final long P1_MAC = 0x02_4A_43_00_00_02L;
    public static final long HOST_MAC = 0x52_54_00_00_01_0AL;
    public static final long GATEWAY_MAC = 0x52_54_00_00_02_02L;
    public static final long SERVER_MAC = 0x52_54_00_00_02_14L;

    public static final int P0_IP = ip4("198.18.1.1");
    public static final int P1_IP = ip4("198.18.2.1");
    public static final int HOST_IP = ip4("198.18.1.10");
    public static final int GATEWAY_IP = ip4("198.18.2.2");
    public static final int SERVER_IP = ip4("198.18.2.20");
    public static final Ip6Address P0_IP6 = ip6("2001:db8:1::1");
    public static final Ip6Address P1_IP6 = ip6("2001:db8:2::1");
    public static final Ip6Address HOST_IP6 = ip6("2001:db8:1::10");
    public static final Ip6Address HOST_LL6 = ip6("fe80::10");
    public static final Ip6Address GATEWAY_IP6 = ip6("2001:db8:2::2");
    public static final Ip6Address SERVER_IP6 = ip6("2001:db8:2::20");

    public static final int NH_LOCAL = 0;
    public static final int NH_P0 = 1;
    public static final int NH_P1 = 2;
    public static final int NH_GATEWAY4 = 3;
    public static final int NH_GATEWAY6 = 4;
    public static final int NH_BLACKHOLE = 5;

    /** With {@link Options#vlan}: p0.100, an 802.1Q sub-interface of p0 (VLAN 100), port index 2, its TAP device 4. */
    public static final int V100 = 2;
    public static final int V100_TAP = 4;
    public static final int V100_ID = 100;
    public static final int V100_IP = ip4("198.18.3.1");
    public static final Ip6Address V100_IP6 = ip6("2001:db8:3::1");
    public static final int VHOST_IP = ip4("198.18.3.10");
    public static final Ip6Address VHOST_IP6 = ip6("2001:db8:3::10");
    public static final long VHOST_MAC = 0x52_54_00_00_03_0AL;
    public static final int NH_V100 = 6;

    public final CountersFile countersFile;
    public final MemoryPacketIo io;
    public final PortTable ports;
    public final Fib fib;
    public final FibWriter fibWriter;
    public final NeighborTable neighbors;
    public final WorkerCounters workerCounters;
    public final WorkerCounters slowCounters;
    public final PacketRing punts;
    public final PacketRing injections;
    public final Pipeline pipeline;
    public final Worker worker;
    public final NeighborResolver resolver;
    public final SlowPath slowPath;

    /** Options of a test router; defaults: TAPs on, 1000 ICMP errors/s with bursts of 100. */
    public static final class Options
    {
        boolean taps = true;
        int icmpRate = 1000;
        int icmpBurst = 100;
        int puntRing = 1024;
        int mbufs = 1024;
        UnaryOperator<PacketIo> workerIo = UnaryOperator.identity();
        int maxNeighbors = 128;
        boolean vlan;

        /**
         * Adds p0.100 ({@link #V100}): 198.18.3.1/24 and 2001:db8:3::1/64 on VLAN 100 of p0, MTU 1400, its
         * networks routed to it, no static neighbor on it (its hosts are resolved with ARP and ND).
         */
        public Options vlan(final boolean vlan)
        {
            this.vlan = vlan;
            return this;
        }

        CoppPolicy copp = CoppPolicy.DEFAULTS;

        public Options taps(final boolean taps)
        {
            this.taps = taps;
            return this;
        }

        public Options icmpLimit(final int rate, final int burst)
        {
            icmpRate = rate;
            icmpBurst = burst;
            return this;
        }

        public Options puntRing(final int capacity)
        {
            puntRing = capacity;
            return this;
        }

        public Options mbufs(final int count)
        {
            mbufs = count;
            return this;
        }

        /** Neighbors held per family at most (static ones included) before the least recently used is evicted. */
        public Options maxNeighbors(final int count)
        {
            maxNeighbors = count;
            return this;
        }

        /** The worker's control-plane policing (default {@link CoppPolicy#DEFAULTS}). */
        public Options copp(final CoppPolicy policy)
        {
            copp = policy;
            return this;
        }

        /** Wraps the I/O the worker sees (to corrupt what it receives, say). */
        public Options workerIo(final UnaryOperator<PacketIo> wrap)
        {
            workerIo = wrap;
            return this;
        }
    }

    public static Options options()
    {
        return new Options();
    }

    public TestRouter(final Path directory)
    {
        this(directory, options());
    }

    public TestRouter(final Path directory, final Options options)
    {
        countersFile = CountersFile.create(directory.resolve("counters.dat"), 1024);
        final List<String> names = options.vlan ? List.of("p0", "p1", "p0.100") : List.of("p0", "p1");
        workerCounters = new WorkerCounters(countersFile, 0, names);
        slowCounters = new WorkerCounters(countersFile, 1, names);
        io = new MemoryPacketIo(options.vlan ? 5 : 4, options.mbufs);

        ports = new PortTable(names.size());
        ports.define(P0, "p0", P0, P0_MAC, 1500, P0_IP, P0_IP6.high(), P0_IP6.low());
        ports.define(P1, "p1", P1, P1_MAC, 1500, P1_IP, P1_IP6.high(), P1_IP6.low());
        ports.linkUp(P0, true);
        ports.linkUp(P1, true);
        if (options.taps)
        {
            ports.tapDevicePort(P0, TAP0);
            ports.tapDevicePort(P1, TAP1);
        }
        if (options.vlan)
        {
            ports.define(V100, "p0.100", P0, P0_MAC, 1400, V100_IP, V100_IP6.high(), V100_IP6.low());
            ports.defineVlan(V100, P0, V100_ID);
            ports.linkUp(V100, true);
            if (options.taps)
            {
                ports.tapDevicePort(V100, V100_TAP);
            }
        }

        fib = new Fib(64);
        fibWriter = new FibWriter(fib, slowCounters);
        fibWriter.nextHopSet(NH_LOCAL, NextHop.LOCAL);
        fibWriter.nextHopSet(NH_P0, new NextHop.Direct(P0));
        fibWriter.nextHopSet(NH_P1, new NextHop.Direct(P1));
        fibWriter.nextHopSet(NH_GATEWAY4, new NextHop.Gateway4(P1, GATEWAY_IP));
        fibWriter.nextHopSet(NH_GATEWAY6, new NextHop.Gateway6(P1, GATEWAY_IP6));
        fibWriter.nextHopSet(NH_BLACKHOLE, NextHop.BLACKHOLE);
        fibWriter.route4Set(ip4("198.18.1.0"), 24, NH_P0);
        fibWriter.route4Set(ip4("198.18.2.0"), 24, NH_P1);
        fibWriter.route4Set(P0_IP, 32, NH_LOCAL);
        fibWriter.route4Set(P1_IP, 32, NH_LOCAL);
        fibWriter.route4Set(ip4("198.18.100.0"), 24, NH_GATEWAY4);
        fibWriter.route4Set(ip4("198.18.200.0"), 24, NH_BLACKHOLE);
        route6(ip6("2001:db8:1::"), 64, NH_P0);
        route6(ip6("2001:db8:2::"), 64, NH_P1);
        route6(P0_IP6, 128, NH_LOCAL);
        route6(P1_IP6, 128, NH_LOCAL);
        route6(ip6("2001:db8:100::"), 48, NH_GATEWAY6);
        route6(ip6("2001:db8:200::"), 48, NH_BLACKHOLE);
        if (options.vlan)
        {
            fibWriter.nextHopSet(NH_V100, new NextHop.Direct(V100));
            fibWriter.route4Set(ip4("198.18.3.0"), 24, NH_V100);
            fibWriter.route4Set(V100_IP, 32, NH_LOCAL);
            route6(ip6("2001:db8:3::"), 64, NH_V100);
            route6(V100_IP6, 128, NH_LOCAL);
        }
        fibWriter.commit();

        neighbors = new NeighborTable(256);
        final int[][] own4 = options.vlan ? new int[][] {{P0_IP}, {P1_IP}, {V100_IP}} : new int[][] {{P0_IP}, {P1_IP}};
        final long[][] own6 = new long[names.size()][];
        own6[P0] = new long[] {P0_IP6.high(), P0_IP6.low(), ports.ip6LinkLocalHigh(P0), ports.ip6LinkLocalLow(P0)};
        own6[P1] = new long[] {P1_IP6.high(), P1_IP6.low(), ports.ip6LinkLocalHigh(P1), ports.ip6LinkLocalLow(P1)};
        if (options.vlan)
        {
            own6[V100] = new long[] {V100_IP6.high(), V100_IP6.low(), ports.ip6LinkLocalHigh(V100), ports.ip6LinkLocalLow(V100)};
        }
        resolver = new NeighborResolver(neighbors, fib, ports, io, slowCounters, own4, own6, options.maxNeighbors);
        resolver.addPermanent4(P0, HOST_IP, HOST_MAC);
        resolver.addPermanent6(P0, HOST_IP6.high(), HOST_IP6.low(), HOST_MAC);
        resolver.addPermanent6(P0, HOST_LL6.high(), HOST_LL6.low(), HOST_MAC);
        resolver.addPermanent4(P1, GATEWAY_IP, GATEWAY_MAC);
        resolver.addPermanent6(P1, GATEWAY_IP6.high(), GATEWAY_IP6.low(), GATEWAY_MAC);
        resolver.addPermanent4(P1, SERVER_IP, SERVER_MAC);
        resolver.addPermanent6(P1, SERVER_IP6.high(), SERVER_IP6.low(), SERVER_MAC);

        punts = new PacketRing(options.puntRing);
        injections = new PacketRing(1024);
        pipeline = new Pipeline(fib, neighbors, ports, workerCounters, punts,
            new IcmpRateLimiter(options.icmpRate, options.icmpBurst),
            new ControlPlanePolicer(ControlPlanePolicer.prepare(options.copp, 1), 1, workerCounters));
        worker = new Worker(0, options.workerIo.apply(io), ports, pipeline, workerCounters, injections,
            new int[] {P0, P1}, new int[] {0, 0}, 0);
        slowPath = new SlowPath(io, ports, new PacketRing[] {punts}, injections, resolver, null, null, slowCounters);
    }

    public void route6(final Ip6Address prefix, final int length, final int nextHop)
    {
        fibWriter.route6Set(prefix.high(), prefix.low(), length, nextHop);
    }

    /** Queues a frame to be received on a device port. */
    public void receive(final int devicePort, final byte[] frame)
    {
        io.inject(devicePort, frame);
    }

    /** Runs the worker and the slow path until neither has anything left to do. */
    public void run()
    {
        for (int round = 0; round < 100; round++)
        {
            final int work = worker.doWork() + slowPath.doWork() + worker.doWork();
            if (work == 0)
            {
                return;
            }
        }
        throw new AssertionError("the router did not settle in 100 rounds");
    }

    /** Frames sent on a device port since the last call. */
    public List<byte[]> sent(final int devicePort)
    {
        return io.sent(devicePort);
    }

    /** A drop counter, summed over the worker and the slow path. */
    public long drops(final int reason)
    {
        return workerCounters.dropValue(reason) + slowCounters.dropValue(reason);
    }

    /** All drops of every reason, summed over the worker and the slow path. */
    public long totalDrops()
    {
        long total = 0;
        for (int reason = 1; reason < DropReason.COUNT; reason++)
        {
            total += drops(reason);
        }
        return total;
    }

    /** A data-plane counter, summed over the worker and the slow path. */
    public long dp(final int counter)
    {
        return workerCounters.dpValue(counter) + slowCounters.dpValue(counter);
    }

    public CounterSnapshot snapshot()
    {
        return CounterSnapshot.read(countersFile);
    }

    /** The neighbor entry's state, or -1 when there is none. */
    public int state4(final int port, final int address)
    {
        final long value = neighbors.lookup4(port, address);
        return value == NeighborTable.ABSENT && neighbors.find4(port, address) == NeighborTable.NOT_FOUND ?
            -1 : NeighborTable.state(value);
    }

    public int state6(final int port, final Ip6Address address)
    {
        final long value = neighbors.lookup6(port, address.high(), address.low());
        return value == NeighborTable.ABSENT && neighbors.find6(port, address.high(), address.low()) == NeighborTable.NOT_FOUND ?
            -1 : NeighborTable.state(value);
    }

    public Ip6Address linkLocal(final int port)
    {
        return new Ip6Address(ports.ip6LinkLocalHigh(port), ports.ip6LinkLocalLow(port));
    }

    private boolean closed;

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        worker.onClose();
        slowPath.onClose();
        io.close();
        countersFile.close();
    }
}
