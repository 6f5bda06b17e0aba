/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.policy.PolicyEvaluator;
import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.IpPrefix;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The dry run of a live reconfiguration ({@link BgpRib#preview}): the compute half of
 * {@link BgpRib#reconfigure}, over overlays, changing no table. It runs the code the live path runs, so a
 * preview is what the commit does:
 * <ol>
 * <li>import: for each neighbor the {@link Reconfiguration} re-imports, every route as received through
 * {@link BgpRib#accepted} under the candidate import policy (once per distinct received path unless the
 * policy looks at prefixes, as soft reconfiguration does), compared with its Adj-RIB-In after policy; the
 * differences go to an overlay, and so do networks originated or withdrawn;</li>
 * <li>decision: for each prefix of the overlays (every prefix when multipath changes), {@link LocRib#select}
 * over the Adj-RIBs-In seen through the overlays, then {@link LocRib#changed}, {@link LocRib#bestChanged} and
 * {@link LocRib#sameInstalled}: the tests {@link LocRib#decide} makes before it writes and notifies;</li>
 * <li>export: for each established neighbor, the prefixes the live path would mark dirty (its whole view if
 * its export side changes, else those whose best path changes), through {@link BgpRib#exportPath} under the
 * candidate settings, compared with its Adj-RIB-Out as {@code sendChunk} compares.</li>
 * </ol>
 * Memory: overlays hold only what changes; the first N of each kind are kept by {@link PreviewSampler}.
 */
final class ChangePreview
{
    /** In an overlay: the peer would have no route for the prefix. */
    private static final Path NONE = new Path(net.junction.bgp.wire.attribute.PathAttributes.EMPTY, null, null);
    /** In the Loc-RIB overlay: the prefix would have no best. */
    private static final LocRib.Best NO_BEST = new LocRib.Best(null, NONE, null);
    /** Flag of a Loc-RIB overlay entry: the best path itself changes (not only the multipath next hops). */
    private static final int BEST_MOVED = 1;

    private final BgpRib rib;
    private final LocRib locRib;
    private final Reconfiguration plan;
    private final Set<Peer> going;
    private final int firstN;
    private final DecisionProcess process;
    private final boolean multipathChanged;

    private final Map<Peer, PreviewSampler<PolicyPreview.RouteChange>[]> imports = new LinkedHashMap<>();
    private final Map<Peer, PreviewSampler<PolicyPreview.RouteChange>[]> exports = new LinkedHashMap<>();
    private final PreviewSampler<PolicyPreview.BestChange> bestChanges;
    private final PreviewSampler<PolicyPreview.RibChange> ribChanges;

    ChangePreview(final BgpRib rib, final LocRib locRib, final Reconfiguration plan, final Set<Peer> going,
        final int firstN)
    {
        this.rib = rib;
        this.locRib = locRib;
        this.plan = plan;
        this.going = going;
        this.firstN = firstN;
        this.process = locRib.decision().withMultipath(plan.next.multipath());
        this.multipathChanged = plan.next.multipath() != locRib.decision().multipath();
        this.bestChanges = new PreviewSampler<>(firstN);
        this.ribChanges = new PreviewSampler<>(firstN);
    }

    PolicyPreview run()
    {
        for (final Reconfiguration.Neighbor n : plan.neighbors)
        {
            final Peer peer = n.peer();
            if (peer == null || going.contains(peer))
            {
                continue;
            }
            if (n.reimport())
            {
                imports.put(peer, samplers());
            }
            exports.put(peer, samplers());
        }
        for (final AfiSafi family : List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST))
        {
            family(family);
        }
        final List<PolicyPreview.NeighborImport> importList = new ArrayList<>();
        for (final Map.Entry<Peer, PreviewSampler<PolicyPreview.RouteChange>[]> e : imports.entrySet())
        {
            final PreviewSampler<PolicyPreview.RouteChange>[] s = e.getValue();
            importList.add(new PolicyPreview.NeighborImport(name(e.getKey()), s[0].sample(), s[1].sample(), s[2].sample()));
        }
        final List<PolicyPreview.NeighborExport> exportList = new ArrayList<>();
        for (final Map.Entry<Peer, PreviewSampler<PolicyPreview.RouteChange>[]> e : exports.entrySet())
        {
            final Peer peer = e.getKey();
            final AdjRibOut any = peer.established ? peer.ribOut.get(AfiSafi.IPV4_UNICAST) : null;
            if (!peer.established || (any == null && peer.ribOut.get(AfiSafi.IPV6_UNICAST) == null))
            {
                continue; // no session: nothing is sent, it gets its table when it comes up
            }
            final PreviewSampler<PolicyPreview.RouteChange>[] s = e.getValue();
            exportList.add(new PolicyPreview.NeighborExport(name(peer), s[0].sample(), s[1].sample(), s[2].sample()));
        }
        final List<String> goingNames = new ArrayList<>();
        for (final Peer peer : going)
        {
            goingNames.add(peer.name());
        }
        goingNames.sort(null);
        return new PolicyPreview(firstN, importList, bestChanges.sample(), exportList, ribChanges.sample(), goingNames);
    }

    @SuppressWarnings("unchecked")
    private PreviewSampler<PolicyPreview.RouteChange>[] samplers()
    {
        return new PreviewSampler[]{new PreviewSampler<>(firstN), new PreviewSampler<>(firstN),
            new PreviewSampler<>(firstN)};
    }

    private String name(final Peer peer)
    {
        for (final Reconfiguration.Neighbor n : plan.neighbors)
        {
            if (n.peer() == peer)
            {
                return n.next().name();
            }
        }
        return peer.name();
    }

    private void family(final AfiSafi family)
    {
        final boolean ipv6 = AfiSafi.AFI_IPV6 == family.afi();
        final IdentityHashMap<Peer, PrefixMap<Path>> overlay = new IdentityHashMap<>();
        int expected = 0;
        for (final Peer peer : rib.peers())
        {
            final AdjRibIn kept = peer.received.get(family);
            if (kept != null && plan.reimports(peer))
            {
                expected = Math.max(expected, kept.announced);
            }
        }
        final PrefixMap<Boolean> affected = new PrefixMap<>(ipv6, expected);

        // 1. Import, and the neighbors that go.
        for (final Peer peer : rib.peers())
        {
            if (going.contains(peer))
            {
                final AdjRibIn in = peer.ribIn.get(family);
                if (in != null)
                {
                    in.forEach((prefix, path) -> affected.put(prefix, Boolean.TRUE));
                }
                continue;
            }
            if (!peer.local && plan.reimports(peer))
            {
                overlay.put(peer, reimport(peer, family, affected));
            }
        }
        networks(family, overlay, affected);
        if (multipathChanged)
        {
            for (final Peer peer : rib.peers())
            {
                final AdjRibIn in = peer.ribIn.get(family);
                if (in != null)
                {
                    in.forEach((prefix, path) -> affected.put(prefix, Boolean.TRUE));
                }
            }
        }

        // 2. The decision over the Adj-RIBs-In seen through the overlays.
        // A few peers: arrays scanned by identity beat hash lookups on this per-prefix path.
        final Peer[] overlaid = overlay.keySet().toArray(new Peer[0]);
        @SuppressWarnings("unchecked")
        final PrefixMap<Path>[] overlays = new PrefixMap[overlaid.length];
        for (int i = 0; i < overlaid.length; i++)
        {
            overlays[i] = overlay.get(overlaid[i]);
        }
        final Peer[] leaving = going.toArray(new Peer[0]);
        final LocRib.Candidates candidates = (peer, f, prefix) ->
        {
            for (final Peer g : leaving)
            {
                if (g == peer)
                {
                    return null;
                }
            }
            for (int i = 0; i < overlaid.length; i++)
            {
                if (overlaid[i] == peer)
                {
                    final Path p = overlays[i].get(prefix);
                    if (p != null)
                    {
                        return p == NONE ? null : p;
                    }
                    break;
                }
            }
            return LocRib.ADJ_RIBS_IN.candidate(peer, f, prefix);
        };
        final PrefixMap<LocRib.Best> bests = new PrefixMap<>(ipv6, affected.size());
        for (int i = 0; i < affected.capacity(); i++)
        {
            if (affected.valueAt(i) == null)
            {
                continue;
            }
            final IpPrefix prefix = affected.prefixAt(i);
            final LocRib.Best old = locRib.get(family, prefix);
            final LocRib.Best now = locRib.select(process, family, prefix, candidates);
            if (!LocRib.changed(old, now))
            {
                continue;
            }
            bests.put(prefix, now == null ? NO_BEST : now);
            if (bestChanges.wants(prefix))
            {
                bestChanges.add(prefix, new PolicyPreview.BestChange(family, prefix, rib.selected(old), rib.selected(now)));
            }
            if (LocRib.bestChanged(old, now))
            {
                bests.setFlags(prefix, BEST_MOVED);
            }
            if (!LocRib.sameInstalled(old, now) && ribChanges.wants(prefix))
            {
                final boolean installs = LocRib.installs(now);
                ribChanges.add(prefix, new PolicyPreview.RibChange(prefix,
                    LocRib.installs(old) ? old.nextHops() : List.of(), installs ? now.nextHops() : List.of(),
                    installs && now.peer.external, installs ? now.path.med : 0));
            }
        }

        // 3. Export.
        for (final Map.Entry<Peer, PreviewSampler<PolicyPreview.RouteChange>[]> e : exports.entrySet())
        {
            final Peer peer = e.getKey();
            final AdjRibOut out = peer.established ? peer.ribOut.get(family) : null;
            if (out != null)
            {
                export(peer, family, out, bests, e.getValue());
            }
        }
    }

    /**
     * Soft reconfiguration inbound, computed: the peer's routes as received under the candidate import policy.
     *
     * @return the overlay: per prefix whose accepted path would differ, the new one or {@link #NONE}.
     */
    private PrefixMap<Path> reimport(final Peer peer, final AfiSafi family, final PrefixMap<Boolean> affected)
    {
        final AdjRibIn kept = peer.received.get(family);
        final PrefixMap<Path> o = new PrefixMap<>(AfiSafi.AFI_IPV6 == family.afi(), kept == null ? 0 : kept.announced);
        final PolicyEvaluator policy = plan.importPolicy(peer);
        final IdentityHashMap<Path, Path> memo = policy == null || !policy.dependsOnPrefix() ? new IdentityHashMap<>() : null;
        final AdjRibIn in = peer.ribIn.get(family);
        final PreviewSampler<PolicyPreview.RouteChange>[] s = imports.get(peer);
        BgpRib.forEachReceived(peer, family, (prefix, received) ->
        {
            final Path now = in == null ? null : in.get(prefix);
            Path next;
            if (memo != null)
            {
                next = memo.get(received);
                if (next == null)
                {
                    next = rib.accepted(peer, policy, family, prefix, received);
                    memo.put(received, next == null ? NONE : next);
                }
                else if (next == NONE)
                {
                    next = null;
                }
            }
            else
            {
                next = rib.accepted(peer, policy, family, prefix, received);
            }
            if (Objects.equals(now, next))
            {
                return;
            }
            o.put(prefix, next == null ? NONE : next);
            affected.put(prefix, Boolean.TRUE);
            final PreviewSampler<PolicyPreview.RouteChange> kind = now == null ? s[0] : next == null ? s[1] : s[2];
            if (kind.wants(prefix))
            {
                kind.add(prefix, new PolicyPreview.RouteChange(family, prefix, now, next));
            }
        });
        return o;
    }

    private void networks(final AfiSafi family, final IdentityHashMap<Peer, PrefixMap<Path>> overlay,
        final PrefixMap<Boolean> affected)
    {
        final Set<IpPrefix> was = new HashSet<>(rib.config().networks());
        final Set<IpPrefix> next = new HashSet<>(plan.next.networks());
        final PrefixMap<Path> o = new PrefixMap<>(AfiSafi.AFI_IPV6 == family.afi());
        for (final IpPrefix prefix : was)
        {
            if (!next.contains(prefix) && AfiSafi.unicastOf(prefix).equals(family))
            {
                o.put(prefix, NONE);
                affected.put(prefix, Boolean.TRUE);
            }
        }
        for (final IpPrefix prefix : next)
        {
            if (!was.contains(prefix) && AfiSafi.unicastOf(prefix).equals(family))
            {
                o.put(prefix, BgpRib.networkPath());
                affected.put(prefix, Boolean.TRUE);
            }
        }
        if (o.size() > 0)
        {
            overlay.put(rib.localPeer(), o);
        }
    }

    /**
     * What the live path would send the peer: the prefixes it would mark dirty, through the export code,
     * against what it was sent.
     */
    private void export(final Peer peer, final AfiSafi family, final AdjRibOut out, final PrefixMap<LocRib.Best> bests,
        final PreviewSampler<PolicyPreview.RouteChange>[] s)
    {
        final PolicyEvaluator policy = plan.exportPolicy(peer);
        // As in sendChunk: without a prefix-dependent policy the outgoing path is a function of the best's
        // path and peer.
        final IdentityHashMap<Path, Object[]> memo = policy != null && policy.dependsOnPrefix() ? null : new IdentityHashMap<>();
        sentEqual.clear();
        mayCount = 0;
        if (plan.reexports(peer))
        {
            final PrefixMap<LocRib.Best> table = locRib.table(family);
            for (int i = 0; i < table.capacity(); i++)
            {
                final LocRib.Best b = table.valueAt(i);
                if (b != null)
                {
                    final IpPrefix prefix = table.prefixAt(i);
                    if (!bests.containsKey(prefix))
                    {
                        examine(peer, family, out, prefix, b, memo, s);
                    }
                }
            }
            for (int i = 0; i < bests.capacity(); i++)
            {
                final LocRib.Best b = bests.valueAt(i);
                if (b != null)
                {
                    examine(peer, family, out, bests.prefixAt(i), b == NO_BEST ? null : b, memo, s);
                }
            }
            for (int i = 0; i < out.sent.capacity(); i++)
            {
                if (out.sent.valueAt(i) != null)
                {
                    final IpPrefix prefix = out.sent.prefixAt(i);
                    if (!bests.containsKey(prefix) && table.get(prefix) == null)
                    {
                        examine(peer, family, out, prefix, null, memo, s);
                    }
                }
            }
            return;
        }
        for (int i = 0; i < bests.capacity(); i++)
        {
            final LocRib.Best b = bests.valueAt(i);
            if (b == null || (bests.flagsAt(i) & BEST_MOVED) == 0)
            {
                continue;
            }
            final IpPrefix prefix = bests.prefixAt(i);
            final LocRib.Best best = b == NO_BEST ? null : b;
            if (mayExport(peer, best) || out.sent.containsKey(prefix))
            {
                examine(peer, family, out, prefix, best, memo, s);
            }
        }
    }

    /** Per outgoing path instance: the Adj-RIB-Out's interned path equal to it, or {@link #NONE}. */
    private final IdentityHashMap<Path, Path> sentEqual = new IdentityHashMap<>();

    /**
     * The Adj-RIB-Out holds interned paths, one instance per value: a sent path equals {@code export} exactly
     * when it is the instance the interner has for it. Looked up once per distinct outgoing path, so a
     * million routes sharing a few hundred thousand paths cost no million attribute comparisons.
     */
    private Path sentEqual(final AdjRibOut out, final Path export)
    {
        Path canonical = sentEqual.get(export);
        if (canonical == null)
        {
            canonical = out.interner.find(export);
            sentEqual.put(export, canonical == null ? NONE : canonical);
        }
        return canonical;
    }

    /** {@link BgpRib#mayExport} answers for the peer being exported to, per source peer. */
    private final Peer[] maySources = new Peer[8];
    private final boolean[] mayAnswers = new boolean[8];
    private int mayCount;

    /**
     * {@link BgpRib#mayExport} under the candidate settings: for one target it depends only on the best's
     * peer, so it is asked once per source peer and kept for the rest of the target's routes.
     */
    private boolean mayExport(final Peer target, final LocRib.Best best)
    {
        if (best == null)
        {
            return false;
        }
        for (int i = 0; i < mayCount; i++)
        {
            if (maySources[i] == best.peer)
            {
                return mayAnswers[i];
            }
        }
        final boolean may = BgpRib.mayExport(plan, target, best);
        if (mayCount < maySources.length)
        {
            maySources[mayCount] = best.peer;
            mayAnswers[mayCount++] = may;
        }
        return may;
    }

    private void examine(final Peer peer, final AfiSafi family, final AdjRibOut out, final IpPrefix prefix,
        final LocRib.Best best, final IdentityHashMap<Path, Object[]> memo,
        final PreviewSampler<PolicyPreview.RouteChange>[] s)
    {
        Path export;
        if (best == null || !mayExport(peer, best))
        {
            export = null;
        }
        else if (memo == null)
        {
            export = rib.exportPath(plan, peer, family, prefix, best);
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
                export = rib.exportPath(plan, peer, family, prefix, best);
                memo.put(best.path, new Object[]{best.peer, export});
            }
        }
        final Path old = out.sent.get(prefix);
        final PreviewSampler<PolicyPreview.RouteChange> kind;

        if (export == null)
        {
            if (old == null)
            {
                return;
            }
            kind = s[1];
        }
        else if (old == null)
        {
            kind = s[0];
        }
        else if (old == sentEqual(out, export))
        {
            return; // what sendChunk skips: the same path was sent
        }
        else
        {
            kind = s[2];
        }
        if (kind.wants(prefix))
        {
            kind.add(prefix, new PolicyPreview.RouteChange(family, prefix, old, export));
        }
    }
}
