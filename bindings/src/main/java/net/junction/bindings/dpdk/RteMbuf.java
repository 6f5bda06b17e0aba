package net.junction.bindings.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static net.junction.bindings.dpdk.StructLayouts.field;

import java.lang.foreign.StructLayout;

import net.junction.bindings.RawMemory;

/**
 * {@code struct rte_mbuf} of DPDK 22.11 (x86-64, {@code RTE_IOVA_AS_PA}): its layout and static
 * accessors over a raw mbuf address.
 *
 * <p>FAST PATH. Every accessor is one plain load or store through {@link RawMemory} at a
 * constant offset: no allocation, no bounds check, no downcall. A packet is a {@code long}
 * (the {@code struct rte_mbuf *} the rx burst wrote into the worker's mbuf array), never an
 * object. Multi-byte fields are host order, as in C. Offsets are written by hand and proven
 * against the installed headers by {@code StructLayoutProbeTest}.
 *
 * <p>Unsigned C fields come back widened and masked ({@code uint16_t} as a non-negative
 * {@code int}); {@code uint32_t} lengths come back as {@code int} (a packet is far below
 * 2<sup>31</sup> bytes). Setters write the low bits.
 *
 * <pre>
 *  0 buf_addr        8 buf_iova       16 data_off 18 refcnt 20 nb_segs 22 port
 * 24 ol_flags       32 packet_type    36 pkt_len  40 data_len 42 vlan_tci
 * 44 hash.rss       52 vlan_tci_outer 54 buf_len  56 pool
 * 64 next           72 tx_offload     80 shinfo   88 priv_size 90 timesync     (128 bytes)
 * </pre>
 */
public final class RteMbuf
{
    @NativeConstant("rte_mbuf.sizeof")
    public static final int SIZEOF = 128;
    @NativeConstant("rte_mbuf.alignof")
    public static final int ALIGNOF = 64;

    @NativeConstant("rte_mbuf.buf_addr")
    public static final int BUF_ADDR_OFFSET = 0;
    @NativeConstant("rte_mbuf.buf_iova")
    public static final int BUF_IOVA_OFFSET = 8;
    @NativeConstant("rte_mbuf.data_off")
    public static final int DATA_OFF_OFFSET = 16;
    @NativeConstant("rte_mbuf.refcnt")
    public static final int REFCNT_OFFSET = 18;
    @NativeConstant("rte_mbuf.nb_segs")
    public static final int NB_SEGS_OFFSET = 20;
    @NativeConstant("rte_mbuf.port")
    public static final int PORT_OFFSET = 22;
    @NativeConstant("rte_mbuf.ol_flags")
    public static final int OL_FLAGS_OFFSET = 24;
    @NativeConstant("rte_mbuf.packet_type")
    public static final int PACKET_TYPE_OFFSET = 32;
    @NativeConstant("rte_mbuf.pkt_len")
    public static final int PKT_LEN_OFFSET = 36;
    @NativeConstant("rte_mbuf.data_len")
    public static final int DATA_LEN_OFFSET = 40;
    @NativeConstant("rte_mbuf.vlan_tci")
    public static final int VLAN_TCI_OFFSET = 42;
    @NativeConstant("rte_mbuf.hash.rss")
    public static final int HASH_RSS_OFFSET = 44;
    @NativeConstant("rte_mbuf.vlan_tci_outer")
    public static final int VLAN_TCI_OUTER_OFFSET = 52;
    @NativeConstant("rte_mbuf.buf_len")
    public static final int BUF_LEN_OFFSET = 54;
    @NativeConstant("rte_mbuf.pool")
    public static final int POOL_OFFSET = 56;
    @NativeConstant("rte_mbuf.next")
    public static final int NEXT_OFFSET = 64;
    @NativeConstant("rte_mbuf.tx_offload")
    public static final int TX_OFFLOAD_OFFSET = 72;
    @NativeConstant("rte_mbuf.shinfo")
    public static final int SHINFO_OFFSET = 80;
    @NativeConstant("rte_mbuf.priv_size")
    public static final int PRIV_SIZE_OFFSET = 88;
    @NativeConstant("rte_mbuf.timesync")
    public static final int TIMESYNC_OFFSET = 90;

