/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Flyweight over the IPv6 route messages: {@link FibMessageFlyweight#TYPE_ROUTE6_SET} (28 bytes) and
 * {@link FibMessageFlyweight#TYPE_ROUTE6_DELETE}, which is the first 24 bytes of the same layout.
 * Little-endian throughout; the address halves start 8-byte aligned relative to the message.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |    Version    |  Type (5, 6)  |     Message Length (28, 24)   |
 *  +---------------+---------------+-------------------------------+
 *  | Prefix Length |                   Reserved                    |
 *  +---------------+-----------------------------------------------+
 *  |                                                               |
 *  +            Prefix Address bits 0..63 (high half)              +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                                                               |
 *  +            Prefix Address bits 64..127 (low half)             +
 *  |                                                               |
 *  +---------------------------------------------------------------+  &lt;- delete ends here
 *  |                       Next-Hop Index                          |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class Route6MessageFlyweight extends FibMessageFlyweight
{
    /** Offset of the prefix length. */
    public static final int PREFIX_LENGTH_FIELD_OFFSET = 4;

    /** Offset of the 3 reserved bytes. */
    public static final int RESERVED_FIELD_OFFSET = 5;

    /** Offset of the high half of the prefix address. */
    public static final int HIGH_FIELD_OFFSET = 8;

    /** Offset of the low half of the prefix address. */
    public static final int LOW_FIELD_OFFSET = 16;

    /** Offset of the next-hop index. */
    public static final int NEXT_HOP_INDEX_FIELD_OFFSET = 24;

    /** Length of an IPv6 route set message. */
    public static final int SET_LENGTH = 28;

    /** Length of an IPv6 route delete message. */
    public static final int DELETE_LENGTH = 24;

    /**
     * {@inheritDoc}
     */
    public Route6MessageFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        super.wrap(buffer, offset);
        return this;
    }

    /**
     * @return prefix length, unsigned.
     */
    public int prefixLength()
    {
        return buffer.getByte(offset + PREFIX_LENGTH_FIELD_OFFSET) & 0xFF;
    }

    /**
     * Write the prefix length and zero the reserved bytes after it.
     *
     * @param length prefix length.
     * @return this for a fluent API.
     */
    public Route6MessageFlyweight prefixLength(final int length)
    {
        buffer.putInt(offset + PREFIX_LENGTH_FIELD_OFFSET, length & 0xFF, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @return the 3 reserved bytes as an unsigned value.
     */
    public int reserved()
    {
        return buffer.getInt(offset + PREFIX_LENGTH_FIELD_OFFSET, LITTLE_ENDIAN) >>> 8;
    }

    /**
     * @return bits 0..63 of the prefix address.
     */
    public long high()
    {
        return buffer.getLong(offset + HIGH_FIELD_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @param high bits 0..63 of the prefix address.
     * @return this for a fluent API.
     */
    public Route6MessageFlyweight high(final long high)
    {
        buffer.putLong(offset + HIGH_FIELD_OFFSET, high, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @return bits 64..127 of the prefix address.
     */
    public long low()
    {
        return buffer.getLong(offset + LOW_FIELD_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @param low bits 64..127 of the prefix address.
     * @return this for a fluent API.
     */
    public Route6MessageFlyweight low(final long low)
    {
        buffer.putLong(offset + LOW_FIELD_OFFSET, low, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @return next-hop index.
     */
    public int nextHopIndex()
    {
        return buffer.getInt(offset + NEXT_HOP_INDEX_FIELD_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @param index next-hop index.
     * @return this for a fluent API.
     */
    public Route6MessageFlyweight nextHopIndex(final int index)
    {
        buffer.putInt(offset + NEXT_HOP_INDEX_FIELD_OFFSET, index, LITTLE_ENDIAN);
        return this;
    }
}
