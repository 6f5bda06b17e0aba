package net.junction.dataplane.packet;

import net.junction.bindings.RawMemory;

/**
 * Small raw-memory helpers the packet builders share. Fast path: plain stores, no allocation
 * (unlike a {@code MemorySegment} slice).
 */
final class Memory
{
    private Memory()
    {
    }

    /** Zeroes {@code length} bytes at {@code address}. */
    static void zero(final long address, final int length)
    {
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            RawMemory.putLongNative(address + i, 0L);
        }
        for (; i < length; i++)
        {
            RawMemory.putByte(address + i, 0);
        }
    }
}
