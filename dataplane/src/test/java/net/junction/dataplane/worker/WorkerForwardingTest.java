package net.junction.dataplane.worker;

import static net.junction.dataplane.worker.Frames.dstMac;
import static net.junction.dataplane.worker.Frames.etherType;
import static net.junction.dataplane.worker.Frames.ip4;
import static net.junction.dataplane.worker.Frames.ip4HeaderValid;
import static net.junction.dataplane.worker.Frames.ip6;
import static net.junction.dataplane.worker.Frames.pad;
import static net.junction.dataplane.worker.Frames.slice;
import static net.junction.dataplane.worker.Frames.srcMac;
import static net.junction.dataplane.worker.Frames.u16;
import static net.junction.dataplane.worker.Frames.u8;
import static net.junction.dataplane.worker.TestRouter.GATEWAY_MAC;
import static net.junction.dataplane.worker.TestRouter.HOST_IP;
import static net.junction.dataplane.worker.TestRouter.HOST_IP6;
import static net.junction.dataplane.worker.TestRouter.HOST_MAC;
import static net.junction.dataplane.worker.TestRouter.P0;
import static net.junction.dataplane.worker.TestRouter.P0_MAC;
import static net.junction.dataplane.worker.TestRouter.P1;
import static net.junction.dataplane.worker.TestRouter.P1_IP;
import static net.junction.dataplane.worker.TestRouter.P1_MAC;
import static net.junction.dataplane.worker.TestRouter.SERVER_IP;
import static net.junction.dataplane.worker.TestRouter.SERVER_IP6;
import static net.junction.dataplane.worker.TestRouter.SERVER_MAC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import net.junction.dataplane.counters.CounterSnapshot;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.dataplane.neighbor.NeighborTable;
import net.junction.routing.Ip6Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@link Worker} and {@link Pipeline} forwarding between two in-memory ports: the
 * rewritten frame is checked field by field against what RFC 1812 §5.3.1 (TTL), RFC 1624 (the
 * checksum after it) and RFC 8200 §3 (hop limit) ask, with checksums recomputed independently.
 */
class WorkerForwardingTest
{
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

    @Test
    void shouldForwardIp4UdpOutOfEgressPortWithTtlDecremented()
    {
        final byte[] frame = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 100);
        router.receive(P0, frame);

        assertEquals(1, router.worker.doWork());

