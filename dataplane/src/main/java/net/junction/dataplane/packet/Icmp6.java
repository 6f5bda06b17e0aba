package net.junction.dataplane.packet;

import net.junction.bindings.RawMemory;

/**
 * ICMPv6 header (RFC 4443): static accessors over the address of the ICMPv6 message
 * ({@code icmp}); the layout is that of {@link Icmp4}. The checksum covers the IPv6
 * pseudo-header ({@link Checksum#ip6PseudoHeaderSum}).
 *
 * <p>Fast path: static, no allocation; multi-byte fields big-endian.
 */
public final class Icmp6
{
    public static final int TYPE_OFFSET = 0;
    public static final int CODE_OFFSET = 1;
    public static final int CHECKSUM_OFFSET = 2;
    public static final int REST_OFFSET = 4;
    public static final int IDENTIFIER_OFFSET = 4;
    public static final int SEQUENCE_OFFSET = 6;
    /** RFC 4443 §3.2: the MTU of a Packet Too Big is the 32-bit rest of the header. */
    public static final int MTU_OFFSET = 4;
    public static final int HEADER_LENGTH = 8;

    public static final int TYPE_DESTINATION_UNREACHABLE = 1;
    public static final int TYPE_PACKET_TOO_BIG = 2;
    public static final int TYPE_TIME_EXCEEDED = 3;
    public static final int TYPE_PARAMETER_PROBLEM = 4;
    public static final int TYPE_ECHO_REQUEST = 128;
    public static final int TYPE_ECHO_REPLY = 129;
    public static final int TYPE_ROUTER_SOLICITATION = 133;
    public static final int TYPE_ROUTER_ADVERTISEMENT = 134;
    public static final int TYPE_NEIGHBOR_SOLICITATION = 135;
    public static final int TYPE_NEIGHBOR_ADVERTISEMENT = 136;
    public static final int TYPE_REDIRECT = 137;

    public static final int CODE_NO_ROUTE = 0;
    public static final int CODE_ADMINISTRATIVELY_PROHIBITED = 1;
    public static final int CODE_BEYOND_SCOPE_OF_SOURCE = 2;
    public static final int CODE_ADDRESS_UNREACHABLE = 3;
    public static final int CODE_PORT_UNREACHABLE = 4;
    public static final int CODE_HOP_LIMIT_EXCEEDED = 0;

    private Icmp6()
    {
    }

    public static int type(final long icmp)
    {
        return RawMemory.getByte(icmp + TYPE_OFFSET);
    }

    public static int code(final long icmp)
    {
        return RawMemory.getByte(icmp + CODE_OFFSET);
    }

    public static int checksum(final long icmp)
    {
        return RawMemory.getShortBe(icmp + CHECKSUM_OFFSET);
    }

    public static void checksum(final long icmp, final int checksum)
    {
        RawMemory.putShortBe(icmp + CHECKSUM_OFFSET, checksum);
    }

    public static int mtu(final long icmp)
    {
        return RawMemory.getIntBe(icmp + MTU_OFFSET);
    }

    /** Error messages are types 0..127 (RFC 4443 §2.1). */
    public static boolean isError(final int type)
    {
        return type < 128;
    }

    /**
     * Whether {@code length} bytes of ICMPv6 message at {@code icmp}, carried in the IPv6 header
     * at {@code l3}, have a correct checksum.
     */
    public static boolean verifyChecksum(final long l3, final long icmp, final int length)
    {
        final long sum = Checksum.ip6PseudoHeaderSum(l3, length, Ip6.NEXT_HEADER_ICMPV6)
            + Checksum.partialSum(icmp, length);
        return Checksum.fold(sum) == Checksum.VALID_SUM;
    }

    /** Computes and stores the checksum of {@code length} bytes of ICMPv6 message carried in {@code l3}. */
    public static void setChecksum(final long l3, final long icmp, final int length)
    {
        RawMemory.putShortBe(icmp + CHECKSUM_OFFSET, 0);
        final long sum = Checksum.ip6PseudoHeaderSum(l3, length, Ip6.NEXT_HEADER_ICMPV6)
            + Checksum.partialSum(icmp, length);
        RawMemory.putShortBe(icmp + CHECKSUM_OFFSET, Checksum.finish(sum));
    }
}
