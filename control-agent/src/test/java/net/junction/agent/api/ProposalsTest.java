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

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import net.junction.agent.api.ApiFixture.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/proposals}: propose, commit on the proposal's base, refusals, roles, audit. */
class ProposalsTest
{
    private static final String MTU_9000 = edit(DOCUMENT, "    device: net_af_packet1\n",
        "    device: net_af_packet1\n    mtu: 9000\n");
    private static final String MTU_4000 = edit(DOCUMENT, "    device: net_af_packet1\n",
        "    device: net_af_packet1\n    mtu: 4000\n");

    @TempDir
    Path temp;
    private ApiFixture api;

    @BeforeEach
    void start() throws Exception
    {
        api = new ApiFixture(temp, ApiServer.Options.defaults(), true);
        assertEquals(201, api.post("/v1/commits", commitBody(DOCUMENT, 0, "first")).status());
    }

    @AfterEach
    void stop() throws Exception
    {
        api.close();
    }

    private Reply propose(final String document, final String... agent) throws Exception
    {
        final String body = Json.write(Map.of("document", document, "message", "jumbo frames on p1"));
        return agent.length == 0 ? api.post("/v1/proposals", body) :
            api.unix("POST", "/v1/proposals", body, "Content-Type", "application/json", "X-Junction-Agent", agent[0]);
    }