    /** The fields above as a layout of the full 128-byte, cache-line aligned struct. */
    public static final StructLayout LAYOUT = StructLayouts.struct("rte_mbuf", SIZEOF, ALIGNOF,
        field(BUF_ADDR_OFFSET, ADDRESS.withName("buf_addr")),
        field(BUF_IOVA_OFFSET, JAVA_LONG.withName("buf_iova")),
        field(DATA_OFF_OFFSET, JAVA_SHORT.withName("data_off")),
        field(REFCNT_OFFSET, JAVA_SHORT.withName("refcnt")),
        field(NB_SEGS_OFFSET, JAVA_SHORT.withName("nb_segs")),
        field(PORT_OFFSET, JAVA_SHORT.withName("port")),
        field(OL_FLAGS_OFFSET, JAVA_LONG.withName("ol_flags")),
        field(PACKET_TYPE_OFFSET, JAVA_INT.withName("packet_type")),
        field(PKT_LEN_OFFSET, JAVA_INT.withName("pkt_len")),
        field(DATA_LEN_OFFSET, JAVA_SHORT.withName("data_len")),
        field(VLAN_TCI_OFFSET, JAVA_SHORT.withName("vlan_tci")),
        field(HASH_RSS_OFFSET, JAVA_INT.withName("hash_rss")),
        field(VLAN_TCI_OUTER_OFFSET, JAVA_SHORT.withName("vlan_tci_outer")),
        field(BUF_LEN_OFFSET, JAVA_SHORT.withName("buf_len")),
        field(POOL_OFFSET, ADDRESS.withName("pool")),
        field(NEXT_OFFSET, ADDRESS.withName("next")),
        field(TX_OFFLOAD_OFFSET, JAVA_LONG.withName("tx_offload")),
        field(SHINFO_OFFSET, ADDRESS.withName("shinfo")),
        field(PRIV_SIZE_OFFSET, JAVA_SHORT.withName("priv_size")),
        field(TIMESYNC_OFFSET, JAVA_SHORT.withName("timesync")));

    private RteMbuf()
    {
    }

    /** Virtual address of the segment buffer (the headroom starts here). */
    public static long bufAddr(final long mbuf)
    {
        return RawMemory.getLongNative(mbuf + BUF_ADDR_OFFSET);
    }

    public static long bufIova(final long mbuf)
    {
        return RawMemory.getLongNative(mbuf + BUF_IOVA_OFFSET);
    }

    /** Start of the packet data relative to {@link #bufAddr}. */
    public static int dataOff(final long mbuf)
    {
        return RawMemory.getShortNative(mbuf + DATA_OFF_OFFSET);
    }

    public static void dataOff(final long mbuf, final int value)
    {
        RawMemory.putShortNative(mbuf + DATA_OFF_OFFSET, value);
    }

    /** Address of the first packet byte: {@code rte_pktmbuf_mtod(m, void *)}. */
    public static long dataAddress(final long mbuf)
    {
        return bufAddr(mbuf) + dataOff(mbuf);
    }

    /** Reference count; change it atomically with {@link Dpdk#jn_mbuf_refcnt_update}. */
    public static int refcnt(final long mbuf)
    {
        return RawMemory.getShortNative(mbuf + REFCNT_OFFSET);
    }

    /** Plain store, as {@code rte_mbuf_refcnt_set}: only while this thread owns the mbuf alone. */
    public static void refcnt(final long mbuf, final int value)
    {
        RawMemory.putShortNative(mbuf + REFCNT_OFFSET, value);
    }

    public static int nbSegs(final long mbuf)
    {
        return RawMemory.getShortNative(mbuf + NB_SEGS_OFFSET);
    }

    public static void nbSegs(final long mbuf, final int value)
    {
        RawMemory.putShortNative(mbuf + NB_SEGS_OFFSET, value);
    }

    /** Input port (set by the PMD on rx). */
    public static int port(final long mbuf)
    {
        return RawMemory.getShortNative(mbuf + PORT_OFFSET);
    }

    public static void port(final long mbuf, final int value)
    {
        RawMemory.putShortNative(mbuf + PORT_OFFSET, value);
    }

