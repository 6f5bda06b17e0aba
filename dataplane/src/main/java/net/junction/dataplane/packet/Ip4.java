package net.junction.dataplane.packet;

import net.junction.bindings.RawMemory;

/**
 * IPv4 header (RFC 791): static accessors over the address of the header ({@code l3}), and the
 * address classes the input checks and ICMP rules need. An address is an {@code int} in network
 * order (198.18.0.1 is {@code 0xC612_0001}).
 *
 * <p>Fast path: static, no allocation, no exceptions; multi-byte fields big-endian. Accessors
 * do not check bounds: {@link Ip4Input#validate} has.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (IHL > 5)                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ip4
{
    public static final int VERSION_IHL_OFFSET = 0;
    public static final int TOS_OFFSET = 1;
    public static final int TOTAL_LENGTH_OFFSET = 2;
    public static final int IDENTIFICATION_OFFSET = 4;
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    public static final int TTL_OFFSET = 8;
    public static final int PROTOCOL_OFFSET = 9;
    public static final int CHECKSUM_OFFSET = 10;
    public static final int SRC_OFFSET = 12;
    public static final int DST_OFFSET = 16;
    public static final int MIN_HEADER_LENGTH = 20;
    public static final int MAX_HEADER_LENGTH = 60;

    /** Version 4, IHL 5: the first byte of an option-less header. */
    public static final int VERSION_IHL_NO_OPTIONS = 0x45;
    public static final int FLAG_DONT_FRAGMENT = 0x4000;
    public static final int FLAG_MORE_FRAGMENTS = 0x2000;
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    public static final int PROTOCOL_ICMP = 1;
    public static final int PROTOCOL_TCP = 6;
    public static final int PROTOCOL_UDP = 17;

    public static final int LIMITED_BROADCAST = 0xFFFF_FFFF;

    private Ip4()
    {
    }

    public static int version(final long l3)
    {
        return RawMemory.getByte(l3 + VERSION_IHL_OFFSET) >>> 4;
    }

    /** Header length in 32-bit words. */
    public static int ihl(final long l3)
    {
        return RawMemory.getByte(l3 + VERSION_IHL_OFFSET) & 0x0F;
    }

    /** Header length in bytes (IHL * 4). */
    public static int headerLength(final long l3)
    {
        return (RawMemory.getByte(l3 + VERSION_IHL_OFFSET) & 0x0F) << 2;
    }

    public static int tos(final long l3)
    {
        return RawMemory.getByte(l3 + TOS_OFFSET);
    }

    public static int totalLength(final long l3)
    {
        return RawMemory.getShortBe(l3 + TOTAL_LENGTH_OFFSET);
    }

    public static void totalLength(final long l3, final int length)
    {
        RawMemory.putShortBe(l3 + TOTAL_LENGTH_OFFSET, length);
    }

    public static int identification(final long l3)
    {
        return RawMemory.getShortBe(l3 + IDENTIFICATION_OFFSET);
    }

    /** Flags (3 bits) and fragment offset (13 bits, in 8-byte units) as one 16-bit word. */
    public static int flagsFragment(final long l3)
    {
        return RawMemory.getShortBe(l3 + FLAGS_FRAGMENT_OFFSET);
    }

    public static boolean dontFragment(final long l3)
    {
        return (flagsFragment(l3) & FLAG_DONT_FRAGMENT) != 0;
    }

    /** Fragment offset in bytes. */
    public static int fragmentOffset(final long l3)
    {
        return (flagsFragment(l3) & FRAGMENT_OFFSET_MASK) << 3;
    }

    /** A fragment at all: more fragments follow or the offset is not 0. */
    public static boolean isFragment(final long l3)
    {
        return (flagsFragment(l3) & (FLAG_MORE_FRAGMENTS | FRAGMENT_OFFSET_MASK)) != 0;
    }

    /** A fragment that does not start the datagram: it carries no transport header. */
    public static boolean isNonFirstFragment(final long l3)
    {
        return (flagsFragment(l3) & FRAGMENT_OFFSET_MASK) != 0;
    }

    public static int ttl(final long l3)
    {
        return RawMemory.getByte(l3 + TTL_OFFSET);
    }

    /** Sets the TTL without touching the checksum (see {@link Ip4Rewrite#decrementTtl}). */
    public static void ttl(final long l3, final int ttl)
    {
        RawMemory.putByte(l3 + TTL_OFFSET, ttl);
    }

    public static int protocol(final long l3)
    {
        return RawMemory.getByte(l3 + PROTOCOL_OFFSET);
    }

    public static int checksum(final long l3)
    {
        return RawMemory.getShortBe(l3 + CHECKSUM_OFFSET);
    }

    public static void checksum(final long l3, final int checksum)
    {
        RawMemory.putShortBe(l3 + CHECKSUM_OFFSET, checksum);
    }

    public static int src(final long l3)
    {
        return RawMemory.getIntBe(l3 + SRC_OFFSET);
    }

    public static void src(final long l3, final int address)
    {
        RawMemory.putIntBe(l3 + SRC_OFFSET, address);
    }

    public static int dst(final long l3)
    {
        return RawMemory.getIntBe(l3 + DST_OFFSET);
    }

    public static void dst(final long l3, final int address)
    {
        RawMemory.putIntBe(l3 + DST_OFFSET, address);
    }

    /** Address of the transport header (after options). */
    public static long payload(final long l3)
    {
        return l3 + headerLength(l3);
    }

    /** 224.0.0.0/4. */
    public static boolean isMulticast(final int address)
    {
        return (address & 0xF000_0000) == 0xE000_0000;
    }

    /** 255.255.255.255. */
    public static boolean isLimitedBroadcast(final int address)
    {
        return address == LIMITED_BROADCAST;
    }

    /** 127.0.0.0/8. */
    public static boolean isLoopback(final int address)
    {
        return (address >>> 24) == 127;
    }

    /** 0.0.0.0/8 ("this network", RFC 1122 §3.2.1.3). */
    public static boolean isThisNetwork(final int address)
    {
        return (address >>> 24) == 0;
    }

    /** 169.254.0.0/16 (RFC 3927). */
    public static boolean isLinkLocal(final int address)
    {
        return (address >>> 16) == 0xA9FE;
    }

    /**
     * A source that names no single host (RFC 1812 §5.3.7, RFC 1122 §3.2.1.3): 0/8, 127/8,
     * 224/4 and 255.255.255.255. Class E (240/4) is accepted, as Linux does.
     */
    public static boolean isMartianSource(final int address)
    {
        return isThisNetwork(address) || isLoopback(address) || isMulticast(address) || address == LIMITED_BROADCAST;
    }

    /** A destination no packet may carry on the wire: 0/8 and 127/8. */
    public static boolean isMartianDestination(final int address)
    {
        return isThisNetwork(address) || isLoopback(address);
    }
}
