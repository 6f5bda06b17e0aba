/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The router's event stream (the API serves it as server-sent events): BGP session state changes,
 * commits, route-change summaries. Publishers are the BGP thread, the commit path and the
 * route-summary timer; {@link #publish} never blocks them. A subscriber's callback runs on the
 * publisher's thread and must only hand the event on (a bounded queue it drains elsewhere).
 */
public final class RouterEvents
{
    private final CopyOnWriteArrayList<Consumer<RouterEvent>> subscribers = new CopyOnWriteArrayList<>();

    /**
     * @param subscriber called with every event from now on; must not block nor throw.
     * @return closing it ends the subscription.
     */
    public AutoCloseable subscribe(final Consumer<RouterEvent> subscriber)
    {
        Objects.requireNonNull(subscriber, "subscriber");
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** @param event handed to every subscriber; one that throws is skipped, the others still get it. */
    public void publish(final RouterEvent event)
    {
        Objects.requireNonNull(event, "event");
        for (final Consumer<RouterEvent> subscriber : subscribers)
        {
            try
            {
                subscriber.accept(event);
            }
            catch (final RuntimeException ignored)
            {
                // a subscriber's fault must not reach the BGP thread
            }
        }
    }

    /** One event; {@code type()} is the SSE event name. */
    public sealed interface RouterEvent
    {
        Instant time();

        String type();
    }

    /** A BGP session changed state (RFC 4271 FSM states, lower case). */
    public record SessionChanged(Instant time, String neighbor, String from, String to, String reason) implements RouterEvent
    {
        @Override
        public String type()
        {
            return "session";
        }
    }

    /**
     * A commit was recorded. {@code how}: {@code commit}, {@code confirm}, {@code rollback},
     * {@code confirm-expired}, {@code start}.
     */
    public record Committed(Instant time, long number, String author, String message, String how) implements RouterEvent
    {
        @Override
        public String type()
        {
            return "commit";
        }
    }

    /** Route changes of the RIB summed over an interval (one a second at most, only when non-zero). */
    public record RoutesChanged(Instant time, String family, long added, long removed, long changed) implements RouterEvent
    {
        @Override
        public String type()
        {
            return "routes";
        }
    }
}
