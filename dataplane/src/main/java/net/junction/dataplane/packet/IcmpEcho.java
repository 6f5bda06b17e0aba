package net.junction.dataplane.packet;

import net.junction.bindings.RawMemory;
import net.junction.dataplane.DropReason;

/**
 * Answers ICMP echo requests (RFC 792) and ICMPv6 echo requests (RFC 4443 §4) addressed to the
 * router, in place: addresses swapped, type changed, TTL / hop limit reset, checksums updated
 * incrementally (RFC 1624). Length and frame start do not change; the caller swaps the MACs (or
 * writes the header of the way back) and sends the frame.
 *
 * <p>Everything this does not answer in place (fragments, other ICMP types, requests to
 * multicast or broadcast addresses) is {@link DropReason#LOCAL_UNSUPPORTED}: punt it to the
 * kernel or drop it.
 *
 * <p>Fast path: static, allocation free, no exceptions.
 */
public final class IcmpEcho
{
    /** TTL / hop limit of a reply. */
    public static final int REPLY_TTL = 64;

    private IcmpEcho()
    {
    }

    /**
     * Turns an IPv4 ICMP echo request into its reply. The packet must have passed
     * {@link Ip4Input#validate} and be addressed to the router.
     *
     * @return {@link DropReason#NONE} (the packet is now the reply), {@link DropReason#ICMP4_BAD}
     *         (truncated, code not 0, bad checksum) or {@link DropReason#LOCAL_UNSUPPORTED}
     */
    public static int ip4Reply(final long l3)
    {
        if (Ip4.protocol(l3) != Ip4.PROTOCOL_ICMP || Ip4.isFragment(l3))
        {
            return DropReason.LOCAL_UNSUPPORTED;
        }
        final int src = Ip4.src(l3);
        final int dst = Ip4.dst(l3);
        if (Ip4.isMulticast(dst) || dst == Ip4.LIMITED_BROADCAST)
        {
            return DropReason.LOCAL_UNSUPPORTED;
        }
        final int headerLength = Ip4.headerLength(l3);
        final int icmpLength = Ip4.totalLength(l3) - headerLength;
        if (icmpLength < Icmp4.HEADER_LENGTH)
        {
            return DropReason.ICMP4_BAD;
        }
        final long icmp = l3 + headerLength;
        final int typeCode = RawMemory.getShortBe(icmp + Icmp4.TYPE_OFFSET);
        if ((typeCode >>> 8) != Icmp4.TYPE_ECHO_REQUEST)
        {
            return DropReason.LOCAL_UNSUPPORTED;
        }
        if ((typeCode & 0xFF) != 0 || !Checksum.verify(icmp, icmpLength))
        {
            return DropReason.ICMP4_BAD;
        }

        // Swapping the addresses leaves the header sum unchanged; the TTL word does not.
        Ip4.src(l3, dst);
        Ip4.dst(l3, src);
        final int oldTtlWord = RawMemory.getShortBe(l3 + Ip4.TTL_OFFSET);
        final int newTtlWord = (REPLY_TTL << 8) | Ip4.PROTOCOL_ICMP;
        RawMemory.putShortBe(l3 + Ip4.TTL_OFFSET, newTtlWord);
        Ip4.checksum(l3, Checksum.update16(Ip4.checksum(l3), oldTtlWord, newTtlWord));

        final int newTypeCode = Icmp4.TYPE_ECHO_REPLY << 8;
        RawMemory.putShortBe(icmp + Icmp4.TYPE_OFFSET, newTypeCode);
        Icmp4.checksum(icmp, Checksum.update16(Icmp4.checksum(icmp), typeCode, newTypeCode));
        return DropReason.NONE;
    }

    /**
     * Turns an ICMPv6 echo request (ICMPv6 right after the IPv6 header) into its reply. The
     * packet must have passed {@link Ip6Input#validate} and be addressed to the router. The
     * pseudo-header sum does not change when source and destination swap places.
     *
     * @return {@link DropReason#NONE} (the packet is now the reply), {@link DropReason#ICMP6_BAD}
     *         (truncated, code not 0, bad checksum) or {@link DropReason#LOCAL_UNSUPPORTED}
     */
    public static int ip6Reply(final long l3)
    {
        if (Ip6.nextHeader(l3) != Ip6.NEXT_HEADER_ICMPV6)
        {
            return DropReason.LOCAL_UNSUPPORTED;
        }
        final long dstHi = Ip6.dstHi(l3);
        if (Ip6.isMulticast(dstHi))
        {
            return DropReason.LOCAL_UNSUPPORTED;
        }
        final int icmpLength = Ip6.payloadLength(l3);
        if (icmpLength < Icmp6.HEADER_LENGTH)
        {
            return DropReason.ICMP6_BAD;
        }
        final long icmp = l3 + Ip6.HEADER_LENGTH;
        final int typeCode = RawMemory.getShortBe(icmp + Icmp6.TYPE_OFFSET);
        if ((typeCode >>> 8) != Icmp6.TYPE_ECHO_REQUEST)
        {
            return DropReason.LOCAL_UNSUPPORTED;
        }
        if ((typeCode & 0xFF) != 0 || !Icmp6.verifyChecksum(l3, icmp, icmpLength))
        {
            return DropReason.ICMP6_BAD;
        }

        final long dstLo = Ip6.dstLo(l3);
        Ip6.dst(l3, Ip6.srcHi(l3), Ip6.srcLo(l3));
        Ip6.src(l3, dstHi, dstLo);
        Ip6.hopLimit(l3, REPLY_TTL);

        final int newTypeCode = Icmp6.TYPE_ECHO_REPLY << 8;
        RawMemory.putShortBe(icmp + Icmp6.TYPE_OFFSET, newTypeCode);
        Icmp6.checksum(icmp, Checksum.update16(Icmp6.checksum(icmp), typeCode, newTypeCode));
        return DropReason.NONE;
    }
}
