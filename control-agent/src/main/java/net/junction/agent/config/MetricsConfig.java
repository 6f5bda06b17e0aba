/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code metrics:} section: where the Prometheus/OpenMetrics endpoint {@code GET /metrics}
 * listens (plain HTTP, read-only).
 *
 * @param listen the address and port; empty: no metrics endpoint.
 */
public record MetricsConfig(Optional<InetSocketAddress> listen)
{
    /** No metrics endpoint. */
    public static final MetricsConfig DEFAULTS = new MetricsConfig(Optional.empty());

    public MetricsConfig
    {
        Objects.requireNonNull(listen, "listen");
    }
}
