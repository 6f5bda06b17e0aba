/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.config;

import net.junction.bgp.bmp.BmpConfig;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.rpki.RpkiConfig;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The speaker's configuration. Immutable; references between parts (a neighbor's policy names)
 * are checked here.
 *
 * @param localAs        the speaker's AS (4-octet, unsigned in an int).
 * @param routerId       BGP identifier, an IPv4 address as an int (network order), non-zero.
 * @param listenAddress  address to accept connections on, or empty for all; port {@code listenPort}.
 * @param listenPort     179, or another port for tests; 0 disables listening (active peers only).
 * @param multipath      most equal-cost BGP paths installed per prefix (1: no ECMP; at most 16).
 * @param neighbors      the peers.
 * @param policies       named policies the neighbors refer to.
 * @param networks       prefixes the speaker originates (ORIGIN IGP, next hop self), announced
 *                       subject to each neighbor's export policy.
 * @param rpki           the RPKI caches origin validation takes its VRPs from ({@link RpkiConfig#NONE}: none).
 * @param bmp            the BMP stations the speaker reports to ({@link BmpConfig#NONE}: none).
 */
public record BgpConfig(
    int localAs,
    int routerId,
    Optional<IpAddress> listenAddress,
    int listenPort,
    int multipath,
    List<PeerConfig> neighbors,
    Map<String, Policy> policies,
    List<IpPrefix> networks,
    RpkiConfig rpki,
    net.junction.bgp.mrt.MrtConfig mrt,
    BmpConfig bmp)
{
    /** A configuration that records no MRT files and has no BMP stations. */
    public BgpConfig(
        final int localAs, final int routerId, final Optional<IpAddress> listenAddress, final int listenPort,
        final int multipath, final List<PeerConfig> neighbors, final Map<String, Policy> policies,
        final List<IpPrefix> networks, final RpkiConfig rpki)
    {
        this(localAs, routerId, listenAddress, listenPort, multipath, neighbors, policies, networks, rpki,
            net.junction.bgp.mrt.MrtConfig.NONE, BmpConfig.NONE);
    }

    /** A configuration without BMP stations. */
    public BgpConfig(
        final int localAs, final int routerId, final Optional<IpAddress> listenAddress, final int listenPort,
        final int multipath, final List<PeerConfig> neighbors, final Map<String, Policy> policies,
        final List<IpPrefix> networks, final RpkiConfig rpki, final net.junction.bgp.mrt.MrtConfig mrt)
    {
        this(localAs, routerId, listenAddress, listenPort, multipath, neighbors, policies, networks, rpki, mrt,
            BmpConfig.NONE);
    }

    /** A configuration without RPKI caches. */
    public BgpConfig(
        final int localAs, final int routerId, final Optional<IpAddress> listenAddress, final int listenPort,
        final int multipath, final List<PeerConfig> neighbors, final Map<String, Policy> policies,
        final List<IpPrefix> networks)
    {
        this(localAs, routerId, listenAddress, listenPort, multipath, neighbors, policies, networks, RpkiConfig.NONE);
    }

    /** The BGP port. */
    public static final int BGP_PORT = 179;

    public BgpConfig
    {
        Objects.requireNonNull(listenAddress, "listenAddress");
        neighbors = List.copyOf(neighbors);
        policies = Map.copyOf(policies);
        networks = List.copyOf(networks);
        Objects.requireNonNull(rpki, "rpki");
        Objects.requireNonNull(mrt, "mrt");
        Objects.requireNonNull(bmp, "bmp");
        if (0 == localAs)
        {
            throw new IllegalArgumentException("AS 0 is reserved (RFC 7607)");
        }
        if (0 == routerId)
        {
            throw new IllegalArgumentException("the router id must not be 0.0.0.0");
        }
        if (listenPort < 0 || listenPort > 65535)
        {
            throw new IllegalArgumentException("listen port must be 0..65535: " + listenPort);
        }
        if (multipath < 1 || multipath > 16)
        {
            throw new IllegalArgumentException("multipath must be 1..16: " + multipath);
        }
        final Set<String> names = new HashSet<>();
        final Set<IpAddress> addresses = new HashSet<>();
        for (int i = 0; i < neighbors.size(); i++)
        {
            final PeerConfig peer = neighbors.get(i);
            final String field = "bgp.neighbors[" + i + "]";
            if (!names.add(peer.name()))
            {
                throw new IllegalArgumentException(field + ".name: two neighbors named " + peer.name());
            }
            if (!addresses.add(peer.remoteAddress()))
            {
                throw new IllegalArgumentException(field + ".address: two neighbors at " + peer.remoteAddress());
            }
            checkPolicy(policies, peer.importPolicy(), field + ".import");
            checkPolicy(policies, peer.exportPolicy(), field + ".export");
        }
    }

    private static void checkPolicy(final Map<String, Policy> policies, final Optional<String> name, final String field)
    {
        if (name.isPresent() && !policies.containsKey(name.get()))
        {
            throw new IllegalArgumentException(field + ": no policy named '" + name.get() + "'");
        }
    }
}
