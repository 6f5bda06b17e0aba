/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config.diff;

import java.util.Objects;

/**
 * One field of an object, before and after, as text a person reads ({@code "(none)"} when the
 * field is unset on that side). Secrets are never shown: a changed password reads
 * {@code (set)} to {@code (set)}.
 *
 * @param field  the field's name as the configuration spells it, such as {@code mtu} or {@code match.prefixes}.
 * @param before the running value.
 * @param after  the candidate's value.
 */
public record FieldChange(String field, String before, String after)
{
    public FieldChange
    {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    /**
     * @return such as {@code mtu 1500 -> 9000}.
     */
    public String describe()
    {
        return field + " " + before + " -> " + after;
    }
}
