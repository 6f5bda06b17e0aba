/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.rib;

import net.junction.routing.InterfaceAddress;
import net.junction.routing.Ip4;
import net.junction.routing.NextHop;
import net.junction.routing.fib.RecordingFibUpdates;
import org.junit.jupiter.api.Test;

import java.util.List;

import static net.junction.routing.IpPrefix.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A RIB that numbers its next hops from a base ({@link Rib#Rib(net.junction.routing.fib.FibUpdates, int)}): a
 * control plane taking over a FIB whose old epoch used the other half of the next-hop table. Every index it gives,
 * group members included, is at or above the base; freed ones are reused there; its resync sends those indexes.
 */
class RibNextHopBaseTest
{
    static final int BASE = 32_768;

    @Test
    void shouldNumberNextHopsFromTheBaseAndReuseThemThere()
    {
        final RecordingFibUpdates recorded = new RecordingFibUpdates();
        final Rib rib = new Rib(recorded, BASE);
        rib.addInterfaceAddress(1, InterfaceAddress.parse("198.18.1.1/24"));
        rib.addInterfaceAddress(2, InterfaceAddress.parse("198.18.2.1/24"));
        recorded.drain();
        final NextHop a = new NextHop.Gateway4(1, Ip4.parse("198.18.1.2"));
        final NextHop b = new NextHop.Gateway4(2, Ip4.parse("198.18.2.2"));
        rib.addRoute(RouteSource.STATIC, parse("198.18.100.0/24"), List.of(a, b), 1, 0);
        final int group = rib.installedIndex(parse("198.18.100.0/24"));
        assertTrue(group >= BASE, "group index " + group);
        for (final int member : rib.nextHopGroupMembers(group))
        {
            assertTrue(member >= BASE, "member index " + member);
        }
        rib.addRoute(RouteSource.STATIC, parse("198.18.101.0/24"), List.of(a), 1, 0);
        assertEquals(rib.nextHopGroupMembers(group)[0], rib.installedIndex(parse("198.18.101.0/24")), "shared");

        // Freed, then reused: still in the upper half.
        rib.removeRoute(RouteSource.STATIC, parse("198.18.100.0/24"));
        rib.addRoute(RouteSource.STATIC, parse("198.18.102.0/24"), List.of(b), 1, 0);
        assertTrue(rib.installedIndex(parse("198.18.102.0/24")) >= BASE);

        recorded.drain();
        rib.resync(recorded, 7);
        for (final String line : recorded.drain())
        {
            if (line.startsWith("nextHopSet") || line.startsWith("routeSet"))
            {
                final String[] f = line.split(" ");
                final int index = Integer.parseInt(line.startsWith("nextHopSet") ? f[1] : f[f.length - 1]);
                assertTrue(index >= BASE, line);
            }
        }
    }

    @Test
    void shouldStartAtZeroByDefaultAndRefuseANegativeBase()
    {
        final RecordingFibUpdates recorded = new RecordingFibUpdates();
        final Rib rib = new Rib(recorded);
        rib.addInterfaceAddress(1, InterfaceAddress.parse("198.18.1.1/24"));
        rib.addRoute(RouteSource.STATIC, parse("198.18.100.0/24"), List.of(new NextHop.Gateway4(1, Ip4.parse("198.18.1.2"))), 1, 0);
        assertTrue(rib.installedIndex(parse("198.18.100.0/24")) < 16);
        assertThrows(IllegalArgumentException.class, () -> new Rib(recorded, -1));
    }
}
