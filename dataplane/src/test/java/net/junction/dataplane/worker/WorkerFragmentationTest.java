package net.junction.dataplane.worker;

import static net.junction.dataplane.worker.Frames.dstMac;
import static net.junction.dataplane.worker.Frames.ip4;
import static net.junction.dataplane.worker.Frames.ip4HeaderValid;
import static net.junction.dataplane.worker.Frames.ip6;
import static net.junction.dataplane.worker.Frames.slice;
import static net.junction.dataplane.worker.Frames.srcMac;
import static net.junction.dataplane.worker.Frames.u16;
import static net.junction.dataplane.worker.Frames.u8;
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

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import net.junction.dataplane.DropReason;
import net.junction.dataplane.counters.WorkerCounters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IPv4 fragmentation by the worker (RFC 791 §3.2, RFC 1812 §5.2.6), frames checked byte by byte with the
 * checksums recomputed independently ({@link Frames}): each fragment's layout (lengths, offsets on 8-byte
 * boundaries, MF, DF, options, header checksum, TTL decremented once, the next hop's MACs), the fragments
 * reassembled equal to the packet, DF still answered with Fragmentation Needed, the drops counted, no mbuf
 * leaked; and fragments received (first, middle, last) of both families forwarded as any packet.
 */
class WorkerFragmentationTest
{
    private static final int MF = 0x2000;
    private static final int DF = 0x4000;

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

    private TestRouter router(final int p1Mtu)
    {
        router = new TestRouter(directory);
        router.ports.mtu(P1, p1Mtu);
        return router;
    }

    /** In use beyond the worker's stock of fragment buffers: 0 when nothing leaked. */
    private int leaked()
    {
        return router.io.inUse() - router.worker.fragmenter().stocked();
    }

    @Test
    void shouldFragmentAPacketWithoutDfLongerThanTheEgressMtu()
    {
        router(576);
        final byte[] frame = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 2000 - 28);
        router.receive(P0, frame);

        router.worker.doWork();

