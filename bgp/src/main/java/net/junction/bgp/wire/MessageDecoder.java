/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static net.junction.bgp.wire.MessageHeader.HEADER_LENGTH;
import static net.junction.bgp.wire.NotificationMessage.HEADER_BAD_MESSAGE_LENGTH;
import static net.junction.bgp.wire.NotificationMessage.HEADER_BAD_MESSAGE_TYPE;
import static net.junction.bgp.wire.NotificationMessage.HEADER_CONNECTION_NOT_SYNCHRONIZED;
import static net.junction.bgp.wire.NotificationMessage.MESSAGE_HEADER_ERROR;
import static net.junction.bgp.wire.NotificationMessage.OPEN_BAD_BGP_IDENTIFIER;
import static net.junction.bgp.wire.NotificationMessage.OPEN_MESSAGE_ERROR;
import static net.junction.bgp.wire.NotificationMessage.OPEN_UNACCEPTABLE_HOLD_TIME;
import static net.junction.bgp.wire.NotificationMessage.OPEN_UNSUPPORTED_OPTIONAL_PARAMETER;
import static net.junction.bgp.wire.NotificationMessage.OPEN_UNSUPPORTED_VERSION_NUMBER;
import static net.junction.bgp.wire.NotificationMessage.ROUTE_REFRESH_INVALID_MESSAGE_LENGTH;
import static net.junction.bgp.wire.NotificationMessage.ROUTE_REFRESH_MESSAGE_ERROR;
import static net.junction.bgp.wire.NotificationMessage.UNSPECIFIC;

/**
 * Decodes one framed BGP message into a {@link BgpMessage}: a pure function of the bytes and the
 * negotiated {@link CodecOptions}. Any input gives a {@link DecodeResult}, never an exception: header
 * and OPEN faults give the RFC 4271 §6.1/§6.2 NOTIFICATION, UPDATE faults the RFC 7606 action (see
 * {@link UpdateDecoder}). Session checks that need configuration (peer AS, hold time policy,
 * capabilities required) belong to the session, not here.
 * <p>
 * Thread safe (stateless); not a fast-path class: it allocates the decoded values.
 */
public final class MessageDecoder
{
    private MessageDecoder()
    {
    }

    /**
     * @param message one whole message, header included.
     * @param options negotiated.
     * @return the result.
     */
    public static DecodeResult decode(final byte[] message, final CodecOptions options)
    {
        return decode(new UnsafeBuffer(message), 0, message.length, options);
    }

    /**
     * Decode one message, framed by {@link MessageHeader#frameLength}.
     *
     * @param buffer  holding the message.
     * @param offset  of its header.
     * @param length  of the frame; must equal the header's length field.
     * @param options negotiated.
     * @return the message with any problems, or a session reset with the NOTIFICATION to send.
     */
    public static DecodeResult decode(
        final DirectBuffer buffer, final int offset, final int length, final CodecOptions options)
    {
        if (offset < 0 || length < 0 || offset > buffer.capacity() - length)
        {
            throw new IndexOutOfBoundsException(
                "frame [" + offset + ", +" + length + ") is outside the buffer of " + buffer.capacity());
        }
        if (length < HEADER_LENGTH)
        {
            return DecodeResult.sessionReset(new NotificationMessage(MESSAGE_HEADER_ERROR, HEADER_BAD_MESSAGE_LENGTH,
                u16Bytes(length)), "frame of " + length + " octets is shorter than a header");
        }
        final DecodeProblem headerProblem = checkHeader(buffer, offset, options);
        if (headerProblem != null)
        {
            return new DecodeResult(null, List.of(headerProblem));
        }
        final int lengthField = MessageHeader.length(buffer, offset);
        if (lengthField != length)
        {
            return DecodeResult.sessionReset(new NotificationMessage(MESSAGE_HEADER_ERROR, HEADER_BAD_MESSAGE_LENGTH,
                u16Bytes(lengthField)), "length field " + lengthField + " but the frame has " + length + " octets");
        }

        return switch (MessageHeader.type(buffer, offset))
        {
            case MessageHeader.TYPE_OPEN -> decodeOpen(buffer, offset, length);
            case MessageHeader.TYPE_UPDATE -> UpdateDecoder.decode(buffer, offset, length, options);
            case MessageHeader.TYPE_NOTIFICATION -> decodeNotification(buffer, offset, length);
            case MessageHeader.TYPE_KEEPALIVE -> DecodeResult.of(KeepaliveMessage.INSTANCE);
            case MessageHeader.TYPE_ROUTE_REFRESH -> decodeRouteRefresh(buffer, offset, length);
            default -> throw new IllegalStateException("checkHeader let an unknown type through");
        };
    }

