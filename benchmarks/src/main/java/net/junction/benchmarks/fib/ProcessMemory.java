/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.fib;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What backs the bench's memory, read from {@code /proc/self/smaps} (Linux): which mappings are
 * on transparent huge pages, so that the bench can say whether Ip4Dir24's 64 MiB tbl24 really is
 * (its {@code madvise} is only advice), and the pinning of the measuring thread to one CPU, as
 * EAL pins the anchor's ({@code sched_setaffinity} through FFM).
 */
final class ProcessMemory
{
    /** One mapping of smaps: its range, and its Size and AnonHugePages in kB. */
    record Vma(long start, long end, long sizeKb, long anonHugeKb, String flags)
    {
    }

    private ProcessMemory()
    {
    }

    /** The mappings of this process by start address; empty when smaps cannot be read. */
    static Map<Long, Vma> mappings()
    {
        try
        {
            return parseSmaps(Files.readAllLines(Path.of("/proc/self/smaps")));
        }
        catch (final IOException | RuntimeException ex)
        {
            return Map.of();
        }
    }

    static Map<Long, Vma> parseSmaps(final List<String> lines)
    {
        final Map<Long, Vma> out = new LinkedHashMap<>();
        long start = -1;
        long end = -1;
        long size = 0;
        long anonHuge = 0;
        String flags = "";
        for (final String line : lines)
        {
            final int colon = line.indexOf(':');
            final int dash = line.indexOf('-');
            if (dash > 0 && (colon < 0 || dash < colon) && isHex(line, 0, dash))
            {
                if (start >= 0)
                {
                    out.put(start, new Vma(start, end, size, anonHuge, flags));
                }
                final int space = line.indexOf(' ', dash);
                start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                end = Long.parseUnsignedLong(line.substring(dash + 1, space < 0 ? line.length() : space), 16);
                size = 0;
                anonHuge = 0;
                flags = "";
            }
            else if (line.startsWith("Size:"))
            {
                size = kb(line);
            }
            else if (line.startsWith("AnonHugePages:"))
            {
                anonHuge = kb(line);
            }
            else if (line.startsWith("VmFlags:"))
            {
                flags = line.substring("VmFlags:".length()).strip();
            }
        }
        if (start >= 0)
        {
            out.put(start, new Vma(start, end, size, anonHuge, flags));
        }
        return out;
    }

    /**
     * The mappings at least {@code minKb} large that are in {@code after} but not, or not with the
     * same range, in {@code before}: what a constructor mapped in between.
     */
    static List<Vma> newMappings(final Map<Long, Vma> before, final Map<Long, Vma> after, final long minKb)
    {
        return after.values().stream()
            .filter(v -> v.sizeKb() >= minKb)
            .filter(v -> !before.containsKey(v.start()) || before.get(v.start()).end() != v.end())
            .toList();
    }

    /** A field of {@code /proc/self/smaps_rollup} in kB, or -1. */
    static long rollupKb(final String field)
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/smaps_rollup")))
            {
                if (line.startsWith(field + ":"))
                {
                    return kb(line);
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
        return -1;
    }

    /** Pins the calling thread to {@code cpu}; false (and the reason on stderr) when it cannot. */
    static boolean pinCurrentThread(final int cpu)
    {
        if (cpu < 0 || cpu >= 1024)
        {
            return false;
        }
        try
        {
            final Linker linker = Linker.nativeLinker();
            final MethodHandle setAffinity = linker.downcallHandle(
                linker.defaultLookup().find("sched_setaffinity").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
            try (Arena arena = Arena.ofConfined())
            {
                final MemorySegment mask = arena.allocate(128, 8); // cpu_set_t: 1024 bits
                mask.set(JAVA_LONG, (cpu / 64) * 8L, 1L << (cpu % 64));
                return (int)setAffinity.invokeExact(0, 128L, mask) == 0; // pid 0: the calling thread
            }
        }
        catch (final Throwable ex)
        {
            System.err.println("fibbench: cannot pin to CPU " + cpu + ": " + ex);
            return false;
        }
    }

    private static long kb(final String line)
    {
        final String[] parts = line.trim().split("\\s+");
        return parts.length >= 2 ? Long.parseLong(parts[1]) : 0;
    }

    private static boolean isHex(final String s, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            if (Character.digit(s.charAt(i), 16) < 0)
            {
                return false;
            }
        }
        return to > from;
    }
}
