/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of pcap and pcapng to get BGP messages out of tcpdump's test captures: link layers
 * Ethernet (with VLAN tags), Linux cooked (SLL), PPP and raw IP; IPv4 and IPv6; TCP. Payloads are
 * joined per direction of a connection in sequence order and cut into messages by the 16-octet marker
 * and the length field. Broken captures (the "-oobr" ones) give broken frames, which is the point.
 */
final class PcapReader
{
    /**
     * One BGP message (or what claims to be one) cut from a TCP stream.
     *
     * @param flow       "src.port > dst.port".
     * @param connection the flow's two endpoints, ordered, so both directions share it.
     * @param bytes      the message; a truncated tail of the stream if the capture ends mid-message.
     */
    record Frame(String flow, String connection, byte[] bytes)
    {
    }

    private PcapReader()
    {
    }

    static List<Frame> bgpFrames(final Path file) throws IOException
    {
        final List<Segment> segments = tcpSegments(Files.readAllBytes(file));
        final Map<String, Stream> streams = new LinkedHashMap<>();
        final List<Frame> frames = new ArrayList<>();
        for (final Segment s : segments)
        {
            if (s.payload.length == 0)
            {
                continue;
            }
            final Stream stream = streams.computeIfAbsent(s.flow, k -> new Stream(s.flow, s.connection));
            stream.add(s.seq, s.payload);
            stream.drain(frames);
        }
        for (final Stream stream : streams.values())
        {
            stream.drainTail(frames);
        }
        return frames;
    }

    private record Segment(String flow, String connection, long seq, byte[] payload)
    {
    }

    private static final class Stream
    {
        private final String flow;
        private final String connection;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private long nextSeq = -1;

        Stream(final String flow, final String connection)
        {
            this.flow = flow;
            this.connection = connection;
        }

        void add(final long seq, final byte[] payload)
        {
            if (nextSeq >= 0 && pending.size() == 0 && startsWithMarker(payload))
            {
                // At a message boundary a segment that starts a message is taken whole, whatever its
                // sequence number: crafted captures repeat sequence numbers with new content.
                pending.writeBytes(payload);
                nextSeq = (seq + payload.length) & 0xFFFF_FFFFL;
                return;
            }
            if (nextSeq >= 0)
            {
                final long ahead = (seq - nextSeq) & 0xFFFF_FFFFL;
                if (ahead == 0)
                {
                    pending.writeBytes(payload);
                }
                else if (ahead > 0x8000_0000L)
                {
                    // Retransmission: keep only bytes not seen yet.
                    final long behind = (nextSeq - seq) & 0xFFFF_FFFFL;
                    if (behind < payload.length)
                    {
                        pending.write(payload, (int)behind, payload.length - (int)behind);
                    }
                    else
                    {
                        return;
                    }
                }
                else
                {
                    // A gap: the capture missed bytes; start over at this segment.
                    pending.reset();
                    pending.writeBytes(payload);
                }
            }
            else
            {
                pending.writeBytes(payload);
            }
            nextSeq = (seq + payload.length) & 0xFFFF_FFFFL;
        }

        private static boolean startsWithMarker(final byte[] payload)
        {
            if (payload.length < 16)
            {
                return false;
            }
            for (int i = 0; i < 16; i++)
            {
                if (payload[i] != (byte)0xFF)
                {
                    return false;
                }
            }
            return true;
        }

        void drain(final List<Frame> out)
        {
            byte[] data = pending.toByteArray();
            int p = 0;
            while (data.length - p >= MessageHeader.HEADER_LENGTH)
            {
                final int length = ((data[p + 16] & 0xFF) << 8) | (data[p + 17] & 0xFF);
                boolean marker = true;
                for (int i = 0; i < 16; i++)
                {
                    marker &= data[p + i] == (byte)0xFF;
                }
                if (!marker || length < MessageHeader.HEADER_LENGTH)
                {
                    // Hand over the junk as one frame and resynchronise on the next marker, as tcpdump does.
                    final int next = nextMarker(data, p + 1);
                    final int end = next < 0 ? data.length : next;
                    out.add(new Frame(flow, connection, Arrays.copyOfRange(data, p, marker ? p + 19 : end)));
                    p = end;
                    continue;
                }
                if (length > data.length - p)
                {
                    break;
                }
                out.add(new Frame(flow, connection, Arrays.copyOfRange(data, p, p + length)));
                p += length;
            }
            pending.reset();
            pending.write(data, p, data.length - p);
        }

        private static int nextMarker(final byte[] data, final int from)
        {
            int run = 0;
            for (int i = from; i < data.length; i++)
            {
                run = data[i] == (byte)0xFF ? run + 1 : 0;
                if (run == 16)
                {
                    // Of a longer run of 0xFF, the marker is the last 16 before the length field.
                    int start = i - 15;
                    while (i + 1 < data.length && data[i + 1] == (byte)0xFF)
                    {
                        i++;
                        start++;
                    }
                    return start;
                }
            }
            return -1;
        }

        void drainTail(final List<Frame> out)
        {
            if (pending.size() > 0)
            {
                out.add(new Frame(flow, connection, pending.toByteArray()));
                pending.reset();
            }
        }
    }

    private static List<Segment> tcpSegments(final byte[] file)
    {
        final List<Segment> out = new ArrayList<>();
        final ByteBuffer b = ByteBuffer.wrap(file);
        final int magic = b.getInt(0);
        if (magic == 0x0A0D0D0A)
        {
            readPcapng(b, out);
        }
        else
        {
            readPcap(b, out);
        }
        return out;
    }

