/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityValidator;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.ProtocolVersions;
import net.junction.agent.mcp.JunctionMcpServer;
import net.junction.agent.mcp.RouterApi;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import reactor.core.publisher.Mono;

/**
 * MCP over streamable HTTP on the API's own listeners, at {@value #PATH} (docs/mcp.md "Over HTTP"):
 * the server of {@code junction mcp} ({@link JunctionMcpServer}, the tools of {@code RouterTools})
 * with a transport written on the API's Jetty core handlers rather than the SDK's servlet, so that
 * a message reaches MCP only after {@link ApiHandler} has identified and authorized its sender
 * (401 without a valid token, 403 for another local user, before any MCP processing) and within
 * the API's body limit (413).
 * <p>
 * One implementation of every tool: a tool calls the API in-process, as the caller of the HTTP
 * request that carried the call ({@link ApiHandler#dispatch}), routed, authorized and audited as if
 * that caller had sent the request itself. A {@code read} token calling a write tool gets the
 * API's 403 as a tool error; every write is in the audit log with the caller and the agent (the
 * request's {@code X-Junction-Agent}, else the MCP client's {@code clientInfo}).
 * <p>
 * Transport (MCP 2025-03-26 and later, "Streamable HTTP"):
 * <ul>
 * <li>{@code POST} carries one JSON-RPC message. {@code initialize} makes a session and answers
 *     {@code application/json} with its {@code Mcp-Session-Id}; any other message needs that header.
 *     A request is answered with its response as {@code application/json} (as a
 *     {@code text/event-stream} of every message when the server sent others before it);
 *     a notification or a response is answered 202.</li>
 * <li>{@code DELETE} ends the session. There is no {@code GET} stream (405): the server sends
 *     nothing unasked.</li>
 * <li>Sessions are bound to the caller that made them: another caller's request naming one is
 *     answered 404, as for an unknown, ended or expired session (the client initializes again).
 *     At most {@link ApiServer.Options#maxMcpSessions()} at once, each ending after
 *     {@link ApiServer.Options#mcpSessionIdleMs()} unused; one more is refused with 503
 *     {@code too-many-sessions}.</li>
 * <li>A request with an {@code Origin} header is refused (403): browsers send one, MCP clients do
 *     not, and no web page has any business here (DNS rebinding). An unsupported
 *     {@code MCP-Protocol-Version} is 400.</li>
 * </ul>
 */
final class McpEndpoints implements McpStreamableServerTransportProvider
{
    static final String PATH = "/mcp";
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String PROTOCOL_VERSION_HEADER = "MCP-Protocol-Version";
    private static final String CALLER = "junction.caller";
    private static final String AGENT = "junction.agent";
    private static final List<String> PROTOCOL_VERSIONS = List.of(
        ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);

    /** One client's session: the SDK's, who made it, and when it was last used. */
    private static final class Session
    {
        final McpStreamableServerSession mcp;
        final String owner;
        volatile long lastUsedMs;

        Session(final McpStreamableServerSession mcp, final String owner, final long nowMs)
        {
            this.mcp = mcp;
            this.owner = owner;
            this.lastUsedMs = nowMs;
        }
    }

    private final ApiServer.Options options;
    private final McpJsonMapper json = JunctionMcpServer.jsonMapper();
    /** No origin is allowed: any request that has one is refused. */
    private final ServerTransportSecurityValidator origins = DefaultServerTransportSecurityValidator.builder().build();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private volatile McpStreamableServerSession.Factory sessionFactory;
    private McpSyncServer server;

    McpEndpoints(final ApiServer.Options options)
    {
        this.options = options;
    }

    List<Endpoint> endpoints()
    {
        return List.of(
            Endpoint.read("POST", PATH, Role.READ, this::post),
            Endpoint.read("DELETE", PATH, Role.READ, this::delete));
    }

    /** Makes the MCP server, whose tools call the API through {@code handler}. */
    void start(final ApiHandler handler)
    {
        server = JunctionMcpServer.start(this, context -> asCaller(handler, context));
    }

    /** Ends every session and the MCP server. */
    void stop()
    {
        if (null != server)
        {
            server.close();
        }
        sessions.values().forEach(s -> s.mcp.close());
        sessions.clear();
    }

    /** @return how many sessions are open now (expired ones included until the next sweep). */
    int sessionCount()
    {
        return sessions.size();
    }

    // -------------------------------------------------------------------------------------- the API, in-process

