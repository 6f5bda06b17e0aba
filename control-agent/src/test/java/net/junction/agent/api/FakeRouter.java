/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import net.junction.agent.journal.JournalWriter;
import net.junction.agent.journal.RouteJournal;
import net.junction.agent.router.RouterEvents;
import net.junction.agent.router.RunningRouter;
import net.junction.bgp.speaker.NeighborStatus;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

/** A running router with canned answers that records what the API asked of it, and on which thread. */
final class FakeRouter implements RunningRouter
{
    final RouterEvents events = new RouterEvents();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    final List<RouteQuery> queries = new CopyOnWriteArrayList<>();

    static final RouteView ROUTE = new RouteView("198.18.100.0/24", "static", 1,
        List.of(new NextHopView(Optional.of("198.18.2.2"), Optional.of("p1"))), false, Optional.empty());
    static final RouteView BGP_ROUTE = new RouteView("198.18.64.0/18", "ebgp", 20,
        List.of(new NextHopView(Optional.of("198.18.2.2"), Optional.of("p1"))), false,
        Optional.of(new BgpPathView("transit1", List.of(65001L, 65010L), "igp", Optional.empty(), Optional.of(5L),
            List.of("65000:100"), "198.18.2.2")));
    static final NeighborStatus TRANSIT = new NeighborStatus("transit1", "198.18.2.2", 65001, "established", 42,
        Map.of("ipv4-unicast", 10L), Map.of("ipv4-unicast", 8L), Map.of("ipv4-unicast", 1L), 12, 3, 1, false, "");

    static final BgpPathView VIA_TRANSIT2 = new BgpPathView("transit2", List.of(65002L, 65020L, 65010L), "igp",
        Optional.empty(), Optional.empty(), List.of(), "198.18.3.2");
    /** 198.18.64.0/18: transit1's path won, transit2's lost at the AS path length. */
    static final ExplanationView EXPLAINED = new ExplanationView("198.18.64.0/18", "198.18.64.0/18",
        Optional.of(new FibEntryView("198.18.64.0/18", "ebgp", false, false, List.of(new FibNextHopView(
            Optional.of("198.18.2.2"), Optional.of("p1"), Optional.of("reachable"), Optional.of(true))))),
        List.of(new RibCandidateView("ebgp", 20, 0, true, List.of(new NextHopView(Optional.of("198.18.2.2"), Optional.of("p1"))), false)),
        List.of(new BgpCandidateView(BGP_ROUTE.bgp().orElseThrow(), Optional.of("198.18.2.2"), true, true, Optional.empty(),
                false, Optional.of("from-transit"), Optional.of("customers")),
            new BgpCandidateView(VIA_TRANSIT2, Optional.of("198.18.3.2"), true, false, Optional.of("as-path-length"),
                false, Optional.of("from-transit"), Optional.empty())),
        List.of());
    /** 198.18.99.0/24: only sent by transit2, rejected by the term "bogons". */
    static final ExplanationView REJECTED = new ExplanationView("198.18.99.0/24", "198.18.99.0/24", Optional.empty(),
        List.of(), List.of(), List.of(new BgpRejectedView("transit2", "198.18.3.2", VIA_TRANSIT2, "import-policy",
            Optional.of("from-transit"), Optional.of("bogons"))));

    /** The canned preview: transit2's new import policy rejects 198.18.99.0/24, whose best and next hop go. */
    static PreviewView preview(final int first)
    {
        final List<RouteChangeView> rejected = List.of(new RouteChangeView("198.18.99.0/24", Optional.of(VIA_TRANSIT2),
            Optional.empty()));
        return new PreviewView(first, true, false, List.of(),
            List.of(new ImportPreviewView("transit2", RouteChangesView.NONE, new RouteChangesView(1, rejected.subList(0,
                Math.min(first, 1))), RouteChangesView.NONE)),
            new RouteChangesView(1, rejected.subList(0, Math.min(first, 1))), List.of(),
            new NextHopChangesView(1, List.of(new NextHopChangeView("198.18.99.0/24", List.of("198.18.3.2"), List.of()))
                .subList(0, Math.min(first, 1))),
            List.of());
    }

    /** When set, {@link #preview} throws it (a speaker past its timeout). */
    volatile RuntimeException previewFails;

    @Override
    public PreviewView preview(final net.junction.agent.config.JunctionConfig candidate, final int firstN)
    {
        called("preview " + firstN);
        if (null != previewFails)
        {
            throw previewFails;
        }
        return preview(firstN);
    }

    private void called(final String what)
    {
        calls.add(what);
        threads.add(Thread.currentThread());
    }

