/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a peer daemon should be, independent of which daemon it is: {@link BirdPeer}, {@link FrrPeer} and
 * {@link GobgpPeer} each render it into their own configuration language.
 * <p>
 * Every daemon imports everything from every neighbor. It originates {@link #routes()} (each with its
 * communities) and sends them, filtered by {@link #export()}, to every neighbor. Timers default short
 * (hold 9 s, connect retry 1 s) so tests converge in seconds.
 *
 * <pre>{@code
 * DaemonConfig config = DaemonConfig.builder("198.18.1.1", 4200000001L)
 *     .neighbor(Neighbor.of("198.18.1.2", 4200000002L).md5("s3cret"))
 *     .route(StaticRoute.of("198.18.100.0/24").community("65000:1").largeCommunity("4200000001:1:1"))
 *     .export(ExportPolicy.acceptAll().reject("198.18.101.0/24").addCommunity("65000:99"))
 *     .build();
 * }</pre>
 */
public record DaemonConfig(
    String routerId, long localAs, List<Neighbor> neighbors, List<StaticRoute> routes, ExportPolicy export)
{
    /** Address families a session carries (IPv6 over MP-BGP, RFC 4760). */
    public enum Family
    {
        IPV4_UNICAST, IPV6_UNICAST
    }

    public DaemonConfig
    {
        Objects.requireNonNull(routerId);
        neighbors = List.copyOf(neighbors);
        routes = List.copyOf(routes);
        Objects.requireNonNull(export);
    }

    public static Builder builder(final String routerId, final long localAs)
    {
        return new Builder(routerId, localAs);
    }

    /** A copy with {@code route} added (what {@code announce} does to a running daemon's config). */
    public DaemonConfig withRoute(final StaticRoute route)
    {
        final List<StaticRoute> more = new ArrayList<>(routes);
        more.removeIf(r -> r.prefix().equals(route.prefix()));
        more.add(route);
        return new DaemonConfig(routerId, localAs, neighbors, more, export);
    }

    /** A copy without the route for {@code prefix}. */
    public DaemonConfig withoutRoute(final String prefix)
    {
        final List<StaticRoute> fewer = new ArrayList<>(routes);
        fewer.removeIf(r -> r.prefix().equals(prefix));
        return new DaemonConfig(routerId, localAs, neighbors, fewer, export);
    }

    public Neighbor neighbor(final String address)
    {
        return neighbors.stream().filter(n -> n.address().equals(address)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no neighbor " + address));
    }

    /**
     * One BGP neighbor.
     *
     * @param address             its address (IPv4 or IPv6); the session runs over this family.
     * @param remoteAs            4-octet AS numbers welcome.
     * @param localAddress        the source address to use, or null to let the daemon choose.
     * @param passive             wait for the neighbor to connect.
     * @param md5Password         TCP MD5 signature (RFC 2385) password, or null.
     * @param multihopTtl         eBGP multihop TTL, 0 for directly connected.
     * @param families            families negotiated over MP-BGP.
     * @param gracefulRestart     advertise the graceful restart capability (RFC 4724).
     * @param restartTimeSeconds  restart time advertised with it.
     * @param holdTimeSeconds     proposed hold time (keepalive a third of it).
     */
    public record Neighbor(
        String address, long remoteAs, String localAddress, boolean passive, String md5Password, int multihopTtl,
        Set<Family> families, boolean gracefulRestart, int restartTimeSeconds, int holdTimeSeconds,
        boolean extendedNextHop)
    {
        public Neighbor
        {
            Objects.requireNonNull(address);
            families = Set.copyOf(families);
            if (families.isEmpty())
            {
                throw new IllegalArgumentException("a neighbor needs at least one family");
            }
        }

        /** IPv4 unicast only for an IPv4 neighbor, IPv6 unicast only for an IPv6 one; hold 9 s; no GR. */
        public static Neighbor of(final String address, final long remoteAs)
        {
            final Family family = address.contains(":") ? Family.IPV6_UNICAST : Family.IPV4_UNICAST;
            return new Neighbor(address, remoteAs, null, false, null, 0, EnumSet.of(family), false, 120, 9, false);
        }

        public boolean isIpv6()
        {
            return address.contains(":");
        }

        public Neighbor localAddress(final String local)
        {
            return new Neighbor(address, remoteAs, local, passive, md5Password, multihopTtl, families, gracefulRestart,
                restartTimeSeconds, holdTimeSeconds, extendedNextHop);
        }

        public Neighbor passive(final boolean on)
        {
            return new Neighbor(address, remoteAs, localAddress, on, md5Password, multihopTtl, families, gracefulRestart,
                restartTimeSeconds, holdTimeSeconds, extendedNextHop);
        }

        public Neighbor md5(final String password)
        {
            return new Neighbor(address, remoteAs, localAddress, passive, password, multihopTtl, families, gracefulRestart,
                restartTimeSeconds, holdTimeSeconds, extendedNextHop);
        }

        public Neighbor multihop(final int ttl)
        {
            return new Neighbor(address, remoteAs, localAddress, passive, md5Password, ttl, families, gracefulRestart,
                restartTimeSeconds, holdTimeSeconds, extendedNextHop);
        }

        public Neighbor families(final Family... fs)
        {
            return new Neighbor(address, remoteAs, localAddress, passive, md5Password, multihopTtl, Set.of(fs),
                gracefulRestart, restartTimeSeconds, holdTimeSeconds, extendedNextHop);
        }

        public Neighbor gracefulRestart(final boolean on, final int restartTime)
        {
            return new Neighbor(address, remoteAs, localAddress, passive, md5Password, multihopTtl, families, on,
                restartTime, holdTimeSeconds, extendedNextHop);
        }

        /** RFC 8950: IPv4 unicast over this (IPv6) session with IPv6 next hops. */
        public Neighbor extendedNextHop(final boolean on)
        {
            return new Neighbor(address, remoteAs, localAddress, passive, md5Password, multihopTtl, families,
                gracefulRestart, restartTimeSeconds, holdTimeSeconds, on);
        }

        public Neighbor holdTime(final int seconds)
        {
            return new Neighbor(address, remoteAs, localAddress, passive, md5Password, multihopTtl, families,
                gracefulRestart, restartTimeSeconds, seconds, extendedNextHop);
        }
    }

    /** A route the daemon originates, with the communities it carries. */
    public record StaticRoute(String prefix, List<String> communities, List<String> largeCommunities)
    {
        public StaticRoute
        {
            Objects.requireNonNull(prefix);
            communities = List.copyOf(communities);
            largeCommunities = List.copyOf(largeCommunities);
        }

        public static StaticRoute of(final String prefix)
        {
            return new StaticRoute(prefix, List.of(), List.of());
        }

        public boolean isIpv6()
        {
            return prefix.contains(":");
        }

        /** Add an RFC 1997 community "a:b". */
        public StaticRoute community(final String community)
        {
            final List<String> c = new ArrayList<>(communities);
            c.add(community);
            return new StaticRoute(prefix, c, largeCommunities);
        }

        /** Add an RFC 8092 large community "global:local1:local2". */
        public StaticRoute largeCommunity(final String community)
        {
            final List<String> c = new ArrayList<>(largeCommunities);
            c.add(community);
            return new StaticRoute(prefix, communities, c);
        }
    }

    /**
     * The export filter applied towards every neighbor: routes whose prefix is in {@code rejected} are not
     * sent; every other route is sent with {@code addCommunities} added.
     */
    public record ExportPolicy(List<String> rejected, List<String> addCommunities)
    {
        public ExportPolicy
        {
            rejected = List.copyOf(rejected);
            addCommunities = List.copyOf(addCommunities);
        }

        public static ExportPolicy acceptAll()
        {
            return new ExportPolicy(List.of(), List.of());
        }

        public ExportPolicy reject(final String prefix)
        {
            final List<String> r = new ArrayList<>(rejected);
            r.add(prefix);
            return new ExportPolicy(r, addCommunities);
        }

        public ExportPolicy addCommunity(final String community)
        {
            final List<String> c = new ArrayList<>(addCommunities);
            c.add(community);
            return new ExportPolicy(rejected, c);
        }

        public List<String> rejected(final boolean ipv6)
        {
            return rejected.stream().filter(p -> p.contains(":") == ipv6).toList();
        }
    }

    /** Builds a {@link DaemonConfig}. */
    public static final class Builder
    {
        private final String routerId;
        private final long localAs;
        private final List<Neighbor> neighbors = new ArrayList<>();
        private final List<StaticRoute> routes = new ArrayList<>();
        private ExportPolicy export = ExportPolicy.acceptAll();

        private Builder(final String routerId, final long localAs)
        {
            this.routerId = routerId;
            this.localAs = localAs;
        }

        public Builder neighbor(final Neighbor neighbor)
        {
            neighbors.add(neighbor);
            return this;
        }

        public Builder route(final StaticRoute route)
        {
            routes.add(route);
            return this;
        }

        public Builder route(final String prefix)
        {
            return route(StaticRoute.of(prefix));
        }

        public Builder export(final ExportPolicy policy)
        {
            export = policy;
            return this;
        }

        public DaemonConfig build()
        {
            return new DaemonConfig(routerId, localAs, neighbors, routes, export);
        }
    }
}
