/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.IpPrefix;
import net.junction.routing.PrefixMap;

import java.util.ArrayList;
import java.util.List;

/**
 * One peer's routes of one family, either after import policy (RFC 4271 §3.2 Adj-RIB-In, the decision
 * process's candidates) or as received where that differs (kept for soft reconfiguration): per
 * prefix only a reference to an interned {@link Path}, in a {@link PrefixMap}. A route can be marked
 * stale (graceful restart, RFC 4724 §4.2; enhanced route refresh, RFC 7313 §4): a re-announcement
 * clears the mark, a purge removes the routes still marked.
 */
final class AdjRibIn
{
    static final int STALE = 1;

    private final AfiSafi family;
    private final PrefixMap<Path> routes;
    /**
     * In a peer's table as received (an overlay on the one after policy, see {@code BgpRib}): how many
     * routes the peer announces now, here or, accepted unchanged, only in the table after policy.
     */
    int announced;
    private final PathInterner interner;

    AdjRibIn(final AfiSafi family, final PathInterner interner)
    {
        this.family = family;
        this.routes = new PrefixMap<>(AfiSafi.AFI_IPV6 == family.afi());
        this.interner = interner;
    }

    AfiSafi family()
    {
        return family;
    }

    Path get(final IpPrefix prefix)
    {
        return routes.get(prefix);
    }

    /**
     * Store an already-acquired canonical path (the caller holds one reference for this entry);
     * clears the stale mark.
     *
     * @return the previous path (its reference already released), or null.
     */
    Path put(final IpPrefix prefix, final Path canonical)
    {
        final Path old = routes.put(prefix, canonical);
        interner.release(old);
        return old;
    }

    /**
     * @return the removed path (released), or null.
     */
    Path remove(final IpPrefix prefix)
    {
        final Path old = routes.remove(prefix);
        interner.release(old);
        return old;
    }

    boolean isStale(final IpPrefix prefix)
    {
        return (routes.flags(prefix) & STALE) != 0;
    }

    /**
     * @return routes marked.
     */
    int markAllStale()
    {
        for (int i = 0; i < routes.capacity(); i++)
        {
            if (routes.valueAt(i) != null)
            {
                routes.setFlagsAt(i, routes.flagsAt(i) | STALE);
            }
        }
        return routes.size();
    }

    /**
     * @return the prefixes still marked stale.
     */
    List<IpPrefix> staleKeys()
    {
        final List<IpPrefix> out = new ArrayList<>();
        for (int i = 0; i < routes.capacity(); i++)
        {
            if (routes.valueAt(i) != null && (routes.flagsAt(i) & STALE) != 0)
            {
                out.add(routes.prefixAt(i));
            }
        }
        return out;
    }

    /**
     * Give back the slots of an emptied table (a peer gone for good).
     */
    void releaseIfEmpty()
    {
        if (routes.size() == 0)
        {
            routes.clear();
        }
    }

    /**
     * @param visitor every route, in slot order; the table must not change meanwhile.
     */
    void forEach(final java.util.function.BiConsumer<IpPrefix, Path> visitor)
    {
        for (int i = 0; i < routes.capacity(); i++)
        {
            final Path path = routes.valueAt(i);
            if (path != null)
            {
                visitor.accept(routes.prefixAt(i), path);
            }
        }
    }

    /**
     * @return the table itself, for a map that is to share its slot order ({@link PrefixMap#PrefixMap(PrefixMap, int)}).
     */
    PrefixMap<Path> routes()
    {
        return routes;
    }

    boolean containsKey(final IpPrefix prefix)
    {
        return routes.containsKey(prefix);
    }

    List<IpPrefix> keys()
    {
        return routes.keys();
    }

    int size()
    {
        return routes.size();
    }

    long footprintBytes()
    {
        return routes.footprintBytes();
    }
}
