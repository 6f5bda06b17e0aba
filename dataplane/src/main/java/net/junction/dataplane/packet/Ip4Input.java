package net.junction.dataplane.packet;

import net.junction.bindings.RawMemory;
import net.junction.dataplane.DropReason;

/**
 * IPv4 input checks of a router (RFC 1812 §5.2.2, §5.3.7), in two steps:
 * <ol>
 * <li>{@link #validate}: for every IPv4 packet, whoever it is for. A non-zero verdict is a drop.
 * <li>{@link #checkForwardable}: for a packet that is not (or may not be) addressed to the router.
 * A non-zero verdict means "not forwardable": deliver it locally if it is for the router
 * (multicast it listens to, its own link-local address), otherwise drop with that reason.
 * </ol>
 * Options are allowed and forwarded unchanged; fragments are forwarded like any packet (a router
 * does not reassemble transit traffic).
 *
 * <p>Fast path: static, allocation free, verdicts are {@link DropReason} codes.
 */
public final class Ip4Input
{
    private Ip4Input()
    {
    }

    /**
     * Validates the IPv4 header at {@code l3}, of which {@code available} bytes are in the frame:
     * version 4, IHL at least 5 with the header inside the frame, header checksum, total length
     * at least the header and at most {@code available}, no martian source or destination.
     * Bytes beyond the total length are Ethernet padding: trim the packet to
     * {@link #packetLength}.
     *
     * @return {@link DropReason#NONE}, {@link DropReason#RUNT}, or an {@code IP4_*} reason
     */
    public static int validate(final long l3, final int available)
    {
        if (available < Ip4.MIN_HEADER_LENGTH)
        {
            return DropReason.RUNT;
        }
        final int versionIhl = RawMemory.getByte(l3);
        if ((versionIhl >>> 4) != 4)
        {
            return DropReason.IP4_BAD_VERSION;
        }
        final int headerLength = (versionIhl & 0x0F) << 2;
        if (headerLength < Ip4.MIN_HEADER_LENGTH || headerLength > available)
        {
            return DropReason.IP4_BAD_IHL;
        }
        if (Checksum.fold(Checksum.partialSum(l3, headerLength)) != Checksum.VALID_SUM)
        {
            return DropReason.IP4_BAD_CHECKSUM;
        }
        final int totalLength = RawMemory.getShortBe(l3 + Ip4.TOTAL_LENGTH_OFFSET);
        if (totalLength < headerLength || totalLength > available)
        {
            return DropReason.IP4_BAD_LENGTH;
        }
        if (Ip4.isMartianSource(RawMemory.getIntBe(l3 + Ip4.SRC_OFFSET)))
        {
            return DropReason.IP4_MARTIAN_SOURCE;
        }
        if (Ip4.isMartianDestination(RawMemory.getIntBe(l3 + Ip4.DST_OFFSET)))
        {
            return DropReason.IP4_MARTIAN_DESTINATION;
        }
        return DropReason.NONE;
    }

    /** The true length of a validated packet (its total length; the frame may hold padding after it). */
    public static int packetLength(final long l3)
    {
        return RawMemory.getShortBe(l3 + Ip4.TOTAL_LENGTH_OFFSET);
    }

    /**
     * Whether a validated packet may be forwarded: not to multicast (224/4) or the limited
     * broadcast, not to or from 169.254/16 (RFC 3927 §7).
     *
     * @return {@link DropReason#NONE}, {@link DropReason#IP4_MULTICAST_DESTINATION},
     *         {@link DropReason#IP4_BROADCAST_DESTINATION}, {@link DropReason#IP4_LINK_LOCAL_DESTINATION}
     *         or {@link DropReason#IP4_LINK_LOCAL_SOURCE}
     */
    public static int checkForwardable(final long l3)
    {
        final int dst = RawMemory.getIntBe(l3 + Ip4.DST_OFFSET);
        if (Ip4.isMulticast(dst))
        {
            return DropReason.IP4_MULTICAST_DESTINATION;
        }
        if (dst == Ip4.LIMITED_BROADCAST)
        {
            return DropReason.IP4_BROADCAST_DESTINATION;
        }
        if (Ip4.isLinkLocal(dst))
        {
            return DropReason.IP4_LINK_LOCAL_DESTINATION;
        }
        if (Ip4.isLinkLocal(RawMemory.getIntBe(l3 + Ip4.SRC_OFFSET)))
        {
            return DropReason.IP4_LINK_LOCAL_SOURCE;
        }
        return DropReason.NONE;
    }
}
