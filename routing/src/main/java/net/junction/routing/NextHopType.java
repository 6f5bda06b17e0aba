/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing;

/**
 * What the data plane does with a packet whose route leads to a {@link NextHop}. The codes are the
 * values carried in FIB-update messages and must never be renumbered.
 */
public enum NextHopType
{
    /** Forward out of a port to a neighbour router: resolve the gateway's MAC (ARP/ND), rewrite, send. */
    GATEWAY(1),

    /** Forward out of a port to the destination itself, which is on-link: resolve the destination's MAC. */
    DIRECT(2),

    /** The destination is one of the router's own addresses: receive (fast-path ICMP or exception path). */
    LOCAL(3),

    /** Drop silently and count. */
    BLACKHOLE(4);

    private static final NextHopType[] BY_CODE = {null, GATEWAY, DIRECT, LOCAL, BLACKHOLE};

    private final int code;

    NextHopType(final int code)
    {
        this.code = code;
    }

    /**
     * @return the wire code of this type.
     */
    public int code()
    {
        return code;
    }

    /**
     * @param code a wire code.
     * @return the type, or null if the code is unknown.
     */
    public static NextHopType fromCode(final int code)
    {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
