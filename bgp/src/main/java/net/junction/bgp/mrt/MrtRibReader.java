/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.mrt;

import net.junction.bgp.rib.Path;
import net.junction.bgp.wire.CodecOptions;
import net.junction.bgp.wire.DecodeResult;
import net.junction.bgp.wire.ErrorAction;
import net.junction.bgp.wire.MessageDecoder;
import net.junction.bgp.wire.MessageHeader;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.AsPaths;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Reads the routes of an MRT RIB dump (RFC 6396), plain or gzipped: TABLE_DUMP_V2 (§4.3: the PEER_INDEX_TABLE, then
 * RIB_IPV4_UNICAST and RIB_IPV6_UNICAST records, and their ADD-PATH forms of RFC 8050), and the older TABLE_DUMP
 * (§4.2, as RIPE RIS wrote before 2008, with 2-octet AS numbers), whose peers are numbered as they first appear.
 * Other records (multicast, BGP4MP) are counted and skipped.
 * <p>
 * Each entry becomes a {@link Path} as the RIB holds it: its attributes are decoded by Junction's own UPDATE decoder
 * (an UPDATE is made of the entry's attributes and its prefix, the abbreviated MP_REACH_NLRI of §4.3.4 expanded),
 * AS4_PATH merged into AS_PATH for a 2-octet dump, and the next hop taken out of NEXT_HOP or MP_REACH_NLRI. An entry
 * the decoder would not accept from a peer (RFC 7606: anything worse than an attribute discarded; the 2002 RIS dump's
 * AGGREGATORs with AS 0 are dropped and their routes kept, RFC 7607) is counted and skipped. A record cut short ends
 * the read with an error naming its offset.
 */
public final class MrtRibReader
{
    /** RFC 6396 §4: the TABLE_DUMP type. */
    public static final int TABLE_DUMP = 12;
    /** RFC 8050 §4: TABLE_DUMP_V2 subtypes of ADD-PATH RIBs. */
    public static final int RIB_IPV4_UNICAST_ADDPATH = TableDumpV2Writer.RIB_IPV4_UNICAST_ADDPATH;
    public static final int RIB_IPV6_UNICAST_ADDPATH = TableDumpV2Writer.RIB_IPV6_UNICAST_ADDPATH;

    /**
     * Every entry is decoded as an UPDATE from an internal peer (a RIB holds LOCAL_PREF, which an external peer's
     * UPDATE may not carry, RFC 7606 §7.5) that may be as long as RFC 8654 allows.
     */
    private static final CodecOptions AS4 = new CodecOptions(true, true, false);
    private static final CodecOptions AS2 = new CodecOptions(false, true, false);

    /**
     * A peer of the dump.
     *
     * @param index    its index (TABLE_DUMP_V2: in the PEER_INDEX_TABLE; TABLE_DUMP: in order of appearance).
     * @param bgpId    its BGP identifier (0 in a TABLE_DUMP).
     * @param address  its address.
     * @param asNumber its AS.
     */
    public record Peer(int index, int bgpId, IpAddress address, int asNumber)
    {
    }

    /** Told each route of a wanted peer, in the dump's order. */
    @FunctionalInterface
    public interface RouteSink
    {
        void route(Peer peer, IpPrefix prefix, Path path);
    }

    /**
     * What a read found.
     *
     * @param peers          the dump's peers.
     * @param records        MRT records read.
     * @param routes         routes handed to the sink.
     * @param skippedRecords records of other types or subtypes.
     * @param badEntries     entries skipped because their attributes did not decode cleanly.
     */
    public record Summary(List<Peer> peers, long records, long routes, long skippedRecords, long badEntries)
    {
    }

    private final Predicate<Peer> wanted;
    private final RouteSink sink;
    private final List<Peer> peers = new ArrayList<>();
    private final Map<String, Peer> legacyPeers = new HashMap<>();
    private long records;
    private long routes;
    private long skipped;
    private long bad;

    private MrtRibReader(final Predicate<Peer> wanted, final RouteSink sink)
    {
        this.wanted = wanted;
        this.sink = sink;
    }

    /**
     * @param file   an MRT file, gzipped or not.
     * @param wanted the peers whose routes go to the sink.
     * @param sink   the routes.
     * @return what was read.
     * @throws IOException when the file cannot be read or a record is cut short or malformed.
     */
    public static Summary read(final java.nio.file.Path file, final Predicate<Peer> wanted, final RouteSink sink)
        throws IOException
    {
        try (InputStream in = open(file))
        {
            return read(in, wanted, sink);
        }
    }

    /** As {@link #read(java.nio.file.Path, Predicate, RouteSink)}, of a plain stream (not closed). */
    public static Summary read(final InputStream in, final Predicate<Peer> wanted, final RouteSink sink) throws IOException
    {
        final MrtRibReader reader = new MrtRibReader(wanted, sink);
        reader.readAll(in);
        return new Summary(List.copyOf(reader.peers), reader.records, reader.routes, reader.skipped, reader.bad);
    }

    /** @return the file's content, through gunzip when it starts with the gzip magic (RFC 1952). */
    public static InputStream open(final java.nio.file.Path file) throws IOException
    {
        final BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        final boolean gzip = in.read() == 0x1F && in.read() == 0x8B;
        in.reset();
        return gzip ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private void readAll(final InputStream in) throws IOException
    {
        MrtRecords.read(in, (timestamp, type, subtype, body, offset) ->
        {
            records++;
            record(type, subtype, body, offset);
        });
    }

    private void record(final int type, final int subtype, final ByteBuffer b, final long offset) throws IOException
    {
        if (type == TableDumpV2Writer.TABLE_DUMP_V2)
        {
            switch (subtype)
            {
                case TableDumpV2Writer.PEER_INDEX_TABLE -> peerIndexTable(b);
                case TableDumpV2Writer.RIB_IPV4_UNICAST -> rib(b, true, false, offset);
                case TableDumpV2Writer.RIB_IPV6_UNICAST -> rib(b, false, false, offset);
                case RIB_IPV4_UNICAST_ADDPATH -> rib(b, true, true, offset);
                case RIB_IPV6_UNICAST_ADDPATH -> rib(b, false, true, offset);
                default -> skipped++;
            }
        }
        else if (type == TABLE_DUMP && (subtype == Bgp4mp.AFI_IPV4 || subtype == Bgp4mp.AFI_IPV6))
        {
            tableDump(b, subtype == Bgp4mp.AFI_IPV4);
        }
        else
        {
            skipped++;
        }
    }

    /** RFC 6396 §4.3.1. */
    private void peerIndexTable(final ByteBuffer b)
    {
        b.getInt(); // collector BGP ID
        final int viewNameLength = b.getShort() & 0xFFFF;
        b.position(b.position() + viewNameLength);
        final int count = b.getShort() & 0xFFFF;
        peers.clear();
        for (int i = 0; i < count; i++)
        {
            final int type = b.get() & 0xFF;
            final int bgpId = b.getInt();
            final IpAddress address = (type & TableDumpV2Writer.PEER_TYPE_IPV6) != 0 ? address6(b) : new Ip4Address(b.getInt());
            final int as = (type & TableDumpV2Writer.PEER_TYPE_AS4) != 0 ? b.getInt() : b.getShort() & 0xFFFF;
            peers.add(new Peer(i, bgpId, address, as));
        }
    }

    /** RFC 6396 §4.3.2, RFC 8050 §4 (a path identifier before each entry's attributes). */
    private void rib(final ByteBuffer b, final boolean ipv4, final boolean addPath, final long offset) throws IOException
    {
        b.getInt(); // sequence number
        final IpPrefix prefix = prefix(b, ipv4);
        final int count = b.getShort() & 0xFFFF;
        for (int i = 0; i < count; i++)
        {
            final int index = b.getShort() & 0xFFFF;
            b.getInt(); // originated time
            if (addPath)
            {
                b.getInt(); // path identifier
            }
            final byte[] attributes = new byte[b.getShort() & 0xFFFF];
            b.get(attributes);
            if (index >= peers.size())
            {
                throw new IOException("MRT record at offset " + offset + ": peer index " + index + " not in the table of " +
                    peers.size() + " (is the PEER_INDEX_TABLE missing?)");
            }
            entry(peers.get(index), prefix, attributes, true);
        }
    }

    /** RFC 6396 §4.2: one route per record, the peer named in it, 2-octet AS numbers. */
    private void tableDump(final ByteBuffer b, final boolean ipv4)
    {
        b.getShort(); // view number
        b.getShort(); // sequence number
        final IpAddress network = ipv4 ? new Ip4Address(b.getInt()) : address6(b);
        final int length = b.get() & 0xFF;
        b.get(); // status
        b.getInt(); // originated time
        final IpAddress peerAddress = ipv4 ? new Ip4Address(b.getInt()) : address6(b);
        final int peerAs = b.getShort() & 0xFFFF;
        final byte[] attributes = new byte[b.getShort() & 0xFFFF];
        b.get(attributes);
        final Peer peer = legacyPeers.computeIfAbsent(peerAddress + " " + peerAs, k ->
        {
            final Peer p = new Peer(peers.size(), 0, peerAddress, peerAs);
            peers.add(p);
            return p;
        });
        final IpPrefix prefix;
        try
        {
            prefix = ipv4 ? new Prefix4(((Ip4Address)network).value(), length) :
                new Prefix6(((Ip6Address)network).high(), ((Ip6Address)network).low(), length);
        }
        catch (final IllegalArgumentException hostBits)
        {
            bad++;
            return;
        }
        entry(peer, prefix, attributes, false);
    }

    private void entry(final Peer peer, final IpPrefix prefix, final byte[] attributes, final boolean as4)
    {
        if (!wanted.test(peer))
        {
            return;
        }
        final Path path = path(prefix, attributes, as4);
        if (path == null)
        {
            bad++;
            return;
        }
        routes++;
        sink.route(peer, prefix, path);
    }

    /**
     * The entry as an UPDATE that announces its prefix, decoded as one: its attributes but MP_REACH_NLRI, then a whole
     * MP_REACH_NLRI for an IPv6 prefix (the dump's may be abbreviated to the next hop, §4.3.4), else the prefix as NLRI.
     *
     * @return the path, or null when the UPDATE would not be accepted as it is.
     */
    static Path path(final IpPrefix prefix, final byte[] attributes, final boolean as4)
    {
        final ByteBuffer a = ByteBuffer.wrap(attributes);
        final java.io.ByteArrayOutputStream rest = new java.io.ByteArrayOutputStream(attributes.length + 48);
        byte[] nextHop = null;
        while (a.remaining() >= 3)
        {
            final int start = a.position();
            final int flags = a.get() & 0xFF;
            final int type = a.get() & 0xFF;
            if ((flags & PathAttribute.FLAG_EXTENDED_LENGTH) != 0 && a.remaining() < 2)
            {
                return null;
            }
            final int length = (flags & PathAttribute.FLAG_EXTENDED_LENGTH) != 0 ? a.getShort() & 0xFFFF : a.get() & 0xFF;
            if (length > a.remaining())
            {
                return null;
            }
            if (type == PathAttribute.MP_REACH_NLRI)
            {
                final byte[] value = new byte[length];
                a.get(value);
                // Abbreviated (§4.3.4): next-hop length, next hop. Whole (RFC 4760): AFI, SAFI, next-hop length, ...
                final int at = length > 0 && (value[0] & 0xFF) == length - 1 ? 0 : 3;
                if (at >= length || at + 1 + (value[at] & 0xFF) > length)
                {
                    return null;
                }
                nextHop = Arrays.copyOfRange(value, at + 1, at + 1 + (value[at] & 0xFF));
            }
            else if (type == PathAttribute.NEXT_HOP && !prefix.isIpv4())
            {
                // An IPv6 route's next hop is in MP_REACH_NLRI; a NEXT_HOP beside it says nothing of it.
                a.position(a.position() + length);
            }
            else
            {
                a.position(a.position() + length);
                rest.write(attributes, start, a.position() - start);
            }
        }
        if (a.hasRemaining())
        {
            return null;
        }
        final int prefixOctets = (prefix.length() + 7) / 8;
        final byte[] nlri = new byte[1 + prefixOctets];
        nlri[0] = (byte)prefix.length();
        for (int i = 0; i < prefixOctets; i++)
        {
            nlri[1 + i] = prefix instanceof Prefix4 v4 ? (byte)(v4.address() >>> (24 - 8 * i)) :
                (byte)((i < 8 ? ((Prefix6)prefix).high() : ((Prefix6)prefix).low()) >>> (56 - 8 * (i % 8)));
        }
        final boolean mp = !prefix.isIpv4() || nextHop != null && !attributesHaveNextHop(rest.toByteArray());
        if (mp && nextHop == null)
        {
            return null;
        }
        final byte[] mpReach;
        if (mp)
        {
            // RFC 4760 §3: AFI, SAFI 1, next-hop length, next hop, reserved, NLRI.
            final int valueLength = 3 + 1 + nextHop.length + 1 + nlri.length;
            final ByteBuffer m = ByteBuffer.allocate(4 + valueLength);
            m.put((byte)(PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_EXTENDED_LENGTH)).put((byte)PathAttribute.MP_REACH_NLRI)
                .putShort((short)valueLength).putShort((short)(prefix.isIpv4() ? Bgp4mp.AFI_IPV4 : Bgp4mp.AFI_IPV6))
                .put((byte)1).put((byte)nextHop.length).put(nextHop).put((byte)0).put(nlri);
            mpReach = m.array();
        }
        else
        {
            mpReach = new byte[0];
        }
        final byte[] pathAttributes = rest.toByteArray();
        final int attributesLength = pathAttributes.length + mpReach.length;
        final int messageLength = MessageHeader.HEADER_LENGTH + 4 + attributesLength + (mp ? 0 : nlri.length);
        if (messageLength > MessageHeader.MAX_EXTENDED_MESSAGE_LENGTH)
        {
            return null;
        }
        final ByteBuffer message = ByteBuffer.allocate(messageLength);
        for (int i = 0; i < MessageHeader.MARKER_LENGTH; i++)
        {
            message.put((byte)0xFF);
        }
        message.putShort((short)messageLength).put((byte)MessageHeader.TYPE_UPDATE).putShort((short)0)
            .putShort((short)attributesLength).put(pathAttributes).put(mpReach);
        if (!mp)
        {
            message.put(nlri);
        }
        final DecodeResult r = MessageDecoder.decode(message.array(), as4 ? AS4 : AS2);
        // As from a peer (RFC 7606): a discarded attribute leaves the route without it; anything worse refuses it.
        if ((!r.isClean() && r.action() != ErrorAction.ATTRIBUTE_DISCARD) || !(r.message() instanceof UpdateMessage u))
        {
            return null;
        }
        PathAttributes decoded = as4 ? u.attributes() : AsPaths.reconstruct(u.attributes());
        final IpAddress hop;
        IpAddress linkLocal = null;
        if (u.mpReach() != null)
        {
            hop = u.mpReach().nextHop();
            linkLocal = u.mpReach().linkLocalNextHop();
        }
        else if (decoded.nextHop() != null)
        {
            hop = new Ip4Address(decoded.nextHop().address());
        }
        else
        {
            return null;
        }
        decoded = decoded.without(PathAttribute.NEXT_HOP);
        return new Path(decoded, hop, linkLocal);
    }

    private static boolean attributesHaveNextHop(final byte[] attributes)
    {
        final ByteBuffer a = ByteBuffer.wrap(attributes);
        while (a.remaining() >= 3)
        {
            final int flags = a.get() & 0xFF;
            final int type = a.get() & 0xFF;
            final int length = (flags & PathAttribute.FLAG_EXTENDED_LENGTH) != 0 ? a.getShort() & 0xFFFF : a.get() & 0xFF;
            if (type == PathAttribute.NEXT_HOP)
            {
                return true;
            }
            a.position(a.position() + length);
        }
        return false;
    }

    private static IpPrefix prefix(final ByteBuffer b, final boolean ipv4)
    {
        final int length = b.get() & 0xFF;
        final byte[] octets = new byte[(length + 7) / 8];
        b.get(octets);
        if (ipv4)
        {
            int address = 0;
            for (int i = 0; i < octets.length; i++)
            {
                address |= (octets[i] & 0xFF) << (24 - 8 * i);
            }
            return new Prefix4(address, length);
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < octets.length; i++)
        {
            if (i < 8)
            {
                high |= (long)(octets[i] & 0xFF) << (56 - 8 * i);
            }
            else
            {
                low |= (long)(octets[i] & 0xFF) << (56 - 8 * (i - 8));
            }
        }
        return new Prefix6(high, low, length);
    }

    private static Ip6Address address6(final ByteBuffer b)
    {
        return new Ip6Address(b.getLong(), b.getLong());
    }
}
