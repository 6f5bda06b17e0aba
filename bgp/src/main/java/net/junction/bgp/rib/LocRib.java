/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Loc-RIB (RFC 4271 §3.2): per prefix the path the decision process selected and, with
 * multipath, the next hops installed with it. The candidates are not copied here: they are the
 * peers' Adj-RIB-In entries (each already a single reference to an interned path), read again when a
 * prefix changes, so a route costs one reference in its Adj-RIB-In and the prefix one small
 * {@link Best} here, however many peers send it.
 * <p>
 * {@link LocRibListener#bestChanged} is called only when what is installed (external or not, next
 * hops, MED) changes; a locally originated best installs nothing (the router already has the
 * network), so the listener sees a withdrawal if a BGP route was installed before.
 */
final class LocRib
{
    /** The selection for one prefix. */
    static final class Best
    {
        final Peer peer;
        final Path path;
        /** With multipath: the installed next hops, sorted; null when only the best's. */
        final List<IpAddress> multipath;

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

        List<IpAddress> nextHops()
        {
            return multipath != null ? multipath : List.of(path.nextHop());
        }
    }

    private final Map<AfiSafi, PrefixMap<Best>> tables = new HashMap<>(4);
    private final List<Peer> peers;
    private final DecisionProcess decision;
    private final LocRibListener listener;
    private boolean listenerDirty;

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

    PrefixMap<Best> table(final AfiSafi family)
    {
        return tables.computeIfAbsent(family, f -> new PrefixMap<>(AfiSafi.AFI_IPV6 == f.afi()));
    }

    Best get(final AfiSafi family, final IpPrefix prefix)
    {
        final PrefixMap<Best> t = tables.get(family);
        return t == null ? null : t.get(prefix);
    }

    /**
     * Run the decision process for a prefix from its candidates in the peers' Adj-RIBs-In.
     *
     * @return whether the best path (its peer or attributes) changed: the Adj-RIBs-Out must look at
     *     the prefix again.
     */
    boolean decide(final AfiSafi family, final IpPrefix prefix)
    {
        addCandidates(family, prefix);
        final int equal = decision.run();
        final PrefixMap<Best> table = table(family);
        final Best old = table.get(prefix);
        if (equal == 0)
        {
            if (old == null)
            {
                return false;
            }
            table.remove(prefix);
            if (old.installs())
            {
                notify(prefix, false, List.of(), 0);
            }
            return true;
        }
        final Peer peer = decision.peer(0);
        final Path path = decision.path(0);
        final List<IpAddress> multipath = decision.multipathNextHops(equal);
        final boolean bestChanged = old == null || old.peer != peer || !old.path.equals(path);
        if (!bestChanged && Objects.equals(old.multipath, multipath))
        {
            return false;
        }
        final Best best = new Best(peer, path, multipath);
        table.put(prefix, best);
        if (!sameInstalled(old, best))
        {
            if (best.installs())
            {
                notify(prefix, peer.external, best.nextHops(), path.med);
            }
            else
            {
                notify(prefix, false, List.of(), 0);
            }
        }
        return bestChanged;
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
        addCandidates(family, prefix);
        return decision.explain();
    }

    private void addCandidates(final AfiSafi family, final IpPrefix prefix)
    {
        decision.reset();
        for (int i = 0; i < peers.size(); i++)
        {
            final Peer p = peers.get(i);
            final AdjRibIn in = p.ribIn.get(family);
            if (in != null)
            {
                final Path path = in.get(prefix);
                if (path != null)
                {
                    decision.add(p, path);
                }
            }
        }
    }

    private static boolean sameInstalled(final Best old, final Best now)
    {
        if (old == null || !old.installs())
        {
            return !now.installs();
        }
        return now.installs() && old.peer.external == now.peer.external && old.path.med == now.path.med &&
            old.nextHops().equals(now.nextHops());
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
