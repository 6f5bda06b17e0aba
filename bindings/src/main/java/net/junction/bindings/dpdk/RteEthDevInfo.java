package net.junction.bindings.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static net.junction.bindings.dpdk.StructLayouts.field;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct rte_eth_dev_info} (376 bytes), filled by {@code rte_eth_dev_info_get}. Only the
 * fields Junction reads are named; the rest of the struct is padding of the exact size.
 */
public final class RteEthDevInfo
{
    @NativeConstant("rte_eth_dev_info.sizeof")
    public static final long SIZEOF = 376;
    @NativeConstant("rte_eth_dev_info.driver_name")
    public static final long DRIVER_NAME_OFFSET = 8;
    @NativeConstant("rte_eth_dev_info.if_index")
    public static final long IF_INDEX_OFFSET = 16;
    @NativeConstant("rte_eth_dev_info.min_mtu")
    public static final long MIN_MTU_OFFSET = 20;
    @NativeConstant("rte_eth_dev_info.max_mtu")
    public static final long MAX_MTU_OFFSET = 22;
    @NativeConstant("rte_eth_dev_info.min_rx_bufsize")
    public static final long MIN_RX_BUFSIZE_OFFSET = 32;
    @NativeConstant("rte_eth_dev_info.max_rx_pktlen")
    public static final long MAX_RX_PKTLEN_OFFSET = 36;
    @NativeConstant("rte_eth_dev_info.max_rx_queues")
    public static final long MAX_RX_QUEUES_OFFSET = 44;
    @NativeConstant("rte_eth_dev_info.max_tx_queues")
    public static final long MAX_TX_QUEUES_OFFSET = 46;
    @NativeConstant("rte_eth_dev_info.max_mac_addrs")
    public static final long MAX_MAC_ADDRS_OFFSET = 48;
    @NativeConstant("rte_eth_dev_info.rx_offload_capa")
    public static final long RX_OFFLOAD_CAPA_OFFSET = 72;
    @NativeConstant("rte_eth_dev_info.tx_offload_capa")
    public static final long TX_OFFLOAD_CAPA_OFFSET = 80;
    @NativeConstant("rte_eth_dev_info.rx_queue_offload_capa")
    public static final long RX_QUEUE_OFFLOAD_CAPA_OFFSET = 88;
    @NativeConstant("rte_eth_dev_info.tx_queue_offload_capa")
    public static final long TX_QUEUE_OFFLOAD_CAPA_OFFSET = 96;
    @NativeConstant("rte_eth_dev_info.reta_size")
    public static final long RETA_SIZE_OFFSET = 104;
    @NativeConstant("rte_eth_dev_info.hash_key_size")
    public static final long HASH_KEY_SIZE_OFFSET = 106;
    @NativeConstant("rte_eth_dev_info.flow_type_rss_offloads")
    public static final long FLOW_TYPE_RSS_OFFLOADS_OFFSET = 112;
    @NativeConstant("rte_eth_dev_info.rx_desc_lim.nb_max")
    public static final long RX_DESC_LIM_NB_MAX_OFFSET = 262;
    @NativeConstant("rte_eth_dev_info.rx_desc_lim.nb_min")
    public static final long RX_DESC_LIM_NB_MIN_OFFSET = 264;
    @NativeConstant("rte_eth_dev_info.rx_desc_lim.nb_align")
    public static final long RX_DESC_LIM_NB_ALIGN_OFFSET = 266;
    @NativeConstant("rte_eth_dev_info.tx_desc_lim.nb_max")
    public static final long TX_DESC_LIM_NB_MAX_OFFSET = 272;
    @NativeConstant("rte_eth_dev_info.tx_desc_lim.nb_min")
    public static final long TX_DESC_LIM_NB_MIN_OFFSET = 274;
    @NativeConstant("rte_eth_dev_info.tx_desc_lim.nb_align")
    public static final long TX_DESC_LIM_NB_ALIGN_OFFSET = 276;
    @NativeConstant("rte_eth_dev_info.speed_capa")
    public static final long SPEED_CAPA_OFFSET = 284;
    @NativeConstant("rte_eth_dev_info.nb_rx_queues")
    public static final long NB_RX_QUEUES_OFFSET = 288;
    @NativeConstant("rte_eth_dev_info.nb_tx_queues")
    public static final long NB_TX_QUEUES_OFFSET = 290;

