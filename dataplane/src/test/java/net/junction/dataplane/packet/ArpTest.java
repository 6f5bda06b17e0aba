package net.junction.dataplane.packet;

import static net.junction.dataplane.packet.PacketMemory.hex;
import static net.junction.dataplane.packet.PacketMemory.read;
import static net.junction.dataplane.packet.PacketMemory.slice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import net.junction.dataplane.DropReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArpTest
{
    private final PacketMemory memory = new PacketMemory();
    private final EthernetParse parse = new EthernetParse();

    @AfterEach
    void close()
    {
        memory.close();
    }

    @Test
    void shouldParseTheRequestAndReplyLinuxSent()
    {
        final long request = memory.frame(hex(GoldenFrames.ARP_REQUEST)) + 14;
        assertEquals(DropReason.NONE, Arp.validate(request, 28));
        assertEquals(Arp.OPERATION_REQUEST, Arp.operation(request));
        assertEquals(TestFrames.HOST_MAC, Arp.senderMac(request));
        assertEquals(TestFrames.HOST, Arp.senderIp(request));
        assertEquals(0L, Arp.targetMac(request));
        assertEquals(TestFrames.ROUTER, Arp.targetIp(request));
        assertTrue(Arp.isRequestFor(request, TestFrames.ROUTER));
        assertFalse(Arp.isRequestFor(request, TestFrames.HOST));
        assertFalse(Arp.isGratuitous(request));
        assertFalse(Arp.isProbe(request));

        final long reply = memory.frame(hex(GoldenFrames.ARP_REPLY)) + 14;
        assertEquals(DropReason.NONE, Arp.validate(reply, 28));
        assertEquals(Arp.OPERATION_REPLY, Arp.operation(reply));
        assertEquals(TestFrames.ROUTER_MAC, Arp.senderMac(reply));
        assertEquals(TestFrames.ROUTER, Arp.senderIp(reply));
        assertFalse(Arp.isRequestFor(reply, TestFrames.HOST));
    }

    @Test
    void shouldTurnTheRequestIntoTheReplyLinuxSentByteForByte()
    {
        final byte[] request = hex(GoldenFrames.ARP_REQUEST);
        final long frame = memory.frame(request);
        assertEquals(DropReason.NONE, Ethernet.parse(frame, request.length, parse));
        final long arp = frame + parse.l3Offset();
        assertEquals(DropReason.NONE, Arp.replyInPlace(arp, TestFrames.ROUTER_MAC));
        final int l2 = Ethernet.prependHeader(arp, Arp.targetMac(arp), TestFrames.ROUTER_MAC, parse.sTagTci(), parse.cTagTci(),
            Ethernet.ETHER_TYPE_ARP);
        assertArrayEquals(hex(GoldenFrames.ARP_REPLY), read(arp - l2, l2 + Arp.LENGTH));
        assertEquals(DropReason.ARP_BAD, Arp.replyInPlace(arp, TestFrames.ROUTER_MAC), "a reply is not answered");
    }

    @Test
    void shouldBuildTheRequestLinuxSentPadded()
    {
        final long frame = memory.frame();
        PacketMemory.write(frame, TestFrames.bytes(64, 77));
        final int length = Arp.buildRequest(frame, TestFrames.HOST_MAC, Ethernet.NO_TAG, Ethernet.NO_TAG, TestFrames.HOST,
            TestFrames.ROUTER);
        assertEquals(60, length);
        final byte[] built = read(frame, length);
        assertArrayEquals(hex(GoldenFrames.ARP_REQUEST), slice(built, 0, 42));
        assertArrayEquals(new byte[18], slice(built, 42, 18));
    }

    @Test
    void shouldBuildTaggedAndUnicastRequests()
    {
        final long frame = memory.frame();
        final int length = Arp.buildRequestTo(frame, TestFrames.HOST_MAC, TestFrames.ROUTER_MAC, 0x000A, 0x0014, TestFrames.ROUTER,
            TestFrames.HOST);
        assertEquals(60, length);
        assertEquals(DropReason.NONE, Ethernet.parse(frame, length, parse));
        assertEquals(Ethernet.ETHER_TYPE_ARP, parse.etherType());
        assertEquals(10, parse.sVlanId());
        assertEquals(20, parse.cVlanId());
        assertEquals(TestFrames.HOST_MAC, Ethernet.dstMac(frame));
        final long arp = frame + parse.l3Offset();
        assertEquals(DropReason.NONE, Arp.validate(arp, parse.l3Length()));
        assertTrue(Arp.isRequestFor(arp, TestFrames.HOST));
        assertEquals(TestFrames.ROUTER_MAC, Arp.senderMac(arp));
    }

    @Test
    void shouldBuildAGratuitousArp()
    {
        final long frame = memory.frame();
        final int length = Arp.buildGratuitous(frame, TestFrames.ROUTER_MAC, Ethernet.NO_TAG, 0x0064, TestFrames.ROUTER);
        assertEquals(60, length);
        assertEquals(DropReason.NONE, Ethernet.parse(frame, length, parse));
        assertEquals(Ethernet.BROADCAST_MAC, Ethernet.dstMac(frame));
        final long arp = frame + parse.l3Offset();
        assertEquals(DropReason.NONE, Arp.validate(arp, parse.l3Length()));
        assertTrue(Arp.isGratuitous(arp));
        assertEquals(Arp.OPERATION_REQUEST, Arp.operation(arp));
        assertEquals(TestFrames.ROUTER, Arp.senderIp(arp));
        assertEquals(TestFrames.ROUTER, Arp.targetIp(arp));
        assertEquals(0L, Arp.targetMac(arp));
    }

    @Test
    void shouldAcceptAProbeButNotAReplyFromNowhere()
    {
        final byte[] probe = slice(hex(GoldenFrames.ARP_REQUEST), 14, 28);
        PacketMemory.put32(probe, 14, 0);
        final long arp = memory.frame(probe);
        assertEquals(DropReason.NONE, Arp.validate(arp, 28));
        assertTrue(Arp.isProbe(arp));
        assertFalse(Arp.isGratuitous(arp));

        probe[7] = 2;
        assertEquals(DropReason.ARP_BAD, Arp.validate(memory.frame(probe), 28));
    }

    @Test
    void shouldRejectMalformedArp()
    {
        final byte[] good = slice(hex(GoldenFrames.ARP_REQUEST), 14, 28);
        assertEquals(DropReason.RUNT, Arp.validate(memory.frame(good), 27));
        assertBad(good, 1, 6);            // HTYPE 6 (IEEE 802)
        assertBad(good, 2, 0x86);         // PTYPE 0x8600
        assertBad(good, 4, 8);            // HLEN 8
        assertBad(good, 5, 16);           // PLEN 16
        assertBad(good, 7, 3);            // RARP request
        assertBad(good, 7, 0);
        assertBad(good, 8, 0x01);         // multicast sender MAC
        assertBad(good, 8, 0xFF);
        assertBad(good, 14, 127);         // sender 127.18.0.1
        assertBad(good, 14, 224);         // sender 224.18.0.1
        final byte[] broadcastSender = good.clone();
        PacketMemory.put32(broadcastSender, 14, -1);
        assertEquals(DropReason.ARP_BAD, Arp.validate(memory.frame(broadcastSender), 28));
    }

    private void assertBad(final byte[] good, final int offset, final int value)
    {
        final byte[] bad = good.clone();
        bad[offset] = (byte)value;
        assertEquals(DropReason.ARP_BAD, Arp.validate(memory.frame(bad), 28), "byte " + offset + " = " + value);
    }

    @Test
    void shouldNeverThrowOnMangledArp()
    {
        final Random random = new Random(826);
        final byte[] good = slice(hex(GoldenFrames.ARP_REQUEST), 14, 28);
        final long arp = memory.frame();
        for (int i = 0; i < 50_000; i++)
        {
            final byte[] packet = good.clone();
            packet[random.nextInt(28)] = (byte)random.nextInt(256);
            PacketMemory.write(arp, packet);
            final int verdict = Arp.validate(arp, random.nextInt(40));
            assertTrue(verdict == DropReason.NONE || verdict == DropReason.ARP_BAD || verdict == DropReason.RUNT);
        }
    }
}
