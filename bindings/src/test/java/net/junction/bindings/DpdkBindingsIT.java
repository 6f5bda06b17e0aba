package net.junction.bindings;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.junction.bindings.dpdk.Dpdk;

/**
 * End to end through DPDK 22.11: EAL, mempools, ports and bursts, each scenario in a child JVM
 * ({@link EalChild}) because EAL initializes once per process.
 *
 * <p>Needs: root, DPDK 22.11 with its net_ring, net_null, net_af_packet, net_pcap and net_tap
 * PMDs (Debian's {@code dpdk} package), {@code /dev/net/tun}, and {@code ip} from iproute2 for
 * the network namespace of the kernel-facing test. EAL runs without hugepages or PCI
 * ({@code --no-huge -m 256 --no-pci}) under a file prefix unique to this JVM, removed after.
 */
class DpdkBindingsIT
{
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
    private static final String PREFIX = "jn-bindings-it-" + ProcessHandle.current().pid();

    @TempDir
    Path tempDir;

    @Test
    void shouldLoopFramesThroughNetRingAndConfigureRssOnNetNull() throws Exception
    {
        final String filePrefix = PREFIX + "-loopback";
        try (ChildJvm child = ChildJvm.start(List.of(), "loopback",
            ealArgs(filePrefix, "--vdev=net_ring0", "--vdev=net_null0,no-rx=1")))
        {
            assertTrue(child.awaitReport("ready", "true", READY_TIMEOUT), () -> "EAL never became ready:\n" + child.transcript());
            assertEquals(0, child.awaitExit(RUN_TIMEOUT), () -> "child failed:\n" + child.transcript());
            final Supplier<String> transcript = child::transcript;

            assertAll("EAL and threads",
                () -> assertEquals("true", child.report("done"), transcript),
                () -> assertTrue(child.report("initAgain").startsWith("IllegalStateException"), transcript),
                () -> assertEquals("2", child.report("portCount"), transcript),
                () -> assertEquals(String.valueOf(Dpdk.LCORE_ID_ANY), child.report("lcoreBeforeRegister"), transcript),
                () -> assertEquals("1", child.report("lcoreAfterRegister"), transcript),
                () -> assertEquals(String.valueOf(Dpdk.LCORE_ID_ANY), child.report("lcoreAfterUnregister"), transcript),
                () -> assertTrue(child.report("initAfterCleanup").contains("cleaned up"), transcript));

            assertAll("net_ring control path",
                () -> assertEquals("net_ring0", child.report("ring.nameByPort"), transcript),
                () -> assertEquals("net_ring", child.report("ring.driver"), transcript),
                () -> assertTrue(child.report("ring.configureTooManyQueues").startsWith("IllegalArgumentException"), transcript),
                () -> assertEquals("0", child.report("ring.rssInEffect"), transcript),
                () -> assertEquals("256", child.report("ring.rxDescriptors"), transcript),
                () -> assertEquals("true", child.report("ring.promiscuous"), transcript),
                () -> assertEquals("true", child.report("ring.allMulticast"), transcript),
                () -> assertTrue(child.report("ring.setMac").contains("Operation not supported (errno 95)"), transcript),
                () -> assertEquals("1500", child.report("ring.mtu"), transcript),
                () -> assertTrue(child.report("ring.setMtu9000").startsWith("DpdkException: rte_eth_dev_set_mtu"), transcript),
                () -> assertEquals("true", child.report("ring.link.up"), transcript),
                () -> assertEquals("10000", child.report("ring.link.speed"), transcript),
                () -> assertEquals("true", child.report("ring.link.fullDuplex"), transcript));

            assertAll("mbufs",
                () -> assertEquals("1023", child.report("pool.available.initial"), transcript),
                () -> assertEquals("true", child.report("allocBulk"), transcript),
                () -> assertEquals(String.valueOf(Dpdk.RTE_PKTMBUF_HEADROOM), child.report("mbuf.dataOff"), transcript),
                () -> assertEquals(String.valueOf(Dpdk.RTE_MBUF_DEFAULT_BUF_SIZE), child.report("mbuf.bufLen"), transcript),
                () -> assertEquals("1", child.report("mbuf.refcnt"), transcript),
                () -> assertEquals("1", child.report("mbuf.nbSegs"), transcript),
                () -> assertEquals("0", child.report("mbuf.next"), transcript),
                () -> assertEquals("0", child.report("mbuf.dataLen"), transcript),
                () -> assertEquals("true", child.report("mbuf.poolMatches"), transcript),
                () -> assertEquals("true", child.report("mbuf.headroomMatchesShim"), transcript),
                () -> assertEquals("true", child.report("mbuf.tailroomMatchesShim"), transcript),
                () -> assertEquals("1019", child.report("pool.available.afterAlloc"), transcript),
                () -> assertEquals("4", child.report("pool.inUse.afterAlloc"), transcript));

            assertAll("bursts and counters",
                () -> assertEquals("4", child.report("txBurst"), transcript),
                () -> assertEquals("4", child.report("rxBurst"), transcript),
                () -> assertEquals("true", child.report("rx.framesMatch"), transcript),
                () -> assertEquals("true", child.report("rx.sameMbufs"), transcript),
                () -> assertEquals("4", child.report("ring.stats.ipackets"), transcript),
                () -> assertEquals("4", child.report("ring.stats.opackets"), transcript),
                () -> assertEquals("4", child.report("ring.xstats.rx_good_packets"), transcript),
                () -> assertEquals("4", child.report("ring.xstats.tx_good_packets"), transcript),
                () -> assertEquals("0", child.report("ring.stats.ipacketsAfterReset"), transcript));

            assertAll("shim mbuf helpers",
                () -> assertEquals("true", child.report("helpers.appendAt"), transcript),
                () -> assertEquals("100", child.report("helpers.dataLenAfterAppend"), transcript),
                () -> assertEquals("true", child.report("helpers.prependAt"), transcript),
                () -> assertEquals("114", child.report("helpers.dataOffAfterPrepend"), transcript),
                () -> assertEquals("114", child.report("helpers.pktLenAfterPrepend"), transcript),
                () -> assertEquals("128", child.report("helpers.dataOffAfterAdj"), transcript),
                () -> assertEquals("0", child.report("helpers.trim"), transcript),
                () -> assertEquals("50", child.report("helpers.dataLenAfterTrim"), transcript),
                () -> assertEquals("-1", child.report("helpers.trimTooMuch"), transcript),
                () -> assertEquals("0", child.report("helpers.prependTooMuch"), transcript),
                () -> assertEquals("2", child.report("helpers.refcntUpdate"), transcript),
                () -> assertEquals("1", child.report("helpers.refcntAfterOneFree"), transcript),
                () -> assertEquals("128", child.report("helpers.dataOffAfterReset"), transcript));

            final long nullRss = Long.parseLong(child.report("null.rss"));
            final long expectedRss = EthDev.DEFAULT_RSS_HF & nullRss;
            assertAll("net_null RSS and sink",
                () -> assertEquals("net_null", child.report("null.driver"), transcript),
                () -> assertTrue(expectedRss != 0, transcript),
                () -> assertEquals(String.valueOf(expectedRss), child.report("null.rssInEffect"), transcript),
                () -> assertEquals(String.valueOf(expectedRss), child.report("null.rssHashFunctions"), transcript),
                () -> assertEquals("02:00:5e:10:00:02", child.report("null.macAfterSet"), transcript),
                () -> assertEquals("8", child.report("null.txBurst"), transcript),
                () -> assertEquals("0", child.report("null.rxBurst"), transcript),
                () -> assertEquals("8", child.report("null.stats.opackets"), transcript));

            assertAll("nothing leaked",
                () -> assertEquals("1023", child.report("pool.available.final"), transcript),
                () -> assertEquals("0", child.report("pool.inUse.final"), transcript));
        }
        finally
        {
            EalRuntimeDirectory.remove(filePrefix);
        }
    }

