/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import net.junction.bgp.config.BgpRole;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.CodecOptions;
import net.junction.routing.IpAddress;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What both ends agreed on when a session reached Established: the outcome of the OPEN exchange.
 *
 * @param localAs              the AS this speaker presented.
 * @param peerAs               the peer's AS (from its 4-octet AS capability when present).
 * @param peerRouterId         the peer's BGP identifier (network order, as an int).
 * @param holdTimeSeconds      min(ours, theirs); 0 means no keepalives and no hold timer.
 * @param keepaliveSeconds     one third of the hold time (0 when it is 0).
 * @param families             address families both advertised.
 * @param codec                how to encode and decode on this session (4-octet AS, extended
 *                             messages, external peer, the families with ADD-PATH each way).
 * @param routeRefresh         the peer can take ROUTE-REFRESH (RFC 2918).
 * @param enhancedRouteRefresh the peer does BoRR/EoRR (RFC 7313).
 * @param peerRestart          the peer's graceful restart capability (RFC 4724), or null: its
 *                             restart time, whether it says it just restarted (R bit), and per
 *                             family whether it kept forwarding state (F bit).
 * @param localAddress         this end's address of the TCP connection (for next-hop self).
 * @param remoteAddress        the peer's address of the TCP connection.
 * @param extendedNextHop      both sent the Extended Next Hop Encoding capability for IPv4 unicast with IPv6
 *                             next hops (RFC 8950): IPv4 routes may travel in MP_REACH_NLRI with an IPv6 next hop.
 * @param peerRole             the BGP Role the peer announced (RFC 9234), or empty.
 */
public record Negotiated(
    int localAs,
    int peerAs,
    int peerRouterId,
    int holdTimeSeconds,
    int keepaliveSeconds,
    Set<AfiSafi> families,
    CodecOptions codec,
    boolean routeRefresh,
    boolean enhancedRouteRefresh,
    PeerRestart peerRestart,
    IpAddress localAddress,
    IpAddress remoteAddress,
    boolean extendedNextHop,
    Optional<BgpRole> peerRole)
{
    public Negotiated
    {
        families = Set.copyOf(families);
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(peerRole, "peerRole");
    }

    /**
     * Without the peer's BGP Role (RFC 9234).
     */
    public Negotiated(
        final int localAs, final int peerAs, final int peerRouterId, final int holdTimeSeconds,
        final int keepaliveSeconds, final Set<AfiSafi> families, final CodecOptions codec, final boolean routeRefresh,
        final boolean enhancedRouteRefresh, final PeerRestart peerRestart, final IpAddress localAddress,
        final IpAddress remoteAddress, final boolean extendedNextHop)
    {
        this(localAs, peerAs, peerRouterId, holdTimeSeconds, keepaliveSeconds, families, codec, routeRefresh,
            enhancedRouteRefresh, peerRestart, localAddress, remoteAddress, extendedNextHop, Optional.empty());
    }

    /**
     * Without RFC 8950's extended next hop.
     */
    public Negotiated(
        final int localAs, final int peerAs, final int peerRouterId, final int holdTimeSeconds,
        final int keepaliveSeconds, final Set<AfiSafi> families, final CodecOptions codec, final boolean routeRefresh,
        final boolean enhancedRouteRefresh, final PeerRestart peerRestart, final IpAddress localAddress,
        final IpAddress remoteAddress)
    {
        this(localAs, peerAs, peerRouterId, holdTimeSeconds, keepaliveSeconds, families, codec, routeRefresh,
            enhancedRouteRefresh, peerRestart, localAddress, remoteAddress, false, Optional.empty());
    }

    /**
     * @return whether the peer is in another AS.
     */
    public boolean isExternal()
    {
        return codec.externalPeer();
    }

    /**
     * @return whether the peer sends several paths per prefix of the family, each with a Path Identifier
     *     (RFC 7911: we advertised receive, it send).
     */
    public boolean addPathReceive(final AfiSafi family)
    {
        return codec.receivesPathIds(family);
    }

    /**
     * @return whether we may send several paths per prefix of the family (we advertised send, it receive).
     */
    public boolean addPathSend(final AfiSafi family)
    {
        return codec.sendsPathIds(family);
    }

    /**
     * The peer's graceful restart capability.
     *
     * @param restartTimeSeconds how long to keep its routes after the session drops.
     * @param restarting         its R bit: it has just restarted.
     * @param forwardingKept     per family it advertised, its F bit.
     */
    public record PeerRestart(int restartTimeSeconds, boolean restarting, Map<AfiSafi, Boolean> forwardingKept)
    {
        public PeerRestart
        {
            forwardingKept = Map.copyOf(forwardingKept);
        }
    }
}
