/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.policy.Policies;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.policy.PolicyEvaluator;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static net.junction.bgp.rib.Routes.a;
import static net.junction.bgp.rib.Routes.announce;
import static net.junction.bgp.rib.Routes.attrs;
import static net.junction.bgp.rib.Routes.config;
import static net.junction.bgp.rib.Routes.ebgp;
import static net.junction.bgp.rib.Routes.ibgp;
import static net.junction.bgp.rib.Routes.p;
import static net.junction.bgp.rib.Routes.withFlags;
import static net.junction.bgp.rib.Routes.withPolicies;
import static net.junction.bgp.rib.Routes.withdraw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BestPathHook}: every change of a Loc-RIB entry, attribute-only ones included, each with the
 * {@link ChangeCause} of the entry point that made it; the whole table when installed and when asked.
 */
class BestPathHookTest
{
    static final IpAddress R = a("198.18.0.1");
    static final IpAddress O = a("198.18.0.2");

    /** One change as the hook heard it. */
    record Heard(IpPrefix prefix, BestPathHook.Selection before, BestPathHook.Selection after, ChangeCause cause)
    {
    }

    static final class RecordingHook implements BestPathHook
    {
        final List<Heard> changes = new ArrayList<>();
        final List<Map<IpPrefix, Selection>> tables = new ArrayList<>();

        public void bestChanged(final IpPrefix prefix, final Selection before, final Selection after, final ChangeCause cause)
        {
            changes.add(new Heard(prefix, before, after, cause));
        }

        public void table(final Table table)
        {
            final Map<IpPrefix, Selection> copy = new HashMap<>();
            table.forEach(copy::put);
            assertEquals(table.size(), copy.size());
            tables.add(copy);
        }

        Heard last()
        {
            return changes.getLast();
        }

        List<ChangeCause> causes()
        {
            return changes.stream().map(Heard::cause).toList();
        }
    }

    /** Two iBGP peers (r a route-reflector client), every next hop reachable unless the test says not. */
    static Harness twoPeers()
    {
        final Harness h = new Harness(config(1, List.of(withFlags(ibgp("r", "198.18.0.1"), false, true),
            ibgp("o", "198.18.0.2")), Map.of(), List.of()));
        h.up("r", 1);
        h.up("o", 2);
        return h;
    }

    static RecordingHook hook(final Harness h)
    {
        final RecordingHook hook = new RecordingHook();
        h.rib.bestPathHook(hook);
        return hook;
    }

    @Test
    void shouldHearAnAttributeOnlyChangeTheRouterRibDoesNot()
    {
        final Harness h = twoPeers();
        final RecordingHook hook = hook(h);
        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24"));
        final long installs = h.listener.calls;

        // Same next hop, MED and kind: the router RIB has nothing to do, the best path changed all the same.
        h.send("r", announce(attrs(65001, 65002).put(new PathAttribute.Communities(new int[] {
            PathAttribute.Communities.community(65001, 7)})), "198.18.10.1", "203.0.113.0/24"));

        assertEquals(installs, h.listener.calls, "nothing installed changed");
        assertEquals(2, hook.changes.size());
        final Heard heard = hook.last();
        assertEquals(p("203.0.113.0/24"), heard.prefix());
        assertEquals("AsPath[65001]", heard.before().path().attributes().asPath().toString());
        assertEquals("AsPath[65001 65002]", heard.after().path().attributes().asPath().toString());
        assertEquals(List.of(a("198.18.10.1")), heard.before().nextHops());
        assertEquals(heard.before().nextHops(), heard.after().nextHops());
        assertEquals(R, heard.after().neighbor());
        assertEquals(new ChangeCause.Update(R, 2), heard.cause());
    }

