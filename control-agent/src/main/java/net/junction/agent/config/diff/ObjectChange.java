/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config.diff;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One object added, removed or changed.
 *
 * @param kind         what the object is.
 * @param key          which one: the name, prefix or address it is matched by (see {@link ObjectKind}).
 * @param type         added, removed or changed.
 * @param fields       for a change, every field that differs; for an addition or removal, what
 *                     the object is (its fields on the side that has it, {@code before} or
 *                     {@code after} {@code "(none)"}).
 * @param sessionReset for a BGP neighbor: a field the session was opened with changed (address,
 *                     AS numbers, local address, password, TTL security, families, hold time,
 *                     graceful restart), so applying it means closing and reopening the session.
 */
public record ObjectChange(ObjectKind kind, String key, ChangeType type, List<FieldChange> fields, boolean sessionReset)
{
    public ObjectChange
    {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        fields = List.copyOf(fields);
    }

    /**
     * @param field a field's name.
     * @return whether that field is among {@link #fields()}.
     */
    public boolean changes(final String field)
    {
        return fields.stream().anyMatch(f -> f.field().equals(field));
    }

    /**
     * @return one line, such as {@code ~ port p0: mtu 1500 -> 9000} or {@code + route 198.18.9.0/24: via 198.18.1.2}.
     */
    public String describe()
    {
        final String what = type.sign() + " " + kind.label() + " " + key;
        if (fields.isEmpty())
        {
            return what;
        }
        final String detail = switch (type)
        {
            case CHANGED -> fields.stream().map(FieldChange::describe).collect(Collectors.joining("; "));
            case ADDED -> fields.stream().map(f -> f.field() + " " + f.after()).collect(Collectors.joining("; "));
            case REMOVED -> fields.stream().map(f -> f.field() + " " + f.before()).collect(Collectors.joining("; "));
        };
        return what + ": " + detail + (sessionReset ? " (session reset)" : "");
    }
}
