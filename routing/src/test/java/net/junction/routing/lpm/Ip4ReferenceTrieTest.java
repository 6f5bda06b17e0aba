/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.lpm;

import net.junction.routing.Ip4;
import net.junction.routing.Prefix4;
import org.junit.jupiter.api.Test;

import static net.junction.routing.lpm.Ip4ReferenceTrie.NO_ROUTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Ip4ReferenceTrieTest
{
    private final Ip4ReferenceTrie trie = new Ip4ReferenceTrie();

    @Test
    void shouldFindNoRouteInAnEmptyTable()
    {
        assertEquals(NO_ROUTE, trie.lookup(0));
        assertEquals(NO_ROUTE, trie.lookup(-1));
        assertEquals(0, trie.size());
    }

    @Test
    void shouldMatchTheLongestPrefix()
    {
        trie.put(Prefix4.parse("0.0.0.0/0"), 1);
        trie.put(Prefix4.parse("198.18.0.0/15"), 2);
        trie.put(Prefix4.parse("198.18.1.0/24"), 3);
        trie.put(Prefix4.parse("198.18.1.7/32"), 4);

        assertEquals(1, trie.lookup(Ip4.parse("8.8.8.8")));
        assertEquals(2, trie.lookup(Ip4.parse("198.19.0.1")));
        assertEquals(3, trie.lookup(Ip4.parse("198.18.1.6")));
        assertEquals(4, trie.lookup(Ip4.parse("198.18.1.7")));
        assertEquals(3, trie.lookup(Ip4.parse("198.18.1.8")));
        assertEquals(4, trie.size());
    }

    @Test
    void shouldRevealTheCoveringRouteWhenRemoved()
    {
        trie.put(Prefix4.parse("198.18.0.0/15"), 2);
        trie.put(Prefix4.parse("198.18.1.0/24"), 3);

        assertEquals(3, trie.remove(Prefix4.parse("198.18.1.0/24")));

        assertEquals(2, trie.lookup(Ip4.parse("198.18.1.1")));
        assertEquals(1, trie.size());
        assertEquals(2, trie.remove(Prefix4.parse("198.18.0.0/15")));
        assertEquals(NO_ROUTE, trie.lookup(Ip4.parse("198.18.1.1")));
        assertEquals(0, trie.size());
    }

    @Test
    void shouldKeepMoreSpecificRoutesWhenACoveringRouteIsRemoved()
    {
        trie.put(Prefix4.parse("198.18.0.0/15"), 2);
        trie.put(Prefix4.parse("198.18.1.0/24"), 3);

        trie.remove(Prefix4.parse("198.18.0.0/15"));

        assertEquals(3, trie.lookup(Ip4.parse("198.18.1.1")));
        assertEquals(NO_ROUTE, trie.lookup(Ip4.parse("198.18.2.1")));
    }

    @Test
    void shouldReplaceAndReturnThePreviousValue()
    {
        assertEquals(NO_ROUTE, trie.put(0x0A000000, 8, 5));
        assertEquals(5, trie.put(0x0A000000, 8, 6));
        assertEquals(6, trie.get(0x0A000000, 8));
        assertEquals(1, trie.size());
    }

    @Test
    void shouldTreatAbsentPrefixesAsNoRoute()
    {
        trie.put(Prefix4.parse("198.18.0.0/16"), 1);

        assertEquals(NO_ROUTE, trie.remove(Prefix4.parse("198.18.0.0/17")));
        assertEquals(NO_ROUTE, trie.remove(Prefix4.parse("198.19.0.0/16")));
        assertEquals(NO_ROUTE, trie.get(0xC6120000, 24));
        assertEquals(1, trie.size());
        assertEquals(1, trie.lookup(0xC6120001));
    }

    @Test
    void shouldHandleHostRoutesAtBothEndsOfTheSpace()
    {
        trie.put(new Prefix4(0, 32), 1);
        trie.put(new Prefix4(-1, 32), 2);

        assertEquals(1, trie.lookup(0));
        assertEquals(2, trie.lookup(-1));
        assertEquals(NO_ROUTE, trie.lookup(1));
        assertEquals(NO_ROUTE, trie.lookup(-2));
    }

    @Test
    void shouldRejectInvalidPrefixesAndValues()
    {
        assertThrows(IllegalArgumentException.class, () -> trie.put(0x0A000001, 8, 1));
        assertThrows(IllegalArgumentException.class, () -> trie.put(0, 33, 1));
        assertThrows(IllegalArgumentException.class, () -> trie.put(0, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> trie.put(0, 0, NO_ROUTE));
        assertThrows(IllegalArgumentException.class, () -> trie.remove(0x0A000001, 8));
        assertEquals(0, trie.size());
    }

    @Test
    void shouldNotAllocateOnLookup()
    {
        for (int i = 0; i < 256; i++)
        {
            trie.put(Prefix4.network(i * 0x01010101, 8 + (i % 25)), i);
        }

        final long allocatedBytes = Allocations.allocatedBytesOfCurrentThread(() ->
        {
            int sum = 0;
            for (int i = 0; i < 200_000; i++)
            {
                sum += trie.lookup(i * 0x9E3779B9);
            }
            return sum;
        });

        assertEquals(0, allocatedBytes);
    }
}
