package net.junction.dataplane.slowpath;

import static net.junction.dataplane.worker.Frames.dstMac;
import static net.junction.dataplane.worker.Frames.etherType;
import static net.junction.dataplane.worker.Frames.icmp6Valid;
import static net.junction.dataplane.worker.Frames.ip4;
import static net.junction.dataplane.worker.Frames.ip6;
import static net.junction.dataplane.worker.Frames.ip6At;
import static net.junction.dataplane.worker.Frames.mac;
import static net.junction.dataplane.worker.Frames.srcMac;
import static net.junction.dataplane.worker.Frames.u16;
import static net.junction.dataplane.worker.Frames.u32;
import static net.junction.dataplane.worker.Frames.u8;
import static net.junction.dataplane.worker.TestRouter.HOST_IP;
import static net.junction.dataplane.worker.TestRouter.HOST_IP6;
import static net.junction.dataplane.worker.TestRouter.HOST_MAC;
import static net.junction.dataplane.worker.TestRouter.P0;
import static net.junction.dataplane.worker.TestRouter.P0_IP;
import static net.junction.dataplane.worker.TestRouter.P0_IP6;
import static net.junction.dataplane.worker.TestRouter.P0_MAC;
import static net.junction.dataplane.worker.TestRouter.P1;
import static net.junction.dataplane.worker.TestRouter.P1_IP;
import static net.junction.dataplane.worker.TestRouter.P1_MAC;
import static net.junction.dataplane.worker.TestRouter.TAP0;
import static net.junction.dataplane.worker.TestRouter.TAP1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import net.junction.dataplane.DropReason;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.dataplane.neighbor.NeighborTable;
import net.junction.dataplane.worker.Frames;
import net.junction.dataplane.worker.TestRouter;
import net.junction.routing.Ip6Address;
import net.junction.routing.NextHop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Neighbor resolution end to end through the worker, the punt ring, {@link SlowPath} and
 * {@link NeighborResolver}: ARP (RFC 826) and Neighbor Discovery (RFC 4861 §7.2), the hold queue,
 * retransmission and failure, and the RFC 4861 §7.3.2 state changes. Timer tests call the
 * resolver's package-private {@code onTimer} with a synthetic {@code nowNs} relative to the time
 * the slow path saw, so they never sleep.
 */
class NeighborResolutionTest
{
    private static final int UNRESOLVED = ip4("198.18.2.7");
    private static final Ip6Address UNRESOLVED6 = ip6("2001:db8:2::7");
    private static final long NEIGHBOR_MAC = 0x52_54_00_00_02_07L;

    @TempDir
    Path directory;

    private TestRouter router;

    @BeforeEach
    void setUp()
    {
        router = new TestRouter(directory);
    }

    @AfterEach
    void tearDown()
    {
        router.close();
    }

