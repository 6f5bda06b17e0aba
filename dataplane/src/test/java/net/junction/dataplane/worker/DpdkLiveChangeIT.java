/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.worker;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A commit's changes reach a running DPDK data plane without restarting a port or a worker:
 * {@link DpdkLiveChangeChild} forwards DF packets bigger than the egress MTU (all dropped as
 * {@code mtu_exceeded}), raises the MTU live, changes the port's addresses and a static neighbor.
 * When the PMD takes the MTU ({@code rte_eth_dev_set_mtu}), the same worker thread forwards them
 * from then on; when it refuses, the refusal names the device and the MTU stays as it was.
 *
 * <p>Needs: root, DPDK 22.11 with net_pcap and net_null. One spinning worker: run it alone on the
 * machine ({@code flock /tmp/jn-dpdk.lock}).
 */
class DpdkLiveChangeIT
{
    private static final long WINDOW_MS = 700;
    private static final int PCAP_PACKETS = 32;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(25);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(40);
    private static final String NAME = "live-it-" + ProcessHandle.current().pid();

    @TempDir
    Path tempDir;

    @Test
    @Timeout(90)
    void shouldTakeMtuAddressAndNeighborChangesWhileForwarding() throws Exception
    {
        final Path pcap = tempDir.resolve("in.pcap");
        PcapFile.write(pcap, frames());
        final Path runDirectory = Files.createDirectories(tempDir.resolve("run"));
        final int core = Runtime.getRuntime().availableProcessors() > 1 ? 1 : 0;
        try (ChildJvm child = ChildJvm.start(List.of(), ChildDataplane.jvmOptions(), DpdkLiveChangeChild.class, List.of(
            NAME, runDirectory.toString(), pcap.toString(), Integer.toString(core), Long.toString(WINDOW_MS))))
        {
            assertTrue(child.awaitReport("ready", "true", READY_TIMEOUT), () -> "data plane never ready:\n" + child.transcript());
            assertEquals(0, child.awaitExit(EXIT_TIMEOUT), () -> "child failed:\n" + child.transcript());
            final Supplier<String> transcript = child::transcript;
            System.out.println("DpdkLiveChangeIT " + transcript.get().lines().filter(l -> l.startsWith("JN ")).toList());

            assertTrue(Long.parseLong(child.report("before.mtuDrops")) > 0, transcript);
            assertEquals("0", child.report("before.tx"), transcript);
            if ("ok".equals(child.report("mtu.result")))
            {
                assertEquals("1700", child.report("mtu.now"), transcript);
                assertEquals("0", child.report("after.mtuDrops"), transcript);
                assertTrue(Long.parseLong(child.report("after.tx")) > 0, transcript);
            }
            else
            {
                assertTrue(child.report("mtu.result").startsWith("device net_null0 refused MTU 1700"), transcript);
                assertEquals("1500", child.report("mtu.now"), transcript);
            }
            assertAll(
                () -> assertEquals("2", child.report("addresses.now"), transcript),
                () -> assertEquals("ok", child.report("neighbors"), transcript),
                () -> assertEquals("true", child.report("worker.busy"), transcript),
                () -> assertEquals("true", child.report("worker.same"), transcript),
                () -> assertEquals("true", child.report("done"), transcript));
        }
        finally
        {
            EalRuntimeDirectory.remove("junction-" + NAME);
        }
    }

    /** IPv4 UDP with DF set, 1600 bytes, from the host on p0 to the routed prefix. */
    private static List<byte[]> frames()
    {
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < PCAP_PACKETS; i++)
        {
            final int destination = Frames.ip4("198.19.0.0") | (i * 0x0101 + 1) & 0xFFFF;
            final byte[] frame = Frames.ip4Udp(TestRouter.P0_MAC, TestRouter.HOST_MAC, Frames.ip4("198.18.1.10"), destination, 64,
                1600 - 28);
            Frames.put16(frame, 14 + 6, 0x4000);
            Frames.put16(frame, 14 + 10, 0);
            Frames.put16(frame, 14 + 10, Frames.checksum(frame, 14, 20, 0));
            frames.add(frame);
        }
        return frames;
    }
}
