/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.journal;

import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The journal's binary record format ({@value #FORMAT}), one Chronicle document per record, written as
 * raw bytes (no field names, no per-record text). Chronicle's Bytes are little-endian; counts and
 * optional numbers are stop-bit (varint) encoded. Route changes, prefixes, states, addresses and causes are
 * built in a {@link RecordBuffer} (the same layout) and copied into the document in one write.
 * <pre>
 * record        = type:u8 timeNs:i64 body
 * ROUTE_BATCH   = up to 1024 route changes: {@link RouteBatchEncoder} (timeNs: the first change's)
 * COMMIT        = number:stopbit author:utf8 message:utf8
 * SESSION       = address from:utf8 to:utf8 reason:utf8
 * SNAPSHOT_BEGIN= count:stopbit           (then count SNAPSHOT_ENTRY records, then SNAPSHOT_END)
 * SNAPSHOT_ENTRY= prefix state            (prefix and state as in ROUTE_BATCH)
 * SNAPSHOT_END  =
 * address       = 4 addr:i32 | 6 high:i64 low:i64          (0 alone: none)
 * cause         = 1 address seq:stopbit (UPDATE) | 2 address seq:stopbit (withdrawal)
 *               | 3 number:stopbit (commit) | 4 address (next hop) | 5 address (session down)
 * </pre>
 * Format 1 (a document per route change, type 1) is not read: {@link RouteJournal#open} refuses a
 * queue of another format ({@link JournalFormatException}).
 */
final class RecordCodec
{
    /** The format written and read; kept in the queue's metadata ({@link #FORMAT_KEY}). */
    static final long FORMAT = 2;
    /** The queue metadata key holding the format. */
    static final String FORMAT_KEY = "junction.journal.format";

    /** Type 1 was format 1's one route change per record. */
    static final int ROUTE_BATCH = 7;
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
    private static final int CAUSE_RPKI = 6;

    private static final RouteState.Origin[] ORIGINS = RouteState.Origin.values();

    private RecordCodec()
    {
    }

    static RouteState.Origin origin(final int ordinal)
    {
        if (ordinal >= ORIGINS.length)
        {
            throw new IllegalStateException("journal record damaged: origin " + ordinal);
        }
        return ORIGINS[ordinal];
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
        final RecordBuffer address = new RecordBuffer(17);
        writeAddress(address, event.neighbor());
        address.writeTo(out);
        out.writeUtf8(event.from());
        out.writeUtf8(event.to());
        out.writeUtf8(event.reason());
    }

    static void writeSnapshotBegin(final Bytes<?> out, final long timeNs, final int count)
    {
        out.writeUnsignedByte(SNAPSHOT_BEGIN).writeLong(timeNs).writeStopBit(count);
    }

    /** @param scratch where the entry's prefix and state are built, then copied into {@code out}. */
    static void writeSnapshotEntry(final Bytes<?> out, final RecordBuffer scratch, final long timeNs, final IpPrefix prefix,
        final RouteState state)
    {
        scratch.clear();
        RouteBatchEncoder.writePrefix(scratch, prefix);
        RouteBatchEncoder.writeState(scratch, state);
        out.writeUnsignedByte(SNAPSHOT_ENTRY).writeLong(timeNs);
        scratch.writeTo(out);
    }

    static void writeSnapshotEnd(final Bytes<?> out, final long timeNs)
    {
        out.writeUnsignedByte(SNAPSHOT_END).writeLong(timeNs);
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

    static void writeAddress(final RecordBuffer out, final IpAddress address)
    {
        switch (address)
        {
            case null -> out.writeUnsignedByte(0);
            case Ip4Address a -> out.writeUnsignedByte(4).writeInt(a.value());
            case Ip6Address a -> out.writeUnsignedByte(6).writeLong(a.high()).writeLong(a.low());
        }
    }

    static IpAddress readAddress(final Bytes<?> in)
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

    static void writeCause(final RecordBuffer out, final Cause cause)
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
            case Cause.RpkiChange c -> out.writeUnsignedByte(CAUSE_RPKI);
        }
    }

    static Cause readCause(final Bytes<?> in)
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
            case CAUSE_RPKI -> new Cause.RpkiChange();
            default -> throw new IllegalStateException("journal record damaged: cause kind " + kind);
        };
    }
}
