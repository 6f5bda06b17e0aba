package net.junction.dataplane.worker;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import net.junction.routing.Ip4;
import net.junction.routing.Ip6Address;

/**
 * Test support: Ethernet frames built byte by byte, and readers over them. Every checksum here is
 * the naive RFC 1071 loop over 16-bit words ({@link #sum}), independent of the data plane's own
 * {@code Checksum}, so a test that checks a frame the router wrote does not trust the router's
 * arithmetic.
 */
public final class Frames
{
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int PROTO_ICMPV6 = 58;
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;

    private Frames()
    {
    }

    // ------------------------------------------------------------------------------ addresses

    public static int ip4(final String text)
    {
        return Ip4.parse(text);
    }

    public static Ip6Address ip6(final String text)
    {
        return Ip6Address.parse(text);
    }

    // ------------------------------------------------------------------------------ checksum

    /** The folded one's-complement sum of 16-bit big-endian words (RFC 1071), plus {@code initial}. */
    public static int sum(final byte[] bytes, final int offset, final int length, final long initial)
    {
        long sum = initial;
        for (int i = 0; i < length; i += 2)
        {
            final int high = bytes[offset + i] & 0xFF;
            final int low = i + 1 < length ? bytes[offset + i + 1] & 0xFF : 0;
            sum += (high << 8) | low;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int)sum;
    }

    public static int checksum(final byte[] bytes, final int offset, final int length, final long initial)
    {
        return ~sum(bytes, offset, length, initial) & 0xFFFF;
    }

    /** Whether a region that holds its own checksum field sums to 0xFFFF. */
    public static boolean checksumValid(final byte[] bytes, final int offset, final int length, final long initial)
    {
        return sum(bytes, offset, length, initial) == 0xFFFF;
    }

    public static long pseudo4(final int src, final int dst, final int protocol, final int length)
    {
        return (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF) + protocol + length;
    }

    public static long pseudo6(final Ip6Address src, final Ip6Address dst, final int nextHeader, final int length)
    {
        return words(src.high()) + words(src.low()) + words(dst.high()) + words(dst.low()) +
            (length >>> 16) + (length & 0xFFFF) + nextHeader;
    }

    /** The pseudo-header sum of the IPv6 header at {@code l3} of a frame. */
    public static long pseudo6(final byte[] frame, final int l3, final int nextHeader, final int length)
    {
        long sum = 0;
        for (int i = 8; i < 40; i += 2)
        {
            sum += u16(frame, l3 + i);
        }
        return sum + (length >>> 16) + (length & 0xFFFF) + nextHeader;
    }

    private static long words(final long value)
    {
        return ((value >>> 48) & 0xFFFF) + ((value >>> 32) & 0xFFFF) + ((value >>> 16) & 0xFFFF) + (value & 0xFFFF);
    }

    // ------------------------------------------------------------------------------ builders

    public static byte[] ethernet(final long dstMac, final long srcMac, final int etherType, final byte[] payload)
    {
        final byte[] frame = new byte[14 + payload.length];
        putMac(frame, 0, dstMac);
        putMac(frame, 6, srcMac);
        put16(frame, 12, etherType);
        System.arraycopy(payload, 0, frame, 14, payload.length);
        return frame;
    }

    /** Pads a frame with zeros to {@code length} (Ethernet's 60-byte minimum, as a NIC delivers it). */
    public static byte[] pad(final byte[] frame, final int length)
    {
        return frame.length >= length ? frame : Arrays.copyOf(frame, length);
    }

    /** An IPv4 header (IHL 5, identification 0x1234, DF clear) with a correct checksum, then {@code payload}. */
    public static byte[] ip4Packet(final int src, final int dst, final int ttl, final int protocol, final byte[] payload)
    {
        final byte[] packet = new byte[20 + payload.length];
        packet[0] = 0x45;
        put16(packet, 2, packet.length);
        put16(packet, 4, 0x1234);
        packet[8] = (byte)ttl;
        packet[9] = (byte)protocol;
        put32(packet, 12, src);
        put32(packet, 16, dst);
        put16(packet, 10, checksum(packet, 0, 20, 0));
        System.arraycopy(payload, 0, packet, 20, payload.length);
        return packet;
    }

    public static byte[] udp4(final int src, final int dst, final int srcPort, final int dstPort, final byte[] data)
    {
        final byte[] udp = new byte[8 + data.length];
        put16(udp, 0, srcPort);
        put16(udp, 2, dstPort);
        put16(udp, 4, udp.length);
        System.arraycopy(data, 0, udp, 8, data.length);
        final int checksum = checksum(udp, 0, udp.length, pseudo4(src, dst, PROTO_UDP, udp.length));
        put16(udp, 6, checksum == 0 ? 0xFFFF : checksum);
        return udp;
    }

