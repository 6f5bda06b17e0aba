/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import net.junction.routing.IpPrefix;

/**
 * An address family (AFI, IANA "Address Family Numbers") and subsequent address family (SAFI,
 * RFC 4760 §6) pair, as carried by the multiprotocol capability, MP_REACH_NLRI and ROUTE-REFRESH.
 *
 * @param afi  16-bit address family identifier.
 * @param safi 8-bit subsequent address family identifier.
 */
public record AfiSafi(int afi, int safi)
{
    /** IANA AFI for IPv4. */
    public static final int AFI_IPV4 = 1;
    /** IANA AFI for IPv6. */
    public static final int AFI_IPV6 = 2;
    /** RFC 4760 SAFI for unicast forwarding. */
    public static final int SAFI_UNICAST = 1;
    /** RFC 4760 SAFI for multicast forwarding. */
    public static final int SAFI_MULTICAST = 2;

    /** IPv4 unicast, the family of plain RFC 4271 UPDATEs. */
    public static final AfiSafi IPV4_UNICAST = new AfiSafi(AFI_IPV4, SAFI_UNICAST);
    /** IPv6 unicast. */
    public static final AfiSafi IPV6_UNICAST = new AfiSafi(AFI_IPV6, SAFI_UNICAST);

    public AfiSafi
    {
        if (afi < 0 || afi > 0xFFFF || safi < 0 || safi > 0xFF)
        {
            throw new IllegalArgumentException("AFI " + afi + " / SAFI " + safi + " out of range");
        }
    }

    /**
     * @param prefix an IPv4 or IPv6 prefix.
     * @return the unicast family it belongs to.
     */
    public static AfiSafi unicastOf(final IpPrefix prefix)
    {
        return prefix.isIpv4() ? IPV4_UNICAST : IPV6_UNICAST;
    }

    /**
     * @param afi  16-bit AFI.
     * @param safi 8-bit SAFI.
     * @return the shared instance for the common families, a new one otherwise.
     */
    public static AfiSafi of(final int afi, final int safi)
    {
        if (safi == SAFI_UNICAST)
        {
            if (afi == AFI_IPV4)
            {
                return IPV4_UNICAST;
            }
            if (afi == AFI_IPV6)
            {
                return IPV6_UNICAST;
            }
        }
        return new AfiSafi(afi, safi);
    }

    /**
     * @return the NLRI codec of this family, or null if this codec cannot decode its routes.
     */
    public AddressFamily addressFamily()
    {
        return safi == SAFI_UNICAST || safi == SAFI_MULTICAST ? AddressFamily.of(afi) : null;
    }

    public String toString()
    {
        final String a = switch (afi)
        {
            case AFI_IPV4 -> "ipv4";
            case AFI_IPV6 -> "ipv6";
            default -> "afi" + afi;
        };
        final String s = switch (safi)
        {
            case SAFI_UNICAST -> "unicast";
            case SAFI_MULTICAST -> "multicast";
            default -> "safi" + safi;
        };
        return a + "-" + s;
    }
}
