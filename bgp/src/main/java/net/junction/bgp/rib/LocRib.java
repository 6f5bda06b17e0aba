/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.PrefixMap;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Loc-RIB (RFC 4271 §3.2): per prefix the path the decision process selected and, with
 * multipath, the next hops installed with it. The candidates are not copied here: they are the
 * peers' Adj-RIB-In entries (each already a single reference to an interned path), read again when a
 * prefix changes, so a route costs one reference in its Adj-RIB-In and the prefix one small
 * {@link Best} here, however many peers send it.
 * <p>
 * {@link LocRibListener#bestChanged} is called only when what is installed (external or not, next
 * hops, MED) changes; a locally originated best installs nothing (the router already has the
 * network), so the listener sees a withdrawal if a BGP route was installed before. A
 * {@link BestPathHook}, when one is installed, hears of every change of an entry (the route journal).
 */
final class LocRib
{
    /** The selection for one prefix; immutable, so a {@link BestPathHook} may keep it. */
    static final class Best implements BestPathHook.Selection
    {
        final Peer peer;
        final Path path;
        /** With multipath: the installed next hops, sorted; null when only the best's. */
        final List<IpAddress> multipath;
        /**
         * {@link #nextHops()} once asked: it is asked several times per change (the listener's comparison, its
         * notification, the journal), and a new list each time was garbage per change. A racy first write is
         * harmless: the lists are immutable and equal.
         */
        private List<IpAddress> nextHops;

        Best(final Peer peer, final Path path, final List<IpAddress> multipath)
        {
            this.peer = peer;
            this.path = path;
            this.multipath = multipath;
        }

        boolean installs()
        {
            return !peer.local;
        }

        public List<IpAddress> nextHops()
        {
            if (multipath != null)
            {
                return multipath;
            }
            List<IpAddress> hops = nextHops;
            if (hops == null)
            {
                hops = path.nextHop() == null ? List.of() : List.of(path.nextHop());
                nextHops = hops;
            }
            return hops;
        }

        public IpAddress neighbor()
        {
            return peer.local ? null : peer.address;
        }

        public Path path()
        {
            return path;
        }
    }

    /** Concurrent only so that {@link #getConcurrently} may find a family's table while the owner adds one. */
    private final Map<AfiSafi, PrefixMap<Best>> tables = new ConcurrentHashMap<>(4);
    private final List<Peer> peers;
    private final DecisionProcess decision;
    private final LocRibListener listener;
    private boolean listenerDirty;
    private BestPathHook hook;
    private CurrentCause cause;

    LocRib(final List<Peer> peers, final DecisionProcess decision, final LocRibListener listener)
    {
        this.peers = peers;
        this.decision = decision;
        this.listener = listener;
    }

    DecisionProcess decision()
    {
        return decision;
    }

    /**
     * @param hook  told of every change from now on; null: none.
     * @param cause what the RIB is handling, for the hook.
     */
    void hook(final BestPathHook hook, final CurrentCause cause)
    {
        this.hook = hook;
        this.cause = cause;
    }

    BestPathHook hook()
    {
        return hook;
    }

