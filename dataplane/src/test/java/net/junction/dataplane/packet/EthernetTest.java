package net.junction.dataplane.packet;

import static net.junction.dataplane.packet.PacketMemory.hex;
import static net.junction.dataplane.packet.PacketMemory.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.junction.dataplane.DropReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EthernetTest
{
    private final PacketMemory memory = new PacketMemory();
    private final EthernetParse parse = new EthernetParse();

    @AfterEach
    void close()
    {
        memory.close();
    }

    @Test
    void shouldReadTheHeaderOfAFrameLinuxSent()
    {
        final byte[] bytes = hex(GoldenFrames.ARP_REQUEST);
        final long frame = memory.frame(bytes);
        assertEquals(Ethernet.BROADCAST_MAC, Ethernet.dstMac(frame));
        assertEquals(TestFrames.HOST_MAC, Ethernet.srcMac(frame));
        assertEquals(Ethernet.ETHER_TYPE_ARP, Ethernet.etherType(frame));
        assertTrue(Ethernet.isBroadcastMac(Ethernet.dstMac(frame)));
        assertTrue(Ethernet.isGroupMac(Ethernet.dstMac(frame)));
        assertFalse(Ethernet.isGroupMac(Ethernet.srcMac(frame)));

        assertEquals(DropReason.NONE, Ethernet.parse(frame, bytes.length, parse));
        assertEquals(Ethernet.ETHER_TYPE_ARP, parse.etherType());
        assertEquals(14, parse.l3Offset());
        assertEquals(28, parse.l3Length());
        assertEquals(0, parse.tagCount());
        assertEquals(Ethernet.NO_TAG, parse.sTagTci());
        assertEquals(Ethernet.NO_TAG, parse.cTagTci());
        assertEquals(Ethernet.NO_TAG, parse.cVlanId());
    }

    @Test
    void shouldWriteMacsAsFortyEightBitsNetworkOrder()
    {
        final long frame = memory.frame();
        Ethernet.dstMac(frame, 0x0123_4567_89ABL);
        Ethernet.srcMac(frame, 0xFEDC_BA98_7654L);
        Ethernet.etherType(frame, Ethernet.ETHER_TYPE_IPV6);
        assertEquals("0123456789abfedcba98765486dd", PacketMemory.hex(read(frame, 14)));
        assertEquals(0x0123_4567_89ABL, Ethernet.dstMac(frame));
        assertEquals(0xFEDC_BA98_7654L, Ethernet.srcMac(frame));
        assertTrue(Ethernet.isGroupMac(0x3333_0000_0001L));
        assertTrue(Ethernet.isGroupMac(0x0100_5E00_0005L));
        assertFalse(Ethernet.isBroadcastMac(0x3333_0000_0001L));
    }

    @Test
    void shouldParseASingle8021QTagAsACustomerTag()
    {
        final long frame = memory.frame(hex("ffffffffffff 020000000101 8100 6064 0800 4500"));
        assertEquals(DropReason.NONE, Ethernet.parse(frame, 60, parse));
        assertEquals(Ethernet.ETHER_TYPE_IPV4, parse.etherType());
        assertEquals(18, parse.l3Offset());
        assertEquals(42, parse.l3Length());
        assertEquals(1, parse.tagCount());
        assertEquals(0x6064, parse.cTagTci());
        assertEquals(100, parse.cVlanId());
        assertEquals(Ethernet.NO_TAG, parse.sTagTci());
        assertEquals(Ethernet.NO_TAG, parse.sVlanId());
    }

    @Test
    void shouldParseQinQAsServiceAndCustomerTags()
    {
        final long frame = memory.frame(hex("ffffffffffff 020000000101 88a8 000a 8100 0014 86dd 6000"));
        assertEquals(DropReason.NONE, Ethernet.parse(frame, 80, parse));
        assertEquals(Ethernet.ETHER_TYPE_IPV6, parse.etherType());
        assertEquals(22, parse.l3Offset());
        assertEquals(58, parse.l3Length());
        assertEquals(2, parse.tagCount());
        assertEquals(10, parse.sVlanId());
        assertEquals(20, parse.cVlanId());
    }

    @Test
    void shouldParseDouble8021QAndALoneServiceTag()
    {
        final long doubleQ = memory.frame(hex("ffffffffffff 020000000101 8100 000a 8100 0014 0806"));
        assertEquals(DropReason.NONE, Ethernet.parse(doubleQ, 60, parse));
        assertEquals(Ethernet.ETHER_TYPE_ARP, parse.etherType());
        assertEquals(10, parse.sVlanId());
        assertEquals(20, parse.cVlanId());

        final long serviceOnly = memory.frame(hex("ffffffffffff 020000000101 88a8 0007 0800"));
        assertEquals(DropReason.NONE, Ethernet.parse(serviceOnly, 60, parse));
        assertEquals(1, parse.tagCount());
        assertEquals(7, parse.sVlanId());
        assertEquals(Ethernet.NO_TAG, parse.cTagTci());
        assertEquals(18, parse.l3Offset());
    }

    @Test
    void shouldLeaveAThirdTagAsTheEthertype()
    {
        final long frame = memory.frame(hex("ffffffffffff 020000000101 88a8 000a 8100 0014 8100 001e 0800"));
        assertEquals(DropReason.NONE, Ethernet.parse(frame, 64, parse));
        assertEquals(Ethernet.ETHER_TYPE_VLAN, parse.etherType());
    }

    @Test
    void shouldCallRuntsAndTruncatedTagsRunts()
    {
        final long frame = memory.frame(hex("ffffffffffff 020000000101 88a8 000a 8100 0014 0800"));
        assertEquals(DropReason.RUNT, Ethernet.parse(frame, 0, parse));
        assertEquals(DropReason.RUNT, Ethernet.parse(frame, 13, parse));
        assertEquals(DropReason.RUNT, Ethernet.parse(frame, 17, parse));
        assertEquals(DropReason.RUNT, Ethernet.parse(frame, 21, parse));
        assertEquals(DropReason.NONE, Ethernet.parse(frame, 22, parse));
        assertEquals(0, parse.l3Length());
    }

    @Test
    void shouldPrependUntaggedSingleTaggedAndQinQHeadersEndingAtL3()
    {
        final long frame = memory.frame();
        final long l3 = frame + 40;
        assertEquals(14, Ethernet.prependHeader(l3, 0x0200_0000_0002L, 0x0200_0000_0001L, Ethernet.NO_TAG, Ethernet.NO_TAG,
            Ethernet.ETHER_TYPE_IPV4));
        assertEquals("020000000002020000000001" + "0800", PacketMemory.hex(read(l3 - 14, 14)));

        assertEquals(18, Ethernet.prependHeader(l3, 0x0200_0000_0002L, 0x0200_0000_0001L, Ethernet.NO_TAG, 0x2064,
            Ethernet.ETHER_TYPE_IPV4));
        assertEquals("020000000002020000000001" + "8100" + "2064" + "0800", PacketMemory.hex(read(l3 - 18, 18)));

        assertEquals(22, Ethernet.prependHeader(l3, 0x0200_0000_0002L, 0x0200_0000_0001L, 0x000A, 0x0014,
            Ethernet.ETHER_TYPE_IPV6));
        assertEquals("020000000002020000000001" + "88a8000a" + "81000014" + "86dd", PacketMemory.hex(read(l3 - 22, 22)));
        assertEquals(DropReason.NONE, Ethernet.parse(l3 - 22, 22 + 40, parse));
        assertEquals(40, parse.l3Length());
        assertEquals(10, parse.sVlanId());
        assertEquals(20, parse.cVlanId());
        assertEquals(22, Ethernet.headerLength(parse.sTagTci(), parse.cTagTci()));
    }

    @Test
    void shouldKeepTheReceivedTagsWhenAskedTo()
    {
        final byte[] bytes = hex("020000000001 020000000101 8100 a00b 0800 45");
        final long frame = memory.frame(bytes);
        assertEquals(DropReason.NONE, Ethernet.parse(frame, 60, parse));
        final long l3 = frame + parse.l3Offset();
        final int length = Ethernet.prependHeader(l3, 0x0200_0000_0202L, 0x0200_0000_0002L, parse.sTagTci(), parse.cTagTci(),
            Ethernet.ETHER_TYPE_IPV4);
        assertEquals(18, length);
        assertArrayEquals(hex("020000000202 020000000002 8100 a00b 0800 45"), read(l3 - length, 19));
    }

    @Test
    void shouldPadShortFramesWithZeros()
    {
        final long frame = memory.frame();
        PacketMemory.write(frame, TestFrames.bytes(60, 3));
        assertEquals(60, Ethernet.padToMinimum(frame, 42));
        assertArrayEquals(new byte[18], read(frame + 42, 18));
        assertEquals(61, Ethernet.padToMinimum(frame, 61));
    }
}