    /** The API as the caller of the HTTP request that carried a tool call. */
    private static RouterApi asCaller(final ApiHandler handler, final McpTransportContext context)
    {
        final Caller caller = context.get(CALLER) instanceof Caller c ? c : Caller.ANONYMOUS;
        final Optional<String> header = context.get(AGENT) instanceof String a ? Optional.of(a) : Optional.empty();
        return (method, path, body, clientInfo) ->
        {
            final HttpFields.Mutable headers = HttpFields.build();
            if (null != body)
            {
                headers.put(HttpHeader.CONTENT_TYPE, "application/json");
            }
            header.or(() -> clientInfo).ifPresent(agent -> headers.put(ConfigEndpoints.AGENT_HEADER, agent));
            final Answer answer = handler.dispatch(caller, method, path, headers.asImmutable(),
                null == body ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
            return new RouterApi.Reply(answer.status(), answer.bodyText(),
                Optional.ofNullable(answer.headers().get("ETag")).map(etag -> etag.replace("\"", "")));
        };
    }

    // ------------------------------------------------------------------------------------------- endpoints

    private Answer post(final ApiRequest request) throws Exception
    {
        request.queryAllows();
        checkHeaders(request);
        final McpSchema.JSONRPCMessage message;
        try
        {
            message = McpSchema.deserializeJsonRpcMessage(json, request.bodyText());
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw ApiException.badRequest("body", "is not a JSON-RPC message: " + ex.getMessage());
        }
        if (message instanceof McpSchema.JSONRPCRequest call && McpSchema.METHOD_INITIALIZE.equals(call.method()))
        {
            return initialize(request, call);
        }
        final Session session = session(request);
        final McpTransportContext context = context(request);
        return switch (message)
        {
            case McpSchema.JSONRPCRequest call -> respond(session, call, context);
            case McpSchema.JSONRPCNotification notification ->
            {
                session.mcp.accept(notification).contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
                yield accepted();
            }
            case McpSchema.JSONRPCResponse response ->
            {
                session.mcp.accept(response).contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
                yield accepted();
            }
            default -> throw ApiException.badRequest("body", "not a JSON-RPC request, notification or response");
        };
    }

    private Answer delete(final ApiRequest request) throws Exception
    {
        request.queryAllows();
        checkHeaders(request);
        final Session session = session(request);
        sessions.remove(session.mcp.getId(), session);
        session.mcp.delete().block();
        return Answer.noContent("mcp session ended");
    }

    private Answer initialize(final ApiRequest request, final McpSchema.JSONRPCRequest call) throws IOException
    {
        final McpSchema.InitializeRequest hello;
        try
        {
            hello = json.convertValue(call.params(), new TypeRef<McpSchema.InitializeRequest>()
            {
            });
        }
        catch (final IllegalArgumentException ex)
        {
            throw ApiException.badRequest("params", "not initialize parameters: " + ex.getMessage());
        }
        if (null == hello || null == hello.protocolVersion())
        {
            throw ApiException.badRequest("params", "initialize needs protocolVersion, capabilities and clientInfo");
        }
        final McpStreamableServerSession.McpStreamableServerSessionInit init;
        synchronized (sessions)
        {
            sweep();
            if (sessions.size() >= options.maxMcpSessions())
            {
                throw new ApiException(Problem.of(503, "too-many-sessions", "too many MCP sessions are open",
                    "at most " + options.maxMcpSessions() + " MCP sessions at once; end one (DELETE " + PATH +
                        ") or wait for an idle one to expire", List.of()), Map.of("Retry-After", "60"));
            }
            init = sessionFactory.startSession(hello);
            sessions.put(init.session().getId(), new Session(init.session(), request.caller().who(), options.clock().millis()));
        }
        final McpSchema.InitializeResult result;
        try
        {
            result = init.initResult().block();
        }
        catch (final RuntimeException ex)
        {
            sessions.remove(init.session().getId());
            throw ex;
        }
        final String body = json.writeValueAsString(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, call.id(), result, null));
        return new Answer(200, body, "application/json", Map.of(SESSION_HEADER, init.session().getId()), "mcp session started");
    }

    /** Runs a request to its response, on this thread; answers every message the server sent for it. */
    private Answer respond(final Session session, final McpSchema.JSONRPCRequest call, final McpTransportContext context)
        throws IOException
    {
        final Collected collected = new Collected();
        session.mcp.responseStream(call, collected).contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
        final List<String> messages = collected.messages();
        if (messages.isEmpty())
        {
            throw new IllegalStateException("the MCP server sent no response to " + call.method());
        }
        if (messages.size() == 1)
        {
            return new Answer(200, messages.getFirst(), "application/json", Map.of(), "ok");
        }
        final StringBuilder events = new StringBuilder();
        for (final String message : messages)
        {
            events.append("event: message\ndata: ").append(message).append("\n\n");
        }
        return new Answer(200, events.toString(), "text/event-stream; charset=utf-8", Map.of(), "ok");
    }