    private static void readPcap(final ByteBuffer b, final List<Segment> out)
    {
        final int magic = b.getInt(0);
        final boolean swapped = magic == 0xD4C3B2A1 || magic == 0x4D3CB2A1;
        b.order(swapped ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        final int linkType = b.getInt(20);
        int p = 24;
        while (p + 16 <= b.limit())
        {
            final int captured = b.getInt(p + 8);
            final int start = p + 16;
            if (captured < 0 || start + captured > b.limit())
            {
                break;
            }
            final byte[] packet = new byte[captured];
            b.get(start, packet);
            link(linkType, packet, out);
            p = start + captured;
        }
    }

    private static void readPcapng(final ByteBuffer b, final List<Segment> out)
    {
        final List<Integer> linkTypes = new ArrayList<>();
        int p = 0;
        while (p + 12 <= b.limit())
        {
            int type = b.getInt(p);
            if (type == 0x0A0D0D0A)
            {
                final int bom = b.getInt(p + 8);
                if (bom == 0x4D3C2B1A)
                {
                    b.order(b.order() == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
                }
                linkTypes.clear();
            }
            type = b.getInt(p);
            final int length = b.getInt(p + 4);
            if (length < 12 || p + length > b.limit())
            {
                break;
            }
            switch (type)
            {
                case 1 -> linkTypes.add(b.getShort(p + 8) & 0xFFFF);
                case 6 ->
                {
                    final int iface = b.getInt(p + 8);
                    final int captured = b.getInt(p + 20);
                    if (captured >= 0 && p + 28 + captured <= b.limit() && iface < linkTypes.size())
                    {
                        final byte[] packet = new byte[captured];
                        b.get(p + 28, packet);
                        link(linkTypes.get(iface), packet, out);
                    }
                }
                default ->
                {
                }
            }
            p += length;
        }
    }

    private static void link(final int linkType, final byte[] packet, final List<Segment> out)
    {
        final ByteBuffer b = ByteBuffer.wrap(packet);
        switch (linkType)
        {
            case 1 ->
            {
                int p = 12;
                if (packet.length < 14)
                {
                    return;
                }
                int etherType = b.getShort(p) & 0xFFFF;
                while ((etherType == 0x8100 || etherType == 0x88A8) && packet.length >= p + 6)
                {
                    p += 4;
                    etherType = b.getShort(p) & 0xFFFF;
                }
                network(etherType, b, p + 2, out);
            }
            case 113 ->
            {
                if (packet.length >= 16)
                {
                    network(b.getShort(14) & 0xFFFF, b, 16, out);
                }
            }
            case 9 ->
            {
                // PPP in HDLC-like framing or bare protocol field.
                int p = 0;
                if (packet.length >= 2 && (packet[0] & 0xFF) == 0xFF && packet[1] == 0x03)
                {
                    p = 2;
                }
                if (packet.length >= p + 2)
                {
                    final int protocol = b.getShort(p) & 0xFFFF;
                    network(protocol == 0x0021 ? 0x0800 : protocol == 0x0057 ? 0x86DD : 0, b, p + 2, out);
                }
            }
            case 101, 228, 229 ->
            {
                if (packet.length > 0)
                {
                    network((packet[0] & 0xF0) == 0x60 ? 0x86DD : 0x0800, b, 0, out);
                }
            }
            default ->
            {
            }
        }
    }

    private static void network(final int etherType, final ByteBuffer b, final int offset, final List<Segment> out)
    {
        final int limit = b.limit();
        if (etherType == 0x0800 && limit - offset >= 20)
        {
            final int ihl = (b.get(offset) & 0x0F) * 4;
            final int total = b.getShort(offset + 2) & 0xFFFF;
            if (b.get(offset + 9) != 6 || ihl < 20)
            {
                return;
            }
            final int end = Math.min(limit, total >= ihl ? offset + total : limit);
            final String src = ip4(b, offset + 12);
            final String dst = ip4(b, offset + 16);
            tcp(src, dst, b, offset + ihl, end, out);
        }
        else if (etherType == 0x86DD && limit - offset >= 40)
        {
            if (b.get(offset + 6) != 6)
            {
                return;
            }
            final int payload = b.getShort(offset + 4) & 0xFFFF;
            final int end = Math.min(limit, offset + 40 + payload);
            tcp(ip6(b, offset + 8), ip6(b, offset + 24), b, offset + 40, end, out);
        }
    }

    private static void tcp(
        final String src, final String dst, final ByteBuffer b, final int offset, final int end, final List<Segment> out)
    {
        if (end - offset < 20)
        {
            return;
        }
        final int srcPort = b.getShort(offset) & 0xFFFF;
        final int dstPort = b.getShort(offset + 2) & 0xFFFF;
        final long seq = b.getInt(offset + 4) & 0xFFFF_FFFFL;
        final int dataOffset = ((b.get(offset + 12) & 0xF0) >>> 4) * 4;
        if (dataOffset < 20 || offset + dataOffset > end)
        {
            return;
        }
        final byte[] payload = new byte[end - offset - dataOffset];
        b.get(offset + dataOffset, payload);
        final String a = src + "." + srcPort;
        final String z = dst + "." + dstPort;
        out.add(new Segment(a + " > " + z, a.compareTo(z) < 0 ? a + "|" + z : z + "|" + a, seq, payload));
    }

    private static String ip4(final ByteBuffer b, final int offset)
    {
        return (b.get(offset) & 0xFF) + "." + (b.get(offset + 1) & 0xFF) + "." + (b.get(offset + 2) & 0xFF) + "." +
            (b.get(offset + 3) & 0xFF);
    }

    private static String ip6(final ByteBuffer b, final int offset)
    {
        return net.junction.routing.Ip6Address.format(b.getLong(offset), b.getLong(offset + 8));
    }
}
