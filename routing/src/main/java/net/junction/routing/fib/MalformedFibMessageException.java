/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

/**
 * A frame of FIB-update messages failed validation. Nothing of the frame was applied.
 */
public final class MalformedFibMessageException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int messageOffset;

    /**
     * @param messageOffset offset of the bad message from the start of the frame.
     * @param reason        what is wrong with it.
     */
    public MalformedFibMessageException(final int messageOffset, final String reason)
    {
        super("malformed FIB message at offset " + messageOffset + ": " + reason);
        this.messageOffset = messageOffset;
    }

    /**
     * @return offset of the bad message from the start of the frame.
     */
    public int messageOffset()
    {
        return messageOffset;
    }
}
