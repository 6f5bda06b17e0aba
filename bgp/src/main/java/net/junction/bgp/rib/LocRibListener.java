/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

import java.util.List;

/**
 * Where the Loc-RIB's choices go: the router's RIB (routing/'s {@code Rib}, as EBGP or IBGP routes
 * resolved recursively through their next hops), or a test. Called on the speaker's event-loop
 * thread; a burst of changes (one received UPDATE or more) ends with {@link #flush()}, so the
 * receiver can apply them as one batch.
 */
public interface LocRibListener
{
    /**
     * The installed route of a prefix changed.
     *
     * @param prefix   destination.
     * @param external whether the best path was learned over eBGP (administrative distance 20)
     *                 rather than iBGP (200).
     * @param nextHops the best path's next hop, or with multipath every next hop of the paths
     *                 equal to the best up to the decision's multipath step, distinct, in a stable
     *                 order; empty when the prefix has no usable path any more (withdraw).
     * @param med      the best path's MULTI_EXIT_DISC (0 when absent), as the RIB metric.
     */
    void bestChanged(IpPrefix prefix, boolean external, List<IpAddress> nextHops, long med);

    /**
     * The end of a burst of {@link #bestChanged} calls.
     */
    void flush();
}
