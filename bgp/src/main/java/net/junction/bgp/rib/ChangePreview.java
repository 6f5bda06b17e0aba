/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.policy.PolicyEvaluator;
import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.IpPrefix;
import net.junction.routing.PrefixMap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

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
 * <li>export, in the same pass, to every established neighbor: the prefixes the live path would mark dirty
 * (its whole view if its export side changes, else those whose best path changes), through
 * {@link BgpRib#exportPath} under the candidate settings, compared with its Adj-RIB-Out as {@code sendChunk}
 * compares; then, for a neighbor whose export side changes, the rest of the Loc-RIB and of what it was sent.</li>
 * </ol>
 * Speed (a full table is a million prefixes sharing a few hundred thousand paths): what depends on a path
 * alone (the import policy's answer, the outgoing path per target, the sent path equal to it) is worked
 * out once per path and kept on it ({@link PathMemo}); the prefixes to decide again and the first
 * re-imported neighbor's overlay are one table; the export of a prefix runs on a helper thread a little
 * behind its decision ({@link ExportBehind}), handed over in a per-slot array.
 * Memory: overlays hold only what changes; the first N of each kind are kept by {@link PreviewSampler}.
 */
final class ChangePreview
{
    /** In an overlay: the peer would have no route for the prefix. */
    private static final Path NONE = new Path(net.junction.bgp.wire.attribute.PathAttributes.EMPTY, null, null);
    /** In the set of prefixes to decide again: the first neighbor imported again has no change there. */
    private static final Path AFFECTED = new Path(net.junction.bgp.wire.attribute.PathAttributes.EMPTY, null, null);

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
        int expected = 0;
        for (final Peer peer : rib.peers())
        {
            final AdjRibIn kept = peer.received.get(family);
            if (kept != null && plan.reimports(peer))
            {
                expected = Math.max(expected, kept.announced);
            }
        }
        // The prefixes to decide again. Folded in: the overlay of the first neighbor imported again (the
        // usual case is one), so its new path is read from the slot being visited, not looked up. In that
        // neighbor's slot order: its routes are written here in order, and the paths made for them are
        // read back in the order they were made.
        final List<Peer> peers = rib.peers();
        AdjRibIn firstIn = null;
        // The import evaluators in use meanwhile, and an upper bound of the paths the import makes.
        final Set<PolicyEvaluator> importing = Collections.newSetFromMap(new IdentityHashMap<>());
        int made = 0;
        for (final Peer peer : peers)
        {
            if (!going.contains(peer) && !peer.local && plan.reimports(peer))
            {
                final AdjRibIn in = peer.ribIn.get(family);
                final AdjRibIn kept = peer.received.get(family);
                if (importing.isEmpty())
                {
                    firstIn = in;
                }
                importing.add(plan.importPolicy(peer));
                made += (in == null ? 0 : in.size()) + (kept == null ? 0 : kept.size());
            }
        }
        final PrefixMap<Path> affected = firstIn != null ? new PrefixMap<>(firstIn.routes(), expected) :
            new PrefixMap<>(ipv6, expected);
        final Overlays overlays = new Overlays(peers, family);
        final List<Target> targets = new ArrayList<>();
        for (final Map.Entry<Peer, PreviewSampler<PolicyPreview.RouteChange>[]> e : exports.entrySet())
        {
            final Peer peer = e.getKey();
            final AdjRibOut out = peer.established ? peer.ribOut.get(family) : null;
            // An ADD-PATH sender's several paths per prefix are not previewed: only what one best would send is.
            if (out != null && !out.addPath())
            {
                targets.add(new Target(peer, out, e.getValue(), targets.size(), importing));
            }
        }
        final Target[] toAll = targets.toArray(new Target[0]);
        final PathMemo<Exported> exported = new PathMemo<>();
        // 3. is worked out on a helper thread beside 1. and 2. (see ExportBehind).
        final ExportBehind behind = toAll.length == 0 ? null : new ExportBehind(family, affected, toAll, exported, made);
        try
        {
            final PrefixMap<LocRib.Best> table;
            boolean decidedAll = false;
            try
            {
                // 1. Import, and the neighbors that go.
                for (int index = 0; index < peers.size(); index++)
                {
                    final Peer peer = peers.get(index);
                    if (going.contains(peer))
                    {
                        overlays.leaving(index);
                        final AdjRibIn in = peer.ribIn.get(family);
                        if (in != null)
                        {
                            in.forEach((prefix, path) -> affected.putIfAbsent(prefix, AFFECTED));
                        }
                        continue;
                    }
                    if (!peer.local && plan.reimports(peer))
                    {
                        if (overlays.first < 0)
                        {
                            overlays.first = index;
                            reimport(peer, family, affected, affected, behind);
                        }
                        else
                        {
                            final AdjRibIn kept = peer.received.get(family);
                            final PrefixMap<Path> o = new PrefixMap<>(ipv6, kept == null ? 0 : kept.announced);
                            reimport(peer, family, o, affected, behind);
                            overlays.add(index, o);
                        }
                    }
                }
                networks(family, overlays, affected);
                if (multipathChanged)
                {
                    for (final Peer peer : rib.peers())
                    {
                        final AdjRibIn in = peer.ribIn.get(family);
                        if (in != null)
                        {
                            in.forEach((prefix, path) -> affected.putIfAbsent(prefix, AFFECTED));
                        }
                    }
                }

                // 2. The decision over the Adj-RIBs-In seen through the overlays, and 3. what each target
                // would be sent for the prefix, a little behind it on the helper.
                final PrefixMap<LocRib.Best> kept = locRib.tableIfAny(family);
                table = kept != null ? kept : new PrefixMap<>(ipv6);
                if (behind != null)
                {
                    behind.deciding();
                }
                for (int i = 0; i < affected.capacity(); i++)
                {
                    final Path first = affected.valueAt(i);
                    if (first != null)
                    {
                        decide(family, affected.prefixAt(i), first, i, table, overlays, behind);
                    }
                    if (behind != null && (i & (ExportBehind.BATCH - 1)) == ExportBehind.BATCH - 1)
                    {
                        behind.decidedUpTo(i + 1);
                    }
                }
                decidedAll = true;
            }
            finally
            {
                if (behind != null)
                {
                    behind.decidedUpTo(decidedAll ? affected.capacity() : ExportBehind.ABANDONED);
                    behind.finish(decidedAll);
                }
            }

            // 3. For the targets whose export side changes, the rest of their view: the Loc-RIB's other
            // prefixes, then what they were sent that the Loc-RIB has not.
            final List<Target> whole = new ArrayList<>();
            for (final Target t : toAll)
            {
                if (t.reexport)
                {
                    whole.add(t);
                }
            }
            if (whole.isEmpty())
            {
                return;
            }
            for (int i = 0; i < table.capacity(); i++)
            {
                final LocRib.Best b = table.valueAt(i);
                if (b != null)
                {
                    final IpPrefix prefix = table.prefixAt(i);
                    if (!affected.containsKey(prefix))
                    {
                        for (final Target t : whole)
                        {
                            examine(t, family, prefix, b, exported);
                        }
                    }
                }
            }
            for (final Target t : whole)
            {
                if (t.sentSeen == t.out.sent.size())
                {
                    continue; // every prefix it was sent has been looked at already
                }
                for (int i = 0; i < t.out.sent.capacity(); i++)
                {
                    if (t.out.sent.valueAt(i) != null)
                    {
                        final IpPrefix prefix = t.out.sent.prefixAt(i);
                        if (!affected.containsKey(prefix) && table.get(prefix) == null)
                        {
                            examine(t, family, prefix, null, exported);
                        }
                    }
                }
            }
        }
        finally
        {
            exported.close();
        }
    }

    /**
     * The decision for one prefix to decide again, as {@link LocRib#decide} would take it: the best and RIB
     * changes go to their samplers, the best it leaves and whether it moved to {@code behind} (if something
     * is exported), in slot {@code slot}.
     */
    private void decide(final AfiSafi family, final IpPrefix prefix, final Path first, final int slot,
        final PrefixMap<LocRib.Best> table, final Overlays overlays, final ExportBehind behind)
    {
        overlays.firstPath = first;
        final LocRib.Best old = table.get(prefix);
        final LocRib.Best now = locRib.select(process, family, prefix, overlays);
        final boolean changed = LocRib.changed(old, now);
        if (changed)
        {
            if (bestChanges.wants(prefix))
            {
                bestChanges.add(prefix, new PolicyPreview.BestChange(family, prefix, rib.selected(old), rib.selected(now)));
            }
            if (!LocRib.sameInstalled(old, now) && ribChanges.wants(prefix))
            {
                final boolean installs = LocRib.installs(now);
                ribChanges.add(prefix, new PolicyPreview.RibChange(prefix,
                    LocRib.installs(old) ? old.nextHops() : List.of(), installs ? now.nextHops() : List.of(),
                    installs && now.peer.external, installs ? now.path.med : 0));
            }
        }
        if (behind != null)
        {
            behind.best[slot] = changed ? now : old;
            behind.moved[slot] = changed && LocRib.bestChanged(old, now);
        }
    }

    /**
     * The export side of the preview, on a helper thread beside the RIB's. On a full table the work is bound by
     * random reads (the received paths and the Loc-RIB on the RIB's side, each target's Adj-RIB-Out and sent
     * paths on the other), so on two cores it takes about as long as the longer side, not the sum:
     * <ol>
     * <li>while the RIB's thread imports, the helper works out ahead, for each path the import makes, what
     * {@link #examine} would per path if it becomes the best (whether something is sent, and whether it
     * equals what the prefix it was made for was sent): the commonest change, an import policy that changes
     * the best of its routes, then finds that done; a path that does not become the best costs only this;</li>
     * <li>then it follows the decision slot by slot, examining each prefix for each target.</li>
     * </ol>
     * Safe because nothing writes the tables meanwhile (the RIB's thread imports and decides into the
     * preview's own tables, then waits in {@link #finish}), and each side's state is touched by that side
     * alone until the helper ends: the helper's, the targets, their samplers and caches, the
     * {@link Exported} memo (on paths the import made, which the import's own memo never holds, and on the
     * bests) and the export policies' evaluators (a target whose export evaluator is also an import one
     * being used is not worked out ahead); the RIB's, the import's memo and evaluators, the decision process
     * and next-hop resolver, the overlays and the Loc-RIB samplers.
     * <p>
     * Hand-over: the RIB's thread writes the paths made, then a slot's decision, and publishes how many paths
     * or how far it has decided with a release store every {@link #BATCH}; the helper reads those with an
     * acquire load before it reads what they cover.
     */
    private final class ExportBehind implements Runnable
    {
        /** Paths made, or slots decided, between two publications: a power of two. */
        static final int BATCH = 1024;
        /** In {@link #decidedUpTo}: the RIB's thread is still importing. */
        static final int IMPORTING = -2;
        /** In {@link #decidedUpTo}: the RIB's thread failed; the helper stops. */
        static final int ABANDONED = -1;
        private static final long WAIT_NS = 20_000;
        private static final VarHandle DECIDED_UP_TO;
        private static final VarHandle MADE;

        static
        {
            try
            {
                final MethodHandles.Lookup lookup = MethodHandles.lookup();
                DECIDED_UP_TO = lookup.findVarHandle(ExportBehind.class, "decidedUpTo", int.class);
                MADE = lookup.findVarHandle(ExportBehind.class, "made", int.class);
            }
            catch (final ReflectiveOperationException e)
            {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final AfiSafi family;
        private final PrefixMap<Path> affected;
        private final Target[] targets;
        private final PathMemo<Exported> exported;
        /** The paths the import made, as the best they would be, and the prefix each was first made for. */
        private final LocRib.Best[] madeBest;
        private final IpPrefix[] madeFor;
        /** How many are in {@link #madeBest}: the RIB's thread's count, and the one published ({@link #MADE}). */
        private int making;
        @SuppressWarnings("unused")
        private int made;
        /** Per slot of {@link #affected} once decided: the best after the change (null: none), and whether it moved. */
        LocRib.Best[] best;
        boolean[] moved;
        /** The slots below it are decided, or {@link #IMPORTING}, {@link #ABANDONED}. Through {@link #DECIDED_UP_TO}. */
        @SuppressWarnings("unused")
        private int decidedUpTo = IMPORTING;
        private Throwable failure;
        private final Thread helper;

        /**
         * @param most the most paths the import can make.
         */
        ExportBehind(final AfiSafi family, final PrefixMap<Path> affected, final Target[] targets,
            final PathMemo<Exported> exported, final int most)
        {
            this.family = family;
            this.affected = affected;
            this.targets = targets;
            this.exported = exported;
            this.madeBest = new LocRib.Best[most];
            this.madeFor = new IpPrefix[most];
            this.helper = Thread.ofPlatform().name("junction-preview-export").start(this);
        }

        /**
         * On the RIB's thread: the import made a path for the peer's route to the prefix.
         */
        void made(final Peer peer, final IpPrefix prefix, final Path path)
        {
            madeBest[making] = new LocRib.Best(peer, path, null);
            madeFor[making] = prefix;
            if ((++making & (BATCH - 1)) == 0)
            {
                MADE.setRelease(this, making);
            }
        }

        /**
         * On the RIB's thread: the import is done, the decision starts.
         */
        void deciding()
        {
            best = new LocRib.Best[affected.capacity()];
            moved = new boolean[best.length];
            MADE.setRelease(this, making);
            decidedUpTo(0);
        }

        void decidedUpTo(final int slots)
        {
            DECIDED_UP_TO.setRelease(this, slots);
        }

        public void run()
        {
            try
            {
                int taken = 0;
                int decided = IMPORTING;
                while (decided == IMPORTING)
                {
                    final int ready = (int)MADE.getAcquire(this);
                    for (; taken < ready; taken++)
                    {
                        prepare(madeFor[taken], madeBest[taken]);
                        madeFor[taken] = null;
                        madeBest[taken] = null;
                    }
                    decided = (int)DECIDED_UP_TO.getAcquire(this);
                    if (decided == IMPORTING && taken == ready)
                    {
                        LockSupport.parkNanos(WAIT_NS);
                    }
                }
                // The paths still unprepared are worked out when met.
                for (int i = 0; decided != ABANDONED && i < best.length; i++)
                {
                    if (i >= decided)
                    {
                        decided = decidedBeyond(i);
                    }
                    if (decided == ABANDONED || affected.valueAt(i) == null)
                    {
                        continue;
                    }
                    final IpPrefix prefix = affected.prefixAt(i);
                    final LocRib.Best b = best[i];
                    for (final Target t : targets)
                    {
                        // What the live path marks dirty: the whole view of a target whose export side
                        // changes, else the prefixes whose best moved, if the target may get the new best or
                        // was sent one.
                        if (t.reexport || (moved[i] && (t.mayExport(b) || t.out.sent.containsKey(prefix))))
                        {
                            examine(t, family, prefix, b, exported);
                        }
                    }
                }
            }
            catch (final Throwable e)
            {
                failure = e;
            }
        }

        /**
         * @return how far the RIB's thread has decided, once beyond the slot, or {@link #ABANDONED}.
         */
        private int decidedBeyond(final int slot)
        {
            while (true)
            {
                final int decided = (int)DECIDED_UP_TO.getAcquire(this);
                if (decided > slot || decided == ABANDONED)
                {
                    return decided;
                }
                LockSupport.parkNanos(WAIT_NS);
            }
        }

        /**
         * What {@link #examine} works out per path, for a path the import made, ahead.
         */
        private void prepare(final IpPrefix prefix, final LocRib.Best made)
        {
            for (final Target t : targets)
            {
                if (!t.ahead || !t.mayExport(made))
                {
                    continue;
                }
                final Exported m = entry(made, exported);
                final int at = t.index * 3;
                if (m.slots[at] == UNKNOWN)
                {
                    final Path export = rib.exportPath(plan, t.peer, family, prefix, made);
                    m.slots[at] = export == null ? SENDS_NOTHING : SENDS;
                    final Path old = export == null ? null : t.out.sent.get(prefix);
                    if (old != null)
                    {
                        compare(m, at, old, export);
                    }
                }
            }
        }

        /**
         * Wait for the helper to end.
         *
         * @param rethrow whether to throw what it failed with (not when the RIB's thread is failing itself).
         */
        void finish(final boolean rethrow)
        {
            boolean interrupted = false;
            while (true)
            {
                try
                {
                    helper.join();
                    break;
                }
                catch (final InterruptedException e)
                {
                    interrupted = true; // the tables must not change while it reads them: wait on
                }
            }
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
            if (rethrow && failure instanceof RuntimeException e)
            {
                throw e;
            }
            if (rethrow && failure instanceof Error e)
            {
                throw e;
            }
        }
    }

    /**
     * The decision's candidates: each peer's Adj-RIB-In after policy as it would be, through the overlays of
     * the neighbors imported again, without the neighbors that go. Per peer, by its index in the RIB's list:
     * no map lookup per candidate but the overlay's or the Adj-RIB-In's own.
     */
    private static final class Overlays implements LocRib.Candidates
    {
        private final AdjRibIn[] in;
        private final PrefixMap<?>[] overlays;
        private final boolean[] leaving;
        /** The index of the first neighbor imported again, whose overlay is the table of affected prefixes. */
        int first = -1;
        /** Its overlay at the prefix being decided: its new path, {@link #NONE}, or {@link #AFFECTED} (no change). */
        Path firstPath;

        Overlays(final List<Peer> peers, final AfiSafi family)
        {
            in = new AdjRibIn[peers.size()];
            overlays = new PrefixMap<?>[peers.size()];
            leaving = new boolean[peers.size()];
            for (int i = 0; i < in.length; i++)
            {
                in[i] = peers.get(i).ribIn.get(family);
            }
        }

        void add(final int index, final PrefixMap<Path> overlay)
        {
            overlays[index] = overlay;
        }

        void leaving(final int index)
        {
            leaving[index] = true;
        }

        public Path candidate(final int index, final Peer peer, final AfiSafi family, final IpPrefix prefix)
        {
            if (index == first)
            {
                if (firstPath != AFFECTED)
                {
                    return firstPath == NONE ? null : firstPath;
                }
            }
            else if (leaving[index])
            {
                return null;
            }
            else if (overlays[index] != null)
            {
                final Path p = (Path)overlays[index].get(prefix);
                if (p != null)
                {
                    return p == NONE ? null : p;
                }
            }
            final AdjRibIn a = in[index];
            return a == null ? null : a.get(prefix);
        }
    }

    /** Per received path, under the candidate import policy. */
    private static final class Imported extends PathMemo.Entry
    {
        /** The path accepted, or {@link #NONE}. */
        Path next;
        /** Whether {@link #compared} is set: the last Adj-RIB-In path compared with {@link #next}. */
        boolean compares;
        Path compared;
        /** Whether they were equal. */
        boolean same;
    }

    @FunctionalInterface
    private interface Route
    {
        /**
         * @param received the path as received.
         * @param now      the path in the Adj-RIB-In after policy, or null.
         */
        void route(IpPrefix prefix, Path received, Path now);
    }

    /**
     * Soft reconfiguration inbound, computed: the peer's routes as received under the candidate import policy.
     *
     * @param overlay  takes, per prefix whose accepted path would differ, the new one or {@link #NONE}.
     * @param affected takes those prefixes (it may be {@code overlay}).
     * @param behind   told of each path made for the peer's routes (once per received path), or null.
     */
    private void reimport(final Peer peer, final AfiSafi family, final PrefixMap<Path> overlay,
        final PrefixMap<Path> affected, final ExportBehind behind)
    {
        final AdjRibIn kept = peer.received.get(family);
        final PolicyEvaluator policy = plan.importPolicy(peer);
        final AdjRibIn in = peer.ribIn.get(family);
        final PreviewSampler<PolicyPreview.RouteChange>[] s = imports.get(peer.neighbor());
        try (PathMemo<Imported> memo = new PathMemo<>())
        {
            final boolean perPath = policy == null || !policy.dependsOnPrefix();
            final Route visit = (prefix, received, now) ->
            {
                final Path next;
                boolean same;
                if (perPath)
                {
                    Imported m = memo.get(received);
                    if (m == null)
                    {
                        m = new Imported();
                        final Path accepted = rib.accepted(peer, policy, family, prefix, received);
                        m.next = accepted == null ? NONE : accepted;
                        memo.put(received, m);
                        if (behind != null && accepted != null && accepted != received)
                        {
                            behind.made(peer, prefix, accepted);
                        }
                    }
                    next = m.next == NONE ? null : m.next;
                    if (!m.compares || now != m.compared)
                    {
                        m.compares = true;
                        m.compared = now;
                        m.same = Objects.equals(now, next);
                    }
                    same = m.same;
                }
                else
                {
                    next = rib.accepted(peer, policy, family, prefix, received);
                    same = Objects.equals(now, next);
                }
                if (same)
                {
                    return;
                }
                if (overlay == affected)
                {
                    overlay.put(prefix, next == null ? NONE : next);
                }
                else
                {
                    overlay.put(prefix, next == null ? NONE : next);
                    affected.putIfAbsent(prefix, AFFECTED);
                }
                final PreviewSampler<PolicyPreview.RouteChange> kind = now == null ? s[0] : next == null ? s[1] : s[2];
                if (kind.wants(prefix))
                {
                    kind.add(prefix, new PolicyPreview.RouteChange(family, prefix, now, next));
                }
            };
            // As BgpRib.forEachReceived, with the path after policy at hand: a route accepted unchanged is
            // only in the table after policy, where its received path is the one now.
            if (in != null)
            {
                final boolean noneKept = kept == null || kept.size() == 0;
                in.forEach((prefix, path) ->
                {
                    if (noneKept || !kept.containsKey(prefix))
                    {
                        visit.route(prefix, path, path);
                    }
                });
            }
            if (kept != null)
            {
                kept.forEach((prefix, received) -> visit.route(prefix, received, in == null ? null : in.get(prefix)));
            }
        }
    }

    private void networks(final AfiSafi family, final Overlays overlays, final PrefixMap<Path> affected)
    {
        final Set<IpPrefix> was = new HashSet<>(rib.config().networks());
        final Set<IpPrefix> next = new HashSet<>(plan.next.networks());
        final PrefixMap<Path> o = new PrefixMap<>(AfiSafi.AFI_IPV6 == family.afi());
        for (final IpPrefix prefix : was)
        {
            if (!next.contains(prefix) && AfiSafi.unicastOf(prefix).equals(family))
            {
                o.put(prefix, NONE);
                affected.putIfAbsent(prefix, AFFECTED);
            }
        }
        for (final IpPrefix prefix : next)
        {
            if (!was.contains(prefix) && AfiSafi.unicastOf(prefix).equals(family))
            {
                o.put(prefix, BgpRib.networkPath());
                affected.putIfAbsent(prefix, AFFECTED);
            }
        }
        if (o.size() > 0)
        {
            overlays.add(rib.peers().indexOf(rib.localPeer()), o);
        }
    }

    /** One established neighbor's export side in one family, as the candidate would have it. */
    private final class Target
    {
        final Peer peer;
        final AdjRibOut out;
        final PreviewSampler<PolicyPreview.RouteChange>[] samplers;
        /** Its whole view is looked at again. */
        final boolean reexport;
        /** Its outgoing path is a function of the best's path and peer (as in sendChunk): kept per path. */
        final boolean perPath;
        /**
         * Its per-path answers may be worked out while the import runs ({@link ExportBehind}): they are per
         * path, and its export policy is not an evaluator the import uses meanwhile (an evaluator is used by
         * one thread at a time).
         */
        final boolean ahead;
        /** Its index in the per-path arrays of {@link Exported}. */
        final int index;
        /** {@link BgpRib#mayExport} answers, per source peer. */
        private final Peer[] maySources = new Peer[8];
        private final boolean[] mayAnswers = new boolean[8];
        private int mayCount;
        /** Prefixes looked at that it was sent. */
        int sentSeen;

        Target(final Peer peer, final AdjRibOut out, final PreviewSampler<PolicyPreview.RouteChange>[] samplers,
            final int index, final Set<PolicyEvaluator> importing)
        {
            this.peer = peer;
            this.out = out;
            this.samplers = samplers;
            this.reexport = plan.reexports(peer);
            final PolicyEvaluator policy = plan.exportPolicy(peer);
            this.perPath = policy == null || !policy.dependsOnPrefix();
            this.ahead = perPath && !importing.contains(policy);
            this.index = index;
        }

        /**
         * {@link BgpRib#mayExport} under the candidate settings: for one target it depends only on the best's
         * peer, so it is asked once per source peer and kept for the rest of the target's routes.
         */
        boolean mayExport(final LocRib.Best best)
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
            final boolean may = BgpRib.mayExport(plan, peer, best);
            if (mayCount < maySources.length)
            {
                maySources[mayCount] = best.peer;
                mayAnswers[mayCount++] = may;
            }
            return may;
        }
    }

    /**
     * Per best path, for each target ({@link Target#index}) that asked: whether something is sent (the outgoing
     * path itself is not kept: a full table's worth of them would live through the preview, and the garbage
     * collector would copy them; it is made again in the rare case it is needed), and the last path the target
     * was sent for a prefix and whether the two are equal (the prefixes of a path were mostly sent one path
     * together). So a million routes sharing a few hundred thousand paths cost no million exports or
     * attribute comparisons.
     */
    private static final class Exported extends PathMemo.Entry
    {
        /** The best's peer the answers are for (an interned path can be the best from two peers). */
        final Peer source;
        /**
         * Per target three slots: {@link #UNKNOWN}, {@link #SENDS} or {@link #SENDS_NOTHING}; the sent path last
         * compared with the outgoing one; {@link Boolean} equal. One array, not one per column.
         */
        final Object[] slots;

        Exported(final Peer source, final int targets)
        {
            this.source = source;
            this.slots = new Object[targets * 3];
            for (int i = 0; i < slots.length; i += 3)
            {
                slots[i] = UNKNOWN;
            }
        }
    }

    /** In {@link Exported}: not asked yet; something is sent; nothing is. */
    private static final Object UNKNOWN = new Object();
    private static final Object SENDS = new Object();
    private static final Object SENDS_NOTHING = new Object();

    /**
     * @return the best path's {@link Exported}, made if it has none for the best's peer.
     */
    private Exported entry(final LocRib.Best best, final PathMemo<Exported> memo)
    {
        Exported m = memo.get(best.path);
        if (m == null || m.source != best.peer)
        {
            m = new Exported(best.peer, exports.size());
            memo.put(best.path, m);
        }
        return m;
    }

    /**
     * @return whether the path sent and the outgoing one are equal, noted in the target's slots at {@code at}.
     */
    private static boolean compare(final Exported m, final int at, final Path old, final Path export)
    {
        final boolean same = old.equals(export);
        m.slots[at + 1] = old;
        m.slots[at + 2] = same;
        return same;
    }

    /**
     * What the live path would send the target for the prefix (sendChunk): the outgoing path through the
     * export code under the candidate settings, against what it was sent.
     */
    private void examine(final Target t, final AfiSafi family, final IpPrefix prefix, final LocRib.Best best,
        final PathMemo<Exported> memo)
    {
        Exported m = null;
        final int at = t.index * 3;
        Path export = null; // the outgoing path, once made
        final boolean sends;
        if (best == null || !t.mayExport(best))
        {
            sends = false;
        }
        else if (!t.perPath)
        {
            export = rib.exportPath(plan, t.peer, family, prefix, best);
            sends = export != null;
        }
        else
        {
            m = entry(best, memo);
            if (m.slots[at] == UNKNOWN)
            {
                export = rib.exportPath(plan, t.peer, family, prefix, best);
                m.slots[at] = export == null ? SENDS_NOTHING : SENDS;
            }
            sends = m.slots[at] == SENDS;
        }
        final Path old = t.out.sent.get(prefix);
        if (old != null)
        {
            t.sentSeen++;
        }
        final PreviewSampler<PolicyPreview.RouteChange> kind;
        if (!sends)
        {
            if (old == null)
            {
                return;
            }
            kind = t.samplers[1];
        }
        else if (old == null)
        {
            kind = t.samplers[0];
        }
        else
        {
            final boolean same;
            if (m != null && m.slots[at + 1] == old)
            {
                same = m.slots[at + 2] == Boolean.TRUE;
            }
            else
            {
                if (export == null)
                {
                    export = rib.exportPath(plan, t.peer, family, prefix, best);
                }
                same = m != null ? compare(m, at, old, export) : old.equals(export);
            }
            if (same)
            {
                return; // what sendChunk skips: the same path was sent
            }
            kind = t.samplers[2];
        }
        if (kind.wants(prefix))
        {
            if (sends && export == null)
            {
                export = rib.exportPath(plan, t.peer, family, prefix, best);
            }
            kind.add(prefix, new PolicyPreview.RouteChange(family, prefix, old, export));
        }
    }
}
