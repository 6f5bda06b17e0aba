/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Transport;

/**
 * A running router's HTTP API (docs/api.md) as a test reads it from outside the process: HTTP/1.1
 * on {@code /run/junction/NAME/api.sock} (root there is admin), through Jetty's client, the library
 * the server side uses. Every call is bounded.
 */
final class RouterApi implements AutoCloseable
{
    static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 15;

    private final HttpClient client = new HttpClient();
    private final Path socket;

    /** One answer: status, the ETag header (or empty) and the body. */
    record Answer(int status, String etag, String body)
    {
        JsonNode json()
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

        @Override
        public String toString()
        {
            return status + " " + body;
        }
    }

    private RouterApi(final Path socket) throws Exception
    {
        this.socket = socket;
        client.setFollowRedirects(false);
        client.start();
    }

    /** The API of router {@code name}, once its socket answers (within {@code timeout}). */
    static RouterApi of(final String name, final Duration timeout) throws Exception
    {
        final RouterApi api = new RouterApi(Path.of("/run/junction", name, "api.sock"));
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

    Answer get(final String path)
    {
        return send(HttpMethod.GET, path, null);
    }

    /** GET, wanting 200; its body as JSON. */
    JsonNode getJson(final String path)
    {
        final Answer answer = get(path);
        if (200 != answer.status())
        {
            throw new IllegalStateException("GET " + path + ": " + answer);
        }
        return answer.json();
    }

    /** POST a JSON body (a tree, a Map or a record Jackson can write). */
    Answer post(final String path, final Object body)
    {
        try
        {
            return send(HttpMethod.POST, path, JSON.writeValueAsString(body));
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalArgumentException(ex);
        }
    }

    private Answer send(final HttpMethod method, final String path, final String json)
    {
        final Request request = client.newRequest("http://localhost" + path)
            .transport(new Transport.TCPUnix(socket))
            .method(method)
            .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (null != json)
        {
            request.body(new StringRequestContent("application/json", json, StandardCharsets.UTF_8));
        }
        try
        {
            final ContentResponse response = request.send();
            final String etag = response.getHeaders().get("ETag");
            return new Answer(response.getStatus(), null == etag ? "" : etag, response.getContentAsString());
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
