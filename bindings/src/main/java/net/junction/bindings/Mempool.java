package net.junction.bindings;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import net.junction.bindings.dpdk.Dpdk;

/**
 * A pool of packet mbufs ({@code rte_pktmbuf_pool_create}): every rx queue fills from one, and
 * the data plane allocates the packets it originates (ICMP errors, ARP) from one.
 *
 * <p>Sizing, from DPDK's guidance: {@code size} a power of two minus one (the ring underneath
 * has a power-of-two capacity), at least every rx descriptor of the queues it feeds plus the
 * packets in flight; {@code cacheSize} at most {@link Dpdk#RTE_MEMPOOL_CACHE_MAX_SIZE} and
 * at most {@code size / 1.5}; only threads with an lcore id ({@link Eal#registerThread()})
 * use the cache.
 *
 * <p>{@link #create} and {@link #close} are control path. {@link #alloc}, {@link #allocBulk},
 * {@link #free} and {@link #freeBulk} are FAST PATH: one critical downcall, no allocation.
 */
public final class Mempool implements AutoCloseable
{
    private final String name;
    private final MemorySegment pool;
    private final long address;
    private final int size;
    private final int dataRoomSize;
    private boolean closed;

    private Mempool(final String name, final MemorySegment pool, final int size, final int dataRoomSize)
    {
        this.name = name;
        this.pool = pool;
        this.address = pool.address();
        this.size = size;
        this.dataRoomSize = dataRoomSize;
    }

    /**
     * Creates a pool of {@code size} mbufs, each with {@code dataRoomSize} bytes of buffer
     * (headroom included: {@link Dpdk#RTE_MBUF_DEFAULT_BUF_SIZE} gives 2048 bytes of data after
     * the default 128-byte headroom).
     *
     * @param socketId NUMA socket for the memory, or {@link Dpdk#SOCKET_ID_ANY}
     */
    public static Mempool create(
        final String name, final int size, final int cacheSize, final int dataRoomSize, final int socketId)
    {
        Objects.requireNonNull(name, "name");
        final int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (0 == nameBytes || nameBytes >= Dpdk.RTE_MEMPOOL_NAMESIZE)
        {
            throw new IllegalArgumentException("mempool name must have 1 to " + (Dpdk.RTE_MEMPOOL_NAMESIZE - 1) +
                " bytes: '" + name + "'");
        }
        if (size <= 0)
        {
            throw new IllegalArgumentException("mempool size must be positive: " + size);
        }
        if (cacheSize < 0 || cacheSize > Dpdk.RTE_MEMPOOL_CACHE_MAX_SIZE)
        {
            throw new IllegalArgumentException(
                "mempool cache size must be 0.." + Dpdk.RTE_MEMPOOL_CACHE_MAX_SIZE + ": " + cacheSize);
        }
        if (dataRoomSize < 0 || dataRoomSize > 0xFFFF)
        {
            throw new IllegalArgumentException("mbuf data room must fit 16 bits: " + dataRoomSize);
        }
        Eal.requireRunning();

        final String call = "rte_pktmbuf_pool_create(" + name + ", n=" + size + ", cache=" + cacheSize +
            ", data_room=" + dataRoomSize + ", socket=" + socketId + ")";
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment pool = Dpdk.rte_pktmbuf_pool_create(
                arena.allocateFrom(name), size, cacheSize, (short)0, (short)dataRoomSize, socketId);
            if (MemorySegment.NULL.equals(pool))
            {
                throw DpdkException.ofRteErrno(call);
            }
            return new Mempool(name, pool, size, dataRoomSize);
        }
    }

    public String name()
    {
        return name;
    }

    /** The {@code struct rte_mempool *} as a raw address. */
    public long address()
    {
        return address;
    }

    /** The {@code struct rte_mempool *} as a segment, for {@link Dpdk} control calls. */
    public MemorySegment segment()
    {
        return pool;
    }

    public int size()
    {
        return size;
    }

    public int dataRoomSize()
    {
        return dataRoomSize;
    }

    /** Mbufs free in the pool, per-lcore caches included. Control path: walks every cache. */
    public int availableCount()
    {
        requireOpen();
        return Dpdk.rte_mempool_avail_count(pool);
    }

    /** Mbufs currently allocated (in queues, in flight, or leaked). */
    public int inUseCount()
    {
        requireOpen();
        return Dpdk.rte_mempool_in_use_count(pool);
    }

    /** FAST PATH. One reset mbuf, or 0 if the pool is empty. */
    public long alloc()
    {
        return Dpdk.jn_pktmbuf_alloc(address);
    }

    /**
     * FAST PATH. Writes {@code count} reset mbuf addresses to the array at {@code mbufArray};
     * all or nothing.
     *
     * @return false (and nothing written) if the pool had fewer than {@code count}
     */
    public boolean allocBulk(final long mbufArray, final int count)
    {
        return 0 == Dpdk.jn_pktmbuf_alloc_bulk(address, mbufArray, count);
    }

    /** FAST PATH. Frees an mbuf (its whole chain) to the pool it came from; 0 is ignored. */
    public static void free(final long mbuf)
    {
        Dpdk.jn_pktmbuf_free(mbuf);
    }

    /** FAST PATH. Frees {@code count} mbufs whose addresses are in the array at {@code mbufArray}. */
    public static void freeBulk(final long mbufArray, final int count)
    {
        Dpdk.jn_pktmbuf_free_bulk(mbufArray, count);
    }

    /**
     * Frees the pool ({@code rte_mempool_free}). Every mbuf must be back first: stop and close
     * the ports whose queues it fills before closing it. Idempotent; after {@link Eal#cleanup()}
     * the pool's memory is already gone with EAL's, and only the object is marked closed.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            if (Eal.isInitialized())
            {
                Dpdk.rte_mempool_free(pool);
            }
        }
    }

    @Override
    public String toString()
    {
        return "Mempool[" + name + ", size=" + size + ", dataRoom=" + dataRoomSize + "]";
    }

    private void requireOpen()
    {
        Eal.requireRunning();
        if (closed)
        {
            throw new IllegalStateException("mempool " + name + " is closed");
        }
    }
}
