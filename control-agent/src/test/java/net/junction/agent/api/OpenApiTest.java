/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import net.junction.agent.api.ApiFixture.Reply;
import net.junction.agent.commit.ConfirmWindow;
import net.junction.agent.journal.RouteJournal;
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
            final Map<String, String> roles = new TreeMap<>();
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
    void shouldAnswerWithTheShapesItDocuments() throws Exception
    {
        try (ApiFixture api = ApiFixture.start(temp); RouteJournal journal = JournalFixture.filled(temp.resolve("router-state")))
        {
            api.router.journal = journal;
            final JsonNode document = api.get("/v1/openapi.json").json();
            assertEquals(201, api.post("/v1/commits", ApiFixture.commitBody(ApiFixture.DOCUMENT, 0, "first")).status());
            assertEquals(201, api.post("/v1/tokens", "{\"name\": \"ci\", \"role\": \"read\"}").status());
            final Map<String, String> routes = new LinkedHashMap<>();
            routes.put("/v1/status", "/v1/status");
            routes.put("/v1/interfaces", "/v1/interfaces");
            routes.put("/v1/counters", "/v1/counters");
            routes.put("/v1/routes", "/v1/routes?limit=1");
            routes.put("/v1/routes/lookup", "/v1/routes/lookup?address=198.18.100.1");
            routes.put("/v1/routes/explain", "/v1/routes/explain?prefix=198.18.64.0/18");
            routes.put("/v1/routes/history", "/v1/routes/history?prefix=198.18.64.0/18");
            routes.put("/v1/routes/at", "/v1/routes/at?time=2026-12-06T09:00:07Z&limit=3");
            routes.put("/v1/routes/why", "/v1/routes/why?prefix=198.18.64.0/18");
            routes.put("/v1/bgp/neighbors", "/v1/bgp/neighbors");
            routes.put("/v1/bgp/neighbors/{name}/routes", "/v1/bgp/neighbors/transit1/routes?table=accepted");
            routes.put("/v1/commits", "/v1/commits");
            routes.put("/v1/commits/{number}", "/v1/commits/1");
            routes.put("/v1/tokens", "/v1/tokens");
            routes.put("/v1/audit", "/v1/audit");
            routes.put("/v1/ip-neighbors", "/v1/ip-neighbors");
            for (final Map.Entry<String, String> route : routes.entrySet())
            {
                final JsonNode schema = document.path("paths").path(route.getKey()).path("get").path("responses").path("200")
                    .path("content").path("application/json").path("schema");
                final Reply reply = api.get(route.getValue());
                assertEquals(200, reply.status(), route.getValue());
                conforms(document, schema, reply.json(), route.getValue());
            }
            final JsonNode advertised = api.get("/v1/bgp/neighbors/transit1/routes?table=advertised").json();
            conforms(document, document.path("paths").path("/v1/bgp/neighbors/{name}/routes").path("get").path("responses")
                .path("200").path("content").path("application/json").path("schema"), advertised, "advertised routes");
            assertEquals("neighbor", advertised.path("routes").path(1).path("source").asText(), advertised.toString());
            assertTrue(advertised.path("routes").path(1).path("protocol").isMissingNode(), advertised.toString());
            conforms(document, document.path("components").path("schemas").path("RouteExplanation"),
                api.get("/v1/routes/explain?prefix=198.18.99.0/24").json(), "a rejected prefix's explanation");
            final JsonNode problem = document.path("components").path("schemas").path("Problem");
            conforms(document, problem, api.get("/v1/routes?limit=0").json(), "a problem");
            conforms(document, document.path("components").path("schemas").path("RouteWhy"),
                api.get("/v1/routes/why?prefix=198.18.64.0/18&time=2026-12-06T09:00:05Z").json(), "a commit's change");
            final JsonNode commit = document.path("components").path("schemas").path("Commit");
            final Reply pending = api.post("/v1/commits", Json.write(Map.of("document", ApiFixture.DOCUMENT + "# 2\n",
                "base_version", 1, "message", "with a window", "confirm_minutes", 10)));
            assertEquals(201, pending.status(), pending.toString());
            conforms(document, commit, pending.json(), "a commit awaiting confirmation");
            conforms(document, commit, api.post("/v1/commits/confirm", null).json(), "confirm's answer");
            conforms(document, document.path("paths").path("/v1/commits").path("get").path("responses").path("200")
                .path("content").path("application/json").path("schema"), api.get("/v1/commits").json(), "the history");
            final Set<String> states = new TreeSet<>();
            document.path("components").path("schemas").path("ConfirmWindow").path("properties").path("state").path("enum")
                .forEach(e -> states.add(e.asText()));
            assertEquals(Arrays.stream(ConfirmWindow.State.values()).map(ConfirmWindow.State::text)
                .collect(Collectors.toCollection(TreeSet::new)), states, "the confirm states it documents");
            api.router.journal = null;
            conforms(document, problem, api.get("/v1/routes/history?prefix=198.18.64.0/18").json(), "no journal");
        }
    }

    /** The value has no field its schema does not name, and every field it requires. */
    private static void conforms(final JsonNode document, final JsonNode schema, final JsonNode value, final String where)
    {
        JsonNode s = schema;
        while (s.has("$ref"))
        {
            final String ref = s.path("$ref").asText();
            s = document.at(ref.substring(1));
        }
        assertTrue(!s.isMissingNode(), where + ": no schema");
        if ("array".equals(s.path("type").asText()))
        {
            assertTrue(value.isArray(), where + ": expected an array: " + value);
            for (final JsonNode element : value)
            {
                conforms(document, s.path("items"), element, where + "[]");
            }
            return;
        }
        if (!"object".equals(s.path("type").asText()) || !s.has("properties"))
        {
            return;
        }
        assertTrue(value.isObject(), where + ": expected an object: " + value);
        for (final Iterator<String> names = value.fieldNames(); names.hasNext(); )
        {
            final String name = names.next();
            assertTrue(s.path("properties").has(name), where + ": field '" + name + "' is not documented");
            conforms(document, s.path("properties").path(name), value.path(name), where + "." + name);
        }
        for (final JsonNode required : s.path("required"))
        {
            assertTrue(value.has(required.asText()), where + ": required field '" + required.asText() + "' missing: " + value);
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
