package net.junction.dataplane.packet;

import net.junction.bindings.RawMemory;

/**
 * ICMP (RFC 792, RFC 1812 §4.3.2) and ICMPv6 (RFC 4443) error messages built in place in the
 * buffer of the packet that caused them.
 *
 * <p>Design: the quoted part of the invoking packet stays where it is. The new IP and ICMP
 * headers go right before its L3 header, the Ethernet header before them, so building costs no
 * copy: the frame start moves back into the mbuf headroom (at most 48 bytes; the caller
 * guarantees 128). The result is an untagged Ethernet frame whose MACs are zero and ethertype is
 * set: the caller writes the MACs (or a tagged header with {@link Ethernet#prependHeader}, there
 * is room) and sends it back where the packet came from. Call these on the packet as received,
 * before any rewrite, so the quote is what the sender sent.
 *
 * <p>Each builder returns a {@link FrameEdit}: the move of the frame start and the new frame
 * length, or {@link FrameEdit#NONE} when the rules forbid an error about this packet, leaving
 * the frame untouched:
 * <ul>
 * <li>IPv4 (RFC 1812 §4.3.2.7): the packet is an ICMP error (or of unknown ICMP type), a
 * non-first fragment, sent to multicast or broadcast (IP or link layer), or from a source that
 * names no single host (0/8, 127/8, 224/4, class E, broadcast); or its header is malformed.
 * <li>IPv6 (RFC 4443 §2.4(e)): the packet is an ICMPv6 error or redirect, sent to multicast (IP
 * or link layer) or link-layer broadcast, with Packet Too Big as the one exception the RFC makes,
 * or from ::, ::1 or multicast; or its header is malformed.
 * </ul>
 * Rate limiting (RFC 1812 §4.3.2.8, RFC 4443 §2.4(f)) is the caller's, before building.
 *
 * <p>Fast path: static, allocation free, no exceptions.
 */
public final class IcmpErrors
{
    /** RFC 1812 §4.3.2.3: the error holds as much of the packet as fits in 576 bytes. */
    public static final int IP4_ERROR_MAX_LENGTH = 576;
    /** RFC 4443 §2.4(c): as much as fits without exceeding the minimum MTU. */
    public static final int IP6_ERROR_MAX_LENGTH = Ip6.MIN_MTU;
    /** TTL / hop limit of the errors built here. */
    public static final int ERROR_TTL = 64;
    /** Precedence 6, internetwork control (RFC 1812 §4.3.2.5). */
    public static final int IP4_ERROR_TOS = 0xC0;

    private static final int IP4_OVERHEAD = Ip4.MIN_HEADER_LENGTH + Icmp4.HEADER_LENGTH;
    private static final int IP6_OVERHEAD = Ip6.HEADER_LENGTH + Icmp6.HEADER_LENGTH;

    private IcmpErrors()
    {
    }

    /**
     * Time exceeded, TTL exceeded in transit (type 11, code 0).
     *
     * @param frame         address of the received frame (its Ethernet header)
     * @param l3Offset      offset of its IPv4 header
     * @param l3Length      bytes of the frame from the IPv4 header on
     * @param routerAddress source of the error: an address of the router (the input interface's)
     * @return a {@link FrameEdit}, or {@link FrameEdit#NONE}
     */
    public static long ip4TimeExceeded(final long frame, final int l3Offset, final int l3Length, final int routerAddress)
    {
        return ip4Error(frame, l3Offset, l3Length, Icmp4.TYPE_TIME_EXCEEDED, Icmp4.CODE_TTL_EXCEEDED_IN_TRANSIT, 0,
            routerAddress);
    }

    /**
     * Destination unreachable (type 3) with a code: {@link Icmp4#CODE_NET_UNREACHABLE} (no
     * route), {@link Icmp4#CODE_HOST_UNREACHABLE} (neighbor failed),
     * {@link Icmp4#CODE_ADMINISTRATIVELY_PROHIBITED} (filtered), ...
     *
     * @return a {@link FrameEdit}, or {@link FrameEdit#NONE}
     * @see #ip4TimeExceeded
     */
    public static long ip4DestinationUnreachable(
        final long frame, final int l3Offset, final int l3Length, final int code, final int routerAddress)
    {
        return ip4Error(frame, l3Offset, l3Length, Icmp4.TYPE_DESTINATION_UNREACHABLE, code, 0, routerAddress);
    }

    /**
     * Destination unreachable, fragmentation needed and DF set (type 3, code 4) with the
     * next-hop MTU (RFC 1191 §4).
     *
     * @return a {@link FrameEdit}, or {@link FrameEdit#NONE}
     * @see #ip4TimeExceeded
     */
    public static long ip4FragmentationNeeded(
        final long frame, final int l3Offset, final int l3Length, final int nextHopMtu, final int routerAddress)
    {
        return ip4Error(frame, l3Offset, l3Length, Icmp4.TYPE_DESTINATION_UNREACHABLE,
            Icmp4.CODE_FRAGMENTATION_NEEDED, nextHopMtu & 0xFFFF, routerAddress);
    }

