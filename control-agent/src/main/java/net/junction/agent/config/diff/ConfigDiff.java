/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config.diff;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a candidate configuration changes against the running one: per object ({@link #changes()},
 * in the order of the file: instance, dpdk, cores, ports, routes, neighbors, bgp, its neighbors,
 * networks, policies and their terms), and as a plain unified diff of the two texts
 * ({@link #text()}, empty when the texts are equal).
 * <p>
 * The two views answer different questions: the per-object one what the router will do (a
 * default spelt out, a comment or a reordered key changes nothing), the text one what the
 * operator edited.
 *
 * @param changes every object added, removed or changed.
 * @param text    a unified diff, three lines of context, or empty.
 */
public record ConfigDiff(List<ObjectChange> changes, String text)
{
    public ConfigDiff
    {
        changes = List.copyOf(changes);
        Objects.requireNonNull(text, "text");
    }

    /**
     * @return whether the two configurations do the same (their texts may still differ).
     */
    public boolean isEmpty()
    {
        return changes.isEmpty();
    }

    /**
     * @param kind a kind of object.
     * @return the changes to objects of that kind, in order.
     */
    public List<ObjectChange> changes(final ObjectKind kind)
    {
        return changes.stream().filter(c -> c.kind() == kind).toList();
    }

    /**
     * @param kind a kind of object.
     * @param key  its key.
     * @return the change to that object, if it changed.
     */
    public Optional<ObjectChange> change(final ObjectKind kind, final String key)
    {
        return changes.stream().filter(c -> c.kind() == kind && c.key().equals(key)).findFirst();
    }

    /**
     * @return one line per changed object, or {@code no change} when there is none.
     */
    public String describe()
    {
        if (changes.isEmpty())
        {
            return "no change\n";
        }
        final StringBuilder out = new StringBuilder();
        changes.forEach(c -> out.append(c.describe()).append('\n'));
        return out.toString();
    }
}
