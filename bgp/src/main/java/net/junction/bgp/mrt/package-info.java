/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */

/**
 * MRT (RFC 6396), the format route collectors (RIPE RIS, RouteViews) publish and {@code bgpdump} reads: pure
 * encoders of TABLE_DUMP_V2 ({@link net.junction.bgp.mrt.TableDumpV2Writer}, {@link net.junction.bgp.mrt.RibDump})
 * and BGP4MP records ({@link net.junction.bgp.mrt.Bgp4mp}); the recorder of periodic table dumps and the update log
 * ({@link net.junction.bgp.mrt.MrtRecorder}, config {@code bgp.mrt}); and a reader of RIB dumps for import
 * ({@link net.junction.bgp.mrt.MrtRibReader}). Nothing here touches the RIB: the caller takes a consistent copy of
 * its entries (on the BGP event loop) and hands them over; the BGP thread only copies update records into a ring.
 */
package net.junction.bgp.mrt;
