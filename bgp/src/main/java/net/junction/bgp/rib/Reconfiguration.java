/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.policy.PolicyEvaluator;
import net.junction.routing.IpAddress;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compute half of a live reconfiguration: what a candidate configuration changes for each neighbor the
 * RIB knows (matched by address), worked out without changing anything. {@link BgpRib#reconfigure} applies
 * it; {@link BgpRib#preview} reads it as the {@link BgpRib.Settings} import and export run under, so both
 * decide the same way which neighbors are imported or exported again and with what.
 */
final class Reconfiguration implements BgpRib.Settings
{
    /**
     * One neighbor of the candidate.
     *
     * @param peer         the RIB's peer with its address, or null for a neighbor not known yet.
     * @param next         its candidate configuration.
     * @param importPolicy its candidate import policy (compiled), or null.
     * @param exportPolicy its candidate export policy (compiled), or null.
     * @param reimport     whether its import policy changed (another instance).
     * @param reexport     whether its export side changed (export policy, next-hop-self, route-reflector-client,
     *                     the count of ADD-PATH paths sent).
     * @param rrChanged    whether its route-reflector-client flag changed.
     */
    record Neighbor(Peer peer, PeerConfig next, PolicyEvaluator importPolicy, PolicyEvaluator exportPolicy,
        boolean reimport, boolean reexport, boolean rrChanged)
    {
    }

    final BgpConfig next;
    final Map<String, PolicyEvaluator> evaluators;
    /** In the candidate's order. */
    final List<Neighbor> neighbors;
    /** A route reflector's client flag changed: what every iBGP peer may get changes. */
    final boolean reflectionChanged;
    private final IdentityHashMap<Peer, Neighbor> byPeer = new IdentityHashMap<>();

    Reconfiguration(final BgpConfig next, final Map<String, PolicyEvaluator> evaluators,
        final Map<IpAddress, Peer> peersByAddress)
    {
        this.next = next;
        this.evaluators = evaluators;
        final List<Neighbor> list = new ArrayList<>(next.neighbors().size());
        boolean reflection = false;
        for (final PeerConfig pc : next.neighbors())
        {
            final PolicyEvaluator importPolicy = pc.importPolicy().map(evaluators::get).orElse(null);
            final PolicyEvaluator exportPolicy = pc.exportPolicy().map(evaluators::get).orElse(null);
            final Peer peer = peersByAddress.get(pc.remoteAddress());
            if (peer == null)
            {
                list.add(new Neighbor(null, pc, importPolicy, exportPolicy, false, false, false));
                continue;
            }
            final PeerConfig was = peer.config;
            final boolean rrChanged = was.routeReflectorClient() != pc.routeReflectorClient();
            reflection |= rrChanged;
            final Neighbor n = new Neighbor(peer, pc, importPolicy, exportPolicy, peer.importPolicy != importPolicy,
                peer.exportPolicy != exportPolicy || was.nextHopSelf() != pc.nextHopSelf() || rrChanged ||
                    was.relayUnknownAttributes() != pc.relayUnknownAttributes() ||
                    was.addPath().send() != pc.addPath().send(), rrChanged);
            list.add(n);
            byPeer.put(peer, n);
        }
        this.neighbors = List.copyOf(list);
        this.reflectionChanged = reflection;
    }

    /**
     * @return whether the peer's whole view of the Loc-RIB is looked at again (its export side changed, or
     *     reflection changed for everyone).
     */
    boolean reexports(final Peer peer)
    {
        final Neighbor n = byPeer.get(peer.neighbor());
        return reflectionChanged || (n != null && n.reexport());
    }

    /**
     * @return whether the peer's routes as received are imported again.
     */
    boolean reimports(final Peer peer)
    {
        final Neighbor n = byPeer.get(peer.neighbor());
        return n != null && n.reimport();
    }

    public PolicyEvaluator importPolicy(final Peer peer)
    {
        final Neighbor n = byPeer.get(peer.neighbor());
        return n == null ? peer.importPolicy : n.importPolicy();
    }

    public PolicyEvaluator exportPolicy(final Peer peer)
    {
        final Neighbor n = byPeer.get(peer.neighbor());
        return n == null ? peer.exportPolicy : n.exportPolicy();
    }

    public boolean nextHopSelf(final Peer peer)
    {
        final Neighbor n = byPeer.get(peer.neighbor());
        return n == null ? BgpRib.RUNNING.nextHopSelf(peer) : n.next().nextHopSelf();
    }

    public boolean routeReflectorClient(final Peer peer)
    {
        final Neighbor n = byPeer.get(peer.neighbor());
        return n == null ? peer.routeReflectorClient() : n.next().routeReflectorClient();
    }

    public boolean relayUnknownAttributes(final Peer peer)
    {
        final Neighbor n = byPeer.get(peer);
        return n == null ? peer.relayUnknownAttributes() : n.next().relayUnknownAttributes();
    }

    public boolean running()
    {
        return false;
    }
}
