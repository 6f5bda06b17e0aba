/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.fib;

import net.junction.routing.Ip4;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.IpAddress;
import net.junction.routing.NextHop;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import net.junction.routing.fib.FibUpdates;
import net.junction.routing.rib.Rib;
import net.junction.routing.rib.RouteSource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How much heap the RIB needs for full tables, and how fast it takes them: bench fib's 1M IPv4 +
 * 250k IPv6 routes, each added as an EBGP route through one of 8 BGP next hops (resolved
 * recursively through connected networks, as a BGP table is), then the same prefixes again as
 * IBGP routes (a second source: the RIB keeps both and installs the better). FIB updates are
 * counted and dropped. Prints one line:
 * <pre>
 * rib prefixes=N routes=R load_s=S routes_per_s=P heap_mb=H bytes_per_route=B fib_updates=U
 * </pre>
 * Usage: {@code RibFootprint --dir DIR} (a bench fib input folder with routes4.txt, routes6.txt).
 */
public final class RibFootprint
{
    private RibFootprint()
    {
    }

    /** Counts what the RIB sends. */
    private static final class CountingFib implements FibUpdates
    {
        long updates;

        public void nextHopSet(final int index, final NextHop nextHop)
        {
            updates++;
        }

        public void nextHopGroupSet(final int index, final int[] members, final int count)
        {
            updates++;
        }

        public void nextHopDelete(final int index)
        {
            updates++;
        }

        public void route4Set(final int address, final int length, final int nextHopIndex)
        {
            updates++;
        }

        public void route4Delete(final int address, final int length)
        {
            updates++;
        }

        public void route6Set(final long high, final long low, final int length, final int nextHopIndex)
        {
            updates++;
        }

        public void route6Delete(final long high, final long low, final int length)
        {
            updates++;
        }

        public void commit()
        {
        }
    }

    public static void main(final String[] args) throws IOException
    {
        Locale.setDefault(Locale.ROOT);
        if (args.length != 2 || !"--dir".equals(args[0]))
        {
            System.err.println("usage: RibFootprint --dir DIR   (DIR holds bench fib's routes4.txt and routes6.txt)");
            System.exit(2);
        }
        final Path dir = Path.of(args[1]);
        final RouteFiles.Routes4 routes4 = RouteFiles.readRoutes4(dir.resolve("routes4.txt"));
        final RouteFiles.Routes6 routes6 = RouteFiles.readRoutes6(dir.resolve("routes6.txt"));

        final List<IpAddress> nextHops4 = List.of(
            IpAddress.parse("198.18.1.2"), IpAddress.parse("198.18.1.3"), IpAddress.parse("198.18.2.2"),
            IpAddress.parse("198.18.2.3"), IpAddress.parse("198.18.3.2"), IpAddress.parse("198.18.3.3"),
            IpAddress.parse("198.18.4.2"), IpAddress.parse("198.18.4.3"));
        final List<IpAddress> nextHops6 = List.of(
            IpAddress.parse("2001:db8:1::2"), IpAddress.parse("2001:db8:1::3"), IpAddress.parse("2001:db8:2::2"),
            IpAddress.parse("2001:db8:2::3"), IpAddress.parse("2001:db8:3::2"), IpAddress.parse("2001:db8:3::3"),
            IpAddress.parse("2001:db8:4::2"), IpAddress.parse("2001:db8:4::3"));

        final long before = usedHeap();
        final CountingFib fib = new CountingFib();
        final Rib rib = new Rib(fib);
        final long startNs = System.nanoTime();
        rib.batch(() ->
        {
            for (int port = 1; port <= 4; port++)
            {
                rib.addInterfaceAddress(port, InterfaceAddress.parse("198.18." + port + ".1/24"));
                rib.addInterfaceAddress(port, InterfaceAddress.parse("2001:db8:" + port + "::1/64"));
            }
        });
        long routes = 0;
        for (final RouteSource source : new RouteSource[]{RouteSource.EBGP, RouteSource.IBGP})
        {
            // Batches of 10k, as BGP UPDATEs would arrive.
            for (int start = 0; start < routes4.size(); start += 10_000)
            {
                final int from = start;
                rib.batch(() ->
                {
                    for (int i = from; i < Math.min(from + 10_000, routes4.size()); i++)
                    {
                        final int length = routes4.lengths()[i];
                        rib.addRouteVia(source, Prefix4.network(routes4.addresses()[i], length),
                            nextHops4.get(routes4.values()[i] & 7), 0);
                    }
                });
            }
            for (int start = 0; start < routes6.size(); start += 10_000)
            {
                final int from = start;
                rib.batch(() ->
                {
                    for (int i = from; i < Math.min(from + 10_000, routes6.size()); i++)
                    {
                        rib.addRouteVia(source, Prefix6.network(routes6.highs()[i], routes6.lows()[i],
                            routes6.lengths()[i]), nextHops6.get(routes6.values()[i] & 7), 0);
                    }
                });
            }
            routes += routes4.size() + routes6.size();
        }
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        final long heap = usedHeap() - before;
        final long prefixes = rib.installedCount();

        System.out.printf("rib prefixes=%d routes=%d load_s=%.2f routes_per_s=%.0f heap_mb=%.0f bytes_per_route=%.0f " +
            "fib_updates=%d%n", prefixes, routes, seconds, routes / seconds, heap / 1048576.0, (double)heap / routes,
            fib.updates);
        if (rib.installedCount() < routes4.size() / 2 || Ip4.parse("198.18.1.2") == 0)
        {
            throw new IllegalStateException("routes did not install: " + rib.installedCount());
        }
    }

    private static long usedHeap()
    {
        for (int i = 0; i < 3; i++)
        {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
