/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import net.junction.routing.IpPrefix;

import java.util.List;

/**
 * MP_UNREACH_NLRI (attribute 15, RFC 4760 §4): withdrawn routes of a family; with no NLRI it is the
 * family's End-of-RIB marker (RFC 4724 §2).
 * <pre>
 * +---------------------------------------------------------+
 * | AFI (2) | SAFI (1) | Withdrawn Routes (variable)         |
 * +---------------------------------------------------------+
 * </pre>
 *
 * @param afiSafi   family of the routes.
 * @param withdrawn withdrawn prefixes.
 * @param pathIds   with ADD-PATH for the family (RFC 7911 §3), the Path Identifier of each of
 *                  {@code withdrawn}, in order; else empty.
 */
public record MpUnreachNlri(AfiSafi afiSafi, List<IpPrefix> withdrawn, List<Integer> pathIds)
{
    public MpUnreachNlri
    {
        java.util.Objects.requireNonNull(afiSafi, "afiSafi");
        withdrawn = List.copyOf(withdrawn);
        pathIds = MpReachNlri.checkPathIds(pathIds, withdrawn.size());
    }

    /**
     * Without ADD-PATH.
     */
    public MpUnreachNlri(final AfiSafi afiSafi, final List<IpPrefix> withdrawn)
    {
        this(afiSafi, withdrawn, List.of());
    }
}
