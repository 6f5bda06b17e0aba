/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import java.util.HashMap;

/**
 * One shared {@link Path} per distinct value, reference counted: a RIB table {@link #acquire}s the
 * canonical instance when it stores a path and {@link #release}s it when the entry goes, and the
 * last release forgets it. Counting is exact and cheap on the single event-loop thread, and unlike
 * weak references it costs no reference object per path.
 */
final class PathInterner
{
    private final HashMap<Path, Path> paths = new HashMap<>();

    /**
     * @param path any instance.
     * @return the canonical instance, its count raised by one.
     */
    Path acquire(final Path path)
    {
        Path canonical = paths.putIfAbsent(path, path);
        if (canonical == null)
        {
            canonical = path;
        }
        canonical.references++;
        return canonical;
    }

    /**
     * @param path any instance.
     * @return the canonical instance equal to it, or null; no count changes (a preview's read).
     */
    Path find(final Path path)
    {
        return paths.get(path);
    }

    /**
     * @param canonical an instance from {@link #acquire}, or null (ignored).
     */
    void release(final Path canonical)
    {
        if (canonical != null && --canonical.references == 0)
        {
            paths.remove(canonical);
        }
    }

    /**
     * @return distinct paths held.
     */
    int size()
    {
        return paths.size();
    }
}
