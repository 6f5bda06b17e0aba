package net.junction.dataplane.packet;

import net.junction.bindings.RawMemory;
import net.junction.dataplane.DropReason;

/**
 * The rewrite stage of IPv4 forwarding (RFC 1812 §5.3.1, §5.3.5): TTL decrement with an
 * incremental checksum update, and the new L2 header.
 *
 * <p>Fast path: static, allocation free.
 */
public final class Ip4Rewrite
{
    /** (TTL, protocol) word value below which TTL <= 1. */
    private static final int TTL_TWO_WORD = 0x0200;

    private Ip4Rewrite()
    {
    }

    /**
     * Decrements the TTL of a validated header and updates its checksum incrementally
     * (RFC 1624 eqn. 3 on the 16-bit word holding TTL and protocol).
     *
     * @return {@link DropReason#NONE}, or {@link DropReason#TTL_EXCEEDED} if TTL <= 1: the packet
     *         is left unchanged, ready to be quoted in {@link IcmpErrors#ip4TimeExceeded}
     */
    public static int decrementTtl(final long l3)
    {
        final int oldWord = RawMemory.getShortBe(l3 + Ip4.TTL_OFFSET);
        if (oldWord < TTL_TWO_WORD)
        {
            return DropReason.TTL_EXCEEDED;
        }
        final int newWord = oldWord - 0x0100;
        RawMemory.putShortBe(l3 + Ip4.TTL_OFFSET, newWord);
        RawMemory.putShortBe(l3 + Ip4.CHECKSUM_OFFSET,
            Checksum.update16(RawMemory.getShortBe(l3 + Ip4.CHECKSUM_OFFSET), oldWord, newWord));
        return DropReason.NONE;
    }

    /**
     * Writes the outgoing L2 header right before {@code l3}: MACs, the given tags (or none),
     * ethertype IPv4. See {@link Ethernet#prependHeader}.
     *
     * @return the L2 header length; the frame now starts at {@code l3 - length}
     */
    public static int prependL2(final long l3, final long dstMac, final long srcMac, final int sTagTci, final int cTagTci)
    {
        return Ethernet.prependHeader(l3, dstMac, srcMac, sTagTci, cTagTci, Ethernet.ETHER_TYPE_IPV4);
    }
}
