/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.speaker;

import net.junction.routing.InterfaceAddress;
import net.junction.routing.Ip4;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.NextHop;
import net.junction.routing.fib.ReferenceFib;
import net.junction.routing.rib.Rib;
import net.junction.routing.rib.RouteSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouterRibUpdaterTest
{
    private final ReferenceFib fib = new ReferenceFib(256);
    private final Rib rib = new Rib(fib);
    private final RouterRibUpdater updater = new RouterRibUpdater(rib);
    private final IpPrefix prefix = IpPrefix.parse("203.0.113.0/24");

    RouterRibUpdaterTest()
    {
        rib.addInterfaceAddress(1, InterfaceAddress.parse("198.18.1.1/24"));
        rib.addInterfaceAddress(2, InterfaceAddress.parse("198.18.2.1/24"));
    }

    @Test
    void shouldInstallAnEbgpRouteThroughItsResolvedNextHopAtFlushOnly()
    {
        final long commits = fib.commitCount();
        updater.bestChanged(prefix, true, List.of(IpAddress.parse("198.18.1.2")), 50);
        assertNull(rib.installedNextHop(prefix), "nothing before flush");

        updater.flush();

        assertEquals(RouteSource.EBGP, rib.installedSource(prefix));
        assertEquals(new NextHop.Gateway4(1, Ip4.parse("198.18.1.2")), rib.installedNextHop(prefix));
        assertEquals(50, rib.routes().stream().filter(r -> r.prefix().equals(prefix)).findFirst().orElseThrow().metric());
        assertEquals(commits + 1, fib.commitCount(), "one FIB batch per flush");
        assertEquals(1, updater.batches());
    }

    @Test
    void shouldMoveBetweenSourcesAndWithdraw()
    {
        updater.bestChanged(prefix, true, List.of(IpAddress.parse("198.18.1.2")), 0);
        updater.flush();
        updater.bestChanged(prefix, false, List.of(IpAddress.parse("198.18.2.2")), 0);
        updater.flush();

        assertEquals(RouteSource.IBGP, rib.installedSource(prefix));
        assertEquals(1, rib.routes().stream().filter(r -> r.prefix().equals(prefix)).count(), "the eBGP route is gone");

        updater.bestChanged(prefix, false, List.of(), 0);
        updater.flush();
        assertTrue(rib.routes().stream().noneMatch(r -> r.prefix().equals(prefix)));
        assertEquals(ReferenceFib.NO_ROUTE, fib.lookup4(Ip4.parse("203.0.113.1")));
    }

    @Test
    void shouldInstallMultipathAsAGroupAndClampTheMed()
    {
        updater.bestChanged(prefix, true, List.of(IpAddress.parse("198.18.1.2"), IpAddress.parse("198.18.2.2")),
            0xFFFF_FFFFL);
        updater.flush();

        assertEquals(2, rib.installedNextHops(prefix).size());
        assertEquals(Integer.MAX_VALUE,
            rib.routes().stream().filter(r -> r.prefix().equals(prefix)).findFirst().orElseThrow().metric());
    }

    @Test
    void shouldApplyDeferredFlushesAsOneBatchOnTheLoopsNextTurn()
    {
        final java.util.ArrayDeque<Runnable> loop = new java.util.ArrayDeque<>();
        updater.deferTo(loop::add);
        final long commits = fib.commitCount();

        updater.bestChanged(prefix, true, List.of(IpAddress.parse("198.18.1.2")), 0);
        updater.flush();
        updater.bestChanged(IpPrefix.parse("198.51.100.0/24"), true, List.of(IpAddress.parse("198.18.2.2")), 0);
        updater.flush();

        assertNull(rib.installedNextHop(prefix), "nothing until the loop runs the task");
        assertEquals(1, loop.size(), "one task for both flushes");
        loop.poll().run();
        assertEquals(commits + 1, fib.commitCount(), "one FIB commit for both UPDATEs");
        assertEquals(RouteSource.EBGP, rib.installedSource(IpPrefix.parse("198.51.100.0/24")));
    }
}
