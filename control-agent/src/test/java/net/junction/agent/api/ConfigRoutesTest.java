/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import static net.junction.agent.api.ApiFixture.DOCUMENT;
import static net.junction.agent.api.ApiFixture.commitBody;
import static net.junction.agent.config.ConfigDocuments.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import net.junction.agent.api.ApiFixture.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigRoutesTest
{
    private static final String MTU_9000 = edit(DOCUMENT, "    device: net_af_packet1\n",
        "    device: net_af_packet1\n    mtu: 9000\n");

    @TempDir
    Path temp;
    private ApiFixture api;

    @BeforeEach
    void start() throws Exception
    {
        api = ApiFixture.start(temp);
    }

    @AfterEach
    void stop() throws Exception
    {
        api.close();
    }

    private Reply commit(final String document, final long base, final String message) throws Exception
    {
        return api.post("/v1/commits", commitBody(document, base, message));
    }

    @Test
    void shouldCommitAndServeTheRunningDocumentWithItsVersion() throws Exception
    {
        assertEquals(404, api.get("/v1/config").status());
        final Reply made = commit(DOCUMENT, 0, "first");
        assertEquals(201, made.status(), made.toString());
        assertEquals(1, made.json().path("number").asLong());
        assertEquals("unix:root", made.json().path("author").asText());
        assertEquals("/v1/commits/1", made.header("Location"));
        assertEquals("\"1\"", made.header("ETag"));
        assertFalse(made.json().has("document"));
        assertEquals(1, api.applier.applied.size());

        final Reply running = api.get("/v1/config");
        assertEquals(200, running.status());
        assertEquals(DOCUMENT, running.body());
        assertEquals("\"1\"", running.header("ETag"));
        assertTrue(running.header("Content-Type").startsWith("application/yaml"));
        final JsonNode json = api.get("/v1/config?format=json").json();
        assertEquals("p1", json.path("ports").get(1).path("name").asText());
        assertEquals("12:00:00:00:00:01", json.path("ports").get(0).path("mac").textValue(),
            "typed as the reader types it: a MAC is not a YAML 1.1 base-60 number");
        assertEquals(1, api.get("/v1/status").json().path("running_version").asLong());
    }

    @Test
    void shouldMapEveryRefusalToItsStatusAndNameTheField() throws Exception
    {
        assertEquals(201, commit(DOCUMENT, 0, "first").status());

        final Reply stale = commit(MTU_9000, 0, "from an old version");
        assertEquals(409, stale.status(), stale.toString());
        assertEquals("stale-version", stale.json().path("reason").asText());
        assertEquals(List.of("base_version"), stale.errorFields());

        final Reply invalid = commit(edit(DOCUMENT, "198.18.2.1/24", "198.18.2.300/24"), 1, "bad address");
        assertEquals(422, invalid.status());
        assertEquals("invalid", invalid.json().path("reason").asText());
        assertEquals(List.of("ports[1].addresses[0]"), invalid.errorFields());

        final Reply restart = commit(edit(DOCUMENT, "cores: [1]", "cores: [1, 2]"), 1, "more cores");
        assertEquals(422, restart.status());
        assertEquals("restart-required", restart.json().path("reason").asText());
        assertEquals(List.of("cores"), restart.errorFields());

        final Reply same = commit(DOCUMENT, 1, "again");
        assertEquals(422, same.status());
        assertEquals("no-change", same.json().path("reason").asText());

        final Reply noMessage = api.post("/v1/commits", Json.write(Map.of("document", MTU_9000, "base_version", 1)));
        assertEquals(422, noMessage.status());
        assertEquals(List.of("message"), noMessage.errorFields());

        api.applier.failing = "port p1 refused the MTU";
        final Reply failed = commit(MTU_9000, 1, "jumbo");
        assertEquals(500, failed.status());
        assertEquals("apply-failed", failed.json().path("reason").asText());
        assertTrue(failed.json().path("detail").asText().contains("port p1 refused the MTU"));
        api.applier.failing = null;

        final Reply noBase = api.post("/v1/commits", Json.write(Map.of("document", MTU_9000, "message", "m")));
        assertEquals(428, noBase.status());
        assertEquals(List.of("base_version"), noBase.errorFields());
        final Reply both = api.post("/v1/commits", Json.write(Map.of("document", MTU_9000, "candidate", "x", "message", "m")));
        assertEquals(400, both.status());
        final Reply badMinutes = api.post("/v1/commits",
            Json.write(Map.of("document", MTU_9000, "base_version", 1, "message", "m", "confirm_minutes", 0)));
        assertEquals(List.of("confirm_minutes"), badMinutes.errorFields());
        final Reply badBase = api.post("/v1/commits", Json.write(Map.of("document", MTU_9000, "base_version", "one", "message", "m")));
        assertEquals(List.of("base_version"), badBase.errorFields());

        assertEquals(1, api.lifecycle.runningVersion(), "nothing refused changed the running version");
        assertEquals(1, api.applier.applied.size());
        final List<AuditLog.Entry> audit = api.audit();
        assertEquals(11, audit.size());
        assertTrue(audit.stream().skip(0).limit(10).allMatch(e -> e.result().equals("refused") || e.result().equals("failed")));
        assertEquals("failed", audit.get(4).result());
        assertEquals(500, audit.get(4).status());
    }

    @Test
    void shouldTakeTheBaseVersionFromIfMatch() throws Exception
    {
        assertEquals(201, commit(DOCUMENT, 0, "first").status());
        final String body = Json.write(Map.of("document", MTU_9000, "message", "jumbo"));
        final Reply stale = api.unix("POST", "/v1/commits", body, "Content-Type", "application/json", "If-Match", "\"0\"");
        assertEquals(409, stale.status());
        final Reply bad = api.unix("POST", "/v1/commits", body, "Content-Type", "application/json", "If-Match", "one");
        assertEquals(List.of("If-Match"), bad.errorFields());
        final String etag = api.get("/v1/config").header("ETag");
        final Reply made = api.unix("POST", "/v1/commits", body, "Content-Type", "application/json", "If-Match", etag);
        assertEquals(201, made.status(), made.toString());
        assertEquals("\"2\"", made.header("ETag"));
    }

    @Test
    void shouldConfirmRollBackAndListCommits() throws Exception
    {
        assertEquals(201, commit(DOCUMENT, 0, "first").status());
        final Reply pending = api.post("/v1/commits",
            Json.write(Map.of("document", MTU_9000, "base_version", 1, "message", "jumbo", "confirm_minutes", 10)));
        assertEquals(201, pending.status(), pending.toString());
        assertTrue(pending.json().has("confirm_by"));
        assertEquals("pending", pending.json().path("confirm").path("state").asText(), pending.toString());
        assertEquals(pending.json().path("confirm_by"), pending.json().path("confirm").path("by"));
        assertEquals(2, api.get("/v1/status").json().path("pending_confirm").path("commit").asLong());
        final Reply blocked = commit(DOCUMENT, 2, "while pending");
        assertEquals(409, blocked.status());
        assertEquals("confirm-pending", blocked.json().path("reason").asText());

        final Reply confirmed = api.post("/v1/commits/confirm", null);
        assertEquals(200, confirmed.status(), confirmed.toString());
        assertEquals(2, confirmed.json().path("number").asLong());
        assertEquals("confirmed", confirmed.json().path("confirm").path("state").asText(), "confirm's answer says so");
        assertTrue(confirmed.json().path("confirm").has("confirmed_at"), confirmed.toString());
        final Reply again = api.post("/v1/commits/confirm", null);
        assertEquals(409, again.status());
        assertEquals("not-pending", again.json().path("reason").asText());

        final Reply rollback = api.post("/v1/rollback", "{\"number\": 1, \"message\": \"back to standard frames\"}");
        assertEquals(201, rollback.status(), rollback.toString());
        assertEquals(3, rollback.json().path("number").asLong());
        assertEquals("back to standard frames", rollback.json().path("message").asText());
        final Reply plain = api.post("/v1/rollback", "{\"number\": 2}");
        assertEquals(201, plain.status());
        assertEquals("rollback to commit 2", plain.json().path("message").asText());
        assertEquals(404, api.post("/v1/rollback", "{\"number\": 99}").status());
        assertEquals(List.of("number"), api.post("/v1/rollback", "{}").errorFields());

        final JsonNode history = api.get("/v1/commits").json();
        assertEquals(4, history.size());
        assertEquals(4, history.get(0).path("number").asLong());
        assertFalse(history.get(0).has("document"));
        assertFalse(history.get(0).has("confirm"), "a commit made without a window has none");
        assertEquals(confirmed.json().path("confirm"), history.get(2).path("confirm"), "the history says it too");
        assertEquals(2, api.get("/v1/commits?limit=2").json().size());
        final JsonNode one = api.get("/v1/commits/1").json();
        assertEquals(DOCUMENT, one.path("document").asText());
        assertEquals(404, api.get("/v1/commits/77").status());
    }

    @Test
    void shouldValidateAndDiffAgainstTheRunningDocument() throws Exception
    {
        assertEquals(201, commit(DOCUMENT, 0, "first").status());
        final Reply valid = api.unix("POST", "/v1/config/validate", MTU_9000, "Content-Type", "application/yaml");
        assertEquals(200, valid.status(), valid.toString());
        assertTrue(valid.json().path("valid").asBoolean());
        final JsonNode change = valid.json().path("diff").path("objects").get(0);
        assertEquals("port", change.path("kind").asText());
        assertEquals("p1", change.path("key").asText());
        assertEquals("changed", change.path("type").asText());
        assertEquals("mtu", change.path("fields").get(0).path("field").asText());
        assertTrue(valid.json().path("diff").path("text").asText().contains("+    mtu: 9000"));

        final Reply invalid = api.unix("POST", "/v1/config/validate", edit(DOCUMENT, "remote-as: 65001", "remote-as: banana"));
        assertFalse(invalid.json().path("valid").asBoolean());
        assertEquals("bgp.neighbors[0].remote-as", invalid.json().path("problems").get(0).path("field").asText());
        assertFalse(invalid.json().has("diff"));
        assertEquals(1, api.audit().size(), "only the commit: validating changes nothing, it is not audited");
    }

    @Test
    void shouldKeepCandidatesAndCommitOne() throws Exception
    {
        assertEquals(201, commit(DOCUMENT, 0, "first").status());
        final Reply saved = api.unix("PUT", "/v1/candidates/jumbo", MTU_9000, "Content-Type", "application/yaml");
        assertEquals(201, saved.status(), saved.toString());
        assertEquals(1, saved.json().path("base_version").asLong());
        assertEquals("p1", saved.json().path("diff").path("objects").get(0).path("key").asText());
        assertEquals(200, api.unix("PUT", "/v1/candidates/jumbo", MTU_9000).status());
        final Reply broken = api.unix("PUT", "/v1/candidates/broken", "name: [", "Content-Type", "application/yaml");
        assertEquals(201, broken.status(), "a candidate need not be valid");
        assertFalse(broken.json().path("problems").isEmpty());
        final Reply badName = api.unix("PUT", "/v1/candidates/Bad_Name", MTU_9000);
        assertEquals(422, badName.status());
        assertEquals(List.of("name"), badName.errorFields());

        final JsonNode list = api.get("/v1/candidates").json();
        assertEquals(2, list.size());
        assertFalse(list.get(0).has("document"));
        assertEquals(MTU_9000, api.get("/v1/candidates/jumbo").json().path("document").asText());

        final Reply made = api.post("/v1/commits", "{\"candidate\": \"jumbo\", \"message\": \"jumbo frames\"}");
        assertEquals(201, made.status(), made.toString());
        assertEquals(404, api.get("/v1/candidates/jumbo").status(), "a committed candidate is gone");
        assertEquals(204, api.unix("DELETE", "/v1/candidates/broken", null).status());
        assertEquals(404, api.unix("DELETE", "/v1/candidates/broken", null).status());
        final Reply unknown = api.post("/v1/commits", "{\"candidate\": \"nope\", \"message\": \"m\"}");
        assertEquals(404, unknown.status());
    }

    @Test
    void shouldFsyncOneJsonLinePerWriteInTheStateDirectory() throws Exception
    {
        commit(DOCUMENT, 0, "first");
        commit(DOCUMENT, 0, "stale");
        final List<String> lines = Files.readAllLines(api.stateDirectory.resolve("audit.log"));
        assertEquals(2, lines.size());
        for (final String line : lines)
        {
            final JsonNode entry = Json.MAPPER.readTree(line);
            Stream.of("time", "who", "role", "method", "path", "action", "result", "status", "detail")
                .forEach(field -> assertTrue(entry.has(field), field + " in " + line));
        }
        final JsonNode served = api.get("/v1/audit?limit=1").json();
        assertEquals(1, served.size());
        assertEquals("refused", served.get(0).path("result").asText());
        assertEquals(409, served.get(0).path("status").asInt());
        assertEquals(List.of("limit"), api.get("/v1/audit?limit=0").errorFields());
    }
}