    /**
     * RFC 4271 §6.1: marker all ones, length within the bounds of its type and of the session, known type.
     *
     * @param buffer  holding at least a header at {@code offset}.
     * @param offset  of the header.
     * @param options negotiated (maximum length).
     * @return the problem (session reset with Message Header Error), or null if the header is valid.
     */
    public static DecodeProblem checkHeader(final DirectBuffer buffer, final int offset, final CodecOptions options)
    {
        for (int i = 0; i < MessageHeader.MARKER_LENGTH; i++)
        {
            if (buffer.getByte(offset + i) != (byte)0xFF)
            {
                return DecodeProblem.sessionReset(
                    NotificationMessage.of(MESSAGE_HEADER_ERROR, HEADER_CONNECTION_NOT_SYNCHRONIZED),
                    "marker is not all ones");
            }
        }
        final int length = MessageHeader.length(buffer, offset);
        final int type = MessageHeader.type(buffer, offset);
        if (type < MessageHeader.TYPE_OPEN || type > MessageHeader.TYPE_ROUTE_REFRESH)
        {
            if (length < HEADER_LENGTH || length > options.maxMessageLength())
            {
                return badLength(length, "length " + length + " out of bounds");
            }
            return DecodeProblem.sessionReset(new NotificationMessage(MESSAGE_HEADER_ERROR, HEADER_BAD_MESSAGE_TYPE,
                new byte[] {(byte)type}), "unknown message type " + type);
        }
        final int min;
        final int max;
        switch (type)
        {
            case MessageHeader.TYPE_OPEN ->
            {
                min = HEADER_LENGTH + OpenMessage.MIN_BODY_LENGTH;
                // RFC 8654 §3: OPEN never exceeds 4096, as it is sent before the capability is known.
                max = MessageHeader.MAX_MESSAGE_LENGTH;
            }
            case MessageHeader.TYPE_UPDATE ->
            {
                min = HEADER_LENGTH + UpdateMessage.MIN_BODY_LENGTH;
                max = options.maxMessageLength();
            }
            case MessageHeader.TYPE_NOTIFICATION ->
            {
                min = HEADER_LENGTH + NotificationMessage.MIN_BODY_LENGTH;
                max = options.maxMessageLength();
            }
            case MessageHeader.TYPE_KEEPALIVE ->
            {
                min = HEADER_LENGTH;
                max = HEADER_LENGTH;
            }
            default ->
            {
                min = HEADER_LENGTH + RouteRefreshMessage.BODY_LENGTH;
                max = options.maxMessageLength();
            }
        }
        if (length < min || length > max)
        {
            return badLength(length, "length " + length + " outside " + min + ".." + max + " for type " + type);
        }
        return null;
    }

    private static DecodeProblem badLength(final int length, final String reason)
    {
        return DecodeProblem.sessionReset(
            new NotificationMessage(MESSAGE_HEADER_ERROR, HEADER_BAD_MESSAGE_LENGTH, u16Bytes(length)), reason);
    }

