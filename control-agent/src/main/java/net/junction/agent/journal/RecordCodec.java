/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.journal;

import java.util.ArrayList;
import java.util.List;

import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The journal's binary record format, one Chronicle document per record, written as raw bytes
 * (no field names, no per-record text). Chronicle's Bytes are little-endian; counts and optional
 * numbers are stop-bit (varint) encoded.
 * <pre>
 * record        = type:u8 timeNs:i64 body
 * ROUTE_CHANGE  = prefix flags:u8 (bit0: before, bit1: after) [state] [state] cause
 * COMMIT        = number:stopbit author:utf8 message:utf8
 * SESSION       = address from:utf8 to:utf8 reason:utf8
 * SNAPSHOT_BEGIN= count:stopbit           (then count SNAPSHOT_ENTRY records, then SNAPSHOT_END)
 * SNAPSHOT_ENTRY= prefix state
 * SNAPSHOT_END  =
 * prefix        = 4 len:u8 addr:i32 | 6 len:u8 high:i64 low:i64
 * address       = 4 addr:i32 | 6 high:i64 low:i64          (0 alone: none)
 * state         = n:u8 address*n origin:u8 segments:u8 (set:u8 m:u8 asn:i32*m)*
 *                 localPref+1:stopbit med+1:stopbit communities:stopbit i32* neighbor:address
 * cause         = 1 address seq:stopbit (UPDATE) | 2 address seq:stopbit (withdrawal)
 *               | 3 number:stopbit (commit) | 4 address (next hop) | 5 address (session down)
 * </pre>
 * A prefix is read before the rest of a ROUTE_CHANGE so scans can skip other prefixes early.
 */
final class RecordCodec
{
    static final int ROUTE_CHANGE = 1;
    static final int COMMIT = 2;
    static final int SESSION = 3;
    static final int SNAPSHOT_BEGIN = 4;
    static final int SNAPSHOT_ENTRY = 5;
    static final int SNAPSHOT_END = 6;

    private static final int CAUSE_UPDATE = 1;
    private static final int CAUSE_WITHDRAWAL = 2;
    private static final int CAUSE_COMMIT = 3;
    private static final int CAUSE_NEXT_HOP = 4;
    private static final int CAUSE_SESSION_DOWN = 5;

    private static final RouteState.Origin[] ORIGINS = RouteState.Origin.values();

    private RecordCodec()
    {
    }

    static void writeRouteChange(final Bytes<?> out, final JournalRecord.RouteChange change)
    {
        out.writeUnsignedByte(ROUTE_CHANGE).writeLong(change.timeNs());
        writePrefix(out, change.prefix());
        out.writeUnsignedByte((null != change.before() ? 1 : 0) | (null != change.after() ? 2 : 0));
        if (null != change.before())
        {
            writeState(out, change.before());
        }
        if (null != change.after())
        {
            writeState(out, change.after());
        }
        writeCause(out, change.cause());
    }

    static void writeCommit(final Bytes<?> out, final CommitEvent commit)
    {
        out.writeUnsignedByte(COMMIT).writeLong(commit.timeNs());
        out.writeStopBit(commit.number());
        out.writeUtf8(commit.author());
        out.writeUtf8(commit.message());
    }

    static void writeSession(final Bytes<?> out, final SessionEvent event)
    {
        out.writeUnsignedByte(SESSION).writeLong(event.timeNs());
        writeAddress(out, event.neighbor());
        out.writeUtf8(event.from());
        out.writeUtf8(event.to());
        out.writeUtf8(event.reason());
    }

    static void writeSnapshotBegin(final Bytes<?> out, final long timeNs, final int count)
    {
        out.writeUnsignedByte(SNAPSHOT_BEGIN).writeLong(timeNs).writeStopBit(count);
    }

    static void writeSnapshotEntry(final Bytes<?> out, final long timeNs, final IpPrefix prefix, final RouteState state)
    {
        out.writeUnsignedByte(SNAPSHOT_ENTRY).writeLong(timeNs);
        writePrefix(out, prefix);
        writeState(out, state);
    }

    static void writeSnapshotEnd(final Bytes<?> out, final long timeNs)
    {
        out.writeUnsignedByte(SNAPSHOT_END).writeLong(timeNs);
    }

    /** Reads what follows the type and time of a ROUTE_CHANGE whose prefix was already read. */
    static JournalRecord.RouteChange readRouteChangeBody(final Bytes<?> in, final long timeNs, final IpPrefix prefix)
    {
        final int flags = in.readUnsignedByte();
        final RouteState before = 0 != (flags & 1) ? readState(in) : null;
        final RouteState after = 0 != (flags & 2) ? readState(in) : null;
        return new JournalRecord.RouteChange(timeNs, prefix, before, after, readCause(in));
    }

    static CommitEvent readCommitBody(final Bytes<?> in, final long timeNs)
    {
        final long number = in.readStopBit();
        return new CommitEvent(timeNs, number, in.readUtf8(), in.readUtf8());
    }

    static SessionEvent readSessionBody(final Bytes<?> in, final long timeNs)
    {
        final IpAddress neighbor = readAddress(in);
        return new SessionEvent(timeNs, neighbor, in.readUtf8(), in.readUtf8(), in.readUtf8());
    }

