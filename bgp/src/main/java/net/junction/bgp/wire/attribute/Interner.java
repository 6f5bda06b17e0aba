/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire.attribute;

import java.lang.ref.WeakReference;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * Canonical instances of immutable values such as {@link PathAttributes}: {@link #intern(Object)}
 * returns the one instance equal to its argument, so that routes sharing an attribute set share its
 * memory. Weak: an instance no route holds any more is collected with the garbage, no reference
 * counting needed.
 * <p>
 * Thread safe through a lock; decoding threads intern once per UPDATE, not per route.
 *
 * @param <T> an immutable type with value {@code equals}/{@code hashCode}.
 */
public final class Interner<T>
{
    private final WeakHashMap<T, WeakReference<T>> instances = new WeakHashMap<>();

    /**
     * @param value any instance.
     * @return the canonical instance equal to {@code value} (which becomes canonical if none was).
     */
    public synchronized T intern(final T value)
    {
        Objects.requireNonNull(value, "value");
        final WeakReference<T> ref = instances.get(value);
        if (ref != null)
        {
            final T canonical = ref.get();
            if (canonical != null)
            {
                return canonical;
            }
        }
        instances.put(value, new WeakReference<>(value));
        return value;
    }

    /**
     * @return number of canonical instances still reachable (approximate: cleared ones leave lazily).
     */
    public synchronized int size()
    {
        return instances.size();
    }
}
