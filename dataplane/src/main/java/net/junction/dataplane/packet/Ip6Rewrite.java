package net.junction.dataplane.packet;

import net.junction.bindings.RawMemory;
import net.junction.dataplane.DropReason;

/**
 * The rewrite stage of IPv6 forwarding (RFC 8200 §3): hop-limit decrement (IPv6 has no header
 * checksum) and the new L2 header.
 *
 * <p>Fast path: static, allocation free.
 */
public final class Ip6Rewrite
{
    private Ip6Rewrite()
    {
    }

    /**
     * Decrements the hop limit.
     *
     * @return {@link DropReason#NONE}, or {@link DropReason#TTL_EXCEEDED} if the hop limit is
     *         <= 1: the packet is left unchanged, ready to be quoted in
     *         {@link IcmpErrors#ip6TimeExceeded}
     */
    public static int decrementHopLimit(final long l3)
    {
        final int hopLimit = RawMemory.getByte(l3 + Ip6.HOP_LIMIT_OFFSET);
        if (hopLimit <= 1)
        {
            return DropReason.TTL_EXCEEDED;
        }
        RawMemory.putByte(l3 + Ip6.HOP_LIMIT_OFFSET, hopLimit - 1);
        return DropReason.NONE;
    }

    /**
     * Writes the outgoing L2 header right before {@code l3}: MACs, the given tags (or none),
     * ethertype IPv6. See {@link Ethernet#prependHeader}.
     *
     * @return the L2 header length; the frame now starts at {@code l3 - length}
     */
    public static int prependL2(final long l3, final long dstMac, final long srcMac, final int sTagTci, final int cTagTci)
    {
        return Ethernet.prependHeader(l3, dstMac, srcMac, sTagTci, cTagTci, Ethernet.ETHER_TYPE_IPV6);
    }
}
