/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import java.util.List;

/**
 * One path of a daemon's Loc-RIB as its CLI shows it, in a shape common to BIRD, FRR and GoBGP.
 *
 * @param prefix            "198.18.100.0/24", "2001:db8:100::/48".
 * @param nextHops          as the daemon shows them (global first; FRR and GoBGP may add a link-local).
 * @param asPath            AS numbers of the AS_PATH in order (AS_SET members flattened in).
 * @param communities       RFC 1997 communities as "65000:1".
 * @param largeCommunities  RFC 8092 large communities as "4200000001:1:2".
 * @param best              the daemon's chosen best path.
 * @param source            where it came from: the neighbor address, or "local" for an originated route.
 */
public record Route(
    String prefix, List<String> nextHops, List<Long> asPath, List<String> communities, List<String> largeCommunities,
    boolean best, String source)
{
    public Route
    {
        nextHops = List.copyOf(nextHops);
        asPath = List.copyOf(asPath);
        communities = List.copyOf(communities);
        largeCommunities = List.copyOf(largeCommunities);
    }

    public boolean isLocal()
    {
        return "local".equals(source);
    }

    /** A community number of the wire (high 16 bits : low 16 bits) as "a:b". */
    static String community(final long value)
    {
        return ((value >>> 16) & 0xFFFF) + ":" + (value & 0xFFFF);
    }
}
