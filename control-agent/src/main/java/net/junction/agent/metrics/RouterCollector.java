/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.metrics;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import net.junction.agent.journal.JournalWriter;
import net.junction.agent.router.RunningRouter;
import net.junction.agent.router.RunningRouter.CountersView;
import net.junction.agent.router.RunningRouter.InterfaceView;
import net.junction.agent.router.RunningRouter.RouterStatus;
import net.junction.agent.router.RunningRouter.WorkerView;
import net.junction.bgp.speaker.NeighborStatus;

/**
 * The router's own metrics, read from a {@link RunningRouter} at every scrape (no state is kept
 * here apart from error counts): the router, its ports, drop reasons, workers, RIB and FIB sizes,
 * BGP neighbors and the route journal's writer. Names follow the Prometheus conventions: a {@code junction_} prefix, base units in
 * the name, {@code _total} on counters (the exposition adds it to the names below).
 * <p>
 * Each source ({@code status}, {@code rib}, {@code interfaces}, {@code counters}, {@code neighbors},
 * {@code journal})
 * is read once per scrape; one that throws (the BGP thread did not answer in time) leaves its
 * families out of that scrape, counts in {@code junction_metrics_source_errors_total{source}} and is
 * logged at most once a minute, so the rest of the scrape still arrives.
 */
public final class RouterCollector implements MultiCollector
{
    /**
     * BGP FSM states as numbers, from bgpPeerState of the BGP-4 MIB (RFC 4273): idle(1), connect(2),
     * active(3), opensent(4), openconfirm(5), established(6); 0 for a state it does not name.
     */
    static final List<String> BGP_STATES = List.of("idle", "connect", "active", "opensent", "openconfirm", "established");

    private static final System.Logger LOG = System.getLogger(RouterCollector.class.getName());
    private static final long LOG_INTERVAL_NS = TimeUnit.MINUTES.toNanos(1);
    private static final List<String> SOURCES = List.of("status", "rib", "interfaces", "counters", "neighbors", "journal",
        "ip_neighbors", "fib_check", "rpki", "mrt", "bmp");
    /** ARP/ND states counted by {@code junction_ip_neighbors}, each family with every state (zeros too). */
    static final List<String> NEIGHBOR_STATES =
        List.of("reachable", "stale", "delay", "probe", "incomplete", "failed", "permanent");

    private final RunningRouter router;
    private final Map<String, AtomicLong> sourceErrors;
    private final Map<String, AtomicLong> lastLoggedNs;

    /**
     * @param router read at every scrape.
     */
    public RouterCollector(final RunningRouter router)
    {
        this.router = Objects.requireNonNull(router, "router");
        final Map<String, AtomicLong> errors = new java.util.LinkedHashMap<>();
        final Map<String, AtomicLong> logged = new java.util.HashMap<>();
        for (final String source : SOURCES)
        {
            errors.put(source, new AtomicLong());
            logged.put(source, new AtomicLong(System.nanoTime() - LOG_INTERVAL_NS));
        }
        this.sourceErrors = Map.copyOf(errors);
        this.lastLoggedNs = Map.copyOf(logged);
    }

    @Override
    public MetricSnapshots collect()
    {
        final List<MetricSnapshot> families = new ArrayList<>();
        read("status", () -> status(router.status(), families));
        read("rib", () -> rib(router.ribRoutesByProtocol(), families));
        read("interfaces", () -> interfaces(router.interfaces(), families));
        read("counters", () -> counters(router.counters(), families));
        read("neighbors", () -> neighbors(router.neighbors(), families));
        read("journal", () -> journal(router.journalCounters(), families));
        read("ip_neighbors", () -> ipNeighbors(router.ipNeighbors(), families));
        read("fib_check", () -> fibCheck(router.fibCheck(), families));
        read("rpki", () -> rpki(router.rpki(), families));
        read("mrt", () -> mrt(router.mrtStatus(), families));
        read("bmp", () -> bmp(router.bmp(), families));

        final Family errors = Family.counter("junction_metrics_source_errors",
            "Scrapes that left a source's families out because reading it failed", null);
        for (final String source : SOURCES)
        {
            errors.add(sourceErrors.get(source).get(), "source", source);
        }
        families.add(errors.build());
        return new MetricSnapshots(families);
    }

