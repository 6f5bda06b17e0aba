/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.policy.Policies;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.routing.Ip4;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static net.junction.bgp.rib.Routes.a;
import static net.junction.bgp.rib.Routes.announce;
import static net.junction.bgp.rib.Routes.attrs;
import static net.junction.bgp.rib.Routes.config;
import static net.junction.bgp.rib.Routes.ebgp;
import static net.junction.bgp.rib.Routes.ibgp;
import static net.junction.bgp.rib.Routes.p;
import static net.junction.bgp.rib.Routes.withPolicies;
import static net.junction.bgp.rib.Routes.withdraw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 4271 §9.1.2.2 and RFC 4456 §9, one tie-breaker at a time. */
class DecisionProcessTest
{
    static final String P = "203.0.113.0/24";
    static final Map<String, Policy> ACCEPT = Map.of("all", Policies.ACCEPT_ALL);

    /** Three iBGP peers a, b, c (router ids 1, 2, 3; addresses .1, .2, .3). */
    static Harness ibgp3(final int multipath)
    {
        final Harness h = new Harness(config(multipath,
            List.of(ibgp("a", "198.18.0.1"), ibgp("b", "198.18.0.2"), ibgp("c", "198.18.0.3")), Map.of(), List.of()));
        h.up("a", 1);
        h.up("b", 2);
        h.up("c", 3);
        return h;
    }

    /** Two eBGP peers x (AS 65001) and y (AS 65002) with accept-all policies, and iBGP a. */
    static Harness mixed(final int multipath)
    {
        final Harness h = new Harness(config(multipath, List.of(
            withPolicies(ebgp("x", "198.18.1.1", 65001), "all", "all"),
            withPolicies(ebgp("y", "198.18.1.2", 65002), "all", "all"),
            withPolicies(ebgp("z", "198.18.1.3", 65001), "all", "all"),
            ibgp("a", "198.18.0.1")), ACCEPT, List.of()));
        h.up("x", 11);
        h.up("y", 12);
        h.up("z", 13);
        h.up("a", 1);
        return h;
    }

    @Test
    void shouldPreferHighestLocalPref()
    {
        final Harness h = ibgp3(1);
        h.send("a", announce(attrs(65001), "198.18.10.1", P));
        h.send("b", announce(attrs(65001, 65002, 65003).put(new PathAttribute.LocalPref(200)), "198.18.10.2", P));
        assertEquals("b", h.bestPeer(P));
        // Absent LOCAL_PREF counts as 100: 150 beats it.
        h.send("c", announce(attrs(65001).put(new PathAttribute.LocalPref(150)), "198.18.10.3", P));
        h.send("b", withdraw(P));
        assertEquals("c", h.bestPeer(P));
    }

    @Test
    void shouldPreferShortestAsPathCountingSetsAsOneAndConfederationsAsZero()
    {
        final Harness h = ibgp3(1);
        h.send("a", announce(attrs(65001, 65002, 65003), "198.18.10.1", P));
        h.send("b", announce(attrs().put(Routes.path(AsPathSegment.sequence(65001),
            AsPathSegment.set(65005, 65006, 65007, 65008))), "198.18.10.2", P));
        assertEquals("b", h.bestPeer(P), "1 + a set of 4 = 2 < 3");
        h.send("c", announce(attrs().put(Routes.path(new AsPathSegment(AsPathSegment.AS_CONFED_SEQUENCE, 64512, 64513),
            AsPathSegment.sequence(65001))), "198.18.10.3", P));
        assertEquals("c", h.bestPeer(P), "confederation segments count 0");
    }

    @Test
    void shouldPreferLowestOrigin()
    {
        final Harness h = ibgp3(1);
        h.send("a", announce(attrs(65001).put(PathAttribute.Origin.ORIGIN_INCOMPLETE), "198.18.10.1", P));
        h.send("b", announce(attrs(65001).put(PathAttribute.Origin.ORIGIN_EGP), "198.18.10.2", P));
        assertEquals("b", h.bestPeer(P));
        h.send("c", announce(attrs(65001), "198.18.10.3", P));
        assertEquals("c", h.bestPeer(P));
    }

