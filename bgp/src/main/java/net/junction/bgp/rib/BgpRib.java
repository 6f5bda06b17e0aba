/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.BgpRole;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.policy.PolicyContext;
import net.junction.bgp.policy.PolicyEvaluator;
import net.junction.bgp.rpki.VrpTable;
import net.junction.bgp.session.Negotiated;
import net.junction.bgp.session.PeerSession;
import net.junction.bgp.session.SessionListener;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.CheckedAttribute;
import net.junction.bgp.wire.MpReachNlri;
import net.junction.bgp.wire.RouteRefreshMessage;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.PrefixMap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The routing side of the BGP speaker: what sessions report goes through here.
 * <pre>
 *  UPDATE --> import (loop checks, RFC 8212, import policy) --> Adj-RIB-In after policy (peer, family)
 *         \--> as received, where that differs (rejected, changed by policy) --> Adj-RIB-In as received
 *         --> decision process (per changed prefix) --> Loc-RIB --> LocRibListener (router RIB)
 *                                                              \--> dirty sets of the Adj-RIBs-Out
 *                                                              \--> BestPathHook (every change, with its
 *                                                                   cause: the route journal)
 *  end of the UPDATE: LocRibListener.flush(); each peer's dirty prefixes --> export (split horizon,
 *  route reflection, well-known communities, RFC 8212, rewrite, export policy) --> UPDATEs packed
 *  per outgoing path, while the session is not congested; End-of-RIB after the initial table.
 * </pre>
 * Each entry point (an UPDATE, a session down, a next-hop change, a reconfiguration...) records what it
 * is handling ({@code CurrentCause}) before it decides anything, so a {@link BestPathHook} hears every
 * change with its {@link ChangeCause}; per session the RIB numbers the UPDATEs it receives (1 = the first
 * after Established).
 * <p>
 * Single threaded: every method runs on the speaker's event loop, as {@link SessionListener} says;
 * no locks. Memory: per route one slot in a primitive-keyed {@link PrefixMap} holding a reference to
 * a reference-counted interned {@link Path}; per prefix one {@code Best} in the Loc-RIB. The Adj-RIB-In
 * as received (soft reconfiguration inbound) is an overlay on the one after policy: a route the import
 * policy accepted unchanged is stored once, in the Adj-RIB-In after policy, and read from there as
 * received too; only a route the policy rejected or changed takes a second slot, holding the path as
 * received. Both tables share one interner.
 * <p>
 * Live reconfiguration ({@link #reconfigure}): a changed import policy is applied again to the routes as
 * received and the decision process runs only for prefixes whose accepted path changed; a changed export
 * policy marks the peer's whole Loc-RIB view dirty and the Adj-RIB-Out sends only what differs from what
 * it sent.
 */
public final class BgpRib implements SessionListener
{
    private static final System.Logger LOG = System.getLogger(BgpRib.class.getName());

    /** Dirty prefixes turned into UPDATEs per step of the export pump. */
    static final int EXPORT_CHUNK = 2048;

    private static final PathAttribute.LocalPref DEFAULT_LOCAL_PREF =
        new PathAttribute.LocalPref((int)Path.DEFAULT_LOCAL_PREF);

    /**
     * A Loc-RIB entry as status and tests see it.
     *
     * @param peer     name of the neighbor the best path came from, or "local" for a configured network.
     * @param external whether that neighbor is eBGP.
     * @param path     the best path (attributes after import policy, next hop).
     * @param nextHops the installed next hops (several with multipath); empty for a local network.
     */
    public record Selected(String peer, boolean external, Path path, List<IpAddress> nextHops)
    {
    }

    /**
     * The per-neighbor settings import and export read: the running ones ({@link #RUNNING}, read from the
     * peers), or a candidate configuration's, so that a change preview runs the same import and export code
     * as the live path over settings not applied yet.
     */
    interface Settings
    {
        PolicyEvaluator importPolicy(Peer peer);

        PolicyEvaluator exportPolicy(Peer peer);

        boolean nextHopSelf(Peer peer);

        boolean routeReflectorClient(Peer peer);

        /** @return whether unknown optional transitive attributes are sent to the peer. */
        boolean relayUnknownAttributes(Peer peer);

        /** @return whether these are the running settings (the only ones whose warnings are logged). */
        boolean running();
    }

    /** What the peers hold now. */
    static final Settings RUNNING = new Settings()
    {
        public PolicyEvaluator importPolicy(final Peer peer)
        {
            return peer.importPolicy;
        }

        public PolicyEvaluator exportPolicy(final Peer peer)
        {
            return peer.exportPolicy;
        }

        public boolean nextHopSelf(final Peer peer)
        {
            return peer.config != null && peer.config.nextHopSelf();
        }

        public boolean routeReflectorClient(final Peer peer)
        {
            return peer.routeReflectorClient();
        }

        public boolean relayUnknownAttributes(final Peer peer)
        {
            return peer.relayUnknownAttributes();
        }

        public boolean running()
        {
            return true;
        }
    };

    private BgpConfig config;
    private final LocalAddresses localAddresses;
    private final NextHopResolver resolver;
    private final PathInterner inInterner = new PathInterner();
    private final List<Peer> peers = new ArrayList<>();
    /** The established neighbors with ADD-PATH send negotiated for a family: every candidate change concerns them. */
    private final List<Peer> addPathSenders = new ArrayList<>(2);
    private final Map<IpAddress, Peer> peersByAddress = new HashMap<>();
    private final Map<String, Peer> peersByName = new HashMap<>();
    private final Map<String, PolicyEvaluator> policies = new HashMap<>();
    private final Peer local;
    private final LocRib locRib;
    /** What the entry point being handled is, for a {@link BestPathHook}. */
    private final CurrentCause cause;
    /**
     * Restarting (RFC 4724 §4.1): the families whose route selection is deferred, each with the peers whose
     * End-of-RIB it still waits for ({@link #deferSelection}). Empty: selection runs as routes arrive.
     */
    private final Map<AfiSafi, Set<Peer>> deferred = new LinkedHashMap<>();
    /** Run once route selection ran for every deferred family and its outcome went to the listener, or null. */
    private Runnable whenSelected;
    /** The last deferred family's selection ran: {@link #whenSelected} runs at the end of the burst. */
    private boolean selectedAll;
    /** The VRPs policies validate route origins against (RFC 6811), or null without RPKI. */
    private VrpTable rpki;
    /** Hears the changes BMP reports. */
    private RibMonitor monitor = RibMonitor.NONE;

    /**
     * A RIB with every next hop reachable at cost 0 and next hop self from the session's address.
     *
     * @param config   the speaker's configuration (AS, router id, multipath, neighbors, policies,
     *                 networks).
     * @param listener where Loc-RIB changes go (the router RIB).
     */
    public BgpRib(final BgpConfig config, final LocRibListener listener)
    {
        this(config, listener, NextHopResolver.ALL_REACHABLE, LocalAddresses.FROM_SESSION);
    }

    /**
     * @param config         the speaker's configuration.
     * @param listener       where Loc-RIB changes go.
     * @param resolver       next-hop reachability and IGP cost for the decision process.
     * @param localAddresses next hops for next hop self.
     */
    public BgpRib(
        final BgpConfig config, final LocRibListener listener, final NextHopResolver resolver,
        final LocalAddresses localAddresses)
    {
        this.config = Objects.requireNonNull(config, "config");
        this.localAddresses = Objects.requireNonNull(localAddresses, "localAddresses");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.cause = new CurrentCause(resolver);
        for (final Map.Entry<String, Policy> e : config.policies().entrySet())
        {
            policies.put(e.getKey(), new PolicyEvaluator(e.getValue()));
        }
        this.local = new Peer(null, true, null, null, config.localAs(), config.routerId());
        peers.add(local);
        for (final PeerConfig pc : config.neighbors())
        {
            addPeer(pc);
        }
        this.locRib = new LocRib(peers, new DecisionProcess(resolver, config.multipath()),
            Objects.requireNonNull(listener, "listener"));

        final PathAttributes networkAttributes = PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
            PathAttribute.AsPath.EMPTY);
        final Path network = new Path(networkAttributes, null, null);
        for (final IpPrefix prefix : config.networks())
        {
            final AfiSafi family = AfiSafi.unicastOf(prefix);
            local.ribIn(family, inInterner).put(prefix, inInterner.acquire(network));
            decide(family, prefix);
        }
        locRib.flush();
    }

    private Peer addPeer(final PeerConfig pc)
    {
        return addPeer(pc, pc.importPolicy().map(policies::get).orElse(null), pc.exportPolicy().map(policies::get).orElse(null));
    }

    private Peer addPeer(final PeerConfig pc, final PolicyEvaluator importPolicy, final PolicyEvaluator exportPolicy)
    {
        final Peer peer = new Peer(pc, false, importPolicy, exportPolicy, config.localAs(), config.routerId());
        peers.add(peer);
        peersByAddress.put(pc.remoteAddress(), peer);
        peersByName.put(pc.name(), peer);
        return peer;
    }

    private Peer peerFor(final PeerSession session)
    {
        final PeerConfig pc = session.config();
        final Peer peer = peersByAddress.get(pc.remoteAddress());
        return peer != null ? peer : addPeer(pc);
    }

    private static boolean supported(final AfiSafi family)
    {
        return AfiSafi.IPV4_UNICAST.equals(family) || AfiSafi.IPV6_UNICAST.equals(family);
    }

    // ---------------------------------------------------------------- SessionListener

    public void established(final PeerSession session, final Negotiated negotiated)
    {
        final Peer peer = peerFor(session);
        peer.session = session;
        peer.negotiated = negotiated;
        peer.established = true;
        // What the decision process reads of the peer itself (besides its address): routes kept over a graceful
        // restart were decided with the old values.
        final boolean decidedOtherwise =
            peer.external != negotiated.isExternal() || peer.routerId != negotiated.peerRouterId();
        peer.external = negotiated.isExternal();
        peer.routerId = negotiated.peerRouterId();
        peer.localAs = negotiated.localAs();
        peer.writableScheduled = false;
        peer.updates = 0;

        // Graceful restart kept the routes of families the new session still carries; the others go.
        cause.sessionDown(peer.address);
        for (final Peer p : peer.withLanes())
        {
            if (p != peer)
            {
                p.syncFromOwner();
            }
            for (final AfiSafi family : p.families())
            {
                if (!negotiated.families().contains(family))
                {
                    purge(p, family, false);
                }
            }
            if (decidedOtherwise)
            {
                // The Loc-RIB must be what a full decision gives now: the decision after one peer's change
                // (LocRib.decide with the old and new path) relies on it.
                for (final AdjRibIn in : p.ribIn.values())
                {
                    for (final IpPrefix prefix : in.keys())
                    {
                        decide(in.family(), prefix);
                    }
                }
            }
        }
        dropEmptyLanes(peer);

        peer.ribOut.clear();
        peer.outFamilies.clear();
        final PathInterner outInterner = new PathInterner();
        final List<AfiSafi> families = new ArrayList<>(negotiated.families());
        families.sort(Comparator.comparingInt(AfiSafi::afi).thenComparingInt(AfiSafi::safi));
        for (final AfiSafi family : families)
        {
            if (!supported(family))
            {
                continue;
            }
            final AdjRibOut out = new AdjRibOut(family, outInterner,
                negotiated.addPathSend(family) ? peer.config.addPath().send() : 0);
            out.endOfRibPending = true;
            final PrefixMap<LocRib.Best> table = locRib.table(family);
            markDirtyGroupedByPath(table, out, b -> mayExport(RUNNING, peer, b) || out.addPath() ? b.path : null);
            peer.ribOut.put(family, out);
            peer.outFamilies.add(family);
        }
        addPathSenders.remove(peer);
        if (peer.ribOut.values().stream().anyMatch(AdjRibOut::addPath))
        {
            addPathSenders.add(peer);
        }
        // Restarting: a peer without graceful restart, or restarting itself (R bit), sends no End-of-RIB to wait
        // for (RFC 4724 §4.1); nor does one for a family the session does not carry.
        for (final AfiSafi family : List.copyOf(deferred.keySet()))
        {
            final Negotiated.PeerRestart restart = negotiated.peerRestart();
            if (restart == null || restart.restarting() || !negotiated.families().contains(family))
            {
                selectionMayStart(family, peer);
            }
        }
        endOfBurst();
    }

    public void update(final PeerSession session, final UpdateMessage update)
    {
        final Peer peer = peerFor(session);
        monitor.received(peer.name(), update);
        final long sequence = ++peer.updates;
        cause.withdrawal(peer.address, sequence);
        boolean withdrewByPathId = false;
        for (int i = 0; i < update.withdrawn().size(); i++)
        {
            withdrewByPathId |= unannounce(peer, update.withdrawnPathIds(), i, AfiSafi.IPV4_UNICAST,
                update.withdrawn().get(i));
        }
        if (update.mpUnreach() != null)
        {
            final List<IpPrefix> withdrawn = update.mpUnreach().withdrawn();
            for (int i = 0; i < withdrawn.size(); i++)
            {
                withdrewByPathId |= unannounce(peer, update.mpUnreach().pathIds(), i, update.mpUnreach().afiSafi(),
                    withdrawn.get(i));
            }
        }
        cause.update(peer.address, sequence);
        if (!update.nlri().isEmpty())
        {
            final PathAttribute.NextHop nh = update.attributes().nextHop();
            announce(peer, update.nlriPathIds(), AfiSafi.IPV4_UNICAST, update.nlri(), update.attributes(),
                nh == null ? null : new Ip4Address(nh.address()), null);
        }
        final MpReachNlri mp = update.mpReach();
        if (mp != null && !mp.nlri().isEmpty())
        {
            announce(peer, mp.pathIds(), mp.afiSafi(), mp.nlri(), update.attributes(), mp.nextHop(),
                mp.linkLocalNextHop());
        }
        if (withdrewByPathId)
        {
            dropEmptyLanes(peer);
        }
        endOfBurst();
    }

    /**
     * Routes received with ADD-PATH go to the lane of their Path Identifier (RFC 7911 §3: the prefix and
     * the identifier name the path), the others to the neighbor itself.
     *
     * @param pathIds one per prefix, or empty without ADD-PATH.
     */
    private void announce(
        final Peer peer, final List<Integer> pathIds, final AfiSafi family, final List<? extends IpPrefix> prefixes,
        final PathAttributes received, final IpAddress nextHop, final IpAddress linkLocal)
    {
        if (pathIds.isEmpty())
        {
            announce(peer, family, prefixes, received, nextHop, linkLocal);
            return;
        }
        final Map<Peer, List<IpPrefix>> byLane = new LinkedHashMap<>(4);
        for (int i = 0; i < prefixes.size(); i++)
        {
            final IpPrefix prefix = prefixes.get(i);
            byLane.computeIfAbsent(lane(peer, family, prefix, pathIds.get(i)), k -> new ArrayList<>()).add(prefix);
        }
        for (final Map.Entry<Peer, List<IpPrefix>> e : byLane.entrySet())
        {
            announce(e.getKey(), family, e.getValue(), received, nextHop, linkLocal);
        }
    }

    /**
     * @param pathIds one per withdrawn prefix, or empty without ADD-PATH.
     * @return whether it was a withdrawal by Path Identifier.
     */
    private boolean unannounce(
        final Peer peer, final List<Integer> pathIds, final int i, final AfiSafi family, final IpPrefix prefix)
    {
        if (pathIds.isEmpty())
        {
            unannounce(peer, family, prefix);
            return false;
        }
        final int slot = peer.slotOf(family, prefix, pathIds.get(i));
        if (slot >= 0)
        {
            unannounce(peer.lanes.get(slot), family, prefix);
        }
        return true;
    }

    /**
     * @return the neighbor's lane of the path (prefix, Path Identifier): the one it holds, else the first free
     *     for the prefix, made (and added to the candidates' peers) if need be.
     */
    private Peer lane(final Peer peer, final AfiSafi family, final IpPrefix prefix, final int pathId)
    {
        int slot = peer.slotOf(family, prefix, pathId);
        if (slot < 0)
        {
            slot = peer.takeSlot(family, prefix, pathId);
        }
        if (peer.lanes == null || slot == peer.lanes.size())
        {
            peers.add(peer.newLane());
        }
        return peer.lanes.get(slot);
    }

    /**
     * Forget the neighbor's last lanes while they hold no route (their paths withdrawn or purged); the others
     * keep their slots.
     */
    private void dropEmptyLanes(final Peer peer)
    {
        while (peer.lanes != null && !peer.lanes.isEmpty() && peer.lanes.getLast().isEmpty())
        {
            peers.remove(peer.lanes.removeLast());
        }
    }

    /**
     * {@link #purge} of the neighbor and each of its lanes; the lanes emptied go.
     */
    private void purgeWithLanes(final Peer peer, final AfiSafi family, final boolean staleOnly)
    {
        for (final Peer p : peer.withLanes())
        {
            purge(p, family, staleOnly);
        }
        dropEmptyLanes(peer);
    }

    private void markAllStale(final Peer peer, final AfiSafi family)
    {
        for (final Peer p : peer.withLanes())
        {
            for (final AdjRibIn in : new AdjRibIn[]{p.received.get(family), p.ribIn.get(family)})
            {
                if (in != null)
                {
                    in.markAllStale();
                }
            }
        }
    }

    /**
     * @return the families the neighbor or one of its lanes has routes of.
     */
    private static java.util.Set<AfiSafi> familiesWithLanes(final Peer peer)
    {
        final java.util.Set<AfiSafi> all = new java.util.LinkedHashSet<>();
        for (final Peer p : peer.withLanes())
        {
            all.addAll(p.families());
        }
        return all;
    }

    public void endOfRib(final PeerSession session, final AfiSafi family)
    {
        // Routes kept stale over a restart and not re-announced in the initial table are gone
        // (RFC 4724 §4.2); the session also reports this as staleTimeout, which then finds nothing.
        final Peer peer = peerFor(session);
        cause.withdrawal(peer.address, ++peer.updates); // an End-of-RIB is an UPDATE
        purgeWithLanes(peer, family, true);
        monitor.endOfRib(peer.name(), family);
        selectionMayStart(family, peer);
        endOfBurst();
    }

    public void routeRefreshRequested(final PeerSession session, final AfiSafi family)
    {
        resend(peerFor(session), family);
        endOfBurst();
    }

    /**
     * Send a peer its whole Adj-RIB-Out of a family again, framed by BoRR/EoRR when it does enhanced route
     * refresh (RFC 7313 §4), so it can drop what is not sent again.
     */
    private void resend(final Peer peer, final AfiSafi family)
    {
        final AdjRibOut out = peer.ribOut.get(family);
        final PeerSession session = peer.session;
        if (!peer.established || out == null)
        {
            return;
        }
        if (peer.negotiated.enhancedRouteRefresh())
        {
            // RFC 7313 §4: BoRR, the whole Adj-RIB-Out, EoRR.
            session.send(new RouteRefreshMessage(family, RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH));
            out.endOfRouteRefreshPending = true;
        }
        if (out.addPath())
        {
            out.markSentDirty(true);
            return;
        }
        for (int i = 0; i < out.sent.capacity(); i++)
        {
            if (out.sent.valueAt(i) != null)
            {
                out.sent.setFlagsAt(i, out.sent.flagsAt(i) | AdjRibOut.RESEND);
            }
        }
        markDirtyGroupedByPath(out.sent, out, p -> p);
    }

    /**
     * Queue every prefix of a table for export, those with the same path next to each other.
     *
     * @param pathOf the entry's path, or null to leave the prefix out.
     */
    private static <V> void markDirtyGroupedByPath(
        final PrefixMap<V> table, final AdjRibOut out, final java.util.function.Function<V, Path> pathOf)
    {
        final long[] order = new long[table.size()];
        int n = 0;
        for (int i = 0; i < table.capacity(); i++)
        {
            final V v = table.valueAt(i);
            final Path path = v == null ? null : pathOf.apply(v);
            if (path != null)
            {
                order[n++] = (long)System.identityHashCode(path) << 32 | i;
            }
        }
        java.util.Arrays.sort(order, 0, n);
        for (int k = 0; k < n; k++)
        {
            out.markDirty(table.prefixAt((int)order[k]));
        }
    }

    public void routeRefreshBegin(final PeerSession session, final AfiSafi family)
    {
        markAllStale(peerFor(session), family);
    }

    public void routeRefreshEnd(final PeerSession session, final AfiSafi family)
    {
        final Peer peer = peerFor(session);
        cause.withdrawal(peer.address, 0); // End-of-Route-Refresh: a ROUTE-REFRESH message, not an UPDATE
        purgeWithLanes(peer, family, true);
        endOfBurst();
    }

    public void down(final PeerSession session, final String reason, final boolean keepRoutesStale)
    {
        final Peer peer = peerFor(session);
        cause.sessionDown(peer.address);
        peer.established = false;
        peer.ribOut.clear();
        peer.outFamilies.clear();
        addPathSenders.remove(peer);
        LOG.log(System.Logger.Level.INFO, "neighbor {0} down ({1}): {2}", peer.name(), reason,
            keepRoutesStale ? "keeping its routes as stale" : "withdrawing its routes");
        for (final AfiSafi family : familiesWithLanes(peer))
        {
            if (keepRoutesStale)
            {
                markAllStale(peer, family);
            }
            else
            {
                purgeWithLanes(peer, family, false);
            }
        }
        endOfBurst();
    }

    public void staleTimeout(final PeerSession session, final AfiSafi family)
    {
        final Peer peer = peerFor(session);
        cause.sessionDown(peer.address);
        purgeWithLanes(peer, family, true);
        endOfBurst();
    }

    // ---------------------------------------------------------------- graceful restart, the restarting side

    /**
     * This speaker has just restarted (RFC 4724 §4.1): defer route selection until every neighbor that does
     * graceful restart has sent its End-of-RIB for the family, or {@link #endSelectionDeferral} (the
     * Selection_Deferral_Timer). Meanwhile routes received are kept in the Adj-RIBs-In, the Loc-RIB and the
     * router RIB are not changed (the data plane forwards on the state it kept) and nothing is sent to a peer,
     * End-of-RIB included; the sessions' OPENs carry the Restart State bit ({@link #restarting}). A neighbor is
     * not waited for once its session is up without graceful restart, restarting itself, or without the family,
     * or once it is removed. Then, per family, the decision runs over every Adj-RIB-In, the router RIB gets the
     * outcome, and each peer its table and End-of-RIB. Call before the sessions start.
     */
    public void deferSelection()
    {
        for (final AfiSafi family : List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST))
        {
            final Set<Peer> waitFor = new LinkedHashSet<>();
            for (final Peer peer : peers)
            {
                if (!peer.local && peer.config.gracefulRestart() && peer.config.families().contains(family))
                {
                    waitFor.add(peer);
                }
            }
            if (!waitFor.isEmpty())
            {
                deferred.put(family, waitFor);
            }
        }
        if (!deferred.isEmpty())
        {
            LOG.log(System.Logger.Level.INFO, "restarting: route selection deferred until the End-of-RIB of {0}",
                awaited());
        }
    }

    /**
     * Run {@code hook} once route selection has run for every deferred family and the listener (the router RIB)
     * has been told its outcome: at once when none is deferred. For a control plane that takes over a data
     * plane's FIB: it resyncs the FIB then, with the whole table.
     *
     * @param hook run on the RIB's thread.
     */
    public void whenSelected(final Runnable hook)
    {
        Objects.requireNonNull(hook, "hook");
        if (deferred.isEmpty())
        {
            hook.run();
        }
        else
        {
            whenSelected = hook;
        }
    }

    /**
     * @return whether route selection is still deferred for a family: this speaker is restarting.
     */
    @Override
    public boolean restarting()
    {
        return !deferred.isEmpty();
    }

    /**
     * @return per family whose route selection is deferred, the names of the neighbors whose End-of-RIB it
     *     waits for (empty when none is deferred).
     */
    public Map<AfiSafi, List<String>> awaited()
    {
        final Map<AfiSafi, List<String>> out = new LinkedHashMap<>();
        deferred.forEach((family, peers) -> out.put(family, peers.stream().map(Peer::name).toList()));
        return out;
    }

    /**
     * End the deferral of every family now (the Selection_Deferral_Timer expired): select routes over what
     * arrived, then tell the router RIB and the peers.
     *
     * @param why said in the log.
     */
    public void endSelectionDeferral(final String why)
    {
        for (final AfiSafi family : List.copyOf(deferred.keySet()))
        {
            selectionStarts(family, why);
        }
        endOfBurst();
    }

    /** The peer is no longer waited for in the family; the last one starts selection. */
    private void selectionMayStart(final AfiSafi family, final Peer peer)
    {
        final Set<Peer> waiting = deferred.get(family);
        if (waiting != null && waiting.remove(peer) && waiting.isEmpty())
        {
            selectionStarts(family, "every graceful-restart neighbor sent End-of-RIB or needs none");
        }
    }

    private void selectionStarts(final AfiSafi family, final String why)
    {
        final Set<Peer> waiting = deferred.remove(family);
        if (waiting == null)
        {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "restarting: route selection for {0} starts: {1}{2}", family, why,
            waiting.isEmpty() ? "" : " (no End-of-RIB from " + waiting.stream().map(Peer::name).toList() + ")");
        selectedAll = deferred.isEmpty();
        for (final Peer peer : peers)
        {
            final AdjRibIn in = peer.ribIn.get(family);
            if (in != null)
            {
                // Told as caused by the neighbor's last UPDATE before selection (the networks: the configuration).
                if (peer.local)
                {
                    cause.commit(0);
                }
                else
                {
                    cause.update(peer.address, peer.updates);
                }
                for (final IpPrefix prefix : in.keys())
                {
                    decide(family, prefix);
                }
            }
        }
    }

    // ---------------------------------------------------------------- other inputs

    /**
     * The resolver's answers changed (an IGP route came or went): run the decision process again for
     * every prefix.
     */
    public void nextHopsChanged()
    {
        cause.nextHopChange();
        for (final Peer peer : peers)
        {
            for (final AdjRibIn in : peer.ribIn.values())
            {
                for (final IpPrefix prefix : in.keys())
                {
                    decide(in.family(), prefix);
                }
            }
        }
        endOfBurst();
    }

    // ---------------------------------------------------------------- best-path hook

    /**
     * Tell {@code hook} of every change of the Loc-RIB from now on, each with its {@link ChangeCause}
     * (see {@link BestPathHook} for what it costs), after handing it the whole Loc-RIB as it is now: the
     * table and the changes after it make one unbroken story.
     *
     * @param hook the hook; null removes the one installed (told {@link BestPathHook#turnEnded} first).
     */
    public void bestPathHook(final BestPathHook hook)
    {
        turnEnded();
        locRib.hook(hook, cause);
        tableToHook();
    }

    /**
     * Tell the installed {@link BestPathHook} that the event-loop turn is over (the speaker calls this at the
     * end of every turn that did work); nothing without a hook.
     */
    public void turnEnded()
    {
        final BestPathHook hook = locRib.hook();
        if (hook != null)
        {
            hook.turnEnded();
        }
    }

    /**
     * Hand the installed {@link BestPathHook} the whole Loc-RIB as it is now, between two changes (the
     * journal takes one when a new cycle file starts, and after it lost changes); nothing without a hook.
     */
    public void tableToHook()
    {
        final BestPathHook hook = locRib.hook();
        if (hook != null)
        {
            hook.table(locRib.tableView());
        }
    }

    // ---------------------------------------------------------------- live reconfiguration

    /**
     * A neighbor removed from the configuration, or about to be made again with new session parameters:
     * its routes leave both Adj-RIBs-In (stale ones kept for graceful restart included), the Loc-RIB, the
     * router RIB and the other peers' Adj-RIBs-Out, and the peer is forgotten. Call it after its session
     * was stopped.
     *
     * @param name the neighbor's name.
     */
    public void removeNeighbor(final String name)
    {
        final Peer peer = peersByName.get(name);
        if (peer == null)
        {
            return;
        }
        cause.sessionDown(peer.address);
        peer.established = false;
        peer.ribOut.clear();
        peer.outFamilies.clear();
        addPathSenders.remove(peer);
        for (final AfiSafi family : familiesWithLanes(peer))
        {
            purgeWithLanes(peer, family, false);
        }
        if (peer.lanes != null)
        {
            peers.removeAll(peer.lanes);
            peer.lanes.clear();
            peer.pathIds = null;
        }
        peers.remove(peer);
        peersByName.remove(name);
        peersByAddress.remove(peer.address);
        for (final AfiSafi family : List.copyOf(deferred.keySet()))
        {
            selectionMayStart(family, peer); // a neighbor removed is not waited for
        }
        endOfBurst();
    }

    /**
     * Run {@code next}, with the least work. Neighbors are matched by address: one not known yet is added
     * (its session reports it when Established); a known one takes its new name, policies, next-hop-self
     * and route-reflector-client setting in place. Removed neighbors must have gone through
     * {@link #removeNeighbor} before. Then:
     * <ul>
     * <li>a neighbor whose import policy changed (another name, or the policy's terms) has its routes as
     * received imported again; the decision process runs for the prefixes whose accepted path changed;</li>
     * <li>a neighbor whose export side changed (export policy, next-hop-self, route-reflector-client) has
     * its whole view of the Loc-RIB marked dirty; the Adj-RIB-Out sends only what differs from what it
     * sent (a route reflector's client flag changes what every iBGP peer may get: they all are);</li>
     * <li>networks are originated or withdrawn; a multipath change runs the decision for every prefix.</li>
     * </ul>
     *
     * @param next       the new configuration (same AS and router id).
     * @param evaluators a compiled evaluator per policy of {@code next}: the same instance as before for a
     *                   policy that did not change, a new one for one that did.
     */
    public void reconfigure(final BgpConfig next, final Map<String, PolicyEvaluator> evaluators)
    {
        reconfigure(next, evaluators, 0);
    }

    /**
     * {@link #reconfigure(BgpConfig, Map)} for a configuration commit: a {@link BestPathHook} hears its
     * changes as {@link ChangeCause.Commit} with its number.
     *
     * @param commit the commit's number; 0 when the change is not a numbered commit's.
     */
    public void reconfigure(final BgpConfig next, final Map<String, PolicyEvaluator> evaluators, final long commit)
    {
        if (commit < 0)
        {
            throw new IllegalArgumentException("commit: 0 (none) or a commit's number, not " + commit);
        }
        cause.commit(commit);
        final Reconfiguration plan = new Reconfiguration(next, evaluators, peersByAddress);
        final List<Peer> reimport = new ArrayList<>();
        final List<Peer> reexport = new ArrayList<>();
        for (final Reconfiguration.Neighbor n : plan.neighbors)
        {
            final PeerConfig pc = n.next();
            final Peer peer = n.peer();
            if (peer == null)
            {
                addPeer(pc, n.importPolicy(), n.exportPolicy());
                continue;
            }
            final PeerConfig was = peer.config;
            if (!was.name().equals(pc.name()))
            {
                peersByName.remove(was.name());
                peersByName.put(pc.name(), peer);
            }
            if (n.reimport())
            {
                reimport.add(peer);
                peer.loggedNoImportPolicy = false;
            }
            if (n.reexport())
            {
                reexport.add(peer);
                peer.loggedNoExportPolicy = false;
            }
            peer.config = pc;
            peer.importPolicy = n.importPolicy();
            peer.exportPolicy = n.exportPolicy();
            if (peer.lanes != null)
            {
                peer.lanes.forEach(Peer::syncFromOwner);
            }
        }
        final boolean reflectionChanged = plan.reflectionChanged;
        policies.clear();
        policies.putAll(evaluators);

        for (final Peer neighbor : reimport)
        {
            for (final Peer peer : neighbor.withLanes())
            {
                for (final AfiSafi family : peer.families())
                {
                    reimport(peer, family);
                }
            }
        }

        final BgpConfig was = config;
        config = next;
        final java.util.Set<IpPrefix> networks = new java.util.HashSet<>(next.networks());
        for (final IpPrefix prefix : was.networks())
        {
            if (!networks.contains(prefix))
            {
                withdraw(local, AfiSafi.unicastOf(prefix), prefix);
            }
        }
        final java.util.Set<IpPrefix> old = new java.util.HashSet<>(was.networks());
        for (final IpPrefix prefix : next.networks())
        {
            if (!old.contains(prefix))
            {
                originate(prefix);
            }
        }

        if (next.multipath() != locRib.decision().multipath())
        {
            locRib.decision().multipath(next.multipath());
            for (final Peer peer : peers)
            {
                for (final AdjRibIn in : peer.ribIn.values())
                {
                    for (final IpPrefix prefix : in.keys())
                    {
                        decide(in.family(), prefix);
                    }
                }
            }
        }

        for (final Peer peer : reflectionChanged ? peers : reexport)
        {
            reexport(peer);
        }
        endOfBurst();
    }

    /**
     * What committing {@code next} would change, computed by the code {@link #reconfigure} runs but over
     * overlays: no table, Loc-RIB entry, Adj-RIB-Out or listener is touched, no warning flag is set. It
     * assumes the neighbors in {@code going} are removed first (their sessions stopped and routes withdrawn,
     * as the speaker does for a neighbor removed or whose session must be reset). Takes time in proportion to
     * the routes of the neighbors whose import policy changes, plus the Loc-RIB for a neighbor whose export
     * side changes; allocates only for what changes.
     *
     * @param next       the candidate configuration (same AS and router id).
     * @param evaluators a compiled evaluator per policy of {@code next}, as {@link #reconfigure} takes them:
     *                   the running instance for a policy that did not change.
     * @param going      names of the running neighbors that go (removed or reset).
     * @param firstN     how many changes of each kind to list (0..), the rest only counted.
     * @return the net changes.
     * @throws IllegalArgumentException for a negative {@code firstN}, a neighbor whose policy has no evaluator,
     *                                  or an unknown name in {@code going}; nothing is computed then.
     */
    public PolicyPreview preview(
        final BgpConfig next, final Map<String, PolicyEvaluator> evaluators, final java.util.Set<String> going,
        final int firstN)
    {
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(evaluators, "evaluators");
        Objects.requireNonNull(going, "going");
        if (firstN < 0)
        {
            throw new IllegalArgumentException("firstN: must be 0 or more, not " + firstN);
        }
        for (final PeerConfig pc : next.neighbors())
        {
            for (final java.util.Optional<String> name : List.of(pc.importPolicy(), pc.exportPolicy()))
            {
                if (name.isPresent() && !evaluators.containsKey(name.get()))
                {
                    throw new IllegalArgumentException("neighbor " + pc.name() + ": no compiled policy named '" +
                        name.get() + "'");
                }
            }
        }
        final java.util.Set<Peer> leaving = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (final String name : going)
        {
            final Peer peer = peersByName.get(name);
            if (peer == null)
            {
                throw new IllegalArgumentException("going: no neighbor named '" + name + "'");
            }
            leaving.addAll(peer.withLanes());
        }
        final Reconfiguration plan = new Reconfiguration(next, evaluators, peersByAddress);
        return new ChangePreview(this, locRib, plan, leaving, firstN).run();
    }

    /**
     * Validate route origins against {@code table} from now on (RFC 6811): what an {@code rpki} policy match sees.
     *
     * @param table the VRPs in effect (changed by the caller, who then calls {@link #originValidationChanged}).
     */
    public void originValidation(final VrpTable table)
    {
        this.rpki = table;
    }

    /**
     * @return the VRPs in effect, or null without RPKI.
     */
    public VrpTable originValidation()
    {
        return rpki;
    }

    /**
     * The VRPs changed at these prefixes: the routes they cover may have another validation state. For every
     * neighbor whose import policy matches on it, those routes as received are imported again (soft reconfiguration
     * inbound, as a policy commit does; no session is touched) and the decision process runs where the accepted
     * path changed; then export policies that match on it look at their whole view again (the Adj-RIB-Out sends
     * only what differs).
     *
     * @param vrpPrefixes the prefixes of the VRPs that entered or left the table.
     */
    public void originValidationChanged(final java.util.Collection<IpPrefix> vrpPrefixes)
    {
        if (vrpPrefixes.isEmpty())
        {
            return;
        }
        cause.rpki();
        final VrpTable changed = new VrpTable();
        for (final IpPrefix p : vrpPrefixes)
        {
            changed.add(new net.junction.bgp.rpki.Vrp(p, p.length(), 0));
        }
        for (final Peer peer : List.copyOf(peers))
        {
            if (peer.local || peer.importPolicy == null || !peer.importPolicy.dependsOnRpki())
            {
                continue;
            }
            for (final AfiSafi family : peer.families())
            {
                final IdentityHashMap<Path, List<IpPrefix>> byPath = new IdentityHashMap<>();
                forEachReceived(peer, family, (prefix, path) ->
                {
                    if (changed.covers(prefix))
                    {
                        byPath.computeIfAbsent(path, k -> new ArrayList<>(2)).add(prefix);
                    }
                });
                for (final Map.Entry<Path, List<IpPrefix>> e : byPath.entrySet())
                {
                    final Path received = inInterner.acquire(e.getKey());
                    importRoutes(peer, family, e.getValue(), received);
                    keepAsReceived(peer, family, e.getValue(), received);
                    inInterner.release(received);
                }
            }
        }
        for (final Peer peer : peers)
        {
            if (!peer.local && peer.exportPolicy != null && peer.exportPolicy.dependsOnRpki())
            {
                reexport(peer);
            }
        }
        endOfBurst();
    }

    List<Peer> peers()
    {
        return peers;
    }

    Peer localPeer()
    {
        return local;
    }

    BgpConfig config()
    {
        return config;
    }

    /**
     * @return a Loc-RIB entry as status shows it, or null.
     */
    Selected selected(final LocRib.Best b)
    {
        return b == null ? null : new Selected(b.peer.name(), b.peer.external, b.path, b.installs() ? b.nextHops() : List.of());
    }

    /** @return the path of a configured network (no next hop: the router has the prefix itself). */
    static Path networkPath()
    {
        return new Path(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP, PathAttribute.AsPath.EMPTY), null, null);
    }

    private void originate(final IpPrefix prefix)
    {
        final AfiSafi family = AfiSafi.unicastOf(prefix);
        store(local, local.ribIn(family, inInterner), prefix, inInterner.acquire(networkPath()));
    }

    /**
     * Soft reconfiguration inbound: the import policy again over one family of what the peer announces,
     * one evaluation per distinct received path (per prefix if the policy looks at prefixes).
     */
    private void reimport(final Peer peer, final AfiSafi family)
    {
        final IdentityHashMap<Path, List<IpPrefix>> byPath = new IdentityHashMap<>();
        forEachReceived(peer, family, (prefix, path) -> byPath.computeIfAbsent(path, k -> new ArrayList<>(2)).add(prefix));
        for (final Map.Entry<Path, List<IpPrefix>> e : byPath.entrySet())
        {
            // Held while the policy runs: the Adj-RIB-In after policy may let go of it meanwhile.
            final Path received = inInterner.acquire(e.getKey());
            importRoutes(peer, family, e.getValue(), received);
            keepAsReceived(peer, family, e.getValue(), received);
            inInterner.release(received);
        }
    }

    /**
     * @param visitor every route the peer announces now, as it sent it.
     */
    static void forEachReceived(
        final Peer peer, final AfiSafi family, final java.util.function.BiConsumer<IpPrefix, Path> visitor)
    {
        final AdjRibIn kept = peer.received.get(family);
        final AdjRibIn in = peer.ribIn.get(family);
        if (in != null)
        {
            in.forEach((prefix, path) ->
            {
                if (kept == null || !kept.containsKey(prefix))
                {
                    visitor.accept(prefix, path);
                }
            });
        }
        if (kept != null)
        {
            kept.forEach(visitor);
        }
    }

    /**
     * The peer's export side changed: look at every prefix of its view again (the Loc-RIB's exportable
     * ones and whatever it was sent); {@link #sendChunk} sends only what differs.
     */
    private void reexport(final Peer peer)
    {
        if (!peer.established)
        {
            return;
        }
        for (final AdjRibOut out : peer.ribOut.values())
        {
            if (out.addPath())
            {
                // A count of paths changed live: the next chunk sends what differs, withdrawing paths beyond it.
                out.sendPaths = peer.config.addPath().send();
            }
            markDirtyGroupedByPath(locRib.table(out.family), out,
                b -> mayExport(RUNNING, peer, b) || out.addPath() ? b.path : null);
            out.markSentDirty(false);
        }
    }

    /**
     * Soft reset outbound: send the peer its whole Adj-RIB-Out of every family again.
     *
     * @param name the neighbor's name.
     */
    public void resendAdjRibOut(final String name)
    {
        final Peer peer = peersByName.get(name);
        if (peer == null)
        {
            return;
        }
        for (final AfiSafi family : List.copyOf(peer.outFamilies))
        {
            resend(peer, family);
        }
        endOfBurst();
    }

    // ---------------------------------------------------------------- import

    private void announce(
        final Peer peer, final AfiSafi family, final List<? extends IpPrefix> prefixes, final PathAttributes received,
        final IpAddress nextHop, final IpAddress linkLocal)
    {
        if (!supported(family) || prefixes.isEmpty())
        {
            return;
        }
        // The codec drops LOCAL_PREF from eBGP peers (RFC 7606 §7.5); give such routes the default,
        // which import policy may change. Kept so, as received, for soft reconfiguration inbound: a path
        // the policy accepts unchanged is then the same interned instance in both tables.
        final PathAttributes attributes = peer.external ? received.with(DEFAULT_LOCAL_PREF) : received;
        final Path path = inInterner.acquire(new Path(attributes, nextHop, linkLocal)); // held until the end
        final AdjRibIn kept = peer.received(family, inInterner);
        final AdjRibIn before = peer.ribIn.get(family);
        for (int i = 0; i < prefixes.size(); i++)
        {
            final IpPrefix prefix = prefixes.get(i);
            if (!kept.containsKey(prefix) && (before == null || !before.containsKey(prefix)))
            {
                kept.announced++;
            }
        }
        importRoutes(peer, family, prefixes, path);
        keepAsReceived(peer, family, prefixes, path);
        inInterner.release(path);
    }

    /**
     * After import: a route whose accepted path is the received one is read from the Adj-RIB-In after
     * policy; any other (rejected, looping, changed by policy) keeps the path as received beside it.
     */
    private void keepAsReceived(
        final Peer peer, final AfiSafi family, final List<? extends IpPrefix> prefixes, final Path received)
    {
        final AdjRibIn kept = peer.received(family, inInterner);
        final AdjRibIn in = peer.ribIn.get(family);
        for (int i = 0; i < prefixes.size(); i++)
        {
            final IpPrefix prefix = prefixes.get(i);
            if (in != null && in.get(prefix) == received)
            {
                kept.remove(prefix);
            }
            else
            {
                received.references++;
                kept.put(prefix, received);
            }
        }
    }

    /**
     * Import policy over routes received with one path: the accepted ones go to the Adj-RIB-In after
     * policy, the others leave it; the decision process runs for each prefix whose accepted path changed.
     */
    private void importRoutes(
        final Peer peer, final AfiSafi family, final List<? extends IpPrefix> prefixes, final Path received)
    {
        final IpAddress nextHop = received.nextHop();
        final PathAttributes attributes = received.attributes();
        final PolicyEvaluator policy = peer.importPolicy;
        final RouteExplanation.Reason refused = refusedBeforePolicy(peer, policy, nextHop, attributes);
        if (refused != null)
        {
            if (refused == RouteExplanation.Reason.NO_IMPORT_POLICY && !peer.loggedNoImportPolicy)
            {
                peer.loggedNoImportPolicy = true;
                LOG.log(System.Logger.Level.WARNING,
                    "neighbor {0} is eBGP and has no import policy: rejecting its routes (RFC 8212)", peer.name());
            }
            // A refused route replaces what the peer sent before, so it works as a withdrawal.
            peer.neighbor().rejectedPrefixes += prefixes.size();
            withdrawAll(peer, family, prefixes);
            return;
        }
        final AdjRibIn in = peer.ribIn(family, inInterner);
        if (policy == null || !policy.dependsOnPrefix())
        {
            // One evaluation for every prefix of the UPDATE.
            final Path accepted = accepted(peer, policy, family, prefixes.getFirst(), received);
            if (accepted != null)
            {
                storeAll(peer, in, prefixes, accepted);
            }
            else
            {
                peer.neighbor().rejectedPrefixes += prefixes.size();
                withdrawAll(peer, family, prefixes);
            }
            return;
        }
        for (final IpPrefix prefix : prefixes)
        {
            final Path accepted = accepted(peer, policy, family, prefix, received);
            if (accepted != null)
            {
                store(peer, in, prefix, inInterner.acquire(accepted));
            }
            else
            {
                peer.neighbor().rejectedPrefixes++;
                withdraw(peer, family, prefix);
            }
        }
    }

    /**
     * What import makes of one received route: the checks before policy, then the import policy. Pure: the
     * update path, soft reconfiguration and a change preview all ask it.
     *
     * @param policy the import policy to apply (the peer's, or a candidate's).
     * @return the path to put in the Adj-RIB-In after policy (the received instance itself when accepted
     *     unchanged), or null if the route is refused or rejected.
     */
    Path accepted(
        final Peer peer, final PolicyEvaluator policy, final AfiSafi family, final IpPrefix prefix, final Path received)
    {
        final IpAddress nextHop = received.nextHop();
        if (refusedBeforePolicy(peer, policy, nextHop, received.attributes()) != null)
        {
            return null;
        }
        final Path in = withIngressOtc(peer, received);
        if (policy == null)
        {
            return in;
        }
        final PolicyEvaluator.Result r = policy.evaluate(prefix, family, in.attributes(), nextHop, importContext(peer));
        if (!r.accepted())
        {
            return null;
        }
        if (r.attributes() == in.attributes() && Objects.equals(r.nextHop(), nextHop))
        {
            return in; // no action ran: the path itself, not an equal copy to compare and intern
        }
        return imported(r, nextHop, received.linkLocalNextHop());
    }

    /**
     * The checks import makes before the import policy, in order; {@link #explain} asks them again.
     *
     * @return why the route is refused before policy, or null if it goes on (to the policy, or accepted
     *     as it is from an iBGP neighbor without one).
     */
    private RouteExplanation.Reason refusedBeforePolicy(
        final Peer peer, final PolicyEvaluator policy, final IpAddress nextHop, final PathAttributes attributes)
    {
        if (nextHop == null)
        {
            return RouteExplanation.Reason.NO_NEXT_HOP;
        }
        if (loops(peer, attributes))
        {
            // RFC 4271 §9.1.2: a route with our AS in its path (or, RFC 4456 §8, our id as originator or
            // cluster) is not used.
            return RouteExplanation.Reason.LOOP;
        }
        if (routeLeak(peer, attributes))
        {
            return RouteExplanation.Reason.ROUTE_LEAK;
        }
        if (policy == null && peer.external)
        {
            return RouteExplanation.Reason.NO_IMPORT_POLICY;
        }
        return null;
    }

    /**
     * RFC 9234 §5 ingress, steps 1 and 2: Only-to-Customer on a route from a customer or a route-server client,
     * or on a route from a peer with another AS than the peer's, marks a leak.
     */
    private static boolean routeLeak(final Peer peer, final PathAttributes attributes)
    {
        if (peer.local || peer.config.role().isEmpty())
        {
            return false;
        }
        final long otc = onlyToCustomer(attributes);
        if (otc < 0)
        {
            return false;
        }
        final BgpRole role = peer.config.role().get();
        return role.otcFromNeighborIsLeak() || (role == BgpRole.PEER && otc != Integer.toUnsignedLong(peer.config.remoteAs()));
    }

    /**
     * RFC 9234 §5 ingress, step 3: a route from a provider, a peer or a route server without Only-to-Customer
     * gets it, with the neighbor's AS.
     */
    private static Path withIngressOtc(final Peer peer, final Path received)
    {
        if (peer.local || peer.config.role().isEmpty() || !peer.config.role().get().neighborIsUpstreamOrLateral() ||
            onlyToCustomer(received.attributes()) >= 0)
        {
            return received;
        }
        final PathAttributes.Builder b = received.attributes().toBuilder();
        b.put(onlyToCustomerAttribute(peer.config.remoteAs()));
        return new Path(b.build(), received.nextHop(), received.linkLocalNextHop());
    }

    /**
     * @return the AS of the Only-to-Customer attribute (RFC 9234 §4.3, type 35, four octets), or -1 without one.
     *     One of another length never gets here: the decoder treats it as withdraw.
     */
    static long onlyToCustomer(final PathAttributes attributes)
    {
        if (!(attributes.get(PathAttribute.ONLY_TO_CUSTOMER) instanceof PathAttribute.Unknown u))
        {
            return -1;
        }
        final byte[] v = u.value();
        return v.length != 4 ? -1 : ((v[0] & 0xFFL) << 24) | ((v[1] & 0xFF) << 16) | ((v[2] & 0xFF) << 8) | (v[3] & 0xFF);
    }

    static PathAttribute onlyToCustomerAttribute(final int as)
    {
        return new PathAttribute.Unknown(PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, PathAttribute.ONLY_TO_CUSTOMER,
            new byte[] {(byte)(as >>> 24), (byte)(as >>> 16), (byte)(as >>> 8), (byte)as});
    }

    private PolicyContext importContext(final Peer peer)
    {
        return new PolicyContext(peer.localAs, peer.negotiated == null ? null : peer.negotiated.localAddress(), rpki);
    }

    private static Path imported(final PolicyEvaluator.Result r, final IpAddress nextHop, final IpAddress linkLocal)
    {
        // A policy that moves the next hop also drops the link-local one, which belonged to the old one.
        return new Path(r.attributes(), r.nextHop(), Objects.equals(r.nextHop(), nextHop) ? linkLocal : null);
    }

    private boolean loops(final Peer peer, final PathAttributes attributes)
    {
        final PathAttribute.AsPath asPath = attributes.asPath();
        if (asPath != null && peer.external)
        {
            for (final AsPathSegment s : asPath.segments())
            {
                for (int i = 0; i < s.size(); i++)
                {
                    if (s.asn(i) == peer.localAs || s.asn(i) == config.localAs())
                    {
                        return true;
                    }
                }
            }
        }
        final PathAttribute.OriginatorId originator =
            (PathAttribute.OriginatorId)attributes.get(PathAttribute.ORIGINATOR_ID);
        if (originator != null && originator.routerId() == config.routerId())
        {
            return true;
        }
        final PathAttribute.ClusterList clusters = (PathAttribute.ClusterList)attributes.get(PathAttribute.CLUSTER_LIST);
        if (clusters != null)
        {
            for (int i = 0; i < clusters.size(); i++)
            {
                if (clusters.get(i) == config.routerId())
                {
                    return true;
                }
            }
        }
        return false;
    }

    private void storeAll(final Peer peer, final AdjRibIn in, final List<? extends IpPrefix> prefixes, final Path path)
    {
        // One interning per UPDATE: every prefix of it takes a reference to the same instance.
        final Path canonical = inInterner.acquire(path);
        for (int i = 0; i < prefixes.size(); i++)
        {
            if (i > 0)
            {
                canonical.references++;
            }
            store(peer, in, prefixes.get(i), canonical);
        }
    }

    private void store(final Peer peer, final AdjRibIn in, final IpPrefix prefix, final Path canonical)
    {
        final Path old = in.put(prefix, canonical);
        if (old != canonical)
        {
            if (!peer.local)
            {
                monitor.accepted(peer.name(), in.family(), prefix, canonical, receivedPathId(peer, in.family(), prefix));
            }
            decide(peer, in.family(), prefix, old, canonical);
        }
        else
        {
            peer.neighbor().duplicateAdvertisements++;
        }
    }

    private void withdrawAll(final Peer peer, final AfiSafi family, final List<? extends IpPrefix> prefixes)
    {
        for (final IpPrefix prefix : prefixes)
        {
            withdraw(peer, family, prefix);
        }
    }

    /**
     * The peer withdrew a route: it leaves both Adj-RIBs-In.
     */
    private void unannounce(final Peer peer, final AfiSafi family, final IpPrefix prefix)
    {
        final AdjRibIn kept = peer.received.get(family);
        final AdjRibIn in = peer.ribIn.get(family);
        final boolean announced = (kept != null && kept.remove(prefix) != null) | (in != null && in.containsKey(prefix));
        withdraw(peer, family, prefix);
        if (announced && kept != null)
        {
            kept.announced--;
        }
        if (peer.owner != null)
        {
            peer.owner.freeSlot(family, prefix, peer.slot);
        }
        if (!announced)
        {
            peer.neighbor().duplicateWithdraws++;
        }
    }

    /** @return the Path Identifier a lane's path of the prefix came with, unsigned; -1 for a neighbor's own route. */
    private static long receivedPathId(final Peer peer, final AfiSafi family, final IpPrefix prefix)
    {
        return peer.owner == null ? -1 : peer.owner.pathIdOf(family, prefix, peer.slot);
    }

    /**
     * The route leaves the Adj-RIB-In after policy (withdrawn, rejected, looping).
     */
    private void withdraw(final Peer peer, final AfiSafi family, final IpPrefix prefix)
    {
        final AdjRibIn in = peer.ribIn.get(family);
        final Path old = in == null ? null : in.remove(prefix);
        if (old != null)
        {
            if (!peer.local)
            {
                monitor.accepted(peer.name(), family, prefix, null, receivedPathId(peer, family, prefix));
            }
            decide(peer, family, prefix, old, null);
        }
    }

    private void purge(final Peer peer, final AfiSafi family, final boolean staleOnly)
    {
        final AdjRibIn kept = peer.received.get(family);
        final AdjRibIn in = peer.ribIn.get(family);
        final List<IpPrefix> prefixes = new ArrayList<>();
        if (kept != null)
        {
            prefixes.addAll(staleOnly ? kept.staleKeys() : kept.keys());
        }
        if (in != null)
        {
            // Every accepted route is also in the received table, but for the local networks.
            for (final IpPrefix prefix : staleOnly ? in.staleKeys() : in.keys())
            {
                if (kept == null || !kept.containsKey(prefix))
                {
                    prefixes.add(prefix);
                }
            }
        }
        if (prefixes.isEmpty())
        {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "neighbor {0} {1}: removing {2} {3}routes", peer.name(), family,
            prefixes.size(), staleOnly ? "stale " : "");
        for (final IpPrefix prefix : prefixes)
        {
            unannounce(peer, family, prefix);
        }
        if (kept != null)
        {
            kept.releaseIfEmpty();
        }
        if (in != null)
        {
            in.releaseIfEmpty();
        }
    }

    private void decide(final AfiSafi family, final IpPrefix prefix)
    {
        if (deferred.containsKey(family))
        {
            return; // restarting: selection waits (see deferSelection); the Adj-RIB-In holds the route
        }
        candidatesChanged(family, prefix);
        if (locRib.decide(family, prefix))
        {
            markBestChanged(family, prefix);
        }
    }

    /**
     * {@link #decide(AfiSafi, IpPrefix)} after one peer's path for the prefix changed, the Adj-RIB-In updated:
     * the same outcome, often without reading the other peers' ({@link LocRib#decide(AfiSafi, IpPrefix, Peer,
     * Path, Path)}).
     *
     * @param was the peer's path before, or null.
     * @param now its path now, or null.
     */
    private void decide(final Peer peer, final AfiSafi family, final IpPrefix prefix, final Path was, final Path now)
    {
        if (deferred.containsKey(family))
        {
            return;
        }
        if (was != now)
        {
            candidatesChanged(family, prefix);
        }
        if (locRib.decide(family, prefix, peer, was, now))
        {
            markBestChanged(family, prefix);
        }
    }

    /**
     * A candidate of the prefix may have changed (not only the best): the ADD-PATH senders, which send the next
     * best paths too, look at it again.
     */
    private void candidatesChanged(final AfiSafi family, final IpPrefix prefix)
    {
        for (int i = 0; i < addPathSenders.size(); i++)
        {
            final AdjRibOut out = addPathSenders.get(i).ribOut.get(family);
            if (out != null && out.addPath())
            {
                out.markDirty(prefix);
            }
        }
    }

    /** The best path of the prefix changed: the Adj-RIBs-Out that may have to tell it look at it again. */
    private void markBestChanged(final AfiSafi family, final IpPrefix prefix)
    {
        final LocRib.Best best = locRib.get(family, prefix);
        monitor.selected(family, prefix, best == null ? null : best.path);
        for (int i = 0; i < peers.size(); i++)
        {
            final Peer p = peers.get(i);
            if (p.established)
            {
                final AdjRibOut out = p.ribOut.get(family);
                // A peer that cannot get the new best and was sent nothing has nothing to hear.
                if (out != null && (out.addPath() || mayExport(RUNNING, p, best) || out.sent.containsKey(prefix)))
                {
                    out.markDirty(prefix);
                }
            }
        }
    }

    /**
     * @return false if {@link #exportPath} surely gives null (the cheap checks only). A function of the target,
     *     the settings and the best's peer alone: a change preview keeps its answers per source peer.
     */
    static boolean mayExport(final Settings settings, final Peer target, final LocRib.Best best)
    {
        if (best == null || best.peer.neighbor() == target)
        {
            return false;
        }
        if (target.external)
        {
            return settings.exportPolicy(target) != null;
        }
        return best.peer.local || best.peer.external || settings.routeReflectorClient(best.peer) ||
            settings.routeReflectorClient(target);
    }

    // ---------------------------------------------------------------- export

    /**
     * End of a burst of changes: flush the listener, then let each peer's Adj-RIB-Out send what its
     * session can take.
     */
    private void endOfBurst()
    {
        locRib.flush();
        if (selectedAll)
        {
            selectedAll = false;
            final Runnable hook = whenSelected;
            whenSelected = null;
            if (null != hook)
            {
                hook.run();
            }
        }
        for (int i = 0; i < peers.size(); i++)
        {
            final Peer p = peers.get(i);
            if (p.established && !p.writableScheduled && hasWork(p))
            {
                pump(p);
            }
        }
    }

    private static boolean hasWork(final Peer peer)
    {
        for (final AdjRibOut out : peer.ribOut.values())
        {
            if (out.hasWork())
            {
                return true;
            }
        }
        return false;
    }

    private void pump(final Peer peer)
    {
        final PeerSession session = peer.session;
        while (peer.established && peer.session == session)
        {
            if (session.congested())
            {
                if (hasWork(peer))
                {
                    peer.writableScheduled = true;
                    session.onWritable(() ->
                    {
                        if (peer.session == session)
                        {
                            peer.writableScheduled = false;
                            pump(peer);
                        }
                    });
                }
                return;
            }
            if (!step(peer))
            {
                return;
            }
        }
    }

    /**
     * @return whether something was sent (or looked at).
     */
    private boolean step(final Peer peer)
    {
        for (final AfiSafi family : peer.outFamilies)
        {
            if (deferred.containsKey(family))
            {
                continue; // restarting: nothing is sent, End-of-RIB included, before selection (RFC 4724 §4.1)
            }
            final AdjRibOut out = peer.ribOut.get(family);
            if (out.dirtyCount() > 0)
            {
                if (out.addPath())
                {
                    sendChunkAddPath(peer, out);
                }
                else
                {
                    sendChunk(peer, out);
                }
                return true;
            }
            if (out.endOfRibPending)
            {
                out.endOfRibPending = false;
                peer.session.send(UpdateMessage.endOfRib(family));
                return true;
            }
            if (out.endOfRouteRefreshPending)
            {
                out.endOfRouteRefreshPending = false;
                peer.session.send(new RouteRefreshMessage(family, RouteRefreshMessage.END_OF_ROUTE_REFRESH));
                return true;
            }
        }
        return false;
    }

    private void sendChunk(final Peer peer, final AdjRibOut out)
    {
        final AfiSafi family = out.family;
        final List<IpPrefix> chunk = new ArrayList<>(Math.min(EXPORT_CHUNK, out.dirtyCount()));
        for (IpPrefix p = out.pollDirty(); p != null; p = chunk.size() < EXPORT_CHUNK ? out.pollDirty() : null)
        {
            chunk.add(p);
        }
        final List<IpPrefix> withdrawn = new ArrayList<>();
        final LinkedHashMap<Path, List<IpPrefix>> announced = new LinkedHashMap<>();
        // Unless the export policy looks at prefixes, the outgoing path is a function of the best
        // path and its peer: computed once per chunk for all the prefixes sharing them.
        final IdentityHashMap<Path, Object[]> memo = peer.exportPolicy != null && peer.exportPolicy.dependsOnPrefix() ?
            null : new IdentityHashMap<>();
        for (final IpPrefix prefix : chunk)
        {
            final LocRib.Best best = locRib.get(family, prefix);
            Path export;
            if (memo == null || best == null)
            {
                export = exportPath(RUNNING, peer, family, prefix, best);
            }
            else
            {
                final Object[] hit = memo.get(best.path);
                if (hit != null && hit[0] == best.peer)
                {
                    export = (Path)hit[1];
                }
                else
                {
                    export = exportPath(RUNNING, peer, family, prefix, best);
                    memo.put(best.path, new Object[]{best.peer, export});
                }
            }
            final Path old = out.sent.get(prefix);
            if (export == null)
            {
                if (old != null)
                {
                    withdrawn.add(prefix);
                }
                continue;
            }
            if (old != null && (out.sent.flags(prefix) & AdjRibOut.RESEND) == 0 && old.equals(export))
            {
                continue;
            }
            announced.computeIfAbsent(export, k -> new ArrayList<>()).add(prefix);
        }

        // The Adj-RIB-Out records a route only once its UPDATE is handed to the session; if the session
        // becomes congested part way, the prefixes not sent go back to the dirty set.
        final PeerSession session = peer.session;
        final Negotiated n = peer.negotiated;
        if (!withdrawn.isEmpty())
        {
            UpdateSplitter.withdraw(session, n.codec(), family, withdrawn);
            for (final IpPrefix prefix : withdrawn)
            {
                out.interner.release(out.sent.remove(prefix));
            }
        }
        for (final Map.Entry<Path, List<IpPrefix>> e : announced.entrySet())
        {
            if (session.congested())
            {
                for (final IpPrefix prefix : e.getValue())
                {
                    out.markDirty(prefix);
                }
                continue;
            }
            try
            {
                UpdateSplitter.announce(session, n.codec(), family, e.getKey(), e.getValue());
            }
            catch (final IllegalArgumentException ex)
            {
                LOG.log(System.Logger.Level.WARNING, "neighbor {0}: cannot send {1} routes: {2}", peer.name(),
                    e.getValue().size(), ex.getMessage());
                continue;
            }
            final Path canonical = out.interner.acquire(e.getKey());
            for (int i = 0; i < e.getValue().size(); i++)
            {
                if (i > 0)
                {
                    canonical.references++;
                }
                out.interner.release(out.sent.put(e.getValue().get(i), canonical));
            }
        }
    }

    /**
     * {@link #sendChunk} for an Adj-RIB-Out with ADD-PATH send (RFC 7911): per dirty prefix the candidates in the
     * decision's order ({@link LocRib#rank}), each through {@link #exportPath} as the best alone would go, the
     * first {@link AdjRibOut#sendPaths} that pass; then, against what was sent ({@link AdjRibOut.SentPaths}), a
     * withdrawal per identifier whose candidate is no longer among them, an UPDATE per path new or changed (a
     * new candidate under the lowest identifier the prefix does not hold), nothing for the rest. Announcements
     * are grouped by outgoing path as in {@link #sendChunk}.
     */
    private void sendChunkAddPath(final Peer peer, final AdjRibOut out)
    {
        final AfiSafi family = out.family;
        final DecisionProcess ranking = locRib.decision();
        final List<IpPrefix> withdrawn = new ArrayList<>();
        final List<Integer> withdrawnIds = new ArrayList<>();
        final LinkedHashMap<Path, AddPathGroup> announced = new LinkedHashMap<>();
        Peer[] chosen = new Peer[Math.min(out.sendPaths, 8)];
        Path[] exported = new Path[chosen.length];
        int polled = 0;
        for (IpPrefix prefix = out.pollDirty(); prefix != null;
             prefix = ++polled < EXPORT_CHUNK ? out.pollDirty() : null)
        {
            final int candidates = locRib.rank(family, prefix);
            int n = 0;
            for (int i = 0; i < candidates && n < out.sendPaths; i++)
            {
                final Path export = exportPath(RUNNING, peer, family, prefix, ranking.rankedPeer(i), ranking.rankedPath(i));
                if (export != null)
                {
                    if (n == chosen.length)
                    {
                        chosen = java.util.Arrays.copyOf(chosen, n * 2);
                        exported = java.util.Arrays.copyOf(exported, n * 2);
                    }
                    chosen[n] = ranking.rankedPeer(i);
                    exported[n] = export;
                    n++;
                }
            }
            final AdjRibOut.SentPaths was = out.paths.get(prefix);
            for (int k = 0; was != null && k < was.count; k++)
            {
                if (indexOf(chosen, n, was.sources[k]) < 0)
                {
                    withdrawn.add(prefix);
                    withdrawnIds.add(was.ids[k]);
                }
            }
            int nextId = 1;
            for (int i = 0; i < n; i++)
            {
                final int k = was == null ? -1 : was.indexOf(chosen[i]);
                int id;
                if (k >= 0)
                {
                    if (!was.resend && was.sent[k].equals(exported[i]))
                    {
                        continue; // the same path under the same identifier: nothing to say
                    }
                    id = was.ids[k];
                }
                else
                {
                    // The lowest identifier not held (a withdrawn one is held until its withdrawal is recorded),
                    // above those just given to the prefix's other new paths.
                    id = nextId;
                    while (was != null && was.indexOfId(id) >= 0)
                    {
                        id++;
                    }
                    nextId = id + 1;
                }
                announced.computeIfAbsent(exported[i], e -> new AddPathGroup()).add(prefix, id, chosen[i]);
            }
            if (was != null)
            {
                was.resend = false;
            }
            java.util.Arrays.fill(chosen, 0, n, null);
            java.util.Arrays.fill(exported, 0, n, null);
        }

        final PeerSession session = peer.session;
        final Negotiated negotiated = peer.negotiated;
        if (!withdrawn.isEmpty())
        {
            UpdateSplitter.withdraw(session, negotiated.codec(), family, withdrawn, withdrawnIds);
            for (int i = 0; i < withdrawn.size(); i++)
            {
                final AdjRibOut.SentPaths e = out.paths.get(withdrawn.get(i));
                final Path gone = e.remove(withdrawnIds.get(i));
                if (gone != null)
                {
                    out.pathCount--;
                    out.interner.release(gone);
                }
                if (e.count == 0)
                {
                    out.paths.remove(withdrawn.get(i));
                }
            }
        }
        for (final Map.Entry<Path, AddPathGroup> e : announced.entrySet())
        {
            final AddPathGroup group = e.getValue();
            if (session.congested())
            {
                group.prefixes.forEach(out::markDirty);
                continue;
            }
            try
            {
                UpdateSplitter.announce(session, negotiated.codec(), family, e.getKey(), group.prefixes, group.ids);
            }
            catch (final IllegalArgumentException ex)
            {
                LOG.log(System.Logger.Level.WARNING, "neighbor {0}: cannot send {1} routes: {2}", peer.name(),
                    group.prefixes.size(), ex.getMessage());
                continue;
            }
            final Path canonical = out.interner.acquire(e.getKey());
            for (int i = 0; i < group.prefixes.size(); i++)
            {
                if (i > 0)
                {
                    canonical.references++;
                }
                final IpPrefix prefix = group.prefixes.get(i);
                AdjRibOut.SentPaths sent = out.paths.get(prefix);
                if (sent == null)
                {
                    sent = new AdjRibOut.SentPaths();
                    out.paths.put(prefix, sent);
                }
                final Path replaced = sent.put(group.ids.get(i), group.sources.get(i), canonical);
                if (replaced == null)
                {
                    out.pathCount++;
                }
                out.interner.release(replaced);
            }
        }
    }

    /** ADD-PATH send: the (prefix, Path Identifier, candidate) triples sharing one outgoing path. */
    private static final class AddPathGroup
    {
        final List<IpPrefix> prefixes = new ArrayList<>(4);
        final List<Integer> ids = new ArrayList<>(4);
        final List<Peer> sources = new ArrayList<>(4);

        void add(final IpPrefix prefix, final int id, final Peer source)
        {
            prefixes.add(prefix);
            ids.add(id);
            sources.add(source);
        }
    }

    private static int indexOf(final Peer[] peers, final int n, final Peer peer)
    {
        for (int i = 0; i < n; i++)
        {
            if (peers[i] == peer)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * What to advertise to a peer for a prefix, or null to advertise nothing (withdraw if sent).
     */
    Path exportPath(
        final Settings settings, final Peer target, final AfiSafi family, final IpPrefix prefix, final LocRib.Best best)
    {
        return best == null ? null : exportPath(settings, target, family, prefix, best.peer, best.path);
    }

    /**
     * What to advertise to a peer for one candidate of a prefix (the best, or with ADD-PATH send any other): the
     * same rules for each.
     *
     * @param source the candidate's peer (or lane, or the local pseudo-peer).
     * @param path   its path.
     */
    Path exportPath(
        final Settings settings, final Peer target, final AfiSafi family, final IpPrefix prefix, final Peer source,
        final Path path)
    {
        final PolicyEvaluator exportPolicy = settings.exportPolicy(target);
        if (source.neighbor() == target)
        {
            return null;
        }
        final PathAttributes attributes = path.attributes();

        // RFC 1997 well-known communities; NO_EXPORT_SUBCONFED as NO_EXPORT (no confederations here).
        final PathAttribute.Communities communities = attributes.communities();
        if (communities != null)
        {
            if (communities.contains(PathAttribute.Communities.NO_ADVERTISE))
            {
                return null;
            }
            if (target.external && (communities.contains(PathAttribute.Communities.NO_EXPORT) ||
                communities.contains(PathAttribute.Communities.NO_EXPORT_SUBCONFED)))
            {
                return null;
            }
        }

        // RFC 4271 §9.2.1 split horizon, RFC 4456 §6 reflection: iBGP to iBGP only from or to a client.
        boolean reflect = false;
        if (!target.external && !source.local && !source.external)
        {
            if (!settings.routeReflectorClient(source) && !settings.routeReflectorClient(target))
            {
                return null;
            }
            reflect = true;
        }

        // RFC 9234 §5 egress: a route with Only-to-Customer never goes to a provider, a peer or a route server.
        final BgpRole role = target.local ? null : target.config.role().orElse(null);
        if (role != null && role.neighborIsUpstreamOrLateral() && onlyToCustomer(attributes) >= 0)
        {
            return null;
        }

        if (target.external && exportPolicy == null)
        {
            if (settings.running() && !target.loggedNoExportPolicy)
            {
                target.loggedNoExportPolicy = true;
                LOG.log(System.Logger.Level.WARNING,
                    "neighbor {0} is eBGP and has no export policy: sending it nothing (RFC 8212)", target.name());
            }
            return null;
        }

        final PathAttributes.Builder b = attributes.toBuilder();
        for (final PathAttribute a : attributes.hasUnknown() ? attributes.list() : List.<PathAttribute>of())
        {
            if (a instanceof PathAttribute.Unknown u && u.typeCode() != PathAttribute.ONLY_TO_CUSTOMER)
            {
                // RFC 4271 §5: pass unrecognized optional transitive attributes on with Partial set, drop
                // non-transitive ones. The registered ones the decoder checked (CheckedAttribute) are known
                // well-formed and go as received; the others only to neighbors that relay unknown attributes.
                if (!u.isTransitive())
                {
                    b.remove(u.typeCode());
                }
                else if (CheckedAttribute.of(u.typeCode()) == null)
                {
                    if (settings.relayUnknownAttributes(target))
                    {
                        b.put(u.withPartial());
                    }
                    else
                    {
                        b.remove(u.typeCode());
                    }
                }
            }
        }
        if (role != null && (role == BgpRole.PROVIDER || role == BgpRole.PEER || role == BgpRole.RS_SERVER) &&
            b.get(PathAttribute.ONLY_TO_CUSTOMER) == null)
        {
            // RFC 9234 §5 egress: to a customer, a peer or a route-server client, Only-to-Customer with our AS.
            b.put(onlyToCustomerAttribute(target.localAs));
        }
        final IpAddress self = localAddresses.global(target.negotiated, family);
        boolean nextHopSelf;
        if (target.external)
        {
            // RFC 4271 §5.1.4, §5.1.5: MED and LOCAL_PREF stay in the AS; RFC 4456 attributes too.
            b.remove(PathAttribute.MULTI_EXIT_DISC);
            b.remove(PathAttribute.LOCAL_PREF);
            b.remove(PathAttribute.ORIGINATOR_ID);
            b.remove(PathAttribute.CLUSTER_LIST);
            nextHopSelf = true;
        }
        else
        {
            if (b.get(PathAttribute.LOCAL_PREF) == null)
            {
                b.put(DEFAULT_LOCAL_PREF);
            }
            nextHopSelf = source.local || settings.nextHopSelf(target);
            if (reflect)
            {
                if (b.get(PathAttribute.ORIGINATOR_ID) == null)
                {
                    b.put(new PathAttribute.OriginatorId(source.routerId));
                }
                final PathAttribute.ClusterList old = (PathAttribute.ClusterList)b.get(PathAttribute.CLUSTER_LIST);
                final int[] ids = new int[old == null ? 1 : old.size() + 1];
                ids[0] = config.routerId();
                for (int i = 1; i < ids.length; i++)
                {
                    ids[i] = old.get(i - 1);
                }
                b.put(new PathAttribute.ClusterList(ids));
            }
        }
        IpAddress nextHop = nextHopSelf ? self : path.nextHop();
        IpAddress linkLocal = nextHopSelf && null != self && !self.isIpv4() ?
            localAddresses.linkLocal(target.negotiated) : null;
        PathAttributes out = b.build();

        if (exportPolicy != null)
        {
            final PolicyEvaluator.Result r = exportPolicy.evaluate(prefix, family, out, nextHop,
                new PolicyContext(target.localAs, self, rpki));
            if (!r.accepted())
            {
                return null;
            }
            if (!Objects.equals(r.nextHop(), nextHop))
            {
                nextHop = r.nextHop();
                linkLocal = Objects.equals(nextHop, self) && null != self && !self.isIpv4() ?
                    localAddresses.linkLocal(target.negotiated) : null;
            }
            out = r.attributes();
        }
        if (target.external)
        {
            out = out.with(PolicyEvaluator.prepend(out.asPath(), target.localAs, 1)).without(PathAttribute.LOCAL_PREF);
        }
        // An IPv4 route goes with an IPv6 next hop only to a peer that negotiated RFC 8950's extended next hop.
        if (nextHop == null || (AfiSafi.AFI_IPV4 == family.afi() && !nextHop.isIpv4() && !target.negotiated.extendedNextHop()))
        {
            if (settings.running() && !target.loggedNoNextHop)
            {
                target.loggedNoNextHop = true;
                LOG.log(System.Logger.Level.WARNING, "neighbor {0}: no {1} next hop to send {2} routes with",
                    target.name(), AfiSafi.AFI_IPV4 == family.afi() ? "IPv4" : "IPv6", family);
            }
            return null;
        }
        return new Path(out, nextHop, linkLocal);
    }

    // ---------------------------------------------------------------- status

    /**
     * @param family  address family.
     * @param prefix  destination.
     * @return the Loc-RIB's selection, or null.
     */
    public Selected best(final AfiSafi family, final IpPrefix prefix)
    {
        return selected(locRib.get(family, prefix));
    }

    /**
     * {@link #best} from any thread, while the owner (the BGP event loop) goes on changing the Loc-RIB: the
     * API answers a lookup without waiting for a loop that may be busy with a full table for seconds.
     *
     * @param family  address family.
     * @param prefix  destination.
     * @return the Loc-RIB's selection at one moment during the call, or null.
     */
    public Selected bestConcurrently(final AfiSafi family, final IpPrefix prefix)
    {
        return selected(locRib.getConcurrently(family, prefix));
    }

    /**
     * Why the Loc-RIB holds what it holds for a prefix: the decision process run again over the
     * candidates (the same step code, nothing changed), with the step at which each lost, and the
     * neighbors whose route import refused, from the Adj-RIB-In as received. Allocates; for status and
     * tools, not for the update path.
     *
     * @param family address family.
     * @param prefix destination.
     * @return the explanation; {@link RouteExplanation#isEmpty()} for a prefix no one sent.
     */
    public RouteExplanation explain(final AfiSafi family, final IpPrefix prefix)
    {
        final List<RouteExplanation.Candidate> candidates = new ArrayList<>();
        for (final DecisionProcess.Ranked r : locRib.explain(family, prefix))
        {
            final Peer peer = r.peer();
            final PolicyEvaluator policy = peer.local ? null : peer.importPolicy;
            String term = null;
            if (policy != null)
            {
                final Path received = received(peer, family, prefix);
                if (received != null)
                {
                    final Policy.Term t = policy.explain(prefix, family, received.attributes(), received.nextHop(),
                        importContext(peer)).term();
                    term = t == null ? null : t.name();
                }
            }
            candidates.add(new RouteExplanation.Candidate(peer.name(), peer.address, peer.external, r.path(),
                r.lostAt() == null, r.lostAt(), r.multipath(), policy == null ? null : policy.policy().name(), term,
                peer.owner == null ? null : (int)peer.owner.pathIdOf(family, prefix, peer.slot)));
        }
        final List<RouteExplanation.Rejected> rejected = new ArrayList<>();
        for (final Peer peer : peers)
        {
            final AdjRibIn kept = peer.local ? null : peer.received.get(family);
            final Path received = kept == null ? null : kept.get(prefix);
            final AdjRibIn in = peer.ribIn.get(family);
            if (received == null || (in != null && in.containsKey(prefix)))
            {
                continue; // not sent, or sent and accepted (changed by policy): a candidate above
            }
            final RouteExplanation.Reason refused = refusedBeforePolicy(peer, peer.importPolicy, received.nextHop(), received.attributes());
            if (refused != null)
            {
                rejected.add(new RouteExplanation.Rejected(peer.name(), peer.address, received, refused, null, null));
                continue;
            }
            final PolicyEvaluator policy = peer.importPolicy;
            if (policy == null)
            {
                continue; // an iBGP route without a policy is accepted: it is held as received only when stale
            }
            final PolicyEvaluator.Explained verdict = policy.explain(prefix, family,
                withIngressOtc(peer, received).attributes(), received.nextHop(), importContext(peer));
            if (!verdict.result().accepted())
            {
                rejected.add(new RouteExplanation.Rejected(peer.name(), peer.address, received,
                    RouteExplanation.Reason.IMPORT_POLICY, policy.policy().name(),
                    verdict.term() == null ? null : verdict.term().name()));
            }
        }
        return new RouteExplanation(family, prefix, candidates, rejected);
    }

    private static Path received(final Peer peer, final AfiSafi family, final IpPrefix prefix)
    {
        final AdjRibIn kept = peer.received.get(family);
        final Path changed = kept == null ? null : kept.get(prefix);
        if (changed != null)
        {
            return changed;
        }
        final AdjRibIn in = peer.local ? null : peer.ribIn.get(family);
        return in == null ? null : in.get(prefix);
    }

    /**
     * @param family address family.
     * @return prefixes in the Loc-RIB.
     */
    public int locRibSize(final AfiSafi family)
    {
        return locRib.size(family);
    }

    /**
     * @param peer   neighbor name.
     * @param family address family.
     * @param prefix destination.
     * @return the path in the neighbor's Adj-RIB-In (after import policy), or null.
     */
    public Path adjRibIn(final String peer, final AfiSafi family, final IpPrefix prefix)
    {
        final Peer p = peersByName.get(peer);
        final AdjRibIn in = p == null ? null : p.ribIn.get(family);
        return in == null ? null : in.get(prefix);
    }

    /**
     * @param peer   neighbor name.
     * @param family address family.
     * @return routes in its Adj-RIB-In (with ADD-PATH, every path: a prefix counts once per Path Identifier).
     */
    public int adjRibInSize(final String peer, final AfiSafi family)
    {
        final Peer p = peersByName.get(peer);
        int size = 0;
        for (final Peer lane : p == null ? List.<Peer>of() : p.withLanes())
        {
            final AdjRibIn in = lane.ribIn.get(family);
            size += in == null ? 0 : in.size();
        }
        return size;
    }

    /**
     * @param peer   neighbor name.
     * @param family address family.
     * @return routes it announces now (its Adj-RIB-In before import policy; with ADD-PATH, every path).
     */
    public int receivedSize(final String peer, final AfiSafi family)
    {
        final Peer p = peersByName.get(peer);
        int size = 0;
        for (final Peer lane : p == null ? List.<Peer>of() : p.withLanes())
        {
            final AdjRibIn in = lane.received.get(family);
            size += in == null ? 0 : in.announced;
        }
        return size;
    }

    /**
     * @param peer   neighbor name.
     * @param family address family.
     * @param prefix destination.
     * @return the path as the neighbor sent it (before import policy), or null.
     */
    public Path received(final String peer, final AfiSafi family, final IpPrefix prefix)
    {
        final Peer p = peersByName.get(peer);
        return p == null ? null : received(p, family, prefix);
    }

    /**
     * A route of a table dump (MRT, RFC 6396 §4.3): the peer it came from, as a peer table names it, and
     * its path.
     *
     * @param prefix       the destination.
     * @param peer         the neighbor's name, or "local" for a configured network.
     * @param peerAddress  its address; null for "local".
     * @param peerAs       its AS (the local AS for "local").
     * @param peerRouterId its BGP identifier (the router's own for "local"; 0 if never established).
     * @param path         the path (immutable, shared).
     * @param pathId       the Path Identifier it was received with from a neighbor with ADD-PATH (RFC 7911), as an
     *                     unsigned value; -1 without (a dump writes it in the RFC 8050 form).
     */
    public record DumpedRoute(IpPrefix prefix, String peer, IpAddress peerAddress, int peerAs, int peerRouterId,
        Path path, long pathId)
    {
        /** Without a Path Identifier. */
        public DumpedRoute(final IpPrefix prefix, final String peer, final IpAddress peerAddress, final int peerAs,
            final int peerRouterId, final Path path)
        {
            this(prefix, peer, peerAddress, peerAs, peerRouterId, path, -1);
        }
    }

    /**
     * Every route of the Loc-RIB or of a neighbor's Adj-RIB-In after import policy, IPv4 then IPv6, in no
     * order within a family. On the event loop: a consistent copy of references, O(routes); the paths are
     * immutable, so the caller encodes them elsewhere.
     *
     * @param neighbor null for the Loc-RIB (the best path of each prefix), else a neighbor's name.
     * @return the routes; null if there is no such neighbor.
     */
    public List<DumpedRoute> dump(final String neighbor)
    {
        return dump(neighbor, View.ACCEPTED);
    }

    /**
     * As {@link #dump(String)}, choosing a neighbor's table.
     *
     * @param neighbor null for the Loc-RIB, else a neighbor's name.
     * @param view     for a neighbor: {@link View#ACCEPTED} (after import policy) or {@link View#RECEIVED}
     *                 (before it, as far as the Adj-RIB-In keeps routes as received); ignored for the Loc-RIB.
     * @return the routes; null if there is no such neighbor.
     */
    public List<DumpedRoute> dump(final String neighbor, final View view)
    {
        if (view == View.ADVERTISED)
        {
            throw new IllegalArgumentException("an MRT table dump holds routes received, not advertised");
        }
        final List<DumpedRoute> out = new ArrayList<>();
        final List<AfiSafi> families = List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST);
        if (neighbor == null)
        {
            for (final AfiSafi family : families)
            {
                final PrefixMap<LocRib.Best> t = locRib.tableIfAny(family);
                for (int i = 0; t != null && i < t.capacity(); i++)
                {
                    final LocRib.Best b = t.valueAt(i);
                    if (b != null)
                    {
                        out.add(dumped(t.prefixAt(i), b.peer, b.path, -1));
                    }
                }
            }
            return out;
        }
        final Peer p = peersByName.get(neighbor);
        if (p == null)
        {
            return null;
        }
        for (final AfiSafi family : families)
        {
            forEachPath(neighbor, view, family, (prefix, path, pathId, source) -> out.add(dumped(prefix, p, path, pathId)));
        }
        return out;
    }

    private static DumpedRoute dumped(final IpPrefix prefix, final Peer peer, final Path path, final long pathId)
    {
        return new DumpedRoute(prefix, peer.name(), peer.address, peer.local ? peer.localAs : peer.config.remoteAs(),
            peer.routerId, path, pathId);
    }

    /**
     * @param monitor hears every change BMP reports from now on ({@link RibMonitor#NONE}: none).
     */
    public void monitor(final RibMonitor monitor)
    {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    /**
     * A neighbor's counters for BMP statistics (RFC 7854 §4.8), over the life of the neighbor.
     *
     * @param rejectedPrefixes        prefixes refused by import (policy, loop, no next hop, RFC 8212).
     * @param duplicateAdvertisements announcements of a prefix with the path it already had after policy.
     * @param duplicateWithdraws      withdrawals of a prefix the neighbor had not announced.
     */
    public record NeighborCounters(long rejectedPrefixes, long duplicateAdvertisements, long duplicateWithdraws)
    {
    }

    /**
     * @param neighbor a neighbor's name.
     * @return its counters, or null if there is no such neighbor.
     */
    public NeighborCounters counters(final String neighbor)
    {
        final Peer p = peersByName.get(neighbor);
        return p == null ? null : new NeighborCounters(p.rejectedPrefixes, p.duplicateAdvertisements,
            p.duplicateWithdraws);
    }

    /** A neighbor's tables, as {@link #forEachRoute} walks them. */
    public enum View
    {
        /** Adj-RIB-In as received, before import policy. */
        RECEIVED,
        /** Adj-RIB-In after import policy. */
        ACCEPTED,
        /** Adj-RIB-Out: what was sent. */
        ADVERTISED
    }

    /** One route of a neighbor's table, with what ADD-PATH adds to it. */
    @FunctionalInterface
    public interface PathVisitor
    {
        /**
         * @param pathId its Path Identifier (RFC 7911) as an unsigned value: received with it (ADD-PATH receive), or
         *               sent with it (ADD-PATH send); -1 without.
         * @param source advertised with ADD-PATH send: the name of the neighbor the path was learned from, or
         *               {@code local} for a network of ours; null otherwise.
         */
        void route(IpPrefix prefix, Path path, long pathId, String source);
    }

    /**
     * {@link #forEachRoute(String, View, AfiSafi, java.util.function.BiConsumer)} with each route's Path Identifier
     * (and, advertised with ADD-PATH, its source). Allocates nothing per route; for status.
     *
     * @return false if no such neighbor.
     */
    public boolean forEachPath(final String peer, final View view, final AfiSafi family, final PathVisitor visitor)
    {
        final Peer p = peersByName.get(peer);
        if (p == null)
        {
            return false;
        }
        if (View.ADVERTISED == view)
        {
            final AdjRibOut out = p.ribOut.get(family);
            if (out != null && out.addPath())
            {
                for (int i = 0; i < out.paths.capacity(); i++)
                {
                    final AdjRibOut.SentPaths e = out.paths.valueAt(i);
                    for (int k = 0; e != null && k < e.count; k++)
                    {
                        visitor.route(out.paths.prefixAt(i), e.sent[k], Integer.toUnsignedLong(e.ids[k]),
                            e.sources[k].name());
                    }
                }
                return true;
            }
            return forEachRoute(peer, view, family, (prefix, path) -> visitor.route(prefix, path, -1, null));
        }
        for (final Peer lane : p.withLanes())
        {
            final java.util.function.BiConsumer<IpPrefix, Path> withId = (prefix, path) ->
                visitor.route(prefix, path, lane.owner == null ? -1 : p.pathIdOf(family, prefix, lane.slot), null);
            if (View.RECEIVED == view)
            {
                forEachReceived(lane, family, withId);
            }
            else
            {
                final AdjRibIn in = lane.ribIn.get(family);
                if (in != null)
                {
                    in.forEach(withId);
                }
            }
        }
        return true;
    }

    /**
     * @param peer    neighbor name.
     * @param view    which table.
     * @param family  address family.
     * @param visitor every route of it, in no order.
     * @return false if no such neighbor.
     */
    public boolean forEachRoute(
        final String peer, final View view, final AfiSafi family, final java.util.function.BiConsumer<IpPrefix, Path> visitor)
    {
        final Peer p = peersByName.get(peer);
        if (p == null)
        {
            return false;
        }
        switch (view)
        {
            // With ADD-PATH every path: a prefix once per Path Identifier.
            case RECEIVED -> p.withLanes().forEach(lane -> forEachReceived(lane, family, visitor));
            case ACCEPTED ->
            {
                for (final Peer lane : p.withLanes())
                {
                    final AdjRibIn in = lane.ribIn.get(family);
                    if (in != null)
                    {
                        in.forEach(visitor);
                    }
                }
            }
            case ADVERTISED ->
            {
                final AdjRibOut out = p.ribOut.get(family);
                if (out != null && out.addPath())
                {
                    for (int i = 0; i < out.paths.capacity(); i++)
                    {
                        final AdjRibOut.SentPaths e = out.paths.valueAt(i);
                        for (int k = 0; e != null && k < e.count; k++)
                        {
                            visitor.accept(out.paths.prefixAt(i), e.sent[k]);
                        }
                    }
                }
                else if (out != null)
                {
                    for (int i = 0; i < out.sent.capacity(); i++)
                    {
                        final Path path = out.sent.valueAt(i);
                        if (path != null)
                        {
                            visitor.accept(out.sent.prefixAt(i), path);
                        }
                    }
                }
            }
        }
        return true;
    }

    /**
     * @param peer   neighbor name.
     * @param family address family.
     * @param prefix destination.
     * @return whether the route is marked stale (graceful restart, enhanced route refresh).
     */
    public boolean isStale(final String peer, final AfiSafi family, final IpPrefix prefix)
    {
        final Peer p = peersByName.get(peer);
        final AdjRibIn in = p == null ? null : p.ribIn.get(family);
        return in != null && in.isStale(prefix);
    }

    /**
     * @param peer   neighbor name.
     * @param family address family.
     * @param prefix destination.
     * @return the path last advertised to the neighbor, or null; with ADD-PATH send, the one with the lowest Path
     *     Identifier ({@link #adjRibOutPaths} has them all).
     */
    public Path adjRibOut(final String peer, final AfiSafi family, final IpPrefix prefix)
    {
        final Peer p = peersByName.get(peer);
        final AdjRibOut out = p == null ? null : p.ribOut.get(family);
        if (out != null && out.addPath())
        {
            final java.util.SortedMap<Integer, Path> sent = adjRibOutPaths(peer, family, prefix);
            return sent.isEmpty() ? null : sent.get(sent.firstKey());
        }
        return out == null ? null : out.sent.get(prefix);
    }

    /**
     * @param peer   neighbor name.
     * @param family address family.
     * @param prefix destination.
     * @return the paths last advertised to the neighbor by Path Identifier (ADD-PATH send, RFC 7911), in the
     *     identifiers' order; empty if none or the session does not send identifiers for the family.
     */
    public java.util.SortedMap<Integer, Path> adjRibOutPaths(final String peer, final AfiSafi family, final IpPrefix prefix)
    {
        final Peer p = peersByName.get(peer);
        final AdjRibOut out = p == null ? null : p.ribOut.get(family);
        final AdjRibOut.SentPaths e = out == null || !out.addPath() ? null : out.paths.get(prefix);
        final java.util.TreeMap<Integer, Path> sent = new java.util.TreeMap<>(Integer::compareUnsigned);
        for (int k = 0; e != null && k < e.count; k++)
        {
            sent.put(e.ids[k], e.sent[k]);
        }
        return sent;
    }

    /**
     * @param peer   neighbor name.
     * @param family address family.
     * @return prefixes advertised to the neighbor.
     */
    public int adjRibOutSize(final String peer, final AfiSafi family)
    {
        final Peer p = peersByName.get(peer);
        final AdjRibOut out = p == null ? null : p.ribOut.get(family);
        return out == null ? 0 : out.size();
    }

    /**
     * @return bytes held by the Adj-RIB-In (as received and after policy) and Loc-RIB tables themselves (slots and Loc-RIB entries),
     *     without the shared paths: the per-route cost of the structure.
     */
    public long tableFootprintBytes()
    {
        long bytes = locRib.footprintBytes();
        for (final Peer peer : peers)
        {
            for (final AdjRibIn in : peer.ribIn.values())
            {
                bytes += in.footprintBytes();
            }
            for (final AdjRibIn in : peer.received.values())
            {
                bytes += in.footprintBytes();
            }
        }
        return bytes;
    }

    /**
     * @return distinct paths (attribute sets with next hops) held by the Adj-RIBs-In, as received and after
     *     import policy (a path the policy left unchanged counts once).
     */
    public int distinctPaths()
    {
        return inInterner.size();
    }
}
