/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import java.util.ArrayList;

/**
 * What one computation over many routes worked out per {@link Path} instance, kept on the path itself: a
 * change preview asks the import policy once per received path and the export code once per best path and
 * target, and a full table shares a few hundred thousand paths among a million prefixes. Reading the
 * answer back is then a field load on the path the route already references, where an identity hash map
 * cost a random read into a large table per prefix.
 * <p>
 * A path holds one entry, of the computation that wrote last; an entry of another memo reads as absent.
 * A memo is used by one thread at a time (the RIB's, or a helper the RIB's thread waits for while nothing
 * writes the tables), and no other memo reads or writes the paths it uses meanwhile; {@link #close()} takes
 * its entries off the paths a RIB
 * table holds ({@link Path#references}, counted by {@link PathInterner}), so nothing outlives it there. A
 * path no table holds is one the computation made (a preview's path under a candidate policy): it goes with
 * the computation, entry and all, and visiting it again to clear it would cost a cache miss for each of
 * hundreds of thousands of paths. Its stale entry reads as absent to any other memo.
 *
 * @param <E> what is kept per path.
 */
final class PathMemo<E extends PathMemo.Entry> implements AutoCloseable
{
    /** What a memo keeps on a path; knows its memo, so another memo's entry is not mistaken for one's own. */
    abstract static class Entry
    {
        private PathMemo<?> owner;
    }

    /** The paths given an entry that a table held then, to be cleared at {@link #close()}. */
    private ArrayList<Path> touched = new ArrayList<>();

    /**
     * @return this memo's entry on the path, or null.
     */
    @SuppressWarnings("unchecked")
    E get(final Path path)
    {
        return path.memo instanceof Entry e && e.owner == this ? (E)e : null;
    }

    /**
     * @param entry replaces whatever entry the path holds.
     */
    void put(final Path path, final E entry)
    {
        ((Entry)entry).owner = this;
        if (path.references > 0 && !(path.memo instanceof Entry e && e.owner == this))
        {
            touched.add(path);
        }
        path.memo = entry;
    }

    /**
     * Forget every entry this memo put on a path a table held (the others go with the paths). A closed memo
     * is not used again.
     */
    public void close()
    {
        for (final Path path : touched)
        {
            if (path.memo instanceof Entry e && e.owner == this)
            {
                path.memo = null;
            }
        }
        touched = new ArrayList<>(); // not clear(): a stale entry's owner would keep the large array alive
    }
}
