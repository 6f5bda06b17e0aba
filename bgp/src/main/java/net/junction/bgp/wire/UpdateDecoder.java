/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static net.junction.bgp.wire.NotificationMessage.UPDATE_ATTRIBUTE_FLAGS_ERROR;
import static net.junction.bgp.wire.NotificationMessage.UPDATE_ATTRIBUTE_LENGTH_ERROR;
import static net.junction.bgp.wire.NotificationMessage.UPDATE_INVALID_NETWORK_FIELD;
import static net.junction.bgp.wire.NotificationMessage.UPDATE_INVALID_NEXT_HOP_ATTRIBUTE;
import static net.junction.bgp.wire.NotificationMessage.UPDATE_INVALID_ORIGIN_ATTRIBUTE;
import static net.junction.bgp.wire.NotificationMessage.UPDATE_MALFORMED_AS_PATH;
import static net.junction.bgp.wire.NotificationMessage.UPDATE_MALFORMED_ATTRIBUTE_LIST;
import static net.junction.bgp.wire.NotificationMessage.UPDATE_MESSAGE_ERROR;
import static net.junction.bgp.wire.NotificationMessage.UPDATE_MISSING_WELL_KNOWN_ATTRIBUTE;
import static net.junction.bgp.wire.NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR;
import static net.junction.bgp.wire.NotificationMessage.UPDATE_UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE;
import static net.junction.bgp.wire.NotificationMessage.UNSPECIFIC;
import static net.junction.bgp.wire.attribute.PathAttribute.FLAG_EXTENDED_LENGTH;
import static net.junction.bgp.wire.attribute.PathAttribute.FLAG_OPTIONAL;
import static net.junction.bgp.wire.attribute.PathAttribute.FLAG_PARTIAL;
import static net.junction.bgp.wire.attribute.PathAttribute.FLAG_TRANSITIVE;

/**
 * Decodes the body of an UPDATE with the revised error handling of RFC 7606: instead of resetting the
 * session for any fault, each problem gets the least disruptive action that keeps routing correct.
 * <ul>
 * <li>Withdrawn Routes Length / Total Path Attribute Length past the message, or NLRI / withdrawn
 *     routes that do not parse: session reset (§4, §3 j), the routes cannot be found. With ADD-PATH
 *     (RFC 7911 §3) each NLRI starts with a 4-octet Path Identifier; one cut short is an NLRI that does
 *     not parse (in MP_REACH/MP_UNREACH: AFI/SAFI disable, as below).</li>
 * <li>An attribute header or length that overruns the attribute field: treat-as-withdraw (§4); the
 *     rest of the attributes is not read.</li>
 * <li>O/T flags in conflict with the type, or the Partial bit on a well-known or optional
 *     non-transitive type: treat-as-withdraw (§3 c).</li>
 * <li>Malformed ORIGIN, AS_PATH (confederation segments from an external peer and AS 0 included, RFC 7607),
 *     NEXT_HOP (a length other than 4, or not a host address), MULTI_EXIT_DISC, LOCAL_PREF, COMMUNITIES,
 *     ORIGINATOR_ID, CLUSTER_LIST, EXTENDED_COMMUNITIES, LARGE_COMMUNITY: treat-as-withdraw (§7.1-7.5,
 *     7.8-7.10, 7.14, RFC 8092 §6); malformed ATOMIC_AGGREGATE, AGGREGATOR, AS4_PATH, AS4_AGGREGATOR (AS 0
 *     in the aggregators included): attribute discard (§7.6, §7.7, RFC 6793 §6, RFC 7607 §2); AS 0 in AS4_PATH:
 *     treat-as-withdraw, as in AS_PATH (RFC 7607 §2).</li>
 * <li>Registered attributes relayed but not acted on ({@link CheckedAttribute}: PMSI tunnel, tunnel
 *     encapsulation, IPv6 address specific extended community, AIGP, BGP-LS, OTC, Prefix-SID): flags and
 *     framing checked, the action each one's RFC gives; a malformed one is never kept, so never relayed.</li>
 * <li>A second instance of an attribute: discarded (§3 g), except MP_REACH_NLRI / MP_UNREACH_NLRI, which
 *     reset the session with Malformed Attribute List.</li>
 * <li>MP_REACH_NLRI / MP_UNREACH_NLRI that name a family but whose flags, next-hop length
 *     ({@link #nextHopLengthAllowed}) or NLRI are wrong: AFI/SAFI disable (§3 j, §5.3, §7.11, RFC 4760 §7),
 *     never a partial accept; too short to name a family: session reset.</li>
 * <li>A well-known mandatory attribute missing while routes are announced: treat-as-withdraw (§3 d).</li>
 * <li>Attributes other than MP_UNREACH_NLRI but no reachable NLRI, and an error stronger than attribute
 *     discard: session reset (§5.2), since the routes the error concerns may not have been found.</li>
 * <li>An unrecognized well-known attribute: session reset (RFC 4271 §6.3, unchanged by RFC 7606).</li>
 * </ul>
 * Every problem carries the RFC 4271 NOTIFICATION (code, subcode, data) of the error, for the session
 * to send on reset or to log; attributes dropped by rule rather than for a fault (LOCAL_PREF from an
 * external peer, AS4_PATH between 4-octet speakers, families this codec does not decode) carry
 * subcode 0. Not a fast-path class: it allocates the decoded values.
 */
