/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.rib;

import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.NextHop;

import java.util.List;

/**
 * A snapshot of one route in the {@link Rib}, for display and for tests.
 *
 * @param prefix    destination.
 * @param source    where it came from.
 * @param distance  administrative distance of the source.
 * @param metric    lower is preferred among routes of equal distance.
 * @param nextHops  the next hops it was given (several for ECMP), or empty if it was given gateways.
 * @param vias      the gateways to resolve recursively, or empty if it was given next hops.
 * @param resolved  the next hops it would install: {@code nextHops}, or what {@code vias} resolve to;
 *                  empty if unresolvable.
 * @param installed whether it is the route the FIB holds for the prefix.
 */
public record RibRoute(
    IpPrefix prefix,
    RouteSource source,
    int distance,
    int metric,
    List<NextHop> nextHops,
    List<IpAddress> vias,
    List<NextHop> resolved,
    boolean installed)
{
    /**
     * @return the first next hop it was given, or null.
     */
    public NextHop nextHop()
    {
        return nextHops.isEmpty() ? null : nextHops.getFirst();
    }

    /**
     * @return the first gateway it was given, or null.
     */
    public IpAddress via()
    {
        return vias.isEmpty() ? null : vias.getFirst();
    }
}
