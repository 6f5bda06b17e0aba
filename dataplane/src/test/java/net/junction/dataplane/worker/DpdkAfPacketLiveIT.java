/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.worker;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import net.junction.bindings.ChildJvm;
import net.junction.bindings.EalRuntimeDirectory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit's changes on a {@code net_af_packet} port with an exception path, in a namespace of
 * its own ({@code rou-afp}, veth {@code rou-a}/{@code rou-b}): {@link DpdkAfPacketLiveChild} asks
 * for MTU 9000, which af_packet refuses (above its frame size): the refusal names the device and
 * nothing changes, not the port, not the TAP; then MTU 1400, which the device (the veth) and the
 * TAP take; then new addresses, which the TAP's kernel side carries, the old one gone.
 *
 * <p>Needs: root, iproute2, nft, DPDK 22.11 with net_af_packet and net_tap. Namespace and links
 * are rou-*, removed before and after, failure or not. One spinning worker: run it alone
 * ({@code flock /tmp/jn-dpdk.lock}).
 */
class DpdkAfPacketLiveIT
{
    private static final String NS = "rou-afp";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(40);
    private static final String NAME = "afp-it-" + ProcessHandle.current().pid();

    @TempDir
    Path tempDir;

    @Test
    @Timeout(120)
    void shouldRefuseAnMtuAfPacketCannotTakeAndTakeOneItCan() throws Exception
    {
        Assumptions.assumeTrue(run("id", "-u").strip().equals("0"), "needs root (a network namespace, DPDK)");
        removeNamespace();
        try
        {
            must("ip", "netns", "add", NS);
            must("ip", "-n", NS, "link", "add", "rou-a", "type", "veth", "peer", "name", "rou-b");
            for (final String link : List.of("lo", "rou-a", "rou-b"))
            {
                must("ip", "-n", NS, "link", "set", link, "up");
            }
            must("ip", "netns", "exec", NS, "sysctl", "-q", "-w", "net.ipv6.conf.rou-a.disable_ipv6=1");
            final Path runDirectory = Files.createDirectories(tempDir.resolve("run"));
            final int core = Runtime.getRuntime().availableProcessors() > 1 ? 1 : 0;
            try (ChildJvm child = ChildJvm.start(List.of("ip", "netns", "exec", NS), ChildDataplane.jvmOptions(), DpdkAfPacketLiveChild.class,
                List.of(NAME, runDirectory.toString(), "rou-a", Integer.toString(core))))
            {
                assertTrue(child.awaitReport("ready", "true", READY_TIMEOUT), () -> "data plane never ready:\n" + child.transcript());
                assertEquals(0, child.awaitExit(EXIT_TIMEOUT), () -> "child failed:\n" + child.transcript());
                final Supplier<String> transcript = child::transcript;
                System.out.println("DpdkAfPacketLiveIT " + transcript.get().lines().filter(l -> l.startsWith("JN ")).toList());
                assertAll(
                    () -> assertEquals("1500", child.report("start.tapMtu"), transcript),
                    () -> assertEquals("198.18.1.1/24", child.report("start.tapAddresses"), transcript),
                    () -> assertTrue(child.report("jumbo.result").startsWith("device net_af_packet0 refused MTU 9000"), transcript),
                    () -> assertEquals("1500", child.report("jumbo.mtu"), transcript),
                    () -> assertEquals("1500", child.report("jumbo.tapMtu"), transcript),
                    () -> assertEquals("ok", child.report("small.result"), transcript),
                    () -> assertEquals("1400", child.report("small.mtu"), transcript),
                    () -> assertEquals("1400", child.report("small.tapMtu"), transcript),
                    () -> assertEquals("1400", child.report("small.ifaceMtu"), transcript),
                    () -> assertEquals("198.18.1.1/24,198.18.5.1/24", child.report("added.tapAddresses"), transcript),
                    () -> assertEquals("198.18.5.1/24", child.report("moved.tapAddresses"), transcript),
                    () -> assertEquals("1", child.report("moved.port"), transcript),
                    () -> assertEquals("true", child.report("worker.alive"), transcript),
                    () -> assertEquals("true", child.report("done"), transcript));
            }
        }
        finally
        {
            removeNamespace();
            EalRuntimeDirectory.remove("junction-" + NAME);
        }
    }

    private static void removeNamespace()
    {
        final String pids = run("ip", "netns", "pids", NS);
        for (final String pid : pids.split("\\s+"))
        {
            if (pid.matches("[0-9]+"))
            {
                run("kill", "-KILL", pid);
            }
        }
        run("ip", "netns", "del", NS);
    }

    private static void must(final String... command)
    {
        final String out = run(command);
        if (out.startsWith("FAILED"))
        {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
    }

    /** @return the command's output, or {@code FAILED ...} when it exited non-zero. */
    private static String run(final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return process.waitFor() == 0 ? out : "FAILED " + out;
        }
        catch (final IOException ex)
        {
            return "FAILED " + ex.getMessage();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "FAILED interrupted";
        }
    }
}