    private void read(final String source, final Runnable reader)
    {
        try
        {
            reader.run();
        }
        catch (final RuntimeException ex)
        {
            sourceErrors.get(source).incrementAndGet();
            final long nowNs = System.nanoTime();
            final AtomicLong logged = lastLoggedNs.get(source);
            final long last = logged.get();
            if (nowNs - last >= LOG_INTERVAL_NS && logged.compareAndSet(last, nowNs))
            {
                LOG.log(Level.WARNING, "metrics: reading " + source + " failed, its metrics are left out: " + ex);
            }
        }
    }

    private static void status(final RouterStatus status, final List<MetricSnapshot> families)
    {
        families.add(InfoSnapshot.builder().name("junction_router").help("The router: instance name and Junction version")
            .dataPoint(InfoDataPointSnapshot.builder().labels(Labels.of("name", status.name(), "version", status.version())).build())
            .build());
        families.add(Family.gauge("junction_router_uptime_seconds", "Seconds since the router was ready", Unit.SECONDS)
            .add(status.uptimeSeconds()).build());
        final Family fib = Family.gauge("junction_fib_routes", "Routes in the data plane's FIB", null);
        status.fibRoutes().forEach((family, routes) -> fib.add(routes, "family", family));
        families.add(fib.build());
        families.add(Family.gauge("junction_bgp_neighbors_configured", "BGP neighbors configured", null)
            .add(status.neighborsConfigured()).build());
        families.add(Family.gauge("junction_bgp_neighbors_established", "BGP neighbors in Established", null)
            .add(status.neighborsEstablished()).build());
    }

    private static void rib(final Map<String, Map<String, Long>> routes, final List<MetricSnapshot> families)
    {
        final Family rib = Family.gauge("junction_rib_routes", "Routes in the RIB (every source, installed or not)", null);
        routes.forEach((family, byProtocol) ->
            byProtocol.forEach((protocol, count) -> rib.add(count, "family", family, "protocol", protocol)));
        families.add(rib.build());
    }

    private static void interfaces(final List<InterfaceView> ports, final List<MetricSnapshot> families)
    {
        perPort(families, ports, Family.counter("junction_port_rx_packets", "Packets received", null), InterfaceView::rxPackets);
        perPort(families, ports, Family.counter("junction_port_tx_packets", "Packets sent", null), InterfaceView::txPackets);
        perPort(families, ports, Family.counter("junction_port_rx_bytes", "Bytes received", Unit.BYTES), InterfaceView::rxBytes);
        perPort(families, ports, Family.counter("junction_port_tx_bytes", "Bytes sent", Unit.BYTES), InterfaceView::txBytes);
        perPort(families, ports, Family.counter("junction_port_rx_errors", "Receive errors the port counted", null),
            InterfaceView::rxErrors);
        perPort(families, ports, Family.counter("junction_port_tx_errors", "Send errors the port counted", null),
            InterfaceView::txErrors);
        perPort(families, ports, Family.counter("junction_port_rx_missed_packets",
            "Packets the port dropped because no receive descriptor was free", null), InterfaceView::rxMissed);
        perPort(families, ports, Family.counter("junction_port_dropped_packets",
            "Packets received on the port that the router dropped (every reason)", null), InterfaceView::drops);
        perPort(families, ports, Family.gauge("junction_port_link_up", "1 when the port's link is up, else 0", null),
            port -> port.linkUp() ? 1 : 0);
        perPort(families, ports, Family.gauge("junction_port_speed_bytes",
            "Link speed in bytes per second (0 when unknown)", Unit.BYTES), port -> port.speedMbps() * 125_000L);
        perPort(families, ports, Family.gauge("junction_port_mtu_bytes", "IP MTU", Unit.BYTES), InterfaceView::mtu);
        final Family info = new Family(InfoSnapshot.builder().name("junction_port").help("A port: its device and MAC"));
        for (final InterfaceView port : ports)
        {
            info.infoPoint("port", port.name(), "device", port.device(), "mac", port.mac());
        }
        families.add(info.build());
    }

