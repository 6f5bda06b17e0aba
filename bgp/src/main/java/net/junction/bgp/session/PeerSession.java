/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.wire.BgpMessage;

/**
 * One neighbor's session as the routing side sees it. Used only on the speaker's event-loop
 * thread.
 */
public interface PeerSession
{
    /** RFC 4271 §8.2.2 states. */
    enum State
    {
        IDLE, CONNECT, ACTIVE, OPEN_SENT, OPEN_CONFIRM, ESTABLISHED
    }

    /**
     * @return the neighbor's configuration.
     */
    PeerConfig config();

    /**
     * @return the current state.
     */
    State state();

    /**
     * @return what was negotiated, or null unless Established.
     */
    Negotiated negotiated();

    /**
     * Queue a message (UPDATE, ROUTE-REFRESH) for the peer. Messages go out in order; the caller
     * packs UPDATEs (UpdatePacker) to the negotiated size. Ignored unless Established.
     *
     * @param message to send.
     */
    void send(BgpMessage message);

    /**
     * @return true while the socket's send queue is above its high-water mark: a sender of a whole
     *     table should stop and wait for {@link #onWritable}.
     */
    boolean congested();

    /**
     * Run {@code task} once the send queue drains below its low-water mark (at once if it is not
     * congested). One pending task; a new one replaces it.
     *
     * @param task on the event-loop thread.
     */
    void onWritable(Runnable task);

    /**
     * Close the session with a Cease NOTIFICATION (RFC 4486 subcode, RFC 8203 shutdown
     * communication for Administrative Shutdown/Reset) and stay Idle until {@link #start()}.
     *
     * @param subcode       Cease subcode.
     * @param communication UTF-8 text up to 255 bytes, or empty.
     */
    void stop(int subcode, String communication);

    /**
     * Leave Idle: connect (unless passive) and accept.
     */
    void start();

    /**
     * @return received UPDATE messages, for status.
     */
    long updatesReceived();

    /**
     * @return sent UPDATE messages, for status.
     */
    long updatesSent();

    /**
     * @return why the session last went down, or empty.
     */
    String lastError();
}
