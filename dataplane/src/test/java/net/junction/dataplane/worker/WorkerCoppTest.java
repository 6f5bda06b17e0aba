package net.junction.dataplane.worker;

import static net.junction.dataplane.worker.Frames.ip4;
import static net.junction.dataplane.worker.Frames.ip6;
import static net.junction.dataplane.worker.TestRouter.HOST_IP;
import static net.junction.dataplane.worker.TestRouter.HOST_IP6;
import static net.junction.dataplane.worker.TestRouter.HOST_MAC;
import static net.junction.dataplane.worker.TestRouter.P0;
import static net.junction.dataplane.worker.TestRouter.P0_IP;
import static net.junction.dataplane.worker.TestRouter.P0_IP6;
import static net.junction.dataplane.worker.TestRouter.P0_MAC;
import static net.junction.dataplane.worker.TestRouter.TAP0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import net.junction.dataplane.DropReason;
import net.junction.dataplane.copp.ControlPlanePolicer;
import net.junction.dataplane.copp.CoppPolicy;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.routing.Ip6Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Control-plane policing on the worker (issue 14, docs/dataplane.md "Control-plane policing"): what goes to the
 * exception path is classified (bgp: port 179 from a configured neighbor; icmp-nd-arp; other) and policed per class
 * by token buckets on the worker's clock, before the punt ring; drops and passes are counted per class; packets held
 * for a neighbor have a bucket of their own and count as no class.
 */
class WorkerCoppTest
{
    private static final int STRANGER = ip4("198.18.1.11");
    private static final Ip6Address NEIGHBOR6 = HOST_IP6;
    private static final long START_NS = 7_000_000_000L;

    @TempDir
    Path directory;

    private TestRouter router;
    private final long[] nowNs = {START_NS};

    @AfterEach
    void tearDown()
    {
        router.close();
    }

    private void start(final CoppPolicy policy)
    {
        router = new TestRouter(directory, TestRouter.options().mbufs(4096).puntRing(4096).copp(policy));
        router.worker.clock(() -> nowNs[0]);
    }

    private static CoppPolicy policy(final long bgpPps, final int bgpBurst, final long icmpPps, final int icmpBurst,
        final long otherPps, final int otherBurst)
    {
        return new CoppPolicy(new CoppPolicy.Rate(bgpPps, bgpBurst), new CoppPolicy.Rate(icmpPps, icmpBurst),
            new CoppPolicy.Rate(otherPps, otherBurst), List.of(HOST_IP), List.of(NEIGHBOR6));
    }

