/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.AsPaths;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.util.List;

import static net.junction.bgp.wire.attribute.PathAttribute.FLAG_EXTENDED_LENGTH;
import static net.junction.bgp.wire.attribute.PathAttribute.FLAG_OPTIONAL;
import static net.junction.bgp.wire.attribute.PathAttribute.FLAG_PARTIAL;

/**
 * Writes path attributes, MP_REACH_NLRI and MP_UNREACH_NLRI. Each attribute's length is computed
 * before it is written, so the Extended Length bit is set exactly when the value exceeds 255 octets
 * (MP_* always use it, as their length changes while an UPDATE is packed).
 */
final class AttributeEncoder
{
    /** Octets of an MP_REACH_NLRI / MP_UNREACH_NLRI header: flags, type, 2-octet length. */
    static final int MP_ATTRIBUTE_HEADER_LENGTH = 4;

    private AttributeEncoder()
    {
    }

    /**
     * The attributes as they go on the wire to a peer (RFC 6793 §4.2.2): to a 2-octet peer, AS numbers
     * that need four octets become AS_TRANS in AS_PATH and AGGREGATOR and the real values ride in
     * AS4_PATH / AS4_AGGREGATOR; to a 4-octet peer, AS4_PATH and AS4_AGGREGATOR are never sent.
     */
    static PathAttributes forPeer(final PathAttributes attributes, final CodecOptions options)
    {
        if (options.fourOctetAs())
        {
            return attributes.without(PathAttribute.AS4_PATH).without(PathAttribute.AS4_AGGREGATOR);
        }
        final PathAttribute.AsPath asPath = attributes.asPath();
        final PathAttribute.Aggregator aggregator = attributes.aggregator();
        final boolean pathNeeds4 = asPath != null && asPath.hasFourOctetAsn();
        final boolean aggregatorNeeds4 = aggregator != null && AsPaths.isFourOctet(aggregator.asNumber());
        if (!pathNeeds4 && !aggregatorNeeds4)
        {
            return attributes;
        }
        final PathAttributes.Builder b = attributes.toBuilder();
        if (pathNeeds4)
        {
            b.put(AsPaths.toTwoOctet(asPath));
            if (attributes.as4Path() == null)
            {
                b.put(AsPaths.as4PathFor(asPath));
            }
        }
        if (aggregatorNeeds4)
        {
            b.put(new PathAttribute.Aggregator(AsPaths.AS_TRANS, aggregator.address()));
            if (attributes.as4Aggregator() == null)
            {
                b.put(new PathAttribute.As4Aggregator(aggregator.asNumber(), aggregator.address()));
            }
        }
        return b.build();
    }

    /**
     * @param attributes already passed through {@link #forPeer}.
     * @param options    negotiated.
     * @param buffer     to write to.
     * @param offset     where the first attribute goes.
     * @return octets written.
     */
    static int encode(
        final PathAttributes attributes, final CodecOptions options, final MutableDirectBuffer buffer, final int offset)
    {
        int p = offset;
        for (final PathAttribute a : attributes.list())
        {
            p += encode(a, attributes.isPartial(a.typeCode()), options, buffer, p);
        }
        return p - offset;
    }

