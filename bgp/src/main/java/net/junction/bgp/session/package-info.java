/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */

/**
 * BGP sessions: the RFC 4271 §8 state machine per neighbor ({@link net.junction.bgp.session.BgpSession}),
 * its connections ({@link net.junction.bgp.session.BgpConnection}: framing, send queue with water marks),
 * the OPEN exchange ({@link net.junction.bgp.session.OpenNegotiation}) and the assembly the speaker uses
 * ({@link net.junction.bgp.session.BgpSessions}: event loop, listening socket, one session per neighbor).
 * <p>
 * The routing side sees a session through {@link net.junction.bgp.session.PeerSession} and hears from it
 * through {@link net.junction.bgp.session.SessionListener}; everything runs on the event loop's thread.
 */
package net.junction.bgp.session;
