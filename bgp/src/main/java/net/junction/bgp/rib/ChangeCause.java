/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.routing.IpAddress;

import java.util.Objects;

/**
 * The event that made the Loc-RIB change, as {@link BestPathHook} hears it: set by {@link BgpRib} at the
 * entry point it was handling when the decision process ran.
 */
public sealed interface ChangeCause
{
    /**
     * An UPDATE from a neighbor announced a path for the prefix (or announced one its import refused, which
     * replaces what it sent before).
     *
     * @param neighbor the neighbor's address.
     * @param sequence the UPDATE's number among those the RIB received over the session: 1 is the first
     *                 after Established (an End-of-RIB counts: it is an UPDATE).
     */
    record Update(IpAddress neighbor, long sequence) implements ChangeCause
    {
        public Update
        {
            Objects.requireNonNull(neighbor, "neighbor");
        }
    }

    /**
     * An UPDATE from a neighbor withdrew the prefix; also its End-of-RIB (or End-of-Route-Refresh, sequence
     * 0: not an UPDATE) ending routes it kept stale and did not send again.
     *
     * @param neighbor the neighbor's address.
     * @param sequence as in {@link Update}; 0 when no UPDATE caused it.
     */
    record Withdrawal(IpAddress neighbor, long sequence) implements ChangeCause
    {
        public Withdrawal
        {
            Objects.requireNonNull(neighbor, "neighbor");
        }
    }

    /**
     * A neighbor's paths were dropped: its session left Established (or its stale paths timed out, or it
     * was removed from the configuration).
     *
     * @param neighbor the neighbor's address.
     */
    record SessionDown(IpAddress neighbor) implements ChangeCause
    {
        public SessionDown
        {
            Objects.requireNonNull(neighbor, "neighbor");
        }
    }

    /**
     * A next hop's resolution changed (RFC 4271 §9.1.2.1): reachable or not, or its IGP cost.
     *
     * @param nextHop the next hop the change turned on (see {@link BestPathHook}).
     */
    record NextHopChange(IpAddress nextHop) implements ChangeCause
    {
        public NextHopChange
        {
            Objects.requireNonNull(nextHop, "nextHop");
        }
    }

    /**
     * The RPKI data changed (the VRPs an RTR cache sent, another cache's taking over, or their expiry), and with it
     * the origin validation state of routes an import policy matches on (RFC 6811).
     */
    record RpkiChange() implements ChangeCause
    {
    }

    /**
     * A reconfiguration (policies, neighbors, networks, multipath).
     *
     * @param number the configuration commit it applies; 0 for a reconfiguration not made by a numbered
     *               commit.
     */
    record Commit(long number) implements ChangeCause
    {
        public Commit
        {
            if (number < 0)
            {
                throw new IllegalArgumentException("a commit number is 0 (none) or positive, not " + number);
            }
        }
    }
}
