package net.junction.dataplane.packet;

/**
 * The result of a builder that rewrites a frame in place and may move its start: the move of the
 * frame start in bytes ({@code startDelta}, negative: into the headroom) and the new frame
 * length, packed into one {@code long} so that building allocates nothing.
 *
 * <p>With DPDK: {@code startDelta < 0} is {@code rte_pktmbuf_prepend(m, -startDelta)}, then set
 * {@code data_len = pkt_len = length}. {@link #NONE} means nothing was built and the frame is
 * untouched.
 *
 * <p>Fast path: static, allocation free.
 */
public final class FrameEdit
{
    /** Nothing built (for an ICMP error: the rules forbid one about this packet). */
    public static final long NONE = Long.MIN_VALUE;

    private FrameEdit()
    {
    }

    public static long pack(final int startDelta, final int length)
    {
        return ((long)startDelta << 32) | (length & 0xFFFF_FFFFL);
    }

    public static boolean isNone(final long edit)
    {
        return edit == NONE;
    }

    /** Bytes the frame start moved (new start = old start + delta). */
    public static int startDelta(final long edit)
    {
        return (int)(edit >> 32);
    }

    /** The new frame length. */
    public static int length(final long edit)
    {
        return (int)edit;
    }
}
