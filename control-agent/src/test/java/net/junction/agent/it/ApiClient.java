/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Transport;

/**
 * The router's HTTP API (docs/api.md) as a test drives it from outside the process: HTTP/1.1 on the
 * UNIX socket {@code /run/junction/NAME/api.sock} (root there is admin), with an optional
 * {@code Authorization: Bearer} token, through Jetty's client (the library the server side uses).
 * Every call is bounded; answers are kept whole (status, headers, body) for the assertions.
 */
public final class ApiClient implements AutoCloseable
{
    static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 15;

    private final HttpClient client = new HttpClient();
    private final Path socket;
    private final Optional<String> token;

    /** One answer of the API. */
    public record Answer(int status, Map<String, String> headers, String body)
    {
        /** The body as JSON, or a missing node when it is not JSON. */
        public JsonNode json()
        {
            try
            {
                return body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
            }
            catch (final JsonProcessingException ex)
            {
                return MissingNode.getInstance();
            }
        }

        public String header(final String name)
        {
            return headers.getOrDefault(name.toLowerCase(), "");
        }

        /** The {@code ETag} (the running version, quoted), or empty. */
        public String etag()
        {
            return header("etag");
        }

        /** RFC 9457: the machine-readable reason ({@code stale-version}) from {@code reason} or the tail of {@code type}. */
        String problemReason()
        {
            final JsonNode json = json();
            final String reason = json.path("reason").asText("");
            if (!reason.isEmpty())
            {
                return reason;
            }
            final String type = json.path("type").asText("");
            return type.substring(type.lastIndexOf('/') + 1);
        }

        @Override
        public String toString()
        {
            return status + " " + body;
        }
    }

    ApiClient(final Path socket, final Optional<String> token) throws Exception
    {
        this.socket = socket;
        this.token = token;
        client.setFollowRedirects(false);
        client.start();
    }

    /** Admin as root on the router's UNIX socket. */
    static ApiClient unixSocket(final String routerName) throws Exception
    {
        return new ApiClient(socketOf(routerName), Optional.empty());
    }

    /** Admin as root on router {@code routerName}'s UNIX socket, once it answers (within {@code timeout}). */
    public static ApiClient awaitUnixSocket(final String routerName, final Duration timeout) throws Exception
    {
        final ApiClient api = unixSocket(routerName);
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            try
            {
                if (Files.exists(api.socket) && 200 == api.get("/v1/status").status())
                {
                    return api;
                }
            }
            catch (final IllegalStateException notYet)
            {
                // the socket is not served yet
            }
            if (System.nanoTime() - deadline > 0)
            {
                api.close();
                throw new IllegalStateException("no API on " + api.socket + " in " + timeout);
            }
            Thread.sleep(100);
        }
    }

    static Path socketOf(final String routerName)
    {
        return Path.of("/run/junction", routerName, "api.sock");
    }

    /** The same socket, presenting {@code bearer} as its token. */
    ApiClient withToken(final String bearer) throws Exception
    {
        return new ApiClient(socket, Optional.of(bearer));
    }

    public Answer get(final String path)
    {
        return send(HttpMethod.GET, path, null);
    }

    public Answer post(final String path, final Object body)
    {
        return send(HttpMethod.POST, path, body);
    }

    Answer put(final String path, final Object body)
    {
        return send(HttpMethod.PUT, path, body);
    }

    Answer delete(final String path)
    {
        return send(HttpMethod.DELETE, path, null);
    }

    /** GET, wanting 200 (else IllegalStateException, so a wait polling it tries again); its body as JSON. */
    public JsonNode getJson(final String path)
    {
        final Answer answer = get(path);
        if (answer.status() != 200)
        {
            throw new IllegalStateException("GET " + path + ": " + answer);
        }
        return answer.json();
    }

    /**
     * @param body a JSON tree, a Map, or a String sent as is (JSON); null for none.
     */
    Answer send(final HttpMethod method, final String path, final Object body)
    {
        final Request request = client.newRequest("http://localhost" + path)
            .transport(new Transport.TCPUnix(socket))
            .method(method)
            .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        token.ifPresent(t -> request.headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + t)));
        if (null != body)
        {
            try
            {
                final String text = body instanceof String s ? s : JSON.writeValueAsString(body);
                request.body(new StringRequestContent("application/json", text, StandardCharsets.UTF_8));
            }
            catch (final JsonProcessingException ex)
            {
                throw new IllegalArgumentException(ex);
            }
        }
        try
        {
            final ContentResponse response = request.send();
            final Map<String, String> headers = new java.util.HashMap<>();
            response.getHeaders().forEach(f -> headers.put(f.getLowerCaseName(), f.getValue()));
            return new Answer(response.getStatus(), Map.copyOf(headers), response.getContentAsString());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + path, ex);
        }
        catch (final TimeoutException | ExecutionException ex)
        {
            throw new IllegalStateException(method + " " + path + " on " + socket + ": " + ex, ex);
        }
    }

    @Override
    public void close() throws Exception
    {
        client.stop();
    }
}
