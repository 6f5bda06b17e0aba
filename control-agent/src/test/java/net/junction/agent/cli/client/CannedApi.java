/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A stand-in for the router's API in tests: an in-process Jetty server on a UNIX socket that
 * answers canned bodies by {@code METHOD PATH[?QUERY]} and records what it was asked. Unknown
 * routes answer a 404 problem, as the real API does.
 */
final class CannedApi implements AutoCloseable
{
    /** A canned answer. */
    record Answer(int status, String contentType, String body, Map<String, String> headers)
    {
        static Answer json(final String body)
        {
            return new Answer(200, "application/json", body, Map.of());
        }

        static Answer status(final int status, final String body)
        {
            return new Answer(status, "application/json", body, Map.of());
        }

        static Answer problem(final int status, final String body)
        {
            return new Answer(status, "application/problem+json", body, Map.of());
        }

        static Answer noContent()
        {
            return new Answer(204, null, "", Map.of());
        }
    }

    /** A request as the server saw it. */
    record Seen(String method, String target, String contentType, String authorization, String body)
    {
    }

    static
    {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
    }

    private final Server server = new Server();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Path socket;

    CannedApi(final Path socket) throws Exception
    {
        this.socket = socket;
        final UnixDomainServerConnector connector = new UnixDomainServerConnector(server);
        connector.setUnixDomainPath(socket);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract()
        {
            @Override
            public boolean handle(final Request request, final Response response, final Callback callback) throws Exception
            {
                final String query = request.getHttpURI().getQuery();
                final String target = request.getMethod() + " " + request.getHttpURI().getPath() +
                    (query == null ? "" : "?" + query);
                seen.add(new Seen(request.getMethod(), target.substring(target.indexOf(' ') + 1),
                    request.getHeaders().get(HttpHeader.CONTENT_TYPE), request.getHeaders().get(HttpHeader.AUTHORIZATION),
                    Content.Source.asString(request)));
                Answer answer = answers.get(target);
                if (answer == null)
                {
                    answer = answers.get(request.getMethod() + " " + request.getHttpURI().getPath());
                }
                if (answer == null)
                {
                    answer = Answer.problem(404, """
                        {"type":"about:blank","title":"Not Found","status":404,"detail":"no such route: %s","reason":"not-found","errors":[]}
                        """.formatted(target));
                }
                response.setStatus(answer.status());
                if (answer.contentType() != null)
                {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
                }
                answer.headers().forEach(response.getHeaders()::put);
                Content.Sink.write(response, true, answer.body(), callback);
                return true;
            }
        });
        server.start();
    }

    /** @param route {@code METHOD PATH} (any query) or {@code METHOD PATH?QUERY} (that query only). */
    CannedApi on(final String route, final Answer answer)
    {
        answers.put(route, answer);
        return this;
    }

    List<Seen> seen()
    {
        return seen;
    }

    Seen last()
    {
        return seen.getLast();
    }

    Path socket()
    {
        return socket;
    }

    /**
     * Serves the {@link ApiFixtures} on a socket until killed: the counterpart of {@code junction show}
     * when its start-up is measured (docs/cli.md).
     *
     * @param args the socket's path.
     */
    public static void main(final String[] args) throws Exception
    {
        final Path socket = Path.of(args[0]);
        java.nio.file.Files.deleteIfExists(socket);
        final CannedApi api = new CannedApi(socket)
            .on("GET /v1/status", Answer.json(ApiFixtures.STATUS))
            .on("GET /v1/interfaces", Answer.json(ApiFixtures.INTERFACES))
            .on("GET /v1/counters", Answer.json(ApiFixtures.COUNTERS))
            .on("GET /v1/routes", Answer.json(ApiFixtures.ROUTES_PAGE_2))
            .on("GET /v1/routes/lookup", Answer.json(ApiFixtures.ROUTE_BGP))
            .on("GET /v1/bgp/neighbors", Answer.json(ApiFixtures.NEIGHBORS))
            .on("GET /v1/bgp/neighbors/bird", Answer.json(ApiFixtures.NEIGHBOR_BIRD))
            .on("GET /v1/commits", Answer.json(ApiFixtures.COMMITS))
            .on("GET /v1/config", Answer.json(ApiFixtures.CONFIG_YAML));
        System.out.println("canned API on " + api.socket());
        Thread.currentThread().join();
    }

    @Override
    public void close() throws Exception
    {
        server.stop();
    }
}
