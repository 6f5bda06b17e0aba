package net.junction.dataplane.capture;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One capture from start to end, on the reader's thread: switch the ports on, drain the workers' rings into a
 * {@link PcapngWriter} through the {@link CaptureFilter} until {@code count} frames were written, {@code duration}
 * passed, or {@code stopped} says so (the client asked, or went away), then switch them off, whatever ended it (an
 * exception included).
 */
public final class CaptureSession
{
    /** How long the reader sleeps when the rings were empty: the rings hold some milliseconds of line rate. */
    static final long IDLE_NS = 1_000_000;

    /**
     * What a capture did.
     *
     * @param written   frames written to the file (matched the filter).
     * @param captured  frames the workers copied while it ran.
     * @param dropped   frames the workers could not copy (a ring was full).
     */
    public record Result(long written, long captured, long dropped)
    {
    }

    private CaptureSession()
    {
    }

    /**
     * @param capture    the data plane's capture.
     * @param portMask   the ports, one bit each.
     * @param portNames  every port's name, in port order (the file's interfaces).
     * @param snapLength the most bytes kept per frame.
     * @param filter     which frames are written.
     * @param count      stop after this many written (0: no limit).
     * @param durationNs stop after this long (0: no limit).
     * @param stopped    polled between drains: true ends the capture.
     * @param writer     where the file goes.
     * @return what it did.
     * @throws IOException from the writer (the capture is off then too).
     * @throws IllegalStateException when a capture runs already.
     */
    public static Result run(final Capture capture, final long portMask, final List<String> portNames,
        final int snapLength, final CaptureFilter filter, final long count, final long durationNs,
        final BooleanSupplier stopped, final PcapngWriter writer) throws IOException
    {
        final long epochOffsetNs = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        final long capturedBefore = capture.captured();
        final long droppedBefore = capture.dropped();
        final long startNs = System.nanoTime();
        final long[] written = {0};
        final IOException[] failed = {null};
        capture.start(portMask, snapLength);
        try
        {
            writer.header(portNames, snapLength);
            writer.flush();
            final CaptureRing.FrameHandler handler = (timestampNs, port, direction, originalLength, buffer, offset, length) ->
            {
                if (failed[0] != null || (count > 0 && written[0] >= count) || (portMask & (1L << port)) == 0 ||
                    !filter.matches(buffer, offset, length))
                {
                    return;
                }
                try
                {
                    writer.packet(port, direction, timestampNs + epochOffsetNs, originalLength, buffer, offset, length);
                    written[0]++;
                }
                catch (final IOException ex)
                {
                    failed[0] = ex;
                }
            };
            while (true)
            {
                final int n = capture.drain(handler, 256);
                if (failed[0] != null)
                {
                    throw failed[0];
                }
                if (n > 0)
                {
                    writer.flush();
                }
                if ((count > 0 && written[0] >= count) || stopped.getAsBoolean() ||
                    (durationNs > 0 && System.nanoTime() - startNs - durationNs >= 0))
                {
                    break;
                }
                if (n == 0)
                {
                    LockSupport.parkNanos(IDLE_NS);
                }
            }
        }
        finally
        {
            capture.stop();
        }
        writer.flush();
        return new Result(written[0], capture.captured() - capturedBefore, capture.dropped() - droppedBefore);
    }
}
