package net.junction.dataplane.port;

import java.lang.foreign.MemorySegment;

import net.junction.bindings.Mempool;
import net.junction.bindings.dpdk.Dpdk;

/**
 * {@link PacketIo} on DPDK devices: one shim downcall per burst ({@code Linker.Option.critical}),
 * mbuf arrays passed by address.
 *
 * <p>Fast path: no allocation.
 */
public final class DpdkPacketIo implements PacketIo
{
    private final Mempool pool;

    public DpdkPacketIo(final Mempool pool)
    {
        this.pool = pool;
    }

    @Override
    public int rxBurst(final int port, final int queue, final MemorySegment mbufs, final int max)
    {
        return Dpdk.jn_rx_burst(port, queue, mbufs.address(), max);
    }

    @Override
    public int txBurst(final int port, final int queue, final MemorySegment mbufs, final int count)
    {
        return Dpdk.jn_tx_burst(port, queue, mbufs.address(), count);
    }

    @Override
    public void freeBulk(final MemorySegment mbufs, final int count)
    {
        Mempool.freeBulk(mbufs.address(), count);
    }

    @Override
    public void free(final long mbuf)
    {
        Mempool.free(mbuf);
    }

    @Override
    public long alloc()
    {
        return pool.alloc();
    }

    @Override
    public boolean allocBulk(final MemorySegment mbufs, final int from, final int count)
    {
        return pool.allocBulk(mbufs.address() + ((long)from << 3), count);
    }
}
