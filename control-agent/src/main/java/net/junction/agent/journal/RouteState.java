/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.journal;

import java.util.List;
import java.util.Objects;

import net.junction.routing.IpAddress;

/**
 * A best route as the journal keeps it: its next hops and the BGP attributes that decide and
 * explain it.
 *
 * @param nextHops    one, or with multipath several; never empty (no route is "absent", not a state).
 * @param origin      ORIGIN (RFC 4271 §5.1.1).
 * @param asPath      AS_PATH, segment by segment.
 * @param localPref   LOCAL_PREF, or {@link #ABSENT}.
 * @param med         MULTI_EXIT_DISC, or {@link #ABSENT}.
 * @param communities COMMUNITIES (RFC 1997), each a 32-bit value, in order.
 * @param neighbor    the neighbor the path was learned from; null for a locally originated route.
 */
public record RouteState(List<IpAddress> nextHops, Origin origin, List<AsPathSegment> asPath, long localPref, long med,
                         List<Integer> communities, IpAddress neighbor)
{
    /** LOCAL_PREF or MED not carried. */
    public static final long ABSENT = -1;

    /** ORIGIN values, in their wire order (RFC 4271 §4.3). */
    public enum Origin
    { IGP, EGP, INCOMPLETE }

    /**
     * One AS_PATH segment.
     *
     * @param set  true for AS_SET, false for AS_SEQUENCE.
     * @param asns the 4-octet AS numbers, as unsigned values.
     */
    public record AsPathSegment(boolean set, List<Long> asns)
    {
        /** @throws IllegalArgumentException for no ASNs or one outside 0..2^32-1. */
        public AsPathSegment
        {
            asns = List.copyOf(asns);
            if (asns.isEmpty() || asns.size() > 255)
            {
                throw new IllegalArgumentException("an AS_PATH segment holds 1 to 255 ASNs, not " + asns.size());
            }
            for (final long asn : asns)
            {
                if (asn < 0 || asn > 0xFFFF_FFFFL)
                {
                    throw new IllegalArgumentException("AS number " + asn + " is not in 0..4294967295");
                }
            }
        }
    }

    /** @throws IllegalArgumentException naming what is wrong. */
    public RouteState
    {
        if (null == nextHops || nextHops.isEmpty())
        {
            throw new IllegalArgumentException("a route needs at least one next hop");
        }
        nextHops = List.copyOf(nextHops);
        if (nextHops.size() > 255)
        {
            throw new IllegalArgumentException("a route has at most 255 next hops, not " + nextHops.size());
        }
        Objects.requireNonNull(origin, "origin");
        asPath = List.copyOf(asPath);
        if (asPath.size() > 255)
        {
            throw new IllegalArgumentException("an AS_PATH has at most 255 segments here, not " + asPath.size());
        }
        if (localPref < ABSENT || localPref > 0xFFFF_FFFFL)
        {
            throw new IllegalArgumentException("LOCAL_PREF " + localPref + " is not in 0..4294967295 (or ABSENT)");
        }
        if (med < ABSENT || med > 0xFFFF_FFFFL)
        {
            throw new IllegalArgumentException("MED " + med + " is not in 0..4294967295 (or ABSENT)");
        }
        communities = List.copyOf(communities);
        if (communities.size() > 0xFFFF)
        {
            throw new IllegalArgumentException("at most 65535 communities, not " + communities.size());
        }
    }
}