    public static byte[] udp6(final Ip6Address src, final Ip6Address dst, final int srcPort, final int dstPort, final byte[] data)
    {
        final byte[] udp = new byte[8 + data.length];
        put16(udp, 0, srcPort);
        put16(udp, 2, dstPort);
        put16(udp, 4, udp.length);
        System.arraycopy(data, 0, udp, 8, data.length);
        final int checksum = checksum(udp, 0, udp.length, pseudo6(src, dst, PROTO_UDP, udp.length));
        put16(udp, 6, checksum == 0 ? 0xFFFF : checksum);
        return udp;
    }

    public static byte[] data(final int length, final int seed)
    {
        final byte[] data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)(seed + i * 7);
        }
        return data;
    }

    /** A whole Ethernet + IPv4 + UDP frame (unpadded). */
    public static byte[] ip4Udp(
        final long dstMac, final long srcMac, final int src, final int dst, final int ttl, final int dataLength)
    {
        final byte[] udp = udp4(src, dst, 40000, 9, data(dataLength, dst));
        return ethernet(dstMac, srcMac, ETHERTYPE_IPV4, ip4Packet(src, dst, ttl, PROTO_UDP, udp));
    }

    public static byte[] icmp4Echo(final int type, final int identifier, final int sequence, final byte[] data)
    {
        final byte[] icmp = new byte[8 + data.length];
        icmp[0] = (byte)type;
        put16(icmp, 4, identifier);
        put16(icmp, 6, sequence);
        System.arraycopy(data, 0, icmp, 8, data.length);
        put16(icmp, 2, checksum(icmp, 0, icmp.length, 0));
        return icmp;
    }

    public static byte[] tcpSyn4(final int src, final int dst, final int srcPort, final int dstPort)
    {
        final byte[] tcp = new byte[20];
        put16(tcp, 0, srcPort);
        put16(tcp, 2, dstPort);
        put32(tcp, 4, 0x01020304);
        tcp[12] = 0x50;
        tcp[13] = 0x02; // SYN
        put16(tcp, 14, 64240);
        put16(tcp, 16, checksum(tcp, 0, 20, pseudo4(src, dst, PROTO_TCP, 20)));
        return tcp;
    }

    /** An IPv6 header (traffic class and flow label 0) then {@code payload}. */
    public static byte[] ip6Packet(
        final Ip6Address src, final Ip6Address dst, final int hopLimit, final int nextHeader, final byte[] payload)
    {
        final byte[] packet = new byte[40 + payload.length];
        packet[0] = 0x60;
        put16(packet, 4, payload.length);
        packet[6] = (byte)nextHeader;
        packet[7] = (byte)hopLimit;
        put64(packet, 8, src.high());
        put64(packet, 16, src.low());
        put64(packet, 24, dst.high());
        put64(packet, 32, dst.low());
        System.arraycopy(payload, 0, packet, 40, payload.length);
        return packet;
    }

    public static byte[] ip6Udp(
        final long dstMac, final long srcMac, final Ip6Address src, final Ip6Address dst, final int hopLimit,
        final int dataLength)
    {
        final byte[] udp = udp6(src, dst, 40000, 9, data(dataLength, (int)dst.low()));
        return ethernet(dstMac, srcMac, ETHERTYPE_IPV6, ip6Packet(src, dst, hopLimit, PROTO_UDP, udp));
    }

    /** An ICMPv6 message with its checksum over the pseudo-header of {@code src} and {@code dst}. */
    public static byte[] icmp6(final Ip6Address src, final Ip6Address dst, final int type, final int code, final byte[] body)
    {
        final byte[] icmp = new byte[4 + body.length];
        icmp[0] = (byte)type;
        icmp[1] = (byte)code;
        System.arraycopy(body, 0, icmp, 4, body.length);
        put16(icmp, 2, checksum(icmp, 0, icmp.length, pseudo6(src, dst, PROTO_ICMPV6, icmp.length)));
        return icmp;
    }

    public static byte[] icmp6Echo(
        final long dstMac, final long srcMac, final Ip6Address src, final Ip6Address dst, final int hopLimit,
        final int identifier, final int sequence, final byte[] data)
    {
        final byte[] body = new byte[4 + data.length];
        put16(body, 0, identifier);
        put16(body, 2, sequence);
        System.arraycopy(data, 0, body, 4, data.length);
        final byte[] icmp = icmp6(src, dst, 128, 0, body);
        return ethernet(dstMac, srcMac, ETHERTYPE_IPV6, ip6Packet(src, dst, hopLimit, PROTO_ICMPV6, icmp));
    }

    /** An ARP packet for IPv4 over Ethernet, in a frame padded to 60 bytes. */
    public static byte[] arp(
        final long dstMac, final long srcMac, final int operation,
        final long senderMac, final int senderIp, final long targetMac, final int targetIp)
    {
        final byte[] arp = new byte[28];
        put16(arp, 0, 1);
        put16(arp, 2, ETHERTYPE_IPV4);
        arp[4] = 6;
        arp[5] = 4;
        put16(arp, 6, operation);
        putMac(arp, 8, senderMac);
        put32(arp, 14, senderIp);
        putMac(arp, 18, targetMac);
        put32(arp, 24, targetIp);
        return pad(ethernet(dstMac, srcMac, ETHERTYPE_ARP, arp), 60);
    }

    /** A Neighbor Solicitation (hop limit 255) with a source link-layer address option unless {@code sllMac} is -1. */
    public static byte[] neighborSolicitation(
        final long dstMac, final long srcMac, final Ip6Address src, final Ip6Address dst, final Ip6Address target,
        final long sllMac)
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[4]); // reserved
        body.writeBytes(bytes(target));
        if (sllMac != -1)
        {
            body.writeBytes(linkLayerOption(1, sllMac));
        }
        final byte[] icmp = icmp6(src, dst, 135, 0, body.toByteArray());
        return ethernet(dstMac, srcMac, ETHERTYPE_IPV6, ip6Packet(src, dst, 255, PROTO_ICMPV6, icmp));
    }

    /** A Neighbor Advertisement (hop limit 255) with flags (0x80 R, 0x40 S, 0x20 O) and a target link-layer option. */
    public static byte[] neighborAdvertisement(
        final long dstMac, final long srcMac, final Ip6Address src, final Ip6Address dst, final Ip6Address target,
        final int flags, final long tllMac)
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {(byte)flags, 0, 0, 0});
        body.writeBytes(bytes(target));
        body.writeBytes(linkLayerOption(2, tllMac));
        final byte[] icmp = icmp6(src, dst, 136, 0, body.toByteArray());
        return ethernet(dstMac, srcMac, ETHERTYPE_IPV6, ip6Packet(src, dst, 255, PROTO_ICMPV6, icmp));
    }

    private static byte[] linkLayerOption(final int type, final long mac)
    {
        final byte[] option = new byte[8];
        option[0] = (byte)type;
        option[1] = 1;
        putMac(option, 2, mac);
        return option;
    }

    public static byte[] bytes(final Ip6Address address)
    {
        final byte[] bytes = new byte[16];
        put64(bytes, 0, address.high());
        put64(bytes, 8, address.low());
        return bytes;
    }

    // ------------------------------------------------------------------------------ writers and readers

    public static void put16(final byte[] b, final int offset, final int value)
    {
        b[offset] = (byte)(value >>> 8);
        b[offset + 1] = (byte)value;
    }

    public static void put32(final byte[] b, final int offset, final int value)
    {
        put16(b, offset, value >>> 16);
        put16(b, offset + 2, value);
    }

    public static void put64(final byte[] b, final int offset, final long value)
    {
        put32(b, offset, (int)(value >>> 32));
        put32(b, offset + 4, (int)value);
    }

    public static void putMac(final byte[] b, final int offset, final long mac)
    {
        for (int i = 0; i < 6; i++)
        {
            b[offset + i] = (byte)(mac >>> (40 - 8 * i));
        }
    }

    public static int u8(final byte[] b, final int offset)
    {
        return b[offset] & 0xFF;
    }

    public static int u16(final byte[] b, final int offset)
    {
        return (u8(b, offset) << 8) | u8(b, offset + 1);
    }

    public static int u32(final byte[] b, final int offset)
    {
        return (u16(b, offset) << 16) | u16(b, offset + 2);
    }

    public static long u64(final byte[] b, final int offset)
    {
        return ((long)u32(b, offset) << 32) | (u32(b, offset + 4) & 0xFFFF_FFFFL);
    }

    public static long mac(final byte[] b, final int offset)
    {
        long mac = 0;
        for (int i = 0; i < 6; i++)
        {
            mac = (mac << 8) | u8(b, offset + i);
        }
        return mac;
    }

    public static Ip6Address ip6At(final byte[] b, final int offset)
    {
        return new Ip6Address(u64(b, offset), u64(b, offset + 8));
    }

    public static long dstMac(final byte[] frame)
    {
        return mac(frame, 0);
    }

    public static long srcMac(final byte[] frame)
    {
        return mac(frame, 6);
    }

    public static int etherType(final byte[] frame)
    {
        return u16(frame, 12);
    }

    /** Whether the IPv4 header at offset 14 has a correct checksum, by the naive loop. */
    public static boolean ip4HeaderValid(final byte[] frame)
    {
        return checksumValid(frame, 14, (u8(frame, 14) & 0x0F) * 4, 0);
    }

    /** Whether the ICMPv6 message after the IPv6 header at offset 14 has a correct checksum. */
    public static boolean icmp6Valid(final byte[] frame)
    {
        final int length = u16(frame, 18);
        return checksumValid(frame, 54, length, pseudo6(frame, 14, PROTO_ICMPV6, length));
    }

    public static byte[] slice(final byte[] b, final int offset, final int length)
    {
        return Arrays.copyOfRange(b, offset, offset + length);
    }
}
