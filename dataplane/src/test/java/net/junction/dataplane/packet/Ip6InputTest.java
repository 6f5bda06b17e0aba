package net.junction.dataplane.packet;

import static net.junction.dataplane.packet.PacketMemory.hex;
import static net.junction.dataplane.packet.PacketMemory.put16;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import net.junction.dataplane.DropReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Ip6InputTest
{
    static final long DOC_HI = 0x2001_0db8_0001_0000L;
    static final long FAR_HI = 0x2001_0db8_0002_0000L;
    static final long LINK_LOCAL_HI = 0xFE80_0000_0000_0000L;

    private final PacketMemory memory = new PacketMemory();

    @AfterEach
    void close()
    {
        memory.close();
    }

    private static byte[] packet(final long srcHi, final long srcLo, final long dstHi, final long dstLo)
    {
        return TestFrames.ip6(srcHi, srcLo, dstHi, dstLo, Ip6.NEXT_HEADER_UDP, 64, TestFrames.udp(1, 2, new byte[12]));
    }

    private int validate(final byte[] packet, final int available)
    {
        return Ip6Input.validate(memory.frame(packet), available);
    }

    private int validate(final byte[] packet)
    {
        return validate(packet, packet.length);
    }

    @Test
    void shouldAcceptPacketsLinuxSent()
    {
        for (final String golden : new String[] {
            GoldenFrames.IP6_ECHO_REQUEST, GoldenFrames.IP6_ECHO_REQUEST_1400, GoldenFrames.IP6_TIME_EXCEEDED,
            GoldenFrames.IP6_PACKET_TOO_BIG, GoldenFrames.ND_SOLICITATION})
        {
            final byte[] frame = hex(golden);
            final long l3 = memory.frame(frame) + 14;
            assertEquals(DropReason.NONE, Ip6Input.validate(l3, frame.length - 14), golden);
            assertEquals(frame.length - 14, Ip6Input.packetLength(l3));
        }
        final long echo = memory.frame(hex(GoldenFrames.IP6_ECHO_REQUEST)) + 14;
        assertEquals(DropReason.NONE, Ip6Input.checkForwardable(echo));
        assertEquals(0x2001_0db8_0001_0000L, Ip6.srcHi(echo));
        assertEquals(1L, Ip6.srcLo(echo));
        assertEquals(FAR_HI, Ip6.dstHi(echo));
        assertEquals(0x18c0b, Ip6.flowLabel(echo));
        assertEquals(0, Ip6.trafficClass(echo));
        assertEquals(64, Ip6.hopLimit(echo));
    }

    @Test
    void shouldCallAnL3PartShorterThanTheHeaderARunt()
    {
        assertEquals(DropReason.RUNT, validate(packet(DOC_HI, 1, FAR_HI, 1), 39));
    }

    @Test
    void shouldRejectAVersionOtherThanSix()
    {
        final byte[] packet = packet(DOC_HI, 1, FAR_HI, 1);
        packet[0] = 0x40;
        assertEquals(DropReason.IP6_BAD_VERSION, validate(packet));
    }

    @Test
    void shouldRejectAPayloadLengthBeyondTheFrame()
    {
        final byte[] packet = packet(DOC_HI, 1, FAR_HI, 1);
        assertEquals(DropReason.IP6_BAD_LENGTH, validate(packet, packet.length - 1));
        put16(packet, 4, 0xFFFF);
        assertEquals(DropReason.IP6_BAD_LENGTH, validate(packet));
    }

    @Test
    void shouldAcceptEthernetPaddingAndReportTheTrueLength()
    {
        final byte[] packet = TestFrames.ip6(DOC_HI, 1, FAR_HI, 1, Ip6.NEXT_HEADER_NONE, 64, new byte[0]);
        final byte[] padded = new byte[46];
        System.arraycopy(packet, 0, padded, 0, packet.length);
        final long l3 = memory.frame(padded);
        assertEquals(DropReason.NONE, Ip6Input.validate(l3, padded.length));
        assertEquals(40, Ip6Input.packetLength(l3));
    }

    @Test
    void shouldAcceptTheUnspecifiedSourceOnTheLinkButNeverForwardIt()
    {
        // RFC 4862 §5.4.2: duplicate address detection solicits from ::; RFC 4291 §2.5.2: never forwarded.
        assertEquals(DropReason.NONE, validate(packet(0, 0, FAR_HI, 1)));
        assertEquals(DropReason.IP6_MARTIAN_SOURCE, forwardable(packet(0, 0, FAR_HI, 1)));
    }

    @Test
    void shouldRejectMartianSources()
    {
        assertEquals(DropReason.IP6_MARTIAN_SOURCE, validate(packet(0, 1, FAR_HI, 1)));
        assertEquals(DropReason.IP6_MARTIAN_SOURCE, validate(packet(0xFF02_0000_0000_0000L, 1, FAR_HI, 1)));
        assertEquals(DropReason.IP6_MARTIAN_SOURCE, validate(packet(0xFF0E_0000_0000_0000L, 0x1234, FAR_HI, 1)));
        assertEquals(DropReason.NONE, validate(packet(0, 2, FAR_HI, 1)));
    }

    @Test
    void shouldRejectMartianDestinations()
    {
        assertEquals(DropReason.IP6_MARTIAN_DESTINATION, validate(packet(DOC_HI, 1, 0, 0)));
        assertEquals(DropReason.IP6_MARTIAN_DESTINATION, validate(packet(DOC_HI, 1, 0, 1)));
        assertEquals(DropReason.IP6_MARTIAN_DESTINATION, validate(packet(DOC_HI, 1, 0xFF01_0000_0000_0000L, 1)));
        assertEquals(DropReason.IP6_MARTIAN_DESTINATION, validate(packet(DOC_HI, 1, 0xFF00_0000_0000_0000L, 1)));
        assertEquals(DropReason.NONE, validate(packet(DOC_HI, 1, 0xFF02_0000_0000_0000L, 1)));
    }

    @Test
    void shouldNotForwardMulticastOrLinkLocal()
    {
        assertEquals(DropReason.IP6_MULTICAST_DESTINATION, forwardable(packet(DOC_HI, 1, 0xFF02_0000_0000_0000L, 1)));
        assertEquals(DropReason.IP6_MULTICAST_DESTINATION, forwardable(packet(DOC_HI, 1, 0xFF0E_0000_0000_0000L, 0x101)));
        assertEquals(DropReason.IP6_LINK_LOCAL_DESTINATION, forwardable(packet(DOC_HI, 1, LINK_LOCAL_HI, 1)));
        assertEquals(DropReason.IP6_LINK_LOCAL_DESTINATION, forwardable(packet(DOC_HI, 1, 0xFEBF_0000_0000_0000L, 1)));
        assertEquals(DropReason.IP6_LINK_LOCAL_SOURCE, forwardable(packet(LINK_LOCAL_HI, 1, FAR_HI, 1)));
        assertEquals(DropReason.NONE, forwardable(packet(DOC_HI, 1, 0xFEC0_0000_0000_0000L, 1)));
        assertEquals(DropReason.NONE, forwardable(packet(DOC_HI, 1, FAR_HI, 1)));
    }

    private int forwardable(final byte[] packet)
    {
        final long l3 = memory.frame(packet);
        assertEquals(DropReason.NONE, Ip6Input.validate(l3, packet.length));
        return Ip6Input.checkForwardable(l3);
    }

    @Test
    void shouldForwardFragments()
    {
        final byte[] fragment = hex("11 00 0009 12345678");
        final byte[] packet = TestFrames.ip6(DOC_HI, 1, FAR_HI, 1, Ip6.NEXT_HEADER_FRAGMENT, 64,
            PacketMemory.concat(fragment, TestFrames.bytes(64, 9)));
        assertEquals(DropReason.NONE, validate(packet));
        assertEquals(DropReason.NONE, forwardable(packet));
    }

    @Test
    void shouldWalkExtensionHeadersToTheUpperLayer()
    {
        final byte[] mld = hex(GoldenFrames.IP6_MLD_REPORT_HOP_BY_HOP);
        final long l3 = memory.frame(mld) + 14;
        final long walk = Ip6.findUpperLayer(l3, mld.length - 14);
        assertEquals(48, Ip6.upperLayerOffset(walk));
        assertEquals(Ip6.NEXT_HEADER_ICMPV6, Ip6.upperLayerProtocol(walk));
        assertFalse(Ip6.isNonFirstFragment(walk));
        assertEquals(143, Icmp6.type(l3 + 48));
        assertEquals(LINK_LOCAL_HI, Ip6.srcHi(l3));
        assertEquals(Ip6.eui64InterfaceId(TestFrames.HOST_MAC), Ip6.srcLo(l3));

        // hop-by-hop (8) -> destination options (16) -> first fragment -> UDP
        final byte[] chain = PacketMemory.concat(hex("3c00 0000 0000 0000"), hex("2c01 0000 0000 0000 0000 0000 0000 0000"),
            hex("1100 0001 0000 0001"), TestFrames.udp(7, 9, new byte[4]));
        final byte[] packet = TestFrames.ip6(DOC_HI, 1, FAR_HI, 1, Ip6.NEXT_HEADER_HOP_BY_HOP, 64, chain);
        final long chained = memory.frame(packet);
        final long upper = Ip6.findUpperLayer(chained, packet.length);
        assertEquals(40 + 8 + 16 + 8, Ip6.upperLayerOffset(upper));
        assertEquals(Ip6.NEXT_HEADER_UDP, Ip6.upperLayerProtocol(upper));
        assertEquals(0x0007_0009, Transport.ports(chained + Ip6.upperLayerOffset(upper)));
        assertEquals(7, Transport.srcPort(chained + Ip6.upperLayerOffset(upper)));
        assertEquals(9, Transport.dstPort(chained + Ip6.upperLayerOffset(upper)));

        assertEquals(Ip6.UPPER_LAYER_UNKNOWN, Ip6.findUpperLayer(chained, 40 + 8 + 15));
        assertEquals(Ip6.UPPER_LAYER_UNKNOWN, Ip6.findUpperLayer(chained, 40 + 4));
    }

    @Test
    void shouldStopAfterTheFragmentHeaderOfANonFirstFragment()
    {
        final byte[] packet = TestFrames.ip6(DOC_HI, 1, FAR_HI, 1, Ip6.NEXT_HEADER_FRAGMENT, 64,
            PacketMemory.concat(hex("3a00 05a8 0000 0001"), TestFrames.bytes(16, 4)));
        final long l3 = memory.frame(packet);
        final long walk = Ip6.findUpperLayer(l3, packet.length);
        assertTrue(Ip6.isNonFirstFragment(walk));
        assertEquals(Ip6.NEXT_HEADER_ICMPV6, Ip6.upperLayerProtocol(walk));
        assertEquals(48, Ip6.upperLayerOffset(walk));
    }

    @Test
    void shouldGiveUpOnEndlessChains()
    {
        final byte[] chain = new byte[8 * 12];
        for (int i = 0; i < 12; i++)
        {
            chain[8 * i] = Ip6.NEXT_HEADER_DESTINATION_OPTIONS;
        }
        final byte[] packet = TestFrames.ip6(DOC_HI, 1, FAR_HI, 1, Ip6.NEXT_HEADER_DESTINATION_OPTIONS, 64, chain);
        assertEquals(Ip6.UPPER_LAYER_UNKNOWN, Ip6.findUpperLayer(memory.frame(packet), packet.length));
    }

    @Test
    void shouldMakeAddressesOfMulticastAndMacs()
    {
        // RFC 4291 Appendix A's style of example: 00:1a:2b:3c:4d:5e -> 021a:2bff:fe3c:4d5e
        assertEquals(0x021A_2BFF_FE3C_4D5EL, Ip6.eui64InterfaceId(0x001A_2B3C_4D5EL));
        assertEquals(0x0000_00FF_FE00_0101L, Ip6.eui64InterfaceId(TestFrames.HOST_MAC));
        assertEquals(0x0000_0001_FF00_00FEL, Ip6.solicitedNodeLo(0xFE));
        assertTrue(Ip6.isSolicitedNode(Ip6.SOLICITED_NODE_HI, Ip6.solicitedNodeLo(0x1234_5678_9ABC_DEF0L)));
        assertFalse(Ip6.isSolicitedNode(Ip6.SOLICITED_NODE_HI, 1));
        assertEquals(0x3333_FF00_00FEL, Ip6.multicastMac(Ip6.solicitedNodeLo(0xFE)));
        assertEquals(0x3333_0000_0001L, Ip6.multicastMac(Ip6.ALL_NODES_LO));
        assertTrue(Ip6.isLinkLocal(0xFE80_0000_0000_0000L));
        assertFalse(Ip6.isLinkLocal(0xFEC0_0000_0000_0000L));
        assertEquals(2, Ip6.multicastScope(0xFF02_0000_0000_0000L));
    }

    @Test
    void shouldNeverThrowOnMangledPackets()
    {
        final Random random = new Random(8200);
        final byte[] golden = PacketMemory.slice(hex(GoldenFrames.IP6_MLD_REPORT_HOP_BY_HOP), 14, 96);
        final long l3 = memory.frame();
        for (int i = 0; i < 100_000; i++)
        {
            final byte[] packet = golden.clone();
            for (int flips = random.nextInt(4); flips >= 0; flips--)
            {
                packet[random.nextInt(random.nextBoolean() ? 50 : packet.length)] = (byte)random.nextInt(256);
            }
            PacketMemory.write(l3, packet);
            final int available = random.nextInt(packet.length + 1);
            final int verdict = Ip6Input.validate(l3, available);
            assertTrue(verdict >= 0 && verdict < DropReason.COUNT);
            if (verdict == DropReason.NONE)
            {
                assertTrue(40 + PacketMemory.u16(packet, 4) <= available);
                final long walk = Ip6.findUpperLayer(l3, Ip6Input.packetLength(l3));
                assertTrue(walk == Ip6.UPPER_LAYER_UNKNOWN || Ip6.upperLayerOffset(walk) <= Ip6Input.packetLength(l3));
            }
        }
    }
}