    private static byte[] udpTo(final int destination, final int sequence)
    {
        final byte[] frame = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, destination, 64, 20);
        Frames.put16(frame, 14 + 4, sequence);
        Frames.put16(frame, 14 + 10, 0);
        Frames.put16(frame, 14 + 10, Frames.checksum(frame, 14, 20, 0));
        return frame;
    }

    private static byte[] arpReply(final int from, final long fromMac)
    {
        return Frames.arp(P1_MAC, fromMac, 2, fromMac, from, P1_MAC, P1_IP);
    }

    /** Sends one packet to the unresolved neighbor and returns the ARP request that went out p1. */
    private byte[] holdOnePacket(final int destination)
    {
        router.receive(P0, udpTo(destination, 1));
        router.run();
        final List<byte[]> out = router.sent(P1);
        assertEquals(1, out.size(), "one ARP request, the packet held");
        return out.getFirst();
    }

    private static void assertArpRequest(final byte[] request, final int target)
    {
        assertEquals(60, request.length);
        assertEquals(Frames.BROADCAST, dstMac(request));
        assertEquals(P1_MAC, srcMac(request));
        assertEquals(Frames.ETHERTYPE_ARP, etherType(request));
        assertEquals(1, u16(request, 14), "HTYPE Ethernet");
        assertEquals(0x0800, u16(request, 16));
        assertEquals(6, u8(request, 18));
        assertEquals(4, u8(request, 19));
        assertEquals(1, u16(request, 20), "request");
        assertEquals(P1_MAC, mac(request, 22), "sender MAC is the port's");
        assertEquals(P1_IP, u32(request, 28), "sender IP is the port's");
        assertEquals(0, mac(request, 32));
        assertEquals(target, u32(request, 38));
    }

    // ---------------------------------------------------------------------------------- ARP

    @Test
    void shouldHoldPacketArpAndForwardOnReply()
    {
        final byte[] request = holdOnePacket(UNRESOLVED);
        assertArpRequest(request, UNRESOLVED);
        assertEquals(NeighborTable.INCOMPLETE, router.state4(P1, UNRESOLVED));
        assertEquals(1, router.dp(WorkerCounters.NEIGHBOR_PENDING_QUEUED));
        assertEquals(1, router.io.inUse(), "the held packet");

        router.receive(P1, arpReply(UNRESOLVED, NEIGHBOR_MAC));
        router.run();

        final List<byte[]> out = router.sent(P1);
        assertEquals(1, out.size());
        final byte[] released = out.getFirst();
        assertEquals(NEIGHBOR_MAC, dstMac(released));
        assertEquals(P1_MAC, srcMac(released));
        assertEquals(UNRESOLVED, u32(released, 30));
        assertEquals(63, u8(released, 22), "TTL decremented once");
        assertTrue(Frames.ip4HeaderValid(released));
        assertEquals(NeighborTable.REACHABLE, router.state4(P1, UNRESOLVED));
        assertEquals(NEIGHBOR_MAC, NeighborTable.mac(router.neighbors.lookup4(P1, UNRESOLVED)));
        assertEquals(1, router.dp(WorkerCounters.NEIGHBOR_RESOLVED));
        assertEquals(1, router.sent(TAP1).size(), "the reply is also shown to the kernel");
        assertEquals(0, router.io.inUse());

        router.receive(P0, udpTo(UNRESOLVED, 2));
        assertEquals(1, router.worker.doWork());
        assertEquals(NEIGHBOR_MAC, dstMac(router.sent(P1).getFirst()), "now forwarded by the worker alone");
    }

    @Test
    void shouldResolveTheGatewayNotTheDestination()
    {
        final int gateway = ip4("198.18.2.3");
        router.fibWriter.nextHopSet(10, new NextHop.Gateway4(P1, gateway));
        router.fibWriter.route4Set(ip4("198.18.101.0"), 24, 10);
        router.fibWriter.commit();

        final byte[] request = holdOnePacket(ip4("198.18.101.5"));
        assertArpRequest(request, gateway);

        router.receive(P1, arpReply(gateway, NEIGHBOR_MAC));
        router.run();

        final byte[] released = router.sent(P1).getFirst();
        assertEquals(NEIGHBOR_MAC, dstMac(released));
        assertEquals(ip4("198.18.101.5"), u32(released, 30));
    }

    @Test
    void shouldReleaseHeldPacketsInOrder()
    {
        for (int i = 0; i < 5; i++)
        {
            router.receive(P0, udpTo(UNRESOLVED, 100 + i));
        }
        router.run();
        assertEquals(1, router.sent(P1).size(), "one request for five packets");

        router.receive(P1, arpReply(UNRESOLVED, NEIGHBOR_MAC));
        router.run();

        final List<byte[]> out = router.sent(P1);
        assertEquals(5, out.size());
        for (int i = 0; i < 5; i++)
        {
            assertEquals(100 + i, u16(out.get(i), 14 + 4));
        }
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldBoundThePendingQueuePerNeighbor()
    {
        final int extra = 3;
        for (int i = 0; i < NeighborResolver.QUEUE_PER_NEIGHBOR + extra; i++)
        {
            router.receive(P0, udpTo(UNRESOLVED, i));
        }
        router.run();

        assertEquals(1, router.sent(P1).size(), "still a single ARP request");
        assertEquals(extra, router.drops(DropReason.NEIGHBOR_PENDING_DROP));
        assertEquals(NeighborResolver.QUEUE_PER_NEIGHBOR, router.dp(WorkerCounters.NEIGHBOR_PENDING_QUEUED));
        assertEquals(NeighborResolver.QUEUE_PER_NEIGHBOR, router.io.inUse());

        router.receive(P1, arpReply(UNRESOLVED, NEIGHBOR_MAC));
        router.run();

        final List<byte[]> out = router.sent(P1);
        assertEquals(NeighborResolver.QUEUE_PER_NEIGHBOR, out.size());
        assertEquals(0, u16(out.getFirst(), 14 + 4), "the first ones were kept, the late ones dropped");
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldAnswerArpRequestForPortAddressAndLearnSenderStale()
    {
        final int asker = ip4("198.18.1.50");
        final long askerMac = 0x52_54_00_00_01_32L;
        router.receive(P0, Frames.arp(Frames.BROADCAST, askerMac, 1, askerMac, asker, 0, P0_IP));

        router.run();

        final List<byte[]> out = router.sent(P0);
        assertEquals(1, out.size());
        final byte[] reply = out.getFirst();
        assertEquals(60, reply.length);
        assertEquals(askerMac, dstMac(reply));
        assertEquals(P0_MAC, srcMac(reply));
        assertEquals(Frames.ETHERTYPE_ARP, etherType(reply));
        assertEquals(2, u16(reply, 20), "reply");
        assertEquals(P0_MAC, mac(reply, 22));
        assertEquals(P0_IP, u32(reply, 28));
        assertEquals(askerMac, mac(reply, 32));
        assertEquals(asker, u32(reply, 38));
        assertEquals(NeighborTable.STALE, router.state4(P0, asker), "RFC 826 merge; unconfirmed, so STALE");
        assertEquals(askerMac, NeighborTable.mac(router.neighbors.lookup4(P0, asker)));
        assertEquals(1, router.dp(WorkerCounters.ARP_REPLIES_SENT));
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldNotAnswerOrLearnFromArpForAnotherHost()
    {
        final int asker = ip4("198.18.1.51");
        router.receive(P0, Frames.arp(Frames.BROADCAST, 0x52_54_00_00_01_33L, 1, 0x52_54_00_00_01_33L, asker, 0,
            ip4("198.18.1.99")));

        router.run();

        assertTrue(router.sent(P0).isEmpty());
        assertEquals(-1, router.state4(P0, asker), "nothing learned from a request not for us");
        assertEquals(1, router.dp(WorkerCounters.ARP_IN));
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldDropMalformedArp()
    {
        final byte[] arp = Frames.arp(Frames.BROADCAST, HOST_MAC, 1, HOST_MAC, HOST_IP, 0, P0_IP);
        arp[14 + 5] = 16; // PLEN 16
        router.receive(P0, arp);

        router.run();

        assertEquals(1, router.drops(DropReason.ARP_BAD));
        assertTrue(router.sent(P0).isEmpty());
        assertEquals(0, router.io.inUse());
    }

    // ---------------------------------------------------------------------------------- NDP

    @Test
    void shouldHoldPacketSolicitAndForwardOnAdvertisement()
    {
        final byte[] packet = Frames.ip6Udp(P0_MAC, HOST_MAC, HOST_IP6, UNRESOLVED6, 64, 20);
        router.receive(P0, packet);
        router.run();

        final byte[] ns = router.sent(P1).getFirst();
        final Ip6Address solicitedNode = ip6("ff02::1:ff00:7");
        assertEquals(0x33_33_FF_00_00_07L, dstMac(ns), "the solicited-node group's MAC (RFC 2464 §7)");
        assertEquals(P1_MAC, srcMac(ns));
        assertEquals(Frames.ETHERTYPE_IPV6, etherType(ns));
        assertEquals(255, u8(ns, 21), "hop limit 255");
        assertEquals(Frames.PROTO_ICMPV6, u8(ns, 20));
        assertEquals(router.linkLocal(P1), ip6At(ns, 22), "from the port's link-local address");
        assertEquals(solicitedNode, ip6At(ns, 38));
        assertEquals(135, u8(ns, 54));
        assertEquals(0, u8(ns, 55));
        assertEquals(UNRESOLVED6, ip6At(ns, 62));
        assertEquals(1, u8(ns, 78), "source link-layer address option");
        assertEquals(1, u8(ns, 79));
        assertEquals(P1_MAC, mac(ns, 80));
        assertTrue(icmp6Valid(ns));
        assertEquals(NeighborTable.INCOMPLETE, router.state6(P1, UNRESOLVED6));
        assertEquals(1, router.dp(WorkerCounters.ND_SOLICITS_SENT));

        router.receive(P1, Frames.neighborAdvertisement(P1_MAC, NEIGHBOR_MAC, UNRESOLVED6, router.linkLocal(P1),
            UNRESOLVED6, 0x60, NEIGHBOR_MAC));
        router.run();

        final byte[] released = router.sent(P1).getFirst();
        assertEquals(NEIGHBOR_MAC, dstMac(released));
        assertEquals(P1_MAC, srcMac(released));
        assertEquals(63, u8(released, 21));
        assertEquals(UNRESOLVED6, ip6At(released, 38));
        assertEquals(NeighborTable.REACHABLE, router.state6(P1, UNRESOLVED6));
        assertEquals(1, router.sent(TAP1).size(), "the advertisement is also shown to the kernel");
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldAnswerSolicitationForPortAddress()
    {
        final Ip6Address asker = ip6("2001:db8:1::50");
        final long askerMac = 0x52_54_00_00_01_50L;
        router.receive(P0, Frames.neighborSolicitation(0x33_33_FF_00_00_01L, askerMac, asker, ip6("ff02::1:ff00:1"),
            P0_IP6, askerMac));

        router.run();

        final List<byte[]> out = router.sent(P0);
        assertEquals(1, out.size());
        final byte[] na = out.getFirst();
        assertEquals(14 + 40 + 32, na.length);
        assertEquals(askerMac, dstMac(na));
        assertEquals(P0_MAC, srcMac(na));
        assertEquals(255, u8(na, 21));
        assertEquals(P0_IP6, ip6At(na, 22), "from the target address");
        assertEquals(asker, ip6At(na, 38));
        assertEquals(136, u8(na, 54));
        final int flags = u8(na, 58);
        assertEquals(0x40, flags & 0x40, "solicited");
        assertEquals(0x20, flags & 0x20, "override");
        assertEquals(0x80, flags & 0x80, "router");
        assertEquals(P0_IP6, ip6At(na, 62));
        assertEquals(2, u8(na, 78), "target link-layer address option");
        assertEquals(1, u8(na, 79));
        assertEquals(P0_MAC, mac(na, 80));
        assertTrue(icmp6Valid(na));
        assertEquals(NeighborTable.STALE, router.state6(P0, asker), "RFC 4861 §7.2.3");
        assertEquals(askerMac, NeighborTable.mac(router.neighbors.lookup6(P0, asker.high(), asker.low())));
        assertEquals(1, router.dp(WorkerCounters.ND_REPLIES_SENT));
        assertEquals(0, router.io.inUse());
    }

    /**
     * RFC 4861 §7.2.4 / RFC 4862 §5.4.3: a host probing (source ::) for an address the router
     * already has gets an advertisement to all-nodes, so it detects the duplicate. RFC 4291
     * §2.5.2 forbids forwarding a packet from ::, not receiving one.
     */
    @Test
    void shouldAnswerDuplicateAddressDetectionToAllNodes()
    {
        router.receive(P0, Frames.neighborSolicitation(0x33_33_FF_00_00_01L, HOST_MAC, ip6("::"), ip6("ff02::1:ff00:1"),
            P0_IP6, -1));

        router.run();

        assertEquals(0, router.drops(DropReason.IP6_MARTIAN_SOURCE), "a DAD probe's :: source is legal on the link");
        final List<byte[]> out = router.sent(P0);
        assertEquals(1, out.size(), "the router defends its address");
        final byte[] na = out.getFirst();
        assertEquals(0x33_33_00_00_00_01L, dstMac(na));
        assertEquals(ip6("ff02::1"), ip6At(na, 38));
        assertEquals(0, u8(na, 58) & 0x40, "not solicited (RFC 4861 §7.2.4)");
        assertTrue(icmp6Valid(na));
    }

    @Test
    void shouldIgnoreSolicitationForAnotherTarget()
    {
        router.receive(P0, Frames.neighborSolicitation(0x33_33_FF_00_00_99L, HOST_MAC, HOST_IP6, ip6("ff02::1:ff00:99"),
            ip6("2001:db8:1::99"), HOST_MAC));

        router.run();

        assertTrue(router.sent(P0).isEmpty());
        assertTrue(router.sent(TAP0).isEmpty());
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldDropSolicitationWithBadChecksum()
    {
        final byte[] ns = Frames.neighborSolicitation(0x33_33_FF_00_00_01L, HOST_MAC, HOST_IP6, ip6("ff02::1:ff00:1"),
            P0_IP6, HOST_MAC);
        ns[56] ^= 0x01;
        router.receive(P0, ns);

        router.run();

        assertEquals(1, router.drops(DropReason.ND_BAD));
        assertTrue(router.sent(P0).isEmpty());
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldHandRouterSolicitationsToTheKernel()
    {
        final byte[] rs = Frames.ethernet(0x33_33_00_00_00_02L, HOST_MAC, Frames.ETHERTYPE_IPV6,
            Frames.ip6Packet(HOST_IP6, ip6("ff02::2"), 255, Frames.PROTO_ICMPV6,
                Frames.icmp6(HOST_IP6, ip6("ff02::2"), 133, 0, new byte[4])));
        router.receive(P0, rs);

        router.run();

        assertArrayEquals(rs, router.sent(TAP0).getFirst());
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldResolveALinkLocalSenderToAnswerItsEcho()
    {
        // The reply goes to fe80::99 on the link it came from (Pipeline.ON_LINK), which nobody resolved yet.
        final Ip6Address sender = ip6("fe80::99");
        final long senderMac = 0x52_54_00_00_01_99L;
        router.receive(P0, Frames.icmp6Echo(P0_MAC, senderMac, sender, router.linkLocal(P0), 64, 1, 1, new byte[8]));
        router.run();

        final byte[] ns = router.sent(P0).getFirst();
        assertEquals(135, u8(ns, 54));
        assertEquals(sender, ip6At(ns, 62), "solicits the link-local sender on the ingress port");
        assertEquals(0x33_33_FF_00_00_99L, dstMac(ns));

        router.receive(P0, Frames.neighborAdvertisement(P0_MAC, senderMac, sender, router.linkLocal(P0), sender, 0x60, senderMac));
        router.run();

        final byte[] reply = router.sent(P0).getFirst();
        assertEquals(129, u8(reply, 54));
        assertEquals(senderMac, dstMac(reply));
        assertEquals(sender, ip6At(reply, 38));
        assertTrue(icmp6Valid(reply));
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldNotCountResolverTrafficAsDropsWithoutExceptionPath()
    {
        router.close();
        router = new TestRouter(directory, TestRouter.options().taps(false));
        holdOnePacket(UNRESOLVED);
        router.receive(P1, arpReply(UNRESOLVED, NEIGHBOR_MAC));
        router.run();

        assertEquals(1, router.sent(P1).size(), "resolved and released");
        assertEquals(0, router.totalDrops(), "an ARP reply the resolver consumed is not a dropped packet");
        assertEquals(0, router.io.inUse());
    }

    // ------------------------------------------------------------------------------- timers

    @Test
    void shouldFailAfterMaxMulticastSolicitAndDropHeldPackets()
    {
        holdOnePacket(UNRESOLVED);
        final long startNs = System.nanoTime(); // at or after the slow path's clock when it sent the request
        router.receive(P0, udpTo(UNRESOLVED, 2));
        router.run();
        assertEquals(2, router.io.inUse(), "two packets held");

        for (int retry = 1; retry < NeighborResolver.MAX_MULTICAST_SOLICIT; retry++)
        {
            router.resolver.onTimer(startNs + retry * NeighborResolver.RETRANS_TIMER_NS + 1);
            router.worker.doWork();
            final List<byte[]> out = router.sent(P1);
            assertEquals(1, out.size(), "retransmission " + retry);
            assertArpRequest(out.getFirst(), UNRESOLVED);
            assertEquals(NeighborTable.INCOMPLETE, router.state4(P1, UNRESOLVED));
        }
        assertEquals(0, router.drops(DropReason.NEIGHBOR_FAILED));

        router.resolver.onTimer(startNs + NeighborResolver.MAX_MULTICAST_SOLICIT * NeighborResolver.RETRANS_TIMER_NS + 1);
        router.worker.doWork();

        assertTrue(router.sent(P1).isEmpty(), "no fourth request");
        assertEquals(NeighborTable.FAILED, router.state4(P1, UNRESOLVED));
        assertEquals(2, router.drops(DropReason.NEIGHBOR_FAILED));
        assertEquals(NeighborResolver.MAX_MULTICAST_SOLICIT, router.dp(WorkerCounters.ARP_REQUESTS_SENT));
        assertEquals(0, router.io.inUse(), "the held packets were freed");

        router.resolver.onTimer(startNs + NeighborResolver.MAX_MULTICAST_SOLICIT * NeighborResolver.RETRANS_TIMER_NS +
            NeighborResolver.FAILED_HOLD_NS + 2);
        assertEquals(-1, router.state4(P1, UNRESOLVED), "FAILED is forgotten after the hold time");
        assertEquals(1, router.dp(WorkerCounters.NEIGHBOR_FAILURES));
        assertEquals(1, router.dp(WorkerCounters.NEIGHBOR_AGED));
    }

    @Test
    void shouldFailIp6AfterMaxMulticastSolicit()
    {
        router.receive(P0, Frames.ip6Udp(P0_MAC, HOST_MAC, HOST_IP6, UNRESOLVED6, 64, 20));
        router.run();
        final long startNs = System.nanoTime();
        assertEquals(1, router.sent(P1).size());

        for (int retry = 1; retry <= NeighborResolver.MAX_MULTICAST_SOLICIT; retry++)
        {
            router.resolver.onTimer(startNs + retry * NeighborResolver.RETRANS_TIMER_NS + 1);
            router.worker.doWork();
        }

        assertEquals(NeighborResolver.MAX_MULTICAST_SOLICIT - 1, router.sent(P1).size(), "the retransmissions");
        assertEquals(NeighborTable.FAILED, router.state6(P1, UNRESOLVED6));
        assertEquals(1, router.drops(DropReason.NEIGHBOR_FAILED));
        assertEquals(0, router.io.inUse());
    }

    /**
     * RFC 4861 §7.2.2: "If no Neighbor Advertisement is received after MAX_MULTICAST_SOLICIT
     * solicitations, address resolution has failed. The sender MUST return ICMP destination
     * unreachable indications with code 3 (Address Unreachable) for each packet queued awaiting
     * address resolution."
     */
    @Test
    void shouldReturnAddressUnreachableForPacketsQueuedWhenResolutionFails()
    {
        final byte[] packet = Frames.ip6Udp(P0_MAC, HOST_MAC, HOST_IP6, UNRESOLVED6, 64, 20);
        router.receive(P0, packet);
        router.run();
        final long startNs = System.nanoTime();
        router.sent(P1);

        for (int retry = 1; retry <= NeighborResolver.MAX_MULTICAST_SOLICIT; retry++)
        {
            router.resolver.onTimer(startNs + retry * NeighborResolver.RETRANS_TIMER_NS + 1);
            router.run();
        }

        assertEquals(NeighborTable.FAILED, router.state6(P1, UNRESOLVED6));
        final List<byte[]> back = router.sent(P0);
        assertEquals(1, back.size(), "one ICMPv6 error for the one queued packet");
        final byte[] error = back.getFirst();
        assertEquals(HOST_MAC, dstMac(error));
        assertEquals(HOST_IP6, ip6At(error, 38));
        assertEquals(1, u8(error, 54), "destination unreachable");
        assertEquals(3, u8(error, 55), "address unreachable");
        assertTrue(icmp6Valid(error));
        assertEquals(0, router.io.inUse());
    }

    /** RFC 4861 §7.2.2 for an IPv4 packet: the error is ICMPv4 host unreachable, from the ingress port's IPv4 address. */
    @Test
    void shouldReturnIcmp4HostUnreachableForAnIp4PacketWhoseIp6NeighborNeverAnswers()
    {
        router.fibWriter.nextHopSet(10, new NextHop.Gateway6(P1, UNRESOLVED6)); // RFC 8950: IPv4 via IPv6
        router.fibWriter.route4Set(ip4("198.18.111.0"), 24, 10);
        router.fibWriter.commit();
        router.receive(P0, Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, ip4("198.18.111.9"), 64, 20));
        router.run();
        final long startNs = System.nanoTime();
        router.sent(P1);

        for (int retry = 1; retry <= NeighborResolver.MAX_MULTICAST_SOLICIT; retry++)
        {
            router.resolver.onTimer(startNs + retry * NeighborResolver.RETRANS_TIMER_NS + 1);
            router.run();
        }

        assertEquals(NeighborTable.FAILED, router.state6(P1, UNRESOLVED6));
        assertEquals(1, router.drops(DropReason.NEIGHBOR_FAILED));
        final List<byte[]> back = router.sent(P0);
        assertEquals(1, back.size(), "one ICMPv4 error for the one queued packet");
        final byte[] error = back.getFirst();
        assertEquals(HOST_MAC, dstMac(error));
        assertEquals(Frames.ETHERTYPE_IPV4, etherType(error));
        assertEquals(P0_IP, u32(error, 14 + 12), "from the ingress port's IPv4 address");
        assertEquals(HOST_IP, u32(error, 14 + 16));
        assertEquals(3, u8(error, 34), "destination unreachable");
        assertEquals(1, u8(error, 35), "host unreachable");
        assertTrue(Frames.ip4HeaderValid(error));
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldAgeReachableToStaleAfterReachableTime()
    {
        holdOnePacket(UNRESOLVED);
        final long beforeNs = System.nanoTime();
        router.receive(P1, arpReply(UNRESOLVED, NEIGHBOR_MAC));
        router.run();
        final long afterNs = System.nanoTime();
        assertEquals(NeighborTable.REACHABLE, router.state4(P1, UNRESOLVED));

        router.resolver.onTimer(beforeNs + router.resolver.reachableTimeNs() - 1);
        assertEquals(NeighborTable.REACHABLE, router.state4(P1, UNRESOLVED), "not yet");

        router.resolver.onTimer(afterNs + router.resolver.reachableTimeNs());
        assertEquals(NeighborTable.STALE, router.state4(P1, UNRESOLVED));
        assertEquals(NEIGHBOR_MAC, NeighborTable.mac(router.neighbors.lookup4(P1, UNRESOLVED)), "MAC kept");
        router.worker.doWork();
        router.sent(P1);

        router.receive(P0, udpTo(UNRESOLVED, 9));
        router.worker.doWork();
        assertEquals(NEIGHBOR_MAC, dstMac(router.sent(P1).getFirst()), "STALE is still used (RFC 4861 §7.3.3)");
    }

    @Test
    void shouldNeverAgePermanentNeighbors()
    {
        router.resolver.onTimer(System.nanoTime() + 10 * NeighborResolver.GC_STALE_TIME_NS);
        router.worker.doWork();

        assertEquals(NeighborTable.PERMANENT, router.state4(P1, TestRouter.SERVER_IP));
        assertEquals(NeighborTable.PERMANENT, router.state6(P0, HOST_IP6));
        assertTrue(router.sent(P1).isEmpty());
        assertTrue(router.sent(P0).isEmpty());
    }

    @Test
    void shouldNotOverwritePermanentNeighborFromArp()
    {
        router.receive(P0, Frames.arp(Frames.BROADCAST, 0x52_54_00_00_66_66L, 1, 0x52_54_00_00_66_66L, HOST_IP, 0, P0_IP));
        router.run();

        assertEquals(NeighborTable.PERMANENT, router.state4(P0, HOST_IP));
        assertEquals(HOST_MAC, NeighborTable.mac(router.neighbors.lookup4(P0, HOST_IP)));
    }

    @Test
    void shouldReleaseHeldPacketsOnClose()
    {
        holdOnePacket(UNRESOLVED);
        assertEquals(1, router.io.inUse());

        router.close(); // the slow path's onClose

        assertEquals(0, router.io.inUse());
    }
}
