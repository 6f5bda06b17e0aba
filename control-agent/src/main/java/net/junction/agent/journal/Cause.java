/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.journal;

import java.util.Objects;

import net.junction.routing.IpAddress;

/**
 * Why a best route changed: the one event that triggered the decision.
 */
public sealed interface Cause
{
    /**
     * An UPDATE from a neighbor that announced (or replaced) a path for the prefix.
     *
     * @param neighbor the neighbor's address.
     * @param sequence the UPDATE's number within its session (1 = the first UPDATE after Established),
     *                 so a reader can tell UPDATEs apart; 0 when the caller does not count them.
     */
    record Update(IpAddress neighbor, long sequence) implements Cause
    {
        public Update
        {
            Objects.requireNonNull(neighbor, "neighbor");
            requireSequence(sequence);
        }
    }

    /**
     * An UPDATE from a neighbor that withdrew its path for the prefix.
     *
     * @param neighbor the neighbor's address.
     * @param sequence as in {@link Update}.
     */
    record Withdrawal(IpAddress neighbor, long sequence) implements Cause
    {
        public Withdrawal
        {
            Objects.requireNonNull(neighbor, "neighbor");
            requireSequence(sequence);
        }
    }

    /**
     * A configuration commit (policy, neighbors, static routes) changed the decision.
     *
     * @param number the commit's number (a {@link CommitEvent} carries its author and message).
     */
    record Commit(long number) implements Cause
    {
        public Commit
        {
            if (number <= 0)
            {
                throw new IllegalArgumentException("a commit number is positive, not " + number);
            }
        }
    }

    /**
     * A next hop's reachability or cost changed (RFC 4271 §9.1.2.1), so another path won.
     *
     * @param nextHop the next hop whose resolution changed.
     */
    record NextHopChange(IpAddress nextHop) implements Cause
    {
        public NextHopChange
        {
            Objects.requireNonNull(nextHop, "nextHop");
        }
    }

    /**
     * A session left Established and every path learned over it was dropped.
     *
     * @param neighbor the neighbor whose session went down.
     */
    record SessionDown(IpAddress neighbor) implements Cause
    {
        public SessionDown
        {
            Objects.requireNonNull(neighbor, "neighbor");
        }
    }

    /** The RPKI data changed, and with it a route's origin validation state that an import policy matches on. */
    record RpkiChange() implements Cause
    {
    }

    private static void requireSequence(final long sequence)
    {
        if (sequence < 0)
        {
            throw new IllegalArgumentException("an UPDATE sequence number is 0 (unknown) or positive, not " + sequence);
        }
    }
}
