/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.rib;

import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.NextHop;

/**
 * A snapshot of one route in the {@link Rib}, for display and for tests.
 *
 * @param prefix   destination.
 * @param source   where it came from.
 * @param distance administrative distance of the source.
 * @param metric   lower is preferred among routes of equal distance.
 * @param nextHop  the next hop it was given, or null if it is given a gateway to resolve.
 * @param via      the gateway to resolve recursively, or null if it was given a next hop.
 * @param resolved the next hop it would install: {@code nextHop}, or what {@code via} resolved to; null
 *                 if unresolvable.
 * @param installed whether it is the route the FIB holds for the prefix.
 */
public record RibRoute(
    IpPrefix prefix,
    RouteSource source,
    int distance,
    int metric,
    NextHop nextHop,
    IpAddress via,
    NextHop resolved,
    boolean installed)
{
}
