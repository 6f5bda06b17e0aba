/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire.attribute;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The path attributes of a route: at most one {@link PathAttribute} per type code, kept sorted by type
 * code, plus which of the recognized optional transitive attributes arrived with the Partial bit
 * (RFC 4271 §5: it must not be cleared when the route is passed on).
 * <p>
 * Immutable, with value equality and a cached hash, so that the Adj-RIB-In can hold one shared instance
 * per distinct set through an {@link Interner}: a full table from many peers carries far fewer distinct
 * attribute sets than routes.
 */
public final class PathAttributes
{
    /** No attributes (an UPDATE that only withdraws). */
    public static final PathAttributes EMPTY = new PathAttributes(new PathAttribute[0], 0L);

    private final PathAttribute[] attributes;
    private final long partialTypes;
    /**
     * Bit t set: an attribute of type code t (below 64) is present. The array being sorted by type code,
     * such an attribute sits at the index of the bits below t: {@link #get} finds it without a scan (it is
     * asked for on every route by import, export and the decision process).
     */
    private final long present;
    private final boolean hasUnknown;
    private final int hash;

    private PathAttributes(final PathAttribute[] attributes, final long partialTypes)
    {
        this.attributes = attributes;
        this.partialTypes = partialTypes;
        long bits = 0;
        boolean unknown = false;
        for (final PathAttribute a : attributes)
        {
            if (a.typeCode() < 64)
            {
                bits |= 1L << a.typeCode();
            }
            unknown |= a instanceof PathAttribute.Unknown;
        }
        this.present = bits;
        this.hasUnknown = unknown;
        this.hash = Arrays.hashCode(attributes) * 31 + Long.hashCode(partialTypes);
    }

    /**
     * @param attributes at most one per type code, any order.
     * @return the set.
     * @throws IllegalArgumentException if a type code appears twice.
     */
    public static PathAttributes of(final Collection<? extends PathAttribute> attributes)
    {
        final Builder b = builder();
        for (final PathAttribute a : attributes)
        {
            if (b.get(a.typeCode()) != null)
            {
                throw new IllegalArgumentException("attribute type " + a.typeCode() + " given twice");
            }
            b.put(a);
        }
        return b.build();
    }

    /**
     * @param attributes at most one per type code, any order.
     * @return the set.
     */
    public static PathAttributes of(final PathAttribute... attributes)
    {
        return of(Arrays.asList(attributes));
    }

    /**
     * @return an empty builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return a builder holding this set's attributes and partial bits.
     */
    public Builder toBuilder()
    {
        final Builder b = new Builder();
        // Already sorted by type code, one per type: no insertion needed.
        b.attributes.addAll(Arrays.asList(attributes));
        b.partialTypes = partialTypes;
        return b;
    }

    /**
     * @return number of attributes.
     */
    public int size()
    {
        return attributes.length;
    }

    /**
     * @return true if there is no attribute.
     */
    public boolean isEmpty()
    {
        return attributes.length == 0;
    }

    /**
     * @return whether an attribute is one this speaker does not recognize ({@link PathAttribute.Unknown}).
     */
    public boolean hasUnknown()
    {
        return hasUnknown;
    }

    /**
     * @return the attributes in type-code order, unmodifiable.
     */
    public List<PathAttribute> list()
    {
        return List.of(attributes);
    }

    /**
     * @param typeCode attribute type.
     * @return the attribute, or null.
     */
    public PathAttribute get(final int typeCode)
    {
        if (typeCode >= 0 && typeCode < 64)
        {
            final long bit = 1L << typeCode;
            return (present & bit) == 0 ? null : attributes[Long.bitCount(present & (bit - 1))];
        }
        // Type codes 64..255 (rare: unknown ones) follow those below 64, in order.
        for (int i = Long.bitCount(present); i < attributes.length; i++)
        {
            final PathAttribute a = attributes[i];
            if (a.typeCode() == typeCode)
            {
                return a;
            }
            if (a.typeCode() > typeCode)
            {
                return null;
            }
        }
        return null;
    }

    /**
     * @param typeCode a recognized optional transitive type (AGGREGATOR, COMMUNITIES, ...).
     * @return true if it arrived with the Partial bit set.
     */
    public boolean isPartial(final int typeCode)
    {
        return typeCode < 64 && (partialTypes & (1L << typeCode)) != 0;
    }

    /**
     * @param typeCode attribute type.
     * @return true if present.
     */
    public boolean contains(final int typeCode)
    {
        return get(typeCode) != null;
    }

    /**
     * @param attribute to add or replace.
     * @return a set with {@code attribute} in place of any attribute of its type.
     */
    public PathAttributes with(final PathAttribute attribute)
    {
        // One array made in place of a builder's list and array: import adds LOCAL_PREF to every eBGP UPDATE.
        final int type = attribute.typeCode();
        int at = 0;
        while (at < attributes.length && attributes[at].typeCode() < type)
        {
            at++;
        }
        final int rest = at < attributes.length && attributes[at].typeCode() == type ? at + 1 : at;
        final PathAttribute[] next = new PathAttribute[attributes.length - (rest - at) + 1];
        System.arraycopy(attributes, 0, next, 0, at);
        next[at] = attribute;
        System.arraycopy(attributes, rest, next, at + 1, attributes.length - rest);
        return new PathAttributes(next, partialOf(Arrays.asList(next), partialTypes));
    }

    /**
     * @param typeCode attribute type.
     * @return a set without that type.
     */
    public PathAttributes without(final int typeCode)
    {
        if (!contains(typeCode))
        {
            return this;
        }
        // As with(): every path a RIB makes drops its NEXT_HOP (the path holds it apart).
        final PathAttribute[] next = new PathAttribute[attributes.length - 1];
        int n = 0;
        for (final PathAttribute a : attributes)
        {
            if (a.typeCode() != typeCode)
            {
                next[n++] = a;
            }
        }
        final long partial = typeCode < 64 ? partialTypes & ~(1L << typeCode) : partialTypes;
        return n == 0 && partial == 0 ? EMPTY : new PathAttributes(next, partialOf(Arrays.asList(next), partial));
    }

