/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Sees every change of a Loc-RIB entry, with the event that caused it: a new best path (another neighbor,
 * or the same neighbor's path with other attributes, also when the next hops stay the same, which
 * {@link LocRibListener} does not hear of), a prefix gained or lost, or multipath next hops changed. For
 * the route journal; {@link BgpRib#bestPathHook} installs one.
 * <p>
 * Called on the speaker's event loop, in the decision, once per change: an implementation must not block,
 * throw, or call back into the RIB. It may keep the {@link Selection}s and read them on another thread:
 * they are immutable, and so is their {@link Path} (whose reference count, the one mutable field, belongs
 * to the RIB and is never read through them; a path the RIB let go of stays valid for whoever holds it).
 * <p>
 * Cost: with no hook, nothing. With one, the RIB allocates nothing per change for it (the selections are
 * the Loc-RIB's own entries); it makes one {@link ChangeCause} per entry point that changes anything (one
 * per UPDATE, commit, session down) and, for a next-hop change, one per next hop named.
 * <p>
 * Which next hop a {@link ChangeCause.NextHopChange} names: the first next hop of the old selection that
 * is unreachable now; else the first of the new selection that the old did not have (it became reachable,
 * or cheaper); else the first of the old that the new does not have (it became costlier).
 */
public interface BestPathHook
{
    /** A Loc-RIB entry: immutable, safe to read on any thread. */
    interface Selection
    {
        /**
         * @return the address of the neighbor the best path came from; null for a network the router
         *     originates itself ({@code bgp.networks}).
         */
        IpAddress neighbor();

        /**
         * @return the best path (attributes after import policy, and next hop).
         */
        Path path();

        /**
         * @return the installed next hops: the best path's, or with multipath each, sorted; empty for a
         *     network the router originates (it installs nothing).
         */
        List<IpAddress> nextHops();
    }

    /** The whole Loc-RIB at one moment; valid only during {@link #table}. */
    interface Table
    {
        /**
         * @return entries, every family.
         */
        int size();

        /**
         * @param visitor every entry, IPv4 then IPv6, in no order within a family.
         */
        void forEach(BiConsumer<IpPrefix, Selection> visitor);
    }

    /**
     * A Loc-RIB entry changed.
     *
     * @param prefix the destination.
     * @param before the entry before; null when the prefix was not in the Loc-RIB.
     * @param after  the entry now; null when the prefix left the Loc-RIB.
     * @param cause  what the RIB was handling.
     */
    void bestChanged(IpPrefix prefix, Selection before, Selection after, ChangeCause cause);

    /**
     * The whole Loc-RIB, between two changes: when the hook is installed, and when asked
     * ({@link BgpRib#tableToHook}). Copy what is kept: the table is the live one.
     *
     * @param table valid only during the call.
     */
    void table(Table table);

    /**
     * The event-loop turn in which the changes before were made is over (the speaker's loop calls it at the
     * end of every turn that did work, and before the hook is removed or replaced): a hook that holds changes
     * back, to hand them on in batches, hands them on now.
     */
    default void turnEnded()
    {
    }
}