    private static DecodeResult decodeOpen(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        final int p = offset + HEADER_LENGTH;
        final int version = u8(buffer, p);
        if (version != OpenMessage.VERSION)
        {
            return DecodeResult.sessionReset(new NotificationMessage(OPEN_MESSAGE_ERROR, OPEN_UNSUPPORTED_VERSION_NUMBER,
                u16Bytes(OpenMessage.VERSION)), "version " + version);
        }
        final int myAs = u16(buffer, p + 1);
        final int holdTime = u16(buffer, p + 3);
        final int bgpIdentifier = buffer.getInt(p + 5, ByteOrder.BIG_ENDIAN);
        final int optionalLength = u8(buffer, p + 9);

        int params = p + 10;
        int lengthOctets = 1;
        int paramsEnd = params + optionalLength;
        if (optionalLength == OpenMessage.EXTENDED_PARAMETERS && end - params >= 1 &&
            u8(buffer, params) == OpenMessage.EXTENDED_PARAMETERS)
        {
            // RFC 9072 §2: Non-Ext OP Type 255, then a 2-octet Extended Opt. Parm. Length.
            if (end - params < 3)
            {
                return openError(UNSPECIFIC, "extended optional parameters length missing");
            }
            lengthOctets = 2;
            paramsEnd = params + 3 + u16(buffer, params + 1);
            params += 3;
        }
        if (paramsEnd != end)
        {
            return openError(UNSPECIFIC, "optional parameters end at " + (paramsEnd - offset) + " but the message at " +
                length);
        }
        if (holdTime == 1 || holdTime == 2)
        {
            // RFC 4271 §6.2: a hold time of one or two seconds must be rejected.
            return openError(OPEN_UNACCEPTABLE_HOLD_TIME, "hold time " + holdTime);
        }
        if (bgpIdentifier == 0)
        {
            // RFC 6286 §2.2: any nonzero 32-bit value.
            return openError(OPEN_BAD_BGP_IDENTIFIER, "BGP identifier 0");
        }

        final List<Capability> capabilities = new ArrayList<>();
        int q = params;
        while (q < paramsEnd)
        {
            if (paramsEnd - q < 1 + lengthOctets)
            {
                return openError(UNSPECIFIC, "optional parameter header truncated");
            }
            final int type = u8(buffer, q);
            final int parameterLength = lengthOctets == 1 ? u8(buffer, q + 1) : u16(buffer, q + 1);
            final int value = q + 1 + lengthOctets;
            if (parameterLength > paramsEnd - value)
            {
                return openError(UNSPECIFIC, "optional parameter " + type + " overruns the parameters");
            }
            if (type != OpenMessage.PARAMETER_CAPABILITIES)
            {
                return openError(OPEN_UNSUPPORTED_OPTIONAL_PARAMETER, "optional parameter type " + type);
            }
            final String fault = decodeCapabilities(buffer, value, value + parameterLength, capabilities);
            if (fault != null)
            {
                return openError(UNSPECIFIC, fault);
            }
            q = value + parameterLength;
        }

        return DecodeResult.of(new OpenMessage(version, myAs, holdTime, bgpIdentifier, capabilities));
    }

    /**
     * @return null, or what is malformed (BIRD answers it with OPEN Message Error / unspecific too).
     */
    private static String decodeCapabilities(
        final DirectBuffer buffer, final int start, final int end, final List<Capability> out)
    {
        int p = start;
        while (p < end)
        {
            if (end - p < 2)
            {
                return "capability header truncated";
            }
            final int code = u8(buffer, p);
            final int length = u8(buffer, p + 1);
            final int value = p + 2;
            if (length > end - value)
            {
                return "capability " + code + " overruns its parameter";
            }
            p = value + length;
            switch (code)
            {
                case Capability.MULTIPROTOCOL ->
                {
                    if (length != Capability.Multiprotocol.LENGTH)
                    {
                        return "multiprotocol capability of length " + length;
                    }
                    out.add(new Capability.Multiprotocol(AfiSafi.of(u16(buffer, value), u8(buffer, value + 3))));
                }
                case Capability.EXTENDED_NEXT_HOP_ENCODING ->
                {
                    // RFC 8950 §3: triples of NLRI AFI, NLRI SAFI (2 octets), next-hop AFI.
                    if (length == 0 || length % Capability.ExtendedNextHop.ENTRY_LENGTH != 0)
                    {
                        return "extended next hop capability of length " + length;
                    }
                    final List<Capability.ExtendedNextHop.Entry> entries = new ArrayList<>();
                    for (int e = value; e < value + length; e += Capability.ExtendedNextHop.ENTRY_LENGTH)
                    {
                        final int safi = u16(buffer, e + 2);
                        if (safi <= 0xFF) // a SAFI is one octet everywhere else; a larger one names no family
                        {
                            entries.add(new Capability.ExtendedNextHop.Entry(AfiSafi.of(u16(buffer, e), safi),
                                u16(buffer, e + 4)));
                        }
                    }
                    if (!entries.isEmpty()) // only triples naming no family: it offers nothing (and re-encodes to nothing)
                    {
                        out.add(new Capability.ExtendedNextHop(entries));
                    }
                }
                case Capability.ROUTE_REFRESH, Capability.ENHANCED_ROUTE_REFRESH, Capability.EXTENDED_MESSAGE ->
                {
                    if (length != 0)
                    {
                        return "capability " + code + " of length " + length;
                    }
                    out.add(switch (code)
                    {
                        case Capability.ROUTE_REFRESH -> new Capability.RouteRefresh();
                        case Capability.ENHANCED_ROUTE_REFRESH -> new Capability.EnhancedRouteRefresh();
                        default -> new Capability.ExtendedMessage();
                    });
                }
                case Capability.FOUR_OCTET_AS ->
                {
                    if (length != Capability.FourOctetAs.LENGTH)
                    {
                        return "4-octet AS capability of length " + length;
                    }
                    out.add(new Capability.FourOctetAs(buffer.getInt(value, ByteOrder.BIG_ENDIAN)));
                }
                case Capability.ROLE ->
                {
                    if (length != Capability.Role.LENGTH)
                    {
                        return "BGP role capability of length " + length;
                    }
                    out.add(new Capability.Role(u8(buffer, value)));
                }
                case Capability.GRACEFUL_RESTART ->
                {
                    if (length < 2 || (length - 2) % 4 != 0)
                    {
                        return "graceful restart capability of length " + length;
                    }
                    final int flagsAndTime = u16(buffer, value);
                    final List<Capability.GracefulRestart.Family> families = new ArrayList<>();
                    for (int f = value + 2; f < value + length; f += 4)
                    {
                        families.add(new Capability.GracefulRestart.Family(
                            AfiSafi.of(u16(buffer, f), u8(buffer, f + 2)), u8(buffer, f + 3)));
                    }
                    out.add(new Capability.GracefulRestart(flagsAndTime >>> 12, flagsAndTime & 0xFFF, families));
                }
                case Capability.ADD_PATH ->
                {
                    if (length % Capability.AddPath.FAMILY_LENGTH != 0)
                    {
                        return "ADD-PATH capability of length " + length;
                    }
                    final List<Capability.AddPath.Family> families = new ArrayList<>();
                    for (int f = value; f < value + length; f += Capability.AddPath.FAMILY_LENGTH)
                    {
                        final int sendReceive = u8(buffer, f + 3);
                        // RFC 7911 §4: any other Send/Receive value is ignored, with its family.
                        if (sendReceive >= 1 && sendReceive <= 3)
                        {
                            families.add(new Capability.AddPath.Family(
                                AfiSafi.of(u16(buffer, f), u8(buffer, f + 2)), sendReceive));
                        }
                    }
                    if (!families.isEmpty())
                    {
                        out.add(new Capability.AddPath(families));
                    }
                }
                default ->
                {
                    final byte[] raw = new byte[length];
                    buffer.getBytes(value, raw);
                    out.add(new Capability.Unknown(code, raw));
                }
            }
        }
        return null;
    }

