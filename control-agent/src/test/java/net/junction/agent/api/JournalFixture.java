/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import net.junction.agent.journal.Cause;
import net.junction.agent.journal.CommitEvent;
import net.junction.agent.journal.JournalConfiguration;
import net.junction.agent.journal.JournalRecord.RouteChange;
import net.junction.agent.journal.RouteJournal;
import net.junction.agent.journal.RouteState;
import net.junction.agent.journal.SessionEvent;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

/**
 * A real route journal with a short, known story, for the API and MCP tests (times in seconds after
 * {@link #T0}, 2026-12-06T09:00:00Z):
 * <pre>
 *  0  session transit1 (198.18.2.2) OPENCONFIRM -> ESTABLISHED
 *  1  198.18.64.0/18   new, via transit1        update 198.18.2.2 #1
 *  1  198.18.100.0/24  new, via transit1        update 198.18.2.2 #1
 *  2  session transit2 (198.18.3.2) OPENCONFIRM -> ESTABLISHED
 *  3  198.18.99.0/24   new, via transit2        update 198.18.3.2 #1
 *  4  commit 7 by alice "prefer transit2"
 *  5  198.18.64.0/18   transit1 -> transit2     commit 7
 *  5  2001:db8:1::/48  new, local               commit 7
 *  6  session transit2 ESTABLISHED -> IDLE "hold timer expired"
 *  6  198.18.64.0/18   transit2 -> transit1     session-down 198.18.3.2
 *  6  198.18.99.0/24   withdrawn                session-down 198.18.3.2
 *  7  198.18.100.0/24  over both transits       next-hop-change 198.18.3.2
 *  8  198.18.64.0/18   withdrawn                withdrawal 198.18.2.2 #5
 * </pre>
 */
final class JournalFixture
{
    static final long SECOND_NS = 1_000_000_000L;
    static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");
    static final long T0_NS = T0.getEpochSecond() * SECOND_NS;

    static final IpAddress TRANSIT1 = IpAddress.parse("198.18.2.2");
    static final IpAddress TRANSIT2 = IpAddress.parse("198.18.3.2");
    static final IpPrefix P64 = IpPrefix.parse("198.18.64.0/18");
    static final IpPrefix P99 = IpPrefix.parse("198.18.99.0/24");
    static final IpPrefix P100 = IpPrefix.parse("198.18.100.0/24");
    static final IpPrefix P6 = IpPrefix.parse("2001:db8:1::/48");

    /** 65001 65010, LOCAL_PREF 100, communities 65000:100. */
    static final RouteState VIA_TRANSIT1 = new RouteState(List.of(TRANSIT1), RouteState.Origin.IGP,
        List.of(new RouteState.AsPathSegment(false, List.of(65001L, 65010L))), 100, RouteState.ABSENT,
        List.of(0xFDE8_0064), TRANSIT1);
    /** 65002 {65020 65021}, no LOCAL_PREF, MED 5, incomplete. */
    static final RouteState VIA_TRANSIT2 = new RouteState(List.of(TRANSIT2), RouteState.Origin.INCOMPLETE,
        List.of(new RouteState.AsPathSegment(false, List.of(65002L)), new RouteState.AsPathSegment(true, List.of(65020L, 65021L))),
        RouteState.ABSENT, 5, List.of(), TRANSIT2);
    /** Over both transits (multipath). */
    static final RouteState VIA_BOTH = new RouteState(List.of(TRANSIT1, TRANSIT2), RouteState.Origin.IGP,
        List.of(new RouteState.AsPathSegment(false, List.of(65001L, 65010L))), 100, RouteState.ABSENT, List.of(), TRANSIT1);
    static final RouteState LOCAL = new RouteState(List.of(IpAddress.parse("2001:db8::1")), RouteState.Origin.IGP, List.of(),
        RouteState.ABSENT, RouteState.ABSENT, List.of(), null);

    private JournalFixture()
    {
    }

    static long at(final double seconds)
    {
        return T0_NS + Math.round(seconds * SECOND_NS);
    }

    /** @return the journal in {@code state/journal}, holding the story above; the caller closes it. */
    static RouteJournal filled(final Path state) throws IOException
    {
        final RouteJournal journal = RouteJournal.open(state, JournalConfiguration.DEFAULT, () -> at(10));
        journal.append(new SessionEvent(at(0), TRANSIT1, "OPENCONFIRM", "ESTABLISHED", "OPEN negotiated"));
        journal.append(new RouteChange(at(1), P64, null, VIA_TRANSIT1, new Cause.Update(TRANSIT1, 1)));
        journal.append(new RouteChange(at(1), P100, null, VIA_TRANSIT1, new Cause.Update(TRANSIT1, 1)));
        journal.append(new SessionEvent(at(2), TRANSIT2, "OPENCONFIRM", "ESTABLISHED", "OPEN negotiated"));
        journal.append(new RouteChange(at(3), P99, null, VIA_TRANSIT2, new Cause.Update(TRANSIT2, 1)));
        journal.append(new CommitEvent(at(4), 7, "alice", "prefer transit2"));
        journal.append(new RouteChange(at(5), P64, VIA_TRANSIT1, VIA_TRANSIT2, new Cause.Commit(7)));
        journal.append(new RouteChange(at(5), P6, null, LOCAL, new Cause.Commit(7)));
        journal.append(new SessionEvent(at(6), TRANSIT2, "ESTABLISHED", "IDLE", "hold timer expired"));
        journal.append(new RouteChange(at(6), P64, VIA_TRANSIT2, VIA_TRANSIT1, new Cause.SessionDown(TRANSIT2)));
        journal.append(new RouteChange(at(6), P99, VIA_TRANSIT2, null, new Cause.SessionDown(TRANSIT2)));
        journal.append(new RouteChange(at(7), P100, VIA_TRANSIT1, VIA_BOTH, new Cause.NextHopChange(TRANSIT2)));
        journal.append(new RouteChange(at(8), P64, VIA_TRANSIT1, null, new Cause.Withdrawal(TRANSIT1, 5)));
        return journal;
    }
}
