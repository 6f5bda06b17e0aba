/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Header every FIB-update message starts with, and the flyweight the message flyweights extend.
 * All multi-byte fields of every FIB-update message are little-endian (both ends run on the same
 * machine, usually x86 or arm64, so this is their native order). Addresses are carried as the
 * network-order integer value of the address ({@code 198.18.1.1} is {@code 0xC6120101}), stored
 * little-endian like any other integer.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |    Version    |     Type      |        Message Length         |
 *  +---------------+---------------+-------------------------------+
 *  |                         Body ...                              |
 * </pre>
 * Message Length counts the whole message, header included. A frame handed to a
 * {@link FibMessageSink} is a sequence of whole messages, back to back.
 * <p>
 * Versioning: a consumer refuses a message whose version it does not know, so an incompatible
 * producer is caught at its first message, never half-applied. A type added within a version (the
 * resync messages, 10 and 11) is refused as an unknown type by a consumer older than it, the same way. Reserved fields are written as zero
 * and checked to be zero, which keeps them usable for flags in a later version.
 * <p>
 * A flyweight wraps a buffer at an offset and reads or writes fields in place; one instance is reused
 * for every message.
 */
public class FibMessageFlyweight
{
    /** Version of the message formats in this file and its subclasses. */
    public static final int CURRENT_VERSION = 1;

    /** Offset of the version field. */
    public static final int VERSION_FIELD_OFFSET = 0;

    /** Offset of the type field. */
    public static final int TYPE_FIELD_OFFSET = 1;

    /** Offset of the message length field. */
    public static final int LENGTH_FIELD_OFFSET = 2;

    /** Length of the header. */
    public static final int HEADER_LENGTH = 4;

    /** Message type: {@link NextHopMessageFlyweight#SET_LENGTH next hop set}. */
    public static final int TYPE_NEXT_HOP_SET = 1;

    /** Message type: {@link NextHopMessageFlyweight#DELETE_LENGTH next hop delete}. */
    public static final int TYPE_NEXT_HOP_DELETE = 2;

    /** Message type: {@link Route4MessageFlyweight#SET_LENGTH IPv4 route set}. */
    public static final int TYPE_ROUTE4_SET = 3;

    /** Message type: {@link Route4MessageFlyweight#DELETE_LENGTH IPv4 route delete}. */
    public static final int TYPE_ROUTE4_DELETE = 4;

    /** Message type: {@link Route6MessageFlyweight#SET_LENGTH IPv6 route set}. */
    public static final int TYPE_ROUTE6_SET = 5;

    /** Message type: {@link Route6MessageFlyweight#DELETE_LENGTH IPv6 route delete}. */
    public static final int TYPE_ROUTE6_DELETE = 6;

    /** Message type: end of a batch; the header alone. */
    public static final int TYPE_COMMIT = 7;

    /** Message type: {@link NextHopGroupMessageFlyweight ECMP group set}. */
    public static final int TYPE_NEXT_HOP_GROUP_SET = 8;

    /** Message type: {@link BatchOriginMessageFlyweight batch origin}, when the batch's input arrived. */
    public static final int TYPE_BATCH_ORIGIN = 9;

    /** Message type: {@link ResyncMessageFlyweight begin resync}, a new epoch starts (same version). */
    public static final int TYPE_RESYNC_BEGIN = 10;

    /** Message type: {@link ResyncMessageFlyweight end resync}, the epoch's full table has been sent. */
    public static final int TYPE_RESYNC_END = 11;

    /** Length of a commit message. */
    public static final int COMMIT_LENGTH = HEADER_LENGTH;

    /** Longest message of the current version: a group of {@link FibUpdates#MAX_GROUP_MEMBERS}. */
    public static final int MAX_MESSAGE_LENGTH = 12 + 4 * FibUpdates.MAX_GROUP_MEMBERS;

    protected MutableDirectBuffer buffer;
    protected int offset;

    /**
     * Point the flyweight at a message.
     *
     * @param buffer holding the message.
     * @param offset of the message's first byte.
     * @return this for a fluent API.
     */
    public FibMessageFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Write a header for a new message.
     *
     * @param type          message type.
     * @param messageLength length of the whole message.
     * @return this for a fluent API.
     */
    public FibMessageFlyweight header(final int type, final int messageLength)
    {
        buffer.putByte(offset + VERSION_FIELD_OFFSET, (byte)CURRENT_VERSION);
        buffer.putByte(offset + TYPE_FIELD_OFFSET, (byte)type);
        buffer.putShort(offset + LENGTH_FIELD_OFFSET, (short)messageLength, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @return the wrapped buffer.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return offset of the message in the wrapped buffer.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * @return version field, unsigned.
     */
    public int version()
    {
        return buffer.getByte(offset + VERSION_FIELD_OFFSET) & 0xFF;
    }

    /**
     * @return type field, unsigned.
     */
    public int type()
    {
        return buffer.getByte(offset + TYPE_FIELD_OFFSET) & 0xFF;
    }

    /**
     * @return message length field, unsigned.
     */
    public int messageLength()
    {
        return buffer.getShort(offset + LENGTH_FIELD_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }
}
