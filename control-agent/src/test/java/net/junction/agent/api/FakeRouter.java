/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import net.junction.agent.router.RouterEvents;
import net.junction.agent.router.RunningRouter;
import net.junction.bgp.speaker.NeighborStatus;
import net.junction.routing.IpAddress;

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

    private void called(final String what)
    {
        calls.add(what);
        threads.add(Thread.currentThread());
    }

    @Override
    public RouterStatus status()
    {
        called("status");
        return new RouterStatus("lab", "0.1.0-test", 10, 1, 2, Map.of("ipv4", 3L, "ipv6", 1L), Map.of("ipv4", 3L, "ipv6", 1L), 1, 1);
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

    @Override
    public RouterEvents events()
    {
        return events;
    }

    private static void known(final String neighbor)
    {
        if (!neighbor.equals("transit1"))
        {
            throw new NoSuchElementException("no BGP neighbor named '" + neighbor + "'");
        }
    }
}
