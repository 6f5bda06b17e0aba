/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing;

/**
 * Where the FIB sends packets of a route: the resolved answer the data plane acts on, never a
 * recursive one (the RIB resolves "via 198.18.2.2" into a {@link Gateway4} with its egress port).
 * <p>
 * Next hops are values: equal next hops are interned by the RIB to one index in the FIB's next-hop
 * table, and routes carry that index. Ports are identified by small ints (DPDK port ids,
 * {@code 0..}{@link #MAX_PORT_ID}).
 */
public sealed interface NextHop permits NextHop.Gateway4, NextHop.Gateway6, NextHop.Direct, NextHop.Local,
    NextHop.Blackhole
{
    /** {@link #portId()} of next hops that do not leave through a port. */
    int NO_PORT = -1;

    /** Largest port id (DPDK's are {@code uint16_t}). */
    int MAX_PORT_ID = 0xFFFF;

    /** The router's own addresses. */
    Local LOCAL = new Local();

    /** Drop. */
    Blackhole BLACKHOLE = new Blackhole();

    /**
     * @return what the data plane does.
     */
    NextHopType type();

    /**
     * @return whether it sends packets on (GATEWAY or DIRECT): what an ECMP group may hold.
     */
    default boolean forwards()
    {
        return NextHopType.GATEWAY == type() || NextHopType.DIRECT == type();
    }

    /**
     * @return egress port, or {@link #NO_PORT} for {@link NextHopType#LOCAL} and {@link NextHopType#BLACKHOLE}.
     */
    int portId();

    /**
     * Forward through an IPv4 neighbour router.
     *
     * @param portId  egress port.
     * @param gateway neighbour's address, network order.
     */
    record Gateway4(int portId, int gateway) implements NextHop
    {
        /**
         * @throws IllegalArgumentException if the port id is out of range.
         */
        public Gateway4
        {
            checkPortId(portId);
        }

        /**
         * {@inheritDoc}
         */
        public NextHopType type()
        {
            return NextHopType.GATEWAY;
        }

        /**
         * @return {@code via a.b.c.d port n}.
         */
        public String toString()
        {
            return "via " + Ip4.format(gateway) + " port " + portId;
        }
    }

    /**
     * Forward through an IPv6 neighbour router (also used for IPv4 routes with an IPv6 next hop,
     * RFC 8950).
     *
     * @param portId  egress port.
     * @param gateway neighbour's address.
     */
    record Gateway6(int portId, Ip6Address gateway) implements NextHop
    {
        /**
         * @throws IllegalArgumentException if the port id is out of range or the gateway is null.
         */
        public Gateway6
        {
            checkPortId(portId);
            if (null == gateway)
            {
                throw new IllegalArgumentException("gateway must not be null");
            }
        }

        /**
         * {@inheritDoc}
         */
        public NextHopType type()
        {
            return NextHopType.GATEWAY;
        }

        /**
         * @return {@code via x:x::x port n}.
         */
        public String toString()
        {
            return "via " + gateway + " port " + portId;
        }
    }

    /**
     * The destination is on-link behind a port: the neighbour is the destination itself.
     *
     * @param portId egress port.
     */
    record Direct(int portId) implements NextHop
    {
        /**
         * @throws IllegalArgumentException if the port id is out of range.
         */
        public Direct
        {
            checkPortId(portId);
        }

        /**
         * {@inheritDoc}
         */
        public NextHopType type()
        {
            return NextHopType.DIRECT;
        }

        /**
         * @return {@code direct port n}.
         */
        public String toString()
        {
            return "direct port " + portId;
        }
    }

    /**
     * The destination is the router itself; use {@link NextHop#LOCAL}.
     */
    record Local() implements NextHop
    {
        /**
         * {@inheritDoc}
         */
        public NextHopType type()
        {
            return NextHopType.LOCAL;
        }

        /**
         * {@inheritDoc}
         */
        public int portId()
        {
            return NO_PORT;
        }

        /**
         * @return {@code local}.
         */
        public String toString()
        {
            return "local";
        }
    }

    /**
     * Drop; use {@link NextHop#BLACKHOLE}.
     */
    record Blackhole() implements NextHop
    {
        /**
         * {@inheritDoc}
         */
        public NextHopType type()
        {
            return NextHopType.BLACKHOLE;
        }

        /**
         * {@inheritDoc}
         */
        public int portId()
        {
            return NO_PORT;
        }

        /**
         * @return {@code blackhole}.
         */
        public String toString()
        {
            return "blackhole";
        }
    }

    private static void checkPortId(final int portId)
    {
        if (portId < 0 || portId > MAX_PORT_ID)
        {
            throw new IllegalArgumentException("port id " + portId + " is outside 0.." + MAX_PORT_ID);
        }
    }
}
