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
import net.junction.routing.IpPrefix;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static net.junction.bgp.rib.Routes.announce;
import static net.junction.bgp.rib.Routes.attrs;
import static net.junction.bgp.rib.Routes.config;
import static net.junction.bgp.rib.Routes.ebgp;
import static net.junction.bgp.rib.Routes.p;
import static net.junction.bgp.rib.Routes.withPolicies;
import static net.junction.bgp.rib.Routes.withdraw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live reconfiguration of the RIB side: soft reconfiguration inbound over the Adj-RIB-In kept before
 * policy, export re-evaluation that sends only differences, networks and multipath. Fake sessions, so
 * every UPDATE and every router-RIB change is counted exactly.
 */
class SoftReconfigurationTest
{
    static final AfiSafi V4 = AfiSafi.IPV4_UNICAST;
    static final int ROUTES = 100;

    Harness h;
    BgpConfig running;
    final Map<String, PolicyEvaluator> evaluators = new HashMap<>();

    static Policy reject(final String name, final String prefix)
    {
        return new Policy(name, List.of(new Policy.Term("no-" + prefix, match(prefix), List.of(), Policy.Disposition.REJECT)),
            Policy.Disposition.ACCEPT);
    }

    static Policy.Match match(final String prefix)
    {
        return new Policy.Match(Optional.empty(), List.of(Policy.PrefixEntry.exact(p(prefix))), Optional.empty(),
            List.of(), List.of(), List.of());
    }

    static Policy medFor(final String name, final String prefix, final long med)
    {
        return new Policy(name, List.of(new Policy.Term("med", match(prefix), List.of(new Policy.Action.SetMed(med)),
            Policy.Disposition.ACCEPT)), Policy.Disposition.ACCEPT);
    }

    static String prefix(final int i)
    {
        return "11.0." + i + ".0/24";
    }

    @BeforeEach
    void setUp()
    {
        running = config(1, List.of(withPolicies(ebgp("a", "198.18.0.1", 65001), "in", null),
            withPolicies(ebgp("b", "198.18.0.2", 65001), "in", null),
            withPolicies(ebgp("down", "198.18.1.1", 65009), null, "out")),
            Map.of("in", Policies.ACCEPT_ALL, "out", Policies.ACCEPT_ALL), List.of());
        h = new Harness(running);
        for (final Map.Entry<String, Policy> e : running.policies().entrySet())
        {
            evaluators.put(e.getKey(), new PolicyEvaluator(e.getValue()));
        }
        h.rib.reconfigure(running, evaluators);
        h.up("a", 1);
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
        assertEquals(ROUTES, h.rib.locRibSize(V4));
        assertEquals(ROUTES, h.sessions.get("down").view.size());
        h.listener.changes.clear();
        h.sessions.get("down").sent.clear();
    }

