/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import net.junction.agent.journal.Cause;
import net.junction.agent.journal.CommitEvent;
import net.junction.agent.journal.JournalRecord;
import net.junction.agent.journal.RouteJournal;
import net.junction.agent.journal.RouteState;
import net.junction.agent.journal.SessionEvent;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

/**
 * The route journal's records as the API answers them (docs/api.md, "Route journal"): times as
 * RFC 3339 UTC with nine fraction digits, so a time read from an answer can be given back as a
 * query's {@code time} and means exactly that record.
 */
final class JournalViews
{
    /** {@code 2026-12-06T09:30:00.000000000Z}: always nine digits, so times sort as text too. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
        .withZone(ZoneOffset.UTC);
    private static final long NS_PER_SECOND = 1_000_000_000L;

    private JournalViews()
    {
    }

    /**
     * A best route as the journal keeps it.
     *
     * @param nextHops    one, or several with multipath.
     * @param origin      {@code igp}, {@code egp}, {@code incomplete}.
     * @param asPath      AS_PATH segment by segment.
     * @param localPref   LOCAL_PREF, absent when not carried.
     * @param med         MULTI_EXIT_DISC, absent when not carried.
     * @param communities standard communities as {@code 65000:100}.
     * @param neighbor    the address of the neighbor it was learned from; absent for a local route.
     */
    record RouteStateView(
        List<String> nextHops, String origin, List<AsPathSegmentView> asPath, Optional<Long> localPref, Optional<Long> med,
        List<String> communities, Optional<String> neighbor)
    {
    }

    /**
     * @param type {@code sequence} (AS_SEQUENCE, in order) or {@code set} (AS_SET, unordered).
     * @param asns the AS numbers.
     */
    record AsPathSegmentView(String type, List<Long> asns)
    {
    }

    /**
     * What triggered a change.
     *
     * @param kind     {@code update}, {@code withdrawal}, {@code commit}, {@code next-hop-change}, {@code session-down}.
     * @param neighbor with update, withdrawal and session-down: the neighbor's address.
     * @param sequence with update and withdrawal: the UPDATE's number in its session (1 = the first after
     *                 Established); absent when it was not counted.
     * @param commit   with commit: the commit's number.
     * @param nextHop  with next-hop-change: the next hop whose resolution changed.
     */
    record CauseView(String kind, Optional<String> neighbor, Optional<Long> sequence, Optional<Long> commit,
                     Optional<String> nextHop)
    {
    }

    /**
     * A change of a best route.
     *
     * @param time   when, RFC 3339 UTC with nanoseconds.
     * @param prefix the destination.
     * @param before the best route before; absent for a new prefix.
     * @param after  the best route after; absent when withdrawn.
     * @param cause  what triggered it.
     */
    record RouteChangeView(String time, String prefix, Optional<RouteStateView> before, Optional<RouteStateView> after,
                           CauseView cause)
    {
    }

    /**
     * A commit or session event: what lies behind a change's cause.
     *
     * @param type     {@code commit} or {@code session}.
     * @param time     when.
     * @param number   commit: its number.
     * @param author   commit: who made it.
     * @param message  commit: its message.
     * @param neighbor session: the neighbor's address.
     * @param from     session: the state it left.
     * @param to       session: the state it entered.
     * @param reason   session: why.
     */
    record EventView(
        String type, String time, Optional<Long> number, Optional<String> author, Optional<String> message,
        Optional<String> neighbor, Optional<String> from, Optional<String> to, Optional<String> reason)
    {
    }

    /**
     * {@code GET /v1/routes/history}.
     *
     * @param prefix  the prefix asked.
     * @param changes its changes, newest first.
     */
    record HistoryView(String prefix, List<RouteChangeView> changes)
    {
    }

    /**
     * One route of a past table.
     *
     * @param prefix the destination.
     * @param route  its best route then.
     */
    record TableRouteView(String prefix, @JsonUnwrapped RouteStateView route)
    {
    }

    /**
     * {@code GET /v1/routes/at}: one page of the table at a time.
     *
     * @param time       the time asked, RFC 3339 UTC with nanoseconds.
     * @param routes     this page, by family, address, length.
     * @param nextCursor for the next page; absent on the last.
     */
    record TablePageView(String time, List<TableRouteView> routes, Optional<String> nextCursor)
    {
    }

    /**
     * {@code GET /v1/routes/why}: a change and the records that explain it.
     *
     * @param change     the prefix's newest change at or before the time asked.
     * @param causeEvent the record behind its cause: the commit, or the neighbor's latest session event
     *                   at or before the change; absent when none is retained, or for a next-hop change.
     * @param previous   the change before it, which installed {@code change.before}; absent when none is
     *                   retained.
     */
    record WhyView(RouteChangeView change, Optional<EventView> causeEvent, Optional<RouteChangeView> previous)
    {
    }

    static RouteChangeView change(final JournalRecord.RouteChange change)
    {
        return new RouteChangeView(time(change.timeNs()), change.prefix().toString(),
            Optional.ofNullable(change.before()).map(JournalViews::state),
            Optional.ofNullable(change.after()).map(JournalViews::state), cause(change.cause()));
    }

