/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.transport.EventLoop;
import net.junction.bgp.transport.TcpSockets;
import net.junction.bgp.wire.NotificationMessage;
import net.junction.routing.IpAddress;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The session layer of a speaker: one event loop thread, the listening socket, and a {@link BgpSession}
 * per configured neighbor. The speaker assembly builds one from the {@link BgpConfig} and the routing
 * side's {@link SessionListener}.
 * <pre>
 * BgpSessions sessions = new BgpSessions(config, ribListener);
 * sessions.start();                    // listen, start the loop, start every neighbor
 * sessions.execute(() -&gt; ...);         // run on the loop thread (the only thread that may touch sessions)
 * sessions.session("transit-a").state();
 * sessions.close();                    // Cease/Administrative Shutdown to every peer, close every socket
 * </pre>
 * <ul>
 * <li>{@link #start()}: binds {@code listenAddress:listenPort} (unless the port is 0) with every neighbor's
 * TCP MD5 key installed and, if a neighbor uses GTSM, TTL 255; starts the loop's thread; starts every
 * session (active neighbors connect to {@link SessionOptions#peerPort()}).</li>
 * <li>A connection from an address that is no neighbor's is closed at once; one from a neighbor's address
 * goes to that neighbor's session, after its TTL options are applied.</li>
 * <li>{@link #close()}: stops every session with Cease/Administrative Shutdown, gives the NOTIFICATIONs a
 * moment to leave, then stops the loop, which closes every socket. Idempotent.</li>
 * </ul>
 * Threading: {@link #start()}, {@link #close()}, {@link #execute}, {@link #call} from any thread;
 * {@link #sessions()} and {@link #session} return objects to use on the loop thread only (their
 * {@code state()}, {@code lastError()} and counters are safe to read anywhere).
 */
public final class BgpSessions implements AutoCloseable
{
    private static final Logger LOG = System.getLogger(BgpSessions.class.getName());
    private static final int DEFAULT_TTL_IBGP = 64;

    private final BgpConfig config;
    private final SessionListener listener;
    private final SessionOptions options;
    private final List<SessionStateListener> stateListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final SessionStateListener stateDispatch = (session, from, to, reason) ->
    {
        for (final SessionStateListener l : stateListeners)
        {
            l.stateChanged(session, from, to, reason);
        }
    };
    private volatile UpdateTap updateTap = UpdateTap.NONE;
    private final UpdateTap updateDispatch =
        (session, connection, buffer, offset, length) -> updateTap.updateReceived(session, connection, buffer, offset, length);
    private final EventLoop loop;
    private final Map<IpAddress, BgpSession> byAddress = new HashMap<>();
    private final Map<String, BgpSession> byName = new LinkedHashMap<>();
    private ServerSocketChannel server;
    private volatile int boundPort;
    private boolean started;
    private boolean closed;

    /**
     * @param config   the speaker's configuration.
     * @param listener the routing side.
     */
    public BgpSessions(final BgpConfig config, final SessionListener listener)
    {
        this(config, listener, SessionOptions.DEFAULT);
    }

    /**
     * @param config   the speaker's configuration.
     * @param listener the routing side.
     * @param options  tunables (clock, peer port, water marks).
     */
    public BgpSessions(final BgpConfig config, final SessionListener listener, final SessionOptions options)
    {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.options = Objects.requireNonNull(options, "options");
        this.loop = new EventLoop("bgp-sessions", options.clock());
        for (final PeerConfig peer : config.neighbors())
        {
            newSession(peer);
        }
    }

    private BgpSession newSession(final PeerConfig peer)
    {
        final BgpSession session = new BgpSession(peer, config.localAs(), config.routerId(), listener, loop,
            this::connect, options);
        session.acceptPending(this::acceptIfListening);
        session.stateListener(stateDispatch);
        session.updateTap(updateDispatch);
        byAddress.put(peer.remoteAddress(), session);
        byName.put(peer.name(), session);
        return session;
    }

    /**
     * @param tap shown every UPDATE any established session receives, on the loop thread ({@link UpdateTap#NONE}
     *            for none); replaces the one before.
     */
    public void updateTap(final UpdateTap tap)
    {
        this.updateTap = Objects.requireNonNull(tap, "tap");
    }

    /**
     * @param stateListener told of every state change of every session, on the loop thread.
     * @return closing it removes the listener.
     */
    public AutoCloseable addStateListener(final SessionStateListener stateListener)
    {
        Objects.requireNonNull(stateListener, "stateListener");
        stateListeners.add(stateListener);
        return () -> stateListeners.remove(stateListener);
    }

    // ---------------------------------------------------------------- live reconfiguration (loop thread)

    /**
     * A neighbor added to the running configuration: its TCP MD5 key (RFC 2385) goes on the listening
     * socket first, then its session is made and, once the sessions run, started unless {@code start} is
     * false (administratively shut down).
     *
     * @param peer  the neighbor; its name and address are not in use.
     * @param start whether to start the session now.
     * @return the session.
     */
    public BgpSession add(final PeerConfig peer, final boolean start)
    {
        if (byName.containsKey(peer.name()) || byAddress.containsKey(peer.remoteAddress()))
        {
            throw new IllegalArgumentException("a neighbor named " + peer.name() + " or at " + peer.remoteAddress() +
                " is already configured");
        }
        try
        {
            listenerKey(peer, peer.password().orElse(null));
            if (server != null && peer.ttlSecurityHops().isPresent())
            {
                // RFC 5082: the SYN-ACK must reach a GTSM peer with TTL 255.
                TcpSockets.setTtl(TcpSockets.fd(server), TcpSockets.GTSM_TTL);
            }
        }
        catch (final IOException ex)
        {
            // checkKeys passed a moment ago: only logged; the peer's SYNs will go unanswered.
            LOG.log(Level.WARNING, "cannot set up the listening socket for " + peer.name(), ex);
        }
        final BgpSession session = newSession(peer);
        if (started && start)
        {
            session.start();
        }
        return session;
    }

    /**
     * Try the TCP MD5 keys (RFC 2385) of neighbors about to be added on the listening socket, before
     * anything else of a reconfiguration changes; a refused key is taken off again with those put before it.
     *
     * @param peers the neighbors to add.
     * @param field names a neighbor's password field for the error.
     * @throws IllegalArgumentException naming the field, when the kernel refuses a key.
     */
    public void checkKeys(final List<PeerConfig> peers, final java.util.function.Function<PeerConfig, String> field)
    {
        final List<PeerConfig> done = new ArrayList<>();
        for (final PeerConfig peer : peers)
        {
            if (peer.password().isEmpty() || byAddress.containsKey(peer.remoteAddress()))
            {
                continue; // a session at that address still holds the address's key until it is removed
            }
            try
            {
                listenerKey(peer, peer.password().get());
                done.add(peer);
            }
            catch (final IOException | RuntimeException ex)
            {
                for (final PeerConfig undo : done)
                {
                    try
                    {
                        listenerKey(undo, "");
                    }
                    catch (final IOException ignored)
                    {
                        LOG.log(Level.WARNING, "cannot remove the TCP MD5 key of " + undo.name(), ignored);
                    }
                }
                throw new IllegalArgumentException(field.apply(peer) + ": the kernel refused the TCP MD5 key: " +
                    ex.getMessage(), ex);
            }
        }
    }

    /**
     * A neighbor gone from the running configuration (or about to be made again with new session
     * parameters): its session is closed with Cease/{@code subcode} and forgotten, its key taken off the
     * listening socket.
     *
     * @param name    the neighbor's name.
     * @param subcode Cease subcode: Peer De-configured (RFC 4486) or Other Configuration Change.
     */
    public void remove(final String name, final int subcode)
    {
        final BgpSession session = byName.remove(name);
        if (session == null)
        {
            return;
        }
        byAddress.remove(session.config().remoteAddress());
        session.retire(subcode);
        if (session.config().password().isPresent())
        {
            try
            {
                listenerKey(session.config(), "");
            }
            catch (final IOException ex)
            {
                LOG.log(Level.WARNING, "cannot remove the TCP MD5 key of " + name + " from the listening socket", ex);
            }
        }
    }

    /**
     * A neighbor renamed without a session reset: the session is found under its new name.
     *
     * @param from the old name.
     * @param to   the new name.
     */
    public void rename(final String from, final String to)
    {
        final BgpSession session = byName.remove(from);
        if (session != null)
        {
            byName.put(to, session);
        }
    }

    /**
     * @param names every session's name, in the order {@link #sessions()} lists them from now on.
     */
    public void order(final List<String> names)
    {
        final Map<String, BgpSession> copy = new LinkedHashMap<>(byName);
        byName.clear();
        for (final String name : names)
        {
            final BgpSession s = copy.remove(name);
            if (s != null)
            {
                byName.put(name, s);
            }
        }
        byName.putAll(copy);
    }

    private void listenerKey(final PeerConfig peer, final String key) throws IOException
    {
        if (server == null || key == null)
        {
            return;
        }
        final int fd = TcpSockets.fd(server);
        if (TcpSockets.domain(fd) == TcpSockets.AF_INET && !peer.remoteAddress().isIpv4())
        {
            return;
        }
        TcpSockets.setMd5Key(fd, TcpConnection.toInetAddress(peer.remoteAddress()), key);
    }

    /**
     * @return whether the current thread is the loop's own (a blocking {@link #call} from it would wait
     *     for itself).
     */
    public boolean onLoopThread()
    {
        return loop.onLoopThread();
    }

    /**
     * Listen, start the loop thread and every session.
     *
     * @throws IOException if the listening socket cannot be opened (address in use, MD5 not supported).
     */
    public synchronized void start() throws IOException
    {
        if (started)
        {
            throw new IllegalStateException("already started");
        }
        started = true;
        if (config.listenPort() != 0)
        {
            openListener();
        }
        loop.start();
        loop.execute(() -> byName.values().forEach(BgpSession::start));
    }

    private void openListener() throws IOException
    {
        final IpAddress address = config.listenAddress().orElse(null);
        final ServerSocketChannel channel = address == null ? ServerSocketChannel.open() :
            ServerSocketChannel.open(address.isIpv4() ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        try
        {
            channel.configureBlocking(false);
            channel.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            final int fd = TcpSockets.fd(channel);
            final int domain = TcpSockets.domain(fd);
            boolean gtsm = false;
            for (final PeerConfig peer : config.neighbors())
            {
                if (domain == TcpSockets.AF_INET && !peer.remoteAddress().isIpv4())
                {
                    continue;
                }
                if (peer.password().isPresent())
                {
                    TcpSockets.setMd5Key(fd, TcpConnection.toInetAddress(peer.remoteAddress()), peer.password().get());
                }
                gtsm |= peer.ttlSecurityHops().isPresent();
            }
            if (gtsm)
            {
                // The SYN-ACK must reach a GTSM peer with TTL 255 (its IP_MINTTL is set before connect).
                TcpSockets.setTtl(fd, TcpSockets.GTSM_TTL);
            }
            channel.bind(address == null ? new InetSocketAddress(config.listenPort()) :
                new InetSocketAddress(TcpConnection.toInetAddress(address), config.listenPort()), 64);
            boundPort = ((InetSocketAddress)channel.getLocalAddress()).getPort();
            loop.register(channel, SelectionKey.OP_ACCEPT, key -> accept());
            server = channel;
        }
        catch (final IOException | RuntimeException ex)
        {
            EventLoop.closeQuietly(channel);
            throw ex;
        }
    }

    private void acceptIfListening()
    {
        if (server != null && server.isOpen())
        {
            accept();
        }
    }

    private void accept()
    {
        for (int i = 0; i < 16; i++)
        {
            final SocketChannel channel;
            try
            {
                channel = server.accept();
            }
            catch (final IOException ex)
            {
                LOG.log(Level.WARNING, "accept failed", ex);
                return;
            }
            if (channel == null)
            {
                return;
            }
            try
            {
                final IpAddress remote = TcpConnection.toIpAddress(
                    ((InetSocketAddress)channel.getRemoteAddress()).getAddress());
                final BgpSession session = byAddress.get(remote);
                if (session == null)
                {
                    LOG.log(Level.INFO, () -> "closing a connection from " + remote + ", which is no neighbor");
                    EventLoop.closeQuietly(channel);
                    continue;
                }
                channel.configureBlocking(false);
                channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                applyTtl(channel, session.config());
                final TcpConnection connection = new TcpConnection(loop, channel, false);
                connection.register(false);
                session.incoming(connection);
            }
            catch (final IOException ex)
            {
                LOG.log(Level.WARNING, "cannot set up an accepted connection", ex);
                EventLoop.closeQuietly(channel);
            }
        }
    }

    private BgpConnection connect(final BgpSession session)
    {
        final PeerConfig peer = session.config();
        SocketChannel channel = null;
        try
        {
            channel = SocketChannel.open(peer.remoteAddress().isIpv4() ? StandardProtocolFamily.INET :
                StandardProtocolFamily.INET6);
            channel.configureBlocking(false);
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            final int fd = TcpSockets.fd(channel);
            // RFC 2385 and RFC 5082: both must be in place before the SYN leaves.
            if (peer.password().isPresent())
            {
                TcpSockets.setMd5Key(fd, TcpConnection.toInetAddress(peer.remoteAddress()), peer.password().get());
            }
            applyTtl(channel, peer);
            if (peer.localAddress().isPresent())
            {
                channel.bind(TcpConnection.socketAddress(peer.localAddress().get(), 0));
            }
            final TcpConnection connection = new TcpConnection(loop, channel, true);
            connection.session = session;
            final boolean done = channel.connect(TcpConnection.socketAddress(peer.remoteAddress(), options.peerPort()));
            connection.register(!done);
            if (done)
            {
                loop.execute(() -> session.connected(connection));
            }
            return connection;
        }
        catch (final IOException | RuntimeException ex)
        {
            EventLoop.closeQuietly(channel);
            final FailedConnection failed = new FailedConnection(loop);
            final String reason = "connect failed: " + ex;
            loop.execute(() -> session.connectFailed(failed, reason));
            return failed;
        }
    }

    private void applyTtl(final SocketChannel channel, final PeerConfig peer) throws IOException
    {
        final int fd = TcpSockets.fd(channel);
        if (peer.ttlSecurityHops().isPresent())
        {
            // RFC 5082 §3: send with 255, accept only 256 - hops and above.
            TcpSockets.setTtl(fd, TcpSockets.GTSM_TTL);
            TcpSockets.setMinTtl(fd, 256 - peer.ttlSecurityHops().get());
        }
        else if (peer.isExternal(config.localAs()))
        {
            // eBGP: TTL 1, so the session cannot run across a router, unless ebgp-multihop allows that many hops.
            TcpSockets.setTtl(fd, peer.ebgpMultihop().orElse(1));
        }
        else
        {
            TcpSockets.setTtl(fd, DEFAULT_TTL_IBGP);
        }
    }

    /**
     * @return every session, in configuration order; loop thread only, but for status reads.
     */
    public List<BgpSession> sessions()
    {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    /**
     * @param name a neighbor's name.
     * @return its session, or null.
     */
    public BgpSession session(final String name)
    {
        return byName.get(name);
    }

    /**
     * @return the port the listening socket is bound to, or 0 if not listening.
     */
    public int listenPort()
    {
        return boundPort;
    }

    /**
     * @return whether {@link #start()} was called: from then on only the loop thread touches the sessions.
     */
    public synchronized boolean started()
    {
        return started;
    }

    /**
     * @return the event loop (timers, tasks).
     */
    public EventLoop loop()
    {
        return loop;
    }

    /**
     * Run a task on the loop thread; before {@link #start()}, on the caller's (no loop thread runs the
     * sessions yet, so the caller is the only one touching them, as in {@link #call}). This lets the
     * router hook into the RIB and the sessions before the first session starts.
     *
     * @param task to run.
     */
    public void execute(final Runnable task)
    {
        synchronized (this)
        {
            if (!started)
            {
                task.run();
                return;
            }
        }
        loop.execute(task);
    }

    /**
     * Run a function on the loop thread and wait for its result (for status readers and tests).
     *
     * @param task    to run.
     * @param timeout longest wait, in milliseconds.
     * @param <T>     result type.
     * @return its result.
     */
    public <T> T call(final java.util.function.Supplier<T> task, final long timeout)
    {
        if (loop.onLoopThread())
        {
            throw new IllegalStateException("called on the BGP event loop, which would wait for itself");
        }
        synchronized (this)
        {
            if (!started)
            {
                // No loop thread runs the sessions yet: the caller is the only one touching them.
                return task.get();
            }
        }
        final CompletableFuture<T> future = new CompletableFuture<>();
        loop.execute(() ->
        {
            try
            {
                future.complete(task.get());
            }
            catch (final RuntimeException ex)
            {
                future.completeExceptionally(ex);
            }
        });
        try
        {
            return future.get(timeout, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof RuntimeException re)
            {
                throw re;
            }
            throw new IllegalStateException(ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            throw new IllegalStateException("the event loop did not answer in " + timeout + " ms", ex);
        }
    }

    /**
     * Stop every session (Cease/Administrative Shutdown), then the loop; every socket is closed.
     */
    public void close()
    {
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        if (started)
        {
            try
            {
                call(() ->
                {
                    byName.values().forEach(s -> s.stop(NotificationMessage.CEASE_ADMIN_SHUTDOWN, ""));
                    return null;
                }, 2000);
            }
            catch (final IllegalStateException ex)
            {
                LOG.log(Level.WARNING, "stopping the sessions", ex);
            }
        }
        loop.close();
        EventLoop.closeQuietly(server);
    }

    /**
     * Stop as a crash would: no NOTIFICATION, the loop stops and every socket is closed (peers see the TCP
     * connection end; those doing graceful restart keep our routes). Idempotent, and {@link #close} after it does
     * nothing.
     */
    public void abandon()
    {
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        loop.close();
        EventLoop.closeQuietly(server);
    }

    /** Stands for a connection that could not even be opened; its failure is reported later. */
    private static final class FailedConnection extends BgpConnection
    {
        FailedConnection(final EventLoop loop)
        {
            super(loop, true);
        }

        protected void writeToSocket(final java.nio.ByteBuffer source) throws IOException
        {
            throw new IOException("not connected");
        }

        protected void writeInterest(final boolean on)
        {
        }

        protected void closeSocket(final boolean graceful)
        {
        }
    }
}
