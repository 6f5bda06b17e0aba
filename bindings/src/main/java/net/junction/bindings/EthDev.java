package net.junction.bindings;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import net.junction.bindings.dpdk.Dpdk;
import net.junction.bindings.dpdk.RteEthConf;
import net.junction.bindings.dpdk.RteEthDevInfo;
import net.junction.bindings.dpdk.RteEthLink;
import net.junction.bindings.dpdk.RteEthRssConf;
import net.junction.bindings.dpdk.RteEthStats;
import net.junction.bindings.dpdk.RteEthXstat;
import net.junction.bindings.dpdk.RteEthXstatName;
import net.junction.bindings.dpdk.RteEtherAddr;

/**
 * One DPDK ethernet port (a NIC, or a vdev such as {@code net_af_packet0}), driven through the
 * sequence ethdev requires: {@link #configure}, {@link #setupRxQueue}/{@link #setupTxQueue}
 * for every queue, {@link #start}; then {@link #stop}, {@link #close}.
 *
 * <p>Control-path methods allocate a confined arena per call and throw {@link DpdkException}
 * with DPDK's error text. Like ethdev's control API they are not thread safe: one control
 * thread per port. {@link #rxBurst} and {@link #txBurst} are FAST PATH: each is one critical
 * downcall; a queue belongs to exactly one worker thread.
 */
public final class EthDev
{
    /** Hash functions asked for when RSS is on, before masking with what the device supports. */
    public static final long DEFAULT_RSS_HF = Dpdk.RTE_ETH_RSS_IP | Dpdk.RTE_ETH_RSS_TCP | Dpdk.RTE_ETH_RSS_UDP;

    private final int portId;
    private final String name;

    private EthDev(final int portId, final String name)
    {
        this.portId = portId;
        this.name = name;
    }

    /** Ports EAL probed (PCI devices and {@code --vdev}s). */
    public static int count()
    {
        Eal.requireRunning();
        return Short.toUnsignedInt(Dpdk.rte_eth_dev_count_avail());
    }

