/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.mrt;

import net.junction.bgp.rib.Path;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.CodecOptions;
import net.junction.bgp.wire.DecodeResult;
import net.junction.bgp.wire.ErrorAction;
import net.junction.bgp.wire.MessageDecoder;
import net.junction.bgp.wire.MpReachNlri;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.AsPaths;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads the UPDATEs of an MRT update log (RFC 6396 §4.4, BGP4MP and BGP4MP_ET; RFC 8050's ADD-PATH subtypes), plain
 * or gzipped: the files RIPE RIS and RouteViews publish as {@code updates.*}, and those Junction's own recorder writes
 * ({@code bgp.mrt}). Each UPDATE a peer sent becomes an {@link Update}: what it withdrew and what it announced, each
 * announcement a {@link Path} as the RIB would hold it. Peers' state changes go to the sink too. Messages the
 * collector itself sent (the {@code *_LOCAL} subtypes), OPEN, KEEPALIVE and NOTIFICATION messages, and records of
 * other types are counted and skipped.
 * <p>
 * Each UPDATE is decoded by Junction's own decoder as from that peer (4-octet AS numbers in the message for the
 * {@code *_AS4} subtypes, AS4_PATH merged otherwise; external when the peer's AS is not the collector's), and
 * handled as a session would (RFC 7606): an attribute discarded leaves its routes without it; treat-as-withdraw
 * makes its announcements withdrawals; an UPDATE that would reset the session or disable a family is counted as
 * bad and skipped. A record cut short ends the read with an error naming its offset.
 */
public final class MrtUpdateReader
{
    /** RFC 6396 §4.4: BGP4MP with an extended (microsecond) timestamp. */
    public static final int BGP4MP_ET = 17;
    /** RFC 6396 §4.4 and RFC 8050 §3: BGP4MP subtypes. */
    public static final int STATE_CHANGE = 0;
    public static final int MESSAGE = 1;
    public static final int MESSAGE_AS4 = Bgp4mp.BGP4MP_MESSAGE_AS4;
    public static final int STATE_CHANGE_AS4 = Bgp4mp.BGP4MP_STATE_CHANGE_AS4;
    public static final int MESSAGE_LOCAL = 6;
    public static final int MESSAGE_AS4_LOCAL = 7;
    public static final int MESSAGE_ADDPATH = 8;
    public static final int MESSAGE_AS4_ADDPATH = Bgp4mp.BGP4MP_MESSAGE_AS4_ADDPATH;
    public static final int MESSAGE_LOCAL_ADDPATH = 10;
    public static final int MESSAGE_AS4_LOCAL_ADDPATH = 11;

