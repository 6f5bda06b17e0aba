package net.junction.dataplane.capture;

/**
 * The data plane's packet capture (issue 14, docs/dataplane.md "Packet capture"): which ports the workers copy
 * frames from, and one {@link CaptureRing} per worker they copy into.
 *
 * <p>A worker reads {@link #portMask()} once per duty cycle (one volatile read and, when it is 0, one branch per
 * burst: no cost but that while no capture runs). When its port's bit is set, it copies the frames it received
 * on that port (before the pipeline rewrites them) and the frames it sends on it (before the TX burst hands them
 * to the driver, so a frame the TX queue then refused is captured too) into its ring, at most
 * {@link #snapLength()} bytes of each. One capture at a time: {@link #start} refuses a second one.
 */
public final class Capture
{
    /** No capture possible: a worker that was never given one. */
    public static final Capture NONE = new Capture(0, 1);
    /** The most ports a capture can name (bits of the mask). */
    public static final int MAX_PORTS = Long.SIZE;
    public static final int DEFAULT_SNAP_LENGTH = 256;
    public static final int MAX_SNAP_LENGTH = 9216;
    /** Each worker's ring: some 1,800 frames of 256 bytes; a reader drains it every millisecond. */
    public static final int DEFAULT_RING_BYTES = 1 << 19;

    private final CaptureRing[] rings;
    private volatile long portMask;
    private volatile int snapLength = DEFAULT_SNAP_LENGTH;
    private boolean running;

    /**
     * @param workers   how many workers (one ring each).
     * @param ringBytes each ring's capacity, a power of two.
     */
    public Capture(final int workers, final int ringBytes)
    {
        rings = new CaptureRing[workers];
        for (int w = 0; w < workers; w++)
        {
            rings[w] = new CaptureRing(ringBytes);
        }
    }

    /** @return worker {@code w}'s ring. */
    public CaptureRing ring(final int w)
    {
        return rings[w];
    }

    /** @return how many rings (workers). */
    public int rings()
    {
        return rings.length;
    }

    /** @return the ports being captured, one bit each (0: none). */
    public long portMask()
    {
        return portMask;
    }

    /** @return the most bytes copied per frame. */
    public int snapLength()
    {
        return snapLength;
    }

    /**
     * Switch capture on: anything left in the rings from an earlier capture is discarded first.
     *
     * @throws IllegalStateException when a capture runs already.
     */
    public synchronized void start(final long mask, final int snapLength)
    {
        if (running)
        {
            throw new IllegalStateException("a capture is running already (one at a time)");
        }
        if (snapLength < 1 || snapLength > MAX_SNAP_LENGTH)
        {
            throw new IllegalArgumentException("snap length must be 1.." + MAX_SNAP_LENGTH + ", not " + snapLength);
        }
        for (final CaptureRing ring : rings)
        {
            while (ring.drain((t, p, d, o, b, i, l) -> { }, Integer.MAX_VALUE) > 0)
            {
                // discard
            }
        }
        running = true;
        this.snapLength = snapLength;
        portMask = mask;
    }

    /** @return whether a capture runs. */
    public synchronized boolean running()
    {
        return running;
    }

    /** Switch capture off (the workers see it at their next cycle). */
    public synchronized void stop()
    {
        portMask = 0;
        running = false;
    }

    /** @return frames copied, summed over the workers. */
    public long captured()
    {
        long sum = 0;
        for (final CaptureRing ring : rings)
        {
            sum += ring.captured();
        }
        return sum;
    }

    /** @return frames not copied because a ring was full, summed over the workers. */
    public long dropped()
    {
        long sum = 0;
        for (final CaptureRing ring : rings)
        {
            sum += ring.dropped();
        }
        return sum;
    }

    /**
     * Read what the workers copied (the reader thread only).
     *
     * @return how many frames were read.
     */
    public int drain(final CaptureRing.FrameHandler handler, final int limitPerRing)
    {
        int n = 0;
        for (final CaptureRing ring : rings)
        {
            n += ring.drain(handler, limitPerRing);
        }
        return n;
    }
}
