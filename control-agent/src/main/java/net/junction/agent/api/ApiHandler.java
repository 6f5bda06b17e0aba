/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.UserPrincipal;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import net.junction.agent.commit.CommitRefusedException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The one Jetty handler of the API: finds the endpoint, identifies and authorizes the caller,
 * runs the endpoint, turns every failure into an RFC 9457 problem, and records writes and
 * refusals in the audit log before the answer leaves.
 * <p>
 * Who the caller is: on the UNIX socket, the peer's credentials ({@code SO_PEERCRED}, read from
 * the connection's channel): the configured admin user (uid 0) is {@code admin}, any other user
 * is refused; on TCP, {@code Authorization: Bearer TOKEN} looked up in the {@link TokenStore}.
 * <p>
 * Runs on Jetty's pool (virtual threads), never on the BGP or data-plane threads.
 */
final class ApiHandler extends Handler.Abstract
{
    private static final System.Logger LOG = System.getLogger(ApiHandler.class.getName());
    /** The buffer between a binary body's writer and the response: one chunk on the wire. */
    static final int BINARY_BUFFER_BYTES = 64 << 10;

    private final List<Endpoint> endpoints;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final InstantSource clock;
    private final UserPrincipal socketAdmin;
    private final long maxBodyBytes;
    private volatile Connector unixConnector;

    ApiHandler(
        final List<Endpoint> endpoints, final TokenStore tokens, final AuditLog audit, final InstantSource clock,
        final UserPrincipal socketAdmin, final long maxBodyBytes)
    {
        // Literal segments before parameters, so /v1/commits/confirm is not /v1/commits/{number}.
        this.endpoints = endpoints.stream().sorted(Comparator.comparingInt(Endpoint::parameterCount)).toList();
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
        this.socketAdmin = socketAdmin;
        this.maxBodyBytes = maxBodyBytes;
    }

    void unixConnector(final Connector connector)
    {
        this.unixConnector = connector;
    }

    List<Endpoint> endpoints()
    {
        return endpoints;
    }

    @Override
    public boolean handle(final Request request, final Response response, final Callback callback)
    {
        final Answer answer = answer(request.getMethod(), Request.getPathInContext(request), () -> identify(request),
            (caller, parameters) -> new ApiRequest(request, response, caller, parameters, maxBodyBytes),
            request.getHeaders().get(ConfigEndpoints.AGENT_HEADER));
        if (answer == Answer.STREAMED)
        {
            callback.succeeded();
            return true;
        }
        send(response, answer, callback);
        return true;
    }

    /**
     * A request made inside the router as {@code caller} (an MCP tool served on this listener,
     * {@link McpEndpoints}): routed, authorized, run and audited exactly as if that caller had sent it.
     *
     * @param pathAndQuery {@code /v1/...} with its query, percent-encoded.
     * @return the answer; an {@link Answer#body()} that is not a String is written as JSON.
     */
    Answer dispatch(final Caller caller, final String method, final String pathAndQuery, final HttpFields headers, final byte[] body)
    {
        final HttpURI uri = HttpURI.from(pathAndQuery);
        if (uri.hasViolations() || null == uri.getCanonicalPath())
        {
            return problem(ApiException.badRequest("path", "not a plain path: " + pathAndQuery).problem(), Map.of());
        }
        final Answer answer = answer(method, uri.getCanonicalPath(), () -> caller,
            (c, parameters) -> ApiRequest.inProcess(headers, uri.getQuery(), body, c, parameters, maxBodyBytes),
            headers.get(ConfigEndpoints.AGENT_HEADER));
        if (answer.body() instanceof Answer.Binary)
        {
            return problem(Problem.of(406, "not-acceptable", "this answer is binary",
                method + " " + uri.getCanonicalPath() + " answers " + answer.mediaType() +
                    ": fetch it from a listener (the UNIX socket or TCP), as junction mrt dump does",
                List.of(new Problem.FieldError("path", "answers " + answer.mediaType()))), Map.of());
        }
        return answer;
    }

    /** Who is calling: the connection's peer, a token, or the caller of a request made inside the router. */
    @FunctionalInterface
    private interface Identity
    {
        Caller caller() throws IOException;
    }

    @FunctionalInterface
    private interface RequestFactory
    {
        ApiRequest request(Caller caller, Map<String, String> pathParameters);
    }

