package net.junction.dataplane.worker;

import static net.junction.dataplane.worker.Frames.dstMac;
import static net.junction.dataplane.worker.Frames.etherType;
import static net.junction.dataplane.worker.Frames.srcMac;
import static net.junction.dataplane.worker.Frames.u16;
import static net.junction.dataplane.worker.Frames.u32;
import static net.junction.dataplane.worker.Frames.u8;
import static net.junction.dataplane.worker.TestRouter.GATEWAY_MAC;
import static net.junction.dataplane.worker.TestRouter.HOST_IP;
import static net.junction.dataplane.worker.TestRouter.HOST_MAC;
import static net.junction.dataplane.worker.TestRouter.P0;
import static net.junction.dataplane.worker.TestRouter.P0_MAC;
import static net.junction.dataplane.worker.TestRouter.P1;
import static net.junction.dataplane.worker.TestRouter.P1_MAC;
import static net.junction.dataplane.worker.TestRouter.SERVER_IP;
import static net.junction.dataplane.worker.TestRouter.SERVER_IP6;
import static net.junction.dataplane.worker.TestRouter.SERVER_MAC;
import static net.junction.dataplane.worker.TestRouter.TAP0;
import static net.junction.dataplane.worker.TestRouter.V100;
import static net.junction.dataplane.worker.TestRouter.V100_ID;
import static net.junction.dataplane.worker.TestRouter.V100_IP;
import static net.junction.dataplane.worker.TestRouter.V100_IP6;
import static net.junction.dataplane.worker.TestRouter.V100_TAP;
import static net.junction.dataplane.worker.TestRouter.VHOST_IP;
import static net.junction.dataplane.worker.TestRouter.VHOST_IP6;
import static net.junction.dataplane.worker.TestRouter.VHOST_MAC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;

import net.junction.bindings.dpdk.RteMbuf;

