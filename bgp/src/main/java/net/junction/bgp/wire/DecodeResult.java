/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import java.util.List;

/**
 * What {@link MessageDecoder} made of one message: the message (null on session reset) and the
 * problems found, each with its RFC 7606 action. Decoding never throws on any input.
 *
 * @param message  the decoded message, possibly with attributes discarded; null if {@link #isSessionReset()}.
 * @param problems in the order found; empty for a clean message.
 */
public record DecodeResult(BgpMessage message, List<DecodeProblem> problems)
{
    public DecodeResult
    {
        problems = List.copyOf(problems);
    }

    /**
     * @param message a clean message.
     * @return the result.
     */
    public static DecodeResult of(final BgpMessage message)
    {
        return new DecodeResult(message, List.of());
    }

    /**
     * @param notification to send.
     * @param reason       description.
     * @return a session-reset result.
     */
    public static DecodeResult sessionReset(final NotificationMessage notification, final String reason)
    {
        return new DecodeResult(null, List.of(DecodeProblem.sessionReset(notification, reason)));
    }

    /**
     * @return true if no problem was found.
     */
    public boolean isClean()
    {
        return problems.isEmpty();
    }

    /**
     * @return the most severe action needed, or null if clean.
     */
    public ErrorAction action()
    {
        ErrorAction worst = null;
        for (final DecodeProblem p : problems)
        {
            if (worst == null || p.action().compareTo(worst) > 0)
            {
                worst = p.action();
            }
        }
        return worst;
    }

    /**
     * @return true if the session must send {@link #notification()} and close.
     */
    public boolean isSessionReset()
    {
        return action() == ErrorAction.SESSION_RESET;
    }

    /**
     * @return true if the UPDATE's routes must be treated as withdrawn (and the session not reset).
     */
    public boolean isTreatAsWithdraw()
    {
        return action() == ErrorAction.TREAT_AS_WITHDRAW;
    }

    /**
     * @return the NOTIFICATION of the most severe problem, or null if clean.
     */
    public NotificationMessage notification()
    {
        final ErrorAction worst = action();
        for (final DecodeProblem p : problems)
        {
            if (p.action() == worst)
            {
                return p.notification();
            }
        }
        return null;
    }
}
