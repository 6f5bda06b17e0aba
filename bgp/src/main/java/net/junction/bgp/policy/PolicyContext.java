/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.policy;

import net.junction.bgp.rpki.VrpTable;
import net.junction.routing.IpAddress;

/**
 * The session a policy is evaluated for: what {@link Policy.Action.PrependAs} with AS 0 and
 * {@link Policy.Action.NextHopSelf} refer to.
 *
 * @param localAs      the AS this speaker presents to the peer (unsigned 32-bit in an int).
 * @param localAddress this end's address toward the peer (the next hop a "self" action sets), or
 *                     null if unknown (then next-hop-self leaves the next hop alone).
 * @param rpki         the VRPs an {@code rpki} match validates the route's origin against (RFC 6811), or null
 *                     if the router has none (every route is then not-found).
 */
public record PolicyContext(int localAs, IpAddress localAddress, VrpTable rpki)
{
    /**
     * A context without RPKI data.
     *
     * @param localAs      the AS this speaker presents to the peer.
     * @param localAddress this end's address toward the peer, or null.
     */
    public PolicyContext(final int localAs, final IpAddress localAddress)
    {
        this(localAs, localAddress, null);
    }
}
