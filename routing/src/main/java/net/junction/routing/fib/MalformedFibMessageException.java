/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

/**
 * A frame of FIB-update messages failed validation. Nothing of the frame was applied. Either a message
 * is malformed (its bytes alone are wrong), or the frame is well formed but its resync messages do not
 * follow the stream's epochs ({@link #outOfSequence()}: a stale epoch, an end without a begin, an end
 * of another epoch), which a consumer counts apart: it is a producer's or a stream's fault, not a codec's.
 */
public final class MalformedFibMessageException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int messageOffset;
    private final boolean outOfSequence;

    /**
     * @param messageOffset offset of the bad message from the start of the frame.
     * @param reason        what is wrong with it.
     */
    public MalformedFibMessageException(final int messageOffset, final String reason)
    {
        this(messageOffset, reason, false);
    }

    /**
     * @param messageOffset offset of the bad message from the start of the frame.
     * @param reason        what is wrong with it.
     * @param outOfSequence true if the message is well formed but out of the stream's epoch sequence.
     */
    public MalformedFibMessageException(final int messageOffset, final String reason, final boolean outOfSequence)
    {
        super((outOfSequence ? "out-of-sequence" : "malformed") + " FIB message at offset " + messageOffset + ": " + reason);
        this.messageOffset = messageOffset;
        this.outOfSequence = outOfSequence;
    }

    /**
     * @return true if the frame was refused for a resync message out of the stream's epoch sequence
     * rather than for bad bytes.
     */
    public boolean outOfSequence()
    {
        return outOfSequence;
    }

    /**
     * @return offset of the bad message from the start of the frame.
     */
    public int messageOffset()
    {
        return messageOffset;
    }
}
