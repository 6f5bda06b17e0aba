/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.transport.EventLoop;
import net.junction.bgp.transport.Timer;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.BgpMessage;
import net.junction.bgp.wire.DecodeProblem;
import net.junction.bgp.wire.DecodeResult;
import net.junction.bgp.wire.ErrorAction;
import net.junction.bgp.wire.KeepaliveMessage;
import net.junction.bgp.wire.MessageDecoder;
import net.junction.bgp.wire.MessageHeader;
import net.junction.bgp.wire.MpReachNlri;
import net.junction.bgp.wire.MpUnreachNlri;
import net.junction.bgp.wire.NotificationMessage;
import net.junction.bgp.wire.OpenMessage;
import net.junction.bgp.wire.RouteRefreshMessage;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import org.agrona.DirectBuffer;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import static net.junction.bgp.wire.NotificationMessage.CEASE;
import static net.junction.bgp.wire.NotificationMessage.CEASE_ADMIN_RESET;
import static net.junction.bgp.wire.NotificationMessage.CEASE_ADMIN_SHUTDOWN;
import static net.junction.bgp.wire.NotificationMessage.CEASE_CONNECTION_COLLISION_RESOLUTION;
import static net.junction.bgp.wire.NotificationMessage.CEASE_HARD_RESET;
import static net.junction.bgp.wire.NotificationMessage.CEASE_MAXIMUM_PREFIXES_REACHED;
import static net.junction.bgp.wire.NotificationMessage.CEASE_PEER_DECONFIGURED;
import static net.junction.bgp.wire.NotificationMessage.FINITE_STATE_MACHINE_ERROR;
import static net.junction.bgp.wire.NotificationMessage.FSM_UNEXPECTED_MESSAGE_IN_ESTABLISHED;
import static net.junction.bgp.wire.NotificationMessage.FSM_UNEXPECTED_MESSAGE_IN_OPENCONFIRM;
import static net.junction.bgp.wire.NotificationMessage.FSM_UNEXPECTED_MESSAGE_IN_OPENSENT;
import static net.junction.bgp.wire.NotificationMessage.HOLD_TIMER_EXPIRED;
import static net.junction.bgp.wire.NotificationMessage.UNSPECIFIC;

/**
 * One neighbor's BGP session: the RFC 4271 §8 finite state machine, the OPEN exchange, collision
 * detection (§6.8), the receiving side of graceful restart (RFC 4724 §4.2 with RFC 8538), the prefix
 * limit (RFC 4486) and the delivery of routes to a {@link SessionListener}.
 * <p>
 * Design: the session owns up to three connections. {@code connecting} is an outgoing TCP connection in
 * progress. {@code primary} is the connection the state refers to once TCP is up (OpenSent, OpenConfirm,
 * Established). {@code secondary} is a second connection (the peer's while ours was up, or ours while the
 * peer's was): it runs its own OPEN exchange. As in BIRD, the first connection to receive an OPEN becomes
 * the primary and ends any outgoing attempt; when the other one receives its OPEN too, the BGP identifiers
 * decide which one stays (RFC 4271 §6.8) and the other is closed with Cease/Connection Collision
 * Resolution. While a secondary waits for its OPEN, the primary does not enter Established on the peer's
 * KEEPALIVE: the peer may be keeping the other connection, and both sides must choose the same one. A new
 * connection while Established is refused (§6.8) unless its OPEN carries the restart bit of a graceful
 * restart peer (RFC 4724), which ends the old session with its routes kept stale.
 * <p>
 * Timers are reusable {@link Timer}s of the event loop, so restarting the hold timer on each message
 * allocates nothing.
 * <p>
 * After an error the session goes Idle and starts again after its connect-retry time (the RFC's
 * automatic start); after {@link #stop} it stays Idle until {@link #start()}.
 * <p>
 * Threading: every method runs on the event loop's thread. {@link #state()}, {@link #lastError()} and
 * the counters may be read from any thread for status (they are published with volatile writes).
 */
public final class BgpSession implements PeerSession
{
    private static final Logger LOG = System.getLogger(BgpSession.class.getName());

    private PeerConfig config;
    private final int localAs;
    private final int routerId;
    private final SessionListener listener;
    private final EventLoop loop;
    private final Connector connector;
    private final SessionOptions options;

    private final Timer connectRetryTimer;
    private final Timer holdTimer;
    private final Timer keepaliveTimer;
    private final Timer idleHoldTimer;
    private final Timer restartTimer;
    private final Timer stalePathTimer;

    private volatile State state = State.IDLE;
    private volatile String lastError = "";
    /** How the last Established session ended: this end closed it (else the peer), and the NOTIFICATION, or null. */
    private boolean downLocal;
    private NotificationMessage downNotification;
    private volatile long updatesReceived;
    private volatile long updatesSent;
    private volatile long messagesReceived;
    private volatile long messagesSent;
    private volatile long connectAttempts;
    private volatile long establishedTransitions;
    private volatile long establishedAtNs;
    private volatile long flaps;
    private SessionStateListener stateListener = SessionStateListener.NONE;
    private UpdateTap updateTap = UpdateTap.NONE;
    private boolean retired;

    private BgpConnection connecting;
    private BgpConnection primary;
    private BgpConnection secondary;
    private Negotiated negotiated;
    private boolean peerNotificationRestart;
    private boolean adminStopped = true;
    private boolean keepalivesSuppressed;
    private Runnable acceptPending = () ->
    {
    };

    /** Families whose routes are kept stale for a restarting peer (RFC 4724 §4.2). */
    private final Set<AfiSafi> staleFamilies = new LinkedHashSet<>();
    /** Per family with a configured limit, the prefixes the peer currently announces (RFC 4486). */
    private final Map<AfiSafi, Set<IpPrefix>> announced = new HashMap<>();
    /** Families disabled by RFC 7606 until the session restarts. */
    private final Set<AfiSafi> disabledFamilies = new HashSet<>();
    /** IPv4 routes with an IPv6 next hop came without RFC 8950 negotiated, and that was logged (once a session). */
    private boolean loggedUnnegotiatedNextHop;

