/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import net.junction.bgp.config.BgpConfig;

/**
 * A router's whole configuration, as {@code docs/contracts.md} defines the file. Instances that
 * come from {@link ConfigLoader} have passed every check there; the records themselves only hold
 * values (immutable lists, no nulls).
 *
 * @param name      instance name {@code [a-z0-9-]{1,32}}; counters, Aeron directory and EAL
 *                  {@code --file-prefix} derive from it.
 * @param dpdk      EAL settings.
 * @param cores     one worker per entry, pinned to that CPU; distinct.
 * @param ports     at least one, names and devices distinct.
 * @param routes    static routes, prefixes distinct.
 * @param neighbors static ARP/ND entries.
 * @param bgp       the BGP speaker, if any.
 * @param api       where the HTTP API listens.
 * @param metrics   where the metrics endpoint listens, if anywhere.
 * @param journal   the route journal's settings.
 * @param copp      control-plane policing: the exception path's rate per class.
 */
public record JunctionConfig(
    String name,
    DpdkConfig dpdk,
    List<Integer> cores,
    List<PortConfig> ports,
    List<StaticRoute> routes,
    List<StaticNeighbor> neighbors,
    Optional<BgpConfig> bgp,
    ApiConfig api,
    MetricsConfig metrics,
    JournalConfig journal,
    CoppConfig copp)
{
    /** A configuration with the default control-plane policing. */
    public JunctionConfig(
        final String name, final DpdkConfig dpdk, final List<Integer> cores, final List<PortConfig> ports,
        final List<StaticRoute> routes, final List<StaticNeighbor> neighbors, final Optional<BgpConfig> bgp,
        final ApiConfig api, final MetricsConfig metrics, final JournalConfig journal)
    {
        this(name, dpdk, cores, ports, routes, neighbors, bgp, api, metrics, journal, CoppConfig.DEFAULTS);
    }

    /** A configuration with the default journal settings. */
    public JunctionConfig(
        final String name, final DpdkConfig dpdk, final List<Integer> cores, final List<PortConfig> ports,
        final List<StaticRoute> routes, final List<StaticNeighbor> neighbors, final Optional<BgpConfig> bgp,
        final ApiConfig api, final MetricsConfig metrics)
    {
        this(name, dpdk, cores, ports, routes, neighbors, bgp, api, metrics, JournalConfig.DEFAULTS);
    }

    /** A configuration with the default API (the UNIX socket) and no metrics endpoint. */
    public JunctionConfig(
        final String name, final DpdkConfig dpdk, final List<Integer> cores, final List<PortConfig> ports,
        final List<StaticRoute> routes, final List<StaticNeighbor> neighbors, final Optional<BgpConfig> bgp)
    {
        this(name, dpdk, cores, ports, routes, neighbors, bgp, ApiConfig.DEFAULTS, MetricsConfig.DEFAULTS);
    }

    /** A configuration without BGP. */
    public JunctionConfig(
        final String name, final DpdkConfig dpdk, final List<Integer> cores, final List<PortConfig> ports,
        final List<StaticRoute> routes, final List<StaticNeighbor> neighbors)
    {
        this(name, dpdk, cores, ports, routes, neighbors, Optional.empty(), ApiConfig.DEFAULTS, MetricsConfig.DEFAULTS);
    }

    /** One worker on CPU 1, leaving CPU 0 to the system and the control plane. */
    public static final List<Integer> DEFAULT_CORES = List.of(1);

    public JunctionConfig
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dpdk, "dpdk");
        cores = List.copyOf(Objects.requireNonNull(cores, "cores"));
        ports = List.copyOf(Objects.requireNonNull(ports, "ports"));
        routes = List.copyOf(Objects.requireNonNull(routes, "routes"));
        neighbors = List.copyOf(Objects.requireNonNull(neighbors, "neighbors"));
        Objects.requireNonNull(bgp, "bgp");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(copp, "copp");
    }

    /**
     * @param portName a port's name.
     * @return the port of that name.
     */
    public Optional<PortConfig> port(final String portName)
    {
        return ports.stream().filter(port -> port.name().equals(portName)).findFirst();
    }

    /**
     * @return the configuration for a person to read, one line per item.
     */
    public String describe()
    {
        final StringBuilder text = new StringBuilder(256)
            .append("instance ").append(name).append('\n')
            .append("  cores ").append(cores).append('\n')
            .append("  dpdk ").append(dpdk.describe()).append('\n');
        ports.forEach(port -> text.append("  port ").append(port.describe()).append('\n'));
        routes.forEach(route -> text.append("  route ").append(route.describe()).append('\n'));
        neighbors.forEach(neighbor -> text.append("  neighbor ").append(neighbor.describe()).append('\n'));
        bgp.ifPresent(b -> text.append("  bgp AS ").append(Integer.toUnsignedString(b.localAs())).append(", ")
            .append(b.neighbors().size()).append(" neighbors, ").append(b.policies().size()).append(" policies\n"));
        if (!api.equals(ApiConfig.DEFAULTS))
        {
            text.append("  api ").append(api.describe()).append('\n');
        }
        metrics.listen().ifPresent(a -> text.append("  metrics ").append(ListenAddress.format(a)).append('\n'));
        if (!journal.equals(JournalConfig.DEFAULTS))
        {
            text.append("  journal ").append(journal.describe()).append('\n');
        }
        if (!copp.equals(CoppConfig.DEFAULTS))
        {
            text.append("  copp ").append(copp.describe()).append('\n');
        }
        return text.toString();
    }
}