    private static void perPort(
        final List<MetricSnapshot> families, final List<InterfaceView> ports, final Family family,
        final java.util.function.ToLongFunction<InterfaceView> value)
    {
        for (final InterfaceView port : ports)
        {
            family.add(value.applyAsLong(port), "port", port.name());
        }
        families.add(family.build());
    }

    private static void counters(final CountersView counters, final List<MetricSnapshot> families)
    {
        final Family drops = Family.counter("junction_drops", "Packets the data plane dropped, by reason", null);
        counters.drops().forEach((reason, packets) -> drops.add(packets, "reason", reason));
        families.add(drops.build());
        final Family copp = Family.counter("junction_copp_packets",
            "Packets for the router by control-plane policing class, let through (passed) or over the class's rate (dropped)", null);
        counters.coppPassed().forEach((trafficClass, packets) ->
        {
            copp.add(packets, "class", trafficClass, "verdict", "passed");
            copp.add(counters.drops().getOrDefault("copp_" + trafficClass.replace('-', '_'), 0L),
                "class", trafficClass, "verdict", "dropped");
        });
        families.add(copp.build());
        final Family busy = Family.gauge("junction_worker_busy_ratio",
            "Share of a worker's recent duty cycles that did work", Unit.RATIO);
        final Family packets = Family.counter("junction_worker_rx_packets", "Packets a worker received", null);
        for (final WorkerView worker : counters.workers())
        {
            busy.add(worker.busyRatio(), "core", Integer.toString(worker.core()));
            packets.add(worker.packets(), "core", Integer.toString(worker.core()));
        }
        families.add(busy.build());
        families.add(packets.build());
    }

    private static void neighbors(final List<NeighborStatus> neighbors, final List<MetricSnapshot> families)
    {
        final Family state = Family.gauge("junction_bgp_neighbor_state",
            "BGP FSM state as in the BGP-4 MIB: 1 idle, 2 connect, 3 active, 4 opensent, 5 openconfirm, 6 established; " +
            "the state label names it", null);
        final Family info = new Family(InfoSnapshot.builder().name("junction_bgp_neighbor").help("A BGP neighbor: address and AS"));
        final Family uptime = Family.gauge("junction_bgp_neighbor_uptime_seconds", "Seconds in Established, else 0", Unit.SECONDS);
        final Family received = Family.gauge("junction_bgp_neighbor_prefixes_received",
            "Prefixes the neighbor announces now, before import policy", null);
        final Family accepted = Family.gauge("junction_bgp_neighbor_prefixes_accepted",
            "Prefixes the import policy accepted", null);
        final Family advertised = Family.gauge("junction_bgp_neighbor_prefixes_advertised",
            "Prefixes in the neighbor's Adj-RIB-Out", null);
        final Family updatesIn = Family.counter("junction_bgp_neighbor_updates_received", "UPDATE messages received", null);
        final Family updatesOut = Family.counter("junction_bgp_neighbor_updates_sent", "UPDATE messages sent", null);
        final Family flaps = Family.counter("junction_bgp_neighbor_flaps", "Times the session left Established", null);
        final Family shutdown = Family.gauge("junction_bgp_neighbor_admin_shutdown",
            "1 while an operator has shut the neighbor down (RFC 8203), else 0", null);
        for (final NeighborStatus neighbor : neighbors)
        {
            final String name = neighbor.name();
            final String fsm = neighbor.state().toLowerCase(Locale.ROOT);
            state.add(BGP_STATES.indexOf(fsm) + 1, "neighbor", name, "state", fsm);
            info.infoPoint("neighbor", name, "peer_address", neighbor.address(),
                "remote_as", Long.toString(neighbor.remoteAs()));
            uptime.add(neighbor.uptimeSeconds(), "neighbor", name);
            perFamily(received, name, neighbor.prefixesReceived());
            perFamily(accepted, name, neighbor.prefixesAccepted());
            perFamily(advertised, name, neighbor.prefixesAdvertised());
            updatesIn.add(neighbor.updatesReceived(), "neighbor", name);
            updatesOut.add(neighbor.updatesSent(), "neighbor", name);
            flaps.add(neighbor.flaps(), "neighbor", name);
            shutdown.add(neighbor.adminShutdown() ? 1 : 0, "neighbor", name);
        }
        for (final Family family : List.of(state, info, uptime, received, accepted, advertised, updatesIn, updatesOut, flaps, shutdown))
        {
            families.add(family.build());
        }
    }

