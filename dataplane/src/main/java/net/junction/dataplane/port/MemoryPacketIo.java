package net.junction.dataplane.port;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import net.junction.bindings.RawMemory;
import net.junction.bindings.dpdk.RteMbuf;

/**
 * In-memory ports for tests and micro-benchmarks: mbufs laid out exactly as DPDK's (same field
 * offsets, headroom, buffer length) in one native arena, a free list instead of a mempool, and per
 * port an RX source and a TX sink. Drives the real {@code Worker} and {@code Pipeline} without
 * DPDK, as Aeron's tests drive a Receiver against in-memory transports.
 *
 * <p>RX sources: frames queued one by one ({@link #inject}), or a fixed set of frames replayed
 * forever ({@link #replay}, allocation-free, like {@code net_pcap,infinite_rx=1}). TX: frames are
 * kept for inspection ({@link #sent}) or only counted ({@link #countOnly}).
 * Not thread-safe: one thread drives it.
 */
public final class MemoryPacketIo implements PacketIo, AutoCloseable
{
    public static final int HEADROOM = 128;
    public static final int DATA_ROOM = 2048;
    private static final int BUFFER_LENGTH = HEADROOM + DATA_ROOM;
    private static final int STRIDE = RteMbuf.SIZEOF + BUFFER_LENGTH;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment pool;
    private final long base;
    private final int capacity;
    private final int[] freeList;
    private int freeCount;
    private final int ports;
    private final List<ArrayDeque<byte[]>> pending = new ArrayList<>();
    private final MemorySegment[] replayFrames;
    private final int[][] replayLengths;
    private final long[][] replayOffsets;
    private final int[] replayNext;
    private final List<List<byte[]>> sent = new ArrayList<>();
    private final long[] sentCount;
    private boolean countOnly;
    private final boolean[] txBlocked;

    public MemoryPacketIo(final int ports, final int mbufs)
    {
        this.ports = ports;
        capacity = mbufs;
        pool = arena.allocate((long)STRIDE * mbufs, 64);
        base = pool.address();
        freeList = new int[mbufs];
        for (int i = 0; i < mbufs; i++)
        {
            freeList[i] = mbufs - 1 - i;
        }
        freeCount = mbufs;
        replayFrames = new MemorySegment[ports];
        replayLengths = new int[ports][];
        replayOffsets = new long[ports][];
        replayNext = new int[ports];
        sentCount = new long[ports];
        txBlocked = new boolean[ports];
        for (int p = 0; p < ports; p++)
        {
            pending.add(new ArrayDeque<>());
            sent.add(new ArrayList<>());
        }
    }

    /** Queues one frame to be received on {@code port}. */
    public void inject(final int port, final byte[] frame)
    {
        pending.get(port).add(frame.clone());
    }

    /** Receives these frames on {@code port} over and over, allocation-free. */
    public void replay(final int port, final List<byte[]> frames)
    {
        final int total = frames.stream().mapToInt(f -> f.length).sum();
        final MemorySegment segment = arena.allocate(Math.max(1, total));
        final int[] lengths = new int[frames.size()];
        final long[] offsets = new long[frames.size()];
        long offset = 0;
        for (int i = 0; i < frames.size(); i++)
        {
            MemorySegment.copy(frames.get(i), 0, segment, ValueLayout.JAVA_BYTE, offset, frames.get(i).length);
            lengths[i] = frames.get(i).length;
            offsets[i] = offset;
            offset += lengths[i];
        }
        replayFrames[port] = segment;
        replayLengths[port] = lengths;
        replayOffsets[port] = offsets;
        replayNext[port] = 0;
    }

    /** Keeps no copy of sent frames, only their count (allocation-free TX). */
    public void countOnly(final boolean countOnly)
    {
        this.countOnly = countOnly;
    }

    /** Makes the port's TX refuse everything (a full queue). */
    public void txBlocked(final int port, final boolean blocked)
    {
        txBlocked[port] = blocked;
    }

    /** Frames sent on {@code port} since the last call, removed from the record. */
    public List<byte[]> sent(final int port)
    {
        final List<byte[]> frames = new ArrayList<>(sent.get(port));
        sent.get(port).clear();
        return frames;
    }

    public long sentCount(final int port)
    {
        return sentCount[port];
    }

