package net.junction.dataplane.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import net.junction.bindings.RawMemory;
import net.junction.dataplane.port.Mbuf;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * One worker's captured frames on their way to the capture reader: an Agrona {@link OneToOneRingBuffer} (the
 * worker writes, the reader reads), preallocated, so a frame is copied once and nothing is allocated.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                      timestamp (ns, native)                   |
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                         port (native)                         |
 * +---------------------------------------------------------------+
 * |                 direction (RX = 0, TX = 1, native)            |
 * +---------------------------------------------------------------+
 * |               original length (bytes, native)                 |
 * +---------------------------------------------------------------+
 * |         the frame's first bytes, up to the snap length ...    |
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Fast path (the writer side, {@link #offer}): no allocation, no lock. A full ring drops the frame and counts it
 * ({@link #dropped()}): the worker never waits for the reader.
 */
public final class CaptureRing
{
    public static final int RX = 0;
    public static final int TX = 1;

    static final int TIMESTAMP_OFFSET = 0;
    static final int PORT_OFFSET = 8;
    static final int DIRECTION_OFFSET = 12;
    static final int ORIGINAL_LENGTH_OFFSET = 16;
    static final int FRAME_OFFSET = 20;
    private static final int MSG_TYPE = 1;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    /** What the reader gets per frame: the bytes are valid only during the call. */
    @FunctionalInterface
    public interface FrameHandler
    {
        void onFrame(long timestampNs, int port, int direction, int originalLength, UnsafeBuffer buffer, int offset,
            int capturedLength);
    }

    private final OneToOneRingBuffer ring;
    private final UnsafeBuffer buffer;
    private final long address;
    private final MessageHandler reader = this::onRecord;
    private FrameHandler reading;
    private volatile long captured;
    private volatile long dropped;

    /** @param capacity ring bytes, a power of two. */
    public CaptureRing(final int capacity)
    {
        buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH));
        ring = new OneToOneRingBuffer(buffer);
        address = buffer.addressOffset();
    }

    /**
     * Copy a burst's frames (the worker thread only).
     *
     * @param mbufs       address of the burst's mbuf pointers.
     * @param count       how many.
     * @param port        the port they came in on or leave by.
     * @param direction   {@link #RX} or {@link #TX}.
     * @param snapLength  the most bytes copied per frame.
     * @param nowNs       the cycle's clock.
     */
    public void offer(final long mbufs, final int count, final int port, final int direction, final int snapLength,
        final long nowNs)
    {
        int written = 0;
        for (int i = 0; i < count; i++)
        {
            final long mbuf = RawMemory.getLongNative(mbufs + ((long)i << 3));
            final int length = Math.min(Mbuf.dataLength(mbuf), snapLength);
            final int index = ring.tryClaim(MSG_TYPE, FRAME_OFFSET + length);
            if (index < 0)
            {
                continue;
            }
            final long record = address + index;
            RawMemory.putLongNative(record + TIMESTAMP_OFFSET, nowNs);
            RawMemory.putIntNative(record + PORT_OFFSET, port);
            RawMemory.putIntNative(record + DIRECTION_OFFSET, direction);
            RawMemory.putIntNative(record + ORIGINAL_LENGTH_OFFSET, Mbuf.packetLength(mbuf));
            RawMemory.copy(Mbuf.data(mbuf), record + FRAME_OFFSET, length);
            ring.commit(index);
            written++;
        }
        captured += written; // the one writer: a plain read-modify-write of a volatile, once per burst
        if (written < count)
        {
            dropped += count - written;
        }
    }

    /**
     * Read frames (the reader thread only; allocates nothing).
     *
     * @return how many were read.
     */
    public int drain(final FrameHandler handler, final int limit)
    {
        reading = handler;
        try
        {
            return ring.read(reader, limit);
        }
        finally
        {
            reading = null;
        }
    }

    private void onRecord(final int type, final MutableDirectBuffer src, final int index, final int length)
    {
        reading.onFrame(src.getLong(index + TIMESTAMP_OFFSET, NATIVE), src.getInt(index + PORT_OFFSET, NATIVE),
            src.getInt(index + DIRECTION_OFFSET, NATIVE), src.getInt(index + ORIGINAL_LENGTH_OFFSET, NATIVE),
            (UnsafeBuffer)src, index + FRAME_OFFSET, length - FRAME_OFFSET);
    }

    /** @return frames copied into the ring since it was made. */
    public long captured()
    {
        return captured;
    }

    /** @return frames not copied because the ring was full. */
    public long dropped()
    {
        return dropped;
    }
}