        final List<byte[]> out = router.sent(P1);
        assertEquals(4, out.size(), "1980 bytes of payload in pieces of 552 at MTU 576");
        int expectedOffset = 0;
        for (int i = 0; i < out.size(); i++)
        {
            final byte[] fragment = out.get(i);
            final boolean last = i == out.size() - 1;
            assertEquals(SERVER_MAC, dstMac(fragment));
            assertEquals(P1_MAC, srcMac(fragment));
            assertEquals(0x45, u8(fragment, 14), "no options: IHL 5");
            final int totalLength = u16(fragment, 14 + 2);
            assertEquals(14 + totalLength, fragment.length);
            assertTrue(totalLength <= 576, "fragment " + i + " of " + totalLength + " bytes");
            assertEquals(last ? 1980 - 3 * 552 + 20 : 20 + 552, totalLength, "556 bytes fit: 552 on 8-byte boundaries");
            assertEquals(0x1234, u16(fragment, 14 + 4), "identification");
            final int flags = u16(fragment, 14 + 6);
            assertEquals(last ? 0 : MF, flags & 0xE000, "MF on all but the last, DF never");
            assertEquals(expectedOffset, (flags & 0x1FFF) * 8);
            assertEquals(63, u8(fragment, 14 + 8), "TTL decremented once");
            assertEquals(17, u8(fragment, 14 + 9));
            assertEquals(HOST_IP, Frames.u32(fragment, 14 + 12));
            assertEquals(SERVER_IP, Frames.u32(fragment, 14 + 16));
            assertTrue(ip4HeaderValid(fragment), "header checksum of fragment " + i);
            if (!last)
            {
                assertEquals(0, (totalLength - 20) % 8, "data on 8-byte boundaries");
            }
            expectedOffset += totalLength - 20;
        }
        assertArrayEquals(slice(frame, 34, frame.length - 34), reassemble(out));
        assertEquals(1, router.workerCounters.dpValue(WorkerCounters.IP4_FRAGMENTED));
        assertEquals(4, router.workerCounters.dpValue(WorkerCounters.IP4_FRAGMENTS));
        assertEquals(1, router.workerCounters.dpValue(WorkerCounters.FORWARDED));
        assertEquals(4, router.workerCounters.portValue(P1, WorkerCounters.PORT_TX));
        assertEquals(0, router.totalDrops());
        assertEquals(0, leaked());
    }

    @Test
    void shouldSendTwoFragmentsAtMtu1280AsTheLabDoes()
    {
        router(1280);
        final byte[] frame = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 1400 - 28);
        router.receive(P0, frame);

        router.worker.doWork();

        final List<byte[]> out = router.sent(P1);
        assertEquals(2, out.size());
        assertEquals(1276, u16(out.get(0), 16), "20 + 1256 (1260 rounded down to 8)");
        assertEquals(20 + 1380 - 1256, u16(out.get(1), 16));
        assertEquals(1256 / 8, u16(out.get(1), 20) & 0x1FFF);
        assertArrayEquals(slice(frame, 34, frame.length - 34), reassemble(out));
    }

    @Test
    void shouldKeepTheOffsetOfAFragmentAndItsMoreFragmentsBitInTheLastPiece()
    {
        router(576);
        for (final int moreFragments : new int[] {MF, 0})
        {
            final byte[] frame = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 1200 - 28);
            Frames.put16(frame, 14 + 6, moreFragments | 100); // a middle (or last) fragment at byte 800
            setIp4Checksum(frame);
            router.receive(P0, frame);

            router.worker.doWork();

            final List<byte[]> out = router.sent(P1);
            assertEquals(3, out.size());
            int expectedOffset = 800;
            for (int i = 0; i < out.size(); i++)
            {
                final int flags = u16(out.get(i), 14 + 6);
                assertEquals(i == out.size() - 1 ? moreFragments : MF, flags & 0xE000, "piece " + i);
                assertEquals(expectedOffset, (flags & 0x1FFF) * 8, "piece " + i);
                assertTrue(ip4HeaderValid(out.get(i)));
                expectedOffset += u16(out.get(i), 14 + 2) - 20;
            }
            assertEquals(800 + 1180, expectedOffset);
            assertArrayEquals(slice(frame, 34, frame.length - 34), reassemble(out));
        }
        assertEquals(0, leaked());
    }

    @Test
    void shouldCopyOnlyOptionsWithTheCopiedFlagIntoLaterFragments()
    {
        router(576);
        final byte[] routerAlert = {(byte)0x94, 4, 0, 0};           // copied (RFC 2113)
        final byte[] recordRoute = {7, 7, 4, 0, 0, 0, 0};           // not copied (RFC 791)
        final byte[] options = new byte[12];
        System.arraycopy(recordRoute, 0, options, 0, 7);
        options[7] = 1;                                             // NOP: not copied
        System.arraycopy(routerAlert, 0, options, 8, 4);
        final byte[] frame = ip4WithOptions(options, Frames.data(1000, 3));
        router.receive(P0, frame);

        router.worker.doWork();

        final List<byte[]> out = router.sent(P1);
        assertEquals(0x48, u8(out.getFirst(), 14), "the first fragment keeps every option");
        assertArrayEquals(options, slice(out.getFirst(), 34, 12));
        assertEquals((576 - 32) & ~7, u16(out.getFirst(), 16) - 32);
        for (int i = 1; i < out.size(); i++)
        {
            final byte[] fragment = out.get(i);
            assertEquals(0x46, u8(fragment, 14), "later fragments: IHL 6, router alert only");
            assertArrayEquals(routerAlert, slice(fragment, 34, 4));
            assertTrue(ip4HeaderValid(fragment));
        }
        assertArrayEquals(slice(frame, 14 + 32, frame.length - 14 - 32), reassemble(out));
        assertEquals(0, leaked());
    }

    @Test
    void shouldPadCopiedOptionsToAMultipleOfFourWithEndOfOptionList()
    {
        router(576);
        final byte[] security = {(byte)0x82, 3, 9};                 // a copied option of 3 bytes
        final byte[] options = {(byte)0x82, 3, 9, 0};
        final byte[] frame = ip4WithOptions(options, Frames.data(800, 5));
        router.receive(P0, frame);

        router.worker.doWork();

        final List<byte[]> out = router.sent(P1);
        assertEquals(2, out.size());
        assertEquals(0x46, u8(out.get(1), 14));
        assertArrayEquals(security, slice(out.get(1), 34, 3));
        assertEquals(0, u8(out.get(1), 37), "End of Option List");
        assertArrayEquals(slice(frame, 14 + 24, frame.length - 14 - 24), reassemble(out));
    }

    @Test
    void shouldDropAPacketToFragmentWithMalformedOptions()
    {
        router(576);
        router.receive(P0, ip4WithOptions(new byte[] {(byte)0x94, 0, 0, 0}, Frames.data(1000, 3)));

        router.worker.doWork();

        assertTrue(router.sent(P1).isEmpty());
        assertEquals(1, router.drops(DropReason.IP4_BAD_OPTIONS));
        assertEquals(0, router.workerCounters.dpValue(WorkerCounters.IP4_FRAGMENTED));
        assertEquals(0, leaked());
    }

    @Test
    void shouldStillAnswerDfWithFragmentationNeededCarryingTheEgressMtu()
    {
        router(1280);
        final byte[] frame = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 1400 - 28);
        Frames.put16(frame, 14 + 6, DF);
        setIp4Checksum(frame);
        router.receive(P0, frame);

        router.worker.doWork();

        assertTrue(router.sent(P1).isEmpty());
        final byte[] error = router.sent(P0).getFirst();
        assertEquals(3, u8(error, 34), "destination unreachable");
        assertEquals(4, u8(error, 35), "fragmentation needed and DF set");
        assertEquals(1280, u16(error, 34 + 6), "next-hop MTU (RFC 1191)");
        assertEquals(1, router.drops(DropReason.MTU_EXCEEDED));
        assertEquals(0, router.workerCounters.dpValue(WorkerCounters.IP4_FRAGMENTED));
        assertEquals(0, leaked());
    }

    @Test
    void shouldCountAnEmptyPoolAsFragmentNoMbufAndLeakNothing()
    {
        router(576);
        router.receive(P0, Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 2000 - 28));
        final List<Long> held = new ArrayList<>();
        while (router.io.inUse() < 1024 - 1) // leave the one the packet arrives in
        {
            held.add(router.io.alloc());
        }

        router.worker.doWork();

        assertTrue(router.sent(P1).isEmpty());
        assertEquals(1, router.drops(DropReason.FRAGMENT_NO_MBUF));
        held.forEach(router.io::free);
        assertEquals(0, router.io.inUse());
    }

    @Test
    void shouldDropAPacketThatWouldNeedMoreThanMaxFragments()
    {
        router(68);
        router.receive(P0, Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 2000 - 28)); // 42 pieces of 48: fits

        router.worker.doWork();

        assertEquals(42, router.sent(P1).size());
        router.receive(P0, ip4WithOptions(new byte[] {(byte)0x94, 4, 0, 0, (byte)0x94, 4, 0, 0, (byte)0x94, 4, 0, 0,
            (byte)0x94, 4, 0, 0, (byte)0x94, 4, 0, 0, (byte)0x94, 4, 0, 0, (byte)0x94, 4, 0, 0}, Frames.data(1900, 1)));

        router.worker.doWork(); // 48-byte headers everywhere: 16 bytes of data a piece, 119 pieces

        assertTrue(router.sent(P1).isEmpty());
        assertEquals(1, router.drops(DropReason.FRAGMENT_TOO_MANY));
        assertEquals(0, leaked());
    }

    @Test
    void shouldSendABurstOfFragmentedPacketsLargerThanTheTxBufferInOrder()
    {
        router(576);
        final int count = Worker.BURST;
        for (int i = 0; i < count; i++)
        {
            final byte[] frame = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, SERVER_IP, 64, 2000 - 28);
            Frames.put16(frame, 14 + 4, i);
            setIp4Checksum(frame);
            router.receive(P0, frame);
        }

        router.worker.doWork();

        final List<byte[]> out = router.sent(P1);
        assertEquals(4 * count, out.size(), "a burst of " + count + " became " + 4 * count + " frames");
        for (int i = 0; i < out.size(); i++)
        {
            assertEquals(i / 4, u16(out.get(i), 14 + 4), "fragment " + i + ": packets in order, pieces in order");
            assertEquals((i % 4) * 552 / 8, u16(out.get(i), 14 + 6) & 0x1FFF);
        }
        assertEquals(4 * count, router.workerCounters.dpValue(WorkerCounters.IP4_FRAGMENTS));
        assertTrue(router.worker.fragmenter().refills() <= 2,
            "96 new buffers in " + router.worker.fragmenter().refills() + " bulk allocations");
        assertEquals(0, leaked());
    }

    @Test
    void shouldFragmentAPacketThatWaitedForItsNeighbor()
    {
        router(576);
        final int newcomer = ip4("198.18.2.77");
        final long newcomerMac = 0x52_54_00_00_02_4DL;
        final byte[] frame = Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, newcomer, 64, 1500 - 28);
        router.receive(P0, frame);
        router.run();
        final List<byte[]> request = router.sent(P1);
        assertEquals(1, request.size(), "an ARP request for " + newcomer);

        router.receive(P1, Frames.arp(P1_MAC, newcomerMac, 2, newcomerMac, newcomer, P1_MAC, P1_IP));
        router.run();

        final List<byte[]> out = router.sent(P1);
        assertEquals(3, out.size());
        for (final byte[] fragment : out)
        {
            assertEquals(newcomerMac, dstMac(fragment));
            assertTrue(u16(fragment, 16) <= 576);
            assertTrue(ip4HeaderValid(fragment));
            assertEquals(63, u8(fragment, 22));
        }
        assertArrayEquals(slice(frame, 34, frame.length - 34), reassemble(out));
        assertEquals(1, router.workerCounters.dpValue(WorkerCounters.IP4_FRAGMENTED));
        assertEquals(0, leaked());
    }

    @Test
    void shouldFragmentAnEchoReplyLongerThanTheMtuOfThePortItLeavesBy()
    {
        router = new TestRouter(directory);
        router.ports.mtu(P0, 576); // the request came in by p0 (no MTU on input); its reply leaves by p0
        final byte[] icmp = Frames.icmp4Echo(8, 7, 1, Frames.data(1000, 11));
        router.receive(P0, Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV4,
            Frames.ip4Packet(HOST_IP, TestRouter.P0_IP, 64, Frames.PROTO_ICMP, icmp)));

        router.worker.doWork();

        final List<byte[]> out = router.sent(P0);
        assertEquals(2, out.size());
        final byte[] reply = reassemble(out);
        assertEquals(0, u8(reply, 0), "echo reply");
        assertTrue(Frames.checksumValid(reply, 0, reply.length, 0), "ICMP checksum over the reassembled reply");
        assertArrayEquals(slice(icmp, 4, icmp.length - 4), slice(reply, 4, reply.length - 4));
        for (final byte[] fragment : out)
        {
            assertEquals(HOST_MAC, dstMac(fragment));
            assertEquals(HOST_IP, Frames.u32(fragment, 14 + 16));
            assertTrue(ip4HeaderValid(fragment));
        }
        assertEquals(1, router.workerCounters.dpValue(WorkerCounters.IP4_FRAGMENTED));
        assertEquals(0, leaked());
    }

    @Test
    void shouldForwardReceivedIp4FragmentsFirstMiddleAndLastUnchangedButTheTtl()
    {
        router(1500);
        final byte[] udp = Frames.udp4(HOST_IP, SERVER_IP, 40000, 9, Frames.data(2400, 7));
        final int[][] pieces = {{0, 1200, MF}, {1200, 1200, MF}, {2400, udp.length - 2400, 0}};
        for (final int[] piece : pieces)
        {
            final byte[] packet = Frames.ip4Packet(HOST_IP, SERVER_IP, 64, Frames.PROTO_UDP, slice(udp, piece[0], piece[1]));
            Frames.put16(packet, 6, piece[2] | piece[0] / 8);
            Frames.put16(packet, 10, 0);
            Frames.put16(packet, 10, Frames.checksum(packet, 0, 20, 0));
            router.receive(P0, Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV4, packet));
        }

        router.worker.doWork();

        final List<byte[]> out = router.sent(P1);
        assertEquals(3, out.size());
        for (int i = 0; i < 3; i++)
        {
            final byte[] fragment = out.get(i);
            assertEquals(SERVER_MAC, dstMac(fragment));
            assertEquals(pieces[i][2] | pieces[i][0] / 8, u16(fragment, 20), "flags and offset as received");
            assertEquals(63, u8(fragment, 22));
            assertTrue(ip4HeaderValid(fragment));
        }
        assertArrayEquals(udp, reassemble(out));
        assertEquals(3, router.workerCounters.dpValue(WorkerCounters.FORWARDED));
        assertEquals(0, router.workerCounters.dpValue(WorkerCounters.IP4_FRAGMENTED));
        assertEquals(0, router.totalDrops());
    }

    @Test
    void shouldForwardReceivedIp6FragmentsFirstMiddleAndLastUnchangedButTheHopLimit()
    {
        router(1500);
        final byte[] udp = Frames.udp6(HOST_IP6, SERVER_IP6, 40000, 9, Frames.data(2400, 9));
        final int[][] pieces = {{0, 1200, 1}, {1200, 1200, 1}, {2400, udp.length - 2400, 0}};
        final List<byte[]> sentFrames = new ArrayList<>();
        for (final int[] piece : pieces)
        {
            final byte[] fragmentHeader = new byte[8 + piece[1]];
            fragmentHeader[0] = (byte)Frames.PROTO_UDP;
            Frames.put16(fragmentHeader, 2, piece[0] | piece[2]); // offset in bytes (a multiple of 8), M flag
            Frames.put32(fragmentHeader, 4, 0x0BADF00D);
            System.arraycopy(udp, piece[0], fragmentHeader, 8, piece[1]);
            final byte[] frame = Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV6,
                Frames.ip6Packet(HOST_IP6, SERVER_IP6, 64, 44, fragmentHeader));
            sentFrames.add(frame);
            router.receive(P0, frame);
        }

        router.worker.doWork();

        final List<byte[]> out = router.sent(P1);
        assertEquals(3, out.size());
        for (int i = 0; i < 3; i++)
        {
            final byte[] expected = sentFrames.get(i).clone();
            expected[14 + 7] = 63;
            Frames.putMac(expected, 0, SERVER_MAC);
            Frames.putMac(expected, 6, P1_MAC);
            assertArrayEquals(expected, out.get(i), "fragment " + i + ": only MACs and hop limit changed");
        }
        assertEquals(3, router.workerCounters.dpValue(WorkerCounters.FORWARDED));
        assertEquals(0, router.totalDrops());
    }

    @Test
    void shouldForwardIp6LongerThanTheEgressMtuNeverButAnswerPacketTooBig()
    {
        router(1280);
        router.receive(P0, Frames.ip6Udp(P0_MAC, HOST_MAC, HOST_IP6, SERVER_IP6, 64, 1400 - 48));

        router.worker.doWork();

        assertTrue(router.sent(P1).isEmpty());
        final byte[] error = router.sent(P0).getFirst();
        assertEquals(2, u8(error, 54), "Packet Too Big (RFC 4443 §3.2)");
        assertEquals(1280, Frames.u32(error, 54 + 4));
        assertEquals(ip6("2001:db8:1::10"), Frames.ip6At(error, 14 + 24));
        assertEquals(1, router.drops(DropReason.MTU_EXCEEDED));
    }

    // ------------------------------------------------------------------------------ helpers

    /** Ethernet + IPv4 (UDP protocol number, no UDP header needed) with these options (a multiple of 4 bytes). */
    private static byte[] ip4WithOptions(final byte[] options, final byte[] payload)
    {
        final int headerLength = 20 + options.length;
        final byte[] packet = new byte[headerLength + payload.length];
        packet[0] = (byte)(0x40 | headerLength / 4);
        Frames.put16(packet, 2, packet.length);
        Frames.put16(packet, 4, 0x4321);
        packet[8] = 64;
        packet[9] = (byte)Frames.PROTO_UDP;
        Frames.put32(packet, 12, HOST_IP);
        Frames.put32(packet, 16, SERVER_IP);
        System.arraycopy(options, 0, packet, 20, options.length);
        Frames.put16(packet, 10, Frames.checksum(packet, 0, headerLength, 0));
        System.arraycopy(payload, 0, packet, headerLength, payload.length);
        return Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV4, packet);
    }

    private static void setIp4Checksum(final byte[] frame)
    {
        Frames.put16(frame, 24, 0);
        Frames.put16(frame, 24, Frames.checksum(frame, 14, (u8(frame, 14) & 0x0F) * 4, 0));
    }

    /** The data of IPv4 fragments put back together by their offsets, checking they tile it with no gap. */
    private static byte[] reassemble(final List<byte[]> fragments)
    {
        final List<byte[]> sorted = new ArrayList<>(fragments);
        sorted.sort(Comparator.comparingInt(f -> u16(f, 14 + 6) & 0x1FFF));
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final int base = (u16(sorted.getFirst(), 14 + 6) & 0x1FFF) * 8;
        for (final byte[] fragment : sorted)
        {
            final int headerLength = (u8(fragment, 14) & 0x0F) * 4;
            assertEquals(base + data.size(), (u16(fragment, 14 + 6) & 0x1FFF) * 8, "no gap, no overlap");
            data.write(fragment, 14 + headerLength, u16(fragment, 14 + 2) - headerLength);
        }
        return data.toByteArray();
    }
}