    static WhyView why(final RouteJournal.Explanation explanation)
    {
        return new WhyView(change(explanation.change()), Optional.ofNullable(explanation.causeRecord()).map(JournalViews::event),
            Optional.ofNullable(explanation.previous()).map(JournalViews::change));
    }

    static RouteStateView state(final RouteState state)
    {
        final List<AsPathSegmentView> segments = new ArrayList<>();
        for (final RouteState.AsPathSegment segment : state.asPath())
        {
            segments.add(new AsPathSegmentView(segment.set() ? "set" : "sequence", segment.asns()));
        }
        final List<String> communities = new ArrayList<>();
        for (final int community : state.communities())
        {
            communities.add((community >>> 16) + ":" + (community & 0xFFFF));
        }
        return new RouteStateView(state.nextHops().stream().map(IpAddress::toString).toList(),
            state.origin().name().toLowerCase(Locale.ROOT), segments, present(state.localPref()), present(state.med()),
            communities, Optional.ofNullable(state.neighbor()).map(IpAddress::toString));
    }

    static CauseView cause(final Cause cause)
    {
        final Optional<String> none = Optional.empty();
        return switch (cause)
        {
            case Cause.Update c -> new CauseView("update", Optional.of(c.neighbor().toString()), sequence(c.sequence()),
                Optional.empty(), none);
            case Cause.Withdrawal c -> new CauseView("withdrawal", Optional.of(c.neighbor().toString()),
                sequence(c.sequence()), Optional.empty(), none);
            case Cause.Commit c -> new CauseView("commit", none, Optional.empty(), Optional.of(c.number()), none);
            case Cause.NextHopChange c -> new CauseView("next-hop-change", none, Optional.empty(), Optional.empty(),
                Optional.of(c.nextHop().toString()));
            case Cause.SessionDown c -> new CauseView("session-down", Optional.of(c.neighbor().toString()), Optional.empty(),
                Optional.empty(), none);
            case Cause.RpkiChange c -> new CauseView("rpki", none, Optional.empty(), Optional.empty(), none);
        };
    }

    /** @param record a {@link CommitEvent} or a {@link SessionEvent} (a why's cause record). */
    static EventView event(final JournalRecord record)
    {
        final Optional<String> none = Optional.empty();
        return switch (record)
        {
            case CommitEvent c -> new EventView("commit", time(c.timeNs()), Optional.of(c.number()), Optional.of(c.author()),
                Optional.of(c.message()), none, none, none, none);
            case SessionEvent s -> new EventView("session", time(s.timeNs()), Optional.empty(), none, none,
                Optional.of(s.neighbor().toString()), Optional.of(s.from()), Optional.of(s.to()), Optional.of(s.reason()));
            case JournalRecord.RouteChange c -> throw new IllegalArgumentException("a route change is not an event: " + c);
        };
    }

    static TableRouteView route(final IpPrefix prefix, final RouteState state)
    {
        return new TableRouteView(prefix.toString(), state(state));
    }

    /** @return nanoseconds since the epoch as {@code 2026-12-06T09:30:00.000000000Z}. */
    static String time(final long timeNs)
    {
        return TIME.format(Instant.ofEpochSecond(Math.floorDiv(timeNs, NS_PER_SECOND), Math.floorMod(timeNs, NS_PER_SECOND)));
    }

    /**
     * @param name the query parameter, for the problem.
     * @param text an RFC 3339 time with its offset ({@code 2026-12-06T09:30:00Z},
     *             {@code 2026-12-06T10:30:00.5+01:00}).
     * @return nanoseconds since the epoch.
     * @throws ApiException 400 naming the parameter when it is not such a time, or is before 1970 or after 2262
     *                      (what nanoseconds in a long can count).
     */
    static long timeParameter(final String name, final String text)
    {
        final Instant instant;
        try
        {
            instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        }
        catch (final DateTimeParseException ex)
        {
            throw ApiException.badRequest(name, "'" + text + "' is not an RFC 3339 time with an offset, such as " +
                "2026-12-06T09:30:00Z or 2026-12-06T10:30:00.250+01:00" +
                (text.indexOf(' ') >= 0 ? " (a + in a URL's query is a space: send it as %2B)" : ""));
        }
        if (instant.isBefore(Instant.EPOCH))
        {
            throw ApiException.badRequest(name, "'" + text + "' is before 1970-01-01T00:00:00Z, where the journal's time starts");
        }
        try
        {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NS_PER_SECOND), instant.getNano());
        }
        catch (final ArithmeticException ex)
        {
            throw ApiException.badRequest(name, "'" + text + "' is after 2262-04-11, past what the journal's time counts");
        }
    }

    private static Optional<Long> present(final long value)
    {
        return value == RouteState.ABSENT ? Optional.empty() : Optional.of(value);
    }

    private static Optional<Long> sequence(final long sequence)
    {
        return sequence == 0 ? Optional.empty() : Optional.of(sequence);
    }
}
