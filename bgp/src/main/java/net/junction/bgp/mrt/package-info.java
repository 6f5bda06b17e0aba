/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */

/**
 * MRT (RFC 6396): a pure encoder of TABLE_DUMP_V2 records ({@link net.junction.bgp.mrt.TableDumpV2Writer}),
 * the format route collectors (RIPE RIS, RouteViews) publish and {@code bgpdump} reads. Nothing here
 * touches the RIB: the caller takes a consistent copy of its entries (on the BGP event loop) and hands
 * them over.
 */
package net.junction.bgp.mrt;