    /** The whole Loc-RIB as {@link BestPathHook#table} reads it: live, valid while nothing changes. */
    BestPathHook.Table tableView()
    {
        return new BestPathHook.Table()
        {
            public int size()
            {
                int size = 0;
                for (final PrefixMap<Best> t : tables.values())
                {
                    size += t.size();
                }
                return size;
            }

            public void forEach(final java.util.function.BiConsumer<IpPrefix, BestPathHook.Selection> visitor)
            {
                for (final AfiSafi family : List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST))
                {
                    final PrefixMap<Best> t = tables.get(family);
                    for (int i = 0; t != null && i < t.capacity(); i++)
                    {
                        final Best best = t.valueAt(i);
                        if (best != null)
                        {
                            visitor.accept(t.prefixAt(i), best);
                        }
                    }
                }
            }
        };
    }

    PrefixMap<Best> table(final AfiSafi family)
    {
        return tables.computeIfAbsent(family, f -> new PrefixMap<>(AfiSafi.AFI_IPV6 == f.afi()));
    }

    /**
     * @return the family's table, or null if it has none yet (a reader that must not create one).
     */
    PrefixMap<Best> tableIfAny(final AfiSafi family)
    {
        return tables.get(family);
    }

    Best get(final AfiSafi family, final IpPrefix prefix)
    {
        final PrefixMap<Best> t = tables.get(family);
        return t == null ? null : t.get(prefix);
    }

    /**
     * {@link #get} from another thread than the owner's, while the owner may change the table
     * ({@link PrefixMap#getConcurrently}); a {@link Best} is immutable, so it may be read at leisure.
     */
    Best getConcurrently(final AfiSafi family, final IpPrefix prefix)
    {
        final PrefixMap<Best> t = tables.get(family);
        return t == null ? null : t.getConcurrently(prefix);
    }

    /**
     * Where the decision process reads a peer's candidate for a prefix: the peer's Adj-RIB-In after policy
     * ({@link #ADJ_RIBS_IN}, the update path), or a change preview's view of what it would hold.
     */
    @FunctionalInterface
    interface Candidates
    {
        /**
         * @param index the peer's position in the RIB's list of peers (asked in that order), for a view that
         *              keeps per-peer state in arrays.
         * @return the peer's path for the prefix, or null if it has none.
         */
        Path candidate(int index, Peer peer, AfiSafi family, IpPrefix prefix);
    }

    /** The peers' Adj-RIBs-In after policy, as they are. */
    static final Candidates ADJ_RIBS_IN = (index, peer, family, prefix) ->
    {
        final AdjRibIn in = peer.ribIn.get(family);
        return in == null ? null : in.get(prefix);
    };

    /**
     * Run the decision process for a prefix from its candidates in the peers' Adj-RIBs-In: the compute half
     * ({@link #select}), then the Loc-RIB and the listener take what differs.
     *
     * @return whether the best path (its peer or attributes) changed: the Adj-RIBs-Out must look at
     *     the prefix again.
     */
    boolean decide(final AfiSafi family, final IpPrefix prefix)
    {
        final PrefixMap<Best> table = table(family);
        return take(table, prefix, table.get(prefix), select(decision, family, prefix, ADJ_RIBS_IN));
    }

    /**
     * {@link #decide(AfiSafi, IpPrefix)} after one peer's candidate for the prefix changed and nothing else did
     * since the Loc-RIB's entry was chosen (the other candidates, the resolver's answers: the RIB decides again
     * for every prefix when they change), with the same outcome, but without reading the other peers'
     * Adj-RIBs-In when the steps before MED tell it from the entry alone
     * ({@link DecisionProcess#outBeforeMed}): when the peer is not the best's and its old and new paths are each
     * absent or out before MED, the same paths reach MED and the entry stays.
     * With N peers sending the same prefixes a decision probed N Adj-RIBs-In, N^2 per prefix (issue 17).
     *
     * @param peer the peer whose candidate changed.
     * @param was  its path before, or null.
     * @param now  its path now (what its Adj-RIB-In holds), or null.
     * @return as {@link #decide(AfiSafi, IpPrefix)}.
     */
    boolean decide(final AfiSafi family, final IpPrefix prefix, final Peer peer, final Path was, final Path now)
    {
        final PrefixMap<Best> table = table(family);
        final Best old = table.get(prefix);
        final Peer bestPeer = old == null ? null : old.peer;
        final Path bestPath = old == null ? null : old.path;
        if (peer != bestPeer &&
            (was == null || decision.outBeforeMed(peer, was, bestPeer, bestPath)) &&
            (now == null || decision.outBeforeMed(peer, now, bestPeer, bestPath)))
        {
            return false;
        }
        return take(table, prefix, old, select(decision, family, prefix, ADJ_RIBS_IN));
    }

    /**
     * Store a selection if it differs from the entry; the hook and the listener hear what changed.
     *
     * @return whether the best path changed.
     */
    private boolean take(final PrefixMap<Best> table, final IpPrefix prefix, final Best old, final Best now)
    {
        if (!changed(old, now))
        {
            return false;
        }
        if (now == null)
        {
            table.remove(prefix);
        }
        else
        {
            table.put(prefix, now);
        }
        if (hook != null)
        {
            hook.bestChanged(prefix, old, now, cause.of(old, now));
        }
        if (!sameInstalled(old, now))
        {
            if (installs(now))
            {
                notify(prefix, now.peer.external, now.nextHops(), now.path.med);
            }
            else
            {
                notify(prefix, false, List.of(), 0);
            }
        }
        return bestChanged(old, now);
    }

    /**
     * The decision for a prefix over the given candidates, changing nothing: what {@link #decide} stores
     * when the candidates are the Adj-RIBs-In, and what a change preview expects.
     *
     * @param process a decision process (this Loc-RIB's, or one with another multipath limit).
     * @return the selection, or null if no candidate is usable.
     */
    Best select(final DecisionProcess process, final AfiSafi family, final IpPrefix prefix, final Candidates candidates)
    {
        addCandidates(process, family, prefix, candidates);
        final int equal = process.run();
        if (equal == 0)
        {
            return null;
        }
        return new Best(process.peer(0), process.path(0), process.multipathNextHops(equal));
    }

    /**
     * @return whether the Loc-RIB entry must be replaced (the best path or the multipath next hops differ).
     */
    static boolean changed(final Best old, final Best now)
    {
        return bestChanged(old, now) || (now != null && !Objects.equals(old.multipath, now.multipath));
    }

    /**
     * @return whether the best path itself (its peer or its path) differs: what the Adj-RIBs-Out look at.
     */
    static boolean bestChanged(final Best old, final Best now)
    {
        if (now == null || old == null)
        {
            return now != old;
        }
        return old.peer != now.peer || !old.path.equals(now.path);
    }

    /**
     * Run the decision process for a prefix as {@link #decide} does, without changing the Loc-RIB, and
     * tell where each candidate lost. With the same next-hop answers as at the last {@link #decide} (the
     * RIB decides again whenever they change), the best is the one selected.
     *
     * @return every candidate, in the order the decision takes them; empty if no peer has the prefix.
     */
    List<DecisionProcess.Ranked> explain(final AfiSafi family, final IpPrefix prefix)
    {
        addCandidates(decision, family, prefix, ADJ_RIBS_IN);
        return decision.explain();
    }

    /**
     * The candidates of a prefix in the decision's order of preference ({@link DecisionProcess#rank()}), read
     * through {@link DecisionProcess#rankedPeer(int)} and {@link DecisionProcess#rankedPath(int)} of
     * {@link #decision()} until its next use: what ADD-PATH send chooses from. With the same next-hop answers as
     * at the last {@link #decide}, the first is the entry's best.
     *
     * @return how many are ordered.
     */
    int rank(final AfiSafi family, final IpPrefix prefix)
    {
        addCandidates(decision, family, prefix, ADJ_RIBS_IN);
        return decision.rank();
    }

    private void addCandidates(
        final DecisionProcess process, final AfiSafi family, final IpPrefix prefix, final Candidates candidates)
    {
        process.reset();
        for (int i = 0; i < peers.size(); i++)
        {
            final Peer p = peers.get(i);
            final Path path = candidates.candidate(i, p, family, prefix);
            if (path != null)
            {
                process.add(p, path);
            }
        }
    }

    static boolean installs(final Best best)
    {
        return best != null && best.installs();
    }

    /**
     * @return whether the router RIB holds the same for both (nothing installed for either, or the same
     *     kind, MED and next hops): when not, the listener hears of it.
     */
    static boolean sameInstalled(final Best old, final Best now)
    {
        if (!installs(old))
        {
            return !installs(now);
        }
        if (!installs(now) || old.peer.external != now.peer.external || old.path.med != now.path.med)
        {
            return false;
        }
        if (old.multipath == null && now.multipath == null)
        {
            // Each installs its best's next hop alone: compared without making the lists (a full table's worth).
            return Objects.equals(old.path.nextHop(), now.path.nextHop());
        }
        return old.nextHops().equals(now.nextHops());
    }

    private void notify(final IpPrefix prefix, final boolean external, final List<IpAddress> nextHops, final long med)
    {
        listener.bestChanged(prefix, external, nextHops, med);
        listenerDirty = true;
    }

    /**
     * Call {@link LocRibListener#flush()} if something was reported since the last call.
     */
    void flush()
    {
        if (listenerDirty)
        {
            listenerDirty = false;
            listener.flush();
        }
    }

    int size(final AfiSafi family)
    {
        final PrefixMap<Best> t = tables.get(family);
        return t == null ? 0 : t.size();
    }

    long footprintBytes()
    {
        long bytes = 0;
        for (final PrefixMap<Best> t : tables.values())
        {
            bytes += t.footprintBytes() + t.size() * 24L;
        }
        return bytes;
    }
}
