/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rpki;

import java.util.Locale;

/**
 * A route's origin validation state (RFC 6811 §2).
 */
public enum ValidationState
{
    /** A VRP covers the prefix, its AS is the route's origin and the prefix is no longer than its max length. */
    VALID,
    /** VRPs cover the prefix, and none matches: another origin, or a prefix longer than allowed. */
    INVALID,
    /** No VRP covers the prefix (or the router holds no RPKI data). */
    NOT_FOUND;

    /**
     * @return the name used in configuration, API and CLI: {@code valid}, {@code invalid}, {@code not-found}.
     */
    public String text()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param text {@code valid}, {@code invalid} or {@code not-found}.
     * @return the state.
     * @throws IllegalArgumentException for any other text, naming the three.
     */
    public static ValidationState parse(final String text)
    {
        for (final ValidationState s : values())
        {
            if (s.text().equals(text))
            {
                return s;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not an RPKI state: valid, invalid or not-found");
    }
}
