/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.journal;

import java.util.Objects;

import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

/**
 * One record of the journal. Every record carries its time in nanoseconds since the epoch (UTC).
 */
public sealed interface JournalRecord permits JournalRecord.RouteChange, CommitEvent, SessionEvent
{
    /** @return when it happened, nanoseconds since 1970-01-01T00:00Z. */
    long timeNs();

    /**
     * A best route changed.
     *
     * @param timeNs when.
     * @param prefix the destination.
     * @param before the best route before, or null when there was none (a new prefix).
     * @param after  the best route after, or null when there is none any more (withdrawn).
     * @param cause  what triggered it.
     */
    record RouteChange(long timeNs, IpPrefix prefix, RouteState before, RouteState after, Cause cause)
        implements JournalRecord
    {
        /** @throws IllegalArgumentException naming what is wrong. */
        public RouteChange
        {
            requireTime(timeNs);
            if (null == prefix)
            {
                throw new IllegalArgumentException("a route change needs a prefix");
            }
            if (null == before && null == after)
            {
                throw new IllegalArgumentException("a route change of " + prefix + " needs a route before or after");
            }
            if (null == cause)
            {
                throw new IllegalArgumentException("a route change of " + prefix + " needs a cause");
            }
            Objects.requireNonNull(prefix);
        }
    }

    /** @throws IllegalArgumentException for a negative time. */
    static void requireTime(final long timeNs)
    {
        if (timeNs < 0)
        {
            throw new IllegalArgumentException("a journal time is nanoseconds since the epoch, not " + timeNs);
        }
    }

    /** @throws IllegalArgumentException when null or longer than {@code max} characters. */
    static String requireText(final String name, final String text, final int max)
    {
        if (null == text)
        {
            throw new IllegalArgumentException(name + " must be given");
        }
        if (text.length() > max)
        {
            throw new IllegalArgumentException(name + " is " + text.length() + " characters; at most " + max);
        }
        return text;
    }

    /** @throws IllegalArgumentException when null. */
    static IpAddress requireNeighbor(final IpAddress neighbor)
    {
        if (null == neighbor)
        {
            throw new IllegalArgumentException("a session event needs a neighbor");
        }
        return neighbor;
    }
}
