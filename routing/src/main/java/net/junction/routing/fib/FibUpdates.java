/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.fib;

import net.junction.routing.NextHop;

/**
 * The boundary on which route changes travel from the RIB to the data plane's FIB. The RIB calls it;
 * {@link FibUpdateEncoder} turns the calls into messages for an IPC stream, {@link FibUpdateDecoder}
 * turns the messages back into calls on the data plane's FIB writer, and {@link ReferenceFib} applies
 * them directly.
 * <p>
 * Routes refer to next hops by index in a next-hop table the producer manages. The producer promises:
 * <ul>
 *     <li>{@link #nextHopSet} of an index comes before any route that uses it;</li>
 *     <li>every route using an index is deleted or moved before {@link #nextHopDelete} of it;</li>
 *     <li>a batch of related changes ends with {@link #commit()}; a consumer may apply changes as they
 *     come or hold them until the commit.</li>
 * </ul>
 * Setting a route or a next hop that exists replaces it; deleting one that does not exist is not an
 * error (a consumer that restarted may have lost it already).
 * <p>
 * Route methods take primitives so the path from a decoded message to the FIB allocates nothing.
 * <p>
 * A producer that starts while the consumer already holds state (a restarted control plane, the
 * data plane's FIB still forwarding) resyncs rather than starting over: {@link #resyncBegin} with a
 * new epoch, its whole table as ordinary sets, {@link #resyncEnd} with the same epoch, then a
 * {@link #commit()}. The consumer keeps forwarding on what it has throughout; at the end it removes
 * every route and next hop that the new epoch did not set, and nothing else (mark and sweep, as VPP's
 * table replace). For that the producer also promises, within a resync:
 * <ul>
 *     <li>a next-hop index it sets names the same next hop the old epoch gave it, or one no route of
 *     the old epoch uses (a route keeps its old index until its own set arrives, and must not be sent
 *     somewhere else meanwhile);</li>
 *     <li>an epoch is above every epoch begun before on the stream, compared unsigned (the wall clock
 *     in milliseconds when the producer starts is, across its restarts).</li>
 * </ul>
 */
public interface FibUpdates
{
    /** Most members an ECMP group has. */
    int MAX_GROUP_MEMBERS = 16;

    /**
     * Add or replace entry {@code index} of the next-hop table.
     *
     * @param index   non-negative next-hop index.
     * @param nextHop what routes using the index do.
     */
    void nextHopSet(int index, NextHop nextHop);

    /**
     * Add or replace entry {@code index} of the next-hop table with an ECMP group: a route using the
     * index sends each flow to one of the members, picked by a hash of the flow's addresses and ports.
     * Members are indexes of next hops already set (GATEWAY or DIRECT, never a group), distinct.
     *
     * @param index   non-negative next-hop index.
     * @param members next-hop indexes; only the first {@code count} are read, and the callee copies them.
     * @param count   number of members, {@code 2..}{@link #MAX_GROUP_MEMBERS}.
     */
    void nextHopGroupSet(int index, int[] members, int count);

    /**
     * Free entry {@code index} of the next-hop table; no route uses it any more.
     *
     * @param index non-negative next-hop index.
     */
    void nextHopDelete(int index);

    /**
     * Add or replace an IPv4 route.
     *
     * @param address      network address, network order, host bits clear.
     * @param length       prefix length in {@code 0..32}.
     * @param nextHopIndex index of a set next hop.
     */
    void route4Set(int address, int length, int nextHopIndex);

    /**
     * Remove an IPv4 route.
     *
     * @param address network address, network order, host bits clear.
     * @param length  prefix length in {@code 0..32}.
     */
    void route4Delete(int address, int length);

    /**
     * Add or replace an IPv6 route.
     *
     * @param high         bits 0..63 of the network address.
     * @param low          bits 64..127 of the network address.
     * @param length       prefix length in {@code 0..128}.
     * @param nextHopIndex index of a set next hop.
     */
    void route6Set(long high, long low, int length, int nextHopIndex);

    /**
     * Remove an IPv6 route.
     *
     * @param high   bits 0..63 of the network address.
     * @param low    bits 64..127 of the network address.
     * @param length prefix length in {@code 0..128}.
     */
    void route6Delete(long high, long low, int length);

    /**
     * End of a batch.
     */
    void commit();

    /**
     * Start a resync: a new epoch. Everything set from here to {@link #resyncEnd} of the same epoch is
     * the producer's whole table. A begin during a resync abandons that resync and starts over with the
     * new epoch. Optional, as this default: a consumer that holds no state from an earlier producer
     * ignores it (and the end).
     *
     * @param epoch above every epoch begun before, unsigned; never 0.
     */
    default void resyncBegin(final long epoch)
    {
    }

    /**
     * End the resync of {@code epoch}: the whole table has been sent, so the consumer removes the
     * routes and next hops the epoch did not set. The {@link #commit()} that follows ends the batch.
     *
     * @param epoch the epoch of the {@link #resyncBegin} this ends.
     */
    default void resyncEnd(final long epoch)
    {
    }

    /** {@link #batchOrigin} value that says the current batch has no known origin. */
    long NO_ORIGIN = Long.MIN_VALUE;

    /**
     * Say when the input that caused the current batch arrived (for BGP: the UPDATE read from the
     * socket), so the consumer can measure the time from that input to the applied FIB change. Applies
     * to the batch the next {@link #commit()} ends and is forgotten by it; a later call replaces an
     * earlier one, {@link #NO_ORIGIN} withdraws it. Optional: a consumer that does not measure
     * ignores it, and so does this default.
     *
     * @param receivedNs a {@link System#nanoTime()} reading, or {@link #NO_ORIGIN}.
     */
    default void batchOrigin(final long receivedNs)
    {
    }
}
