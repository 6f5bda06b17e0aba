/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

/**
 * Told of every FSM state change of a session (RFC 4271 §8.2.2), on the event-loop thread, right
 * after the change. Must not block nor throw (a throw is logged and ignored).
 */
@FunctionalInterface
public interface SessionStateListener
{
    /** Listens to nothing. */
    SessionStateListener NONE = (session, from, to, reason) ->
    {
    };

    /**
     * @param session the session.
     * @param from    the state it left.
     * @param to      the state it is in now.
     * @param reason  why, for operators ("received KEEPALIVE", "hold timer expired", ...).
     */
    void stateChanged(BgpSession session, PeerSession.State from, PeerSession.State to, String reason);
}