    @Override
    public RouterStatus status()
    {
        called("status");
        return new RouterStatus("lab", "0.1.0-test", 10, 1, 2, Map.of("ipv4", 3L, "ipv6", 1L), Map.of("ipv4", 3L, "ipv6", 1L), 1, 1,
            Optional.ofNullable(journal).map(j -> new JournalWriter.Counters(12, 0, 0)));
    }

    @Override
    public List<InterfaceView> interfaces()
    {
        called("interfaces");
        return List.of(
            new InterfaceView("p0", "net_af_packet0", "02:00:00:00:00:01", 1500, List.of("198.18.1.1/24"), true, 10000,
                1, 2, 3, 4, 0, 0, 0, 0),
            new InterfaceView("p1", "net_af_packet1", "02:00:00:00:00:03", 1500, List.of("198.18.2.1/24"), false, 0,
                5, 6, 7, 8, 0, 0, 0, 1));
    }

    /** What {@link #ipNeighbors} answers: a learned ARP entry, a static one, an unresolved one, an ND entry. */
    static final List<IpNeighborView> IP_NEIGHBORS = List.of(
        new IpNeighborView("198.18.1.2", "ipv4", "p0", Optional.of("02:00:00:00:00:02"), "reachable", false,
            Optional.of(3_250L), Optional.of(120L), Optional.of(3_250L)),
        new IpNeighborView("198.18.2.2", "ipv4", "p1", Optional.of("02:00:00:00:00:09"), "permanent", true,
            Optional.empty(), Optional.empty(), Optional.empty()),
        new IpNeighborView("198.18.2.7", "ipv4", "p1", Optional.empty(), "incomplete", false,
            Optional.of(400L), Optional.empty(), Optional.of(400L)),
        new IpNeighborView("2001:db8:1::2", "ipv6", "p0", Optional.of("02:00:00:00:00:02"), "stale", false,
            Optional.of(61_000L), Optional.empty(), Optional.of(31_500L)));

    @Override
    public List<IpNeighborView> ipNeighbors()
    {
        called("ipNeighbors");
        return IP_NEIGHBORS;
    }

    @Override
    public CountersView counters()
    {
        called("counters");
        return new CountersView(Map.of("no_route", 3L, "ttl_exceeded", 0L), List.of(new WorkerView(1, 0.25, 99)));
    }

    @Override
    public RoutePage routes(final RouteQuery query)
    {
        called("routes");
        queries.add(query);
        if (query.cursor().isPresent() && !query.cursor().get().equals("c1"))
        {
            throw new IllegalArgumentException("unknown cursor");
        }
        return query.cursor().isPresent() ? new RoutePage(List.of(BGP_ROUTE), Optional.empty()) :
            new RoutePage(List.of(ROUTE), Optional.of("c1"));
    }

    @Override
    public Optional<RouteView> lookup(final IpAddress address)
    {
        called("lookup " + address);
        return address.toString().startsWith("198.18.100.") ? Optional.of(ROUTE) : Optional.empty();
    }

    @Override
    public Optional<ExplanationView> explain(final IpAddress address)
    {
        called("explain " + address);
        return address.toString().startsWith("198.18.64.") ? Optional.of(withQuery(EXPLAINED, address.toString())) : Optional.empty();
    }

    @Override
    public Optional<ExplanationView> explain(final IpPrefix prefix)
    {
        called("explain " + prefix);
        return switch (prefix.toString())
        {
            case "198.18.64.0/18" -> Optional.of(EXPLAINED);
            case "198.18.99.0/24" -> Optional.of(REJECTED);
            default -> Optional.empty();
        };
    }

    private static ExplanationView withQuery(final ExplanationView view, final String query)
    {
        return new ExplanationView(query, view.prefix(), view.fib(), view.rib(), view.bgp(), view.rejected());
    }

    @Override
    public BmpStatus bmp()
    {
        called("bmp");
        return new BmpStatus(List.of(new net.junction.bgp.bmp.BmpStation.Status("198.18.0.20:11019", "connected", 1200,
            96_000, 2, 1, 0, 3, "station too slow")));
    }

    @Override
    public net.junction.bgp.rpki.RpkiValidator.Status rpki()
    {
        called("rpki");
        return new net.junction.bgp.rpki.RpkiValidator.Status(List.of(new net.junction.bgp.rpki.RpkiValidator.CacheStatus(
            "127.0.0.1:8282", 0, "synced", true, 1, 7, 42, 2, 1, 1765000000000L, 3600, 600, 7200, 1, 3, "")), 2, 1, 4);
    }

    /** The time of every canned MRT dump: 2023-11-14 22:13:20 UTC. */
    static final long MRT_TIME = 1_700_000_000L;

