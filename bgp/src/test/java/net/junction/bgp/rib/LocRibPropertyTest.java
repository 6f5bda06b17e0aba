/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.policy.Policies;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static net.junction.bgp.rib.Routes.announce;
import static net.junction.bgp.rib.Routes.announce6;
import static net.junction.bgp.rib.Routes.attrs;
import static net.junction.bgp.rib.Routes.config;
import static net.junction.bgp.rib.Routes.ebgp;
import static net.junction.bgp.rib.Routes.ibgp;
import static net.junction.bgp.rib.Routes.withFlags;
import static net.junction.bgp.rib.Routes.withPolicies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Random announcements, withdrawals, session drops (with and without graceful restart), stale
 * purges and re-establishments from several peers leave the Loc-RIB, the installed routes and what
 * each established peer was sent equal to a RIB built from scratch from the final Adj-RIBs-In; and
 * after every operation the Loc-RIB and the installed routes equal what the independent
 * {@link LocRibModel} of the decision process selects (next hops made unreachable or costlier on the
 * way, reflected routes with ORIGINATOR_ID and CLUSTER_LIST among the candidates).
 */
class LocRibPropertyTest
{
    static final String[] PEERS = {"e1", "e2", "i1", "c1"};
    static final String[] PREFIXES = {"203.0.113.0/24", "203.0.114.0/24", "203.0.115.0/24", "198.51.100.0/24",
        "198.51.100.0/25", "2001:db8:1::/48", "2001:db8:2::/48"};

    enum Kind
    {
        ANNOUNCE, WITHDRAW, DOWN, DOWN_STALE, UP, PURGE_STALE, IGP
    }

    /** Announcements weighted up so that tables fill. */
    static final Kind[] KINDS = {Kind.ANNOUNCE, Kind.ANNOUNCE, Kind.ANNOUNCE, Kind.WITHDRAW, Kind.DOWN,
        Kind.DOWN_STALE, Kind.UP, Kind.PURGE_STALE, Kind.IGP};

    /** The neighbors as the decision process sees them: eBGP or not, BGP Identifier, address. */
    static final List<LocRibModel.Neighbor> NEIGHBORS = List.of(
        new LocRibModel.Neighbor("e1", true, 10, IpAddress.parse("198.18.1.1")),
        new LocRibModel.Neighbor("e2", true, 11, IpAddress.parse("198.18.1.2")),
        new LocRibModel.Neighbor("i1", false, 12, IpAddress.parse("198.18.0.1")),
        new LocRibModel.Neighbor("c1", false, 13, IpAddress.parse("198.18.0.2")));
    static final IpPrefix NETWORK = IpPrefix.parse("198.51.100.0/25");
    static final int MULTIPATH = 2;

    record Op(int kind, int peer, int prefixMask, int attributes)
    {
        Kind k()
        {
            return KINDS[kind];
        }
    }

    static BgpConfig bgpConfig()
    {
        final List<PeerConfig> peers = List.of(
            withPolicies(ebgp("e1", "198.18.1.1", 65001), "all", "all"),
            withPolicies(ebgp("e2", "198.18.1.2", 65002), "all", "all"),
            ibgp("i1", "198.18.0.1"),
            withFlags(ibgp("c1", "198.18.0.2"), false, true));
        return config(MULTIPATH, peers, Map.of("all", Policies.ACCEPT_ALL), List.of(NETWORK));
    }

    /** A small space of attributes so that ties, MED groups and multipath happen often. */
    static PathAttributes.Builder attributes(final String peer, final int choice)
    {
        final int first = peer.equals("e1") ? 65001 : peer.equals("e2") ? 65002 : 65001 + (choice & 1);
        final PathAttributes.Builder b = (choice & 2) == 0 ? attrs(first, 65100) : attrs(first, 65100, 65200);
        if ((choice & 4) != 0)
        {
            b.put(new PathAttribute.MultiExitDisc(choice >> 3 & 3));
        }
        if ((choice & 32) != 0 && peer.startsWith("i") || peer.startsWith("c") && (choice & 32) != 0)
        {
            b.put(new PathAttribute.LocalPref(200));
        }
        if ((choice & 64) != 0)
        {
            b.put(PathAttribute.Origin.ORIGIN_INCOMPLETE);
        }
        if ((choice & 128) != 0)
        {
            b.put(new PathAttribute.Communities(new int[]{PathAttribute.Communities.NO_EXPORT}));
        }
        if (!peer.startsWith("e"))
        {
            // Reflected routes (RFC 4456): ORIGINATOR_ID below, between and above the peers' BGP
            // Identifiers (10..13), and CLUSTER_LISTs of several lengths, none with our cluster id.
            final int originator = choice >> 9 & 3;
            if (originator != 0)
            {
                b.put(new PathAttribute.OriginatorId(new int[] {0, 5, 12, 20}[originator]));
            }
            final int clusters = choice >> 11 & 3;
            if (clusters != 0)
            {
                b.put(new PathAttribute.ClusterList(java.util.Arrays.copyOf(new int[] {0x0A000001, 0x0A000002, 0x0A000003},
                    clusters)));
            }
        }
        return b;
    }