final class UpdateDecoder
{
    private final DirectBuffer buffer;
    private final CodecOptions options;
    private final List<DecodeProblem> problems = new ArrayList<>(2);
    private final PathAttributes.Builder attributes = PathAttributes.builder();
    private final long[] seen = new long[4];
    private MpReachNlri mpReach;
    private MpUnreachNlri mpUnreach;
    private boolean resetFound;
    /** An MP_REACH_NLRI was found, parsed or not: the UPDATE encodes reachable NLRI (RFC 7606 §5.2). */
    private boolean mpReachFound;
    /** An attribute other than MP_UNREACH_NLRI was found, well-formed or not (RFC 7606 §5.2). */
    private boolean otherThanMpUnreach;
    /** The UPDATE carries IPv4 NLRI in its own field, the routes NEXT_HOP applies to. */
    private boolean ipv4Nlri;

    private UpdateDecoder(final DirectBuffer buffer, final CodecOptions options)
    {
        this.buffer = buffer;
        this.options = options;
    }

    /**
     * @param buffer  holding the message.
     * @param offset  of the message's header.
     * @param length  of the whole message, header included, already checked against the header.
     * @param options negotiated.
     * @return the result; never throws for any content.
     */
    static DecodeResult decode(final DirectBuffer buffer, final int offset, final int length, final CodecOptions options)
    {
        return new UpdateDecoder(buffer, options).decode(offset + MessageHeader.HEADER_LENGTH, offset + length);
    }

    private DecodeResult decode(final int bodyStart, final int end)
    {
        int p = bodyStart;
        if (end - p < UpdateMessage.MIN_BODY_LENGTH)
        {
            return DecodeResult.sessionReset(
                NotificationMessage.of(UPDATE_MESSAGE_ERROR, UPDATE_MALFORMED_ATTRIBUTE_LIST), "UPDATE body too short");
        }
        final int withdrawnLength = u16(p);
        p += 2;
        if (withdrawnLength + 2 > end - p)
        {
            return DecodeResult.sessionReset(NotificationMessage.of(UPDATE_MESSAGE_ERROR, UPDATE_MALFORMED_ATTRIBUTE_LIST),
                "Withdrawn Routes Length " + withdrawnLength + " runs past the message");
        }
        final List<IpPrefix> withdrawn = new ArrayList<>();
        final boolean pathIds4 = options.receivesPathIds(AfiSafi.IPV4_UNICAST);
        final List<Integer> withdrawnPathIds = pathIds4 ? new ArrayList<>() : null;
        if (!AddressFamily.IPV4.decodeNlri(buffer, p, p + withdrawnLength, withdrawn, withdrawnPathIds))
        {
            return DecodeResult.sessionReset(NotificationMessage.of(UPDATE_MESSAGE_ERROR, UPDATE_INVALID_NETWORK_FIELD),
                "withdrawn routes do not parse");
        }
        p += withdrawnLength;
        final int attributesLength = u16(p);
        p += 2;
        if (attributesLength > end - p)
        {
            return DecodeResult.sessionReset(NotificationMessage.of(UPDATE_MESSAGE_ERROR, UPDATE_MALFORMED_ATTRIBUTE_LIST),
                "Total Path Attribute Length " + attributesLength + " runs past the message");
        }
        final int attributesEnd = p + attributesLength;
        final List<IpPrefix> nlri = new ArrayList<>();
        final List<Integer> nlriPathIds = pathIds4 ? new ArrayList<>() : null;
        if (!AddressFamily.IPV4.decodeNlri(buffer, attributesEnd, end, nlri, nlriPathIds))
        {
            return DecodeResult.sessionReset(NotificationMessage.of(UPDATE_MESSAGE_ERROR, UPDATE_INVALID_NETWORK_FIELD),
                "NLRI do not parse");
        }

        ipv4Nlri = !nlri.isEmpty();
        final boolean complete = decodeAttributes(p, attributesEnd);
        if (resetFound)
        {
            return new DecodeResult(null, problems);
        }

        final boolean announces = !nlri.isEmpty() || (mpReach != null && !mpReach.nlri().isEmpty());
        // Reachable NLRI: IPv4 NLRI, or an MP_REACH_NLRI unless it parsed empty (a malformed one counts: its family
        // is disabled whatever it held).
        final boolean reachable = !nlri.isEmpty() || (mpReachFound && (mpReach == null || !mpReach.nlri().isEmpty()));
        if (otherThanMpUnreach && !reachable)
        {
            // RFC 7606 §5.2: attributes besides MP_UNREACH_NLRI but no reachable NLRI: the NLRI may not have
            // been found, so any error stronger than attribute discard resets the session.
            for (final DecodeProblem problem : problems)
            {
                if (problem.action() != ErrorAction.ATTRIBUTE_DISCARD)
                {
                    problems.add(DecodeProblem.sessionReset(problem.notification(),
                        problem.reason() + " in an UPDATE without reachable NLRI (RFC 7606 §5.2)"));
                    return new DecodeResult(null, problems);
                }
            }
        }
        if (complete && announces)
        {
            // RFC 4271 §6.3 / RFC 7606 §3 d: ORIGIN and AS_PATH always, NEXT_HOP for IPv4 NLRI only (RFC 4760 §3).
            requirePresent(PathAttribute.ORIGIN);
            requirePresent(PathAttribute.AS_PATH);
            if (!nlri.isEmpty())
            {
                requirePresent(PathAttribute.NEXT_HOP);
            }
        }

        @SuppressWarnings("unchecked")
        final List<Prefix4> withdrawn4 = (List<Prefix4>)(List<?>)withdrawn;
        @SuppressWarnings("unchecked")
        final List<Prefix4> nlri4 = (List<Prefix4>)(List<?>)nlri;
        return new DecodeResult(new UpdateMessage(withdrawn4, attributes.build(), nlri4, mpReach, mpUnreach,
            pathIds4 ? withdrawnPathIds : List.of(), pathIds4 ? nlriPathIds : List.of()), problems);
    }

