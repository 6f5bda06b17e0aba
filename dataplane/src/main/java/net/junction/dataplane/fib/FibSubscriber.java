package net.junction.dataplane.fib;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.routing.fib.FibUpdateDecoder;

/**
 * The data plane's end of the "fib" Aeron IPC stream: frames of FIB updates, decoded and applied
 * by the single {@link FibWriter}. A malformed or out-of-sequence frame is refused whole and counted
 * ({@link FibFrameHandler}); the stream goes on with the next.
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
        handler = new FragmentAssembler(
            new FibFrameHandler(new FibUpdateDecoder(new FibWriter(fib, counters, latency)), counters));
    }

    public int poll()
    {
        return subscription.poll(handler, FRAGMENT_LIMIT);
    }
}
