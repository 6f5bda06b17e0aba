package net.junction.dataplane.packet;

import net.junction.bindings.RawMemory;

/**
 * ICMP header (RFC 792): static accessors over the address of the ICMP message ({@code icmp}).
 *
 * <p>Fast path: static, no allocation; multi-byte fields big-endian.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  rest of header: identifier/sequence, unused/next-hop MTU     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Icmp4
{
    public static final int TYPE_OFFSET = 0;
    public static final int CODE_OFFSET = 1;
    public static final int CHECKSUM_OFFSET = 2;
    public static final int REST_OFFSET = 4;
    public static final int IDENTIFIER_OFFSET = 4;
    public static final int SEQUENCE_OFFSET = 6;
    /** RFC 1191 §4: next-hop MTU in the low half of the rest of a "fragmentation needed". */
    public static final int NEXT_HOP_MTU_OFFSET = 6;
    public static final int HEADER_LENGTH = 8;

    public static final int TYPE_ECHO_REPLY = 0;
    public static final int TYPE_DESTINATION_UNREACHABLE = 3;
    public static final int TYPE_SOURCE_QUENCH = 4;
    public static final int TYPE_REDIRECT = 5;
    public static final int TYPE_ECHO_REQUEST = 8;
    public static final int TYPE_ROUTER_ADVERTISEMENT = 9;
    public static final int TYPE_ROUTER_SOLICITATION = 10;
    public static final int TYPE_TIME_EXCEEDED = 11;
    public static final int TYPE_PARAMETER_PROBLEM = 12;
    public static final int TYPE_TIMESTAMP = 13;
    public static final int TYPE_TIMESTAMP_REPLY = 14;
    public static final int TYPE_INFORMATION_REQUEST = 15;
    public static final int TYPE_INFORMATION_REPLY = 16;
    public static final int TYPE_ADDRESS_MASK_REQUEST = 17;
    public static final int TYPE_ADDRESS_MASK_REPLY = 18;

    public static final int CODE_NET_UNREACHABLE = 0;
    public static final int CODE_HOST_UNREACHABLE = 1;
    public static final int CODE_PROTOCOL_UNREACHABLE = 2;
    public static final int CODE_PORT_UNREACHABLE = 3;
    public static final int CODE_FRAGMENTATION_NEEDED = 4;
    /** RFC 1812 §5.2.7.1. */
    public static final int CODE_ADMINISTRATIVELY_PROHIBITED = 13;
    public static final int CODE_TTL_EXCEEDED_IN_TRANSIT = 0;

    private Icmp4()
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

    public static int identifier(final long icmp)
    {
        return RawMemory.getShortBe(icmp + IDENTIFIER_OFFSET);
    }

    public static int sequence(final long icmp)
    {
        return RawMemory.getShortBe(icmp + SEQUENCE_OFFSET);
    }

    public static int nextHopMtu(final long icmp)
    {
        return RawMemory.getShortBe(icmp + NEXT_HOP_MTU_OFFSET);
    }

    /**
     * Whether a type is (or may be) an error message, about which no error is sent (RFC 1812
     * §4.3.2.7): every type but the known queries and replies, so an unknown type counts as an
     * error, as in Linux.
     */
    public static boolean isError(final int type)
    {
        return switch (type)
        {
            case TYPE_ECHO_REPLY, TYPE_ECHO_REQUEST, TYPE_ROUTER_ADVERTISEMENT, TYPE_ROUTER_SOLICITATION,
                 TYPE_TIMESTAMP, TYPE_TIMESTAMP_REPLY, TYPE_INFORMATION_REQUEST, TYPE_INFORMATION_REPLY,
                 TYPE_ADDRESS_MASK_REQUEST, TYPE_ADDRESS_MASK_REPLY -> false;
            default -> true;
        };
    }
}
