/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */

/**
 * The BGP speaker's I/O foundation: {@link net.junction.bgp.transport.EventLoop}, the one thread that owns
 * every socket and timer (a {@link java.nio.channels.Selector}, a deadline-ordered heap of reusable
 * {@link net.junction.bgp.transport.Timer}s on an injectable {@link net.junction.bgp.transport.NanoClock},
 * and a task queue for other threads), and {@link net.junction.bgp.transport.TcpSockets}, the socket
 * options the JDK lacks (TCP MD5, GTSM) set through the Foreign Function &amp; Memory API.
 * <p>
 * Not a fast-path package: BGP sockets are control-plane traffic through the kernel.
 */
package net.junction.bgp.transport;
