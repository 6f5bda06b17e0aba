/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Counts the changes of one kind and keeps the first N of them in prefix order, with a bounded heap: a
 * million changes cost a million comparisons against the current N-th, not a million records. Call
 * {@link #wants} for every change and build the record only when it answers true.
 */
final class PreviewSampler<T>
{
    /** IPv4 before IPv6, then by address (unsigned), then by length. */
    static final Comparator<IpPrefix> ORDER = PreviewSampler::compare;

    private record Entry<T>(IpPrefix prefix, T value)
    {
    }

    private final int limit;
    private final PriorityQueue<Entry<T>> last;
    private long count;

    PreviewSampler(final int limit)
    {
        this.limit = limit;
        this.last = new PriorityQueue<>(Math.min(limit, 1024) + 1, (a, b) -> compare(b.prefix, a.prefix));
    }

    /**
     * Count one change.
     *
     * @return whether it is among the first N so far: then {@link #add} it.
     */
    boolean wants(final IpPrefix prefix)
    {
        count++;
        return limit > 0 && (last.size() < limit || compare(prefix, last.peek().prefix) < 0);
    }

    void add(final IpPrefix prefix, final T value)
    {
        last.add(new Entry<>(prefix, value));
        if (last.size() > limit)
        {
            last.poll();
        }
    }

    PolicyPreview.Sample<T> sample()
    {
        final List<Entry<T>> entries = new ArrayList<>(last);
        entries.sort((a, b) -> compare(a.prefix, b.prefix));
        final List<T> first = new ArrayList<>(entries.size());
        for (final Entry<T> e : entries)
        {
            first.add(e.value);
        }
        return new PolicyPreview.Sample<>(count, first);
    }

    static int compare(final IpPrefix a, final IpPrefix b)
    {
        if (a instanceof Prefix4 x && b instanceof Prefix4 y)
        {
            final int c = Integer.compareUnsigned(x.address(), y.address());
            return c != 0 ? c : Integer.compare(x.length(), y.length());
        }
        if (a instanceof Prefix6 x && b instanceof Prefix6 y)
        {
            int c = Long.compareUnsigned(x.high(), y.high());
            if (c == 0)
            {
                c = Long.compareUnsigned(x.low(), y.low());
            }
            return c != 0 ? c : Integer.compare(x.length(), y.length());
        }
        return a.isIpv4() ? -1 : 1;
    }
}