    private static byte[] syn4(final int source, final int srcPort, final int dstPort)
    {
        return Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV4,
            Frames.ip4Packet(source, P0_IP, 64, Frames.PROTO_TCP, Frames.tcpSyn4(source, P0_IP, srcPort, dstPort)));
    }

    private static byte[] tcp6(final Ip6Address source, final int srcPort, final int dstPort)
    {
        final byte[] segment = new byte[20];
        segment[0] = (byte)(srcPort >>> 8);
        segment[1] = (byte)srcPort;
        segment[2] = (byte)(dstPort >>> 8);
        segment[3] = (byte)dstPort;
        segment[12] = 0x50;
        segment[13] = 0x02;
        return Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV6,
            Frames.ip6Packet(source, P0_IP6, 64, Frames.PROTO_TCP, segment));
    }

    private static byte[] echo4(final int sequence)
    {
        return Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV4,
            Frames.ip4Packet(HOST_IP, P0_IP, 64, Frames.PROTO_ICMP, Frames.icmp4Echo(8, 1, sequence, new byte[8])));
    }

    private void receive(final byte[] frame, final int times)
    {
        for (int i = 0; i < times; i++)
        {
            router.receive(P0, frame);
        }
        while (router.worker.doWork() > 0)
        {
            // every burst of the frames queued
        }
    }

    private long passed(final int counter)
    {
        return router.workerCounters.dpValue(counter);
    }

    @Test
    void shouldClassifyPort179FromAConfiguredNeighborAsBgpAndFromAnyoneElseAsOther()
    {
        start(CoppPolicy.DEFAULTS.withNeighbors(List.of(HOST_IP), List.of(NEIGHBOR6)));

        receive(syn4(HOST_IP, 51000, 179), 1);          // to the router's BGP port
        receive(syn4(HOST_IP, 179, 51000), 1);          // from the neighbor's (a session the router opened)
        receive(syn4(STRANGER, 51000, 179), 1);         // port 179, but no neighbor
        receive(syn4(HOST_IP, 51000, 22), 1);           // the neighbor, but SSH
        receive(tcp6(NEIGHBOR6, 51000, 179), 1);
        receive(tcp6(ip6("2001:db8:1::99"), 51000, 179), 1);
        receive(Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, P0_IP, 64, 20), 1);

        assertEquals(3, passed(WorkerCounters.COPP_BGP_PASSED));
        assertEquals(4, passed(WorkerCounters.COPP_OTHER_PASSED));
        assertEquals(0, passed(WorkerCounters.COPP_ICMP_ND_ARP_PASSED));
        assertEquals(7, router.punts.size(), "all of them punted");
        router.slowPath.doWork();
        assertEquals(7, router.sent(TAP0).size(), "and handed to the kernel");
    }

    @Test
    void shouldClassifyArpNdAndIcmpTogether()
    {
        start(CoppPolicy.DEFAULTS);

        receive(Frames.arp(-1L & 0xFFFF_FFFF_FFFFL, HOST_MAC, 1, HOST_MAC, HOST_IP, 0, P0_IP), 1);
        receive(Frames.neighborSolicitation(P0_MAC, HOST_MAC, HOST_IP6, P0_IP6, P0_IP6, HOST_MAC), 1);
        receive(echo4(1), 1);
        receive(Frames.icmp6Echo(P0_MAC, HOST_MAC, HOST_IP6, P0_IP6, 64, 1, 1, new byte[8]), 1);

        assertEquals(4, passed(WorkerCounters.COPP_ICMP_ND_ARP_PASSED));
        assertEquals(2, router.punts.size(), "ARP and ND punted; echoes answered here");
        assertEquals(2, router.sent(P0).size());
        assertEquals(0, passed(WorkerCounters.COPP_OTHER_PASSED) + passed(WorkerCounters.COPP_BGP_PASSED));
    }

    @Test
    void shouldDropWhatExceedsTheBurstThenPassAtTheRate()
    {
        start(policy(20_000, 5_000, 1_000, 3, 100, 5));

        receive(Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, P0_IP, 64, 20), 8);
        assertEquals(5, passed(WorkerCounters.COPP_OTHER_PASSED), "the burst");
        assertEquals(3, router.drops(DropReason.COPP_OTHER));

        nowNs[0] += 9_999_999; // 100 pps: a token every 10 ms
        receive(Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, P0_IP, 64, 20), 1);
        assertEquals(4, router.drops(DropReason.COPP_OTHER));
        nowNs[0] += 1;
        receive(Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, P0_IP, 64, 20), 2);
        assertEquals(6, passed(WorkerCounters.COPP_OTHER_PASSED));
        assertEquals(5, router.drops(DropReason.COPP_OTHER));

        nowNs[0] += 10_000_000_000L; // a long quiet spell fills the bucket to its burst, no more
        receive(Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, P0_IP, 64, 20), 7);
        assertEquals(11, passed(WorkerCounters.COPP_OTHER_PASSED));
        assertEquals(7, router.drops(DropReason.COPP_OTHER));
    }

    @Test
    void shouldPoliceEchoRequestsAnsweredOnTheWorker()
    {
        start(policy(20_000, 5_000, 1_000, 3, 100, 5));

        for (int i = 0; i < 5; i++)
        {
            router.receive(P0, echo4(i));
        }
        router.worker.doWork();

        assertEquals(3, router.sent(P0).size(), "3 replies: the burst");
        assertEquals(2, router.drops(DropReason.COPP_ICMP_ND_ARP));
        assertEquals(3, passed(WorkerCounters.COPP_ICMP_ND_ARP_PASSED));
        assertEquals(3, router.workerCounters.dpValue(WorkerCounters.LOCAL_REPLIES));
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldKeepEveryBgpPacketWhileAFloodOfOtherClassesIsDropped()
    {
        start(CoppPolicy.DEFAULTS.withNeighbors(List.of(HOST_IP), List.of()));
        int bgp = 0;
        for (int round = 0; round < 20; round++)
        {
            for (int i = 0; i < 100; i++)
            {
                router.receive(P0, syn4(STRANGER, 40000 + i, 179));
                router.receive(P0, Frames.ip4Udp(P0_MAC, HOST_MAC, STRANGER, P0_IP, 64, 20));
                router.receive(P0, echo4(i));
            }
            router.receive(P0, syn4(HOST_IP, 179, 50000 + round));
            bgp++;
            while (router.worker.doWork() > 0)
            {
                router.punts.drain((mbuf, meta) -> router.io.free(mbuf), 4096);
            }
            router.sent(P0);
            nowNs[0] += 1_000_000; // 1 ms a round: 300 packets a ms, 300,000 a second of flood
        }

        assertEquals(bgp, passed(WorkerCounters.COPP_BGP_PASSED));
        assertEquals(0, router.drops(DropReason.COPP_BGP));
        assertEquals(0, router.drops(DropReason.PUNT_QUEUE_FULL));
        // other: its burst of 250 and 1 a ms after; icmp: 500 and 2 a ms.
        assertEquals(250 + 19, passed(WorkerCounters.COPP_OTHER_PASSED));
        assertEquals(4000 - 250 - 19, router.drops(DropReason.COPP_OTHER));
        assertEquals(500 + 2 * 19, passed(WorkerCounters.COPP_ICMP_ND_ARP_PASSED));
        assertEquals(2000 - 500 - 2 * 19, router.drops(DropReason.COPP_ICMP_ND_ARP));
    }

    @Test
    void shouldPolicePacketsForUnresolvedNeighborsApartFromTheExceptionPath()
    {
        start(CoppPolicy.DEFAULTS);
        final int unresolved = ip4("198.18.2.77");

        receive(Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, unresolved, 64, 20), ControlPlanePolicer.PENDING_BURST + 10);

        assertEquals(ControlPlanePolicer.PENDING_BURST, router.punts.size());
        assertEquals(10, router.drops(DropReason.NEIGHBOR_PENDING_POLICED));
        assertEquals(0, passed(WorkerCounters.COPP_OTHER_PASSED) + passed(WorkerCounters.COPP_BGP_PASSED) +
            passed(WorkerCounters.COPP_ICMP_ND_ARP_PASSED), "not the exception path");
        assertEquals(0, router.drops(DropReason.COPP_OTHER));
    }

    @Test
    void shouldTakeANewPolicyBetweenTwoCycles()
    {
        start(policy(20_000, 5_000, 1_000, 3, 100, 1));
        receive(syn4(STRANGER, 51000, 179), 2);
        assertEquals(1, passed(WorkerCounters.COPP_OTHER_PASSED));
        assertEquals(1, router.drops(DropReason.COPP_OTHER));

        // The stranger becomes a BGP neighbor; the worker takes the policy as a command, on its own thread.
        final ControlPlanePolicer.Prepared next = ControlPlanePolicer.prepare(
            policy(20_000, 5_000, 1_000, 3, 100, 1).withNeighbors(List.of(STRANGER), List.of()), 1);
        router.worker.commands().submit(() -> router.pipeline.policer().apply(next));
        receive(syn4(STRANGER, 51000, 179), 3);

        assertEquals(3, passed(WorkerCounters.COPP_BGP_PASSED));
        assertEquals(1, router.drops(DropReason.COPP_OTHER));
    }
}
