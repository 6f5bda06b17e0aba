/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

import org.agrona.DirectBuffer;

/**
 * Where {@link FibUpdateEncoder} hands frames of encoded messages: in production an Aeron IPC
 * publication ({@code publication.offer(buffer, offset, length) > 0}), in tests a decoder directly.
 */
@FunctionalInterface
public interface FibMessageSink
{
    /**
     * Try to take one frame of whole messages.
     *
     * @param buffer holding the frame.
     * @param offset of the frame in the buffer.
     * @param length of the frame in bytes.
     * @return true if the frame was taken, false if the sink is back-pressured and the frame should be
     * offered again later.
     */
    boolean offer(DirectBuffer buffer, int offset, int length);
}