    /**
     * @return false if the attribute field could not be read to its end.
     */
    private boolean decodeAttributes(final int start, final int end)
    {
        int p = start;
        while (p < end)
        {
            final int flags = u8(p);
            final int headerLength = (flags & FLAG_EXTENDED_LENGTH) != 0 ? 4 : 3;
            if (end - p < 2 || u8(p + 1) != PathAttribute.MP_UNREACH_NLRI)
            {
                otherThanMpUnreach = true;
            }
            if (end - p < headerLength)
            {
                treatAsWithdraw(UPDATE_MALFORMED_ATTRIBUTE_LIST, -1, p, end - p,
                    "attribute header of " + (end - p) + " octets at the end of the attribute field");
                return false;
            }
            final int type = u8(p + 1);
            final int length = headerLength == 4 ? u16(p + 2) : u8(p + 2);
            final int value = p + headerLength;
            if (length > end - value)
            {
                treatAsWithdraw(UPDATE_ATTRIBUTE_LENGTH_ERROR, type, p, end - p,
                    "attribute " + type + " of length " + length + " overruns the attribute field");
                return false;
            }
            final int attributeStart = p;
            p = value + length;

            if (isSeen(type))
            {
                if (type == PathAttribute.MP_REACH_NLRI || type == PathAttribute.MP_UNREACH_NLRI)
                {
                    problems.add(DecodeProblem.sessionReset(
                        NotificationMessage.of(UPDATE_MESSAGE_ERROR, UPDATE_MALFORMED_ATTRIBUTE_LIST),
                        "attribute " + type + " appears twice (RFC 7606 §3 g)"));
                    resetFound = true;
                    return false;
                }
                discard(UPDATE_MALFORMED_ATTRIBUTE_LIST, type, attributeStart, p - attributeStart,
                    "attribute " + type + " appears twice; the first is kept (RFC 7606 §3 g)");
                continue;
            }
            markSeen(type);

            final CheckedAttribute checked = CheckedAttribute.of(type);
            if (checked != null)
            {
                decodeChecked(checked, flags, value, length, attributeStart, p - attributeStart);
                continue;
            }
            final int expected = PathAttribute.expectedFlags(type);
            if (expected < 0)
            {
                if ((flags & FLAG_OPTIONAL) == 0)
                {
                    problems.add(DecodeProblem.sessionReset(new NotificationMessage(UPDATE_MESSAGE_ERROR,
                        UPDATE_UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, attributeBytes(attributeStart, p - attributeStart)),
                        "unrecognized well-known attribute " + type));
                    resetFound = true;
                    return false;
                }
                if ((flags & FLAG_TRANSITIVE) != 0)
                {
                    attributes.put(new PathAttribute.Unknown(flags, type, bytes(value, length)));
                }
                // RFC 4271 §5: an unrecognized optional non-transitive attribute is quietly ignored.
                continue;
            }

            final boolean partialAllowed = expected == (FLAG_OPTIONAL | FLAG_TRANSITIVE);
            if ((flags & (FLAG_OPTIONAL | FLAG_TRANSITIVE)) != expected || (!partialAllowed && (flags & FLAG_PARTIAL) != 0))
            {
                if (type != PathAttribute.MP_REACH_NLRI && type != PathAttribute.MP_UNREACH_NLRI)
                {
                    treatAsWithdraw(UPDATE_ATTRIBUTE_FLAGS_ERROR, type, attributeStart, p - attributeStart,
                        "attribute " + type + " has flags 0x" + Integer.toHexString(flags) + " (RFC 7606 §3 c)");
                    continue;
                }
                // MP_REACH_NLRI / MP_UNREACH_NLRI with wrong flags are incorrect (RFC 7606 §5.3): their
                // decoders disable the family they name, or reset the session if they name none.
            }

            decodeAttribute(flags, type, value, length, attributeStart, p - attributeStart);
            if (resetFound)
            {
                return false;
            }
        }
        return true;
    }