    @Test
    void shouldCompareMedOnlyBetweenPathsFromTheSameNeighborAs()
    {
        final Harness h = ibgp3(1);
        // c: neighbor AS 65001, MED 50; b: neighbor AS 65001, MED 10 beats c.
        h.send("c", announce(attrs(65001).put(new PathAttribute.MultiExitDisc(50)), "198.18.10.3", P));
        h.send("b", announce(attrs(65001).put(new PathAttribute.MultiExitDisc(10)), "198.18.10.2", P));
        assertEquals("b", h.bestPeer(P));
        // a: another neighbor AS with a higher MED; MED does not compare them, the router id does (a = 1).
        h.send("a", announce(attrs(65009).put(new PathAttribute.MultiExitDisc(99)), "198.18.10.1", P));
        assertEquals("a", h.bestPeer(P));
        // Missing MED is 0, the best.
        h.send("c", announce(attrs(65001), "198.18.10.3", P));
        assertEquals("a", h.bestPeer(P));
        h.send("a", withdraw(P));
        assertEquals("c", h.bestPeer(P));
    }

    @Test
    void shouldPreferEbgpOverIbgp()
    {
        final Harness h = mixed(1);
        h.send("a", announce(attrs(65009), "198.18.10.1", P));
        assertEquals("a", h.bestPeer(P));
        assertFalse(h.best(P).external());
        h.send("y", announce(attrs(65002), "198.18.1.2", P));
        assertEquals("y", h.bestPeer(P));
        assertTrue(h.best(P).external());
        assertEquals(100, h.best(P).path().localPref(), "eBGP routes get LOCAL_PREF 100 on import");
        assertEquals(100, h.rib.adjRibIn("y", net.junction.bgp.wire.AfiSafi.IPV4_UNICAST, p(P)).attributes()
            .localPref().value());
    }

    @Test
    void shouldPreferLowestIgpCost()
    {
        final Harness h = ibgp3(1);
        h.costs.put(a("198.18.10.1"), 20L);
        h.costs.put(a("198.18.10.2"), 10L);
        h.send("a", announce(attrs(65001), "198.18.10.1", P));
        h.send("b", announce(attrs(65009), "198.18.10.2", P));
        assertEquals("b", h.bestPeer(P));
        h.costs.put(a("198.18.10.2"), 30L);
        h.rib.nextHopsChanged();
        assertEquals("a", h.bestPeer(P));
    }

    @Test
    void shouldExcludeUnreachableNextHops()
    {
        final Harness h = ibgp3(1);
        h.unreachable.add(a("198.18.10.1"));
        h.send("a", announce(attrs(65001).put(new PathAttribute.LocalPref(500)), "198.18.10.1", P));
        assertNull(h.best(P));
        h.send("b", announce(attrs(65001), "198.18.10.2", P));
        assertEquals("b", h.bestPeer(P));
        h.unreachable.clear();
        h.rib.nextHopsChanged();
        assertEquals("a", h.bestPeer(P));
        assertEquals(List.of(a("198.18.10.1")), h.listener.table.get(p(P)).nextHops());
    }

    @Test
    void shouldPreferShortestClusterListAmongEqualOriginators()
    {
        // One route reflected on two ways: same ORIGINATOR_ID, so step (f) ties and the shorter
        // CLUSTER_LIST decides (RFC 4456 §9: between steps f and g).
        final Harness h = ibgp3(1);
        final PathAttribute originator = new PathAttribute.OriginatorId(Ip4.parse("198.18.0.9"));
        h.send("a", announce(attrs(65001).put(originator).put(new PathAttribute.ClusterList(new int[]{7, 8})),
            "198.18.10.1", P));
        h.send("b", announce(attrs(65001).put(originator).put(new PathAttribute.ClusterList(new int[]{9})),
            "198.18.10.2", P));
        assertEquals("b", h.bestPeer(P));
    }

    @Test
    void shouldCompareTheBgpIdentifierBeforeTheClusterListLength()
    {
        // RFC 4456 §9 inserts the CLUSTER_LIST rule after step (f): a's identifier 1 beats b's 2,
        // however long a's CLUSTER_LIST.
        final Harness h = ibgp3(1);
        h.send("a", announce(attrs(65001).put(new PathAttribute.ClusterList(new int[]{7, 8})), "198.18.10.1", P));
        h.send("b", announce(attrs(65001).put(new PathAttribute.ClusterList(new int[]{9})), "198.18.10.2", P));
        assertEquals("a", h.bestPeer(P));
    }

