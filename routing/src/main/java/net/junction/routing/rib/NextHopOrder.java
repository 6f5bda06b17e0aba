/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.rib;

import net.junction.routing.NextHop;

import java.util.Comparator;

/**
 * The order of the members of an ECMP group: by type, then port, then gateway address (unsigned). A
 * group's members are kept in this order so equal sets of next hops are equal lists, and every
 * data plane hashes a flow to the same member.
 */
final class NextHopOrder implements Comparator<NextHop>
{
    static final NextHopOrder INSTANCE = new NextHopOrder();

    private NextHopOrder()
    {
    }

    @Override
    public int compare(final NextHop a, final NextHop b)
    {
        final int byType = Integer.compare(a.type().code(), b.type().code());
        if (0 != byType)
        {
            return byType;
        }
        final int byPort = Integer.compare(a.portId(), b.portId());
        if (0 != byPort)
        {
            return byPort;
        }
        return switch (a)
        {
            case NextHop.Gateway4 g when b instanceof NextHop.Gateway4 h -> Integer.compareUnsigned(g.gateway(), h.gateway());
            case NextHop.Gateway4 ignored -> -1; // IPv4 gateways before IPv6 ones
            case NextHop.Gateway6 g when b instanceof NextHop.Gateway6 h ->
            {
                final int byHigh = Long.compareUnsigned(g.gateway().high(), h.gateway().high());
                yield 0 != byHigh ? byHigh : Long.compareUnsigned(g.gateway().low(), h.gateway().low());
            }
            case NextHop.Gateway6 ignored -> 1;
            default -> 0; // DIRECT, LOCAL and BLACKHOLE of one port are equal
        };
    }
}
