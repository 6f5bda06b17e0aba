package net.junction.dataplane.fib;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.routing.fib.FibUpdateDecoder;
import net.junction.routing.fib.MalformedFibMessageException;

/**
 * The data plane's end of the "fib" Aeron IPC stream: frames of FIB updates, decoded and applied
 * by the single {@link FibWriter}. A malformed frame is refused whole and counted; the stream goes
 * on with the next.
 */
public final class FibSubscriber
{
    private static final int FRAGMENT_LIMIT = 16;

    private final Subscription subscription;
    private final FragmentHandler handler;
    private final WorkerCounters counters;

    public FibSubscriber(final Subscription subscription, final Fib fib, final WorkerCounters counters)
    {
        this(subscription, fib, counters, null);
    }

    /**
     * @param latency where the UPDATE-to-FIB latency of batches that carry an origin goes, or null.
     */
    public FibSubscriber(
        final Subscription subscription, final Fib fib, final WorkerCounters counters, final FibApplyLatency latency)
    {
        this.subscription = subscription;
        this.counters = counters;
        final FibUpdateDecoder decoder = new FibUpdateDecoder(new FibWriter(fib, counters, latency));
        handler = new FragmentAssembler((buffer, offset, length, header) ->
        {
            try
            {
                decoder.decode(buffer, offset, length);
            }
            catch (final MalformedFibMessageException ex)
            {
                counters.dp(WorkerCounters.FIB_UPDATE_ERRORS, 1);
                System.err.println("junction: refused a malformed FIB frame: " + ex.getMessage());
            }
        });
    }

    public int poll()
    {
        return subscription.poll(handler, FRAGMENT_LIMIT);
    }
}
