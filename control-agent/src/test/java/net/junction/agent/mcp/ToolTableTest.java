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
