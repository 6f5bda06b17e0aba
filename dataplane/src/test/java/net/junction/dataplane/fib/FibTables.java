/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.fib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import net.junction.routing.Ip6Address;
import net.junction.routing.NextHop;
import net.junction.routing.NextHopType;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import net.junction.routing.fib.FibUpdates;

/**
 * Test support for the resync tests: whole FIB tables (next hops, ECMP groups, routes of both
 * families) made at random in 198.18.0.0/15 and 2001:db8::/32, and sent to a {@link FibUpdates}
 * consumer in the producer's order (next hops, then groups, then routes).
 */
final class FibTables
{
    /** Next-hop indexes 0..SINGLES-1 are single next hops, SINGLES..NEXT_HOPS-1 groups. */
    static final int SINGLES = 24;
    static final int NEXT_HOPS = 32;
    static final int BASE4 = 0xC612_0000;
    static final long BASE6 = 0x2001_0db8_0000_0000L;

    /** An IPv4 or IPv6 route: low unused for IPv4 (the address is in high). */
    record Route(boolean ipv4, long high, long low, int length)
    {
    }

    /** A whole table: next hops by index (a NextHop or int[] members), routes to their index. */
    record Table(Map<Integer, Object> nextHops, Map<Route, Integer> routes)
    {
        /** Send it: next hops, groups, routes, a commit every {@code batch} routes (0: none). */
        void sendTo(final FibUpdates target, final int batch)
        {
            nextHops.forEach((index, nextHop) ->
            {
                if (nextHop instanceof NextHop single)
                {
                    target.nextHopSet(index, single);
                }
            });
            nextHops.forEach((index, nextHop) ->
            {
                if (nextHop instanceof int[] members)
                {
                    target.nextHopGroupSet(index, members, members.length);
                }
            });
            int sent = 0;
            for (final Map.Entry<Route, Integer> entry : routes.entrySet())
            {
                final Route route = entry.getKey();
                if (route.ipv4())
                {
                    target.route4Set((int)route.high(), route.length(), entry.getValue());
                }
                else
                {
                    target.route6Set(route.high(), route.low(), route.length(), entry.getValue());
                }
                if (batch > 0 && ++sent % batch == 0)
                {
                    target.commit();
                }
            }
        }
    }

    private FibTables()
    {
    }

    static Route route4(final int address, final int length)
    {
        return new Route(true, address & Prefix4.mask(length), 0, length);
    }

    static Route route6(final long high, final long low, final int length)
    {
        return new Route(false, high & Prefix6.maskHigh(length), low & Prefix6.maskLow(length), length);
    }

    /** A random next hop of a forwarding kind (members of groups must forward). */
    static NextHop forwarding(final SplittableRandom random)
    {
        return switch (random.nextInt(3))
        {
            case 0 -> new NextHop.Gateway4(random.nextInt(4), BASE4 | 0x0200 | random.nextInt(256));
            case 1 -> new NextHop.Gateway6(random.nextInt(4), new Ip6Address(BASE6 | 2, random.nextLong()));
            default -> new NextHop.Direct(random.nextInt(4));
        };
    }

    /**
     * A random table of about {@code routes} routes of each family.
     *
     * @param keep   a table whose routes are kept with this probability (next hop kept or changed), or null.
     * @param keepP  the probability.
     */
    static Table random(final SplittableRandom random, final int routes, final Table keep, final double keepP)
    {
        final Map<Integer, Object> nextHops = new LinkedHashMap<>();
        final List<Integer> forwarding = new ArrayList<>();
        for (int i = 0; i < SINGLES; i++)
        {
            if (random.nextInt(4) != 0)
            {
                final NextHop nextHop = switch (random.nextInt(8))
                {
                    case 0 -> NextHop.LOCAL;
                    case 1 -> NextHop.BLACKHOLE;
                    default -> null != keep && keep.nextHops().get(i) instanceof NextHop old && random.nextBoolean() ?
                        old : forwarding(random);
                };
                nextHops.put(i, nextHop);
                if (nextHop.type() != NextHopType.LOCAL &&
                    nextHop.type() != NextHopType.BLACKHOLE)
                {
                    forwarding.add(i);
                }
            }
        }
        if (forwarding.size() >= 2)
        {
            for (int i = SINGLES; i < NEXT_HOPS; i++)
            {
                if (random.nextBoolean())
                {
                    final List<Integer> pool = new ArrayList<>(forwarding);
                    final int count = 2 + random.nextInt(Math.min(pool.size(), 4) - 1);
                    final int[] members = new int[count];
                    for (int m = 0; m < count; m++)
                    {
                        members[m] = pool.remove(random.nextInt(pool.size()));
                    }
                    Arrays.sort(members);
                    nextHops.put(i, members);
                }
            }
        }
        final List<Integer> usable = new ArrayList<>(nextHops.keySet());
        final Map<Route, Integer> table = new LinkedHashMap<>();
        if (usable.isEmpty())
        {
            return new Table(nextHops, table);
        }
        if (null != keep)
        {
            for (final Route route : keep.routes().keySet())
            {
                if (random.nextDouble() < keepP)
                {
                    final Integer old = keep.routes().get(route);
                    table.put(route, nextHops.containsKey(old) && random.nextBoolean() ?
                        old : usable.get(random.nextInt(usable.size())));
                }
            }
        }
        for (int i = 0; i < routes; i++)
        {
            final int length4 = 15 + random.nextInt(18);
            table.put(route4(BASE4 | random.nextInt(1 << 17), length4), usable.get(random.nextInt(usable.size())));
            final int length6 = 32 + random.nextInt(97);
            table.put(route6(BASE6 | (random.nextLong() >>> 32), random.nextLong(), length6),
                usable.get(random.nextInt(usable.size())));
        }
        if (random.nextInt(8) == 0)
        {
            table.put(route4(0, 0), usable.get(random.nextInt(usable.size())));
        }
        return new Table(nextHops, table);
    }
}
