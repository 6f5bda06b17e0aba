package net.junction.dataplane.worker;

import static net.junction.dataplane.worker.Frames.ip4;
import static net.junction.dataplane.worker.Frames.ip6;
import static net.junction.dataplane.worker.TestRouter.HOST_IP;
import static net.junction.dataplane.worker.TestRouter.HOST_IP6;
import static net.junction.dataplane.worker.TestRouter.HOST_MAC;
import static net.junction.dataplane.worker.TestRouter.P0;
import static net.junction.dataplane.worker.TestRouter.P0_IP;
import static net.junction.dataplane.worker.TestRouter.P0_MAC;
import static net.junction.dataplane.worker.TestRouter.P1;
import static net.junction.dataplane.worker.TestRouter.SERVER_IP;
import static net.junction.dataplane.worker.TestRouter.SERVER_IP6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;

import net.junction.dataplane.AllocationWindows;
import net.junction.dataplane.capture.Capture;
import net.junction.dataplane.capture.CaptureRing;
import net.junction.dataplane.copp.CoppPolicy;
import net.junction.dataplane.counters.WorkerCounters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's promise, measured on the real duty cycle: once the JIT has compiled it, forwarding
 * allocates nothing on the worker thread (the per-thread allocation counter of HotSpot does not
 * move). Frames replayed from memory and counted, not kept, so the in-memory ports allocate
 * nothing either. The DPDK ports are measured in {@code DpdkWorkerAllocationIT}.
 *
 * <p>Warm-up goes on until the JIT has settled ({@link AllocationWindows#settle}); then every one
 * of {@link AllocationWindows#WINDOWS} windows must show 0 bytes. HotSpot itself was once seen
 * allocating 80 bytes (a String and a byte[], no Java frame above it, in JFR with -XX:-UseTLAB)
 * when newly compiled worker code first reached a VarHandle call site in PacketRing.drain; the
 * ring now uses plain volatile fields.
 */
class WorkerAllocationTest
{
    private static final long WARM_UP_PACKETS = 200_000;
    private static final long WINDOW_PACKETS = 500_000;
    private static final long SETTLE_ROUND_PACKETS = 100_000;
    private static final int MAX_SETTLE_ROUNDS = 40;

    @TempDir
    Path directory;

    private TestRouter router;

    @AfterEach
    void tearDown()
    {
        router.close();
    }

    @Test
    void shouldForwardMillionsOfPacketsWithoutAllocatingInAnyWindow()
    {
        router = new TestRouter(directory, TestRouter.options().mbufs(256));
        // ECMP groups of two gateways on p1, as WorkerEcmpTest sets them up: the flow hash allocates nothing.
        router.fibWriter.nextHopSet(20, new net.junction.routing.NextHop.Gateway4(P1, SERVER_IP));
        router.fibWriter.nextHopSet(21, new net.junction.routing.NextHop.Gateway6(P1, SERVER_IP6));
        router.fibWriter.nextHopGroupSet(22, new int[]{TestRouter.NH_GATEWAY4, 20}, 2);
        router.fibWriter.nextHopGroupSet(23, new int[]{TestRouter.NH_GATEWAY6, 21}, 2);
        router.fibWriter.route4Set(ip4("203.0.113.0"), 24, 22);
        router.fibWriter.route6Set(ip6("2001:db8:ec::").high(), 0, 48, 23);
        router.fibWriter.route4Set(ip4("198.18.110.0"), 24, TestRouter.NH_GATEWAY6); // RFC 8950: IPv4 via IPv6
        router.fibWriter.commit();
        final List<byte[]> frames = List.of(
            Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, ip4("203.0.113.9"), 64, 40),         // ECMP
            Frames.ip6Udp(P0_MAC, HOST_MAC, HOST_IP6, ip6("2001:db8:ec::9"), 64, 40),     // ECMP
            Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 18),                  // connected
            Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, ip4("198.18.100.77"), 64, 500),      // via gateway
            Frames.ip6Udp(P0_MAC, HOST_MAC, HOST_IP6, SERVER_IP6, 64, 64),                // connected
            Frames.ip6Udp(P0_MAC, HOST_MAC, HOST_IP6, ip6("2001:db8:100::77"), 64, 1000), // via gateway
            Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, ip4("198.18.110.9"), 64, 200),      // IPv4 via IPv6 gateway
            Frames.pad(Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 9, 1), 60));   // padded
        router.io.replay(P0, frames);
        router.io.countOnly(true);
        final LongSupplier allocated = AllocationWindows.currentThread();

        forward(WARM_UP_PACKETS);
        final int settleRounds = AllocationWindows.settle(allocated, () -> forward(SETTLE_ROUND_PACKETS), MAX_SETTLE_ROUNDS);
        final long sentBefore = router.io.sentCount(P1);
        final AllocationWindows.Windows windows = AllocationWindows.measure(allocated, () -> forward(WINDOW_PACKETS), AllocationWindows.WINDOWS);

        AllocationWindows.assertNothingAllocatedInAnyWindow(windows, "on the worker thread while forwarding " +
            WINDOW_PACKETS + " packets (warm-up settled after " + settleRounds + " rounds)");
        final long sent = router.io.sentCount(P1) - sentBefore;
        assertTrue(sent >= WINDOW_PACKETS * AllocationWindows.WINDOWS, "forwarded " + sent);
        assertEquals(router.io.sentCount(P1), router.workerCounters.dpValue(WorkerCounters.FORWARDED));
        assertEquals(0, router.totalDrops());
        assertEquals(0, router.io.inUse());
    }

    /**
     * Capture on (issue 14): both ports' frames copied into the worker's ring, read on the same thread between cycles
     * (the reader allocates nothing either), a ring that fills in between dropping and counting; still 0 bytes.
     * With capture off the worker reads one field per cycle: every other test here runs so.
     */
    @Test
    void shouldForwardWithCaptureOnWithoutAllocatingInAnyWindow()
    {
        router = new TestRouter(directory, TestRouter.options().mbufs(256));
        final Capture capture = new Capture(1, 1 << 16);
        router.worker.capture(capture, capture.ring(0));
        capture.start((1L << P0) | (1L << P1), Capture.DEFAULT_SNAP_LENGTH);
        router.io.replay(P0, List.of(
            Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 18),
            Frames.ip6Udp(P0_MAC, HOST_MAC, HOST_IP6, SERVER_IP6, 64, 1000)));
        router.io.countOnly(true);
        final CaptureRing.FrameHandler reader = (ts, port, direction, original, buffer, offset, length) -> read++;
        final Runnable round = () ->
        {
            final Worker worker = router.worker;
            final long target = router.io.sentCount(P1) + SETTLE_ROUND_PACKETS;
            int cycles = 0;
            while (router.io.sentCount(P1) < target)
            {
                worker.doWork();
                if ((++cycles & 7) == 0)
                {
                    capture.drain(reader, 1024);
                }
            }
        };
        final LongSupplier allocated = AllocationWindows.currentThread();

        for (int i = 0; i < WARM_UP_PACKETS / SETTLE_ROUND_PACKETS; i++)
        {
            round.run();
        }
        final int settleRounds = AllocationWindows.settle(allocated, round, MAX_SETTLE_ROUNDS);
        final long capturedBefore = capture.captured();
        final long copiedOrDroppedBefore = capture.captured() + capture.dropped();
        final AllocationWindows.Windows windows = AllocationWindows.measure(allocated, round, AllocationWindows.WINDOWS);

        AllocationWindows.assertNothingAllocatedInAnyWindow(windows, "on the worker thread while capturing " +
            SETTLE_ROUND_PACKETS + " forwarded packets (warm-up settled after " + settleRounds + " rounds)");
        assertTrue(capture.captured() - capturedBefore > SETTLE_ROUND_PACKETS, "captured " + (capture.captured() - capturedBefore));
        // each packet twice: received on p0, sent on p1
        assertEquals(2 * SETTLE_ROUND_PACKETS * AllocationWindows.WINDOWS,
            capture.captured() + capture.dropped() - copiedOrDroppedBefore, 2 * Worker.BURST * AllocationWindows.WINDOWS);
        assertTrue(read > 0);
        assertEquals(0, router.totalDrops());
    }

    private long read;

    /**
     * Fragmenting bursts (RFC 791 §3.2): p1's MTU at 576, packets of 1400 and 2000 bytes without DF leave as 3 and
     * 4 fragments, new ones from the worker's stock refilled in bulk; a burst sends more than it received.
     */
    @Test
    void shouldFragmentWithoutAllocatingInAnyWindow()
    {
        router = new TestRouter(directory, TestRouter.options().mbufs(512));
        router.ports.mtu(P1, 576);
        router.io.replay(P0, List.of(
            Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 1400 - 28),            // 3 fragments
            Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, ip4("198.18.100.77"), 64, 2000 - 28), // 4, via gateway
            Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 500)));                // fits: 1
        router.io.countOnly(true);
        final LongSupplier allocated = AllocationWindows.currentThread();

        forward(4 * WARM_UP_PACKETS); // frames sent, a third of them packets received: longer to compile the rare paths
        final int settleRounds = AllocationWindows.settle(allocated, () -> forward(SETTLE_ROUND_PACKETS), MAX_SETTLE_ROUNDS);
        final long fragmentsBefore = router.workerCounters.dpValue(WorkerCounters.IP4_FRAGMENTS);
        final long refillsBefore = router.worker.fragmenter().refills();
        final AllocationWindows.Windows windows = AllocationWindows.measure(allocated, () -> forward(WINDOW_PACKETS), AllocationWindows.WINDOWS);

        AllocationWindows.assertNothingAllocatedInAnyWindow(windows, "on the worker thread while fragmenting into " +
            WINDOW_PACKETS + " frames (warm-up settled after " + settleRounds + " rounds)");
        final long fragments = router.workerCounters.dpValue(WorkerCounters.IP4_FRAGMENTS) - fragmentsBefore;
        final long refills = router.worker.fragmenter().refills() - refillsBefore;
        assertTrue(fragments >= WINDOW_PACKETS * AllocationWindows.WINDOWS * 6 / 8, "fragments " + fragments);
        // Each packet of 3 or 4 fragments takes 2 or 3 from the stock of 64: one bulk allocation per ~60 fragments.
        assertTrue(refills <= fragments / 40, refills + " bulk allocations for " + fragments + " fragments");
        assertEquals(0, router.totalDrops());
        assertEquals(router.worker.fragmenter().stocked(), router.io.inUse(), "only the stock is held");
    }

    /**
     * 802.1Q (issue 14): tagged frames received on p0 for VLAN 100 stripped and forwarded out of p1, untagged frames
     * from p0's host to p0.100's host tagged at the flush and sent back out of p0; still 0 bytes.
     */
    @Test
    void shouldForwardThroughAVlanSubInterfaceWithoutAllocatingInAnyWindow()
    {
        router = new TestRouter(directory, TestRouter.options().mbufs(256).vlan(true));
        router.resolver.addPermanent4(TestRouter.V100, TestRouter.VHOST_IP, TestRouter.VHOST_MAC);
        router.io.replay(P0, List.of(
            WorkerVlanTest.tagged(Frames.ip4Udp(P0_MAC, TestRouter.VHOST_MAC, TestRouter.VHOST_IP, SERVER_IP, 64, 40),
                TestRouter.V100_ID),
            Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, TestRouter.VHOST_IP, 64, 40)));
        router.io.countOnly(true);
        final LongSupplier allocated = AllocationWindows.currentThread();

        forward(WARM_UP_PACKETS);
        final int settleRounds = AllocationWindows.settle(allocated, () -> forward(SETTLE_ROUND_PACKETS), MAX_SETTLE_ROUNDS);
        final AllocationWindows.Windows windows = AllocationWindows.measure(allocated, () -> forward(WINDOW_PACKETS), AllocationWindows.WINDOWS);

        AllocationWindows.assertNothingAllocatedInAnyWindow(windows, "on the worker thread while forwarding " +
            WINDOW_PACKETS + " packets through p0.100 each way (warm-up settled after " + settleRounds + " rounds)");
        assertTrue(Math.abs(router.io.sentCount(P0) - router.io.sentCount(P1)) <= Worker.BURST, "both ways");
        assertEquals(router.io.sentCount(P0), router.workerCounters.portValue(TestRouter.V100, WorkerCounters.PORT_TX));
        assertEquals(0, router.totalDrops());
        assertEquals(0, router.io.inUse());
    }

    /** Also covers the echo path (reply built in place, routed back out of p0); policed at a rate it never reaches. */
    @Test
    void shouldAnswerEchoesWithoutAllocatingInAnyWindow()
    {
        final CoppPolicy.Rate unlimited = new CoppPolicy.Rate(CoppPolicy.MAX_RATE_PPS, CoppPolicy.MAX_BURST);
        router = new TestRouter(directory, TestRouter.options().mbufs(256)
            .copp(new CoppPolicy(unlimited, unlimited, unlimited, List.of(), List.of())));
        router.io.replay(P0, List.of(Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV4,
            Frames.ip4Packet(HOST_IP, P0_IP, 64, Frames.PROTO_ICMP, Frames.icmp4Echo(8, 1, 1, new byte[56])))));
        router.io.countOnly(true);
        final LongSupplier allocated = AllocationWindows.currentThread();

        answer(WARM_UP_PACKETS);
        final int settleRounds = AllocationWindows.settle(allocated, () -> answer(SETTLE_ROUND_PACKETS), MAX_SETTLE_ROUNDS);
        final AllocationWindows.Windows windows = AllocationWindows.measure(allocated, () -> answer(WINDOW_PACKETS / 4), AllocationWindows.WINDOWS);

        AllocationWindows.assertNothingAllocatedInAnyWindow(windows, "on the worker thread while answering " +
            WINDOW_PACKETS / 4 + " echo requests (warm-up settled after " + settleRounds + " rounds)");
        assertEquals(router.io.sentCount(P0), router.workerCounters.dpValue(WorkerCounters.LOCAL_REPLIES));
        assertEquals(0, router.totalDrops());
    }

    /**
     * A flood for the router (issue 14's copp-flood in memory): TCP SYNs to port 179 from a BGP neighbor and from a
     * host that is none, UDP and echo requests to the router, and packets to a neighbor never resolved, at the default
     * rates: classified, policed, most dropped and counted, the passes punted (the ring drained on this thread, as the
     * slow path would); still 0 bytes.
     */
    @Test
    void shouldPoliceAFloodForTheRouterWithoutAllocatingInAnyWindow()
    {
        router = new TestRouter(directory, TestRouter.options().mbufs(256)
            .copp(CoppPolicy.DEFAULTS.withNeighbors(List.of(HOST_IP), List.of())));
        final int stranger = ip4("198.18.1.11");
        router.io.replay(P0, List.of(
            Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV4,
                Frames.ip4Packet(HOST_IP, P0_IP, 64, Frames.PROTO_TCP, Frames.tcpSyn4(HOST_IP, P0_IP, 51000, 179))),
            Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV4,
                Frames.ip4Packet(stranger, P0_IP, 64, Frames.PROTO_TCP, Frames.tcpSyn4(stranger, P0_IP, 51001, 179))),
            Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, P0_IP, 64, 40),
            Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV4,
                Frames.ip4Packet(HOST_IP, P0_IP, 64, Frames.PROTO_ICMP, Frames.icmp4Echo(8, 1, 1, new byte[56]))),
            Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, ip4("198.18.2.77"), 64, 40)));
        router.io.countOnly(true);
        final LongSupplier allocated = AllocationWindows.currentThread();

        receive(WARM_UP_PACKETS);
        final int settleRounds = AllocationWindows.settle(allocated, () -> receive(SETTLE_ROUND_PACKETS), MAX_SETTLE_ROUNDS);
        final AllocationWindows.Windows windows =
            AllocationWindows.measure(allocated, () -> receive(WINDOW_PACKETS), AllocationWindows.WINDOWS);

        AllocationWindows.assertNothingAllocatedInAnyWindow(windows, "on the worker thread while policing " +
            WINDOW_PACKETS + " packets for the router (warm-up settled after " + settleRounds + " rounds)");
        final WorkerCounters c = router.workerCounters;
        assertTrue(c.dpValue(WorkerCounters.COPP_BGP_PASSED) > 0);
        assertTrue(c.dpValue(WorkerCounters.COPP_ICMP_ND_ARP_PASSED) > 0);
        assertTrue(c.dpValue(WorkerCounters.COPP_OTHER_PASSED) > 0);
        assertTrue(c.dropValue(net.junction.dataplane.DropReason.COPP_OTHER) > 0);
        assertTrue(c.dropValue(net.junction.dataplane.DropReason.NEIGHBOR_PENDING_POLICED) > 0);
        assertEquals(0, c.dropValue(net.junction.dataplane.DropReason.PUNT_QUEUE_FULL));
    }

    private final net.junction.dataplane.ring.PacketRing.Handler freePunt = (mbuf, meta) -> router.io.free(mbuf);

    private void receive(final long packets)
    {
        final Worker worker = router.worker;
        final long target = router.workerCounters.portValue(P0, WorkerCounters.PORT_RX) + packets;
        while (router.workerCounters.portValue(P0, WorkerCounters.PORT_RX) < target)
        {
            worker.doWork();
            router.punts.drain(freePunt, 1024);
        }
    }

    private void forward(final long packets)
    {
        final Worker worker = router.worker;
        final long target = router.io.sentCount(P1) + packets;
        while (router.io.sentCount(P1) < target)
        {
            worker.doWork();
        }
    }

    private void answer(final long packets)
    {
        final Worker worker = router.worker;
        final long target = router.io.sentCount(P0) + packets;
        while (router.io.sentCount(P0) < target)
        {
            worker.doWork();
        }
    }
}
