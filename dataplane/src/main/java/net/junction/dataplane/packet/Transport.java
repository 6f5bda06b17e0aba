package net.junction.dataplane.packet;

import net.junction.bindings.RawMemory;

/**
 * UDP (RFC 768) and TCP (RFC 793) header fields over the address of the transport header
 * ({@code l4}): the ports of an ECMP 5-tuple and the checksum offsets. Only valid on a packet
 * that is not a non-first fragment and that holds at least 4 bytes of transport header.
 *
 * <p>Fast path: static, no allocation; multi-byte fields big-endian.
 */
public final class Transport
{
    public static final int SRC_PORT_OFFSET = 0;
    public static final int DST_PORT_OFFSET = 2;
    /** Bytes needed to read both ports. */
    public static final int PORTS_LENGTH = 4;
    public static final int UDP_LENGTH_OFFSET = 4;
    public static final int UDP_CHECKSUM_OFFSET = 6;
    public static final int UDP_HEADER_LENGTH = 8;
    public static final int TCP_FLAGS_OFFSET = 13;
    public static final int TCP_CHECKSUM_OFFSET = 16;
    public static final int TCP_MIN_HEADER_LENGTH = 20;

    private Transport()
    {
    }

    public static int srcPort(final long l4)
    {
        return RawMemory.getShortBe(l4 + SRC_PORT_OFFSET);
    }

    public static int dstPort(final long l4)
    {
        return RawMemory.getShortBe(l4 + DST_PORT_OFFSET);
    }

    /** Both ports in one load: source port in the high 16 bits, destination in the low. */
    public static int ports(final long l4)
    {
        return RawMemory.getIntBe(l4 + SRC_PORT_OFFSET);
    }
}
