package net.junction.dataplane.packet;

import static net.junction.dataplane.packet.PacketMemory.concat;
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

class NdpTest
{
    private static final long NET_HI = 0x2001_0db8_0001_0000L;
    private static final long HOST_LO = 1;
    private static final long ROUTER_LO = 0xFE;

    private final PacketMemory memory = new PacketMemory();
    private final NdpParse nd = new NdpParse();
    private final EthernetParse parse = new EthernetParse();

    @AfterEach
    void close()
    {
        memory.close();
    }

    @Test
    void shouldParseTheSolicitationAndAdvertisementLinuxSent()
    {
        final long ns = memory.frame(hex(GoldenFrames.ND_SOLICITATION)) + 14;
        assertEquals(DropReason.NONE, Ndp.validate(ns, 72, nd));
        assertTrue(nd.isSolicitation());
        assertEquals(Icmp6.TYPE_NEIGHBOR_SOLICITATION, nd.type());
        assertEquals(NET_HI, nd.targetHi());
        assertEquals(ROUTER_LO, nd.targetLo());
        assertTrue(nd.hasLinkLayerAddress());
        assertEquals(TestFrames.HOST_MAC, nd.linkLayerAddress());
        assertFalse(nd.sourceUnspecified());
        assertEquals(0, nd.flags());

        final long na = memory.frame(hex(GoldenFrames.ND_ADVERTISEMENT)) + 14;
        assertEquals(DropReason.NONE, Ndp.validate(na, 72, nd));
        assertFalse(nd.isSolicitation());
        assertTrue(nd.isRouter());
        assertTrue(nd.isSolicited());
        assertTrue(nd.isOverride());
        assertEquals(ROUTER_LO, nd.targetLo());
        assertEquals(TestFrames.ROUTER_MAC, nd.linkLayerAddress());
    }

    @Test
    void shouldAnswerTheSolicitationWithTheAdvertisementLinuxSentByteForByte()
    {
        final byte[] solicitation = hex(GoldenFrames.ND_SOLICITATION);
        final long frame = memory.frame(solicitation);
        assertEquals(DropReason.NONE, Ethernet.parse(frame, solicitation.length, parse));
        final long l3 = frame + parse.l3Offset();
        assertEquals(DropReason.NONE, Ndp.validate(l3, parse.l3Length(), nd));
        final int l3Length = Ndp.replyToSolicitation(l3, nd, TestFrames.ROUTER_MAC);
        assertEquals(Ndp.ADVERTISEMENT_L3_LENGTH, l3Length);
        final long dstMac = Ndp.replyDestinationMac(nd, Ethernet.srcMac(frame));
        assertEquals(TestFrames.HOST_MAC, dstMac);
        final int l2 = Ethernet.prependHeader(l3, dstMac, TestFrames.ROUTER_MAC, parse.sTagTci(), parse.cTagTci(),
            Ethernet.ETHER_TYPE_IPV6);
        assertArrayEquals(hex(GoldenFrames.ND_ADVERTISEMENT), read(l3 - l2, l2 + l3Length));
    }

    @Test
    void shouldBuildTheSolicitationLinuxSentByteForByte()
    {
        final long frame = memory.frame();
        final int length = Ndp.buildSolicitation(frame, TestFrames.HOST_MAC, Ethernet.NO_TAG, Ethernet.NO_TAG, NET_HI, HOST_LO,
            NET_HI, ROUTER_LO);
        assertArrayEquals(hex(GoldenFrames.ND_SOLICITATION), read(frame, length));
    }

    @Test
    void shouldAnswerDuplicateAddressDetectionToAllNodes()
    {
        final long frame = memory.frame();
        final int length = Ndp.buildSolicitation(frame, TestFrames.HOST_MAC, Ethernet.NO_TAG, 0x0064, 0, 0, NET_HI, ROUTER_LO);
        assertEquals(18 + 40 + 24, length, "no source link-layer address option from ::");
        assertEquals(0x3333_FF00_00FEL, Ethernet.dstMac(frame));
        assertEquals(DropReason.NONE, Ethernet.parse(frame, length, parse));
        final long l3 = frame + parse.l3Offset();
        assertEquals(DropReason.NONE, Ndp.validate(l3, parse.l3Length(), nd));
        assertTrue(nd.sourceUnspecified());
        assertFalse(nd.hasLinkLayerAddress());

        assertEquals(Ndp.ADVERTISEMENT_L3_LENGTH, Ndp.replyToSolicitation(l3, nd, TestFrames.ROUTER_MAC));
        assertEquals(0x3333_0000_0001L, Ndp.replyDestinationMac(nd, TestFrames.HOST_MAC));
        assertEquals(Ip6.ALL_NODES_HI, Ip6.dstHi(l3));
        assertEquals(Ip6.ALL_NODES_LO, Ip6.dstLo(l3));
        assertEquals(DropReason.NONE, Ndp.validate(l3, Ndp.ADVERTISEMENT_L3_LENGTH, nd));
        assertFalse(nd.isSolicited(), "an advertisement to all nodes is not solicited");
        assertTrue(nd.isOverride());
        assertEquals(TestFrames.ROUTER_MAC, nd.linkLayerAddress());
    }