    private Answer answer(
        final String method, final String path, final Identity identity, final RequestFactory requests, final String agent)
    {
        Caller caller = Caller.ANONYMOUS;
        Endpoint endpoint = null;
        Answer answer;
        try
        {
            final List<Endpoint> samePath = new ArrayList<>();
            Map<String, String> parameters = null;
            for (final Endpoint candidate : endpoints)
            {
                final Optional<Map<String, String>> match = candidate.match(path);
                if (match.isPresent())
                {
                    samePath.add(candidate);
                    if (null == endpoint && candidate.method().equals(method))
                    {
                        endpoint = candidate;
                        parameters = match.get();
                    }
                }
            }
            if (null == endpoint)
            {
                if (samePath.isEmpty())
                {
                    throw ApiException.notFound("path", "no route " + path + "; see /v1/openapi.json");
                }
                final String allow = samePath.stream().map(Endpoint::method).distinct().collect(Collectors.joining(", "));
                throw new ApiException(Problem.of(405, "method-not-allowed", "method not allowed",
                    method + " " + path + ": allowed: " + allow, List.of(new Problem.FieldError("method", "allowed: " + allow))),
                    Map.of("Allow", allow));
            }
            if (null != endpoint.role())
            {
                caller = identity.caller();
                if (!caller.may(endpoint.role()))
                {
                    throw new ApiException(Problem.of(403, "forbidden", "the caller's role does not allow this",
                        null == caller.role() ?
                            caller.who() + " may not use the API: its UNIX socket is for " + socketAdmin.getName() +
                                " only; other users need a token on the TCP listener" :
                            caller.who() + " has role " + caller.roleText() + "; " + method + " " + endpoint.template() +
                                " needs " + endpoint.role().text(), List.of()));
                }
            }
            answer = endpoint.handler().handle(requests.request(caller, parameters));
            if (answer == Answer.STREAMED)
            {
                return answer;
            }
        }
        catch (final ApiException ex)
        {
            answer = problem(ex.problem(), ex.headers());
        }
        catch (final CommitRefusedException ex)
        {
            answer = problem(Problem.of(ex), Map.of());
        }
        catch (final NoSuchElementException ex)
        {
            answer = problem(Problem.of(404, "not-found", "not found", String.valueOf(ex.getMessage()),
                List.of(new Problem.FieldError("name", String.valueOf(ex.getMessage())))), Map.of());
        }
        catch (final Exception ex)
        {
            LOG.log(Level.ERROR, method + " " + path + " failed", ex);
            answer = problem(Problem.of(500, "internal", "the API failed", ex.toString(), List.of()), Map.of());
        }
        record(caller, endpoint, method, path, answer, agent);
        return answer;
    }

    private Caller identify(final Request request) throws IOException
    {
        final Connector connector = request.getConnectionMetaData().getConnector();
        if (null != unixConnector && connector == unixConnector)
        {
            final UnixDomainPrincipal peer = peer(request);
            if (null == peer)
            {
                return new Caller("unix:unknown", null);
            }
            // Any other local user has no role: refused, and named in the audit log.
            return new Caller("unix:" + peer.user().getName(), socketAdmin.equals(peer.user()) ? Role.ADMIN : null);
        }
        final String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (null == authorization || !authorization.regionMatches(true, 0, "Bearer ", 0, 7))
        {
            throw new ApiException(Problem.of(401, "unauthorized", "authentication required",
                "give Authorization: Bearer TOKEN (junction token create, on the router)", List.of()),
                Map.of("WWW-Authenticate", "Bearer realm=\"junction\""));
        }
        final Optional<TokenStore.StoredToken> token = tokens.authenticate(authorization.substring(7).trim());
        if (token.isEmpty())
        {
            throw new ApiException(Problem.of(401, "unauthorized", "authentication required", "the token is not valid",
                List.of()), Map.of("WWW-Authenticate", "Bearer realm=\"junction\", error=\"invalid_token\""));
        }
        return new Caller("token:" + token.get().name(), token.get().role());
    }

    private static UnixDomainPrincipal peer(final Request request) throws IOException
    {
        final EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        if (endPoint instanceof SocketChannelEndPoint socket && socket.getChannel() instanceof SocketChannel channel)
        {
            return channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        }
        return null;
    }

    /** Writes (forced to disk) every write and every refusal. */
    private void record(
        final Caller caller, final Endpoint endpoint, final String method, final String path, final Answer answer,
        final String agent)
    {
        final boolean write = null != endpoint && endpoint.isWrite();
        final boolean refused = answer.status() == 401 || answer.status() == 403;
        if (!write && !refused)
        {
            return;
        }
        final String result = answer.status() < 400 ? "ok" : answer.status() < 500 ? "refused" : "failed";
        final String action = null == endpoint ? "unknown" : write ? endpoint.action() : "read";
        final String detail = answer.body() instanceof Problem p ? p.detail() : answer.auditDetail();
        try
        {
            audit.append(new AuditLog.Entry(clock.instant(), caller.who(), caller.roleText(), method, path, action, result,
                answer.status(), detail, AuditLog.agentName(agent)));
        }
        catch (final IOException ex)
        {
            LOG.log(Level.ERROR, "cannot append to the audit log " + audit.file() + ": " + method + " " + path + " by " +
                caller.who() + " -> " + answer.status(), ex);
        }
    }

    private static Answer problem(final Problem problem, final Map<String, String> headers)
    {
        return new Answer(problem.status(), problem, Problem.MEDIA_TYPE, headers, problem.detail());
    }

    /**
     * Chunked, through a buffer of {@value #BINARY_BUFFER_BYTES} octets: the body is never held whole. A failure
     * while writing fails the callback, so Jetty aborts the response rather than end it as if it were complete.
     * Blocking writes: this runs on Jetty's pool (virtual threads).
     */
    private static void streamBinary(final Response response, final Answer.Binary binary, final Callback callback)
    {
        final OutputStream out = new BufferedOutputStream(Content.Sink.asOutputStream(response), BINARY_BUFFER_BYTES);
        try
        {
            binary.writer().writeTo(out);
            out.close();
        }
        catch (final IOException | RuntimeException ex)
        {
            LOG.log(Level.WARNING, "a binary answer failed while it was written; the response is aborted", ex);
            callback.failed(ex);
            return;
        }
        callback.succeeded();
    }

    private static void send(final Response response, final Answer answer, final Callback callback)
    {
        response.setStatus(answer.status());
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (null == answer.body())
        {
            response.write(true, null, callback);
            return;
        }
        if (answer.body() instanceof Answer.Binary binary)
        {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.mediaType());
            streamBinary(response, binary, callback);
            return;
        }
        final byte[] bytes = answer.bodyText().getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.mediaType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