    /** The partial bits kept for these attributes: those of recognized types present (what build() keeps). */
    private static long partialOf(final List<PathAttribute> attributes, final long partialTypes)
    {
        long partial = 0;
        for (final PathAttribute a : attributes)
        {
            if (a.typeCode() < 64 && !(a instanceof PathAttribute.Unknown))
            {
                partial |= partialTypes & (1L << a.typeCode());
            }
        }
        return partial;
    }

    /**
     * @return ORIGIN or null.
     */
    public PathAttribute.Origin origin()
    {
        return (PathAttribute.Origin)get(PathAttribute.ORIGIN);
    }

    /**
     * @return AS_PATH or null.
     */
    public PathAttribute.AsPath asPath()
    {
        return (PathAttribute.AsPath)get(PathAttribute.AS_PATH);
    }

    /**
     * @return NEXT_HOP or null.
     */
    public PathAttribute.NextHop nextHop()
    {
        return (PathAttribute.NextHop)get(PathAttribute.NEXT_HOP);
    }

    /**
     * @return MULTI_EXIT_DISC or null.
     */
    public PathAttribute.MultiExitDisc multiExitDisc()
    {
        return (PathAttribute.MultiExitDisc)get(PathAttribute.MULTI_EXIT_DISC);
    }

    /**
     * @return LOCAL_PREF or null.
     */
    public PathAttribute.LocalPref localPref()
    {
        return (PathAttribute.LocalPref)get(PathAttribute.LOCAL_PREF);
    }

    /**
     * @return AGGREGATOR or null.
     */
    public PathAttribute.Aggregator aggregator()
    {
        return (PathAttribute.Aggregator)get(PathAttribute.AGGREGATOR);
    }

    /**
     * @return COMMUNITIES or null.
     */
    public PathAttribute.Communities communities()
    {
        return (PathAttribute.Communities)get(PathAttribute.COMMUNITIES);
    }

    /**
     * @return EXTENDED_COMMUNITIES or null.
     */
    public PathAttribute.ExtendedCommunities extendedCommunities()
    {
        return (PathAttribute.ExtendedCommunities)get(PathAttribute.EXTENDED_COMMUNITIES);
    }

    /**
     * @return LARGE_COMMUNITY or null.
     */
    public PathAttribute.LargeCommunities largeCommunities()
    {
        return (PathAttribute.LargeCommunities)get(PathAttribute.LARGE_COMMUNITY);
    }

    /**
     * @return AS4_PATH or null.
     */
    public PathAttribute.As4Path as4Path()
    {
        return (PathAttribute.As4Path)get(PathAttribute.AS4_PATH);
    }

    /**
     * @return AS4_AGGREGATOR or null.
     */
    public PathAttribute.As4Aggregator as4Aggregator()
    {
        return (PathAttribute.As4Aggregator)get(PathAttribute.AS4_AGGREGATOR);
    }

    public boolean equals(final Object o)
    {
        return this == o || (o instanceof PathAttributes p && p.hash == hash && p.partialTypes == partialTypes &&
            Arrays.equals(p.attributes, attributes));
    }

    public int hashCode()
    {
        return hash;
    }

    public String toString()
    {
        return Arrays.toString(attributes) + (partialTypes != 0 ? " partial=0x" + Long.toHexString(partialTypes) : "");
    }

    /**
     * Collects attributes for a {@link PathAttributes}; not thread safe, reusable after {@link #build()}.
     */
    public static final class Builder
    {
        private final List<PathAttribute> attributes = new ArrayList<>(8);
        private long partialTypes;

        private Builder()
        {
        }

        /**
         * @param attribute to add, replacing any of its type.
         * @return this.
         */
        public Builder put(final PathAttribute attribute)
        {
            final int type = attribute.typeCode();
            for (int i = 0; i < attributes.size(); i++)
            {
                final int t = attributes.get(i).typeCode();
                if (t == type)
                {
                    attributes.set(i, attribute);
                    return this;
                }
                if (t > type)
                {
                    attributes.add(i, attribute);
                    return this;
                }
            }
            attributes.add(attribute);
            return this;
        }

        /**
         * @param typeCode attribute type.
         * @return the attribute collected so far, or null.
         */
        public PathAttribute get(final int typeCode)
        {
            for (final PathAttribute a : attributes)
            {
                if (a.typeCode() == typeCode)
                {
                    return a;
                }
            }
            return null;
        }

        /**
         * @param typeCode attribute type to drop (and its partial bit).
         * @return this.
         */
        public Builder remove(final int typeCode)
        {
            attributes.removeIf(a -> a.typeCode() == typeCode);
            partial(typeCode, false);
            return this;
        }

        /**
         * @param typeCode a recognized optional transitive type; other types keep their own flags.
         * @param partial  whether it carries the Partial bit.
         * @return this.
         */
        public Builder partial(final int typeCode, final boolean partial)
        {
            if (typeCode < 64)
            {
                partialTypes = partial ? partialTypes | (1L << typeCode) : partialTypes & ~(1L << typeCode);
            }
            return this;
        }

        /**
         * @return the immutable set; the partial bits of absent types are dropped.
         */
        public PathAttributes build()
        {
            if (attributes.isEmpty() && partialTypes == 0)
            {
                return EMPTY;
            }
            return new PathAttributes(attributes.toArray(new PathAttribute[0]), partialOf(attributes, partialTypes));
        }
    }
}
