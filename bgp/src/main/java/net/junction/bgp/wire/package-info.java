/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */

/**
 * The BGP-4 wire codec: bytes to messages and back, with no session state (GoBGP's
 * {@code pkg/packet/bgp}, BIRD's {@code packets.c}). The FSM and the RIBs live elsewhere.
 * <p>
 * DOC: how a message travels.
 * <ol>
 * <li>{@link net.junction.bgp.wire.MessageHeader#frameLength} cuts a TCP byte stream into messages, consuming
 *     nothing until a whole one has arrived.</li>
 * <li>{@link net.junction.bgp.wire.MessageDecoder#decode} turns one message into a
 *     {@link net.junction.bgp.wire.DecodeResult}: the {@link net.junction.bgp.wire.BgpMessage} and the problems
 *     found, each with its RFC 7606 {@link net.junction.bgp.wire.ErrorAction} and the RFC 4271 NOTIFICATION
 *     to send if it comes to that. It never throws on content; the session acts on
 *     {@link net.junction.bgp.wire.DecodeResult#action()}.</li>
 * <li>What the session negotiated in the OPEN exchange (4-octet AS, extended messages, iBGP or eBGP) is
 *     passed in as {@link net.junction.bgp.wire.CodecOptions}.</li>
 * <li>Routes go out through {@link net.junction.bgp.wire.UpdatePacker}, which shares one encoded attribute
 *     set among as many prefixes as fit in each UPDATE; single messages through
 *     {@link net.junction.bgp.wire.MessageEncoder}.</li>
 * </ol>
 * Path attributes are immutable values in {@link net.junction.bgp.wire.attribute}, with value equality so
 * that the Adj-RIB-In can intern them. Routes are the routing module's {@code Prefix4}/{@code Prefix6}.
 * <p>
 * Not fast-path code: decoding allocates the values it returns. A full table is decoded once per peer,
 * and interning keeps what stays small.
 */
package net.junction.bgp.wire;
