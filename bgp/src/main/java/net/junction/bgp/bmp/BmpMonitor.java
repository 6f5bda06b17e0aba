/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.bmp;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.rib.BgpRib;
import net.junction.bgp.rib.Path;
import net.junction.bgp.rib.RibMonitor;
import net.junction.bgp.session.BgpConnection;
import net.junction.bgp.session.BgpSession;
import net.junction.bgp.session.BgpSessions;
import net.junction.bgp.session.Negotiated;
import net.junction.bgp.session.PeerSession;
import net.junction.bgp.transport.EventLoop;
import net.junction.bgp.transport.Timer;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.Capability;
import net.junction.bgp.wire.CodecOptions;
import net.junction.bgp.wire.MessageEncoder;
import net.junction.bgp.wire.MpReachNlri;
import net.junction.bgp.wire.MpUnreachNlri;
import net.junction.bgp.wire.NotificationMessage;
import net.junction.bgp.wire.OpenMessage;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The speaker's side of BMP (RFC 7854, Loc-RIB per RFC 9069): hears sessions come up and go down and the RIBs
 * change ({@link RibMonitor}), and hands each {@link BmpStation} that is connected what it must send, as
 * references to immutable values; the station encodes them on its own thread.
 * <p>
 * What a station gets: on each connection, after its Initiation, a Peer Up per Established neighbor, that
 * neighbor's Adj-RIB-In before policy and after policy (L flag) as Route Monitoring with an End-of-RIB per
 * family, and the Loc-RIB (peer type 3) the same way, as the station's configuration asks; then, live, every
 * UPDATE as received, every change after policy and in the Loc-RIB, Peer Up and Peer Down, and a Statistics
 * Report per neighbor and for the Loc-RIB every statistics interval. UPDATEs are re-encoded with 4-octet AS
 * numbers (so the A flag is never set); post-policy and Loc-RIB routes go one prefix per UPDATE.
 * <p>
 * Threading: every method but {@link #statuses()} and {@link #close()} runs on the event loop.
 */
public final class BmpMonitor implements RibMonitor
{
    /** RFC 9069 §5.3: the VRF/Table Name of the global instance's Loc-RIB. */
    static final String GLOBAL_TABLE = "global";
    private static final List<AfiSafi> FAMILIES = List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST);
    /** UPDATEs in BMP may be long (RFC 8654 lengths): the peer's own may have been. */
    private static final CodecOptions MONITORING = new CodecOptions(true, true, false);

    /**
     * What a Peer Up said of an Established neighbor; immutable, shared with the stations' threads.
     *
     * @param codec how its Route Monitoring UPDATEs are encoded: with the Path Identifiers of the families the
     *              session receives them for (ADD-PATH, RFC 7911), as the OPENs of its Peer Up tell a station.
     */
    record PeerInfo(String name, IpAddress address, int asNumber, int bgpId, IpAddress localAddress, int localPort,
                    int remotePort, byte[] sentOpen, byte[] receivedOpen, List<AfiSafi> families, CodecOptions codec)
    {
        BmpEncoder.PeerHeader header(final boolean postPolicy, final long timestampMicros)
        {
            final int flags = (address.isIpv4() ? 0 : BmpEncoder.PEER_FLAG_V) | (postPolicy ? BmpEncoder.PEER_FLAG_L : 0);
            return new BmpEncoder.PeerHeader(BmpEncoder.PEER_TYPE_GLOBAL_INSTANCE, flags, 0, address, asNumber, bgpId,
                timestampMicros);
        }
    }

    /** A route of a table, copied on the loop. */
    /** @param pathId its Path Identifier (ADD-PATH), unsigned; -1 without. */
    private record Route(IpPrefix prefix, Path path, long pathId)
    {
    }

    /** A station and, on the loop, the generation of its connection being fed (0: none). */
    private static final class Feed
    {
        final BmpStation station;
        int generation;
        Timer statistics;

        Feed(final BmpStation station)
        {
            this.station = station;
        }
    }

    private final EventLoop loop;
    private final BgpRib rib;
    private final BgpSessions sessions;
    private final Supplier<BgpConfig> config;
    private final String sysName;
    private final String sysDescr;
    private final BmpStation.Connector connector;
    /** Loop only. */
    private final Map<BmpConfig.Station, Feed> feeds = new LinkedHashMap<>();
    /** Every station, for status from other threads. */
    private final List<BmpStation> stations = new CopyOnWriteArrayList<>();
    /** Established neighbors as their Peer Up told; loop only. */
    private final Map<String, PeerInfo> up = new LinkedHashMap<>();
    private BmpConfig running = BmpConfig.NONE;

    /**
     * @param loop      the speaker's event loop.
     * @param rib       its RIBs (read on the loop only).
     * @param sessions  its sessions.
     * @param config    the speaker's running configuration (AS and router id of the Loc-RIB instance).
     * @param sysName   the Initiation's sysName.
     * @param sysDescr  the Initiation's sysDescr.
     * @param connector how stations connect ({@link BmpStation.Connector#TCP}).
     */
    public BmpMonitor(final EventLoop loop, final BgpRib rib, final BgpSessions sessions,
        final Supplier<BgpConfig> config, final String sysName, final String sysDescr,
        final BmpStation.Connector connector)
    {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.rib = Objects.requireNonNull(rib, "rib");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.config = Objects.requireNonNull(config, "config");
        this.sysName = sysName;
        this.sysDescr = sysDescr;
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    /**
     * Apply a configuration: stations removed or changed close (off the loop: Termination, then the
     * connection ends), new or changed ones start. Unchanged ones keep their connections.
     */
    public void configure(final BmpConfig next)
    {
        for (final BmpConfig.Station s : List.copyOf(feeds.keySet()))
        {
            if (!next.stations().contains(s))
            {
                final Feed f = feeds.remove(s);
                if (f.statistics != null)
                {
                    f.statistics.stop();
                }
                stations.remove(f.station);
                Thread.ofVirtual().name("bmp-close-" + s.name()).start(f.station::close);
            }
        }
        for (final BmpConfig.Station s : next.stations())
        {
            if (!feeds.containsKey(s))
            {
                final Feed[] holder = new Feed[1];
                final BmpStation station = new BmpStation(s, sysName, sysDescr, connector,
                    generation -> loop.execute(() -> connected(holder[0], generation)));
                holder[0] = new Feed(station);
                feeds.put(s, holder[0]);
                stations.add(station);
                station.start();
            }
        }
        running = next;
    }

    /**
     * @return every station's status (any thread).
     */
    public List<BmpStation.Status> statuses()
    {
        final List<BmpStation.Status> out = new ArrayList<>();
        for (final BmpStation s : stations)
        {
            out.add(s.status());
        }
        return out;
    }

    /** Close every station: what is queued goes out, then a Termination. Any thread, after the loop stopped. */
    public void close()
    {
        final List<Thread> closing = new ArrayList<>();
        for (final BmpStation s : stations)
        {
            closing.add(Thread.ofVirtual().start(s::close));
        }
        stations.clear();
        for (final Thread t : closing)
        {
            try
            {
                t.join(3_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ------------------------------------------------------------------ on the loop: a station connected

    /** Resync a new connection: Peer Ups and tables of every Established neighbor, then the Loc-RIB. */
    private void connected(final Feed feed, final int generation)
    {
        if (!stations.contains(feed.station))
        {
            return; // removed meanwhile
        }
        feed.generation = generation;
        final BmpConfig.Station s = feed.station.config();
        final long now = nowMicros();
        final List<BmpStation.Item> items = new ArrayList<>();
        for (final PeerInfo peer : up.values())
        {
            items.add(peerUp(peer, now));
            if (s.prePolicy())
            {
                items.add(table(peer, false, BgpRib.View.RECEIVED, now));
            }
            if (s.postPolicy())
            {
                items.add(table(peer, true, BgpRib.View.ACCEPTED, now));
            }
        }
        if (s.locRib())
        {
            final BmpEncoder.PeerHeader header = locRibHeader(now);
            final byte[] open = MessageEncoder.encode(fabricatedOpen(), CodecOptions.DEFAULT);
            final List<Route> routes = new ArrayList<>();
            for (final BgpRib.DumpedRoute r : rib.dump(null))
            {
                routes.add(new Route(r.prefix(), r.path(), -1));
            }
            final IpAddress zero = new Ip4Address(0);
            items.add((encoder, out) ->
            {
                out.message(encoder.peerUp(header, zero, 0, 0, open, open, GLOBAL_TABLE));
                writeRoutes(encoder, out, header, routes, FAMILIES, MONITORING);
            });
        }
        final List<BmpStation.Item> resync = List.copyOf(items);
        offer(feed, (encoder, out) ->
        {
            for (final BmpStation.Item item : resync)
            {
                item.write(encoder, out);
            }
        });
        if (s.statisticsIntervalSeconds() > 0 && feed.statistics == null)
        {
            feed.statistics = loop.timer("bmp-statistics-" + s.name(), () -> statistics(feed));
            feed.statistics.startSeconds(s.statisticsIntervalSeconds());
        }
    }

    private BmpStation.Item table(final PeerInfo peer, final boolean postPolicy, final BgpRib.View view, final long now)
    {
        final List<Route> routes = new ArrayList<>();
        for (final AfiSafi family : peer.families())
        {
            rib.forEachPath(peer.name(), view, family, (prefix, path, pathId, source) ->
                routes.add(new Route(prefix, path, pathId)));
        }
        final BmpEncoder.PeerHeader header = peer.header(postPolicy, now);
        return (encoder, out) -> writeRoutes(encoder, out, header, routes, peer.families(), peer.codec());
    }

    /** A table as Route Monitoring, one prefix per UPDATE, then an End-of-RIB per family (RFC 7854 §5). */
    private static void writeRoutes(final BmpEncoder encoder, final BmpStation.MessageSink out,
        final BmpEncoder.PeerHeader header, final List<Route> routes, final List<AfiSafi> families,
        final CodecOptions codec)
        throws java.io.IOException
    {
        RuntimeException failed = null;
        for (final Route r : routes)
        {
            final byte[] update;
            try
            {
                update = updateOf(r.prefix(), r.path(), r.pathId(), codec);
            }
            catch (final RuntimeException ex)
            {
                failed = ex; // the rest of the table still goes; the station counts one skip
                continue;
            }
            out.message(encoder.routeMonitoring(header, update));
        }
        for (final AfiSafi family : families)
        {
            out.message(encoder.routeMonitoring(header,
                MessageEncoder.encode(UpdateMessage.endOfRib(family), MONITORING)));
        }
        if (failed != null)
        {
            throw failed;
        }
    }

    // ------------------------------------------------------------------ on the loop: live changes

    /**
     * Told of every session state change (the speaker registers it): Peer Up on reaching Established, Peer Down
     * on leaving it.
     */
    public void stateChanged(final BgpSession session, final PeerSession.State from, final PeerSession.State to)
    {
        final String name = session.config().name();
        if (to == PeerSession.State.ESTABLISHED)
        {
            final PeerInfo peer = peerInfo(session);
            if (peer == null)
            {
                return;
            }
            up.put(name, peer);
            final long now = nowMicros();
            offerAll(s -> true, peerUp(peer, now));
        }
        else if (from == PeerSession.State.ESTABLISHED)
        {
            final PeerInfo peer = up.remove(name);
            if (peer == null)
            {
                return;
            }
            final BmpEncoder.PeerHeader header = peer.header(false, nowMicros());
            final NotificationMessage n = session.downNotification();
            final int reason;
            final byte[] data;
            if (n != null)
            {
                reason = session.downLocal() ? BmpEncoder.DOWN_LOCAL_NOTIFICATION : BmpEncoder.DOWN_REMOTE_NOTIFICATION;
                data = MessageEncoder.encode(n, CodecOptions.DEFAULT);
            }
            else if (session.downLocal())
            {
                reason = BmpEncoder.DOWN_LOCAL_NO_NOTIFICATION;
                data = new byte[2]; // §4.9: the FSM event code; 0, none applies (an administrative stop)
            }
            else
            {
                reason = BmpEncoder.DOWN_REMOTE_NO_NOTIFICATION;
                data = new byte[0];
            }
            offerAll(s -> true, (encoder, out) -> out.message(encoder.peerDown(header, reason, data)));
        }
    }

    @Override
    public void received(final String neighbor, final UpdateMessage update)
    {
        final PeerInfo peer = up.get(neighbor);
        if (peer == null || feeds.isEmpty())
        {
            return;
        }
        final BmpEncoder.PeerHeader header = peer.header(false, nowMicros());
        offerAll(BmpConfig.Station::prePolicy, (encoder, out) ->
            out.message(encoder.routeMonitoring(header, MessageEncoder.encode(update, peer.codec()))));
    }

    /** The neighbor's End-of-RIB: its tables before and after policy are complete (RFC 7854 §5). */
    @Override
    public void endOfRib(final String neighbor, final AfiSafi family)
    {
        final PeerInfo peer = up.get(neighbor);
        if (peer == null || feeds.isEmpty())
        {
            return;
        }
        final long now = nowMicros();
        final BmpEncoder.PeerHeader pre = peer.header(false, now);
        final BmpEncoder.PeerHeader post = peer.header(true, now);
        offerAll(BmpConfig.Station::prePolicy, (encoder, out) -> out.message(encoder.routeMonitoring(pre,
            MessageEncoder.encode(UpdateMessage.endOfRib(family), MONITORING))));
        offerAll(BmpConfig.Station::postPolicy, (encoder, out) -> out.message(encoder.routeMonitoring(post,
            MessageEncoder.encode(UpdateMessage.endOfRib(family), MONITORING))));
    }

    @Override
    public void accepted(final String neighbor, final AfiSafi family, final IpPrefix prefix, final Path path)
    {
        accepted(neighbor, family, prefix, path, -1);
    }

    @Override
    public void accepted(
        final String neighbor, final AfiSafi family, final IpPrefix prefix, final Path path, final long pathId)
    {
        final PeerInfo peer = up.get(neighbor);
        if (peer == null || feeds.isEmpty())
        {
            return;
        }
        final BmpEncoder.PeerHeader header = peer.header(true, nowMicros());
        offerAll(BmpConfig.Station::postPolicy, (encoder, out) ->
            out.message(encoder.routeMonitoring(header, updateOf(prefix, path, pathId, peer.codec()))));
    }

    @Override
    public void selected(final AfiSafi family, final IpPrefix prefix, final Path path)
    {
        if (feeds.isEmpty())
        {
            return;
        }
        final BmpEncoder.PeerHeader header = locRibHeader(nowMicros());
        offerAll(BmpConfig.Station::locRib, (encoder, out) ->
            out.message(encoder.routeMonitoring(header, updateOf(prefix, path))));
    }

    /** Every statistics interval: a Statistics Report per Established neighbor and one for the Loc-RIB. */
    private void statistics(final Feed feed)
    {
        final BmpConfig.Station s = feed.station.config();
        feed.statistics.startSeconds(s.statisticsIntervalSeconds());
        if (!feed.station.live(feed.generation))
        {
            return;
        }
        final long now = nowMicros();
        final List<BmpStation.Item> items = new ArrayList<>();
        for (final PeerInfo peer : up.values())
        {
            final BgpRib.NeighborCounters c = rib.counters(peer.name());
            if (c == null)
            {
                continue;
            }
            final List<BmpEncoder.Stat> stats = new ArrayList<>();
            stats.add(new BmpEncoder.Stat(BmpEncoder.STAT_REJECTED_PREFIXES, null, c.rejectedPrefixes()));
            stats.add(new BmpEncoder.Stat(BmpEncoder.STAT_DUPLICATE_PREFIXES, null, c.duplicateAdvertisements()));
            stats.add(new BmpEncoder.Stat(BmpEncoder.STAT_DUPLICATE_WITHDRAWS, null, c.duplicateWithdraws()));
            long received = 0;
            long accepted = 0;
            final List<BmpEncoder.Stat> perFamily = new ArrayList<>();
            for (final AfiSafi family : peer.families())
            {
                final long r = rib.receivedSize(peer.name(), family);
                final long a = rib.adjRibInSize(peer.name(), family);
                received += r;
                accepted += a;
                perFamily.add(new BmpEncoder.Stat(BmpEncoder.STAT_AFI_SAFI_ADJ_RIB_IN_ROUTES, family, r));
                perFamily.add(new BmpEncoder.Stat(BmpEncoder.STAT_AFI_SAFI_PRE_POLICY_ADJ_RIB_IN_ROUTES, family, r));
                perFamily.add(new BmpEncoder.Stat(BmpEncoder.STAT_AFI_SAFI_POST_POLICY_ADJ_RIB_IN_ROUTES, family, a));
            }
            stats.add(new BmpEncoder.Stat(BmpEncoder.STAT_ADJ_RIB_IN_ROUTES, null, received));
            stats.add(new BmpEncoder.Stat(BmpEncoder.STAT_PRE_POLICY_ADJ_RIB_IN_ROUTES, null, received));
            stats.add(new BmpEncoder.Stat(BmpEncoder.STAT_POST_POLICY_ADJ_RIB_IN_ROUTES, null, accepted));
            stats.addAll(perFamily);
            final BmpEncoder.PeerHeader header = peer.header(false, now);
            items.add((encoder, out) -> out.message(encoder.statisticsReport(header, stats)));
        }
        if (s.locRib())
        {
            final List<BmpEncoder.Stat> stats = new ArrayList<>();
            long total = 0;
            for (final AfiSafi family : FAMILIES)
            {
                final long n = rib.locRibSize(family);
                total += n;
                stats.add(new BmpEncoder.Stat(BmpEncoder.STAT_AFI_SAFI_LOC_RIB_ROUTES, family, n));
            }
            stats.addFirst(new BmpEncoder.Stat(BmpEncoder.STAT_LOC_RIB_ROUTES, null, total));
            final BmpEncoder.PeerHeader header = locRibHeader(now);
            items.add((encoder, out) -> out.message(encoder.statisticsReport(header, stats)));
        }
        for (final BmpStation.Item item : items)
        {
            offer(feed, item);
        }
    }

    // ------------------------------------------------------------------ helpers

    private void offerAll(final java.util.function.Predicate<BmpConfig.Station> wants, final BmpStation.Item item)
    {
        for (final Feed f : feeds.values())
        {
            if (f.generation != 0 && wants.test(f.station.config()))
            {
                offer(f, item);
            }
        }
    }

    private static void offer(final Feed feed, final BmpStation.Item item)
    {
        if (!feed.station.offer(feed.generation, item))
        {
            feed.generation = 0; // gone or too slow: the next connection resyncs
        }
    }

    private PeerInfo peerInfo(final BgpSession session)
    {
        final Negotiated n = session.negotiated();
        final BgpConnection c = session.connection();
        if (n == null || c == null || c.sentOpen() == null || c.peerOpen() == null)
        {
            return null;
        }
        final List<AfiSafi> families = new ArrayList<>();
        for (final AfiSafi family : FAMILIES)
        {
            if (n.families().contains(family))
            {
                families.add(family);
            }
        }
        // The UPDATEs mirror what the session receives: Path Identifiers where it receives them (RFC 7911).
        final CodecOptions codec = n.codec().receivePathIds().isEmpty() ? MONITORING :
            new CodecOptions(true, true, false, Set.of(), n.codec().receivePathIds());
        return new PeerInfo(session.config().name(), n.remoteAddress(), n.peerAs(), n.peerRouterId(),
            n.localAddress(), c.localPort(), c.remotePort(), MessageEncoder.encode(c.sentOpen(), CodecOptions.DEFAULT),
            MessageEncoder.encode(c.peerOpen(), CodecOptions.DEFAULT), List.copyOf(families), codec);
    }

    private static BmpStation.Item peerUp(final PeerInfo peer, final long now)
    {
        final BmpEncoder.PeerHeader header = peer.header(false, now);
        return (encoder, out) -> out.message(encoder.peerUp(header, peer.localAddress(), peer.localPort(),
            peer.remotePort(), peer.sentOpen(), peer.receivedOpen(), null));
    }

    private BmpEncoder.PeerHeader locRibHeader(final long now)
    {
        final BgpConfig c = config.get();
        return new BmpEncoder.PeerHeader(BmpEncoder.PEER_TYPE_LOC_RIB_INSTANCE, 0, 0, new Ip4Address(0), c.localAs(),
            c.routerId(), now);
    }

    /** RFC 9069 §5.3: the Loc-RIB instance's OPEN, made up: 4-octet AS and the families it carries. */
    private OpenMessage fabricatedOpen()
    {
        final BgpConfig c = config.get();
        return OpenMessage.of(c.localAs(), 0, c.routerId(), List.of(
            new Capability.Multiprotocol(AfiSafi.IPV4_UNICAST), new Capability.Multiprotocol(AfiSafi.IPV6_UNICAST),
            new Capability.FourOctetAs(c.localAs())));
    }

    /**
     * One route as an UPDATE: announced with its path (a route without next hop, a local network, with the
     * unspecified address), or withdrawn when {@code path} is null.
     */
    static byte[] updateOf(final IpPrefix prefix, final Path path)
    {
        return updateOf(prefix, path, -1, MONITORING);
    }

    /**
     * As {@link #updateOf(IpPrefix, Path)} for a neighbor's route: with its Path Identifier when {@code codec} sends
     * them for the family (ADD-PATH; 0 for a route that came without one).
     */
    static byte[] updateOf(final IpPrefix prefix, final Path path, final long pathId, final CodecOptions codec)
    {
        final AfiSafi family = AfiSafi.unicastOf(prefix);
        final List<Integer> ids = codec.sendsPathIds(family) ? List.of(pathId < 0 ? 0 : (int)pathId) : List.of();
        final UpdateMessage update;
        if (path == null)
        {
            update = prefix instanceof Prefix4 v4 ?
                new UpdateMessage(List.of(v4), PathAttributes.EMPTY, List.of(), null, null, ids, List.of()) :
                new UpdateMessage(List.of(), PathAttributes.EMPTY, List.of(), null,
                    new MpUnreachNlri(family, List.of(prefix), ids));
        }
        else
        {
            IpAddress nextHop = path.nextHop();
            if (nextHop == null)
            {
                nextHop = prefix.isIpv4() ? new Ip4Address(0) : Ip6Address.UNSPECIFIED;
            }
            if (prefix instanceof Prefix4 v4 && nextHop instanceof Ip4Address nh)
            {
                update = new UpdateMessage(List.of(), path.attributes().with(new PathAttribute.NextHop(nh.value())),
                    List.of(v4), null, null, List.of(), ids);
            }
            else
            {
                update = new UpdateMessage(List.of(), path.attributes(), List.of(),
                    new MpReachNlri(family, nextHop, path.linkLocalNextHop(), List.of(prefix), ids), null);
            }
        }
        return MessageEncoder.encode(update, codec);
    }

    private static long nowMicros()
    {
        final java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
