package net.junction.bindings.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static net.junction.bindings.dpdk.StructLayouts.field;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct rte_eth_link}: a 64-bit, 8-byte aligned word (DPDK reads and writes it
 * atomically) holding {@code uint32_t link_speed} and three 1-bit fields packed into the
 * following {@code uint16_t}. C bitfields have no {@code offsetof}; the probe sets each bit in
 * C and reports its position in the host-order 64-bit word, which is what these accessors read.
 */
public final class RteEthLink
{
    @NativeConstant("rte_eth_link.sizeof")
    public static final long SIZEOF = 8;
    @NativeConstant("rte_eth_link.alignof")
    public static final long ALIGNOF = 8;
    @NativeConstant("rte_eth_link.link_speed")
    public static final long LINK_SPEED_OFFSET = 0;
    @NativeConstant("rte_eth_link.link_duplex.bit")
    public static final int LINK_DUPLEX_BIT = 32;
    @NativeConstant("rte_eth_link.link_autoneg.bit")
    public static final int LINK_AUTONEG_BIT = 33;
    @NativeConstant("rte_eth_link.link_status.bit")
    public static final int LINK_STATUS_BIT = 34;

    /** The bitfields appear as one {@code short} named {@code flags}. */
    public static final StructLayout LAYOUT = StructLayouts.struct("rte_eth_link", SIZEOF, ALIGNOF,
        field(LINK_SPEED_OFFSET, JAVA_INT.withName("link_speed")),
        field(4, JAVA_SHORT.withName("flags")));

    private RteEthLink()
    {
    }

    /** Mbit/s, {@link Dpdk#RTE_ETH_SPEED_NUM_UNKNOWN} as a negative int when unknown. */
    public static int linkSpeed(final MemorySegment link)
    {
        return link.get(JAVA_INT, LINK_SPEED_OFFSET);
    }

    public static int linkDuplex(final MemorySegment link)
    {
        return bit(link, LINK_DUPLEX_BIT);
    }

    public static int linkAutoneg(final MemorySegment link)
    {
        return bit(link, LINK_AUTONEG_BIT);
    }

    public static int linkStatus(final MemorySegment link)
    {
        return bit(link, LINK_STATUS_BIT);
    }

    private static int bit(final MemorySegment link, final int bit)
    {
        return (int)((link.get(JAVA_LONG, 0) >>> bit) & 1L);
    }
}
