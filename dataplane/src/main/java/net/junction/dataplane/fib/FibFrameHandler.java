/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.fib;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.routing.fib.FibUpdateDecoder;
import net.junction.routing.fib.MalformedFibMessageException;
import org.agrona.DirectBuffer;

/**
 * One whole frame of the "fib" stream (after the {@code FragmentAssembler}), decoded into the FIB
 * writer. A refused frame changes nothing and is counted by why: malformed bytes in
 * {@link WorkerCounters#FIB_UPDATE_ERRORS}, a resync message out of the stream's epochs in
 * {@link WorkerCounters#FIB_RESYNC_REFUSED}; the stream goes on with the next frame.
 */
public final class FibFrameHandler implements FragmentHandler
{
    private final FibUpdateDecoder decoder;
    private final WorkerCounters counters;

    /**
     * @param decoder  decoding into the FIB writer.
     * @param counters the slow path's.
     */
    public FibFrameHandler(final FibUpdateDecoder decoder, final WorkerCounters counters)
    {
        this.decoder = decoder;
        this.counters = counters;
    }

    /**
     * {@inheritDoc}
     */
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        try
        {
            decoder.decode(buffer, offset, length);
        }
        catch (final MalformedFibMessageException ex)
        {
            counters.dp(ex.outOfSequence() ? WorkerCounters.FIB_RESYNC_REFUSED : WorkerCounters.FIB_UPDATE_ERRORS, 1);
            System.err.println("junction: refused a FIB frame: " + ex.getMessage());
        }
    }
}
