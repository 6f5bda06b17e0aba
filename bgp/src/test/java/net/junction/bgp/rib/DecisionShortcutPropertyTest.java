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
import net.jqwik.api.constraints.IntRange;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static net.junction.bgp.rib.Routes.a;
import static net.junction.bgp.rib.Routes.ebgp;
import static net.junction.bgp.rib.Routes.ibgp;
import static net.junction.bgp.rib.Routes.p;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link LocRib#decide(AfiSafi, IpPrefix, Peer, Path, Path)}, which skips the candidates' probe when the steps
 * before MED tell the outcome from the Loc-RIB's entry alone, against the full decision: two Loc-RIBs over the
 * same peers and Adj-RIBs-In, one told of each change with the peer's old and new path, the other deciding in
 * full, take random announcements and withdrawals from several peers (eBGP and iBGP, and the local pseudo-peer)
 * with random LOCAL_PREF, AS_PATH (sets and confederation segments among them), ORIGIN, MED, neighbor AS,
 * ORIGINATOR_ID, CLUSTER_LIST and next hop, next hops made unreachable or costlier and the multipath limit
 * changed on the way (each followed by a full decision for every prefix, as the RIB does). After every step,
 * for every prefix, the entry equals a full decision made then, both return the same, and both listeners heard
 * the same changes in the same order.
 */
class DecisionShortcutPropertyTest
{
    static final List<IpPrefix> PREFIXES = List.of(p("198.18.100.0/24"), p("198.18.101.0/24"), p("198.19.100.0/24"));
    static final List<IpAddress> NEXT_HOPS = List.of(a("198.18.20.1"), a("198.18.20.2"), a("198.18.20.3"),
        a("198.18.20.4"), a("198.18.20.5"), a("198.18.20.6"));
    static final AfiSafi FAMILY = AfiSafi.IPV4_UNICAST;

    enum Kind
    {
        ANNOUNCE, WITHDRAW, LOCAL, RESOLVER, MULTIPATH
    }

    /** Announcements weighted up so that prefixes have many candidates. */
    static final Kind[] KINDS = {Kind.ANNOUNCE, Kind.ANNOUNCE, Kind.ANNOUNCE, Kind.ANNOUNCE, Kind.WITHDRAW,
        Kind.WITHDRAW, Kind.LOCAL, Kind.RESOLVER, Kind.MULTIPATH};

    record Op(int kind, int peer, int prefix, int choice)
    {
        Kind k()
        {
            return KINDS[kind];
        }
    }

    /** What a listener heard, in order. */
    record Heard(IpPrefix prefix, boolean external, List<IpAddress> nextHops, long med)
    {
    }

    static final class Recording implements LocRibListener
    {
        final List<Heard> heard = new ArrayList<>();

        public void bestChanged(final IpPrefix prefix, final boolean external, final List<IpAddress> nextHops,
            final long med)
        {
            heard.add(new Heard(prefix, external, List.copyOf(nextHops), med));
        }

        public void flush()
        {
        }
    }

    static final class Resolver implements NextHopResolver
    {
        final Set<IpAddress> unreachable = new HashSet<>();
        final Map<IpAddress, Long> costs = new HashMap<>();

        public boolean reachable(final IpAddress nextHop)
        {
            return !unreachable.contains(nextHop);
        }

        public long igpCost(final IpAddress nextHop)
        {
            return costs.getOrDefault(nextHop, 0L);
        }
    }

