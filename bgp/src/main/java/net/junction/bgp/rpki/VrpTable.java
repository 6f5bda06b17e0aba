/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rpki;

import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Validated ROA Payloads in effect, and origin validation against them (RFC 6811).
 * <p>
 * Design: VRPs are grouped by their prefix in a hash table, each group a small array of (max length, AS)
 * pairs. The covering VRPs of a route are found by masking its prefix to each length at which some VRP exists
 * (a count per length and family says which) and looking each masked prefix up: at most 33 (IPv4) or 129
 * (IPv6) lookups, in practice the 17 lengths of IPv4 ROAs (8..24) and a few more for IPv6, whatever the table's
 * size. Today's ~500k VRPs sit in about 450k groups.
 * <p>
 * Threading: one writer (the speaker's event loop, through {@link #add} and {@link #remove}); readers on any
 * thread ({@link #validate} from the API). A group is an immutable array replaced whole, so a reader sees each
 * prefix's VRPs as they were before or after a change, never half of one.
 */
public final class VrpTable
{
    /** The origin of an AS_PATH with none (RFC 6811 §2: an AS_SET last, or an empty path). */
    public static final long NO_ORIGIN = -1;

    private final ConcurrentHashMap<IpPrefix, long[]> groups = new ConcurrentHashMap<>();
    /** Groups per prefix length: [0..32] IPv4, [33..161] IPv6 (length + 33). */
    private final AtomicIntegerArray groupsPerLength = new AtomicIntegerArray(33 + 129);
    private final AtomicLong size4 = new AtomicLong();
    private final AtomicLong size6 = new AtomicLong();

    /**
     * @param vrp to add.
     * @return false if the table holds it already (nothing changes).
     */
    public boolean add(final Vrp vrp)
    {
        final long entry = entry(vrp);
        final long[] was = groups.get(vrp.prefix());
        if (was == null)
        {
            groups.put(vrp.prefix(), new long[]{entry});
            groupsPerLength.incrementAndGet(slot(vrp.prefix()));
        }
        else
        {
            for (final long e : was)
            {
                if (e == entry)
                {
                    return false;
                }
            }
            final long[] now = Arrays.copyOf(was, was.length + 1);
            now[was.length] = entry;
            groups.put(vrp.prefix(), now);
        }
        (vrp.prefix().isIpv4() ? size4 : size6).incrementAndGet();
        return true;
    }

    /**
     * @param vrp to remove.
     * @return false if the table does not hold it (nothing changes).
     */
    public boolean remove(final Vrp vrp)
    {
        final long entry = entry(vrp);
        final long[] was = groups.get(vrp.prefix());
        if (was == null)
        {
            return false;
        }
        int at = -1;
        for (int i = 0; i < was.length; i++)
        {
            if (was[i] == entry)
            {
                at = i;
                break;
            }
        }
        if (at < 0)
        {
            return false;
        }
        if (was.length == 1)
        {
            groups.remove(vrp.prefix());
            groupsPerLength.decrementAndGet(slot(vrp.prefix()));
        }
        else
        {
            final long[] now = new long[was.length - 1];
            System.arraycopy(was, 0, now, 0, at);
            System.arraycopy(was, at + 1, now, at, was.length - at - 1);
            groups.put(vrp.prefix(), now);
        }
        (vrp.prefix().isIpv4() ? size4 : size6).decrementAndGet();
        return true;
    }

    /** Remove every VRP. */
    public void clear()
    {
        groups.clear();
        for (int i = 0; i < groupsPerLength.length(); i++)
        {
            groupsPerLength.set(i, 0);
        }
        size4.set(0);
        size6.set(0);
    }

    /**
     * @return IPv4 VRPs held.
     */
    public long size4()
    {
        return size4.get();
    }

    /**
     * @return IPv6 VRPs held.
     */
    public long size6()
    {
        return size6.get();
    }

    /**
     * @param vrp a VRP.
     * @return whether the table holds it.
     */
    public boolean contains(final Vrp vrp)
    {
        final long[] group = groups.get(vrp.prefix());
        if (group != null)
        {
            final long entry = entry(vrp);
            for (final long e : group)
            {
                if (e == entry)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * RFC 6811 §2: the route's state from the VRPs covering its prefix and its origin AS.
     *
     * @param prefix the route's prefix.
     * @param asPath its AS_PATH.
     * @return valid, invalid or not-found.
     */
    public ValidationState validate(final IpPrefix prefix, final PathAttribute.AsPath asPath)
    {
        return validate(prefix, originAs(asPath));
    }

    /**
     * @param prefix the route's prefix.
     * @param origin its origin AS (unsigned 32-bit in a long), or {@link #NO_ORIGIN}.
     * @return valid, invalid or not-found.
     */
    public ValidationState validate(final IpPrefix prefix, final long origin)
    {
        boolean covered = false;
        final int base = prefix.isIpv4() ? 0 : 33;
        for (int length = prefix.length(); length >= 0; length--)
        {
            if (groupsPerLength.get(base + length) == 0)
            {
                continue;
            }
            final long[] group = groups.get(masked(prefix, length));
            if (group == null)
            {
                continue;
            }
            covered = true;
            if (origin == NO_ORIGIN)
            {
                return ValidationState.INVALID; // covered, and no origin can match (RFC 6811 §2)
            }
            for (final long e : group)
            {
                // A VRP of AS 0 matches no route: no origin is 0 (RFC 7607 makes such paths withdrawn).
                if ((e & 0xFFFF_FFFFL) == origin && origin != 0 && prefix.length() <= (int)(e >>> 32))
                {
                    return ValidationState.VALID;
                }
            }
        }
        return covered ? ValidationState.INVALID : ValidationState.NOT_FOUND;
    }

    /**
     * @param prefix a route's prefix.
     * @return every VRP covering it (its prefix contains the route's), longest VRP prefix first.
     */
    public List<Vrp> covering(final IpPrefix prefix)
    {
        final List<Vrp> out = new ArrayList<>();
        final int base = prefix.isIpv4() ? 0 : 33;
        for (int length = prefix.length(); length >= 0; length--)
        {
            if (groupsPerLength.get(base + length) == 0)
            {
                continue;
            }
            final IpPrefix key = masked(prefix, length);
            final long[] group = groups.get(key);
            if (group != null)
            {
                for (final long e : group)
                {
                    out.add(new Vrp(key, (int)(e >>> 32), (int)e));
                }
            }
        }
        return out;
    }

    /**
     * @param visitor every VRP held (the loop thread, or a table no one writes).
     */
    public void forEach(final java.util.function.Consumer<Vrp> visitor)
    {
        groups.forEach((prefix, group) ->
        {
            for (final long e : group)
            {
                visitor.accept(new Vrp(prefix, (int)(e >>> 32), (int)e));
            }
        });
    }

    /**
     * @param prefix a route's prefix.
     * @return whether a VRP covers it (its prefix contains the route's).
     */
    public boolean covers(final IpPrefix prefix)
    {
        final int base = prefix.isIpv4() ? 0 : 33;
        for (int length = prefix.length(); length >= 0; length--)
        {
            if (groupsPerLength.get(base + length) != 0 && groups.containsKey(masked(prefix, length)))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * RFC 6811 §2: the origin AS is the last AS of the AS_PATH when its last segment is an AS_SEQUENCE; with an
     * AS_SET last, or no AS at all, there is none ("NONE"), which matches no VRP. Confederation segments are not
     * the origin's (RFC 5065): they are skipped from the end.
     *
     * @param asPath a route's AS_PATH.
     * @return the origin AS (unsigned), or {@link #NO_ORIGIN}.
     */
    public static long originAs(final PathAttribute.AsPath asPath)
    {
        final List<AsPathSegment> segments = asPath.segments();
        for (int i = segments.size() - 1; i >= 0; i--)
        {
            final AsPathSegment s = segments.get(i);
            if (s.isConfederation())
            {
                continue;
            }
            if (s.type() == AsPathSegment.AS_SEQUENCE && s.size() > 0)
            {
                return Integer.toUnsignedLong(s.asn(s.size() - 1));
            }
            return NO_ORIGIN;
        }
        return NO_ORIGIN;
    }

    private static long entry(final Vrp vrp)
    {
        return (long)vrp.maxLength() << 32 | Integer.toUnsignedLong(vrp.asn());
    }

    private static int slot(final IpPrefix prefix)
    {
        return (prefix.isIpv4() ? 0 : 33) + prefix.length();
    }

    private static IpPrefix masked(final IpPrefix prefix, final int length)
    {
        if (length == prefix.length())
        {
            return prefix;
        }
        return switch (prefix)
        {
            case Prefix4 p -> Prefix4.network(p.address(), length);
            case Prefix6 p -> Prefix6.network(p.high(), p.low(), length);
        };
    }
}