    /** Apply a configuration as the speaker does: unchanged policies keep their evaluator. */
    void reconfigure(final BgpConfig next)
    {
        final Map<String, PolicyEvaluator> compiled = new HashMap<>();
        for (final Map.Entry<String, Policy> e : next.policies().entrySet())
        {
            final PolicyEvaluator same = evaluators.get(e.getKey());
            compiled.put(e.getKey(), same != null && same.policy().equals(e.getValue()) ? same :
                new PolicyEvaluator(e.getValue()));
        }
        for (final PeerConfig was : running.neighbors())
        {
            if (next.neighbors().stream().noneMatch(n -> n.remoteAddress().equals(was.remoteAddress())))
            {
                h.rib.removeNeighbor(was.name());
            }
        }
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

    List<UpdateMessage> updatesTo(final String peer)
    {
        final List<UpdateMessage> out = new ArrayList<>();
        for (final BgpMessage m : h.sessions.get(peer).sent)
        {
            if (m instanceof UpdateMessage u)
            {
                out.add(u);
            }
        }
        return out;
    }

    @Test
    void shouldKeepRoutesAsReceivedSharingUnchangedPaths()
    {
        final IpPrefix first = p(prefix(0));
        assertEquals(ROUTES, h.rib.receivedSize("a", V4));
        assertEquals(ROUTES, h.rib.adjRibInSize("a", V4));
        // Accepted unchanged: one interned path referenced from both tables, not a copy.
        assertSame(h.rib.received("a", V4, first), h.rib.adjRibIn("a", V4, first));
        assertEquals(ROUTES / 4, h.rib.distinctPaths());

        h.send("a", withdraw(prefix(0)));
        assertNull(h.rib.received("a", V4, first));
        assertNull(h.rib.adjRibIn("a", V4, first));
        assertEquals(ROUTES - 1, h.rib.receivedSize("a", V4));
    }

    @Test
    void shouldCountAndKeepRejectedAndLoopingRoutesAsReceived()
    {
        h.send("a", announce(attrs(65001, Routes.LOCAL_AS), "198.18.0.1", "11.1.0.0/24", "11.1.1.0/24"));
        assertEquals(ROUTES + 2, h.rib.receivedSize("a", V4));
        assertEquals(ROUTES, h.rib.adjRibInSize("a", V4));
        assertNotNull(h.rib.received("a", V4, p("11.1.0.0/24")));
        h.send("a", announce(attrs(65001, Routes.LOCAL_AS), "198.18.0.1", "11.1.0.0/24"));
        assertEquals(ROUTES + 2, h.rib.receivedSize("a", V4), "announced again: no new route");
        h.send("a", withdraw("11.1.0.0/24", prefix(1)));
        assertEquals(ROUTES, h.rib.receivedSize("a", V4));
    }

    @Test
    void shouldReimportOnlyTheRoutesAVrpChangeCovers()
    {
        final net.junction.bgp.rpki.VrpTable vrps = new net.junction.bgp.rpki.VrpTable();
        h.rib.originValidation(vrps);
        reconfigure(withPolicy("in", new Policy("in", List.of(new Policy.Term("rpki-invalid", new Policy.Match(Optional.empty(),
            List.of(), Optional.empty(), List.of(), List.of(), List.of(), List.of(net.junction.bgp.rpki.ValidationState.INVALID)),
            List.of(), Policy.Disposition.REJECT)), Policy.Disposition.ACCEPT)));
        assertEquals(List.of(), h.listener.changes, "no VRPs: every route not-found, accepted as before");

        // A VRP for another origin makes prefix 5 (origin 101) invalid: only it leaves, nothing asked of the peer.
        final IpPrefix five = p(prefix(5));
        vrps.add(new net.junction.bgp.rpki.Vrp(five, 24, 999));
        h.rib.originValidationChanged(java.util.Set.of(five));
        assertEquals(List.of(five), h.listener.changes);
        assertEquals(ROUTES - 1, h.rib.adjRibInSize("a", V4));
        assertEquals(ROUTES, h.rib.receivedSize("a", V4));
        assertEquals(List.of(five), updatesTo("down").getFirst().withdrawnPrefixes());

        // A covering VRP of origin 101: 11.0.4-7.0/24 are valid (5 back), every other route invalid.
        h.listener.changes.clear();
        final IpPrefix all = p("11.0.0.0/16");
        vrps.add(new net.junction.bgp.rpki.Vrp(all, 24, 101));
        h.rib.originValidationChanged(java.util.Set.of(all));
        assertEquals(4, h.rib.adjRibInSize("a", V4));
        assertEquals(ROUTES - 4 + 1, h.listener.changes.size(), "96 left, 5 came back");

        // The VRPs gone: every route not-found again, all accepted.
        vrps.clear();
        h.rib.originValidationChanged(java.util.Set.of(five, all));
        assertEquals(ROUTES, h.rib.adjRibInSize("a", V4));
    }

    @Test
    void shouldReimportOnlyWhatTheNewImportPolicyChanges()
    {
        reconfigure(withPolicy("in", reject("in", prefix(5))));

        assertEquals(List.of(p(prefix(5))), h.listener.changes, "only the rejected prefix leaves the router RIB");
        assertEquals(ROUTES, h.rib.receivedSize("a", V4));
        assertEquals(ROUTES - 1, h.rib.adjRibInSize("a", V4));
        final List<UpdateMessage> sent = updatesTo("down");
        assertEquals(1, sent.size(), "one UPDATE to the downstream peer: " + sent);
        assertEquals(List.of(p(prefix(5))), sent.getFirst().withdrawnPrefixes());
        assertTrue(sent.getFirst().nlri().isEmpty());

        // Back to accepting it: the route as received comes back without the peer sending anything.
        h.listener.changes.clear();
        h.sessions.get("down").sent.clear();
        reconfigure(withPolicy("in", Policies.ACCEPT_ALL));
        assertEquals(List.of(p(prefix(5))), h.listener.changes);
        assertEquals(ROUTES, h.rib.adjRibInSize("a", V4));
        assertEquals(1, updatesTo("down").size());
        assertEquals(List.of(p(prefix(5))), updatesTo("down").getFirst().nlri());
    }

    @Test
    void shouldReimportWhenTheNeighborsImportNameChanges()
    {
        final Map<String, Policy> policies = new HashMap<>(running.policies());
        policies.put("strict", reject("strict", prefix(7)));
        final List<PeerConfig> neighbors = new ArrayList<>(running.neighbors());
        neighbors.set(0, withPolicies(neighbors.get(0), "strict", null));
        reconfigure(new BgpConfig(running.localAs(), running.routerId(), running.listenAddress(), running.listenPort(),
            1, neighbors, policies, List.of()));

        assertEquals(List.of(p(prefix(7))), h.listener.changes);
        assertNull(h.rib.adjRibIn("a", V4, p(prefix(7))));
        assertNotNull(h.rib.received("a", V4, p(prefix(7))));
    }

    @Test
    void shouldSendOnlyTheDifferencesWhenTheExportPolicyChanges()
    {
        reconfigure(withPolicy("out", reject("out", prefix(9))));
        List<UpdateMessage> sent = updatesTo("down");
        assertEquals(1, sent.size(), "one withdrawal, nothing re-sent: " + sent);
        assertEquals(List.of(p(prefix(9))), sent.getFirst().withdrawnPrefixes());
        assertTrue(h.listener.changes.isEmpty(), "the Loc-RIB did not change");
        assertEquals(ROUTES - 1, h.rib.adjRibOutSize("down", V4));

        h.sessions.get("down").sent.clear();
        reconfigure(withPolicy("out", medFor("out", prefix(3), 50)));
        sent = updatesTo("down");
        // prefix 9 is advertised again, prefix 3 with its new MED: two UPDATEs (two paths), nothing else.
        assertEquals(2, sent.size(), "" + sent);
        final List<IpPrefix> announced = new ArrayList<>();
        sent.forEach(u -> announced.addAll(u.nlri()));
        assertEquals(2, announced.size());
        assertTrue(announced.containsAll(List.of(p(prefix(9)), p(prefix(3)))));
        assertEquals(50L, h.sessions.get("down").view.get(p(prefix(3))).attributes().multiExitDisc().value());
    }

    @Test
    void shouldOriginateAndWithdrawNetworks()
    {
        final BgpConfig with = new BgpConfig(running.localAs(), running.routerId(), running.listenAddress(),
            running.listenPort(), 1, running.neighbors(), running.policies(), List.of(p("198.18.200.0/24")));
        reconfigure(with);
        assertEquals(ROUTES + 1, h.rib.locRibSize(V4));
        assertTrue(h.sessions.get("down").view.containsKey(p("198.18.200.0/24")));

        reconfigure(new BgpConfig(running.localAs(), running.routerId(), running.listenAddress(), running.listenPort(), 1,
            running.neighbors(), running.policies(), List.of()));
        assertEquals(ROUTES, h.rib.locRibSize(V4));
        assertTrue(!h.sessions.get("down").view.containsKey(p("198.18.200.0/24")));
    }

    @Test
    void shouldRunTheDecisionAgainWhenMultipathChanges()
    {
        // A second session to the same neighbor AS (eBGP multipath needs one neighbor AS).
        h.up("b", 2);
        h.send("b", announce(attrs(65001, 100), "198.18.0.2", prefix(0)));
        assertEquals(1, h.best(prefix(0)).nextHops().size());

        reconfigure(new BgpConfig(running.localAs(), running.routerId(), running.listenAddress(), running.listenPort(), 2,
            running.neighbors(), running.policies(), running.networks()));
        assertEquals(2, h.best(prefix(0)).nextHops().size());
        assertEquals(2, h.listener.table.get(p(prefix(0))).nextHops().size(), "the router RIB got both next hops");

        reconfigure(new BgpConfig(running.localAs(), running.routerId(), running.listenAddress(), running.listenPort(), 1,
            running.neighbors(), running.policies(), running.networks()));
        assertEquals(1, h.best(prefix(0)).nextHops().size());
    }

    @Test
    void shouldReflectToOtherIbgpPeersOnceANeighborBecomesAClient()
    {
        final BgpConfig ibgp = config(1, List.of(Routes.ibgp("x", "198.18.2.1"), Routes.ibgp("y", "198.18.2.2")),
            Map.of(), List.of());
        h = new Harness(ibgp);
        running = ibgp;
        evaluators.clear();
        h.up("x", 11);
        h.up("y", 12);
        h.send("x", announce(attrs(), "198.18.2.1", "11.9.0.0/24"));
        assertTrue(h.sessions.get("y").view.isEmpty(), "iBGP to iBGP: not without a client (RFC 4456)");

        reconfigure(config(1, List.of(Routes.withFlags(Routes.ibgp("x", "198.18.2.1"), false, true),
            Routes.ibgp("y", "198.18.2.2")), Map.of(), List.of()));
        assertTrue(h.sessions.get("y").view.containsKey(p("11.9.0.0/24")), "reflected from the new client");
        assertEquals(Routes.ROUTER_ID, ((PathAttribute.ClusterList)h.sessions.get("y").view.get(p("11.9.0.0/24"))
            .attributes().get(PathAttribute.CLUSTER_LIST)).get(0));

        // next-hop-self toward y: the same route again with our address, nothing else.
        h.sessions.get("y").sent.clear();
        reconfigure(config(1, List.of(Routes.withFlags(Routes.ibgp("x", "198.18.2.1"), false, true),
            Routes.withFlags(Routes.ibgp("y", "198.18.2.2"), true, false)), Map.of(), List.of()));
        assertEquals(1, updatesTo("y").size());
        assertEquals(Routes.LOCAL_ADDRESS, h.sessions.get("y").view.get(p("11.9.0.0/24")).nextHop());
    }

    @Test
    void shouldWithdrawEverythingOfARemovedNeighbor()
    {
        final BgpConfig next = new BgpConfig(running.localAs(), running.routerId(), running.listenAddress(),
            running.listenPort(), 1, running.neighbors().subList(1, 3), running.policies(), running.networks());
        h.down("a", false);
        reconfigure(next);
        assertEquals(0, h.rib.locRibSize(V4));
        assertEquals(0, h.rib.receivedSize("a", V4));
        assertTrue(h.sessions.get("down").view.isEmpty());
        assertEquals(0, h.rib.distinctPaths(), "no path left interned");
    }

    @Test
    void shouldPurgeStaleRoutesFromBothTablesAfterGracefulRestart()
    {
        h.down("a", true);
        assertEquals(ROUTES, h.rib.receivedSize("a", V4));
        h.up("a", 1);
        // Re-announced: 0..3; everything else stays stale until End-of-RIB.
        h.send("a", announce(attrs(65001, 100), "198.18.0.1", prefix(0), prefix(1), prefix(2), prefix(3)));
        h.rib.endOfRib(h.sessions.get("a"), V4);
        assertEquals(4, h.rib.receivedSize("a", V4));
        assertEquals(4, h.rib.adjRibInSize("a", V4));
        assertEquals(PathAttribute.AsPath.sequence(65001, 100), h.rib.received("a", V4, p(prefix(0))).attributes().asPath());
    }
}
