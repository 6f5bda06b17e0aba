/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import org.agrona.DirectBuffer;

/**
 * Shown every UPDATE an established session receives, as it arrived (header included), before it is decoded: the
 * MRT update log (RFC 6396 BGP4MP) records them. On the event-loop thread; must not block, allocate nor throw,
 * and must copy what it keeps: the buffer is reused once the call returns.
 */
@FunctionalInterface
public interface UpdateTap
{
    /** Keeps nothing. */
    UpdateTap NONE = (session, connection, buffer, offset, length) ->
    {
    };

    /**
     * @param session    the neighbor's session.
     * @param connection the connection it came on (its local and remote addresses).
     * @param buffer     holding the message.
     * @param offset     of its marker.
     * @param length     of the whole message.
     */
    void updateReceived(BgpSession session, BgpConnection connection, DirectBuffer buffer, int offset, int length);
}