    private static DecodeResult openError(final int subcode, final String reason)
    {
        return DecodeResult.sessionReset(NotificationMessage.of(OPEN_MESSAGE_ERROR, subcode), reason);
    }

    private static DecodeResult decodeNotification(final DirectBuffer buffer, final int offset, final int length)
    {
        final int p = offset + HEADER_LENGTH;
        final byte[] data = new byte[length - HEADER_LENGTH - NotificationMessage.MIN_BODY_LENGTH];
        buffer.getBytes(p + 2, data);
        return DecodeResult.of(new NotificationMessage(u8(buffer, p), u8(buffer, p + 1), data));
    }

    private static DecodeResult decodeRouteRefresh(final DirectBuffer buffer, final int offset, final int length)
    {
        final int p = offset + HEADER_LENGTH;
        final int subtype = u8(buffer, p + 2);
        if ((subtype == RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH || subtype == RouteRefreshMessage.END_OF_ROUTE_REFRESH) &&
            length != HEADER_LENGTH + RouteRefreshMessage.BODY_LENGTH)
        {
            // RFC 7313 §5: the data is the whole ROUTE-REFRESH message.
            final byte[] message = new byte[length];
            buffer.getBytes(offset, message);
            return DecodeResult.sessionReset(new NotificationMessage(ROUTE_REFRESH_MESSAGE_ERROR,
                ROUTE_REFRESH_INVALID_MESSAGE_LENGTH, message), "ROUTE-REFRESH subtype " + subtype + " of length " +
                length);
        }
        return DecodeResult.of(new RouteRefreshMessage(AfiSafi.of(u16(buffer, p), u8(buffer, p + 3)), subtype));
    }

    private static byte[] u16Bytes(final int value)
    {
        return new byte[] {(byte)(value >>> 8), (byte)value};
    }

    private static int u8(final DirectBuffer buffer, final int index)
    {
        return buffer.getByte(index) & 0xFF;
    }

    private static int u16(final DirectBuffer buffer, final int index)
    {
        return buffer.getShort(index, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }
}
