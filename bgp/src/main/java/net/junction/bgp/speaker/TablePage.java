/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.speaker;

import net.junction.bgp.rib.BgpRib;
import net.junction.bgp.rib.Path;
import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * One page of a neighbor's table ({@link BgpControl#neighborTable}). The tables are hash maps, so a page
 * is one pass over the family's entries keeping the {@code limit} smallest after the cursor in a bounded
 * heap: O(n log limit) time, O(limit) memory, no sorted copy of a full table. Runs on the event loop. With
 * ADD-PATH a prefix can have several routes (one per Path Identifier): a page never splits them.
 */
final class TablePage
{
    /** IPv4 before IPv6, then by address (unsigned), then by length. */
    static final Comparator<IpPrefix> ORDER = TablePage::compare;

    private TablePage()
    {
    }

    static int compare(final IpPrefix a, final IpPrefix b)
    {
        if (a.isIpv4() != b.isIpv4())
        {
            return a.isIpv4() ? -1 : 1;
        }
        if (a instanceof Prefix4 x && b instanceof Prefix4 y)
        {
            final int c = Integer.compareUnsigned(x.address(), y.address());
            return c != 0 ? c : Integer.compare(x.length(), y.length());
        }
        final Prefix6 x = (Prefix6)a;
        final Prefix6 y = (Prefix6)b;
        int c = Long.compareUnsigned(x.high(), y.high());
        if (c == 0)
        {
            c = Long.compareUnsigned(x.low(), y.low());
        }
        return c != 0 ? c : Integer.compare(x.length(), y.length());
    }

    static List<BgpControl.TableEntry> select(
        final BgpRib rib, final String neighbor, final BgpRib.View view, final IpPrefix within, final IpPrefix after,
        final int limit)
    {
        final PriorityQueue<BgpControl.TableEntry> largestFirst =
            new PriorityQueue<>(limit + 1, (a, b) -> compare(b.prefix(), a.prefix()));
        for (final AfiSafi family : List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST))
        {
            final boolean ipv4 = AfiSafi.IPV4_UNICAST.equals(family);
            if ((within != null && within.isIpv4() != ipv4) || (after != null && ipv4 && !after.isIpv4()))
            {
                continue;
            }
            rib.forEachPath(neighbor, view, family, (prefix, path, pathId, source) ->
                offer(largestFirst, prefix, path, pathId, source, within, after, limit));
        }
        final List<BgpControl.TableEntry> page = new ArrayList<>(largestFirst);
        page.sort((a, b) -> compare(a.prefix(), b.prefix()));
        if (page.size() == limit)
        {
            // With ADD-PATH a prefix has several paths, and the cursor is a prefix: the last prefix's paths all go
            // on this page (it may hold more than the limit), so the next page, after that prefix, misses none.
            final IpPrefix last = page.getLast().prefix();
            final List<BgpControl.TableEntry> all = new ArrayList<>(2);
            rib.forEachPath(neighbor, view, AfiSafi.unicastOf(last), (prefix, path, pathId, source) ->
            {
                if (prefix.equals(last))
                {
                    all.add(entry(prefix, path, pathId, source));
                }
            });
            page.removeIf(e -> e.prefix().equals(last));
            page.addAll(all);
        }
        if (BgpRib.View.ADVERTISED == view)
        {
            // What each advertisement is made from: the Loc-RIB's best path now, one lookup per route of the page
            // (with ADD-PATH send each path's own source, known already).
            page.replaceAll(e -> e.bestFrom().isPresent() ? e : new BgpControl.TableEntry(e.prefix(), e.path(),
                Optional.ofNullable(rib.best(AfiSafi.unicastOf(e.prefix()), e.prefix())).map(BgpRib.Selected::peer),
                e.pathId()));
        }
        // Several paths of one prefix (ADD-PATH) in the order of their identifiers.
        page.sort((a, b) -> a.prefix().equals(b.prefix()) ?
            Long.compare(a.pathId().orElse(-1L), b.pathId().orElse(-1L)) : compare(a.prefix(), b.prefix()));
        return page;
    }

    private static BgpControl.TableEntry entry(final IpPrefix prefix, final Path path, final long pathId, final String source)
    {
        return new BgpControl.TableEntry(prefix, path, Optional.ofNullable(source),
            pathId < 0 ? Optional.empty() : Optional.of(pathId));
    }

    private static void offer(
        final PriorityQueue<BgpControl.TableEntry> largestFirst, final IpPrefix prefix, final Path path,
        final long pathId, final String source, final IpPrefix within, final IpPrefix after, final int limit)
    {
        if ((within != null && !within.contains(prefix)) || (after != null && compare(prefix, after) <= 0))
        {
            return;
        }
        if (largestFirst.size() == limit)
        {
            if (compare(prefix, largestFirst.peek().prefix()) >= 0)
            {
                return;
            }
            largestFirst.poll();
        }
        largestFirst.add(entry(prefix, path, pathId, source));
    }
}
