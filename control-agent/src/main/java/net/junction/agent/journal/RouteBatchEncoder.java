/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.journal;

import java.util.List;
import java.util.Objects;

import net.junction.bgp.rib.BestPathHook.Selection;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import net.openhft.chronicle.bytes.Bytes;

/**
 * Route changes, batched into one journal record (format 2): up to {@value #MAX_CHANGES} changes or about
 * {@value #MAX_BYTES} bytes per Chronicle document, so a full-table load pays Chronicle's per-document
 * cost (header, index, position bookkeeping) once per thousand changes, not per change.
 * <p>
 * Encodes straight from the Loc-RIB's entries ({@link Selection}: no {@link RouteState} per change) or
 * from {@link RouteState}s; both give the same bytes and decode ({@link RouteBatchDecoder}) to the
 * same {@link RouteState}s. A route equal to one of the last {@value #RECENT_ROUTES} routes written in
 * full in the batch is written as a one-byte back-reference (the prefixes of one UPDATE share one path);
 * times are deltas from the change before; a change with the cause of the change before (one per UPDATE)
 * writes no cause.
 * <pre>
 * ROUTE_BATCH = type:u8(7) firstNs:i64 lastNs:i64 count:u16 change*count
 * change      = dtNs:stopbit (from the change before; 0 for the first) prefix flags:u8 [route] [route] [cause]
 *               flags: bit0 a route before, bit1 a route after, bit2 a cause follows (else the one before's;
 *               always set on the first change)
 * prefix      = code:u8 (IPv4: length 0..32; IPv6: 33 + length) then the length/8 (rounded up) leading
 *               bytes of the address, network order
 * route       = 0 len:stopbit state (written in full; len = the state's bytes)
 *             | k:u8 (1..16: the k-th most recent route written in full in this batch)
 * state       = n:u8 address*n origin:u8 segments:u8 (set:u8 m:u8 asn:stopbit*m)* localPref+1:stopbit
 *               med+1:stopbit communities:stopbit i32* neighbor:address
 * </pre>
 * {@code address} and {@code cause} are {@link RecordCodec}'s. One per writer thread; not thread-safe.
 */
final class RouteBatchEncoder
{
    /** Changes in one batch at most. */
    static final int MAX_CHANGES = 1024;
    /** A batch is closed once its changes take this many bytes (the last change may go over). */
    static final int MAX_BYTES = 32 * 1024;
    /** Routes a back-reference can name. */
    static final int RECENT_ROUTES = 16;
    /** A batch's header: type, first and last time, count. */
    static final int HEADER_BYTES = 1 + 8 + 8 + 2;

    static final int FLAG_BEFORE = 1;
    static final int FLAG_AFTER = 2;
    static final int FLAG_CAUSE = 4;
    static final int IPV6_CODE = 33;


    private final RecordBuffer changes = new RecordBuffer(MAX_BYTES + 4096);
    private final RecordBuffer state = new RecordBuffer(512);
    private final RecordBuffer header = new RecordBuffer(HEADER_BYTES);
    /** The routes written in full, by number mod {@link #RECENT_ROUTES}: a bgp Path or a RouteState. */
    private final Object[] recentRoute = new Object[RECENT_ROUTES];
    private final IpAddress[] recentNeighbor = new IpAddress[RECENT_ROUTES];
    private final List<?>[] recentHops = new List<?>[RECENT_ROUTES];
    private int routesWritten;
    private int count;
    private long firstNs;
    private long lastNs;
    private Cause lastCause;

    /** @return changes in the batch. */
    int count()
    {
        return count;
    }

    /** @return whether the batch should be written now. */
    boolean isFull()
    {
        return count >= MAX_CHANGES || changes.position() >= MAX_BYTES;
    }

    /** @return the time of the last change added (0 when empty). */
    long lastNs()
    {
        return lastNs;
    }

    /**
     * Adds a change given as the Loc-RIB's entries. Nothing is added when it throws.
     *
     * @param timeNs not before the change before.
     * @throws IllegalArgumentException when the change cannot be journaled (neither entry, more than 255
     *                                  AS_PATH segments or next hops, a time going backwards).
     */
    void add(final long timeNs, final IpPrefix prefix, final Selection before, final Selection after, final Cause cause)
    {
        if (null == before && null == after)
        {
            throw new IllegalArgumentException("a route change of " + prefix + " needs a route before or after");
        }
        final int mark = begin(timeNs, prefix, cause, (null != before ? FLAG_BEFORE : 0) | (null != after ? FLAG_AFTER : 0));
        final int routesMark = routesWritten;
        try
        {
            if (null != before)
            {
                route(prefix, before);
            }
            if (null != after)
            {
                route(prefix, after);
            }
        }
        catch (final IllegalArgumentException ex)
        {
            // The route before may have gone in full: forget it (its slot named nothing the decoder will see).
            for (int i = routesMark; i < routesWritten; i++)
            {
                recentRoute[i & (RECENT_ROUTES - 1)] = null;
            }
            routesWritten = routesMark;
            changes.position(mark);
            throw ex;
        }
        end(timeNs, cause);
    }

