/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Flyweight over the next-hop messages: {@link FibMessageFlyweight#TYPE_NEXT_HOP_SET} (32 bytes) and
 * {@link FibMessageFlyweight#TYPE_NEXT_HOP_DELETE}, which is the first 8 bytes of the same layout.
 * Little-endian throughout.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |    Version    |  Type (1, 2)  |     Message Length (32, 8)    |
 *  +---------------+---------------+-------------------------------+
 *  |                       Next-Hop Index                          |
 *  +---------------+---------------+-------------------------------+  &lt;- delete ends here
 *  | Next-Hop Type |      AFI      |           Reserved            |
 *  +---------------+---------------+-------------------------------+
 *  |                Port Id (-1 for LOCAL, BLACKHOLE)              |
 *  +---------------------------------------------------------------+
 *  |          Gateway: IPv4 in the first 4 bytes, rest zero,        |
 *  +           or IPv6 as high 8 bytes then low 8 bytes,           +
 *  |                zero unless the type is GATEWAY                |
 *  +                          (16 bytes)                           +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * Next-Hop Type is {@link net.junction.routing.NextHopType#code()}; AFI is the IANA address family of
 * the gateway ({@link #AFI_IPV4}, {@link #AFI_IPV6}), or {@link #AFI_NONE} for types without one.
 */
public final class NextHopMessageFlyweight extends FibMessageFlyweight
{
    /** Offset of the next-hop index. */
    public static final int INDEX_FIELD_OFFSET = 4;

    /** Offset of the next-hop type. */
    public static final int NEXT_HOP_TYPE_FIELD_OFFSET = 8;

    /** Offset of the gateway's address family. */
    public static final int AFI_FIELD_OFFSET = 9;

    /** Offset of the reserved field. */
    public static final int RESERVED_FIELD_OFFSET = 10;

    /** Offset of the port id. */
    public static final int PORT_ID_FIELD_OFFSET = 12;

    /** Offset of the gateway address (IPv4) or its high half (IPv6). */
    public static final int GATEWAY_FIELD_OFFSET = 16;

    /** Offset of the low half of an IPv6 gateway. */
    public static final int GATEWAY_LOW_FIELD_OFFSET = 24;

    /** Length of a next hop set message. */
    public static final int SET_LENGTH = 32;

    /** Length of a next hop delete message. */
    public static final int DELETE_LENGTH = 8;

    /** Address family of next hops without a gateway. */
    public static final int AFI_NONE = 0;

    /** IANA address family number 1 (IP version 4). */
    public static final int AFI_IPV4 = 1;

    /** IANA address family number 2 (IP version 6). */
    public static final int AFI_IPV6 = 2;

    /**
     * {@inheritDoc}
     */
    public NextHopMessageFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        super.wrap(buffer, offset);
        return this;
    }

    /**
     * @return next-hop index.
     */
    public int index()
    {
        return buffer.getInt(offset + INDEX_FIELD_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @param index next-hop index.
     * @return this for a fluent API.
     */
    public NextHopMessageFlyweight index(final int index)
    {
        buffer.putInt(offset + INDEX_FIELD_OFFSET, index, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @return next-hop type code.
     */
    public int nextHopType()
    {
        return buffer.getByte(offset + NEXT_HOP_TYPE_FIELD_OFFSET) & 0xFF;
    }

    /**
     * @param code next-hop type code.
     * @return this for a fluent API.
     */
    public NextHopMessageFlyweight nextHopType(final int code)
    {
        buffer.putByte(offset + NEXT_HOP_TYPE_FIELD_OFFSET, (byte)code);
        return this;
    }

    /**
     * @return address family of the gateway.
     */
    public int afi()
    {
        return buffer.getByte(offset + AFI_FIELD_OFFSET) & 0xFF;
    }

    /**
     * @param afi address family of the gateway.
     * @return this for a fluent API.
     */
    public NextHopMessageFlyweight afi(final int afi)
    {
        buffer.putByte(offset + AFI_FIELD_OFFSET, (byte)afi);
        return this;
    }

    /**
     * @return reserved field, unsigned.
     */
    public int reserved()
    {
        return buffer.getShort(offset + RESERVED_FIELD_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * @param reserved value of the reserved field (zero in this version).
     * @return this for a fluent API.
     */
    public NextHopMessageFlyweight reserved(final int reserved)
    {
        buffer.putShort(offset + RESERVED_FIELD_OFFSET, (short)reserved, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @return egress port id, or -1.
     */
    public int portId()
    {
        return buffer.getInt(offset + PORT_ID_FIELD_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @param portId egress port id, or -1.
     * @return this for a fluent API.
     */
    public NextHopMessageFlyweight portId(final int portId)
    {
        buffer.putInt(offset + PORT_ID_FIELD_OFFSET, portId, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @return IPv4 gateway as a network-order int.
     */
    public int gateway4()
    {
        return buffer.getInt(offset + GATEWAY_FIELD_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return bits 0..63 of an IPv6 gateway; the whole first 8 bytes for an IPv4 one.
     */
    public long gatewayHigh()
    {
        return buffer.getLong(offset + GATEWAY_FIELD_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @return bits 64..127 of an IPv6 gateway.
     */
    public long gatewayLow()
    {
        return buffer.getLong(offset + GATEWAY_LOW_FIELD_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * Write an IPv4 gateway, zeroing the rest of the gateway field.
     *
     * @param gateway network-order address.
     * @return this for a fluent API.
     */
    public NextHopMessageFlyweight gateway4(final int gateway)
    {
        buffer.putLong(offset + GATEWAY_FIELD_OFFSET, gateway & 0xFFFF_FFFFL, LITTLE_ENDIAN);
        buffer.putLong(offset + GATEWAY_LOW_FIELD_OFFSET, 0, LITTLE_ENDIAN);
        return this;
    }

    /**
     * Write an IPv6 gateway (or zeros for next hops without one).
     *
     * @param high bits 0..63.
     * @param low  bits 64..127.
     * @return this for a fluent API.
     */
    public NextHopMessageFlyweight gateway6(final long high, final long low)
    {
        buffer.putLong(offset + GATEWAY_FIELD_OFFSET, high, LITTLE_ENDIAN);
        buffer.putLong(offset + GATEWAY_LOW_FIELD_OFFSET, low, LITTLE_ENDIAN);
        return this;
    }
}
