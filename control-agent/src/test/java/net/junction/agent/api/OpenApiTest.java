/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import net.junction.agent.api.ApiFixture.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document, docs/api.md and the server's real routes name the same routes, each way. */
class OpenApiTest
{
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @TempDir
    Path temp;

    @Test
    void shouldDescribeExactlyTheRoutesTheServerHas() throws Exception
    {
        try (ApiFixture api = ApiFixture.start(temp))
        {
            final Reply served = api.get("/v1/openapi.json");
            assertEquals(200, served.status());
            final JsonNode document = served.json();
            assertEquals("3.1.0", document.path("openapi").asText());

            final Set<String> documented = new TreeSet<>();
            final Map<String, String> roles = new java.util.TreeMap<>();
            for (final Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); )
            {
                final Map.Entry<String, JsonNode> path = paths.next();
                for (final Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); )
                {
                    final Map.Entry<String, JsonNode> op = ops.next();
                    if (METHODS.contains(op.getKey()))
                    {
                        final String route = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                        documented.add(route);
                        roles.put(route, op.getValue().path("x-junction-role").asText());
                    }
                }
            }
            final Set<String> real = api.server.endpoints().stream().map(e -> e.method() + " " + e.template())
                .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(real, documented, "OpenAPI paths and methods against the server's routes");
            for (final Endpoint endpoint : api.server.endpoints())
            {
                assertEquals(null == endpoint.role() ? "none" : endpoint.role().text(),
                    roles.get(endpoint.method() + " " + endpoint.template()), endpoint.template());
            }
        }
    }

    @Test
    void shouldListEveryRouteInDocsApiMd() throws Exception
    {
        final Path doc = Path.of("..", "docs", "api.md");
        final String text = Files.readString(doc);
        final Set<String> listed = new TreeSet<>();
        final Matcher m = Pattern.compile("`(GET|POST|PUT|DELETE|GET/PUT/DELETE) (/v1/[^` ?]*)").matcher(text);
        while (m.find())
        {
            for (final String method : m.group(1).split("/"))
            {
                listed.add(method + " " + m.group(2));
            }
        }
        try (ApiFixture api = ApiFixture.start(temp))
        {
            final Set<String> real = api.server.endpoints().stream().map(e -> e.method() + " " + e.template())
                .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(real, listed, "docs/api.md's route table against the server's routes");
            assertTrue(listed.contains("POST /v1/commits/confirm"));
        }
    }
}