    /** Adds a change given as {@link RouteState}s (checked when it was made). */
    void add(final JournalRecord.RouteChange change)
    {
        final RouteState before = change.before();
        final RouteState after = change.after();
        begin(change.timeNs(), change.prefix(), change.cause(),
            (null != before ? FLAG_BEFORE : 0) | (null != after ? FLAG_AFTER : 0));
        if (null != before)
        {
            route(before);
        }
        if (null != after)
        {
            route(after);
        }
        end(change.timeNs(), change.cause());
    }

    /**
     * Writes the batch as one record's bytes (header and changes) and empties it.
     *
     * @param out a document's bytes.
     */
    void writeTo(final Bytes<?> out)
    {
        header().writeTo(out);
        changes.writeTo(out);
        clear();
    }

    /**
     * A batch finished on one thread (the BGP thread, which encodes its changes while their entries are in its
     * cache) and appended as it is on another ({@link RouteJournal#append(Batch)}).
     *
     * @param record  the record's bytes, header included, as {@link #writeTo} writes them.
     * @param count   its changes.
     * @param firstNs its first change's time.
     * @param lastNs  its last change's time.
     */
    record Batch(byte[] record, int count, long firstNs, long lastNs)
    {
    }

    /** @return the batch as one record's bytes (at least one change), and empties it. */
    Batch finish()
    {
        final byte[] record = new byte[HEADER_BYTES + changes.position()];
        header().copyTo(record, 0);
        changes.copyTo(record, HEADER_BYTES);
        final Batch batch = new Batch(record, count, firstNs, lastNs);
        clear();
        return batch;
    }

    /** The record's header (type, first and last time, count) for the changes so far, in {@link #header}. */
    private RecordBuffer header()
    {
        header.clear();
        return header.writeUnsignedByte(RecordCodec.ROUTE_BATCH).writeLong(firstNs).writeLong(lastNs).writeUnsignedShort(count);
    }

    /** @return the record's size in bytes, as {@link #writeTo} writes it. */
    long recordBytes()
    {
        return HEADER_BYTES + changes.position();
    }

    /** Empties the batch (its changes are lost). */
    void clear()
    {
        changes.clear();
        count = 0;
        firstNs = 0;
        lastNs = 0;
        lastCause = null;
        routesWritten = 0;
        java.util.Arrays.fill(recentRoute, null);
        java.util.Arrays.fill(recentNeighbor, null);
        java.util.Arrays.fill(recentHops, null);
    }

    private int begin(final long timeNs, final IpPrefix prefix, final Cause cause, final int routeFlags)
    {
        if (null == prefix || null == cause)
        {
            throw new IllegalArgumentException("a route change needs a prefix and a cause");
        }
        if (count > 0 && timeNs < lastNs)
        {
            throw new IllegalArgumentException("journal times never go backwards: " + timeNs + " is before " + lastNs);
        }
        final int mark = changes.position();
        changes.writeStopBit(0 == count ? 0 : timeNs - lastNs);
        writePrefix(changes, prefix);
        final boolean newCause = 0 == count || cause != lastCause;
        changes.writeUnsignedByte(routeFlags | (newCause ? FLAG_CAUSE : 0));
        return mark;
    }

    private void end(final long timeNs, final Cause cause)
    {
        if (0 == count || cause != lastCause)
        {
            RecordCodec.writeCause(changes, cause);
            lastCause = cause;
        }
        if (0 == count)
        {
            firstNs = timeNs;
        }
        lastNs = timeNs;
        count++;
    }

    /** A Loc-RIB entry: a back-reference, or in full (checked before anything is written). */
    private void route(final IpPrefix prefix, final Selection selection)
    {
        final net.junction.bgp.rib.Path path = selection.path();
        final IpAddress neighbor = selection.neighbor();
        final List<IpAddress> hops = selection.nextHops();
        for (int k = 1; k <= RECENT_ROUTES && k <= routesWritten; k++)
        {
            final int slot = (routesWritten - k) & (RECENT_ROUTES - 1);
            if (recentRoute[slot] == path && Objects.equals(recentNeighbor[slot], neighbor) && sameHops(recentHops[slot], hops))
            {
                changes.writeUnsignedByte(k);
                return;
            }
        }
        state.clear();
        writeState(state, prefix, selection);
        writeInFull(path, neighbor, hops);
    }

    /** {@code List.equals} without its two iterators: the same list object, mostly (one per path and peer). */
    private static boolean sameHops(final List<?> written, final List<IpAddress> hops)
    {
        if (written == hops)
        {
            return true;
        }
        final int size = hops.size();
        if (written.size() != size)
        {
            return false;
        }
        for (int i = 0; i < size; i++)
        {
            if (!hops.get(i).equals(written.get(i)))
            {
                return false;
            }
        }
        return true;
    }

    private void route(final RouteState route)
    {
        for (int k = 1; k <= RECENT_ROUTES && k <= routesWritten; k++)
        {
            final int slot = (routesWritten - k) & (RECENT_ROUTES - 1);
            if (route == recentRoute[slot]) // the same object: a deep comparison costs more than it saves here
            {
                changes.writeUnsignedByte(k);
                return;
            }
        }
        state.clear();
        writeState(state, route);
        writeInFull(route, null, List.of());
    }