    /**
     * @param config    the neighbor.
     * @param speakerAs the speaker's AS ({@code BgpConfig.localAs}); the neighbor's {@code localAs} overrides it.
     * @param routerId  our BGP identifier.
     * @param listener  told about routes and state changes.
     * @param loop      the owning event loop.
     * @param connector opens outgoing connections.
     * @param options   tunables.
     */
    public BgpSession(
        final PeerConfig config, final int speakerAs, final int routerId, final SessionListener listener,
        final EventLoop loop, final Connector connector, final SessionOptions options)
    {
        this.config = Objects.requireNonNull(config, "config");
        this.localAs = config.localAs().orElse(speakerAs);
        this.routerId = routerId;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.options = Objects.requireNonNull(options, "options");
        final String n = config.name() + ".";
        connectRetryTimer = loop.timer(n + "connect-retry", this::connectRetryExpired);
        holdTimer = loop.timer(n + "hold", this::holdTimerExpired);
        keepaliveTimer = loop.timer(n + "keepalive", this::keepaliveTimerExpired);
        idleHoldTimer = loop.timer(n + "idle-hold", this::automaticStart);
        restartTimer = loop.timer(n + "restart", () -> flushStale("restart time of the peer passed"));
        stalePathTimer = loop.timer(n + "stale-path", () -> flushStale("no End-of-RIB within the stale-path time"));
        for (final AfiSafi family : config.maxPrefixes().keySet())
        {
            announced.put(family, new HashSet<>());
        }
    }

    // ---------------------------------------------------------------- PeerSession

    public PeerConfig config()
    {
        return config;
    }

    public State state()
    {
        return state;
    }

    public Negotiated negotiated()
    {
        return state == State.ESTABLISHED ? negotiated : null;
    }

    public void send(final BgpMessage message)
    {
        if (state != State.ESTABLISHED)
        {
            return;
        }
        primary.send(message);
        sent(message.type());
    }

    /**
     * Send a message already encoded for this session's codec, as {@code UpdatePacker} emits them: a
     * method reference to this is an {@code UpdatePacker.MessageSink}. Ignored unless Established.
     *
     * @param buffer holding the message; copied before return.
     * @param offset of its header.
     * @param length of the message.
     */
    public void sendEncoded(final DirectBuffer buffer, final int offset, final int length)
    {
        if (state != State.ESTABLISHED)
        {
            return;
        }
        primary.sendEncoded(buffer, offset, length);
        sent(MessageHeader.type(buffer, offset));
    }

    private void sent(final int type)
    {
        messagesSent++;
        if (type == MessageHeader.TYPE_UPDATE)
        {
            updatesSent++;
            // RFC 4271 §8.2.2: sending an UPDATE restarts the KeepaliveTimer.
            restartKeepaliveTimer();
        }
    }

    public boolean congested()
    {
        return primary != null && primary.congested();
    }

    public void onWritable(final Runnable task)
    {
        if (primary == null)
        {
            task.run();
            return;
        }
        primary.onWritable(task);
    }

    public void stop(final int subcode, final String communication)
    {
        adminStopped = true;
        idleHoldTimer.stop();
        if (state == State.IDLE)
        {
            return;
        }
        final NotificationMessage cease = subcode == CEASE_ADMIN_SHUTDOWN || subcode == CEASE_ADMIN_RESET ?
            NotificationMessage.shutdown(subcode, communication == null ? "" : communication) :
            NotificationMessage.of(CEASE, subcode);
        final String reason = "stopped: sent NOTIFICATION " + NotificationText.describe(cease);
        if (primary != null)
        {
            final NotificationMessage sent = hardResetIfRequired(cease);
            sendNotification(primary, sent);
            downCause(true, sent);
        }
        else
        {
            downCause(true, null);
        }
        if (secondary != null)
        {
            sendNotification(secondary, cease);
        }
        toIdle(reason, false, false);
    }

    public void start()
    {
        if (retired)
        {
            return;
        }
        adminStopped = false;
        if (state != State.IDLE)
        {
            return;
        }
        idleHoldTimer.stop();
        automaticStart();
    }

    public long updatesReceived()
    {
        return updatesReceived;
    }

    public long updatesSent()
    {
        return updatesSent;
    }

    public String lastError()
    {
        return lastError;
    }

    // ---------------------------------------------------------------- status

    /**
     * @return messages received, all types.
     */
    public long messagesReceived()
    {
        return messagesReceived;
    }

    /**
     * @return messages sent, all types.
     */
    public long messagesSent()
    {
        return messagesSent;
    }

    /**
     * @return outgoing connection attempts made.
     */
    public long connectAttempts()
    {
        return connectAttempts;
    }

    /**
     * @return times the session reached Established.
     */
    public long establishedTransitions()
    {
        return establishedTransitions;
    }

    /**
     * @return times the session left Established.
     */
    public long flaps()
    {
        return flaps;
    }

