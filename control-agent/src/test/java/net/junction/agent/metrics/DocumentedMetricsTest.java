/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.junction.dataplane.fib.FibApplyLatency;
import org.junit.jupiter.api.Test;

/** Every junction_ metric family the server exposes is in docs/metrics.md and on the Grafana dashboard. */
class DocumentedMetricsTest
{
    private static final Path DOCS = Path.of("..", "docs", "metrics.md");
    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "junction.json");

    @Test
    void shouldDocumentAndGraphEveryFamily() throws Exception
    {
        final String text;
        try (MetricsServer server = MetricsServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new FakeRunningRouter(), new FibApplyLatency()::drainInto))
        {
            final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            text = response.body();
        }
        final List<String> families = new ArrayList<>();
        for (final String line : text.split("\n"))
        {
            if (line.startsWith("# TYPE junction_"))
            {
                families.add(line.split(" ")[2]);
            }
        }
        assertTrue(families.size() > 30, "families: " + families);

        final String docs = Files.readString(DOCS);
        final String dashboard = Files.readString(DASHBOARD);
        final List<String> undocumented = families.stream().filter(f -> !docs.contains("`" + f)).toList();
        final List<String> ungraphed = families.stream().filter(f -> !dashboard.contains(f)).toList();
        assertEquals(List.of(), undocumented, "missing from docs/metrics.md");
        assertEquals(List.of(), ungraphed, "missing from docs/grafana/junction.json");
    }
}
