/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.policy.Policies;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.policy.PolicyEvaluator;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.BgpMessage;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static net.junction.bgp.rib.Routes.config;
import static net.junction.bgp.rib.Routes.ebgp;
import static net.junction.bgp.rib.Routes.ibgp;
import static net.junction.bgp.rib.Routes.withFlags;
import static net.junction.bgp.rib.Routes.withPolicies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Preview equals commit: over 100k routes from each of two eBGP peers (half of the prefixes from both),
 * random import and export policy changes (prefix ranges, communities; local-pref, MED, communities,
 * reject), next-hop-self toggles, multipath and network changes, each previewed and then committed through
 * {@link BgpRib#reconfigure}. What the commit is seen to do (the Adj-RIBs-In after policy, the Loc-RIB, what
 * the router RIB is told through the listener, the Adj-RIBs-Out and the UPDATEs sent per peer) must equal
 * the preview exactly. Seeded: a failure names its seed and round.
 */
class PolicyPreviewPropertyTest
{
    static final AfiSafi V4 = AfiSafi.IPV4_UNICAST;
    static final int ROUTES = Integer.getInteger("preview.routes", 100_000);
    static final int ROUNDS = Integer.getInteger("preview.rounds", 8);
    static final long SEED = Long.getLong("preview.seed", 20261206L);
    static final List<String> NEIGHBORS_IN = List.of("a", "b");
    static final List<String> NEIGHBORS_OUT = List.of("down", "i");

    static Prefix4 prefix(final int n)
    {
        return new Prefix4(0x0B000000 + (n << 8), 24);
    }

