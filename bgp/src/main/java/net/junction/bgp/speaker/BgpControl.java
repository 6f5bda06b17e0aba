/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.speaker;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.rib.BestPathHook;
import net.junction.bgp.rib.BgpRib;
import net.junction.bgp.rib.ChangeCause;
import net.junction.bgp.rib.Path;
import net.junction.bgp.rib.RouteExplanation;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

/**
 * What the control agent may do to a running BGP speaker, from any thread. Every method hands its
 * work to the speaker's event loop (the owner of the BGP RIB and the sessions) as one bounded
 * command and waits for the answer; none runs the caller's work anywhere else, and none blocks
 * the event loop.
 */
public interface BgpControl
{
    /**
     * Makes the speaker run {@code next}, with the least disruption: a neighbor added is started,
     * one removed is stopped (Cease/Peer De-configured, RFC 4486) and its routes withdrawn; a
     * neighbor whose session parameters changed (address, AS, local address, password, families,
     * timers, ...) is reset (Cease/Other Configuration Change), and only that one; a changed import
     * policy is re-applied over the Adj-RIB-In kept before policy, a changed export policy over the
     * Loc-RIB, with no session reset and only the differences sent; networks are originated or
     * withdrawn; multipath re-runs the decision.
     * <p>
     * All or nothing: every check runs before anything changes; when it throws, the speaker is
     * exactly as it was.
     *
     * @param next the whole new BGP configuration.
     * @throws IllegalArgumentException naming the field, for what cannot change live
     *                                  ({@code bgp.local-as}, {@code bgp.router-id}, {@code bgp.listen}).
     */
    void reconfigure(BgpConfig next);

    /**
     * {@link #reconfigure(BgpConfig)} for a configuration commit: the route changes it makes reach the
     * {@link #bestPathHook} as {@link ChangeCause.Commit} with its number.
     *
     * @param next   the whole new BGP configuration.
     * @param commit the commit's number (positive), or 0 for none.
     * @throws IllegalArgumentException as {@link #reconfigure(BgpConfig)}, or for a negative number.
     */
    default void reconfigure(final BgpConfig next, final long commit)
    {
        reconfigure(next);
    }

    /**
     * Installs (or with null removes) a hook that hears every change of the Loc-RIB from now on, with its
     * cause, on the speaker's thread ({@link BgpRib#bestPathHook}); it is first handed the whole Loc-RIB
     * as it is, in the same event-loop turn. Waits until it is done.
     *
     * @param hook the hook, or null.
     */
    default void bestPathHook(final BestPathHook hook)
    {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no best-path hook");
    }

    /**
     * Asks the speaker's thread to hand the installed hook the whole Loc-RIB ({@link BgpRib#tableToHook}) in
     * a coming turn, between two changes; returns at once.
     */
    default void requestBestPathTable()
    {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no best-path hook");
    }

    /** @return the configuration the speaker runs now. */
    BgpConfig config();

    /** @return every configured neighbor, in configuration order. */
    List<NeighborStatus> neighbors();

    /**
     * @param neighbor a configured neighbor's name.
     * @param hard     true: Cease/Administrative Reset (RFC 4486), the session restarts; false: a
     *                 ROUTE-REFRESH (RFC 2918) per family it negotiated and its Adj-RIB-Out sent again.
     * @throws NoSuchElementException when no such neighbor is configured.
     */
    void resetNeighbor(String neighbor, boolean hard);

    /**
     * Cease/Administrative Shutdown with a shutdown communication (RFC 8203, RFC 9003); the
     * session stays down until {@link #enableNeighbor}.
     *
     * @param message at most 255 bytes in UTF-8.
     * @throws NoSuchElementException   when no such neighbor is configured.
     * @throws IllegalArgumentException when the message is longer.
     */
    void shutdownNeighbor(String neighbor, String message);

    /** @throws NoSuchElementException when no such neighbor is configured. */
    void enableNeighbor(String neighbor);

    /**
     * @param prefix a prefix.
     * @return the Loc-RIB's best path for exactly that prefix, or empty.
     */
    Optional<BgpRib.Selected> best(IpPrefix prefix);

    /**
     * Why the Loc-RIB holds what it holds for exactly {@code prefix} ({@link BgpRib#explain}): every
     * candidate with the decision step it lost at, and every neighbor whose route import refused.
     *
     * @param prefix a prefix.
     * @return the explanation; {@link RouteExplanation#isEmpty()} when no neighbor sent the prefix.
     */
    RouteExplanation explain(IpPrefix prefix);

    /**
     * One page of a neighbor's table, ordered IPv4 before IPv6, then by address, then by length.
     *
     * @param neighbor a configured neighbor's name.
     * @param table    which table.
     * @param within   only prefixes equal to or inside this one, or every prefix.
     * @param after    only prefixes ordered after this one (the previous page's last), or from the start.
     * @param limit    at most this many (1..1000).
     * @throws NoSuchElementException when no such neighbor is configured.
     */
    List<TableEntry> neighborTable(String neighbor, Table table, Optional<IpPrefix> within, Optional<IpPrefix> after, int limit);

    // ---------------------------------------------------------------- change preview

    /**
     * A dry run of {@link #reconfigure}: what committing {@code candidate} now would change, computed on the
     * event loop over the stored Adj-RIBs-In (as received and after policy), Loc-RIB and Adj-RIBs-Out
     * without touching them, by the code the commit runs: per neighbor the routes its new import policy would
     * accept, reject or change, the Loc-RIB best paths and router-RIB next hops that would change, and per
     * established neighbor the routes it would be sent, no longer be sent or sent otherwise. Neighbors the
     * candidate removes or resets are listed; their routes count as leaving.
     *
     * @param candidate the whole candidate BGP configuration.
     * @param firstN    how many changes of each kind to list (0..10000); all are counted.
     * @return the net changes.
     * @throws IllegalArgumentException naming the field, as {@link #reconfigure} would (nothing is computed),
     *                                  or for {@code firstN} out of range.
     */
    default net.junction.bgp.rib.PolicyPreview preview(final BgpConfig candidate, final int firstN)
    {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not preview changes");
    }