    /**
     * Time exceeded, hop limit exceeded in transit (type 3, code 0).
     *
     * @param frame    address of the received frame (its Ethernet header)
     * @param l3Offset offset of its IPv6 header
     * @param l3Length bytes of the frame from the IPv6 header on
     * @param srcHi    source of the error, an address of the router's input interface (its
     *                 link-local one if the packet's source is link-local)
     * @return a {@link FrameEdit}, or {@link FrameEdit#NONE}
     */
    public static long ip6TimeExceeded(
        final long frame, final int l3Offset, final int l3Length, final long srcHi, final long srcLo)
    {
        return ip6Error(frame, l3Offset, l3Length, Icmp6.TYPE_TIME_EXCEEDED, Icmp6.CODE_HOP_LIMIT_EXCEEDED, 0,
            srcHi, srcLo);
    }

    /**
     * Destination unreachable (type 1) with a code: {@link Icmp6#CODE_NO_ROUTE},
     * {@link Icmp6#CODE_ADDRESS_UNREACHABLE} (neighbor failed),
     * {@link Icmp6#CODE_BEYOND_SCOPE_OF_SOURCE}, ...
     *
     * @return a {@link FrameEdit}, or {@link FrameEdit#NONE}
     * @see #ip6TimeExceeded
     */
    public static long ip6DestinationUnreachable(
        final long frame, final int l3Offset, final int l3Length, final int code, final long srcHi, final long srcLo)
    {
        return ip6Error(frame, l3Offset, l3Length, Icmp6.TYPE_DESTINATION_UNREACHABLE, code, 0, srcHi, srcLo);
    }

    /**
     * Packet too big (type 2, code 0) with the MTU of the next-hop link (RFC 4443 §3.2). Sent
     * even for a multicast destination (RFC 4443 §2.4(e.3)).
     *
     * @return a {@link FrameEdit}, or {@link FrameEdit#NONE}
     * @see #ip6TimeExceeded
     */
    public static long ip6PacketTooBig(
        final long frame, final int l3Offset, final int l3Length, final int mtu, final long srcHi, final long srcLo)
    {
        return ip6Error(frame, l3Offset, l3Length, Icmp6.TYPE_PACKET_TOO_BIG, 0, mtu, srcHi, srcLo);
    }

    private static long ip4Error(
        final long frame, final int l3Offset, final int l3Length, final int type, final int code, final int rest,
        final int routerAddress)
    {
        final long l3 = frame + l3Offset;
        if (l3Length < Ip4.MIN_HEADER_LENGTH)
        {
            return FrameEdit.NONE;
        }
        final int versionIhl = RawMemory.getByte(l3);
        final int headerLength = (versionIhl & 0x0F) << 2;
        if ((versionIhl >>> 4) != 4 || headerLength < Ip4.MIN_HEADER_LENGTH || headerLength > l3Length)
        {
            return FrameEdit.NONE;
        }
        final int length = Math.min(RawMemory.getShortBe(l3 + Ip4.TOTAL_LENGTH_OFFSET), l3Length);
        if (length < headerLength)
        {
            return FrameEdit.NONE;
        }
        if (Ethernet.isGroupMac(Ethernet.dstMac(frame)))
        {
            return FrameEdit.NONE;
        }
        final int src = RawMemory.getIntBe(l3 + Ip4.SRC_OFFSET);
        final int dst = RawMemory.getIntBe(l3 + Ip4.DST_OFFSET);
        if (Ip4.isMartianSource(src) || (src & 0xF000_0000) == 0xF000_0000)
        {
            return FrameEdit.NONE;
        }
        if (Ip4.isMulticast(dst) || dst == Ip4.LIMITED_BROADCAST)
        {
            return FrameEdit.NONE;
        }
        if ((RawMemory.getShortBe(l3 + Ip4.FLAGS_FRAGMENT_OFFSET) & Ip4.FRAGMENT_OFFSET_MASK) != 0)
        {
            return FrameEdit.NONE;
        }
        if (RawMemory.getByte(l3 + Ip4.PROTOCOL_OFFSET) == Ip4.PROTOCOL_ICMP
            && (length <= headerLength || Icmp4.isError(RawMemory.getByte(l3 + headerLength))))
        {
            return FrameEdit.NONE;
        }

        final int quoteLength = Math.min(length, IP4_ERROR_MAX_LENGTH - IP4_OVERHEAD);
        final long newL3 = l3 - IP4_OVERHEAD;
        final long newFrame = newL3 - Ethernet.HEADER_LENGTH;
        Memory.zero(newFrame, 2 * Ethernet.MAC_LENGTH);
        RawMemory.putShortBe(newFrame + Ethernet.ETHER_TYPE_OFFSET, Ethernet.ETHER_TYPE_IPV4);

        // Atomic datagram (RFC 6864 §4.1): DF set, identification 0; at most 576 bytes, it fits
        // every path.
        RawMemory.putShortBe(newL3, (Ip4.VERSION_IHL_NO_OPTIONS << 8) | IP4_ERROR_TOS);
        RawMemory.putShortBe(newL3 + Ip4.TOTAL_LENGTH_OFFSET, IP4_OVERHEAD + quoteLength);
        RawMemory.putIntBe(newL3 + Ip4.IDENTIFICATION_OFFSET, Ip4.FLAG_DONT_FRAGMENT);
        RawMemory.putShortBe(newL3 + Ip4.TTL_OFFSET, (ERROR_TTL << 8) | Ip4.PROTOCOL_ICMP);
        RawMemory.putIntBe(newL3 + Ip4.SRC_OFFSET, routerAddress);
        RawMemory.putIntBe(newL3 + Ip4.DST_OFFSET, src);
        Checksum.setIp4HeaderChecksum(newL3);

        final long icmp = newL3 + Ip4.MIN_HEADER_LENGTH;
        RawMemory.putShortBe(icmp + Icmp4.TYPE_OFFSET, (type << 8) | code);
        RawMemory.putShortBe(icmp + Icmp4.CHECKSUM_OFFSET, 0);
        RawMemory.putIntBe(icmp + Icmp4.REST_OFFSET, rest);
        RawMemory.putShortBe(icmp + Icmp4.CHECKSUM_OFFSET, Checksum.compute(icmp, Icmp4.HEADER_LENGTH + quoteLength));

        final int headerBytes = Ethernet.HEADER_LENGTH + IP4_OVERHEAD;
        return FrameEdit.pack(l3Offset - headerBytes, headerBytes + quoteLength);
    }

