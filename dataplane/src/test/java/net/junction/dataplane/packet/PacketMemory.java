package net.junction.dataplane.packet;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;

import net.junction.bindings.RawMemory;

/**
 * Test support: native buffers that stand in for mbufs (with headroom in front of the frame),
 * byte arrays in and out of them, and an independent, naive RFC 1071 checksum.
 */
final class PacketMemory implements AutoCloseable
{
    /** Headroom in front of every frame, as an mbuf has (RTE_PKTMBUF_HEADROOM). */
    static final int HEADROOM = 128;
    static final int BUFFER_SIZE = 2048 + HEADROOM;

    private final Arena arena = Arena.ofConfined();

    /** A zeroed buffer of {@link #BUFFER_SIZE} bytes; returns the frame address (after the headroom). */
    long frame()
    {
        return buffer(BUFFER_SIZE) + HEADROOM;
    }

    /** A zeroed buffer of {@code size} bytes; returns its address. */
    long buffer(final int size)
    {
        return arena.allocate(size, 64).address();
    }

    /** A buffer holding {@code bytes} at its frame address, with headroom before and room after. */
    long frame(final byte[] bytes)
    {
        final long frame = frame();
        write(frame, bytes);
        return frame;
    }

    @Override
    public void close()
    {
        arena.close();
    }

    static void write(final long address, final byte[] bytes)
    {
        MemorySegment.copy(bytes, 0, RawMemory.EVERYTHING, ValueLayout.JAVA_BYTE, address, bytes.length);
    }

    static byte[] read(final long address, final int length)
    {
        final byte[] bytes = new byte[length];
        MemorySegment.copy(RawMemory.EVERYTHING, ValueLayout.JAVA_BYTE, address, bytes, 0, length);
        return bytes;
    }

    static byte[] hex(final String hex)
    {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }

    static String hex(final byte[] bytes)
    {
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] slice(final byte[] bytes, final int from, final int length)
    {
        final byte[] out = new byte[length];
        System.arraycopy(bytes, from, out, 0, length);
        return out;
    }

    static int u8(final byte[] bytes, final int offset)
    {
        return bytes[offset] & 0xFF;
    }

    static int u16(final byte[] bytes, final int offset)
    {
        return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
    }

    static int u32(final byte[] bytes, final int offset)
    {
        return (u16(bytes, offset) << 16) | u16(bytes, offset + 2);
    }

    static void put16(final byte[] bytes, final int offset, final int value)
    {
        bytes[offset] = (byte)(value >>> 8);
        bytes[offset + 1] = (byte)value;
    }

    static void put32(final byte[] bytes, final int offset, final int value)
    {
        put16(bytes, offset, value >>> 16);
        put16(bytes, offset + 2, value);
    }

    /**
     * The RFC 1071 sum, the textbook way: 16-bit words one at a time, the carry folded back
     * after every addition, an odd last byte padded with zero. Folded, not complemented.
     */
    static int naiveSum(final byte[] data, final int offset, final int length)
    {
        int sum = 0;
        for (int i = 0; i < length; i += 2)
        {
            final int high = data[offset + i] & 0xFF;
            final int low = i + 1 < length ? data[offset + i + 1] & 0xFF : 0;
            sum += (high << 8) | low;
            if (sum > 0xFFFF)
            {
                sum = (sum & 0xFFFF) + 1;
            }
        }
        return sum;
    }

    /** The checksum to store: complement of {@link #naiveSum}. */
    static int naiveChecksum(final byte[] data, final int offset, final int length)
    {
        return ~naiveSum(data, offset, length) & 0xFFFF;
    }

    static int naiveChecksum(final byte[] data)
    {
        return naiveChecksum(data, 0, data.length);
    }

    /** Concatenation, for pseudo-headers. */
    static byte[] concat(final byte[]... parts)
    {
        int length = 0;
        for (final byte[] part : parts)
        {
            length += part.length;
        }
        final byte[] out = new byte[length];
        int at = 0;
        for (final byte[] part : parts)
        {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** The IPv6 pseudo-header (RFC 8200 §8.1) of the packet in {@code ip6}, for {@code length} upper-layer bytes. */
    static byte[] ip6PseudoHeader(final byte[] ip6, final int ip6Offset, final int length, final int nextHeader)
    {
        final byte[] pseudo = new byte[40];
        System.arraycopy(ip6, ip6Offset + 8, pseudo, 0, 32);
        put32(pseudo, 32, length);
        pseudo[39] = (byte)nextHeader;
        return pseudo;
    }
}