    static void writePrefix(final Bytes<?> out, final IpPrefix prefix)
    {
        switch (prefix)
        {
            case Prefix4 p -> out.writeUnsignedByte(4).writeUnsignedByte(p.length()).writeInt(p.address());
            case Prefix6 p -> out.writeUnsignedByte(6).writeUnsignedByte(p.length()).writeLong(p.high()).writeLong(p.low());
        }
    }

    static IpPrefix readPrefix(final Bytes<?> in)
    {
        final int family = in.readUnsignedByte();
        final int length = in.readUnsignedByte();
        return switch (family)
        {
            case 4 -> new Prefix4(in.readInt(), length);
            case 6 ->
            {
                final long high = in.readLong();
                yield new Prefix6(high, in.readLong(), length);
            }
            default -> throw new IllegalStateException("journal record damaged: prefix family " + family);
        };
    }

    private static void writeAddress(final Bytes<?> out, final IpAddress address)
    {
        switch (address)
        {
            case null -> out.writeUnsignedByte(0);
            case Ip4Address a -> out.writeUnsignedByte(4).writeInt(a.value());
            case Ip6Address a -> out.writeUnsignedByte(6).writeLong(a.high()).writeLong(a.low());
        }
    }

    private static IpAddress readAddress(final Bytes<?> in)
    {
        final int family = in.readUnsignedByte();
        return switch (family)
        {
            case 0 -> null;
            case 4 -> new Ip4Address(in.readInt());
            case 6 ->
            {
                final long high = in.readLong();
                yield new Ip6Address(high, in.readLong());
            }
            default -> throw new IllegalStateException("journal record damaged: address family " + family);
        };
    }

    private static void writeState(final Bytes<?> out, final RouteState state)
    {
        out.writeUnsignedByte(state.nextHops().size());
        for (final IpAddress nextHop : state.nextHops())
        {
            writeAddress(out, nextHop);
        }
        out.writeUnsignedByte(state.origin().ordinal());
        out.writeUnsignedByte(state.asPath().size());
        for (final RouteState.AsPathSegment segment : state.asPath())
        {
            out.writeUnsignedByte(segment.set() ? 1 : 0).writeUnsignedByte(segment.asns().size());
            for (final long asn : segment.asns())
            {
                out.writeInt((int)asn);
            }
        }
        out.writeStopBit(state.localPref() + 1).writeStopBit(state.med() + 1);
        out.writeStopBit(state.communities().size());
        for (final int community : state.communities())
        {
            out.writeInt(community);
        }
        writeAddress(out, state.neighbor());
    }

    static RouteState readState(final Bytes<?> in)
    {
        final int hops = in.readUnsignedByte();
        final List<IpAddress> nextHops = new ArrayList<>(hops);
        for (int i = 0; i < hops; i++)
        {
            nextHops.add(readAddress(in));
        }
        final RouteState.Origin origin = ORIGINS[in.readUnsignedByte()];
        final int segments = in.readUnsignedByte();
        final List<RouteState.AsPathSegment> asPath = new ArrayList<>(segments);
        for (int i = 0; i < segments; i++)
        {
            final boolean set = 1 == in.readUnsignedByte();
            final int count = in.readUnsignedByte();
            final List<Long> asns = new ArrayList<>(count);
            for (int j = 0; j < count; j++)
            {
                asns.add(Integer.toUnsignedLong(in.readInt()));
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
        return new RouteState(nextHops, origin, asPath, localPref, med, communities, readAddress(in));
    }

    private static void writeCause(final Bytes<?> out, final Cause cause)
    {
        switch (cause)
        {
            case Cause.Update c ->
            {
                out.writeUnsignedByte(CAUSE_UPDATE);
                writeAddress(out, c.neighbor());
                out.writeStopBit(c.sequence());
            }
            case Cause.Withdrawal c ->
            {
                out.writeUnsignedByte(CAUSE_WITHDRAWAL);
                writeAddress(out, c.neighbor());
                out.writeStopBit(c.sequence());
            }
            case Cause.Commit c -> out.writeUnsignedByte(CAUSE_COMMIT).writeStopBit(c.number());
            case Cause.NextHopChange c ->
            {
                out.writeUnsignedByte(CAUSE_NEXT_HOP);
                writeAddress(out, c.nextHop());
            }
            case Cause.SessionDown c ->
            {
                out.writeUnsignedByte(CAUSE_SESSION_DOWN);
                writeAddress(out, c.neighbor());
            }
        }
    }

    private static Cause readCause(final Bytes<?> in)
    {
        final int kind = in.readUnsignedByte();
        return switch (kind)
        {
            case CAUSE_UPDATE ->
            {
                final IpAddress neighbor = readAddress(in);
                yield new Cause.Update(neighbor, in.readStopBit());
            }
            case CAUSE_WITHDRAWAL ->
            {
                final IpAddress neighbor = readAddress(in);
                yield new Cause.Withdrawal(neighbor, in.readStopBit());
            }
            case CAUSE_COMMIT -> new Cause.Commit(in.readStopBit());
            case CAUSE_NEXT_HOP -> new Cause.NextHopChange(readAddress(in));
            case CAUSE_SESSION_DOWN -> new Cause.SessionDown(readAddress(in));
            default -> throw new IllegalStateException("journal record damaged: cause kind " + kind);
        };
    }
}
