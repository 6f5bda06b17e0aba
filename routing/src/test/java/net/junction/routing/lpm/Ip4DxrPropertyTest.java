/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.lpm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.junction.routing.Prefix4;
import net.junction.routing.qsbr.Qsbr;

/**
 * {@link Ip4Dxr} against {@link Ip4ReferenceTrie} over random put/remove sequences: addresses
 * from a few neighbourhoods so prefixes nest and overlap across chunk edges, lengths favouring
 * the edges (/0, /k, /k + 1, /32), few values so neighbouring ranges merge and next-hop indexes
 * are shared, freed and reused; with and without QSBR reuse, for k = 16, 18 and 20.
 */
class Ip4DxrPropertyTest
{
    private static final int REMOVE = 1;

    record Op(int kind, int address, int length, int value)
    {
    }

    @Property(tries = 200)
    void shouldAgreeWithTheReferenceTrie(@ForAll("ops") final List<Op> ops,
        @ForAll @IntRange(min = 0, max = 2) final int kChoice, @ForAll final boolean withQsbr)
    {
        final int k = 16 + 2 * kChoice;
        final Qsbr qsbr = new Qsbr(2);
        final int reader = qsbr.register();
        qsbr.online(reader);
        final Ip4Dxr fib = new Ip4Dxr(withQsbr ? qsbr : null, k);
        final Ip4ReferenceTrie reference = new Ip4ReferenceTrie();
        final int[] burst = new int[16];
        final int[] results = new int[16];
        for (final Op op : ops)
        {
            final int network = op.address() & Prefix4.mask(op.length());
            if (op.kind() == REMOVE)
            {
                assertEquals(reference.remove(network, op.length()), fib.remove(network, op.length()), op.toString());
            }
            else
            {
                assertEquals(reference.put(network, op.length(), op.value()), fib.put(network, op.length(), op.value()),
                    op.toString());
            }
            assertEquals(reference.size(), fib.size());
            // Probe the route's edges, its neighbours and the chunk edges around it.
            final int span = op.length() == 0 ? 0 : (int)(1L << (32 - op.length()));
            final int chunk = network & Prefix4.mask(k);
            final int[] probes = {network, network + span - 1, network + span, network - 1, network + span / 2,
                chunk, chunk - 1, chunk + (1 << (32 - k)) - 1, op.address(), op.address() ^ 1, op.address() ^ 0x100,
                op.address() ^ 0x1000, op.address() ^ 0x10000, 0, -1, op.address() + 0x55};
            for (int i = 0; i < probes.length; i++)
            {
                assertEquals(reference.lookup(probes[i]), fib.lookup(probes[i]),
                    "k=" + k + " after " + op + " lookup " + Integer.toHexString(probes[i]));
                burst[i] = probes[i];
            }
            fib.lookupBurst(burst, results, probes.length);
            for (int i = 0; i < probes.length; i++)
            {
                assertEquals(reference.lookup(burst[i]), results[i], "burst lookup " + Integer.toHexString(burst[i]));
            }
            qsbr.quiescent(reader);
        }
    }

    @Provide
    Arbitrary<List<Op>> ops()
    {
        final Arbitrary<Integer> kind = Arbitraries.integers().between(0, 2).map(k -> k == 2 ? REMOVE : 0);
        final Arbitrary<Integer> neighbourhood = Arbitraries.of(0xC612_0000, 0xC612_F000, 0x0A00_0000, 0xFFFF_FF00, 0x0000_0000);
        final Arbitrary<Integer> address = Combinators.combine(neighbourhood, Arbitraries.integers().between(0, 0xFFFF),
            Arbitraries.integers().between(0, 9)).as((base, low, anywhere) -> anywhere == 0 ? low * 0x9E37_79B9 : base ^ low);
        final Arbitrary<Integer> length = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(1, Arbitraries.just(0)),
            net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, 15)),
            net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(16, 21)),
            net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(22, 31)),
            net.jqwik.api.Tuple.of(3, Arbitraries.just(32)));
        final Arbitrary<Integer> value = Arbitraries.integers().between(0, 5);
        return Combinators.combine(kind, address, length, value).as(Op::new).list().ofMinSize(1).ofMaxSize(120);
    }
}
