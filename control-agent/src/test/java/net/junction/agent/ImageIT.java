/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The appliance, as a user builds and tests it (docs/appliance.md): {@code ./junction image} builds the disk image
 * from Debian 12 packages (the .deb of this build inside), then {@code ./junction image test} boots it under qemu
 * (software emulation here: no KVM) with two virtio-net NICs driven by DPDK's virtio PMD, and checks that the router
 * answers ping on both ports, peers with BIRD, forwards to BIRD's route and shows the session over SSH; then, with
 * {@code --upgrade}, the A/B upgrades (docs/appliance.md "Upgrade"): an upgrade to a second image that boots once,
 * passes its health check and becomes the default; a rollback; and a broken image whose health check fails, after
 * which the box comes back on the old slot by itself. Each check of the boot test becomes one test here; the build
 * is one more (the image must stay under 1 GiB).
 *
 * <p>Needs root (namespaces, TAPs), the Debian packages the launcher installs, and the built distribution
 * (failsafe runs after {@code package}). With KVM about 10 minutes with the Debian system cached in
 * /var/tmp/junction-image/cache (the upgrade test builds a second image from it); under software emulation (TCG)
 * each of the five boots takes 3 to 4 minutes: about 25.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class ImageIT
{
    static final List<String> BOOT_CHECKS = List.of("boot", "ping", "bgp", "forward", "show", "user", "watchdog");
    static final List<String> UPGRADE_CHECKS = List.of("api", "upgrade", "newslot", "rollback", "fallback");
    private static final long BUILD_TIMEOUT_SECONDS = 30 * 60;
    private static final long BOOT_TIMEOUT_SECONDS = 45 * 60;
    private static final long MAX_IMAGE_BYTES = 1L << 30;

    private final Map<String, String> results = new LinkedHashMap<>();
    private final List<String> output = new ArrayList<>();
    private final Path out = Path.of("/var/tmp/junction-image");
    private int buildExit = -1;
    private int testExit = -1;

    private int run(final String what, final long timeoutSeconds, final String... args) throws IOException, InterruptedException
    {
        final Path home = LabIT.junctionHome();
        final Path log = Files.createTempFile("junction-image-it", ".log");
        final List<String> command = new ArrayList<>();
        command.add(home.resolve("junction").toString());
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().put("JUNCTION_NO_BUILD", "1"); // the jars were just packaged by this build
        final Process p = builder.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS))
        {
            p.destroy(); // SIGTERM: the scripts remove what they made
            if (!p.waitFor(60, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
            }
        }
        final int exit = p.isAlive() ? -1 : p.exitValue();
        for (final String line : Files.readAllLines(log))
        {
            System.out.println("[" + what + "] " + line);
            output.add(line);
            final String[] words = line.trim().split("\\s+", 3);
            if (words.length >= 2 && ("PASS".equals(words[0]) || "FAIL".equals(words[0])))
            {
                results.put(words[1], line.trim());
            }
        }
        Files.deleteIfExists(log);
        return exit;
    }

    @BeforeAll
    void buildAndBoot() throws Exception
    {
        Assumptions.assumeTrue(LabIT.isRoot(), "the image test needs root (namespaces, TAPs); CI runs as root");
        buildExit = run("image", BUILD_TIMEOUT_SECONDS, "image", "--out", out.toString());
        if (buildExit == 0)
        {
            testExit = run("image test", BOOT_TIMEOUT_SECONDS, "image", "test", "--upgrade", "--image",
                out.resolve("junction.raw").toString());
        }
    }

    private String tail()
    {
        return String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size()));
    }

    @TestFactory
    Stream<DynamicTest> shouldBuildAnImageUnderOneGibibyte()
    {
        return Stream.of(
            DynamicTest.dynamicTest("build", () -> assertEquals(0, buildExit, "./junction image exit code; output:\n" + tail())),
            DynamicTest.dynamicTest("size", () ->
            {
                final Path raw = out.resolve("junction.raw");
                assertTrue(Files.isRegularFile(raw), "no " + raw);
                assertTrue(Files.size(raw) < MAX_IMAGE_BYTES, raw + " is " + Files.size(raw) + " bytes");
                assertTrue(Files.isRegularFile(out.resolve("junction.qcow2")), "no qcow2 beside it");
                assertTrue(Files.readString(out.resolve("junction.packages")).contains("junction"),
                    "the package versions, junction's among them");
            }));
    }

    @TestFactory
    Stream<DynamicTest> shouldBootAndRouteUnderQemu()
    {
        return checks(BOOT_CHECKS);
    }

    @TestFactory
    Stream<DynamicTest> shouldUpgradeRollBackAndFallBackBetweenSlots()
    {
        return checks(UPGRADE_CHECKS);
    }

    private Stream<DynamicTest> checks(final List<String> names)
    {
        return Stream.concat(names.stream().map(check -> DynamicTest.dynamicTest(check, () ->
        {
            final String line = results.get(check);
            if (line == null)
            {
                fail("the boot test printed no line for check '" + check + "' (build exit " + buildExit + ", test exit " +
                    testExit + "); its output:\n" + tail());
            }
            assertTrue(line.startsWith("PASS"), line);
        })), Stream.of(DynamicTest.dynamicTest("exit code", () -> assertEquals(0, testExit,
            "./junction image test exit code; output:\n" + tail()))));
    }
}
