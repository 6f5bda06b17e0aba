/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.lpm;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The edge cases every {@link Ip4Table} answers alike: the default route, /32s at both ends, a covering route revealed. */
final class Ip4TableEdges
{
    private Ip4TableEdges()
    {
    }

    /** Leaves the table holding 0/0 = 1, 198.18.1.1/32 = 5, 198.18.0.0/16 = 4 and 255.255.255.255/32 = 6. */
    static void check(final Ip4Table fib)
    {
        fib.put(0, 0, 1);
        assertEquals(1, fib.lookup(0xFFFF_FFFF));
        fib.put(0xC612_0101, 32, 2);
        fib.put(0xC612_0100, 24, 3);
        fib.put(0xC612_0000, 16, 4);
        assertEquals(2, fib.lookup(0xC612_0101));
        assertEquals(3, fib.lookup(0xC612_0102));
        assertEquals(3, fib.lookup(0xC612_0100));
        assertEquals(4, fib.lookup(0xC612_0201));
        assertEquals(1, fib.lookup(0xC613_0101));
        fib.remove(0xC612_0100, 24);
        assertEquals(4, fib.lookup(0xC612_0102), "a removed /24 reveals the covering /16");
        assertEquals(2, fib.lookup(0xC612_0101));
        assertEquals(2, fib.put(0xC612_0101, 32, 5), "a replaced route returns its old value");
        assertEquals(5, fib.lookup(0xC612_0101));
        assertEquals(5, fib.get(0xC612_0101, 32));
        fib.put(0xFFFF_FFFF, 32, 6);
        assertEquals(6, fib.lookup(0xFFFF_FFFF));
        assertEquals(1, fib.lookup(0xFFFF_FFFE));
    }
}