    private static final int BGP_MESSAGE_TYPE_OFFSET = 18;
    private static final Set<AfiSafi> ADD_PATH_FAMILIES = Set.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST);

    /**
     * A peer of the log, as its records name it.
     *
     * @param address      its address.
     * @param asNumber     its AS.
     * @param localAddress the collector's address on the session (the unspecified address when not recorded).
     * @param localAs      the collector's AS.
     */
    public record Peer(IpAddress address, int asNumber, IpAddress localAddress, int localAs)
    {
    }

    /**
     * A prefix withdrawn.
     *
     * @param prefix the prefix.
     * @param pathId its Path Identifier (RFC 7911) in an ADD-PATH record, else 0.
     */
    public record Withdrawn(IpPrefix prefix, int pathId)
    {
    }

    /**
     * A prefix announced.
     *
     * @param prefix the prefix.
     * @param pathId its Path Identifier (RFC 7911) in an ADD-PATH record, else 0.
     * @param path   its attributes (without NEXT_HOP, AS4_PATH merged) and next hop.
     */
    public record Announced(IpPrefix prefix, int pathId, Path path)
    {
    }

    /**
     * One UPDATE a peer sent.
     *
     * @param peer            who sent it.
     * @param timestampMicros when it was recorded, in microseconds since the epoch (whole seconds for BGP4MP).
     * @param withdrawn       what it withdrew (with its announcements when the UPDATE is treat-as-withdraw).
     * @param announced       what it announced.
     * @param attributeDiscarded whether the decoder left out an attribute of it (RFC 7606 attribute discard).
     */
    public record Update(Peer peer, long timestampMicros, List<Withdrawn> withdrawn, List<Announced> announced,
        boolean attributeDiscarded)
    {
    }

    /** Told each UPDATE and state change of a wanted peer, in the log's order. */
    public interface Sink
    {
        void update(Update update);

        /**
         * @param oldState RFC 6396 §4.4.1 code of the state left: 1 Idle, 2 Connect, 3 Active, 4 OpenSent,
         *                 5 OpenConfirm, 6 Established.
         * @param newState the state entered.
         */
        default void stateChange(final Peer peer, final long timestampMicros, final int oldState, final int newState)
        {
        }
    }

    /**
     * What a read found.
     *
     * @param peers           the peers seen, in order of appearance.
     * @param records         MRT records read.
     * @param updates         UPDATEs handed to the sink.
     * @param stateChanges    state changes handed to the sink.
     * @param withdrawn       prefixes withdrawn in those UPDATEs (treat-as-withdraw included).
     * @param announced       prefixes announced in those UPDATEs.
     * @param treatedAsWithdraw UPDATEs whose announcements became withdrawals (RFC 7606).
     * @param skipped         records of other types or subtypes, the collector's own messages, and messages that are
     *                        not UPDATEs.
     * @param bad             UPDATEs that would have reset the session or disabled a family, skipped.
     */
    public record Summary(List<Peer> peers, long records, long updates, long stateChanges, long withdrawn, long announced,
        long treatedAsWithdraw, long skipped, long bad)
    {
    }

    private final Predicate<Peer> wanted;
    private final Sink sink;
    private final Map<Peer, Peer> peers = new LinkedHashMap<>();
    private long records;
    private long updates;
    private long stateChanges;
    private long withdrawnCount;
    private long announcedCount;
    private long treatedAsWithdraw;
    private long skipped;
    private long bad;

    private MrtUpdateReader(final Predicate<Peer> wanted, final Sink sink)
    {
        this.wanted = wanted;
        this.sink = sink;
    }

    /**
     * @param file   an MRT file, gzipped or not.
     * @param wanted the peers whose UPDATEs and state changes go to the sink.
     * @param sink   told each of them.
     * @return what was read.
     * @throws IOException when the file cannot be read or a record is cut short or malformed.
     */
    public static Summary read(final java.nio.file.Path file, final Predicate<Peer> wanted, final Sink sink)
        throws IOException
    {
        try (InputStream in = MrtRibReader.open(file))
        {
            return read(in, wanted, sink);
        }
    }

    /** As {@link #read(java.nio.file.Path, Predicate, Sink)}, of a plain stream (not closed). */
    public static Summary read(final InputStream in, final Predicate<Peer> wanted, final Sink sink) throws IOException
    {
        final MrtUpdateReader reader = new MrtUpdateReader(wanted, sink);
        reader.readAll(in);
        return new Summary(List.copyOf(reader.peers.keySet()), reader.records, reader.updates, reader.stateChanges,
            reader.withdrawnCount, reader.announcedCount, reader.treatedAsWithdraw, reader.skipped, reader.bad);
    }

    private void readAll(final InputStream in) throws IOException
    {
        MrtRecords.read(in, (timestamp, type, subtype, body, offset) ->
        {
            records++;
            record(timestamp, type, subtype, body);
        });
    }

    private void record(final long seconds, final int type, final int subtype, final ByteBuffer b)
    {
        if (type != Bgp4mp.BGP4MP && type != BGP4MP_ET)
        {
            skipped++;
            return;
        }
        final long micros = seconds * 1_000_000 + (type == BGP4MP_ET ? b.getInt() & 0xFFFFFFFFL : 0);
        switch (subtype)
        {
            case STATE_CHANGE, STATE_CHANGE_AS4 ->
            {
                final Peer peer = peer(b, subtype == STATE_CHANGE_AS4);
                final int oldState = b.getShort() & 0xFFFF;
                final int newState = b.getShort() & 0xFFFF;
                if (wanted.test(peer))
                {
                    stateChanges++;
                    sink.stateChange(peer, micros, oldState, newState);
                }
            }
            case MESSAGE, MESSAGE_AS4, MESSAGE_ADDPATH, MESSAGE_AS4_ADDPATH ->
            {
                final boolean as4 = subtype == MESSAGE_AS4 || subtype == MESSAGE_AS4_ADDPATH;
                final Peer peer = peer(b, as4);
                if (wanted.test(peer))
                {
                    message(peer, micros, b, as4, subtype == MESSAGE_ADDPATH || subtype == MESSAGE_AS4_ADDPATH);
                }
            }
            default -> skipped++; // the *_LOCAL subtypes (what the collector sent) and any later ones
        }
    }

    /** RFC 6396 §4.4.1-§4.4.3: peer AS, local AS, interface index, AFI, peer address, local address. */
    private Peer peer(final ByteBuffer b, final boolean as4)
    {
        final int peerAs = as4 ? b.getInt() : b.getShort() & 0xFFFF;
        final int localAs = as4 ? b.getInt() : b.getShort() & 0xFFFF;
        b.getShort(); // interface index
        final int afi = b.getShort() & 0xFFFF;
        if (afi != Bgp4mp.AFI_IPV4 && afi != Bgp4mp.AFI_IPV6)
        {
            throw new IllegalArgumentException("address family " + afi + " is neither IPv4 (1) nor IPv6 (2)");
        }
        final IpAddress address = address(b, afi);
        final IpAddress local = address(b, afi);
        return peers.computeIfAbsent(new Peer(address, peerAs, local, localAs), p -> p);
    }

    private static IpAddress address(final ByteBuffer b, final int afi)
    {
        return afi == Bgp4mp.AFI_IPV4 ? new Ip4Address(b.getInt()) : new Ip6Address(b.getLong(), b.getLong());
    }

    private void message(final Peer peer, final long micros, final ByteBuffer b, final boolean as4, final boolean addPath)
    {
        final byte[] message = new byte[b.remaining()];
        b.get(message);
        if (message.length <= BGP_MESSAGE_TYPE_OFFSET ||
            (message[BGP_MESSAGE_TYPE_OFFSET] & 0xFF) != net.junction.bgp.wire.MessageHeader.TYPE_UPDATE)
        {
            skipped++; // OPEN, KEEPALIVE, NOTIFICATION, ROUTE-REFRESH
            return;
        }
        final CodecOptions options = new CodecOptions(as4, true, peer.asNumber() != peer.localAs(),
            addPath ? ADD_PATH_FAMILIES : Set.of(), Set.of());
        final DecodeResult r = MessageDecoder.decode(message, options);
        if (!(r.message() instanceof UpdateMessage u) ||
            !r.isClean() && r.action() != ErrorAction.ATTRIBUTE_DISCARD && r.action() != ErrorAction.TREAT_AS_WITHDRAW)
        {
            bad++;
            return;
        }
        final List<Withdrawn> withdrawn = new ArrayList<>();
        add(withdrawn, u.withdrawn(), u.withdrawnPathIds());
        if (u.mpUnreach() != null)
        {
            add(withdrawn, u.mpUnreach().withdrawn(), u.mpUnreach().pathIds());
        }
        final List<Announced> announced = new ArrayList<>();
        if (r.isTreatAsWithdraw())
        {
            treatedAsWithdraw++;
            add(withdrawn, u.nlri(), u.nlriPathIds());
            if (u.mpReach() != null)
            {
                add(withdrawn, u.mpReach().nlri(), u.mpReach().pathIds());
            }
        }
        else
        {
            final PathAttributes attributes = (as4 ? u.attributes() : AsPaths.reconstruct(u.attributes()))
                .without(PathAttribute.NEXT_HOP);
            if (!u.nlri().isEmpty())
            {
                if (u.attributes().nextHop() == null)
                {
                    bad++; // RFC 7606 §3 (d): NLRI without NEXT_HOP is treat-as-withdraw; the decoder said so already
                    return;
                }
                final Path path = new Path(attributes, new Ip4Address(u.attributes().nextHop().address()), null);
                for (int i = 0; i < u.nlri().size(); i++)
                {
                    announced.add(new Announced(u.nlri().get(i), pathId(u.nlriPathIds(), i), path));
                }
            }
            final MpReachNlri reach = u.mpReach();
            if (reach != null && !reach.nlri().isEmpty())
            {
                final Path path = new Path(attributes, reach.nextHop(), reach.linkLocalNextHop());
                for (int i = 0; i < reach.nlri().size(); i++)
                {
                    announced.add(new Announced(reach.nlri().get(i), pathId(reach.pathIds(), i), path));
                }
            }
        }
        updates++;
        withdrawnCount += withdrawn.size();
        announcedCount += announced.size();
        sink.update(new Update(peer, micros, List.copyOf(withdrawn), List.copyOf(announced),
            r.action() == ErrorAction.ATTRIBUTE_DISCARD));
    }

    private static void add(final List<Withdrawn> out, final List<? extends IpPrefix> prefixes, final List<Integer> pathIds)
    {
        for (int i = 0; i < prefixes.size(); i++)
        {
            out.add(new Withdrawn(prefixes.get(i), pathId(pathIds, i)));
        }
    }

    private static int pathId(final List<Integer> pathIds, final int i)
    {
        return pathIds.isEmpty() ? 0 : pathIds.get(i);
    }
}
