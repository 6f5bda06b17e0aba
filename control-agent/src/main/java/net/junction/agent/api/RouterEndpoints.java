/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import net.junction.agent.commit.ConfigLifecycle;
import net.junction.agent.commit.PendingConfirm;
import net.junction.agent.router.RouterEvents.RouterEvent;
import net.junction.agent.router.RunningRouter;
import net.junction.agent.router.RunningRouter.NeighborTable;
import net.junction.agent.router.RunningRouter.RouteQuery;
import net.junction.bgp.mrt.RibDump;
import net.junction.bgp.mrt.RisFileNames;
import net.junction.bgp.speaker.NeighborStatus;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/**
 * The routes that read the running router and act on its BGP sessions, and the event stream.
 * Each calls {@link RunningRouter} once; its calls are bounded (a page of routes at most).
 */
final class RouterEndpoints
{
    /** RFC 9003: a shutdown communication is at most 255 bytes of UTF-8. */
    static final int MAX_SHUTDOWN_MESSAGE_BYTES = 255;

    /** {@code GET /v1/status}: the router's status, the running version and any commit awaiting confirmation. */
    record StatusView(@JsonUnwrapped RunningRouter.RouterStatus router, long runningVersion, Optional<PendingConfirm> pendingConfirm)
    {
    }

    private final RunningRouter router;
    private final ConfigLifecycle lifecycle;
    private final ApiServer.Options options;
    private final Set<EventQueue> streams = ConcurrentHashMap.newKeySet();

    RouterEndpoints(final RunningRouter router, final ConfigLifecycle lifecycle, final ApiServer.Options options)
    {
        this.router = router;
        this.lifecycle = lifecycle;
        this.options = options;
    }

    List<Endpoint> endpoints()
    {
        return List.of(
            Endpoint.read("GET", "/v1/status", Role.READ, this::status),
            Endpoint.read("GET", "/v1/interfaces", Role.READ, r -> plain(r, router::interfaces)),
            Endpoint.read("GET", "/v1/interfaces/{name}", Role.READ, this::oneInterface),
            Endpoint.read("GET", "/v1/counters", Role.READ, r -> plain(r, router::counters)),
            Endpoint.read("GET", "/v1/routes", Role.READ, this::routes),
            Endpoint.read("GET", "/v1/routes/lookup", Role.READ, this::lookup),
            Endpoint.read("GET", "/v1/routes/explain", Role.READ, this::explain),
            Endpoint.read("GET", "/v1/bgp/neighbors", Role.READ, r -> plain(r, router::neighbors)),
            Endpoint.read("GET", "/v1/bgp/neighbors/{name}", Role.READ, this::oneNeighbor),
            Endpoint.read("GET", "/v1/bgp/neighbors/{name}/routes", Role.READ, this::neighborRoutes),
            Endpoint.write("POST", "/v1/bgp/neighbors/{name}/reset", Role.OPERATE, "neighbor.reset", this::reset),
            Endpoint.write("POST", "/v1/bgp/neighbors/{name}/shutdown", Role.OPERATE, "neighbor.shutdown", this::shutdown),
            Endpoint.write("POST", "/v1/bgp/neighbors/{name}/enable", Role.OPERATE, "neighbor.enable", this::enable),
            Endpoint.write("POST", "/v1/control/restart", Role.ADMIN, "control.restart", this::restartControl),
            Endpoint.read("GET", "/v1/events", Role.READ, this::events),
            Endpoint.read("GET", "/v1/ip-neighbors", Role.READ, this::ipNeighbors),
            Endpoint.read("GET", "/v1/rpki", Role.READ, r -> plain(r, router::rpki)),
            Endpoint.read("GET", "/v1/mrt/rib", Role.READ, this::mrtRib),
            Endpoint.read("GET", "/v1/mrt/status", Role.READ, r -> plain(r, this::mrtStatus)),
            Endpoint.read("GET", "/v1/bmp", Role.READ, r -> plain(r, router::bmp)));
    }

    /** Ends every open event stream (the server is stopping). */
    void closeStreams()
    {
        streams.forEach(EventQueue::close);
    }

    /** A read that takes no parameter; {@code value} is computed after the query was checked. */
    private static Answer plain(final ApiRequest request, final Supplier<?> value)
    {
        request.queryAllows();
        return Answer.ok(value.get());
    }

    private Answer status(final ApiRequest request)
    {
        request.queryAllows();
        return Answer.ok(new StatusView(router.status(), lifecycle.runningVersion(), lifecycle.pendingConfirm()));
    }

