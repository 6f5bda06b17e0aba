/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.lpm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Zeroed off-heap memory for the FIB's large tables, backed by transparent huge pages where the
 * kernel gives them: an anonymous {@code mmap} (through FFM), {@code madvise(MADV_HUGEPAGE)} on
 * its 2 MiB-aligned part <em>before</em> the first touch, so the pages are faulted in as huge
 * pages. Why: a random lookup into a 64 MiB first level is a TLB miss (and a page walk) with 4 KiB
 * pages; with 2 MiB pages the whole table needs 32 TLB entries. Works with THP set to "always"
 * or "madvise" ({@code /sys/kernel/mm/transparent_hugepage/enabled}); with "never", or off Linux,
 * the memory is still correct, in small pages.
 *
 * <p>The mapping is unmapped when its segment becomes unreachable (an automatic arena): a reader
 * that holds the segment keeps the memory alive, as with a Java array. Below one huge page, or
 * when {@code mmap} is not available, the memory comes from an automatic {@link Arena}.
 *
 * <p>Tunable: {@code -Djunction.lpm.hugePages=false} skips the advice (to measure without it).
 * Not thread safe to configure; {@link #allocate} may be called from any thread.
 */
final class HugePageMemory
{
    /** Whether large tables ask for transparent huge pages; system property {@code junction.lpm.hugePages}. */
    static final boolean HUGE_PAGES = !"false".equalsIgnoreCase(System.getProperty("junction.lpm.hugePages"));
    static final long HUGE_PAGE_BYTES = 2L << 20;

    // Linux, the same on x86-64 and arm64 (asm-generic/mman-common.h).
    private static final int PROT_READ = 0x1;
    private static final int PROT_WRITE = 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    private static final int MADV_HUGEPAGE = 14;

    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle MADVISE;

    static
    {
        MethodHandle mmap = null;
        MethodHandle munmap = null;
        MethodHandle madvise = null;
        if (System.getProperty("os.name", "").startsWith("Linux"))
        {
            try
            {
                final Linker linker = Linker.nativeLinker();
                final var libc = linker.defaultLookup();
                mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(),
                    FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
                munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
                madvise = linker.downcallHandle(libc.find("madvise").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
            }
            catch (final RuntimeException | LinkageError ex)
            {
                mmap = null; // no native access: arena memory, small pages
            }
        }
        MMAP = mmap;
        MUNMAP = munmap;
        MADVISE = madvise;
    }

    /** Zeroed memory and whether the kernel accepted the huge-page advice for it. */
    record Region(MemorySegment segment, boolean hugePageAdvice)
    {
    }

    private HugePageMemory()
    {
    }

    /**
     * @param bytes a multiple of 8.
     * @return zeroed memory of exactly {@code bytes}, aligned to a huge page when mapped here,
     *         released once unreachable.
     */
    static Region allocate(final long bytes)
    {
        if (MMAP == null || bytes < HUGE_PAGE_BYTES)
        {
            return new Region(Arena.ofAuto().allocate(bytes, 64), false);
        }
        return map(bytes, MAP_PRIVATE | MAP_ANONYMOUS);
    }

    /** Whether {@link #reserve} can reserve address space (Linux, native access). */
    static boolean canReserve()
    {
        return MMAP != null;
    }

    /**
     * Address space for a table that grows in place, never copied: {@code bytes} mapped with
     * {@code MAP_NORESERVE} (no commit charge; with {@code vm.overcommit_memory} 2 it is charged
     * all the same), so the kernel backs a page only when it is first touched and the process's
     * RSS grows with what the table writes, a huge page at a time where the advice holds.
     *
     * @param bytes a multiple of 8, at least one huge page.
     * @throws IllegalStateException when {@link #canReserve()} is false.
     */
    static Region reserve(final long bytes)
    {
        if (MMAP == null)
        {
            throw new IllegalStateException("no mmap here: address space cannot be reserved");
        }
        return map(Math.max(bytes, HUGE_PAGE_BYTES), MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE);
    }

    private static Region map(final long bytes, final int flags)
    {
        // One huge page more than asked, so that a 2 MiB-aligned start lies inside the mapping.
        final long mappedBytes = bytes + HUGE_PAGE_BYTES;
        final long address;
        try
        {
            address = ((MemorySegment)MMAP.invokeExact(MemorySegment.NULL, mappedBytes, PROT_READ | PROT_WRITE,
                flags, -1, 0L)).address();
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("mmap of " + mappedBytes + " bytes", ex);
        }
        if (address == -1L)
        {
            throw new OutOfMemoryError("mmap of " + mappedBytes + " bytes failed");
        }
        final MemorySegment mapping = MemorySegment.ofAddress(address).reinterpret(mappedBytes, Arena.ofAuto(),
            segment -> unmap(segment.address(), mappedBytes));
        final long offset = ((address + HUGE_PAGE_BYTES - 1) & -HUGE_PAGE_BYTES) - address;
        final MemorySegment segment = mapping.asSlice(offset, bytes);
        boolean advised = false;
        if (HUGE_PAGES)
        {
            try
            {
                advised = (int)MADVISE.invokeExact(segment, (bytes + HUGE_PAGE_BYTES - 1) & -HUGE_PAGE_BYTES,
                    MADV_HUGEPAGE) == 0;
            }
            catch (final Throwable ex)
            {
                advised = false; // the advice is an optimisation: small pages work too
            }
        }
        return new Region(segment, advised);
    }

    private static void unmap(final long address, final long bytes)
    {
        try
        {
            final int ignored = (int)MUNMAP.invokeExact(MemorySegment.ofAddress(address), bytes);
        }
        catch (final Throwable ex)
        {
            // runs on the cleaner thread: nothing to report to
        }
    }
}
