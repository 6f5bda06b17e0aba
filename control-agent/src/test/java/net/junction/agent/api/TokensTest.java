/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import static net.junction.agent.api.ApiFixture.DOCUMENT;
import static net.junction.agent.api.ApiFixture.commitBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import net.junction.agent.api.ApiFixture.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens and roles on the TLS listener. */
class TokensTest
{
    @TempDir
    Path temp;
    private ApiFixture api;

    @BeforeEach
    void start() throws Exception
    {
        api = new ApiFixture(temp, ApiServer.Options.defaults(), true);
    }

    @AfterEach
    void stop() throws Exception
    {
        api.close();
    }

    private String token(final String name, final String role) throws Exception
    {
        final Reply made = api.post("/v1/tokens", "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
        assertEquals(201, made.status(), made.toString());
        return made.json().path("token").asText();
    }

    @Test
    void shouldShowASecretOnceAndStoreOnlyItsHash() throws Exception
    {
        final String secret = token("ci", "read");
        assertTrue(secret.matches("jn_[A-Za-z0-9_-]{43}"), secret);
        assertNotEquals(secret, token("ci2", "read"));
        final Path file = api.stateDirectory.resolve("api-tokens.json");
        final String stored = Files.readString(file);
        assertFalse(stored.contains(secret.substring(3)), "the secret is not stored");
        assertTrue(stored.contains("\"sha256\""));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        final JsonNode list = api.get("/v1/tokens").json();
        assertEquals(2, list.size());
        assertEquals("read", list.get(0).path("role").asText());
        assertFalse(list.get(0).has("token"));
        assertFalse(list.get(0).has("sha256"));
        assertEquals(409, api.post("/v1/tokens", "{\"name\": \"ci\", \"role\": \"read\"}").status());
        assertEquals(List.of("name"), api.post("/v1/tokens", "{\"name\": \"Bad Name\", \"role\": \"read\"}").errorFields());
        assertEquals(List.of("role"), api.post("/v1/tokens", "{\"name\": \"x\", \"role\": \"root\"}").errorFields());
        assertEquals(List.of("role"), api.post("/v1/tokens", "{\"name\": \"x\"}").errorFields());
        assertTrue(api.audit().stream().noneMatch(e -> e.detail().contains(secret)), "the audit log never holds a secret");
    }

    @Test
    void shouldAuthenticateBearerTokensOverTls() throws Exception
    {
        final Reply anonymous = api.tcp("GET", "/v1/status", null, null);
        assertEquals(401, anonymous.status());
        assertTrue(anonymous.header("WWW-Authenticate").startsWith("Bearer"));
        assertEquals(401, api.tcp("GET", "/v1/status", "jn_forged", null).status());
        final String read = token("reader", "read");
        final Reply status = api.tcp("GET", "/v1/status", read, null);
        assertEquals(200, status.status(), status.toString());
        assertEquals(200, api.tcp("GET", "/v1/openapi.json", null, null).status(), "the OpenAPI document needs no token");
    }

    @Test
    void shouldCheckRolesPerRoute() throws Exception
    {
        final String read = token("reader", "read");
        final String operate = token("noc", "operate");
        final String admin = token("automation", "admin");

        final Reply readCommit = api.tcp("POST", "/v1/commits", read, commitBody(DOCUMENT, 0, "from a read token"));
        assertEquals(403, readCommit.status(), readCommit.toString());
        assertEquals("forbidden", readCommit.json().path("reason").asText());
        assertEquals(0, api.lifecycle.runningVersion(), "a read token cannot commit");
        assertEquals(403, api.tcp("POST", "/v1/bgp/neighbors/transit1/reset", read, "{}").status());
        assertEquals(204, api.tcp("POST", "/v1/bgp/neighbors/transit1/reset", operate, "{}").status());
        assertEquals(403, api.tcp("POST", "/v1/commits", operate, commitBody(DOCUMENT, 0, "from operate")).status());
        assertEquals(403, api.tcp("GET", "/v1/audit", operate, null).status());
        assertEquals(403, api.tcp("POST", "/v1/tokens", operate, "{\"name\":\"x\",\"role\":\"admin\"}").status());

        final Reply made = api.tcp("POST", "/v1/commits", admin, commitBody(DOCUMENT, 0, "from automation"));
        assertEquals(201, made.status(), made.toString());
        assertEquals("token:automation", made.json().path("author").asText());
        assertEquals(200, api.tcp("GET", "/v1/config", read, null).status());

        final List<AuditLog.Entry> audit = api.audit();
        final AuditLog.Entry refused = audit.stream().filter(e -> e.who().equals("token:reader") && e.action().equals("commit"))
            .findFirst().orElseThrow();
        assertEquals("refused", refused.result());
        assertEquals(403, refused.status());
        assertEquals("read", refused.role());
        assertTrue(audit.stream().anyMatch(e -> e.who().equals("token:automation") && e.result().equals("ok")));
        assertTrue(audit.stream().anyMatch(e -> e.action().equals("read") && e.path().equals("/v1/audit") && e.status() == 403),
            "a refused read is audited too");

        assertEquals(204, api.unix("DELETE", "/v1/tokens/reader", null).status());
        assertEquals(401, api.tcp("GET", "/v1/status", read, null).status(), "a deleted token no longer works");
        assertEquals(404, api.unix("DELETE", "/v1/tokens/reader", null).status());
    }

    @Test
    void shouldKeepTokensAcrossARestart() throws Exception
    {
        final String admin = token("automation", "admin");
        api.close();
        api = new ApiFixture(temp, ApiServer.Options.defaults(), true);
        assertEquals(200, api.tcp("GET", "/v1/tokens", admin, null).status());
    }
}