    @Provide
    Arbitrary<List<Op>> operations()
    {
        return Combinators.combine(Arbitraries.integers().between(0, KINDS.length - 1),
            Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, PREFIXES.size() - 1),
            Arbitraries.integers().between(0, (1 << 18) - 1)).as(Op::new).list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 1000)
    void shortcutEqualsFullDecision(
        @ForAll("operations") final List<Op> ops, @ForAll @IntRange(min = 1, max = 4) final int multipath)
    {
        final Peer local = new Peer(null, true, null, null, Routes.LOCAL_AS, Routes.ROUTER_ID);
        final List<Peer> peers = new ArrayList<>(List.of(local,
            peer(ebgp("e1", "198.18.1.1", 65001), 10),
            peer(ebgp("e2", "198.18.1.2", 65002), 11),
            peer(ebgp("e3", "198.18.1.3", 65001), 9),
            peer(ibgp("i1", "198.18.0.1"), 12),
            peer(ibgp("i2", "198.18.0.2"), 13)));
        final Resolver resolver = new Resolver();
        final Recording shortcutHeard = new Recording();
        final Recording fullHeard = new Recording();
        final LocRib shortcut = new LocRib(peers, new DecisionProcess(resolver, multipath), shortcutHeard);
        final LocRib full = new LocRib(peers, new DecisionProcess(resolver, multipath), fullHeard);
        final PathInterner interner = new PathInterner();

        for (final Op op : ops)
        {
            final IpPrefix prefix = PREFIXES.get(op.prefix());
            final Peer peer = op.k() == Kind.LOCAL ? local : peers.get(1 + op.peer());
            switch (op.k())
            {
                case ANNOUNCE, WITHDRAW, LOCAL ->
                {
                    final AdjRibIn in = peer.ribIn(FAMILY, interner);
                    final boolean withdraw = op.k() == Kind.WITHDRAW || op.k() == Kind.LOCAL && (op.choice() & 1) == 0;
                    final Path now = withdraw ? null :
                        interner.acquire(op.k() == Kind.LOCAL ? BgpRib.networkPath() : path(op.choice()));
                    final Path was = now == null ? in.remove(prefix) : in.put(prefix, now);
                    if (was != now)
                    {
                        assertEquals(full.decide(FAMILY, prefix), shortcut.decide(FAMILY, prefix, peer, was, now),
                            "best changed, after " + op);
                    }
                }
                case RESOLVER ->
                {
                    final IpAddress nextHop = NEXT_HOPS.get(op.choice() % NEXT_HOPS.size());
                    resolver.unreachable.remove(nextHop);
                    resolver.costs.remove(nextHop);
                    switch (op.peer() % 3)
                    {
                        case 0 -> resolver.unreachable.add(nextHop);
                        case 1 -> resolver.costs.put(nextHop, (long)(op.choice() >> 4 & 3) * 10);
                        default ->
                        {
                        }
                    }
                    decideAll(shortcut, full);
                }
                case MULTIPATH ->
                {
                    shortcut.decision().multipath(1 + op.peer() % 4);
                    full.decision().multipath(1 + op.peer() % 4);
                    decideAll(shortcut, full);
                }
            }
            final DecisionProcess fresh = new DecisionProcess(resolver, full.decision().multipath());
            for (final IpPrefix each : PREFIXES)
            {
                final LocRib.Best expected = full.select(fresh, FAMILY, each, LocRib.ADJ_RIBS_IN);
                final LocRib.Best actual = shortcut.get(FAMILY, each);
                final String context = each + " after " + op + " of " + ops;
                assertEquals(describe(expected), describe(actual), context);
                assertEquals(describe(full.get(FAMILY, each)), describe(actual), context);
            }
            assertEquals(fullHeard.heard, shortcutHeard.heard, "heard, after " + op);
        }
    }

    /** A change of the resolver's answers or of the multipath limit: the RIB decides every prefix again. */
    static void decideAll(final LocRib shortcut, final LocRib full)
    {
        for (final IpPrefix prefix : PREFIXES)
        {
            assertEquals(full.decide(FAMILY, prefix), shortcut.decide(FAMILY, prefix));
        }
    }

    static Peer peer(final net.junction.bgp.config.PeerConfig config, final int routerId)
    {
        final Peer peer = new Peer(config, false, null, null, Routes.LOCAL_AS, Routes.ROUTER_ID);
        peer.routerId = routerId;
        return peer;
    }

    /**
     * A small space of paths, so that ties on every step, MED groups and multipath happen often. Bits of
     * {@code choice}: 0-1 LOCAL_PREF (absent, 50, 100, 200); 2-3 neighbor AS; 4-5 more ASes in the sequence;
     * 6 an AS_SET after it (counts 1); 7 a confederation sequence before it (counts 0); 8-9 ORIGIN; 10-11 MED
     * (absent, 0, 1, 2); 12-14 next hop; 15-16 ORIGINATOR_ID; 17 a CLUSTER_LIST.
     */
    static Path path(final int choice)
    {
        final PathAttributes.Builder b = PathAttributes.builder();
        final int localPref = choice & 3;
        if (localPref != 0)
        {
            b.put(new PathAttribute.LocalPref(new int[] {0, 50, 100, 200}[localPref]));
        }
        final int neighborAs = 65001 + (choice >> 2 & 3) % 3;
        final int more = (choice >> 4 & 3) % 3;
        final int[] sequence = new int[1 + more];
        sequence[0] = neighborAs;
        for (int i = 1; i <= more; i++)
        {
            sequence[i] = 65100 + i;
        }
        final List<AsPathSegment> segments = new ArrayList<>();
        if ((choice & 128) != 0)
        {
            segments.add(new AsPathSegment(AsPathSegment.AS_CONFED_SEQUENCE, 64512, 64513));
        }
        segments.add(AsPathSegment.sequence(sequence));
        if ((choice & 64) != 0)
        {
            segments.add(AsPathSegment.set(65200, 65201));
        }
        b.put(new PathAttribute.AsPath(segments));
        b.put(new PathAttribute.Origin((choice >> 8 & 3) % 3));
        final int med = choice >> 10 & 3;
        if (med != 0)
        {
            b.put(new PathAttribute.MultiExitDisc(med - 1));
        }
        final int originator = choice >> 15 & 3;
        if (originator != 0)
        {
            b.put(new PathAttribute.OriginatorId(new int[] {0, 5, 11, 20}[originator]));
        }
        if ((choice & 1 << 17) != 0)
        {
            b.put(new PathAttribute.ClusterList(new int[] {0x0A000001}));
        }
        return new Path(b.build(), NEXT_HOPS.get((choice >> 12 & 7) % NEXT_HOPS.size()), null);
    }

    static String describe(final LocRib.Best best)
    {
        return best == null ? "none" : best.peer + " " + best.path + " " + best.multipath;
    }
}
