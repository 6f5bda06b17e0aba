/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import net.junction.bgp.speaker.NeighborStatus;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

/**
 * What the API (and through it the CLI, the MCP server and metrics) may read from and do to a
 * running router, apart from its configuration (that is {@code ConfigLifecycle}'s). The contract
 * between {@code agent.api} and the components that run the router.
 * <p>
 * Threading: every method may be called from any thread and returns values that are immutable
 * snapshots. No method runs API work on the BGP or data-plane threads beyond a bounded read
 * command handed to their owner (at most {@link RouteQuery#MAX_LIMIT} routes per call), and none
 * of them blocks those threads.
 */
public interface RunningRouter
{
    /** @return the router as a whole. */
    RouterStatus status();

    /**
     * RIB routes (every source, installed or not) by family ({@code ipv4}, {@code ipv6}), then by
     * protocol ({@code connected}, {@code static}, {@code ebgp}, {@code ibgp}). Read at every metrics
     * scrape: answer from counts the RIB's owner keeps, never a walk of the table. The default knows no
     * protocols and gives {@link RouterStatus#ribRoutes} under protocol {@code all}.
     *
     * @return counts by family, then protocol.
     */
    default Map<String, Map<String, Long>> ribRoutesByProtocol()
    {
        final Map<String, Map<String, Long>> counts = new java.util.TreeMap<>();
        status().ribRoutes().forEach((family, routes) -> counts.put(family, Map.of("all", routes)));
        return counts;
    }

    /** @return every configured port, in file order, with its counters. */
    List<InterfaceView> interfaces();

    /** @return drop reasons and per-worker figures. */
    CountersView counters();

    /**
     * @param query which routes, and the page.
     * @return one page of the router's RIB (every source), ordered by family, then address, then length.
     * @throws IllegalArgumentException for a cursor this router did not hand out.
     */
    RoutePage routes(RouteQuery query);

    /**
     * @param address an address.
     * @return the installed route a packet to it would take (longest match), or empty.
     */
    Optional<RouteView> lookup(IpAddress address);

    /** @return the BGP neighbors in configuration order; empty without BGP. */
    List<NeighborStatus> neighbors();

    /**
     * @param neighbor  a configured BGP neighbor's name.
     * @param direction which of its tables.
     * @param query     filters and page (protocol is ignored).
     * @return one page of that table.
     * @throws NoSuchElementException when no such neighbor is configured.
     */
    RoutePage neighborRoutes(String neighbor, NeighborTable direction, RouteQuery query);

    /**
     * Hard: Cease/Administrative Reset (RFC 4486 subcode 4), the session restarts. Soft: a
     * ROUTE-REFRESH (RFC 2918) for each of its families, the session stays up; and export
     * re-sent from the Loc-RIB.
     *
     * @throws NoSuchElementException when no such neighbor is configured.
     */
    void resetNeighbor(String neighbor, boolean hard);

    /**
     * Cease/Administrative Shutdown with an RFC 8203 message; the session stays idle until
     * {@link #enableNeighbor}. Not persisted in the config: a restart of the router brings it back.
     *
     * @param message at most 255 bytes in UTF-8 (RFC 9003), may be empty.
     * @throws NoSuchElementException   when no such neighbor is configured.
     * @throws IllegalArgumentException when the message is too long.
     */
    void shutdownNeighbor(String neighbor, String message);

    /** @throws NoSuchElementException when no such neighbor is configured. */
    void enableNeighbor(String neighbor);

    /** @return where events are published; subscribe there. */
    RouterEvents events();

    /** Which table of a BGP neighbor. */
    enum NeighborTable
    {
        /** Adj-RIB-In before import policy (soft reconfiguration inbound keeps it). */
        RECEIVED,
        /** Adj-RIB-In after import policy. */
        ACCEPTED,
        /** Adj-RIB-Out: what was sent to it, after export policy. */
        ADVERTISED
    }

