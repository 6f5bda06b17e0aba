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
import net.junction.routing.IpPrefix;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static net.junction.bgp.rib.Routes.a;
import static net.junction.bgp.rib.Routes.announce;
import static net.junction.bgp.rib.Routes.attrs;
import static net.junction.bgp.rib.Routes.config;
import static net.junction.bgp.rib.Routes.ebgp;
import static net.junction.bgp.rib.Routes.p;
import static net.junction.bgp.rib.Routes.withPolicies;
import static net.junction.bgp.rib.SoftReconfigurationTest.medFor;
import static net.junction.bgp.rib.SoftReconfigurationTest.prefix;
import static net.junction.bgp.rib.SoftReconfigurationTest.reject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The change preview, part by part, each time checked against the commit that follows: import flips both
 * ways, attributes changed by a policy action, export newly sent and withdrawn, a best change that moves
 * next hops, a neighbor that is down with its routes kept stale, neighbors that go, and bad input.
 */
class PolicyPreviewTest
{
    static final AfiSafi V4 = AfiSafi.IPV4_UNICAST;
    static final int ROUTES = 100;

    Harness h;
    BgpConfig running;
    final Map<String, PolicyEvaluator> evaluators = new HashMap<>();

    @BeforeEach
    void setUp()
    {
        running = config(1, List.of(withPolicies(ebgp("a", "198.18.0.1", 65001), "in", null),
            withPolicies(ebgp("b", "198.18.0.2", 65002), "in-b", null),
            withPolicies(ebgp("down", "198.18.1.1", 65009), null, "out")),
            Map.of("in", Policies.ACCEPT_ALL, "in-b", Policies.ACCEPT_ALL, "out", Policies.ACCEPT_ALL), List.of());
        h = new Harness(running);
        for (final Map.Entry<String, Policy> e : running.policies().entrySet())
        {
            evaluators.put(e.getKey(), new PolicyEvaluator(e.getValue()));
        }
        h.rib.reconfigure(running, evaluators);
        h.up("a", 1);
        h.up("b", 2);
        h.up("down", 9);
        for (int u = 0; u < ROUTES / 4; u++)
        {
            final String[] nlri = new String[4];
            for (int i = 0; i < 4; i++)
            {
                nlri[i] = prefix(u * 4 + i);
            }
            h.send("a", announce(attrs(65001, 100 + u), "198.18.0.1", nlri));
        }
        // b has a shorter AS path for prefix 0: its route is the best there.
        h.send("b", announce(attrs(65002), "198.18.0.2", prefix(0)));
        h.listener.changes.clear();
        h.sessions.get("down").sent.clear();
    }

    Map<String, PolicyEvaluator> compile(final BgpConfig next)
    {
        final Map<String, PolicyEvaluator> compiled = new HashMap<>();
        for (final Map.Entry<String, Policy> e : next.policies().entrySet())
        {
            final PolicyEvaluator same = evaluators.get(e.getKey());
            compiled.put(e.getKey(), same != null && same.policy().equals(e.getValue()) ? same :
                new PolicyEvaluator(e.getValue()));
        }
        return compiled;
    }

    PolicyPreview preview(final BgpConfig next)
    {
        return h.rib.preview(next, compile(next), Set.of(), 10);
    }

    void commit(final BgpConfig next)
    {
        final Map<String, PolicyEvaluator> compiled = compile(next);
        h.rib.reconfigure(next, compiled);
        evaluators.clear();
        evaluators.putAll(compiled);
        running = next;
    }

    BgpConfig withPolicy(final String name, final Policy policy)
    {
        final Map<String, Policy> policies = new HashMap<>(running.policies());
        policies.put(name, policy);
        return new BgpConfig(running.localAs(), running.routerId(), running.listenAddress(), running.listenPort(),
            running.multipath(), running.neighbors(), policies, running.networks());
    }

    static List<IpPrefix> prefixes(final PolicyPreview.Sample<PolicyPreview.RouteChange> s)
    {
        return s.first().stream().map(PolicyPreview.RouteChange::prefix).toList();
    }

    PolicyPreview.NeighborImport importOf(final PolicyPreview preview, final String neighbor)
    {
        return preview.imports().stream().filter(i -> i.neighbor().equals(neighbor)).findFirst().orElseThrow();
    }

