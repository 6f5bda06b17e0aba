/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;

import net.junction.agent.commit.ConfigLifecycle;
import net.junction.agent.config.ApiConfig;
import net.junction.agent.config.ListenAddress;
import net.junction.agent.router.RunningRouter;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The router's HTTP/JSON API ({@code docs/api.md}): Jetty 12 core handlers on the UNIX socket
 * {@code RUN_DIR/api.sock} (mode 0600; the peer's credentials make root {@code admin}) and, when
 * configured, a TCP listener with TLS and bearer tokens. Tokens and the audit log live in the
 * state directory of the {@link ConfigLifecycle}. The same listeners serve MCP over streamable
 * HTTP at {@code /mcp} ({@link McpEndpoints}), with the same credentials.
 * <p>
 * Requests run on Jetty's pool, on virtual threads named {@code junction-api-*}: never on the BGP
 * or data-plane threads, which the API reaches only through {@link RunningRouter} and
 * {@link ConfigLifecycle}, whose calls are bounded. A request body is at most
 * {@value #MAX_BODY_BYTES} bytes (8 MiB): the configuration reader takes at most 2^20 code points
 * (at most 4 MiB of UTF-8), which fits with room to spare even as an escaped JSON string in a
 * commit request; a larger static table belongs in a {@code routes-file}.
 * <pre>{@code
 * try (ApiServer api = ApiServer.start(config.api(), runDirectory, lifecycle, router)) { ... }
 * }</pre>
 */
public final class ApiServer implements AutoCloseable
{
    public static final String SOCKET_NAME = "api.sock";
    public static final long MAX_BODY_BYTES = 8L << 20;
    /** Events a slow event-stream client may fall behind by before the oldest are dropped. */
    public static final int EVENT_QUEUE_CAPACITY = 1024;
    /** Event streams open at once; another is refused with 503 (each holds a queue and a virtual thread). */
    public static final int MAX_EVENT_STREAMS = 64;
    /** A comment line on an idle event stream this often, well within the idle timeout. */
    public static final long KEEP_ALIVE_MS = 15_000;
    public static final long IDLE_TIMEOUT_MS = 60_000;
    /** MCP sessions open at once ({@code /mcp}); another {@code initialize} is refused with 503. */
    public static final int MAX_MCP_SESSIONS = 64;
    /** An MCP session unused this long ends; the client's next message gets 404 and it initializes again. */
    public static final long MCP_SESSION_IDLE_MS = 30 * 60_000;
    private static final int MAX_PLATFORM_THREADS = 16;

    /**
     * Tunables; {@link #defaults()} for a router.
     *
     * @param clock              audit and token times.
     * @param socketAdmin        the user who is {@code admin} on the UNIX socket: uid 0.
     * @param maxBodyBytes       largest request body.
     * @param eventQueueCapacity see {@link #EVENT_QUEUE_CAPACITY}.
     * @param keepAliveMs        see {@link #KEEP_ALIVE_MS}.
     * @param maxMcpSessions     see {@link #MAX_MCP_SESSIONS}.
     * @param mcpSessionIdleMs   see {@link #MCP_SESSION_IDLE_MS}.
     * @param upgradeTool        the appliance's upgrade tool ({@link UpgradeTool#APPLIANCE}; tests: a script).
     */
    public record Options(
        InstantSource clock, UserPrincipal socketAdmin, long maxBodyBytes, int eventQueueCapacity, long keepAliveMs,
        int maxMcpSessions, long mcpSessionIdleMs, UpgradeTool upgradeTool)
    {
        public Options
        {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(socketAdmin, "socketAdmin");
            Objects.requireNonNull(upgradeTool, "upgradeTool");
        }

        /** @throws IOException when uid 0 cannot be looked up. */
        public static Options defaults() throws IOException
        {
            return new Options(InstantSource.system(), rootUser(), MAX_BODY_BYTES, EVENT_QUEUE_CAPACITY, KEEP_ALIVE_MS,
                MAX_MCP_SESSIONS, MCP_SESSION_IDLE_MS, UpgradeTool.APPLIANCE);
        }

        public Options withSocketAdmin(final UserPrincipal user)
        {
            return new Options(clock, user, maxBodyBytes, eventQueueCapacity, keepAliveMs, maxMcpSessions, mcpSessionIdleMs, upgradeTool);
        }

        public Options withEvents(final int capacity, final long keepAlive)
        {
            return new Options(clock, socketAdmin, maxBodyBytes, capacity, keepAlive, maxMcpSessions, mcpSessionIdleMs, upgradeTool);
        }

        public Options withMaxBodyBytes(final long bytes)
        {
            return new Options(clock, socketAdmin, bytes, eventQueueCapacity, keepAliveMs, maxMcpSessions, mcpSessionIdleMs, upgradeTool);
        }

        public Options withClock(final InstantSource source)
        {
            return new Options(source, socketAdmin, maxBodyBytes, eventQueueCapacity, keepAliveMs, maxMcpSessions, mcpSessionIdleMs, upgradeTool);
        }

        /** The appliance's upgrade tool the {@code /v1/system/upgrade} routes run (docs/appliance.md "Upgrade"). */
        public Options withUpgradeTool(final UpgradeTool tool)
        {
            return new Options(clock, socketAdmin, maxBodyBytes, eventQueueCapacity, keepAliveMs, maxMcpSessions, mcpSessionIdleMs, tool);
        }

        public Options withMcpSessions(final int max, final long idleMs)
        {
            return new Options(clock, socketAdmin, maxBodyBytes, eventQueueCapacity, keepAliveMs, max, idleMs, upgradeTool);
        }
    }

    private final Server server;
    private final ApiHandler handler;
    private final RouterEndpoints routerEndpoints;
    private final McpEndpoints mcp;
    private final AuditLog audit;
    private final Optional<Path> socket;
    private final Optional<ServerConnector> tcp;

    private ApiServer(
        final Server server, final ApiHandler handler, final RouterEndpoints routerEndpoints, final McpEndpoints mcp,
        final AuditLog audit, final Optional<Path> socket, final Optional<ServerConnector> tcp)
    {
        this.server = server;
        this.handler = handler;
        this.routerEndpoints = routerEndpoints;
        this.mcp = mcp;
        this.audit = audit;
        this.socket = socket;
        this.tcp = tcp;
    }

    /** {@link #start(ApiConfig, Path, ConfigLifecycle, RunningRouter, Options)} with {@link Options#defaults()}. */
    public static ApiServer start(
        final ApiConfig config, final Path runDirectory, final ConfigLifecycle lifecycle, final RunningRouter router)
        throws IOException
    {
        return start(config, runDirectory, lifecycle, router, Options.defaults());
    }

    /**
     * Opens the listeners {@code config} names and serves until {@link #close}.
     *
     * @param config       the {@code api:} section.
     * @param runDirectory where {@value #SOCKET_NAME} is made (a stale one is replaced).
     * @param lifecycle    the router's configuration; its state directory holds tokens and the audit log.
     * @param router       the running router.
     * @param options      tunables.
     * @return the running server.
     * @throws IOException when a listener cannot be opened or the TLS files cannot be read.
     */
    public static ApiServer start(
        final ApiConfig config, final Path runDirectory, final ConfigLifecycle lifecycle, final RunningRouter router,
        final Options options) throws IOException
    {
        final Path state = lifecycle.stateDirectory();
        final TokenStore tokens = TokenStore.open(state);
        final AuditLog audit = AuditLog.open(state);
        final RouterEndpoints routerEndpoints = new RouterEndpoints(router, lifecycle, options);
        final List<Endpoint> endpoints = new ArrayList<>(routerEndpoints.endpoints());
        endpoints.addAll(new JournalEndpoints(router).endpoints());
        endpoints.addAll(new ConfigEndpoints(lifecycle, router, options.clock()).endpoints());
        endpoints.addAll(new AccessEndpoints(tokens, audit, options.clock()).endpoints());
        endpoints.addAll(new SystemEndpoints(options.upgradeTool(), options.clock()).endpoints());
        final McpEndpoints mcp = new McpEndpoints(options);
        endpoints.addAll(mcp.endpoints());
        final CliEndpoints cli = new CliEndpoints();
        endpoints.addAll(cli.endpoints());
        final ApiHandler handler = new ApiHandler(endpoints, tokens, audit, options.clock(), options.socketAdmin(),
            options.maxBodyBytes());
        mcp.start(handler);
        cli.start(handler);

        final QueuedThreadPool pool = new QueuedThreadPool(MAX_PLATFORM_THREADS, 2);
        pool.setName("junction-api");
        pool.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("junction-api-", 0).factory()));
        final Server server = new Server(pool);
        final HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);

        Optional<Path> socketPath = Optional.empty();
        UnixDomainServerConnector unix = null;
        if (config.socket())
        {
            final Path path = runDirectory.resolve(SOCKET_NAME);
            Files.createDirectories(runDirectory);
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
            {
                Files.delete(path); // left by a router that did not stop cleanly
            }
            unix = new UnixDomainServerConnector(server, new HttpConnectionFactory(http));
            unix.setUnixDomainPath(path);
            unix.setIdleTimeout(IDLE_TIMEOUT_MS);
            server.addConnector(unix);
            socketPath = Optional.of(path);
        }
        Optional<ServerConnector> tcp = Optional.empty();
        if (config.listen().isPresent())
        {
            final InetSocketAddress address = config.listen().get();
            final ServerConnector connector;
            if (config.tls().isPresent())
            {
                final HttpConfiguration https = new HttpConfiguration(http);
                final SecureRequestCustomizer secure = new SecureRequestCustomizer();
                secure.setSniHostCheck(false);
                https.addCustomizer(secure);
                connector = new ServerConnector(server, new SslConnectionFactory(sslContext(config.tls().get()), "http/1.1"),
                    new HttpConnectionFactory(https));
            }
            else
            {
                connector = new ServerConnector(server, new HttpConnectionFactory(http));
            }
            connector.setHost(address.getAddress().getHostAddress());
            connector.setPort(address.getPort());
            connector.setIdleTimeout(IDLE_TIMEOUT_MS);
            server.addConnector(connector);
            tcp = Optional.of(connector);
        }
        server.setHandler(handler);
        handler.unixConnector(unix);
        try
        {
            server.start();
            if (socketPath.isPresent())
            {
                // The peer-credential check is what keeps others out; the mode keeps them from connecting at all.
                Files.setPosixFilePermissions(socketPath.get(), PosixFilePermissions.fromString("rw-------"));
            }
        }
        catch (final Exception ex)
        {
            mcp.stop();
            stopQuietly(server);
            audit.close();
            throw new IOException("cannot start the API" + config.listen().map(a -> " on " + ListenAddress.format(a)).orElse("") +
                socketPath.map(p -> " on " + p).orElse("") + ": " + ex.getMessage(), ex);
        }
        return new ApiServer(server, handler, routerEndpoints, mcp, audit, socketPath, tcp);
    }

    private static SslContextFactory.Server sslContext(final ApiConfig.Tls tls) throws IOException
    {
        final byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        final String password = Base64.getEncoder().encodeToString(random);
        final KeyStore store = PemKeys.keyStore(tls.certificate(), tls.key(), password.toCharArray());
        final SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(store);
        ssl.setKeyStorePassword(password);
        ssl.setKeyManagerPassword(password);
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        return ssl;
    }

    /** @return the UNIX socket, when it serves on one. */
    public Optional<Path> socket()
    {
        return socket;
    }

    /** @return the TCP address it listens on (the real port when 0 was configured). */
    public Optional<InetSocketAddress> tcpAddress()
    {
        return tcp.map(c -> new InetSocketAddress(c.getHost(), c.getLocalPort()));
    }

    /** @return every route of the {@code /v1} API, for the OpenAPI check ({@code /mcp} speaks MCP, not REST). */
    /** @return the handler, for requests made inside the router. */
    ApiHandler handler()
    {
        return handler;
    }

    List<Endpoint> endpoints()
    {
        return handler.endpoints().stream().filter(e -> !e.template().equals(McpEndpoints.PATH)).toList();
    }

    /** @return how many MCP sessions are open on {@code /mcp}. */
    int mcpSessions()
    {
        return mcp.sessionCount();
    }

    @Override
    public void close() throws IOException
    {
        routerEndpoints.closeStreams();
        mcp.stop();
        stopQuietly(server);
        audit.close();
        if (socket.isPresent())
        {
            Files.deleteIfExists(socket.get());
        }
    }

    private static void stopQuietly(final Server server)
    {
        try
        {
            server.stop();
        }
        catch (final Exception ignored)
        {
            // stopping: nothing more to do
        }
    }

    /** uid 0, whatever its name: a lookup of {@code 0} falls back to the number when no user is named so. */
    static UserPrincipal rootUser() throws IOException
    {
        return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("0");
    }
}
