package net.junction.dataplane.worker;

import static net.junction.dataplane.worker.Frames.dstMac;
import static net.junction.dataplane.worker.Frames.etherType;
import static net.junction.dataplane.worker.Frames.ip4;
import static net.junction.dataplane.worker.Frames.ip4HeaderValid;
import static net.junction.dataplane.worker.Frames.ip6;
import static net.junction.dataplane.worker.Frames.ip6At;
import static net.junction.dataplane.worker.Frames.slice;
import static net.junction.dataplane.worker.Frames.srcMac;
import static net.junction.dataplane.worker.Frames.u16;
import static net.junction.dataplane.worker.Frames.u32;
import static net.junction.dataplane.worker.Frames.u8;
import static net.junction.dataplane.worker.TestRouter.GATEWAY_MAC;
import static net.junction.dataplane.worker.TestRouter.HOST_IP;
import static net.junction.dataplane.worker.TestRouter.HOST_MAC;
import static net.junction.dataplane.worker.TestRouter.NH_GATEWAY6;
import static net.junction.dataplane.worker.TestRouter.P0;
import static net.junction.dataplane.worker.TestRouter.P0_IP;
import static net.junction.dataplane.worker.TestRouter.P0_MAC;
import static net.junction.dataplane.worker.TestRouter.P1;
import static net.junction.dataplane.worker.TestRouter.P1_MAC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import net.junction.dataplane.DropReason;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.dataplane.neighbor.NeighborTable;
import net.junction.routing.Ip6Address;
import net.junction.routing.NextHop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 8950 in the data plane: an IPv4 route whose next hop is an IPv6 neighbor. The packet is forwarded as IPv4
 * (TTL decremented, RFC 1624 checksum) with the MAC of the IPv6 neighbor's ND entry; an unresolved neighbor is
 * solicited by ND while the IPv4 packet waits, as for an IPv6 route; ICMP errors about the packet are ICMPv4,
 * from the ingress port's IPv4 address ({@code NeighborResolutionTest} has the IPv4 packet whose IPv6 neighbor never
 * answers).
 */
class WorkerIp4ViaIp6Test
{
    /** Routed via the resolved IPv6 gateway (TestRouter's GATEWAY_IP6 on p1). */
    private static final int VIA_GATEWAY6 = ip4("198.18.110.9");
    /** Routed via an IPv6 neighbor on p1 that nothing has resolved yet. */
    private static final int VIA_UNRESOLVED6 = ip4("198.18.111.9");
    private static final Ip6Address UNRESOLVED6 = ip6("2001:db8:2::7");
    private static final long NEIGHBOR_MAC = 0x52_54_00_00_02_07L;
    private static final int NH_UNRESOLVED6 = 10;

    @TempDir
    Path directory;

    private TestRouter router;

    @BeforeEach
    void setUp()
    {
        router = new TestRouter(directory);
        router.fibWriter.nextHopSet(NH_UNRESOLVED6, new NextHop.Gateway6(P1, UNRESOLVED6));
        router.fibWriter.route4Set(ip4("198.18.110.0"), 24, NH_GATEWAY6);
        router.fibWriter.route4Set(ip4("198.18.111.0"), 24, NH_UNRESOLVED6);
        router.fibWriter.commit();
    }

    @AfterEach
    void tearDown()
    {
        router.close();
    }

    @Test
    void shouldForwardIp4ToTheMacOfItsIp6Gateway()
    {
        final byte[] frame = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, VIA_GATEWAY6, 64, 100);
        router.receive(P0, frame);

        assertEquals(1, router.worker.doWork());

