/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.UpdateMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Records every {@link SessionListener} call, thread safe, with polling helpers bounded by a deadline.
 */
final class TestListener implements SessionListener
{
    /** One call. */
    record Call(String method, PeerSession session, Object argument, String reason, boolean keepStale)
    {
        public String toString()
        {
            return method + "(" + session.config().name() + (argument != null ? ", " + argument : "") +
                (reason != null ? ", " + reason + ", keep=" + keepStale : "") + ")";
        }
    }

    private final List<Call> calls = new ArrayList<>();
    /** What {@link #restarting()} answers. */
    volatile boolean restarting;

    public boolean restarting()
    {
        return restarting;
    }

    public synchronized void established(final PeerSession session, final Negotiated negotiated)
    {
        calls.add(new Call("established", session, negotiated, null, false));
        notifyAll();
    }

    public synchronized void update(final PeerSession session, final UpdateMessage update)
    {
        calls.add(new Call("update", session, update, null, false));
        notifyAll();
    }

    public synchronized void endOfRib(final PeerSession session, final AfiSafi family)
    {
        calls.add(new Call("endOfRib", session, family, null, false));
        notifyAll();
    }

    public synchronized void routeRefreshRequested(final PeerSession session, final AfiSafi family)
    {
        calls.add(new Call("routeRefreshRequested", session, family, null, false));
        notifyAll();
    }

    public synchronized void routeRefreshBegin(final PeerSession session, final AfiSafi family)
    {
        calls.add(new Call("routeRefreshBegin", session, family, null, false));
        notifyAll();
    }

    public synchronized void routeRefreshEnd(final PeerSession session, final AfiSafi family)
    {
        calls.add(new Call("routeRefreshEnd", session, family, null, false));
        notifyAll();
    }

    public synchronized void down(final PeerSession session, final String reason, final boolean keepRoutesStale)
    {
        calls.add(new Call("down", session, null, reason, keepRoutesStale));
        notifyAll();
    }

    public synchronized void staleTimeout(final PeerSession session, final AfiSafi family)
    {
        calls.add(new Call("staleTimeout", session, family, null, false));
        notifyAll();
    }

    synchronized List<Call> calls()
    {
        return List.copyOf(calls);
    }

    synchronized List<Call> calls(final String method)
    {
        return calls.stream().filter(c -> c.method.equals(method)).toList();
    }

    synchronized void clear()
    {
        calls.clear();
    }

    /**
     * Wait until a call matches, or fail after the timeout.
     *
     * @param what    description for the failure.
     * @param match   the condition.
     * @param timeout longest wait.
     * @return the first matching call.
     */
    synchronized Call await(final String what, final Predicate<Call> match, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            for (final Call c : calls)
            {
                if (match.test(c))
                {
                    return c;
                }
            }
            final long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0)
            {
                throw new AssertionError("timed out waiting for " + what + "; calls: " + calls);
            }
            try
            {
                wait(leftMs);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }

    Call await(final String method, final String session, final Duration timeout)
    {
        return await(method + " of " + session,
            c -> c.method.equals(method) && c.session.config().name().equals(session), timeout);
    }
}
