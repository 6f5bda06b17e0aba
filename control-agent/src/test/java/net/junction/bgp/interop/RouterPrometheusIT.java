/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import net.junction.agent.it.ApiClient;
import net.junction.agent.metrics.PrometheusServer;
import net.junction.bgp.interop.DaemonConfig.ExportPolicy;
import net.junction.bgp.interop.DaemonConfig.Neighbor;
import net.junction.bgp.interop.DaemonConfig.StaticRoute;

/**
 * Issue 10: "a real Prometheus server (Debian's {@code prometheus} package) scrapes the router in an
 * integration test and its query API returns a BGP and a port metric", against a real router:
 * {@code ./junction run} ({@link JunctionRouter}, a DPDK {@code net_af_packet} port) with
 * {@code metrics: {listen: 127.0.0.1:9108}}, an eBGP session with BIRD in a namespace up, and a
 * burst of pings through the port. Prometheus runs in the router's namespace (where the metrics
 * listener is) scraping every second; its {@code /api/v1/query} must return the neighbor as
 * established (6) with the prefix and UPDATE counts the router's API reports, and the port's
 * packet counters equal to the API's {@code /v1/interfaces/p0}.
 * <p>
 * Needs root, BIRD, prometheus, curl (Prometheus's web port is asked from inside the namespace)
 * and the built distribution; skips otherwise. DPDK spins a core: run under {@code flock /tmp/jn-dpdk.lock}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(DaemonLogsOnFailure.class)
@Timeout(120)
class RouterPrometheusIT
{
    private static final long JUNCTION_AS = 4_200_000_001L;
    private static final long BIRD_AS = 4_200_000_011L;
    private static final String METRICS = "127.0.0.1:9108";
    private static final String PROMETHEUS_WEB = "127.0.0.1:9090";
    private static final Duration T = Duration.ofSeconds(60);
    private static final int PINGS = 50;

    private Netns nsJ;
    private Netns nsBird;
    private JunctionRouter junction;
    private BirdPeer bird;
    private ApiClient api;
    private PrometheusServer prometheus;
    private long started;

    @BeforeAll
    void start(@TempDir final Path work) throws Exception
    {
        started = System.nanoTime();
        Interop.assumeCanRun(BirdPeer.BIRD, BirdPeer.BIRDC, "/usr/bin/curl");
        Assumptions.assumeTrue(PrometheusServer.installed(), "needs Debian's prometheus package");
        nsJ = Netns.create("reajct");
        nsBird = Netns.create("reabird");
        junction = new JunctionRouter(nsJ, "reaprom");
        final JunctionRouter.Port toBird = junction.link(nsBird, 11);
        // Hold time 90 s: keepalives every 30 s, so the port's counters stand still between pings.
        bird = new BirdPeer(nsBird, DaemonConfig.builder(toBird.peer4(), BIRD_AS)
            .neighbor(Neighbor.of(toBird.address4(), JUNCTION_AS).holdTime(90))
            .route(StaticRoute.of("198.18.111.0/24"))
            .route(StaticRoute.of("198.18.112.0/24"))
            .export(ExportPolicy.acceptAll())
            .build());
        bird.start();
        junction.start("""
            metrics: {listen: %s}
            bgp:
              local-as: %d
              router-id: %s
              networks: [198.18.200.0/24]
              neighbors:
                - {name: bird4, address: %s, remote-as: %d, families: [ipv4-unicast], hold-time: 90, connect-retry: 1, import: all, export: all}
              policies:
                all: {otherwise: accept}
            """.formatted(METRICS, JUNCTION_AS, toBird.address4(), toBird.peer4(), BIRD_AS));
        api = ApiClient.awaitUnixSocket("reaprom", T);
        junction.waitState("bird4", "established", T);
        bird.waitEstablished(toBird.address4(), T);
        PeerDaemon.waitFor(() -> api.getJson("/v1/bgp/neighbors/bird4").path("prefixes_accepted").path("ipv4-unicast").asLong(),
            n -> n == 2, T, "Junction accepted BIRD's 2 prefixes");
        bird.waitForRoute("198.18.200.0/24", r -> true, T);

        // Traffic through the port: pings to the router's address, answered through the exception path.
        final Netns.Result ping = nsBird.exec(Duration.ofSeconds(30), "ping", "-c", String.valueOf(PINGS), "-i", "0.01",
            "-W", "2", toBird.address4());
        assertTrue(ping.ok(), "pings through p0: " + ping);

        prometheus = PrometheusServer.start(work, METRICS, PROMETHEUS_WEB, nsJ::start, url ->
        {
            final Netns.Result curl = nsJ.exec(Duration.ofSeconds(10), "curl", "-s", "-w", "\n%{http_code}", url);
            if (!curl.ok())
            {
                throw new IOException("curl " + url + " in " + nsJ + ": exit " + curl.exitCode() + " " + curl.stderr());
            }
            final String out = curl.stdout();
            final int nl = out.lastIndexOf('\n');
            return new PrometheusServer.Answer(Integer.parseInt(out.substring(nl + 1).strip()), out.substring(0, nl));
        });
        System.out.printf("RouterPrometheusIT: router, BIRD and Prometheus up in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    void stop()
    {
        for (final AutoCloseable closeable : new AutoCloseable[]{prometheus, api, junction, bird, nsJ, nsBird})
        {
            if (null != closeable)
            {
                try
                {
                    closeable.close();
                }
                catch (final Exception ex)
                {
                    System.err.println("cleanup: " + ex);
                }
            }
        }
        System.out.printf("RouterPrometheusIT: %.1f s in all%n", (System.nanoTime() - started) / 1e9);
    }

    @Test
    void shouldServePrometheusTheBgpNeighborAndPortMetricsTheApiReports() throws Exception
    {
        assertEquals("1", PrometheusServer.value(prometheus.awaitSample("up{job=\"junction\"}")));

        final JsonNode neighbor = api.getJson("/v1/bgp/neighbors/bird4");
        assertEquals("established", neighbor.path("state").asText());
        final JsonNode state = prometheus.awaitSample("junction_bgp_neighbor_state{neighbor=\"bird4\"}");
        assertEquals("established", state.path("metric").path("state").asText(), state.toString());
        assertEquals("6", PrometheusServer.value(state));
        awaitSame("junction_bgp_neighbor_prefixes_accepted{neighbor=\"bird4\",family=\"ipv4-unicast\"}",
            () -> api.getJson("/v1/bgp/neighbors/bird4").path("prefixes_accepted").path("ipv4-unicast").asLong());
        awaitSame("junction_bgp_neighbor_prefixes_advertised{neighbor=\"bird4\",family=\"ipv4-unicast\"}",
            () -> api.getJson("/v1/bgp/neighbors/bird4").path("prefixes_advertised").path("ipv4-unicast").asLong());
        awaitSame("junction_bgp_neighbor_updates_received_total{neighbor=\"bird4\"}",
            () -> api.getJson("/v1/bgp/neighbors/bird4").path("updates_received").asLong());

        final long rx = awaitSame("junction_port_rx_packets_total{port=\"p0\"}",
            () -> api.getJson("/v1/interfaces/p0").path("rx_packets").asLong());
        final long tx = awaitSame("junction_port_tx_packets_total{port=\"p0\"}",
            () -> api.getJson("/v1/interfaces/p0").path("tx_packets").asLong());
        assertTrue(rx >= PINGS && tx >= PINGS, "the pings went through p0: rx " + rx + ", tx " + tx);
        System.out.printf("RouterPrometheusIT: Prometheus and the API agree: bird4 established, p0 rx %d tx %d packets%n", rx, tx);
        assertEquals("1", PrometheusServer.value(prometheus.awaitSample("junction_port_link_up{port=\"p0\"}")));
    }

    /**
     * Wait until Prometheus's latest sample of {@code query} equals what the router's API says now
     * (Prometheus lags by up to a scrape, a second); return that value.
     */
    private long awaitSame(final String query, final LongSupplier fromApi) throws Exception
    {
        final long[] seen = new long[1];
        final JsonNode sample = prometheus.awaitSample(query, s ->
        {
            seen[0] = fromApi.getAsLong();
            return PrometheusServer.value(s).equals(String.valueOf(seen[0]));
        });
        assertEquals(String.valueOf(seen[0]), PrometheusServer.value(sample), query);
        return seen[0];
    }
}