    PolicyPreview.NeighborExport exportOf(final PolicyPreview preview, final String neighbor)
    {
        return preview.exports().stream().filter(i -> i.neighbor().equals(neighbor)).findFirst().orElseThrow();
    }

    /** What the listener heard since the last clear, by prefix, against what the preview said it would hear. */
    void assertRibChangesAsPreviewed(final PolicyPreview preview)
    {
        assertEquals(preview.ribChanges().count(), h.listener.changes.size(), "router RIB calls " + h.listener.changes);
        for (final PolicyPreview.RibChange c : preview.ribChanges().first())
        {
            assertTrue(h.listener.changes.contains(c.prefix()));
            final RecordingListener.Installed now = h.listener.table.get(c.prefix());
            assertEquals(c.after(), now == null ? List.of() : now.nextHops());
        }
    }

    @Test
    void shouldPreviewImportFlipsBothWaysAndMatchTheCommit()
    {
        BgpConfig next = withPolicy("in", reject("in", prefix(5)));
        PolicyPreview preview = preview(next);
        assertEquals(List.of("a"), preview.imports().stream().map(PolicyPreview.NeighborImport::neighbor).toList());
        assertEquals(1, importOf(preview, "a").rejected().count());
        assertEquals(List.of(p(prefix(5))), prefixes(importOf(preview, "a").rejected()));
        assertNull(importOf(preview, "a").rejected().first().getFirst().after());
        assertEquals(0, importOf(preview, "a").accepted().count());
        assertEquals(List.of(p(prefix(5))), prefixes(exportOf(preview, "down").withdrawn()));
        assertEquals(1, preview.bestChanges().count());
        assertNull(preview.bestChanges().first().getFirst().after());
        assertEquals("a", preview.bestChanges().first().getFirst().before().peer());
        assertEquals(ROUTES, h.rib.adjRibInSize("a", V4), "the preview changed nothing");
        assertTrue(h.listener.changes.isEmpty());
        assertTrue(h.sessions.get("down").sent.isEmpty());

        commit(next);
        assertRibChangesAsPreviewed(preview);
        assertEquals(ROUTES - 1, h.rib.adjRibInSize("a", V4));

        // The other way, and another prefix rejected: one of each.
        h.listener.changes.clear();
        next = withPolicy("in", reject("in", prefix(6)));
        preview = preview(next);
        assertEquals(List.of(p(prefix(5))), prefixes(importOf(preview, "a").accepted()));
        assertEquals(List.of(p(prefix(6))), prefixes(importOf(preview, "a").rejected()));
        assertEquals(List.of(p(prefix(5))), prefixes(exportOf(preview, "down").announced()));
        assertEquals(List.of(p(prefix(6))), prefixes(exportOf(preview, "down").withdrawn()));
        commit(next);
        assertRibChangesAsPreviewed(preview);
    }

    @Test
    void shouldPreviewAChangeOfEveryPathThroughAnEvaluatorThatBothImportsAndExports()
    {
        // One policy, so one evaluator, as a's import policy and down's export policy: a change of every path
        // (worked out once per path, the export ahead on the preview's helper thread, but never through an
        // evaluator the import is using).
        final Policy med = new Policy("in", List.of(new Policy.Term("med", Policy.Match.ANY,
            List.of(new Policy.Action.SetMed(7)), Policy.Disposition.ACCEPT)), Policy.Disposition.REJECT);
        final List<PeerConfig> neighbors = new ArrayList<>();
        for (final PeerConfig n : running.neighbors())
        {
            neighbors.add(n.name().equals("down") ? withPolicies(n, null, "in") : n);
        }
        final BgpConfig shared = withPolicy("in", med);
        final BgpConfig next = new BgpConfig(shared.localAs(), shared.routerId(), shared.listenAddress(),
            shared.listenPort(), shared.multipath(), neighbors, shared.policies(), shared.networks());
        final PolicyPreview preview = preview(next);
        assertEquals(ROUTES, importOf(preview, "a").changed().count());
        assertEquals(ROUTES - 1, preview.bestChanges().count(), "prefix 0 stays b's");
        final PolicyPreview.NeighborExport down = exportOf(preview, "down");
        assertEquals(ROUTES, down.changed().count(), "every route, MED 7 from the export policy");
        assertEquals(0, down.announced().count() + down.withdrawn().count());

        commit(next);
        assertRibChangesAsPreviewed(preview);
        for (final PolicyPreview.RouteChange c : down.changed().first())
        {
            assertEquals(7, c.after().med());
            assertEquals(c.after(), h.rib.adjRibOut("down", V4, c.prefix()));
        }
    }