    @Test
    void shouldFallBackToTheFrameSourceWithoutALinkLayerOption()
    {
        final byte[] packet = TestFrames.ip6(NET_HI, HOST_LO, Ip6.SOLICITED_NODE_HI, Ip6.solicitedNodeLo(ROUTER_LO), 58, 255,
            concat(hex("8700 0000 0000 0000"), new byte[16]));
        TestFrames.putLong(packet, 48, NET_HI);
        TestFrames.putLong(packet, 56, ROUTER_LO);
        TestFrames.fixIcmp6Checksum(packet, 0, 40, 24);
        final long l3 = memory.frame(packet);
        assertEquals(DropReason.NONE, Ndp.validate(l3, packet.length, nd));
        assertFalse(nd.hasLinkLayerAddress());
        assertEquals(0x0200_0000_0999L, Ndp.replyDestinationMac(nd, 0x0200_0000_0999L));
    }

    @Test
    void shouldBuildAUnicastProbeAndAnUnsolicitedAdvertisement()
    {
        final long linkLocalLo = Ip6.eui64InterfaceId(TestFrames.ROUTER_MAC);
        final long frame = memory.frame();
        final int length = Ndp.buildUnicastSolicitation(frame, TestFrames.HOST_MAC, TestFrames.ROUTER_MAC, Ethernet.NO_TAG,
            Ethernet.NO_TAG, Ip6.LINK_LOCAL_PREFIX_HI, linkLocalLo, NET_HI, HOST_LO);
        assertEquals(Ndp.SOLICITATION_MAX_FRAME_LENGTH - 8, length);
        final long l3 = frame + 14;
        assertEquals(DropReason.NONE, Ndp.validate(l3, length - 14, nd));
        assertEquals(NET_HI, Ip6.dstHi(l3));
        assertEquals(HOST_LO, Ip6.dstLo(l3));
        assertEquals(Ip6.LINK_LOCAL_PREFIX_HI, Ip6.srcHi(l3));
        assertEquals(TestFrames.HOST_MAC, Ethernet.dstMac(frame));
        assertEquals(TestFrames.ROUTER_MAC, nd.linkLayerAddress());

        final long buffer = memory.frame() + 14;
        assertEquals(72, Ndp.writeAdvertisement(buffer, TestFrames.ROUTER_MAC, NET_HI, ROUTER_LO, Ip6.ALL_NODES_HI,
            Ip6.ALL_NODES_LO, Ndp.FLAG_ROUTER | Ndp.FLAG_OVERRIDE));
        assertEquals(DropReason.NONE, Ndp.validate(buffer, 72, nd));
        assertTrue(nd.isRouter());
        assertFalse(nd.isSolicited());
    }

    @Test
    void shouldRejectMalformedNeighborDiscovery()
    {
        final byte[] ns = slice(hex(GoldenFrames.ND_SOLICITATION), 14, 72);
        assertEquals(DropReason.RUNT, Ndp.validate(memory.frame(ns), 39, nd));
        assertEquals(DropReason.ND_BAD, Ndp.validate(memory.frame(ns), 71, nd), "payload beyond the frame");

        final byte[] forwarded = ns.clone();
        forwarded[7] = (byte)254;
        assertBad(forwarded, false, "hop limit 254");
        assertBad(withByte(ns, 60, 0x55), false, "bad checksum");
        assertBad(withByte(ns, 41, 1), true, "code 1");
        assertBad(withByte(ns, 40, 134), true, "router advertisement");
        assertBad(withByte(ns, 48, 0xFF), true, "multicast target");
        assertBad(withByte(ns, 65, 0), true, "option length 0");
        assertBad(withByte(ns, 65, 2), true, "option past the end");
        assertBad(withByte(ns, 6, 17), false, "not ICMPv6");

        final byte[] shortMessage = ns.clone();
        PacketMemory.put16(shortMessage, 4, 16);
        TestFrames.fixIcmp6Checksum(shortMessage, 0, 40, 16);
        assertEquals(DropReason.ND_BAD, Ndp.validate(memory.frame(shortMessage), 72, nd));

        final byte[] longOption = concat(ns, new byte[8]);
        PacketMemory.put16(longOption, 4, 40);
        longOption[65] = 2;
        TestFrames.fixIcmp6Checksum(longOption, 0, 40, 40);
        assertEquals(DropReason.ND_BAD, Ndp.validate(memory.frame(longOption), 80, nd), "16-byte Ethernet address option");

        final byte[] otherOption = longOption.clone();
        otherOption[64] = 14;   // nonce option of 16 bytes: skipped
        TestFrames.fixIcmp6Checksum(otherOption, 0, 40, 40);
        assertEquals(DropReason.NONE, Ndp.validate(memory.frame(otherOption), 80, nd));
        assertFalse(nd.hasLinkLayerAddress());

        final byte[] truncatedOption = concat(slice(ns, 0, 64), hex("01"));
        PacketMemory.put16(truncatedOption, 4, 25);
        TestFrames.fixIcmp6Checksum(truncatedOption, 0, 40, 25);
        assertEquals(DropReason.ND_BAD, Ndp.validate(memory.frame(truncatedOption), 65, nd));
    }