    private static Answer accepted()
    {
        return new Answer(202, null, null, Map.of(), "accepted");
    }

    /** The checks of every message: no {@code Origin}; a protocol version the transport speaks. */
    private void checkHeaders(final ApiRequest request)
    {
        final Optional<String> origin = request.header(HttpHeader.ORIGIN);
        if (origin.isPresent())
        {
            try
            {
                origins.validateHeaders(Map.of("Origin", List.of(origin.get())));
            }
            catch (final ServerTransportSecurityException ex)
            {
                throw new ApiException(Problem.of(ex.getStatusCode(), "forbidden", "requests from web pages are not allowed",
                    "Origin: " + ex.getMessage() + "; " + PATH + " takes no requests from web pages",
                    List.of(new Problem.FieldError("Origin", "not allowed: " + origin.get()))));
            }
        }
        final Optional<String> version = request.header(PROTOCOL_VERSION_HEADER);
        if (version.isPresent() && !PROTOCOL_VERSIONS.contains(version.get()))
        {
            throw ApiException.badRequest(PROTOCOL_VERSION_HEADER,
                "'" + version.get() + "' is not one of " + String.join(", ", PROTOCOL_VERSIONS));
        }
    }

    /** @return the session the request names, if it is open and its caller made it. */
    private Session session(final ApiRequest request)
    {
        final String id = request.header(SESSION_HEADER)
            .orElseThrow(() -> ApiException.badRequest(SESSION_HEADER, "required: the id initialize answered"));
        final Session session = sessions.get(id);
        final long nowMs = options.clock().millis();
        if (null != session && expired(session, nowMs) && sessions.remove(id, session))
        {
            session.mcp.close();
        }
        if (null == session || expired(session, nowMs) || !session.owner.equals(request.caller().who()))
        {
            throw ApiException.notFound(SESSION_HEADER, "no such MCP session (unknown, ended or expired): initialize again");
        }
        session.lastUsedMs = nowMs;
        return session;
    }

    private boolean expired(final Session session, final long nowMs)
    {
        return nowMs - session.lastUsedMs > options.mcpSessionIdleMs();
    }

    private void sweep()
    {
        final long nowMs = options.clock().millis();
        for (final Iterator<Session> it = sessions.values().iterator(); it.hasNext(); )
        {
            final Session session = it.next();
            if (expired(session, nowMs))
            {
                it.remove();
                session.mcp.close();
            }
        }
    }

    private static McpTransportContext context(final ApiRequest request)
    {
        final Optional<String> agent = AuditLog.agentName(request.header(ConfigEndpoints.AGENT_HEADER).orElse(null));
        return agent.isPresent() ? McpTransportContext.create(Map.of(CALLER, request.caller(), AGENT, agent.get())) :
            McpTransportContext.create(Map.of(CALLER, request.caller()));
    }

    // ----------------------------------------------------------------------------- McpStreamableServerTransportProvider

    @Override
    public void setSessionFactory(final McpStreamableServerSession.Factory sessionFactory)
    {
        this.sessionFactory = sessionFactory;
    }

    /** Nothing to deliver: there are no listening streams, and this server announces no list changes. */
    @Override
    public Mono<Void> notifyClients(final String method, final Object params)
    {
        return Mono.empty();
    }

    @Override
    public Mono<Void> closeGracefully()
    {
        return Mono.fromRunnable(() ->
        {
            sessions.values().forEach(s -> s.mcp.close());
            sessions.clear();
        });
    }

    @Override
    public List<String> protocolVersions()
    {
        return PROTOCOL_VERSIONS;
    }

    /** The messages the server sends while it handles one request, in order; the last is the response. */
    private final class Collected implements McpStreamableServerTransport
    {
        private final List<String> messages = new ArrayList<>();

        synchronized List<String> messages()
        {
            return List.copyOf(messages);
        }

        @Override
        public Mono<Void> sendMessage(final McpSchema.JSONRPCMessage message)
        {
            return sendMessage(message, null);
        }

        @Override
        public Mono<Void> sendMessage(final McpSchema.JSONRPCMessage message, final String messageId)
        {
            return Mono.fromCallable(() -> json.writeValueAsString(message))
                .doOnNext(text ->
                {
                    synchronized (this)
                    {
                        messages.add(text);
                    }
                })
                .then();
        }

        @Override
        public <T> T unmarshalFrom(final Object data, final TypeRef<T> type)
        {
            return json.convertValue(data, type);
        }

        @Override
        public Mono<Void> closeGracefully()
        {
            return Mono.empty();
        }
    }
}