    /** Two routes from transit1 (198.18.2.2, AS 65001, BGP ID 198.18.0.2), one IPv4 and one IPv6. */
    static List<net.junction.bgp.rib.BgpRib.DumpedRoute> mrtRoutes()
    {
        final net.junction.bgp.wire.attribute.PathAttributes attributes = net.junction.bgp.wire.attribute.PathAttributes.of(
            net.junction.bgp.wire.attribute.PathAttribute.Origin.ORIGIN_IGP,
            new net.junction.bgp.wire.attribute.PathAttribute.AsPath(List.of(
                net.junction.bgp.wire.attribute.AsPathSegment.sequence(65001, 65010))));
        final IpAddress peer = IpAddress.parse("198.18.2.2");
        final int peerId = net.junction.routing.Ip4Address.parse("198.18.0.2").value();
        return List.of(
            new net.junction.bgp.rib.BgpRib.DumpedRoute(IpPrefix.parse("198.18.64.0/18"), "transit1", peer, 65001, peerId,
                new net.junction.bgp.rib.Path(attributes, peer, null)),
            new net.junction.bgp.rib.BgpRib.DumpedRoute(IpPrefix.parse("2001:db8:64::/48"), "transit1", peer, 65001, peerId,
                new net.junction.bgp.rib.Path(attributes, IpAddress.parse("2001:db8:2::2"), null)));
    }

    /** What {@link #mrtStatus} answers; empty: a router without BGP. */
    volatile Optional<net.junction.bgp.mrt.MrtRecorder.Status> mrt = Optional.empty();

    @Override
    public Optional<net.junction.bgp.mrt.MrtRecorder.Status> mrtStatus()
    {
        return mrt;
    }

    @Override
    public net.junction.bgp.mrt.RibDump mrtTable(final Optional<String> neighbor, final NeighborTable table)
    {
        called("mrtTable " + neighbor.orElse("loc-rib") + " " + table);
        if (neighbor.isPresent() && !neighbor.get().equals(TRANSIT.name()))
        {
            throw new NoSuchElementException("no BGP neighbor named '" + neighbor.get() + "'");
        }
        return new net.junction.bgp.mrt.RibDump(mrtRoutes(), net.junction.routing.Ip4Address.parse("198.18.0.1").value(),
            MRT_TIME);
    }

    @Override
    public List<NeighborStatus> neighbors()
    {
        called("neighbors");
        return List.of(TRANSIT);
    }

    @Override
    public RoutePage neighborRoutes(final String neighbor, final NeighborTable direction, final RouteQuery query)
    {
        known(neighbor);
        called("neighborRoutes " + neighbor + " " + direction);
        queries.add(query);
        if (NeighborTable.ADVERTISED == direction)
        {
            return new RoutePage(List.of(RouteView.advertised("198.18.200.0/24", List.of(new NextHopView(
                Optional.of("198.18.2.1"), Optional.empty())), new BgpPathView(neighbor, List.of(4200000001L), "igp",
                Optional.empty(), Optional.empty(), List.of(), "198.18.2.1"), RouteView.SOURCE_NETWORK, Optional.empty()),
                RouteView.advertised("198.18.64.0/18", List.of(new NextHopView(Optional.of("198.18.2.1"), Optional.empty())),
                    new BgpPathView(neighbor, List.of(4200000001L, 65001L, 65010L), "igp", Optional.empty(), Optional.empty(),
                        List.of("65000:100"), "198.18.2.1"), RouteView.SOURCE_NEIGHBOR, Optional.of("transit1"))),
                Optional.empty());
        }
        return new RoutePage(List.of(BGP_ROUTE), Optional.empty());
    }

    @Override
    public void resetNeighbor(final String neighbor, final boolean hard)
    {
        known(neighbor);
        called("reset " + neighbor + (hard ? " hard" : " soft"));
    }

    @Override
    public void shutdownNeighbor(final String neighbor, final String message)
    {
        known(neighbor);
        called("shutdown " + neighbor + " '" + message + "'");
    }

    @Override
    public void enableNeighbor(final String neighbor)
    {
        known(neighbor);
        called("enable " + neighbor);
    }

    /** Whether {@link #restartControlPlane} can (a control plane run apart), or says it cannot (one process). */
    volatile boolean controlRestartable;

    @Override
    public boolean restartControlPlane()
    {
        if (controlRestartable)
        {
            called("restart control");
        }
        return controlRestartable;
    }

    @Override
    public RouterEvents events()
    {
        return events;
    }

    /** The route journal the API reads; null: the router keeps none (the default). */
    volatile RouteJournal journal;

    @Override
    public Optional<RouteJournal> journal()
    {
        return Optional.ofNullable(journal);
    }

    private static void known(final String neighbor)
    {
        if (!neighbor.equals("transit1"))
        {
            throw new NoSuchElementException("no BGP neighbor named '" + neighbor + "'");
        }
    }
}