    @Test
    void shouldPreferLowestOriginatorIdOrRouterId()
    {
        final Harness h = ibgp3(1);
        h.send("a", announce(attrs(65001).put(new PathAttribute.OriginatorId(Ip4.parse("198.18.0.9"))), "198.18.10.1", P));
        h.send("c", announce(attrs(65001), "198.18.10.3", P));
        assertEquals("c", h.bestPeer(P), "router id 3 < ORIGINATOR_ID 198.18.0.9");
        h.send("b", announce(attrs(65001).put(new PathAttribute.OriginatorId(1)), "198.18.10.2", P));
        assertEquals("b", h.bestPeer(P), "ORIGINATOR_ID 0.0.0.1 stands in for b's router id");
    }

    @Test
    void shouldPreferLowestPeerAddressLast()
    {
        final Harness h = new Harness(config(1,
            List.of(ibgp("a", "198.18.0.9"), ibgp("b", "198.18.0.2")), Map.of(), List.of()));
        h.up("a", 5);
        h.up("b", 5);
        h.send("a", announce(attrs(65001), "198.18.10.1", P));
        h.send("b", announce(attrs(65001), "198.18.10.2", P));
        assertEquals("b", h.bestPeer(P));
    }

    @Test
    void shouldReportOnlyChangesOfWhatIsInstalledAndFlushPerUpdate()
    {
        final Harness h = ibgp3(1);
        h.send("a", announce(attrs(65001), "198.18.10.1", P));
        assertEquals(1, h.listener.changes.size());
        assertEquals(1, h.listener.flushes);
        // A worse path from b changes nothing installed.
        h.send("b", announce(attrs(65001, 65002), "198.18.10.2", P));
        assertEquals(1, h.listener.changes.size());
        assertEquals(1, h.listener.flushes, "no flush without a change");
        // Same next hop and MED, other communities: the best changes, the installed route does not.
        h.send("a", announce(attrs(65001).put(new PathAttribute.Communities(new int[]{5})), "198.18.10.1", P));
        assertEquals(1, h.listener.changes.size());
        h.send("a", withdraw(P));
        assertEquals(2, h.listener.changes.size());
        assertEquals(List.of(a("198.18.10.2")), h.listener.table.get(p(P)).nextHops());
        h.send("b", withdraw(P));
        assertNull(h.listener.table.get(p(P)));
        assertNull(h.best(P));
    }

    @Test
    void shouldInstallEqualEbgpPathsFromTheSameNeighborAsUpToTheLimit()
    {
        final Harness h = mixed(4);
        h.send("x", announce(attrs(65001, 65100), "198.18.1.1", P));
        h.send("z", announce(attrs(65001, 65200), "198.18.1.3", P));
        h.send("y", announce(attrs(65002, 65100), "198.18.1.2", P));
        h.send("a", announce(attrs(65001, 65100), "198.18.10.1", P));
        final RecordingListener.Installed installed = h.listener.table.get(p(P));
        assertEquals("x", h.bestPeer(P));
        assertEquals(List.of(a("198.18.1.1"), a("198.18.1.3")), installed.nextHops(),
            "y's neighbor AS differs, a is iBGP");
        assertTrue(installed.external());
        // Another MED from z breaks the tie.
        h.send("z", announce(attrs(65001, 65200).put(new PathAttribute.MultiExitDisc(5)), "198.18.1.3", P));
        assertEquals(List.of(a("198.18.1.1")), h.listener.table.get(p(P)).nextHops());
    }

    @Test
    void shouldLimitMultipathAndInstallIbgpMultipath()
    {
        final Harness h = ibgp3(2);
        h.send("c", announce(attrs(65001), "198.18.10.3", P));
        h.send("b", announce(attrs(65002), "198.18.10.2", P));
        h.send("a", announce(attrs(65003), "198.18.10.1", P));
        assertEquals(List.of(a("198.18.10.1"), a("198.18.10.2")), h.listener.table.get(p(P)).nextHops(),
            "iBGP paths need not share a neighbor AS; the two best by router id");
        h.send("a", withdraw(P));
        assertEquals(List.of(a("198.18.10.2"), a("198.18.10.3")), h.listener.table.get(p(P)).nextHops());
    }

    @Test
    void shouldPreferLocalNetworksAndNotInstallThem()
    {
        final Harness h = new Harness(config(1, List.of(ibgp("a", "198.18.0.1")), Map.of(), List.of(p(P))));
        h.up("a", 1);
        assertEquals("local", h.bestPeer(P));
        h.send("a", announce(attrs().put(new PathAttribute.LocalPref(999)), "198.18.10.1", P));
        assertEquals("local", h.bestPeer(P));
        assertTrue(h.listener.table.isEmpty());
    }
}
