/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.mrt;

import net.junction.bgp.rib.Path;
import net.junction.bgp.wire.CodecOptions;
import net.junction.bgp.wire.MessageEncoder;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes an MRT TABLE_DUMP_V2 dump (RFC 6396 §4.3): one PEER_INDEX_TABLE, then one RIB_IPV4_UNICAST or
 * RIB_IPV6_UNICAST record per prefix. Peer entries always carry 4-octet AS numbers, and attributes are
 * encoded as to a 4-octet-AS peer (AS_PATH with 4-octet AS numbers, no AS4_PATH), as §4.3.4 requires.
 * An IPv4 route's next hop goes in NEXT_HOP; an IPv6 route's in an MP_REACH_NLRI abbreviated to the
 * next-hop length and next hop (§4.3.4), with the link-local one after it when the route has one.
 * Routes received with ADD-PATH go in the RFC 8050 forms, RIB_IPV4_UNICAST_ADDPATH and RIB_IPV6_UNICAST_ADDPATH,
 * whose entries carry the Path Identifier after the originated time (RFC 8050 §4.1).
 * Pure: bytes out of values, no state beyond a reusable buffer.
 *
 * <pre>
 *  MRT common header (§2)                    PEER_INDEX_TABLE (§4.3.1)
 *  0                   1                   2                   3
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Timestamp                           |
 *  +---------------------------------------------------------------+
 *  |             Type              |            Subtype            |
 *  +---------------------------------------------------------------+
 *  |                             Length                            |
 *  +---------------------------------------------------------------+
 *  |                      Message... (Length octets)               |
 *
 *  RIB_IPV4_UNICAST / RIB_IPV6_UNICAST (§4.3.2)   RIB entry (§4.3.4)
 *  | Sequence Number (4) | Prefix Length (1) |    | Peer Index (2) | Originated Time (4) |
 *  | Prefix (ceil(len/8)) | Entry Count (2) |     | Attribute Length (2) | BGP Attributes... |
 *  | RIB Entries... |                              (RFC 8050 §4.1, *_ADDPATH: | Path Identifier (4) | after
 *                                                   the originated time)
 * </pre>
 */
public final class TableDumpV2Writer
{
    /** RFC 6396 §4: the TABLE_DUMP_V2 type. */
    public static final int TABLE_DUMP_V2 = 13;
    /** RFC 6396 §4.3: subtypes. */
    public static final int PEER_INDEX_TABLE = 1;
    public static final int RIB_IPV4_UNICAST = 2;
    public static final int RIB_IPV6_UNICAST = 4;
    /** RFC 8050 §4: the ADD-PATH forms of the RIB subtypes. */
    public static final int RIB_IPV4_UNICAST_ADDPATH = 8;
    public static final int RIB_IPV6_UNICAST_ADDPATH = 10;
    /** RFC 6396 §4.3.1: peer type bits. */
    public static final int PEER_TYPE_IPV6 = 0x01;
    public static final int PEER_TYPE_AS4 = 0x02;
    /** Octets of the common header. */
    public static final int HEADER_LENGTH = 12;

    /**
     * A PEER_INDEX_TABLE entry.
     *
     * @param bgpId    the peer's BGP identifier (0 when not known).
     * @param address  its address (0.0.0.0 for the router itself).
     * @param asNumber its AS (4-octet, unsigned in an int).
     */
    public record Peer(int bgpId, IpAddress address, int asNumber)
    {
    }

    /**
     * One RIB entry of a prefix.
     *
     * @param peerIndex              index into the peer table.
     * @param originatedTimeSeconds  when the route was received (seconds since the epoch).
     * @param path                   attributes and next hop.
     * @param pathId                 its Path Identifier (RFC 7911), unsigned; -1 without.
     */
    public record Entry(int peerIndex, long originatedTimeSeconds, Path path, long pathId)
    {
        /** Without a Path Identifier. */
        public Entry(final int peerIndex, final long originatedTimeSeconds, final Path path)
        {
            this(peerIndex, originatedTimeSeconds, path, -1);
        }
    }

    private final OutputStream out;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private int sequence;
    private int peerCount = -1;

    /**
     * @param out where the records go; not closed here.
     */
    public TableDumpV2Writer(final OutputStream out)
    {
        this.out = out;
    }

    /**
     * The first record of a dump.
     *
     * @param timestampSeconds when the dump was taken.
     * @param collectorBgpId   the router's BGP identifier.
     * @param viewName         the view name (empty for the default view).
     * @param peers            the peers, indexed from 0 in this order.
     */
    public void peerIndexTable(
        final long timestampSeconds, final int collectorBgpId, final String viewName, final List<Peer> peers)
        throws IOException
    {
        if (peers.size() > 0xFFFF)
        {
            throw new IllegalArgumentException("more than 65535 peers: " + peers.size());
        }
        final byte[] name = viewName.getBytes(StandardCharsets.UTF_8);
        int p = HEADER_LENGTH;
        buffer.putInt(p, collectorBgpId, ByteOrder.BIG_ENDIAN);
        buffer.putShort(p + 4, (short)name.length, ByteOrder.BIG_ENDIAN);
        buffer.putBytes(p + 6, name);
        p += 6 + name.length;
        buffer.putShort(p, (short)peers.size(), ByteOrder.BIG_ENDIAN);
        p += 2;
        for (final Peer peer : peers)
        {
            final boolean ipv6 = !peer.address().isIpv4();
            buffer.putByte(p, (byte)(PEER_TYPE_AS4 | (ipv6 ? PEER_TYPE_IPV6 : 0)));
            buffer.putInt(p + 1, peer.bgpId(), ByteOrder.BIG_ENDIAN);
            p += 5;
            p += putAddress(peer.address(), p);
            buffer.putInt(p, peer.asNumber(), ByteOrder.BIG_ENDIAN);
            p += 4;
        }
        peerCount = peers.size();
        emit(timestampSeconds, PEER_INDEX_TABLE, p);
    }

