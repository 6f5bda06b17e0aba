/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The tool table and its argument checks, without a router: a refused call never reaches the API. */
class ToolTableTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void shouldCheckArgumentsByTheirDeclarationAndNameTheCulprit()
    {
        final Input input = Input.of().string("address", "an address", true).integer("limit", "per page", false, 1, 1000)
            .choice("family", "a family", false, "ipv4", "ipv6").bool("longer", "more specific too")
            .integer("confirm_minutes", "window", 0, 1440, 10);
        final Input.Arguments ok = input.check(Map.of("address", "192.0.2.1", "limit", 5, "longer", true));
        assertEquals(Optional.of(5L), ok.integer("limit"));
        assertEquals(Optional.of(10L), ok.integer("confirm_minutes"), "the default is filled in");
        assertTrue(assertThrows(ToolError.class, () -> input.check(Map.of())).getMessage().contains("missing argument 'address'"));
        assertTrue(assertThrows(ToolError.class, () -> input.check(Map.of("address", " "))).getMessage().contains("'address' is empty"));
        assertTrue(assertThrows(ToolError.class, () -> input.check(Map.of("address", "a", "limit", 0))).getMessage()
            .contains("'limit': 0 is outside 1..1000"));
        assertTrue(assertThrows(ToolError.class, () -> input.check(Map.of("address", "a", "limit", 2.5))).getMessage()
            .contains("'limit' must be an integer"));
        assertTrue(assertThrows(ToolError.class, () -> input.check(Map.of("address", "a", "family", "ipv5"))).getMessage()
            .contains("not one of ipv4, ipv6"));
        assertTrue(assertThrows(ToolError.class, () -> input.check(Map.of("address", "a", "longer", "yes"))).getMessage()
            .contains("'longer' must be true or false"));
        assertTrue(assertThrows(ToolError.class, () -> input.check(Map.of("address", "a", "bogus", 1))).getMessage()
            .contains("unknown argument 'bogus'"));

        final Map<String, Object> schema = input.schema();
        assertEquals(false, schema.get("additionalProperties"));
        assertEquals(List.of("address"), schema.get("required"));
    }

    @Test
    void shouldDescribeEveryToolOnceWithSchemasFromTheOpenApiDocumentAndNeverCallTheApiOnABadCall()
    {
        final List<RouterTool> tools = RouterTools.all(Schemas.load(MAPPER));
        assertEquals(tools.size(), tools.stream().map(RouterTool::name).distinct().count());
        final RouterApi refuse = (method, path, json, agent) ->
        {
            throw new AssertionError("a malformed call reached the API: " + method + " " + path);
        };
        for (final RouterTool tool : tools)
        {
            assertEquals("object", tool.outputSchema().get("type"), tool.name());
            assertFalse(MAPPER.valueToTree(tool.outputSchema()).toString().contains("$ref"), tool.name() + ": references written out");
            assertTrue(tool.description().contains("Example: {"), tool.name());
            assertThrows(ToolError.class, () -> tool.handler().call(tool.input().check(Map.of("no_such_argument", 1)),
                new Calls(refuse, MAPPER, Optional.empty())), tool.name());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldAskTheJournalReadOnlyAndTellANeverChangedPrefixFromARouterWithoutAJournal()
    {
        final Map<String, RouterTool> tools = new HashMap<>();
        RouterTools.all(Schemas.load(MAPPER)).forEach(t -> tools.put(t.name(), t));
        for (final String name : List.of("route_history", "table_at", "route_why"))
        {
            assertEquals(RouterTool.Effect.READ, tools.get(name).effect(), name);
        }
        assertEquals(List.of("prefix"), tools.get("route_history").input().schema().get("required"));
        assertEquals(10_000L, ((Map<String, Object>)((Map<String, Object>)tools.get("route_history").input().schema()
            .get("properties")).get("limit")).get("maximum"));
        assertEquals(List.of("time"), tools.get("table_at").input().schema().get("required"));
        assertEquals(List.of("prefix"), tools.get("route_why").input().schema().get("required"));
        assertTrue(((Map<String, Object>)tools.get("route_why").outputSchema().get("properties")).containsKey("explanation"));

        final List<String> asked = new ArrayList<>();
        final Map<String, RouterApi.Reply> replies = new HashMap<>();
        final RouterApi api = (method, path, json, agent) ->
        {
            asked.add(method + " " + path);
            return replies.getOrDefault(path, new RouterApi.Reply(500, "", Optional.empty()));
        };
        final Calls calls = new Calls(api, MAPPER, Optional.empty());
        final RouterTool why = tools.get("route_why");

        replies.put("/v1/routes/why?prefix=198.51.100.0%2F24", new RouterApi.Reply(404,
            "{\"reason\": \"not-found\", \"title\": \"not found\", \"errors\": []}", Optional.empty()));
        assertEquals(Map.of("found", false), MAPPER.convertValue(why.handler().call(why.input().check(Map.of("prefix",
            "198.51.100.0/24")), calls), Map.class));

        replies.put("/v1/routes/why?prefix=198.51.100.0%2F24&time=2026-12-06T10%3A30%3A00%2B01%3A00", new RouterApi.Reply(200,
            "{\"change\": {\"prefix\": \"198.51.100.0/24\"}}", Optional.empty()));
        final Map<String, Object> found = MAPPER.convertValue(why.handler().call(why.input().check(Map.of("prefix",
            "198.51.100.0/24", "time", "2026-12-06T10:30:00+01:00")), calls), Map.class);
        assertEquals(true, found.get("found"));
        assertEquals(Map.of("change", Map.of("prefix", "198.51.100.0/24")), found.get("explanation"));

        replies.put("/v1/routes/why?prefix=203.0.113.0%2F24", new RouterApi.Reply(404,
            "{\"reason\": \"no-journal\", \"title\": \"the router keeps no route journal\", \"errors\": []}", Optional.empty()));
        final ToolError none = assertThrows(ToolError.class, () -> why.handler().call(why.input().check(Map.of("prefix",
            "203.0.113.0/24")), calls));
        assertTrue(none.getMessage().contains("no-journal"), none.getMessage());

        replies.put("/v1/routes/at?time=2026-12-06T09%3A30%3A00Z&prefix=198.51.100.0%2F22&longer=true&limit=5",
            new RouterApi.Reply(200, "{\"time\": \"2026-12-06T09:30:00.000000000Z\", \"routes\": []}", Optional.empty()));
        final RouterTool at = tools.get("table_at");
        at.handler().call(at.input().check(Map.of("time", "2026-12-06T09:30:00Z", "prefix", "198.51.100.0/22", "longer", true,
            "limit", 5)), calls);
        assertEquals("GET /v1/routes/at?time=2026-12-06T09%3A30%3A00Z&prefix=198.51.100.0%2F22&longer=true&limit=5", asked.getLast());
        assertTrue(assertThrows(ToolError.class, () -> tools.get("route_history").input().check(Map.of("prefix", "198.51.100.0/24",
            "limit", 10_001))).getMessage().contains("'limit': 10001 is outside 1..10000"));
    }

    @Test
    void shouldDropNullFieldsAsAbsent()
    {
        final Map<String, Object> inner = new HashMap<>();
        inner.put("x", null);
        inner.put("y", 1);
        final Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("pending_confirm", null);
        outer.put("list", new ArrayList<>(List.of(inner)));
        assertEquals(Map.of("list", List.of(Map.of("y", 1))), JunctionMcpServer.withoutNulls(outer));
    }
}
