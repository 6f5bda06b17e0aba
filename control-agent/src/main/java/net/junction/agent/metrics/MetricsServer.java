/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import net.junction.agent.router.RunningRouter;
import org.HdrHistogram.Histogram;

/**
 * The router's metrics endpoint: {@code GET /metrics} on a plain HTTP listener, in the Prometheus
 * text format or OpenMetrics as the scraper's {@code Accept} header asks (the Prometheus Java
 * client's exporter negotiates it). Everything is read at scrape time, on the exporter's own
 * threads: the router's figures through {@link RunningRouter} (snapshots, never blocking the BGP or
 * data-plane threads), the UPDATE-to-FIB latency from the data plane's recorder, and the JVM's
 * memory, GC, threads and the like from the client's JVM instrumentation.
 * <p>
 * Each server has its own registry, so several routers (tests) may run in one JVM.
 */
public final class MetricsServer implements AutoCloseable
{
    private final PrometheusRegistry registry;
    private final HTTPServer server;
    private final InetSocketAddress address;

    private MetricsServer(final PrometheusRegistry registry, final HTTPServer server, final InetSocketAddress address)
    {
        this.registry = registry;
        this.server = server;
        this.address = address;
    }

    /**
     * Serve a router's metrics, without the UPDATE-to-FIB latency.
     *
     * @see #start(InetSocketAddress, RunningRouter, Consumer)
     */
    public static MetricsServer start(final InetSocketAddress address, final RunningRouter router) throws IOException
    {
        return start(address, router, null);
    }

    /**
     * Serve a router's metrics.
     *
     * @param address where to listen (port 0: one the kernel picks, see {@link #address()}).
     * @param router  read at every scrape.
     * @param latency drains the data plane's UPDATE-to-FIB latency recorder into the histogram it is given
     *                ({@code Dataplane.fibApplyLatency()::drainInto}, or through the data plane's socket), or null
     *                for none; this server must be its only reader.
     * @return the started server.
     * @throws IOException if the address cannot be bound.
     */
    public static MetricsServer start(
        final InetSocketAddress address, final RunningRouter router, final Consumer<Histogram> latency) throws IOException
    {
        return start(address, router, latency, System::nanoTime);
    }

    static MetricsServer start(
        final InetSocketAddress address, final RunningRouter router, final Consumer<Histogram> latency,
        final LongSupplier nanoClock) throws IOException
    {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(router, "router");
        final PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new RouterCollector(router));
        if (null != latency)
        {
            registry.register(new UpdateToFibLatencyCollector(latency, nanoClock));
        }
        JvmMetrics.builder().register(registry);

        final HTTPServer.Builder builder = HTTPServer.builder().port(address.getPort()).registry(registry);
        if (null != address.getAddress())
        {
            builder.inetAddress(address.getAddress());
        }
        else
        {
            builder.hostname(address.getHostString());
        }
        final HTTPServer server = builder.buildAndStart();
        final InetSocketAddress bound = null != address.getAddress() ?
            new InetSocketAddress(address.getAddress(), server.getPort()) :
            new InetSocketAddress(address.getHostString(), server.getPort());
        return new MetricsServer(registry, server, bound);
    }

    /**
     * @return where it listens, with the port it got.
     */
    public InetSocketAddress address()
    {
        return address;
    }

    /**
     * @return the registry it serves, for collectors of other components.
     */
    public PrometheusRegistry registry()
    {
        return registry;
    }

    /**
     * Stop listening and release the exporter's threads.
     */
    @Override
    public void close()
    {
        server.close();
    }
}
