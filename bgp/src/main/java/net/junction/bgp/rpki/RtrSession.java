/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rpki;

import net.junction.bgp.transport.EventLoop;
import net.junction.bgp.transport.IoHandler;
import net.junction.bgp.transport.Timer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The router's side of one RTR session (RFC 8210, down to RFC 6810) with one cache, on the speaker's event loop.
 * <p>
 * The states, and what moves between them (section numbers of RFC 8210):
 * <pre>
 *   IDLE --retry timer--> CONNECTING --connected--> RESET_SENT (no data) or SERIAL_SENT (data: §8.2)
 *   RESET_SENT / SERIAL_SENT --Cache Response--> RECEIVING --Prefix PDUs--> RECEIVING --End of Data--> SYNCED
 *   SYNCED --refresh timer or Serial Notify--> SERIAL_SENT;  SERIAL_SENT --Cache Reset--> RESET_SENT (§8.3)
 *   any --error, close--> IDLE (the data is kept until its expire interval passes without an End of Data, §6)
 * </pre>
 * Changes inside one response are staged and applied together at End of Data (§8.1), so the validator never
 * sees half of an update. A malformed PDU, a duplicate announcement or the withdrawal of an unknown record is
 * answered with an Error Report and the session is closed, nothing of the response applied (§10). Version:
 * version 1 is offered first; a cache that answers with Unsupported Protocol Version (or with version 0
 * PDUs) gets a new session at version 0 (§7). Once a version is used, a PDU of another is an error.
 * <p>
 * Loop thread only, but {@link #status()}.
 */
public final class RtrSession implements IoHandler
{
    /** What the session tells its owner. */
    public interface Listener
    {
        /**
         * The cache's data changed at an End of Data, or was dropped (expired, or replaced by a reset).
         *
         * @param session   the session.
         * @param announced VRPs now in its data.
         * @param withdrawn VRPs no longer in it.
         */
        void dataChanged(RtrSession session, List<Vrp> announced, List<Vrp> withdrawn);

        /**
         * @param session whose state changed (its status shows how).
         */
        void stateChanged(RtrSession session);
    }

    /** The session's states. */
    public enum State
    {
        IDLE, CONNECTING, RESET_SENT, SERIAL_SENT, RECEIVING, SYNCED
    }

    private static final System.Logger LOG = System.getLogger(RtrSession.class.getName());
    private static final int READ_BUFFER = RtrCodec.MAX_PDU_LENGTH * 2;
    /** Connecting again after a drop to version 0 waits this long, not the retry interval. */
    private static final long DOWNGRADE_DELAY_NS = 100_000_000L;

    private final EventLoop loop;
    private final RpkiConfig.Cache config;
    private final Listener listener;
    private final Timer retryTimer;
    private final Timer refreshTimer;
    private final Timer expireTimer;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER).order(ByteOrder.BIG_ENDIAN);
    private final ArrayDeque<ByteBuffer> writes = new ArrayDeque<>();

    private SocketChannel channel;
    private SelectionKey key;
    private State state = State.IDLE;
    private int version = RtrPdu.VERSION_1;
    /** Whether a PDU of {@link #version} came from the cache on this connection. */
    private boolean versionSettled;
    private boolean stopped;

    /** The cache's data as of its last End of Data. */
    private final Set<Vrp> vrps = new HashSet<>();
    /** How many of {@link #vrps} are IPv4. */
    private long vrps4;
    private boolean hasData;
    private int sessionId = -1;
    private int serial;
    /** Inside a response: the changes so far (true: announce, false: withdraw); a reset's: its whole data. */
    private final Map<Vrp, Boolean> staged = new LinkedHashMap<>();
    private boolean stagingReset;
    private int refreshSeconds = RpkiConfig.DEFAULT_REFRESH;
    private int retrySeconds = RpkiConfig.DEFAULT_RETRY;
    private int expireSeconds = RpkiConfig.DEFAULT_EXPIRE;
    private long lastUpdateMs;
    private long resets;
    private long serialUpdates;
    private String lastError = "";

    /**
     * @param loop     the speaker's loop.
     * @param config   the cache.
     * @param listener told of data and state changes.
     */
    public RtrSession(final EventLoop loop, final RpkiConfig.Cache config, final Listener listener)
    {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.retryTimer = loop.timer("rtr-retry " + config.name(), this::connect);
        this.refreshTimer = loop.timer("rtr-refresh " + config.name(), this::refresh);
        this.expireTimer = loop.timer("rtr-expire " + config.name(), this::expire);
        config.refresh().ifPresent(s -> refreshSeconds = s);
        config.retry().ifPresent(s -> retrySeconds = s);
        config.expire().ifPresent(s -> expireSeconds = s);
    }

    /**
     * @return the cache.
     */
    public RpkiConfig.Cache config()
    {
        return config;
    }

    /**
     * @return the state.
     */
    public State state()
    {
        return state;
    }

    /**
     * @return whether it holds data (an End of Data came, and did not expire since).
     */
    public boolean hasData()
    {
        return hasData;
    }

    /**
     * @return the cache's data as of its last End of Data (loop thread; do not change it).
     */
    public Set<Vrp> vrps()
    {
        return vrps;
    }

    /**
     * @return IPv4 VRPs in its data.
     */
    public long vrps4()
    {
        return vrps4;
    }

    /**
     * @return the protocol version in use (or offered next).
     */
    public int version()
    {
        return version;
    }

    /**
     * @return the cache's session id, or -1 before the first Cache Response.
     */
    public int sessionId()
    {
        return sessionId;
    }

    /**
     * @return the serial of the data held.
     */
    public int serial()
    {
        return serial;
    }

    /**
     * @return the last error, or empty.
     */
    public String lastError()
    {
        return lastError;
    }

    /**
     * @return epoch ms of the last End of Data, or 0.
     */
    public long lastUpdateMs()
    {
        return lastUpdateMs;
    }

    /**
     * @return Reset Queries answered with data since start.
     */
    public long resets()
    {
        return resets;
    }

    /**
     * @return Serial Queries answered with data since start.
     */
    public long serialUpdates()
    {
        return serialUpdates;
    }

    /**
     * @return the refresh, retry and expire intervals in use, seconds.
     */
    public int[] intervals()
    {
        return new int[]{refreshSeconds, retrySeconds, expireSeconds};
    }

    /** Connect now. */
    public void start()
    {
        stopped = false;
        connect();
    }

    /** Close the connection and stop every timer; the data is dropped (the listener hears it withdrawn). */
    public void stop()
    {
        stopped = true;
        retryTimer.stop();
        refreshTimer.stop();
        expireTimer.stop();
        closeChannel();
        state = State.IDLE;
        dropData();
    }

    // ------------------------------------------------------------------------------------------------ connection

    private void connect()
    {
        if (stopped || channel != null)
        {
            return;
        }
        try
        {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            final InetSocketAddress to = new InetSocketAddress(InetAddress.getByName(config.address().toString()), config.port());
            final boolean done = channel.connect(to);
            key = loop.register(channel, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
            state = State.CONNECTING;
            listener.stateChanged(this);
            if (done)
            {
                connected();
            }
        }
        catch (final IOException ex)
        {
            failed("connect failed: " + ex.getMessage());
        }
    }

    @Override
    public void onReady(final SelectionKey readyKey)
    {
        if (!readyKey.isValid() || readyKey != key)
        {
            return;
        }
        final int ready = readyKey.readyOps();
        if ((ready & SelectionKey.OP_CONNECT) != 0)
        {
            try
            {
                channel.finishConnect();
            }
            catch (final IOException ex)
            {
                failed("connect failed: " + ex.getMessage());
                return;
            }
            key.interestOps(SelectionKey.OP_READ);
            connected();
            return;
        }
        if ((ready & SelectionKey.OP_READ) != 0)
        {
            read();
        }
        if (key != null && key.isValid() && (ready & SelectionKey.OP_WRITE) != 0)
        {
            flush();
        }
    }

    private void connected()
    {
        versionSettled = false;
        readBuffer.clear();
        // RFC 8210 §8.1 / §8.2: a router without data (or of another session) resets; one with data asks for the
        // changes since its serial.
        if (hasData)
        {
            sendSerialQuery();
        }
        else
        {
            sendResetQuery();
        }
    }

    private void read()
    {
        for (int i = 0; i < 16; i++)
        {
            final int n;
            try
            {
                n = channel.read(readBuffer);
            }
            catch (final IOException ex)
            {
                failed("connection failed: " + ex.getMessage());
                return;
            }
            if (n < 0)
            {
                failed("connection closed by the cache");
                return;
            }
            if (n == 0)
            {
                return;
            }
            readBuffer.flip();
            while (channel != null)
            {
                final RtrCodec.Decoded d = RtrCodec.decode(readBuffer);
                if (d == null)
                {
                    break;
                }
                if (d.malformed() != null)
                {
                    final RtrCodec.Malformed m = d.malformed();
                    sendErrorAndClose(m.errorCode(), m.erroneousPdu(), m.text());
                    return;
                }
                receive(d.pdu());
            }
            if (channel == null)
            {
                return;
            }
            readBuffer.compact();
        }
    }

    // ------------------------------------------------------------------------------------------------ the protocol

    /** One PDU from the cache, in order. Package-private: tests feed PDUs without a socket. */
    void receive(final RtrPdu pdu)
    {
        if (pdu.version() != version)
        {
            if (!versionSettled && pdu.version() < version)
            {
                // RFC 8210 §7: the cache speaks an older version; a new session at that one.
                downgrade(pdu.version(), "the cache answered with version " + pdu.version());
                return;
            }
            sendErrorAndClose(RtrCodec.ERROR_UNEXPECTED_PROTOCOL_VERSION, RtrCodec.encode(pdu),
                "version " + pdu.version() + " PDU in a version " + version + " session");
            return;
        }
        if (!(pdu instanceof RtrPdu.ErrorReport))
        {
            versionSettled = true;
        }
        switch (pdu)
        {
            case RtrPdu.SerialNotify n ->
            {
                // §8.4: ask for the changes, unless a query is already out.
                if (state == State.SYNCED && n.serial() != serial)
                {
                    sendSerialQuery();
                }
            }
            case RtrPdu.CacheResponse r ->
            {
                if (state != State.RESET_SENT && state != State.SERIAL_SENT)
                {
                    sendErrorAndClose(RtrCodec.ERROR_CORRUPT_DATA, RtrCodec.encode(r), "Cache Response without a query");
                    return;
                }
                if (state == State.SERIAL_SENT && r.sessionId() != sessionId)
                {
                    // §5.1: the cache restarted under a new session: its serials mean nothing to us.
                    sendErrorAndClose(RtrCodec.ERROR_CORRUPT_DATA, RtrCodec.encode(r), "session id " + r.sessionId() +
                        " in the Cache Response, not " + sessionId);
                    dropData();
                    return;
                }
                stagingReset = state == State.RESET_SENT;
                staged.clear();
                sessionId = r.sessionId();
                state = State.RECEIVING;
            }
            case RtrPdu.Prefix p -> stage(p);
            case RtrPdu.RouterKey k ->
            {
                if (state != State.RECEIVING)
                {
                    sendErrorAndClose(RtrCodec.ERROR_CORRUPT_DATA, new byte[0], "Router Key outside a Cache Response");
                }
                // BGPsec keys are not used by origin validation.
            }
            case RtrPdu.EndOfData e -> endOfData(e);
            case RtrPdu.CacheReset c ->
            {
                // §8.3: the cache cannot serve our serial: start over.
                if (state != State.SERIAL_SENT)
                {
                    sendErrorAndClose(RtrCodec.ERROR_CORRUPT_DATA, RtrCodec.encode(c), "Cache Reset without a Serial Query");
                    return;
                }
                sendResetQuery();
            }
            case RtrPdu.ErrorReport r -> errorReport(r);
            case RtrPdu.SerialQuery q ->
                sendErrorAndClose(RtrCodec.ERROR_UNSUPPORTED_PDU_TYPE, RtrCodec.encode(q), "a router does not answer Serial Queries");
            case RtrPdu.ResetQuery q ->
                sendErrorAndClose(RtrCodec.ERROR_UNSUPPORTED_PDU_TYPE, RtrCodec.encode(q), "a router does not answer Reset Queries");
        }
    }

    private void stage(final RtrPdu.Prefix p)
    {
        if (state != State.RECEIVING)
        {
            sendErrorAndClose(RtrCodec.ERROR_CORRUPT_DATA, RtrCodec.encode(p), "Prefix PDU outside a Cache Response");
            return;
        }
        final Vrp vrp = p.vrp();
        final Boolean was = staged.get(vrp);
        if (stagingReset)
        {
            if (!p.announce())
            {
                sendErrorAndClose(RtrCodec.ERROR_WITHDRAWAL_OF_UNKNOWN_RECORD, RtrCodec.encode(p),
                    "withdrawal of " + vrp + " in a reset");
                return;
            }
            if (was != null)
            {
                sendErrorAndClose(RtrCodec.ERROR_DUPLICATE_ANNOUNCEMENT, RtrCodec.encode(p), "duplicate announcement of " + vrp);
                return;
            }
            staged.put(vrp, Boolean.TRUE);
            return;
        }
        // Held after the changes staged so far: in the data and not withdrawn, or announced in this response.
        final boolean held = was != null ? was : vrps.contains(vrp);
        if (p.announce() && held)
        {
            sendErrorAndClose(RtrCodec.ERROR_DUPLICATE_ANNOUNCEMENT, RtrCodec.encode(p), "duplicate announcement of " + vrp);
            return;
        }
        if (!p.announce() && !held)
        {
            sendErrorAndClose(RtrCodec.ERROR_WITHDRAWAL_OF_UNKNOWN_RECORD, RtrCodec.encode(p), "withdrawal of unknown " + vrp);
            return;
        }
        if (was != null && vrps.contains(vrp) == p.announce())
        {
            staged.remove(vrp); // back to what the data holds
        }
        else
        {
            staged.put(vrp, p.announce());
        }
    }

    private void endOfData(final RtrPdu.EndOfData e)
    {
        if (state != State.RECEIVING)
        {
            sendErrorAndClose(RtrCodec.ERROR_CORRUPT_DATA, RtrCodec.encode(e), "End of Data outside a Cache Response");
            return;
        }
        if (e.sessionId() != sessionId)
        {
            sendErrorAndClose(RtrCodec.ERROR_CORRUPT_DATA, RtrCodec.encode(e), "session id " + e.sessionId() +
                " in End of Data, not " + sessionId);
            return;
        }
        final List<Vrp> announced = new ArrayList<>();
        final List<Vrp> withdrawn = new ArrayList<>();
        if (stagingReset)
        {
            for (final Vrp v : vrps)
            {
                if (!staged.containsKey(v))
                {
                    withdrawn.add(v);
                }
            }
            for (final Vrp v : staged.keySet())
            {
                if (!vrps.contains(v))
                {
                    announced.add(v);
                }
            }
            resets++;
        }
        else
        {
            for (final Map.Entry<Vrp, Boolean> c : staged.entrySet())
            {
                (c.getValue() ? announced : withdrawn).add(c.getKey());
            }
            serialUpdates++;
        }
        for (final Vrp v : withdrawn)
        {
            if (vrps.remove(v) && v.prefix().isIpv4())
            {
                vrps4--;
            }
        }
        for (final Vrp v : announced)
        {
            if (vrps.add(v) && v.prefix().isIpv4())
            {
                vrps4++;
            }
        }
        staged.clear();
        serial = e.serial();
        hasData = true;
        lastUpdateMs = System.currentTimeMillis();
        if (e.version() >= RtrPdu.VERSION_1)
        {
            refreshSeconds = config.refresh().orElse(e.refreshSeconds());
            retrySeconds = config.retry().orElse(e.retrySeconds());
            expireSeconds = config.expire().orElse(e.expireSeconds());
        }
        state = State.SYNCED;
        lastError = "";
        refreshTimer.startSeconds(refreshSeconds);
        expireTimer.startSeconds(expireSeconds); // §6: the data lives this long without a successful refresh
        listener.dataChanged(this, announced, withdrawn);
        listener.stateChanged(this);
    }

    private void errorReport(final RtrPdu.ErrorReport r)
    {
        if (r.errorCode() == RtrCodec.ERROR_UNSUPPORTED_PROTOCOL_VERSION && !versionSettled && version > RtrPdu.VERSION_0)
        {
            downgrade(r.version() < version ? r.version() : version - 1, "the cache does not support version " + version);
            return;
        }
        final String why = "the cache reported " + RtrCodec.errorName(r.errorCode()) + (r.text().isEmpty() ? "" : ": " + r.text());
        // §10: an Error Report ends the session (No Data Available too: the cache has nothing to give yet).
        failed(why);
    }

    private void downgrade(final int to, final String why)
    {
        LOG.log(System.Logger.Level.INFO, "RTR cache {0}: {1}; trying version {2}", config.name(), why, to);
        version = to;
        closeChannel();
        state = State.IDLE;
        lastError = why;
        listener.stateChanged(this);
        retryTimer.start(DOWNGRADE_DELAY_NS);
    }

    private void refresh()
    {
        if (state == State.SYNCED)
        {
            sendSerialQuery();
        }
        else if (channel != null && state != State.CONNECTING)
        {
            // A query went unanswered for a whole refresh interval: the cache is stuck; a new session.
            failed("no answer from the cache within the refresh interval (" + refreshSeconds + " s)");
        }
    }

    private void expire()
    {
        // §6: no successful refresh for the expire interval: the data may not be used any more.
        lastError = "data expired: no successful update for " + expireSeconds + " s";
        LOG.log(System.Logger.Level.WARNING, "RTR cache {0}: {1}", config.name(), lastError);
        dropData();
        listener.stateChanged(this);
    }

    private void dropData()
    {
        expireTimer.stop();
        staged.clear();
        if (!hasData && vrps.isEmpty())
        {
            return;
        }
        final List<Vrp> withdrawn = new ArrayList<>(vrps);
        vrps.clear();
        vrps4 = 0;
        hasData = false;
        sessionId = -1;
        listener.dataChanged(this, List.of(), withdrawn);
    }

    private void sendResetQuery()
    {
        state = State.RESET_SENT;
        refreshTimer.startSeconds(refreshSeconds); // the answer's deadline, until End of Data restarts it
        send(new RtrPdu.ResetQuery(version));
        listener.stateChanged(this);
    }

    private void sendSerialQuery()
    {
        state = State.SERIAL_SENT;
        refreshTimer.startSeconds(refreshSeconds); // the answer's deadline, until End of Data restarts it
        send(new RtrPdu.SerialQuery(version, sessionId, serial));
        listener.stateChanged(this);
    }

    private void sendErrorAndClose(final int code, final byte[] pdu, final String text)
    {
        LOG.log(System.Logger.Level.WARNING, "RTR cache {0}: {1}: {2}", config.name(), RtrCodec.errorName(code), text);
        staged.clear();
        send(new RtrPdu.ErrorReport(version, code, pdu, text));
        flush();
        failed("sent " + RtrCodec.errorName(code) + ": " + text);
    }

    private void send(final RtrPdu pdu)
    {
        if (channel == null)
        {
            return;
        }
        writes.add(ByteBuffer.wrap(RtrCodec.encode(pdu)));
        flush();
    }

    private void flush()
    {
        if (channel == null)
        {
            writes.clear();
            return;
        }
        try
        {
            while (!writes.isEmpty())
            {
                final ByteBuffer b = writes.peek();
                channel.write(b);
                if (b.hasRemaining())
                {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                writes.poll();
            }
            if (key.isValid())
            {
                key.interestOps(SelectionKey.OP_READ);
            }
        }
        catch (final IOException ex)
        {
            writes.clear();
            failed("write failed: " + ex.getMessage());
        }
    }

    /** The connection ends; the data stays until it expires, and a new connection is tried after retry. */
    private void failed(final String why)
    {
        lastError = why;
        LOG.log(System.Logger.Level.INFO, "RTR cache {0}: {1}", config.name(), why);
        closeChannel();
        staged.clear();
        state = State.IDLE;
        refreshTimer.stop();
        listener.stateChanged(this);
        if (!stopped)
        {
            retryTimer.startSeconds(retrySeconds);
        }
    }

    private void closeChannel()
    {
        writes.clear();
        if (channel != null)
        {
            if (key != null)
            {
                key.cancel();
            }
            EventLoop.closeQuietly(channel);
            channel = null;
            key = null;
        }
    }
}
