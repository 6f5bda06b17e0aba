/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ProcessMemoryTest
{
    private static final List<String> SMAPS_BEFORE = List.of(
        "55d0c0000000-55d0c0021000 r-xp 00000000 08:01 123   /usr/bin/java",
        "Size:                132 kB",
        "AnonHugePages:         0 kB",
        "VmFlags: rd ex mr mw me");

    private static final List<String> SMAPS_AFTER = List.of(
        "55d0c0000000-55d0c0021000 r-xp 00000000 08:01 123   /usr/bin/java",
        "Size:                132 kB",
        "AnonHugePages:         0 kB",
        "VmFlags: rd ex mr mw me",
        "7f9a00000000-7f9a04000000 rw-p 00000000 00:00 0 ",
        "Size:              65536 kB",
        "Rss:               65536 kB",
        "AnonHugePages:     65536 kB",
        "THPeligible:    1",
        "VmFlags: rd wr mr mw me ac hg");

    @Test
    void shouldFindTheMappingAConstructorMade()
    {
        final Map<Long, ProcessMemory.Vma> before = ProcessMemory.parseSmaps(SMAPS_BEFORE);
        final Map<Long, ProcessMemory.Vma> after = ProcessMemory.parseSmaps(SMAPS_AFTER);

        final List<ProcessMemory.Vma> made = ProcessMemory.newMappings(before, after, 64 * 1024);

        assertEquals(1, made.size());
        assertEquals(0x7f9a00000000L, made.get(0).start());
        assertEquals(65536, made.get(0).sizeKb());
        assertEquals(65536, made.get(0).anonHugeKb());
        assertEquals("rd wr mr mw me ac hg", made.get(0).flags());
    }

    @Test
    void shouldIgnoreSmallerAndUnchangedMappings()
    {
        final Map<Long, ProcessMemory.Vma> after = ProcessMemory.parseSmaps(SMAPS_AFTER);

        assertEquals(0, ProcessMemory.newMappings(after, after, 64 * 1024).size());
        assertEquals(0, ProcessMemory.newMappings(Map.of(), after, 128 * 1024).size());
    }
}
