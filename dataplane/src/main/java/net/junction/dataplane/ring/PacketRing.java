package net.junction.dataplane.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Single-producer single-consumer ring of packets: each slot holds an mbuf address and a 64-bit
 * metadata word (port, reason, next hop... as the two ends agree). It is how a worker hands
 * packets to the slow path (punts) and how the slow path hands packets back to a worker to send
 * (injections), so that each DPDK queue keeps exactly one owner thread.
 *
 * <p>Fast path: {@link #offer} and {@link #poll} allocate nothing and never block. Head and tail
 * are padded apart so producer and consumer do not share a cache line (Agrona's
 * OneToOneConcurrentArrayQueue does the same).
 */
public final class PacketRing
{
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(PacketRing.class, "head", long.class);
            TAIL = lookup.findVarHandle(PacketRing.class, "tail", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final long[] mbufs;
    private final long[] metas;
    private final int mask;

    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    /** Next slot the consumer reads; written by the consumer only. */
    private volatile long head;
    @SuppressWarnings("unused")
    private long p11, p12, p13, p14, p15, p16, p17;
    /** Next slot the producer writes; written by the producer only. */
    private volatile long tail;
    @SuppressWarnings("unused")
    private long p21, p22, p23, p24, p25, p26, p27;
    private long headCache;

    /**
     * @param capacity a power of two.
     */
    public PacketRing(final int capacity)
    {
        if (capacity < 2 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two >= 2: " + capacity);
        }
        mbufs = new long[capacity];
        metas = new long[capacity];
        mask = capacity - 1;
    }

    public int capacity()
    {
        return mask + 1;
    }

    /** Producer side. @return false when the ring is full (the caller counts and drops). */
    public boolean offer(final long mbuf, final long meta)
    {
        final long t = (long)TAIL.getOpaque(this);
        if (t - headCache >= mbufs.length)
        {
            headCache = (long)HEAD.getAcquire(this);
            if (t - headCache >= mbufs.length)
            {
                return false;
            }
        }
        final int i = (int)t & mask;
        mbufs[i] = mbuf;
        metas[i] = meta;
        TAIL.setRelease(this, t + 1);
        return true;
    }

    /** Consumer side: hands up to {@code limit} entries to the handler. @return how many. */
    public int drain(final Handler handler, final int limit)
    {
        final long h = (long)HEAD.getOpaque(this);
        final long t = (long)TAIL.getAcquire(this);
        final int n = (int)Math.min(t - h, limit);
        for (int k = 0; k < n; k++)
        {
            final int i = (int)(h + k) & mask;
            handler.onPacket(mbufs[i], metas[i]);
        }
        if (n > 0)
        {
            HEAD.setRelease(this, h + n);
        }
        return n;
    }

    public int size()
    {
        return (int)((long)TAIL.getAcquire(this) - (long)HEAD.getAcquire(this));
    }

    @FunctionalInterface
    public interface Handler
    {
        void onPacket(long mbuf, long meta);
    }
}
