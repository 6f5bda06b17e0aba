/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
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
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, which scripts/lib.sh installs) for
 * integration tests: it scrapes one target every second, keeps its data in the test's folder and is
 * asked through its HTTP query API ({@code /api/v1/query}). Where it runs and how its web port is
 * reached are given by the test: a plain child process on loopback ({@link #onLoopback}), or inside a
 * network namespace next to a router whose metrics listener lives there (a {@link Launcher} that
 * starts it there, and an {@link Http} that reaches its web port there).
 */
public final class PrometheusServer implements AutoCloseable
{
    public static final Path BINARY = Path.of("/usr/bin/prometheus");
    private static final long DEADLINE_MS = TimeUnit.SECONDS.toMillis(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Starts a command with its output in a log file. */
    @FunctionalInterface
    public interface Launcher
    {
        Process start(Path log, List<String> command) throws IOException;
    }

    /** One HTTP GET of Prometheus's web port. */
    @FunctionalInterface
    public interface Http
    {
        /** @throws IOException when nothing listens yet. */
        Answer get(String url) throws IOException, InterruptedException;
    }

    /** The status and body of one answer. */
    public record Answer(int status, String body)
    {
    }

    private final Path directory;
    private final Process process;
    private final Http http;
    private final String base;

    private PrometheusServer(final Path directory, final Process process, final Http http, final String base)
    {
        this.directory = directory;
        this.process = process;
        this.http = http;
        this.base = base;
    }

    /** True when the binary is installed (tests skip without it). */
    public static boolean installed()
    {
        return Files.isExecutable(BINARY);
    }

    /**
     * A child process of this JVM, web port on a free loopback port, asked with the JDK's HTTP client;
     * returns once it is ready.
     *
     * @param target {@code HOST:PORT} of the metrics endpoint to scrape.
     */
    public static PrometheusServer onLoopback(final Path directory, final String target) throws Exception
    {
        final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final Http http = url ->
        {
            final HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        };
        return start(directory, target, "127.0.0.1:" + freePort(),
            (log, command) -> new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start(),
            http);
    }

    /**
     * Start Prometheus scraping {@code target} every second and wait until it is ready.
     *
     * @param webAddress {@code HOST:PORT} its web server (and query API) listens on.
     * @param launcher   runs its command (where it must run to reach {@code target}).
     * @param http       reaches {@code webAddress}.
     */
    public static PrometheusServer start(final Path directory, final String target, final String webAddress,
        final Launcher launcher, final Http http) throws Exception
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
                  - targets: ['%s']
            """.formatted(target));
        final Process process = launcher.start(directory.resolve("prometheus.log"), List.of(BINARY.toString(),
            "--config.file=" + config,
            "--storage.tsdb.path=" + directory.resolve("data"),
            "--web.listen-address=" + webAddress,
            "--log.level=warn"));
        final PrometheusServer server = new PrometheusServer(directory, process, http, "http://" + webAddress);
        try
        {
            server.awaitReady();
        }
        catch (final Exception | AssertionError ex)
        {
            server.close();
            throw ex;
        }
        return server;
    }

    private void awaitReady() throws Exception
    {
        final long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (true)
        {
            if (!process.isAlive())
            {
                throw new AssertionError("prometheus exited with " + process.exitValue() + ": " + log());
            }
            try
            {
                if (200 == http.get(base + "/-/ready").status())
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

    /** One instant query: the HTTP status and the body. */
    public Answer query(final String expr) throws IOException, InterruptedException
    {
        return http.get(base + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    }

    /** Query until the instant vector has exactly one sample (the first scrapes take a second or two). */
    public JsonNode awaitSample(final String query) throws Exception
    {
        return awaitSample(query, sample -> true);
    }

    /**
     * Query until the instant vector has exactly one sample and {@code done} holds for it (a value the
     * next scrapes bring); fails after 90 s with the last answer and Prometheus's log.
     */
    public JsonNode awaitSample(final String query, final Predicate<JsonNode> done) throws Exception
    {
        final long deadline = System.currentTimeMillis() + DEADLINE_MS;
        String last = "";
        while (System.currentTimeMillis() < deadline)
        {
            final Answer answer = query(query);
            last = answer.body();
            final JsonNode body = JSON.readTree(last);
            assertEquals("success", body.path("status").asText(), last);
            final JsonNode result = body.path("data").path("result");
            if (result.size() == 1 && done.test(result.get(0)))
            {
                return result.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no single sample for " + query + " in " + DEADLINE_MS + " ms; last answer " + last +
            "; prometheus log: " + log());
    }

    /** A sample's value as Prometheus prints it ({@code "6"}, {@code "1234567"}). */
    public static String value(final JsonNode sample)
    {
        return sample.path("value").get(1).asText();
    }

    /** The last lines of Prometheus's own log. */
    public String log()
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

    @Override
    public void close() throws InterruptedException
    {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
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
