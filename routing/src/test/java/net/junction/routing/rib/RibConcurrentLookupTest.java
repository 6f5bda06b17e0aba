/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.rib;

import net.junction.routing.Ip4;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.NextHop;
import net.junction.routing.Prefix4;
import net.junction.routing.concurrent.ConcurrentReaders;
import net.junction.routing.fib.ReferenceFib;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Rib#lookup} from other threads while the owner changes the RIB: the API's lookups during a full-table
 * load. Readers must see each prefix as it was at one moment, never half of a change: the route that is
 * installed together with its own next hops, a prefix present all along always found (while the entries'
 * table grows and entries come and go around it).
 */
class RibConcurrentLookupTest
{
    private static final int PORT = 1;
    private static final IpAddress STATIC_GATEWAY = IpAddress.parse("198.18.0.2");
    private static final IpAddress BGP_GATEWAY = IpAddress.parse("198.18.0.3");
    /** Always installed, from EBGP via .3: the entries around it come and go. */
    private static final IpPrefix STABLE = IpPrefix.parse("198.18.100.0/24");
    /** EBGP via .3 all along; a STATIC via .2 comes and goes over it and wins while present. */
    private static final IpPrefix MOVING = IpPrefix.parse("198.18.200.0/24");
    /** Churned /24s: 198.19.0.0/24 to 198.19.N.0/24 added, then removed, so the entries' table grows and shrinks. */
    private static final int CHURNED = 4_096;

    private final Rib rib = new Rib(new ReferenceFib(1024));

    @Test
    @Timeout(120)
    void shouldAnswerLookupsFromOtherThreadsWhileTheOwnerChangesTheRib() throws Exception
    {
        rib.addInterfaceAddress(PORT, InterfaceAddress.parse("198.18.0.1/24"));
        rib.addRouteVia(RouteSource.EBGP, STABLE, BGP_GATEWAY, 0);
        rib.addRouteVia(RouteSource.EBGP, MOVING, BGP_GATEWAY, 0);
        final NextHop viaStatic = new NextHop.Gateway4(PORT, Ip4.parse("198.18.0.2"));
        final NextHop viaBgp = new NextHop.Gateway4(PORT, Ip4.parse("198.18.0.3"));

        final AtomicLong movingAsStatic = new AtomicLong();
        final ConcurrentReaders readers = ConcurrentReaders.start(2, 800, 2_000, i ->
        {
            final RibRoute stable = rib.lookup(IpAddress.parse("198.18.100.9"));
            if (null == stable || !STABLE.equals(stable.prefix()) || !List.of(viaBgp).equals(stable.resolved()))
            {
                return "stable: " + stable;
            }
            final RibRoute moving = rib.lookup(IpAddress.parse("198.18.200.9"));
            final boolean consistent = null != moving && MOVING.equals(moving.prefix()) && moving.installed() &&
                (RouteSource.STATIC == moving.source() ? List.of(viaStatic).equals(moving.resolved()) &&
                    List.of(STATIC_GATEWAY).equals(moving.vias()) :
                    RouteSource.EBGP == moving.source() && List.of(viaBgp).equals(moving.resolved()) &&
                        List.of(BGP_GATEWAY).equals(moving.vias()));
            if (!consistent)
            {
                return "moving: " + moving;
            }
            if (RouteSource.STATIC == moving.source())
            {
                movingAsStatic.incrementAndGet();
            }
            final int n = i % CHURNED;
            final RibRoute churned = rib.lookup(IpAddress.parse("198.19." + (n >> 8) + "." + (n & 0xFF)));
            return null != churned && (churned.prefix().length() != 24 || !List.of(viaBgp).equals(churned.resolved())) ?
                "churned: " + churned : null;
        });

        // The owner: rounds of a batch putting the static route on MOVING and adding the churned prefixes, then one
        // taking it off and removing them. Inside the second, from the static route's removal to the batch's end,
        // MOVING's routes no longer hold the installed one: a lookup must not see that. Between batches the owner
        // pauses, as the BGP event loop decodes UPDATEs between two RIB batches.
        int rounds = 0;
        try
        {
            while (readers.wanted() || rounds < 4)
            {
                rib.batch(() ->
                {
                    rib.addRouteVia(RouteSource.STATIC, MOVING, STATIC_GATEWAY, 0);
                    for (int n = 0; n < CHURNED; n++)
                    {
                        rib.addRouteVia(RouteSource.EBGP, churned(n), BGP_GATEWAY, 0);
                    }
                });
                LockSupport.parkNanos(200_000);
                rib.batch(() ->
                {
                    rib.removeRoute(RouteSource.STATIC, MOVING);
                    for (int n = 0; n < CHURNED; n++)
                    {
                        rib.removeRoute(RouteSource.EBGP, churned(n));
                    }
                });
                LockSupport.parkNanos(200_000);
                rounds++;
            }
        }
        finally
        {
            readers.close();
        }
        final List<String> wrong = readers.wrong();
        assertTrue(wrong.isEmpty(), () -> wrong.size() + " lookups saw a torn or wrong route, e.g. " + wrong.getFirst());
        assertTrue(movingAsStatic.get() > 0 && movingAsStatic.get() < readers.reads(),
            "the readers saw MOVING both ways: " + movingAsStatic.get() + " as STATIC of " + readers.reads());
        assertEquals(RouteSource.EBGP, rib.lookup(IpAddress.parse("198.18.200.9")).source());
        assertNull(rib.lookup(IpAddress.parse("198.19.0.1")), "every churned prefix removed at the end");
    }

    private static IpPrefix churned(final int n)
    {
        return new Prefix4(Ip4.parse("198.19." + (n >> 8) + ".0"), 24);
    }
}