    private void decodeAttribute(
        final int flags, final int type, final int value, final int length, final int attributeStart,
        final int attributeLength)
    {
        switch (type)
        {
            case PathAttribute.ORIGIN ->
            {
                if (length != 1)
                {
                    treatAsWithdraw(UPDATE_ATTRIBUTE_LENGTH_ERROR, type, attributeStart, attributeLength, "ORIGIN length");
                }
                else if (u8(value) > PathAttribute.Origin.INCOMPLETE)
                {
                    treatAsWithdraw(UPDATE_INVALID_ORIGIN_ATTRIBUTE, type, attributeStart, attributeLength,
                        "ORIGIN " + u8(value));
                }
                else
                {
                    attributes.put(PathAttribute.Origin.of(u8(value)));
                }
            }
            case PathAttribute.AS_PATH ->
            {
                final List<AsPathSegment> segments = decodeSegments(value, length, options.fourOctetAs() ? 4 : 2);
                if (segments == null)
                {
                    treatAsWithdraw(UPDATE_MALFORMED_AS_PATH, type, attributeStart, attributeLength, "AS_PATH malformed");
                }
                else if (options.externalPeer() && segments.stream().anyMatch(AsPathSegment::isConfederation))
                {
                    treatAsWithdraw(UPDATE_MALFORMED_AS_PATH, type, attributeStart, attributeLength,
                        "AS_PATH with confederation segments from outside the confederation (RFC 5065 §5.3)");
                }
                else if (containsAsZero(segments))
                {
                    // RFC 7607 §2: malformed, handled as RFC 7606 §7.2 says.
                    treatAsWithdraw(UPDATE_MALFORMED_AS_PATH, type, attributeStart, attributeLength,
                        "AS_PATH contains AS 0 (RFC 7607 §2)");
                }
                else
                {
                    attributes.put(segments.isEmpty() ? PathAttribute.AsPath.EMPTY : new PathAttribute.AsPath(segments));
                }
            }
            case PathAttribute.NEXT_HOP ->
            {
                if (length != 4)
                {
                    treatAsWithdraw(UPDATE_ATTRIBUTE_LENGTH_ERROR, type, attributeStart, attributeLength,
                        "NEXT_HOP length " + length);
                }
                else if (ipv4Nlri && !isHostAddress4(i32(value)))
                {
                    // RFC 4271 §6.3: syntactically incorrect; RFC 7606 §3 e: treat-as-withdraw. Without IPv4 NLRI
                    // the NEXT_HOP is not used (RFC 4760 §3), and real speakers send 0.0.0.0 there.
                    treatAsWithdraw(UPDATE_INVALID_NEXT_HOP_ATTRIBUTE, type, attributeStart, attributeLength,
                        "NEXT_HOP " + new net.junction.routing.Ip4Address(i32(value)) + " is not a host address");
                }
                else
                {
                    attributes.put(new PathAttribute.NextHop(i32(value)));
                }
            }
            case PathAttribute.MULTI_EXIT_DISC ->
            {
                if (length != 4)
                {
                    treatAsWithdraw(UPDATE_ATTRIBUTE_LENGTH_ERROR, type, attributeStart, attributeLength,
                        "MULTI_EXIT_DISC length " + length);
                }
                else
                {
                    attributes.put(new PathAttribute.MultiExitDisc(i32(value)));
                }
            }
            case PathAttribute.LOCAL_PREF ->
            {
                if (options.externalPeer())
                {
                    discard(UNSPECIFIC, type, attributeStart, attributeLength,
                        "LOCAL_PREF from an external peer (RFC 7606 §7.5)");
                }
                else if (length != 4)
                {
                    treatAsWithdraw(UPDATE_ATTRIBUTE_LENGTH_ERROR, type, attributeStart, attributeLength,
                        "LOCAL_PREF length " + length);
                }
                else
                {
                    attributes.put(new PathAttribute.LocalPref(i32(value)));
                }
            }
            case PathAttribute.ATOMIC_AGGREGATE ->
            {
                if (length != 0)
                {
                    discard(UPDATE_ATTRIBUTE_LENGTH_ERROR, type, attributeStart, attributeLength,
                        "ATOMIC_AGGREGATE length " + length);
                }
                else
                {
                    attributes.put(PathAttribute.AtomicAggregate.INSTANCE);
                }
            }
            case PathAttribute.AGGREGATOR ->
            {
                final int asLength = options.fourOctetAs() ? 4 : 2;
                if (length != asLength + 4)
                {
                    discard(UPDATE_ATTRIBUTE_LENGTH_ERROR, type, attributeStart, attributeLength,
                        "AGGREGATOR length " + length);
                }
                else if ((asLength == 4 ? i32(value) : u16(value)) == 0)
                {
                    discard(UPDATE_OPTIONAL_ATTRIBUTE_ERROR, type, attributeStart, attributeLength,
                        "AGGREGATOR with AS 0 (RFC 7607 §2)");
                }
                else
                {
                    final int asn = asLength == 4 ? i32(value) : u16(value);
                    attributes.put(new PathAttribute.Aggregator(asn, i32(value + asLength)));
                    attributes.partial(type, (flags & FLAG_PARTIAL) != 0);
                }
            }
            case PathAttribute.COMMUNITIES ->
            {
                if (length == 0 || length % 4 != 0)
                {
                    treatAsWithdraw(UPDATE_OPTIONAL_ATTRIBUTE_ERROR, type, attributeStart, attributeLength,
                        "COMMUNITIES length " + length);
                }
                else
                {
                    final int[] values = new int[length / 4];
                    for (int i = 0; i < values.length; i++)
                    {
                        values[i] = i32(value + 4 * i);
                    }
                    attributes.put(new PathAttribute.Communities(values));
                    attributes.partial(type, (flags & FLAG_PARTIAL) != 0);
                }
            }
            case PathAttribute.ORIGINATOR_ID ->
            {
                if (options.externalPeer())
                {
                    discard(UNSPECIFIC, type, attributeStart, attributeLength,
                        "ORIGINATOR_ID from an external peer (RFC 7606 §7.9)");
                }
                else if (length != 4)
                {
                    treatAsWithdraw(UPDATE_ATTRIBUTE_LENGTH_ERROR, type, attributeStart, attributeLength,
                        "ORIGINATOR_ID length " + length);
                }
                else
                {
                    attributes.put(new PathAttribute.OriginatorId(i32(value)));
                }
            }
            case PathAttribute.CLUSTER_LIST ->
            {
                if (options.externalPeer())
                {
                    discard(UNSPECIFIC, type, attributeStart, attributeLength,
                        "CLUSTER_LIST from an external peer (RFC 7606 §7.10)");
                }
                else if (length == 0 || length % 4 != 0)
                {
                    treatAsWithdraw(UPDATE_ATTRIBUTE_LENGTH_ERROR, type, attributeStart, attributeLength,
                        "CLUSTER_LIST length " + length);
                }
                else
                {
                    final int[] ids = new int[length / 4];
                    for (int i = 0; i < ids.length; i++)
                    {
                        ids[i] = i32(value + 4 * i);
                    }
                    attributes.put(new PathAttribute.ClusterList(ids));
                }
            }
            case PathAttribute.MP_REACH_NLRI -> decodeMpReach(flags, value, length, attributeStart, attributeLength);
            case PathAttribute.MP_UNREACH_NLRI -> decodeMpUnreach(flags, value, length, attributeStart, attributeLength);
            case PathAttribute.EXTENDED_COMMUNITIES ->
            {
                if (length == 0 || length % 8 != 0)
                {
                    treatAsWithdraw(UPDATE_OPTIONAL_ATTRIBUTE_ERROR, type, attributeStart, attributeLength,
                        "EXTENDED_COMMUNITIES length " + length);
                }
                else
                {
                    final long[] values = new long[length / 8];
                    for (int i = 0; i < values.length; i++)
                    {
                        values[i] = buffer.getLong(value + 8 * i, ByteOrder.BIG_ENDIAN);
                    }
                    attributes.put(new PathAttribute.ExtendedCommunities(values));
                    attributes.partial(type, (flags & FLAG_PARTIAL) != 0);
                }
            }
            case PathAttribute.AS4_PATH ->
            {
                if (options.fourOctetAs())
                {
                    discard(UNSPECIFIC, type, attributeStart, attributeLength,
                        "AS4_PATH between 4-octet speakers (RFC 6793 §4.1)");
                    return;
                }
                final List<AsPathSegment> segments = decodeSegments(value, length, 4);
                if (segments == null || segments.isEmpty())
                {
                    discard(UPDATE_OPTIONAL_ATTRIBUTE_ERROR, type, attributeStart, attributeLength,
                        "AS4_PATH malformed (RFC 6793 §6)");
                }
                else if (segments.stream().anyMatch(AsPathSegment::isConfederation))
                {
                    discard(UPDATE_OPTIONAL_ATTRIBUTE_ERROR, type, attributeStart, attributeLength,
                        "AS4_PATH with confederation segments (RFC 6793 §6)");
                }
                else if (containsAsZero(segments))
                {
                    // RFC 7607 §2: an UPDATE with AS 0 in AS_PATH or AS4_PATH is malformed; its routes are withdrawn
                    // as for AS_PATH (treat-as-withdraw), not merely the attribute dropped: a path
                    // through AS 0 is not one to believe, whichever of the two attributes carries it.
                    treatAsWithdraw(UPDATE_MALFORMED_AS_PATH, type, attributeStart, attributeLength,
                        "AS4_PATH contains AS 0 (RFC 7607 §2)");
                }
                else
                {
                    attributes.put(new PathAttribute.As4Path(segments));
                    attributes.partial(type, (flags & FLAG_PARTIAL) != 0);
                }
            }
            case PathAttribute.AS4_AGGREGATOR ->
            {
                if (options.fourOctetAs())
                {
                    discard(UNSPECIFIC, type, attributeStart, attributeLength,
                        "AS4_AGGREGATOR between 4-octet speakers (RFC 6793 §4.1)");
                }
                else if (length != 8)
                {
                    discard(UPDATE_ATTRIBUTE_LENGTH_ERROR, type, attributeStart, attributeLength,
                        "AS4_AGGREGATOR length " + length);
                }
                else if (i32(value) == 0)
                {
                    discard(UPDATE_OPTIONAL_ATTRIBUTE_ERROR, type, attributeStart, attributeLength,
                        "AS4_AGGREGATOR with AS 0 (RFC 7607 §2)");
                }
                else
                {
                    attributes.put(new PathAttribute.As4Aggregator(i32(value), i32(value + 4)));
                    attributes.partial(type, (flags & FLAG_PARTIAL) != 0);
                }
            }
            case PathAttribute.LARGE_COMMUNITY ->
            {
                if (length == 0 || length % 12 != 0)
                {
                    treatAsWithdraw(UPDATE_OPTIONAL_ATTRIBUTE_ERROR, type, attributeStart, attributeLength,
                        "LARGE_COMMUNITY length " + length);
                }
                else
                {
                    final int[] values = new int[length / 4];
                    for (int i = 0; i < values.length; i++)
                    {
                        values[i] = i32(value + 4 * i);
                    }
                    attributes.put(new PathAttribute.LargeCommunities(values));
                    attributes.partial(type, (flags & FLAG_PARTIAL) != 0);
                }
            }
            default -> throw new IllegalStateException("type " + type + " has expected flags but no decoder");
        }
    }

