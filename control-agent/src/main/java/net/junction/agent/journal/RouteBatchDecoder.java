/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.journal;

import java.util.ArrayList;
import java.util.List;

import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import net.openhft.chronicle.bytes.Bytes;

/**
 * Reads a ROUTE_BATCH record ({@link RouteBatchEncoder} has the layout) change by change. Routes and
 * causes are decoded only when asked for ({@link #before}, {@link #after}, {@link #cause}): a scan for one
 * prefix skips the others' routes by their lengths. Reusable: {@link #wrap} each record.
 */
final class RouteBatchDecoder
{
    private static final int RECENT = RouteBatchEncoder.RECENT_ROUTES;

    private Bytes<?> in;
    private long lastNs;
    private int remaining;
    private long timeNs;
    private IpPrefix prefix;
    private int flags;
    /** Where each route written in full starts, by number mod RECENT; and its decoded form once asked. */
    private final long[] routeAt = new long[RECENT];
    private final RouteState[] decoded = new RouteState[RECENT];
    private int routesSeen;
    private long beforeAt;
    private int beforeSlot;
    private long afterAt;
    private int afterSlot;
    private long causeAt;
    private Cause cause;

    /**
     * @param record  the record's bytes, read up to and including its first time (the record time every
     *                record has after its type).
     * @param firstNs that time: the first change's.
     * @return this, before the first change.
     */
    RouteBatchDecoder wrap(final Bytes<?> record, final long firstNs)
    {
        in = record;
        lastNs = record.readLong();
        remaining = record.readUnsignedShort();
        timeNs = firstNs;
        routesSeen = 0;
        cause = null;
        causeAt = -1;
        java.util.Arrays.fill(decoded, null);
        return this;
    }

    /** @return the batch's last change's time (valid after {@link #wrap}). */
    long lastNs()
    {
        return lastNs;
    }

    /** @return whether there is another change; if so it is read (its prefix, flags and where its parts are). */
    boolean next()
    {
        if (0 == remaining)
        {
            return false;
        }
        remaining--;
        timeNs += in.readStopBit();
        prefix = readPrefix(in);
        flags = in.readUnsignedByte();
        beforeAt = -1;
        afterAt = -1;
        if (0 != (flags & RouteBatchEncoder.FLAG_BEFORE))
        {
            beforeSlot = skipRoute();
            beforeAt = routeAt[beforeSlot];
        }
        if (0 != (flags & RouteBatchEncoder.FLAG_AFTER))
        {
            afterSlot = skipRoute();
            afterAt = routeAt[afterSlot];
        }
        if (0 != (flags & RouteBatchEncoder.FLAG_CAUSE))
        {
            causeAt = in.readPosition();
            cause = null;
            RecordCodec.readCause(in); // causes are small and rare (one per UPDATE): read to skip
        }
        return true;
    }

    long timeNs()
    {
        return timeNs;
    }

    IpPrefix prefix()
    {
        return prefix;
    }

    /** @return whether the change removed the prefix (no route after). */
    boolean withdrawn()
    {
        return afterAt < 0;
    }

    RouteState before()
    {
        return beforeAt < 0 ? null : route(beforeSlot, beforeAt);
    }

    RouteState after()
    {
        return afterAt < 0 ? null : route(afterSlot, afterAt);
    }

    Cause cause()
    {
        if (null == cause)
        {
            final long position = in.readPosition();
            in.readPosition(causeAt);
            cause = RecordCodec.readCause(in);
            in.readPosition(position);
        }
        return cause;
    }

    /** @return the change read last, whole. */
    JournalRecord.RouteChange change()
    {
        return new JournalRecord.RouteChange(timeNs, prefix, before(), after(), cause());
    }

    /** Reads a route reference (skipping a route in full); @return the slot of the route it names. */
    private int skipRoute()
    {
        final int k = in.readUnsignedByte();
        if (0 == k)
        {
            final long length = in.readStopBit();
            final int slot = routesSeen & (RECENT - 1);
            routeAt[slot] = in.readPosition();
            decoded[slot] = null;
            routesSeen++;
            in.readSkip(length);
            return slot;
        }
        if (k > RECENT || k > routesSeen)
        {
            throw new IllegalStateException("journal record damaged: a route reference " + k + " back, after " +
                routesSeen + " route(s)");
        }
        return (routesSeen - k) & (RECENT - 1);
    }

    /** The route at {@code at}, cached in its slot (unless the slot holds a newer route already). */
    private RouteState route(final int slot, final long at)
    {
        final boolean current = routeAt[slot] == at;
        RouteState state = current ? decoded[slot] : null;
        if (null == state)
        {
            final long position = in.readPosition();
            in.readPosition(at);
            state = readState(in);
            in.readPosition(position);
            if (current)
            {
                decoded[slot] = state;
            }
        }
        return state;
    }

    static IpPrefix readPrefix(final Bytes<?> in)
    {
        final int code = in.readUnsignedByte();
        if (code < RouteBatchEncoder.IPV6_CODE)
        {
            int address = 0;
            for (int i = 0, n = (code + 7) >> 3; i < n; i++)
            {
                address |= in.readUnsignedByte() << (24 - 8 * i);
            }
            return new Prefix4(address, code);
        }
        final int length = code - RouteBatchEncoder.IPV6_CODE;
        if (length > 128)
        {
            throw new IllegalStateException("journal record damaged: prefix code " + code);
        }
        long high = 0;
        long low = 0;
        for (int i = 0, n = (length + 7) >> 3; i < n; i++)
        {
            final long b = in.readUnsignedByte();
            if (i < 8)
            {
                high |= b << (56 - 8 * i);
            }
            else
            {
                low |= b << (56 - 8 * (i - 8));
            }
        }
        return new Prefix6(high, low, length);
    }

    static RouteState readState(final Bytes<?> in)
    {
        final int hops = in.readUnsignedByte();
        final List<IpAddress> nextHops = new ArrayList<>(hops);
        for (int i = 0; i < hops; i++)
        {
            nextHops.add(RecordCodec.readAddress(in));
        }
        final RouteState.Origin origin = RecordCodec.origin(in.readUnsignedByte());
        final int segments = in.readUnsignedByte();
        final List<RouteState.AsPathSegment> asPath = new ArrayList<>(segments);
        for (int i = 0; i < segments; i++)
        {
            final boolean set = 1 == in.readUnsignedByte();
            final int count = in.readUnsignedByte();
            final List<Long> asns = new ArrayList<>(count);
            for (int j = 0; j < count; j++)
            {
                asns.add(in.readStopBit());
            }
            asPath.add(new RouteState.AsPathSegment(set, asns));
        }
        final long localPref = in.readStopBit() - 1;
        final long med = in.readStopBit() - 1;
        final int count = (int)in.readStopBit();
        final List<Integer> communities = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            communities.add(in.readInt());
        }
        return new RouteState(nextHops, origin, asPath, localPref, med, communities, RecordCodec.readAddress(in));
    }
}
