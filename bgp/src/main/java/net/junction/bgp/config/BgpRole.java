/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.config;

import java.util.Optional;

/**
 * A BGP Role (RFC 9234 §4.1): what this speaker is to the neighbor of an eBGP session. The neighbor's role
 * must be the {@link #counterpart()}; the Only-to-Customer attribute keeps routes learned from providers and
 * peers from leaking to other providers and peers.
 */
public enum BgpRole
{
    /** We sell transit to the neighbor (it is our customer). */
    PROVIDER(0, "provider"),
    /** We are a route server to the neighbor. */
    RS_SERVER(1, "rs-server"),
    /** The neighbor is our route server. */
    RS_CLIENT(2, "rs-client"),
    /** We buy transit from the neighbor (it is our provider). */
    CUSTOMER(3, "customer"),
    /** Settlement-free peering, lateral. */
    PEER(4, "peer");

    private final int value;
    private final String configName;

    BgpRole(final int value, final String configName)
    {
        this.value = value;
        this.configName = configName;
    }

    /** @return the value of the BGP Role capability (RFC 9234 §4.1). */
    public int value()
    {
        return value;
    }

    /** @return the name in the configuration ({@code bgp.neighbors[].role}). */
    public String configName()
    {
        return configName;
    }

    /** @return the only role the neighbor may announce when we are this one (RFC 9234 §4.2, Table 2). */
    public BgpRole counterpart()
    {
        return switch (this)
        {
            case PROVIDER -> CUSTOMER;
            case CUSTOMER -> PROVIDER;
            case RS_SERVER -> RS_CLIENT;
            case RS_CLIENT -> RS_SERVER;
            case PEER -> PEER;
        };
    }

    /**
     * RFC 9234 §5 ingress: routes from a neighbor whose role makes it a customer or a route-server client of ours
     * (we are {@link #PROVIDER} or {@link #RS_SERVER}) must not carry Only-to-Customer.
     *
     * @return whether a route received with OTC over a session where we have this role is a leak.
     */
    public boolean otcFromNeighborIsLeak()
    {
        return this == PROVIDER || this == RS_SERVER;
    }

    /**
     * RFC 9234 §5 ingress: routes from a provider, a peer or a route server (we are {@link #CUSTOMER}, {@link #PEER}
     * or {@link #RS_CLIENT}) without OTC get OTC set to the neighbor's AS; RFC 9234 §5 egress: routes with OTC are
     * not sent to them.
     *
     * @return whether the neighbor of a session where we have this role is a provider, a peer or a route server.
     */
    public boolean neighborIsUpstreamOrLateral()
    {
        return this == CUSTOMER || this == PEER || this == RS_CLIENT;
    }

    /**
     * @param value a BGP Role capability's value.
     * @return the role, or empty for a value RFC 9234 does not define.
     */
    public static Optional<BgpRole> ofValue(final int value)
    {
        for (final BgpRole r : values())
        {
            if (r.value == value)
            {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * @param name a configuration name.
     * @return the role, or empty.
     */
    public static Optional<BgpRole> ofConfigName(final String name)
    {
        for (final BgpRole r : values())
        {
            if (r.configName.equals(name))
            {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString()
    {
        return configName;
    }
}
