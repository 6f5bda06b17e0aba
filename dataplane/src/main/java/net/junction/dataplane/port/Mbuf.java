package net.junction.dataplane.port;

import net.junction.bindings.dpdk.RteMbuf;

/**
 * What the pipeline does to an mbuf, in the pipeline's words, over the field accessors of
 * {@link RteMbuf} (whose offsets a test proves against DPDK's headers). Single-segment mbufs
 * only: the pipeline drops chained ones before looking inside.
 *
 * <p>Fast path: plain loads and stores, no downcalls.
 */
public final class Mbuf
{
    private Mbuf()
    {
    }

    /** Address of the first byte of the frame. */
    public static long data(final long mbuf)
    {
        return RteMbuf.bufAddr(mbuf) + RteMbuf.dataOff(mbuf);
    }

    public static int dataLength(final long mbuf)
    {
        return RteMbuf.dataLen(mbuf);
    }

    public static int packetLength(final long mbuf)
    {
        return RteMbuf.pktLen(mbuf);
    }

    public static int segments(final long mbuf)
    {
        return RteMbuf.nbSegs(mbuf);
    }

    /** Bytes free before the frame, where a header may be prepended. */
    public static int headroom(final long mbuf)
    {
        return RteMbuf.dataOff(mbuf);
    }

    /** Bytes the buffer holds from the frame start to its end. */
    public static int room(final long mbuf)
    {
        return RteMbuf.bufLen(mbuf) - RteMbuf.dataOff(mbuf);
    }

    /** Sets the frame length (data and packet length: single segment). */
    public static void length(final long mbuf, final int length)
    {
        RteMbuf.dataLen(mbuf, length);
        RteMbuf.pktLen(mbuf, length);
    }

    /** Moves the frame start by {@code startDelta} bytes (negative: into the headroom) and sets its length. */
    public static void reframe(final long mbuf, final int startDelta, final int length)
    {
        RteMbuf.dataOff(mbuf, RteMbuf.dataOff(mbuf) + startDelta);
        length(mbuf, length);
    }
}
