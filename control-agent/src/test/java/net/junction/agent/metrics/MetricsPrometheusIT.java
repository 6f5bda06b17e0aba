/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, which scripts/lib.sh installs)
 * scrapes a {@link MetricsServer} fed by a fake router, on loopback, every second; its HTTP query API
 * must then return a BGP neighbor metric and a port metric with the fake's values. Needs the
 * {@code prometheus} binary (skipped without it); no root, no DPDK.
 */
class MetricsPrometheusIT
{
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "junction.json");
    private static final long DEADLINE_MS = TimeUnit.SECONDS.toMillis(90);

    @TempDir
    Path directory;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private MetricsServer metrics;
    private Process prometheus;

    @AfterEach
    void stop() throws InterruptedException
    {
        if (null != prometheus)
        {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS))
            {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (null != metrics)
        {
            metrics.close();
        }
    }

    @Test
    void shouldBeScrapedByPrometheusAndQueriedThroughItsApi() throws Exception
    {
        Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS),
            "needs Debian's prometheus package (scripts/lib.sh's package list installs it)");
        final FakeRunningRouter router = new FakeRunningRouter();
        metrics = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), router);
        final int webPort = freePort();
        startPrometheus(metrics.address().getPort(), webPort);

        awaitReady(webPort);
        assertEquals("1", awaitSample(webPort, "up{job=\"junction\"}").path("value").get(1).asText());

        final JsonNode neighbor = awaitSample(webPort, "junction_bgp_neighbor_state{neighbor=\"transit-a\"}");
        assertEquals("established", neighbor.path("metric").path("state").asText());
        assertEquals("6", neighbor.path("value").get(1).asText());
        final JsonNode updates = awaitSample(webPort, "junction_bgp_neighbor_updates_received_total{neighbor=\"transit-a\"}");
        assertEquals("12345", updates.path("value").get(1).asText());

        final JsonNode port = awaitSample(webPort, "junction_port_rx_packets_total{port=\"p0\"}");
        assertEquals("1234567", port.path("value").get(1).asText());
        final JsonNode link = awaitSample(webPort, "junction_port_link_up{port=\"p1\"}");
        assertEquals("0", link.path("value").get(1).asText());

        // Every query of the shipped Grafana dashboard is one this Prometheus accepts.
        for (final JsonNode panel : json.readTree(DASHBOARD.toFile()).path("panels"))
        {
            for (final JsonNode target : panel.path("targets"))
            {
                final String expr = target.path("expr").asText()
                    .replace("$instance", ".*").replace("$__rate_interval", "1m");
                final HttpResponse<String> answer = get(URI.create("http://127.0.0.1:" + webPort + "/api/v1/query?query=" +
                    URLEncoder.encode(expr, StandardCharsets.UTF_8)));
                assertEquals(200, answer.statusCode(), panel.path("title").asText() + ": " + expr + ": " + answer.body());
            }
        }
    }

    private void startPrometheus(final int targetPort, final int webPort) throws IOException
    {
        final Path config = directory.resolve("prometheus.yml");
        Files.writeString(config, """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: junction
                scrape_interval: 1s
                scrape_timeout: 1s
                static_configs:
                  - targets: ['127.0.0.1:%d']
            """.formatted(targetPort));
        prometheus = new ProcessBuilder(List.of(PROMETHEUS.toString(),
            "--config.file=" + config,
            "--storage.tsdb.path=" + directory.resolve("data"),
            "--web.listen-address=127.0.0.1:" + webPort,
            "--log.level=warn"))
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("prometheus.log").toFile())
            .start();
    }

    private void awaitReady(final int webPort) throws Exception
    {
        final long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (true)
        {
            if (!prometheus.isAlive())
            {
                throw new AssertionError("prometheus exited with " + prometheus.exitValue() + ": " + log());
            }
            try
            {
                if (200 == get(URI.create("http://127.0.0.1:" + webPort + "/-/ready")).statusCode())
                {
                    return;
                }
            }
            catch (final IOException notYet)
            {
                // not listening yet
            }
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError("prometheus not ready in " + DEADLINE_MS + " ms: " + log());
            }
            Thread.sleep(100);
        }
    }

    /** Query until the instant vector has exactly one sample (the first scrapes take a second or two). */
    private JsonNode awaitSample(final int webPort, final String query) throws Exception
    {
        final URI uri = URI.create("http://127.0.0.1:" + webPort + "/api/v1/query?query=" +
            URLEncoder.encode(query, StandardCharsets.UTF_8));
        final long deadline = System.currentTimeMillis() + DEADLINE_MS;
        String last = "";
        while (System.currentTimeMillis() < deadline)
        {
            final HttpResponse<String> response = get(uri);
            last = response.body();
            final JsonNode body = json.readTree(last);
            assertEquals("success", body.path("status").asText(), last);
            final JsonNode result = body.path("data").path("result");
            if (result.size() == 1)
            {
                return result.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no single sample for " + query + " in " + DEADLINE_MS + " ms; last answer " + last +
            "; prometheus log: " + log());
    }

    private HttpResponse<String> get(final URI uri) throws IOException, InterruptedException
    {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private String log()
    {
        try
        {
            final List<String> lines = Files.readAllLines(directory.resolve("prometheus.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }
        catch (final IOException ex)
        {
            return "(no log: " + ex.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }
}
