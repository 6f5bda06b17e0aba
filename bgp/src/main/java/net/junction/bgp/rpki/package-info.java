/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
/**
 * RPKI origin validation: the RTR protocol's codec ({@link net.junction.bgp.rpki.RtrCodec}, RFC 8210 and
 * RFC 6810, pure functions of bytes), a session per cache ({@link net.junction.bgp.rpki.RtrSession}, its state
 * machine on the speaker's event loop), the table of Validated ROA Payloads in effect
 * ({@link net.junction.bgp.rpki.VrpTable}) and the validation of a route's origin against it (RFC 6811), and
 * the set of caches chosen by preference ({@link net.junction.bgp.rpki.RpkiValidator}).
 */
package net.junction.bgp.rpki;
