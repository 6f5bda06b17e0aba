/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.IpAddress;

import java.util.Objects;

/**
 * What a route says besides its prefix: its path attributes and its next hop, as one immutable value
 * shared (through {@link PathInterner}) by every prefix with the same ones. The next hop is kept out
 * of the attribute set (no NEXT_HOP attribute inside) because IPv6 and MP_REACH routes carry it in
 * the NLRI attribute: one representation for every family.
 * <p>
 * The values the decision process compares are read once here, at construction.
 */
public final class Path
{
    /** RFC 4271 §5.1.5: the usual default LOCAL_PREF. */
    public static final long DEFAULT_LOCAL_PREF = 100;

    private final PathAttributes attributes;
    private final IpAddress nextHop;
    private final IpAddress linkLocalNextHop;
    private final int hash;

    final long localPref;
    final int asPathLength;
    final int origin;
    final long med;
    final int neighborAs;
    final int clusterListLength;
    final boolean hasOriginatorId;
    final int originatorId;

    /** Holders in RIB tables, counted by {@link PathInterner}. */
    int references;
    /** A {@link PathMemo}'s entry, or null; by the thread using that memo (see there). */
    Object memo;

    /**
     * @param attributes       path attributes; a NEXT_HOP among them is removed.
     * @param nextHop          the next hop (null only for locally originated routes).
     * @param linkLocalNextHop IPv6 link-local next hop (RFC 2545), or null.
     */
    public Path(final PathAttributes attributes, final IpAddress nextHop, final IpAddress linkLocalNextHop)
    {
        this.attributes = attributes.without(PathAttribute.NEXT_HOP);
        this.nextHop = nextHop;
        this.linkLocalNextHop = linkLocalNextHop;
        this.hash = (this.attributes.hashCode() * 31 + Objects.hashCode(nextHop)) * 31 + Objects.hashCode(linkLocalNextHop);

        final PathAttribute.LocalPref lp = this.attributes.localPref();
        this.localPref = lp == null ? DEFAULT_LOCAL_PREF : Integer.toUnsignedLong(lp.value());
        final PathAttribute.AsPath asPath = this.attributes.asPath();
        this.asPathLength = asPath == null ? 0 : asPath.pathLength();
        this.neighborAs = neighborAs(asPath);
        final PathAttribute.Origin o = this.attributes.origin();
        this.origin = o == null ? PathAttribute.Origin.INCOMPLETE : o.value();
        final PathAttribute.MultiExitDisc m = this.attributes.multiExitDisc();
        this.med = m == null ? 0 : Integer.toUnsignedLong(m.value());
        final PathAttribute.ClusterList cl = (PathAttribute.ClusterList)this.attributes.get(PathAttribute.CLUSTER_LIST);
        this.clusterListLength = cl == null ? 0 : cl.size();
        final PathAttribute.OriginatorId oid = (PathAttribute.OriginatorId)this.attributes.get(PathAttribute.ORIGINATOR_ID);
        this.hasOriginatorId = oid != null;
        this.originatorId = oid == null ? 0 : oid.routerId();
    }

    /**
     * RFC 4271 §9.1.2.2 (c): the neighbor AS is the leftmost AS of AS_PATH; confederation segments
     * (RFC 5065 §5.3) are skipped; an empty path (a route from our own AS) gives 0.
     */
    private static int neighborAs(final PathAttribute.AsPath asPath)
    {
        if (asPath == null)
        {
            return 0;
        }
        for (final AsPathSegment s : asPath.segments())
        {
            if (s.type() == AsPathSegment.AS_SEQUENCE)
            {
                return s.asn(0);
            }
            if (!s.isConfederation())
            {
                return 0;
            }
        }
        return 0;
    }

    /**
     * @return the attributes, without NEXT_HOP.
     */
    public PathAttributes attributes()
    {
        return attributes;
    }

    /**
     * @return the next hop, or null for a locally originated route.
     */
    public IpAddress nextHop()
    {
        return nextHop;
    }

    /**
     * @return the IPv6 link-local next hop, or null.
     */
    public IpAddress linkLocalNextHop()
    {
        return linkLocalNextHop;
    }

    /**
     * @return LOCAL_PREF, or {@link #DEFAULT_LOCAL_PREF} when absent.
     */
    public long localPref()
    {
        return localPref;
    }

    /**
     * @return MULTI_EXIT_DISC, 0 when absent (RFC 4271 §9.1.2.2 (c)).
     */
    public long med()
    {
        return med;
    }

    public boolean equals(final Object o)
    {
        return this == o || (o instanceof Path p && p.hash == hash && p.attributes.equals(attributes) &&
            Objects.equals(p.nextHop, nextHop) && Objects.equals(p.linkLocalNextHop, linkLocalNextHop));
    }

    public int hashCode()
    {
        return hash;
    }

    public String toString()
    {
        return "Path[nh=" + nextHop + (linkLocalNextHop != null ? " ll=" + linkLocalNextHop : "") + " " +
            attributes + "]";
    }
}
