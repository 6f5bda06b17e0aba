/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.lpm;

import net.junction.routing.Ip6Address;
import net.junction.routing.Prefix6;
import org.junit.jupiter.api.Test;

import static net.junction.routing.lpm.Ip6ReferenceTrie.NO_ROUTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Ip6ReferenceTrieTest
{
    private final Ip6ReferenceTrie trie = new Ip6ReferenceTrie();

    @Test
    void shouldFindNoRouteInAnEmptyTable()
    {
        assertEquals(NO_ROUTE, trie.lookup(0, 0));
        assertEquals(NO_ROUTE, trie.lookup(-1L, -1L));
    }

    @Test
    void shouldMatchTheLongestPrefixAcrossTheHalves()
    {
        trie.put(Prefix6.parse("::/0"), 1);
        trie.put(Prefix6.parse("2001:db8::/32"), 2);
        trie.put(Prefix6.parse("2001:db8:1::/64"), 3);
        trie.put(Prefix6.parse("2001:db8:1::8000:0:0:0/65"), 4);
        trie.put(Prefix6.parse("2001:db8:1::8000:0:0:1/128"), 5);

        assertEquals(1, lookup("2001:db9::1"));
        assertEquals(2, lookup("2001:db8:2::1"));
        assertEquals(3, lookup("2001:db8:1::1"));
        assertEquals(4, lookup("2001:db8:1:0:8000::2"));
        assertEquals(5, lookup("2001:db8:1:0:8000::1"));
        assertEquals(5, trie.size());
    }

    @Test
    void shouldRevealTheCoveringRouteWhenRemoved()
    {
        trie.put(Prefix6.parse("2001:db8::/32"), 2);
        trie.put(Prefix6.parse("2001:db8:1::1/128"), 3);

        assertEquals(3, trie.remove(Prefix6.parse("2001:db8:1::1/128")));

        assertEquals(2, lookup("2001:db8:1::1"));
        assertEquals(1, trie.size());
    }

    @Test
    void shouldHandleHostRoutesAtBothEndsOfTheSpace()
    {
        trie.put(new Prefix6(0, 0, 128), 1);
        trie.put(new Prefix6(-1L, -1L, 128), 2);

        assertEquals(1, trie.lookup(0, 0));
        assertEquals(2, trie.lookup(-1L, -1L));
        assertEquals(NO_ROUTE, trie.lookup(0, 1));
        assertEquals(NO_ROUTE, trie.lookup(-1L, -2L));
    }

    @Test
    void shouldReplaceAndReturnThePreviousValue()
    {
        final Prefix6 prefix = Prefix6.parse("2001:db8::/48");
        assertEquals(NO_ROUTE, trie.put(prefix, 7));
        assertEquals(7, trie.put(prefix, 8));
        assertEquals(8, trie.get(prefix.high(), prefix.low(), prefix.length()));
        assertEquals(NO_ROUTE, trie.remove(Prefix6.parse("2001:db8::/47")));
        assertEquals(1, trie.size());
    }

    @Test
    void shouldRejectInvalidPrefixesAndValues()
    {
        assertThrows(IllegalArgumentException.class, () -> trie.put(0, 1, 64, 1));
        assertThrows(IllegalArgumentException.class, () -> trie.put(0, 0, 129, 1));
        assertThrows(IllegalArgumentException.class, () -> trie.put(0, 0, 0, -5));
        assertEquals(0, trie.size());
    }

    @Test
    void shouldNotAllocateOnLookup()
    {
        for (int i = 0; i < 256; i++)
        {
            trie.put(Prefix6.network(i * 0x0101010101010101L, i * 0x9E3779B97F4A7C15L, 16 + (i % 113)), i);
        }

        final long allocatedBytes = Allocations.allocatedBytesOfCurrentThread(() ->
        {
            int sum = 0;
            for (int i = 0; i < 100_000; i++)
            {
                sum += trie.lookup(i * 0x0101010101010101L, i * 0x9E3779B97F4A7C15L);
            }
            return sum;
        });

        assertEquals(0, allocatedBytes);
    }

    private int lookup(final String address)
    {
        final Ip6Address a = Ip6Address.parse(address);
        return trie.lookup(a.high(), a.low());
    }
}