    public static final StructLayout LAYOUT = StructLayouts.struct("rte_eth_dev_info", SIZEOF, 8,
        field(DRIVER_NAME_OFFSET, ADDRESS.withName("driver_name")),
        field(IF_INDEX_OFFSET, JAVA_INT.withName("if_index")),
        field(MIN_MTU_OFFSET, JAVA_SHORT.withName("min_mtu")),
        field(MAX_MTU_OFFSET, JAVA_SHORT.withName("max_mtu")),
        field(MIN_RX_BUFSIZE_OFFSET, JAVA_INT.withName("min_rx_bufsize")),
        field(MAX_RX_PKTLEN_OFFSET, JAVA_INT.withName("max_rx_pktlen")),
        field(MAX_RX_QUEUES_OFFSET, JAVA_SHORT.withName("max_rx_queues")),
        field(MAX_TX_QUEUES_OFFSET, JAVA_SHORT.withName("max_tx_queues")),
        field(MAX_MAC_ADDRS_OFFSET, JAVA_INT.withName("max_mac_addrs")),
        field(RX_OFFLOAD_CAPA_OFFSET, JAVA_LONG.withName("rx_offload_capa")),
        field(TX_OFFLOAD_CAPA_OFFSET, JAVA_LONG.withName("tx_offload_capa")),
        field(RX_QUEUE_OFFLOAD_CAPA_OFFSET, JAVA_LONG.withName("rx_queue_offload_capa")),
        field(TX_QUEUE_OFFLOAD_CAPA_OFFSET, JAVA_LONG.withName("tx_queue_offload_capa")),
        field(RETA_SIZE_OFFSET, JAVA_SHORT.withName("reta_size")),
        field(HASH_KEY_SIZE_OFFSET, JAVA_BYTE.withName("hash_key_size")),
        field(FLOW_TYPE_RSS_OFFLOADS_OFFSET, JAVA_LONG.withName("flow_type_rss_offloads")),
        field(RX_DESC_LIM_NB_MAX_OFFSET, JAVA_SHORT.withName("rx_desc_lim_nb_max")),
        field(RX_DESC_LIM_NB_MIN_OFFSET, JAVA_SHORT.withName("rx_desc_lim_nb_min")),
        field(RX_DESC_LIM_NB_ALIGN_OFFSET, JAVA_SHORT.withName("rx_desc_lim_nb_align")),
        field(TX_DESC_LIM_NB_MAX_OFFSET, JAVA_SHORT.withName("tx_desc_lim_nb_max")),
        field(TX_DESC_LIM_NB_MIN_OFFSET, JAVA_SHORT.withName("tx_desc_lim_nb_min")),
        field(TX_DESC_LIM_NB_ALIGN_OFFSET, JAVA_SHORT.withName("tx_desc_lim_nb_align")),
        field(SPEED_CAPA_OFFSET, JAVA_INT.withName("speed_capa")),
        field(NB_RX_QUEUES_OFFSET, JAVA_SHORT.withName("nb_rx_queues")),
        field(NB_TX_QUEUES_OFFSET, JAVA_SHORT.withName("nb_tx_queues")));

    private RteEthDevInfo()
    {
    }