        final List<byte[]> out = router.sent(P1);
        assertEquals(1, out.size());
        final byte[] sent = out.getFirst();
        assertEquals(frame.length, sent.length);
        assertEquals(SERVER_MAC, dstMac(sent), "dst MAC is the neighbor's");
        assertEquals(P1_MAC, srcMac(sent), "src MAC is the egress port's");
        assertEquals(Frames.ETHERTYPE_IPV4, etherType(sent));
        assertEquals(63, u8(sent, 14 + 8), "TTL decremented");
        assertTrue(ip4HeaderValid(sent), "header checksum valid after the incremental update");
        assertEquals(expectedChecksumAfterTtl(frame), u16(sent, 14 + 10));
        // Everything but TTL and checksum is untouched, payload included.
        assertArrayEquals(slice(frame, 14, 8), slice(sent, 14, 8));
        assertEquals(u8(frame, 14 + 9), u8(sent, 14 + 9));
        assertArrayEquals(slice(frame, 14 + 12, frame.length - 26), slice(sent, 14 + 12, sent.length - 26));
        assertTrue(router.sent(P0).isEmpty());
        assertEquals(0, router.io.inUse(), "every mbuf back in the pool");
    }

    @Test
    void shouldForwardIp4ViaGatewayToGatewayMac()
    {
        final int destination = ip4("198.18.100.5");
        router.receive(P0, Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, destination, 10, 20));

        router.worker.doWork();

        final byte[] sent = router.sent(P1).getFirst();
        assertEquals(GATEWAY_MAC, dstMac(sent));
        assertEquals(P1_MAC, srcMac(sent));
        assertEquals(9, u8(sent, 14 + 8));
        assertEquals(destination, Frames.u32(sent, 14 + 16), "destination address unchanged");
        assertTrue(ip4HeaderValid(sent));
    }

    @Test
    void shouldKeepTransportChecksumValidWhenForwarding()
    {
        final byte[] frame = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 2, 33);
        router.receive(P0, frame);

        router.worker.doWork();

        final byte[] sent = router.sent(P1).getFirst();
        final int udpLength = u16(sent, 34 + 4);
        assertTrue(Frames.checksumValid(sent, 34, udpLength, Frames.pseudo4(HOST_IP, SERVER_IP, Frames.PROTO_UDP, udpLength)));
        assertEquals(1, u8(sent, 14 + 8), "TTL 2 leaves as 1");
    }

    @Test
    void shouldForwardIp6WithHopLimitDecremented()
    {
        final byte[] frame = Frames.ip6Udp(P0_MAC, HOST_MAC, HOST_IP6, SERVER_IP6, 64, 77);
        router.receive(P0, frame);

        router.worker.doWork();

        final byte[] sent = router.sent(P1).getFirst();
        assertEquals(frame.length, sent.length);
        assertEquals(SERVER_MAC, dstMac(sent));
        assertEquals(P1_MAC, srcMac(sent));
        assertEquals(Frames.ETHERTYPE_IPV6, etherType(sent));
        assertEquals(63, u8(sent, 14 + 7), "hop limit decremented");
        assertArrayEquals(slice(frame, 14, 7), slice(sent, 14, 7));
        assertArrayEquals(slice(frame, 14 + 8, frame.length - 22), slice(sent, 14 + 8, sent.length - 22));
        final int udpLength = u16(sent, 54 + 4);
        assertTrue(Frames.checksumValid(sent, 54, udpLength, Frames.pseudo6(HOST_IP6, SERVER_IP6, Frames.PROTO_UDP, udpLength)));
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldForwardIp6ViaGatewayToGatewayMac()
    {
        final Ip6Address destination = ip6("2001:db8:100::5");
        router.receive(P0, Frames.ip6Udp(P0_MAC, HOST_MAC, HOST_IP6, destination, 2, 8));

        router.worker.doWork();

        final byte[] sent = router.sent(P1).getFirst();
        assertEquals(GATEWAY_MAC, dstMac(sent));
        assertEquals(P1_MAC, srcMac(sent));
        assertEquals(1, u8(sent, 14 + 7));
        assertEquals(destination, Frames.ip6At(sent, 14 + 24));
    }

    @Test
    void shouldTrimEthernetPaddingOfIp4()
    {
        final byte[] frame = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 4); // 14 + 20 + 12 = 46
        assertEquals(46, frame.length);
        router.receive(P0, pad(frame, 60));

        router.worker.doWork();

        final byte[] sent = router.sent(P1).getFirst();
        assertEquals(46, sent.length, "the 14 bytes of padding are gone");
        assertEquals(46 - 14, u16(sent, 14 + 2));
    }

    @Test
    void shouldTrimEthernetPaddingOfIp6()
    {
        final byte[] frame = Frames.ip6Udp(P0_MAC, HOST_MAC, HOST_IP6, SERVER_IP6, 64, 0); // 14 + 40 + 8 = 62
        router.receive(P0, pad(frame, 80));

        router.worker.doWork();

        assertEquals(62, router.sent(P1).getFirst().length);
    }

    @Test
    void shouldCountPortsAndForwarded()
    {
        final byte[] four = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 100);
        final byte[] six = Frames.ip6Udp(P0_MAC, HOST_MAC, HOST_IP6, SERVER_IP6, 64, 50);
        final byte[] back = Frames.ip4Udp(P1_MAC, SERVER_MAC, SERVER_IP, HOST_IP, 64, 10);
        router.receive(P0, four);
        router.receive(P0, four);
        router.receive(P0, six);
        router.receive(P1, back);

        assertEquals(4, router.worker.doWork());

        assertEquals(3, router.sent(P1).size());
        assertEquals(1, router.sent(P0).size());
        final CounterSnapshot snapshot = router.snapshot();
        assertEquals(3, snapshot.get("port.p0.rx"));
        assertEquals(2L * four.length + six.length, snapshot.get("port.p0.rx_bytes"));
        assertEquals(1, snapshot.get("port.p1.rx"));
        assertEquals(back.length, snapshot.get("port.p1.rx_bytes"));
        assertEquals(3, snapshot.get("port.p1.tx"));
        assertEquals(2L * four.length + six.length, snapshot.get("port.p1.tx_bytes"));
        assertEquals(1, snapshot.get("port.p0.tx"));
        assertEquals(back.length, snapshot.get("port.p0.tx_bytes"));
        assertEquals(4, snapshot.get("dp.forwarded"));
        assertEquals(0, router.totalDrops());
    }

    @Test
    void shouldSendABurstLargerThanTheTxBufferInOrder()
    {
        // 3 bursts of 32 on one port: the 64-packet TX buffer flushes mid-cycle and again at the end.
        final int count = 3 * Worker.BURST;
        for (int i = 0; i < count; i++)
        {
            final byte[] frame = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 10);
            Frames.put16(frame, 14 + 4, i); // identification numbers the packets
            Frames.put16(frame, 14 + 10, 0);
            Frames.put16(frame, 14 + 10, Frames.checksum(frame, 14, 20, 0));
            router.receive(P0, frame);
        }

        router.worker.doWork();
        router.worker.doWork();
        router.worker.doWork();

        final List<byte[]> out = router.sent(P1);
        assertEquals(count, out.size());
        for (int i = 0; i < count; i++)
        {
            assertEquals(i, u16(out.get(i), 14 + 4));
        }
        assertEquals(count, router.workerCounters.dpValue(WorkerCounters.FORWARDED));
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldForwardToNeighborLearnedFromItsArpRequest()
    {
        final int learned = ip4("198.18.2.30");
        final long learnedMac = 0x52_54_00_00_02_1EL;
        router.receive(P1, Frames.arp(Frames.BROADCAST, learnedMac, 1, learnedMac, learned, 0, P1_IP));
        router.run();
        router.sent(P1); // our ARP reply
        assertEquals(NeighborTable.STALE, router.state4(P1, learned));

        router.receive(P0, Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, learned, 64, 10));
        assertEquals(1, router.worker.doWork());

        final List<byte[]> out = router.sent(P1);
        assertEquals(1, out.size(), "sent straight away: a STALE entry is usable");
        assertEquals(learnedMac, dstMac(out.getFirst()));
        assertEquals(0, router.dp(WorkerCounters.ARP_REQUESTS_SENT));
    }

    /** The header checksum after TTL - 1, by full recomputation over a copy. */
    private static int expectedChecksumAfterTtl(final byte[] frame)
    {
        final byte[] header = slice(frame, 14, 20);
        header[8]--;
        Frames.put16(header, 10, 0);
        return Frames.checksum(header, 0, 20, 0);
    }
}
