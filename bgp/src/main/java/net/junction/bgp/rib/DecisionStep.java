/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

/**
 * The steps of the decision process ({@link DecisionProcess}), in the order it applies them: the step
 * at which a candidate path lost names the criterion on which another path was better. Steps through
 * {@link #IGP_COST} narrow the candidates; the paths left are multipath equals, ordered by the last
 * four steps.
 */
public enum DecisionStep
{
    /** The next hop is unreachable, so the path is not a candidate (RFC 4271 §9.1.2.1). */
    NEXT_HOP_UNREACHABLE,
    /** A locally originated path (a configured network) wins outright. */
    LOCALLY_ORIGINATED,
    /** Highest LOCAL_PREF, 100 when absent (RFC 4271 §9.1.2.1). */
    LOCAL_PREF,
    /** Shortest AS_PATH, an AS_SET counting 1, confederation segments 0 (RFC 4271 §9.1.2.2 (a)). */
    AS_PATH_LENGTH,
    /** Lowest ORIGIN: IGP, EGP, INCOMPLETE (RFC 4271 §9.1.2.2 (b)). */
    ORIGIN,
    /** Lowest MED among paths from the same neighbor AS, absent = 0 (RFC 4271 §9.1.2.2 (c)). */
    MED,
    /** eBGP-learned over iBGP-learned (RFC 4271 §9.1.2.2 (d)). */
    EBGP_OVER_IBGP,
    /** Lowest IGP cost to the next hop (RFC 4271 §9.1.2.2 (e)). */
    IGP_COST,
    /** Lowest ORIGINATOR_ID, or the peer's BGP identifier without one (RFC 4271 §9.1.2.2 (f), RFC 4456 §9). */
    ROUTER_ID,
    /** Shortest CLUSTER_LIST (RFC 4456 §9, between steps (f) and (g)). */
    CLUSTER_LIST_LENGTH,
    /** Lowest peer address (RFC 4271 §9.1.2.2 (g)). */
    PEER_ADDRESS,
    /**
     * Among paths of one neighbor with ADD-PATH (RFC 7911), equal on every step before: the lower next hop,
     * then the one sent without a Path Identifier, then the one received first. Not in RFC 4271, which assumes
     * one path per neighbor; it makes the order total, as BIRD and GoBGP do with their own last steps.
     */
    ADD_PATH;

    /**
     * @return whether the step orders the multipath equals rather than removing candidates.
     */
    public boolean isTieBreak()
    {
        return ordinal() >= ROUTER_ID.ordinal();
    }
}
