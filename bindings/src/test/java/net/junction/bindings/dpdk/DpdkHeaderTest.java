package net.junction.bindings.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * Loads the shim into this JVM (without starting EAL, which a test JVM must not) and checks
 * that every function of the header class resolves and links, and that the calls which need
 * no EAL behave as in C.
 */
class DpdkHeaderTest
{
    @Test
    void shouldResolveAndLinkEveryFunctionOfTheHeaderClass() throws Exception
    {
        final Set<String> functions = new TreeSet<>();
        final Set<String> holders = new TreeSet<>();
        for (final Method method : Dpdk.class.getDeclaredMethods())
        {
            if (Modifier.isPublic(method.getModifiers()) && (method.getName().startsWith("rte_") || method.getName().startsWith("jn_")))
            {
                functions.add(method.getName());
            }
        }
        for (final Class<?> holder : Dpdk.class.getDeclaredClasses())
        {
            // Initializing the holder looks the symbol up and creates the downcall handle.
            final Field handle = holder.getDeclaredField("HANDLE");
            handle.setAccessible(true);
            assertTrue(handle.get(null) instanceof MethodHandle, holder.getSimpleName());
            holders.add(holder.getSimpleName());
        }
        assertEquals(functions, holders, "one downcall holder per public function");
        assertTrue(functions.containsAll(List.of(
            "rte_eal_init", "rte_eal_cleanup", "rte_thread_register", "rte_thread_unregister", "rte_strerror",
            "rte_pktmbuf_pool_create", "rte_mempool_free", "rte_mempool_avail_count", "rte_eth_dev_count_avail",
            "rte_eth_dev_get_port_by_name", "rte_eth_dev_info_get", "rte_eth_dev_configure", "rte_eth_rx_queue_setup",
            "rte_eth_tx_queue_setup", "rte_eth_dev_start", "rte_eth_dev_stop", "rte_eth_dev_close",
            "rte_eth_promiscuous_enable", "rte_eth_allmulticast_enable", "rte_eth_macaddr_get",
            "rte_eth_dev_default_mac_addr_set", "rte_eth_dev_set_mtu", "rte_eth_dev_get_mtu", "rte_eth_link_get_nowait",
            "rte_eth_stats_get", "rte_eth_stats_reset", "rte_eth_xstats_get_names", "rte_eth_xstats_get",
            "rte_eth_dev_socket_id", "jn_rx_burst", "jn_tx_burst", "jn_pktmbuf_alloc", "jn_pktmbuf_alloc_bulk",
            "jn_pktmbuf_free", "jn_pktmbuf_free_bulk", "jn_lcore_id", "jn_socket_id", "jn_errno")),
            () -> "missing from " + functions);
    }

    @Test
    void shouldReportNoLcoreOnAnUnregisteredThread()
    {
        assertEquals(Dpdk.LCORE_ID_ANY, Dpdk.jn_lcore_id());
    }

    @Test
    void shouldKeepRteErrnoPerThread() throws InterruptedException
    {
        Dpdk.jn_set_errno(1234);
        final int[] otherThread = new int[1];
        final Thread thread = Thread.ofPlatform().start(() -> otherThread[0] = Dpdk.jn_errno());
        thread.join();
        assertEquals(1234, Dpdk.jn_errno());
        assertEquals(0, otherThread[0]);
    }

    @Test
    void shouldTranslateErrnoAndDpdkErrorCodesToText()
    {
        assertEquals("Invalid argument", Dpdk.strerror(22));
        assertEquals("Operation not supported", Dpdk.strerror(95));
        // RTE_MIN_ERRNO + 1 = E_RTE_SECONDARY, a DPDK-specific code.
        assertTrue(Dpdk.strerror(1001).toLowerCase().contains("secondary"), Dpdk.strerror(1001));
    }

    @Test
    void shouldReadTheTimestampCounterForward()
    {
        final long first = Dpdk.jn_rdtsc();
        final long second = Dpdk.jn_rdtsc();
        assertTrue(second - first >= 0, () -> Arrays.toString(new long[] {first, second}));
    }
}