    @Test
    void shouldRejectDadWithALinkLayerAddressOrNotToSolicitedNode()
    {
        final byte[] ns = slice(hex(GoldenFrames.ND_SOLICITATION), 14, 72);
        final byte[] dadWithOption = ns.clone();
        TestFrames.putLong(dadWithOption, 8, 0);
        TestFrames.putLong(dadWithOption, 16, 0);
        TestFrames.fixIcmp6Checksum(dadWithOption, 0, 40, 32);
        assertEquals(DropReason.ND_BAD, Ndp.validate(memory.frame(dadWithOption), 72, nd));

        final byte[] dad = slice(dadWithOption, 0, 64);
        PacketMemory.put16(dad, 4, 24);
        TestFrames.fixIcmp6Checksum(dad, 0, 40, 24);
        assertEquals(DropReason.NONE, Ndp.validate(memory.frame(dad), 64, nd));
        TestFrames.putLong(dad, 32, 0x1L);
        TestFrames.fixIcmp6Checksum(dad, 0, 40, 24);
        assertEquals(DropReason.ND_BAD, Ndp.validate(memory.frame(dad), 64, nd));
    }

    @Test
    void shouldRejectASolicitedAdvertisementToMulticast()
    {
        final byte[] na = slice(hex(GoldenFrames.ND_ADVERTISEMENT), 14, 72);
        TestFrames.putLong(na, 24, Ip6.ALL_NODES_HI);
        TestFrames.putLong(na, 32, Ip6.ALL_NODES_LO);
        TestFrames.fixIcmp6Checksum(na, 0, 40, 32);
        assertEquals(DropReason.ND_BAD, Ndp.validate(memory.frame(na), 72, nd));
        na[44] = (byte)(Ndp.FLAG_ROUTER | Ndp.FLAG_OVERRIDE);
        TestFrames.fixIcmp6Checksum(na, 0, 40, 32);
        assertEquals(DropReason.NONE, Ndp.validate(memory.frame(na), 72, nd));
    }

    private static byte[] withByte(final byte[] packet, final int offset, final int value)
    {
        final byte[] out = packet.clone();
        out[offset] = (byte)value;
        return out;
    }

    private void assertBad(final byte[] packet, final boolean fixChecksum, final String what)
    {
        if (fixChecksum)
        {
            TestFrames.fixIcmp6Checksum(packet, 0, 40, PacketMemory.u16(packet, 4));
        }
        assertEquals(DropReason.ND_BAD, Ndp.validate(memory.frame(packet), packet.length, nd), what);
    }

    @Test
    void shouldWalkMangledOptionsWithoutThrowingOrLooping()
    {
        final Random random = new Random(4861);
        final byte[] ns = concat(slice(hex(GoldenFrames.ND_SOLICITATION), 14, 72), new byte[64]);
        PacketMemory.put16(ns, 4, 96);
        final long l3 = memory.frame();
        int accepted = 0;
        for (int i = 0; i < 50_000; i++)
        {
            final byte[] packet = ns.clone();
            for (int j = 64; j < packet.length; j++)
            {
                packet[j] = (byte)(random.nextInt(4) == 0 ? random.nextInt(256) : random.nextInt(3));
            }
            TestFrames.fixIcmp6Checksum(packet, 0, 40, 96);
            PacketMemory.write(l3, packet);
            final int verdict = Ndp.validate(l3, packet.length, nd);
            assertTrue(verdict == DropReason.NONE || verdict == DropReason.ND_BAD);
            accepted += verdict == DropReason.NONE ? 1 : 0;
        }
        assertTrue(accepted > 0, "some random option chains are valid");
    }
}
