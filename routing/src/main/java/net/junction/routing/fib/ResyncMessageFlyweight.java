/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Flyweight over the two messages that bracket a resync, {@link FibMessageFlyweight#TYPE_RESYNC_BEGIN}
 * and {@link FibMessageFlyweight#TYPE_RESYNC_END}: a control plane that (re)starts announces a new
 * epoch, sends its whole table, and ends the resync with the same epoch; the consumer then removes
 * what the new epoch did not set ({@link FibUpdates#resyncBegin}). Little-endian throughout.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |    Version    | Type (10, 11) |      Message Length (16)      |
 *  +---------------+---------------+-------------------------------+
 *  |                           Reserved                            |
 *  +---------------------------------------------------------------+
 *  |                                                               |
 *  +                     Epoch (unsigned, > 0)                     +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * Epoch 0 is the state of a consumer no producer has resynced yet; a begin must carry an epoch above
 * every epoch the consumer saw begin, compared unsigned.
 */
public final class ResyncMessageFlyweight extends FibMessageFlyweight
{
    /** Offset of the 4 reserved bytes. */
    public static final int RESERVED_FIELD_OFFSET = 4;

    /** Offset of the epoch. */
    public static final int EPOCH_FIELD_OFFSET = 8;

    /** Length of a begin-resync or end-resync message. */
    public static final int LENGTH = 16;

    /**
     * {@inheritDoc}
     */
    public ResyncMessageFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        super.wrap(buffer, offset);
        return this;
    }

    /**
     * @return reserved field.
     */
    public int reserved()
    {
        return buffer.getInt(offset + RESERVED_FIELD_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @param reserved value for the reserved field; zero.
     * @return this for a fluent API.
     */
    public ResyncMessageFlyweight reserved(final int reserved)
    {
        buffer.putInt(offset + RESERVED_FIELD_OFFSET, reserved, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @return the epoch, unsigned.
     */
    public long epoch()
    {
        return buffer.getLong(offset + EPOCH_FIELD_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @param epoch the epoch, unsigned.
     * @return this for a fluent API.
     */
    public ResyncMessageFlyweight epoch(final long epoch)
    {
        buffer.putLong(offset + EPOCH_FIELD_OFFSET, epoch, LITTLE_ENDIAN);
        return this;
    }
}