    /**
     * @param listener told of every state change from now on (set by {@link BgpSessions}).
     */
    void stateListener(final SessionStateListener listener)
    {
        this.stateListener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * @param tap shown every UPDATE received on the established connection (set by {@link BgpSessions}).
     */
    void updateTap(final UpdateTap tap)
    {
        this.updateTap = Objects.requireNonNull(tap, "tap");
    }

    /** @return the AS this session speaks as: the neighbor's local-as, else the speaker's. */
    public int localAs()
    {
        return localAs;
    }

    /**
     * Apply a change of the neighbor's configuration that needs no reset ({@link PeerConfig#SESSION_FIELDS}
     * unchanged): its name, policies and the like are the routing side's; here only the prefix limits
     * (RFC 4486) matter. A family newly limited starts from what the peer announces now; a peer already
     * above a new limit is closed with Cease/Maximum Number of Prefixes Reached, as if it had just
     * crossed it.
     *
     * @param next          the new configuration.
     * @param announcedNow  per family, the prefixes the peer announces now (its Adj-RIB-In before policy).
     * @throws IllegalArgumentException when a session parameter changed.
     */
    public void applyLive(final PeerConfig next, final Function<AfiSafi, Collection<? extends IpPrefix>> announcedNow)
    {
        final List<String> changed = config.sessionFieldsChanged(next);
        if (!changed.isEmpty())
        {
            throw new IllegalArgumentException(config.name() + ": " + changed + " need a session reset");
        }
        config = next;
        announced.keySet().retainAll(next.maxPrefixes().keySet());
        for (final AfiSafi family : next.maxPrefixes().keySet())
        {
            if (!announced.containsKey(family))
            {
                announced.put(family, state == State.ESTABLISHED ? new HashSet<>(announcedNow.apply(family)) : new HashSet<>());
            }
        }
        if (state == State.ESTABLISHED)
        {
            for (final Map.Entry<AfiSafi, Set<IpPrefix>> e : announced.entrySet())
            {
                final int limit = next.maxPrefixes().get(e.getKey());
                if (e.getValue().size() > limit)
                {
                    maximumPrefixesReached(e.getKey(), limit, e.getValue().size());
                    return;
                }
            }
        }
    }

    /**
     * The neighbor is no longer configured as it was (removed, or a session parameter changed): close
     * the session with a Cease of {@code subcode} (RFC 4486), flush any routes kept for graceful
     * restart and stop every timer. A retired session never starts again.
     *
     * @param subcode Cease subcode (Peer De-configured, Other Configuration Change).
     */
    public void retire(final int subcode)
    {
        stop(subcode, "");
        if (!staleFamilies.isEmpty())
        {
            flushStale("neighbor " + (subcode == CEASE_PEER_DECONFIGURED ? "removed" : "reconfigured"));
        }
        retired = true;
        connectRetryTimer.stop();
        holdTimer.stop();
        keepaliveTimer.stop();
        idleHoldTimer.stop();
        restartTimer.stop();
        stalePathTimer.stop();
    }

    private void enter(final State next, final String reason)
    {
        final State from = state;
        state = next;
        if (from != next)
        {
            try
            {
                stateListener.stateChanged(this, from, next, reason);
            }
            catch (final RuntimeException ex)
            {
                LOG.log(Level.WARNING, config.name() + ": a state listener failed", ex);
            }
        }
    }

    /**
     * @param nowNs the loop clock's reading.
     * @return nanoseconds since the session reached Established, or 0 if it is not.
     */
    public long uptimeNs(final long nowNs)
    {
        return state == State.ESTABLISHED ? nowNs - establishedAtNs : 0;
    }

    /**
     * @return the connection the state refers to, or null (status and tests).
     */
    public BgpConnection connection()
    {
        return primary;
    }

    /**
     * @return families whose routes are held stale for the restarting peer.
     */
    public Set<AfiSafi> staleFamilies()
    {
        return Set.copyOf(staleFamilies);
    }

    /**
     * @return the OPEN this session sends now: with the R bit while the speaker is restarting
     *     ({@link SessionListener#restarting}).
     */
    public OpenMessage localOpen()
    {
        return OpenNegotiation.localOpen(config, localAs, routerId, options.restart().forwardingKept(),
            listener.restarting());
    }

    /**
     * @param task accepts the connections waiting on the listening socket (set by {@link BgpSessions}).
     */
    void acceptPending(final Runnable task)
    {
        this.acceptPending = Objects.requireNonNull(task, "task");
    }

    /**
     * Test hook: stop sending KEEPALIVEs (to make the peer's hold timer expire).
     *
     * @param suppressed true to stop.
     */
    void suppressKeepalives(final boolean suppressed)
    {
        this.keepalivesSuppressed = suppressed;
    }

    // ---------------------------------------------------------------- connection events

    private void automaticStart()
    {
        if (adminStopped || state != State.IDLE)
        {
            return;
        }
        // RFC 4271 §8.2.2 Idle: ManualStart -> Connect; ManualStart_with_PassiveTcpEstablishment -> Active.
        if (config.passive())
        {
            enter(State.ACTIVE, "passive: waiting for the peer to connect");
        }
        else
        {
            connect();
        }
    }

    private void connect()
    {
        enter(State.CONNECT, "connecting");
        connectRetryTimer.startSeconds(config.connectRetrySeconds());
        connectAttempts++;
        connecting = connector.connect(this);
    }

    private void connectRetryExpired()
    {
        switch (state)
        {
            case CONNECT ->
            {
                // RFC 4271 §8.2.2 Connect, Event 9: drop the attempt, restart the timer, connect again.
                dropConnecting();
                connect();
            }
            case ACTIVE ->
            {
                if (config.passive())
                {
                    return;
                }
                // RFC 4271 §8.2.2 Active, Event 9: initiate a connection, go to Connect.
                connect();
            }
            default ->
            {
            }
        }
    }

    /**
     * The outgoing connection is up (RFC 4271 Event 17, TcpConnectionConfirmed).
     *
     * @param connection the one {@link Connector#connect} returned.
     */
    void connected(final BgpConnection connection)
    {
        if (connection != connecting)
        {
            connection.close();
            return;
        }
        connecting = null;
        if (state == State.CONNECT || state == State.ACTIVE)
        {
            // RFC 4271 §8.2.2 Connect, Event 16/17: stop ConnectRetryTimer, send OPEN, hold timer 4 min, OpenSent.
            adoptPrimary(connection);
            return;
        }
        if ((state == State.OPEN_SENT || state == State.OPEN_CONFIRM) && secondary == null)
        {
            // The peer's connection came first; ours runs beside it until collision detection (§6.8) picks one,
            // the same one on both sides.
            connection.session = this;
            secondary = connection;
            sendOpen(connection);
            return;
        }
        connection.close();
    }

    /**
     * The outgoing connection failed (RFC 4271 Event 18, TcpConnectionFails).
     *
     * @param connection the one {@link Connector#connect} returned.
     * @param reason     why.
     */
    void connectFailed(final BgpConnection connection, final String reason)
    {
        if (connection != connecting)
        {
            return;
        }
        connecting = null;
        connection.close();
        LOG.log(Level.DEBUG, () -> config.name() + ": " + reason);
        if (state == State.CONNECT)
        {
            // RFC 4271 §8.2.2 Connect, Event 18: restart ConnectRetryTimer, keep listening, Active.
            connectRetryTimer.startSeconds(config.connectRetrySeconds());
            enter(State.ACTIVE, reason);
        }
    }

    /**
     * A connection from the neighbor's address was accepted (RFC 4271 Event 16/17 on the listening socket).
     *
     * @param connection the accepted connection, reading.
     */
    void incoming(final BgpConnection connection)
    {
        switch (state)
        {
            case IDLE ->
            {
                // RFC 4271 §8.2.2 Idle: connections are refused.
                connection.close();
            }
            case CONNECT, ACTIVE ->
            {
                // The outgoing attempt, if any, goes on: closing it could close a connection the peer has
                // already accepted and is using; collision detection settles the pair instead.
                adoptPrimary(connection);
            }
            case OPEN_SENT, OPEN_CONFIRM ->
            {
                if (secondary != null)
                {
                    connection.close();
                    return;
                }
                // RFC 4271 §6.8: both connections run until an OPEN tells which one stays.
                connection.session = this;
                secondary = connection;
                sendOpen(connection);
            }
            case ESTABLISHED ->
            {
                if (negotiated.peerRestart() != null && secondary == null)
                {
                    // RFC 4724 §4.2: the peer may have restarted. Its OPEN on the new connection will say so
                    // (see openReceived); a connection that closes without one (the loser of a collision
                    // race) leaves the session alone.
                    connection.session = this;
                    secondary = connection;
                    sendOpen(connection);
                    return;
                }
                // RFC 4271 §6.8: a collision with an Established session closes the new connection.
                connection.session = this;
                sendNotification(connection, NotificationMessage.of(CEASE, CEASE_CONNECTION_COLLISION_RESOLUTION));
                connection.close();
            }
        }
    }

    private void adoptPrimary(final BgpConnection connection)
    {
        connection.session = this;
        connection.waterMarks(options.sendHighWaterBytes(), options.sendLowWaterBytes());
        primary = connection;
        connectRetryTimer.stop();
        sendOpen(connection);
        holdTimer.startSeconds(OpenNegotiation.LARGE_HOLD_TIME_SECONDS);
        enter(State.OPEN_SENT, (connection.outbound() ? "connected" : "accepted a connection") + ", sent OPEN");
    }

    private void sendOpen(final BgpConnection connection)
    {
        final OpenMessage open = localOpen();
        connection.send(open);
        connection.sentOpen = open;
        connection.openSent = true;
        messagesSent++;
    }

    private void dropConnecting()
    {
        if (connecting != null)
        {
            final BgpConnection c = connecting;
            connecting = null;
            c.session = null;
            c.close();
        }
    }

    /**
     * The connection failed or the peer closed it (RFC 4271 Event 18).
     *
     * @param connection which.
     * @param reason     why.
     */
    void connectionFailed(final BgpConnection connection, final String reason)
    {
        if (connection == secondary)
        {
            connection.close();
            secondaryGone();
            return;
        }
        if (connection != primary)
        {
            return;
        }
        if (secondary != null)
        {
            // The other connection of a collision carries on.
            primary.close();
            promoteSecondary();
            return;
        }
        switch (state)
        {
            case OPEN_SENT ->
            {
                // RFC 4271 §8.2.2 OpenSent, Event 18: close, restart ConnectRetryTimer, Active.
                primary.close();
                primary = null;
                holdTimer.stop();
                lastError = reason;
                enter(State.ACTIVE, reason);
                connectRetryTimer.startSeconds(config.connectRetrySeconds());
            }
            case OPEN_CONFIRM, ESTABLISHED ->
            {
                downCause(false, null);
                toIdle(reason, true, true);
            }
            default ->
            {
            }
        }
    }

    private void secondaryGone()
    {
        secondary = null;
        if (state == State.OPEN_CONFIRM && primary != null && primary.keepaliveReceived)
        {
            established(primary);
        }
    }

    private void promoteSecondary()
    {
        primary = secondary;
        secondary = null;
        primary.waterMarks(options.sendHighWaterBytes(), options.sendLowWaterBytes());
        if (primary.negotiated != null)
        {
            enter(State.OPEN_CONFIRM, "connection collision: the other connection stays");
            startNegotiatedTimers(primary.negotiated);
        }
        else
        {
            enter(State.OPEN_SENT, "connection collision: the other connection stays");
            holdTimer.startSeconds(OpenNegotiation.LARGE_HOLD_TIME_SECONDS);
        }
    }

    /**
     * A header failed the checks of RFC 4271 §6.1.
     *
     * @param connection where.
     * @param problem    with the NOTIFICATION to send.
     */
    void badHeader(final BgpConnection connection, final DecodeProblem problem)
    {
        protocolError(connection, problem.notification(), "bad message header: " + problem.reason());
    }

    /**
     * One whole message arrived.
     *
     * @param connection where.
     * @param buffer     holding it.
     * @param offset     of its header.
     * @param length     of the message.
     */
    void receive(final BgpConnection connection, final DirectBuffer buffer, final int offset, final int length)
    {
        messagesReceived++;
        if (connection == primary && state == State.ESTABLISHED &&
            (buffer.getByte(offset + MessageHeader.TYPE_OFFSET) & 0xFF) == MessageHeader.TYPE_UPDATE)
        {
            updateTap.updateReceived(this, connection, buffer, offset, length);
        }
        final DecodeResult result = MessageDecoder.decode(buffer, offset, length, connection.codec);
        final ErrorAction action = result.action();
        if (action == ErrorAction.SESSION_RESET || (action == ErrorAction.AFI_SAFI_DISABLE && state != State.ESTABLISHED))
        {
            protocolError(connection, result.notification(), describe(result));
            return;
        }
        if (!result.isClean())
        {
            // RFC 7606 §6: the error with the whole UPDATE (its NLRI in it), so that the origin can be traced.
            LOG.log(Level.WARNING, () -> config.name() + ": " + result.action() + ": " + describeAll(result) +
                "; message " + java.util.HexFormat.of().formatHex(bytes(buffer, offset, Math.min(length, 4096))));
        }
        final BgpMessage message = result.message();
        if (connection != primary)
        {
            receiveOnSecondary(connection, message);
            return;
        }
        switch (state)
        {
            case OPEN_SENT -> receiveInOpenSent(connection, message);
            case OPEN_CONFIRM -> receiveInOpenConfirm(connection, message, result);
            case ESTABLISHED -> receiveInEstablished(connection, message, result);
            default ->
            {
            }
        }
    }

    private void receiveOnSecondary(final BgpConnection connection, final BgpMessage message)
    {
        if (connection != secondary)
        {
            connection.close();
            return;
        }
        switch (message)
        {
            case OpenMessage open -> openReceived(connection, open);
            case NotificationMessage n ->
            {
                connection.close();
                LOG.log(Level.DEBUG, () -> config.name() + ": second connection closed by NOTIFICATION " +
                    NotificationText.describe(n));
                secondaryGone();
            }
            default ->
            {
                sendNotification(connection, NotificationMessage.of(FINITE_STATE_MACHINE_ERROR,
                    FSM_UNEXPECTED_MESSAGE_IN_OPENSENT));
                connection.close();
                secondaryGone();
            }
        }
    }

    private void receiveInOpenSent(final BgpConnection connection, final BgpMessage message)
    {
        switch (message)
        {
            case OpenMessage open -> openReceived(connection, open);
            case NotificationMessage n -> notificationReceived(n);
            // RFC 4271 §8.2.2 OpenSent, Events 9, 12-13, 20-28: FSM error (RFC 6608 subcode 1).
            default -> fsmError(connection, FSM_UNEXPECTED_MESSAGE_IN_OPENSENT, message);
        }
    }

    private void receiveInOpenConfirm(final BgpConnection connection, final BgpMessage message, final DecodeResult result)
    {
        if (connection.keepaliveReceived && (message instanceof UpdateMessage || message instanceof RouteRefreshMessage))
        {
            // We held back Established after the peer's KEEPALIVE because a second connection waited for its OPEN.
            // The peer did not: it is Established on this connection (it sends UPDATEs), so RFC 4271 §6.8 has it
            // close the other one. Follow it, then take the message as Established does.
            established(connection);
            receiveInEstablished(connection, message, result);
            return;
        }
        switch (message)
        {
            case KeepaliveMessage ignored ->
            {
                // A connection the peer opened may wait in the listen queue: take it first, so that the
                // check below sees it.
                acceptPending.run();
                if (state != State.OPEN_CONFIRM || connection != primary)
                {
                    return;
                }
                if (secondary != null)
                {
                    // A second connection still waits for the peer's OPEN: the peer may be about to keep that
                    // one (§6.8). Becoming Established now would make us close it while the peer closes this
                    // one. Go on once its OPEN settles the collision or it closes (bounded by the hold timer).
                    connection.keepaliveReceived = true;
                    restartHoldTimer();
                    return;
                }
                // RFC 4271 §8.2.2 OpenConfirm, Event 26: restart the hold timer, Established.
                established(connection);
            }
            case NotificationMessage n -> notificationReceived(n);
            default -> fsmError(connection, FSM_UNEXPECTED_MESSAGE_IN_OPENCONFIRM, message);
        }
    }

    private void receiveInEstablished(final BgpConnection connection, final BgpMessage message, final DecodeResult result)
    {
        switch (message)
        {
            case KeepaliveMessage ignored -> restartHoldTimer();
            case UpdateMessage update ->
            {
                restartHoldTimer();
                updateReceived(update, result);
            }
            case RouteRefreshMessage refresh ->
            {
                restartHoldTimer();
                routeRefreshReceived(refresh);
            }
            case NotificationMessage n -> notificationReceived(n);
            case OpenMessage ignored -> fsmError(connection, FSM_UNEXPECTED_MESSAGE_IN_ESTABLISHED, message);
        }
    }

    // ---------------------------------------------------------------- OPEN exchange

    private void openReceived(final BgpConnection connection, final OpenMessage open)
    {
        final OpenNegotiation.Result check = OpenNegotiation.check(
            open, config, localAs, routerId, connection.localAddress(), connection.remoteAddress());
        if (check.error() != null)
        {
            if (connection == secondary)
            {
                sendNotification(connection, check.error());
                connection.close();
                secondaryGone();
                return;
            }
            protocolError(connection, check.error(), "OPEN rejected: " + check.reason());
            return;
        }
        if (state == State.ESTABLISHED)
        {
            if (connection != secondary || negotiated.peerRestart() == null || !OpenNegotiation.restarting(open))
            {
                // RFC 4271 §6.8: a collision with an Established session closes the new connection, unless it
                // comes from a peer that says it restarted (R bit, RFC 4724 §3).
                secondary = null;
                sendNotification(connection, NotificationMessage.of(CEASE, CEASE_CONNECTION_COLLISION_RESOLUTION));
                connection.close();
                return;
            }
            // RFC 4724 §4.2: an OPEN from a restarting peer while Established ends the old session as a TCP
            // failure would (its routes stay, stale) and the new connection carries on.
            secondary = null;
            downCause(false, null);
            toIdle("peer restarted: new OPEN while Established", true, false);
            connection.session = this;
            connection.waterMarks(options.sendHighWaterBytes(), options.sendLowWaterBytes());
            primary = connection;
        }
        // Like BIRD: an OPEN ends our outgoing attempt (the peer is talking to us already)...
        dropConnecting();
        final BgpConnection other = connection == primary ? secondary : primary;
        if (other != null && other.peerOpen != null)
        {
            // ...and RFC 4271 §6.8 (RFC 6286 §2.3 on equal identifiers) settles a collision once both
            // connections have an OPEN: the one initiated by the speaker with the higher identifier stays.
            final int byId = Integer.compareUnsigned(routerId, open.bgpIdentifier());
            final boolean keepIncoming = byId != 0 ? byId < 0 :
                Integer.compareUnsigned(localAs, check.negotiated().peerAs()) < 0;
            final BgpConnection loser;
            if (connection.outbound() == other.outbound())
            {
                loser = connection;
            }
            else if (keepIncoming)
            {
                loser = connection.outbound() ? connection : other;
            }
            else
            {
                loser = connection.outbound() ? other : connection;
            }
            final String side = loser.outbound() ? "outgoing" : "incoming";
            LOG.log(Level.DEBUG, () -> config.name() + ": connection collision, closing the " + side + " one");
            sendNotification(loser, NotificationMessage.of(CEASE, CEASE_CONNECTION_COLLISION_RESOLUTION));
            loser.close();
            final BgpConnection winner = loser == connection ? other : connection;
            primary = winner;
            secondary = null;
            winner.waterMarks(options.sendHighWaterBytes(), options.sendLowWaterBytes());
            if (winner == other)
            {
                enter(State.OPEN_CONFIRM, "connection collision resolved: the other connection stays");
                startNegotiatedTimers(other.negotiated);
                if (other.keepaliveReceived)
                {
                    established(other);
                }
                return;
            }
        }
        else if (other != null && connection == secondary)
        {
            // The first connection to get an OPEN becomes the one the state refers to; the other stays in
            // OpenSent until its OPEN settles the collision, or is closed when this one is Established.
            secondary = primary;
            primary = connection;
            connection.waterMarks(options.sendHighWaterBytes(), options.sendLowWaterBytes());
        }
        connection.peerOpen = open;
        connection.negotiated = check.negotiated();
        connection.codec = check.negotiated().codec();
        // RFC 4271 §8.2.2 OpenSent, Event 19: send KEEPALIVE, set the timers, OpenConfirm.
        connection.send(KeepaliveMessage.INSTANCE);
        messagesSent++;
        enter(State.OPEN_CONFIRM, "received OPEN, sent KEEPALIVE");
        startNegotiatedTimers(check.negotiated());
    }

    private void startNegotiatedTimers(final Negotiated n)
    {
        if (n.holdTimeSeconds() == 0)
        {
            holdTimer.stop();
            keepaliveTimer.stop();
            return;
        }
        holdTimer.startSeconds(n.holdTimeSeconds());
        keepaliveTimer.startSeconds(n.keepaliveSeconds());
    }

    private void established(final BgpConnection connection)
    {
        negotiated = connection.negotiated;
        peerNotificationRestart = config.gracefulRestart() && OpenNegotiation.notificationRestart(connection.peerOpen);
        if (secondary != null)
        {
            sendNotification(secondary, NotificationMessage.of(CEASE, CEASE_CONNECTION_COLLISION_RESOLUTION));
            secondary.close();
            secondary = null;
        }
        restartHoldTimer();
        establishedAtNs = loop.nowNs();
        establishedTransitions++;
        enter(State.ESTABLISHED, "received KEEPALIVE");
        restartTimer.stop();
        // RFC 4724 §4.2: a family the restarted peer did not keep forwarding state for (F bit 0), or no
        // longer advertises, is flushed at once; the others wait for the family's End-of-RIB.
        final Negotiated.PeerRestart restart = negotiated.peerRestart();
        for (final AfiSafi family : List.copyOf(staleFamilies))
        {
            final Boolean kept = restart == null ? null : restart.forwardingKept().get(family);
            if (kept == null || !kept || !negotiated.families().contains(family))
            {
                staleFamilies.remove(family);
                listener.staleTimeout(this, family);
            }
        }
        if (!staleFamilies.isEmpty())
        {
            stalePathTimer.startSeconds(options.stalePathTimeSeconds());
        }
        listener.established(this, negotiated);
    }

    // ---------------------------------------------------------------- Established

    private void updateReceived(final UpdateMessage decoded, final DecodeResult result)
    {
        updatesReceived++;
        boolean treatAsWithdraw = false;
        for (final DecodeProblem problem : result.problems())
        {
            if (problem.action() == ErrorAction.AFI_SAFI_DISABLE && !disableFamily(problem))
            {
                return;
            }
            treatAsWithdraw |= problem.action() == ErrorAction.TREAT_AS_WITHDRAW;
        }
        final UpdateMessage update = withoutIgnoredFamilies(decoded);
        if (update == null)
        {
            return;
        }
        if (!treatAsWithdraw && unnegotiatedIpv6NextHop(update))
        {
            treatAsWithdraw = true;
        }
        final AfiSafi endOfRib = update.endOfRibFamily();
        if (endOfRib != null)
        {
            if (result.isClean())
            {
                endOfRibReceived(endOfRib);
            }
            // Not clean and without routes (its only content was dropped): nothing to deliver.
            return;
        }
        if (treatAsWithdraw)
        {
            // RFC 7606 §2: every route of the UPDATE is withdrawn.
            for (final UpdateMessage withdrawal : asWithdrawals(update))
            {
                if (!deliver(withdrawal))
                {
                    return;
                }
            }
            return;
        }
        deliver(update);
    }

    /**
     * IPv4 routes in MP_REACH_NLRI with an IPv6 next hop from a peer that has not negotiated RFC 8950's Extended
     * Next Hop Encoding: the next hop is not one this session may use, the NLRI are still well delimited, so the
     * routes are treated as withdrawn (RFC 7606 §2, as for a next hop that cannot be used, §7.3) and the session
     * stays up. Logged once per session.
     */
    private boolean unnegotiatedIpv6NextHop(final UpdateMessage update)
    {
        final MpReachNlri mp = update.mpReach();
        if (mp == null || !AfiSafi.IPV4_UNICAST.equals(mp.afiSafi()) || mp.nextHop().isIpv4() ||
            negotiated.extendedNextHop())
        {
            return false;
        }
        if (!loggedUnnegotiatedNextHop)
        {
            loggedUnnegotiatedNextHop = true;
            LOG.log(Level.WARNING, () -> config.name() + ": IPv4 routes with IPv6 next hop " + mp.nextHop() +
                " without the extended next hop capability (RFC 8950) negotiated: treated as withdrawn");
        }
        return true;
    }

    /**
     * RFC 7606 §2 "AFI/SAFI disable" (RFC 4760 §7): remove the peer's routes of the family and ignore the
     * family until the session restarts. The routes go through the listener's enhanced route refresh
     * pair: Begin marks them all stale, End purges those still stale, which is all of them.
     *
     * @param problem naming the family.
     * @return false if nothing is left to exchange and the session was reset instead.
     */
    private boolean disableFamily(final DecodeProblem problem)
    {
        final AfiSafi family = problem.afiSafi();
        if (family == null || !disabledFamilies.add(family))
        {
            return true;
        }
        LOG.log(Level.WARNING, () -> config.name() + ": disabling " + family + ": " + problem.reason());
        if (disabledFamilies.containsAll(negotiated.families()))
        {
            protocolError(primary, problem.notification(), "every family disabled: " + problem.reason());
            return false;
        }
        final Set<IpPrefix> counted = announced.get(family);
        if (counted != null)
        {
            counted.clear();
        }
        listener.routeRefreshBegin(this, family);
        listener.routeRefreshEnd(this, family);
        return true;
    }

    /**
     * @param family of routes received.
     * @return true if they are dropped: the family was not negotiated (RFC 4760 §6 lets a speaker ignore
     *     it) or was disabled by RFC 7606.
     */
    private boolean ignored(final AfiSafi family)
    {
        return !negotiated.families().contains(family) || disabledFamilies.contains(family);
    }

    /**
     * @param update as decoded.
     * @return it without the routes of ignored families, or null if nothing is left (an End-of-RIB of an
     *     ignored family included).
     */
    private UpdateMessage withoutIgnoredFamilies(final UpdateMessage update)
    {
        final boolean ipv4 = ignored(AfiSafi.IPV4_UNICAST);
        final boolean reach = update.mpReach() != null && ignored(update.mpReach().afiSafi());
        final boolean unreach = update.mpUnreach() != null && ignored(update.mpUnreach().afiSafi());
        final boolean ipv4Content = !update.nlri().isEmpty() || !update.withdrawn().isEmpty();
        if (!(ipv4 && ipv4Content) && !reach && !unreach)
        {
            if (ipv4 && update.endOfRibFamily() == AfiSafi.IPV4_UNICAST)
            {
                return null;
            }
            return update;
        }
        final UpdateMessage stripped = new UpdateMessage(ipv4 ? List.of() : update.withdrawn(), update.attributes(),
            ipv4 ? List.of() : update.nlri(), reach ? null : update.mpReach(), unreach ? null : update.mpUnreach());
        final boolean empty = stripped.nlri().isEmpty() && stripped.withdrawn().isEmpty() &&
            stripped.mpReach() == null && stripped.mpUnreach() == null;
        return empty ? null : stripped;
    }

    private boolean deliver(final UpdateMessage update)
    {
        if (!announced.isEmpty() && !countPrefixes(update))
        {
            return false;
        }
        listener.update(this, update);
        return state == State.ESTABLISHED;
    }

    /**
     * RFC 7606 treat-as-withdraw: the UPDATE's announcements and withdrawals, all as withdrawals, one
     * message per family (an UPDATE has one MP_UNREACH_NLRI).
     *
     * @param update as decoded.
     * @return the withdrawals.
     */
    static List<UpdateMessage> asWithdrawals(final UpdateMessage update)
    {
        final List<UpdateMessage> out = new ArrayList<>(2);
        final List<Prefix4> ipv4 = new ArrayList<>(update.withdrawn());
        ipv4.addAll(update.nlri());
        final Map<AfiSafi, List<IpPrefix>> other = new java.util.LinkedHashMap<>();
        if (update.mpUnreach() != null)
        {
            other.computeIfAbsent(update.mpUnreach().afiSafi(), f -> new ArrayList<>()).addAll(update.mpUnreach().withdrawn());
        }
        if (update.mpReach() != null)
        {
            other.computeIfAbsent(update.mpReach().afiSafi(), f -> new ArrayList<>()).addAll(update.mpReach().nlri());
        }
        if (other.isEmpty())
        {
            out.add(UpdateMessage.withdraw(ipv4));
            return out;
        }
        boolean first = true;
        for (final Map.Entry<AfiSafi, List<IpPrefix>> e : other.entrySet())
        {
            out.add(new UpdateMessage(first ? ipv4 : List.of(), PathAttributes.EMPTY, List.of(), null,
                new MpUnreachNlri(e.getKey(), e.getValue())));
            first = false;
        }
        return out;
    }

    /**
     * Count announced-minus-withdrawn prefixes per limited family (RFC 4486).
     *
     * @param update to apply.
     * @return false if a limit was exceeded and the session is going down.
     */
    private boolean countPrefixes(final UpdateMessage update)
    {
        apply(AfiSafi.IPV4_UNICAST, update.withdrawn(), update.nlri());
        if (update.mpUnreach() != null)
        {
            apply(update.mpUnreach().afiSafi(), update.mpUnreach().withdrawn(), List.of());
        }
        if (update.mpReach() != null)
        {
            apply(update.mpReach().afiSafi(), List.of(), update.mpReach().nlri());
        }
        for (final Map.Entry<AfiSafi, Set<IpPrefix>> e : announced.entrySet())
        {
            final int limit = config.maxPrefixes().get(e.getKey());
            if (e.getValue().size() > limit)
            {
                maximumPrefixesReached(e.getKey(), limit, e.getValue().size());
                return false;
            }
        }
        return true;
    }

    private void apply(final AfiSafi family, final List<? extends IpPrefix> withdrawn, final List<? extends IpPrefix> added)
    {
        final Set<IpPrefix> set = announced.get(family);
        if (set == null)
        {
            return;
        }
        for (final IpPrefix p : withdrawn)
        {
            set.remove(p);
        }
        set.addAll(added);
    }

    private void maximumPrefixesReached(final AfiSafi family, final int limit, final int count)
    {
        // RFC 4486 §4: data is AFI (2), SAFI (1), the upper bound (4).
        final byte[] data = {
            (byte)(family.afi() >>> 8), (byte)family.afi(), (byte)family.safi(),
            (byte)(limit >>> 24), (byte)(limit >>> 16), (byte)(limit >>> 8), (byte)limit};
        final NotificationMessage cease = new NotificationMessage(CEASE, CEASE_MAXIMUM_PREFIXES_REACHED, data);
        final NotificationMessage sent = hardResetIfRequired(cease);
        sendNotification(primary, sent);
        downCause(true, sent);
        toIdle("maximum prefixes reached for " + family + ": " + count + " > " + limit + ", sent NOTIFICATION " +
            NotificationText.describe(cease), false, true);
    }

    private void endOfRibReceived(final AfiSafi family)
    {
        listener.endOfRib(this, family);
        if (staleFamilies.remove(family))
        {
            // RFC 4724 §4.2: routes of the family still stale after its End-of-RIB are gone.
            listener.staleTimeout(this, family);
            if (staleFamilies.isEmpty())
            {
                stalePathTimer.stop();
            }
        }
    }

    private void routeRefreshReceived(final RouteRefreshMessage refresh)
    {
        final AfiSafi family = refresh.afiSafi();
        if (!negotiated.families().contains(family))
        {
            // RFC 2918 §4: a request for a family not advertised is ignored.
            return;
        }
        switch (refresh.subtype())
        {
            case RouteRefreshMessage.NORMAL -> listener.routeRefreshRequested(this, family);
            case RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH -> listener.routeRefreshBegin(this, family);
            case RouteRefreshMessage.END_OF_ROUTE_REFRESH -> listener.routeRefreshEnd(this, family);
            default ->
            {
                // RFC 7313 §5: other subtypes are ignored.
            }
        }
    }

    // ---------------------------------------------------------------- timers

    private void restartHoldTimer()
    {
        if (negotiated != null && negotiated.holdTimeSeconds() > 0 && state == State.ESTABLISHED)
        {
            holdTimer.startSeconds(negotiated.holdTimeSeconds());
        }
        else if (state == State.OPEN_CONFIRM && primary.negotiated != null && primary.negotiated.holdTimeSeconds() > 0)
        {
            holdTimer.startSeconds(primary.negotiated.holdTimeSeconds());
        }
    }

    private void restartKeepaliveTimer()
    {
        if (negotiated != null && negotiated.keepaliveSeconds() > 0)
        {
            keepaliveTimer.startSeconds(negotiated.keepaliveSeconds());
        }
    }

    private void holdTimerExpired()
    {
        if (primary == null)
        {
            return;
        }
        // RFC 4271 §8.2.2 Event 10: NOTIFICATION Hold Timer Expired, Idle. RFC 8538 §4: with the N bit, the
        // routes stay (graceful restart); without it a NOTIFICATION ends graceful restart.
        final NotificationMessage expired = NotificationMessage.of(HOLD_TIMER_EXPIRED, UNSPECIFIC);
        sendNotification(primary, expired);
        downCause(true, expired);
        toIdle("hold timer expired", peerNotificationRestart, true);
    }

    private void keepaliveTimerExpired()
    {
        if (primary == null || (state != State.OPEN_CONFIRM && state != State.ESTABLISHED))
        {
            return;
        }
        final Negotiated n = state == State.ESTABLISHED ? negotiated : primary.negotiated;
        if (!keepalivesSuppressed)
        {
            primary.send(KeepaliveMessage.INSTANCE);
            messagesSent++;
        }
        if (n != null && n.keepaliveSeconds() > 0)
        {
            keepaliveTimer.startSeconds(n.keepaliveSeconds());
        }
    }

    private void flushStale(final String why)
    {
        LOG.log(Level.INFO, () -> config.name() + ": flushing stale routes of " + staleFamilies + ": " + why);
        for (final AfiSafi family : List.copyOf(staleFamilies))
        {
            staleFamilies.remove(family);
            listener.staleTimeout(this, family);
        }
        restartTimer.stop();
        stalePathTimer.stop();
    }

    // ---------------------------------------------------------------- errors and Idle

    private void fsmError(final BgpConnection connection, final int subcode, final BgpMessage message)
    {
        protocolError(connection, NotificationMessage.of(FINITE_STATE_MACHINE_ERROR, subcode),
            "unexpected " + message.getClass().getSimpleName() + " in " + state);
    }

    private void protocolError(final BgpConnection connection, final NotificationMessage notification, final String reason)
    {
        if (connection != primary)
        {
            sendNotification(connection, notification);
            connection.close();
            if (connection == secondary)
            {
                secondaryGone();
            }
            return;
        }
        sendNotification(connection, notification);
        downCause(true, notification);
        // RFC 8538 §4: with the N bit, an error other than Hard Reset keeps the routes.
        toIdle(reason + ", sent NOTIFICATION " + NotificationText.describe(notification),
            peerNotificationRestart, true);
    }

    private void notificationReceived(final NotificationMessage n)
    {
        if (state != State.ESTABLISHED && n.code() == CEASE && n.subcode() == CEASE_CONNECTION_COLLISION_RESOLUTION &&
            (secondary != null || connecting != null))
        {
            // The peer resolved a collision before we saw it: its choice is our other connection.
            primary.close();
            if (secondary != null)
            {
                promoteSecondary();
            }
            else
            {
                primary = null;
                holdTimer.stop();
                keepaliveTimer.stop();
                enter(State.CONNECT, "the peer chose our other connection");
                connectRetryTimer.startSeconds(config.connectRetrySeconds());
            }
            return;
        }
        final boolean hardReset = n.code() == CEASE && n.subcode() == CEASE_HARD_RESET;
        downCause(false, n);
        // RFC 8538 §4: with the N bit both ways, any NOTIFICATION but Hard Reset keeps the routes.
        toIdle("received NOTIFICATION " + NotificationText.describe(n), peerNotificationRestart && !hardReset, true);
    }

    private void downCause(final boolean local, final NotificationMessage notification)
    {
        downLocal = local;
        downNotification = notification;
    }

    /**
     * @return whether this end closed the last session that left Established (else the peer did or the
     *     connection failed); read when the state listener hears it leave (BMP Peer Down, RFC 7854 §4.9).
     */
    public boolean downLocal()
    {
        return downLocal;
    }

    /**
     * @return the NOTIFICATION that ended the last session that left Established (sent if {@link #downLocal},
     *     else received), or null if none was.
     */
    public NotificationMessage downNotification()
    {
        return downNotification;
    }

    private void sendNotification(final BgpConnection connection, final NotificationMessage notification)
    {
        try
        {
            connection.send(notification);
            messagesSent++;
        }
        catch (final IllegalArgumentException ex)
        {
            LOG.log(Level.WARNING, config.name() + ": cannot send " + notification, ex);
        }
    }

    /**
     * RFC 8538 §5: with the N bit negotiated, a Cease that must flush the peer's routes goes inside a Hard
     * Reset.
     */
    private NotificationMessage hardResetIfRequired(final NotificationMessage cease)
    {
        if (!peerNotificationRestart || cease.code() != CEASE)
        {
            return cease;
        }
        final int sub = cease.subcode();
        if (sub != CEASE_MAXIMUM_PREFIXES_REACHED && sub != CEASE_ADMIN_SHUTDOWN && sub != CEASE_PEER_DECONFIGURED &&
            sub != CEASE_ADMIN_RESET)
        {
            return cease;
        }
        final byte[] inner = cease.data();
        final byte[] data = new byte[2 + inner.length];
        data[0] = (byte)cease.code();
        data[1] = (byte)cease.subcode();
        System.arraycopy(inner, 0, data, 2, inner.length);
        return new NotificationMessage(CEASE, CEASE_HARD_RESET, data);
    }

    /**
     * Leave whatever state for Idle: close every connection, stop the timers, tell the listener if the
     * session was Established and apply graceful restart.
     *
     * @param reason      for lastError and the listener.
     * @param gracefulOk  graceful restart may keep the routes (no NOTIFICATION, or one RFC 8538 allows).
     * @param autoRestart start again after the connect-retry time.
     */
    private void toIdle(final String reason, final boolean gracefulOk, final boolean autoRestart)
    {
        final boolean wasEstablished = state == State.ESTABLISHED;
        final Negotiated was = negotiated;
        dropConnecting();
        if (primary != null)
        {
            primary.close();
            primary = null;
        }
        if (secondary != null)
        {
            secondary.close();
            secondary = null;
        }
        connectRetryTimer.stop();
        holdTimer.stop();
        keepaliveTimer.stop();
        negotiated = null;
        peerNotificationRestart = false;
        for (final Set<IpPrefix> set : announced.values())
        {
            set.clear();
        }
        disabledFamilies.clear();
        loggedUnnegotiatedNextHop = false;
        lastError = reason;
        if (wasEstablished)
        {
            flaps++;
        }
        enter(State.IDLE, reason);
        LOG.log(Level.INFO, () -> config.name() + ": down: " + reason);
        if (wasEstablished)
        {
            final Negotiated.PeerRestart restart = was.peerRestart();
            final boolean keep = gracefulOk && restart != null;
            listener.down(this, reason, keep);
            if (keep)
            {
                // RFC 4724 §4.2: keep the families of the peer's capability; flush the others now.
                for (final AfiSafi family : was.families())
                {
                    if (restart.forwardingKept().containsKey(family))
                    {
                        staleFamilies.add(family);
                    }
                    else
                    {
                        staleFamilies.remove(family);
                        listener.staleTimeout(this, family);
                    }
                }
                stalePathTimer.stop();
                if (!staleFamilies.isEmpty())
                {
                    restartTimer.startSeconds(restart.restartTimeSeconds());
                }
            }
            else if (!staleFamilies.isEmpty())
            {
                flushStale("session ended without graceful restart");
            }
        }
        if (autoRestart && !adminStopped)
        {
            idleHoldTimer.startSeconds(config.connectRetrySeconds());
        }
    }

    private static String describeAll(final DecodeResult result)
    {
        final StringBuilder sb = new StringBuilder();
        for (final DecodeProblem p : result.problems())
        {
            sb.append(sb.isEmpty() ? "" : "; ").append(p.action()).append(' ').append(p.reason());
        }
        return sb.toString();
    }

    private static byte[] bytes(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] out = new byte[length];
        buffer.getBytes(offset, out);
        return out;
    }

    private static String describe(final DecodeResult result)
    {
        final StringBuilder sb = new StringBuilder();
        for (final DecodeProblem p : result.problems())
        {
            if (p.action() == result.action())
            {
                sb.append(sb.isEmpty() ? "" : "; ").append(p.reason());
            }
        }
        return sb.toString();
    }

    public String toString()
    {
        return "BgpSession[" + config.name() + " " + config.remoteAddress() + " " + state + "]";
    }
}
