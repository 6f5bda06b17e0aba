/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.session.Negotiated;
import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;

/**
 * The addresses this speaker puts in the next hop of routes it sends with next hop self: by default
 * the local address of the TCP connection (an IPv4 session announcing IPv6 routes uses the
 * IPv4-mapped address {@code ::ffff:a.b.c.d}, as FRR does) and no link-local address. The speaker
 * assembly may know better (the interface's global IPv6 address and its link-local one, RFC 2545
 * §3) and wire that here. IPv4 routes over an IPv6 session that negotiated RFC 8950's extended next hop
 * carry the session's IPv6 address (and the link-local one, if known), as IPv6 routes do.
 */
public interface LocalAddresses
{
    /** The TCP connection's local address; no link-local. */
    LocalAddresses FROM_SESSION = new LocalAddresses()
    {
    };

    /**
     * @param negotiated the session.
     * @param family     the family of the routes.
     * @return the global next hop, or null if there is none of the family's type (the routes are
     *     then not sent).
     */
    default IpAddress global(final Negotiated negotiated, final AfiSafi family)
    {
        final IpAddress local = negotiated.localAddress();
        if (AfiSafi.AFI_IPV6 == family.afi())
        {
            return local instanceof Ip4Address v4 ?
                new Ip6Address(0, 0x0000_FFFF_0000_0000L | (v4.value() & 0xFFFF_FFFFL)) : local;
        }
        // RFC 8950: IPv4 routes to a peer that negotiated the extended next hop carry our IPv6 address.
        return local.isIpv4() || negotiated.extendedNextHop() ? local : null;
    }

    /**
     * @param negotiated the session.
     * @return the IPv6 link-local address on the peer's link, or null.
     */
    default IpAddress linkLocal(final Negotiated negotiated)
    {
        return null;
    }
}
