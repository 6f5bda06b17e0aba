package net.junction.bindings.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static net.junction.bindings.dpdk.StructLayouts.field;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/** {@code struct rte_eth_rss_conf}, read back with {@code rte_eth_dev_rss_hash_conf_get}. */
public final class RteEthRssConf
{
    @NativeConstant("rte_eth_rss_conf.sizeof")
    public static final long SIZEOF = 24;
    @NativeConstant("rte_eth_rss_conf.rss_key")
    public static final long RSS_KEY_OFFSET = 0;
    @NativeConstant("rte_eth_rss_conf.rss_key_len")
    public static final long RSS_KEY_LEN_OFFSET = 8;
    @NativeConstant("rte_eth_rss_conf.rss_hf")
    public static final long RSS_HF_OFFSET = 16;

    public static final StructLayout LAYOUT = StructLayouts.struct("rte_eth_rss_conf", SIZEOF, 8,
        field(RSS_KEY_OFFSET, ADDRESS.withName("rss_key")),
        field(RSS_KEY_LEN_OFFSET, JAVA_BYTE.withName("rss_key_len")),
        field(RSS_HF_OFFSET, JAVA_LONG.withName("rss_hf")));

    private RteEthRssConf()
    {
    }

    /** NULL asks {@code rte_eth_dev_rss_hash_conf_get} not to copy the key. */
    public static void rssKey(final MemorySegment conf, final MemorySegment key)
    {
        conf.set(ADDRESS, RSS_KEY_OFFSET, key);
    }

    public static int rssKeyLen(final MemorySegment conf)
    {
        return conf.get(JAVA_BYTE, RSS_KEY_LEN_OFFSET) & 0xFF;
    }

    public static void rssKeyLen(final MemorySegment conf, final int value)
    {
        conf.set(JAVA_BYTE, RSS_KEY_LEN_OFFSET, (byte)value);
    }

    public static long rssHf(final MemorySegment conf)
    {
        return conf.get(JAVA_LONG, RSS_HF_OFFSET);
    }
}
