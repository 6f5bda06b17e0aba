/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server ({@link PrometheusServer}) scrapes a {@link MetricsServer} fed by a fake
 * router, on loopback, every second; its HTTP query API must then return a BGP neighbor metric and a
 * port metric with the fake's values, and accept every query of the shipped Grafana dashboard. Needs
 * the {@code prometheus} binary (skipped without it); no root, no DPDK. The same against a real
 * router, BGP peer and traffic is {@code net.junction.bgp.interop.RouterPrometheusIT}.
 */
class MetricsPrometheusIT
{
    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "junction.json");

    @TempDir
    Path directory;

    private MetricsServer metrics;
    private PrometheusServer prometheus;

    @AfterEach
    void stop() throws InterruptedException
    {
        if (null != prometheus)
        {
            prometheus.close();
        }
        if (null != metrics)
        {
            metrics.close();
        }
    }

    @Test
    void shouldBeScrapedByPrometheusAndQueriedThroughItsApi() throws Exception
    {
        Assumptions.assumeTrue(PrometheusServer.installed(),
            "needs Debian's prometheus package (scripts/lib.sh's package list installs it)");
        final FakeRunningRouter router = new FakeRunningRouter();
        metrics = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), router);
        prometheus = PrometheusServer.onLoopback(directory, "127.0.0.1:" + metrics.address().getPort());

        assertEquals("1", PrometheusServer.value(prometheus.awaitSample("up{job=\"junction\"}")));

        final JsonNode neighbor = prometheus.awaitSample("junction_bgp_neighbor_state{neighbor=\"transit-a\"}");
        assertEquals("established", neighbor.path("metric").path("state").asText());
        assertEquals("6", PrometheusServer.value(neighbor));
        assertEquals("12345", PrometheusServer.value(
            prometheus.awaitSample("junction_bgp_neighbor_updates_received_total{neighbor=\"transit-a\"}")));

        assertEquals("1234567", PrometheusServer.value(prometheus.awaitSample("junction_port_rx_packets_total{port=\"p0\"}")));
        assertEquals("0", PrometheusServer.value(prometheus.awaitSample("junction_port_link_up{port=\"p1\"}")));

        // Every query of the shipped Grafana dashboard is one this Prometheus accepts.
        for (final JsonNode panel : new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels"))
        {
            for (final JsonNode target : panel.path("targets"))
            {
                final String expr = target.path("expr").asText()
                    .replace("$instance", ".*").replace("$__rate_interval", "1m");
                final PrometheusServer.Answer answer = prometheus.query(expr);
                assertEquals(200, answer.status(), panel.path("title").asText() + ": " + expr + ": " + answer.body());
            }
        }
    }
}
