/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.rib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.junction.routing.InterfaceAddress;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.NextHop;
import net.junction.routing.fib.ReferenceFib;
import org.junit.jupiter.api.Test;

/** The RIB's reads for the API: pages in order, longest match over what is installed, change totals. */
class RibQueryTest
{
    private final Rib rib = new Rib(new ReferenceFib(1024));

    private void fill(final int count)
    {
        rib.addInterfaceAddress(0, InterfaceAddress.parse("198.18.1.1/24"));
        rib.addInterfaceAddress(0, InterfaceAddress.parse("2001:db8:1::1/64"));
        final Random random = new Random(7);
        rib.batch(() ->
        {
            for (int i = 0; i < count; i++)
            {
                final IpPrefix prefix = IpPrefix.parse("198.19." + random.nextInt(256) + "." + 4 * random.nextInt(64) + "/30");
                rib.addRouteVia(RouteSource.EBGP, prefix, IpAddress.parse("198.18.1.2"), 0);
                if (i % 3 == 0)
                {
                    rib.addRoute(RouteSource.STATIC, prefix, NextHop.BLACKHOLE, 0);
                }
            }
        });
    }

    @Test
    void shouldPageEveryRouteInTheOrderOfRoutes()
    {
        fill(500);
        assertEquals(rib.routes(), pageAll());
        // The ordered index, built by the first page, follows later changes.
        rib.removeRoute(RouteSource.EBGP, rib.routes().get(5).prefix());
        rib.addRoute(RouteSource.STATIC, IpPrefix.parse("2001:db8:77::/48"), NextHop.BLACKHOLE, 0);
        rib.addRoute(RouteSource.STATIC, IpPrefix.parse("0.0.0.0/0"), NextHop.BLACKHOLE, 0);
        assertEquals(rib.routes(), pageAll());
    }

    private List<RibRoute> pageAll()
    {
        final List<RibRoute> paged = new ArrayList<>();
        IpPrefix afterPrefix = null;
        RouteSource afterSource = null;
        while (true)
        {
            final List<RibRoute> page = rib.routes(null, s -> true, afterPrefix, afterSource, 37);
            paged.addAll(page);
            if (page.size() < 37)
            {
                break;
            }
            afterPrefix = page.getLast().prefix();
            afterSource = page.getLast().source();
        }
        return paged;
    }

    @Test
    void shouldFilterByPrefixAndSource()
    {
        fill(100);
        final IpPrefix within = IpPrefix.parse("198.19.0.0/16");
        final List<RibRoute> statics = rib.routes(within, s -> s == RouteSource.STATIC, null, null, 1000);
        assertEquals(rib.routes().stream().filter(r -> r.source() == RouteSource.STATIC).toList(), statics);
        assertEquals(rib.routes().stream().filter(r -> r.prefix().isIpv4() == false).toList(),
            rib.routes(IpPrefix.parse("::/0"), s -> true, null, null, 1000));
        final IpPrefix narrow = IpPrefix.parse("198.19.128.0/17");
        assertEquals(rib.routes().stream().filter(r -> narrow.contains(r.prefix())).toList(),
            rib.routes(narrow, s -> true, null, null, 1000));
        assertEquals(List.of(RouteSource.EBGP, RouteSource.STATIC).size(),
            rib.routesOf(statics.getFirst().prefix()).size());
    }

    @Test
    void shouldLookUpTheLongestInstalledMatch()
    {
        rib.addInterfaceAddress(0, InterfaceAddress.parse("198.18.1.1/24"));
        rib.addRouteVia(RouteSource.STATIC, IpPrefix.parse("198.19.0.0/16"), IpAddress.parse("198.18.1.2"), 0);
        rib.addRouteVia(RouteSource.STATIC, IpPrefix.parse("198.19.5.0/24"), IpAddress.parse("198.18.9.9"), 0); // unresolved

        assertEquals(IpPrefix.parse("198.19.0.0/16"), rib.lookup(IpAddress.parse("198.19.5.1")).prefix(),
            "the /24 does not resolve, so it is not installed");
        assertEquals(RouteSource.LOCAL, rib.lookup(IpAddress.parse("198.18.1.1")).source());
        assertEquals(RouteSource.CONNECTED, rib.lookup(IpAddress.parse("198.18.1.200")).source());
        assertTrue(rib.lookup(IpAddress.parse("198.19.1.1")).installed());
        assertNull(rib.lookup(IpAddress.parse("198.20.0.1")));
    }

    @Test
    void shouldTotalInstalledChangesPerFamily()
    {
        rib.addInterfaceAddress(0, InterfaceAddress.parse("198.18.1.1/24"));
        rib.addRouteVia(RouteSource.STATIC, IpPrefix.parse("198.19.0.0/16"), IpAddress.parse("198.18.1.2"), 0);
        rib.addRouteVia(RouteSource.STATIC, IpPrefix.parse("198.19.0.0/16"), IpAddress.parse("198.18.1.3"), 0);
        rib.addRoute(RouteSource.STATIC, IpPrefix.parse("2001:db8:9::/48"), NextHop.BLACKHOLE, 0);
        rib.removeRoute(RouteSource.STATIC, IpPrefix.parse("198.19.0.0/16"));

        assertEquals(new Rib.InstalledChanges(3, 1, 1, 1, 0, 0), rib.installedChanges());
    }
}
