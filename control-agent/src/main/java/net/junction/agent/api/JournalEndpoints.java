/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import net.junction.agent.journal.JournalRecord;
import net.junction.agent.journal.RouteJournal;
import net.junction.agent.journal.RouteState;
import net.junction.agent.router.RunningRouter;
import net.junction.agent.router.RunningRouter.RouteQuery;
import net.junction.routing.IpPrefix;
import net.junction.routing.rib.Rib;

/**
 * The route journal's queries (docs/journal.md): a prefix's history, the table at a time, and why a
 * route changed. Each request runs its query on the API's own thread (the journal's queries open
 * their own tailer and may run beside its writer); none reaches the BGP or data-plane threads.
 * <p>
 * A table at T is replayed for each page ({@link RouteJournal#tableAt}: time linear in the records up
 * to T), then sorted and cut after the cursor, so pages of one T agree with each other as long as
 * retention has not deleted the records before T in between.
 */
final class JournalEndpoints
{
    private static final String CURSOR_TAG = "j1";

    private final RunningRouter router;

    JournalEndpoints(final RunningRouter router)
    {
        this.router = router;
    }

    List<Endpoint> endpoints()
    {
        return List.of(
            Endpoint.read("GET", "/v1/routes/history", Role.READ, this::history),
            Endpoint.read("GET", "/v1/routes/at", Role.READ, this::tableAt),
            Endpoint.read("GET", "/v1/routes/why", Role.READ, this::why));
    }

    /** {@code ?prefix=P&limit=N}: the prefix's changes, newest first. */
    private Answer history(final ApiRequest request)
    {
        request.queryAllows("prefix", "limit");
        final IpPrefix prefix = RouterEndpoints.prefixParameter(required(request, "prefix"));
        final int limit = request.queryInt("limit", 1, RouteJournal.MAX_HISTORY, RouteQuery.DEFAULT_LIMIT);
        final List<JournalViews.RouteChangeView> changes = new ArrayList<>();
        for (final JournalRecord.RouteChange change : journal().history(prefix, limit))
        {
            changes.add(JournalViews.change(change));
        }
        return Answer.ok(new JournalViews.HistoryView(prefix.toString(), changes));
    }

    /** {@code ?time=T&prefix=P&longer=true&limit=N&cursor=C}: one page of the table as it was at T. */
    private Answer tableAt(final ApiRequest request)
    {
        request.queryAllows("time", "prefix", "longer", "limit", "cursor");
        final long timeNs = JournalViews.timeParameter("time", required(request, "time"));
        final Optional<IpPrefix> prefix = request.query("prefix").map(RouterEndpoints::prefixParameter);
        final boolean longer = request.queryBoolean("longer", false);
        if (longer && prefix.isEmpty())
        {
            throw ApiException.badRequest("longer", "needs a prefix");
        }
        final int limit = request.queryInt("limit", 1, RouteQuery.MAX_LIMIT, RouteQuery.DEFAULT_LIMIT);
        final Optional<IpPrefix> after = request.query("cursor").map(JournalEndpoints::cursorParameter);

        final Map<IpPrefix, RouteState> table = journal().tableAt(timeNs, prefix.orElse(null));
        final List<IpPrefix> prefixes = new ArrayList<>();
        for (final IpPrefix p : table.keySet())
        {
            if ((prefix.isEmpty() || longer || p.equals(prefix.get())) && (after.isEmpty() || Rib.compare(p, after.get()) > 0))
            {
                prefixes.add(p);
            }
        }
        prefixes.sort(Rib::compare);
        final List<JournalViews.TableRouteView> routes = new ArrayList<>();
        for (final IpPrefix p : prefixes.subList(0, Math.min(limit, prefixes.size())))
        {
            routes.add(JournalViews.route(p, table.get(p)));
        }
        final Optional<String> next = prefixes.size() > limit ? Optional.of(cursor(prefixes.get(limit - 1))) : Optional.empty();
        return Answer.ok(new JournalViews.TablePageView(JournalViews.time(timeNs), routes, next));
    }

    /** {@code ?prefix=P&time=T}: the prefix's newest change at or before T (default: the last), and its causes. */
    private Answer why(final ApiRequest request)
    {
        request.queryAllows("prefix", "time");
        final String text = required(request, "prefix");
        final IpPrefix prefix = RouterEndpoints.prefixParameter(text);
        final Optional<String> time = request.query("time");
        final long timeNs = time.map(t -> JournalViews.timeParameter("time", t)).orElse(Long.MAX_VALUE);
        return Answer.ok(journal().why(prefix, timeNs).map(JournalViews::why)
            .orElseThrow(() -> ApiException.notFound("prefix", "the journal holds no change of " + text +
                time.map(t -> " at or before " + t).orElse(""))));
    }

    /** @throws ApiException 404 {@code no-journal} when the router keeps none. */
    private RouteJournal journal()
    {
        return router.journal().orElseThrow(() -> new ApiException(Problem.of(404, "no-journal",
            "the router keeps no route journal", "this router keeps no route journal, so it has no route history " +
                "(docs/journal.md)", List.of())));
    }

    private static String required(final ApiRequest request, final String name)
    {
        final String text = request.query(name).orElseThrow(() -> ApiException.badRequest(name, "required"));
        if (text.isEmpty())
        {
            throw ApiException.badRequest(name, "required, and must not be empty");
        }
        return text;
    }

    /** A page's end: base64url of {@code j1|PREFIX}, opaque to clients. */
    private static String cursor(final IpPrefix last)
    {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_TAG + "|" + last).getBytes(StandardCharsets.US_ASCII));
    }

    private static IpPrefix cursorParameter(final String text)
    {
        if (text.isEmpty())
        {
            throw ApiException.badRequest("cursor", "must not be empty: leave it out for the first page");
        }
        try
        {
            final String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII).split("\\|");
            if (2 == parts.length && CURSOR_TAG.equals(parts[0]))
            {
                return IpPrefix.parse(parts[1]);
            }
        }
        catch (final IllegalArgumentException ignored)
        {
            // reported below
        }
        throw ApiException.badRequest("cursor", "not a cursor this router handed out: '" + text + "'");
    }
}
