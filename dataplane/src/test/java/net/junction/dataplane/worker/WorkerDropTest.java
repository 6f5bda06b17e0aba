package net.junction.dataplane.worker;

import static net.junction.dataplane.worker.Frames.dstMac;
import static net.junction.dataplane.worker.Frames.etherType;
import static net.junction.dataplane.worker.Frames.icmp6Valid;
import static net.junction.dataplane.worker.Frames.ip4;
import static net.junction.dataplane.worker.Frames.ip4HeaderValid;
import static net.junction.dataplane.worker.Frames.ip6;
import static net.junction.dataplane.worker.Frames.slice;
import static net.junction.dataplane.worker.Frames.srcMac;
import static net.junction.dataplane.worker.Frames.u16;
import static net.junction.dataplane.worker.Frames.u32;
import static net.junction.dataplane.worker.Frames.u8;
import static net.junction.dataplane.worker.TestRouter.HOST_IP;
import static net.junction.dataplane.worker.TestRouter.HOST_IP6;
import static net.junction.dataplane.worker.TestRouter.HOST_LL6;
import static net.junction.dataplane.worker.TestRouter.HOST_MAC;
import static net.junction.dataplane.worker.TestRouter.P0;
import static net.junction.dataplane.worker.TestRouter.P0_IP;
import static net.junction.dataplane.worker.TestRouter.P0_IP6;
import static net.junction.dataplane.worker.TestRouter.P0_MAC;
import static net.junction.dataplane.worker.TestRouter.P1;
import static net.junction.dataplane.worker.TestRouter.SERVER_IP;
import static net.junction.dataplane.worker.TestRouter.SERVER_IP6;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;

import net.junction.bindings.dpdk.RteMbuf;
import net.junction.dataplane.DropReason;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.dataplane.port.PacketIo;
import net.junction.routing.Ip6Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way the worker refuses a packet: the right drop counter moves by one, nothing else is
 * sent (or only the ICMP error RFC 1812 §4.3.2 / RFC 4443 §3 asks for), no exception escapes
 * {@code doWork}, and every mbuf goes back to the pool.
 */
class WorkerDropTest
{
    @TempDir
    Path directory;

    private TestRouter router;

    @AfterEach
    void tearDown()
    {
        if (router != null)
        {
            router.close();
        }
    }

    private TestRouter router()
    {
        if (router == null)
        {
            router = new TestRouter(directory);
        }
        return router;
    }

    /** Receives {@code frame} on p0 and checks it was dropped for {@code reason} alone, with nothing sent. */
    private void assertDropped(final byte[] frame, final int reason)
    {
        final TestRouter router = router();
        final int baseline = router.io.inUse();
        router.receive(P0, frame);

        assertEquals(1, router.worker.doWork());
        router.run();

        assertEquals(1, router.drops(reason), DropReason.name(reason));
        assertEquals(1, router.totalDrops(), "no other drop counted");
        assertTrue(router.sent(P0).isEmpty(), "nothing back out of p0");
        assertTrue(router.sent(P1).isEmpty(), "nothing out of p1");
        assertEquals(0, router.workerCounters.dpValue(WorkerCounters.FORWARDED));
        assertEquals(1, router.workerCounters.portValue(P0, WorkerCounters.PORT_RX));
        assertEquals(baseline, router.io.inUse(), "the mbuf went back to the pool");
    }