    /**
     * RFC 4271 §4.3 / RFC 7606 §7.2: each segment needs a known type and 1..255 ASes that fit.
     *
     * @return the segments, or null if malformed.
     */
    private List<AsPathSegment> decodeSegments(final int start, final int length, final int asLength)
    {
        final List<AsPathSegment> segments = new ArrayList<>(2);
        final int end = start + length;
        int p = start;
        while (p < end)
        {
            if (end - p < 2)
            {
                return null;
            }
            final int type = u8(p);
            final int count = u8(p + 1);
            if (type < AsPathSegment.AS_SET || type > AsPathSegment.AS_CONFED_SET || count == 0 ||
                count * asLength > end - p - 2)
            {
                return null;
            }
            final int[] asns = new int[count];
            for (int i = 0; i < count; i++)
            {
                final int at = p + 2 + i * asLength;
                asns[i] = asLength == 4 ? i32(at) : u16(at);
            }
            segments.add(new AsPathSegment(type, asns));
            p += 2 + count * asLength;
        }
        return segments;
    }

    /**
     * A registered attribute Junction relays but does not act on ({@link CheckedAttribute}): flags and
     * framing are checked and a malformed one gets its RFC's action; it is never relayed malformed.
     */
    private void decodeChecked(
        final CheckedAttribute checked, final int flags, final int value, final int length, final int attributeStart,
        final int attributeLength)
    {
        final int type = checked.typeCode();
        final boolean partialAllowed = checked.flags() == (FLAG_OPTIONAL | FLAG_TRANSITIVE);
        if ((flags & (FLAG_OPTIONAL | FLAG_TRANSITIVE)) != checked.flags() ||
            (!partialAllowed && (flags & FLAG_PARTIAL) != 0))
        {
            problem(checked.onError(), UPDATE_ATTRIBUTE_FLAGS_ERROR, type, attributeStart, attributeLength,
                checked + " has flags 0x" + Integer.toHexString(flags) + " (RFC 7606 §3 c, " + checked.rfc() + ")");
            return;
        }
        final String fault = checked.check(buffer, value, length);
        if (fault != null)
        {
            problem(checked.onError(), checked.lengthSubcode(), type, attributeStart, attributeLength,
                fault + " (" + checked.rfc() + ")");
            return;
        }
        if ((flags & FLAG_TRANSITIVE) != 0)
        {
            attributes.put(new PathAttribute.Unknown(flags, type, bytes(value, length)));
        }
        // A well-formed optional non-transitive one (AIGP, BGP-LS) is not acted on: quietly ignored (RFC 4271 §5).
    }