        final List<byte[]> out = router.sent(P1);
        assertEquals(1, out.size());
        final byte[] sent = out.getFirst();
        assertEquals(frame.length, sent.length);
        assertEquals(GATEWAY_MAC, dstMac(sent), "dst MAC is the IPv6 gateway's (its ND entry)");
        assertEquals(P1_MAC, srcMac(sent));
        assertEquals(Frames.ETHERTYPE_IPV4, etherType(sent), "still IPv4");
        assertEquals(63, u8(sent, 14 + 8), "TTL decremented");
        assertTrue(ip4HeaderValid(sent), "header checksum valid after the incremental update");
        assertEquals(VIA_GATEWAY6, u32(sent, 14 + 16));
        assertArrayEquals(slice(frame, 14 + 12, frame.length - 26), slice(sent, 14 + 12, sent.length - 26));
        final int udpLength = u16(sent, 34 + 4);
        assertTrue(Frames.checksumValid(sent, 34, udpLength,
            Frames.pseudo4(HOST_IP, VIA_GATEWAY6, Frames.PROTO_UDP, udpLength)));
        assertEquals(1, router.workerCounters.dpValue(WorkerCounters.FORWARDED));
        assertEquals(0, router.totalDrops());
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldSolicitTheIp6NeighborHoldTheIp4PacketAndSendItOnAdvertisement()
    {
        router.receive(P0, Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, VIA_UNRESOLVED6, 64, 20));
        router.run();

        final List<byte[]> solicited = router.sent(P1);
        assertEquals(1, solicited.size(), "one neighbor solicitation, the packet held");
        final byte[] ns = solicited.getFirst();
        assertEquals(Frames.ETHERTYPE_IPV6, etherType(ns));
        assertEquals(135, u8(ns, 54), "neighbor solicitation");
        assertEquals(UNRESOLVED6, ip6At(ns, 62), "for the IPv6 next hop");
        assertEquals(NeighborTable.INCOMPLETE, router.state6(P1, UNRESOLVED6));
        assertEquals(1, router.dp(WorkerCounters.NEIGHBOR_PENDING_QUEUED));

        router.receive(P1, Frames.neighborAdvertisement(P1_MAC, NEIGHBOR_MAC, UNRESOLVED6, router.linkLocal(P1),
            UNRESOLVED6, 0x60, NEIGHBOR_MAC));
        router.run();

        final byte[] released = router.sent(P1).getFirst();
        assertEquals(NEIGHBOR_MAC, dstMac(released));
        assertEquals(P1_MAC, srcMac(released));
        assertEquals(Frames.ETHERTYPE_IPV4, etherType(released));
        assertEquals(63, u8(released, 14 + 8));
        assertEquals(VIA_UNRESOLVED6, u32(released, 14 + 16));
        assertTrue(ip4HeaderValid(released));
        assertEquals(NeighborTable.REACHABLE, router.state6(P1, UNRESOLVED6));

        // Resolved now: the next packet goes straight through the worker.
        router.receive(P0, Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, VIA_UNRESOLVED6, 64, 20));
        router.worker.doWork();
        assertEquals(NEIGHBOR_MAC, dstMac(router.sent(P1).getFirst()));
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldAnswerTtlExpiryWithIcmp4TimeExceeded()
    {
        router.receive(P0, Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, VIA_GATEWAY6, 1, 20));
        router.worker.doWork();

        assertTrue(router.sent(P1).isEmpty());
        final byte[] error = router.sent(P0).getFirst();
        assertEquals(Frames.ETHERTYPE_IPV4, etherType(error));
        assertEquals(P0_IP, u32(error, 14 + 12));
        assertEquals(11, u8(error, 34), "time exceeded");
        assertEquals(1, router.drops(DropReason.TTL_EXCEEDED));
        assertEquals(0, router.io.inUse());
    }

    /** An echo reply the router itself sends to an IPv4 address routed via an IPv6 next hop. */
    @Test
    void shouldRouteItsOwnEchoReplyThroughTheIp6Gateway()
    {
        router.receive(P1, Frames.ethernet(P1_MAC, GATEWAY_MAC, Frames.ETHERTYPE_IPV4, Frames.ip4Packet(
            VIA_GATEWAY6, TestRouter.P1_IP, 64, Frames.PROTO_ICMP, Frames.icmp4Echo(8, 7, 1, Frames.data(16, 3)))));
        router.worker.doWork();

        final byte[] reply = router.sent(P1).getFirst();
        assertEquals(GATEWAY_MAC, dstMac(reply));
        assertEquals(Frames.ETHERTYPE_IPV4, etherType(reply));
        assertEquals(VIA_GATEWAY6, u32(reply, 14 + 16));
        assertEquals(0, u8(reply, 34), "echo reply");
        assertEquals(0, router.io.inUse());
    }
}