    private Answer oneInterface(final ApiRequest request)
    {
        request.queryAllows();
        final String name = request.path("name");
        return Answer.ok(router.interfaces().stream().filter(i -> i.name().equals(name)).findFirst()
            .orElseThrow(() -> ApiException.notFound("name", "no port named '" + name + "'")));
    }

    private Answer oneNeighbor(final ApiRequest request)
    {
        request.queryAllows();
        final String name = request.path("name");
        final NeighborStatus neighbor = router.neighbors().stream().filter(n -> n.name().equals(name)).findFirst()
            .orElseThrow(() -> ApiException.notFound("name", "no BGP neighbor named '" + name + "'"));
        return Answer.ok(neighbor);
    }

    private Answer routes(final ApiRequest request)
    {
        request.queryAllows("prefix", "longer", "family", "protocol", "limit", "cursor");
        final RouteQuery query = routeQuery(request, request.queryChoice("protocol", "connected", "static", "bgp"));
        try
        {
            return Answer.ok(router.routes(query));
        }
        catch (final IllegalArgumentException ex)
        {
            throw ApiException.badRequest("cursor", "not a cursor this router handed out: " + ex.getMessage());
        }
    }

    private Answer neighborRoutes(final ApiRequest request)
    {
        request.queryAllows("table", "prefix", "longer", "family", "limit", "cursor");
        final String table = request.queryChoice("table", "received", "accepted", "advertised")
            .orElseThrow(() -> ApiException.badRequest("table", "required: received, accepted or advertised"));
        final RouteQuery query = routeQuery(request, Optional.empty());
        try
        {
            return Answer.ok(router.neighborRoutes(request.path("name"), NeighborTable.valueOf(table.toUpperCase(Locale.ROOT)), query));
        }
        catch (final IllegalArgumentException ex)
        {
            throw ApiException.badRequest("cursor", "not a cursor this router handed out: " + ex.getMessage());
        }
    }

    private static RouteQuery routeQuery(final ApiRequest request, final Optional<String> protocol)
    {
        final Optional<IpPrefix> prefix = request.query("prefix").map(RouterEndpoints::prefixParameter);
        final boolean longer = request.queryBoolean("longer", false);
        if (longer && prefix.isEmpty())
        {
            throw ApiException.badRequest("longer", "needs a prefix");
        }
        final Optional<String> family = request.queryChoice("family", "ipv4", "ipv6");
        final int limit = request.queryInt("limit", 1, RouteQuery.MAX_LIMIT, RouteQuery.DEFAULT_LIMIT);
        final Optional<String> cursor = request.query("cursor");
        if (cursor.isPresent() && cursor.get().isEmpty())
        {
            throw ApiException.badRequest("cursor", "must not be empty: leave it out for the first page");
        }
        return new RouteQuery(prefix, longer, family, protocol, limit, cursor);
    }

    private Answer lookup(final ApiRequest request)
    {
        request.queryAllows("address");
        final String text = request.query("address").orElseThrow(() -> ApiException.badRequest("address", "required"));
        return Answer.ok(router.lookup(addressParameter(text))
            .orElseThrow(() -> ApiException.notFound("address", "no route to " + text)));
    }

    /** Exactly one of {@code address} (longest match) and {@code prefix} (that prefix only). */
    private Answer explain(final ApiRequest request)
    {
        request.queryAllows("address", "prefix");
        final Optional<String> address = request.query("address");
        final Optional<String> prefix = request.query("prefix");
        if (address.isPresent() == prefix.isPresent())
        {
            throw ApiException.badRequest(address.isPresent() ? "prefix" : "address",
                "give exactly one of address (longest match) and prefix (that prefix only)");
        }
        if (address.isPresent())
        {
            final String text = address.get();
            return Answer.ok(router.explain(addressParameter(text))
                .orElseThrow(() -> ApiException.notFound("address", "no route to " + text)));
        }
        final String text = prefix.get();
        return Answer.ok(router.explain(prefixParameter(text)).orElseThrow(() -> ApiException.notFound("prefix",
            "nothing is known of " + text + ": no route in the RIB and no BGP neighbor sent it")));
    }