    /**
     * The Length of Next Hop Network Address values MP_REACH_NLRI may carry for a family (RFC 7606 §7.11:
     * any other is malformed): 4 for IPv4 (RFC 4760 §3), 16 or 32 (global, link-local) for IPv6 (RFC 2545 §3).
     * The one place to extend for other encodings (RFC 8950 IPv6 next hops for IPv4 routes, once negotiated).
     *
     * @param afiSafi family of the attribute.
     * @param length  octets of the next-hop field.
     * @param options negotiated.
     * @return whether the length is one the family allows.
     */
    static boolean nextHopLengthAllowed(final AfiSafi afiSafi, final int length, final CodecOptions options)
    {
        return switch (afiSafi.afi())
        {
            // RFC 8950's 16 and 32 are accepted as the codec always has; they belong only to sessions that
            // negotiated the Extended Next Hop capability, a check to make here once Junction negotiates it.
            case AfiSafi.AFI_IPV4 -> length == 4 || length == 16 || length == 32;
            case AfiSafi.AFI_IPV6 -> length == 16 || length == 32;
            default -> false;
        };
    }

    private void decodeMpReach(
        final int flags, final int value, final int length, final int attributeStart, final int attributeLength)
    {
        mpReachFound = true;
        if (length < 5)
        {
            problems.add(new DecodeProblem(ErrorAction.SESSION_RESET, new NotificationMessage(UPDATE_MESSAGE_ERROR,
                UPDATE_OPTIONAL_ATTRIBUTE_ERROR, attributeBytes(attributeStart, attributeLength)),
                PathAttribute.MP_REACH_NLRI, null, "MP_REACH_NLRI too short to name its family (RFC 7606 §5.3)"));
            resetFound = true;
            return;
        }
        final AfiSafi afiSafi = AfiSafi.of(u16(value), u8(value + 2));
        final AddressFamily family = afiSafi.addressFamily();
        if (family == null)
        {
            discard(UNSPECIFIC, PathAttribute.MP_REACH_NLRI, attributeStart, attributeLength,
                "MP_REACH_NLRI of " + afiSafi + ", which this codec does not decode");
            return;
        }
        if (!mpFlagsValid(flags))
        {
            disable(afiSafi, UPDATE_ATTRIBUTE_FLAGS_ERROR, PathAttribute.MP_REACH_NLRI, attributeStart, attributeLength,
                "MP_REACH_NLRI has flags 0x" + Integer.toHexString(flags) + " (RFC 7606 §5.3)");
            return;
        }
        final int nextHopLength = u8(value + 3);
        final int nlriStart = value + 4 + nextHopLength + 1;
        final int end = value + length;
        if (nlriStart > end)
        {
            disable(afiSafi, UPDATE_OPTIONAL_ATTRIBUTE_ERROR, PathAttribute.MP_REACH_NLRI, attributeStart,
                attributeLength, "MP_REACH_NLRI next hop length " + nextHopLength + " overruns the attribute");
            return;
        }
        if (!nextHopLengthAllowed(afiSafi, nextHopLength, options))
        {
            // The NLRI cannot be located reliably: never accept, nor withdraw, what they might be.
            disable(afiSafi, UPDATE_OPTIONAL_ATTRIBUTE_ERROR, PathAttribute.MP_REACH_NLRI, attributeStart,
                attributeLength, "MP_REACH_NLRI next hop length " + nextHopLength + " for " + afiSafi +
                " (RFC 7606 §7.11)");
            return;
        }
        final List<IpPrefix> nlri = new ArrayList<>();
        final List<Integer> pathIds = options.receivesPathIds(afiSafi) ? new ArrayList<>() : null;
        if (!family.decodeNlri(buffer, nlriStart, end, nlri, pathIds))
        {
            disable(afiSafi, UPDATE_OPTIONAL_ATTRIBUTE_ERROR, PathAttribute.MP_REACH_NLRI, attributeStart,
                attributeLength, "MP_REACH_NLRI NLRI of " + afiSafi + " do not parse (RFC 7606 §5.3)");
            return;
        }

        // RFC 2545 §3 (IPv6: global, or global + link-local), RFC 8950 (IPv4 routes, IPv6 next hop).
        final int nh = value + 4;
        final IpAddress nextHop;
        IpAddress linkLocal = null;
        if (nextHopLength == 4)
        {
            nextHop = AddressFamily.IPV4.address(buffer, nh);
            if (!isHostAddress4(i32(nh)))
            {
                // As NEXT_HOP (RFC 4271 §6.3); the routes stay known so that they can be withdrawn.
                treatAsWithdraw(UPDATE_INVALID_NEXT_HOP_ATTRIBUTE, PathAttribute.MP_REACH_NLRI, attributeStart,
                    attributeLength, "MP_REACH_NLRI next hop " + nextHop + " is not a host address");
            }
        }
        else
        {
            nextHop = AddressFamily.IPV6.address(buffer, nh);
            if (nextHopLength == 32)
            {
                linkLocal = AddressFamily.IPV6.address(buffer, nh + 16);
            }
        }
        mpReach = new MpReachNlri(afiSafi, nextHop, linkLocal, nlri, pathIds == null ? List.of() : pathIds);
    }

