/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire.attribute;

import java.util.Arrays;

/**
 * One segment of an AS_PATH or AS4_PATH (RFC 4271 §4.3, RFC 5065 §3 for the confederation types): a
 * type and one to 255 AS numbers. AS numbers are unsigned 32-bit values held in an {@code int}; use
 * {@link Integer#toUnsignedLong(int)} to print or compare them.
 * <pre>
 * +-----------------+-----------------+------------------------------------+
 * | segment type(1) | AS count (1)    | AS numbers, 2 or 4 octets each     |
 * +-----------------+-----------------+------------------------------------+
 * </pre>
 * Immutable: the array is copied in and never handed out.
 */
public final class AsPathSegment
{
    /** Unordered set of ASes an aggregate has traversed (RFC 4271). */
    public static final int AS_SET = 1;
    /** Ordered ASes the route has traversed (RFC 4271). */
    public static final int AS_SEQUENCE = 2;
    /** Ordered member ASes of the local confederation (RFC 5065). */
    public static final int AS_CONFED_SEQUENCE = 3;
    /** Unordered member ASes of the local confederation (RFC 5065). */
    public static final int AS_CONFED_SET = 4;

    /** Most AS numbers one segment can carry: the count is one octet. */
    public static final int MAX_ASNS = 255;

    private final int type;
    private final int[] asns;
    private final int hash;

    /**
     * @param type one of {@link #AS_SET}, {@link #AS_SEQUENCE}, {@link #AS_CONFED_SEQUENCE}, {@link #AS_CONFED_SET}.
     * @param asns 1..255 AS numbers (unsigned 32-bit in an int); copied.
     */
    public AsPathSegment(final int type, final int... asns)
    {
        if (type < AS_SET || type > AS_CONFED_SET)
        {
            throw new IllegalArgumentException("AS_PATH segment type " + type + " is not 1..4");
        }
        if (asns.length < 1 || asns.length > MAX_ASNS)
        {
            throw new IllegalArgumentException("AS_PATH segment of " + asns.length + " ASes; 1..255 fit");
        }
        this.type = type;
        this.asns = asns.clone();
        this.hash = 31 * type + Arrays.hashCode(this.asns);
    }

    /**
     * @param asns AS numbers in order.
     * @return an AS_SEQUENCE segment.
     */
    public static AsPathSegment sequence(final int... asns)
    {
        return new AsPathSegment(AS_SEQUENCE, asns);
    }

    /**
     * @param asns AS numbers.
     * @return an AS_SET segment.
     */
    public static AsPathSegment set(final int... asns)
    {
        return new AsPathSegment(AS_SET, asns);
    }

    /**
     * @return the segment type.
     */
    public int type()
    {
        return type;
    }

    /**
     * @return number of AS numbers in the segment.
     */
    public int size()
    {
        return asns.length;
    }

    /**
     * @param index in {@code 0..size()-1}.
     * @return the AS number, unsigned 32-bit in an int.
     */
    public int asn(final int index)
    {
        return asns[index];
    }

    /**
     * @return a copy of the AS numbers.
     */
    public int[] asns()
    {
        return asns.clone();
    }

    /**
     * @return true for the two confederation types, which do not count towards the path length.
     */
    public boolean isConfederation()
    {
        return type == AS_CONFED_SEQUENCE || type == AS_CONFED_SET;
    }

    /**
     * RFC 4271 §9.1.2.2 (a): a set counts as one AS whatever its size; RFC 5065 §5.3: confederation
     * segments count as zero.
     *
     * @return this segment's contribution to the AS path length.
     */
    public int pathLength()
    {
        return switch (type)
        {
            case AS_SEQUENCE -> asns.length;
            case AS_SET -> 1;
            default -> 0;
        };
    }

    /**
     * @return true if any AS number needs four octets.
     */
    public boolean hasFourOctetAsn()
    {
        for (final int asn : asns)
        {
            if ((asn & 0xFFFF_0000) != 0)
            {
                return true;
            }
        }
        return false;
    }

    public boolean equals(final Object o)
    {
        return this == o ||
            (o instanceof AsPathSegment s && s.hash == hash && s.type == type && Arrays.equals(s.asns, asns));
    }

    public int hashCode()
    {
        return hash;
    }

    /**
     * @return as BIRD and tcpdump print it: a sequence as space-separated numbers, a set in braces,
     * confederation segments in parentheses or square brackets.
     */
    public String toString()
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < asns.length; i++)
        {
            if (i > 0)
            {
                sb.append(type == AS_SET || type == AS_CONFED_SET ? "," : " ");
            }
            sb.append(Integer.toUnsignedString(asns[i]));
        }
        return switch (type)
        {
            case AS_SET -> "{" + sb + "}";
            case AS_CONFED_SEQUENCE -> "(" + sb + ")";
            case AS_CONFED_SET -> "[" + sb + "]";
            default -> sb.toString();
        };
    }
}