    private void writeInFull(final Object route, final IpAddress neighbor, final List<?> hops)
    {
        changes.writeUnsignedByte(0).writeStopBit(state.position());
        changes.write(state, 0, state.position());
        final int slot = routesWritten & (RECENT_ROUTES - 1);
        recentRoute[slot] = route;
        recentNeighbor[slot] = neighbor;
        recentHops[slot] = hops;
        routesWritten++;
    }

    /**
     * A Loc-RIB entry as {@link JournalWriter#routeState} converts it, without converting it: a network
     * the router originates has, as its next hop, the unspecified address of the prefix's family;
     * AS_CONFED_SEQUENCE and AS_CONFED_SET are kept as a sequence and a set.
     */
    static void writeState(final RecordBuffer out, final IpPrefix prefix, final Selection selection)
    {
        final List<IpAddress> hops = selection.nextHops();
        final PathAttributes attributes = selection.path().attributes();
        final PathAttribute.AsPath asPath = attributes.asPath();
        final List<AsPathSegment> segments = null == asPath ? List.of() : asPath.segments();
        final PathAttribute.Communities communities = attributes.communities();
        if (hops.size() > 255)
        {
            throw new IllegalArgumentException("a route has at most 255 next hops, not " + hops.size());
        }
        if (segments.size() > 255)
        {
            throw new IllegalArgumentException("an AS_PATH has at most 255 segments here, not " + segments.size());
        }
        if (null != communities && communities.size() > 0xFFFF)
        {
            throw new IllegalArgumentException("at most 65535 communities, not " + communities.size());
        }
        if (hops.isEmpty())
        {
            out.writeUnsignedByte(1);
            RecordCodec.writeAddress(out, JournalWriter.unspecified(prefix));
        }
        else
        {
            out.writeUnsignedByte(hops.size());
            for (int i = 0; i < hops.size(); i++)
            {
                RecordCodec.writeAddress(out, hops.get(i));
            }
        }
        out.writeUnsignedByte(JournalWriter.origin(attributes.origin()).ordinal());
        out.writeUnsignedByte(segments.size());
        for (int s = 0; s < segments.size(); s++)
        {
            final AsPathSegment segment = segments.get(s);
            final int size = segment.size();
            if (size < 1 || size > 255)
            {
                throw new IllegalArgumentException("an AS_PATH segment holds 1 to 255 ASNs, not " + size);
            }
            out.writeUnsignedByte(JournalWriter.isSet(segment) ? 1 : 0)
                .writeUnsignedByte(size);
            for (int i = 0; i < size; i++)
            {
                out.writeStopBit(Integer.toUnsignedLong(segment.asn(i)));
            }
        }
        final PathAttribute.LocalPref localPref = attributes.localPref();
        final PathAttribute.MultiExitDisc med = attributes.multiExitDisc();
        out.writeStopBit(null == localPref ? 0 : Integer.toUnsignedLong(localPref.value()) + 1)
            .writeStopBit(null == med ? 0 : Integer.toUnsignedLong(med.value()) + 1);
        final int n = null == communities ? 0 : communities.size();
        out.writeStopBit(n);
        for (int i = 0; i < n; i++)
        {
            out.writeInt(communities.get(i));
        }
        RecordCodec.writeAddress(out, selection.neighbor());
    }

    static void writeState(final RecordBuffer out, final RouteState route)
    {
        out.writeUnsignedByte(route.nextHops().size());
        for (final IpAddress nextHop : route.nextHops())
        {
            RecordCodec.writeAddress(out, nextHop);
        }
        out.writeUnsignedByte(route.origin().ordinal());
        out.writeUnsignedByte(route.asPath().size());
        for (final RouteState.AsPathSegment segment : route.asPath())
        {
            out.writeUnsignedByte(segment.set() ? 1 : 0).writeUnsignedByte(segment.asns().size());
            for (final long asn : segment.asns())
            {
                out.writeStopBit(asn);
            }
        }
        out.writeStopBit(route.localPref() + 1).writeStopBit(route.med() + 1);
        out.writeStopBit(route.communities().size());
        for (final int community : route.communities())
        {
            out.writeInt(community);
        }
        RecordCodec.writeAddress(out, route.neighbor());
    }

    static void writePrefix(final RecordBuffer out, final IpPrefix prefix)
    {
        switch (prefix)
        {
            case Prefix4 p ->
            {
                out.writeUnsignedByte(p.length());
                final int address = p.address();
                for (int i = 0, n = (p.length() + 7) >> 3; i < n; i++)
                {
                    out.writeUnsignedByte((address >>> (24 - 8 * i)) & 0xFF);
                }
            }
            case Prefix6 p ->
            {
                out.writeUnsignedByte(IPV6_CODE + p.length());
                for (int i = 0, n = (p.length() + 7) >> 3; i < n; i++)
                {
                    final long word = i < 8 ? p.high() : p.low();
                    out.writeUnsignedByte((int)(word >>> (56 - 8 * (i & 7))) & 0xFF);
                }
            }
        }
    }
}
