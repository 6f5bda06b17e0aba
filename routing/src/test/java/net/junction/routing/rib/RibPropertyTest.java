/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.rib;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.junction.routing.Ip4;
import net.junction.routing.Ip4Address;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.NextHop;
import net.junction.routing.Prefix4;
import net.junction.routing.fib.FibUpdateDecoder;
import net.junction.routing.fib.FibUpdateEncoder;
import net.junction.routing.fib.ReferenceFib;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random changes to a RIB whose FIB sits behind the wire format (encoder, small frames, decoder,
 * {@link ReferenceFib}, which refuses any update out of the promised order). After every change the
 * RIB must equal one built from scratch with the same routes added in a shuffled order (so no state
 * is left behind by the path taken, and the outcome does not depend on the order of arrival), and
 * the FIB must answer like a FIB filled by {@link Rib#replay}. Both must also equal what the
 * independent {@link RibModel} computes from the routes alone (the rebuilt RIB shares every bug of
 * the RIB; the model shares none of its code). Prefixes, gateways and interfaces are
 * drawn from a small pool so they nest, cover each other's gateways and form recursion cycles.
 */
class RibPropertyTest
{
    private static final String[] PREFIXES = {
        "0.0.0.0/0", "198.19.0.0/16", "198.19.16.0/20", "198.19.17.0/24", "198.19.17.2/32", "198.19.32.0/20",
        "198.19.34.0/24",
        "192.0.2.0/24", "198.18.1.0/24", "198.18.2.2/32"};
    private static final String[] GATEWAYS = {
        "198.19.17.2", "198.19.32.1", "198.19.16.1", "192.0.2.1", "198.18.1.2", "198.18.2.2", "198.19.9.9",
        "198.18.1.1"};
    private static final String[] INTERFACES = {"198.18.1.1/24", "198.18.2.1/24", "198.19.17.1/24", "192.0.2.100/25"};
    private static final NextHop[] FIXED = {
        new NextHop.Direct(5), NextHop.BLACKHOLE, new NextHop.Gateway4(6, Ip4.parse("198.19.7.7"))};
    private static final NextHop[] FIXED_PATHS = {
        new NextHop.Direct(5), new NextHop.Direct(7), new NextHop.Gateway4(6, Ip4.parse("198.19.7.7")),
        new NextHop.Gateway4(6, Ip4.parse("198.19.7.8"))};
    private static final RouteSource[] SOURCES = {RouteSource.STATIC, RouteSource.EBGP, RouteSource.IBGP};

    /** One change: applies itself to a RIB and to the model of what the RIB should hold. */
    interface Change
    {
        void apply(Rib rib, Model model);
    }

    /** The routes and interface addresses a RIB holds, each as the call that adds it. */
    static final class Model
    {
        final Map<String, Consumer<Rib>> routes = new LinkedHashMap<>();
        final Map<Integer, Consumer<Rib>> interfaces = new LinkedHashMap<>();
        /** The independent model of what should be installed. */
        final RibModel oracle = new RibModel();

        Rib build(final ReferenceFib fib, final long seed)
        {
            final List<Consumer<Rib>> adds = new ArrayList<>(routes.values());
            adds.addAll(interfaces.values());
            Collections.shuffle(adds, new Random(seed));
            final Rib rib = new Rib(fib);
            adds.forEach(add -> add.accept(rib));
            return rib;
        }
    }

    @Property(tries = 200)
    void shouldMatchARibBuiltFromScratchAfterEveryChange(
        @ForAll("changes") final List<List<Change>> batches, @ForAll final long shuffleSeed)
    {
        final ReferenceFib fib = new ReferenceFib(256);
        final FibUpdateDecoder decoder = new FibUpdateDecoder(fib);
        final FibUpdateEncoder encoder = new FibUpdateEncoder(new UnsafeBuffer(new byte[96]),
            (buffer, offset, length) ->
            {
                decoder.decode(buffer, offset, length);
                return true;
            });
        final Rib rib = new Rib(encoder);
        final Model model = new Model();

        for (final List<Change> batch : batches)
        {
            rib.batch(() -> batch.forEach(change -> change.apply(rib, model)));

            assertMatchesOracle(model.oracle, rib, fib);

            final ReferenceFib scratchFib = new ReferenceFib(256);
            final Rib scratch = model.build(scratchFib, shuffleSeed);
            assertEquals(scratch.routes(), rib.routes());
            assertEquals(scratch.installedCount(), fib.routeCount4());
            assertEquals(fib.routeCount4(), rib.installedCount4(), "the incremental count");
            assertEquals(0, rib.installedCount6());
            assertEquals(scratch.nextHopCount(), fib.nextHopCount());

            final ReferenceFib replayed = new ReferenceFib(256);
            rib.replay(replayed);
            for (final int address : probes())
            {
                assertEquals(paths(replayed, address), paths(fib, address), Ip4.format(address));
                assertEquals(paths(scratchFib, address), paths(fib, address), Ip4.format(address));
            }
        }
    }

    /**
     * A chain of recursive routes longer than {@link Rib#MAX_RECURSION_DEPTH}, added in every order of
     * a few: route i (198.19.i.0/24) goes via 198.19.(i+1).1, the last is on-link. What resolves must
     * not depend on the order the routes came in: the model says the head of an 11-route chain does
     * not resolve (its last gateway would be resolved at depth 9), the rest do.
     */
    @Example
    void shouldCutRecursiveChainsAtTheDepthLimitWhateverTheOrderOfArrival()
    {
        final int routes = Rib.MAX_RECURSION_DEPTH + 3;
        final List<List<Integer>> orders = new ArrayList<>();
        final List<Integer> forward = new ArrayList<>();
        for (int i = 0; i < routes; i++)
        {
            forward.add(i);
        }
        orders.add(forward);
        orders.add(forward.reversed());
        for (long seed = 1; seed <= 20; seed++)
        {
            final List<Integer> shuffled = new ArrayList<>(forward);
            Collections.shuffle(shuffled, new Random(seed));
            orders.add(shuffled);
        }
        for (final List<Integer> order : orders)
        {
            final ReferenceFib fib = new ReferenceFib(256);
            final Rib rib = new Rib(fib);
            final RibModel oracle = new RibModel();
            for (final int i : order)
            {
                final IpPrefix prefix = IpPrefix.parse("198.19." + i + ".0/24");
                if (i == routes - 1)
                {
                    rib.addRoute(RouteSource.STATIC, prefix, new NextHop.Direct(1), 0);
                    oracle.add(prefix, new RibModel.Route(RouteSource.STATIC, 1, 0, List.of(new NextHop.Direct(1)), List.of()));
                }
                else
                {
                    final IpAddress gateway = IpAddress.parse("198.19." + (i + 1) + ".1");
                    rib.addRouteVia(RouteSource.STATIC, prefix, gateway, 0);
                    oracle.add(prefix, new RibModel.Route(RouteSource.STATIC, 1, 0, List.of(), List.of(gateway)));
                }
            }
            for (int i = 0; i < routes; i++)
            {
                final IpPrefix prefix = IpPrefix.parse("198.19." + i + ".0/24");
                assertEquals(oracle.installed(prefix), Set.copyOf(rib.installedNextHops(prefix)),
                    prefix + " after adding in the order " + order);
            }
            assertEquals(routes - 1, rib.installedCount(), "order " + order);
        }
    }

    /**
     * The RIB's installed routes and the FIB behind it against {@link RibModel}: per prefix the same
     * next hops from the same source, and per probed address the same next hops forwarded to.
     */
    static void assertMatchesOracle(final RibModel oracle, final Rib rib, final ReferenceFib fib)
    {
        final Set<IpPrefix> prefixes = new LinkedHashSet<>(oracle.prefixes());
        for (final String prefix : PREFIXES)
        {
            prefixes.add(IpPrefix.parse(prefix));
        }
        int installed = 0;
        for (final IpPrefix prefix : prefixes)
        {
            final Set<NextHop> expected = oracle.installed(prefix);
            final List<NextHop> actual = rib.installedNextHops(prefix);
            assertEquals(expected, Set.copyOf(actual), "installed next hops of " + prefix + " in " + rib.routes());
            assertEquals(expected.size(), actual.size(), "no repeated next hop for " + prefix);
            assertEquals(oracle.installedSource(prefix), rib.installedSource(prefix), "installed source of " + prefix);
            installed += expected.isEmpty() ? 0 : 1;
        }
        assertEquals(installed, rib.installedCount(), "installed prefixes");
        assertEquals(installed, fib.routeCount4(), "FIB routes");
        for (final int address : probes())
        {
            assertEquals(oracle.lookup(new Ip4Address(address)), forwardsTo(fib, address), "FIB lookup of " + Ip4.format(address));
        }
    }

    /** Every next hop the FIB may send an address to (the members of its ECMP group). */
    private static Set<NextHop> forwardsTo(final ReferenceFib fib, final int address)
    {
        final int index = fib.lookup4(address);
        if (index == ReferenceFib.NO_ROUTE)
        {
            return Set.of();
        }
        final int[] members = fib.group(index);
        if (members == null)
        {
            return Set.of(fib.nextHop(index));
        }
        final Set<NextHop> out = new HashSet<>();
        for (final int member : members)
        {
            out.add(fib.nextHop(member));
        }
        return out;
    }

    @Provide
    Arbitrary<List<List<Change>>> changes()
    {
        final Arbitrary<IpPrefix> prefix = Arbitraries.of(PREFIXES).map(IpPrefix::parse);
        final Arbitrary<RouteSource> source = Arbitraries.of(SOURCES);
        final Arbitrary<Integer> metric = Arbitraries.integers().between(0, 3);
        final Arbitrary<Integer> distance = Arbitraries.of(1, 20, 20, 200, 250);

        final Arbitrary<Change> addFixed = Combinators.combine(source, prefix, Arbitraries.of(FIXED), distance, metric)
            .as((s, p, nh, d, m) -> (rib, model) ->
            {
                final Consumer<Rib> add = r -> r.addRoute(s, p, nh, d, m);
                add.accept(rib);
                model.routes.put(s + " " + p, add);
                model.oracle.add(p, new RibModel.Route(s, d, m, List.of(nh), List.of()));
            });
        final Arbitrary<Change> addVia = Combinators.combine(source, prefix, Arbitraries.of(GATEWAYS), distance, metric)
            .as((s, p, gw, d, m) -> (rib, model) ->
            {
                final Consumer<Rib> add = r -> r.addRouteVia(s, p, IpAddress.parse(gw), d, m);
                add.accept(rib);
                model.routes.put(s + " " + p, add);
                model.oracle.add(p, new RibModel.Route(s, d, m, List.of(), List.of(IpAddress.parse(gw))));
            });
        final Arbitrary<Change> addEcmp = Combinators.combine(source, prefix,
                Arbitraries.of(GATEWAYS).set().ofMinSize(2).ofMaxSize(3), distance, metric)
            .as((s, p, gws, d, m) -> (rib, model) ->
            {
                final List<IpAddress> gateways = gws.stream().map(IpAddress::parse).toList();
                final Consumer<Rib> add = r -> r.addRouteVia(s, p, gateways, d, m);
                add.accept(rib);
                model.routes.put(s + " " + p, add);
                model.oracle.add(p, new RibModel.Route(s, d, m, List.of(), gateways));
            });
        final Arbitrary<Change> addFixedEcmp = Combinators.combine(source, prefix, Arbitraries.of(FIXED_PATHS)
                .set().ofMinSize(2).ofMaxSize(3), distance, metric)
            .as((s, p, nhs, d, m) -> (rib, model) ->
            {
                final List<NextHop> nextHops = List.copyOf(nhs);
                final Consumer<Rib> add = r -> r.addRoute(s, p, nextHops, d, m);
                add.accept(rib);
                model.routes.put(s + " " + p, add);
                model.oracle.add(p, new RibModel.Route(s, d, m, nextHops, List.of()));
            });
        final Arbitrary<Change> remove = Combinators.combine(source, prefix).as((s, p) -> (rib, model) ->
        {
            rib.removeRoute(s, p);
            model.routes.remove(s + " " + p);
            model.oracle.remove(s, p);
        });
        final Arbitrary<Change> toggleInterface = Arbitraries.integers().between(0, INTERFACES.length - 1)
            .map(i -> (rib, model) ->
            {
                final InterfaceAddress address = InterfaceAddress.parse(INTERFACES[i]);
                if (null == model.interfaces.remove(i))
                {
                    final Consumer<Rib> add = r -> r.addInterfaceAddress(i, address);
                    add.accept(rib);
                    model.interfaces.put(i, add);
                    model.oracle.addInterface(i, address);
                }
                else
                {
                    rib.removeInterfaceAddress(i, address);
                    model.oracle.removeInterface(i, address);
                }
            });

        final Arbitrary<Change> change = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, addFixed), net.jqwik.api.Tuple.of(4, addVia),
            net.jqwik.api.Tuple.of(2, addEcmp), net.jqwik.api.Tuple.of(1, addFixedEcmp),
            net.jqwik.api.Tuple.of(3, remove), net.jqwik.api.Tuple.of(2, toggleInterface));

        return change.list().ofMinSize(1).ofMaxSize(3).list().ofMaxSize(25);
    }

    /** Where flows to an address go: the next hop each of eight hashes spread over the range picks. */
    private static List<NextHop> paths(final ReferenceFib fib, final int address)
    {
        final List<NextHop> paths = new ArrayList<>();
        final int index = fib.lookup4(address);
        for (int i = 0; i < 8; i++)
        {
            paths.add(fib.nextHopFor(index, i * 0x2000_0000 + 0x1000_0000));
        }
        return paths;
    }

    private static int[] probes()
    {
        final List<Integer> probes = new ArrayList<>();
        for (final String gateway : GATEWAYS)
        {
            probes.add(Ip4.parse(gateway));
        }
        for (final String prefix : PREFIXES)
        {
            final Prefix4 p = Prefix4.parse(prefix);
            probes.add(p.address());
            probes.add(p.address() | ~Prefix4.mask(p.length()));
        }
        for (final String address : INTERFACES)
        {
            probes.add(Ip4.parse(address.substring(0, address.indexOf('/'))));
        }
        return probes.stream().mapToInt(Integer::intValue).toArray();
    }
}