    /** The port of a device name: a vdev name such as {@code net_ring0}, or a PCI address. */
    public static EthDev byName(final String deviceName)
    {
        Objects.requireNonNull(deviceName, "deviceName");
        Eal.requireRunning();
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment portId = arena.allocate(ValueLayout.JAVA_SHORT);
            DpdkException.check(
                Dpdk.rte_eth_dev_get_port_by_name(arena.allocateFrom(deviceName), portId),
                "rte_eth_dev_get_port_by_name(" + deviceName + ")");
            return new EthDev(Short.toUnsignedInt(portId.get(ValueLayout.JAVA_SHORT, 0)), deviceName);
        }
    }

    public static EthDev ofPort(final int portId)
    {
        Eal.requireRunning();
        if (portId < 0 || portId >= Dpdk.RTE_MAX_ETHPORTS || 1 != Dpdk.rte_eth_dev_is_valid_port((short)portId))
        {
            throw new IllegalArgumentException("no DPDK port " + portId);
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment name = arena.allocate(Dpdk.RTE_ETH_NAME_MAX_LEN);
            DpdkException.check(Dpdk.rte_eth_dev_get_name_by_port((short)portId, name),
                "rte_eth_dev_get_name_by_port(" + portId + ")");
            return new EthDev(portId, name.getString(0));
        }
    }

    public int portId()
    {
        return portId;
    }

    /** The device name EAL knows the port by. */
    public String name()
    {
        return name;
    }

    public EthDevInfo info()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment info = arena.allocate(RteEthDevInfo.LAYOUT);
            DpdkException.check(Dpdk.rte_eth_dev_info_get(port(), info), call("rte_eth_dev_info_get"));
            return new EthDevInfo(
                RteEthDevInfo.driverName(info),
                RteEthDevInfo.ifIndex(info),
                RteEthDevInfo.minMtu(info),
                RteEthDevInfo.maxMtu(info),
                RteEthDevInfo.maxRxPktlen(info),
                RteEthDevInfo.maxRxQueues(info),
                RteEthDevInfo.maxTxQueues(info),
                RteEthDevInfo.rxOffloadCapa(info),
                RteEthDevInfo.txOffloadCapa(info),
                RteEthDevInfo.flowTypeRssOffloads(info),
                RteEthDevInfo.hashKeySize(info),
                RteEthDevInfo.retaSize(info),
                RteEthDevInfo.rxDescMin(info),
                RteEthDevInfo.rxDescMax(info),
                RteEthDevInfo.txDescMin(info),
                RteEthDevInfo.txDescMax(info),
                RteEthDevInfo.speedCapa(info));
        }
    }

    /** {@link #configure(int, int, long, long, long)} with {@link #DEFAULT_RSS_HF} and no offloads. */
    public long configure(final int rxQueues, final int txQueues)
    {
        return configure(rxQueues, txQueues, DEFAULT_RSS_HF, 0, 0);
    }

    /**
     * Configures the port's queue counts ({@code rte_eth_dev_configure}). With more than one rx
     * queue, RSS spreads flows over them using the requested hash functions masked by the
     * device's {@code flow_type_rss_offloads}; if nothing is left (a device without RSS, such
     * as net_ring), RSS stays off and the queues are filled as the driver sees fit.
     *
     * @param requestedRssHf {@code RTE_ETH_RSS_*} bits wanted
     * @param rxOffloads     {@code RTE_ETH_RX_OFFLOAD_*}, must be within {@link EthDevInfo#rxOffloadCapa()}
     * @param txOffloads     {@code RTE_ETH_TX_OFFLOAD_*}, must be within {@link EthDevInfo#txOffloadCapa()}
     * @return the RSS hash functions in effect (0 when RSS is off)
     */
    public long configure(
        final int rxQueues, final int txQueues, final long requestedRssHf, final long rxOffloads, final long txOffloads)
    {
        final EthDevInfo info = info();
        if (rxQueues < 1 || rxQueues > info.maxRxQueues())
        {
            throw new IllegalArgumentException(this + " (" + info.driverName() + ") supports 1.." +
                info.maxRxQueues() + " rx queues, asked for " + rxQueues);
        }
        if (txQueues < 1 || txQueues > info.maxTxQueues())
        {
            throw new IllegalArgumentException(this + " (" + info.driverName() + ") supports 1.." +
                info.maxTxQueues() + " tx queues, asked for " + txQueues);
        }
        final long rssHf = rxQueues > 1 ? requestedRssHf & info.flowTypeRssOffloads() : 0;
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment conf = arena.allocate(RteEthConf.LAYOUT);
            RteEthConf.rxmodeMqMode(conf, 0 != rssHf ? Dpdk.RTE_ETH_MQ_RX_RSS : Dpdk.RTE_ETH_MQ_RX_NONE);
            RteEthConf.rxmodeOffloads(conf, rxOffloads);
            RteEthConf.txmodeMqMode(conf, Dpdk.RTE_ETH_MQ_TX_NONE);
            RteEthConf.txmodeOffloads(conf, txOffloads);
            RteEthConf.rssKey(conf, MemorySegment.NULL);
            RteEthConf.rssHf(conf, rssHf);
            DpdkException.check(
                Dpdk.rte_eth_dev_configure(port(), (short)rxQueues, (short)txQueues, conf),
                call("rte_eth_dev_configure", rxQueues + " rx, " + txQueues + " tx, rss_hf=0x" + Long.toHexString(rssHf)));
        }
        return rssHf;
    }

    /**
     * Sets up an rx queue filled from {@code pool}, with the driver's default rx configuration.
     * The descriptor count is first fitted to the device's limits.
     *
     * @return the descriptor count used
     */
    public int setupRxQueue(final int queueId, final int descriptors, final Mempool pool)
    {
        Objects.requireNonNull(pool, "pool");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment count = arena.allocate(ValueLayout.JAVA_SHORT);
            count.set(ValueLayout.JAVA_SHORT, 0, (short)descriptors);
            DpdkException.check(Dpdk.rte_eth_dev_adjust_nb_rx_tx_desc(port(), count, MemorySegment.NULL),
                call("rte_eth_dev_adjust_nb_rx_tx_desc", "rx " + descriptors));
            final int adjusted = Short.toUnsignedInt(count.get(ValueLayout.JAVA_SHORT, 0));
            DpdkException.check(
                Dpdk.rte_eth_rx_queue_setup(port(), (short)queueId, (short)adjusted, socketId(), MemorySegment.NULL,
                    pool.segment()),
                call("rte_eth_rx_queue_setup", "queue " + queueId + ", " + adjusted + " descriptors, " + pool.name()));
            return adjusted;
        }
    }

    /**
     * Sets up a tx queue with the driver's default tx configuration; the descriptor count is
     * first fitted to the device's limits.
     *
     * @return the descriptor count used
     */
    public int setupTxQueue(final int queueId, final int descriptors)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment count = arena.allocate(ValueLayout.JAVA_SHORT);
            count.set(ValueLayout.JAVA_SHORT, 0, (short)descriptors);
            DpdkException.check(Dpdk.rte_eth_dev_adjust_nb_rx_tx_desc(port(), MemorySegment.NULL, count),
                call("rte_eth_dev_adjust_nb_rx_tx_desc", "tx " + descriptors));
            final int adjusted = Short.toUnsignedInt(count.get(ValueLayout.JAVA_SHORT, 0));
            DpdkException.check(
                Dpdk.rte_eth_tx_queue_setup(port(), (short)queueId, (short)adjusted, socketId(), MemorySegment.NULL),
                call("rte_eth_tx_queue_setup", "queue " + queueId + ", " + adjusted + " descriptors"));
            return adjusted;
        }
    }

    public void start()
    {
        DpdkException.check(Dpdk.rte_eth_dev_start(port()), call("rte_eth_dev_start"));
    }

    public void stop()
    {
        DpdkException.check(Dpdk.rte_eth_dev_stop(port()), call("rte_eth_dev_stop"));
    }

    /** Releases the port (stop it first); the port id is invalid afterwards. */
    public void close()
    {
        DpdkException.check(Dpdk.rte_eth_dev_close(port()), call("rte_eth_dev_close"));
    }

    public void setLinkUp()
    {
        DpdkException.check(Dpdk.rte_eth_dev_set_link_up(port()), call("rte_eth_dev_set_link_up"));
    }

    public void setLinkDown()
    {
        DpdkException.check(Dpdk.rte_eth_dev_set_link_down(port()), call("rte_eth_dev_set_link_down"));
    }

    public void promiscuous(final boolean enabled)
    {
        if (enabled)
        {
            DpdkException.check(Dpdk.rte_eth_promiscuous_enable(port()), call("rte_eth_promiscuous_enable"));
        }
        else
        {
            DpdkException.check(Dpdk.rte_eth_promiscuous_disable(port()), call("rte_eth_promiscuous_disable"));
        }
    }

    public boolean promiscuous()
    {
        return 1 == DpdkException.check(Dpdk.rte_eth_promiscuous_get(port()), call("rte_eth_promiscuous_get"));
    }

    public void allMulticast(final boolean enabled)
    {
        if (enabled)
        {
            DpdkException.check(Dpdk.rte_eth_allmulticast_enable(port()), call("rte_eth_allmulticast_enable"));
        }
        else
        {
            DpdkException.check(Dpdk.rte_eth_allmulticast_disable(port()), call("rte_eth_allmulticast_disable"));
        }
    }

    public boolean allMulticast()
    {
        return 1 == DpdkException.check(Dpdk.rte_eth_allmulticast_get(port()), call("rte_eth_allmulticast_get"));
    }

    public MacAddress macAddress()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment addr = arena.allocate(RteEtherAddr.LAYOUT);
            DpdkException.check(Dpdk.rte_eth_macaddr_get(port(), addr), call("rte_eth_macaddr_get"));
            return new MacAddress(RteEtherAddr.get(addr));
        }
    }

    /** Replaces the port's default (primary) MAC address. */
    public void macAddress(final MacAddress mac)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment addr = arena.allocate(RteEtherAddr.LAYOUT);
            RteEtherAddr.set(addr, mac.value());
            DpdkException.check(Dpdk.rte_eth_dev_default_mac_addr_set(port(), addr),
                call("rte_eth_dev_default_mac_addr_set", mac.toString()));
        }
    }

    public int mtu()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment mtu = arena.allocate(ValueLayout.JAVA_SHORT);
            DpdkException.check(Dpdk.rte_eth_dev_get_mtu(port(), mtu), call("rte_eth_dev_get_mtu"));
            return Short.toUnsignedInt(mtu.get(ValueLayout.JAVA_SHORT, 0));
        }
    }

    public void mtu(final int mtu)
    {
        if (mtu < 0 || mtu > 0xFFFF)
        {
            throw new IllegalArgumentException("MTU must fit 16 bits: " + mtu);
        }
        DpdkException.check(Dpdk.rte_eth_dev_set_mtu(port(), (short)mtu), call("rte_eth_dev_set_mtu", String.valueOf(mtu)));
    }

    /** Link state without waiting for the driver to complete autonegotiation. */
    public LinkStatus link()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment link = arena.allocate(RteEthLink.LAYOUT);
            DpdkException.check(Dpdk.rte_eth_link_get_nowait(port(), link), call("rte_eth_link_get_nowait"));
            return new LinkStatus(
                RteEthLink.linkSpeed(link),
                Dpdk.RTE_ETH_LINK_FULL_DUPLEX == RteEthLink.linkDuplex(link),
                Dpdk.RTE_ETH_LINK_AUTONEG == RteEthLink.linkAutoneg(link),
                Dpdk.RTE_ETH_LINK_UP == RteEthLink.linkStatus(link));
        }
    }

    public PortStats stats()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment stats = arena.allocate(RteEthStats.LAYOUT);
            DpdkException.check(Dpdk.rte_eth_stats_get(port(), stats), call("rte_eth_stats_get"));
            return new PortStats(
                RteEthStats.ipackets(stats),
                RteEthStats.opackets(stats),
                RteEthStats.ibytes(stats),
                RteEthStats.obytes(stats),
                RteEthStats.imissed(stats),
                RteEthStats.ierrors(stats),
                RteEthStats.oerrors(stats),
                RteEthStats.rxNombuf(stats));
        }
    }

    public void resetStats()
    {
        DpdkException.check(Dpdk.rte_eth_stats_reset(port()), call("rte_eth_stats_reset"));
    }

    /** Every extended statistic of the port, by name, in the driver's order. */
    public Map<String, Long> xstats()
    {
        final int count = DpdkException.check(
            Dpdk.rte_eth_xstats_get_names(port(), MemorySegment.NULL, 0), call("rte_eth_xstats_get_names"));
        final Map<String, Long> result = new LinkedHashMap<>();
        if (0 == count)
        {
            return result;
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment names = arena.allocate(RteEthXstatName.LAYOUT, count);
            final MemorySegment values = arena.allocate(RteEthXstat.LAYOUT, count);
            final int namesRead = DpdkException.check(
                Dpdk.rte_eth_xstats_get_names(port(), names, count), call("rte_eth_xstats_get_names"));
            final int valuesRead = DpdkException.check(
                Dpdk.rte_eth_xstats_get(port(), values, count), call("rte_eth_xstats_get"));
            if (namesRead > count || valuesRead > count)
            {
                throw new IllegalStateException(this + ": the number of xstats changed while reading them");
            }
            for (int i = 0; i < valuesRead; i++)
            {
                final long id = RteEthXstat.id(values, i);
                if (id >= 0 && id < namesRead)
                {
                    result.put(RteEthXstatName.name(names, id), RteEthXstat.value(values, i));
                }
            }
            return result;
        }
    }

    public void resetXstats()
    {
        DpdkException.check(Dpdk.rte_eth_xstats_reset(port()), call("rte_eth_xstats_reset"));
    }

    /** The RSS hash functions in effect on a started or configured port. */
    public long rssHashFunctions()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment conf = arena.allocate(RteEthRssConf.LAYOUT);
            RteEthRssConf.rssKey(conf, MemorySegment.NULL);
            DpdkException.check(Dpdk.rte_eth_dev_rss_hash_conf_get(port(), conf), call("rte_eth_dev_rss_hash_conf_get"));
            return RteEthRssConf.rssHf(conf);
        }
    }

    /** NUMA socket of the device, {@link Dpdk#SOCKET_ID_ANY} if unknown (vdevs). */
    public int socketId()
    {
        return Dpdk.rte_eth_dev_socket_id(port());
    }

    /**
     * FAST PATH. Receives up to {@code maxPackets} packets from an rx queue, writing their mbuf
     * addresses into the native array at {@code mbufArray} (8 bytes per entry).
     *
     * @return how many were received; the caller owns those mbufs
     */
    public int rxBurst(final int queueId, final long mbufArray, final int maxPackets)
    {
        return Dpdk.jn_rx_burst(portId, queueId, mbufArray, maxPackets);
    }

    /**
     * FAST PATH. Queues packets for sending; the PMD takes ownership of the first n returned.
     * The caller still owns (must retry or free) the rest.
     */
    public int txBurst(final int queueId, final long mbufArray, final int count)
    {
        return Dpdk.jn_tx_burst(portId, queueId, mbufArray, count);
    }

    @Override
    public String toString()
    {
        return "port " + portId + " " + name;
    }

    /** The port id for a control call; refuses once EAL is gone, when the port's memory is too. */
    private short port()
    {
        Eal.requireRunning();
        return (short)portId;
    }

    private String call(final String function)
    {
        return function + "(" + this + ")";
    }

    private String call(final String function, final String arguments)
    {
        return function + "(" + this + ", " + arguments + ")";
    }
}