    @Test
    void shouldNumberUpdatesPerSessionAndTellAnnouncementsFromWithdrawals()
    {
        final Harness h = twoPeers();
        final RecordingHook hook = hook(h);
        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24", "203.0.114.0/24"));
        h.send("o", announce(attrs(65003), "198.18.10.3", "203.0.115.0/24"));
        h.send("r", withdraw("203.0.114.0/24"));
        // One UPDATE that withdraws one prefix and announces another.
        h.send("r", new UpdateMessage(List.of(net.junction.routing.Prefix4.parse("203.0.113.0/24")),
            attrs(65001).put(new PathAttribute.NextHop(net.junction.routing.Ip4.parse("198.18.10.1"))).build(),
            List.of(net.junction.routing.Prefix4.parse("203.0.116.0/24")), null, null));

        assertEquals(List.of(new ChangeCause.Update(R, 1), new ChangeCause.Update(R, 1), new ChangeCause.Update(O, 1),
            new ChangeCause.Withdrawal(R, 2), new ChangeCause.Withdrawal(R, 3), new ChangeCause.Update(R, 3)), hook.causes());
        assertNull(hook.changes.get(3).after(), "a withdrawal leaves no entry");
        assertSame(hook.changes.get(0).cause(), hook.changes.get(1).cause(), "one cause object per UPDATE");

        // A new session numbers from 1 again.
        h.down("r", false);
        h.up("r", 1);
        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.117.0/24"));
        assertEquals(new ChangeCause.Update(R, 1), hook.last().cause());
    }

    @Test
    void shouldNameTheSessionForEveryRouteDroppedWithIt()
    {
        final Harness h = twoPeers();
        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24", "203.0.114.0/24"));
        h.send("o", announce(attrs(65001, 65002), "198.18.10.3", "203.0.113.0/24"));
        final RecordingHook hook = hook(h);

        h.down("r", false);

        assertEquals(2, hook.changes.size());
        assertEquals(List.of(new ChangeCause.SessionDown(R), new ChangeCause.SessionDown(R)), hook.causes());
        final Heard replaced = hook.changes.stream().filter(c -> c.prefix().equals(p("203.0.113.0/24"))).findFirst()
            .orElseThrow();
        assertEquals(R, replaced.before().neighbor());
        assertEquals(O, replaced.after().neighbor(), "the other peer's path took over");
    }

    @Test
    void shouldNameTheStaleTimeoutAsASessionDownAndTheEndOfRibAsTheUpdateItIs()
    {
        final Harness h = twoPeers();
        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24", "203.0.114.0/24", "203.0.115.0/24"));
        final RecordingHook hook = hook(h);
        h.down("r", true);
        assertTrue(hook.changes.isEmpty(), "stale routes stay");

        h.up("r", 1);
        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24"));
        assertTrue(hook.changes.isEmpty(), "the same path again: no change");
        h.rib.endOfRib(h.sessions.get("r"), AfiSafi.IPV4_UNICAST);
        assertEquals(List.of(new ChangeCause.Withdrawal(R, 2), new ChangeCause.Withdrawal(R, 2)), hook.causes(),
            "the End-of-RIB, the session's second UPDATE, ended both routes not sent again");

        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.118.0/24"));
        h.down("r", true);
        h.rib.staleTimeout(h.sessions.get("r"), AfiSafi.IPV4_UNICAST);
        assertEquals(new ChangeCause.SessionDown(R), hook.last().cause());
        assertEquals(5, hook.changes.size(), "two routes timed out");
    }

    @Test
    void shouldNameTheNextHopThatStoppedResolvingOrStartedTo()
    {
        final Harness h = twoPeers();
        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24"));
        h.send("o", announce(attrs(65001, 65002), "198.18.10.3", "203.0.113.0/24"));
        final RecordingHook hook = hook(h);

        h.unreachable.add(a("198.18.10.1"));
        h.rib.nextHopsChanged();
        assertEquals(new ChangeCause.NextHopChange(a("198.18.10.1")), hook.last().cause());
        assertEquals(O, hook.last().after().neighbor());

        h.unreachable.clear();
        h.rib.nextHopsChanged();
        assertEquals(new ChangeCause.NextHopChange(a("198.18.10.1")), hook.last().cause(), "reachable again: it wins again");
        assertEquals(R, hook.last().after().neighbor());

        // An IGP cost change with both next hops reachable: o's path is as long as r's now, and r wins on
        // router id until its next hop gets costlier. The RIB keeps no old answers, so it cannot tell which
        // cost moved: the rule names the new best's next hop.
        h.send("o", announce(attrs(65001), "198.18.10.3", "203.0.113.0/24"));
        assertEquals("r", h.bestPeer("203.0.113.0/24"));
        final int before = hook.changes.size();
        h.costs.put(a("198.18.10.1"), 50L);
        h.rib.nextHopsChanged();
        assertEquals(before + 1, hook.changes.size());
        assertEquals(O, hook.last().after().neighbor());
        assertEquals(new ChangeCause.NextHopChange(a("198.18.10.3")), hook.last().cause());
    }

