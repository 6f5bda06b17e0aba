/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;

import net.junction.agent.config.JunctionConfig;
import net.junction.agent.journal.JournalWriter;
import net.junction.agent.journal.RouteJournal;
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

    /**
     * Why a packet to an address goes where it goes: {@link #explain(IpPrefix)} of the longest
     * installed prefix that contains it.
     *
     * @param address an address.
     * @return the explanation, or empty when no installed prefix contains the address.
     */
    Optional<ExplanationView> explain(IpAddress address);

    /**
     * Why the router holds what it holds for exactly {@code prefix}: the FIB entry (if installed),
     * every RIB candidate by source, and for BGP every candidate with the decision step it lost at
     * and every neighbor whose route import refused.
     *
     * @param prefix a prefix.
     * @return the explanation, or empty when neither the RIB nor any BGP neighbor knows the prefix.
     */
    Optional<ExplanationView> explain(IpPrefix prefix);

    /**
     * A dry run of committing {@code candidate} now: what it would do to the routes, computed without
     * touching them. The BGP part is the speaker's own ({@code BgpControl.preview}, on its event loop,
     * by the code a commit runs): per neighbor the routes its import policy would newly accept, reject or
     * change, the best paths and RIB next hops that would change, per established neighbor the routes it
     * would be sent, no longer be sent or sent otherwise, and the neighbors removed or reset. What the
     * preview does not compute (static routes, port addresses, BGP added or removed, no BGP at all) is
     * said in {@link PreviewView#notes()}, never thrown.
     *
     * @param candidate a valid candidate configuration.
     * @param firstN    how many of each kind to list, 0..{@link PreviewView#MAX_FIRST}; all are counted.
     * @return the preview.
     * @throws IllegalArgumentException naming the field when the speaker would refuse the candidate's
     *                                  {@code bgp} section, or for {@code firstN} out of range.
     * @throws UnsupportedOperationException when this router cannot preview.
     * @throws RuntimeException         when the speaker did not answer in time.
     */
    default PreviewView preview(final JunctionConfig candidate, final int firstN)
    {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not preview changes");
    }

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

    /**
     * Hand over to the next control plane (docs/dataplane.md "Two processes"): this control plane stops BGP without
     * a NOTIFICATION (the peers keep its routes by graceful restart) and exits, shortly after the caller has its
     * answer; its supervisor (systemd's {@code Restart=always}) starts the next one, of the build installed now,
     * which takes the FIB over while the data plane forwards. {@code junction restart control} does the same
     * through a signal, and starts the next one itself where no supervisor does.
     *
     * @return false when this router cannot: it runs both planes in one process ({@code junction run --one-process}), whose
     *     restart is an outage.
     */
    default boolean restartControlPlane()
    {
        return false;
    }

    /** @return where events are published; subscribe there. */
    RouterEvents events();

    /** @return the route journal, empty when the router keeps none. */
    default Optional<RouteJournal> journal()
    {
        return Optional.empty();
    }

    /**
     * What the journal writer has done: records appended, dropped (the queue was full, or the journal
     * refused them) and queued now. Read at every metrics scrape and status: a few atomic reads, never a
     * walk of the journal.
     *
     * @return the counters, empty when the router keeps no journal.
     */
    default Optional<JournalWriter.Counters> journalCounters()
    {
        return Optional.empty();
    }

    /**
     * The data plane's ARP (IPv4) and Neighbor Discovery (IPv6) entries, as {@code ip neigh} lists the kernel's:
     * IPv4 first, then by port, then by address. One read of the data plane's table (a copy made on its slow path),
     * never the BGP thread.
     *
     * @return every entry the data plane holds (state {@code none} left out); empty for a router without a data plane.
     */
    default List<IpNeighborView> ipNeighbors()
    {
        return List.of();
    }

    /**
     * The last FIB check of a control plane that took a running data plane over (docs/dataplane.md "Two processes",
     * {@link FibCheck}): the FIB read back against the RIB's installed routes once the resync ended.
     *
     * @return the last check, empty before one (a router that took nothing over never checks).
     */
    default Optional<FibCheckView> fibCheck()
    {
        return Optional.empty();
    }

    /**
     * BMP (RFC 7854): each monitoring station's connection and what it was sent.
     *
     * @param stations one per configured station.
     */
    record BmpStatus(List<net.junction.bgp.bmp.BmpStation.Status> stations)
    {
    }

    /**
     * @return the BMP stations; none when the router runs no BGP or none is configured. Read without waiting for
     *     the BGP thread.
     */
    default BmpStatus bmp()
    {
        return new BmpStatus(List.of());
    }

    /**
     * RPKI origin validation: each RTR cache's session and data, and the VRPs in effect; read without waiting for
     * the BGP thread.
     *
     * @return the status; no caches when the router runs no BGP or none is configured.
     */
    default net.junction.bgp.rpki.RpkiValidator.Status rpki()
    {
        return net.junction.bgp.rpki.RpkiValidator.Status.NONE;
    }

    /**
     * The BGP table an MRT TABLE_DUMP_V2 dump (RFC 6396 §4.3) is made of, copied on the BGP thread at one moment;
     * the caller encodes it on its own thread ({@link net.junction.bgp.mrt.RibDump#writeTo}).
     *
     * @param neighbor empty for the Loc-RIB, else a configured neighbor's name.
     * @param table    for a neighbor, {@link NeighborTable#ACCEPTED} or {@link NeighborTable#RECEIVED}.
     * @return the table.
     * @throws NoSuchElementException        when no such neighbor is configured.
     * @throws IllegalStateException         when the router runs no BGP.
     * @throws UnsupportedOperationException when this router cannot dump.
     */
    default net.junction.bgp.mrt.RibDump mrtTable(final Optional<String> neighbor, final NeighborTable table)
    {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not dump MRT");
    }

    /**
     * The MRT recorder (config {@code bgp.mrt}): files written, octets, drops, the last failure; read without waiting
     * for the BGP thread.
     *
     * @return its counters; empty when the router runs no BGP.
     */
    default Optional<net.junction.bgp.mrt.MrtRecorder.Status> mrtStatus()
    {
        return Optional.empty();
    }

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
     * @param journal              the route journal's writer: appended, dropped, queued; empty when the
     *                             router keeps no journal.
     * @param journalOff           why the router keeps no journal (turned off in the config, no state
     *                             directory, or it could not be opened, e.g. a journal of another format);
     *                             empty while it keeps one.
     */
    record RouterStatus(
        String name, String version, long uptimeSeconds, int workers, int ports, Map<String, Long> ribRoutes,
        Map<String, Long> fibRoutes, int neighborsConfigured, int neighborsEstablished,
        Optional<JournalWriter.Counters> journal, Optional<String> journalOff)
    {
        /** A router that says nothing of why it keeps no journal. */
        public RouterStatus(
            final String name, final String version, final long uptimeSeconds, final int workers, final int ports,
            final Map<String, Long> ribRoutes, final Map<String, Long> fibRoutes, final int neighborsConfigured,
            final int neighborsEstablished, final Optional<JournalWriter.Counters> journal)
        {
            this(name, version, uptimeSeconds, workers, ports, ribRoutes, fibRoutes, neighborsConfigured,
                neighborsEstablished, journal, Optional.empty());
        }

        /** A router that keeps no route journal. */
        public RouterStatus(
            final String name, final String version, final long uptimeSeconds, final int workers, final int ports,
            final Map<String, Long> ribRoutes, final Map<String, Long> fibRoutes, final int neighborsConfigured,
            final int neighborsEstablished)
        {
            this(name, version, uptimeSeconds, workers, ports, ribRoutes, fibRoutes, neighborsConfigured,
                neighborsEstablished, Optional.empty());
        }
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
     * @param coppPassed control-plane policing's packets let through, by class (the drops are {@code copp_*}).
     */
    record CountersView(Map<String, Long> drops, List<WorkerView> workers, Map<String, Long> coppPassed)
    {
        /** Counters without control-plane policing's passes. */
        public CountersView(final Map<String, Long> drops, final List<WorkerView> workers)
        {
            this(drops, workers, Map.of());
        }
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
     * A route of the RIB, or of a BGP neighbor's table.
     *
     * @param prefix      such as {@code 198.18.100.0/24}.
     * @param protocol    {@code connected}, {@code static}, {@code ebgp}, {@code ibgp}: the source of a RIB route,
     *                    or what a route received from a neighbor is in this router's RIB; empty for a route
     *                    advertised to a neighbor (see {@code source}).
     * @param distance    administrative distance, as {@code protocol}.
     * @param nextHops    empty for a blackhole; for an advertised route, the next hop it is sent with.
     * @param blackhole   packets to it are dropped.
     * @param bgp         the BGP path, for a BGP route (advertised: as sent).
     * @param source      advertised routes only: what is advertised, {@value #SOURCE_NETWORK} (a network this
     *                    router originates, {@code bgp.networks}), {@value #SOURCE_NEIGHBOR} (a path learned from
     *                    {@code learnedFrom}), or {@value #SOURCE_WITHDRAWING} (no longer in the BGP table, its
     *                    withdrawal not sent yet).
     * @param learnedFrom with {@value #SOURCE_NEIGHBOR}: the neighbor's name.
     * @param pathId      a neighbor's route with ADD-PATH (RFC 7911): its Path Identifier, as received or as sent;
     *                    empty otherwise.
     */
    record RouteView(
        String prefix, Optional<String> protocol, OptionalInt distance, List<NextHopView> nextHops, boolean blackhole,
        Optional<BgpPathView> bgp, Optional<String> source, Optional<String> learnedFrom, Optional<Long> pathId)
    {
        public static final String SOURCE_NETWORK = "network";
        public static final String SOURCE_NEIGHBOR = "neighbor";
        public static final String SOURCE_WITHDRAWING = "withdrawing";

        /** A route of the RIB, or of a neighbor's received or accepted table. */
        public RouteView(
            final String prefix, final String protocol, final int distance, final List<NextHopView> nextHops,
            final boolean blackhole, final Optional<BgpPathView> bgp)
        {
            this(prefix, Optional.of(protocol), OptionalInt.of(distance), nextHops, blackhole, bgp, Optional.empty(),
                Optional.empty(), Optional.empty());
        }

        /** With a Path Identifier (ADD-PATH), or without: empty. */
        public RouteView withPathId(final Optional<Long> id)
        {
            return new RouteView(prefix, protocol, distance, nextHops, blackhole, bgp, source, learnedFrom, id);
        }

        /** A route advertised to a neighbor: what it is rather than a protocol and a distance. */
        public static RouteView advertised(
            final String prefix, final List<NextHopView> nextHops, final BgpPathView bgp, final String source,
            final Optional<String> learnedFrom)
        {
            return new RouteView(prefix, Optional.empty(), OptionalInt.empty(), nextHops, false, Optional.of(bgp),
                Optional.of(source), learnedFrom, Optional.empty());
        }
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
     * @param rpki        the route's RPKI origin validation state (RFC 6811): {@code valid}, {@code invalid},
     *                    {@code not-found}; empty when no RPKI cache is configured, or for a path as advertised.
     */
    record BgpPathView(
        String neighbor, List<Long> asPath, String origin, Optional<Long> localPref, Optional<Long> med,
        List<String> communities, String nextHop, Optional<String> rpki)
    {
        /** A path without an RPKI state. */
        public BgpPathView(
            final String neighbor, final List<Long> asPath, final String origin, final Optional<Long> localPref,
            final Optional<Long> med, final List<String> communities, final String nextHop)
        {
            this(neighbor, asPath, origin, localPref, med, communities, nextHop, Optional.empty());
        }

        /**
         * @param state the route's RPKI state, or empty.
         * @return this path with it.
         */
        public BgpPathView withRpki(final Optional<String> state)
        {
            return new BgpPathView(neighbor, asPath, origin, localPref, med, communities, nextHop, state);
        }
    }

    /**
     * The answer of {@code explain}.
     *
     * @param query    what was asked (an address or a prefix), as given.
     * @param prefix   the prefix explained: the one asked, or the longest match of the address.
     * @param fib      what the FIB holds for the prefix; empty when no route for it is installed.
     * @param rib      every RIB route for the prefix, one per source, in source order.
     * @param bgp      the BGP decision's candidates, in the order the decision takes them.
     * @param rejected BGP routes for the prefix that import refused, one per neighbor.
     */
    record ExplanationView(
        String query, String prefix, Optional<FibEntryView> fib, List<RibCandidateView> rib, List<BgpCandidateView> bgp,
        List<BgpRejectedView> rejected)
    {
    }

    /**
     * @param prefix    the installed prefix.
     * @param protocol  the source of the installed route.
     * @param ecmp      more than one next hop, packets spread over them.
     * @param blackhole packets to it are dropped.
     * @param nextHops  where packets go.
     */
    record FibEntryView(String prefix, String protocol, boolean ecmp, boolean blackhole, List<FibNextHopView> nextHops)
    {
    }

    /**
     * @param address  the gateway, or empty for a directly connected destination.
     * @param port     the port packets leave by, or empty while the gateway is unresolved.
     * @param neighbor the gateway's ARP/ND state ({@code reachable}, {@code stale}, {@code probe},
     *                 {@code permanent}, {@code incomplete}, {@code failed}, {@code none}); empty when
     *                 there is no gateway or the data plane cannot tell.
     * @param resolved whether packets can be sent to the gateway now (its state is usable); empty as
     *                 {@code neighbor}.
     */
    record FibNextHopView(Optional<String> address, Optional<String> port, Optional<String> neighbor, Optional<Boolean> resolved)
    {
    }

    /**
     * @param protocol  {@code connected}, {@code local}, {@code static}, {@code ebgp}, {@code ibgp}.
     * @param distance  administrative distance: the lowest is installed.
     * @param metric    the source's metric.
     * @param installed whether this is the route the FIB holds.
     * @param nextHops  its next hops (unresolved gateways without a port).
     * @param blackhole packets to it would be dropped.
     */
    record RibCandidateView(String protocol, int distance, int metric, boolean installed, List<NextHopView> nextHops, boolean blackhole)
    {
    }

    /**
     * @param path         the path after import policy, as the decision compared it.
     * @param address      the neighbor's address; empty for a configured network.
     * @param external     whether the neighbor is eBGP.
     * @param best         whether the decision selected it.
     * @param lostAt       the decision step it lost at ({@code local-pref}, {@code as-path-length},
     *                     {@code origin}, {@code med}, {@code ebgp-over-ibgp}, {@code igp-cost},
     *                     {@code router-id}, {@code cluster-list-length}, {@code peer-address},
     *                     {@code next-hop-unreachable}, {@code locally-originated}); empty for the best.
     * @param multipath    whether its next hop is installed with the best's as an equal.
     * @param importPolicy the neighbor's import policy; empty when it has none.
     * @param importTerm   the term that accepted it; empty when the policy's {@code otherwise} did.
     */
    record BgpCandidateView(
        BgpPathView path, Optional<String> address, boolean external, boolean best, Optional<String> lostAt,
        boolean multipath, Optional<String> importPolicy, Optional<String> importTerm, Optional<Long> pathId)
    {
        public BgpCandidateView(
            final BgpPathView path, final Optional<String> address, final boolean external, final boolean best,
            final Optional<String> lostAt, final boolean multipath, final Optional<String> importPolicy,
            final Optional<String> importTerm)
        {
            this(path, address, external, best, lostAt, multipath, importPolicy, importTerm, Optional.empty());
        }
    }

    /**
     * @param neighbor the neighbor's name.
     * @param address  its address.
     * @param received the path as received, before policy.
     * @param reason   {@code import-policy}, {@code no-import-policy} (an eBGP neighbor without one,
     *                 RFC 8212), {@code loop}, {@code no-next-hop}.
     * @param policy   with {@code import-policy}, the policy's name.
     * @param term     with {@code import-policy}, the term that rejected it; empty when its
     *                 {@code otherwise} did.
     */
    record BgpRejectedView(
        String neighbor, String address, BgpPathView received, String reason, Optional<String> policy, Optional<String> term)
    {
    }

    /**
     * The answer of {@link #preview}: counts of each kind of change, and the first {@code first} of each
     * in prefix order (IPv4 before IPv6, then by address, then by length).
     *
     * @param first          how many of each kind are listed.
     * @param bgp            whether the BGP part was computed (the router runs BGP and the candidate keeps it).
     * @param empty          whether the candidate would change no route that the preview covers.
     * @param notes          what the preview does not cover for this candidate, one sentence each.
     * @param imports        per neighbor whose import result changes: routes newly accepted, no longer
     *                       accepted (rejected), accepted with other attributes (changed).
     * @param bestChanges    BGP best paths that change: before and after (absent: none).
     * @param exports        per established neighbor: routes it would be newly sent (announced), no longer
     *                       be sent (withdrawn), sent with other attributes (changed).
     * @param ribChanges     RIB (so FIB) entries whose BGP next hops change: before and after (empty: none).
     * @param neighborsGoing BGP neighbors the candidate removes or resets: their routes leave with their session.
     */
    record PreviewView(
        int first, boolean bgp, boolean empty, List<String> notes, List<ImportPreviewView> imports,
        RouteChangesView bestChanges, List<ExportPreviewView> exports, NextHopChangesView ribChanges,
        List<String> neighborsGoing)
    {
        public static final int DEFAULT_FIRST = 20;
        public static final int MAX_FIRST = 1000;
    }

    /**
     * @param count how many there are.
     * @param first the first of them.
     */
    record RouteChangesView(long count, List<RouteChangeView> first)
    {
        public static final RouteChangesView NONE = new RouteChangesView(0, List.of());
    }

    /**
     * @param prefix such as {@code 198.18.100.0/24}.
     * @param before the path now; absent when it is new.
     * @param after  the path after the commit; absent when it goes.
     */
    record RouteChangeView(String prefix, Optional<BgpPathView> before, Optional<BgpPathView> after)
    {
    }

    /** A neighbor's import side. */
    record ImportPreviewView(String neighbor, RouteChangesView accepted, RouteChangesView rejected, RouteChangesView changed)
    {
    }

    /** A neighbor's export side. */
    record ExportPreviewView(String neighbor, RouteChangesView announced, RouteChangesView withdrawn, RouteChangesView changed)
    {
    }

    /**
     * @param count how many there are.
     * @param first the first of them.
     */
    record NextHopChangesView(long count, List<NextHopChangeView> first)
    {
        public static final NextHopChangesView NONE = new NextHopChangesView(0, List.of());
    }

    /**
     * @param prefix the RIB entry.
     * @param before next hops installed now (empty: none).
     * @param after  next hops after the commit (empty: withdrawn).
     */
    record NextHopChangeView(String prefix, List<String> before, List<String> after)
    {
    }

    /**
     * An ARP or ND entry of the data plane (docs/dataplane.md "Neighbor aging").
     *
     * @param address        the neighbor's address.
     * @param family         {@code ipv4} (ARP) or {@code ipv6} (ND).
     * @param port           the port's name.
     * @param mac            its MAC as {@code 02:00:00:00:00:02}; empty while unresolved ({@code incomplete},
     *                       {@code failed}).
     * @param state          the NUD state: {@code reachable}, {@code stale}, {@code delay}, {@code probe},
     *                       {@code incomplete}, {@code failed}, or {@code permanent} for a static neighbor.
     * @param staticEntry    a static neighbor of the configuration ({@code neighbors:}), never aged.
     * @param confirmedAgoMs milliseconds since its reachability was last confirmed (an ARP reply, a solicited NA), or
     *                       since it was learned; empty for a static one or when the data plane does not say.
     * @param usedAgoMs      milliseconds since a packet was last forwarded to it; empty when none was.
     * @param updatedAgoMs   milliseconds since its state or MAC last changed; empty for a static one or when not known.
     */
    record IpNeighborView(
        String address, String family, String port, Optional<String> mac, String state,
        @com.fasterxml.jackson.annotation.JsonProperty("static") boolean staticEntry, Optional<Long> confirmedAgoMs,
        Optional<Long> usedAgoMs, Optional<Long> updatedAgoMs)
    {
    }

    /**
     * @param result what the check found (epoch, FIB routes per family, installed, missing, stale, differing).
     * @param time   when it ended.
     */
    record FibCheckView(FibCheck.Result result, java.time.Instant time)
    {
    }
}