    @Test
    void shouldThrowWhatTheExportOrTheDecisionFailedWithAndPreviewAgainAfter()
    {
        // The export runs on the preview's helper thread, the decision on the caller's: either's failure
        // reaches the caller, and the helper is gone (the next preview runs).
        final BgpConfig next = withPolicy("in", medFor("in", prefix(3), 50));
        h.exportFailure = new IllegalStateException("no local address");
        assertEquals("no local address", assertThrows(IllegalStateException.class, () -> preview(next)).getMessage());
        h.exportFailure = null;
        h.decisionFailure = new IllegalStateException("no resolver");
        assertEquals("no resolver", assertThrows(IllegalStateException.class, () -> preview(next)).getMessage());
        h.decisionFailure = null;
        final PolicyPreview preview = preview(next);
        assertEquals(1, importOf(preview, "a").changed().count());
        assertEquals(ROUTES, h.rib.adjRibInSize("a", V4), "the previews changed nothing");
    }

    @Test
    void shouldPreviewAttributesChangedByAPolicyAction()
    {
        final BgpConfig next = withPolicy("in", medFor("in", prefix(3), 50));
        final PolicyPreview preview = preview(next);
        final PolicyPreview.NeighborImport in = importOf(preview, "a");
        assertEquals(1, in.changed().count());
        assertEquals(0, in.accepted().count() + in.rejected().count());
        assertEquals(50, in.changed().first().getFirst().after().med());
        assertEquals(0, in.changed().first().getFirst().before().med());
        assertEquals(1, preview.bestChanges().count());
        // The router RIB hears of it (its metric is the MED); an eBGP neighbor does not (MED stays in the AS).
        assertEquals(1, preview.ribChanges().count());
        assertEquals(50, preview.ribChanges().first().getFirst().med());
        assertTrue(exportOf(preview, "down").changed().isEmpty());
        commit(next);
        assertRibChangesAsPreviewed(preview);
        assertTrue(h.sessions.get("down").sent.isEmpty());
    }

    @Test
    void shouldPreviewExportNewlySentWithdrawnAndChanged()
    {
        BgpConfig next = withPolicy("out", reject("out", prefix(9)));
        PolicyPreview preview = preview(next);
        assertTrue(preview.imports().isEmpty());
        assertTrue(preview.bestChanges().isEmpty());
        assertTrue(preview.ribChanges().isEmpty());
        assertEquals(List.of(p(prefix(9))), prefixes(exportOf(preview, "down").withdrawn()));
        assertEquals(0, exportOf(preview, "down").announced().count() + exportOf(preview, "down").changed().count());
        commit(next);
        assertEquals(ROUTES - 1, h.rib.adjRibOutSize("down", V4));

        next = withPolicy("out", medFor("out", prefix(3), 50));
        preview = preview(next);
        assertEquals(List.of(p(prefix(9))), prefixes(exportOf(preview, "down").announced()));
        assertEquals(List.of(p(prefix(3))), prefixes(exportOf(preview, "down").changed()));
        final PolicyPreview.RouteChange changed = exportOf(preview, "down").changed().first().getFirst();
        assertEquals(50, changed.after().med());
        h.sessions.get("down").sent.clear();
        commit(next);
        assertEquals(changed.after(), h.rib.adjRibOut("down", V4, p(prefix(3))));
        assertEquals(2, h.sessions.get("down").sent.size(), "two UPDATEs (two paths): " + h.sessions.get("down").sent);
    }

