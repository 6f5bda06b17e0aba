/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */

/**
 * The routing side of the BGP speaker (RFC 4271 §3.2, §9): per-peer Adj-RIBs-In after import policy,
 * the decision process ({@link net.junction.bgp.rib.DecisionProcess}, tie-breakers and multipath
 * documented there), the Loc-RIB feeding the router RIB through
 * {@link net.junction.bgp.rib.LocRibListener}, and per-peer Adj-RIBs-Out with export rules and
 * lazy, flow-controlled UPDATE generation. {@link net.junction.bgp.rib.BgpRib} is the
 * {@link net.junction.bgp.session.SessionListener} that ties them together; everything runs on the
 * speaker's single event-loop thread. A live reconfiguration is computed ({@code Reconfiguration}) then
 * applied; {@link net.junction.bgp.rib.BgpRib#preview} runs the compute half over overlays
 * ({@code ChangePreview}) and answers with a {@link net.junction.bgp.rib.PolicyPreview}, changing nothing.
 */
package net.junction.bgp.rib;
