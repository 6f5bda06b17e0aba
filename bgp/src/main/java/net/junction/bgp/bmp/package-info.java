/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
/**
 * BMP, the BGP Monitoring Protocol (RFC 7854, Loc-RIB per RFC 9069): the router connects to monitoring
 * stations and reports its peers, their routes before and after import policy, its Loc-RIB and statistics.
 * {@link net.junction.bgp.bmp.BmpMonitor} runs on the BGP event loop and copies references;
 * {@link net.junction.bgp.bmp.BmpStation} encodes ({@link net.junction.bgp.bmp.BmpEncoder}) and writes on a
 * thread of its own, behind a bounded queue, so a slow or dead station never holds up BGP.
 */
package net.junction.bgp.bmp;