    /**
     * An MRT TABLE_DUMP_V2 dump (RFC 6396 §4.3) of the Loc-RIB or of a neighbor's Adj-RIB-In after import
     * policy: the table is copied on the event loop at one moment (references only), then encoded on the
     * caller's thread.
     *
     * @param neighbor empty for the Loc-RIB, else a configured neighbor's name.
     * @param out      where the dump goes; not closed.
     * @return RIB records written (prefixes).
     * @throws NoSuchElementException when no such neighbor is configured.
     */
    default int mrtDump(final Optional<String> neighbor, final java.io.OutputStream out) throws java.io.IOException
    {
        return mrtTable(neighbor, Table.ACCEPTED).writeTo(out);
    }

    /**
     * The table an MRT TABLE_DUMP_V2 dump is made of, copied on the event loop at one moment (references to
     * immutable paths); {@link net.junction.bgp.mrt.RibDump#writeTo} encodes it on the caller's thread, record by
     * record, so a table is never held as bytes.
     *
     * @param neighbor empty for the Loc-RIB, else a configured neighbor's name.
     * @param table    for a neighbor: {@link Table#ACCEPTED} (Adj-RIB-In after import policy) or
     *                 {@link Table#RECEIVED} (before it); ignored for the Loc-RIB.
     * @return the copied table.
     * @throws NoSuchElementException   when no such neighbor is configured.
     * @throws IllegalArgumentException for {@link Table#ADVERTISED}.
     */
    default net.junction.bgp.mrt.RibDump mrtTable(final Optional<String> neighbor, final Table table)
    {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not dump MRT");
    }

    /**
     * @return what the MRT recorder (config {@code bgp.mrt}) has written, dropped and last failed at; read without
     *     waiting for the event loop.
     */
    default net.junction.bgp.mrt.MrtRecorder.Status mrtStatus()
    {
        return new net.junction.bgp.mrt.MrtRecorder.Status(false, Optional.empty(), 0, 0, 0, 0, 0, 0, 0, "", 0);
    }

    /**
     * @param listener called on the speaker's thread at every FSM state change of any session;
     *                 must not block nor throw.
     * @return closing it removes the listener.
     */
    AutoCloseable addStateListener(StateListener listener);

    /** A neighbor's tables. */
    enum Table
    {
        /** Adj-RIB-In as received, before import policy. */
        RECEIVED,
        /** Adj-RIB-In after import policy (what the decision process sees). */
        ACCEPTED,
        /** Adj-RIB-Out: what was sent, after export policy. */
        ADVERTISED
    }

    /**
     * One route of a neighbor's table.
     *
     * @param prefix   the destination.
     * @param path     as the table holds it (advertised: as sent, after export policy).
     * @param bestFrom advertised only: where the Loc-RIB's best path for the prefix, which the advertisement is
     *                 made from, came from, read with the table on the event loop: a neighbor's name, or
     *                 {@code local} for a network this router originates ({@link BgpRib.Selected#peer()}); empty
     *                 for the other tables, and when the Loc-RIB no longer holds the prefix (its withdrawal is
     *                 not sent yet). Advertised with ADD-PATH send: where this path came from.
     * @param pathId   its Path Identifier (RFC 7911), unsigned: received with it, or advertised with it; empty
     *                 without ADD-PATH.
     */
    record TableEntry(IpPrefix prefix, Path path, Optional<String> bestFrom, Optional<Long> pathId)
    {
        public TableEntry
        {
            Objects.requireNonNull(bestFrom, "bestFrom");
            Objects.requireNonNull(pathId, "pathId");
        }

        /** Without ADD-PATH. */
        public TableEntry(final IpPrefix prefix, final Path path, final Optional<String> bestFrom)
        {
            this(prefix, path, bestFrom, Optional.empty());
        }

        /** A received or accepted route: it came from the neighbor itself. */
        public TableEntry(final IpPrefix prefix, final Path path)
        {
            this(prefix, path, Optional.empty());
        }
    }

    /**
     * @return the RPKI caches and the VRPs in effect (any thread, without waiting for the loop).
     */
    default java.util.List<net.junction.bgp.bmp.BmpStation.Status> bmp()
    {
        return java.util.List.of();
    }

    default net.junction.bgp.rpki.RpkiValidator.Status rpki()
    {
        return net.junction.bgp.rpki.RpkiValidator.Status.NONE;
    }

    /**
     * A route's origin validation state (RFC 6811) against the VRPs in effect; any thread.
     *
     * @param prefix the route's prefix.
     * @param asPath its AS_PATH.
     * @return its state, or empty when no RPKI cache is configured.
     */
    default Optional<net.junction.bgp.rpki.ValidationState> rpkiState(
        final IpPrefix prefix, final net.junction.bgp.wire.attribute.PathAttribute.AsPath asPath)
    {
        return Optional.empty();
    }

    /** A session's state change, states lower case ({@code established}, {@code idle}, ...). */
    @FunctionalInterface
    interface StateListener
    {
        void stateChanged(String neighbor, String from, String to, String reason);

        /**
         * The same, with the neighbor's address; the speaker calls this one. By default it drops the address.
         *
         * @param address the neighbor's address.
         */
        default void stateChanged(final String neighbor, final IpAddress address, final String from, final String to,
            final String reason)
        {
            stateChanged(neighbor, from, to, reason);
        }
    }
}
