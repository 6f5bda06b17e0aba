package net.junction.dataplane.ring;

/**
 * Single-producer single-consumer ring of packets: each slot holds an mbuf address and a 64-bit
 * metadata word (port, reason, next hop... as the two ends agree). It is how a worker hands
 * packets to the slow path (punts) and how the slow path hands packets back to a worker to send
 * (injections), so that each DPDK queue keeps exactly one owner thread.
 *
 * <p>Fast path: {@link #offer} and {@link #drain} allocate nothing and never block. Head and tail
 * are padded apart so producer and consumer do not share a cache line (Agrona's
 * OneToOneConcurrentArrayQueue does the same).
 */
public final class PacketRing
{
    private final long[] mbufs;
    private final long[] metas;
    private final int mask;

    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    /** Next slot the consumer reads; written by the consumer only, read by the producer. */
    private volatile long head;
    /** The consumer's own copy of head: it needs no ordering to read what it wrote itself. */
    private long consumerHead;
    @SuppressWarnings("unused")
    private long p11, p12, p13, p14, p15, p16, p17;
    /** Next slot the producer writes; written by the producer only, read by the consumer. */
    private volatile long tail;
    /** The producer's own copy of tail, and its last view of head. */
    private long producerTail;
    private long headCache;
    @SuppressWarnings("unused")
    private long p21, p22, p23, p24, p25, p26, p27;

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
        // Plain volatile fields rather than VarHandle calls: HotSpot was seen allocating once when
        // it linked a VarHandle call site here from newly compiled worker code (80 bytes).
        final long t = producerTail;
        if (t - headCache >= mbufs.length)
        {
            headCache = head;
            if (t - headCache >= mbufs.length)
            {
                return false;
            }
        }
        final int i = (int)t & mask;
        mbufs[i] = mbuf;
        metas[i] = meta;
        producerTail = t + 1;
        tail = t + 1; // publishes the slot written above
        return true;
    }

    /** Consumer side: hands up to {@code limit} entries to the handler. @return how many. */
    public int drain(final Handler handler, final int limit)
    {
        final long h = consumerHead;
        final long available = tail - h;
        if (available == 0)
        {
            return 0;
        }
        final int n = (int)Math.min(available, limit);
        for (int k = 0; k < n; k++)
        {
            final int i = (int)(h + k) & mask;
            handler.onPacket(mbufs[i], metas[i]);
        }
        consumerHead = h + n;
        head = h + n; // frees the slots for the producer
        return n;
    }

    public int size()
    {
        return (int)(tail - head);
    }

    @FunctionalInterface
    public interface Handler
    {
        void onPacket(long mbuf, long meta);
    }
}
