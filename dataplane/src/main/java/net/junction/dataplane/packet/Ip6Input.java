package net.junction.dataplane.packet;

import net.junction.bindings.RawMemory;
import net.junction.dataplane.DropReason;

/**
 * IPv6 input checks of a router (RFC 8200, RFC 4291), in the same two steps as
 * {@link Ip4Input}: {@link #validate} for every packet (non-zero: drop), {@link #checkForwardable}
 * for a packet not addressed to the router (non-zero: deliver locally if it is for the router,
 * else drop with that reason). Extension headers are not inspected: a router forwards them
 * (hop-by-hop options aside, which it may ignore, RFC 8200 §4.3); fragments are forwarded.
 *
 * <p>Fast path: static, allocation free, verdicts are {@link DropReason} codes.
 */
public final class Ip6Input
{
    private Ip6Input()
    {
    }

    /**
     * Validates the IPv6 header at {@code l3}, of which {@code available} bytes are in the frame:
     * version 6, 40 + payload length at most {@code available} (bytes beyond it are Ethernet
     * padding: trim to {@link #packetLength}), source not ::, ::1 or multicast, destination not
     * ::1 or multicast of reserved (0) or interface-local (1) scope (RFC 4291 §2.7).
     *
     * @return {@link DropReason#NONE}, {@link DropReason#RUNT}, or an {@code IP6_*} reason
     */
    public static int validate(final long l3, final int available)
    {
        if (available < Ip6.HEADER_LENGTH)
        {
            return DropReason.RUNT;
        }
        if ((RawMemory.getByte(l3) >>> 4) != 6)
        {
            return DropReason.IP6_BAD_VERSION;
        }
        if (Ip6.HEADER_LENGTH + RawMemory.getShortBe(l3 + Ip6.PAYLOAD_LENGTH_OFFSET) > available)
        {
            return DropReason.IP6_BAD_LENGTH;
        }
        final long srcHi = RawMemory.getLongBe(l3 + Ip6.SRC_OFFSET);
        final long srcLo = RawMemory.getLongBe(l3 + Ip6.SRC_OFFSET + 8);
        // The unspecified source :: is legal on the link (duplicate address detection, RFC 4862
        // §5.4.2; MLD): it is refused for forwarding in checkForwardable, not here.
        if (Ip6.isMulticast(srcHi) || (srcHi == 0 && srcLo == 1))
        {
            return DropReason.IP6_MARTIAN_SOURCE;
        }
        final long dstHi = RawMemory.getLongBe(l3 + Ip6.DST_OFFSET);
        if (Ip6.isMulticast(dstHi))
        {
            if (Ip6.multicastScope(dstHi) <= 1)
            {
                return DropReason.IP6_MARTIAN_DESTINATION;
            }
        }
        else if (dstHi == 0)
        {
            final long dstLo = RawMemory.getLongBe(l3 + Ip6.DST_OFFSET + 8);
            if (dstLo == 0 || dstLo == 1)
            {
                return DropReason.IP6_MARTIAN_DESTINATION;
            }
        }
        return DropReason.NONE;
    }

    /** The true length of a validated packet: 40 + payload length. */
    public static int packetLength(final long l3)
    {
        return Ip6.HEADER_LENGTH + RawMemory.getShortBe(l3 + Ip6.PAYLOAD_LENGTH_OFFSET);
    }

    /**
     * Whether a validated packet may be forwarded: not to multicast, not to or from a link-local
     * address (RFC 4291 §2.5.6; a link-local source towards a global destination deserves an
     * ICMPv6 "beyond scope of source address", {@link IcmpErrors#ip6DestinationUnreachable}).
     *
     * @return {@link DropReason#NONE}, {@link DropReason#IP6_MARTIAN_SOURCE} (the unspecified source),
     *         {@link DropReason#IP6_MULTICAST_DESTINATION}, {@link DropReason#IP6_LINK_LOCAL_DESTINATION}
     *         or {@link DropReason#IP6_LINK_LOCAL_SOURCE}
     */
    public static int checkForwardable(final long l3)
    {
        if (RawMemory.getLongBe(l3 + Ip6.SRC_OFFSET) == 0 && RawMemory.getLongBe(l3 + Ip6.SRC_OFFSET + 8) == 0)
        {
            return DropReason.IP6_MARTIAN_SOURCE; // RFC 4291 §2.5.2: never forwarded
        }
        final long dstHi = RawMemory.getLongBe(l3 + Ip6.DST_OFFSET);
        if (Ip6.isMulticast(dstHi))
        {
            return DropReason.IP6_MULTICAST_DESTINATION;
        }
        if (Ip6.isLinkLocal(dstHi))
        {
            return DropReason.IP6_LINK_LOCAL_DESTINATION;
        }
        if (Ip6.isLinkLocal(RawMemory.getLongBe(l3 + Ip6.SRC_OFFSET)))
        {
            return DropReason.IP6_LINK_LOCAL_SOURCE;
        }
        return DropReason.NONE;
    }
}
