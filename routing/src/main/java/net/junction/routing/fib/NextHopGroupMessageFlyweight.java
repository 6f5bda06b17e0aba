/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Flyweight over {@link FibMessageFlyweight#TYPE_NEXT_HOP_GROUP_SET}: an ECMP group of next hops, 12
 * bytes plus 4 per member. Little-endian throughout. A group is deleted with the ordinary
 * {@link FibMessageFlyweight#TYPE_NEXT_HOP_DELETE}.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |    Version    |    Type (8)   |   Message Length (12 + 4 n)   |
 *  +---------------+---------------+-------------------------------+
 *  |                       Next-Hop Index                          |
 *  +-------------------------------+-------------------------------+
 *  |         Member Count n        |           Reserved            |
 *  +-------------------------------+-------------------------------+
 *  |                  Member Next-Hop Index 1..n                   |
 *  +                              ...                              +
 * </pre>
 */
public final class NextHopGroupMessageFlyweight extends FibMessageFlyweight
{
    /** Offset of the group's own next-hop index. */
    public static final int INDEX_FIELD_OFFSET = 4;

    /** Offset of the member count. */
    public static final int COUNT_FIELD_OFFSET = 8;

    /** Offset of the reserved field. */
    public static final int RESERVED_FIELD_OFFSET = 10;

    /** Offset of the first member. */
    public static final int MEMBERS_FIELD_OFFSET = 12;

    /**
     * @param count members.
     * @return length of a group message with that many members.
     */
    public static int length(final int count)
    {
        return MEMBERS_FIELD_OFFSET + 4 * count;
    }

    /** Length of the longest group message. */
    public static final int MAX_LENGTH = length(FibUpdates.MAX_GROUP_MEMBERS);

    /**
     * {@inheritDoc}
     */
    public NextHopGroupMessageFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        super.wrap(buffer, offset);
        return this;
    }

    /**
     * @return the group's next-hop index.
     */
    public int index()
    {
        return buffer.getInt(offset + INDEX_FIELD_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @param index the group's next-hop index.
     * @return this for a fluent API.
     */
    public NextHopGroupMessageFlyweight index(final int index)
    {
        buffer.putInt(offset + INDEX_FIELD_OFFSET, index, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @return member count, unsigned.
     */
    public int count()
    {
        return buffer.getShort(offset + COUNT_FIELD_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * @param count member count.
     * @return this for a fluent API.
     */
    public NextHopGroupMessageFlyweight count(final int count)
    {
        buffer.putShort(offset + COUNT_FIELD_OFFSET, (short)count, LITTLE_ENDIAN);
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
    public NextHopGroupMessageFlyweight reserved(final int reserved)
    {
        buffer.putShort(offset + RESERVED_FIELD_OFFSET, (short)reserved, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param i member position, {@code 0..count-1}.
     * @return that member's next-hop index.
     */
    public int member(final int i)
    {
        return buffer.getInt(offset + MEMBERS_FIELD_OFFSET + 4 * i, LITTLE_ENDIAN);
    }

    /**
     * @param i     member position.
     * @param index that member's next-hop index.
     * @return this for a fluent API.
     */
    public NextHopGroupMessageFlyweight member(final int i, final int index)
    {
        buffer.putInt(offset + MEMBERS_FIELD_OFFSET + 4 * i, index, LITTLE_ENDIAN);
        return this;
    }
}
