package net.junction.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Test;

class RawMemoryTest
{
    @Test
    void shouldUseTheFastAccessorsUnderTheProjectsJvmFlags()
    {
        assertTrue(RawMemory.unsafeAccess(), "tests run with --add-exports java.base/jdk.internal.misc=ALL-UNNAMED");
    }

    @Test
    void shouldReadAndWriteInTheStatedByteOrder()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(32);
            final long a = segment.address() + 1; // unaligned on purpose
            RawMemory.putShortBe(a, 0x1234);
            assertEquals(0x12, segment.get(ValueLayout.JAVA_BYTE, 1));
            assertEquals(0x34, segment.get(ValueLayout.JAVA_BYTE, 2));
            assertEquals(0x1234, RawMemory.getShortBe(a));
            assertEquals(0x3412, RawMemory.getShortNative(a), "x86-64 is little-endian");
            RawMemory.putIntBe(a, 0xC6120101);
            assertEquals((byte)0xC6, segment.get(ValueLayout.JAVA_BYTE, 1));
            assertEquals(0xC6120101, RawMemory.getIntBe(a));
            RawMemory.putLongBe(a, 0x0102030405060708L);
            assertEquals(0x0807060504030201L, RawMemory.getLongNative(a));
            RawMemory.putLongNative(a, -1L);
            assertEquals(0xFFFF, RawMemory.getShortBe(a + 6));
            RawMemory.putByte(a, 0x1FF);
            assertEquals(0xFF, RawMemory.getByte(a));
        }
    }

    @Test
    void shouldReadAndWriteOrderedIntsInHostOrder()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(16, 8);
            final long a = segment.address() + 4;
            RawMemory.putIntRelease(a, 0xC6120101);
            assertEquals(0xC6120101, segment.get(ValueLayout.JAVA_INT, 4));
            assertEquals(0xC6120101, RawMemory.getIntAcquire(a));
            assertEquals(0xC6120101, RawMemory.getIntNative(a));
        }
    }

    @Test
    void shouldCopyOverlappingRangesLikeMemmove()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(64);
            for (int i = 0; i < 64; i++)
            {
                segment.set(ValueLayout.JAVA_BYTE, i, (byte)i);
            }
            RawMemory.copy(segment.address(), segment.address() + 8, 40); // forwards, overlapping
            for (int i = 0; i < 40; i++)
            {
                assertEquals(i, segment.get(ValueLayout.JAVA_BYTE, 8 + i));
            }
            RawMemory.copy(segment.address() + 8, segment.address(), 40); // backwards, overlapping
            for (int i = 0; i < 40; i++)
            {
                assertEquals(i, segment.get(ValueLayout.JAVA_BYTE, i));
            }
            RawMemory.fill(segment.address(), 16, (byte)0x5A);
            assertEquals(0x5A, RawMemory.getByte(segment.address() + 15));
        }
    }
}
