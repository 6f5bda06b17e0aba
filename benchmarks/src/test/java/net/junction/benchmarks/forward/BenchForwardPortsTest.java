/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench forward --ports IN,OUT} on a machine without spare NICs: the checks of the ports
 * (against a PCI device tree the test makes, {@code JUNCTION_PCI_SYSFS}) and, with {@code --dry-run},
 * the command lines the contenders and the generator would run. Nothing is started.
 */
class BenchForwardPortsTest
{
    private static final Path SCRIPT = Path.of("..", "benchmarks", "scripts", "bench-forward.sh").toAbsolutePath().normalize();

    @TempDir
    static Path sysfs;

    /** vfio-pci on 03:00.1 and 02:00.0, ixgbe (eth interface) on 03:00.0, nothing on 04:00.0. */
    @BeforeAll
    static void devices() throws IOException
    {
        final Path devices = Files.createDirectories(sysfs.resolve("devices"));
        final Path drivers = Files.createDirectories(sysfs.resolve("drivers"));
        Files.createDirectories(drivers.resolve("ixgbe"));
        Files.createDirectories(drivers.resolve("vfio-pci"));
        for (final String address : List.of("0000:03:00.0", "0000:03:00.1", "0000:02:00.0", "0000:04:00.0"))
        {
            Files.createDirectories(devices.resolve(address));
        }
        Files.createSymbolicLink(devices.resolve("0000:03:00.0/driver"), drivers.resolve("ixgbe"));
        Files.createDirectories(devices.resolve("0000:03:00.0/net/enp3s0f0"));
        Files.createSymbolicLink(devices.resolve("0000:03:00.1/driver"), drivers.resolve("vfio-pci"));
        Files.createSymbolicLink(devices.resolve("0000:02:00.0/driver"), drivers.resolve("vfio-pci"));
    }

    @Test
    void shouldRefuseAPortOnAKernelDriverAndSayHowToBindIt() throws Exception
    {
        final Run run = bench("--ports", "0000:03:00.0,0000:03:00.1");

        assertEquals(1, run.exit, run.output);
        assertTrue(run.output.contains("--ports IN: 0000:03:00.0 is bound to the kernel driver ixgbe (interface enp3s0f0)"), run.output);
        assertTrue(run.output.contains("dpdk-devbind.py --bind=vfio-pci 0000:03:00.0"), run.output);
        assertTrue(run.output.contains("ip link set enp3s0f0 down"), run.output);
    }

    @Test
    void shouldRefuseAPortWithoutDriverOrDevice() throws Exception
    {
        assertRefused("--ports OUT: 0000:04:00.0 is bound to no driver", "--ports", "0000:03:00.1,0000:04:00.0");
        assertRefused("no PCI device 0000:09:00.0", "--ports", "03:00.1,0000:09:00.0");
        assertRefused("'eth0' is not a PCI address", "--ports", "eth0,0000:02:00.0");
    }

    @Test
    void shouldRefuseSmallPagesAndAGeneratorWithoutPorts() throws Exception
    {
        assertRefused("real NICs need DMA-able huge pages", "--ports", "0000:03:00.1,0000:02:00.0", "--no-huge");
        assertRefused("--gen-port and --gen-cores go with --ports", "--gen-port", "0000:02:00.0");
    }

    @Test
    void shouldRunEveryContenderOnTheRealPortsNumberedInBusOrder() throws Exception
    {
        // OUT (02:00.0) comes before IN (03:00.1) on the bus: the EAL makes it port 0.
        final Run run = bench("--ports", "0000:03:00.1,0000:02:00.0");

        assertEquals(0, run.exit, run.output);
        assertTrue(run.output.contains("0000:03:00.1 -> 0000:02:00.0 (port ids 1 -> 0)"), run.output);
        final String l3fwd = line(run.output, "l3fwd:");
        assertTrue(l3fwd.contains("-a 0000:03:00.1 -a 0000:02:00.0"), l3fwd);
        assertTrue(!l3fwd.contains("--no-pci") && !l3fwd.contains("--vdev"), l3fwd);
        assertTrue(l3fwd.contains(" -P "), "l3fwd promiscuous on real ports: " + l3fwd);
        assertTrue(l3fwd.contains("--eth-dest=0\\,02:00:00:00:00:02"), l3fwd);
        final String testpmd = line(run.output, "testpmd:");
        assertTrue(testpmd.contains("-a 0000:03:00.1 -a 0000:02:00.0") && !testpmd.contains("--no-pci"), testpmd);
        assertTrue(run.output.contains("device: 0000:03:00.1") && run.output.contains("device: 0000:02:00.0"), run.output);
        assertTrue(!line(run.output, "extra-args:").contains("--no-pci"), run.output);
    }

    @Test
    void shouldKeepTheVirtualDevicesWithoutPorts() throws Exception
    {
        final Run run = bench();

        assertEquals(0, run.exit, run.output);
        final String l3fwd = line(run.output, "l3fwd:");
        assertTrue(l3fwd.contains("--no-pci") && l3fwd.contains("--vdev=net_pcap0") && l3fwd.contains("--vdev=net_null0"), l3fwd);
        assertTrue(!l3fwd.contains(" -P "), l3fwd);
        assertTrue(l3fwd.contains("--eth-dest=1\\,02:00:00:00:00:02"), l3fwd);
        assertTrue(run.output.contains("device: net_pcap0") && line(run.output, "extra-args:").contains("--no-pci"), run.output);
    }

    /** The bench with these arguments exits 1 saying this. */
    private static void assertRefused(final String message, final String... args) throws Exception
    {
        final Run run = bench(args);
        assertEquals(1, run.exit, run.output);
        assertTrue(run.output.contains(message), run.output);
    }

    private static String line(final String output, final String start)
    {
        return output.lines().map(String::strip).filter(l -> l.startsWith(start)).findFirst()
            .orElseThrow(() -> new AssertionError("no line starting with " + start + " in:\n" + output));
    }

    private record Run(int exit, String output)
    {
    }

    /** The bench with a small table, l3fwd, testpmd and Junction, and --dry-run. */
    private static Run bench(final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), "--table", "0", "--routes", "4",
            "--packets", "64", "--dry-run"));
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JUNCTION_PCI_SYSFS", sysfs.resolve("devices").toString());
        final Process process = builder.start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("bench-forward.sh --dry-run did not end within 60 s:\n" + output);
        }
        return new Run(process.exitValue(), output);
    }
}
