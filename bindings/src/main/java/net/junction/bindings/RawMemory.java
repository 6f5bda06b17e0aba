package net.junction.bindings;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Access to native memory by absolute address, the way the fast path reaches mbufs and packet
 * bytes: one segment spanning the whole address space, so a packet is a {@code long} address and
 * never an object. Fast path: every method is a plain load or store, allocation free.
 *
 * <p>Byte order is stated on every multi-byte access: {@code *Be} is network order (packet
 * headers), {@code *Native} is the host order (DPDK structs).
 */
public final class RawMemory
{
    /** Every address of the process. Bounds are the caller's business, as in C. */
    public static final MemorySegment EVERYTHING = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private static final ValueLayout.OfShort SHORT_BE =
        ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT_BE =
        ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG_BE =
        ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort SHORT_NATIVE = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt INT_NATIVE = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG_NATIVE = ValueLayout.JAVA_LONG_UNALIGNED;

    private RawMemory()
    {
    }

    public static int getByte(final long address)
    {
        return EVERYTHING.get(ValueLayout.JAVA_BYTE, address) & 0xFF;
    }

    public static void putByte(final long address, final int value)
    {
        EVERYTHING.set(ValueLayout.JAVA_BYTE, address, (byte)value);
    }

    /** Unsigned 16-bit, network byte order. */
    public static int getShortBe(final long address)
    {
        return EVERYTHING.get(SHORT_BE, address) & 0xFFFF;
    }

    public static void putShortBe(final long address, final int value)
    {
        EVERYTHING.set(SHORT_BE, address, (short)value);
    }

    public static int getIntBe(final long address)
    {
        return EVERYTHING.get(INT_BE, address);
    }

    public static void putIntBe(final long address, final int value)
    {
        EVERYTHING.set(INT_BE, address, value);
    }

    public static long getLongBe(final long address)
    {
        return EVERYTHING.get(LONG_BE, address);
    }

    public static void putLongBe(final long address, final long value)
    {
        EVERYTHING.set(LONG_BE, address, value);
    }

    /** Unsigned 16-bit, host byte order. */
    public static int getShortNative(final long address)
    {
        return EVERYTHING.get(SHORT_NATIVE, address) & 0xFFFF;
    }

    public static void putShortNative(final long address, final int value)
    {
        EVERYTHING.set(SHORT_NATIVE, address, (short)value);
    }

    public static int getIntNative(final long address)
    {
        return EVERYTHING.get(INT_NATIVE, address);
    }

    public static void putIntNative(final long address, final int value)
    {
        EVERYTHING.set(INT_NATIVE, address, value);
    }

    public static long getLongNative(final long address)
    {
        return EVERYTHING.get(LONG_NATIVE, address);
    }

    public static void putLongNative(final long address, final long value)
    {
        EVERYTHING.set(LONG_NATIVE, address, value);
    }

    /** Overlap-safe copy (memmove semantics). */
    public static void copy(final long fromAddress, final long toAddress, final long length)
    {
        MemorySegment.copy(EVERYTHING, fromAddress, EVERYTHING, toAddress, length);
    }

    public static void fill(final long address, final long length, final byte value)
    {
        EVERYTHING.asSlice(address, length).fill(value);
    }
}
