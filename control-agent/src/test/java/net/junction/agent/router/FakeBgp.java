/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.rib.BgpRib;
import net.junction.bgp.rib.RouteExplanation;
import net.junction.bgp.speaker.BgpControl;
import net.junction.bgp.speaker.NeighborStatus;
import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.IpPrefix;

/** A BGP speaker as the agent drives it, in memory. */
final class FakeBgp implements BgpControl
{
    BgpConfig config;
    final List<BgpConfig> reconfigured = new ArrayList<>();
    RuntimeException refuse;
    final Map<IpPrefix, BgpRib.Selected> best = new HashMap<>();
    final List<TableEntry> table = new ArrayList<>();
    final Map<IpPrefix, RouteExplanation> explanations = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    final CopyOnWriteArrayList<StateListener> listeners = new CopyOnWriteArrayList<>();

    /** What {@link #preview} answers; null: it throws, as the interface's default does. */
    net.junction.bgp.rib.PolicyPreview preview;
    final List<BgpConfig> previewed = new ArrayList<>();

    FakeBgp(final BgpConfig config)
    {
        this.config = config;
    }

    @Override
    public void reconfigure(final BgpConfig next)
    {
        if (null != refuse)
        {
            throw refuse;
        }
        reconfigured.add(next);
        config = next;
    }

    @Override
    public net.junction.bgp.rib.PolicyPreview preview(final BgpConfig candidate, final int firstN)
    {
        if (null != refuse)
        {
            throw refuse;
        }
        if (null == preview)
        {
            throw new UnsupportedOperationException("FakeBgp has no preview");
        }
        previewed.add(candidate);
        return preview;
    }

    @Override
    public BgpConfig config()
    {
        return config;
    }

    @Override
    public List<NeighborStatus> neighbors()
    {
        return config.neighbors().stream().map(p -> new NeighborStatus(p.name(), p.remoteAddress().toString(),
            Integer.toUnsignedLong(p.remoteAs()), "established", 5, Map.of(), Map.of(), Map.of(), 1, 1, 0, false, "")).toList();
    }

    private void known(final String neighbor)
    {
        if (config.neighbors().stream().noneMatch(p -> p.name().equals(neighbor)))
        {
            throw new NoSuchElementException(neighbor);
        }
    }

    @Override
    public void resetNeighbor(final String neighbor, final boolean hard)
    {
        known(neighbor);
        calls.add("reset " + neighbor + " " + hard);
    }

    @Override
    public void shutdownNeighbor(final String neighbor, final String message)
    {
        known(neighbor);
        calls.add("shutdown " + neighbor + " " + message);
    }

    @Override
    public void enableNeighbor(final String neighbor)
    {
        known(neighbor);
        calls.add("enable " + neighbor);
    }

    @Override
    public Optional<BgpRib.Selected> best(final IpPrefix prefix)
    {
        return Optional.ofNullable(best.get(prefix));
    }

    @Override
    public RouteExplanation explain(final IpPrefix prefix)
    {
        return explanations.getOrDefault(prefix, RouteExplanation.empty(
            prefix.isIpv4() ? AfiSafi.IPV4_UNICAST : AfiSafi.IPV6_UNICAST, prefix));
    }

    @Override
    public List<TableEntry> neighborTable(
        final String neighbor, final Table which, final Optional<IpPrefix> within, final Optional<IpPrefix> after, final int limit)
    {
        known(neighbor);
        return table.stream()
            .filter(e -> within.map(w -> w.contains(e.prefix())).orElse(true))
            .filter(e -> after.map(a -> net.junction.routing.rib.Rib.compare(e.prefix(), a) > 0).orElse(true))
            .limit(limit).toList();
    }

    @Override
    public AutoCloseable addStateListener(final StateListener listener)
    {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
