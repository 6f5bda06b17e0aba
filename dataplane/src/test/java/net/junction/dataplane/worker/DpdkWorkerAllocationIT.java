/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.worker;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import net.junction.bindings.ChildJvm;
import net.junction.bindings.EalRuntimeDirectory;
import net.junction.bindings.PcapFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's no-allocation promise on the real DPDK path: Junction's data plane
 * ({@code Dataplane.start}) in a child JVM ({@link ChildJvm}, shared from the bindings' test-jar;
 * EAL initializes once per process) receives IPv4 UDP packets through the {@code net_pcap} PMD (a
 * pcap written here, replayed forever) and forwards them through the {@code net_null} PMD, while
 * {@link DpdkForwardingChild} reads the worker thread's allocated bytes from outside it. After the
 * JIT has settled, every window must show 0 bytes and at least {@link #MIN_TX_PER_WINDOW} packets
 * sent by {@code net_null0} (DPDK's own counter), so a stalled worker cannot pass.
 *
 * <p>Needs: root, DPDK 22.11 with its net_pcap and net_null PMDs (Debian's {@code dpdk}). EAL runs
 * with {@code --no-huge -m 256 --no-pci} under a file prefix unique to this JVM, removed after.
 * One spinning worker: run it alone on the machine ({@code flock /tmp/jn-dpdk.lock}).
 */
class DpdkWorkerAllocationIT
{
    private static final int WINDOWS = 5;
    private static final long WINDOW_MS = 1_000;
    private static final int MAX_SETTLE_ROUNDS = 20;
    private static final long MIN_TX_PER_WINDOW = 50_000;
    private static final int PCAP_PACKETS = 64;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(25);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final String NAME = "alloc-it-" + ProcessHandle.current().pid();

    @TempDir
    Path tempDir;

    @Test
    @Timeout(60)
    void shouldForwardThroughDpdkPortsWithoutAllocatingInAnyWindow() throws Exception
    {
        run(frames(18), List.of());
    }

    /**
     * The same with p1 at MTU 576 and packets of 1000 to 1400 bytes without DF: each leaves as 2 or 3 fragments, the
     * new ones from the worker's stock refilled by {@code rte_pktmbuf_alloc_bulk} through FFM.
     */
    @Test
    @Timeout(60)
    void shouldFragmentThroughDpdkPortsWithoutAllocatingInAnyWindow() throws Exception
    {
        final String fragments = run(frames(1000 - 28), List.of("576"));
        assertTrue(Long.parseLong(fragments) > 2L * MIN_TX_PER_WINDOW, "fragments made: " + fragments);
    }

    /** @return the child's report of fragments made. */
    private String run(final List<byte[]> frames, final List<String> extraArguments) throws Exception
    {
        final Path pcap = tempDir.resolve("in.pcap");
        PcapFile.write(pcap, frames);
        final Path runDirectory = Files.createDirectories(tempDir.resolve("run"));
        final int core = Runtime.getRuntime().availableProcessors() > 1 ? 1 : 0;
        final List<String> arguments = new ArrayList<>(List.of(
            NAME, runDirectory.toString(), pcap.toString(), Integer.toString(core), Integer.toString(WINDOWS),
            Long.toString(WINDOW_MS), Integer.toString(MAX_SETTLE_ROUNDS)));
        arguments.addAll(extraArguments);
        try (ChildJvm child = ChildJvm.start(List.of(), ChildDataplane.jvmOptions(), DpdkForwardingChild.class, arguments))
        {
            assertTrue(child.awaitReport("ready", "true", READY_TIMEOUT), () -> "data plane never ready:\n" + child.transcript());
            assertEquals(0, child.awaitExit(EXIT_TIMEOUT), () -> "child failed:\n" + child.transcript());
            final Supplier<String> transcript = child::transcript;

            final List<Long> bytes = new ArrayList<>();
            final List<Long> sent = new ArrayList<>();
            final List<String> jitMs = new ArrayList<>();
            for (int i = 0; i < WINDOWS; i++)
            {
                bytes.add(Long.parseLong(child.report("window." + i + ".bytes")));
                sent.add(Long.parseLong(child.report("window." + i + ".tx")));
                jitMs.add(child.report("window." + i + ".jitMs"));
            }
            final String windows = "per " + WINDOW_MS + " ms window: allocated bytes " + bytes + ", net_null0 tx " + sent +
                ", JIT ms " + jitMs + " (warm-up settled after " + child.report("settle.rounds") + " rounds)";
            System.out.println("DpdkWorkerAllocationIT " + windows);
            if (sent.stream().anyMatch(n -> n < MIN_TX_PER_WINDOW))
            {
                fail("the worker forwarded fewer than " + MIN_TX_PER_WINDOW + " packets in a window, " + windows +
                    "\n" + child.transcript());
            }
            if (bytes.stream().anyMatch(n -> n != 0))
            {
                fail("bytes allocated on the worker thread while forwarding through DPDK, " + windows +
                    " (every window must be 0)");
            }
            assertAll(
                () -> assertEquals("true", child.report("worker.alive"), transcript),
                () -> assertEquals("0", child.report("agentErrors"), transcript),
                () -> assertEquals("0", child.report("drops.fragment_no_mbuf"), transcript),
                () -> assertEquals("true", child.report("done"), transcript));
            return child.report("ip4.fragments");
        }
        finally
        {
            EalRuntimeDirectory.remove("junction-" + NAME);
        }
    }

    /** IPv4 UDP from the host on p0 to addresses in the routed prefix, various lengths from {@code shortest} data bytes. */
    private static List<byte[]> frames(final int shortest)
    {
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < PCAP_PACKETS; i++)
        {
            final int destination = Frames.ip4("198.19.0.0") | (i * 0x0101 + 1) & 0xFFFF;
            frames.add(Frames.ip4Udp(TestRouter.P0_MAC, TestRouter.HOST_MAC, Frames.ip4("198.18.1.10"), destination, 64,
                shortest + (i * 37) % 400));
        }
        return frames;
    }
}