    /** Mbufs currently handed out (received, allocated, not yet sent or freed): a leak check. */
    public int inUse()
    {
        return capacity - freeCount;
    }

    @Override
    public int rxBurst(final int port, final int queue, final MemorySegment mbufs, final int max)
    {
        int n = 0;
        if (replayFrames[port] != null)
        {
            final int[] lengths = replayLengths[port];
            final long start = replayFrames[port].address();
            while (n < max && freeCount > 0)
            {
                final int index = replayNext[port];
                final long mbuf = alloc();
                RawMemory.copy(start + replayOffsets[port][index], Mbuf.data(mbuf), lengths[index]);
                Mbuf.length(mbuf, lengths[index]);
                RteMbuf.port(mbuf, port);
                mbufs.setAtIndex(ValueLayout.JAVA_LONG, n++, mbuf);
                replayNext[port] = index + 1 == lengths.length ? 0 : index + 1;
            }
            return n;
        }
        final ArrayDeque<byte[]> queued = pending.get(port);
        while (n < max && !queued.isEmpty() && freeCount > 0)
        {
            final byte[] frame = queued.poll();
            final long mbuf = alloc();
            MemorySegment.copy(frame, 0, RawMemory.EVERYTHING, ValueLayout.JAVA_BYTE, Mbuf.data(mbuf), frame.length);
            Mbuf.length(mbuf, frame.length);
            RteMbuf.port(mbuf, port);
            mbufs.setAtIndex(ValueLayout.JAVA_LONG, n++, mbuf);
        }
        return n;
    }

    @Override
    public int txBurst(final int port, final int queue, final MemorySegment mbufs, final int count)
    {
        if (txBlocked[port])
        {
            return 0;
        }
        for (int i = 0; i < count; i++)
        {
            final long mbuf = mbufs.getAtIndex(ValueLayout.JAVA_LONG, i);
            if (!countOnly)
            {
                final byte[] frame = new byte[Mbuf.dataLength(mbuf)];
                MemorySegment.copy(RawMemory.EVERYTHING, ValueLayout.JAVA_BYTE, Mbuf.data(mbuf), frame, 0, frame.length);
                sent.get(port).add(frame);
            }
            free(mbuf);
        }
        sentCount[port] += count;
        return count;
    }

    @Override
    public void freeBulk(final MemorySegment mbufs, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            free(mbufs.getAtIndex(ValueLayout.JAVA_LONG, i));
        }
    }

    @Override
    public void free(final long mbuf)
    {
        final long offset = mbuf - base;
        if (offset < 0 || offset % STRIDE != 0 || offset / STRIDE >= capacity)
        {
            throw new IllegalArgumentException("not an mbuf of this pool: 0x" + Long.toHexString(mbuf));
        }
        if (RteMbuf.refcnt(mbuf) == 0)
        {
            throw new IllegalStateException("double free of mbuf 0x" + Long.toHexString(mbuf));
        }
        RteMbuf.refcnt(mbuf, 0);
        freeList[freeCount++] = (int)(offset / STRIDE);
    }

    @Override
    public long alloc()
    {
        if (freeCount == 0)
        {
            return 0;
        }
        final long mbuf = base + (long)freeList[--freeCount] * STRIDE;
        RawMemory.putLongNative(mbuf + RteMbuf.BUF_ADDR_OFFSET, mbuf + RteMbuf.SIZEOF);
        RteMbuf.dataOff(mbuf, HEADROOM);
        RteMbuf.refcnt(mbuf, 1);
        RteMbuf.nbSegs(mbuf, 1);
        RawMemory.putShortNative(mbuf + RteMbuf.BUF_LEN_OFFSET, BUFFER_LENGTH);
        RawMemory.putLongNative(mbuf + RteMbuf.NEXT_OFFSET, 0);
        Mbuf.length(mbuf, 0);
        return mbuf;
    }

    @Override
    public boolean allocBulk(final MemorySegment mbufs, final int from, final int count)
    {
        if (freeCount < count)
        {
            return false;
        }
        for (int i = 0; i < count; i++)
        {
            mbufs.setAtIndex(ValueLayout.JAVA_LONG, from + i, alloc());
        }
        return true;
    }

    public int ports()
    {
        return ports;
    }

    @Override
    public void close()
    {
        arena.close();
    }
}
