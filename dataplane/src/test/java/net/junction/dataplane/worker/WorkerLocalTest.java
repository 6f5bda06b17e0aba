package net.junction.dataplane.worker;

import static net.junction.dataplane.worker.Frames.dstMac;
import static net.junction.dataplane.worker.Frames.icmp6Valid;
import static net.junction.dataplane.worker.Frames.ip4HeaderValid;
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
import static net.junction.dataplane.worker.TestRouter.P1_IP;
import static net.junction.dataplane.worker.TestRouter.TAP0;
import static net.junction.dataplane.worker.TestRouter.TAP1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import net.junction.dataplane.DropReason;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.routing.Ip6Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packets for the router itself: echo requests answered on the worker (RFC 792, RFC 4443 §4.2),
 * everything else handed through the punt ring and the slow path to the port's TAP (the kernel's
 * exception path), and what the kernel sends on the TAP leaving by the port through worker 0's
 * injection ring.
 */
class WorkerLocalTest
{
    @TempDir
    Path directory;

    private TestRouter router;

    @AfterEach
    void tearDown()
    {
        router.close();
    }

    @Test
    void shouldAnswerIcmpEchoToPortAddress()
    {
        router = new TestRouter(directory);
        final byte[] data = Frames.data(56, 3);
        final byte[] request = Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV4,
            Frames.ip4Packet(HOST_IP, P0_IP, 5, Frames.PROTO_ICMP, Frames.icmp4Echo(8, 0x4242, 7, data)));
        router.receive(P0, request);

        router.worker.doWork();

        final List<byte[]> out = router.sent(P0);
        assertEquals(1, out.size());
        final byte[] reply = out.getFirst();
        assertEquals(request.length, reply.length);
        assertEquals(HOST_MAC, dstMac(reply));
        assertEquals(P0_MAC, srcMac(reply));
        assertEquals(P0_IP, u32(reply, 26), "source is the address pinged");
        assertEquals(HOST_IP, u32(reply, 30));
        assertEquals(64, u8(reply, 22), "a fresh TTL, not the request's");
        assertTrue(ip4HeaderValid(reply));
        assertEquals(0, u8(reply, 34), "echo reply");
        assertEquals(0, u8(reply, 35));
        assertTrue(Frames.checksumValid(reply, 34, reply.length - 34, 0), "ICMP checksum");
        assertEquals(0x4242, u16(reply, 38));
        assertEquals(7, u16(reply, 40));
        assertArrayEquals(data, slice(reply, 42, data.length));
        assertTrue(router.sent(P1).isEmpty());
        assertEquals(1, router.workerCounters.dpValue(WorkerCounters.LOCAL_REPLIES));
        assertEquals(0, router.workerCounters.dpValue(WorkerCounters.FORWARDED), "a reply is not forwarded traffic");
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldAnswerIcmpEchoToTheOtherPortsAddress()
    {
        router = new TestRouter(directory);
        router.receive(P0, Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV4,
            Frames.ip4Packet(HOST_IP, P1_IP, 64, Frames.PROTO_ICMP, Frames.icmp4Echo(8, 1, 1, new byte[8]))));

        router.worker.doWork();