    private void decodeMpUnreach(
        final int flags, final int value, final int length, final int attributeStart, final int attributeLength)
    {
        if (length < 3)
        {
            problems.add(new DecodeProblem(ErrorAction.SESSION_RESET, new NotificationMessage(UPDATE_MESSAGE_ERROR,
                UPDATE_OPTIONAL_ATTRIBUTE_ERROR, attributeBytes(attributeStart, attributeLength)),
                PathAttribute.MP_UNREACH_NLRI, null, "MP_UNREACH_NLRI too short to name its family (RFC 7606 §5.3)"));
            resetFound = true;
            return;
        }
        final AfiSafi afiSafi = AfiSafi.of(u16(value), u8(value + 2));
        final AddressFamily family = afiSafi.addressFamily();
        if (family == null)
        {
            discard(UNSPECIFIC, PathAttribute.MP_UNREACH_NLRI, attributeStart, attributeLength,
                "MP_UNREACH_NLRI of " + afiSafi + ", which this codec does not decode");
            return;
        }
        if (!mpFlagsValid(flags))
        {
            disable(afiSafi, UPDATE_ATTRIBUTE_FLAGS_ERROR, PathAttribute.MP_UNREACH_NLRI, attributeStart,
                attributeLength, "MP_UNREACH_NLRI has flags 0x" + Integer.toHexString(flags) + " (RFC 7606 §5.3)");
            return;
        }
        final List<IpPrefix> withdrawn = new ArrayList<>();
        final List<Integer> pathIds = options.receivesPathIds(afiSafi) ? new ArrayList<>() : null;
        if (!family.decodeNlri(buffer, value + 3, value + length, withdrawn, pathIds))
        {
            disable(afiSafi, UPDATE_OPTIONAL_ATTRIBUTE_ERROR, PathAttribute.MP_UNREACH_NLRI, attributeStart,
                attributeLength, "MP_UNREACH_NLRI withdrawn routes of " + afiSafi + " do not parse (RFC 7606 §5.3)");
            return;
        }
        mpUnreach = new MpUnreachNlri(afiSafi, withdrawn, pathIds == null ? List.of() : pathIds);
    }