import net.junction.dataplane.DropReason;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.dataplane.neighbor.NeighborTable;
import net.junction.dataplane.port.PacketIo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 802.1Q sub-interfaces: p0.100 (VLAN 100 of p0, port index {@link TestRouter#V100}) receives p0's frames tagged
 * 100, stripped, as any port's; what it sends (forwarded packets, ARP and ND, ICMP errors with its own MTU, echo
 * replies, its TAP's frames) leaves by p0 tagged 100; a tag of another VLAN is counted as {@code vlan_unknown}.
 */
class WorkerVlanTest
{
    @TempDir
    Path directory;

    private TestRouter router;

    @BeforeEach
    void setUp()
    {
        router = new TestRouter(directory, TestRouter.options().vlan(true));
    }

    @AfterEach
    void tearDown()
    {
        router.close();
    }

    /** The frame with an 802.1Q tag (priority 0) of {@code id} after its MACs. */
    static byte[] tagged(final byte[] frame, final int id)
    {
        final byte[] tagged = new byte[frame.length + 4];
        System.arraycopy(frame, 0, tagged, 0, 12);
        Frames.put16(tagged, 12, Frames.ETHERTYPE_VLAN);
        Frames.put16(tagged, 14, id);
        System.arraycopy(frame, 12, tagged, 16, frame.length - 12);
        return tagged;
    }

    /** The frame without its tag, after checking it has one of {@code id}. */
    static byte[] untagged(final byte[] frame, final int id)
    {
        assertEquals(Frames.ETHERTYPE_VLAN, u16(frame, 12), "tagged");
        assertEquals(id, u16(frame, 14), "VLAN id, priority 0");
        final byte[] plain = new byte[frame.length - 4];
        System.arraycopy(frame, 0, plain, 0, 12);
        System.arraycopy(frame, 16, plain, 12, frame.length - 16);
        return plain;
    }

    private void resolveVlanHost()
    {
        router.resolver.addPermanent4(V100, VHOST_IP, VHOST_MAC);
        router.resolver.addPermanent6(V100, VHOST_IP6.high(), VHOST_IP6.low(), VHOST_MAC);
    }

    @Test
    void shouldForwardFromSubInterfaceUntaggedOutOfAnotherPort()
    {
        final byte[] plain = Frames.ip4Udp(P0_MAC, VHOST_MAC, VHOST_IP, SERVER_IP, 64, 40);
        router.receive(P0, tagged(plain, V100_ID));

        router.run();

        final List<byte[]> out = router.sent(P1);
        assertEquals(1, out.size());
        final byte[] sent = out.getFirst();
        assertEquals(plain.length, sent.length, "the tag stripped");
        assertEquals(Frames.ETHERTYPE_IPV4, etherType(sent));
        assertEquals(SERVER_MAC, dstMac(sent));
        assertEquals(P1_MAC, srcMac(sent));
        assertEquals(63, u8(sent, 22));
        assertEquals(VHOST_IP, u32(sent, 26));
        assertEquals(1, router.workerCounters.dpValue(WorkerCounters.FORWARDED));
        assertEquals(1, router.workerCounters.portValue(P0, WorkerCounters.PORT_RX), "the wire's counter");
        assertEquals(1, router.workerCounters.portValue(V100, WorkerCounters.PORT_RX), "and the sub-interface's");
        assertEquals(plain.length, router.workerCounters.portValue(V100, WorkerCounters.PORT_RX_BYTES));
        assertEquals(0, router.totalDrops());
    }

    @Test
    void shouldResolveWithArpOnTheSubInterfaceAndSendTagged()
    {
        final byte[] fromServer = Frames.ip4Udp(P1_MAC, SERVER_MAC, SERVER_IP, VHOST_IP, 64, 40);
        router.receive(P1, fromServer);
        router.run();

        final List<byte[]> requests = router.sent(P0);
        assertEquals(1, requests.size(), "one ARP request, the packet held");
        final byte[] request = untagged(requests.getFirst(), V100_ID);
        assertEquals(Frames.ETHERTYPE_ARP, etherType(request));
        assertEquals(Frames.BROADCAST, dstMac(request));
        assertEquals(P0_MAC, srcMac(request), "the parent's MAC");
        assertEquals(V100_IP, u32(request, 28), "sender IP is the sub-interface's");
        assertEquals(VHOST_IP, u32(request, 38));
        assertEquals(-1, router.state4(P0, VHOST_IP), "nothing learned on the parent");

        router.receive(P0, tagged(Frames.arp(P0_MAC, VHOST_MAC, 2, VHOST_MAC, VHOST_IP, P0_MAC, V100_IP), V100_ID));
        router.run();

        assertEquals(NeighborTable.REACHABLE, router.state4(V100, VHOST_IP));
        final List<byte[]> out = router.sent(P0);
        assertEquals(1, out.size(), "the held packet");
        final byte[] sent = untagged(out.getFirst(), V100_ID);
        assertEquals(fromServer.length, sent.length);
        assertEquals(VHOST_MAC, dstMac(sent));
        assertEquals(P0_MAC, srcMac(sent));
        assertEquals(VHOST_IP, u32(sent, 30));
        assertEquals(2, router.workerCounters.portValue(V100, WorkerCounters.PORT_TX), "request and packet");
        assertEquals(2, router.workerCounters.portValue(P0, WorkerCounters.PORT_TX), "counted on the wire too");
        assertEquals(0, router.totalDrops());
    }

    @Test
    void shouldResolveWithNeighborDiscoveryOnTheSubInterface()
    {
        router.receive(P1, Frames.ip6Udp(P1_MAC, SERVER_MAC, SERVER_IP6, VHOST_IP6, 64, 40));
        router.run();

        final List<byte[]> out = router.sent(P0);
        assertEquals(1, out.size(), "one solicitation, the packet held");
        final byte[] solicitation = untagged(out.getFirst(), V100_ID);
        assertEquals(Frames.ETHERTYPE_IPV6, etherType(solicitation));
        assertEquals(135, u8(solicitation, 54), "Neighbor Solicitation");
        assertEquals(VHOST_IP6, Frames.ip6At(solicitation, 62), "its target");
        assertEquals(0, router.totalDrops());
    }

    @Test
    void shouldAnswerEchoOnTheSubInterfaceTagged()
    {
        resolveVlanHost();
        final byte[] request = Frames.ethernet(P0_MAC, VHOST_MAC, Frames.ETHERTYPE_IPV4,
            Frames.ip4Packet(VHOST_IP, V100_IP, 64, Frames.PROTO_ICMP, Frames.icmp4Echo(8, 7, 1, Frames.data(56, 1))));
        router.receive(P0, tagged(request, V100_ID));
        router.run();

        final List<byte[]> out = router.sent(P0);
        assertEquals(1, out.size());
        final byte[] reply = untagged(out.getFirst(), V100_ID);
        assertEquals(VHOST_MAC, dstMac(reply));
        assertEquals(V100_IP, u32(reply, 26));
        assertEquals(VHOST_IP, u32(reply, 30));
        assertEquals(0, u8(reply, 34), "echo reply");
        assertEquals(1, router.workerCounters.dpValue(WorkerCounters.LOCAL_REPLIES));
    }

    @Test
    void shouldAnswerTooBigWithTheSubInterfaceMtu()
    {
        resolveVlanHost();
        final byte[] big = Frames.ip4Udp(P1_MAC, SERVER_MAC, SERVER_IP, VHOST_IP, 64, 1450 - 28);
        Frames.put16(big, 14 + 6, 0x4000); // DF
        Frames.put16(big, 14 + 10, 0);
        Frames.put16(big, 14 + 10, Frames.checksum(big, 14, 20, 0));
        router.resolver.addPermanent4(P1, SERVER_IP, SERVER_MAC);
        router.receive(P1, big);
        router.run();

        assertTrue(router.sent(P0).isEmpty(), "p0.100's MTU is 1400");
        assertEquals(1, router.drops(DropReason.MTU_EXCEEDED));
        final List<byte[]> errors = router.sent(P1);
        assertEquals(1, errors.size());
        assertEquals(3, u8(errors.getFirst(), 34), "destination unreachable");
        assertEquals(4, u8(errors.getFirst(), 35), "fragmentation needed");
        assertEquals(1400, u16(errors.getFirst(), 40), "the sub-interface's MTU");
    }

    @Test
    void shouldPuntToTheSubInterfaceTapUntaggedAndSendItsFramesTagged()
    {
        final byte[] syn = Frames.ethernet(P0_MAC, VHOST_MAC, Frames.ETHERTYPE_IPV4,
            Frames.ip4Packet(VHOST_IP, V100_IP, 64, Frames.PROTO_TCP, Frames.tcpSyn4(VHOST_IP, V100_IP, 40000, 179)));
        router.receive(P0, tagged(syn, V100_ID));
        router.run();

        final List<byte[]> toKernel = router.sent(V100_TAP);
        assertEquals(1, toKernel.size());
        assertArrayEquals(syn, toKernel.getFirst(), "the kernel's VLAN interface gets it untagged");
        assertTrue(router.sent(TAP0).isEmpty(), "not the parent's TAP");

        final byte[] synAck = Frames.ethernet(VHOST_MAC, P0_MAC, Frames.ETHERTYPE_IPV4,
            Frames.ip4Packet(V100_IP, VHOST_IP, 64, Frames.PROTO_TCP, Frames.tcpSyn4(V100_IP, VHOST_IP, 179, 40000)));
        router.receive(V100_TAP, synAck);
        router.run();

        final List<byte[]> out = router.sent(P0);
        assertEquals(1, out.size());
        assertArrayEquals(synAck, untagged(out.getFirst(), V100_ID));
    }

    @Test
    void shouldDropAnUnknownVlan()
    {
        final int baseline = router.io.inUse();
        router.receive(P0, tagged(Frames.ip4Udp(P0_MAC, VHOST_MAC, VHOST_IP, SERVER_IP, 64, 40), 200));
        router.run();

        assertEquals(1, router.drops(DropReason.VLAN_UNKNOWN));
        assertEquals(1, router.totalDrops());
        assertTrue(router.sent(P1).isEmpty());
        assertEquals(0, router.workerCounters.portValue(V100, WorkerCounters.PORT_RX));
        assertEquals(baseline, router.io.inUse());
    }

    @Test
    void shouldDropATagInsideTheTag()
    {
        final byte[] inner = tagged(Frames.ip4Udp(P0_MAC, VHOST_MAC, VHOST_IP, SERVER_IP, 64, 40), 5);
        router.receive(P0, tagged(inner, V100_ID));
        router.run();

        assertEquals(1, router.drops(DropReason.VLAN_UNKNOWN));
        assertTrue(router.sent(P1).isEmpty());
    }

    @Test
    void shouldStillForwardUntaggedFramesOnTheParent()
    {
        final byte[] plain = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 40);
        router.receive(P0, plain);
        router.run();

        assertEquals(1, router.sent(P1).size());
        assertEquals(0, router.workerCounters.portValue(V100, WorkerCounters.PORT_RX));

        router.receive(P1, Frames.ip4Udp(P1_MAC, GATEWAY_MAC, SERVER_IP, HOST_IP, 64, 40));
        router.run();
        final List<byte[]> back = router.sent(P0);
        assertEquals(1, back.size());
        assertEquals(Frames.ETHERTYPE_IPV4, etherType(back.getFirst()), "untagged out of the parent");
        assertEquals(0, router.totalDrops());
    }

    @Test
    void shouldDropWhenNoHeadroomForTheTag()
    {
        router.close();
        router = new TestRouter(directory.resolve("no-headroom"), TestRouter.options().vlan(true).workerIo(NoHeadroomIo::new));
        resolveVlanHost();
        final int baseline = router.io.inUse();
        router.receive(P1, Frames.ip4Udp(P1_MAC, SERVER_MAC, SERVER_IP, VHOST_IP, 64, 40));
        router.run();

        assertTrue(router.sent(P0).isEmpty());
        assertEquals(1, router.drops(DropReason.VLAN_NO_HEADROOM));
        assertEquals(1, router.totalDrops());
        assertEquals(0, router.workerCounters.portValue(V100, WorkerCounters.PORT_TX));
        assertEquals(baseline, router.io.inUse(), "the mbuf went back to the pool");
    }

    /** Moves every frame received to the start of its buffer: no headroom left. */
    private static final class NoHeadroomIo implements PacketIo
    {
        private final PacketIo delegate;

        NoHeadroomIo(final PacketIo delegate)
        {
            this.delegate = delegate;
        }

        @Override
        public int rxBurst(final int port, final int queue, final MemorySegment mbufs, final int max)
        {
            final int n = delegate.rxBurst(port, queue, mbufs, max);
            for (int i = 0; i < n; i++)
            {
                final long mbuf = mbufs.getAtIndex(ValueLayout.JAVA_LONG, i);
                final int length = RteMbuf.dataLen(mbuf);
                final MemorySegment all = MemorySegment.ofAddress(RteMbuf.bufAddr(mbuf)).reinterpret(RteMbuf.bufLen(mbuf));
                MemorySegment.copy(all, RteMbuf.dataOff(mbuf), all, 0, length);
                RteMbuf.dataOff(mbuf, 0);
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
