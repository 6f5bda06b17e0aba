package net.junction.dataplane.packet;

import net.junction.bindings.RawMemory;

/**
 * IPv6 header (RFC 8200): static accessors over the address of the header ({@code l3}), the
 * extension-header walk, and address helpers. An address is two {@code long}s, {@code hi} (first
 * 8 bytes) and {@code lo} (last 8), each in network order (2001:db8::1 is
 * {@code hi = 0x2001_0db8_0000_0000L, lo = 1L}).
 *
 * <p>Fast path: static, no allocation, no exceptions; multi-byte fields big-endian. Accessors
 * do not check bounds: {@link Ip6Input#validate} has.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   Source Address (16)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Destination Address (16)                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ip6
{
    public static final int VERSION_CLASS_FLOW_OFFSET = 0;
    public static final int PAYLOAD_LENGTH_OFFSET = 4;
    public static final int NEXT_HEADER_OFFSET = 6;
    public static final int HOP_LIMIT_OFFSET = 7;
    public static final int SRC_OFFSET = 8;
    public static final int DST_OFFSET = 24;
    public static final int HEADER_LENGTH = 40;
    /** The minimum link MTU (RFC 8200 §5): no ICMPv6 error is longer. */
    public static final int MIN_MTU = 1280;

    public static final int NEXT_HEADER_HOP_BY_HOP = 0;
    public static final int NEXT_HEADER_TCP = 6;
    public static final int NEXT_HEADER_UDP = 17;
    public static final int NEXT_HEADER_ROUTING = 43;
    public static final int NEXT_HEADER_FRAGMENT = 44;
    public static final int NEXT_HEADER_ESP = 50;
    public static final int NEXT_HEADER_AH = 51;
    public static final int NEXT_HEADER_ICMPV6 = 58;
    public static final int NEXT_HEADER_NONE = 59;
    public static final int NEXT_HEADER_DESTINATION_OPTIONS = 60;
    public static final int NEXT_HEADER_MOBILITY = 135;
    public static final int NEXT_HEADER_HIP = 139;
    public static final int NEXT_HEADER_SHIM6 = 140;

    /** fe80::/64, the prefix of link-local addresses made by {@link #eui64InterfaceId}. */
    public static final long LINK_LOCAL_PREFIX_HI = 0xFE80_0000_0000_0000L;
    /** ff02::1, all nodes (link-local scope). */
    public static final long ALL_NODES_HI = 0xFF02_0000_0000_0000L;
    public static final long ALL_NODES_LO = 1L;
    /** ff02::1:ff00:0/104, solicited-node multicast (RFC 4291 §2.7.1). */
    public static final long SOLICITED_NODE_HI = 0xFF02_0000_0000_0000L;
    public static final long SOLICITED_NODE_LO_PREFIX = 0x0000_0001_FF00_0000L;

    /** {@link #findUpperLayer}: the chain could not be walked (truncated, too long, malformed). */
    public static final long UPPER_LAYER_UNKNOWN = -1L;
    /** Extension headers a walk follows at most before it gives up. */
    public static final int MAX_EXTENSION_HEADERS = 8;
    private static final long NON_FIRST_FRAGMENT_BIT = 1L << 62;

    private Ip6()
    {
    }

    public static int version(final long l3)
    {
        return RawMemory.getByte(l3) >>> 4;
    }

    public static int trafficClass(final long l3)
    {
        return (RawMemory.getShortBe(l3) >>> 4) & 0xFF;
    }

    public static int flowLabel(final long l3)
    {
        return RawMemory.getIntBe(l3) & 0x000F_FFFF;
    }

    public static int payloadLength(final long l3)
    {
        return RawMemory.getShortBe(l3 + PAYLOAD_LENGTH_OFFSET);
    }

    public static void payloadLength(final long l3, final int length)
    {
        RawMemory.putShortBe(l3 + PAYLOAD_LENGTH_OFFSET, length);
    }

    public static int nextHeader(final long l3)
    {
        return RawMemory.getByte(l3 + NEXT_HEADER_OFFSET);
    }

    public static int hopLimit(final long l3)
    {
        return RawMemory.getByte(l3 + HOP_LIMIT_OFFSET);
    }

    public static void hopLimit(final long l3, final int hopLimit)
    {
        RawMemory.putByte(l3 + HOP_LIMIT_OFFSET, hopLimit);
    }

    public static long srcHi(final long l3)
    {
        return RawMemory.getLongBe(l3 + SRC_OFFSET);
    }

    public static long srcLo(final long l3)
    {
        return RawMemory.getLongBe(l3 + SRC_OFFSET + 8);
    }

    public static void src(final long l3, final long hi, final long lo)
    {
        RawMemory.putLongBe(l3 + SRC_OFFSET, hi);
        RawMemory.putLongBe(l3 + SRC_OFFSET + 8, lo);
    }

    public static long dstHi(final long l3)
    {
        return RawMemory.getLongBe(l3 + DST_OFFSET);
    }

    public static long dstLo(final long l3)
    {
        return RawMemory.getLongBe(l3 + DST_OFFSET + 8);
    }

    public static void dst(final long l3, final long hi, final long lo)
    {
        RawMemory.putLongBe(l3 + DST_OFFSET, hi);
        RawMemory.putLongBe(l3 + DST_OFFSET + 8, lo);
    }

    /** Writes version 6, a traffic class and a flow label, payload length, next header, hop limit. */
    public static void writeFixedHeader(
        final long l3, final int trafficClass, final int flowLabel, final int payloadLength, final int nextHeader,
        final int hopLimit)
    {
        RawMemory.putIntBe(l3, (6 << 28) | ((trafficClass & 0xFF) << 20) | (flowLabel & 0x000F_FFFF));
        RawMemory.putShortBe(l3 + PAYLOAD_LENGTH_OFFSET, payloadLength);
        RawMemory.putByte(l3 + NEXT_HEADER_OFFSET, nextHeader);
        RawMemory.putByte(l3 + HOP_LIMIT_OFFSET, hopLimit);
    }

    public static boolean isUnspecified(final long hi, final long lo)
    {
        return (hi | lo) == 0;
    }

    public static boolean isLoopback(final long hi, final long lo)
    {
        return hi == 0 && lo == 1;
    }

    /** ff00::/8. */
    public static boolean isMulticast(final long hi)
    {
        return (hi >>> 56) == 0xFF;
    }

    /** Scope (4 bits) of a multicast address (RFC 4291 §2.7): 1 interface, 2 link, 5 site, 14 global. */
    public static int multicastScope(final long hi)
    {
        return (int)(hi >>> 48) & 0x0F;
    }

    /** fe80::/10. */
    public static boolean isLinkLocal(final long hi)
    {
        return (hi & 0xFFC0_0000_0000_0000L) == LINK_LOCAL_PREFIX_HI;
    }

    /** ff02::1:ffXX:XXXX. */
    public static boolean isSolicitedNode(final long hi, final long lo)
    {
        return hi == SOLICITED_NODE_HI && (lo & 0xFFFF_FFFF_FF00_0000L) == SOLICITED_NODE_LO_PREFIX;
    }

    /** Low half of the solicited-node multicast address of {@code address} (its high half is {@link #SOLICITED_NODE_HI}). */
    public static long solicitedNodeLo(final long addressLo)
    {
        return SOLICITED_NODE_LO_PREFIX | (addressLo & 0x00FF_FFFFL);
    }

    /** The Ethernet MAC of an IPv6 multicast address: 33:33 and its last 32 bits (RFC 2464 §7). */
    public static long multicastMac(final long lo)
    {
        return 0x3333_0000_0000L | (lo & 0xFFFF_FFFFL);
    }

    /**
     * Modified EUI-64 interface identifier of a MAC (RFC 4291 §2.5.1, Appendix A): the MAC split by
     * ff:fe with the universal/local bit inverted. With {@link #LINK_LOCAL_PREFIX_HI} as the high
     * half it is the interface's link-local address (RFC 4862 §5.3).
     */
    public static long eui64InterfaceId(final long mac)
    {
        final long upper = (mac >>> 24) & 0xFF_FFFFL;
        final long lower = mac & 0xFF_FFFFL;
        return ((upper << 40) | 0xFF_FE00_0000L | lower) ^ 0x0200_0000_0000_0000L;
    }

    /**
     * Walks the extension headers (hop-by-hop, routing, fragment, destination options, AH,
     * mobility, HIP, shim6) to the upper-layer header within {@code length} bytes of packet.
     *
     * @return {@link #UPPER_LAYER_UNKNOWN}, or an encoding read with {@link #upperLayerOffset},
     *         {@link #upperLayerProtocol} and {@link #isNonFirstFragment}: for a non-first
     *         fragment the walk stops after the fragment header (no upper-layer header follows)
     */
    public static long findUpperLayer(final long l3, final int length)
    {
        int nextHeader = nextHeader(l3);
        int offset = HEADER_LENGTH;
        for (int i = 0; i <= MAX_EXTENSION_HEADERS; i++)
        {
            final int headerLength;
            switch (nextHeader)
            {
                case NEXT_HEADER_HOP_BY_HOP, NEXT_HEADER_ROUTING, NEXT_HEADER_DESTINATION_OPTIONS,
                     NEXT_HEADER_MOBILITY, NEXT_HEADER_HIP, NEXT_HEADER_SHIM6 ->
                {
                    if (offset + 8 > length)
                    {
                        return UPPER_LAYER_UNKNOWN;
                    }
                    headerLength = (RawMemory.getByte(l3 + offset + 1) + 1) << 3;
                }
                case NEXT_HEADER_AH ->
                {
                    if (offset + 8 > length)
                    {
                        return UPPER_LAYER_UNKNOWN;
                    }
                    headerLength = (RawMemory.getByte(l3 + offset + 1) + 2) << 2;
                }
                case NEXT_HEADER_FRAGMENT ->
                {
                    if (offset + 8 > length)
                    {
                        return UPPER_LAYER_UNKNOWN;
                    }
                    final int fragmentNext = RawMemory.getByte(l3 + offset);
                    if ((RawMemory.getShortBe(l3 + offset + 2) & 0xFFF8) != 0)
                    {
                        return NON_FIRST_FRAGMENT_BIT | ((long)(offset + 8) << 32) | fragmentNext;
                    }
                    headerLength = 8;
                }
                default ->
                {
                    return ((long)offset << 32) | nextHeader;
                }
            }
            nextHeader = RawMemory.getByte(l3 + offset);
            offset += headerLength;
            if (offset > length)
            {
                return UPPER_LAYER_UNKNOWN;
            }
        }
        return UPPER_LAYER_UNKNOWN;
    }

    /** Offset of the upper-layer header from {@code l3} (after the fragment header for a non-first fragment). */
    public static int upperLayerOffset(final long walk)
    {
        return (int)(walk >>> 32) & 0x3FFF_FFFF;
    }

    /** Protocol number of the upper layer (for a non-first fragment: the fragment header's next header). */
    public static int upperLayerProtocol(final long walk)
    {
        return (int)walk & 0xFF;
    }

    public static boolean isNonFirstFragment(final long walk)
    {
        return (walk & NON_FIRST_FRAGMENT_BIT) != 0;
    }
}