    private static int encode(
        final PathAttribute attribute, final boolean partial, final CodecOptions options, final MutableDirectBuffer buffer,
        final int offset)
    {
        final int asLength = options.fourOctetAs() ? 4 : 2;
        final int valueLength = valueLength(attribute, asLength);
        int flags = attribute instanceof PathAttribute.Unknown u ?
            u.flags() : PathAttribute.expectedFlags(attribute.typeCode());
        if (partial && (flags & FLAG_OPTIONAL) != 0)
        {
            flags |= FLAG_PARTIAL;
        }
        final int headerLength;
        if (valueLength > 255)
        {
            flags |= FLAG_EXTENDED_LENGTH;
            buffer.putShort(offset + 2, (short)valueLength, ByteOrder.BIG_ENDIAN);
            headerLength = 4;
        }
        else
        {
            buffer.putByte(offset + 2, (byte)valueLength);
            headerLength = 3;
        }
        buffer.putByte(offset, (byte)flags);
        buffer.putByte(offset + 1, (byte)attribute.typeCode());
        final int v = offset + headerLength;

        switch (attribute)
        {
            case PathAttribute.Origin o -> buffer.putByte(v, (byte)o.value());
            case PathAttribute.AsPath a -> writeSegments(a.segments(), asLength, buffer, v);
            case PathAttribute.NextHop n -> putInt(buffer, v, n.address());
            case PathAttribute.MultiExitDisc m -> putInt(buffer, v, m.value());
            case PathAttribute.LocalPref l -> putInt(buffer, v, l.value());
            case PathAttribute.AtomicAggregate ignored ->
            {
            }
            case PathAttribute.Aggregator a ->
            {
                if (asLength == 4)
                {
                    putInt(buffer, v, a.asNumber());
                }
                else
                {
                    buffer.putShort(v, (short)a.asNumber(), ByteOrder.BIG_ENDIAN);
                }
                putInt(buffer, v + asLength, a.address());
            }
            case PathAttribute.Communities c ->
            {
                for (int i = 0; i < c.size(); i++)
                {
                    putInt(buffer, v + 4 * i, c.get(i));
                }
            }
            case PathAttribute.OriginatorId o -> putInt(buffer, v, o.routerId());
            case PathAttribute.ClusterList c ->
            {
                for (int i = 0; i < c.size(); i++)
                {
                    putInt(buffer, v + 4 * i, c.get(i));
                }
            }
            case PathAttribute.ExtendedCommunities e ->
            {
                for (int i = 0; i < e.size(); i++)
                {
                    buffer.putLong(v + 8 * i, e.get(i), ByteOrder.BIG_ENDIAN);
                }
            }
            case PathAttribute.As4Path a -> writeSegments(a.segments(), 4, buffer, v);
            case PathAttribute.As4Aggregator a ->
            {
                putInt(buffer, v, a.asNumber());
                putInt(buffer, v + 4, a.address());
            }
            case PathAttribute.LargeCommunities l ->
            {
                for (int i = 0; i < l.size(); i++)
                {
                    putInt(buffer, v + 12 * i, l.globalAdministrator(i));
                    putInt(buffer, v + 12 * i + 4, l.localData1(i));
                    putInt(buffer, v + 12 * i + 8, l.localData2(i));
                }
            }
            case PathAttribute.Unknown u -> buffer.putBytes(v, u.value());
        }
        return headerLength + valueLength;
    }

    private static int valueLength(final PathAttribute attribute, final int asLength)
    {
        return switch (attribute)
        {
            case PathAttribute.Origin ignored -> 1;
            case PathAttribute.AsPath a -> segmentsLength(a.segments(), asLength);
            case PathAttribute.NextHop ignored -> 4;
            case PathAttribute.MultiExitDisc ignored -> 4;
            case PathAttribute.LocalPref ignored -> 4;
            case PathAttribute.AtomicAggregate ignored -> 0;
            case PathAttribute.Aggregator ignored -> asLength + 4;
            case PathAttribute.Communities c -> 4 * c.size();
            case PathAttribute.OriginatorId ignored -> 4;
            case PathAttribute.ClusterList c -> 4 * c.size();
            case PathAttribute.ExtendedCommunities e -> 8 * e.size();
            case PathAttribute.As4Path a -> segmentsLength(a.segments(), 4);
            case PathAttribute.As4Aggregator ignored -> 8;
            case PathAttribute.LargeCommunities l -> 12 * l.size();
            case PathAttribute.Unknown u -> u.length();
        };
    }

    private static int segmentsLength(final List<AsPathSegment> segments, final int asLength)
    {
        int length = 0;
        for (final AsPathSegment s : segments)
        {
            length += 2 + s.size() * asLength;
        }
        return length;
    }

    private static void writeSegments(
        final List<AsPathSegment> segments, final int asLength, final MutableDirectBuffer buffer, final int offset)
    {
        int p = offset;
        for (final AsPathSegment s : segments)
        {
            buffer.putByte(p, (byte)s.type());
            buffer.putByte(p + 1, (byte)s.size());
            p += 2;
            for (int i = 0; i < s.size(); i++)
            {
                if (asLength == 4)
                {
                    putInt(buffer, p, s.asn(i));
                }
                else
                {
                    buffer.putShort(p, (short)s.asn(i), ByteOrder.BIG_ENDIAN);
                }
                p += asLength;
            }
        }
    }