    /** RPKI origin validation; no families when no RTR cache is configured. */
    private static void rpki(final net.junction.bgp.rpki.RpkiValidator.Status status, final List<MetricSnapshot> families)
    {
        if (status.caches().isEmpty())
        {
            return;
        }
        families.add(Family.gauge("junction_rpki_vrps", "VRPs in effect (the selected RTR cache's data)", null)
            .add(status.vrps4(), "family", "ipv4").add(status.vrps6(), "family", "ipv6").build());
        families.add(Family.counter("junction_rpki_changes", "Times the VRPs in effect changed", null)
            .add(status.changes()).build());
        final Family synced = Family.gauge("junction_rpki_cache_synced",
            "1 while the RTR session with the cache is synced (its last query answered), else 0; the state label names it", null);
        final Family selected = Family.gauge("junction_rpki_cache_selected", "1 for the cache whose data is in effect", null);
        final Family vrps = Family.gauge("junction_rpki_cache_vrps", "VRPs the cache's data holds", null);
        for (final net.junction.bgp.rpki.RpkiValidator.CacheStatus c : status.caches())
        {
            synced.add("synced".equals(c.state()) ? 1 : 0, "cache", c.name(), "state", c.state());
            selected.add(c.selected() ? 1 : 0, "cache", c.name());
            vrps.add(c.vrps4(), "cache", c.name(), "family", "ipv4").add(c.vrps6(), "cache", c.name(), "family", "ipv6");
        }
        families.add(synced.build());
        families.add(selected.build());
        families.add(vrps.build());
    }

    /**
     * The MRT recorder; no families when it records nothing and never did. Alert on
     * {@code increase(junction_mrt_update_dropped_records_total[10m]) > 0} and on failed table dumps.
     */
    private static void mrt(final Optional<net.junction.bgp.mrt.MrtRecorder.Status> status, final List<MetricSnapshot> families)
    {
        if (status.isEmpty() || !status.get().enabled() && status.get().tableDumps() == 0 && status.get().updateRecords() == 0)
        {
            return;
        }
        final net.junction.bgp.mrt.MrtRecorder.Status s = status.get();
        families.add(Family.gauge("junction_mrt_enabled", "1 while MRT files are recorded (bgp.mrt)", null)
            .add(s.enabled() ? 1 : 0).build());
        families.add(Family.counter("junction_mrt_table_dumps", "MRT table dumps (bview) written whole", null)
            .add(s.tableDumps()).build());
        families.add(Family.counter("junction_mrt_table_dump_bytes", "Octets of the MRT table dumps written", null)
            .add(s.tableDumpBytes()).build());
        families.add(Family.counter("junction_mrt_table_dump_failures",
            "MRT table dumps that failed: the table could not be copied, the disk refused, or the one before was still running", null)
            .add(s.tableDumpFailures()).build());
        families.add(Family.counter("junction_mrt_update_records",
            "BGP4MP records (UPDATEs received, session state changes) written to MRT update files", null)
            .add(s.updateRecords()).build());
        families.add(Family.counter("junction_mrt_update_bytes", "Octets of the BGP4MP records written", null)
            .add(s.updateBytes()).build());
        families.add(Family.counter("junction_mrt_update_dropped_records",
            "BGP4MP records dropped: the ring to the writer was full (the disk did not keep up) or no update file could be written", null)
            .add(s.updateDrops()).build());
        families.add(Family.counter("junction_mrt_update_files", "MRT update files completed (renamed into place)", null)
            .add(s.updateFiles()).build());
        families.add(Family.gauge("junction_mrt_last_error_timestamp_seconds",
            "When the MRT recorder last failed (epoch seconds; 0: never); GET /v1/mrt/status says what failed", null)
            .add(s.lastErrorEpochSeconds()).build());
    }

