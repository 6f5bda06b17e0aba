/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import net.junction.bgp.wire.attribute.PathAttributes;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static net.junction.bgp.wire.MessageHeader.HEADER_LENGTH;

/**
 * Writes any {@link BgpMessage} in wire form; the inverse of {@link MessageDecoder} for every value it
 * produces. To send many routes, {@link UpdatePacker} splits them into UPDATEs that fit.
 * <p>
 * Stateless and thread safe.
 */
public final class MessageEncoder
{
    private MessageEncoder()
    {
    }

    /**
     * @param message to encode.
     * @param options negotiated.
     * @return the message's octets.
     * @throws IllegalArgumentException if it would exceed the maximum message length.
     */
    public static byte[] encode(final BgpMessage message, final CodecOptions options)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final int length = encode(message, options, buffer, 0);
        final byte[] out = new byte[length];
        buffer.getBytes(0, out);
        return out;
    }

    /**
     * @param message to encode.
     * @param options negotiated.
     * @param buffer  to write to, with room for the message (an expandable buffer grows).
     * @param offset  where the header goes.
     * @return the message length.
     * @throws IllegalArgumentException if it would exceed the maximum message length.
     */
    public static int encode(
        final BgpMessage message, final CodecOptions options, final MutableDirectBuffer buffer, final int offset)
    {
        final int bodyStart = offset + HEADER_LENGTH;
        final int end = switch (message)
        {
            case KeepaliveMessage ignored -> bodyStart;
            case NotificationMessage n ->
            {
                buffer.putByte(bodyStart, (byte)n.code());
                buffer.putByte(bodyStart + 1, (byte)n.subcode());
                buffer.putBytes(bodyStart + 2, n.data());
                yield bodyStart + 2 + n.dataLength();
            }
            case RouteRefreshMessage r ->
            {
                buffer.putShort(bodyStart, (short)r.afiSafi().afi(), ByteOrder.BIG_ENDIAN);
                buffer.putByte(bodyStart + 2, (byte)r.subtype());
                buffer.putByte(bodyStart + 3, (byte)r.afiSafi().safi());
                yield bodyStart + RouteRefreshMessage.BODY_LENGTH;
            }
            case OpenMessage o -> encodeOpen(o, buffer, bodyStart);
            case UpdateMessage u -> encodeUpdate(u, options, buffer, bodyStart);
        };
        final int length = end - offset;
        final int max = message instanceof OpenMessage ? MessageHeader.MAX_MESSAGE_LENGTH : options.maxMessageLength();
        if (length > max)
        {
            throw new IllegalArgumentException(message.getClass().getSimpleName() + " of " + length +
                " octets exceeds the maximum of " + max + (message instanceof UpdateMessage ? "; use UpdatePacker" : ""));
        }
        MessageHeader.write(buffer, offset, length, message.type());
        return length;
    }

    private static int encodeOpen(final OpenMessage open, final MutableDirectBuffer buffer, final int bodyStart)
    {
        buffer.putByte(bodyStart, (byte)open.version());
        buffer.putShort(bodyStart + 1, (short)open.myAs(), ByteOrder.BIG_ENDIAN);
        buffer.putShort(bodyStart + 3, (short)open.holdTimeSeconds(), ByteOrder.BIG_ENDIAN);
        buffer.putInt(bodyStart + 5, open.bgpIdentifier(), ByteOrder.BIG_ENDIAN);

        // All capabilities in one Capabilities parameter, written first and measured after.
        int capabilitiesLength = 0;
        for (final Capability c : open.capabilities())
        {
            capabilitiesLength += 2 + capabilityLength(c);
        }
        if (capabilitiesLength == 0)
        {
            buffer.putByte(bodyStart + 9, (byte)0);
            return bodyStart + OpenMessage.MIN_BODY_LENGTH;
        }
        int p = bodyStart + 10;
        if (capabilitiesLength + 2 <= 255)
        {
            buffer.putByte(bodyStart + 9, (byte)(capabilitiesLength + 2));
            buffer.putByte(p, (byte)OpenMessage.PARAMETER_CAPABILITIES);
            buffer.putByte(p + 1, (byte)capabilitiesLength);
            p += 2;
        }
        else
        {
            // RFC 9072 §2: Non-Ext OP Len and Type 255, 2-octet lengths from here on.
            buffer.putByte(bodyStart + 9, (byte)OpenMessage.EXTENDED_PARAMETERS);
            buffer.putByte(p, (byte)OpenMessage.EXTENDED_PARAMETERS);
            buffer.putShort(p + 1, (short)(capabilitiesLength + 3), ByteOrder.BIG_ENDIAN);
            buffer.putByte(p + 3, (byte)OpenMessage.PARAMETER_CAPABILITIES);
            buffer.putShort(p + 4, (short)capabilitiesLength, ByteOrder.BIG_ENDIAN);
            p += 6;
        }
        for (final Capability c : open.capabilities())
        {
            p += encodeCapability(c, buffer, p);
        }
        return p;
    }

    private static int capabilityLength(final Capability capability)
    {
        return switch (capability)
        {
            case Capability.Multiprotocol ignored -> Capability.Multiprotocol.LENGTH;
            case Capability.ExtendedNextHop e -> Capability.ExtendedNextHop.ENTRY_LENGTH * e.entries().size();
            case Capability.RouteRefresh ignored -> 0;
            case Capability.EnhancedRouteRefresh ignored -> 0;
            case Capability.ExtendedMessage ignored -> 0;
            case Capability.FourOctetAs ignored -> Capability.FourOctetAs.LENGTH;
            case Capability.Role ignored -> Capability.Role.LENGTH;
            case Capability.GracefulRestart g -> 2 + 4 * g.families().size();
            case Capability.AddPath a -> Capability.AddPath.FAMILY_LENGTH * a.families().size();
            case Capability.Unknown u -> u.value().length;
        };
    }

    private static int encodeCapability(final Capability capability, final MutableDirectBuffer buffer, final int offset)
    {
        final int length = capabilityLength(capability);
        if (length > 255)
        {
            throw new IllegalArgumentException("capability " + capability.code() + " of " + length + " octets");
        }
        buffer.putByte(offset, (byte)capability.code());
        buffer.putByte(offset + 1, (byte)length);
        final int v = offset + 2;
        switch (capability)
        {
            case Capability.Multiprotocol m ->
            {
                buffer.putShort(v, (short)m.afiSafi().afi(), ByteOrder.BIG_ENDIAN);
                buffer.putByte(v + 2, (byte)0);
                buffer.putByte(v + 3, (byte)m.afiSafi().safi());
            }
            case Capability.FourOctetAs f -> buffer.putInt(v, f.asNumber(), ByteOrder.BIG_ENDIAN);
            case Capability.Role r -> buffer.putByte(v, (byte)r.role());
            case Capability.ExtendedNextHop e ->
            {
                int p = v;
                for (final Capability.ExtendedNextHop.Entry entry : e.entries())
                {
                    buffer.putShort(p, (short)entry.nlri().afi(), ByteOrder.BIG_ENDIAN);
                    buffer.putShort(p + 2, (short)entry.nlri().safi(), ByteOrder.BIG_ENDIAN);
                    buffer.putShort(p + 4, (short)entry.nextHopAfi(), ByteOrder.BIG_ENDIAN);
                    p += Capability.ExtendedNextHop.ENTRY_LENGTH;
                }
            }
            case Capability.GracefulRestart g ->
            {
                buffer.putShort(v, (short)((g.restartFlags() << 12) | g.restartTimeSeconds()), ByteOrder.BIG_ENDIAN);
                int p = v + 2;
                for (final Capability.GracefulRestart.Family f : g.families())
                {
                    buffer.putShort(p, (short)f.afiSafi().afi(), ByteOrder.BIG_ENDIAN);
                    buffer.putByte(p + 2, (byte)f.afiSafi().safi());
                    buffer.putByte(p + 3, (byte)f.flags());
                    p += 4;
                }
            }
            case Capability.AddPath a ->
            {
                int p = v;
                for (final Capability.AddPath.Family f : a.families())
                {
                    buffer.putShort(p, (short)f.afiSafi().afi(), ByteOrder.BIG_ENDIAN);
                    buffer.putByte(p + 2, (byte)f.afiSafi().safi());
                    buffer.putByte(p + 3, (byte)f.sendReceive());
                    p += Capability.AddPath.FAMILY_LENGTH;
                }
            }
            case Capability.Unknown u -> buffer.putBytes(v, u.value());
            default ->
            {
            }
        }
        return 2 + length;
    }

    /**
     * RFC 7911 §3: NLRI carry Path Identifiers exactly for the families the session sends them for; a message
     * that disagrees would be read wrongly by the peer.
     */
    private static void checkPathIds(final UpdateMessage update, final CodecOptions options)
    {
        final boolean ipv4 = options.sendsPathIds(AfiSafi.IPV4_UNICAST);
        checkPathIds(AfiSafi.IPV4_UNICAST, ipv4, update.withdrawn().size(), update.withdrawnPathIds().size());
        checkPathIds(AfiSafi.IPV4_UNICAST, ipv4, update.nlri().size(), update.nlriPathIds().size());
        final MpUnreachNlri unreach = update.mpUnreach();
        if (unreach != null)
        {
            checkPathIds(unreach.afiSafi(), options.sendsPathIds(unreach.afiSafi()), unreach.withdrawn().size(),
                unreach.pathIds().size());
        }
        final MpReachNlri reach = update.mpReach();
        if (reach != null)
        {
            checkPathIds(reach.afiSafi(), options.sendsPathIds(reach.afiSafi()), reach.nlri().size(),
                reach.pathIds().size());
        }
    }

    private static void checkPathIds(final AfiSafi family, final boolean sends, final int prefixes, final int pathIds)
    {
        if (prefixes > 0 && sends != (pathIds > 0))
        {
            throw new IllegalArgumentException(family + " NLRI " + (sends ? "without" : "with") +
                " path identifiers on a session that " + (sends ? "sends" : "does not send") + " them (RFC 7911)");
        }
    }

    private static int encodeUpdate(
        final UpdateMessage update, final CodecOptions options, final MutableDirectBuffer buffer, final int bodyStart)
    {
        checkPathIds(update, options);
        int p = bodyStart + 2;
        p += AttributeEncoder.writeNlri(update.withdrawn(), update.withdrawnPathIds(), buffer, p);
        buffer.putShort(bodyStart, (short)(p - bodyStart - 2), ByteOrder.BIG_ENDIAN);

        final int attributesLengthAt = p;
        p += 2;
        // RFC 7606 §5.1: MP_REACH_NLRI / MP_UNREACH_NLRI first, so a receiver can always find the routes.
        if (update.mpUnreach() != null)
        {
            final int start = p;
            p += AttributeEncoder.startMpUnreach(update.mpUnreach().afiSafi(), buffer, p);
            p += AttributeEncoder.writeNlri(update.mpUnreach().withdrawn(), update.mpUnreach().pathIds(), buffer, p);
            AttributeEncoder.finishMpAttribute(buffer, start, p);
        }
        if (update.mpReach() != null)
        {
            final MpReachNlri mp = update.mpReach();
            final int start = p;
            p += AttributeEncoder.startMpReach(mp.afiSafi(), mp.nextHop(), mp.linkLocalNextHop(), buffer, p);
            p += AttributeEncoder.writeNlri(mp.nlri(), mp.pathIds(), buffer, p);
            AttributeEncoder.finishMpAttribute(buffer, start, p);
        }
        final PathAttributes attributes = AttributeEncoder.forPeer(update.attributes(), options);
        p += AttributeEncoder.encode(attributes, options, buffer, p);
        final int attributesLength = p - attributesLengthAt - 2;
        if (attributesLength > 0xFFFF)
        {
            throw new IllegalArgumentException("path attributes of " + attributesLength + " octets");
        }
        buffer.putShort(attributesLengthAt, (short)attributesLength, ByteOrder.BIG_ENDIAN);
        p += AttributeEncoder.writeNlri(update.nlri(), update.nlriPathIds(), buffer, p);
        return p;
    }

    /**
     * Path attributes alone, as an UPDATE would carry them (after the same AS4 handling for the
     * options), for formats that embed them: MRT (RFC 6396 §4.3.4).
     *
     * @param attributes to encode.
     * @param options    as if negotiated; {@link CodecOptions#FOUR_OCTET_EBGP} for 4-octet AS_PATH.
     * @param buffer     to write to, with room (an expandable buffer grows).
     * @param offset     where the first attribute goes.
     * @return octets written.
     */
    public static int encodeAttributes(
        final net.junction.bgp.wire.attribute.PathAttributes attributes, final CodecOptions options,
        final MutableDirectBuffer buffer, final int offset)
    {
        return AttributeEncoder.encode(AttributeEncoder.forPeer(attributes, options), options, buffer, offset);
    }
}
