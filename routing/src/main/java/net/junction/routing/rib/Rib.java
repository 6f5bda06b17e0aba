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
import net.junction.routing.PrefixMap;
import net.junction.routing.concurrent.SeqLock;
import net.junction.routing.fib.FibUpdates;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The routing information base: every route from every source, the best one per prefix, and the
 * changes that keeps the FIB in step with it.
 *
 * <h2>Routes</h2>
 * A prefix holds at most one route per {@link RouteSource}; adding another replaces it. A route
 * either has a {@link NextHop} the FIB can use as is ({@link #addRoute}: an interface, a gateway on a
 * known port, a blackhole), or a gateway address to resolve recursively ({@link #addRouteVia}: a
 * static "via", a BGP next hop). CONNECTED and LOCAL routes come only from interface addresses
 * ({@link #addInterfaceAddress}).
 *
 * <h2>Best route</h2>
 * Among a prefix's routes that resolve, the lowest administrative distance wins, then the lowest
 * metric, then the source declared first in {@link RouteSource}. A route that does not resolve is
 * kept but not installed: the next best route is, and it takes over again as soon as it resolves.
 *
 * <h2>Recursive resolution</h2>
 * A gateway resolves through the longest prefix containing it that has a route that resolves, never
 * through the route's own prefix (a route cannot carry its own next hop) and never through a cycle.
 * If that route is on-link (DIRECT) the gateway is the neighbour: GATEWAY(port, gateway); if it goes
 * through a gateway itself, the route inherits that next hop; if it is LOCAL or BLACKHOLE the gateway
 * is unresolvable (packets to it would not leave the router). Chains deeper than
 * {@link #MAX_RECURSION_DEPTH} do not resolve. Resolutions are computed per distinct gateway, not per
 * route, so a full BGP table through a handful of next hops costs a handful of resolutions; they are
 * all recomputed, from scratch so that no cycle can keep itself alive, only when a batch changes a
 * prefix that contains some gateway.
 *
 * <h2>FIB changes</h2>
 * Installed next hops are interned to indexes of the FIB's next-hop table with reference counts: the
 * same next hop always has the same index while any installed route uses it; its index is deleted
 * once none does. Each public change is a batch (or several, grouped with {@link #batch}); the RIB
 * finishes its own state first, then sends the batch to its {@link FibUpdates} in an order the
 * consumer can apply as it reads: next-hop sets, then route sets and deletes, then next-hop deletes,
 * then a commit. If sending fails the RIB stays correct, {@link #isFibInSync()} turns false, and the
 * consumer must be rebuilt with {@link #replay}.
 * <p>
 * Not thread safe: one control-plane thread owns it, and alone calls anything but {@link #lookup}.
 * {@link #lookup} may be called from any thread while the owner changes the RIB (the API answering
 * while the owner, the BGP event loop, takes in a full table or waits on the FIB): the entries are in a
 * {@link PrefixMap} per family, read with {@link PrefixMap#getConcurrently}; an entry's installed route
 * and next hops change together as one write of a
 * {@link SeqLock} that the lookup reads them under, and a lookup reads nothing else of an entry. So a lookup
 * sees each prefix as the FIB holds it (or is being sent), never a route with another's next hops, and
 * waits for no more than the few stores of one install, however long the owner's batch (a pass over a
 * full table when a gateway's resolution changes takes seconds). Across prefixes it may see a batch in
 * progress, as the data plane does while the batch's FIB changes arrive.
 */
public final class Rib
{
    /** Longest chain of recursive routes a gateway resolves through. */
    public static final int MAX_RECURSION_DEPTH = 8;

    /** The ordered index of pages is dropped this long after the last page. */
    public static final long ORDERED_IDLE_NS = 60_000_000_000L;

    /** Largest administrative distance. */
    public static final int MAX_DISTANCE = 255;

    private static final RouteSource[] SOURCES = RouteSource.values();
    /**
     * A dirty list that grew past this many entries (a 256 KB array) is dropped after its batch rather than kept
     * at that size; BGP's batches (one per event-loop turn, at most 65,536 changes) stay under it.
     */
    private static final int DIRTY_REUSE_LIMIT = 1 << 16;

    /** A gateway to resolve, and the prefix of the route that uses it if that prefix contains it. */
    private record GatewayKey(IpAddress gateway, IpPrefix excluded)
    {
    }

    /**
     * One route: either next hops used as they are or gateways to resolve; exactly one of the lists is
     * non-empty. Several paths make an ECMP route: its installed next hops are the union of what
     * each path resolves to.
     */
    private record Route(RouteSource source, int distance, int metric, List<NextHop> nextHops, List<GatewayKey> vias)
    {
        boolean uses(final GatewayKey key)
        {
            return vias.contains(key);
        }

        /** @return the gateways it was given (empty for a route given next hops), as {@link RibRoute#vias()}. */
        List<IpAddress> gateways()
        {
            final List<IpAddress> gateways = new ArrayList<>(vias.size());
            for (final GatewayKey key : vias)
            {
                gateways.add(key.gateway());
            }
            return List.copyOf(gateways);
        }
    }

    private static final class Entry
    {
        private static final Route[] NONE = new Route[0];

        final IpPrefix prefix;
        /** One route per source, ordered by source, no nulls: most prefixes have one or two. */
        Route[] routes = NONE;
        List<NextHop> installedNextHops;
        /** The route installed, with {@link #installedNextHops}; null with it. */
        Route installedRoute;
        int installedIndex = -1;
        /** In {@link Rib#dirty}: changed in the current batch, installed again when it ends. */
        boolean dirty;

        Entry(final IpPrefix prefix)
        {
            this.prefix = prefix;
        }

        Route route(final RouteSource source)
        {
            for (final Route route : routes)
            {
                if (route.source() == source)
                {
                    return route;
                }
            }
            return null;
        }

        /** Sets the route of its source, returning the one it replaced or null. */
        Route put(final Route route)
        {
            final int ordinal = route.source().ordinal();
            int i = 0;
            while (i < routes.length && routes[i].source().ordinal() < ordinal)
            {
                i++;
            }
            if (i < routes.length && routes[i].source().ordinal() == ordinal)
            {
                final Route old = routes[i];
                routes[i] = route;
                return old;
            }
            final Route[] grown = new Route[routes.length + 1];
            System.arraycopy(routes, 0, grown, 0, i);
            grown[i] = route;
            System.arraycopy(routes, i, grown, i + 1, routes.length - i);
            routes = grown;
            return null;
        }

        /** Removes the route of a source, returning it or null. */
        Route remove(final RouteSource source)
        {
            for (int i = 0; i < routes.length; i++)
            {
                if (routes[i].source() == source)
                {
                    final Route old = routes[i];
                    final Route[] shrunk = routes.length == 1 ? NONE : new Route[routes.length - 1];
                    System.arraycopy(routes, 0, shrunk, 0, i);
                    System.arraycopy(routes, i + 1, shrunk, i, routes.length - i - 1);
                    routes = shrunk;
                    return old;
                }
            }
            return null;
        }
    }

    /**
     * Every prefix's entry: a compact map per family ({@link PrefixMap}: the key's primitives and one
     * reference a slot, where a hash map had a node and a bucket per entry, and copied its nodes to grow).
     */
    private static final class Entries implements Iterable<Entry>
    {
        private final PrefixMap<Entry> ipv4 = new PrefixMap<>(false);
        private final PrefixMap<Entry> ipv6 = new PrefixMap<>(true);

        private PrefixMap<Entry> of(final IpPrefix prefix)
        {
            return prefix.isIpv4() ? ipv4 : ipv6;
        }

        Entry get(final IpPrefix prefix)
        {
            return of(prefix).get(prefix);
        }

        /** {@link #get} from a thread other than the owner's ({@link PrefixMap#getConcurrently}). */
        Entry getConcurrently(final IpPrefix prefix)
        {
            return of(prefix).getConcurrently(prefix);
        }

        void put(final IpPrefix prefix, final Entry entry)
        {
            of(prefix).put(prefix, entry);
        }

        void remove(final IpPrefix prefix)
        {
            of(prefix).remove(prefix);
        }

        int size()
        {
            return ipv4.size() + ipv6.size();
        }

        /** Every entry, IPv4 then IPv6, in slot order; the owner's, not while it changes the maps. */
        @Override
        public Iterator<Entry> iterator()
        {
            return new Iterator<>()
            {
                private PrefixMap<Entry> map = ipv4;
                private int slot = -1;

                {
                    advance();
                }

                private void advance()
                {
                    while (true)
                    {
                        slot++;
                        if (slot < map.capacity())
                        {
                            if (null != map.valueAt(slot))
                            {
                                return;
                            }
                        }
                        else if (map == ipv4)
                        {
                            map = ipv6;
                            slot = -1;
                        }
                        else
                        {
                            return;
                        }
                    }
                }

                @Override
                public boolean hasNext()
                {
                    return slot < map.capacity();
                }

                @Override
                public Entry next()
                {
                    if (!hasNext())
                    {
                        throw new NoSuchElementException();
                    }
                    final Entry entry = map.valueAt(slot);
                    advance();
                    return entry;
                }
            };
        }
    }

    private static final class Resolution
    {
        final GatewayKey key;
        /** The via list of a route through this gateway alone, shared by all such routes. */
        final List<GatewayKey> alone;
        int users;
        List<NextHop> resolved;
        List<NextHop> previous;
        /** Whether it had been resolved before the recomputation under way (see recomputeResolutions). */
        boolean resolvedBefore;
        long pass = -1;
        boolean acyclic;
        /** How many levels below its own the search that computed it went. */
        int height;
        boolean inProgress;

        Resolution(final GatewayKey key)
        {
            this.key = key;
            this.alone = List.of(key);
        }
    }

    private record PortAddress(int portId, InterfaceAddress address)
    {
    }

    private static final class ConnectedNetwork
    {
        final int portId;
        int addresses;

        ConnectedNetwork(final int portId)
        {
            this.portId = portId;
        }
    }

    private final FibUpdates fib;
    /** Read by {@link #lookup} from other threads too; only the owner changes it. */
    private final Entries entries = new Entries();
    /** Written around each change of an entry's installed route and next hops (see the class comment). */
    private final SeqLock entryChanges = new SeqLock();
    /**
     * The same entries in the order of {@link #routes()}, for pages: a page costs O(log n + page)
     * rather than a pass over a full table (measured here: 0.5-2.6 s per page of 1000 over 1M
     * routes with a pass, on the owner's thread). Kept only while pages are asked for: built at
     * the first page, dropped {@link #ORDERED_IDLE_NS} after the last, since keeping it in step
     * costs a tree insert per new prefix (measured: about twice the time of a 1M-route load).
     */
    private java.util.TreeMap<IpPrefix, Entry> ordered;
    private long lastPageNs;
    private final Map<GatewayKey, Resolution> resolutions = new LinkedHashMap<>();
    /**
     * The keys of {@link #resolutions} as an array, made again when a gateway comes or goes (rare): what
     * {@link #changed} scans for every changed prefix, without an iterator each time.
     */
    private GatewayKey[] gateways = new GatewayKey[0];
    private boolean gatewaysStale;
    /** The key {@link #via} made last: the next route is most often through the same gateway. */
    private GatewayKey lastVia;
    private final NextHopTable nextHops;
    private final FibOpLog changes = new FibOpLog();
    /**
     * Entries changed in the current batch, each once ({@link Entry#dirty}), in the order they changed: a list
     * and a flag rather than a set, so marking an entry allocates nothing (a full table marks every prefix).
     */
    private ArrayList<Entry> dirty = new ArrayList<>();
    private final Set<PortAddress> interfaceAddresses = new HashSet<>();
    private final Map<IpPrefix, ConnectedNetwork> connectedNetworks = new HashMap<>();
    private final Map<IpPrefix, Integer> localAddresses = new HashMap<>();
    private long pass;
    private int installed4;
    /** Routes held per source (installed or not): [0] IPv4, [1] IPv6, indexed by ordinal. */
    private final int[][] routesBySource = new int[2][RouteSource.values().length];
    private long nonBgpGeneration;
    private int installed6;
    private long cuts;
    /** The deepest level the searches under way have reached, for Resolution.height. */
    private int deepest;
    private boolean resolutionsStale;
    /** Passes over the table to mark the routes through gateways whose resolution changed (for tests). */
    private long dependentPasses;
    /** Installed routes added, removed and changed since this RIB was made: [IPv4, IPv6]. */
    private final long[] installedAdded = new long[2];
    private final long[] installedRemoved = new long[2];
    private final long[] installedChanged = new long[2];
    private int batchDepth;
    private boolean fibInSync = true;

    /**
     * @param fib where installed routes go.
     */
    public Rib(final FibUpdates fib)
    {
        this(fib, 0);
    }

    /**
     * A RIB whose next-hop indexes start at {@code firstNextHopIndex}: for a control plane that takes over a FIB
     * still holding its predecessor's next hops, numbered from another base (one half of the FIB's next-hop table
     * each, by the epoch's parity), so no old index means another next hop before the resync's end
     * ({@link #resync}).
     *
     * @param fib               the FIB consumer.
     * @param firstNextHopIndex the lowest next-hop index this RIB gives.
     */
    public Rib(final FibUpdates fib, final int firstNextHopIndex)
    {
        this.fib = Objects.requireNonNull(fib, "fib");
        this.nextHops = new NextHopTable(firstNextHopIndex);
    }

    /**
     * Group changes into one FIB batch (one commit). Batches nest; the outermost sends.
     *
     * @param changes calls to this RIB.
     */
    public void batch(final Runnable changes)
    {
        beginBatch();
        try
        {
            changes.run();
        }
        finally
        {
            endBatch();
        }
    }

    /**
     * Configure an address on a port: a LOCAL route for the address and a CONNECTED route (DIRECT out
     * of the port) for its network. Several addresses may share a network on one port; a network
     * connected on another port is refused.
     *
     * @param portId  the port.
     * @param address such as 198.18.1.1/24.
     * @return false if the port already had this address.
     * @throws IllegalArgumentException if the network is connected on another port.
     */
    public boolean addInterfaceAddress(final int portId, final InterfaceAddress address)
    {
        final NextHop direct = new NextHop.Direct(portId);
        final PortAddress key = new PortAddress(portId, Objects.requireNonNull(address, "address"));
        final IpPrefix network = address.network();
        final ConnectedNetwork existing = connectedNetworks.get(network);
        if (null != existing && existing.portId != portId)
        {
            throw new IllegalArgumentException(
                network + " is already connected on port " + existing.portId + ", not adding it on port " + portId);
        }
        if (interfaceAddresses.contains(key))
        {
            return false;
        }

        beginBatch();
        try
        {
            interfaceAddresses.add(key);
            if (null == existing)
            {
                connectedNetworks.computeIfAbsent(network, n -> new ConnectedNetwork(portId)).addresses++;
                setRoute(network, new Route(RouteSource.CONNECTED, RouteSource.CONNECTED.distance(), 0, List.of(direct), List.of()));
            }
            else
            {
                existing.addresses++;
            }

            if (1 == localAddresses.merge(address.hostPrefix(), 1, Integer::sum))
            {
                setRoute(address.hostPrefix(),
                    new Route(RouteSource.LOCAL, RouteSource.LOCAL.distance(), 0, List.of(NextHop.LOCAL), List.of()));
            }
        }
        finally
        {
            endBatch();
        }

        return true;
    }

    /**
     * Remove an address from a port, and its LOCAL and CONNECTED routes when no other address needs
     * them.
     *
     * @param portId  the port.
     * @param address as added.
     * @return false if the port did not have this address.
     */
    public boolean removeInterfaceAddress(final int portId, final InterfaceAddress address)
    {
        if (!interfaceAddresses.remove(new PortAddress(portId, address)))
        {
            return false;
        }

        beginBatch();
        try
        {
            final ConnectedNetwork connected = connectedNetworks.get(address.network());
            if (0 == --connected.addresses)
            {
                connectedNetworks.remove(address.network());
                clearRoute(address.network(), RouteSource.CONNECTED);
            }

            final IpPrefix host = address.hostPrefix();
            if (null == localAddresses.computeIfPresent(host, (p, count) -> count > 1 ? count - 1 : null))
            {
                clearRoute(host, RouteSource.LOCAL);
            }
        }
        finally
        {
            endBatch();
        }

        return true;
    }

    /**
     * Add or replace the route of a source for a prefix, with a next hop used as is, at the source's
     * administrative distance.
     *
     * @param source  STATIC, EBGP or IBGP.
     * @param prefix  destination.
     * @param nextHop where the FIB sends it.
     * @param metric  non-negative; lower is preferred among routes of equal distance.
     */
    public void addRoute(final RouteSource source, final IpPrefix prefix, final NextHop nextHop, final int metric)
    {
        addRoute(source, prefix, nextHop, null == source ? 0 : source.distance(), metric);
    }

    /**
     * Add or replace the route of a source for a prefix, with a next hop used as is, at a chosen
     * administrative distance (a floating static route: {@code distance 250} yields to any BGP route).
     *
     * @param source   STATIC, EBGP or IBGP.
     * @param prefix   destination.
     * @param nextHop  where the FIB sends it.
     * @param distance administrative distance in {@code 0..255}; lower is preferred.
     * @param metric   non-negative; lower is preferred among routes of equal distance.
     */
    public void addRoute(
        final RouteSource source, final IpPrefix prefix, final NextHop nextHop, final int distance, final int metric)
    {
        addRoute(source, prefix, List.of(Objects.requireNonNull(nextHop, "nextHop")), distance, metric);
    }

    /**
     * Add or replace the route of a source for a prefix with several next hops used as they are: an
     * ECMP route (a static route with several next hops, BGP multipath). Flows are spread over the
     * next hops by a hash of their addresses and ports.
     *
     * @param source   STATIC, EBGP or IBGP.
     * @param prefix   destination.
     * @param nextHops one next hop, or {@code 2..}{@link FibUpdates#MAX_GROUP_MEMBERS} distinct GATEWAY or
     *                 DIRECT ones.
     * @param distance administrative distance in {@code 0..255}; lower is preferred.
     * @param metric   non-negative; lower is preferred among routes of equal distance.
     */
    public void addRoute(
        final RouteSource source, final IpPrefix prefix, final List<NextHop> nextHops, final int distance, final int metric)
    {
        checkRoute(source, prefix, distance, metric);
        final List<NextHop> paths = canonical(checkPaths(nextHops, "nextHops"));
        if (paths.size() > 1)
        {
            for (final NextHop nextHop : paths)
            {
                if (!nextHop.forwards())
                {
                    throw new IllegalArgumentException("an ECMP route's next hops must be gateways or interfaces, not " + nextHop);
                }
            }
        }

        beginBatch();
        try
        {
            setRoute(prefix, new Route(source, distance, metric, paths, List.of()));
        }
        finally
        {
            endBatch();
        }
    }

    /**
     * Add or replace the route of a source for a prefix, through a gateway resolved recursively to an
     * egress port, at the source's administrative distance. The gateway may be of the other family
     * (an IPv4 route via an IPv6 next hop, RFC 8950).
     *
     * @param source  STATIC, EBGP or IBGP.
     * @param prefix  destination.
     * @param gateway next router, resolved through the other routes.
     * @param metric  non-negative; lower is preferred among routes of equal distance.
     */
    public void addRouteVia(final RouteSource source, final IpPrefix prefix, final IpAddress gateway, final int metric)
    {
        addRouteVia(source, prefix, gateway, null == source ? 0 : source.distance(), metric);
    }

    /**
     * Add or replace the route of a source for a prefix, through a gateway resolved recursively, at a
     * chosen administrative distance.
     *
     * @param source   STATIC, EBGP or IBGP.
     * @param prefix   destination.
     * @param gateway  next router, resolved through the other routes.
     * @param distance administrative distance in {@code 0..255}; lower is preferred.
     * @param metric   non-negative; lower is preferred among routes of equal distance.
     */
    public void addRouteVia(
        final RouteSource source, final IpPrefix prefix, final IpAddress gateway, final int distance, final int metric)
    {
        addRouteVia(source, prefix, List.of(Objects.requireNonNull(gateway, "gateway")), distance, metric);
    }

    /**
     * Add or replace the route of a source for a prefix through several gateways, each resolved
     * recursively: an ECMP route. It is installed with every next hop its gateways resolve to (up to
     * {@link FibUpdates#MAX_GROUP_MEMBERS}, the lowest first), and while at least one resolves.
     *
     * @param source   STATIC, EBGP or IBGP.
     * @param prefix   destination.
     * @param gateways {@code 1..}{@link FibUpdates#MAX_GROUP_MEMBERS} next routers.
     * @param distance administrative distance in {@code 0..255}; lower is preferred.
     * @param metric   non-negative; lower is preferred among routes of equal distance.
     */
    public void addRouteVia(
        final RouteSource source, final IpPrefix prefix, final List<? extends IpAddress> gateways, final int distance,
        final int metric)
    {
        checkRoute(source, prefix, distance, metric);
        checkPaths(gateways, "gateways");
        final List<GatewayKey> vias = 1 == gateways.size() ? via(prefix, gateways.getFirst()) : vias(prefix, gateways);

        beginBatch();
        try
        {
            setRoute(prefix, new Route(source, distance, metric, List.of(), vias));
        }
        finally
        {
            endBatch();
        }
    }

    /**
     * The vias of a route through one gateway: the list its resolution holds when it has one (a full table's
     * routes share a handful), so the route adds no list of its own.
     */
    private List<GatewayKey> via(final IpPrefix prefix, final IpAddress gateway)
    {
        final GatewayKey last = lastVia;
        final GatewayKey key = null != last && last.gateway().equals(gateway) &&
            Objects.equals(last.excluded(), excluded(prefix, gateway)) ? last : key(prefix, gateway);
        lastVia = key;
        final Resolution existing = resolutions.get(key);
        return null != existing ? existing.alone : List.of(key);
    }

    /** The key of a gateway for a route to the prefix. */
    private static GatewayKey key(final IpPrefix prefix, final IpAddress gateway)
    {
        return new GatewayKey(gateway, excluded(prefix, gateway));
    }

    /** The prefix the gateway's resolution must not go through: the route's own, when it contains the gateway. */
    private static IpPrefix excluded(final IpPrefix prefix, final IpAddress gateway)
    {
        return prefix.contains(gateway) ? prefix : null;
    }

    /** The vias of a route through several gateways, each once, in the order given. */
    private static List<GatewayKey> vias(final IpPrefix prefix, final List<? extends IpAddress> gateways)
    {
        final List<GatewayKey> keys = new ArrayList<>(gateways.size());
        for (final IpAddress gateway : gateways)
        {
            final GatewayKey key = key(prefix, gateway);
            if (!keys.contains(key))
            {
                keys.add(key);
            }
        }
        return List.copyOf(keys);
    }

    /**
     * Withdraw the route of a source for a prefix, revealing the next best.
     *
     * @param source STATIC, EBGP or IBGP.
     * @param prefix destination.
     * @return false if there was no such route.
     */
    public boolean removeRoute(final RouteSource source, final IpPrefix prefix)
    {
        checkRoute(source, prefix, 0, 0);
        final Entry entry = entries.get(prefix);
        if (null == entry || null == entry.route(source))
        {
            return false;
        }

        beginBatch();
        try
        {
            clearRoute(prefix, source);
        }
        finally
        {
            endBatch();
        }

        return true;
    }

    /**
     * Send the whole installed state to a FIB consumer that starts empty (a data plane that
     * restarted, or after {@link #isFibInSync()} turned false and the consumer was cleared): every
     * next hop in use, then every installed route, then a commit.
     *
     * @param target consumer to fill; when it is this RIB's own FIB, {@link #isFibInSync()} is true
     *               again afterwards.
     */
    public void replay(final FibUpdates target)
    {
        if (batchDepth > 0)
        {
            throw new IllegalStateException("cannot replay inside a batch");
        }

        sendInstalled(target);
        target.commit();

        if (target == fib)
        {
            fibInSync = true;
        }
    }

    /**
     * Send the whole installed state to a FIB consumer that still holds what an earlier producer (this
     * process before a restart, or another) gave it, as a resync of a new epoch: a begin with
     * {@code epoch}, every next hop in use, every installed route, the end of the epoch, then a commit.
     * The consumer forwards on what it holds until the end, then removes what this table did not set
     * ({@link FibUpdates#resyncBegin}). The next-hop indexes are this RIB's: a restarted control plane
     * that numbers next hops differently from its predecessor must not reuse one of the old indexes
     * for another next hop before the end (the {@link FibUpdates} promise).
     *
     * @param target consumer to resync; when it is this RIB's own FIB, {@link #isFibInSync()} is true
     *               again afterwards.
     * @param epoch  above every epoch begun before on the target's stream, unsigned; never 0.
     */
    public void resync(final FibUpdates target, final long epoch)
    {
        if (batchDepth > 0)
        {
            throw new IllegalStateException("cannot resync inside a batch");
        }
        if (0 == epoch)
        {
            throw new IllegalArgumentException("epoch 0 is the state before any resync");
        }

        target.resyncBegin(epoch);
        sendInstalled(target);
        target.resyncEnd(epoch);
        target.commit();

        if (target == fib)
        {
            fibInSync = true;
        }
    }

    private void sendInstalled(final FibUpdates target)
    {
        nextHops.replayTo(target);
        for (final Entry entry : entries)
        {
            if (entry.installedIndex >= 0)
            {
                routeSet(target, entry.prefix, entry.installedIndex);
            }
        }
    }

    /**
     * @return false once sending a batch to the FIB failed; the FIB then lacks changes.
     */
    public boolean isFibInSync()
    {
        return fibInSync;
    }

    /**
     * @param prefix destination.
     * @return the next hop installed for exactly this prefix, or null.
     */
    public NextHop installedNextHop(final IpPrefix prefix)
    {
        final Entry entry = entries.get(prefix);
        return null == entry || null == entry.installedNextHops ? null : entry.installedNextHops.getFirst();
    }

    /**
     * @param prefix destination.
     * @return the next hops installed for exactly this prefix (more than one for an ECMP route, in
     *     the group's member order), or an empty list.
     */
    public List<NextHop> installedNextHops(final IpPrefix prefix)
    {
        final Entry entry = entries.get(prefix);
        return null == entry || null == entry.installedNextHops ? List.of() : entry.installedNextHops;
    }

    /**
     * Hand every installed route to {@code each}, IPv4 first: its prefix and the next hops the FIB was given for
     * it (an ECMP group's members in its order), as a data plane's FIB read back is compared with (the owner's
     * thread, not while the table changes).
     *
     * @param each takes a prefix and its installed next hops.
     */
    public void forEachInstalled(final java.util.function.BiConsumer<IpPrefix, List<NextHop>> each)
    {
        for (final Entry entry : entries)
        {
            if (entry.installedIndex >= 0)
            {
                each.accept(entry.prefix, null == entry.installedNextHops ? List.of() : entry.installedNextHops);
            }
        }
    }

    /**
     * @param prefix destination.
     * @return the FIB next-hop index installed for exactly this prefix (an ECMP group's own index for
     *     an ECMP route), or -1.
     */
    public int installedIndex(final IpPrefix prefix)
    {
        final Entry entry = entries.get(prefix);
        return null == entry ? -1 : entry.installedIndex;
    }

    /**
     * How an address is reached without BGP: the longest installed prefix containing it whose
     * route is not a BGP one (connected, static, local), as the BGP decision process asks for a
     * next hop's reachability and interior cost. Walks at most 33 (IPv4) or 129 (IPv6) prefix
     * lengths; callers cache by address and {@link #nonBgpGeneration()}.
     *
     * @param address a BGP next hop.
     * @return the metric of that route, or -1 if no non-BGP route covers the address (or the one
     *     that does goes nowhere: LOCAL, BLACKHOLE).
     */
    public long nonBgpCost(final IpAddress address)
    {
        final int maxLength = address.isIpv4() ? Prefix4.MAX_LENGTH : Prefix6.MAX_LENGTH;
        for (int length = maxLength; length >= 0; length--)
        {
            final Entry entry = entries.get(covering(address, length));
            if (null == entry || null == entry.installedNextHops)
            {
                continue;
            }
            if (isBgp(entry.installedRoute.source()))
            {
                continue; // a BGP route does not resolve a BGP next hop; look for a shorter one
            }
            final NextHop first = entry.installedNextHops.getFirst();
            if (first instanceof NextHop.Local || first instanceof NextHop.Blackhole)
            {
                return -1;
            }
            return entry.installedRoute.metric();
        }
        return -1;
    }

    /**
     * @return passes made over the table to find the routes through gateways whose resolution changed.
     */
    long dependentPasses()
    {
        return dependentPasses;
    }

    /**
     * @return a number that changes whenever a non-BGP route is added, replaced or removed: what
     *     {@link #nonBgpCost} answers can only change when it does.
     */
    public long nonBgpGeneration()
    {
        return nonBgpGeneration;
    }

    /**
     * @param prefix destination.
     * @return the source of the route installed for exactly this prefix, or null.
     */
    public RouteSource installedSource(final IpPrefix prefix)
    {
        final Entry entry = entries.get(prefix);
        return null == entry || null == entry.installedNextHops ? null : entry.installedRoute.source();
    }

    /**
     * @param nextHop a next hop.
     * @return its index in the FIB's next-hop table, or -1 if no installed route uses it.
     */
    public int nextHopIndex(final NextHop nextHop)
    {
        return nextHops.indexOf(List.of(nextHop));
    }

    /**
     * @param index next-hop index.
     * @return the member indexes of the ECMP group at the index, or null if it is not a group in use.
     */
    public int[] nextHopGroupMembers(final int index)
    {
        return nextHops.membersOf(index);
    }

    /**
     * @param index next-hop index.
     * @return installed routes using it.
     */
    public int nextHopReferences(final int index)
    {
        return nextHops.referencesOf(index);
    }

    /**
     * @return next hops in use by installed routes.
     */
    public int nextHopCount()
    {
        return nextHops.size();
    }

    /**
     * @return prefixes with an installed route.
     */
    public int installedCount()
    {
        return installed4 + installed6;
    }

    /**
     * @param ipv4   which family.
     * @param source which source.
     * @return routes of that source held now, installed or not (a count kept on every change).
     */
    public int routeCount(final boolean ipv4, final RouteSource source)
    {
        return routesBySource[ipv4 ? 0 : 1][source.ordinal()];
    }

    /**
     * @return IPv4 prefixes with an installed route.
     */
    public int installedCount4()
    {
        return installed4;
    }

    /**
     * @return IPv6 prefixes with an installed route.
     */
    public int installedCount6()
    {
        return installed6;
    }

    /**
     * Totals since the RIB was made of changes to what is installed (what the FIB holds), for
     * route-change summaries: a summary is the difference of two of these.
     *
     * @param added4   IPv4 prefixes that got an installed route.
     * @param removed4 IPv4 prefixes that lost theirs.
     * @param changed4 IPv4 prefixes whose installed next hops changed.
     */
    public record InstalledChanges(long added4, long removed4, long changed4, long added6, long removed6, long changed6)
    {
    }

    /**
     * @return the totals of installed-route changes so far.
     */
    public InstalledChanges installedChanges()
    {
        return new InstalledChanges(installedAdded[0], installedRemoved[0], installedChanged[0],
            installedAdded[1], installedRemoved[1], installedChanged[1]);
    }

    /**
     * @param prefix a prefix.
     * @return its routes, one per source, in source order; empty if none.
     */
    public List<RibRoute> routesOf(final IpPrefix prefix)
    {
        final Entry entry = entries.get(prefix);
        if (null == entry)
        {
            return List.of();
        }
        final List<RibRoute> routes = new ArrayList<>(entry.routes.length);
        for (final Route route : entry.routes)
        {
            routes.add(snapshot(entry, route));
        }
        return routes;
    }

    /**
     * Longest match over what is installed: the route the FIB holds for the longest installed
     * prefix containing the address. Any thread, also while the owner changes the RIB (see the class
     * comment): each prefix as it was installed at one moment during the call.
     *
     * @param address an address.
     * @return that route (its resolved next hops are the installed ones), or null when no installed prefix
     *     contains it.
     */
    public RibRoute lookup(final IpAddress address)
    {
        return installedRoute(Objects.requireNonNull(address, "address"));
    }

    /** An entry's installed route and next hops, read together. */
    private record Installed(Route route, List<NextHop> nextHops)
    {
    }

    /**
     * {@link #lookup}'s read: the entries with {@link PrefixMap#getConcurrently}, each entry's installed pair
     * under {@link #entryChanges}; routes are immutable.
     */
    private RibRoute installedRoute(final IpAddress address)
    {
        final int maxLength = address.isIpv4() ? Prefix4.MAX_LENGTH : Prefix6.MAX_LENGTH;
        for (int length = maxLength; length >= 0; length--)
        {
            final Entry entry = entries.getConcurrently(covering(address, length));
            final Installed installed = null == entry ? null : entryChanges.read(() ->
                null == entry.installedNextHops ? null : new Installed(entry.installedRoute, entry.installedNextHops));
            if (null != installed)
            {
                final Route route = installed.route();
                return new RibRoute(entry.prefix, route.source(), route.distance(), route.metric(), route.nextHops(),
                    route.gateways(), installed.nextHops(), true);
            }
        }
        return null;
    }

    /**
     * One page of routes in the order of {@link #routes()} (IPv4 first, by address, length, then
     * source), walked from the cursor in the ordered index: O(log n + what it skips + limit).
     *
     * @param within      only prefixes equal to or inside this one (0.0.0.0/0 or ::/0 for a family),
     *                    or null for every prefix.
     * @param sources     which sources.
     * @param afterPrefix only routes ordered after (afterPrefix, afterSource), or null for the start.
     * @param afterSource with afterPrefix.
     * @param limit       at most this many, at least 1.
     * @return the page, in order.
     */
    public List<RibRoute> routes(
        final IpPrefix within, final java.util.function.Predicate<RouteSource> sources, final IpPrefix afterPrefix,
        final RouteSource afterSource, final int limit)
    {
        if (limit < 1)
        {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        lastPageNs = System.nanoTime();
        if (null == ordered)
        {
            ordered = orderedIndex();
        }
        IpPrefix from = within;
        if (null != afterPrefix && (null == from || comparePrefixes(afterPrefix, from) > 0))
        {
            from = afterPrefix;
        }
        final Map<IpPrefix, Entry> tail = null == from ? ordered : ordered.tailMap(from, true);
        final List<RibRoute> page = new ArrayList<>(Math.min(limit, 1024));
        for (final Entry entry : tail.values())
        {
            if (null != within && !within.contains(entry.prefix))
            {
                if (beyond(within, entry.prefix))
                {
                    break;
                }
                continue;
            }
            final boolean atCursor = null != afterPrefix && entry.prefix.equals(afterPrefix);
            for (final Route route : entry.routes)
            {
                if (!sources.test(route.source()) || atCursor && route.source().compareTo(afterSource) <= 0)
                {
                    continue;
                }
                page.add(snapshot(entry, route));
                if (page.size() == limit)
                {
                    return page;
                }
            }
        }
        return page;
    }

    private static final Comparator<IpPrefix> ORDER = Rib::comparePrefixes;

    /** The ordered index, built in O(n log n) by a sort and a linear build (TreeMap's from a sorted map). */
    private java.util.TreeMap<IpPrefix, Rib.Entry> orderedIndex()
    {
        final Rib.Entry[] sorted = new Rib.Entry[entries.size()];
        int n = 0;
        for (final Entry entry : entries)
        {
            sorted[n++] = entry;
        }
        java.util.Arrays.sort(sorted, (a, b) -> comparePrefixes(a.prefix, b.prefix));
        return new java.util.TreeMap<>(new SortedEntries(sorted));
    }

    /** Just enough of a sorted map for {@code TreeMap(SortedMap)}: its comparator, size and entries in order. */
    private static final class SortedEntries extends java.util.AbstractMap<IpPrefix, Rib.Entry> implements java.util.SortedMap<IpPrefix, Rib.Entry>
    {
        private final Rib.Entry[] sorted;

        SortedEntries(final Rib.Entry[] sorted)
        {
            this.sorted = sorted;
        }

        @Override
        public Comparator<? super IpPrefix> comparator()
        {
            return ORDER;
        }

        @Override
        public int size()
        {
            return sorted.length;
        }

        @Override
        public Set<Map.Entry<IpPrefix, Rib.Entry>> entrySet()
        {
            return new java.util.AbstractSet<>()
            {
                @Override
                public java.util.Iterator<Map.Entry<IpPrefix, Rib.Entry>> iterator()
                {
                    return java.util.Arrays.stream(sorted).map(e -> Map.entry(e.prefix, e)).iterator();
                }

                @Override
                public int size()
                {
                    return sorted.length;
                }
            };
        }

        @Override
        public java.util.SortedMap<IpPrefix, Rib.Entry> subMap(final IpPrefix fromKey, final IpPrefix toKey)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.SortedMap<IpPrefix, Rib.Entry> headMap(final IpPrefix toKey)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.SortedMap<IpPrefix, Rib.Entry> tailMap(final IpPrefix fromKey)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public IpPrefix firstKey()
        {
            return sorted[0].prefix;
        }

        @Override
        public IpPrefix lastKey()
        {
            return sorted[sorted.length - 1].prefix;
        }
    }

    /** Whether a prefix, ordered after {@code within}, is past every prefix {@code within} contains. */
    private static boolean beyond(final IpPrefix within, final IpPrefix prefix)
    {
        if (within.isIpv4() != prefix.isIpv4())
        {
            return true;
        }
        return switch (within)
        {
            case Prefix4 w ->
            {
                final int last = w.address() | ~(0 == w.length() ? 0 : -1 << (Prefix4.MAX_LENGTH - w.length()));
                yield Integer.compareUnsigned(((Prefix4)prefix).address(), last) > 0;
            }
            case Prefix6 w ->
            {
                final long maskHigh = w.length() >= 64 ? -1L : 0 == w.length() ? 0 : -1L << (64 - w.length());
                final long maskLow = w.length() <= 64 ? 0 : w.length() == 128 ? -1L : -1L << (128 - w.length());
                final long lastHigh = w.high() | ~maskHigh;
                final long lastLow = w.low() | ~maskLow;
                final Prefix6 p = (Prefix6)prefix;
                final int byHigh = Long.compareUnsigned(p.high(), lastHigh);
                yield byHigh > 0 || 0 == byHigh && Long.compareUnsigned(p.low(), lastLow) > 0;
            }
        };
    }

    /**
     * The order of {@link #routes()}: IPv4 first, then by address, then by length.
     *
     * @return negative, zero or positive.
     */
    public static int compare(final IpPrefix a, final IpPrefix b)
    {
        return comparePrefixes(a, b);
    }

    private RibRoute snapshot(final Entry entry, final Route route)
    {
        // A route that cannot win is never resolved by install(); resolve it for display.
        final List<NextHop> resolved = nextHopOf(route, 0);
        return new RibRoute(entry.prefix, route.source(), route.distance(), route.metric(), route.nextHops(),
            route.gateways(), null == resolved ? List.of() : resolved,
            null != entry.installedRoute && entry.installedRoute.source() == route.source());
    }

    /**
     * @return every route of every source, IPv4 first, by address, length, then source.
     */
    public List<RibRoute> routes()
    {
        final List<RibRoute> routes = new ArrayList<>();
        for (final Entry entry : entries)
        {
            for (final Route route : entry.routes)
            {
                if (null != route)
                {
                    routes.add(snapshot(entry, route));
                }
            }
        }
        routes.sort(Comparator.comparing((RibRoute r) -> r.prefix(), Rib::comparePrefixes)
            .thenComparing(RibRoute::source));
        return routes;
    }

    private void setRoute(final IpPrefix prefix, final Route route)
    {
        Entry entry = entries.get(prefix);
        if (null == entry)
        {
            entry = new Entry(prefix);
            entries.put(prefix, entry);
            if (null != ordered)
            {
                ordered.put(prefix, entry);
            }
        }
        final Route old = entry.route(route.source());
        if (route.equals(old))
        {
            return;
        }

        entry.put(route);
        if (null == old)
        {
            routesBySource[prefix.isIpv4() ? 0 : 1][route.source().ordinal()]++;
        }
        // Indexed loops, here and below: a full table passes through for every prefix, and an iterator each
        // time was garbage wherever the JIT did not remove it (RibAllocationTest).
        final List<GatewayKey> vias = route.vias();
        for (int i = 0; i < vias.size(); i++)
        {
            acquireResolution(vias.get(i));
        }
        if (null != old)
        {
            releaseResolutions(old);
        }

        changed(entry, route.source());
    }

    private void clearRoute(final IpPrefix prefix, final RouteSource source)
    {
        final Entry entry = entries.get(prefix);
        final Route old = null == entry ? null : entry.remove(source);
        if (null == old)
        {
            return;
        }
        routesBySource[prefix.isIpv4() ? 0 : 1][source.ordinal()]--;
        releaseResolutions(old);

        changed(entry, source);
    }

    private void acquireResolution(final GatewayKey key)
    {
        final Resolution resolution = resolutions.computeIfAbsent(key, Resolution::new);
        if (0 == resolution.users++)
        {
            gatewaysStale = true;
        }
    }

    private void releaseResolutions(final Route route)
    {
        final List<GatewayKey> vias = route.vias();
        for (int i = 0; i < vias.size(); i++)
        {
            releaseResolution(vias.get(i));
        }
    }

    private void releaseResolution(final GatewayKey key)
    {
        final Resolution resolution = resolutions.get(key);
        if (0 == --resolution.users)
        {
            resolutions.remove(key);
            gatewaysStale = true;
        }
    }

    private void changed(final Entry entry, final RouteSource source)
    {
        markDirty(entry);
        if (!isBgp(source) || hasNonBgpRoute(entry))
        {
            nonBgpGeneration++; // what nonBgpCost answers under this prefix may change
        }
        if (!resolutionsStale)
        {
            if (gatewaysStale)
            {
                gateways = resolutions.keySet().toArray(new GatewayKey[0]);
                gatewaysStale = false;
            }
            for (final GatewayKey key : gateways)
            {
                if (entry.prefix.contains(key.gateway()))
                {
                    resolutionsStale = true;
                    break;
                }
            }
        }
    }

    private void markDirty(final Entry entry)
    {
        if (!entry.dirty)
        {
            entry.dirty = true;
            dirty.add(entry);
        }
    }

    private static boolean isBgp(final RouteSource source)
    {
        return RouteSource.EBGP == source || RouteSource.IBGP == source;
    }

    private static boolean hasNonBgpRoute(final Entry entry)
    {
        for (final Route route : entry.routes)
        {
            if (!isBgp(route.source()))
            {
                return true;
            }
        }
        return false;
    }

    private void beginBatch()
    {
        batchDepth++;
    }

    private void endBatch()
    {
        if (--batchDepth > 0)
        {
            return;
        }
        if (null != ordered && System.nanoTime() - lastPageNs > ORDERED_IDLE_NS)
        {
            ordered = null; // nobody pages any more: stop paying for the index
        }

        if (resolutionsStale)
        {
            recomputeResolutions();
            resolutionsStale = false;
        }
        for (int i = 0; i < dirty.size(); i++)
        {
            install(dirty.get(i));
        }
        for (int i = 0; i < dirty.size(); i++)
        {
            dirty.get(i).dirty = false;
        }
        // After a large batch (a pass over the table in recomputeResolutions, a commit of many changes) the
        // list's array is dropped rather than kept at that size for the batches of a few prefixes after it.
        if (dirty.size() > DIRTY_REUSE_LIMIT)
        {
            dirty = new ArrayList<>();
        }
        else
        {
            dirty.clear();
        }
        nextHops.deleteUnreferenced(changes);

        if (changes.isEmpty())
        {
            return;
        }

        try
        {
            changes.replayTo(fib);
            fib.commit();
        }
        catch (final RuntimeException ex)
        {
            fibInSync = false;
            throw ex;
        }
        finally
        {
            changes.clear();
        }
    }

    /**
     * Resolve every gateway again from nothing, then mark the prefixes whose gateway's answer changed.
     */
    private void recomputeResolutions()
    {
        pass++;
        for (final Resolution resolution : resolutions.values())
        {
            resolution.previous = resolution.resolved;
            resolution.resolvedBefore = resolution.pass >= 0;
        }
        for (final Resolution resolution : resolutions.values())
        {
            resolve(resolution.key, 0);
        }
        // A gateway never resolved before is no change: no installed route used it (install resolves the
        // routes it tries, in order, up to the one it installs), and the routes of this batch that use it are
        // dirty already. Counting it made a full-table load pay a pass over the table for each new gateway.
        final Set<GatewayKey> changed = new HashSet<>();
        for (final Resolution resolution : resolutions.values())
        {
            if (resolution.resolvedBefore && !Objects.equals(resolution.previous, resolution.resolved))
            {
                changed.add(resolution.key);
            }
            resolution.previous = null;
        }
        if (changed.isEmpty())
        {
            return;
        }
        dependentPasses++;

        // Rare (a connected or static route under a gateway changed): one pass over the table
        // costs less, in memory above all, than a set of dependents per gateway.
        for (final Entry entry : entries)
        {
            for (final Route route : entry.routes)
            {
                for (final GatewayKey key : route.vias())
                {
                    if (changed.contains(key))
                    {
                        markDirty(entry);
                    }
                }
            }
        }
    }

    /**
     * Install the best resolvable route of a prefix, or withdraw it if none resolves.
     */
    private void install(final Entry entry)
    {
        final Route best = bestRoute(entry, 0);
        final List<NextHop> nextHop = null == best ? null : nextHopOf(best, 0);
        final List<NextHop> previous = entry.installedNextHops;

        if (null == nextHop)
        {
            if (null != previous)
            {
                routeDelete(changes, entry.prefix);
                nextHops.release(entry.installedIndex);
                entry.installedIndex = -1;
            }
        }
        else if (!nextHop.equals(previous))
        {
            final int index = nextHops.acquire(nextHop, changes);
            routeSet(changes, entry.prefix, index);
            if (null != previous)
            {
                nextHops.release(entry.installedIndex);
            }
            entry.installedIndex = index;
        }

        final int family = entry.prefix.isIpv4() ? 0 : 1;
        if (null == previous && null != nextHop)
        {
            installedAdded[family]++;
        }
        else if (null != previous && null == nextHop)
        {
            installedRemoved[family]++;
        }
        else if (null != previous && !nextHop.equals(previous))
        {
            installedChanged[family]++;
        }
        final int delta = (null == nextHop ? 0 : 1) - (null == previous ? 0 : 1);
        if (entry.prefix.isIpv4())
        {
            installed4 += delta;
        }
        else
        {
            installed6 += delta;
        }
        entryChanges.beginWrite();
        entry.installedNextHops = nextHop;
        entry.installedRoute = null == nextHop ? null : best;
        entryChanges.endWrite();
        if (0 == entry.routes.length)
        {
            entries.remove(entry.prefix);
            if (null != ordered)
            {
                ordered.remove(entry.prefix);
            }
        }
    }

    private Route bestRoute(final Entry entry, final int depth)
    {
        Route best = null;
        for (final Route route : entry.routes)
        {
            if (null != route && (null == best || isPreferred(route, best)) && null != nextHopOf(route, depth))
            {
                best = route;
            }
        }
        return best;
    }

    private static boolean isPreferred(final Route candidate, final Route incumbent)
    {
        final int byDistance = Integer.compare(candidate.distance(), incumbent.distance());
        if (0 != byDistance)
        {
            return byDistance < 0;
        }
        final int byMetric = Integer.compare(candidate.metric(), incumbent.metric());
        if (0 != byMetric)
        {
            return byMetric < 0;
        }
        return candidate.source().ordinal() < incumbent.source().ordinal();
    }

    /**
     * What a route installs: its own next hops, or the union of what its gateways resolve to; null if
     * none resolves.
     */
    private List<NextHop> nextHopOf(final Route route, final int depth)
    {
        if (route.vias().isEmpty())
        {
            return route.nextHops();
        }
        if (1 == route.vias().size())
        {
            return resolve(route.vias().getFirst(), depth);
        }

        final List<NextHop> union = new ArrayList<>();
        for (final GatewayKey key : route.vias())
        {
            final List<NextHop> resolved = resolve(key, depth);
            if (null != resolved)
            {
                union.addAll(resolved);
            }
        }
        return union.isEmpty() ? null : canonical(union);
    }

    /**
     * The next hop a gateway resolves to, null if it does not.
     * <p>
     * Resolution is a depth-first search over the routes: a gateway already on the search path is a
     * cycle and counts as unresolved there (a "cut"), as does a chain deeper than
     * {@link #MAX_RECURSION_DEPTH}. A result is kept for the pass when it was computed at the root
     * ({@code depth == 0}: the answer the gateway's own routes install) and shared with other searches
     * only if no cut shaped it and its chain, reused at that depth, stays within the depth limit (its
     * height is kept for that: a chain that resolves at the root may be too deep where it is reused);
     * a result a cut shaped depends on the path and is computed again on each path. So every answer
     * is a function of the routes alone, not of the order they came in, and no cycle of routes can
     * resolve through itself.
     */
    private List<NextHop> resolve(final GatewayKey key, final int depth)
    {
        final Resolution resolution = resolutions.get(key);
        if (pass == resolution.pass &&
            (0 == depth || resolution.acyclic && depth + resolution.height <= MAX_RECURSION_DEPTH))
        {
            deepest = Math.max(deepest, depth + resolution.height);
            return resolution.resolved;
        }
        if (resolution.inProgress || depth > MAX_RECURSION_DEPTH)
        {
            cuts++;
            return null;
        }

        final long cutsBefore = cuts;
        final int deepestBefore = deepest;
        deepest = depth;
        resolution.inProgress = true;
        List<NextHop> result = null;
        try
        {
            final IpAddress gateway = key.gateway();
            final int maxLength = gateway.isIpv4() ? Prefix4.MAX_LENGTH : Prefix6.MAX_LENGTH;
            for (int length = maxLength; length >= 0; length--)
            {
                final IpPrefix covering = covering(gateway, length);
                final Entry entry = covering.equals(key.excluded()) ? null : entries.get(covering);
                final Route route = null == entry ? null : bestRoute(entry, depth + 1);
                if (null != route)
                {
                    result = throughRoute(gateway, nextHopOf(route, depth + 1));
                    break;
                }
            }
        }
        finally
        {
            resolution.inProgress = false;
        }

        final boolean acyclic = cuts == cutsBefore;
        final int height = deepest - depth;
        deepest = Math.max(deepestBefore, deepest);
        if (0 == depth || acyclic)
        {
            resolution.resolved = result;
            resolution.acyclic = acyclic;
            resolution.height = height;
            resolution.pass = pass;
        }
        return result;
    }

    /**
     * What a gateway resolves to when the longest route containing it has these next hops: each
     * interface becomes the gateway on that interface, each gateway is inherited; LOCAL and BLACKHOLE
     * do not resolve. Null if nothing does.
     */
    private static List<NextHop> throughRoute(final IpAddress gateway, final List<NextHop> covering)
    {
        if (null == covering)
        {
            return null;
        }
        if (1 == covering.size())
        {
            final NextHop through = throughNextHop(gateway, covering.getFirst());
            return null == through ? null : List.of(through);
        }

        final List<NextHop> result = new ArrayList<>(covering.size());
        for (final NextHop nextHop : covering)
        {
            final NextHop through = throughNextHop(gateway, nextHop);
            if (null != through)
            {
                result.add(through);
            }
        }
        return result.isEmpty() ? null : canonical(result);
    }

    private static NextHop throughNextHop(final IpAddress gateway, final NextHop covering)
    {
        return switch (covering)
        {
            case NextHop.Direct direct -> switch (gateway)
            {
                case Ip4Address ip4 -> new NextHop.Gateway4(direct.portId(), ip4.value());
                case Ip6Address ip6 -> new NextHop.Gateway6(direct.portId(), ip6);
            };
            case NextHop.Gateway4 inherited -> inherited;
            case NextHop.Gateway6 inherited -> inherited;
            case NextHop.Local ignored -> null;
            case NextHop.Blackhole ignored -> null;
        };
    }

    /**
     * The canonical form of a set of next hops: sorted, without duplicates, at most
     * {@link FibUpdates#MAX_GROUP_MEMBERS} (the lowest), immutable; equal sets are equal lists.
     */
    static List<NextHop> canonical(final List<NextHop> nextHops)
    {
        if (1 == nextHops.size())
        {
            return List.of(nextHops.getFirst());
        }
        final java.util.TreeSet<NextHop> sorted = new java.util.TreeSet<>(NextHopOrder.INSTANCE);
        sorted.addAll(nextHops);
        return sorted.stream().limit(FibUpdates.MAX_GROUP_MEMBERS).toList();
    }

    private static <T> List<T> checkPaths(final List<T> paths, final String name)
    {
        Objects.requireNonNull(paths, name);
        if (paths.isEmpty() || paths.size() > FibUpdates.MAX_GROUP_MEMBERS)
        {
            throw new IllegalArgumentException(
                name + " must have 1.." + FibUpdates.MAX_GROUP_MEMBERS + " entries, not " + paths.size());
        }
        for (int i = 0; i < paths.size(); i++)
        {
            Objects.requireNonNull(paths.get(i), name);
        }
        return paths;
    }

    private static IpPrefix covering(final IpAddress address, final int length)
    {
        return switch (address)
        {
            case Ip4Address ip4 -> Prefix4.network(ip4.value(), length);
            case Ip6Address ip6 -> Prefix6.network(ip6.high(), ip6.low(), length);
        };
    }

    private static void routeSet(final FibUpdates target, final IpPrefix prefix, final int index)
    {
        switch (prefix)
        {
            case Prefix4 p -> target.route4Set(p.address(), p.length(), index);
            case Prefix6 p -> target.route6Set(p.high(), p.low(), p.length(), index);
        }
    }

    private static void routeDelete(final FibUpdates target, final IpPrefix prefix)
    {
        switch (prefix)
        {
            case Prefix4 p -> target.route4Delete(p.address(), p.length());
            case Prefix6 p -> target.route6Delete(p.high(), p.low(), p.length());
        }
    }

    private static void checkRoute(final RouteSource source, final IpPrefix prefix, final int distance, final int metric)
    {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(prefix, "prefix");
        if (RouteSource.CONNECTED == source || RouteSource.LOCAL == source)
        {
            throw new IllegalArgumentException(source + " routes come from interface addresses (addInterfaceAddress)");
        }
        if (distance < 0 || distance > MAX_DISTANCE)
        {
            throw new IllegalArgumentException("distance " + distance + " is outside 0.." + MAX_DISTANCE);
        }
        if (metric < 0)
        {
            throw new IllegalArgumentException("metric must be non-negative: " + metric);
        }
    }

    private static int comparePrefixes(final IpPrefix a, final IpPrefix b)
    {
        if (a.isIpv4() != b.isIpv4())
        {
            return a.isIpv4() ? -1 : 1;
        }

        final int byAddress = switch (a)
        {
            case Prefix4 p -> Integer.compareUnsigned(p.address(), ((Prefix4)b).address());
            case Prefix6 p ->
            {
                final Prefix6 q = (Prefix6)b;
                final int byHigh = Long.compareUnsigned(p.high(), q.high());
                yield 0 != byHigh ? byHigh : Long.compareUnsigned(p.low(), q.low());
            }
        };
        return 0 != byAddress ? byAddress : Integer.compare(a.length(), b.length());
    }
}
