/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.lpm;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Both tries against a trivially correct oracle: a list of (prefix, value) scanned for the longest
 * prefix containing the address. Addresses are drawn mostly from a few neighbourhoods so prefixes
 * overlap and nest; lengths favour the edges (/0, /32, /128, the /64 boundary of the IPv6 halves).
 */
class ReferenceTriePropertyTest
{
    private static final int PUT = 0;
    private static final int REMOVE = 1;
    private static final int LOOKUP = 2;

    record Op4(int kind, int address, int length, int value)
    {
    }

    record Op6(int kind, long high, long low, int length, int value)
    {
    }

    @Property(tries = 300)
    void shouldAgreeWithListLpmForIpv4(@ForAll("ops4") final List<Op4> ops)
    {
        final Ip4ReferenceTrie trie = new Ip4ReferenceTrie();
        final List<Prefix4> prefixes = new ArrayList<>();
        final List<Integer> values = new ArrayList<>();

        for (final Op4 op : ops)
        {
            final Prefix4 prefix = Prefix4.network(op.address(), op.length());
            final int index = prefixes.indexOf(prefix);
            switch (op.kind())
            {
                case PUT ->
                {
                    final int expected = index < 0 ? Ip4ReferenceTrie.NO_ROUTE : values.get(index);
                    assertEquals(expected, trie.put(prefix, op.value()));
                    if (index < 0)
                    {
                        prefixes.add(prefix);
                        values.add(op.value());
                    }
                    else
                    {
                        values.set(index, op.value());
                    }
                }
                case REMOVE ->
                {
                    final int expected = index < 0 ? Ip4ReferenceTrie.NO_ROUTE : values.remove(index);
                    if (index >= 0)
                    {
                        prefixes.remove(index);
                    }
                    assertEquals(expected, trie.remove(prefix));
                }
                default -> assertEquals(lookup4(prefixes, values, op.address()), trie.lookup(op.address()));
            }
            assertEquals(prefixes.size(), trie.size());
        }

        // Probe the edges of every prefix ever touched: first, last and just outside.
        for (final Op4 op : ops)
        {
            final Prefix4 prefix = Prefix4.network(op.address(), op.length());
            final int last = prefix.address() | ~Prefix4.mask(prefix.length());
            for (final int address : new int[]{prefix.address(), last, prefix.address() - 1, last + 1, op.address()})
            {
                assertEquals(lookup4(prefixes, values, address), trie.lookup(address));
            }
        }
    }

    @Property(tries = 300)
    void shouldAgreeWithListLpmForIpv6(@ForAll("ops6") final List<Op6> ops)
    {
        final Ip6ReferenceTrie trie = new Ip6ReferenceTrie();
        final List<Prefix6> prefixes = new ArrayList<>();
        final List<Integer> values = new ArrayList<>();

        for (final Op6 op : ops)
        {
            final Prefix6 prefix = Prefix6.network(op.high(), op.low(), op.length());
            final int index = prefixes.indexOf(prefix);
            switch (op.kind())
            {
                case PUT ->
                {
                    final int expected = index < 0 ? Ip6ReferenceTrie.NO_ROUTE : values.get(index);
                    assertEquals(expected, trie.put(prefix, op.value()));
                    if (index < 0)
                    {
                        prefixes.add(prefix);
                        values.add(op.value());
                    }
                    else
                    {
                        values.set(index, op.value());
                    }
                }
                case REMOVE ->
                {
                    final int expected = index < 0 ? Ip6ReferenceTrie.NO_ROUTE : values.remove(index);
                    if (index >= 0)
                    {
                        prefixes.remove(index);
                    }
                    assertEquals(expected, trie.remove(prefix));
                }
                default -> assertEquals(
                    lookup6(prefixes, values, op.high(), op.low()), trie.lookup(op.high(), op.low()));
            }
            assertEquals(prefixes.size(), trie.size());
        }

        for (final Op6 op : ops)
        {
            final Prefix6 prefix = Prefix6.network(op.high(), op.low(), op.length());
            final long lastHigh = prefix.high() | ~Prefix6.maskHigh(prefix.length());
            final long lastLow = prefix.low() | ~Prefix6.maskLow(prefix.length());
            assertEquals(lookup6(prefixes, values, prefix.high(), prefix.low()), trie.lookup(prefix.high(), prefix.low()));
            assertEquals(lookup6(prefixes, values, lastHigh, lastLow), trie.lookup(lastHigh, lastLow));
            // One past the last address, carrying from the low half into the high half.
            final long nextLow = lastLow + 1;
            final long nextHigh = 0 == nextLow ? lastHigh + 1 : lastHigh;
            assertEquals(lookup6(prefixes, values, nextHigh, nextLow), trie.lookup(nextHigh, nextLow));
        }
    }

