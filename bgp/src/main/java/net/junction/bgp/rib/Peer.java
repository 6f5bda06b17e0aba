/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.policy.PolicyEvaluator;
import net.junction.bgp.session.Negotiated;
import net.junction.bgp.session.PeerSession;
import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.IpAddress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routing side's state of one neighbor: its Adj-RIB-In as received (before import policy, for soft
 * reconfiguration) and after import policy, and its Adj-RIB-Out, per family; its policies
 * and what its session negotiated. Outlives sessions (graceful restart keeps the Adj-RIB-In of a
 * peer whose session is down). The speaker's own networks are a pseudo-peer with {@link #local} set.
 * <p>
 * ADD-PATH (RFC 7911): a neighbor that sends several paths per prefix, each with a Path Identifier, has one
 * <i>lane</i> per identifier in use: a Peer of its own ({@link #owner} the neighbor, {@link #pathId} the
 * identifier) with its own Adj-RIBs-In, in the RIB's list of peers beside the neighbor. So every path is a
 * candidate of the decision process, its preview and its explanation, keyed by (prefix, path id) through
 * the lane, and a withdrawal by identifier removes that path only. A lane has no session and no
 * Adj-RIB-Out; it reads the neighbor's settings ({@link #syncFromOwner}), and the neighbor's paths sent
 * without identifiers stay in the neighbor's own tables.
 */
final class Peer
{
    /** Replaced by a live reconfiguration; never in a way that changes {@link #address} or the AS numbers. */
    PeerConfig config;
    final boolean local;
    final IpAddress address;
    PolicyEvaluator importPolicy;
    PolicyEvaluator exportPolicy;

    PeerSession session;
    Negotiated negotiated;
    boolean established;
    /** UPDATEs the RIB received over the current session (End-of-RIB markers included): the sequence of the last. */
    long updates;
    boolean external;
    int routerId;
    int localAs;

    /**
     * Adj-RIB-In before import policy, as an overlay: the routes the policy rejected or changed, as the peer
     * sent them; a route accepted unchanged is only in {@link #ribIn}.
     */
    final Map<AfiSafi, AdjRibIn> received = new LinkedHashMap<>(4);
    /** Adj-RIB-In after import policy: the decision process's candidates. */
    final Map<AfiSafi, AdjRibIn> ribIn = new LinkedHashMap<>(4);
    final Map<AfiSafi, AdjRibOut> ribOut = new LinkedHashMap<>(4);
    final List<AfiSafi> outFamilies = new ArrayList<>(2);

    /** For a lane, the neighbor it belongs to; null for a neighbor (or the local pseudo-peer). */
    final Peer owner;
    /** For a lane, its Path Identifier. */
    final int pathId;
    /** A neighbor's lanes by Path Identifier, in the order made; null until it has one. */
    Map<Integer, Peer> lanes;

    boolean loggedNoImportPolicy;
    boolean loggedNoExportPolicy;
    boolean loggedNoNextHop;
    boolean writableScheduled;

    Peer(final PeerConfig config, final boolean local, final PolicyEvaluator importPolicy,
        final PolicyEvaluator exportPolicy, final int speakerAs, final int speakerRouterId)
    {
        this.config = config;
        this.local = local;
        this.address = config == null ? null : config.remoteAddress();
        this.importPolicy = importPolicy;
        this.exportPolicy = exportPolicy;
        this.external = config != null && config.isExternal(speakerAs);
        this.localAs = config == null ? speakerAs : config.localAs().orElse(speakerAs);
        this.routerId = local ? speakerRouterId : 0;
        this.owner = null;
        this.pathId = 0;
    }

    private Peer(final Peer owner, final int pathId)
    {
        this.config = owner.config;
        this.local = false;
        this.address = owner.address;
        this.owner = owner;
        this.pathId = pathId;
        syncFromOwner();
    }

    /**
     * @return the lane for the Path Identifier, made if new (the caller adds it to the RIB's list of peers).
     */
    Peer lane(final int id)
    {
        if (lanes == null)
        {
            lanes = new LinkedHashMap<>(4);
        }
        return lanes.computeIfAbsent(id, i -> new Peer(this, i));
    }

    /**
     * A lane takes what the neighbor has now: settings after a reconfiguration, the session's values when it
     * comes up.
     */
    void syncFromOwner()
    {
        config = owner.config;
        importPolicy = owner.importPolicy;
        exportPolicy = owner.exportPolicy;
        external = owner.external;
        routerId = owner.routerId;
        localAs = owner.localAs;
        updates = owner.updates;
    }

    /**
     * @return the neighbor: this one, or a lane's owner.
     */
    Peer neighbor()
    {
        return owner == null ? this : owner;
    }

    /**
     * @return this neighbor then its lanes.
     */
    List<Peer> withLanes()
    {
        if (lanes == null || lanes.isEmpty())
        {
            return List.of(this);
        }
        final List<Peer> all = new ArrayList<>(1 + lanes.size());
        all.add(this);
        all.addAll(lanes.values());
        return all;
    }

    /**
     * @return whether it holds no route of any family, received or accepted.
     */
    boolean isEmpty()
    {
        for (final AdjRibIn in : received.values())
        {
            if (in.size() > 0)
            {
                return false;
            }
        }
        for (final AdjRibIn in : ribIn.values())
        {
            if (in.size() > 0)
            {
                return false;
            }
        }
        return true;
    }

    AdjRibIn ribIn(final AfiSafi family, final PathInterner interner)
    {
        return ribIn.computeIfAbsent(family, f -> new AdjRibIn(f, interner));
    }

    AdjRibIn received(final AfiSafi family, final PathInterner interner)
    {
        return received.computeIfAbsent(family, f -> new AdjRibIn(f, interner));
    }

    /**
     * @return the families it has routes of, received or accepted.
     */
    java.util.Set<AfiSafi> families()
    {
        final java.util.Set<AfiSafi> all = new java.util.LinkedHashSet<>(received.keySet());
        all.addAll(ribIn.keySet());
        return all;
    }

    boolean routeReflectorClient()
    {
        return config != null && config.routeReflectorClient();
    }

    String name()
    {
        return local ? "local" : config.name();
    }

    public String toString()
    {
        return owner == null ? name() : name() + "#" + Integer.toUnsignedString(pathId);
    }
}
