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

    boolean relayUnknownAttributes()
    {
        return config == null || config.relayUnknownAttributes();
    }

    String name()
    {
        return local ? "local" : config.name();
    }

    public String toString()
    {
        return name();
    }
}
