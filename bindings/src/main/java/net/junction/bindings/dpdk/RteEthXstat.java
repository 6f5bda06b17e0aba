package net.junction.bindings.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static net.junction.bindings.dpdk.StructLayouts.field;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/** {@code struct rte_eth_xstat}: one extended statistic; accessors index into an array of them. */
public final class RteEthXstat
{
    @NativeConstant("rte_eth_xstat.sizeof")
    public static final long SIZEOF = 16;
    @NativeConstant("rte_eth_xstat.id")
    public static final long ID_OFFSET = 0;
    @NativeConstant("rte_eth_xstat.value")
    public static final long VALUE_OFFSET = 8;

    public static final StructLayout LAYOUT = StructLayouts.struct("rte_eth_xstat", SIZEOF, 8,
        field(ID_OFFSET, JAVA_LONG.withName("id")),
        field(VALUE_OFFSET, JAVA_LONG.withName("value")));

    private RteEthXstat()
    {
    }

    /** Index into the array of names returned by {@code rte_eth_xstats_get_names}. */
    public static long id(final MemorySegment array, final long index)
    {
        return array.get(JAVA_LONG, index * SIZEOF + ID_OFFSET);
    }

    public static long value(final MemorySegment array, final long index)
    {
        return array.get(JAVA_LONG, index * SIZEOF + VALUE_OFFSET);
    }
}
