/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
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
import net.junction.routing.IpPrefix;

import java.util.ArrayList;
import java.util.HashMap;
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

/**
 * Random announcements, withdrawals, session drops (with and without graceful restart), stale
 * purges and re-establishments from several peers leave the Loc-RIB, the installed routes and what
 * each established peer was sent equal to a RIB built from scratch from the final Adj-RIBs-In.
 */
class LocRibPropertyTest
{
    static final String[] PEERS = {"e1", "e2", "i1", "c1"};
    static final String[] PREFIXES = {"203.0.113.0/24", "203.0.114.0/24", "203.0.115.0/24", "198.51.100.0/24",
        "198.51.100.0/25", "2001:db8:1::/48", "2001:db8:2::/48"};

    enum Kind
    {
        ANNOUNCE, WITHDRAW, DOWN, DOWN_STALE, UP, PURGE_STALE
    }

    /** Announcements weighted up so that tables fill. */
    static final Kind[] KINDS = {Kind.ANNOUNCE, Kind.ANNOUNCE, Kind.ANNOUNCE, Kind.WITHDRAW, Kind.DOWN,
        Kind.DOWN_STALE, Kind.UP, Kind.PURGE_STALE};

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
        return config(2, peers, Map.of("all", Policies.ACCEPT_ALL), List.of(IpPrefix.parse("198.51.100.0/25")));
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
            Arbitraries.integers().between(0, 511)).as(Op::new).list().ofMinSize(1).ofMaxSize(60);
    }

    /** Per peer and prefix, the message that put the route in its Adj-RIB-In, and whether it is stale. */
    record ModelRoute(UpdateMessage message, boolean stale)
    {
    }

    @Property(tries = 300)
    void incrementalEqualsFromScratch(@ForAll("operations") final List<Op> ops)
    {
        final Harness h = new Harness(bgpConfig());
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
            }
        }

        // From scratch: every peer up, each final Adj-RIB-In route announced once.
        final Harness fresh = new Harness(bgpConfig());
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
