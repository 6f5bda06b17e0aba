package net.junction.bindings;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import jdk.internal.misc.Unsafe;

/**
 * Access to native memory by absolute address, the way the fast path reaches mbufs and packet
 * bytes: a packet is a {@code long} address and never an object. Fast path: every method is a
 * plain load or store, allocation free.
 *
 * <p>Byte order is stated on every multi-byte access: {@code *Be} is network order (packet
 * headers), {@code *Native} is the host order (DPDK structs).
 *
 * <p>Why {@code jdk.internal.misc.Unsafe} and not a {@link MemorySegment} spanning the address
 * space: measured on the worker loop, the segment's bounds and alignment checks and its
 * byte-order handling cost about a fifth of a forwarded packet; Unsafe's unaligned accessors
 * with an explicit byte order compile to a single (byte-swapping) load or store, as in Agrona and
 * Aeron. Every JVM of the project runs with
 * {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}; a JVM started without it gets
 * the segment accessors instead (correct, slower) rather than an error. The choice is a
 * {@code static final}, so the JIT keeps only one of the two paths.
 */
public final class RawMemory
{
    /** Every address of the process, for the rare bulk operations that take segments. */
    public static final MemorySegment EVERYTHING = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /** Whether jdk.internal.misc is exported to us; when not, no Unsafe reference is ever resolved. */
    private static final boolean UNSAFE_ACCESS =
        Object.class.getModule().isExported("jdk.internal.misc", RawMemory.class.getModule());
    private static final Unsafe UNSAFE = UNSAFE_ACCESS ? Unsafe.getUnsafe() : null;
    private static final ValueLayout.OfShort SHORT_BE =
        ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** (segment, offset) to an aligned host-order int, for the ordered accessors' fallback. */
    private static final VarHandle INT_ALIGNED = ValueLayout.JAVA_INT.varHandle();
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** True when the fast (Unsafe) accessors are in use. */
    public static boolean unsafeAccess()
    {
        return UNSAFE_ACCESS;
    }

    private RawMemory()
    {
    }

    public static int getByte(final long address)
    {
        return UNSAFE_ACCESS ? UNSAFE.getByte(address) & 0xFF : EVERYTHING.get(ValueLayout.JAVA_BYTE, address) & 0xFF;
    }

    public static void putByte(final long address, final int value)
    {
        if (UNSAFE_ACCESS)
        {
            UNSAFE.putByte(address, (byte)value);
        }
        else
        {
            EVERYTHING.set(ValueLayout.JAVA_BYTE, address, (byte)value);
        }
    }

    /** Unsigned 16-bit, network byte order. */
    public static int getShortBe(final long address)
    {
        return UNSAFE_ACCESS ? UNSAFE.getShortUnaligned(null, address, true) & 0xFFFF : EVERYTHING.get(SHORT_BE, address) & 0xFFFF;
    }

    public static void putShortBe(final long address, final int value)
    {
        if (UNSAFE_ACCESS)
        {
            UNSAFE.putShortUnaligned(null, address, (short)value, true);
        }
        else
        {
            EVERYTHING.set(SHORT_BE, address, (short)value);
        }
    }

    public static int getIntBe(final long address)
    {
        return UNSAFE_ACCESS ? UNSAFE.getIntUnaligned(null, address, true) : EVERYTHING.get(INT_BE, address);
    }

    public static void putIntBe(final long address, final int value)
    {
        if (UNSAFE_ACCESS)
        {
            UNSAFE.putIntUnaligned(null, address, value, true);
        }
        else
        {
            EVERYTHING.set(INT_BE, address, value);
        }
    }

    public static long getLongBe(final long address)
    {
        return UNSAFE_ACCESS ? UNSAFE.getLongUnaligned(null, address, true) : EVERYTHING.get(LONG_BE, address);
    }

    public static void putLongBe(final long address, final long value)
    {
        if (UNSAFE_ACCESS)
        {
            UNSAFE.putLongUnaligned(null, address, value, true);
        }
        else
        {
            EVERYTHING.set(LONG_BE, address, value);
        }
    }

    /** Unsigned 16-bit, host byte order. */
    public static int getShortNative(final long address)
    {
        return UNSAFE_ACCESS ? UNSAFE.getShortUnaligned(null, address) & 0xFFFF : EVERYTHING.get(ValueLayout.JAVA_SHORT_UNALIGNED, address) & 0xFFFF;
    }

    public static void putShortNative(final long address, final int value)
    {
        if (UNSAFE_ACCESS)
        {
            UNSAFE.putShortUnaligned(null, address, (short)value);
        }
        else
        {
            EVERYTHING.set(ValueLayout.JAVA_SHORT_UNALIGNED, address, (short)value);
        }
    }

    public static int getIntNative(final long address)
    {
        return UNSAFE_ACCESS ? UNSAFE.getIntUnaligned(null, address) : EVERYTHING.get(ValueLayout.JAVA_INT_UNALIGNED, address);
    }

    public static void putIntNative(final long address, final int value)
    {
        if (UNSAFE_ACCESS)
        {
            UNSAFE.putIntUnaligned(null, address, value);
        }
        else
        {
            EVERYTHING.set(ValueLayout.JAVA_INT_UNALIGNED, address, value);
        }
    }

    /**
     * 32-bit host order with acquire semantics (no later load or store moves before it): the
     * reader's side of memory another thread publishes with {@link #putIntRelease}. The address
     * must be 4-byte aligned; on x86 this is a plain load.
     */
    public static int getIntAcquire(final long address)
    {
        return UNSAFE_ACCESS ? UNSAFE.getIntAcquire(null, address) : (int)INT_ALIGNED.getAcquire(EVERYTHING, address);
    }

    /** 32-bit host order with release semantics (no earlier load or store moves after it); 4-byte aligned. */
    public static void putIntRelease(final long address, final int value)
    {
        if (UNSAFE_ACCESS)
        {
            UNSAFE.putIntRelease(null, address, value);
        }
        else
        {
            INT_ALIGNED.setRelease(EVERYTHING, address, value);
        }
    }

    public static long getLongNative(final long address)
    {
        return UNSAFE_ACCESS ? UNSAFE.getLongUnaligned(null, address) : EVERYTHING.get(ValueLayout.JAVA_LONG_UNALIGNED, address);
    }

    public static void putLongNative(final long address, final long value)
    {
        if (UNSAFE_ACCESS)
        {
            UNSAFE.putLongUnaligned(null, address, value);
        }
        else
        {
            EVERYTHING.set(ValueLayout.JAVA_LONG_UNALIGNED, address, value);
        }
    }

    /** Overlap-safe copy (memmove semantics). */
    public static void copy(final long fromAddress, final long toAddress, final long length)
    {
        if (UNSAFE_ACCESS)
        {
            UNSAFE.copyMemory(null, fromAddress, null, toAddress, length);
        }
        else
        {
            MemorySegment.copy(EVERYTHING, fromAddress, EVERYTHING, toAddress, length);
        }
    }

    public static void fill(final long address, final long length, final byte value)
    {
        if (UNSAFE_ACCESS)
        {
            UNSAFE.setMemory(address, length, value);
        }
        else
        {
            EVERYTHING.asSlice(address, length).fill(value);
        }
    }
}
