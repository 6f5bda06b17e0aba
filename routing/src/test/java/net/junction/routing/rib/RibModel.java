/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.rib;

import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.NextHop;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An independent model of what {@link Rib} installs, written from its documentation (class comment,
 * {@link RouteSource}, docs/contracts.md) and not from its code: no caches, no reference counts, no
 * incremental state. Every question is answered from the list of routes by brute force.
 * <ul>
 * <li>Each prefix has at most one route per source; interface addresses give a CONNECTED route
 *     (DIRECT out of the port) for the network and a LOCAL route for the address.</li>
 * <li>Best route: among the routes that resolve, lowest distance, then lowest metric, then the
 *     source declared first in {@link RouteSource}.</li>
 * <li>A gateway resolves through the longest prefix containing it that has a route that resolves,
 *     never the prefix of the route that uses it, never through a gateway already being resolved on
 *     the way (a cycle), and not deeper than {@link Rib#MAX_RECURSION_DEPTH}. DIRECT gives the
 *     gateway on that port, a gateway is inherited, LOCAL and BLACKHOLE give nothing (and stop the
 *     search: the gateway is unreachable).</li>
 * <li>An ECMP route installs the union of what its next hops or gateways give, while one does.</li>
 * </ul>
 */
final class RibModel
{
    /** A route as added: next hops used as they are, or gateways to resolve. */
    record Route(RouteSource source, int distance, int metric, List<NextHop> nextHops, List<IpAddress> gateways)
    {
    }

    private record Key(IpAddress gateway, IpPrefix routePrefix)
    {
    }

    private static final Comparator<Route> PREFERENCE = Comparator.comparingInt(Route::distance)
        .thenComparingInt(Route::metric).thenComparing(Route::source);

    private final Map<IpPrefix, Map<RouteSource, Route>> routes = new HashMap<>();
    private final Set<Map.Entry<Integer, InterfaceAddress>> interfaces = new HashSet<>();

    void add(final IpPrefix prefix, final Route route)
    {
        routes.computeIfAbsent(prefix, p -> new HashMap<>()).put(route.source(), route);
    }

    void remove(final RouteSource source, final IpPrefix prefix)
    {
        final Map<RouteSource, Route> bySource = routes.get(prefix);
        if (bySource != null)
        {
            bySource.remove(source);
        }
    }

    void addInterface(final int port, final InterfaceAddress address)
    {
        interfaces.add(Map.entry(port, address));
    }

    void removeInterface(final int port, final InterfaceAddress address)
    {
        interfaces.remove(Map.entry(port, address));
    }

    /** Every route of a prefix, the interface ones included, best first. */
    private List<Route> candidates(final IpPrefix prefix)
    {
        final List<Route> out = new ArrayList<>(routes.getOrDefault(prefix, Map.of()).values());
        boolean connected = false;
        boolean local = false;
        for (final Map.Entry<Integer, InterfaceAddress> e : interfaces)
        {
            if (!connected && e.getValue().network().equals(prefix))
            {
                connected = true;
                out.add(new Route(RouteSource.CONNECTED, 0, 0, List.of(new NextHop.Direct(e.getKey())), List.of()));
            }
            if (!local && e.getValue().hostPrefix().equals(prefix))
            {
                local = true;
                out.add(new Route(RouteSource.LOCAL, 0, 0, List.of(NextHop.LOCAL), List.of()));
            }
        }
        out.sort(PREFERENCE);
        return out;
    }

    /** Every prefix that has a route. */
    Set<IpPrefix> prefixes()
    {
        final Set<IpPrefix> out = new LinkedHashSet<>();
        routes.forEach((p, bySource) ->
        {
            if (!bySource.isEmpty())
            {
                out.add(p);
            }
        });
        for (final Map.Entry<Integer, InterfaceAddress> e : interfaces)
        {
            out.add(e.getValue().network());
            out.add(e.getValue().hostPrefix());
        }
        return out;
    }

    /** What the FIB holds for exactly this prefix: the next hops of the best route that resolves, or empty. */
    Set<NextHop> installed(final IpPrefix prefix)
    {
        final Route best = best(prefix, Set.of(), 0);
        return best == null ? Set.of() : nextHopsOf(prefix, best, Set.of(), 0);
    }

    /** The source of the installed route, or null. */
    RouteSource installedSource(final IpPrefix prefix)
    {
        final Route best = best(prefix, Set.of(), 0);
        return best == null ? null : best.source();
    }

    /** Where the FIB sends an address: the installed next hops of the longest installed prefix. */
    Set<NextHop> lookup(final IpAddress address)
    {
        final int max = address.isIpv4() ? Prefix4.MAX_LENGTH : Prefix6.MAX_LENGTH;
        for (int length = max; length >= 0; length--)
        {
            final Set<NextHop> installed = installed(covering(address, length));
            if (!installed.isEmpty())
            {
                return installed;
            }
        }
        return Set.of();
    }

    private Route best(final IpPrefix prefix, final Set<Key> resolving, final int depth)
    {
        for (final Route route : candidates(prefix))
        {
            if (nextHopsOf(prefix, route, resolving, depth) != null)
            {
                return route;
            }
        }
        return null;
    }

    /** The next hops a route gives, null if none. */
    private Set<NextHop> nextHopsOf(final IpPrefix prefix, final Route route, final Set<Key> resolving, final int depth)
    {
        if (route.gateways().isEmpty())
        {
            return Set.copyOf(route.nextHops());
        }
        final Set<NextHop> union = new HashSet<>();
        for (final IpAddress gateway : route.gateways())
        {
            final Set<NextHop> resolved = resolve(new Key(gateway, prefix.contains(gateway) ? prefix : null), resolving, depth);
            if (resolved != null)
            {
                union.addAll(resolved);
            }
        }
        return union.isEmpty() ? null : union;
    }

    private Set<NextHop> resolve(final Key key, final Set<Key> resolving, final int depth)
    {
        if (resolving.contains(key) || depth > Rib.MAX_RECURSION_DEPTH)
        {
            return null;
        }
        final Set<Key> deeper = new HashSet<>(resolving);
        deeper.add(key);
        final IpAddress gateway = key.gateway();
        final int max = gateway.isIpv4() ? Prefix4.MAX_LENGTH : Prefix6.MAX_LENGTH;
        for (int length = max; length >= 0; length--)
        {
            final IpPrefix covering = covering(gateway, length);
            if (covering.equals(key.routePrefix()))
            {
                continue;
            }
            final Route route = best(covering, deeper, depth + 1);
            if (route != null)
            {
                final Set<NextHop> through = new HashSet<>();
                for (final NextHop nextHop : nextHopsOf(covering, route, deeper, depth + 1))
                {
                    switch (nextHop)
                    {
                        case NextHop.Direct d -> through.add(gateway instanceof Ip4Address a ?
                            new NextHop.Gateway4(d.portId(), a.value()) : new NextHop.Gateway6(d.portId(), (Ip6Address)gateway));
                        case NextHop.Gateway4 g -> through.add(g);
                        case NextHop.Gateway6 g -> through.add(g);
                        case NextHop.Local ignored ->
                        {
                        }
                        case NextHop.Blackhole ignored ->
                        {
                        }
                    }
                }
                return through.isEmpty() ? null : through;
            }
        }
        return null;
    }

    private static IpPrefix covering(final IpAddress address, final int length)
    {
        return switch (address)
        {
            case Ip4Address a -> Prefix4.network(a.value(), length);
            case Ip6Address a -> Prefix6.network(a.high(), a.low(), length);
        };
    }
}
