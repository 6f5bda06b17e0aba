/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bindings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * EAL's runtime directory, {@code /var/run/dpdk/FILE_PREFIX}: EAL leaves it behind even after
 * {@code rte_eal_cleanup}, and a killed child leaves it too, so every IT that starts EAL under its
 * own {@code --file-prefix} removes it afterwards. Shared through this module's test-jar.
 */
public final class EalRuntimeDirectory
{
    private static final Path RUNTIME_ROOT = Path.of("/var/run/dpdk");

    private EalRuntimeDirectory()
    {
    }

    /** Removes {@code /var/run/dpdk/FILE_PREFIX} and everything in it; nothing if it is not there. */
    public static void remove(final String filePrefix) throws IOException
    {
        final Path dir = RUNTIME_ROOT.resolve(filePrefix);
        if (Files.isDirectory(dir))
        {
            try (Stream<Path> paths = Files.walk(dir))
            {
                for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
                {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
