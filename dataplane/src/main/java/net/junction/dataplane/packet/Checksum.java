package net.junction.dataplane.packet;

import net.junction.bindings.RawMemory;

/**
 * The Internet checksum (RFC 1071) over raw memory, its incremental update (RFC 1624) and the
 * pseudo-header sums of UDP, TCP (RFC 768, RFC 793) and ICMPv6 (RFC 8200 §8.1).
 *
 * <p>Fast path: static, allocation free. Design: a one's-complement sum is independent of the
 * width of the words added as long as carries are folded back in (RFC 1071 §2(A), (C)), so
 * {@link #partialSum} reads 64-bit big-endian words and adds their two 32-bit halves into a
 * 64-bit accumulator that cannot overflow below 2 GiB of input, and {@link #fold} folds the
 * carries once at the end. A partial sum is an unfolded {@code long}; partial sums of several
 * regions add up as long as every region but the last has an even length.
 *
 * <p>Conventions: a "sum" is the folded one's-complement sum (16 bits), a "checksum" is its
 * complement, the value stored in a header. A region whose checksum field holds a correct
 * checksum sums to 0xFFFF.
 */
public final class Checksum
{
    /** What a region including a correct checksum field folds to. */
    public static final int VALID_SUM = 0xFFFF;

    private Checksum()
    {
    }

    /**
     * Unfolded one's-complement sum of {@code length} bytes at {@code address}, as 16-bit
     * big-endian words; an odd last byte is padded with a zero byte (RFC 1071 §4.1).
     */
    public static long partialSum(final long address, final int length)
    {
        long sum = 0;
        int i = 0;
        for (; i + 32 <= length; i += 32)
        {
            final long w0 = RawMemory.getLongBe(address + i);
            final long w1 = RawMemory.getLongBe(address + i + 8);
            final long w2 = RawMemory.getLongBe(address + i + 16);
            final long w3 = RawMemory.getLongBe(address + i + 24);
            sum += (w0 >>> 32) + (w0 & 0xFFFF_FFFFL) + (w1 >>> 32) + (w1 & 0xFFFF_FFFFL)
                + (w2 >>> 32) + (w2 & 0xFFFF_FFFFL) + (w3 >>> 32) + (w3 & 0xFFFF_FFFFL);
        }
        for (; i + 8 <= length; i += 8)
        {
            final long w = RawMemory.getLongBe(address + i);
            sum += (w >>> 32) + (w & 0xFFFF_FFFFL);
        }
        if (i + 4 <= length)
        {
            sum += RawMemory.getIntBe(address + i) & 0xFFFF_FFFFL;
            i += 4;
        }
        if (i + 2 <= length)
        {
            sum += RawMemory.getShortBe(address + i);
            i += 2;
        }
        if (i < length)
        {
            sum += RawMemory.getByte(address + i) << 8;
        }
        return sum;
    }

    /** Folds the carries of a partial sum into 16 bits (end-around carry); 0..0xFFFF. */
    public static int fold(final long partialSum)
    {
        long sum = (partialSum & 0xFFFF_FFFFL) + (partialSum >>> 32);
        sum = (sum & 0xFFFF_FFFFL) + (sum >>> 32);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return (int)sum;
    }

    /** The checksum to store for a partial sum: the complement of its fold. */
    public static int finish(final long partialSum)
    {
        return ~fold(partialSum) & 0xFFFF;
    }

    /** The checksum of {@code length} bytes (their checksum field, if any, must hold 0). */
    public static int compute(final long address, final int length)
    {
        return finish(partialSum(address, length));
    }

    /** Whether {@code length} bytes that include their checksum field sum correctly. */
    public static boolean verify(final long address, final int length)
    {
        return fold(partialSum(address, length)) == VALID_SUM;
    }

    /** Whether an IPv4 header (length from its IHL, which the caller has checked) sums correctly. */
    public static boolean verifyIp4Header(final long l3)
    {
        return verify(l3, Ip4.headerLength(l3));
    }

    /** Computes and stores the IPv4 header checksum (length from the IHL). */
    public static void setIp4HeaderChecksum(final long l3)
    {
        RawMemory.putShortBe(l3 + Ip4.CHECKSUM_OFFSET, 0);
        RawMemory.putShortBe(l3 + Ip4.CHECKSUM_OFFSET, compute(l3, Ip4.headerLength(l3)));
    }

    /**
     * RFC 1624 eqn. 3, {@code HC' = ~(~HC + ~m + m')}: the checksum after one 16-bit word of the
     * covered data changed from {@code oldWord} to {@code newWord}. Equals a full recomputation,
     * never producing the 0xFFFF the RFC 1141 form could.
     */
    public static int update16(final int checksum, final int oldWord, final int newWord)
    {
        final long sum = (~checksum & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
        return ~fold(sum) & 0xFFFF;
    }

    /** {@link #update16} for a 32-bit field (an IPv4 address): both halves at once. */
    public static int update32(final int checksum, final int oldValue, final int newValue)
    {
        final long sum = (~checksum & 0xFFFF)
            + (~oldValue >>> 16) + (~oldValue & 0xFFFF)
            + (newValue >>> 16) + (newValue & 0xFFFF);
        return ~fold(sum) & 0xFFFF;
    }

    /**
     * Partial sum of the IPv4 pseudo-header (RFC 768, RFC 793 §3.1): source, destination, zero,
     * protocol, transport length.
     */
    public static long ip4PseudoHeaderSum(final int src, final int dst, final int protocol, final int length)
    {
        return (src & 0xFFFF_FFFFL) + (dst & 0xFFFF_FFFFL) + (protocol & 0xFF) + (length & 0xFFFF);
    }

    /** {@link #ip4PseudoHeaderSum(int, int, int, int)} with the addresses read from an IPv4 header. */
    public static long ip4PseudoHeaderSum(final long l3, final int protocol, final int length)
    {
        return ip4PseudoHeaderSum(Ip4.src(l3), Ip4.dst(l3), protocol, length);
    }

    /**
     * Partial sum of the IPv6 pseudo-header (RFC 8200 §8.1): source, destination, 32-bit
     * upper-layer length, three zero bytes, next header.
     */
    public static long ip6PseudoHeaderSum(
        final long srcHi, final long srcLo, final long dstHi, final long dstLo, final int length, final int nextHeader)
    {
        return halves(srcHi) + halves(srcLo) + halves(dstHi) + halves(dstLo)
            + (length >>> 16) + (length & 0xFFFF) + (nextHeader & 0xFF);
    }

    /** {@link #ip6PseudoHeaderSum(long, long, long, long, int, int)} with the addresses read from an IPv6 header. */
    public static long ip6PseudoHeaderSum(final long l3, final int length, final int nextHeader)
    {
        return partialSum(l3 + Ip6.SRC_OFFSET, 32) + (length >>> 16) + (length & 0xFFFF) + (nextHeader & 0xFF);
    }

    private static long halves(final long value)
    {
        return (value >>> 32) + (value & 0xFFFF_FFFFL);
    }
}
