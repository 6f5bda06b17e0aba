/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.rib;

/**
 * Where a route came from, with its administrative distance: between routes of different sources for
 * one prefix the lower distance wins, then the lower metric, then the source declared first here (so
 * LOCAL beats CONNECTED for an interface address configured as a /32 or /128). Distances follow the
 * common defaults of Cisco IOS and FRR.
 */
public enum RouteSource
{
    /** The router's own addresses, as /32 and /128 routes to {@code NextHop.LOCAL}. */
    LOCAL(0),

    /** Networks of the addresses configured on ports. */
    CONNECTED(0),

    /** Configured routes. */
    STATIC(1),

    /** Learned from external BGP peers. */
    EBGP(20),

    /** Learned from internal BGP peers. */
    IBGP(200);

    private final int distance;

    RouteSource(final int distance)
    {
        this.distance = distance;
    }

    /**
     * @return administrative distance; lower is preferred.
     */
    public int distance()
    {
        return distance;
    }
}
