/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.routing.IpAddress;

/**
 * How the decision process learns whether a BGP next hop can be reached and at what interior cost
 * (RFC 4271 §9.1.2.1, §9.1.2.2 (e)). The speaker assembly wires the router RIB's recursive
 * resolution here and calls {@link BgpRib#nextHopsChanged()} when its answers change.
 */
public interface NextHopResolver
{
    /** Every next hop reachable at cost 0: for tests and directly connected peers. */
    NextHopResolver ALL_REACHABLE = new NextHopResolver()
    {
        public boolean reachable(final IpAddress nextHop)
        {
            return true;
        }

        public long igpCost(final IpAddress nextHop)
        {
            return 0;
        }
    };

    /**
     * @param nextHop a route's next hop.
     * @return whether a route (other than through BGP itself) covers it.
     */
    boolean reachable(IpAddress nextHop);

    /**
     * @param nextHop a reachable next hop.
     * @return the interior metric toward it.
     */
    long igpCost(IpAddress nextHop);
}
