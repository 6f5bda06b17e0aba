/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Flyweight over the IPv4 route messages: {@link FibMessageFlyweight#TYPE_ROUTE4_SET} (16 bytes) and
 * {@link FibMessageFlyweight#TYPE_ROUTE4_DELETE}, which is the first 12 bytes of the same layout.
 * Little-endian throughout.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |    Version    |  Type (3, 4)  |     Message Length (16, 12)   |
 *  +---------------+---------------+-------------------------------+
 *  |          Prefix Address (network-order value, host bits 0)    |
 *  +---------------+-----------------------------------------------+
 *  | Prefix Length |                   Reserved                    |
 *  +---------------+-----------------------------------------------+  &lt;- delete ends here
 *  |                       Next-Hop Index                          |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class Route4MessageFlyweight extends FibMessageFlyweight
{
    /** Offset of the prefix address. */
    public static final int ADDRESS_FIELD_OFFSET = 4;

    /** Offset of the prefix length. */
    public static final int PREFIX_LENGTH_FIELD_OFFSET = 8;

    /** Offset of the 3 reserved bytes. */
    public static final int RESERVED_FIELD_OFFSET = 9;

    /** Offset of the next-hop index. */
    public static final int NEXT_HOP_INDEX_FIELD_OFFSET = 12;

    /** Length of an IPv4 route set message. */
    public static final int SET_LENGTH = 16;

    /** Length of an IPv4 route delete message. */
    public static final int DELETE_LENGTH = 12;

    /**
     * {@inheritDoc}
     */
    public Route4MessageFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        super.wrap(buffer, offset);
        return this;
    }

    /**
     * @return prefix address, network order.
     */
    public int address()
    {
        return buffer.getInt(offset + ADDRESS_FIELD_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @param address prefix address, network order.
     * @return this for a fluent API.
     */
    public Route4MessageFlyweight address(final int address)
    {
        buffer.putInt(offset + ADDRESS_FIELD_OFFSET, address, LITTLE_ENDIAN);
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
    public Route4MessageFlyweight prefixLength(final int length)
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
    public Route4MessageFlyweight nextHopIndex(final int index)
    {
        buffer.putInt(offset + NEXT_HOP_INDEX_FIELD_OFFSET, index, LITTLE_ENDIAN);
        return this;
    }
}
