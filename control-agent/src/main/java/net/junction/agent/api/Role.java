/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.util.Locale;
import java.util.Optional;

/** What a caller may do through the API; each role may do everything the ones before it may. */
public enum Role
{
    /** Read state, validate a document; nothing that changes the router. */
    READ,
    /** Also act on BGP sessions: reset, shut down, enable. */
    OPERATE,
    /** Also change the configuration (candidates, commits, rollback), tokens, and read the audit log. */
    ADMIN;

    /** @return whether this role may do what {@code needed} may. */
    public boolean allows(final Role needed)
    {
        return compareTo(needed) >= 0;
    }

    /** @return as the API writes it: {@code read}, {@code operate}, {@code admin}. */
    public String text()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the role written as {@link #text()}, or empty. */
    public static Optional<Role> parse(final String text)
    {
        for (final Role role : values())
        {
            if (role.text().equals(text))
            {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