    @Provide
    Arbitrary<List<Op4>> ops4()
    {
        final Arbitrary<Integer> address = Arbitraries.frequencyOf(
            weighted(4, Arbitraries.of(0xC6120000, 0x0A000000, 0, -1).flatMap(base ->
                Arbitraries.integers().between(0, 0xFFFF).map(noise -> base ^ noise))),
            weighted(1, Arbitraries.integers()));
        final Arbitrary<Integer> length = Arbitraries.frequencyOf(
            weighted(1, Arbitraries.of(0, 32, 31, 1, 16, 24)),
            weighted(3, Arbitraries.integers().between(0, 32)));
        final Arbitrary<Integer> kind = Arbitraries.frequencyOf(
            weighted(4, Arbitraries.just(PUT)), weighted(2, Arbitraries.just(REMOVE)), weighted(4, Arbitraries.just(LOOKUP)));

        return Combinators.combine(kind, address, length, Arbitraries.integers().between(0, 1_000))
            .as(Op4::new)
            .list().ofMaxSize(200);
    }

    @Provide
    Arbitrary<List<Op6>> ops6()
    {
        final Arbitrary<Long> high = Arbitraries.frequencyOf(
            weighted(4, Arbitraries.of(0x20010DB800000000L, 0L, -1L).flatMap(base ->
                Arbitraries.longs().between(0, 0xFFFF).map(noise -> base ^ noise))),
            weighted(1, Arbitraries.longs()));
        final Arbitrary<Long> low = Arbitraries.frequencyOf(
            weighted(2, Arbitraries.of(0L, 1L, -1L, 0x8000000000000000L)),
            weighted(2, Arbitraries.longs()));
        final Arbitrary<Integer> length = Arbitraries.frequencyOf(
            weighted(1, Arbitraries.of(0, 128, 127, 64, 63, 65, 48, 1)),
            weighted(3, Arbitraries.integers().between(0, 128)));
        final Arbitrary<Integer> kind = Arbitraries.frequencyOf(
            weighted(4, Arbitraries.just(PUT)), weighted(2, Arbitraries.just(REMOVE)), weighted(4, Arbitraries.just(LOOKUP)));

        return Combinators.combine(kind, high, low, length, Arbitraries.integers().between(0, 1_000))
            .as(Op6::new)
            .list().ofMaxSize(200);
    }

    private static <T> Tuple2<Integer, Arbitrary<? extends T>> weighted(final int weight, final Arbitrary<? extends T> a)
    {
        return Tuple.of(weight, a);
    }

    private static int lookup4(final List<Prefix4> prefixes, final List<Integer> values, final int address)
    {
        int bestLength = -1;
        int best = Ip4ReferenceTrie.NO_ROUTE;
        for (int i = 0; i < prefixes.size(); i++)
        {
            final Prefix4 prefix = prefixes.get(i);
            if (prefix.contains(address) && prefix.length() > bestLength)
            {
                bestLength = prefix.length();
                best = values.get(i);
            }
        }
        return best;
    }

    private static int lookup6(final List<Prefix6> prefixes, final List<Integer> values, final long high, final long low)
    {
        int bestLength = -1;
        int best = Ip6ReferenceTrie.NO_ROUTE;
        for (int i = 0; i < prefixes.size(); i++)
        {
            final Prefix6 prefix = prefixes.get(i);
            if (prefix.contains(high, low) && prefix.length() > bestLength)
            {
                bestLength = prefix.length();
                best = values.get(i);
            }
        }
        return best;
    }
}