    @Test
    void shouldFailInitOnInvalidArgumentWithRteErrnoTextAndKeepTheJvmAlive() throws Exception
    {
        final String filePrefix = PREFIX + "-bad-args";
        try (ChildJvm child = ChildJvm.start(List.of(), "bad-args", ealArgs(filePrefix, "--vdev=net_ring0")))
        {
            assertEquals(0, child.awaitExit(RUN_TIMEOUT), () -> "child failed:\n" + child.transcript());
            final Supplier<String> transcript = child::transcript;
            assertAll(
                () -> assertEquals("DpdkException", child.report("firstInit"), transcript),
                () -> assertEquals("22", child.report("firstInit.errno"), transcript),
                () -> assertTrue(child.report("firstInit.message").startsWith("rte_eal_init("), transcript),
                () -> assertTrue(child.report("firstInit.message").contains("--no-such-eal-option"), transcript),
                () -> assertTrue(child.report("firstInit.message").endsWith("failed: Invalid argument (rte_errno 22)"), transcript),
                () -> assertEquals("false", child.report("initializedAfterFailure"), transcript),
                () -> assertTrue(child.report("secondInit").startsWith("IllegalStateException: EAL already failed"), transcript),
                () -> assertTrue(child.report("helpRefused").startsWith("IllegalArgumentException"), transcript),
                () -> assertEquals("Operation not supported", child.report("strerrorAfterFailure"), transcript),
                () -> assertEquals("3", child.report("javaStillWorks"), transcript),
                () -> assertEquals("true", child.report("done"), transcript));
        }
        finally
        {
            EalRuntimeDirectory.remove(filePrefix);
        }
    }

