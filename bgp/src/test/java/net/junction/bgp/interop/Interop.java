/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * What an interop IT checks before it starts: root (namespaces) and the daemon binaries it needs. Skips
 * the test with a message saying what is missing, and the first time removes the namespaces a crashed
 * earlier run left behind ({@link Netns#sweep}).
 */
public final class Interop
{
    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    private Interop()
    {
    }

    /** Skip unless root with every binary present; sweep leftovers once per JVM. */
    public static void assumeCanRun(final String... binaries)
    {
        Assumptions.assumeTrue(isRoot(), "interop tests need root (network namespaces, daemons on port 179); CI runs them as root");
        for (final String binary : binaries)
        {
            Assumptions.assumeTrue(Files.isExecutable(Path.of(binary)),
                binary + " is missing: ./junction setup installs bird2, frr and gobgpd");
        }
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"))
            || Files.isExecutable(Path.of("/usr/bin/ip")), "iproute2 (ip) is missing");
        if (SWEPT.compareAndSet(false, true))
        {
            final int n = Netns.sweep(Netns.PREFIX);
            if (n > 0)
            {
                System.err.println("interop: removed " + n + " namespace(s) left by an earlier run");
            }
            removeOldWorkFolders();
        }
    }

    /** Work folders of runs whose JVM is gone ({@code junction-interop/jbi-<pid>-...}): logs nobody reads now. */
    private static void removeOldWorkFolders()
    {
        final Path root = Path.of(System.getProperty("java.io.tmpdir"), "junction-interop");
        if (!Files.isDirectory(root))
        {
            return;
        }
        try (Stream<Path> dirs = Files.list(root))
        {
            for (final Path dir : dirs.toList())
            {
                final String[] parts = dir.getFileName().toString().split("-");
                if (parts.length > 2 && (parts[0] + "-").equals(Netns.PREFIX) && parts[1].matches("\\d+")
                    && !ProcessHandle.of(Long.parseLong(parts[1])).map(ProcessHandle::isAlive).orElse(false))
                {
                    Netns.run(Duration.ofSeconds(10), "rm", "-rf", "--", dir.toString());
                }
            }
        }
        catch (final IOException ex)
        {
            System.err.println("interop: could not list " + root + ": " + ex);
        }
    }

    public static boolean isRoot()
    {
        final Netns.Result id = Netns.run(Duration.ofSeconds(5), "id", "-u");
        return id.ok() && id.stdout().strip().equals("0");
    }
}