    /** {@code RTE_MBUF_F_*} flags, see {@link Dpdk}. */
    public static long olFlags(final long mbuf)
    {
        return RawMemory.getLongNative(mbuf + OL_FLAGS_OFFSET);
    }

    public static void olFlags(final long mbuf, final long value)
    {
        RawMemory.putLongNative(mbuf + OL_FLAGS_OFFSET, value);
    }

    /** {@code RTE_PTYPE_*} bits the PMD (or {@code rte_net_get_ptype}) filled in. */
    public static int packetType(final long mbuf)
    {
        return RawMemory.getIntNative(mbuf + PACKET_TYPE_OFFSET);
    }

    public static void packetType(final long mbuf, final int value)
    {
        RawMemory.putIntNative(mbuf + PACKET_TYPE_OFFSET, value);
    }

    /** Total packet length, all segments. */
    public static int pktLen(final long mbuf)
    {
        return RawMemory.getIntNative(mbuf + PKT_LEN_OFFSET);
    }

    public static void pktLen(final long mbuf, final int value)
    {
        RawMemory.putIntNative(mbuf + PKT_LEN_OFFSET, value);
    }

    /** Data length of this segment. */
    public static int dataLen(final long mbuf)
    {
        return RawMemory.getShortNative(mbuf + DATA_LEN_OFFSET);
    }

    public static void dataLen(final long mbuf, final int value)
    {
        RawMemory.putShortNative(mbuf + DATA_LEN_OFFSET, value);
    }

    public static int vlanTci(final long mbuf)
    {
        return RawMemory.getShortNative(mbuf + VLAN_TCI_OFFSET);
    }

    public static void vlanTci(final long mbuf, final int value)
    {
        RawMemory.putShortNative(mbuf + VLAN_TCI_OFFSET, value);
    }

    /** RSS hash, valid when {@link #olFlags} has {@link Dpdk#RTE_MBUF_F_RX_RSS_HASH}. */
    public static int rssHash(final long mbuf)
    {
        return RawMemory.getIntNative(mbuf + HASH_RSS_OFFSET);
    }

    public static void rssHash(final long mbuf, final int value)
    {
        RawMemory.putIntNative(mbuf + HASH_RSS_OFFSET, value);
    }

    public static int vlanTciOuter(final long mbuf)
    {
        return RawMemory.getShortNative(mbuf + VLAN_TCI_OUTER_OFFSET);
    }

    public static void vlanTciOuter(final long mbuf, final int value)
    {
        RawMemory.putShortNative(mbuf + VLAN_TCI_OUTER_OFFSET, value);
    }

    /** Size of the segment buffer (headroom + data room), fixed at pool creation. */
    public static int bufLen(final long mbuf)
    {
        return RawMemory.getShortNative(mbuf + BUF_LEN_OFFSET);
    }

    /** The {@code struct rte_mempool *} this mbuf returns to. */
    public static long pool(final long mbuf)
    {
        return RawMemory.getLongNative(mbuf + POOL_OFFSET);
    }

    /** Next segment of a chained packet, 0 for the last one. */
    public static long next(final long mbuf)
    {
        return RawMemory.getLongNative(mbuf + NEXT_OFFSET);
    }

    public static void next(final long mbuf, final long value)
    {
        RawMemory.putLongNative(mbuf + NEXT_OFFSET, value);
    }

    /** The packed l2_len/l3_len/l4_len/tso_segsz/outer lengths word used by tx offloads. */
    public static long txOffload(final long mbuf)
    {
        return RawMemory.getLongNative(mbuf + TX_OFFLOAD_OFFSET);
    }

    public static void txOffload(final long mbuf, final long value)
    {
        RawMemory.putLongNative(mbuf + TX_OFFLOAD_OFFSET, value);
    }

    public static int privSize(final long mbuf)
    {
        return RawMemory.getShortNative(mbuf + PRIV_SIZE_OFFSET);
    }

    /** Free bytes before the data: {@code rte_pktmbuf_headroom}. */
    public static int headroom(final long mbuf)
    {
        return dataOff(mbuf);
    }

    /** Free bytes after this segment's data: {@code rte_pktmbuf_tailroom}. */
    public static int tailroom(final long mbuf)
    {
        return bufLen(mbuf) - dataOff(mbuf) - dataLen(mbuf);
    }
}
