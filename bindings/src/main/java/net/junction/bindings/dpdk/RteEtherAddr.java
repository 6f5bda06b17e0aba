package net.junction.bindings.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static net.junction.bindings.dpdk.StructLayouts.field;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct rte_ether_addr}: six bytes in wire order. Junction passes a MAC around as a
 * {@code long} holding 48 bits, first wire byte most significant, so it can be compared and
 * written into a frame with one big-endian store.
 */
public final class RteEtherAddr
{
    @NativeConstant("rte_ether_addr.sizeof")
    public static final long SIZEOF = 6;
    @NativeConstant("rte_ether_addr.addr_bytes")
    public static final long ADDR_BYTES_OFFSET = 0;
    @NativeConstant("RTE_ETHER_ADDR_LEN")
    public static final int RTE_ETHER_ADDR_LEN = 6;

    public static final StructLayout LAYOUT = StructLayouts.struct("rte_ether_addr", SIZEOF, 2,
        field(ADDR_BYTES_OFFSET, MemoryLayout.sequenceLayout(RTE_ETHER_ADDR_LEN, JAVA_BYTE).withName("addr_bytes")));

    private RteEtherAddr()
    {
    }

    /** The address as 48 bits, first byte most significant. */
    public static long get(final MemorySegment addr)
    {
        long value = 0;
        for (int i = 0; i < RTE_ETHER_ADDR_LEN; i++)
        {
            value = (value << 8) | (addr.get(JAVA_BYTE, ADDR_BYTES_OFFSET + i) & 0xFF);
        }
        return value;
    }

    public static void set(final MemorySegment addr, final long mac48)
    {
        for (int i = 0; i < RTE_ETHER_ADDR_LEN; i++)
        {
            addr.set(JAVA_BYTE, ADDR_BYTES_OFFSET + i, (byte)(mac48 >>> (8 * (RTE_ETHER_ADDR_LEN - 1 - i))));
        }
    }
}
