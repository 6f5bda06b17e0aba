/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.speaker;

import net.junction.bgp.rib.NextHopResolver;
import net.junction.routing.IpAddress;
import net.junction.routing.rib.Rib;

import java.util.HashMap;
import java.util.Map;

/**
 * Next-hop reachability for the decision process from the router's RIB: a next hop is reachable
 * when a connected or static route covers it (never through BGP itself), at that route's metric.
 * Answers are cached per address until the RIB's non-BGP routes change, so a full table through a
 * handful of next hops costs a handful of lookups. Event-loop thread only.
 */
public final class RibNextHopResolver implements NextHopResolver
{
    private final Rib rib;
    private final Map<IpAddress, Long> costs = new HashMap<>();
    private long generation = -1;
    /**
     * The address asked last and its answer: a full table's prefixes come in runs through one next hop, and
     * the decision asks for each (a map lookup, hashing the address, was 5% of the BGP thread's load).
     */
    private IpAddress lastAsked;
    private long lastCost;

    /**
     * @param rib the router's RIB.
     */
    public RibNextHopResolver(final Rib rib)
    {
        this.rib = rib;
    }

    @Override
    public boolean reachable(final IpAddress nextHop)
    {
        return cost(nextHop) >= 0;
    }

    @Override
    public long igpCost(final IpAddress nextHop)
    {
        return Math.max(0, cost(nextHop));
    }

    /**
     * @return whether the RIB's non-BGP routes changed since the last answer (the speaker then asks
     *     the BGP RIB to re-run the decision for every prefix).
     */
    public boolean stale()
    {
        return generation != rib.nonBgpGeneration();
    }

    private long cost(final IpAddress nextHop)
    {
        if (generation != rib.nonBgpGeneration())
        {
            costs.clear();
            generation = rib.nonBgpGeneration();
            lastAsked = null;
        }
        if (null != lastAsked && (lastAsked == nextHop || lastAsked.equals(nextHop)))
        {
            return lastCost;
        }
        final Long cached = costs.get(nextHop);
        final long cost;
        if (null != cached)
        {
            cost = cached;
        }
        else
        {
            cost = rib.nonBgpCost(nextHop);
            costs.put(nextHop, cost);
        }
        lastAsked = nextHop;
        lastCost = cost;
        return cost;
    }
}