    /**
     * @return whether MP_REACH_NLRI / MP_UNREACH_NLRI flags are what RFC 4760 §3, §4 give: optional non-transitive.
     */
    private static boolean mpFlagsValid(final int flags)
    {
        return (flags & (FLAG_OPTIONAL | FLAG_TRANSITIVE | FLAG_PARTIAL)) == FLAG_OPTIONAL;
    }

    /**
     * @return whether an IPv4 next hop can be a host: not 0.0.0.0, not multicast or class E, not broadcast
     *     (what RFC 4271 §6.3 calls syntactically incorrect, read as GoBGP and FRR read it).
     */
    static boolean isHostAddress4(final int address)
    {
        return address != 0 && (address >>> 28) < 0xE;
    }

    private static boolean containsAsZero(final List<AsPathSegment> segments)
    {
        for (final AsPathSegment segment : segments)
        {
            for (int i = 0; i < segment.size(); i++)
            {
                if (segment.asn(i) == 0)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private void requirePresent(final int type)
    {
        if (attributes.get(type) == null && !isProblem(type))
        {
            problems.add(new DecodeProblem(ErrorAction.TREAT_AS_WITHDRAW, new NotificationMessage(UPDATE_MESSAGE_ERROR,
                UPDATE_MISSING_WELL_KNOWN_ATTRIBUTE, new byte[] {(byte)type}), type, null,
                "missing well-known attribute " + type + " (RFC 7606 §3 d)"));
        }
    }

    private boolean isProblem(final int type)
    {
        for (final DecodeProblem p : problems)
        {
            if (p.attributeType() == type)
            {
                return true;
            }
        }
        return false;
    }

    private void treatAsWithdraw(final int subcode, final int type, final int start, final int length, final String reason)
    {
        problems.add(new DecodeProblem(ErrorAction.TREAT_AS_WITHDRAW,
            new NotificationMessage(UPDATE_MESSAGE_ERROR, subcode, attributeBytes(start, length)), type, null, reason));
    }

    private void discard(final int subcode, final int type, final int start, final int length, final String reason)
    {
        problems.add(new DecodeProblem(ErrorAction.ATTRIBUTE_DISCARD,
            new NotificationMessage(UPDATE_MESSAGE_ERROR, subcode, attributeBytes(start, length)), type, null, reason));
    }

    private void disable(
        final AfiSafi afiSafi, final int subcode, final int type, final int start, final int length, final String reason)
    {
        // RFC 4760 §7: the NOTIFICATION, if the session resets instead, is UPDATE Message Error with the subcode given.
        problems.add(new DecodeProblem(ErrorAction.AFI_SAFI_DISABLE, new NotificationMessage(UPDATE_MESSAGE_ERROR,
            subcode, attributeBytes(start, length)), type, afiSafi, reason));
    }

    private void problem(
        final ErrorAction action, final int subcode, final int type, final int start, final int length, final String reason)
    {
        problems.add(new DecodeProblem(action,
            new NotificationMessage(UPDATE_MESSAGE_ERROR, subcode, attributeBytes(start, length)), type, null, reason));
    }

    private byte[] attributeBytes(final int start, final int length)
    {
        // NOTIFICATION data is bounded by the message that carries it.
        return bytes(start, Math.min(length, MessageHeader.MAX_EXTENDED_MESSAGE_LENGTH - 21));
    }

    private byte[] bytes(final int start, final int length)
    {
        final byte[] out = new byte[length];
        buffer.getBytes(start, out);
        return out;
    }

    private boolean isSeen(final int type)
    {
        return (seen[type >>> 6] & (1L << type)) != 0;
    }

    private void markSeen(final int type)
    {
        seen[type >>> 6] |= 1L << type;
    }

    private int u8(final int index)
    {
        return buffer.getByte(index) & 0xFF;
    }

    private int u16(final int index)
    {
        return buffer.getShort(index, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    private int i32(final int index)
    {
        return buffer.getInt(index, ByteOrder.BIG_ENDIAN);
    }
}
