/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

import java.util.List;

/**
 * What a candidate configuration would do to the routes if committed now (a dry run,
 * {@link BgpRib#preview}): the net difference between the tables as they are and as the live
 * reconfiguration would leave them, with counts and the first {@link #firstN()} of each kind, in prefix
 * order (IPv4 before IPv6, then by address, then by length).
 *
 * @param firstN         how many of each kind are listed.
 * @param imports        per neighbor whose import policy changes: routes newly accepted, no longer accepted,
 *                       accepted with other attributes or next hop; in configuration order.
 * @param bestChanges    Loc-RIB entries whose best path changes (prefix, old best, new best; null when none).
 * @param exports        per established neighbor something would be sent to: routes newly advertised,
 *                       withdrawn, advertised with other attributes; in configuration order.
 * @param ribChanges     what the router RIB (and so the FIB) would be told: per prefix the installed next
 *                       hops before and after (empty: not installed), with the new route's kind and MED.
 * @param neighborsGoing neighbors removed or reset by the candidate: their routes leave with their session,
 *                       and they are sent nothing until it is up again.
 */
public record PolicyPreview(
    int firstN, List<NeighborImport> imports, Sample<BestChange> bestChanges, List<NeighborExport> exports,
    Sample<RibChange> ribChanges, List<String> neighborsGoing)
{
    /**
     * @param count how many there are.
     * @param first the first of them, at most {@link PolicyPreview#firstN()}, in prefix order.
     */
    public record Sample<T>(long count, List<T> first)
    {
        public Sample
        {
            first = List.copyOf(first);
        }

        public boolean isEmpty()
        {
            return count == 0;
        }
    }

    /**
     * One route of a neighbor, before and after.
     *
     * @param before null when it is new (newly accepted, newly advertised).
     * @param after  null when it goes (rejected, withdrawn).
     */
    public record RouteChange(AfiSafi family, IpPrefix prefix, Path before, Path after)
    {
    }

    /** A neighbor's import side: Adj-RIB-In after policy, recomputed from the routes as received. */
    public record NeighborImport(
        String neighbor, Sample<RouteChange> accepted, Sample<RouteChange> rejected, Sample<RouteChange> changed)
    {
    }

    /** A neighbor's export side: the UPDATEs it would be sent, as differences from its Adj-RIB-Out. */
    public record NeighborExport(
        String neighbor, Sample<RouteChange> announced, Sample<RouteChange> withdrawn, Sample<RouteChange> changed)
    {
    }

    /**
     * @param before the selection now, or null.
     * @param after  the selection after the change, or null (no usable path).
     */
    public record BestChange(AfiSafi family, IpPrefix prefix, BgpRib.Selected before, BgpRib.Selected after)
    {
    }

    /**
     * What {@link LocRibListener#bestChanged} would be called with, and what it had.
     *
     * @param before   next hops installed now (empty: none).
     * @param after    next hops installed after (empty: withdrawn).
     * @param external whether the new route is eBGP-learned (false when withdrawn).
     * @param med      the new route's MED (0 when withdrawn).
     */
    public record RibChange(IpPrefix prefix, List<IpAddress> before, List<IpAddress> after, boolean external, long med)
    {
    }

    /**
     * @return whether committing the candidate would change no route anywhere.
     */
    public boolean isEmpty()
    {
        return imports.stream().allMatch(i -> i.accepted().isEmpty() && i.rejected().isEmpty() && i.changed().isEmpty()) &&
            exports.stream().allMatch(e -> e.announced().isEmpty() && e.withdrawn().isEmpty() && e.changed().isEmpty()) &&
            bestChanges.isEmpty() && ribChanges.isEmpty() && neighborsGoing.isEmpty();
    }
}
