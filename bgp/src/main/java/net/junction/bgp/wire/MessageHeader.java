/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The BGP message header (RFC 4271 §4.1) and framing of a TCP byte stream into messages.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                                                               +
 * |                           Marker (16 octets of 0xFF)          |
 * +                                                               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Length (big-endian)  |      Type     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Framing follows Netty's {@code ByteToMessageDecoder} contract: on a partial frame
 * {@link #frameLength} returns 0 and the caller consumes nothing.
 */
public final class MessageHeader
{
    /** Octets of the marker. */
    public static final int MARKER_LENGTH = 16;
    /** Offset of the 2-octet length, big-endian. */
    public static final int LENGTH_OFFSET = 16;
    /** Offset of the type octet. */
    public static final int TYPE_OFFSET = 18;
    /** Octets of the header, also the smallest message. */
    public static final int HEADER_LENGTH = 19;
    /** RFC 4271 §4.1: largest message without extended messages (and always for OPEN and KEEPALIVE). */
    public static final int MAX_MESSAGE_LENGTH = 4096;
    /** RFC 8654: largest message with extended messages. */
    public static final int MAX_EXTENDED_MESSAGE_LENGTH = 65535;

    /** RFC 4271. */
    public static final int TYPE_OPEN = 1;
    /** RFC 4271. */
    public static final int TYPE_UPDATE = 2;
    /** RFC 4271. */
    public static final int TYPE_NOTIFICATION = 3;
    /** RFC 4271. */
    public static final int TYPE_KEEPALIVE = 4;
    /** RFC 2918. */
    public static final int TYPE_ROUTE_REFRESH = 5;

    /** {@link #frameLength} result when the header is invalid: decode the header to get the NOTIFICATION. */
    public static final int BAD_HEADER = -1;

    private MessageHeader()
    {
    }

    /**
     * How long the next message in a stream is, once all of it has arrived.
     *
     * @param buffer    holding received bytes.
     * @param offset    of the first unconsumed byte.
     * @param available bytes received from {@code offset}.
     * @param options   negotiated (maximum length).
     * @return the message length if the whole message is available, 0 if more bytes are needed, or
     * {@link #BAD_HEADER} if the header is invalid (then {@link MessageDecoder#checkHeader} says why).
     */
    public static int frameLength(
        final DirectBuffer buffer, final int offset, final int available, final CodecOptions options)
    {
        if (available < HEADER_LENGTH)
        {
            return 0;
        }
        if (MessageDecoder.checkHeader(buffer, offset, options) != null)
        {
            return BAD_HEADER;
        }
        final int length = length(buffer, offset);
        return length <= available ? length : 0;
    }

    /**
     * @param buffer holding a header.
     * @param offset of the header.
     * @return the length field.
     */
    public static int length(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param buffer holding a header.
     * @param offset of the header.
     * @return the type octet.
     */
    public static int type(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + TYPE_OFFSET) & 0xFF;
    }

    /**
     * Write a header: marker of all ones, length, type.
     *
     * @param buffer to write to.
     * @param offset of the header.
     * @param length of the whole message.
     * @param type   message type.
     */
    public static void write(final MutableDirectBuffer buffer, final int offset, final int length, final int type)
    {
        buffer.setMemory(offset, MARKER_LENGTH, (byte)0xFF);
        buffer.putShort(offset + LENGTH_OFFSET, (short)length, ByteOrder.BIG_ENDIAN);
        buffer.putByte(offset + TYPE_OFFSET, (byte)type);
    }
}