    /**
     * One prefix's routes, after {@link #peerIndexTable}; sequence numbers count from 0.
     *
     * @param timestampSeconds when the dump was taken.
     * @param prefix           the destination.
     * @param entries          its routes (at least one): all with a Path Identifier (an RFC 8050 record) or none.
     */
    public void rib(final long timestampSeconds, final IpPrefix prefix, final List<Entry> entries) throws IOException
    {
        if (peerCount < 0)
        {
            throw new IllegalStateException("RFC 6396 §4.3: the PEER_INDEX_TABLE comes first");
        }
        if (entries.isEmpty() || entries.size() > 0xFFFF)
        {
            throw new IllegalArgumentException("1..65535 entries, not " + entries.size());
        }
        int p = HEADER_LENGTH;
        buffer.putInt(p, sequence++, ByteOrder.BIG_ENDIAN);
        buffer.putByte(p + 4, (byte)prefix.length());
        p += 5;
        final int prefixOctets = (prefix.length() + 7) / 8;
        if (prefix instanceof Prefix4 v4)
        {
            for (int i = 0; i < prefixOctets; i++)
            {
                buffer.putByte(p + i, (byte)(v4.address() >>> (24 - 8 * i)));
            }
        }
        else
        {
            final Prefix6 v6 = (Prefix6)prefix;
            for (int i = 0; i < prefixOctets; i++)
            {
                final long half = i < 8 ? v6.high() : v6.low();
                buffer.putByte(p + i, (byte)(half >>> (56 - 8 * (i % 8))));
            }
        }
        p += prefixOctets;
        buffer.putShort(p, (short)entries.size(), ByteOrder.BIG_ENDIAN);
        p += 2;
        final boolean addPath = entries.getFirst().pathId() >= 0;
        for (final Entry e : entries)
        {
            if ((e.pathId() >= 0) != addPath)
            {
                throw new IllegalArgumentException("RFC 8050: entries of one record all have a Path Identifier or none");
            }
            if (e.peerIndex() < 0 || e.peerIndex() >= peerCount)
            {
                throw new IllegalArgumentException("peer index " + e.peerIndex() + " not in the table of " + peerCount);
            }
            buffer.putShort(p, (short)e.peerIndex(), ByteOrder.BIG_ENDIAN);
            buffer.putInt(p + 2, (int)e.originatedTimeSeconds(), ByteOrder.BIG_ENDIAN);
            p += 6;
            if (addPath)
            {
                buffer.putInt(p, (int)e.pathId(), ByteOrder.BIG_ENDIAN);
                p += 4;
            }
            final int lengthAt = p;
            p += 2;
            p += attributes(prefix.isIpv4(), e.path(), p);
            buffer.putShort(lengthAt, (short)(p - lengthAt - 2), ByteOrder.BIG_ENDIAN);
        }
        emit(timestampSeconds, prefix.isIpv4() ? (addPath ? RIB_IPV4_UNICAST_ADDPATH : RIB_IPV4_UNICAST) :
            (addPath ? RIB_IPV6_UNICAST_ADDPATH : RIB_IPV6_UNICAST), p);
    }

    private int attributes(final boolean ipv4Route, final Path path, final int offset)
    {
        final IpAddress nextHop = path.nextHop();
        PathAttributes attributes = path.attributes();
        if (ipv4Route && nextHop instanceof Ip4Address v4)
        {
            attributes = attributes.with(new PathAttribute.NextHop(v4.value()));
        }
        int p = offset + MessageEncoder.encodeAttributes(attributes, CodecOptions.FOUR_OCTET_EBGP, buffer, offset);
        if (nextHop != null && !(ipv4Route && nextHop instanceof Ip4Address))
        {
            // §4.3.4: MP_REACH_NLRI holds only the next-hop length and next hop (AFI, SAFI and NLRI are implied).
            final IpAddress linkLocal = path.linkLocalNextHop();
            final int hopLength = (nextHop.isIpv4() ? 4 : 16) + (linkLocal == null ? 0 : 16);
            buffer.putByte(p, (byte)PathAttribute.FLAG_OPTIONAL);
            buffer.putByte(p + 1, (byte)PathAttribute.MP_REACH_NLRI);
            buffer.putByte(p + 2, (byte)(1 + hopLength));
            buffer.putByte(p + 3, (byte)hopLength);
            p += 4;
            p += putAddress(nextHop, p);
            if (linkLocal != null)
            {
                p += putAddress(linkLocal, p);
            }
        }
        return p - offset;
    }

    private int putAddress(final IpAddress address, final int offset)
    {
        if (address instanceof Ip4Address v4)
        {
            buffer.putInt(offset, v4.value(), ByteOrder.BIG_ENDIAN);
            return 4;
        }
        final Ip6Address v6 = (Ip6Address)address;
        buffer.putLong(offset, v6.high(), ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + 8, v6.low(), ByteOrder.BIG_ENDIAN);
        return 16;
    }

    private void emit(final long timestampSeconds, final int subtype, final int end) throws IOException
    {
        buffer.putInt(0, (int)timestampSeconds, ByteOrder.BIG_ENDIAN);
        buffer.putShort(4, (short)TABLE_DUMP_V2, ByteOrder.BIG_ENDIAN);
        buffer.putShort(6, (short)subtype, ByteOrder.BIG_ENDIAN);
        buffer.putInt(8, end - HEADER_LENGTH, ByteOrder.BIG_ENDIAN);
        out.write(buffer.byteArray(), 0, end);
    }
}