    /** The PMD's name, e.g. {@code net_ring}; empty if the pointer is NULL. */
    @SuppressWarnings("restricted") // an unsized C string pointer from DPDK
    public static String driverName(final MemorySegment info)
    {
        final MemorySegment name = info.get(ADDRESS, DRIVER_NAME_OFFSET);
        return MemorySegment.NULL.equals(name) ? "" : name.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** Kernel interface index bound to the port (af_packet, tap), 0 if none. */
    public static int ifIndex(final MemorySegment info)
    {
        return info.get(JAVA_INT, IF_INDEX_OFFSET);
    }

    public static int minMtu(final MemorySegment info)
    {
        return u16(info, MIN_MTU_OFFSET);
    }

    public static int maxMtu(final MemorySegment info)
    {
        return u16(info, MAX_MTU_OFFSET);
    }

    public static int minRxBufsize(final MemorySegment info)
    {
        return info.get(JAVA_INT, MIN_RX_BUFSIZE_OFFSET);
    }

    public static int maxRxPktlen(final MemorySegment info)
    {
        return info.get(JAVA_INT, MAX_RX_PKTLEN_OFFSET);
    }

    public static int maxRxQueues(final MemorySegment info)
    {
        return u16(info, MAX_RX_QUEUES_OFFSET);
    }

    public static int maxTxQueues(final MemorySegment info)
    {
        return u16(info, MAX_TX_QUEUES_OFFSET);
    }

    public static int maxMacAddrs(final MemorySegment info)
    {
        return info.get(JAVA_INT, MAX_MAC_ADDRS_OFFSET);
    }

    public static long rxOffloadCapa(final MemorySegment info)
    {
        return info.get(JAVA_LONG, RX_OFFLOAD_CAPA_OFFSET);
    }

    public static long txOffloadCapa(final MemorySegment info)
    {
        return info.get(JAVA_LONG, TX_OFFLOAD_CAPA_OFFSET);
    }

    public static long rxQueueOffloadCapa(final MemorySegment info)
    {
        return info.get(JAVA_LONG, RX_QUEUE_OFFLOAD_CAPA_OFFSET);
    }

    public static long txQueueOffloadCapa(final MemorySegment info)
    {
        return info.get(JAVA_LONG, TX_QUEUE_OFFLOAD_CAPA_OFFSET);
    }

    public static int retaSize(final MemorySegment info)
    {
        return u16(info, RETA_SIZE_OFFSET);
    }

    public static int hashKeySize(final MemorySegment info)
    {
        return info.get(JAVA_BYTE, HASH_KEY_SIZE_OFFSET) & 0xFF;
    }

    /** {@code RTE_ETH_RSS_*} hash functions the device can apply. */
    public static long flowTypeRssOffloads(final MemorySegment info)
    {
        return info.get(JAVA_LONG, FLOW_TYPE_RSS_OFFLOADS_OFFSET);
    }

    public static int rxDescMax(final MemorySegment info)
    {
        return u16(info, RX_DESC_LIM_NB_MAX_OFFSET);
    }

    public static int rxDescMin(final MemorySegment info)
    {
        return u16(info, RX_DESC_LIM_NB_MIN_OFFSET);
    }

    public static int rxDescAlign(final MemorySegment info)
    {
        return u16(info, RX_DESC_LIM_NB_ALIGN_OFFSET);
    }

    public static int txDescMax(final MemorySegment info)
    {
        return u16(info, TX_DESC_LIM_NB_MAX_OFFSET);
    }

    public static int txDescMin(final MemorySegment info)
    {
        return u16(info, TX_DESC_LIM_NB_MIN_OFFSET);
    }

    public static int txDescAlign(final MemorySegment info)
    {
        return u16(info, TX_DESC_LIM_NB_ALIGN_OFFSET);
    }

    public static int speedCapa(final MemorySegment info)
    {
        return info.get(JAVA_INT, SPEED_CAPA_OFFSET);
    }

    public static int nbRxQueues(final MemorySegment info)
    {
        return u16(info, NB_RX_QUEUES_OFFSET);
    }

    public static int nbTxQueues(final MemorySegment info)
    {
        return u16(info, NB_TX_QUEUES_OFFSET);
    }

    private static int u16(final MemorySegment segment, final long offset)
    {
        return segment.get(JAVA_SHORT, offset) & 0xFFFF;
    }
}
