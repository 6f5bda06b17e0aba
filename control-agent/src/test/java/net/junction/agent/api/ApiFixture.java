/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import net.junction.agent.commit.ConfigApplier;
import net.junction.agent.commit.ConfigLifecycle;
import net.junction.agent.config.ApiConfig;
import net.junction.agent.config.JunctionConfig;
import net.junction.agent.config.diff.ConfigDiff;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A real API server over a real {@link ConfigLifecycle} (temp state directory, recording applier)
 * and a {@link FakeRouter}, with an HTTP client for its UNIX socket and, when asked, its TLS listener.
 */
final class ApiFixture implements AutoCloseable
{
    static final int CPUS = 4;

    /** Two ports, a static route, BGP with one neighbor. */
    static final String DOCUMENT = """
        name: lab
        cores: [1]
        ports:
          - name: p0
            device: net_af_packet0
            mac: 12:00:00:00:00:01
            addresses: [198.18.1.1/24]
          - name: p1
            device: net_af_packet1
            addresses: [198.18.2.1/24]
        routes:
          - {prefix: 198.18.100.0/24, via: 198.18.2.2}
        bgp:
          local-as: 4200000001
          router-id: 198.18.0.1
          neighbors:
            - name: transit1
              address: 198.18.2.2
              remote-as: 65001
              import: all
              export: all
          policies:
            all:
              otherwise: accept
        """;

    /** Records every apply; fails while {@code failing} is set. */
    static final class RecordingApplier implements ConfigApplier
    {
        final List<JunctionConfig> applied = new ArrayList<>();
        volatile String failing;

        @Override
        public synchronized void apply(final Optional<JunctionConfig> from, final JunctionConfig to, final ConfigDiff diff)
        {
            if (null != failing)
            {
                throw new IllegalStateException(failing);
            }
            applied.add(to);
        }
    }

    /** An answer: status, headers, body text. */
    record Reply(int status, Map<String, String> headers, String body)
    {
        JsonNode json()
        {
            try
            {
                return Json.MAPPER.readTree(body);
            }
            catch (final Exception ex)
            {
                throw new AssertionError("not JSON: " + body, ex);
            }
        }

        String header(final String name)
        {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
        }

        /** The fields the problem's errors name. */
        List<String> errorFields()
        {
            final List<String> fields = new ArrayList<>();
            json().path("errors").forEach(e -> fields.add(e.path("field").asText(null)));
            return fields;
        }

        @Override
        public String toString()
        {
            return status + " " + body;
        }
    }

    final Path root;
    final Path stateDirectory;
    final Path runDirectory;
    final FakeRouter router = new FakeRouter();
    final RecordingApplier applier = new RecordingApplier();
    final ConfigLifecycle lifecycle;
    final ApiServer server;
    private final HttpClient client;

    ApiFixture(final Path root, final ApiServer.Options options, final boolean tcp) throws Exception
    {
        this.root = root;
        this.stateDirectory = root.resolve("state");
        this.runDirectory = root.resolve("run");
        lifecycle = ConfigLifecycle.open(stateDirectory,
            ConfigLifecycle.Settings.of(applier).withAvailableCpus(CPUS).withDocumentDirectory(root));
        ApiConfig config = ApiConfig.DEFAULTS;
        if (tcp)
        {
            final Path certificate = copy("test-cert.pem");
            final Path key = copy("test-key.pem");
            config = new ApiConfig(true, Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                Optional.of(new ApiConfig.Tls(certificate, key)));
        }
        server = ApiServer.start(config, runDirectory, lifecycle, router, options);
        final ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(new SslContextFactory.Client(true));
        client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.start();
    }

    static ApiFixture start(final Path root) throws Exception
    {
        return new ApiFixture(root, ApiServer.Options.defaults(), false);
    }

    private Path copy(final String resource) throws Exception
    {
        final Path target = root.resolve(resource);
        try (var in = Objects.requireNonNull(ApiFixture.class.getResourceAsStream(resource), resource))
        {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** A request on the UNIX socket (as root, the user running the tests here). */
    Reply unix(final String method, final String path, final String body, final String... headers) throws Exception
    {
        return send(client.newRequest("http://localhost" + path).transport(new Transport.TCPUnix(server.socket().orElseThrow())),
            method, body, headers);
    }

    Reply get(final String path) throws Exception
    {
        return unix("GET", path, null);
    }

    /** A GET on the UNIX socket whose body is octets (an MRT dump). */
    ContentResponse getBinary(final String path) throws Exception
    {
        return client.newRequest("http://localhost" + path).transport(new Transport.TCPUnix(server.socket().orElseThrow()))
            .timeout(10, TimeUnit.SECONDS).send();
    }

    Reply post(final String path, final String json) throws Exception
    {
        return unix("POST", path, json, "Content-Type", "application/json");
    }

    /** A request on the TLS listener with a bearer token (none when null). */
    Reply tcp(final String method, final String path, final String token, final String body) throws Exception
    {
        final InetSocketAddress address = server.tcpAddress().orElseThrow();
        final Request request = client.newRequest("https://127.0.0.1:" + address.getPort() + path);
        return null == token ? send(request, method, body) :
            send(request, method, body, "Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    private static Reply send(final Request request, final String method, final String body, final String... headers)
        throws Exception
    {
        request.method(method).timeout(10, TimeUnit.SECONDS);
        for (int i = 0; i < headers.length; i += 2)
        {
            final String name = headers[i];
            final String value = headers[i + 1];
            request.headers(h -> h.put(name, value));
        }
        if (null != body)
        {
            request.body(new StringRequestContent(body));
        }
        final ContentResponse response = request.send();
        final Map<String, String> names = new LinkedHashMap<>();
        response.getHeaders().forEach(f -> names.put(f.getName(), f.getValue()));
        return new Reply(response.getStatus(), names, response.getContentAsString());
    }

    /** A commit request body. */
    static String commitBody(final String document, final long base, final String message)
    {
        return Json.write(Map.of("document", document, "base_version", base, "message", message));
    }

    List<AuditLog.Entry> audit() throws Exception
    {
        try (AuditLog log = AuditLog.open(stateDirectory))
        {
            return log.newest(10_000);
        }
    }

    @Override
    public void close() throws Exception
    {
        client.stop();
        server.close();
        lifecycle.close();
    }
}
