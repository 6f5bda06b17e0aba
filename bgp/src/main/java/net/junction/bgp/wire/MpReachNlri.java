/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

import java.util.List;

/**
 * MP_REACH_NLRI (attribute 14, RFC 4760 §3): routes of a family other than plain IPv4 unicast, with
 * their next hop. For IPv6 the next hop is 16 octets (global) or 32 (global then link-local,
 * RFC 2545 §3).
 * <pre>
 * +---------------------------------------------------------+
 * | AFI (2) | SAFI (1) | Length of Next Hop (1)              |
 * +---------------------------------------------------------+
 * | Next Hop (variable)                                      |
 * +---------------------------------------------------------+
 * | Reserved (1)                                             |
 * +---------------------------------------------------------+
 * | NLRI (variable)                                          |
 * +---------------------------------------------------------+
 * </pre>
 *
 * @param afiSafi          family of the NLRI.
 * @param nextHop          global next hop (IPv4 or IPv6).
 * @param linkLocalNextHop IPv6 link-local next hop, or null.
 * @param nlri             announced prefixes, of the family's address type.
 * @param pathIds          with ADD-PATH for the family (RFC 7911 §3), the Path Identifier of each of
 *                         {@code nlri}, in order; else empty.
 */
public record MpReachNlri(
    AfiSafi afiSafi, IpAddress nextHop, IpAddress linkLocalNextHop, List<IpPrefix> nlri, List<Integer> pathIds)
{
    public MpReachNlri
    {
        java.util.Objects.requireNonNull(afiSafi, "afiSafi");
        java.util.Objects.requireNonNull(nextHop, "nextHop");
        if (linkLocalNextHop != null && (nextHop.isIpv4() || linkLocalNextHop.isIpv4()))
        {
            throw new IllegalArgumentException("a link-local next hop goes with an IPv6 global one (RFC 2545 §3)");
        }
        nlri = List.copyOf(nlri);
        pathIds = checkPathIds(pathIds, nlri.size());
    }

    /**
     * Without ADD-PATH.
     */
    public MpReachNlri(
        final AfiSafi afiSafi, final IpAddress nextHop, final IpAddress linkLocalNextHop, final List<IpPrefix> nlri)
    {
        this(afiSafi, nextHop, linkLocalNextHop, nlri, List.of());
    }

    /**
     * @return a copy of the Path Identifiers: empty (no ADD-PATH) or one per prefix.
     */
    static List<Integer> checkPathIds(final List<Integer> pathIds, final int prefixes)
    {
        if (!pathIds.isEmpty() && pathIds.size() != prefixes)
        {
            throw new IllegalArgumentException(pathIds.size() + " path identifiers for " + prefixes + " prefixes");
        }
        return List.copyOf(pathIds);
    }

    /**
     * @return octets of the next-hop field.
     */
    public int nextHopLength()
    {
        final int one = nextHop.isIpv4() ? 4 : 16;
        return linkLocalNextHop == null ? one : one + 16;
    }
}
