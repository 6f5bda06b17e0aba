package net.junction.bindings.dpdk;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * DPDK 22.11 header class in jextract's shape: one static method per C function, each over a
 * downcall {@link MethodHandle} held in a nested class (looked up once, on first use, and
 * constant-folded by the JIT) and called with {@code invokeExact}; macros and enum values as
 * constants.
 *
 * <p>Why hand-written and not jextract output: jextract is not part of the build, and most of
 * the data path is static inline in DPDK's headers, so it needs the shim anyway. Every
 * constant is annotated with the C value it mirrors and proven by {@code StructLayoutProbeTest}.
 *
 * <p>Two calling conventions:
 * <ul>
 * <li>Control path ({@code rte_*}): C types as jextract maps them ({@code uint16_t} is
 *     {@code short}, pointers are {@link MemorySegment}); may allocate, may block.</li>
 * <li>FAST PATH ({@code jn_*}, from {@code libjunction_shim.so}): per-burst calls. Pointers are
 *     raw {@code long} addresses (same ABI class as a pointer on LP64) and narrow integers are
 *     {@code int}, so a burst never materializes a segment; they are linked with
 *     {@link Linker.Option#critical(boolean) critical(false)}: no thread-state transition, and
 *     they must not block or call back into Java (none does).</li>
 * </ul>
 *
 * <p>Errors: {@code rte_*} functions return a negative errno, or set {@code rte_errno}, which is
 * thread local: read it with {@link #jn_errno()} on the same thread, before any other DPDK call.
 */
public final class Dpdk
{
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);

    // ---- version ----
    @NativeConstant("RTE_VER_YEAR")
    public static final int RTE_VER_YEAR = 22;
    @NativeConstant("RTE_VER_MONTH")
    public static final int RTE_VER_MONTH = 11;

    // ---- EAL, lcores, memory ----
    @NativeConstant("RTE_MAX_LCORE")
    public static final int RTE_MAX_LCORE = 128;
    @NativeConstant("LCORE_ID_ANY")
    public static final int LCORE_ID_ANY = -1;
    @NativeConstant("SOCKET_ID_ANY")
    public static final int SOCKET_ID_ANY = -1;

    // ---- mbuf and mempool ----
    @NativeConstant("RTE_PKTMBUF_HEADROOM")
    public static final int RTE_PKTMBUF_HEADROOM = 128;
    @NativeConstant("RTE_MBUF_DEFAULT_DATAROOM")
    public static final int RTE_MBUF_DEFAULT_DATAROOM = 2048;
    @NativeConstant("RTE_MBUF_DEFAULT_BUF_SIZE")
    public static final int RTE_MBUF_DEFAULT_BUF_SIZE = 2176;
    /** Size of a pool name buffer, NUL included: names have at most 25 characters. */
    @NativeConstant("RTE_MEMPOOL_NAMESIZE")
    public static final int RTE_MEMPOOL_NAMESIZE = 26;
    @NativeConstant("RTE_MEMPOOL_CACHE_MAX_SIZE")
    public static final int RTE_MEMPOOL_CACHE_MAX_SIZE = 512;

    @NativeConstant("RTE_MBUF_F_RX_RSS_HASH")
    public static final long RTE_MBUF_F_RX_RSS_HASH = 1L << 1;
    @NativeConstant("RTE_MBUF_F_RX_IP_CKSUM_MASK")
    public static final long RTE_MBUF_F_RX_IP_CKSUM_MASK = (1L << 4) | (1L << 7);
    @NativeConstant("RTE_MBUF_F_RX_IP_CKSUM_BAD")
    public static final long RTE_MBUF_F_RX_IP_CKSUM_BAD = 1L << 4;
    @NativeConstant("RTE_MBUF_F_RX_IP_CKSUM_GOOD")
    public static final long RTE_MBUF_F_RX_IP_CKSUM_GOOD = 1L << 7;
    @NativeConstant("RTE_MBUF_F_RX_L4_CKSUM_MASK")
    public static final long RTE_MBUF_F_RX_L4_CKSUM_MASK = (1L << 3) | (1L << 8);
    @NativeConstant("RTE_MBUF_F_RX_L4_CKSUM_BAD")
    public static final long RTE_MBUF_F_RX_L4_CKSUM_BAD = 1L << 3;
    @NativeConstant("RTE_MBUF_F_RX_L4_CKSUM_GOOD")
    public static final long RTE_MBUF_F_RX_L4_CKSUM_GOOD = 1L << 8;
    @NativeConstant("RTE_MBUF_F_TX_IPV4")
    public static final long RTE_MBUF_F_TX_IPV4 = 1L << 55;
    @NativeConstant("RTE_MBUF_F_TX_IPV6")
    public static final long RTE_MBUF_F_TX_IPV6 = 1L << 56;
    @NativeConstant("RTE_MBUF_F_TX_IP_CKSUM")
    public static final long RTE_MBUF_F_TX_IP_CKSUM = 1L << 54;
    @NativeConstant("RTE_MBUF_F_TX_TCP_CKSUM")
    public static final long RTE_MBUF_F_TX_TCP_CKSUM = 1L << 52;
    /** Not a single bit: the L4 checksum request is a 2-bit code at bits 52-53. */
    @NativeConstant("RTE_MBUF_F_TX_UDP_CKSUM")
    public static final long RTE_MBUF_F_TX_UDP_CKSUM = 3L << 52;

    // ---- ethdev ----
    @NativeConstant("RTE_MAX_ETHPORTS")
    public static final int RTE_MAX_ETHPORTS = 32;
    @NativeConstant("RTE_ETH_NAME_MAX_LEN")
    public static final int RTE_ETH_NAME_MAX_LEN = 64;
    @NativeConstant("RTE_ETHER_MTU")
    public static final int RTE_ETHER_MTU = 1500;

    @NativeConstant("RTE_ETH_MQ_RX_NONE")
    public static final int RTE_ETH_MQ_RX_NONE = 0;
    @NativeConstant("RTE_ETH_MQ_RX_RSS")
    public static final int RTE_ETH_MQ_RX_RSS = 1;
    @NativeConstant("RTE_ETH_MQ_TX_NONE")
    public static final int RTE_ETH_MQ_TX_NONE = 0;

    @NativeConstant("RTE_ETH_RSS_IPV4")
    public static final long RTE_ETH_RSS_IPV4 = 1L << 2;
    @NativeConstant("RTE_ETH_RSS_NONFRAG_IPV4_TCP")
    public static final long RTE_ETH_RSS_NONFRAG_IPV4_TCP = 1L << 4;
    @NativeConstant("RTE_ETH_RSS_NONFRAG_IPV4_UDP")
    public static final long RTE_ETH_RSS_NONFRAG_IPV4_UDP = 1L << 5;
    @NativeConstant("RTE_ETH_RSS_IPV6")
    public static final long RTE_ETH_RSS_IPV6 = 1L << 8;
    @NativeConstant("RTE_ETH_RSS_NONFRAG_IPV6_TCP")
    public static final long RTE_ETH_RSS_NONFRAG_IPV6_TCP = 1L << 10;
    @NativeConstant("RTE_ETH_RSS_NONFRAG_IPV6_UDP")
    public static final long RTE_ETH_RSS_NONFRAG_IPV6_UDP = 1L << 11;
    /** IPv4/IPv6 addresses, fragmented or not, IPv6 extension headers. */
    @NativeConstant("RTE_ETH_RSS_IP")
    public static final long RTE_ETH_RSS_IP = 41868L;
    @NativeConstant("RTE_ETH_RSS_TCP")
    public static final long RTE_ETH_RSS_TCP = 66576L;
    @NativeConstant("RTE_ETH_RSS_UDP")
    public static final long RTE_ETH_RSS_UDP = 133152L;

    @NativeConstant("RTE_ETH_LINK_DOWN")
    public static final int RTE_ETH_LINK_DOWN = 0;
    @NativeConstant("RTE_ETH_LINK_UP")
    public static final int RTE_ETH_LINK_UP = 1;
    @NativeConstant("RTE_ETH_LINK_HALF_DUPLEX")
    public static final int RTE_ETH_LINK_HALF_DUPLEX = 0;
    @NativeConstant("RTE_ETH_LINK_FULL_DUPLEX")
    public static final int RTE_ETH_LINK_FULL_DUPLEX = 1;
    @NativeConstant("RTE_ETH_LINK_FIXED")
    public static final int RTE_ETH_LINK_FIXED = 0;
    @NativeConstant("RTE_ETH_LINK_AUTONEG")
    public static final int RTE_ETH_LINK_AUTONEG = 1;
    @NativeConstant("RTE_ETH_SPEED_NUM_NONE")
    public static final int RTE_ETH_SPEED_NUM_NONE = 0;
    /** UINT32_MAX in C. */
    @NativeConstant("RTE_ETH_SPEED_NUM_UNKNOWN")
    public static final int RTE_ETH_SPEED_NUM_UNKNOWN = -1;

    @NativeConstant("RTE_ETH_RX_OFFLOAD_IPV4_CKSUM")
    public static final long RTE_ETH_RX_OFFLOAD_IPV4_CKSUM = 1L << 1;
    @NativeConstant("RTE_ETH_RX_OFFLOAD_UDP_CKSUM")
    public static final long RTE_ETH_RX_OFFLOAD_UDP_CKSUM = 1L << 2;
    @NativeConstant("RTE_ETH_RX_OFFLOAD_TCP_CKSUM")
    public static final long RTE_ETH_RX_OFFLOAD_TCP_CKSUM = 1L << 3;
    @NativeConstant("RTE_ETH_RX_OFFLOAD_SCATTER")
    public static final long RTE_ETH_RX_OFFLOAD_SCATTER = 1L << 13;
    @NativeConstant("RTE_ETH_RX_OFFLOAD_RSS_HASH")
    public static final long RTE_ETH_RX_OFFLOAD_RSS_HASH = 1L << 19;
    @NativeConstant("RTE_ETH_TX_OFFLOAD_IPV4_CKSUM")
    public static final long RTE_ETH_TX_OFFLOAD_IPV4_CKSUM = 1L << 1;
    @NativeConstant("RTE_ETH_TX_OFFLOAD_UDP_CKSUM")
    public static final long RTE_ETH_TX_OFFLOAD_UDP_CKSUM = 1L << 2;
    @NativeConstant("RTE_ETH_TX_OFFLOAD_TCP_CKSUM")
    public static final long RTE_ETH_TX_OFFLOAD_TCP_CKSUM = 1L << 3;
    @NativeConstant("RTE_ETH_TX_OFFLOAD_MULTI_SEGS")
    public static final long RTE_ETH_TX_OFFLOAD_MULTI_SEGS = 1L << 15;
    @NativeConstant("RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE")
    public static final long RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE = 1L << 16;

    private Dpdk()
    {
    }

    @SuppressWarnings("restricted") // linking native functions is what this class is for
    static MethodHandle downcall(final String name, final FunctionDescriptor descriptor, final Linker.Option... options)
    {
        return LINKER.downcallHandle(ShimLibrary.find(name), descriptor, options);
    }

    private static RuntimeException rethrow(final Throwable ex)
    {
        if (ex instanceof RuntimeException runtime)
        {
            return runtime;
        }
        if (ex instanceof Error error)
        {
            throw error;
        }
        return new IllegalStateException("a downcall threw a checked exception", ex);
    }

    /** Reads a NUL-terminated C string returned by DPDK; "" for NULL. */
    @SuppressWarnings("restricted") // DPDK returns unsized pointers; the string ends at its NUL
    public static String string(final MemorySegment cString)
    {
        return MemorySegment.NULL.equals(cString) ? "" : cString.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** {@code rte_strerror(errnum)} as a Java string. */
    public static String strerror(final int errnum)
    {
        return string(rte_strerror(errnum));
    }

    // ---- EAL, mempool, ethdev: exported DPDK functions (control path) ----

    private static final class rte_eal_init
    {
        static final MethodHandle HANDLE = downcall("rte_eal_init", FunctionDescriptor.of(C_INT, C_INT, C_POINTER));
    }
    /** EAL start-up; returns the number of parsed arguments or -1 with rte_errno set. Once per process. */
    public static int rte_eal_init(final int argc, final MemorySegment argv)
    {
        try
        {
            return (int)rte_eal_init.HANDLE.invokeExact(argc, argv);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eal_cleanup
    {
        static final MethodHandle HANDLE = downcall("rte_eal_cleanup", FunctionDescriptor.of(C_INT));
    }
    /** Releases EAL resources; no DPDK call is valid afterwards. */
    public static int rte_eal_cleanup()
    {
        try
        {
            return (int)rte_eal_cleanup.HANDLE.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_thread_register
    {
        static final MethodHandle HANDLE = downcall("rte_thread_register", FunctionDescriptor.of(C_INT));
    }
    /** Gives the calling non-EAL thread an lcore id (mempool caches work); 0 or -1 with rte_errno. */
    public static int rte_thread_register()
    {
        try
        {
            return (int)rte_thread_register.HANDLE.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_thread_unregister
    {
        static final MethodHandle HANDLE = downcall("rte_thread_unregister", FunctionDescriptor.ofVoid());
    }
    /** Releases the calling thread's lcore id. */
    public static void rte_thread_unregister()
    {
        try
        {
            rte_thread_unregister.HANDLE.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_lcore_count
    {
        static final MethodHandle HANDLE = downcall("rte_lcore_count", FunctionDescriptor.of(C_INT));
    }
    /** Number of EAL lcores (registered non-EAL threads included). */
    public static int rte_lcore_count()
    {
        try
        {
            return (int)rte_lcore_count.HANDLE.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_strerror
    {
        static final MethodHandle HANDLE = downcall("rte_strerror", FunctionDescriptor.of(C_POINTER, C_INT));
    }
    /** Text of an errno or rte_errno value, in a per-thread buffer. */
    public static MemorySegment rte_strerror(final int errnum)
    {
        try
        {
            return (MemorySegment)rte_strerror.HANDLE.invokeExact(errnum);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_pktmbuf_pool_create
    {
        static final MethodHandle HANDLE = downcall("rte_pktmbuf_pool_create", FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT, C_INT, C_SHORT, C_SHORT, C_INT));
    }
    /** Creates a packet mbuf pool; NULL with rte_errno set on failure. */
    public static MemorySegment rte_pktmbuf_pool_create(final MemorySegment name, final int n, final int cache_size, final short priv_size, final short data_room_size, final int socket_id)
    {
        try
        {
            return (MemorySegment)rte_pktmbuf_pool_create.HANDLE.invokeExact(name, n, cache_size, priv_size, data_room_size, socket_id);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_mempool_free
    {
        static final MethodHandle HANDLE = downcall("rte_mempool_free", FunctionDescriptor.ofVoid(C_POINTER));
    }
    public static void rte_mempool_free(final MemorySegment mp)
    {
        try
        {
            rte_mempool_free.HANDLE.invokeExact(mp);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_mempool_lookup
    {
        static final MethodHandle HANDLE = downcall("rte_mempool_lookup", FunctionDescriptor.of(C_POINTER, C_POINTER));
    }
    public static MemorySegment rte_mempool_lookup(final MemorySegment name)
    {
        try
        {
            return (MemorySegment)rte_mempool_lookup.HANDLE.invokeExact(name);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_mempool_avail_count
    {
        static final MethodHandle HANDLE = downcall("rte_mempool_avail_count", FunctionDescriptor.of(C_INT, C_POINTER));
    }
    /** Objects available, cache contents included (slow: walks every lcore cache). */
    public static int rte_mempool_avail_count(final MemorySegment mp)
    {
        try
        {
            return (int)rte_mempool_avail_count.HANDLE.invokeExact(mp);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_mempool_in_use_count
    {
        static final MethodHandle HANDLE = downcall("rte_mempool_in_use_count", FunctionDescriptor.of(C_INT, C_POINTER));
    }
    public static int rte_mempool_in_use_count(final MemorySegment mp)
    {
        try
        {
            return (int)rte_mempool_in_use_count.HANDLE.invokeExact(mp);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_dev_count_avail
    {
        static final MethodHandle HANDLE = downcall("rte_eth_dev_count_avail", FunctionDescriptor.of(C_SHORT));
    }
    public static short rte_eth_dev_count_avail()
    {
        try
        {
            return (short)rte_eth_dev_count_avail.HANDLE.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_dev_is_valid_port
    {
        static final MethodHandle HANDLE = downcall("rte_eth_dev_is_valid_port", FunctionDescriptor.of(C_INT, C_SHORT));
    }
    public static int rte_eth_dev_is_valid_port(final short port_id)
    {
        try
        {
            return (int)rte_eth_dev_is_valid_port.HANDLE.invokeExact(port_id);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_dev_get_port_by_name
    {
        static final MethodHandle HANDLE = downcall("rte_eth_dev_get_port_by_name", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
    }
    /** Writes the uint16_t port id of a device name (e.g. net_ring0). */
    public static int rte_eth_dev_get_port_by_name(final MemorySegment name, final MemorySegment port_id)
    {
        try
        {
            return (int)rte_eth_dev_get_port_by_name.HANDLE.invokeExact(name, port_id);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_dev_get_name_by_port
    {
        static final MethodHandle HANDLE = downcall("rte_eth_dev_get_name_by_port", FunctionDescriptor.of(C_INT, C_SHORT, C_POINTER));
    }
    /** Writes the device name into a RTE_ETH_NAME_MAX_LEN buffer. */
    public static int rte_eth_dev_get_name_by_port(final short port_id, final MemorySegment name)
    {
        try
        {
            return (int)rte_eth_dev_get_name_by_port.HANDLE.invokeExact(port_id, name);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_dev_info_get
    {
        static final MethodHandle HANDLE = downcall("rte_eth_dev_info_get", FunctionDescriptor.of(C_INT, C_SHORT, C_POINTER));
    }
    public static int rte_eth_dev_info_get(final short port_id, final MemorySegment dev_info)
    {
        try
        {
            return (int)rte_eth_dev_info_get.HANDLE.invokeExact(port_id, dev_info);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_dev_configure
    {
        static final MethodHandle HANDLE = downcall("rte_eth_dev_configure", FunctionDescriptor.of(C_INT, C_SHORT, C_SHORT, C_SHORT, C_POINTER));
    }
    public static int rte_eth_dev_configure(final short port_id, final short nb_rx_queue, final short nb_tx_queue, final MemorySegment eth_conf)
    {
        try
        {
            return (int)rte_eth_dev_configure.HANDLE.invokeExact(port_id, nb_rx_queue, nb_tx_queue, eth_conf);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_dev_adjust_nb_rx_tx_desc
    {
        static final MethodHandle HANDLE = downcall("rte_eth_dev_adjust_nb_rx_tx_desc", FunctionDescriptor.of(C_INT, C_SHORT, C_POINTER, C_POINTER));
    }
    /** Clamps and aligns uint16_t descriptor counts to the device limits, in place. */
    public static int rte_eth_dev_adjust_nb_rx_tx_desc(final short port_id, final MemorySegment nb_rx_desc, final MemorySegment nb_tx_desc)
    {
        try
        {
            return (int)rte_eth_dev_adjust_nb_rx_tx_desc.HANDLE.invokeExact(port_id, nb_rx_desc, nb_tx_desc);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_rx_queue_setup
    {
        static final MethodHandle HANDLE = downcall("rte_eth_rx_queue_setup", FunctionDescriptor.of(C_INT, C_SHORT, C_SHORT, C_SHORT, C_INT, C_POINTER, C_POINTER));
    }
    /** rx_conf may be NULL (device defaults). */
    public static int rte_eth_rx_queue_setup(final short port_id, final short rx_queue_id, final short nb_rx_desc, final int socket_id, final MemorySegment rx_conf, final MemorySegment mb_pool)
    {
        try
        {
            return (int)rte_eth_rx_queue_setup.HANDLE.invokeExact(port_id, rx_queue_id, nb_rx_desc, socket_id, rx_conf, mb_pool);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_tx_queue_setup
    {
        static final MethodHandle HANDLE = downcall("rte_eth_tx_queue_setup", FunctionDescriptor.of(C_INT, C_SHORT, C_SHORT, C_SHORT, C_INT, C_POINTER));
    }
    /** tx_conf may be NULL (device defaults). */
    public static int rte_eth_tx_queue_setup(final short port_id, final short tx_queue_id, final short nb_tx_desc, final int socket_id, final MemorySegment tx_conf)
    {
        try
        {
            return (int)rte_eth_tx_queue_setup.HANDLE.invokeExact(port_id, tx_queue_id, nb_tx_desc, socket_id, tx_conf);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_dev_start
    {
        static final MethodHandle HANDLE = downcall("rte_eth_dev_start", FunctionDescriptor.of(C_INT, C_SHORT));
    }
    public static int rte_eth_dev_start(final short port_id)
    {
        try
        {
            return (int)rte_eth_dev_start.HANDLE.invokeExact(port_id);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_dev_stop
    {
        static final MethodHandle HANDLE = downcall("rte_eth_dev_stop", FunctionDescriptor.of(C_INT, C_SHORT));
    }
    public static int rte_eth_dev_stop(final short port_id)
    {
        try
        {
            return (int)rte_eth_dev_stop.HANDLE.invokeExact(port_id);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_dev_close
    {
        static final MethodHandle HANDLE = downcall("rte_eth_dev_close", FunctionDescriptor.of(C_INT, C_SHORT));
    }
    public static int rte_eth_dev_close(final short port_id)
    {
        try
        {
            return (int)rte_eth_dev_close.HANDLE.invokeExact(port_id);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_dev_set_link_up
    {
        static final MethodHandle HANDLE = downcall("rte_eth_dev_set_link_up", FunctionDescriptor.of(C_INT, C_SHORT));
    }
    public static int rte_eth_dev_set_link_up(final short port_id)
    {
        try
        {
            return (int)rte_eth_dev_set_link_up.HANDLE.invokeExact(port_id);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_dev_set_link_down
    {
        static final MethodHandle HANDLE = downcall("rte_eth_dev_set_link_down", FunctionDescriptor.of(C_INT, C_SHORT));
    }
    public static int rte_eth_dev_set_link_down(final short port_id)
    {
        try
        {
            return (int)rte_eth_dev_set_link_down.HANDLE.invokeExact(port_id);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_promiscuous_enable
    {
        static final MethodHandle HANDLE = downcall("rte_eth_promiscuous_enable", FunctionDescriptor.of(C_INT, C_SHORT));
    }
    public static int rte_eth_promiscuous_enable(final short port_id)
    {
        try
        {
            return (int)rte_eth_promiscuous_enable.HANDLE.invokeExact(port_id);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_promiscuous_disable
    {
        static final MethodHandle HANDLE = downcall("rte_eth_promiscuous_disable", FunctionDescriptor.of(C_INT, C_SHORT));
    }
    public static int rte_eth_promiscuous_disable(final short port_id)
    {
        try
        {
            return (int)rte_eth_promiscuous_disable.HANDLE.invokeExact(port_id);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_promiscuous_get
    {
        static final MethodHandle HANDLE = downcall("rte_eth_promiscuous_get", FunctionDescriptor.of(C_INT, C_SHORT));
    }
    /** 1 if enabled, 0 if not, -1 for an invalid port. */
    public static int rte_eth_promiscuous_get(final short port_id)
    {
        try
        {
            return (int)rte_eth_promiscuous_get.HANDLE.invokeExact(port_id);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_allmulticast_enable
    {
        static final MethodHandle HANDLE = downcall("rte_eth_allmulticast_enable", FunctionDescriptor.of(C_INT, C_SHORT));
    }
    public static int rte_eth_allmulticast_enable(final short port_id)
    {
        try
        {
            return (int)rte_eth_allmulticast_enable.HANDLE.invokeExact(port_id);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_allmulticast_disable
    {
        static final MethodHandle HANDLE = downcall("rte_eth_allmulticast_disable", FunctionDescriptor.of(C_INT, C_SHORT));
    }
    public static int rte_eth_allmulticast_disable(final short port_id)
    {
        try
        {
            return (int)rte_eth_allmulticast_disable.HANDLE.invokeExact(port_id);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_allmulticast_get
    {
        static final MethodHandle HANDLE = downcall("rte_eth_allmulticast_get", FunctionDescriptor.of(C_INT, C_SHORT));
    }
    public static int rte_eth_allmulticast_get(final short port_id)
    {
        try
        {
            return (int)rte_eth_allmulticast_get.HANDLE.invokeExact(port_id);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_macaddr_get
    {
        static final MethodHandle HANDLE = downcall("rte_eth_macaddr_get", FunctionDescriptor.of(C_INT, C_SHORT, C_POINTER));
    }
    public static int rte_eth_macaddr_get(final short port_id, final MemorySegment mac_addr)
    {
        try
        {
            return (int)rte_eth_macaddr_get.HANDLE.invokeExact(port_id, mac_addr);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_dev_default_mac_addr_set
    {
        static final MethodHandle HANDLE = downcall("rte_eth_dev_default_mac_addr_set", FunctionDescriptor.of(C_INT, C_SHORT, C_POINTER));
    }
    public static int rte_eth_dev_default_mac_addr_set(final short port_id, final MemorySegment mac_addr)
    {
        try
        {
            return (int)rte_eth_dev_default_mac_addr_set.HANDLE.invokeExact(port_id, mac_addr);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_dev_set_mtu
    {
        static final MethodHandle HANDLE = downcall("rte_eth_dev_set_mtu", FunctionDescriptor.of(C_INT, C_SHORT, C_SHORT));
    }
    public static int rte_eth_dev_set_mtu(final short port_id, final short mtu)
    {
        try
        {
            return (int)rte_eth_dev_set_mtu.HANDLE.invokeExact(port_id, mtu);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_dev_get_mtu
    {
        static final MethodHandle HANDLE = downcall("rte_eth_dev_get_mtu", FunctionDescriptor.of(C_INT, C_SHORT, C_POINTER));
    }
    /** Writes a uint16_t. */
    public static int rte_eth_dev_get_mtu(final short port_id, final MemorySegment mtu)
    {
        try
        {
            return (int)rte_eth_dev_get_mtu.HANDLE.invokeExact(port_id, mtu);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_link_get_nowait
    {
        static final MethodHandle HANDLE = downcall("rte_eth_link_get_nowait", FunctionDescriptor.of(C_INT, C_SHORT, C_POINTER));
    }
    public static int rte_eth_link_get_nowait(final short port_id, final MemorySegment link)
    {
        try
        {
            return (int)rte_eth_link_get_nowait.HANDLE.invokeExact(port_id, link);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_stats_get
    {
        static final MethodHandle HANDLE = downcall("rte_eth_stats_get", FunctionDescriptor.of(C_INT, C_SHORT, C_POINTER));
    }
    public static int rte_eth_stats_get(final short port_id, final MemorySegment stats)
    {
        try
        {
            return (int)rte_eth_stats_get.HANDLE.invokeExact(port_id, stats);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_stats_reset
    {
        static final MethodHandle HANDLE = downcall("rte_eth_stats_reset", FunctionDescriptor.of(C_INT, C_SHORT));
    }
    public static int rte_eth_stats_reset(final short port_id)
    {
        try
        {
            return (int)rte_eth_stats_reset.HANDLE.invokeExact(port_id);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_xstats_get_names
    {
        static final MethodHandle HANDLE = downcall("rte_eth_xstats_get_names", FunctionDescriptor.of(C_INT, C_SHORT, C_POINTER, C_INT));
    }
    /** With NULL/0 returns the count; otherwise fills up to size names. */
    public static int rte_eth_xstats_get_names(final short port_id, final MemorySegment xstats_names, final int size)
    {
        try
        {
            return (int)rte_eth_xstats_get_names.HANDLE.invokeExact(port_id, xstats_names, size);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_xstats_get
    {
        static final MethodHandle HANDLE = downcall("rte_eth_xstats_get", FunctionDescriptor.of(C_INT, C_SHORT, C_POINTER, C_INT));
    }
    /** Returns the count written, or the count needed if n is too small. */
    public static int rte_eth_xstats_get(final short port_id, final MemorySegment xstats, final int n)
    {
        try
        {
            return (int)rte_eth_xstats_get.HANDLE.invokeExact(port_id, xstats, n);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_xstats_reset
    {
        static final MethodHandle HANDLE = downcall("rte_eth_xstats_reset", FunctionDescriptor.of(C_INT, C_SHORT));
    }
    public static int rte_eth_xstats_reset(final short port_id)
    {
        try
        {
            return (int)rte_eth_xstats_reset.HANDLE.invokeExact(port_id);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_dev_socket_id
    {
        static final MethodHandle HANDLE = downcall("rte_eth_dev_socket_id", FunctionDescriptor.of(C_INT, C_SHORT));
    }
    /** NUMA socket of the port, SOCKET_ID_ANY if unknown. */
    public static int rte_eth_dev_socket_id(final short port_id)
    {
        try
        {
            return (int)rte_eth_dev_socket_id.HANDLE.invokeExact(port_id);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class rte_eth_dev_rss_hash_conf_get
    {
        static final MethodHandle HANDLE = downcall("rte_eth_dev_rss_hash_conf_get", FunctionDescriptor.of(C_INT, C_SHORT, C_POINTER));
    }
    public static int rte_eth_dev_rss_hash_conf_get(final short port_id, final MemorySegment rss_conf)
    {
        try
        {
            return (int)rte_eth_dev_rss_hash_conf_get.HANDLE.invokeExact(port_id, rss_conf);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    // ---- libjunction_shim: DPDK's static-inline functions and TLS values ----

    private static final class jn_errno
    {
        static final MethodHandle HANDLE = downcall("jn_errno", FunctionDescriptor.of(C_INT), CRITICAL);
    }
    /** rte_errno of the calling thread (a per-lcore TLS variable in C). */
    public static int jn_errno()
    {
        try
        {
            return (int)jn_errno.HANDLE.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_set_errno
    {
        static final MethodHandle HANDLE = downcall("jn_set_errno", FunctionDescriptor.ofVoid(C_INT), CRITICAL);
    }
    public static void jn_set_errno(final int value)
    {
        try
        {
            jn_set_errno.HANDLE.invokeExact(value);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_lcore_id
    {
        static final MethodHandle HANDLE = downcall("jn_lcore_id", FunctionDescriptor.of(C_INT), CRITICAL);
    }
    /** rte_lcore_id(): -1 (LCORE_ID_ANY) on a thread that is neither EAL nor registered. */
    public static int jn_lcore_id()
    {
        try
        {
            return (int)jn_lcore_id.HANDLE.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_socket_id
    {
        static final MethodHandle HANDLE = downcall("jn_socket_id", FunctionDescriptor.of(C_INT), CRITICAL);
    }
    /** rte_socket_id() of the calling thread. */
    public static int jn_socket_id()
    {
        try
        {
            return (int)jn_socket_id.HANDLE.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_rdtsc
    {
        static final MethodHandle HANDLE = downcall("jn_rdtsc", FunctionDescriptor.of(C_LONG), CRITICAL);
    }
    /** FAST PATH. rte_rdtsc(). */
    public static long jn_rdtsc()
    {
        try
        {
            return (long)jn_rdtsc.HANDLE.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_tsc_hz
    {
        static final MethodHandle HANDLE = downcall("jn_tsc_hz", FunctionDescriptor.of(C_LONG));
    }
    /** rte_get_tsc_hz(). */
    public static long jn_tsc_hz()
    {
        try
        {
            return (long)jn_tsc_hz.HANDLE.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_rx_burst
    {
        static final MethodHandle HANDLE = downcall("jn_rx_burst", FunctionDescriptor.of(C_INT, C_INT, C_INT, C_LONG, C_INT), CRITICAL);
    }
    /** FAST PATH. rte_eth_rx_burst: writes up to nb_pkts mbuf addresses to the array at rx_pkts; returns how many. */
    public static int jn_rx_burst(final int port_id, final int queue_id, final long rx_pkts, final int nb_pkts)
    {
        try
        {
            return (int)jn_rx_burst.HANDLE.invokeExact(port_id, queue_id, rx_pkts, nb_pkts);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_tx_burst
    {
        static final MethodHandle HANDLE = downcall("jn_tx_burst", FunctionDescriptor.of(C_INT, C_INT, C_INT, C_LONG, C_INT), CRITICAL);
    }
    /** FAST PATH. rte_eth_tx_burst: returns how many of the mbufs at tx_pkts the PMD took; the caller still owns the rest. */
    public static int jn_tx_burst(final int port_id, final int queue_id, final long tx_pkts, final int nb_pkts)
    {
        try
        {
            return (int)jn_tx_burst.HANDLE.invokeExact(port_id, queue_id, tx_pkts, nb_pkts);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_tx_prepare
    {
        static final MethodHandle HANDLE = downcall("jn_tx_prepare", FunctionDescriptor.of(C_INT, C_INT, C_INT, C_LONG, C_INT), CRITICAL);
    }
    /** FAST PATH. rte_eth_tx_prepare (offload fix-ups before tx burst). */
    public static int jn_tx_prepare(final int port_id, final int queue_id, final long tx_pkts, final int nb_pkts)
    {
        try
        {
            return (int)jn_tx_prepare.HANDLE.invokeExact(port_id, queue_id, tx_pkts, nb_pkts);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_rx_queue_count
    {
        static final MethodHandle HANDLE = downcall("jn_rx_queue_count", FunctionDescriptor.of(C_INT, C_INT, C_INT), CRITICAL);
    }
    /** FAST PATH. rte_eth_rx_queue_count: used rx descriptors or a negative errno. */
    public static int jn_rx_queue_count(final int port_id, final int queue_id)
    {
        try
        {
            return (int)jn_rx_queue_count.HANDLE.invokeExact(port_id, queue_id);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_pktmbuf_alloc
    {
        static final MethodHandle HANDLE = downcall("jn_pktmbuf_alloc", FunctionDescriptor.of(C_LONG, C_LONG), CRITICAL);
    }
    /** FAST PATH. rte_pktmbuf_alloc: an mbuf address, 0 if the pool is empty. */
    public static long jn_pktmbuf_alloc(final long mp)
    {
        try
        {
            return (long)jn_pktmbuf_alloc.HANDLE.invokeExact(mp);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_pktmbuf_alloc_bulk
    {
        static final MethodHandle HANDLE = downcall("jn_pktmbuf_alloc_bulk", FunctionDescriptor.of(C_INT, C_LONG, C_LONG, C_INT), CRITICAL);
    }
    /** FAST PATH. rte_pktmbuf_alloc_bulk: 0 and count addresses written, or -ENOENT and none. */
    public static int jn_pktmbuf_alloc_bulk(final long mp, final long mbufs, final int count)
    {
        try
        {
            return (int)jn_pktmbuf_alloc_bulk.HANDLE.invokeExact(mp, mbufs, count);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_pktmbuf_free
    {
        static final MethodHandle HANDLE = downcall("jn_pktmbuf_free", FunctionDescriptor.ofVoid(C_LONG), CRITICAL);
    }
    /** FAST PATH. rte_pktmbuf_free (whole chain; 0 is ignored). */
    public static void jn_pktmbuf_free(final long m)
    {
        try
        {
            jn_pktmbuf_free.HANDLE.invokeExact(m);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_pktmbuf_free_bulk
    {
        static final MethodHandle HANDLE = downcall("jn_pktmbuf_free_bulk", FunctionDescriptor.ofVoid(C_LONG, C_INT), CRITICAL);
    }
    /** FAST PATH. rte_pktmbuf_free_bulk. */
    public static void jn_pktmbuf_free_bulk(final long mbufs, final int count)
    {
        try
        {
            jn_pktmbuf_free_bulk.HANDLE.invokeExact(mbufs, count);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_pktmbuf_reset
    {
        static final MethodHandle HANDLE = downcall("jn_pktmbuf_reset", FunctionDescriptor.ofVoid(C_LONG), CRITICAL);
    }
    /** FAST PATH. rte_pktmbuf_reset. */
    public static void jn_pktmbuf_reset(final long m)
    {
        try
        {
            jn_pktmbuf_reset.HANDLE.invokeExact(m);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_pktmbuf_prepend
    {
        static final MethodHandle HANDLE = downcall("jn_pktmbuf_prepend", FunctionDescriptor.of(C_LONG, C_LONG, C_INT), CRITICAL);
    }
    /** FAST PATH. rte_pktmbuf_prepend: new data start, or 0 if the headroom is too small. */
    public static long jn_pktmbuf_prepend(final long m, final int len)
    {
        try
        {
            return (long)jn_pktmbuf_prepend.HANDLE.invokeExact(m, len);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_pktmbuf_append
    {
        static final MethodHandle HANDLE = downcall("jn_pktmbuf_append", FunctionDescriptor.of(C_LONG, C_LONG, C_INT), CRITICAL);
    }
    /** FAST PATH. rte_pktmbuf_append: address of the new tail bytes, or 0. */
    public static long jn_pktmbuf_append(final long m, final int len)
    {
        try
        {
            return (long)jn_pktmbuf_append.HANDLE.invokeExact(m, len);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_pktmbuf_adj
    {
        static final MethodHandle HANDLE = downcall("jn_pktmbuf_adj", FunctionDescriptor.of(C_LONG, C_LONG, C_INT), CRITICAL);
    }
    /** FAST PATH. rte_pktmbuf_adj: new data start, or 0. */
    public static long jn_pktmbuf_adj(final long m, final int len)
    {
        try
        {
            return (long)jn_pktmbuf_adj.HANDLE.invokeExact(m, len);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_pktmbuf_trim
    {
        static final MethodHandle HANDLE = downcall("jn_pktmbuf_trim", FunctionDescriptor.of(C_INT, C_LONG, C_INT), CRITICAL);
    }
    /** FAST PATH. rte_pktmbuf_trim: 0, or -1 if len is too large. */
    public static int jn_pktmbuf_trim(final long m, final int len)
    {
        try
        {
            return (int)jn_pktmbuf_trim.HANDLE.invokeExact(m, len);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_mbuf_refcnt_update
    {
        static final MethodHandle HANDLE = downcall("jn_mbuf_refcnt_update", FunctionDescriptor.of(C_INT, C_LONG, C_INT), CRITICAL);
    }
    /** FAST PATH. rte_mbuf_refcnt_update (atomic); returns the new count. */
    public static int jn_mbuf_refcnt_update(final long m, final int value)
    {
        try
        {
            return (int)jn_mbuf_refcnt_update.HANDLE.invokeExact(m, value);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_pktmbuf_headroom
    {
        static final MethodHandle HANDLE = downcall("jn_pktmbuf_headroom", FunctionDescriptor.of(C_INT, C_LONG), CRITICAL);
    }
    public static int jn_pktmbuf_headroom(final long m)
    {
        try
        {
            return (int)jn_pktmbuf_headroom.HANDLE.invokeExact(m);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_pktmbuf_tailroom
    {
        static final MethodHandle HANDLE = downcall("jn_pktmbuf_tailroom", FunctionDescriptor.of(C_INT, C_LONG), CRITICAL);
    }
    public static int jn_pktmbuf_tailroom(final long m)
    {
        try
        {
            return (int)jn_pktmbuf_tailroom.HANDLE.invokeExact(m);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    // ---- libjunction_shim: link aggregation (bonding PMD), control path: they take the bond's lock, never critical ----

    private static final class jn_bond_member_remove
    {
        static final MethodHandle HANDLE = downcall("jn_bond_member_remove", FunctionDescriptor.of(C_INT, C_INT, C_INT));
    }
    /** A member leaves a bond ({@code rte_eth_bond_slave_remove}): 0 or a negative errno. Control path. */
    public static int jn_bond_member_remove(final int bondPort, final int memberPort)
    {
        try
        {
            return (int)jn_bond_member_remove.HANDLE.invokeExact(bondPort, memberPort);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_bond_member_add
    {
        static final MethodHandle HANDLE = downcall("jn_bond_member_add", FunctionDescriptor.of(C_INT, C_INT, C_INT));
    }
    /** A member joins a bond, a started one too ({@code rte_eth_bond_slave_add}): 0 or a negative errno. Control path. */
    public static int jn_bond_member_add(final int bondPort, final int memberPort)
    {
        try
        {
            return (int)jn_bond_member_add.HANDLE.invokeExact(bondPort, memberPort);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_bond_members
    {
        static final MethodHandle HANDLE = downcall("jn_bond_members", FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT));
    }
    /** A bond's members, as uint16_t port ids ({@code rte_eth_bond_slaves_get}): their count or a negative errno. */
    public static int jn_bond_members(final int bondPort, final MemorySegment members, final int max)
    {
        try
        {
            return (int)jn_bond_members.HANDLE.invokeExact(bondPort, members, max);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_bond_active_members
    {
        static final MethodHandle HANDLE = downcall("jn_bond_active_members", FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT));
    }
    /** A bond's active members ({@code rte_eth_bond_active_slaves_get}): their count or a negative errno. */
    public static int jn_bond_active_members(final int bondPort, final MemorySegment members, final int max)
    {
        try
        {
            return (int)jn_bond_active_members.HANDLE.invokeExact(bondPort, members, max);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }

    private static final class jn_bond_8023ad_member_info
    {
        static final MethodHandle HANDLE = downcall("jn_bond_8023ad_member_info", FunctionDescriptor.of(C_INT, C_INT, C_INT, C_POINTER));
    }
    /** An active member's LACP state ({@code rte_eth_bond_8023ad_slave_info}) as 7 int64: selection, actor state,
     * partner state, partner system MAC, partner key, partner port number, aggregator port id. 0 or a negative errno. */
    public static int jn_bond_8023ad_member_info(final int bondPort, final int memberPort, final MemorySegment out)
    {
        try
        {
            return (int)jn_bond_8023ad_member_info.HANDLE.invokeExact(bondPort, memberPort, out);
        }
        catch (final Throwable ex)
        {
            throw rethrow(ex);
        }
    }
}
