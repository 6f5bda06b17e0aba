/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
/**
 * Prometheus/OpenMetrics metrics of a running router: {@link net.junction.agent.metrics.MetricsServer}
 * serves {@code /metrics}; {@link net.junction.agent.metrics.RouterCollector} reads ports, drops,
 * workers, RIB, FIB and BGP neighbors from a {@link net.junction.agent.router.RunningRouter} at scrape
 * time; {@link net.junction.agent.metrics.UpdateToFibLatencyCollector} exposes the data plane's
 * UPDATE-to-FIB latency recorder. Metric names and labels are listed in docs/metrics.md.
 */
package net.junction.agent.metrics;