    private static long ip6Error(
        final long frame, final int l3Offset, final int l3Length, final int type, final int code, final int rest,
        final long srcHi, final long srcLo)
    {
        final long l3 = frame + l3Offset;
        if (l3Length < Ip6.HEADER_LENGTH || (RawMemory.getByte(l3) >>> 4) != 6)
        {
            return FrameEdit.NONE;
        }
        final int length = Math.min(Ip6.HEADER_LENGTH + RawMemory.getShortBe(l3 + Ip6.PAYLOAD_LENGTH_OFFSET), l3Length);
        final long invokingSrcHi = RawMemory.getLongBe(l3 + Ip6.SRC_OFFSET);
        final long invokingSrcLo = RawMemory.getLongBe(l3 + Ip6.SRC_OFFSET + 8);
        if (Ip6.isMulticast(invokingSrcHi) || (invokingSrcHi == 0 && (invokingSrcLo == 0 || invokingSrcLo == 1)))
        {
            return FrameEdit.NONE;
        }
        if (type != Icmp6.TYPE_PACKET_TOO_BIG
            && (Ip6.isMulticast(RawMemory.getLongBe(l3 + Ip6.DST_OFFSET)) || Ethernet.isGroupMac(Ethernet.dstMac(frame))))
        {
            return FrameEdit.NONE;
        }
        final long walk = Ip6.findUpperLayer(l3, length);
        if (walk != Ip6.UPPER_LAYER_UNKNOWN && Ip6.upperLayerProtocol(walk) == Ip6.NEXT_HEADER_ICMPV6)
        {
            // A non-first fragment of ICMPv6 may be part of an error: we cannot tell, so stay quiet.
            final int offset = Ip6.upperLayerOffset(walk);
            if (Ip6.isNonFirstFragment(walk) || offset >= length)
            {
                return FrameEdit.NONE;
            }
            final int icmpType = RawMemory.getByte(l3 + offset);
            if (Icmp6.isError(icmpType) || icmpType == Icmp6.TYPE_REDIRECT)
            {
                return FrameEdit.NONE;
            }
        }

        final int quoteLength = Math.min(length, IP6_ERROR_MAX_LENGTH - IP6_OVERHEAD);
        final long newL3 = l3 - IP6_OVERHEAD;
        final long newFrame = newL3 - Ethernet.HEADER_LENGTH;
        Memory.zero(newFrame, 2 * Ethernet.MAC_LENGTH);
        RawMemory.putShortBe(newFrame + Ethernet.ETHER_TYPE_OFFSET, Ethernet.ETHER_TYPE_IPV6);

        final int icmpLength = Icmp6.HEADER_LENGTH + quoteLength;
        Ip6.writeFixedHeader(newL3, 0, 0, icmpLength, Ip6.NEXT_HEADER_ICMPV6, ERROR_TTL);
        Ip6.src(newL3, srcHi, srcLo);
        Ip6.dst(newL3, invokingSrcHi, invokingSrcLo);

        final long icmp = newL3 + Ip6.HEADER_LENGTH;
        RawMemory.putShortBe(icmp + Icmp6.TYPE_OFFSET, (type << 8) | code);
        RawMemory.putIntBe(icmp + Icmp6.REST_OFFSET, rest);
        Icmp6.setChecksum(newL3, icmp, icmpLength);

        final int headerBytes = Ethernet.HEADER_LENGTH + IP6_OVERHEAD;
        return FrameEdit.pack(l3Offset - headerBytes, headerBytes + quoteLength);
    }
}