    @Test
    void shouldDriveAfPacketPcapAndTapInANetworkNamespace() throws Exception
    {
        final String namespace = PREFIX + "-ns";
        final String filePrefix = PREFIX + "-vdevs";
        final Path rxPcap = tempDir.resolve("in.pcap");
        final Path txPcap = tempDir.resolve("out.pcap");
        PcapFile.write(rxPcap, List.of(EalChild.expectedFrame(10), EalChild.expectedFrame(11), EalChild.expectedFrame(12)));

        run("ip", "netns", "add", namespace);
        try
        {
            // No IPv6 in the namespace: the kernel would otherwise send its own frames out of
            // every interface and the counts below would not be exact.
            run("ip", "netns", "exec", namespace, "sysctl", "-qw",
                "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
            run("ip", "-n", namespace, "link", "add", "jnv0", "type", "veth", "peer", "name", "jnv1");
            run("ip", "-n", namespace, "link", "set", "jnv0", "up");
            run("ip", "-n", namespace, "link", "set", "jnv1", "up");

            try (ChildJvm child = ChildJvm.start(List.of("ip", "netns", "exec", namespace), "vdevs", ealArgs(filePrefix,
                "--vdev=net_af_packet0,iface=jnv0",
                "--vdev=net_af_packet1,iface=jnv1",
                "--vdev=net_pcap0,rx_pcap=" + rxPcap + ",tx_pcap=" + txPcap,
                "--vdev=net_tap0,iface=jntap0")))
            {
                assertTrue(child.awaitReport("ready", "true", READY_TIMEOUT), () -> "EAL never became ready:\n" + child.transcript());
                assertEquals(0, child.awaitExit(RUN_TIMEOUT), () -> "child failed:\n" + child.transcript());
                final Supplier<String> transcript = child::transcript;
                final HexFormat hex = HexFormat.of();

                assertAll("drivers",
                    () -> assertEquals("4", child.report("portCount"), transcript),
                    () -> assertEquals("net_af_packet", child.report("net_af_packet0.driver"), transcript),
                    () -> assertEquals("net_pcap", child.report("net_pcap0.driver"), transcript),
                    () -> assertEquals("net_tap", child.report("net_tap0.driver"), transcript),
                    () -> assertEquals("true", child.report("net_af_packet0.link.up"), transcript),
                    () -> assertEquals("true", child.report("net_tap0.link.up"), transcript));

                assertAll("af_packet across a veth pair",
                    () -> assertEquals("2", child.report("net_af_packet0.txBurst"), transcript),
                    () -> assertEquals("2", child.report("net_af_packet1.framesReceived"), transcript),
                    () -> assertEquals("2", child.report("net_af_packet0.stats.opackets"), transcript),
                    () -> assertEquals("2", child.report("net_af_packet1.stats.ipackets"), transcript),
                    () -> assertEquals("2", child.report("jnv1.kernel.rxPackets"), transcript));

                assertAll("pcap in and out",
                    () -> assertEquals("3", child.report("net_pcap0.rxCount"), transcript),
                    () -> assertEquals(hex.formatHex(EalChild.expectedFrame(10)), child.report("net_pcap0.rx.0"), transcript),
                    () -> assertEquals(hex.formatHex(EalChild.expectedFrame(11)), child.report("net_pcap0.rx.1"), transcript),
                    () -> assertEquals(hex.formatHex(EalChild.expectedFrame(12)), child.report("net_pcap0.rx.2"), transcript),
                    () -> assertEquals("2", child.report("net_pcap0.txBurst"), transcript),
                    () -> assertEquals(
                        List.of(hex.formatHex(EalChild.expectedFrame(0)), hex.formatHex(EalChild.expectedFrame(1))),
                        PcapFile.read(txPcap).stream().map(hex::formatHex).toList(), transcript));

                assertAll("tap against the kernel's view",
                    () -> assertEquals("true", child.report("net_tap0.kernelIfIndexMatches"), transcript),
                    () -> assertEquals("2", child.report("net_tap0.txBurst"), transcript),
                    () -> assertEquals("2", child.report("jntap0.kernel.rxPackets"), transcript),
                    () -> assertEquals("1400", child.report("net_tap0.mtuAfterSet"), transcript),
                    () -> assertEquals("1400", child.report("jntap0.kernel.mtu"), transcript),
                    () -> assertEquals("02:00:5e:10:00:03", child.report("net_tap0.macAfterSet"), transcript),
                    () -> assertEquals("02:00:5e:10:00:03", child.report("jntap0.kernel.address"), transcript),
                    () -> assertEquals("0", child.report("pool.inUse.final"), transcript),
                    () -> assertEquals("true", child.report("done"), transcript));
            }
        }
        finally
        {
            run("ip", "netns", "delete", namespace);
            EalRuntimeDirectory.remove(filePrefix);
        }
    }

    private static List<String> ealArgs(final String filePrefix, final String... vdevs)
    {
        final List<String> args = new ArrayList<>(List.of(
            "-l", "0", "--no-huge", "-m", "256", "--no-pci", "--no-telemetry", "--file-prefix=" + filePrefix));
        args.addAll(List.of(vdevs));
        return args;
    }

    private static void run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish");
        }
        if (0 != process.exitValue())
        {
            throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": " + output);
        }
    }
}
