package net.junction.dataplane.packet;

import net.junction.bindings.RawMemory;
import net.junction.dataplane.DropReason;

/**
 * Neighbor Discovery's address resolution (RFC 4861 §4.3, §4.4, §7): validation of Neighbor
 * Solicitations and Advertisements, the advertisement in reply to a solicitation (in place),
 * and solicitations built into a buffer.
 *
 * <p>Fast path: static, allocation free, no exceptions; fields big-endian. {@code l3} is the
 * address of the IPv6 header; the ICMPv6 message must follow it directly (ND carries no
 * extension headers).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Type (135/136)|    Code (0)   |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |R|S|O|                     Reserved (NS: all reserved)         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Target Address (16)                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Options: type (1), length (1, in units of 8 bytes), data...  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ndp
{
    public static final int FLAGS_OFFSET = 4;
    public static final int TARGET_OFFSET = 8;
    public static final int OPTIONS_OFFSET = 24;
    /** NS and NA without options. */
    public static final int MIN_LENGTH = 24;
    /** Hop limit every ND message carries, proof it was not forwarded (RFC 4861 §7.1). */
    public static final int HOP_LIMIT = 255;

    public static final int FLAG_ROUTER = 0x80;
    public static final int FLAG_SOLICITED = 0x40;
    public static final int FLAG_OVERRIDE = 0x20;

    public static final int OPTION_SOURCE_LINK_LAYER_ADDRESS = 1;
    public static final int OPTION_TARGET_LINK_LAYER_ADDRESS = 2;
    /** A link-layer address option for Ethernet: type, length 1, 6-byte MAC (RFC 2464 §6). */
    public static final int LINK_LAYER_OPTION_LENGTH = 8;

    /** L3 length of the advertisement {@link #writeAdvertisement} builds: IPv6 + NA + target link-layer option. */
    public static final int ADVERTISEMENT_L3_LENGTH = Ip6.HEADER_LENGTH + MIN_LENGTH + LINK_LAYER_OPTION_LENGTH;
    /** Buffer a built solicitation needs: QinQ header + IPv6 + NS + source link-layer option. */
    public static final int SOLICITATION_MAX_FRAME_LENGTH =
        Ethernet.HEADER_LENGTH + 2 * Ethernet.TAG_LENGTH + Ip6.HEADER_LENGTH + MIN_LENGTH + LINK_LAYER_OPTION_LENGTH;

    private Ndp()
    {
    }

    /**
     * Validates a Neighbor Solicitation or Advertisement (RFC 4861 §7.1.1, §7.1.2) of which
     * {@code available} bytes are in the frame, and fills {@code out}: ICMPv6 right after the
     * IPv6 header, hop limit 255, a correct checksum, code 0, at least 24 bytes, a target that is
     * not multicast, options of non-zero length inside the message (an Ethernet link-layer
     * address option must be 8 bytes; the first one counts); an NS from :: must go to a
     * solicited-node address and carry no source link-layer address; an NA to multicast must
     * not be solicited.
     *
     * @return {@link DropReason#NONE}, {@link DropReason#RUNT} or {@link DropReason#ND_BAD}
     *         ({@code out} is then undefined)
     */
    public static int validate(final long l3, final int available, final NdpParse out)
    {
        if (available < Ip6.HEADER_LENGTH)
        {
            return DropReason.RUNT;
        }
        final int icmpLength = Ip6.payloadLength(l3);
        if (Ip6.version(l3) != 6 || Ip6.nextHeader(l3) != Ip6.NEXT_HEADER_ICMPV6
            || Ip6.HEADER_LENGTH + icmpLength > available || icmpLength < MIN_LENGTH || Ip6.hopLimit(l3) != HOP_LIMIT)
        {
            return DropReason.ND_BAD;
        }
        final long icmp = l3 + Ip6.HEADER_LENGTH;
        final int type = Icmp6.type(icmp);
        if ((type != Icmp6.TYPE_NEIGHBOR_SOLICITATION && type != Icmp6.TYPE_NEIGHBOR_ADVERTISEMENT)
            || Icmp6.code(icmp) != 0 || !Icmp6.verifyChecksum(l3, icmp, icmpLength))
        {
            return DropReason.ND_BAD;
        }
        final long targetHi = RawMemory.getLongBe(icmp + TARGET_OFFSET);
        if (Ip6.isMulticast(targetHi))
        {
            return DropReason.ND_BAD;
        }
        final boolean solicitation = type == Icmp6.TYPE_NEIGHBOR_SOLICITATION;
        final int wantedOption = solicitation ? OPTION_SOURCE_LINK_LAYER_ADDRESS : OPTION_TARGET_LINK_LAYER_ADDRESS;
        long linkLayerAddress = NdpParse.NO_LINK_LAYER_ADDRESS;
        // Every option is at least 8 bytes (length 0 is invalid), so the walk ends.
        int offset = OPTIONS_OFFSET;
        while (offset < icmpLength)
        {
            if (offset + 2 > icmpLength)
            {
                return DropReason.ND_BAD;
            }
            final int optionLength = RawMemory.getByte(icmp + offset + 1) << 3;
            if (optionLength == 0 || offset + optionLength > icmpLength)
            {
                return DropReason.ND_BAD;
            }
            if (RawMemory.getByte(icmp + offset) == wantedOption && linkLayerAddress == NdpParse.NO_LINK_LAYER_ADDRESS)
            {
                if (optionLength != LINK_LAYER_OPTION_LENGTH)
                {
                    return DropReason.ND_BAD;
                }
                linkLayerAddress = Ethernet.mac(icmp + offset + 2);
            }
            offset += optionLength;
        }
        final int flags = solicitation ? 0 : RawMemory.getByte(icmp + FLAGS_OFFSET) & 0xE0;
        final boolean sourceUnspecified = Ip6.isUnspecified(Ip6.srcHi(l3), Ip6.srcLo(l3));
        if (solicitation)
        {
            if (sourceUnspecified
                && (!Ip6.isSolicitedNode(Ip6.dstHi(l3), Ip6.dstLo(l3)) || linkLayerAddress != NdpParse.NO_LINK_LAYER_ADDRESS))
            {
                return DropReason.ND_BAD;
            }
        }
        else if (Ip6.isMulticast(Ip6.dstHi(l3)) && (flags & FLAG_SOLICITED) != 0)
        {
            return DropReason.ND_BAD;
        }
        out.type = type;
        out.flags = flags;
        out.targetHi = targetHi;
        out.targetLo = RawMemory.getLongBe(icmp + TARGET_OFFSET + 8);
        out.linkLayerAddress = linkLayerAddress;
        out.sourceUnspecified = sourceUnspecified;
        return DropReason.NONE;
    }

    /**
     * Writes, in place of the validated solicitation at {@code l3}, the router's advertisement
     * for its target (RFC 4861 §7.2.4): source the target, destination the solicitation's
     * source (all-nodes if that was ::, and then not "solicited"), flags router and override,
     * target link-layer address {@code ourMac}. The caller guarantees
     * {@link #ADVERTISEMENT_L3_LENGTH} writable bytes at {@code l3} (mbuf tailroom), then writes
     * the L2 header to {@link #replyDestinationMac} with {@link Ethernet#prependHeader}.
     *
     * @return the L3 length of the advertisement ({@link #ADVERTISEMENT_L3_LENGTH})
     */
    public static int replyToSolicitation(final long l3, final NdpParse solicitation, final long ourMac)
    {
        if (solicitation.sourceUnspecified)
        {
            return writeAdvertisement(l3, ourMac, solicitation.targetHi, solicitation.targetLo,
                Ip6.ALL_NODES_HI, Ip6.ALL_NODES_LO, FLAG_ROUTER | FLAG_OVERRIDE);
        }
        return writeAdvertisement(l3, ourMac, solicitation.targetHi, solicitation.targetLo,
            Ip6.srcHi(l3), Ip6.srcLo(l3), FLAG_ROUTER | FLAG_SOLICITED | FLAG_OVERRIDE);
    }

    /**
     * The destination MAC of the reply to a solicitation: the all-nodes MAC for a DAD probe,
     * else the solicitation's source link-layer address, else the sender's Ethernet source.
     */
    public static long replyDestinationMac(final NdpParse solicitation, final long frameSrcMac)
    {
        if (solicitation.sourceUnspecified)
        {
            return Ip6.multicastMac(Ip6.ALL_NODES_LO);
        }
        return solicitation.linkLayerAddress != NdpParse.NO_LINK_LAYER_ADDRESS ? solicitation.linkLayerAddress : frameSrcMac;
    }

    /**
     * Writes a Neighbor Advertisement at {@code l3} (IPv6 header included, hop limit 255, source
     * the target address, a target link-layer address option with {@code ourMac}); for an
     * unsolicited advertisement pass the all-nodes destination and flags without
     * {@link #FLAG_SOLICITED}.
     *
     * @param flags {@link #FLAG_ROUTER}, {@link #FLAG_SOLICITED}, {@link #FLAG_OVERRIDE} or'ed
     * @return the L3 length ({@link #ADVERTISEMENT_L3_LENGTH})
     */
    public static int writeAdvertisement(
        final long l3, final long ourMac, final long targetHi, final long targetLo, final long dstHi, final long dstLo,
        final int flags)
    {
        final int icmpLength = MIN_LENGTH + LINK_LAYER_OPTION_LENGTH;
        Ip6.writeFixedHeader(l3, 0, 0, icmpLength, Ip6.NEXT_HEADER_ICMPV6, HOP_LIMIT);
        Ip6.src(l3, targetHi, targetLo);
        Ip6.dst(l3, dstHi, dstLo);
        final long icmp = l3 + Ip6.HEADER_LENGTH;
        RawMemory.putIntBe(icmp, Icmp6.TYPE_NEIGHBOR_ADVERTISEMENT << 24);
        RawMemory.putIntBe(icmp + FLAGS_OFFSET, (flags & 0xE0) << 24);
        RawMemory.putLongBe(icmp + TARGET_OFFSET, targetHi);
        RawMemory.putLongBe(icmp + TARGET_OFFSET + 8, targetLo);
        writeLinkLayerOption(icmp + OPTIONS_OFFSET, OPTION_TARGET_LINK_LAYER_ADDRESS, ourMac);
        Icmp6.setChecksum(l3, icmp, icmpLength);
        return Ip6.HEADER_LENGTH + icmpLength;
    }

    /**
     * Builds a multicast Neighbor Solicitation for {@code target} into the buffer at
     * {@code frame} (at least {@link #SOLICITATION_MAX_FRAME_LENGTH} bytes): to the target's
     * solicited-node address ff02::1:ffXX:XXXX and MAC 33:33:ff:XX:XX:XX, with a source
     * link-layer address option unless the source is :: (DAD, RFC 4862 §5.4.2).
     *
     * @param src the router's address on the interface (link-local or one on the target's prefix)
     * @return the frame length
     */
    public static int buildSolicitation(
        final long frame, final long srcMac, final int sTagTci, final int cTagTci, final long srcHi, final long srcLo,
        final long targetHi, final long targetLo)
    {
        final long dstLo = Ip6.solicitedNodeLo(targetLo);
        return buildSolicitation(frame, Ip6.multicastMac(dstLo), srcMac, sTagTci, cTagTci, srcHi, srcLo,
            Ip6.SOLICITED_NODE_HI, dstLo, targetHi, targetLo);
    }

    /**
     * Builds a unicast Neighbor Solicitation to {@code target} at {@code dstMac}, the probe of
     * neighbor unreachability detection (RFC 4861 §7.3.3), into a buffer of at least
     * {@link #SOLICITATION_MAX_FRAME_LENGTH} bytes.
     *
     * @return the frame length
     */
    public static int buildUnicastSolicitation(
        final long frame, final long dstMac, final long srcMac, final int sTagTci, final int cTagTci,
        final long srcHi, final long srcLo, final long targetHi, final long targetLo)
    {
        return buildSolicitation(frame, dstMac, srcMac, sTagTci, cTagTci, srcHi, srcLo, targetHi, targetLo,
            targetHi, targetLo);
    }

    private static int buildSolicitation(
        final long frame, final long dstMac, final long srcMac, final int sTagTci, final int cTagTci,
        final long srcHi, final long srcLo, final long dstHi, final long dstLo, final long targetHi, final long targetLo)
    {
        final int l2Length = Ethernet.writeHeader(frame, dstMac, srcMac, sTagTci, cTagTci, Ethernet.ETHER_TYPE_IPV6);
        final long l3 = frame + l2Length;
        final boolean withOption = !Ip6.isUnspecified(srcHi, srcLo);
        final int icmpLength = MIN_LENGTH + (withOption ? LINK_LAYER_OPTION_LENGTH : 0);
        Ip6.writeFixedHeader(l3, 0, 0, icmpLength, Ip6.NEXT_HEADER_ICMPV6, HOP_LIMIT);
        Ip6.src(l3, srcHi, srcLo);
        Ip6.dst(l3, dstHi, dstLo);
        final long icmp = l3 + Ip6.HEADER_LENGTH;
        RawMemory.putIntBe(icmp, Icmp6.TYPE_NEIGHBOR_SOLICITATION << 24);
        RawMemory.putIntBe(icmp + FLAGS_OFFSET, 0);
        RawMemory.putLongBe(icmp + TARGET_OFFSET, targetHi);
        RawMemory.putLongBe(icmp + TARGET_OFFSET + 8, targetLo);
        if (withOption)
        {
            writeLinkLayerOption(icmp + OPTIONS_OFFSET, OPTION_SOURCE_LINK_LAYER_ADDRESS, srcMac);
        }
        Icmp6.setChecksum(l3, icmp, icmpLength);
        return l2Length + Ip6.HEADER_LENGTH + icmpLength;
    }

    private static void writeLinkLayerOption(final long option, final int type, final long mac)
    {
        RawMemory.putShortBe(option, (type << 8) | (LINK_LAYER_OPTION_LENGTH >>> 3));
        Ethernet.mac(option + 2, mac);
    }
}
