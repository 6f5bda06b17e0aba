/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

/**
 * Opens a session's outgoing TCP connection. The real one ({@link BgpSessions}) opens a non-blocking
 * socket with the neighbor's MD5 key and TTL set before {@code connect()}; tests use an in-memory one.
 */
@FunctionalInterface
public interface Connector
{
    /**
     * Start connecting to the session's neighbor. The outcome comes later, on the loop thread, as
     * {@link BgpSession#connected} or {@link BgpSession#connectFailed} with the returned connection.
     *
     * @param session the session.
     * @return the connection being established.
     */
    BgpConnection connect(BgpSession session);
}
