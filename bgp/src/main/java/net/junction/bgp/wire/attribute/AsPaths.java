/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire.attribute;

import java.util.ArrayList;
import java.util.List;

/**
 * Four-octet AS support between a NEW (4-octet) and an OLD (2-octet) speaker, RFC 6793 §4.2: an OLD
 * peer's AS_PATH carries {@link #AS_TRANS} in place of each AS that needs four octets, and the real
 * path rides along in AS4_PATH (AGGREGATOR and AS4_AGGREGATOR likewise).
 */
public final class AsPaths
{
    /** RFC 6793 §9: the 2-octet stand-in for an AS number that needs four octets. */
    public static final int AS_TRANS = 23456;

    private AsPaths()
    {
    }

    /**
     * @param asn unsigned 32-bit AS number.
     * @return true if it does not fit in two octets.
     */
    public static boolean isFourOctet(final int asn)
    {
        return (asn & 0xFFFF_0000) != 0;
    }

    /**
     * Rebuild the real AS_PATH and AGGREGATOR of a route received from a 2-octet peer
     * (RFC 6793 §4.2.3); AS4_PATH and AS4_AGGREGATOR are consumed and dropped. Attribute sets without
     * them come back unchanged.
     *
     * @param attributes as decoded from a 2-octet session.
     * @return attributes with AS_PATH and AGGREGATOR holding 4-octet values and no AS4_ attributes.
     */
    public static PathAttributes reconstruct(final PathAttributes attributes)
    {
        final PathAttribute.As4Path as4Path = attributes.as4Path();
        final PathAttribute.As4Aggregator as4Aggregator = attributes.as4Aggregator();
        if (null == as4Path && null == as4Aggregator)
        {
            return attributes;
        }

        final PathAttributes.Builder b = attributes.toBuilder()
            .remove(PathAttribute.AS4_PATH)
            .remove(PathAttribute.AS4_AGGREGATOR);
        final PathAttribute.Aggregator aggregator = attributes.aggregator();
        if (aggregator != null && aggregator.asNumber() != AS_TRANS)
        {
            // §4.2.3: an aggregation by an OLD speaker after the AS4_ attributes were made voids them.
            return b.build();
        }
        if (aggregator != null && as4Aggregator != null)
        {
            b.put(new PathAttribute.Aggregator(as4Aggregator.asNumber(), as4Aggregator.address()));
        }

        final PathAttribute.AsPath asPath = attributes.asPath();
        if (as4Path != null && asPath != null)
        {
            b.put(merge(asPath, as4Path));
        }
        return b.build();
    }

    /**
     * RFC 6793 §4.2.3: if AS_PATH is shorter than AS4_PATH, AS4_PATH is ignored; otherwise the leading
     * ASes of AS_PATH that AS4_PATH lacks (routers that did not understand it prepended them) are
     * put in front of AS4_PATH. Confederation segments of AS4_PATH are dropped (§6).
     *
     * @param asPath  as received, with AS_TRANS in places.
     * @param as4Path as received.
     * @return the reconstructed path.
     */
    public static PathAttribute.AsPath merge(final PathAttribute.AsPath asPath, final PathAttribute.As4Path as4Path)
    {
        final List<AsPathSegment> as4Segments = new ArrayList<>();
        for (final AsPathSegment s : as4Path.segments())
        {
            if (!s.isConfederation())
            {
                as4Segments.add(s);
            }
        }
        final int as4Count = new PathAttribute.AsPath(as4Segments).pathLength();
        final int asCount = asPath.pathLength();
        if (asCount < as4Count)
        {
            return asPath;
        }

        int leading = asCount - as4Count;
        boolean cutSequence = false;
        final List<AsPathSegment> merged = new ArrayList<>();
        for (final AsPathSegment s : asPath.segments())
        {
            if (leading == 0 && !s.isConfederation())
            {
                // Confederation segments count zero and never ride in AS4_PATH (§4.2.2): those ahead of
                // the AS4_PATH part are kept.
                break;
            }
            switch (s.type())
            {
                case AsPathSegment.AS_SEQUENCE ->
                {
                    final int take = Math.min(leading, s.size());
                    final int[] asns = new int[take];
                    for (int i = 0; i < take; i++)
                    {
                        asns[i] = s.asn(i);
                    }
                    merged.add(new AsPathSegment(AsPathSegment.AS_SEQUENCE, asns));
                    leading -= take;
                    cutSequence = take < s.size();
                }
                case AsPathSegment.AS_SET ->
                {
                    merged.add(s);
                    leading--;
                }
                default -> merged.add(s);
            }
        }
        for (int i = 0; i < as4Segments.size(); i++)
        {
            if (i == 0 && cutSequence)
            {
                // The rest of the cut sequence is where AS4_PATH begins: one segment, as the sender had it.
                append(merged, as4Segments.getFirst());
            }
            else
            {
                merged.add(as4Segments.get(i));
            }
        }
        return new PathAttribute.AsPath(merged);
    }

    /**
     * The AS_PATH to send a 2-octet peer (RFC 6793 §4.2.2): every AS that needs four octets replaced by
     * {@link #AS_TRANS}.
     *
     * @param asPath with 4-octet values.
     * @return the same path if all ASes fit in two octets, else a copy with AS_TRANS.
     */
    public static PathAttribute.AsPath toTwoOctet(final PathAttribute.AsPath asPath)
    {
        if (!asPath.hasFourOctetAsn())
        {
            return asPath;
        }
        final List<AsPathSegment> segments = new ArrayList<>(asPath.segments().size());
        for (final AsPathSegment s : asPath.segments())
        {
            final int[] asns = s.asns();
            for (int i = 0; i < asns.length; i++)
            {
                if (isFourOctet(asns[i]))
                {
                    asns[i] = AS_TRANS;
                }
            }
            segments.add(new AsPathSegment(s.type(), asns));
        }
        return new PathAttribute.AsPath(segments);
    }

    /**
     * The AS4_PATH to send a 2-octet peer along with {@link #toTwoOctet} (RFC 6793 §4.2.2): the real
     * path without confederation segments, only when some AS needs four octets.
     *
     * @param asPath with 4-octet values.
     * @return the AS4_PATH, or null if none is needed.
     */
    public static PathAttribute.As4Path as4PathFor(final PathAttribute.AsPath asPath)
    {
        if (!asPath.hasFourOctetAsn())
        {
            return null;
        }
        final List<AsPathSegment> segments = new ArrayList<>(asPath.segments().size());
        for (final AsPathSegment s : asPath.segments())
        {
            if (!s.isConfederation())
            {
                segments.add(s);
            }
        }
        return new PathAttribute.As4Path(segments);
    }

    /**
     * Add a segment, joining it to a preceding AS_SEQUENCE when both are sequences and they fit in one
     * segment.
     */
    private static void append(final List<AsPathSegment> segments, final AsPathSegment segment)
    {
        if (!segments.isEmpty())
        {
            final AsPathSegment last = segments.getLast();
            if (last.type() == AsPathSegment.AS_SEQUENCE && segment.type() == AsPathSegment.AS_SEQUENCE &&
                last.size() + segment.size() <= AsPathSegment.MAX_ASNS)
            {
                final int[] asns = new int[last.size() + segment.size()];
                for (int i = 0; i < last.size(); i++)
                {
                    asns[i] = last.asn(i);
                }
                for (int i = 0; i < segment.size(); i++)
                {
                    asns[last.size() + i] = segment.asn(i);
                }
                segments.set(segments.size() - 1, AsPathSegment.sequence(asns));
                return;
            }
        }
        segments.add(segment);
    }
}