    private static byte[] udp4ToServer()
    {
        return Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 32);
    }

    private static void setIp4Checksum(final byte[] frame)
    {
        Frames.put16(frame, 24, 0);
        Frames.put16(frame, 24, Frames.checksum(frame, 14, (u8(frame, 14) & 0x0F) * 4, 0));
    }

    @Test
    void shouldDropRunt()
    {
        assertDropped(Arrays.copyOf(udp4ToServer(), 10), DropReason.RUNT);
    }

    @Test
    void shouldDropIp4ShorterThanItsHeaderAsRunt()
    {
        assertDropped(Arrays.copyOf(udp4ToServer(), 14 + 12), DropReason.RUNT);
    }

    @Test
    void shouldDropUnknownEthertype()
    {
        assertDropped(Frames.ethernet(P0_MAC, HOST_MAC, 0x88B5, new byte[46]), DropReason.UNSUPPORTED_ETHERTYPE);
    }

    @Test
    void shouldDropVlanTagged()
    {
        final byte[] untagged = udp4ToServer();
        final byte[] tagged = new byte[untagged.length + 4];
        System.arraycopy(untagged, 0, tagged, 0, 12);
        Frames.put16(tagged, 12, Frames.ETHERTYPE_VLAN);
        Frames.put16(tagged, 14, 100);
        System.arraycopy(untagged, 12, tagged, 16, untagged.length - 12);
        assertDropped(tagged, DropReason.VLAN_UNKNOWN);
    }

    @Test
    void shouldDropFrameForAnotherMac()
    {
        assertDropped(Frames.ip4Udp(0x02_99_99_99_99_99L, HOST_MAC, HOST_IP, SERVER_IP, 64, 32), DropReason.NOT_FOR_US_MAC);
    }

    @Test
    void shouldDropBadIp4Checksum()
    {
        final byte[] frame = udp4ToServer();
        frame[24] ^= 0x01;
        assertDropped(frame, DropReason.IP4_BAD_CHECKSUM);
    }

    @Test
    void shouldDropBadIhl()
    {
        final byte[] frame = udp4ToServer();
        frame[14] = 0x44;
        setIp4Checksum(frame);
        assertDropped(frame, DropReason.IP4_BAD_IHL);
    }

    @Test
    void shouldDropIhlBeyondTheFrame()
    {
        final byte[] frame = Arrays.copyOf(udp4ToServer(), 14 + 40);
        frame[14] = 0x4F; // 60-byte header in a 40-byte L3
        assertDropped(frame, DropReason.IP4_BAD_IHL);
    }

    @Test
    void shouldDropBadIp4Version()
    {
        final byte[] frame = udp4ToServer();
        frame[14] = 0x55;
        setIp4Checksum(frame);
        assertDropped(frame, DropReason.IP4_BAD_VERSION);
    }

    @Test
    void shouldDropTruncatedIp4()
    {
        final byte[] frame = udp4ToServer();
        assertDropped(Arrays.copyOf(frame, frame.length - 10), DropReason.IP4_BAD_LENGTH);
    }

    @Test
    void shouldDropIp6WithPayloadLengthBeyondTheFrame()
    {
        final byte[] frame = Frames.ip6Udp(P0_MAC, HOST_MAC, HOST_IP6, SERVER_IP6, 64, 32);
        Frames.put16(frame, 14 + 4, u16(frame, 14 + 4) + 1);
        assertDropped(frame, DropReason.IP6_BAD_LENGTH);
    }

    @Test
    void shouldDropBlackholed()
    {
        assertDropped(Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, ip4("198.18.200.9"), 64, 32), DropReason.BLACKHOLE);
    }

    @Test
    void shouldDropBlackholedIp6()
    {
        assertDropped(Frames.ip6Udp(P0_MAC, HOST_MAC, HOST_IP6, ip6("2001:db8:200::9"), 64, 32), DropReason.BLACKHOLE);
    }

    /** DropReason: IP6_LINK_LOCAL_DESTINATION is "Link-local destination that is not one of the router's addresses". */
    @Test
    void shouldDropIp6ToLinkLocalOfAnotherHost()
    {
        final byte[] frame = Frames.ip6Udp(P0_MAC, HOST_MAC, HOST_IP6, ip6("fe80::99"), 64, 8);
        final TestRouter router = router();
        router.route6(ip6("fe80::"), 10, TestRouter.NH_P1); // even with a route, link-local stays on its link
        assertDropped(frame, DropReason.IP6_LINK_LOCAL_DESTINATION);
    }

    @Test
    void shouldDropMultiSegment()
    {
        router = new TestRouter(directory, TestRouter.options().workerIo(ChainingIo::new));
        assertDropped(udp4ToServer(), DropReason.MULTI_SEGMENT);
    }

    @Test
    void shouldDropMartianSource()
    {
        final byte[] frame = Frames.ip4Udp(P0_MAC, HOST_MAC, 0, SERVER_IP, 1, 8);
        assertDropped(frame, DropReason.IP4_MARTIAN_SOURCE);
    }

    // ------------------------------------------------------------------------ drops with an ICMP error

    @Test
    void shouldSendNetUnreachableForNoRoute()
    {
        final TestRouter router = router();
        final byte[] frame = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, ip4("203.0.113.9"), 64, 40);
        router.receive(P0, frame);

        router.worker.doWork();

        assertEquals(1, router.drops(DropReason.NO_ROUTE));
        assertEquals(1, router.totalDrops());
        assertTrue(router.sent(P1).isEmpty());
        final byte[] error = router.sent(P0).getFirst();
        assertIcmp4Error(error, 3, 0, frame);
        assertEquals(1, router.workerCounters.dpValue(WorkerCounters.ICMP_ERRORS_SENT));
        assertEquals(0, router.workerCounters.dpValue(WorkerCounters.FORWARDED));
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldSendTimeExceededForTtlOne()
    {
        final TestRouter router = router();
        final byte[] frame = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 1, 40);
        router.receive(P0, frame);

        router.worker.doWork();

        assertEquals(1, router.drops(DropReason.TTL_EXCEEDED));
        assertTrue(router.sent(P1).isEmpty(), "not forwarded");
        final byte[] error = router.sent(P0).getFirst();
        assertIcmp4Error(error, 11, 0, frame);
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldSendTimeExceededForTtlZero()
    {
        final TestRouter router = router();
        final byte[] frame = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, ip4("198.18.100.1"), 0, 8);
        router.receive(P0, frame);

        router.worker.doWork();

        assertIcmp4Error(router.sent(P0).getFirst(), 11, 0, frame);
    }

    @Test
    void shouldSendHopLimitExceededForIp6()
    {
        final TestRouter router = router();
        final byte[] frame = Frames.ip6Udp(P0_MAC, HOST_MAC, HOST_IP6, SERVER_IP6, 1, 40);
        router.receive(P0, frame);

        router.worker.doWork();

        assertEquals(1, router.drops(DropReason.TTL_EXCEEDED));
        assertTrue(router.sent(P1).isEmpty());
        assertIcmp6Error(router.sent(P0).getFirst(), 3, 0, frame, HOST_IP6);
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldSendIcmp6NoRoute()
    {
        final TestRouter router = router();
        final byte[] frame = Frames.ip6Udp(P0_MAC, HOST_MAC, HOST_IP6, ip6("2001:db8:99::1"), 64, 8);
        router.receive(P0, frame);

        router.worker.doWork();

        assertEquals(1, router.drops(DropReason.NO_ROUTE));
        assertIcmp6Error(router.sent(P0).getFirst(), 1, 0, frame, HOST_IP6);
    }

    @Test
    void shouldDropOnLinkDownEgressAndSendHostUnreachable()
    {
        final TestRouter router = router();
        router.ports.linkUp(P1, false);
        final byte[] frame = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 16);
        router.receive(P0, frame);

        router.worker.doWork();

        assertEquals(1, router.drops(DropReason.LINK_DOWN));
        assertTrue(router.sent(P1).isEmpty());
        assertIcmp4Error(router.sent(P0).getFirst(), 3, 1, frame);
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldDropIp6OnLinkDownEgress()
    {
        final TestRouter router = router();
        router.ports.linkUp(P1, false);
        final byte[] frame = Frames.ip6Udp(P0_MAC, HOST_MAC, HOST_IP6, SERVER_IP6, 64, 16);
        router.receive(P0, frame);

        router.worker.doWork();

        assertEquals(1, router.drops(DropReason.LINK_DOWN));
        assertTrue(router.sent(P1).isEmpty());
        assertIcmp6Error(router.sent(P0).getFirst(), 1, 3, frame, HOST_IP6);
    }

    @Test
    void shouldSendFragmentationNeededWhenDontFragmentExceedsMtu()
    {
        final TestRouter router = router();
        final byte[] frame = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 1600 - 28);
        Frames.put16(frame, 14 + 6, 0x4000);
        setIp4Checksum(frame);
        router.receive(P0, frame);

        router.worker.doWork();

        assertEquals(1, router.drops(DropReason.MTU_EXCEEDED));
        assertTrue(router.sent(P1).isEmpty());
        final byte[] error = router.sent(P0).getFirst();
        assertEquals(3, u8(error, 34));
        assertEquals(4, u8(error, 35));
        assertEquals(1500, u16(error, 34 + 6), "next-hop MTU (RFC 1191)");
        assertTrue(Frames.checksumValid(error, 34, u16(error, 16) - 20, 0));
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldCountTxFullAndFreeWhatCouldNotBeSent()
    {
        final TestRouter router = router();
        router.io.txBlocked(P1, true);
        for (int i = 0; i < 5; i++)
        {
            router.receive(P0, udp4ToServer());
        }

        assertEquals(5, router.worker.doWork());

        assertEquals(5, router.drops(DropReason.TX_FULL));
        assertEquals(0, router.workerCounters.portValue(P1, WorkerCounters.PORT_TX));
        assertEquals(0, router.workerCounters.portValue(P1, WorkerCounters.PORT_TX_BYTES));
        assertEquals(0, router.io.inUse());

        router.io.txBlocked(P1, false);
        router.receive(P0, udp4ToServer());
        router.worker.doWork();
        assertEquals(1, router.sent(P1).size());
        assertEquals(1, router.workerCounters.portValue(P1, WorkerCounters.PORT_TX));
    }

    @Test
    void shouldCountIcmpRateLimited()
    {
        router = new TestRouter(directory, TestRouter.options().icmpLimit(1, 2));
        for (int i = 0; i < 3; i++)
        {
            router.receive(P0, Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 1, 8));
        }

        router.worker.doWork();

        assertEquals(2, router.sent(P0).size(), "a burst of 2, then the bucket is empty");
        assertEquals(3, router.drops(DropReason.TTL_EXCEEDED));
        assertEquals(1, router.drops(DropReason.ICMP_RATE_LIMITED));
        assertEquals(0, router.io.inUse());
    }

    /**
     * RFC 1812 §4.3.2.8 asks for a rate, not a lifetime quota: once the bucket has refilled, errors
     * flow again. With 1000 errors/s, a millisecond of the worker's clock refills one token.
     */
    @Test
    void shouldSendIcmpErrorsAgainOnceTheRateLimiterRefills()
    {
        router = new TestRouter(directory, TestRouter.options().icmpLimit(1000, 1));
        final long[] nowNs = {5_000_000_000L};
        router.worker.clock(() -> nowNs[0]);
        router.receive(P0, Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 1, 8));
        router.receive(P0, Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 1, 8));
        router.worker.doWork();
        assertEquals(1, router.sent(P0).size());
        assertEquals(1, router.drops(DropReason.ICMP_RATE_LIMITED));

        nowNs[0] += 999_999;
        router.receive(P0, Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 1, 8));
        router.worker.doWork();
        assertTrue(router.sent(P0).isEmpty(), "not yet a whole token");
        assertEquals(2, router.drops(DropReason.ICMP_RATE_LIMITED));

        nowNs[0] += 1;
        router.receive(P0, Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 1, 8));
        router.worker.doWork();
        assertEquals(1, router.sent(P0).size(), "a time exceeded one millisecond later");
        assertEquals(2, router.drops(DropReason.ICMP_RATE_LIMITED));
    }

    /**
     * RFC 1812 §5.3.4: "A router MUST NOT forward any packet that the router received as a Link
     * Layer broadcast, unless it is directed to an IP Multicast address."
     */
    @Test
    void shouldNotForwardUnicastIpReceivedAsLinkLayerBroadcast()
    {
        final TestRouter router = router();
        router.receive(P0, Frames.ip4Udp(Frames.BROADCAST, HOST_MAC, HOST_IP, SERVER_IP, 64, 32));

        router.worker.doWork();
        router.run();

        assertTrue(router.sent(P1).isEmpty(), "a link-layer broadcast must not be forwarded");
        assertEquals(0, router.workerCounters.dpValue(WorkerCounters.FORWARDED));
        assertEquals(0, router.io.inUse());
    }

    /** RFC 3927 §7: "A router MUST NOT forward a packet with an IPv4 Link-Local source or destination address". */
    @Test
    void shouldNotForwardIp4FromLinkLocalSource()
    {
        final TestRouter router = router();
        router.receive(P0, Frames.ip4Udp(P0_MAC, HOST_MAC, ip4("169.254.7.7"), SERVER_IP, 64, 32));

        router.worker.doWork();

        assertTrue(router.sent(P1).isEmpty(), "a link-local source must not be forwarded");
        assertEquals(1, router.drops(DropReason.IP4_LINK_LOCAL_SOURCE));
        assertEquals(0, router.io.inUse());
    }

    /** RFC 4291 §2.5.6: "Routers must not forward any packets with Link-Local source or destination addresses to other links." */
    @Test
    void shouldNotForwardIp6FromLinkLocalSource()
    {
        final TestRouter router = router();
        router.receive(P0, Frames.ip6Udp(P0_MAC, HOST_MAC, HOST_LL6, SERVER_IP6, 64, 32));

        router.worker.doWork();

        assertTrue(router.sent(P1).isEmpty(), "a link-local source must not be forwarded");
        assertEquals(1, router.drops(DropReason.IP6_LINK_LOCAL_SOURCE));
        assertEquals(0, router.io.inUse());
    }

    // ------------------------------------------------------------------------------------ helpers

    /** An ICMPv4 error from p0's address to the host, quoting the start of {@code original}'s IP packet. */
    private static void assertIcmp4Error(final byte[] error, final int type, final int code, final byte[] original)
    {
        assertEquals(HOST_MAC, dstMac(error));
        assertEquals(P0_MAC, srcMac(error));
        assertEquals(Frames.ETHERTYPE_IPV4, etherType(error));
        assertEquals(0x45, u8(error, 14));
        assertTrue(ip4HeaderValid(error), "IP header checksum");
        assertEquals(error.length - 14, u16(error, 16), "total length is the frame");
        assertEquals(Frames.PROTO_ICMP, u8(error, 23));
        assertTrue(u8(error, 22) >= 1, "a TTL the error can travel with");
        assertEquals(P0_IP, u32(error, 26), "from the router's address on the ingress port");
        assertEquals(HOST_IP, u32(error, 30), "to the sender");
        assertEquals(type, u8(error, 34));
        assertEquals(code, u8(error, 35));
        final int icmpLength = error.length - 34;
        assertTrue(Frames.checksumValid(error, 34, icmpLength, 0), "ICMP checksum");
        // RFC 792 / RFC 1812 §4.3.2.3: the original header and at least 8 bytes of its data.
        final int quoted = icmpLength - 8;
        final int originalLength = original.length - 14;
        assertTrue(quoted >= 28, "quotes the header and 8 bytes");
        assertArrayEquals(slice(original, 14, Math.min(quoted, originalLength)), slice(error, 42, Math.min(quoted, originalLength)),
            "the quoted packet is the original as received");
    }

    /** An ICMPv6 error from p0's global address to {@code to}, quoting the original packet. */
    private static void assertIcmp6Error(
        final byte[] error, final int type, final int code, final byte[] original, final Ip6Address to)
    {
        assertEquals(HOST_MAC, dstMac(error));
        assertEquals(P0_MAC, srcMac(error));
        assertEquals(Frames.ETHERTYPE_IPV6, etherType(error));
        assertEquals(6, u8(error, 14) >>> 4);
        assertEquals(Frames.PROTO_ICMPV6, u8(error, 20));
        assertEquals(error.length - 54, u16(error, 18), "payload length is the frame");
        assertEquals(P0_IP6, Frames.ip6At(error, 22));
        assertEquals(to, Frames.ip6At(error, 38));
        assertEquals(type, u8(error, 54));
        assertEquals(code, u8(error, 55));
        assertTrue(icmp6Valid(error), "ICMPv6 checksum over the pseudo-header");
        final int quoted = error.length - 62;
        assertEquals(Math.min(original.length - 14, 1280 - 48), quoted);
        assertArrayEquals(slice(original, 14, quoted), slice(error, 62, quoted));
    }

    /** Marks every received mbuf as the head of a two-segment chain (as a jumbo frame's would be). */
    private static final class ChainingIo implements PacketIo
    {
        private final PacketIo delegate;

        ChainingIo(final PacketIo delegate)
        {
            this.delegate = delegate;
        }

        @Override
        public int rxBurst(final int port, final int queue, final MemorySegment mbufs, final int max)
        {
            final int n = delegate.rxBurst(port, queue, mbufs, max);
            for (int i = 0; i < n; i++)
            {
                RteMbuf.nbSegs(mbufs.getAtIndex(ValueLayout.JAVA_LONG, i), 2);
            }
            return n;
        }

        @Override
        public int txBurst(final int port, final int queue, final MemorySegment mbufs, final int count)
        {
            return delegate.txBurst(port, queue, mbufs, count);
        }

        @Override
        public void freeBulk(final MemorySegment mbufs, final int count)
        {
            delegate.freeBulk(mbufs, count);
        }

        @Override
        public void free(final long mbuf)
        {
            delegate.free(mbuf);
        }

        @Override
        public long alloc()
        {
            return delegate.alloc();
        }

        @Override
        public boolean allocBulk(final MemorySegment mbufs, final int from, final int count)
        {
            return delegate.allocBulk(mbufs, from, count);
        }
    }
}