    /**
     * Write the MP_REACH_NLRI header and next hop, leaving the attribute length to
     * {@link #finishMpAttribute}.
     *
     * @return octets written (the NLRI start at {@code offset} + this).
     */
    static int startMpReach(
        final AfiSafi afiSafi, final IpAddress nextHop, final IpAddress linkLocalNextHop,
        final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putByte(offset, (byte)(FLAG_OPTIONAL | FLAG_EXTENDED_LENGTH));
        buffer.putByte(offset + 1, (byte)PathAttribute.MP_REACH_NLRI);
        int p = offset + MP_ATTRIBUTE_HEADER_LENGTH;
        buffer.putShort(p, (short)afiSafi.afi(), ByteOrder.BIG_ENDIAN);
        buffer.putByte(p + 2, (byte)afiSafi.safi());
        final int nextHopLength = (nextHop.isIpv4() ? 4 : 16) + (linkLocalNextHop == null ? 0 : 16);
        buffer.putByte(p + 3, (byte)nextHopLength);
        p += 4;
        p += writeAddress(nextHop, buffer, p);
        if (linkLocalNextHop != null)
        {
            p += writeAddress(linkLocalNextHop, buffer, p);
        }
        buffer.putByte(p, (byte)0); // Reserved (RFC 4760 §3: was the number of SNPAs)
        return p + 1 - offset;
    }

    /**
     * Write the MP_UNREACH_NLRI header, leaving the attribute length to {@link #finishMpAttribute}.
     *
     * @return octets written.
     */
    static int startMpUnreach(final AfiSafi afiSafi, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putByte(offset, (byte)(FLAG_OPTIONAL | FLAG_EXTENDED_LENGTH));
        buffer.putByte(offset + 1, (byte)PathAttribute.MP_UNREACH_NLRI);
        buffer.putShort(offset + 4, (short)afiSafi.afi(), ByteOrder.BIG_ENDIAN);
        buffer.putByte(offset + 6, (byte)afiSafi.safi());
        return MP_ATTRIBUTE_HEADER_LENGTH + 3;
    }

    /**
     * @param offset of the MP attribute.
     * @param end    one past its last octet.
     */
    static void finishMpAttribute(final MutableDirectBuffer buffer, final int offset, final int end)
    {
        buffer.putShort(offset + 2, (short)(end - offset - MP_ATTRIBUTE_HEADER_LENGTH), ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return octets written.
     */
    static int writeNlri(final List<? extends IpPrefix> prefixes, final MutableDirectBuffer buffer, final int offset)
    {
        int p = offset;
        for (final IpPrefix prefix : prefixes)
        {
            p += AddressFamily.of(prefix).encodeNlri(prefix, buffer, p);
        }
        return p - offset;
    }

    /**
     * @param pathIds each prefix's Path Identifier (ADD-PATH, RFC 7911 §3), or empty: none written.
     * @return octets written.
     */
    static int writeNlri(
        final List<? extends IpPrefix> prefixes, final List<Integer> pathIds, final MutableDirectBuffer buffer,
        final int offset)
    {
        if (pathIds.isEmpty())
        {
            return writeNlri(prefixes, buffer, offset);
        }
        int p = offset;
        for (int i = 0; i < prefixes.size(); i++)
        {
            final IpPrefix prefix = prefixes.get(i);
            p += AddressFamily.of(prefix).encodeNlri(pathIds.get(i), prefix, buffer, p);
        }
        return p - offset;
    }

    private static int writeAddress(final IpAddress address, final MutableDirectBuffer buffer, final int offset)
    {
        if (address instanceof Ip4Address a)
        {
            putInt(buffer, offset, a.value());
            return 4;
        }
        final Ip6Address a = (Ip6Address)address;
        buffer.putLong(offset, a.high(), ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + 8, a.low(), ByteOrder.BIG_ENDIAN);
        return 16;
    }

    private static void putInt(final MutableDirectBuffer buffer, final int index, final int value)
    {
        buffer.putInt(index, value, ByteOrder.BIG_ENDIAN);
    }
}