    /** BMP stations; no families when none is configured. */
    private static void bmp(final RunningRouter.BmpStatus status, final List<MetricSnapshot> families)
    {
        if (status.stations().isEmpty())
        {
            return;
        }
        final Family connected = Family.gauge("junction_bmp_station_connected",
            "1 while the BMP station is connected and fed, else 0; the state label names it", null);
        final Family messages = Family.counter("junction_bmp_messages_sent", "BMP messages written to the station", null);
        final Family bytes = Family.counter("junction_bmp_sent_bytes", "Octets of BMP messages written to the station", null);
        final Family connects = Family.counter("junction_bmp_connects", "Connections made to the station", null);
        final Family resyncs = Family.counter("junction_bmp_resyncs",
            "Connections dropped because the station read too slowly (its queue full), each followed by a full resync", null);
        final Family queued = Family.gauge("junction_bmp_queued_messages", "BMP messages waiting for the station", null);
        final Family skipped = Family.counter("junction_bmp_skipped_messages",
            "BMP messages not sent because they could not be encoded", null);
        for (final net.junction.bgp.bmp.BmpStation.Status s : status.stations())
        {
            connected.add("connected".equals(s.state()) ? 1 : 0, "station", s.name(), "state", s.state());
            messages.add(s.messagesSent(), "station", s.name());
            bytes.add(s.bytesSent(), "station", s.name());
            connects.add(s.connects(), "station", s.name());
            resyncs.add(s.resyncs(), "station", s.name());
            queued.add(s.queued(), "station", s.name());
            skipped.add(s.skipped(), "station", s.name());
        }
        families.add(connected.build());
        families.add(messages.build());
        families.add(bytes.build());
        families.add(connects.build());
        families.add(resyncs.build());
        families.add(queued.build());
        families.add(skipped.build());
    }

    /**
     * The route journal's writer; no families when the router keeps no journal. A dropped record is a
     * change the journal misses (the table at a time is right again from the next snapshot): alert on
     * {@code increase(junction_journal_dropped_records_total[10m]) > 0}.
     */
    private static void journal(final Optional<JournalWriter.Counters> counters, final List<MetricSnapshot> families)
    {
        if (counters.isEmpty())
        {
            return;
        }
        final JournalWriter.Counters journal = counters.get();
        families.add(Family.counter("junction_journal_appended_records",
            "Records the route journal's writer appended (route changes, commits, session events, table snapshots)", null)
            .add(journal.appended()).build());
        families.add(Family.counter("junction_journal_dropped_records",
            "Records the route journal missed: its queue was full, or the journal refused them", null)
            .add(journal.dropped()).build());
        families.add(Family.gauge("junction_journal_queued_records",
            "Records waiting for the route journal's writer, a batch of route changes counting as one", null)
            .add(journal.queued()).build());
    }

