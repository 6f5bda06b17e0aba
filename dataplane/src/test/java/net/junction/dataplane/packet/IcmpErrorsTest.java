package net.junction.dataplane.packet;

import static net.junction.dataplane.packet.PacketMemory.HEADROOM;
import static net.junction.dataplane.packet.PacketMemory.concat;
import static net.junction.dataplane.packet.PacketMemory.hex;
import static net.junction.dataplane.packet.PacketMemory.naiveChecksum;
import static net.junction.dataplane.packet.PacketMemory.read;
import static net.junction.dataplane.packet.PacketMemory.slice;
import static net.junction.dataplane.packet.PacketMemory.u16;
import static net.junction.dataplane.packet.PacketMemory.u32;
import static net.junction.dataplane.packet.PacketMemory.u8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.LongUnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IcmpErrorsTest
{
    private static final long ROUTER6_HI = 0x2001_0db8_0001_0000L;
    private static final long ROUTER6_LO = 0xFEL;
    private static final long HOST6_HI = 0x2001_0db8_0001_0000L;
    private static final long FAR6_HI = 0x2001_0db8_0002_0000L;

    private final PacketMemory memory = new PacketMemory();

    @AfterEach
    void close()
    {
        memory.close();
    }

    /** Builds with {@code builder} on {@code frameBytes} (L3 at 14) and returns the resulting frame. */
    private byte[] build(final byte[] frameBytes, final int l3Offset, final LongUnaryOperator builder)
    {
        final long frame = memory.frame(frameBytes);
        final long edit = builder.applyAsLong(frame);
        assertFalse(FrameEdit.isNone(edit), "an error is built");
        final int delta = FrameEdit.startDelta(edit);
        assertTrue(delta < 0 && -delta <= HEADROOM, "moves back into the headroom: " + delta);
        final byte[] out = read(frame + delta, FrameEdit.length(edit));
        assertEquals(0, u32(out, 0) | u16(out, 4) | u32(out, 6) | u16(out, 10), "MACs left for the caller, zeroed");
        return out;
    }

    private void assertNoError(final byte[] frameBytes, final LongUnaryOperator builder)
    {
        final long frame = memory.frame(frameBytes);
        final byte[] before = read(frame - HEADROOM, HEADROOM + frameBytes.length + 64);
        assertEquals(FrameEdit.NONE, builder.applyAsLong(frame));
        assertArrayEquals(before, read(frame - HEADROOM, HEADROOM + frameBytes.length + 64), "frame untouched");
    }

    private static void assertLikeLinux4(final byte[] ours, final byte[] linux)
    {
        assertEquals(linux.length, ours.length);
        assertArrayEquals(slice(linux, 12, 6), slice(ours, 12, 6), "ethertype, version, IHL, TOS, total length");
        assertArrayEquals(slice(linux, 22, 2), slice(ours, 22, 2), "TTL, protocol");
        assertArrayEquals(slice(linux, 26, linux.length - 26), slice(ours, 26, ours.length - 26), "addresses and ICMP");
        assertEquals(0x4000, u16(ours, 20), "DF, identification 0: an atomic datagram");
        assertEquals(0, u16(ours, 18));
        assertEquals(0, naiveChecksum(ours, 14, 20), "header checksum");
        assertEquals(0, naiveChecksum(ours, 34, ours.length - 34), "ICMP checksum");
    }

    private static void assertLikeLinux6(final byte[] ours, final byte[] linux)
    {
        assertEquals(linux.length, ours.length);
        assertArrayEquals(slice(linux, 12, 3), slice(ours, 12, 3), "ethertype, version");
        assertEquals(0, u16(ours, 15) | u8(ours, 17), "no flow label (Linux sets one)");
        assertArrayEquals(slice(linux, 18, linux.length - 18), slice(ours, 18, ours.length - 18), "all the rest");
        assertIcmp6ChecksumValid(ours, 14);
    }

    private static void assertIcmp6ChecksumValid(final byte[] frame, final int l3Offset)
    {
        final int length = u16(frame, l3Offset + 4);
        final byte[] pseudo = PacketMemory.ip6PseudoHeader(frame, l3Offset, length, 58);
        assertEquals(0, naiveChecksum(concat(pseudo, slice(frame, l3Offset + 40, length))), "ICMPv6 checksum");
    }

    @Test
    void shouldBuildTheTimeExceededLinuxBuilt()
    {
        final byte[] request = hex(GoldenFrames.IP4_ECHO_REQUEST_TTL1);
        final byte[] ours = build(request, 14,
            frame -> IcmpErrors.ip4TimeExceeded(frame, 14, request.length - 14, TestFrames.ROUTER));
        assertLikeLinux4(ours, hex(GoldenFrames.IP4_TIME_EXCEEDED));
        assertEquals(11, u8(ours, 34));
        assertEquals(0, u8(ours, 35));
        assertArrayEquals(slice(request, 14, 84), slice(ours, 42, 84), "the whole packet quoted, as it came");
    }

    @Test
    void shouldBuildTheFragmentationNeededLinuxBuilt()
    {
        final byte[] request = hex(GoldenFrames.IP4_ECHO_REQUEST_1400_DF);
        final byte[] ours = build(request, 14,
            frame -> IcmpErrors.ip4FragmentationNeeded(frame, 14, request.length - 14, 1280, TestFrames.ROUTER));
        assertLikeLinux4(ours, hex(GoldenFrames.IP4_FRAGMENTATION_NEEDED));
        assertEquals(576, ours.length - 14, "RFC 1812: as much as fits in 576 bytes");
        assertEquals(3, u8(ours, 34));
        assertEquals(4, u8(ours, 35));
        assertEquals(0, u16(ours, 38));
        assertEquals(1280, u16(ours, 40));
    }

    @Test
    void shouldBuildDestinationUnreachableWithTheGivenCode()
    {
        final byte[] frameBytes = concat(TestFrames.ethernet(TestFrames.ROUTER_MAC, TestFrames.HOST_MAC, 0x0800),
            TestFrames.ip4(TestFrames.HOST, 0xC612_0909, Ip4.PROTOCOL_UDP, TestFrames.udp(5000, 53, TestFrames.bytes(20, 5))));
        final byte[] ours = build(frameBytes, 14, frame -> IcmpErrors.ip4DestinationUnreachable(frame, 14, frameBytes.length - 14,
            Icmp4.CODE_HOST_UNREACHABLE, TestFrames.ROUTER));
        assertEquals(14 + 28 + 48, ours.length);
        assertEquals(0x0800, u16(ours, 12));
        assertEquals(0x45C0, u16(ours, 14));
        assertEquals(76, u16(ours, 16));
        assertEquals(64, u8(ours, 22));
        assertEquals(1, u8(ours, 23));
        assertEquals(TestFrames.ROUTER, u32(ours, 26));
        assertEquals(TestFrames.HOST, u32(ours, 30));
        assertEquals(3, u8(ours, 34));
        assertEquals(1, u8(ours, 35));
        assertEquals(0, u32(ours, 38));
        assertArrayEquals(slice(frameBytes, 14, 48), slice(ours, 42, 48));
        assertEquals(0, naiveChecksum(ours, 14, 20));
        assertEquals(0, naiveChecksum(ours, 34, ours.length - 34));
    }

    @Test
    void shouldQuoteThePacketButNotItsEthernetPadding()
    {
        final byte[] packet = TestFrames.ip4(TestFrames.HOST, TestFrames.FAR_HOST, Ip4.PROTOCOL_UDP, 1, 0, new byte[0],
            TestFrames.udp(1, 2, new byte[2]));
        final byte[] frameBytes = concat(TestFrames.ethernet(TestFrames.ROUTER_MAC, TestFrames.HOST_MAC, 0x0800), packet,
            new byte[60 - 14 - packet.length]);
        final byte[] ours = build(frameBytes, 14, frame -> IcmpErrors.ip4TimeExceeded(frame, 14, 46, TestFrames.ROUTER));
        assertEquals(14 + 28 + packet.length, ours.length);
        assertArrayEquals(packet, slice(ours, 42, packet.length));
    }

    @Test
    void shouldAnswerATaggedFrameWithAnUntaggedFrameTheCallerMayTag()
    {
        final byte[] golden = hex(GoldenFrames.IP4_ECHO_REQUEST_TTL1);
        final byte[] tagged = concat(slice(golden, 0, 12), hex("8100 0064"), slice(golden, 12, golden.length - 12));
        final long frame = memory.frame(tagged);
        final long edit = IcmpErrors.ip4TimeExceeded(frame, 18, tagged.length - 18, TestFrames.ROUTER);
        assertEquals(18 - 42, FrameEdit.startDelta(edit));
        assertEquals(126, FrameEdit.length(edit));
        final byte[] ours = read(frame + FrameEdit.startDelta(edit), FrameEdit.length(edit));
        assertLikeLinux4(ours, hex(GoldenFrames.IP4_TIME_EXCEEDED));

        final long l3 = frame + FrameEdit.startDelta(edit) + 14;
        final int l2 = Ethernet.prependHeader(l3, TestFrames.HOST_MAC, TestFrames.ROUTER_MAC, Ethernet.NO_TAG, 0x0064,
            Ethernet.ETHER_TYPE_IPV4);
        assertArrayEquals(hex("020000000101 020000000001 8100 0064 0800 45c0"), read(l3 - l2, 20));
    }

    @Test
    void shouldNeverSendAnErrorAboutAnIcmpError()
    {
        for (final int type : new int[] {3, 4, 5, 11, 12, 42, 255})
        {
            final byte[] frameBytes = ip4Frame(TestFrames.ROUTER_MAC, TestFrames.HOST, TestFrames.FAR_HOST, Ip4.PROTOCOL_ICMP, 0,
                TestFrames.icmp(type, 0, 0, TestFrames.bytes(28, 1)));
            assertNoError(frameBytes, frame -> IcmpErrors.ip4TimeExceeded(frame, 14, frameBytes.length - 14, TestFrames.ROUTER));
        }
        for (final int type : new int[] {0, 8, 13, 14, 17})
        {
            final byte[] frameBytes = ip4Frame(TestFrames.ROUTER_MAC, TestFrames.HOST, TestFrames.FAR_HOST, Ip4.PROTOCOL_ICMP, 0,
                TestFrames.icmp(type, 0, 0, TestFrames.bytes(28, 1)));
            build(frameBytes, 14, frame -> IcmpErrors.ip4TimeExceeded(frame, 14, frameBytes.length - 14, TestFrames.ROUTER));
        }
        final byte[] noType = ip4Frame(TestFrames.ROUTER_MAC, TestFrames.HOST, TestFrames.FAR_HOST, Ip4.PROTOCOL_ICMP, 0,
            new byte[0]);
        assertNoError(noType, frame -> IcmpErrors.ip4TimeExceeded(frame, 14, noType.length - 14, TestFrames.ROUTER));
    }

    @Test
    void shouldNeverSendAnErrorAboutANonFirstFragment()
    {
        final byte[] later = ip4Frame(TestFrames.ROUTER_MAC, TestFrames.HOST, TestFrames.FAR_HOST, Ip4.PROTOCOL_UDP, 185,
            TestFrames.bytes(40, 2));
        assertNoError(later, frame -> IcmpErrors.ip4TimeExceeded(frame, 14, later.length - 14, TestFrames.ROUTER));
        final byte[] first = ip4Frame(TestFrames.ROUTER_MAC, TestFrames.HOST, TestFrames.FAR_HOST, Ip4.PROTOCOL_UDP,
            Ip4.FLAG_MORE_FRAGMENTS, TestFrames.bytes(40, 2));
        build(first, 14, frame -> IcmpErrors.ip4TimeExceeded(frame, 14, first.length - 14, TestFrames.ROUTER));
    }

    @Test
    void shouldNeverSendAnErrorAboutMulticastOrBroadcast()
    {
        for (final int destination : new int[] {0xE000_0005, 0xEFFF_FFFA, 0xFFFF_FFFF})
        {
            final byte[] frameBytes = ip4Frame(TestFrames.ROUTER_MAC, TestFrames.HOST, destination, Ip4.PROTOCOL_UDP, 0,
                new byte[16]);
            assertNoError(frameBytes, frame -> IcmpErrors.ip4TimeExceeded(frame, 14, frameBytes.length - 14, TestFrames.ROUTER));
        }
        for (final long mac : new long[] {Ethernet.BROADCAST_MAC, 0x0100_5E00_0005L})
        {
            final byte[] frameBytes = ip4Frame(mac, TestFrames.HOST, TestFrames.FAR_HOST, Ip4.PROTOCOL_UDP, 0, new byte[16]);
            assertNoError(frameBytes, frame -> IcmpErrors.ip4DestinationUnreachable(frame, 14, frameBytes.length - 14,
                Icmp4.CODE_NET_UNREACHABLE, TestFrames.ROUTER));
        }
    }

    @Test
    void shouldNeverSendAnErrorToASourceThatIsNoHost()
    {
        for (final int source : new int[] {0, 0x0A00_0000 >>> 4, 0x7F00_0001, 0xE000_0001, 0xF000_0001, 0xFFFF_FFFF})
        {
            final byte[] frameBytes = ip4Frame(TestFrames.ROUTER_MAC, source, TestFrames.FAR_HOST, Ip4.PROTOCOL_UDP, 0,
                new byte[16]);
            assertNoError(frameBytes, frame -> IcmpErrors.ip4TimeExceeded(frame, 14, frameBytes.length - 14, TestFrames.ROUTER));
        }
    }

    @Test
    void shouldNotBuildOnAMalformedHeader()
    {
        final byte[] frameBytes = ip4Frame(TestFrames.ROUTER_MAC, TestFrames.HOST, TestFrames.FAR_HOST, Ip4.PROTOCOL_UDP, 0,
            new byte[16]);
        assertNoError(frameBytes, frame -> IcmpErrors.ip4TimeExceeded(frame, 14, 19, TestFrames.ROUTER));
        frameBytes[14] = 0x44;
        assertNoError(frameBytes, frame -> IcmpErrors.ip4TimeExceeded(frame, 14, frameBytes.length - 14, TestFrames.ROUTER));
        frameBytes[14] = 0x4F;
        assertNoError(frameBytes, frame -> IcmpErrors.ip4TimeExceeded(frame, 14, frameBytes.length - 14, TestFrames.ROUTER));
        frameBytes[14] = 0x65;
        assertNoError(frameBytes, frame -> IcmpErrors.ip4TimeExceeded(frame, 14, frameBytes.length - 14, TestFrames.ROUTER));
    }

    private static byte[] ip4Frame(
        final long dstMac, final int src, final int dst, final int protocol, final int flagsFragment, final byte[] payload)
    {
        return concat(TestFrames.ethernet(dstMac, TestFrames.HOST_MAC, 0x0800),
            TestFrames.ip4(src, dst, protocol, 1, flagsFragment, new byte[0], payload));
    }

    @Test
    void shouldBuildTheIp6TimeExceededLinuxBuilt()
    {
        final byte[] request = hex(GoldenFrames.IP6_ECHO_REQUEST_HOP1);
        final byte[] ours = build(request, 14,
            frame -> IcmpErrors.ip6TimeExceeded(frame, 14, request.length - 14, ROUTER6_HI, ROUTER6_LO));
        assertLikeLinux6(ours, hex(GoldenFrames.IP6_TIME_EXCEEDED));
        assertEquals(3, u8(ours, 54));
        assertEquals(0, u8(ours, 55));
        assertArrayEquals(slice(request, 14, 104), slice(ours, 62, 104));
    }

    @Test
    void shouldBuildTheIp6DestinationUnreachableLinuxBuilt()
    {
        final byte[] request = hex(GoldenFrames.IP6_ECHO_REQUEST_NO_ROUTE);
        final byte[] ours = build(request, 14, frame -> IcmpErrors.ip6DestinationUnreachable(frame, 14, request.length - 14,
            Icmp6.CODE_NO_ROUTE, ROUTER6_HI, ROUTER6_LO));
        assertLikeLinux6(ours, hex(GoldenFrames.IP6_DESTINATION_UNREACHABLE));
    }

    @Test
    void shouldBuildThePacketTooBigLinuxBuiltWithinTheMinimumMtu()
    {
        final byte[] request = hex(GoldenFrames.IP6_ECHO_REQUEST_1400);
        final byte[] ours = build(request, 14,
            frame -> IcmpErrors.ip6PacketTooBig(frame, 14, request.length - 14, 1280, ROUTER6_HI, ROUTER6_LO));
        assertLikeLinux6(ours, hex(GoldenFrames.IP6_PACKET_TOO_BIG));
        assertEquals(1280, ours.length - 14, "no longer than the IPv6 minimum MTU");
        assertEquals(1280, u32(ours, 58));
    }

    @Test
    void shouldNeverSendAnIp6ErrorAboutAnIcmp6ErrorOrRedirect()
    {
        for (final int type : new int[] {1, 2, 3, 4, 100, 127, 137})
        {
            final byte[] icmp = TestFrames.icmp(type, 0, 0, new byte[48]);
            final byte[] frameBytes = ip6Frame(TestFrames.ROUTER_MAC, HOST6_HI, 1, FAR6_HI, 1, 58, icmp);
            assertNoError(frameBytes, frame -> IcmpErrors.ip6TimeExceeded(frame, 14, frameBytes.length - 14, ROUTER6_HI, ROUTER6_LO));
            assertNoError(frameBytes, frame -> IcmpErrors.ip6PacketTooBig(frame, 14, frameBytes.length - 14, 1280, ROUTER6_HI,
                ROUTER6_LO));
        }
        final byte[] behindOptions = ip6Frame(TestFrames.ROUTER_MAC, HOST6_HI, 1, FAR6_HI, 1, Ip6.NEXT_HEADER_DESTINATION_OPTIONS,
            concat(hex("3a00 0104 0000 0000"), TestFrames.icmp(1, 0, 0, new byte[8])));
        assertNoError(behindOptions,
            frame -> IcmpErrors.ip6TimeExceeded(frame, 14, behindOptions.length - 14, ROUTER6_HI, ROUTER6_LO));
        final byte[] icmpFragment = ip6Frame(TestFrames.ROUTER_MAC, HOST6_HI, 1, FAR6_HI, 1, Ip6.NEXT_HEADER_FRAGMENT,
            concat(hex("3a00 0100 0000 0007"), TestFrames.bytes(32, 1)));
        assertNoError(icmpFragment,
            frame -> IcmpErrors.ip6TimeExceeded(frame, 14, icmpFragment.length - 14, ROUTER6_HI, ROUTER6_LO));
        final byte[] echoBehindOptions = ip6Frame(TestFrames.ROUTER_MAC, HOST6_HI, 1, FAR6_HI, 1,
            Ip6.NEXT_HEADER_DESTINATION_OPTIONS, concat(hex("3a00 0104 0000 0000"), TestFrames.icmp(128, 0, 0, new byte[8])));
        build(echoBehindOptions, 14,
            frame -> IcmpErrors.ip6TimeExceeded(frame, 14, echoBehindOptions.length - 14, ROUTER6_HI, ROUTER6_LO));
    }

    @Test
    void shouldSendIp6ErrorsAboutFragmentsOfOtherProtocols()
    {
        final byte[] udpFragment = ip6Frame(TestFrames.ROUTER_MAC, HOST6_HI, 1, FAR6_HI, 1, Ip6.NEXT_HEADER_FRAGMENT,
            concat(hex("1100 0100 0000 0007"), TestFrames.bytes(32, 1)));
        final byte[] ours = build(udpFragment, 14,
            frame -> IcmpErrors.ip6TimeExceeded(frame, 14, udpFragment.length - 14, ROUTER6_HI, ROUTER6_LO));
        assertArrayEquals(slice(udpFragment, 14, udpFragment.length - 14), slice(ours, 62, ours.length - 62));
        assertIcmp6ChecksumValid(ours, 14);
    }

    @Test
    void shouldSendOnlyPacketTooBigAboutMulticast()
    {
        final byte[] toGroup = ip6Frame(0x3333_0000_0101L, HOST6_HI, 1, 0xFF0E_0000_0000_0000L, 0x101, 17, new byte[64]);
        assertNoError(toGroup, frame -> IcmpErrors.ip6TimeExceeded(frame, 14, toGroup.length - 14, ROUTER6_HI, ROUTER6_LO));
        assertNoError(toGroup, frame -> IcmpErrors.ip6DestinationUnreachable(frame, 14, toGroup.length - 14, 0, ROUTER6_HI,
            ROUTER6_LO));
        final byte[] ours = build(toGroup, 14,
            frame -> IcmpErrors.ip6PacketTooBig(frame, 14, toGroup.length - 14, 1400, ROUTER6_HI, ROUTER6_LO));
        assertEquals(2, u8(ours, 54));
        assertIcmp6ChecksumValid(ours, 14);

        final byte[] broadcastFrame = ip6Frame(Ethernet.BROADCAST_MAC, HOST6_HI, 1, FAR6_HI, 1, 17, new byte[64]);
        assertNoError(broadcastFrame,
            frame -> IcmpErrors.ip6TimeExceeded(frame, 14, broadcastFrame.length - 14, ROUTER6_HI, ROUTER6_LO));
    }

    @Test
    void shouldNeverSendAnIp6ErrorToASourceThatIsNoNode()
    {
        for (final long[] source : new long[][] {{0, 0}, {0, 1}, {0xFF02_0000_0000_0000L, 1}})
        {
            final byte[] frameBytes = ip6Frame(TestFrames.ROUTER_MAC, source[0], source[1], FAR6_HI, 1, 17, new byte[16]);
            assertNoError(frameBytes, frame -> IcmpErrors.ip6PacketTooBig(frame, 14, frameBytes.length - 14, 1280, ROUTER6_HI,
                ROUTER6_LO));
        }
        final byte[] frameBytes = ip6Frame(TestFrames.ROUTER_MAC, HOST6_HI, 1, FAR6_HI, 1, 17, new byte[16]);
        assertNoError(frameBytes, frame -> IcmpErrors.ip6TimeExceeded(frame, 14, 39, ROUTER6_HI, ROUTER6_LO));
    }

    @Test
    void shouldAnswerALinkLocalSourceFromTheGivenLinkLocalAddress()
    {
        final long routerLinkLocalLo = Ip6.eui64InterfaceId(TestFrames.ROUTER_MAC);
        final byte[] frameBytes = ip6Frame(TestFrames.ROUTER_MAC, Ip6.LINK_LOCAL_PREFIX_HI, 7, FAR6_HI, 1, 17, new byte[16]);
        final byte[] ours = build(frameBytes, 14, frame -> IcmpErrors.ip6DestinationUnreachable(frame, 14, frameBytes.length - 14,
            Icmp6.CODE_BEYOND_SCOPE_OF_SOURCE, Ip6.LINK_LOCAL_PREFIX_HI, routerLinkLocalLo));
        assertEquals(2, u8(ours, 55));
        assertArrayEquals(slice(frameBytes, 14 + 8, 16), slice(ours, 14 + 24, 16), "back to the link-local source");
        assertIcmp6ChecksumValid(ours, 14);
    }

    private static byte[] ip6Frame(
        final long dstMac, final long srcHi, final long srcLo, final long dstHi, final long dstLo, final int nextHeader,
        final byte[] payload)
    {
        final byte[] packet = TestFrames.ip6(srcHi, srcLo, dstHi, dstLo, nextHeader, 1, payload);
        return concat(TestFrames.ethernet(dstMac, TestFrames.HOST_MAC, 0x86DD), packet);
    }
}