    static String nextHop(final String peer, final int choice)
    {
        final int base = switch (peer)
        {
            case "e1" -> 1;
            case "e2" -> 2;
            case "i1" -> 3;
            default -> 4;
        };
        return "198.18.20." + (base * 2 + (choice >> 8 & 1));
    }

    static UpdateMessage message(final String peer, final String prefix, final int choice)
    {
        return prefix.contains(":") ?
            announce6(attributes(peer, choice), "2001:db8::" + Integer.toHexString(1 + (choice >> 8 & 1) +
                2 * List.of(PEERS).indexOf(peer)), null, prefix) :
            announce(attributes(peer, choice), nextHop(peer, choice), prefix);
    }

    @Provide
    Arbitrary<List<Op>> operations()
    {
        return Combinators.combine(Arbitraries.integers().between(0, KINDS.length - 1),
            Arbitraries.integers().between(0, PEERS.length - 1),
            Arbitraries.integers().between(1, (1 << PREFIXES.length) - 1),
            Arbitraries.integers().between(0, 8191)).as(Op::new).list().ofMinSize(1).ofMaxSize(60);
    }

    /** Per peer and prefix, the message that put the route in its Adj-RIB-In, and whether it is stale. */
    record ModelRoute(UpdateMessage message, boolean stale)
    {
    }

    /**
     * RFC 4456 §9: the ORIGINATOR_ID stands in for the BGP Identifier in step (f), and the shorter
     * CLUSTER_LIST is preferred only after it, "between Steps f) and g)". i1 reflects a route whose
     * originator is 0.0.0.20 with no CLUSTER_LIST; c1 (identifier 0.0.0.13) sends one with a
     * CLUSTER_LIST of one: the lower identifier, c1's, wins.
     */
    @Example
    void shouldCompareTheOriginatorIdBeforeTheClusterListLength()
    {
        final Harness h = new Harness(bgpConfig());
        final Map<String, Map<String, ModelRoute>> model = new HashMap<>();
        for (final String peer : PEERS)
        {
            h.up(peer, 10 + List.of(PEERS).indexOf(peer));
            model.put(peer, new LinkedHashMap<>());
        }
        // i1: originator 20 (bits 9-10 = 3), no cluster list; c1: no originator, one cluster (bits 11-12 = 1).
        final UpdateMessage fromI1 = message("i1", PREFIXES[0], 3 << 9);
        final UpdateMessage fromC1 = message("c1", PREFIXES[0], 1 << 11);
        h.send("i1", fromI1);
        h.send("c1", fromC1);
        model.get("i1").put(PREFIXES[0], new ModelRoute(fromI1, false));
        model.get("c1").put(PREFIXES[0], new ModelRoute(fromC1, false));

        assertEquals("c1", h.bestPeer(PREFIXES[0]));
        assertMatchesModel(h, model, Set.of(), Map.of(), new Op(0, 0, 1, 0));
    }