    /**
     * @param name                 instance name.
     * @param version              Junction's version.
     * @param uptimeSeconds        since {@code junction run} was ready.
     * @param workers              worker threads (one per configured core).
     * @param ports                configured ports.
     * @param ribRoutes            RIB routes by family ({@code ipv4}, {@code ipv6}).
     * @param fibRoutes            routes the data plane's FIB holds by family.
     * @param neighborsConfigured  BGP neighbors configured.
     * @param neighborsEstablished BGP neighbors in Established.
     */
    record RouterStatus(
        String name, String version, long uptimeSeconds, int workers, int ports, Map<String, Long> ribRoutes,
        Map<String, Long> fibRoutes, int neighborsConfigured, int neighborsEstablished)
    {
    }

    /**
     * A port and its counters since start. {@code mac} as {@code 02:00:00:00:00:01}; addresses
     * as {@code 198.18.1.1/24}.
     */
    record InterfaceView(
        String name, String device, String mac, int mtu, List<String> addresses, boolean linkUp, long speedMbps,
        long rxPackets, long rxBytes, long txPackets, long txBytes, long rxErrors, long txErrors, long rxMissed, long drops)
    {
    }

    /**
     * @param drops   every drop reason by its counter name, also those at zero.
     * @param workers one per worker.
     */
    record CountersView(Map<String, Long> drops, List<WorkerView> workers)
    {
    }

    /**
     * @param core      the CPU it is pinned to.
     * @param busyRatio share of its recent duty cycles that did work, 0..1.
     * @param packets   packets it received.
     */
    record WorkerView(int core, double busyRatio, long packets)
    {
    }

    /**
     * @param prefix   only this prefix, or with {@code longer} this prefix and every more specific one.
     * @param longer   see prefix.
     * @param family   {@code ipv4} or {@code ipv6}, or any.
     * @param protocol {@code connected}, {@code static}, {@code bgp}, or any.
     * @param limit    1..{@link #MAX_LIMIT}.
     * @param cursor   from a previous page's {@code nextCursor}, or empty for the first page.
     */
    record RouteQuery(
        Optional<IpPrefix> prefix, boolean longer, Optional<String> family, Optional<String> protocol, int limit,
        Optional<String> cursor)
    {
        public static final int MAX_LIMIT = 1000;
        public static final int DEFAULT_LIMIT = 100;

        public RouteQuery
        {
            if (limit < 1 || limit > MAX_LIMIT)
            {
                throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
            }
        }

        public static RouteQuery all(final int limit)
        {
            return new RouteQuery(Optional.empty(), false, Optional.empty(), Optional.empty(), limit, Optional.empty());
        }
    }

    /**
     * @param routes     this page.
     * @param nextCursor for the next page, or empty when this is the last.
     */
    record RoutePage(List<RouteView> routes, Optional<String> nextCursor)
    {
    }

    /**
     * @param prefix    such as {@code 198.18.100.0/24}.
     * @param protocol  {@code connected}, {@code static}, {@code ebgp}, {@code ibgp}.
     * @param distance  administrative distance.
     * @param nextHops  empty for a blackhole.
     * @param blackhole packets to it are dropped.
     * @param bgp       the BGP path, for a BGP route.
     */
    record RouteView(
        String prefix, String protocol, int distance, List<NextHopView> nextHops, boolean blackhole, Optional<BgpPathView> bgp)
    {
    }

    /**
     * @param address the gateway, or empty for a directly connected destination.
     * @param port    the port packets leave by, or empty while the gateway is unresolved.
     */
    record NextHopView(Optional<String> address, Optional<String> port)
    {
    }

    /**
     * @param neighbor    the neighbor it came from, or {@code local} for a configured network.
     * @param asPath      AS numbers in order (AS_SET members included).
     * @param origin      {@code igp}, {@code egp}, {@code incomplete}.
     * @param communities standard ({@code 65000:100}) and large ({@code 65000:1:2}) communities.
     */
    record BgpPathView(
        String neighbor, List<Long> asPath, String origin, Optional<Long> localPref, Optional<Long> med,
        List<String> communities, String nextHop)
    {
    }
}
