package net.junction.bindings.dpdk;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static net.junction.bindings.dpdk.StructLayouts.field;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/** {@code struct rte_eth_stats}: basic port counters, filled by {@code rte_eth_stats_get}. */
public final class RteEthStats
{
    @NativeConstant("RTE_ETHDEV_QUEUE_STAT_CNTRS")
    public static final int RTE_ETHDEV_QUEUE_STAT_CNTRS = 16;

    @NativeConstant("rte_eth_stats.sizeof")
    public static final long SIZEOF = 704;
    @NativeConstant("rte_eth_stats.ipackets")
    public static final long IPACKETS_OFFSET = 0;
    @NativeConstant("rte_eth_stats.opackets")
    public static final long OPACKETS_OFFSET = 8;
    @NativeConstant("rte_eth_stats.ibytes")
    public static final long IBYTES_OFFSET = 16;
    @NativeConstant("rte_eth_stats.obytes")
    public static final long OBYTES_OFFSET = 24;
    @NativeConstant("rte_eth_stats.imissed")
    public static final long IMISSED_OFFSET = 32;
    @NativeConstant("rte_eth_stats.ierrors")
    public static final long IERRORS_OFFSET = 40;
    @NativeConstant("rte_eth_stats.oerrors")
    public static final long OERRORS_OFFSET = 48;
    @NativeConstant("rte_eth_stats.rx_nombuf")
    public static final long RX_NOMBUF_OFFSET = 56;
    @NativeConstant("rte_eth_stats.q_ipackets")
    public static final long Q_IPACKETS_OFFSET = 64;
    @NativeConstant("rte_eth_stats.q_opackets")
    public static final long Q_OPACKETS_OFFSET = 192;
    @NativeConstant("rte_eth_stats.q_ibytes")
    public static final long Q_IBYTES_OFFSET = 320;
    @NativeConstant("rte_eth_stats.q_obytes")
    public static final long Q_OBYTES_OFFSET = 448;
    @NativeConstant("rte_eth_stats.q_errors")
    public static final long Q_ERRORS_OFFSET = 576;

    public static final StructLayout LAYOUT = StructLayouts.struct("rte_eth_stats", SIZEOF, 8,
        field(IPACKETS_OFFSET, JAVA_LONG.withName("ipackets")),
        field(OPACKETS_OFFSET, JAVA_LONG.withName("opackets")),
        field(IBYTES_OFFSET, JAVA_LONG.withName("ibytes")),
        field(OBYTES_OFFSET, JAVA_LONG.withName("obytes")),
        field(IMISSED_OFFSET, JAVA_LONG.withName("imissed")),
        field(IERRORS_OFFSET, JAVA_LONG.withName("ierrors")),
        field(OERRORS_OFFSET, JAVA_LONG.withName("oerrors")),
        field(RX_NOMBUF_OFFSET, JAVA_LONG.withName("rx_nombuf")),
        field(Q_IPACKETS_OFFSET, queueCounters("q_ipackets")),
        field(Q_OPACKETS_OFFSET, queueCounters("q_opackets")),
        field(Q_IBYTES_OFFSET, queueCounters("q_ibytes")),
        field(Q_OBYTES_OFFSET, queueCounters("q_obytes")),
        field(Q_ERRORS_OFFSET, queueCounters("q_errors")));

    private RteEthStats()
    {
    }

    private static MemoryLayout queueCounters(final String name)
    {
        return MemoryLayout.sequenceLayout(RTE_ETHDEV_QUEUE_STAT_CNTRS, JAVA_LONG).withName(name);
    }

    public static long ipackets(final MemorySegment stats)
    {
        return stats.get(JAVA_LONG, IPACKETS_OFFSET);
    }

    public static long opackets(final MemorySegment stats)
    {
        return stats.get(JAVA_LONG, OPACKETS_OFFSET);
    }

    public static long ibytes(final MemorySegment stats)
    {
        return stats.get(JAVA_LONG, IBYTES_OFFSET);
    }

    public static long obytes(final MemorySegment stats)
    {
        return stats.get(JAVA_LONG, OBYTES_OFFSET);
    }

    public static long imissed(final MemorySegment stats)
    {
        return stats.get(JAVA_LONG, IMISSED_OFFSET);
    }

    public static long ierrors(final MemorySegment stats)
    {
        return stats.get(JAVA_LONG, IERRORS_OFFSET);
    }

    public static long oerrors(final MemorySegment stats)
    {
        return stats.get(JAVA_LONG, OERRORS_OFFSET);
    }

    public static long rxNombuf(final MemorySegment stats)
    {
        return stats.get(JAVA_LONG, RX_NOMBUF_OFFSET);
    }

    /** Per-queue received packets, for queues below {@link #RTE_ETHDEV_QUEUE_STAT_CNTRS}. */
    public static long qIpackets(final MemorySegment stats, final int queue)
    {
        return stats.getAtIndex(JAVA_LONG, Q_IPACKETS_OFFSET / Long.BYTES + checkQueue(queue));
    }

    public static long qOpackets(final MemorySegment stats, final int queue)
    {
        return stats.getAtIndex(JAVA_LONG, Q_OPACKETS_OFFSET / Long.BYTES + checkQueue(queue));
    }

    private static int checkQueue(final int queue)
    {
        return java.util.Objects.checkIndex(queue, RTE_ETHDEV_QUEUE_STAT_CNTRS);
    }
}
