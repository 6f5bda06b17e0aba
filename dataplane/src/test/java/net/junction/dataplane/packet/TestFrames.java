package net.junction.dataplane.packet;

import static net.junction.dataplane.packet.PacketMemory.naiveChecksum;
import static net.junction.dataplane.packet.PacketMemory.put16;
import static net.junction.dataplane.packet.PacketMemory.put32;

/**
 * Frames written byte by byte in test code, with checksums from the naive RFC 1071 sum, so the
 * code under test never builds its own inputs.
 */
final class TestFrames
{
    static final long HOST_MAC = 0x0200_0000_0101L;
    static final long ROUTER_MAC = 0x0200_0000_0001L;
    static final int HOST = 0xC612_0001;      // 198.18.0.1
    static final int ROUTER = 0xC612_00FE;    // 198.18.0.254
    static final int FAR_HOST = 0xC612_0101;  // 198.18.1.1

    private TestFrames()
    {
    }

    /** Ethernet header, untagged. */
    static byte[] ethernet(final long dst, final long src, final int etherType)
    {
        final byte[] header = new byte[14];
        for (int i = 0; i < 6; i++)
        {
            header[i] = (byte)(dst >>> (40 - 8 * i));
            header[6 + i] = (byte)(src >>> (40 - 8 * i));
        }
        put16(header, 12, etherType);
        return header;
    }

    /**
     * An IPv4 packet: header (with {@code options}, a multiple of 4 bytes), then payload; correct
     * header checksum unless the caller breaks it afterwards.
     */
    static byte[] ip4(
        final int src, final int dst, final int protocol, final int ttl, final int flagsFragment, final byte[] options,
        final byte[] payload)
    {
        final int headerLength = 20 + options.length;
        final byte[] packet = new byte[headerLength + payload.length];
        packet[0] = (byte)(0x40 | (headerLength / 4));
        put16(packet, 2, packet.length);
        put16(packet, 4, 0x1234);
        put16(packet, 6, flagsFragment);
        packet[8] = (byte)ttl;
        packet[9] = (byte)protocol;
        put32(packet, 12, src);
        put32(packet, 16, dst);
        System.arraycopy(options, 0, packet, 20, options.length);
        System.arraycopy(payload, 0, packet, headerLength, payload.length);
        put16(packet, 10, naiveChecksum(packet, 0, headerLength));
        return packet;
    }

    static byte[] ip4(final int src, final int dst, final int protocol, final byte[] payload)
    {
        return ip4(src, dst, protocol, 64, 0, new byte[0], payload);
    }

    /** Recomputes the header checksum of an IPv4 packet in a byte array (after a test edits it). */
    static void fixIp4Checksum(final byte[] frame, final int l3Offset)
    {
        put16(frame, l3Offset + 10, 0);
        put16(frame, l3Offset + 10, naiveChecksum(frame, l3Offset, (frame[l3Offset] & 0x0F) * 4));
    }

    /** A UDP datagram with the given ports and payload, checksum left 0 (allowed over IPv4). */
    static byte[] udp(final int srcPort, final int dstPort, final byte[] payload)
    {
        final byte[] datagram = new byte[8 + payload.length];
        put16(datagram, 0, srcPort);
        put16(datagram, 2, dstPort);
        put16(datagram, 4, datagram.length);
        System.arraycopy(payload, 0, datagram, 8, payload.length);
        return datagram;
    }

    /** An ICMP message with a correct checksum. */
    static byte[] icmp(final int type, final int code, final int rest, final byte[] body)
    {
        final byte[] message = new byte[8 + body.length];
        message[0] = (byte)type;
        message[1] = (byte)code;
        put32(message, 4, rest);
        System.arraycopy(body, 0, message, 8, body.length);
        put16(message, 2, naiveChecksum(message));
        return message;
    }

    /** An IPv6 packet: fixed header then payload (which may start with extension headers). */
    static byte[] ip6(
        final long srcHi, final long srcLo, final long dstHi, final long dstLo, final int nextHeader, final int hopLimit,
        final byte[] payload)
    {
        final byte[] packet = new byte[40 + payload.length];
        packet[0] = 0x60;
        put16(packet, 4, payload.length);
        packet[6] = (byte)nextHeader;
        packet[7] = (byte)hopLimit;
        putLong(packet, 8, srcHi);
        putLong(packet, 16, srcLo);
        putLong(packet, 24, dstHi);
        putLong(packet, 32, dstLo);
        System.arraycopy(payload, 0, packet, 40, payload.length);
        return packet;
    }

    /** Sets a correct ICMPv6 checksum on the message at {@code icmpOffset} of an IPv6 packet (no extension headers between). */
    static void fixIcmp6Checksum(final byte[] packet, final int l3Offset, final int icmpOffset, final int icmpLength)
    {
        put16(packet, icmpOffset + 2, 0);
        final byte[] pseudo = PacketMemory.ip6PseudoHeader(packet, l3Offset, icmpLength, 58);
        final byte[] message = PacketMemory.slice(packet, icmpOffset, icmpLength);
        put16(packet, icmpOffset + 2, naiveChecksum(PacketMemory.concat(pseudo, message)));
    }

    static void putLong(final byte[] bytes, final int offset, final long value)
    {
        put32(bytes, offset, (int)(value >>> 32));
        put32(bytes, offset + 4, (int)value);
    }

    static byte[] bytes(final int length, final int seed)
    {
        final byte[] out = new byte[length];
        for (int i = 0; i < length; i++)
        {
            out[i] = (byte)(seed + i * 7);
        }
        return out;
    }
}
