package net.junction.bindings.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static net.junction.bindings.dpdk.StructLayouts.field;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct rte_eth_conf} (2272 bytes), the argument of {@code rte_eth_dev_configure}.
 * Allocate it zeroed (every {@code Arena} allocation is): zero is DPDK's "default" for each
 * field Junction does not set (VMDq, DCB, interrupt and loopback modes off).
 */
public final class RteEthConf
{
    @NativeConstant("rte_eth_conf.sizeof")
    public static final long SIZEOF = 2272;
    @NativeConstant("rte_eth_conf.link_speeds")
    public static final long LINK_SPEEDS_OFFSET = 0;
    @NativeConstant("rte_eth_conf.rxmode.mq_mode")
    public static final long RXMODE_MQ_MODE_OFFSET = 8;
    @NativeConstant("rte_eth_conf.rxmode.mtu")
    public static final long RXMODE_MTU_OFFSET = 12;
    @NativeConstant("rte_eth_conf.rxmode.offloads")
    public static final long RXMODE_OFFLOADS_OFFSET = 24;
    @NativeConstant("rte_eth_conf.txmode.mq_mode")
    public static final long TXMODE_MQ_MODE_OFFSET = 64;
    @NativeConstant("rte_eth_conf.txmode.offloads")
    public static final long TXMODE_OFFLOADS_OFFSET = 72;
    @NativeConstant("rte_eth_conf.lpbk_mode")
    public static final long LPBK_MODE_OFFSET = 120;
    @NativeConstant("rte_eth_conf.rx_adv_conf.rss_conf.rss_key")
    public static final long RSS_KEY_OFFSET = 128;
    @NativeConstant("rte_eth_conf.rx_adv_conf.rss_conf.rss_key_len")
    public static final long RSS_KEY_LEN_OFFSET = 136;
    @NativeConstant("rte_eth_conf.rx_adv_conf.rss_conf.rss_hf")
    public static final long RSS_HF_OFFSET = 144;

    public static final StructLayout LAYOUT = StructLayouts.struct("rte_eth_conf", SIZEOF, 8,
        field(LINK_SPEEDS_OFFSET, JAVA_INT.withName("link_speeds")),
        field(RXMODE_MQ_MODE_OFFSET, JAVA_INT.withName("rxmode_mq_mode")),
        field(RXMODE_MTU_OFFSET, JAVA_INT.withName("rxmode_mtu")),
        field(RXMODE_OFFLOADS_OFFSET, JAVA_LONG.withName("rxmode_offloads")),
        field(TXMODE_MQ_MODE_OFFSET, JAVA_INT.withName("txmode_mq_mode")),
        field(TXMODE_OFFLOADS_OFFSET, JAVA_LONG.withName("txmode_offloads")),
        field(LPBK_MODE_OFFSET, JAVA_INT.withName("lpbk_mode")),
        field(RSS_KEY_OFFSET, ADDRESS.withName("rss_key")),
        field(RSS_KEY_LEN_OFFSET, JAVA_BYTE.withName("rss_key_len")),
        field(RSS_HF_OFFSET, JAVA_LONG.withName("rss_hf")));

    private RteEthConf()
    {
    }

    public static void linkSpeeds(final MemorySegment conf, final int value)
    {
        conf.set(JAVA_INT, LINK_SPEEDS_OFFSET, value);
    }

    public static int rxmodeMqMode(final MemorySegment conf)
    {
        return conf.get(JAVA_INT, RXMODE_MQ_MODE_OFFSET);
    }

    /** {@link Dpdk#RTE_ETH_MQ_RX_NONE} or {@link Dpdk#RTE_ETH_MQ_RX_RSS}. */
    public static void rxmodeMqMode(final MemorySegment conf, final int value)
    {
        conf.set(JAVA_INT, RXMODE_MQ_MODE_OFFSET, value);
    }

    public static int rxmodeMtu(final MemorySegment conf)
    {
        return conf.get(JAVA_INT, RXMODE_MTU_OFFSET);
    }

    /** Requested MTU; 0 keeps the device default ({@code RTE_ETHER_MTU}). */
    public static void rxmodeMtu(final MemorySegment conf, final int value)
    {
        conf.set(JAVA_INT, RXMODE_MTU_OFFSET, value);
    }

    public static long rxmodeOffloads(final MemorySegment conf)
    {
        return conf.get(JAVA_LONG, RXMODE_OFFLOADS_OFFSET);
    }

    public static void rxmodeOffloads(final MemorySegment conf, final long value)
    {
        conf.set(JAVA_LONG, RXMODE_OFFLOADS_OFFSET, value);
    }

    public static void txmodeMqMode(final MemorySegment conf, final int value)
    {
        conf.set(JAVA_INT, TXMODE_MQ_MODE_OFFSET, value);
    }

    public static long txmodeOffloads(final MemorySegment conf)
    {
        return conf.get(JAVA_LONG, TXMODE_OFFLOADS_OFFSET);
    }

    public static void txmodeOffloads(final MemorySegment conf, final long value)
    {
        conf.set(JAVA_LONG, TXMODE_OFFLOADS_OFFSET, value);
    }

    /** A key of {@code rss_key_len} bytes, or NULL for the driver's default key. */
    public static void rssKey(final MemorySegment conf, final MemorySegment key)
    {
        conf.set(ADDRESS, RSS_KEY_OFFSET, key);
    }

    public static void rssKeyLen(final MemorySegment conf, final int value)
    {
        conf.set(JAVA_BYTE, RSS_KEY_LEN_OFFSET, (byte)value);
    }

    public static long rssHf(final MemorySegment conf)
    {
        return conf.get(JAVA_LONG, RSS_HF_OFFSET);
    }

    /** {@code RTE_ETH_RSS_*} bits; must be a subset of the device's flow_type_rss_offloads. */
    public static void rssHf(final MemorySegment conf, final long value)
    {
        conf.set(JAVA_LONG, RSS_HF_OFFSET, value);
    }
}
