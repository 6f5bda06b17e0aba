/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

/**
 * A {@link FibMessageSink} refused a frame for longer than the encoder's offer timeout: the consumer
 * (the data plane's FIB writer) is not draining. The frame was discarded, so the consumer's FIB is now
 * behind its producer and must be resynchronised (see {@code Rib.replay}).
 */
public final class FibBackPressureException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int lostBytes;

    /**
     * @param lostBytes      length of the discarded frame.
     * @param offerTimeoutNs how long the encoder retried.
     */
    public FibBackPressureException(final int lostBytes, final long offerTimeoutNs)
    {
        super("FIB message sink refused a frame of " + lostBytes + " bytes for " + offerTimeoutNs +
            " ns; the frame was discarded and the FIB must be resynchronised");
        this.lostBytes = lostBytes;
    }

    /**
     * @return length in bytes of the frame that was discarded.
     */
    public int lostBytes()
    {
        return lostBytes;
    }
}