    /**
     * The data plane's ARP and ND entries, optionally of one family, one port, or one address (exactly). A port that
     * is not configured is a 404 naming {@code port}; an address that does not parse, or of the other family than
     * {@code family}, a 400 naming it.
     */
    private Answer ipNeighbors(final ApiRequest request)
    {
        request.queryAllows("family", "port", "address");
        final Optional<String> family = request.queryChoice("family", "ipv4", "ipv6");
        final Optional<String> port = request.query("port");
        final Optional<IpAddress> address = request.query("address").map(RouterEndpoints::addressParameter);
        if (address.isPresent() && family.isPresent() && address.get().isIpv4() != "ipv4".equals(family.get()))
        {
            throw ApiException.badRequest("address", address.get() + " is not an " + family.get() + " address");
        }
        if (port.isPresent() && router.interfaces().stream().noneMatch(i -> i.name().equals(port.get())))
        {
            throw ApiException.notFound("port", "no port named '" + port.get() + "'");
        }
        final String wanted = address.map(Object::toString).orElse(null);
        return Answer.ok(router.ipNeighbors().stream()
            .filter(n -> family.isEmpty() || n.family().equals(family.get()))
            .filter(n -> port.isEmpty() || n.port().equals(port.get()))
            .filter(n -> null == wanted || n.address().equals(wanted))
            .toList());
    }

    /**
     * An MRT TABLE_DUMP_V2 dump (RFC 6396 §4.3) of the Loc-RIB, or with {@code neighbor} of that neighbor's
     * Adj-RIB-In: {@code table=accepted} (after import policy, the default) or {@code received} (before it). The
     * table is copied on the BGP thread at one moment, then encoded here as it is sent, chunked (never held whole as
     * bytes); {@code gzip=true} compresses it ({@code bgpdump} reads both).
     */
    private Answer mrtRib(final ApiRequest request)
    {
        request.queryAllows("neighbor", "table", "gzip");
        final Optional<String> neighbor = request.query("neighbor");
        if (neighbor.isPresent() && neighbor.get().isEmpty())
        {
            throw ApiException.badRequest("neighbor", "must not be empty: leave it out for the Loc-RIB");
        }
        final Optional<String> table = request.queryChoice("table", "accepted", "received");
        if (table.isPresent() && neighbor.isEmpty())
        {
            throw ApiException.badRequest("table", "only with neighbor: the Loc-RIB is one table");
        }
        final boolean gzip = request.queryBoolean("gzip", false);
        final RibDump dump;
        try
        {
            dump = router.mrtTable(neighbor, NeighborTable.valueOf(table.orElse("accepted").toUpperCase(Locale.ROOT)));
        }
        catch (final NoSuchElementException ex)
        {
            throw ApiException.notFound("neighbor", ex.getMessage());
        }
        catch (final IllegalStateException ex)
        {
            throw new ApiException(Problem.of(409, "no-bgp", "this router runs no BGP", ex.getMessage(),
                List.of(new Problem.FieldError("neighbor", ex.getMessage()))), Map.of());
        }
        final String file = RisFileNames.bview(dump.timestampSeconds()) + (gzip ? ".gz" : "");
        return Answer.binary(gzip ? "application/gzip" : "application/octet-stream",
            Map.of("Content-Disposition", "attachment; filename=\"" + file + "\""), out ->
            {
                if (gzip)
                {
                    final GZIPOutputStream compressed = new GZIPOutputStream(out, ApiHandler.BINARY_BUFFER_BYTES);
                    dump.writeTo(compressed);
                    compressed.finish();
                }
                else
                {
                    dump.writeTo(out);
                }
            });
    }

    /**
     * {@code GET /v1/mrt/status}: what the MRT recorder (config {@code bgp.mrt}) wrote and dropped, and its last failure.
     *
     * @param enabled                 whether it records now.
     * @param directory               where, when it does.
     * @param lastErrorEpochSeconds   0 when it never failed.
     */
    record MrtStatusView(boolean enabled, Optional<String> directory, long tableDumps, long tableDumpBytes,
                         long tableDumpFailures, long updateRecords, long updateBytes, long updateDrops, long updateFiles,
                         String lastError, long lastErrorEpochSeconds)
    {
    }

    private MrtStatusView mrtStatus()
    {
        final net.junction.bgp.mrt.MrtRecorder.Status s = router.mrtStatus().orElse(new net.junction.bgp.mrt.MrtRecorder.Status(
            false, Optional.empty(), 0, 0, 0, 0, 0, 0, 0, "", 0));
        return new MrtStatusView(s.enabled(), s.directory().map(Object::toString), s.tableDumps(), s.tableDumpBytes(),
            s.tableDumpFailures(), s.updateRecords(), s.updateBytes(), s.updateDrops(), s.updateFiles(), s.lastError(),
            s.lastErrorEpochSeconds());
    }

    /** The query parameter {@code address}, or a 400 problem naming it. */
    private static IpAddress addressParameter(final String text)
    {
        try
        {
            return IpAddress.parse(text);
        }
        catch (final RuntimeException ex)
        {
            throw ApiException.badRequest("address", "'" + text + "' is not an IPv4 or IPv6 address");
        }
    }