    @Property(tries = 1000)
    void incrementalEqualsFromScratch(@ForAll("operations") final List<Op> ops)
    {
        final Harness h = new Harness(bgpConfig());
        final Set<IpAddress> unreachable = new HashSet<>();
        final Map<IpAddress, Long> costs = new HashMap<>();
        final Map<String, Boolean> up = new HashMap<>();
        final Map<String, Map<String, ModelRoute>> model = new HashMap<>();
        for (final String peer : PEERS)
        {
            h.up(peer, 10 + List.of(PEERS).indexOf(peer));
            up.put(peer, true);
            model.put(peer, new LinkedHashMap<>());
        }
        for (final Op op : ops)
        {
            final String peer = PEERS[op.peer()];
            final Map<String, ModelRoute> routes = model.get(peer);
            final boolean isUp = up.get(peer);
            switch (op.k())
            {
                case ANNOUNCE ->
                {
                    if (isUp)
                    {
                        for (final String prefix : selected(op.prefixMask()))
                        {
                            final UpdateMessage m = message(peer, prefix, op.attributes());
                            h.send(peer, m);
                            routes.put(prefix, new ModelRoute(m, false));
                        }
                    }
                }
                case WITHDRAW ->
                {
                    if (isUp)
                    {
                        final List<String> prefixes = selected(op.prefixMask());
                        h.send(peer, Routes.withdraw(prefixes.toArray(String[]::new)));
                        prefixes.forEach(routes::remove);
                    }
                }
                case DOWN, DOWN_STALE ->
                {
                    if (isUp)
                    {
                        final boolean stale = op.k() == Kind.DOWN_STALE;
                        h.down(peer, stale);
                        up.put(peer, false);
                        if (stale)
                        {
                            routes.replaceAll((p, r) -> new ModelRoute(r.message(), true));
                        }
                        else
                        {
                            routes.clear();
                        }
                    }
                }
                case UP ->
                {
                    if (!isUp)
                    {
                        h.up(peer, 10 + op.peer());
                        up.put(peer, true);
                    }
                }
                case PURGE_STALE ->
                {
                    final AfiSafi family = (op.prefixMask() & 1) == 0 ? AfiSafi.IPV4_UNICAST : AfiSafi.IPV6_UNICAST;
                    h.rib.staleTimeout(h.sessions.get(peer), family);
                    routes.entrySet().removeIf(e -> e.getValue().stale() &&
                        e.getKey().contains(":") == (family == AfiSafi.IPV6_UNICAST));
                }
                case IGP ->
                {
                    // The router RIB's answer for one next hop changed: unreachable, another cost, or back.
                    final IpAddress nextHop = allNextHops().get(op.attributes() % allNextHops().size());
                    unreachable.remove(nextHop);
                    costs.remove(nextHop);
                    switch (op.prefixMask() % 3)
                    {
                        case 0 -> unreachable.add(nextHop);
                        case 1 -> costs.put(nextHop, (long)(op.prefixMask() >> 2 & 3) * 10);
                        default ->
                        {
                        }
                    }
                    h.unreachable.clear();
                    h.unreachable.addAll(unreachable);
                    h.costs.clear();
                    h.costs.putAll(costs);
                    h.rib.nextHopsChanged();
                }
            }
            assertMatchesModel(h, model, unreachable, costs, op);
        }

        // From scratch: every peer up, each final Adj-RIB-In route announced once.
        final Harness fresh = new Harness(bgpConfig());
        fresh.unreachable.addAll(unreachable);
        fresh.costs.putAll(costs);
        for (final String peer : PEERS)
        {
            fresh.up(peer, 10 + List.of(PEERS).indexOf(peer));
        }
        for (final String peer : PEERS)
        {
            for (final ModelRoute r : model.get(peer).values())
            {
                fresh.send(peer, r.message());
            }
        }

        for (final String prefix : PREFIXES)
        {
            final IpPrefix p = IpPrefix.parse(prefix);
            final AfiSafi family = p.isIpv4() ? AfiSafi.IPV4_UNICAST : AfiSafi.IPV6_UNICAST;
            for (final String peer : PEERS)
            {
                final ModelRoute r = model.get(peer).get(prefix);
                assertEquals(r != null, h.rib.adjRibIn(peer, family, p) != null, peer + " Adj-RIB-In " + prefix);
                assertEquals(r != null && r.stale(), h.rib.isStale(peer, family, p), peer + " stale " + prefix);
            }
            assertEquals(fresh.best(prefix), h.best(prefix), "Loc-RIB " + prefix);
        }
        assertEquals(fresh.listener.table, h.listener.table, "installed routes");
        for (final String peer : PEERS)
        {
            if (up.get(peer))
            {
                assertEquals(fresh.sessions.get(peer).view, h.sessions.get(peer).view, "sent to " + peer);
            }
        }
    }

    /**
     * The Loc-RIB and the installed routes against {@link LocRibModel}, fed with the Adj-RIBs-In this
     * test keeps itself (stale routes stay candidates, RFC 4724 §4.2).
     */
    static void assertMatchesModel(final Harness h, final Map<String, Map<String, ModelRoute>> model,
        final Set<IpAddress> unreachable, final Map<IpAddress, Long> costs, final Op op)
    {
        for (final String prefix : PREFIXES)
        {
            final IpPrefix p = IpPrefix.parse(prefix);
            final List<LocRibModel.Candidate> candidates = new ArrayList<>();
            for (final LocRibModel.Neighbor neighbor : NEIGHBORS)
            {
                final ModelRoute r = model.get(neighbor.name()).get(prefix);
                if (r != null)
                {
                    candidates.add(new LocRibModel.Candidate(neighbor, r.message()));
                }
            }
            final LocRibModel.Choice expected =
                LocRibModel.decide(candidates, p.equals(NETWORK), unreachable, costs, MULTIPATH);
            final BgpRib.Selected actual = h.best(prefix);
            final String context = prefix + " after " + op + " from " + candidates;
            if (expected == null)
            {
                assertNull(actual, context);
                assertNull(h.listener.table.get(p), context);
                continue;
            }
            assertEquals(expected.peer(), actual == null ? null : actual.peer(), "best of " + context);
            assertEquals(expected.nextHops(), actual.nextHops(), "next hops of " + context);
            assertEquals(expected.nextHops().isEmpty() ? null :
                new RecordingListener.Installed(expected.external(), expected.nextHops(), expected.med()),
                h.listener.table.get(p), "installed " + context);
        }
    }

    /** Every next hop an announcement of {@link #message} may carry. */
    static List<IpAddress> allNextHops()
    {
        final List<IpAddress> out = new ArrayList<>();
        for (final String peer : PEERS)
        {
            for (final int choice : new int[] {0, 256})
            {
                out.add(IpAddress.parse(nextHop(peer, choice)));
                out.add(message(peer, PREFIXES[PREFIXES.length - 1], choice).mpReach().nextHop());
            }
        }
        return out;
    }

    static List<String> selected(final int mask)
    {
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < PREFIXES.length; i++)
        {
            if ((mask & 1 << i) != 0)
            {
                out.add(PREFIXES[i]);
            }
        }
        return out;
    }
}
