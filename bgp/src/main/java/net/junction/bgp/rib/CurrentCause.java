/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.routing.Ip4Address;
import net.junction.routing.IpAddress;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link BgpRib} is handling now, for {@link BestPathHook}: each entry point sets it (a few field
 * writes, nothing allocated), and the {@link ChangeCause} is made only when a change asks for it, once
 * per entry point (per next hop for a next-hop change). Event-loop thread only.
 */
final class CurrentCause
{
    private enum Kind
    {
        UPDATE, WITHDRAWAL, SESSION_DOWN, NEXT_HOP, COMMIT, RPKI
    }

    /** Named when no next hop can be: both selections are networks the router originates (never seen). */
    private static final IpAddress NO_NEXT_HOP = new Ip4Address(0);

    private final NextHopResolver resolver;
    private Kind kind = Kind.COMMIT;
    private IpAddress address;
    private long number;
    private ChangeCause made;
    private Map<IpAddress, ChangeCause> nextHops;

    CurrentCause(final NextHopResolver resolver)
    {
        this.resolver = resolver;
    }

    /** An UPDATE's announcements. */
    void update(final IpAddress neighbor, final long sequence)
    {
        set(Kind.UPDATE, neighbor, sequence);
    }

    /** An UPDATE's withdrawals; an End-of-RIB or End-of-Route-Refresh ending stale routes. */
    void withdrawal(final IpAddress neighbor, final long sequence)
    {
        set(Kind.WITHDRAWAL, neighbor, sequence);
    }

    /** A session down, stale routes timed out, a neighbor removed. */
    void sessionDown(final IpAddress neighbor)
    {
        set(Kind.SESSION_DOWN, neighbor, 0);
    }

    /** The next-hop resolver's answers changed. */
    void nextHopChange()
    {
        set(Kind.NEXT_HOP, null, 0);
        if (nextHops != null)
        {
            nextHops.clear();
        }
    }

    /** A reconfiguration; commit 0 when it is not a numbered commit's. */
    void commit(final long commit)
    {
        set(Kind.COMMIT, null, commit);
    }

    void rpki()
    {
        set(Kind.RPKI, null, 0);
    }

    private void set(final Kind kind, final IpAddress address, final long number)
    {
        this.kind = kind;
        this.address = address;
        this.number = number;
        this.made = null;
    }

    /**
     * @return why the entry changed from {@code old} to {@code now}.
     */
    ChangeCause of(final LocRib.Best old, final LocRib.Best now)
    {
        if (kind == Kind.NEXT_HOP)
        {
            final IpAddress nextHop = nextHopOf(old, now);
            if (nextHops == null)
            {
                nextHops = new HashMap<>();
            }
            return nextHops.computeIfAbsent(nextHop, ChangeCause.NextHopChange::new);
        }
        if (made == null)
        {
            made = switch (kind)
            {
                case UPDATE -> new ChangeCause.Update(address, number);
                case WITHDRAWAL -> new ChangeCause.Withdrawal(address, number);
                case SESSION_DOWN -> new ChangeCause.SessionDown(address);
                case COMMIT -> new ChangeCause.Commit(number);
                case RPKI -> new ChangeCause.RpkiChange();
                case NEXT_HOP -> throw new IllegalStateException("handled above");
            };
        }
        return made;
    }

    /** The rule {@link BestPathHook} states. */
    private IpAddress nextHopOf(final LocRib.Best old, final LocRib.Best now)
    {
        final List<IpAddress> was = old == null ? List.of() : old.nextHops();
        final List<IpAddress> is = now == null ? List.of() : now.nextHops();
        for (final IpAddress nh : was)
        {
            if (!resolver.reachable(nh))
            {
                return nh;
            }
        }
        for (final IpAddress nh : is)
        {
            if (!was.contains(nh))
            {
                return nh;
            }
        }
        for (final IpAddress nh : was)
        {
            if (!is.contains(nh))
            {
                return nh;
            }
        }
        return !was.isEmpty() ? was.getFirst() : !is.isEmpty() ? is.getFirst() : NO_NEXT_HOP;
    }
}