    /** The query parameter {@code prefix}, or a 400 problem naming it. */
    static IpPrefix prefixParameter(final String text)
    {
        try
        {
            return IpPrefix.parse(text);
        }
        catch (final RuntimeException ex)
        {
            throw ApiException.badRequest("prefix", "'" + text + "' is not an IPv4 or IPv6 prefix without host bits");
        }
    }

    private Answer reset(final ApiRequest request) throws IOException
    {
        request.queryAllows();
        final boolean hard = request.jsonBody("hard").bool("hard").orElse(true);
        router.resetNeighbor(request.path("name"), hard);
        return Answer.noContent((hard ? "hard" : "soft") + " reset of " + request.path("name"));
    }

    private Answer shutdown(final ApiRequest request) throws IOException
    {
        request.queryAllows();
        final String message = request.jsonBody("message").string("message").orElse("");
        if (message.getBytes(StandardCharsets.UTF_8).length > MAX_SHUTDOWN_MESSAGE_BYTES)
        {
            throw ApiException.badRequest("message", "at most " + MAX_SHUTDOWN_MESSAGE_BYTES + " bytes of UTF-8 (RFC 9003)");
        }
        try
        {
            router.shutdownNeighbor(request.path("name"), message);
        }
        catch (final IllegalArgumentException ex)
        {
            throw ApiException.badRequest("message", ex.getMessage());
        }
        return Answer.noContent("shutdown of " + request.path("name") + (message.isEmpty() ? "" : ": " + message));
    }

    private Answer enable(final ApiRequest request) throws IOException
    {
        request.queryAllows();
        request.jsonBody();
        router.enableNeighbor(request.path("name"));
        return Answer.noContent("enable of " + request.path("name"));
    }

    /**
     * The planned restart of the control plane (a router run as two processes): 202 with this process's pid, then
     * the hand-over; 409 for a router in one process.
     */
    private Answer restartControl(final ApiRequest request) throws IOException
    {
        request.queryAllows();
        request.jsonBody();
        if (!router.restartControlPlane())
        {
            throw new ApiException(Problem.of(409, "one-process", "this router cannot restart its control plane alone",
                "it runs both planes in one process (junction run --one-process), where a restart stops forwarding; " +
                    "run it with junction run, or as junction dataplane and junction control (docs/dataplane.md \"Two processes\")", List.of()));
        }
        final long pid = ProcessHandle.current().pid();
        return new Answer(202, Map.of("restarting", true, "pid", pid), null, Map.of(),
            "control plane pid " + pid + " hands over");
    }

    // ------------------------------------------------------------------------------------- events

    /**
     * Server-sent events until the client goes or the server stops: each {@code RouterEvent} as
     * {@code event: TYPE} and {@code data: JSON}; {@code event: dropped} with the count when the
     * client's queue overflowed; a comment line as keep-alive when nothing happened for a while.
     */
    private Answer events(final ApiRequest request) throws Exception
    {
        request.queryAllows();
        if (streams.size() >= ApiServer.MAX_EVENT_STREAMS)
        {
            throw new ApiException(Problem.of(503, "too-many-streams", "too many event streams are open",
                "at most " + ApiServer.MAX_EVENT_STREAMS + " event streams at once; close one and retry", List.of()),
                Map.of("Retry-After", "5"));
        }
        final EventQueue queue = new EventQueue(options.eventQueueCapacity());
        final Response response = request.response();
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        streams.add(queue);
        try (AutoCloseable ignored = router.events().subscribe(queue))
        {
            write(response, ": junction events\n\n");
            while (true)
            {
                final EventQueue.Batch batch = queue.take(options.keepAliveMs());
                if (null == batch)
                {
                    return Answer.STREAMED;
                }
                final StringBuilder text = new StringBuilder();
                if (batch.dropped() > 0)
                {
                    text.append("event: dropped\ndata: ").append(Json.write(Map.of("count", batch.dropped()))).append("\n\n");
                }
                for (final RouterEvent event : batch.events())
                {
                    text.append("event: ").append(event.type()).append("\ndata: ").append(Json.write(event)).append("\n\n");
                }
                if (text.isEmpty())
                {
                    text.append(": keep-alive\n\n");
                }
                write(response, text.toString());
            }
        }
        catch (final IOException gone)
        {
            // the client went away
            return Answer.STREAMED;
        }
        finally
        {
            streams.remove(queue);
            queue.close();
        }
    }

    private static void write(final Response response, final String text) throws IOException
    {
        try (Blocker.Callback callback = Blocker.callback())
        {
            response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
            callback.block();
        }
    }
}
