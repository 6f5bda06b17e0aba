/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import net.junction.agent.api.ApiFixture.Reply;
import net.junction.agent.journal.RouteJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/routes/history}, {@code /v1/routes/at} and {@code /v1/routes/why} over a real
 * {@link RouteJournal} holding {@link JournalFixture}'s story, behind a real API server.
 */
class JournalRoutesTest
{
    @TempDir
    Path temp;
    private ApiFixture api;
    private RouteJournal journal;

    @AfterEach
    void stop() throws Exception
    {
        if (null != api)
        {
            api.close();
        }
        if (null != journal)
        {
            journal.close();
        }
    }

    private ApiFixture withJournal(final boolean tcp) throws Exception
    {
        api = new ApiFixture(temp.resolve("api"), ApiServer.Options.defaults(), tcp);
        journal = JournalFixture.filled(temp.resolve("router-state"));
        api.router.journal = journal;
        return api;
    }

    private static String q(final String value)
    {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static List<String> prefixes(final JsonNode routes)
    {
        final List<String> prefixes = new ArrayList<>();
        routes.forEach(r -> prefixes.add(r.path("prefix").asText()));
        return prefixes;
    }

    @Test
    void shouldAnswerAPrefixsHistoryNewestFirstWithBeforeAfterAndCause() throws Exception
    {
        withJournal(false);
        final Reply reply = api.get("/v1/routes/history?prefix=" + q("198.18.64.0/18"));
        assertEquals(200, reply.status(), reply.toString());
        final JsonNode history = reply.json();
        assertEquals("198.18.64.0/18", history.path("prefix").asText());
        final JsonNode changes = history.path("changes");
        assertEquals(4, changes.size(), history.toString());

        final JsonNode withdrawn = changes.get(0);
        assertEquals("2026-12-06T09:00:08.000000000Z", withdrawn.path("time").asText());
        assertEquals("198.18.64.0/18", withdrawn.path("prefix").asText());
        assertEquals(Json.MAPPER.readTree("""
            {"kind": "withdrawal", "neighbor": "198.18.2.2", "sequence": 5}"""), withdrawn.path("cause"));
        assertTrue(withdrawn.path("after").isMissingNode(), "withdrawn: no after");
        assertEquals(Json.MAPPER.readTree("""
            {"next_hops": ["198.18.2.2"], "origin": "igp", "as_path": [{"type": "sequence", "asns": [65001, 65010]}],
             "local_pref": 100, "communities": ["65000:100"], "neighbor": "198.18.2.2"}"""), withdrawn.path("before"));

        assertEquals(Json.MAPPER.readTree("{\"kind\": \"session-down\", \"neighbor\": \"198.18.3.2\"}"), changes.get(1).path("cause"));
        assertEquals(Json.MAPPER.readTree("""
            {"next_hops": ["198.18.3.2"], "origin": "incomplete",
             "as_path": [{"type": "sequence", "asns": [65002]}, {"type": "set", "asns": [65020, 65021]}],
             "med": 5, "communities": [], "neighbor": "198.18.3.2"}"""), changes.get(1).path("before"));
        assertEquals(Json.MAPPER.readTree("{\"kind\": \"commit\", \"commit\": 7}"), changes.get(2).path("cause"));
        final JsonNode first = changes.get(3);
        assertEquals("2026-12-06T09:00:01.000000000Z", first.path("time").asText());
        assertEquals("update", first.path("cause").path("kind").asText());
        assertTrue(first.path("before").isMissingNode(), "a new prefix: no before");

        final JsonNode two = api.get("/v1/routes/history?prefix=" + q("198.18.64.0/18") + "&limit=2").json();
        assertEquals(List.of("withdrawal", "session-down"),
            List.of(two.path("changes").get(0).path("cause").path("kind").asText(), two.path("changes").get(1).path("cause").path("kind").asText()));
        assertEquals(200, api.get("/v1/routes/history?prefix=" + q("198.18.64.0/18") + "&limit=" + RouteJournal.MAX_HISTORY).status());

        final JsonNode local = api.get("/v1/routes/history?prefix=" + q("2001:db8:1::/48")).json().path("changes").get(0);
        assertFalse(local.path("after").has("neighbor"), "a local route has no neighbor: " + local);
        assertEquals("2001:db8::1", local.path("after").path("next_hops").get(0).asText());

        final Reply unknown = api.get("/v1/routes/history?prefix=" + q("203.0.113.0/24"));
        assertEquals(200, unknown.status());
        assertEquals(0, unknown.json().path("changes").size(), "no change of it: an empty history");
    }

    @Test
    void shouldAnswerTheTableAtATimeInPagesAndByPrefix() throws Exception
    {
        withJournal(false);
        final String at = "&time=" + q("2026-12-06T09:00:05.500Z");
        final JsonNode whole = api.get("/v1/routes/at?" + at.substring(1)).json();
        assertEquals("2026-12-06T09:00:05.500000000Z", whole.path("time").asText());
        assertEquals(List.of("198.18.64.0/18", "198.18.99.0/24", "198.18.100.0/24", "2001:db8:1::/48"), prefixes(whole.path("routes")));
        assertEquals("198.18.3.2", whole.path("routes").get(0).path("neighbor").asText(), "198.18.64.0/18 was via transit2 then");
        assertEquals(List.of(65002L, 65020L), List.of(whole.path("routes").get(0).path("as_path").get(0).path("asns").get(0).asLong(),
            whole.path("routes").get(0).path("as_path").get(1).path("asns").get(0).asLong()));
        assertTrue(whole.path("next_cursor").isMissingNode(), "one page: " + whole);

        final JsonNode page1 = api.get("/v1/routes/at?limit=3" + at).json();
        assertEquals(List.of("198.18.64.0/18", "198.18.99.0/24", "198.18.100.0/24"), prefixes(page1.path("routes")));
        final String cursor = page1.path("next_cursor").asText();
        assertFalse(cursor.isEmpty(), page1.toString());
        final JsonNode page2 = api.get("/v1/routes/at?limit=3&cursor=" + q(cursor) + at).json();
        assertEquals(List.of("2001:db8:1::/48"), prefixes(page2.path("routes")));
        assertTrue(page2.path("next_cursor").isMissingNode());

        assertEquals(List.of("198.18.64.0/18"), prefixes(api.get("/v1/routes/at?prefix=" + q("198.18.64.0/18") + at).json()
            .path("routes")), "a prefix alone: exactly it");
        assertEquals(List.of("198.18.64.0/18", "198.18.99.0/24", "198.18.100.0/24"),
            prefixes(api.get("/v1/routes/at?prefix=" + q("198.18.0.0/16") + "&longer=true" + at).json().path("routes")));
        assertEquals(List.of(), prefixes(api.get("/v1/routes/at?prefix=" + q("198.18.0.0/16") + at).json().path("routes")));

        final JsonNode sameInParis = api.get("/v1/routes/at?time=" + q("2026-12-06T10:00:05.5+01:00")).json();
        assertEquals(whole, sameInParis, "the same instant with another offset");
        assertEquals(List.of("198.18.100.0/24", "2001:db8:1::/48"),
            prefixes(api.get("/v1/routes/at?time=" + q("2026-12-06T09:00:09Z")).json().path("routes")), "after the withdrawals");
        final JsonNode multipath = api.get("/v1/routes/at?time=" + q("2026-12-06T09:00:09Z") + "&prefix=" + q("198.18.100.0/24"))
            .json().path("routes").get(0);
        assertEquals(2, multipath.path("next_hops").size(), multipath.toString());
        assertEquals(List.of(), prefixes(api.get("/v1/routes/at?time=" + q("2026-12-06T08:59:59Z")).json().path("routes")),
            "before the first change: empty");
    }

    @Test
    void shouldExplainAChangeWithTheEventBehindItsCauseAndTheChangeBefore() throws Exception
    {
        withJournal(false);
        final JsonNode last = api.get("/v1/routes/why?prefix=" + q("198.18.64.0/18")).json();
        assertEquals("withdrawal", last.path("change").path("cause").path("kind").asText());
        assertEquals(Json.MAPPER.readTree("""
            {"type": "session", "time": "2026-12-06T09:00:00.000000000Z", "neighbor": "198.18.2.2",
             "from": "OPENCONFIRM", "to": "ESTABLISHED", "reason": "OPEN negotiated"}"""), last.path("cause_event"));
        assertEquals("session-down", last.path("previous").path("cause").path("kind").asText());

        final JsonNode commit = api.get("/v1/routes/why?prefix=" + q("198.18.64.0/18") + "&time=" + q("2026-12-06T09:00:05.5Z")).json();
        assertEquals("2026-12-06T09:00:05.000000000Z", commit.path("change").path("time").asText());
        assertEquals(Json.MAPPER.readTree("""
            {"type": "commit", "time": "2026-12-06T09:00:04.000000000Z", "number": 7, "author": "alice",
             "message": "prefer transit2"}"""), commit.path("cause_event"));
        assertEquals("update", commit.path("previous").path("cause").path("kind").asText());

        final JsonNode down = api.get("/v1/routes/why?prefix=" + q("198.18.99.0/24")).json();
        assertEquals("hold timer expired", down.path("cause_event").path("reason").asText());
        assertTrue(down.path("change").path("after").isMissingNode());

        final JsonNode nextHop = api.get("/v1/routes/why?prefix=" + q("198.18.100.0/24")).json();
        assertEquals(Json.MAPPER.readTree("{\"kind\": \"next-hop-change\", \"next_hop\": \"198.18.3.2\"}"),
            nextHop.path("change").path("cause"));
        assertFalse(nextHop.has("cause_event"), "a next-hop change has no event behind it");

        final Reply never = api.get("/v1/routes/why?prefix=" + q("203.0.113.0/24"));
        assertEquals(404, never.status());
        assertEquals("not-found", never.json().path("reason").asText());
        assertEquals(List.of("prefix"), never.errorFields());
        final Reply tooEarly = api.get("/v1/routes/why?prefix=" + q("198.18.64.0/18") + "&time=" + q("2026-12-06T09:00:00Z"));
        assertEquals(404, tooEarly.status());
        assertTrue(tooEarly.json().path("detail").asText().contains("at or before 2026-12-06T09:00:00Z"), tooEarly.toString());
    }

    @Test
    void shouldRefuseBadParametersByName() throws Exception
    {
        withJournal(false);
        final String p64 = "prefix=" + q("198.18.64.0/18");
        final String[][] cases = {
            {"/v1/routes/history", "prefix"},
            {"/v1/routes/history?prefix=", "prefix"},
            {"/v1/routes/history?prefix=" + q("198.18.64.1/18"), "prefix"},
            {"/v1/routes/history?prefix=banana", "prefix"},
            {"/v1/routes/history?" + p64 + "&limit=0", "limit"},
            {"/v1/routes/history?" + p64 + "&limit=10001", "limit"},
            {"/v1/routes/history?" + p64 + "&time=" + q("2026-12-06T09:00:00Z"), "time"},
            {"/v1/routes/history?" + p64 + "&limit=1&limit=2", "limit"},
            {"/v1/routes/at", "time"},
            {"/v1/routes/at?time=yesterday", "time"},
            {"/v1/routes/at?time=" + q("2026-12-06T09:00:00"), "time"},
            {"/v1/routes/at?time=2026-12-06T10:00:00+01:00", "time"},
            {"/v1/routes/at?time=" + q("1969-12-31T23:59:59Z"), "time"},
            {"/v1/routes/at?time=" + q("2300-01-01T00:00:00Z"), "time"},
            {"/v1/routes/at?time=" + q("2026-12-06T09:00:00Z") + "&longer=true", "longer"},
            {"/v1/routes/at?time=" + q("2026-12-06T09:00:00Z") + "&cursor=nope", "cursor"},
            {"/v1/routes/at?time=" + q("2026-12-06T09:00:00Z") + "&cursor=", "cursor"},
            {"/v1/routes/at?time=" + q("2026-12-06T09:00:00Z") + "&limit=1001", "limit"},
            {"/v1/routes/why?time=" + q("2026-12-06T09:00:00Z"), "prefix"},
            {"/v1/routes/why?" + p64 + "&time=12:00", "time"},
        };
        for (final String[] c : cases)
        {
            final Reply reply = api.get(c[0]);
            assertEquals(400, reply.status(), c[0] + ": " + reply);
            assertEquals("invalid-request", reply.json().path("reason").asText(), c[0]);
            assertEquals(List.of(c[1]), reply.errorFields(), c[0] + ": " + reply);
        }
        final Reply space = api.get("/v1/routes/at?time=2026-12-06T10:00:00+01:00");
        assertTrue(space.json().path("detail").asText().contains("%2B"), "a + sent unencoded is named: " + space);
        assertTrue(api.router.calls.isEmpty(), "nothing else of the router was asked: " + api.router.calls);
    }

    @Test
    void shouldSayThatTheRouterKeepsNoJournal() throws Exception
    {
        api = ApiFixture.start(temp);
        for (final String path : List.of("/v1/routes/history?prefix=" + q("198.18.64.0/18"),
            "/v1/routes/at?time=" + q("2026-12-06T09:00:00Z"), "/v1/routes/why?prefix=" + q("198.18.64.0/18")))
        {
            final Reply reply = api.get(path);
            assertEquals(404, reply.status(), path);
            assertEquals("no-journal", reply.json().path("reason").asText(), path);
            assertEquals("urn:junction:problem:no-journal", reply.json().path("type").asText(), path);
            assertTrue(reply.json().path("detail").asText().contains("keeps no route journal"), reply.toString());
        }
        assertEquals(400, api.get("/v1/routes/history").status(), "bad parameters are named first, journal or not");
        assertFalse(api.get("/v1/status").json().has("journal"), "no journal, no journal block in the status");
    }

    @Test
    void shouldShowTheJournalWritersCountersInTheStatus() throws Exception
    {
        withJournal(false);
        final Reply status = api.get("/v1/status");
        assertEquals(200, status.status(), status.toString());
        final JsonNode journal = status.json().path("journal");
        assertEquals(12, journal.path("appended").asLong(), status.toString());
        assertEquals(0, journal.path("dropped").asLong(), status.toString());
        assertEquals(0, journal.path("queued").asInt(), status.toString());
        final List<String> fields = new ArrayList<>();
        journal.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("appended", "dropped", "queued"), fields);
    }

    @Test
    void shouldLetAReadTokenReadAndRefuseNoToken() throws Exception
    {
        withJournal(true);
        final String read = api.post("/v1/tokens", "{\"name\": \"viewer\", \"role\": \"read\"}").json().path("token").asText();
        for (final String path : List.of("/v1/routes/history?prefix=" + q("198.18.64.0/18"),
            "/v1/routes/at?time=" + q("2026-12-06T09:00:05Z"), "/v1/routes/why?prefix=" + q("198.18.64.0/18")))
        {
            assertEquals(200, api.tcp("GET", path, read, null).status(), path);
            final Reply anonymous = api.tcp("GET", path, null, null);
            assertEquals(401, anonymous.status(), path);
            assertEquals("unauthorized", anonymous.json().path("reason").asText());
            assertEquals(401, api.tcp("GET", path, "jn_not-a-token", null).status(), path);
        }
    }
}
