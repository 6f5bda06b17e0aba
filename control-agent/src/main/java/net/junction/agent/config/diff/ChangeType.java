/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config.diff;

/** What happened to one object between two configurations. */
public enum ChangeType
{
    ADDED('+'), REMOVED('-'), CHANGED('~');

    private final char sign;

    ChangeType(final char sign)
    {
        this.sign = sign;
    }

    /**
     * @return {@code +}, {@code -} or {@code ~}, as the first character of a described change.
     */
    public char sign()
    {
        return sign;
    }
}
