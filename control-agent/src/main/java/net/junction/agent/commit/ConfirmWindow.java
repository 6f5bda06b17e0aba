/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.commit;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The confirm window of a commit made with {@code --confirm MINUTES}, and how it ended: so that a
 * reader of the history (an operator, an agent) tells a commit that awaits confirmation from one
 * confirmed and from one rolled back, without reading the next commit's message.
 *
 * @param by          when it is rolled back unless confirmed (the deadline).
 * @param state       where the window stands.
 * @param confirmedAt when it was confirmed ({@link State#CONFIRMED}); empty for a commit confirmed
 *                    before the time was kept.
 * @param endedBy     the commit that ended the window unconfirmed ({@link State#EXPIRED},
 *                    {@link State#ROLLED_BACK}, {@link State#REPLACED}); empty otherwise.
 */
public record ConfirmWindow(Instant by, State state, Optional<Instant> confirmedAt, OptionalLong endedBy)
{
    /** Where a confirm window stands. */
    public enum State
    {
        /** Running, not confirmed yet: rolled back at {@code by} unless confirmed. */
        PENDING,
        /** Confirmed in time: it stays. */
        CONFIRMED,
        /** Not confirmed by {@code by}: the router rolled it back, as commit {@code endedBy}. */
        EXPIRED,
        /** A rollback (commit {@code endedBy}) was committed while it awaited confirmation. */
        ROLLED_BACK,
        /** {@code junction run} started with another config file while it awaited confirmation: commit {@code endedBy}. */
        REPLACED,
        /** Recorded before confirm states were kept, and its end cannot be told from the history. */
        UNKNOWN;

        /** @return as the API and the state directory write it: {@code pending}, {@code rolled-back}... */
        public String text()
        {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** @return whether a commit ({@code endedBy}) ended the window in this state. */
        public boolean endedByACommit()
        {
            return this == EXPIRED || this == ROLLED_BACK || this == REPLACED;
        }

        /**
         * @param text as {@link #text()} writes it.
         * @return the state.
         * @throws IllegalArgumentException when it is none.
         */
        public static State of(final String text)
        {
            for (final State state : values())
            {
                if (state.text().equals(text))
                {
                    return state;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not a confirm state");
        }
    }

    public ConfirmWindow
    {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(confirmedAt, "confirmedAt");
        Objects.requireNonNull(endedBy, "endedBy");
        if (confirmedAt.isPresent() && state != State.CONFIRMED)
        {
            throw new IllegalArgumentException("confirmedAt goes with a confirmed window, not " + state.text());
        }
        if (endedBy.isPresent() != state.endedByACommit())
        {
            throw new IllegalArgumentException(state.endedByACommit() ?
                "a window " + state.text() + " names the commit that ended it" :
                "only an ended window names the commit that ended it, not a " + state.text() + " one");
        }
    }

    /** @return a window open until {@code by}. */
    public static ConfirmWindow pending(final Instant by)
    {
        return new ConfirmWindow(by, State.PENDING, Optional.empty(), OptionalLong.empty());
    }

    /** @return this window confirmed at {@code at} (empty: when is not known). */
    public ConfirmWindow confirmed(final Optional<Instant> at)
    {
        return new ConfirmWindow(by, State.CONFIRMED, at, OptionalLong.empty());
    }

    /** @return this window ended unconfirmed, {@code how}, by commit {@code commit}. */
    public ConfirmWindow ended(final State how, final long commit)
    {
        return new ConfirmWindow(by, how, Optional.empty(), OptionalLong.of(commit));
    }

    /** @return this window of a commit whose end the history does not tell. */
    public ConfirmWindow unknown()
    {
        return new ConfirmWindow(by, State.UNKNOWN, Optional.empty(), OptionalLong.empty());
    }
}
