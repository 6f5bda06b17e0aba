/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Flyweight over the batch origin message, {@link FibMessageFlyweight#TYPE_BATCH_ORIGIN}: when the
 * input that caused the current batch arrived, so the consumer can tell how long the way from that
 * input to its applied FIB change took (the UPDATE-to-FIB latency). The encoder writes it just before
 * the batch's commit message. Little-endian throughout.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |    Version    |   Type (9)    |      Message Length (16)      |
 *  +---------------+---------------+-------------------------------+
 *  |                           Reserved                            |
 *  +---------------------------------------------------------------+
 *  |                                                               |
 *  +                Received (System.nanoTime, signed)             +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * Received is a {@link System#nanoTime()} reading: on Linux CLOCK_MONOTONIC, one clock for every
 * process of the machine, so producer and consumer may live in different processes of one host.
 */
public final class BatchOriginMessageFlyweight extends FibMessageFlyweight
{
    /** Offset of the 4 reserved bytes. */
    public static final int RESERVED_FIELD_OFFSET = 4;

    /** Offset of the receive time. */
    public static final int RECEIVED_NS_FIELD_OFFSET = 8;

    /** Length of a batch origin message. */
    public static final int LENGTH = 16;

    /**
     * {@inheritDoc}
     */
    public BatchOriginMessageFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
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
    public BatchOriginMessageFlyweight reserved(final int reserved)
    {
        buffer.putInt(offset + RESERVED_FIELD_OFFSET, reserved, LITTLE_ENDIAN);
        return this;
    }

    /**
     * @return when the batch's input arrived, a {@link System#nanoTime()} reading.
     */
    public long receivedNs()
    {
        return buffer.getLong(offset + RECEIVED_NS_FIELD_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * @param receivedNs when the batch's input arrived, a {@link System#nanoTime()} reading.
     * @return this for a fluent API.
     */
    public BatchOriginMessageFlyweight receivedNs(final long receivedNs)
    {
        buffer.putLong(offset + RECEIVED_NS_FIELD_OFFSET, receivedNs, LITTLE_ENDIAN);
        return this;
    }
}
