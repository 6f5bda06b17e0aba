package net.junction.bindings.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static net.junction.bindings.dpdk.StructLayouts.field;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/** {@code struct rte_eth_xstat_name}: a NUL-terminated name in a fixed 64-byte array. */
public final class RteEthXstatName
{
    @NativeConstant("RTE_ETH_XSTATS_NAME_SIZE")
    public static final int RTE_ETH_XSTATS_NAME_SIZE = 64;
    @NativeConstant("rte_eth_xstat_name.sizeof")
    public static final long SIZEOF = 64;
    @NativeConstant("rte_eth_xstat_name.name")
    public static final long NAME_OFFSET = 0;

    public static final StructLayout LAYOUT = StructLayouts.struct("rte_eth_xstat_name", SIZEOF, 1,
        field(NAME_OFFSET, MemoryLayout.sequenceLayout(RTE_ETH_XSTATS_NAME_SIZE, JAVA_BYTE).withName("name")));

    private RteEthXstatName()
    {
    }

    public static String name(final MemorySegment array, final long index)
    {
        return array.asSlice(index * SIZEOF + NAME_OFFSET, RTE_ETH_XSTATS_NAME_SIZE).getString(0);
    }
}