    @Test
    void shouldPreviewABestChangeThatMovesNextHops()
    {
        assertEquals("b", h.bestPeer(prefix(0)));
        final BgpConfig next = withPolicy("in-b", Policies.REJECT_ALL);
        final PolicyPreview preview = preview(next);
        assertEquals(1, preview.bestChanges().count());
        final PolicyPreview.BestChange best = preview.bestChanges().first().getFirst();
        assertEquals("b", best.before().peer());
        assertEquals("a", best.after().peer());
        final PolicyPreview.RibChange rib = preview.ribChanges().first().getFirst();
        assertEquals(List.of(a("198.18.0.2")), rib.before());
        assertEquals(List.of(a("198.18.0.1")), rib.after());
        assertTrue(rib.external());
        // The downstream peer gets a's path now (another AS path): one route changed.
        assertEquals(List.of(p(prefix(0))), prefixes(exportOf(preview, "down").changed()));
        commit(next);
        assertRibChangesAsPreviewed(preview);
        assertEquals(List.of(a("198.18.0.1")), h.listener.table.get(p(prefix(0))).nextHops());
    }

    @Test
    void shouldPreviewANeighborThatIsDownWithItsRoutesKeptStale()
    {
        // Graceful restart: a's session is down, its routes as received are kept (stale) and still used.
        h.down("a", true);
        h.listener.changes.clear();
        final BgpConfig next = withPolicy("in", reject("in", prefix(7)));
        final PolicyPreview preview = preview(next);
        assertEquals(List.of(p(prefix(7))), prefixes(importOf(preview, "a").rejected()));
        assertTrue(preview.exports().stream().noneMatch(e -> e.neighbor().equals("a")), "no session: nothing sent");
        commit(next);
        assertRibChangesAsPreviewed(preview);
        assertNull(h.rib.adjRibIn("a", V4, p(prefix(7))));
    }

    @Test
    void shouldPreviewNeighborsThatGo()
    {
        final PolicyPreview preview = h.rib.preview(running, evaluators, Set.of("a"), 5);
        assertEquals(List.of("a"), preview.neighborsGoing());
        // All of a's routes leave but prefix 0, where b's stays the best.
        assertEquals(ROUTES - 1, preview.bestChanges().count());
        assertEquals(ROUTES - 1, preview.ribChanges().count());
        assertEquals(5, preview.ribChanges().first().size());
        assertEquals(List.of(p(prefix(1)), p(prefix(2)), p(prefix(3)), p(prefix(4)), p(prefix(5))),
            preview.ribChanges().first().stream().map(PolicyPreview.RibChange::prefix).toList());
        assertEquals(ROUTES - 1, exportOf(preview, "down").withdrawn().count());
        h.down("a", false);
        h.rib.removeNeighbor("a");
        assertRibChangesAsPreviewed(preview);
        assertEquals(1, h.rib.adjRibOutSize("down", V4));
    }

    @Test
    void shouldPreviewNothingForTheRunningConfiguration()
    {
        assertTrue(h.rib.preview(running, evaluators, Set.of(), 10).isEmpty());
    }

    @Test
    void shouldRefuseBadInputAndChangeNothing()
    {
        assertThrows(IllegalArgumentException.class, () -> h.rib.preview(running, evaluators, Set.of(), -1));
        assertThrows(IllegalArgumentException.class, () -> h.rib.preview(running, evaluators, Set.of("nobody"), 1));
        final Map<String, PolicyEvaluator> missing = new HashMap<>(evaluators);
        missing.remove("in");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> h.rib.preview(running, missing, Set.of(), 1));
        assertTrue(e.getMessage().contains("'in'"), e.getMessage());
        assertEquals(ROUTES, h.rib.locRibSize(V4));
        assertTrue(h.listener.changes.isEmpty());
    }

    @Test
    void shouldPreviewNetworksAndMultipath()
    {
        final List<PeerConfig> neighbors = new ArrayList<>(running.neighbors());
        final BgpConfig next = new BgpConfig(running.localAs(), running.routerId(), running.listenAddress(),
            running.listenPort(), 2, neighbors, running.policies(), List.of(p("198.18.200.0/24")));
        final PolicyPreview preview = preview(next);
        // A new network: a Loc-RIB entry (installs nothing: the router has it) and one route to down.
        assertEquals(List.of(p("198.18.200.0/24")), prefixes(exportOf(preview, "down").announced()));
        assertEquals(1, preview.bestChanges().count());
        assertEquals("local", preview.bestChanges().first().getFirst().after().peer());
        assertTrue(preview.ribChanges().isEmpty(), "multipath over different neighbor ASes adds nothing");
        commit(next);
        assertTrue(h.listener.changes.isEmpty());
        assertEquals(ROUTES + 1, h.rib.locRibSize(V4));
    }
}