    static List<UpdateMessage> table(final int as, final int from, final String nextHop, final int salt)
    {
        final List<UpdateMessage> out = new ArrayList<>();
        for (int u = 0; u < ROUTES / 4; u++)
        {
            final List<Prefix4> nlri = new ArrayList<>(4);
            for (int i = 0; i < 4; i++)
            {
                nlri.add(prefix(from + u * 4 + i));
            }
            // Lengths 2..3 and MEDs that vary, so the two peers win about half of the shared prefixes each.
            final int[] asPath = (u + salt) % 3 == 0 ? new int[]{as, 100 + u % 50} : new int[]{as, 100 + u % 50, 7};
            out.add(UpdateMessage.announce(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
                PathAttribute.AsPath.sequence(asPath), new PathAttribute.NextHop(Ip4.parse(nextHop)),
                new PathAttribute.MultiExitDisc((u + salt) % 7),
                new PathAttribute.Communities(new int[]{PathAttribute.Communities.community(as % 65536, u % 20)})), nlri));
        }
        return out;
    }

    static Policy randomPolicy(final Random r, final String name)
    {
        final List<Policy.Term> terms = new ArrayList<>();
        final int n = r.nextInt(4);
        for (int t = 0; t < n; t++)
        {
            final Policy.Match match;
            if (r.nextBoolean())
            {
                // A /14 of /24s: 1024 prefixes.
                final int k = r.nextInt((ROUTES * 3 / 2 >> 10) + 1);
                match = new Policy.Match(Optional.empty(), List.of(new Policy.PrefixEntry(
                    new Prefix4(0x0B000000 + (k << 18), 14), 24, 24)), Optional.empty(), List.of(), List.of(), List.of());
            }
            else
            {
                match = new Policy.Match(Optional.empty(), List.of(), Optional.empty(),
                    List.of(new Policy.CommunityPattern(-1, r.nextInt(20))), List.of(), List.of());
            }
            final List<Policy.Action> actions = new ArrayList<>();
            switch (r.nextInt(4))
            {
                case 0 -> actions.add(new Policy.Action.SetLocalPref(50 + r.nextInt(250)));
                case 1 -> actions.add(new Policy.Action.SetMed(r.nextInt(10)));
                case 2 -> actions.add(new Policy.Action.AddCommunities(List.of(PathAttribute.Communities.community(65000, r.nextInt(5)))));
                default ->
                {
                }
            }
            terms.add(new Policy.Term("t" + t, match, actions,
                r.nextInt(4) == 0 ? Policy.Disposition.REJECT : Policy.Disposition.ACCEPT));
        }
        return new Policy(name, terms, r.nextInt(8) == 0 ? Policy.Disposition.REJECT : Policy.Disposition.ACCEPT);
    }

    /** Everything the commit can be seen to change. */
    record Observed(Map<String, Map<IpPrefix, Path>> accepted, Map<IpPrefix, BgpRib.Selected> locRib,
        Map<IpPrefix, RecordingListener.Installed> installed, Map<String, Map<IpPrefix, Path>> advertised)
    {
        static Observed of(final Harness h, final Set<IpPrefix> universe)
        {
            final Map<String, Map<IpPrefix, Path>> accepted = new HashMap<>();
            for (final String n : NEIGHBORS_IN)
            {
                final Map<IpPrefix, Path> m = new HashMap<>();
                h.rib.forEachRoute(n, BgpRib.View.ACCEPTED, V4, m::put);
                accepted.put(n, m);
            }
            final Map<IpPrefix, BgpRib.Selected> locRib = new HashMap<>();
            for (final IpPrefix p : universe)
            {
                final BgpRib.Selected s = h.rib.best(V4, p);
                if (s != null)
                {
                    locRib.put(p, s);
                }
            }
            final Map<String, Map<IpPrefix, Path>> advertised = new HashMap<>();
            for (final String n : NEIGHBORS_OUT)
            {
                final Map<IpPrefix, Path> m = new HashMap<>();
                h.rib.forEachRoute(n, BgpRib.View.ADVERTISED, V4, m::put);
                advertised.put(n, m);
            }
            return new Observed(accepted, locRib, new HashMap<>(h.listener.table), advertised);
        }
    }

    static <V> Set<IpPrefix> keys(final Map<IpPrefix, V> before, final Map<IpPrefix, V> after)
    {
        final Set<IpPrefix> all = new HashSet<>(before.keySet());
        all.addAll(after.keySet());
        all.removeIf(p -> Objects.equals(before.get(p), after.get(p)));
        return all;
    }

    static final Comparator<IpPrefix> ORDER = PreviewSampler.ORDER;

    /** The route changes of one table, classified as the preview classifies them: new, gone, changed. */
    static List<List<PolicyPreview.RouteChange>> routeChanges(final Map<IpPrefix, Path> before, final Map<IpPrefix, Path> after)
    {
        final List<List<PolicyPreview.RouteChange>> out = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        final List<IpPrefix> changed = new ArrayList<>(keys(before, after));
        changed.sort(ORDER);
        for (final IpPrefix p : changed)
        {
            final Path b = before.get(p);
            final Path a = after.get(p);
            out.get(b == null ? 0 : a == null ? 1 : 2).add(new PolicyPreview.RouteChange(V4, p, b, a));
        }
        return out;
    }

    static void assertSample(final List<PolicyPreview.RouteChange> expected, final PolicyPreview.Sample<PolicyPreview.RouteChange> actual,
        final String what)
    {
        assertEquals(expected.size(), actual.count(), what + " count");
        assertEquals(expected, actual.first(), what);
    }

    @Test
    void shouldPreviewExactlyWhatTheCommitDoes()
    {
        final long startNs = System.nanoTime();
        BgpConfig running = config(1, List.of(withPolicies(ebgp("a", "198.18.0.1", 65001), "in-a", null),
            withPolicies(ebgp("b", "198.18.0.2", 65002), "in-b", null),
            withPolicies(ebgp("down", "198.18.1.1", 65009), null, "out"), ibgp("i", "198.18.2.1")),
            Map.of("in-a", Policies.ACCEPT_ALL, "in-b", Policies.ACCEPT_ALL, "out", Policies.ACCEPT_ALL), List.of());
        final Harness h = new Harness(running);
        final Map<String, PolicyEvaluator> evaluators = new HashMap<>();
        running.policies().forEach((k, v) -> evaluators.put(k, new PolicyEvaluator(v)));
        h.rib.reconfigure(running, evaluators);
        for (final FakeSession s : h.sessions.values())
        {
            s.encode = false;
            s.trackView = false;
        }
        h.listener.record = true;
        h.up("a", 1);
        h.up("b", 2);
        h.up("down", 9);
        h.up("i", 10);
        table(65001, 0, "198.18.0.1", 0).forEach(m -> h.send("a", m));
        table(65002, ROUTES / 2, "198.18.0.2", 1).forEach(m -> h.send("b", m));
        final Set<IpPrefix> universe = new HashSet<>();
        for (int n = 0; n < ROUTES * 3 / 2; n++)
        {
            universe.add(prefix(n));
        }
        final List<IpPrefix> networks = List.of(IpPrefix.parse("198.18.200.0/24"), prefix(3));
        universe.addAll(networks);
        final long loadedNs = System.nanoTime();

        final Random r = new Random(SEED);
        long previewNs = 0;
        long commitNs = 0;
        for (int round = 0; round < ROUNDS; round++)
        {
            final String where = "seed " + SEED + " round " + round + ": ";
            final Map<String, Policy> policies = new HashMap<>(running.policies());
            for (final String name : List.of("in-a", "in-b", "out"))
            {
                if (r.nextBoolean())
                {
                    policies.put(name, randomPolicy(r, name));
                }
            }
            final List<PeerConfig> neighbors = new ArrayList<>(running.neighbors());
            if (r.nextInt(4) == 0)
            {
                final PeerConfig i = neighbors.get(3);
                neighbors.set(3, withFlags(i, !i.nextHopSelf(), false));
            }
            final int multipath = r.nextInt(5) == 0 ? 3 - running.multipath() : running.multipath();
            final List<IpPrefix> nets = r.nextInt(4) == 0 ? (running.networks().isEmpty() ? networks : List.of()) :
                running.networks();
            final BgpConfig next = new BgpConfig(running.localAs(), running.routerId(), running.listenAddress(),
                running.listenPort(), multipath, neighbors, policies, nets);
            final Map<String, PolicyEvaluator> compiled = new HashMap<>();
            for (final Map.Entry<String, Policy> e : policies.entrySet())
            {
                final PolicyEvaluator same = evaluators.get(e.getKey());
                compiled.put(e.getKey(), same != null && same.policy().equals(e.getValue()) ? same :
                    new PolicyEvaluator(e.getValue()));
            }

            final Observed before = Observed.of(h, universe);
            long t = System.nanoTime();
            final PolicyPreview preview = h.rib.preview(next, compiled, Set.of(), Integer.MAX_VALUE);
            previewNs += System.nanoTime() - t;
            assertEquals(before, Observed.of(h, universe), where + "the preview changed nothing");

            h.listener.changes.clear();
            h.sessions.values().forEach(s -> s.sent.clear());
            t = System.nanoTime();
            h.rib.reconfigure(next, compiled);
            commitNs += System.nanoTime() - t;
            evaluators.clear();
            evaluators.putAll(compiled);
            running = next;
            final Observed after = Observed.of(h, universe);

            // Import, per neighbor whose policy changed (and only those).
            for (final String n : NEIGHBORS_IN)
            {
                final List<List<PolicyPreview.RouteChange>> expected = routeChanges(before.accepted().get(n), after.accepted().get(n));
                final Optional<PolicyPreview.NeighborImport> in = preview.imports().stream().filter(x -> x.neighbor().equals(n)).findFirst();
                if (in.isEmpty())
                {
                    assertTrue(expected.stream().allMatch(List::isEmpty), where + n + " not previewed but changed");
                    continue;
                }
                assertSample(expected.get(0), in.get().accepted(), where + n + " newly accepted");
                assertSample(expected.get(1), in.get().rejected(), where + n + " rejected");
                assertSample(expected.get(2), in.get().changed(), where + n + " changed");
            }

            // The Loc-RIB.
            final List<IpPrefix> moved = new ArrayList<>(keys(before.locRib(), after.locRib()));
            moved.sort(ORDER);
            final List<PolicyPreview.BestChange> bests = new ArrayList<>();
            for (final IpPrefix p : moved)
            {
                bests.add(new PolicyPreview.BestChange(V4, p, before.locRib().get(p), after.locRib().get(p)));
            }
            assertEquals(bests.size(), preview.bestChanges().count(), where + "Loc-RIB changes");
            assertEquals(bests, preview.bestChanges().first(), where + "Loc-RIB changes");

            // What the router RIB was told (net of the commit).
            final List<IpPrefix> installed = new ArrayList<>(keys(before.installed(), after.installed()));
            installed.sort(ORDER);
            final List<PolicyPreview.RibChange> ribs = new ArrayList<>();
            for (final IpPrefix p : installed)
            {
                final RecordingListener.Installed b = before.installed().get(p);
                final RecordingListener.Installed a = after.installed().get(p);
                ribs.add(new PolicyPreview.RibChange(p, b == null ? List.<IpAddress>of() : b.nextHops(),
                    a == null ? List.of() : a.nextHops(), a != null && a.external(), a == null ? 0 : a.med()));
            }
            assertEquals(ribs, preview.ribChanges().first(), where + "router RIB changes");
            assertEquals(ribs.size(), preview.ribChanges().count(), where + "router RIB changes");
            assertEquals(new HashSet<>(installed), new HashSet<>(h.listener.changes), where + "listener calls");

            // Adj-RIBs-Out and the UPDATEs on the wire.
            for (final String n : NEIGHBORS_OUT)
            {
                final List<List<PolicyPreview.RouteChange>> expected = routeChanges(before.advertised().get(n), after.advertised().get(n));
                final PolicyPreview.NeighborExport out = preview.exports().stream().filter(x -> x.neighbor().equals(n))
                    .findFirst().orElseThrow();
                assertSample(expected.get(0), out.announced(), where + n + " announced");
                assertSample(expected.get(1), out.withdrawn(), where + n + " withdrawn");
                assertSample(expected.get(2), out.changed(), where + n + " changed");
                final List<IpPrefix> onTheWire = new ArrayList<>();
                for (final BgpMessage m : h.sessions.get(n).sent)
                {
                    if (m instanceof UpdateMessage u)
                    {
                        onTheWire.addAll(u.nlri());
                        onTheWire.addAll(u.withdrawnPrefixes());
                    }
                }
                assertEquals(out.announced().count() + out.withdrawn().count() + out.changed().count(), onTheWire.size(),
                    where + n + " UPDATEs carry each previewed change once");
                final Set<IpPrefix> previewed = new HashSet<>();
                for (final PolicyPreview.Sample<PolicyPreview.RouteChange> s : List.of(out.announced(), out.withdrawn(), out.changed()))
                {
                    s.first().forEach(c -> previewed.add(c.prefix()));
                }
                assertEquals(previewed, new HashSet<>(onTheWire), where + n + " UPDATEs");
            }
            System.out.printf("preview property: round %d: imports %s, %d Loc-RIB, %d router RIB, exports %s%n", round,
                preview.imports().stream().map(i -> i.neighbor() + " +" + i.accepted().count() + " -" + i.rejected().count() + " ~" + i.changed().count()).toList(),
                preview.bestChanges().count(), preview.ribChanges().count(),
                preview.exports().stream().map(e -> e.neighbor() + " +" + e.announced().count() + " -" + e.withdrawn().count() + " ~" + e.changed().count()).toList());
        }
        System.out.printf("preview property: %d + %d routes loaded in %.1f s; %d rounds: preview %.0f ms, commit %.0f ms in all; %.1f s%n",
            ROUTES, ROUTES, (loadedNs - startNs) / 1e9, ROUNDS, previewNs / 1e6, commitNs / 1e6, (System.nanoTime() - startNs) / 1e9);
    }
}