    @Test
    void shouldNameTheCommitOfAReconfigurationAndTheRemovedNeighborsSession()
    {
        final Policy lowerPref = new Policy("in", List.of(new Policy.Term("lp", Policy.Match.ANY,
            List.of(new Policy.Action.SetLocalPref(50)), Policy.Disposition.ACCEPT)), Policy.Disposition.REJECT);
        final BgpConfig running = config(1, List.of(withPolicies(ebgp("a", "198.18.0.1", 65001), "in", null),
            withPolicies(ebgp("b", "198.18.0.2", 65002), "in", null)), Map.of("in", Policies.ACCEPT_ALL), List.of());
        final Harness h = new Harness(running);
        h.rib.reconfigure(running, Map.of("in", new PolicyEvaluator(Policies.ACCEPT_ALL)));
        h.up("a", 1);
        h.up("b", 2);
        h.send("a", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24"));
        final RecordingHook hook = hook(h);

        final BgpConfig next = config(1, running.neighbors(), Map.of("in", lowerPref), List.of());
        h.rib.reconfigure(next, Map.of("in", new PolicyEvaluator(lowerPref)), 7);

        assertEquals(1, hook.changes.size());
        assertEquals(new ChangeCause.Commit(7), hook.last().cause());
        assertEquals(50, hook.last().after().path().localPref(), "the same route, its LOCAL_PREF changed");
        assertEquals(hook.last().before().nextHops(), hook.last().after().nextHops());

        h.rib.removeNeighbor("a");
        assertEquals(new ChangeCause.SessionDown(R), hook.last().cause());
        assertNull(hook.last().after());

        assertThrows(IllegalArgumentException.class, () -> h.rib.reconfigure(next, Map.of("in", new PolicyEvaluator(lowerPref)), -1));
    }

    @Test
    void shouldHandOverTheTableWhenInstalledAndWhenAskedAndNothingOnceRemoved()
    {
        final Harness h = new Harness(config(1, List.of(ibgp("r", "198.18.0.1")), Map.of(),
            List.of(p("198.18.200.0/24"))));
        h.up("r", 1);
        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24"));
        h.send("r", Routes.announce6(attrs(65001), "2001:db8::1", null, "2001:db8:5::/48"));
        final RecordingHook hook = hook(h);

        assertEquals(1, hook.tables.size());
        final Map<IpPrefix, BestPathHook.Selection> table = hook.tables.getFirst();
        assertEquals(3, table.size());
        final BestPathHook.Selection network = table.get(p("198.18.200.0/24"));
        assertNull(network.neighbor(), "a network the router originates");
        assertEquals(List.of(), network.nextHops());
        assertEquals(List.of(a("2001:db8::1")), table.get(p("2001:db8:5::/48")).nextHops());
        assertEquals(R, table.get(p("203.0.113.0/24")).neighbor());

        h.send("r", withdraw("203.0.113.0/24"));
        h.rib.tableToHook();
        assertEquals(2, hook.tables.get(1).size());

        h.rib.bestPathHook(null);
        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24"));
        h.rib.tableToHook();
        assertEquals(1, hook.changes.size(), "nothing heard once removed");
        assertEquals(2, hook.tables.size());
    }

    @Test
    void shouldHearMultipathNextHopChanges()
    {
        final Harness h = new Harness(config(2, List.of(ibgp("r", "198.18.0.1"), ibgp("o", "198.18.0.2")), Map.of(),
            List.of()));
        h.up("r", 1);
        h.up("o", 2);
        h.send("r", announce(attrs(65001), "198.18.10.1", "203.0.113.0/24"));
        final RecordingHook hook = hook(h);
        h.send("o", announce(attrs(65001), "198.18.10.3", "203.0.113.0/24"));

        assertEquals(1, hook.changes.size());
        assertEquals(List.of(a("198.18.10.1"), a("198.18.10.3")), hook.last().after().nextHops());
        assertEquals(List.of(a("198.18.10.1")), hook.last().before().nextHops());
        assertEquals(new ChangeCause.Update(O, 1), hook.last().cause());
        assertEquals(Optional.of(R), Optional.ofNullable(hook.last().after().neighbor()), "the best is still r's path");
    }
}