    private String token(final String name, final String role) throws Exception
    {
        final Reply made = api.post("/v1/tokens", "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
        assertEquals(201, made.status(), made.toString());
        return made.json().path("token").asText();
    }

    @Test
    void shouldProposeWithBaseValidationAndDiffAndChangeNothing() throws Exception
    {
        final Reply made = propose(MTU_9000, "claude-code");
        assertEquals(201, made.status(), made.toString());
        final JsonNode p = made.json();
        assertTrue(p.path("id").asText().matches("p-[0-9a-f]{12}"), p.toString());
        assertEquals("/v1/proposals/" + p.path("id").asText(), made.header("Location"));
        assertEquals(1, p.path("base_version").asLong());
        assertTrue(p.path("valid").asBoolean());
        assertEquals(0, p.path("problems").size());
        assertEquals("claude-code", p.path("agent").asText());
        assertFalse(p.has("document"), "the document is not echoed on creation");
        final JsonNode change = p.path("diff").path("objects").get(0);
        assertEquals("p1", change.path("key").asText());
        assertTrue(p.path("diff").path("text").asText().contains("+    mtu: 9000"), p.toString());
        assertEquals(1, api.lifecycle.runningVersion(), "a proposal changes nothing");
        assertEquals(1, api.applier.applied.size());

        final Reply got = api.get("/v1/proposals/" + p.path("id").asText());
        assertEquals(200, got.status());
        assertEquals(MTU_9000, got.json().path("document").asText());
    }

    @Test
    void shouldAnswerTheRoutersPreviewWithTheProposalAndAtEachGet() throws Exception
    {
        final JsonNode p = api.post("/v1/proposals", Json.write(Map.of("document", MTU_9000, "message", "m", "first", 0))).json();
        assertEquals(List.of("preview 0"), api.router.calls.stream().filter(c -> c.startsWith("preview")).toList());
        final JsonNode preview = p.path("preview");
        assertEquals(0, preview.path("first").asInt(), p.toString());
        assertTrue(preview.path("bgp").asBoolean());
        final JsonNode imports = preview.path("imports").get(0);
        assertEquals("transit2", imports.path("neighbor").asText());
        assertEquals(1, imports.path("rejected").path("count").asLong());
        assertEquals(0, imports.path("rejected").path("first").size(), "first 0: counted, none listed");
        assertFalse(p.has("preview_error"));

        final JsonNode got = api.get("/v1/proposals/" + p.path("id").asText()).json();
        final JsonNode rejected = got.path("preview").path("imports").get(0).path("rejected").path("first").get(0);
        assertEquals("198.18.99.0/24", rejected.path("prefix").asText(), got.toString());
        assertEquals("198.18.3.2", rejected.path("before").path("next_hop").asText());
        assertFalse(rejected.has("after"));
        assertEquals(List.of("198.18.3.2"), List.of(got.path("preview").path("rib_changes").path("first").get(0)
            .path("before").get(0).asText()));
        assertEquals(20, got.path("preview").path("first").asInt(), "first defaults to 20");
        assertEquals(400, api.get("/v1/proposals/" + p.path("id").asText() + "?first=1001").status());
        assertEquals(400, api.post("/v1/proposals", Json.write(Map.of("document", MTU_9000, "first", -1))).status());
    }

    @Test
    void shouldReportAFailedPreviewInTheAnswerNotAsAFailedProposal() throws Exception
    {
        api.router.previewFails = new IllegalStateException("the BGP speaker did not answer within 10000 ms");
        final Reply made = propose(MTU_9000);
        assertEquals(201, made.status(), made.toString());
        final JsonNode p = made.json();
        assertTrue(p.path("valid").asBoolean());
        assertFalse(p.has("preview"));
        assertEquals("no preview: the BGP speaker did not answer within 10000 ms", p.path("preview_error").asText());
        api.router.previewFails = null;

        final String bad = edit(DOCUMENT, "    device: net_af_packet1\n", "    device: net_af_packet1\n    mtu: 70000\n");
        final JsonNode invalid = propose(bad).json();
        assertEquals("no preview: the proposal is not valid", invalid.path("preview_error").asText());
        assertEquals(201, api.post("/v1/proposals/" + p.path("id").asText() + "/commit", "{}").status());
        assertTrue(api.get("/v1/proposals/" + p.path("id").asText()).json().path("preview_error").asText()
            .startsWith("no preview: the proposal is committed as commit 2"));
    }

    @Test
    void shouldCarryThePreviewInValidateOnlyWhenAsked() throws Exception
    {
        final JsonNode plain = api.unix("POST", "/v1/config/validate", MTU_9000, "Content-Type", "application/yaml").json();
        assertTrue(plain.path("valid").asBoolean());
        assertFalse(plain.has("preview"), plain.toString());
        final JsonNode asked = api.unix("POST", "/v1/config/validate?preview=true&first=1", MTU_9000, "Content-Type", "application/yaml").json();
        assertEquals(1, asked.path("preview").path("first").asInt(), asked.toString());
        assertEquals(1, asked.path("preview").path("best_changes").path("count").asLong());
        assertEquals(400, api.unix("POST", "/v1/config/validate?preview=maybe", MTU_9000, "Content-Type", "application/yaml").status());
        assertEquals(1, api.lifecycle.runningVersion(), "nothing changed");
    }

    @Test
    void shouldKeepAnInvalidProposalWithItsProblemsAndRefuseToCommitIt() throws Exception
    {
        final String bad = edit(DOCUMENT, "    device: net_af_packet1\n", "    device: net_af_packet1\n    mtu: 70000\n");
        final JsonNode p = propose(bad).json();
        assertFalse(p.path("valid").asBoolean());
        assertEquals("ports[1].mtu", p.path("problems").get(0).path("field").asText(), p.toString());
        assertFalse(p.has("diff"));
        final Reply commit = api.post("/v1/proposals/" + p.path("id").asText() + "/commit", "{}");
        assertEquals(422, commit.status(), commit.toString());
        assertEquals(1, api.lifecycle.runningVersion());
    }

    @Test
    void shouldCommitAProposalOnItsBaseWithAConfirmWindow() throws Exception
    {
        final String id = propose(MTU_9000, "claude-code").json().path("id").asText();
        final Reply commit = api.unix("POST", "/v1/proposals/" + id + "/commit", "{\"confirm_minutes\": 10}",
            "Content-Type", "application/json", "X-Junction-Agent", "claude-code");
        assertEquals(201, commit.status(), commit.toString());
        assertEquals(2, commit.json().path("number").asLong());
        assertEquals("jumbo frames on p1", commit.json().path("message").asText(), "the proposal's message");
        assertTrue(commit.json().has("confirm_by"));
        assertEquals("\"2\"", commit.header("ETag"));
        assertEquals(MTU_9000, api.lifecycle.running().orElseThrow().document());
        assertTrue(api.lifecycle.pendingConfirm().isPresent());
        assertEquals(2, api.get("/v1/proposals/" + id).json().path("committed").asLong());

        final Reply again = api.post("/v1/proposals/" + id + "/commit", "{\"message\": \"again\"}");
        assertEquals(409, again.status(), again.toString());
        assertEquals("conflict", again.json().path("reason").asText());

        final List<AuditLog.Entry> audit = api.audit();
        final AuditLog.Entry committed = audit.stream().filter(e -> e.action().equals("proposal.commit") && e.status() == 201)
            .findFirst().orElseThrow();
        assertEquals("unix:root", committed.who());
        assertEquals(Optional.of("claude-code"), committed.agent());
        assertTrue(committed.detail().contains(id), committed.detail());
        assertTrue(audit.stream().anyMatch(e -> e.action().equals("proposal.create") && e.agent().equals(Optional.of("claude-code"))));
        assertTrue(audit.stream().anyMatch(e -> e.action().equals("proposal.commit") && e.status() == 409 &&
            e.result().equals("refused")), "a refusal is audited");
    }

    @Test
    void shouldRefuseAStaleProposalAndChangeNothing() throws Exception
    {
        final String id = propose(MTU_9000).json().path("id").asText();
        assertEquals(201, api.post("/v1/commits", commitBody(MTU_4000, 1, "someone else's change")).status());

        final Reply stale = api.post("/v1/proposals/" + id + "/commit", "{\"message\": \"late\"}");
        assertEquals(409, stale.status(), stale.toString());
        assertEquals("stale-version", stale.json().path("reason").asText());
        assertTrue(stale.json().path("detail").asText().contains("version 1"), stale.toString());
        assertEquals(2, api.lifecycle.runningVersion(), "nothing changed");
        assertEquals(MTU_4000, api.lifecycle.running().orElseThrow().document());
        assertEquals(2, api.applier.applied.size());
        assertTrue(api.audit().stream().anyMatch(e -> e.action().equals("proposal.commit") && e.status() == 409));
    }

    @Test
    void shouldAnswer404ForAnUnknownProposalAndRefuseBadRequestsByField() throws Exception
    {
        final Reply unknown = api.post("/v1/proposals/p-000000000000/commit", "{\"message\": \"x\"}");
        assertEquals(404, unknown.status(), unknown.toString());
        assertEquals(List.of("id"), unknown.errorFields());
        assertEquals(404, api.get("/v1/proposals/p-nothing").status());
        assertEquals(List.of("document"), api.post("/v1/proposals", "{}").errorFields());
        assertEquals(List.of("extra"), api.post("/v1/proposals", "{\"document\": \"x\", \"extra\": 1}").errorFields());
        final String id = api.post("/v1/proposals", Json.write(Map.of("document", MTU_9000))).json().path("id").asText();
        assertEquals(List.of("message"), api.post("/v1/proposals/" + id + "/commit", "{}").errorFields(),
            "no message of its own: the commit must give one");
        assertEquals(List.of("confirm_minutes"),
            api.post("/v1/proposals/" + id + "/commit", "{\"message\": \"m\", \"confirm_minutes\": 0}").errorFields());
        assertEquals(1, api.lifecycle.runningVersion());
    }

    @Test
    void shouldLetOperateProposeAndCommitButNotRead() throws Exception
    {
        final String read = token("reader", "read");
        final String operate = token("noc", "operate");
        final Reply byReader = api.tcp("POST", "/v1/proposals", read, Json.write(Map.of("document", MTU_9000)));
        assertEquals(403, byReader.status(), byReader.toString());

        final Reply proposed = api.tcp("POST", "/v1/proposals", operate, Json.write(Map.of("document", MTU_9000, "message", "m")));
        assertEquals(201, proposed.status(), proposed.toString());
        final String id = proposed.json().path("id").asText();
        assertEquals(200, api.tcp("GET", "/v1/proposals/" + id, read, null).status(), "reading one needs read");

        final Reply readCommit = api.tcp("POST", "/v1/proposals/" + id + "/commit", read, "{}");
        assertEquals(403, readCommit.status(), readCommit.toString());
        assertEquals(1, api.lifecycle.runningVersion(), "a read token cannot commit");

        final Reply commit = api.tcp("POST", "/v1/proposals/" + id + "/commit", operate, "{\"confirm_minutes\": 5}");
        assertEquals(201, commit.status(), commit.toString());
        assertEquals("token:noc", commit.json().path("author").asText());
        assertEquals(200, api.tcp("POST", "/v1/commits/confirm", operate, "{}").status(), "operate confirms");
        assertEquals(201, api.tcp("POST", "/v1/rollback", operate, "{\"number\": 1}").status(), "operate rolls back");
        assertEquals(403, api.tcp("POST", "/v1/commits", operate, commitBody(DOCUMENT, 3, "still admin")).status());

        final AuditLog.Entry refused = api.audit().stream()
            .filter(e -> e.who().equals("token:reader") && e.action().equals("proposal.commit")).findFirst().orElseThrow();
        assertEquals(403, refused.status());
        assertEquals("refused", refused.result());
    }

    @Test
    void shouldKeepAtMostTheBoundOfProposals()
    {
        final Proposals proposals = new Proposals(java.time.InstantSource.system());
        final List<Proposals.Proposal> made = new java.util.ArrayList<>();
        for (int i = 0; i <= Proposals.MAX_PROPOSALS; i++)
        {
            final Proposals.Proposal p = new Proposals.Proposal(Proposals.newId(), 1, "unix:root", Optional.empty(),
                Optional.empty(), proposals.now(), "x", List.of(), Optional.empty(), java.util.OptionalLong.empty());
            proposals.add(p);
            made.add(p);
        }
        assertTrue(proposals.get(made.getFirst().id()).isEmpty(), "the oldest is dropped");
        assertTrue(proposals.get(made.getLast().id()).isPresent());
        final java.time.Instant later = java.time.Instant.now().plus(Proposals.MAX_AGE).plusSeconds(1);
        final Proposals aged = new Proposals(() -> later);
        aged.add(made.get(1));
        assertTrue(aged.get(made.get(1).id()).isEmpty(), "an expired proposal is gone");
    }
}
