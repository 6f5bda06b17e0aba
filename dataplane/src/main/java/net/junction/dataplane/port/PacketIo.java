package net.junction.dataplane.port;

import java.lang.foreign.MemorySegment;

/**
 * Burst I/O on the ports' queues, the only way a worker touches a device: DPDK in production
 * ({@link DpdkPacketIo}), in-memory ports in tests. Arrays of mbuf addresses live in native
 * segments the caller allocates once and reuses.
 *
 * <p>Fast path: implementations make at most one downcall per call, never per packet.
 */
public interface PacketIo
{
    /** Receives up to {@code max} packets into {@code mbufs}. @return how many. */
    int rxBurst(int port, int queue, MemorySegment mbufs, int max);

    /** Sends {@code count} packets from {@code mbufs}. @return how many the device took; the caller still owns the rest. */
    int txBurst(int port, int queue, MemorySegment mbufs, int count);

    /** Returns {@code count} mbufs from {@code mbufs} to their pool. */
    void freeBulk(MemorySegment mbufs, int count);

    /** Returns one mbuf to its pool (rare paths). */
    void free(long mbuf);

    /** Allocates one mbuf from the data plane's pool, or 0 when the pool is empty (slow path only). */
    long alloc();

    /**
     * Allocates {@code count} mbufs from the data plane's pool into {@code mbufs} from index {@code from}, all or
     * nothing ({@code rte_pktmbuf_alloc_bulk}): one downcall, for a worker's stock of buffers (IPv4 fragments).
     *
     * @return false, and nothing written, when the pool holds fewer than {@code count}
     */
    boolean allocBulk(MemorySegment mbufs, int from, int count);
}