        final byte[] reply = router.sent(P0).getFirst();
        assertEquals(P1_IP, u32(reply, 26));
        assertEquals(HOST_IP, u32(reply, 30));
        assertTrue(ip4HeaderValid(reply));
    }

    @Test
    void shouldDropEchoWithBadIcmpChecksum()
    {
        router = new TestRouter(directory);
        final byte[] request = Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV4,
            Frames.ip4Packet(HOST_IP, P0_IP, 64, Frames.PROTO_ICMP, Frames.icmp4Echo(8, 1, 1, new byte[8])));
        request[36] ^= 0x40;
        router.receive(P0, request);

        router.worker.doWork();

        assertEquals(1, router.drops(DropReason.ICMP4_BAD));
        assertTrue(router.sent(P0).isEmpty());
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldAnswerIcmp6EchoToPortAddress()
    {
        router = new TestRouter(directory);
        final byte[] data = Frames.data(32, 9);
        router.receive(P0, Frames.icmp6Echo(P0_MAC, HOST_MAC, HOST_IP6, P0_IP6, 3, 0x77, 2, data));

        router.worker.doWork();

        final byte[] reply = router.sent(P0).getFirst();
        assertIcmp6EchoReply(reply, P0_IP6, HOST_IP6, 0x77, 2, data);
        assertEquals(1, router.workerCounters.dpValue(WorkerCounters.LOCAL_REPLIES));
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldAnswerIcmp6EchoToPortLinkLocal()
    {
        router = new TestRouter(directory);
        final Ip6Address linkLocal = router.linkLocal(P0);
        final byte[] data = Frames.data(16, 1);
        router.receive(P0, Frames.icmp6Echo(P0_MAC, HOST_MAC, HOST_LL6, linkLocal, 64, 5, 6, data));

        router.worker.doWork();

        final byte[] reply = router.sent(P0).getFirst();
        assertIcmp6EchoReply(reply, linkLocal, HOST_LL6, 5, 6, data);
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldPuntTcpSynToTheTap()
    {
        router = new TestRouter(directory);
        final byte[] syn = Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV4,
            Frames.ip4Packet(HOST_IP, P0_IP, 64, Frames.PROTO_TCP, Frames.tcpSyn4(HOST_IP, P0_IP, 51000, 179)));
        router.receive(P0, syn);

        router.worker.doWork();
        assertEquals(1, router.punts.size(), "handed to the slow path");
        assertTrue(router.sent(TAP0).isEmpty());
        router.slowPath.doWork();

        final List<byte[]> toKernel = router.sent(TAP0);
        assertEquals(1, toKernel.size());
        assertArrayEquals(syn, toKernel.getFirst(), "the kernel sees the frame as it arrived");
        assertTrue(router.sent(TAP1).isEmpty());
        assertTrue(router.sent(P0).isEmpty());
        assertEquals(1, router.workerCounters.dpValue(WorkerCounters.PUNTED));
        assertEquals(1, router.slowCounters.dpValue(WorkerCounters.EXCEPTION_TO_TAP));
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldPuntIp6TcpToTheTapOfTheIngressPort()
    {
        router = new TestRouter(directory);
        final byte[] segment = new byte[20];
        segment[12] = 0x50;
        segment[13] = 0x02;
        final byte[] frame = Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV6,
            Frames.ip6Packet(HOST_IP6, TestRouter.P1_IP6, 64, Frames.PROTO_TCP, segment));
        router.receive(P0, frame);

        router.run();

        assertArrayEquals(frame, router.sent(TAP0).getFirst());
        assertTrue(router.sent(TAP1).isEmpty());
    }

    @Test
    void shouldDropLocalTcpWithoutExceptionPath()
    {
        router = new TestRouter(directory, TestRouter.options().taps(false));
        router.receive(P0, Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV4,
            Frames.ip4Packet(HOST_IP, P0_IP, 64, Frames.PROTO_TCP, Frames.tcpSyn4(HOST_IP, P0_IP, 51000, 179))));

        router.run();

        assertEquals(1, router.drops(DropReason.LOCAL_UNSUPPORTED));
        assertEquals(0, router.punts.size());
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldCountPuntQueueFull()
    {
        router = new TestRouter(directory, TestRouter.options().puntRing(2));
        for (int i = 0; i < 3; i++)
        {
            router.receive(P0, Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV4,
                Frames.ip4Packet(HOST_IP, P0_IP, 64, Frames.PROTO_TCP, Frames.tcpSyn4(HOST_IP, P0_IP, 51000 + i, 22))));
        }

        router.worker.doWork();

        assertEquals(1, router.drops(DropReason.PUNT_QUEUE_FULL));
        assertEquals(2, router.workerCounters.dpValue(WorkerCounters.PUNTED));
        router.slowPath.doWork();
        assertEquals(2, router.sent(TAP0).size());
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldSendWhatTheKernelWritesOnTheTapOutOfThePort()
    {
        router = new TestRouter(directory);
        final byte[] synAck = Frames.ethernet(HOST_MAC, P0_MAC, Frames.ETHERTYPE_IPV4,
            Frames.ip4Packet(P0_IP, HOST_IP, 64, Frames.PROTO_TCP, Frames.tcpSyn4(P0_IP, HOST_IP, 179, 51000)));
        final byte[] fromP1Kernel = Frames.ip4Udp(0x52_54_00_00_02_99L, TestRouter.P1_MAC, P1_IP,
            Frames.ip4("198.18.2.99"), 64, 10);
        router.receive(TAP0, synAck);
        router.receive(TAP1, fromP1Kernel);

        router.slowPath.doWork();
        assertTrue(router.sent(P0).isEmpty(), "only worker 0 sends on the data ports");
        assertEquals(2, router.injections.size());
        router.worker.doWork();

        assertArrayEquals(synAck, router.sent(P0).getFirst(), "relayed unchanged");
        assertArrayEquals(fromP1Kernel, router.sent(P1).getFirst());
        assertEquals(2, router.slowCounters.dpValue(WorkerCounters.EXCEPTION_FROM_TAP));
        assertEquals(2, router.workerCounters.dpValue(WorkerCounters.INJECTED));
        assertEquals(1, router.workerCounters.portValue(P0, WorkerCounters.PORT_TX));
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldDropInjectionToALinkDownPort()
    {
        router = new TestRouter(directory);
        router.ports.linkUp(P0, false);
        router.receive(TAP0, Frames.ip4Udp(HOST_MAC, P0_MAC, P0_IP, HOST_IP, 64, 10));

        router.run();

        assertTrue(router.sent(P0).isEmpty());
        assertEquals(1, router.drops(DropReason.LINK_DOWN));
        assertEquals(0, router.io.inUse());
    }

    private static void assertIcmp6EchoReply(
        final byte[] reply, final Ip6Address from, final Ip6Address to, final int identifier, final int sequence,
        final byte[] data)
    {
        assertEquals(HOST_MAC, dstMac(reply));
        assertEquals(P0_MAC, srcMac(reply));
        assertEquals(Frames.ETHERTYPE_IPV6, Frames.etherType(reply));
        assertEquals(from, Frames.ip6At(reply, 22));
        assertEquals(to, Frames.ip6At(reply, 38));
        assertEquals(64, u8(reply, 21), "a fresh hop limit");
        assertEquals(129, u8(reply, 54), "echo reply");
        assertEquals(0, u8(reply, 55));
        assertTrue(icmp6Valid(reply), "ICMPv6 checksum over the pseudo-header");
        assertEquals(identifier, u16(reply, 58));
        assertEquals(sequence, u16(reply, 60));
        assertArrayEquals(data, slice(reply, 62, data.length));
    }
}
