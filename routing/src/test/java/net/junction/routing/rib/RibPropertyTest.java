/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.rib;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.junction.routing.Ip4;
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
 * the FIB must answer like a FIB filled by {@link Rib#replay}. Prefixes, gateways and interfaces are
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
            });
        final Arbitrary<Change> addVia = Combinators.combine(source, prefix, Arbitraries.of(GATEWAYS), distance, metric)
            .as((s, p, gw, d, m) -> (rib, model) ->
            {
                final Consumer<Rib> add = r -> r.addRouteVia(s, p, IpAddress.parse(gw), d, m);
                add.accept(rib);
                model.routes.put(s + " " + p, add);
            });
        final Arbitrary<Change> addEcmp = Combinators.combine(source, prefix,
                Arbitraries.of(GATEWAYS).set().ofMinSize(2).ofMaxSize(3), distance, metric)
            .as((s, p, gws, d, m) -> (rib, model) ->
            {
                final List<IpAddress> gateways = gws.stream().map(IpAddress::parse).toList();
                final Consumer<Rib> add = r -> r.addRouteVia(s, p, gateways, d, m);
                add.accept(rib);
                model.routes.put(s + " " + p, add);
            });
        final Arbitrary<Change> addFixedEcmp = Combinators.combine(source, prefix, Arbitraries.of(FIXED_PATHS)
                .set().ofMinSize(2).ofMaxSize(3), distance, metric)
            .as((s, p, nhs, d, m) -> (rib, model) ->
            {
                final List<NextHop> nextHops = List.copyOf(nhs);
                final Consumer<Rib> add = r -> r.addRoute(s, p, nextHops, d, m);
                add.accept(rib);
                model.routes.put(s + " " + p, add);
            });
        final Arbitrary<Change> remove = Combinators.combine(source, prefix).as((s, p) -> (rib, model) ->
        {
            rib.removeRoute(s, p);
            model.routes.remove(s + " " + p);
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
                }
                else
                {
                    rib.removeInterfaceAddress(i, address);
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