    /** The data plane's ARP (ipv4) and ND (ipv6) entries by NUD state; {@code permanent} counts the static ones. */
    private static void ipNeighbors(final List<RunningRouter.IpNeighborView> entries, final List<MetricSnapshot> families)
    {
        final Map<String, Map<String, Long>> counts = new java.util.LinkedHashMap<>();
        for (final String family : List.of("ipv4", "ipv6"))
        {
            final Map<String, Long> byState = new java.util.LinkedHashMap<>();
            NEIGHBOR_STATES.forEach(state -> byState.put(state, 0L));
            counts.put(family, byState);
        }
        for (final RunningRouter.IpNeighborView entry : entries)
        {
            counts.get(entry.family()).merge(entry.state(), 1L, Long::sum);
        }
        final Family gauge = Family.gauge("junction_ip_neighbors",
            "ARP (ipv4) and ND (ipv6) entries of the data plane by NUD state; permanent: static neighbors", null);
        counts.forEach((family, byState) -> byState.forEach((state, n) -> gauge.add(n, "family", family, "state", state)));
        families.add(gauge.build());
    }

    /**
     * The last FIB check of a control plane that took a running data plane over (the FIB read back against the
     * RIB after the resync); no families before one. Alert on {@code junction_fib_check_missing_routes > 0} or
     * {@code junction_fib_check_stale_routes > 0}.
     */
    private static void fibCheck(final Optional<RunningRouter.FibCheckView> check, final List<MetricSnapshot> families)
    {
        if (check.isEmpty())
        {
            return;
        }
        final net.junction.agent.router.FibCheck.Result result = check.get().result();
        families.add(Family.gauge("junction_fib_check_missing_routes",
            "Routes the RIB installed that the FIB lacked at the last check after a takeover", null)
            .add(result.missing()).build());
        families.add(Family.gauge("junction_fib_check_stale_routes",
            "Routes the FIB held that the RIB did not install at the last check after a takeover", null)
            .add(result.stale()).build());
        families.add(Family.gauge("junction_fib_check_differing_routes",
            "Routes the FIB and the RIB both held with other next hops at the last check after a takeover", null)
            .add(result.differing()).build());
        families.add(Family.gauge("junction_fib_check_epoch", "The FIB epoch the last check after a takeover read", null)
            .add(result.epoch()).build());
        families.add(Family.gauge("junction_fib_check_timestamp_seconds",
            "When the last check after a takeover ended, in seconds since the Unix epoch", Unit.SECONDS)
            .add(check.get().time().toEpochMilli() / 1000.0).build());
    }

    private static void perFamily(final Family family, final String neighbor, final Map<String, Long> counts)
    {
        counts.forEach((afiSafi, prefixes) -> family.add(prefixes, "neighbor", neighbor, "family", afiSafi));
    }

    /** One metric family being filled: a counter, gauge or info builder and its data points. */
    private static final class Family
    {
        private final CounterSnapshot.Builder counter;
        private final GaugeSnapshot.Builder gauge;
        private final InfoSnapshot.Builder info;

        private Family(final CounterSnapshot.Builder counter, final GaugeSnapshot.Builder gauge, final InfoSnapshot.Builder info)
        {
            this.counter = counter;
            this.gauge = gauge;
            this.info = info;
        }

        Family(final InfoSnapshot.Builder info)
        {
            this(null, null, info);
        }

        static Family counter(final String name, final String help, final Unit unit)
        {
            final CounterSnapshot.Builder builder = CounterSnapshot.builder().name(name).help(help);
            return new Family(null == unit ? builder : builder.unit(unit), null, null);
        }

        static Family gauge(final String name, final String help, final Unit unit)
        {
            final GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
            return new Family(null, null == unit ? builder : builder.unit(unit), null);
        }

        Family add(final double value, final String... labels)
        {
            if (null != counter)
            {
                counter.dataPoint(CounterDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build());
            }
            else
            {
                gauge.dataPoint(GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build());
            }
            return this;
        }

        void infoPoint(final String... labels)
        {
            info.dataPoint(InfoDataPointSnapshot.builder().labels(Labels.of(labels)).build());
        }

        MetricSnapshot build()
        {
            if (null != counter)
            {
                return counter.build();
            }
            return null != gauge ? gauge.build() : info.build();
        }
    }
}
