/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import net.junction.agent.router.RunningRouter.InterfaceView;
import net.junction.dataplane.fib.FibApplyLatency;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} served over HTTP from a fake router: the scrape text, parsed on its own, carries
 * every figure of the fake under the documented names and labels, read at scrape time.
 */
class MetricsServerTest
{
    private final FakeRunningRouter router = new FakeRunningRouter();
    private final FibApplyLatency latency = new FibApplyLatency();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MetricsServer server;

    @BeforeEach
    void start() throws IOException
    {
        server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), router, latency::drainInto);
    }

    @AfterEach
    void stop()
    {
        server.close();
    }

    @Test
    void shouldExposeEveryPortFigureUnderItsPortLabel() throws Exception
    {
        final ScrapeText scrape = scrape();
        for (final InterfaceView port : router.interfaces)
        {
            final String p = port.name();
            assertEquals(port.rxPackets(), scrape.value("junction_port_rx_packets_total", "port", p));
            assertEquals(port.txPackets(), scrape.value("junction_port_tx_packets_total", "port", p));
            assertEquals(port.rxBytes(), scrape.value("junction_port_rx_bytes_total", "port", p));
            assertEquals(port.txBytes(), scrape.value("junction_port_tx_bytes_total", "port", p));
            assertEquals(port.rxErrors(), scrape.value("junction_port_rx_errors_total", "port", p));
            assertEquals(port.txErrors(), scrape.value("junction_port_tx_errors_total", "port", p));
            assertEquals(port.rxMissed(), scrape.value("junction_port_rx_missed_packets_total", "port", p));
            assertEquals(port.drops(), scrape.value("junction_port_dropped_packets_total", "port", p));
            assertEquals(port.linkUp() ? 1.0 : 0.0, scrape.value("junction_port_link_up", "port", p));
            assertEquals(port.speedMbps() * 125_000.0, scrape.value("junction_port_speed_bytes", "port", p));
            assertEquals(port.mtu(), scrape.value("junction_port_mtu_bytes", "port", p));
            assertEquals(1.0, scrape.value("junction_port_info", "port", p, "device", port.device(), "mac", port.mac()));
        }
    }

    @Test
    void shouldExposeEveryDropReasonWorkerAndTableSize() throws Exception
    {
        final ScrapeText scrape = scrape();
        router.counters.drops().forEach((reason, packets) ->
            assertEquals(packets.doubleValue(), scrape.value("junction_drops_total", "reason", reason), reason));
        assertEquals(0.25, scrape.value("junction_worker_busy_ratio", "core", "2"));
        assertEquals(0.75, scrape.value("junction_worker_busy_ratio", "core", "3"));
        assertEquals(634_578.0, scrape.value("junction_worker_rx_packets_total", "core", "3"));
        router.ribByProtocol.forEach((family, byProtocol) -> byProtocol.forEach((protocol, routes) ->
            assertEquals(routes.doubleValue(), scrape.value("junction_rib_routes", "family", family, "protocol", protocol))));
        assertEquals(1_000_102.0, scrape.value("junction_fib_routes", "family", "ipv4"));
        assertEquals(250_001.0, scrape.value("junction_fib_routes", "family", "ipv6"));
        assertEquals(1.0, scrape.value("junction_router_info", "name", "edge-1", "version", "0.1.0-test"));
        assertEquals(3_600.0, scrape.value("junction_router_uptime_seconds"));
        assertEquals(2.0, scrape.value("junction_bgp_neighbors_configured"));
        assertEquals(1.0, scrape.value("junction_bgp_neighbors_established"));
    }

    @Test
    void shouldExposeEveryNeighborFigure() throws Exception
    {
        final ScrapeText scrape = scrape();
        assertEquals(6.0, scrape.value("junction_bgp_neighbor_state", "neighbor", "transit-a", "state", "established"));
        assertEquals(3.0, scrape.value("junction_bgp_neighbor_state", "neighbor", "peer-b", "state", "active"));
        assertEquals(1.0, scrape.value("junction_bgp_neighbor_info", "neighbor", "peer-b", "peer_address", "2001:db8:2::2",
            "remote_as", "4200000001"));
        assertEquals(1_800.0, scrape.value("junction_bgp_neighbor_uptime_seconds", "neighbor", "transit-a"));
        assertEquals(0.0, scrape.value("junction_bgp_neighbor_uptime_seconds", "neighbor", "peer-b"));
        assertEquals(1_000_100.0, scrape.value("junction_bgp_neighbor_prefixes_received", "neighbor", "transit-a",
            "family", "ipv4-unicast"));
        assertEquals(250_000.0, scrape.value("junction_bgp_neighbor_prefixes_accepted", "neighbor", "transit-a",
            "family", "ipv6-unicast"));
        assertEquals(5.0, scrape.value("junction_bgp_neighbor_prefixes_advertised", "neighbor", "transit-a",
            "family", "ipv4-unicast"));
        assertEquals(12_345.0, scrape.value("junction_bgp_neighbor_updates_received_total", "neighbor", "transit-a"));
        assertEquals(67.0, scrape.value("junction_bgp_neighbor_updates_sent_total", "neighbor", "transit-a"));
        assertEquals(2.0, scrape.value("junction_bgp_neighbor_flaps_total", "neighbor", "transit-a"));
        assertEquals(1.0, scrape.value("junction_bgp_neighbor_admin_shutdown", "neighbor", "peer-b"));
        assertEquals(0.0, scrape.value("junction_bgp_neighbor_admin_shutdown", "neighbor", "transit-a"));
    }

    @Test
    void shouldExposeTheJournalWritersCountersAndNothingWithoutAJournal() throws Exception
    {
        final ScrapeText scrape = scrape();
        assertEquals(1_250_321.0, scrape.value("junction_journal_appended_records_total"));
        assertEquals(17.0, scrape.value("junction_journal_dropped_records_total"));
        assertEquals(42.0, scrape.value("junction_journal_queued_records"));
        assertEquals(0.0, scrape.value("junction_metrics_source_errors_total", "source", "journal"));

        router.journal = Optional.empty();
        final ScrapeText without = scrape();
        assertFalse(without.has("junction_journal_appended_records_total"), "no journal, no journal families");
        assertFalse(without.has("junction_journal_dropped_records_total"));
        assertFalse(without.has("junction_journal_queued_records"));
        assertEquals(1_234_567.0, without.value("junction_port_rx_packets_total", "port", "p0"));
    }

    @Test
    void shouldCountTheArpAndNdEntriesByStateZerosToo() throws Exception
    {
        final ScrapeText scrape = scrape();
        assertEquals(2.0, scrape.value("junction_ip_neighbors", "family", "ipv4", "state", "reachable"));
        assertEquals(1.0, scrape.value("junction_ip_neighbors", "family", "ipv4", "state", "permanent"));
        assertEquals(0.0, scrape.value("junction_ip_neighbors", "family", "ipv4", "state", "stale"));
        assertEquals(1.0, scrape.value("junction_ip_neighbors", "family", "ipv6", "state", "incomplete"));
        assertEquals(0.0, scrape.value("junction_ip_neighbors", "family", "ipv6", "state", "failed"));
        assertEquals(0.0, scrape.value("junction_metrics_source_errors_total", "source", "ip_neighbors"));
    }

    @Test
    void shouldExposeTheLastFibCheckAfterATakeoverAndNothingBeforeOne() throws Exception
    {
        final ScrapeText scrape = scrape();
        assertEquals(1.0, scrape.value("junction_fib_check_missing_routes"));
        assertEquals(0.0, scrape.value("junction_fib_check_stale_routes"));
        assertEquals(2.0, scrape.value("junction_fib_check_differing_routes"));
        assertEquals(3.0, scrape.value("junction_fib_check_epoch"));
        assertEquals(java.time.Instant.parse("2026-12-07T14:00:00.500Z").toEpochMilli() / 1000.0,
            scrape.value("junction_fib_check_timestamp_seconds"));

        router.fibCheck = Optional.empty();
        final ScrapeText before = scrape();
        for (final String family : List.of("junction_fib_check_missing_routes", "junction_fib_check_stale_routes",
            "junction_fib_check_differing_routes", "junction_fib_check_epoch", "junction_fib_check_timestamp_seconds"))
        {
            assertFalse(before.has(family), family + " before any check");
        }
        assertEquals(0.0, before.value("junction_metrics_source_errors_total", "source", "fib_check"));
    }

    @Test
    void shouldExposeTheRpkiCachesAndNothingWithoutThem() throws Exception
    {
        assertFalse(scrape().has("junction_rpki_vrps"), "no caches, no RPKI families");
        router.rpki = new net.junction.bgp.rpki.RpkiValidator.Status(List.of(
            new net.junction.bgp.rpki.RpkiValidator.CacheStatus("127.0.0.1:8282", 0, "synced", true, 1, 7, 42, 500_000, 100_000,
                0, 3600, 600, 7200, 1, 3, ""),
            new net.junction.bgp.rpki.RpkiValidator.CacheStatus("127.0.0.2:8282", 1, "idle", false, 1, -1, 0, 0, 0,
                0, 3600, 600, 7200, 0, 0, "connect failed")), 500_000, 100_000, 4);
        final ScrapeText scrape = scrape();
        assertEquals(500_000.0, scrape.value("junction_rpki_vrps", "family", "ipv4"));
        assertEquals(100_000.0, scrape.value("junction_rpki_vrps", "family", "ipv6"));
        assertEquals(4.0, scrape.value("junction_rpki_changes_total"));
        assertEquals(1.0, scrape.value("junction_rpki_cache_synced", "cache", "127.0.0.1:8282", "state", "synced"));
        assertEquals(0.0, scrape.value("junction_rpki_cache_synced", "cache", "127.0.0.2:8282", "state", "idle"));
        assertEquals(1.0, scrape.value("junction_rpki_cache_selected", "cache", "127.0.0.1:8282"));
        assertEquals(100_000.0, scrape.value("junction_rpki_cache_vrps", "cache", "127.0.0.1:8282", "family", "ipv6"));
        assertEquals(0.0, scrape.value("junction_metrics_source_errors_total", "source", "rpki"));
    }

    @Test
    void shouldExposeTheMrtRecordersCountersAndNothingWhenItNeverRecorded() throws Exception
    {
        final ScrapeText scrape = scrape();
        assertEquals(1.0, scrape.value("junction_mrt_enabled"));
        assertEquals(2.0, scrape.value("junction_mrt_table_dumps_total"));
        assertEquals(4096.0, scrape.value("junction_mrt_table_dump_bytes_total"));
        assertEquals(1.0, scrape.value("junction_mrt_table_dump_failures_total"));
        assertEquals(120.0, scrape.value("junction_mrt_update_records_total"));
        assertEquals(9000.0, scrape.value("junction_mrt_update_bytes_total"));
        assertEquals(3.0, scrape.value("junction_mrt_update_dropped_records_total"));
        assertEquals(4.0, scrape.value("junction_mrt_update_files_total"));
        assertEquals(1_700_000_000.0, scrape.value("junction_mrt_last_error_timestamp_seconds"));
        router.mrt = java.util.Optional.of(new net.junction.bgp.mrt.MrtRecorder.Status(false, java.util.Optional.empty(),
            0, 0, 0, 0, 0, 0, 0, "", 0));
        assertFalse(scrape().has("junction_mrt_enabled"), "never recorded: no MRT families");
        router.mrt = java.util.Optional.empty();
        assertFalse(scrape().has("junction_mrt_enabled"), "no BGP: no MRT families");
    }

    @Test
    void shouldExposeTheBmpStationsAndNothingWithoutThem() throws Exception
    {
        assertFalse(scrape().has("junction_bmp_station_connected"), "no stations, no BMP families");
        router.bmp = new net.junction.agent.router.RunningRouter.BmpStatus(List.of(
            new net.junction.bgp.bmp.BmpStation.Status("198.18.0.20:11019", "connected", 1200, 96_000, 2, 1, 5, 3, ""),
            new net.junction.bgp.bmp.BmpStation.Status("198.18.0.21:11019", "idle", 0, 0, 0, 0, 0, 0, "refused")));
        final ScrapeText scrape = scrape();
        assertEquals(1.0, scrape.value("junction_bmp_station_connected", "station", "198.18.0.20:11019", "state", "connected"));
        assertEquals(0.0, scrape.value("junction_bmp_station_connected", "station", "198.18.0.21:11019", "state", "idle"));
        assertEquals(1200.0, scrape.value("junction_bmp_messages_sent_total", "station", "198.18.0.20:11019"));
        assertEquals(96_000.0, scrape.value("junction_bmp_sent_bytes_total", "station", "198.18.0.20:11019"));
        assertEquals(2.0, scrape.value("junction_bmp_connects_total", "station", "198.18.0.20:11019"));
        assertEquals(1.0, scrape.value("junction_bmp_resyncs_total", "station", "198.18.0.20:11019"));
        assertEquals(5.0, scrape.value("junction_bmp_queued_messages", "station", "198.18.0.20:11019"));
        assertEquals(3.0, scrape.value("junction_bmp_skipped_messages_total", "station", "198.18.0.20:11019"));
        assertEquals(0.0, scrape.value("junction_metrics_source_errors_total", "source", "bmp"));
    }

    @Test
    void shouldReadTheRouterAtEveryScrape() throws Exception
    {
        assertEquals(1_234_567.0, scrape().value("junction_port_rx_packets_total", "port", "p0"));
        final InterfaceView p0 = router.interfaces.get(0);
        router.interfaces = List.of(new InterfaceView(p0.name(), p0.device(), p0.mac(), p0.mtu(), p0.addresses(), false,
            p0.speedMbps(), p0.rxPackets() + 10, p0.rxBytes(), p0.txPackets(), p0.txBytes(), p0.rxErrors(), p0.txErrors(),
            p0.rxMissed(), p0.drops()));

        final ScrapeText scrape = scrape();
        assertEquals(1_234_577.0, scrape.value("junction_port_rx_packets_total", "port", "p0"));
        assertEquals(0.0, scrape.value("junction_port_link_up", "port", "p0"));
        assertNull(scrape.value("junction_port_link_up", "port", "p1"), "a port that is gone is gone");
    }

    @Test
    void shouldServeTheRestWhenASourceFails() throws Exception
    {
        router.neighborsFailure = new IllegalStateException("the BGP thread did not answer in 2000 ms");

        final ScrapeText scrape = scrape();
        assertEquals(1_234_567.0, scrape.value("junction_port_rx_packets_total", "port", "p0"));
        assertFalse(scrape.has("junction_bgp_neighbor_state"));
        assertEquals(1.0, scrape.value("junction_metrics_source_errors_total", "source", "neighbors"));
        assertEquals(0.0, scrape.value("junction_metrics_source_errors_total", "source", "interfaces"));
    }

    @Test
    void shouldExposeTheUpdateToFibLatency() throws Exception
    {
        assertEquals(0.0, scrape().value("junction_update_to_fib_latency_seconds_count"));
        for (int ms = 1; ms <= 100; ms++)
        {
            latency.record(TimeUnit.MILLISECONDS.toNanos(ms));
        }

        final ScrapeText scrape = scrape();
        assertEquals(100.0, scrape.value("junction_update_to_fib_latency_seconds_count"));
        assertEquals(5.05, scrape.value("junction_update_to_fib_latency_seconds_sum"), 0.01);
        assertEquals(0.050, scrape.value("junction_update_to_fib_latency_seconds", "quantile", "0.5"), 0.0001);
        assertEquals(0.090, scrape.value("junction_update_to_fib_latency_seconds", "quantile", "0.9"), 0.0001);
        assertEquals(0.099, scrape.value("junction_update_to_fib_latency_seconds", "quantile", "0.99"), 0.0001);
        assertEquals(0.100, scrape.value("junction_update_to_fib_latency_seconds", "quantile", "1.0"), 0.0001);
    }

    @Test
    void shouldExposeJvmHeapAndGarbageCollection() throws Exception
    {
        System.gc();
        final ScrapeText scrape = scrape();
        assertTrue(scrape.value("jvm_memory_used_bytes", "area", "heap") > 0);
        assertTrue(scrape.value("jvm_memory_max_bytes", "area", "heap") > 0);
        assertTrue(scrape.has("jvm_gc_collection_seconds_count"), "GC pauses: count and sum per collector");
        assertTrue(scrape.has("jvm_gc_collection_seconds_sum"));
    }

    @Test
    void shouldNegotiateOpenMetrics() throws Exception
    {
        final HttpResponse<String> open = get("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertEquals(200, open.statusCode());
        assertTrue(open.headers().firstValue("Content-Type").orElseThrow().startsWith("application/openmetrics-text"));
        assertTrue(open.body().endsWith("# EOF\n"));
        assertTrue(open.body().contains("# TYPE junction_port_rx_packets counter\n"));
        assertEquals(1_234_567.0, new ScrapeText(open.body()).value("junction_port_rx_packets_total", "port", "p0"));

        final HttpResponse<String> text = get("text/plain");
        assertTrue(text.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        assertTrue(text.body().contains("# TYPE junction_port_rx_packets_total counter\n"));
        assertNotEquals(open.body(), text.body());
    }

    private ScrapeText scrape() throws Exception
    {
        final HttpResponse<String> response = get("text/plain");
        assertEquals(200, response.statusCode(), response.body());
        return new ScrapeText(response.body());
    }

    private HttpResponse<String> get(final String accept) throws Exception
    {
        final URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics");
        return client.send(HttpRequest.newBuilder(uri).header("Accept", accept).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }
}
