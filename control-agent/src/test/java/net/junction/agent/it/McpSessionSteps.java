/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.it;

import static net.junction.agent.it.McpSessionIT.BIRD_AS;
import static net.junction.agent.it.McpSessionIT.BIRD_GATEWAY;
import static net.junction.agent.it.McpSessionIT.BIRD_NET;
import static net.junction.agent.it.McpSessionIT.BIRD_NET_2;
import static net.junction.agent.it.McpSessionIT.JUNCTION_AS;
import static net.junction.agent.it.McpSessionIT.JUNCTION_NET;
import static net.junction.agent.it.McpSessionIT.JUNCTION_NET_2;
import static net.junction.agent.it.McpSessionIT.TAG;
import static net.junction.agent.it.McpTranscript.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;

import net.junction.agent.LabIT;
import net.junction.bgp.interop.BirdPeer;
import net.junction.bgp.interop.PeerDaemon;
import net.junction.bgp.interop.Route;

/**
 * What an agent does through MCP in {@link McpSessionIT}, one method per step, each given the MCP
 * client to do it with: the steps do not know the transport (stdio here; streamable HTTP runs the
 * same steps with its own clients). Each step checks the router's answers against what is true
 * outside MCP: the router's API on its UNIX socket, and BIRD's own table ({@code birdc}).
 * <p>
 * The steps are in order and keep what the next one needs (the proposals, the commits, BIRD's table
 * once the first change is confirmed): one instance per run of the steps, on a router whose running
 * commit is the baseline the instance is given.
 */
final class McpSessionSteps
{
    static final Duration T = Duration.ofSeconds(30);
    /** How many changed routes of each kind a preview lists: more than this router ever changes. */
    static final int FIRST = 100;
    private static final int CONFIRM_MINUTES = 1;
    /** The local-pref the import policy gives BIRD's first prefix, and the one proposal B gives it. */
    static final long LOCAL_PREF = 150;
    static final long LOCAL_PREF_B = 200;
    /** What BIRD's second prefix gets from the default local-pref (no term sets it). */
    static final long LOCAL_PREF_DEFAULT = 100;
    /** A range of the journal's table holding BIRD's two prefixes and none of Junction's. */
    static final String BIRD_RANGE = "198.19.48.0/20";
    static final String MESSAGE_A = "drop BIRD's " + BIRD_NET_2 + "; keep " + JUNCTION_NET_2 + " from BIRD, tag the rest " + TAG;
    static final String MESSAGE_B = "prepend twice toward BIRD and prefer its " + BIRD_NET + " more, for a minute";

    // The edits an agent makes to the running document (each old text is there exactly once).
    /** Proposal A, import: drop BIRD's second prefix. */
    static final String PREFER_BIRD = "        - {name: prefer-bird, match: {prefixes: [" + BIRD_NET
        + "]}, set: {local-pref: " + LOCAL_PREF + "}, then: accept}\n";
    static final String DROP_52 = "        - {name: drop-52, match: {prefixes: [" + BIRD_NET_2 + "]}, then: reject}\n";
    /** Proposal A, export: hold Junction's second prefix back from BIRD, tag what goes. */
    static final String TO_BIRD_ALL = "    to-bird: {otherwise: accept}\n";
    static final String TAG_TERM = "        - {name: tag, set: {add-communities: ['" + TAG + "']}, then: accept}\n";
    static final String TO_BIRD_A = "    to-bird:\n"
        + "      terms:\n"
        + "        - {name: hold-201, match: {prefixes: [" + JUNCTION_NET_2 + "]}, then: reject}\n"
        + TAG_TERM
        + "      otherwise: reject\n";
    /** Proposal B: prepend Junction's AS twice on what goes to BIRD... */
    static final String TAG_PREPEND_TERM = "        - {name: tag, set: {add-communities: ['" + TAG
        + "'], prepend: {count: 2}}, then: accept}\n";
    /** ...and prefer BIRD's first prefix more: a best route changes, so the journal has commit B and its rollback. */
    static final String PREFER_BIRD_MORE = PREFER_BIRD.replace("local-pref: " + LOCAL_PREF, "local-pref: " + LOCAL_PREF_B);
    /** The stale proposal: send BIRD nothing at all. */
    static final String TO_BIRD_NOTHING = "    to-bird: {otherwise: reject}\n";

    private final ApiClient api;
    private final BirdPeer bird;
    private final long baseline;

    // Kept from step to step.
    private String proposalA;
    private String documentA;
    private JsonNode previewA;
    private Tables beforeA;
    private String staleProposal;
    private long commitA = -1;
    private List<Route> birdConfirmed;
    private long commitB = -1;
    private Instant deadlineB;
    /** From the journal (step 4): BIRD's second prefix as BIRD announced it, when, and when commit A dropped it. */
    private JsonNode announced2;
    private Instant commitATime;

    /**
     * @param api  the router's API on its UNIX socket (root: admin): the truth the steps check MCP's answers against.
     * @param bird the BIRD peer.
     * @param baseline the commit the steps start from (the router's first: BGP with BIRD, no policy change yet).
     */
    McpSessionSteps(final ApiClient api, final BirdPeer bird, final long baseline)
    {
        this.api = api;
        this.bird = bird;
        this.baseline = baseline;
    }

    // ------------------------------------------------------------------------------------------ the steps

    /**
     * Step 1: the tools are the ones docs/mcp.md lists, each with an input schema that refuses unknown
     * arguments and names the documented ones, an output schema, the documented annotations, and an
     * example in its description, and the server's instructions name each; the two resources are there.
     */
    void listTools(final McpSyncClient client) throws IOException
    {
        assertEquals("junction", client.getServerInfo().name());
        final Map<String, DocumentedTool> documented = DocumentedTool.read(LabIT.junctionHome().resolve("docs/mcp.md"));
        final McpSchema.ListToolsResult listed = client.listTools();
        assertEquals(null, listed.nextCursor(), "one page of tools");
        final Map<String, McpSchema.Tool> tools = listed.tools().stream()
            .collect(Collectors.toMap(McpSchema.Tool::name, t -> t, (a, b) -> a, TreeMap::new));
        assertEquals(new TreeSet<>(documented.keySet()), tools.keySet(), "the tools docs/mcp.md lists");
        for (final McpSchema.Tool tool : tools.values())
        {
            final DocumentedTool doc = documented.get(tool.name());
            final JsonNode input = ApiClient.JSON.valueToTree(tool.inputSchema());
            assertEquals("object", input.path("type").asText(), tool.name() + " input: " + input);
            assertFalse(input.path("additionalProperties").asBoolean(true), tool.name() + " refuses unknown arguments");
            final Set<String> properties = new TreeSet<>();
            input.path("properties").fieldNames().forEachRemaining(properties::add);
            assertEquals(new TreeSet<>(doc.arguments().keySet()), properties, tool.name() + " arguments as documented");
            for (final JsonNode required : input.path("required"))
            {
                assertFalse(doc.arguments().get(required.asText()), tool.name() + ": " + required + " documented optional");
            }
            final JsonNode output = ApiClient.JSON.valueToTree(tool.outputSchema());
            assertEquals("object", output.path("type").asText(), tool.name() + " output: " + output);
            assertFalse(output.path("properties").isEmpty(), tool.name() + " output schema names its fields");
            assertNotNull(tool.annotations(), tool.name());
            assertEquals(doc.readOnly(), tool.annotations().readOnlyHint(), tool.name() + " read-only");
            assertEquals(doc.destructive(), tool.annotations().destructiveHint(), tool.name() + " destructive");
            assertEquals(doc.idempotent(), tool.annotations().idempotentHint(), tool.name() + " idempotent");
            assertEquals(doc.apiMethod().equals("GET"), tool.annotations().readOnlyHint(),
                tool.name() + ": read-only exactly when it is a read (its API request a GET: " + doc.apiMethod() + ")");
            assertTrue(tool.description().contains("Example: {"), tool.name() + " shows an example call");
        }
        final String instructions = client.getServerInstructions();
        assertNotNull(instructions, "the server's instructions");
        for (final String tool : tools.keySet())
        {
            assertTrue(Pattern.compile("\\b" + tool + "\\b").matcher(instructions).find(), "the instructions name " + tool
                + ": " + instructions);
        }
        assertEquals(Set.of("junction://config/running", "junction://commits"),
            client.listResources().resources().stream().map(McpSchema.Resource::uri).collect(Collectors.toSet()));
    }

    /**
     * Step 2: explain a route learned from BIRD: installed through BIRD's address (its ARP entry
     * resolved), one BGP candidate, BIRD's, best, with BIRD's AS path and the import term that set its
     * local-pref; by address, the same; BIRD's second prefix accepted by the policy's otherwise.
     */
    void explainRouteFromBird(final McpSyncClient client)
    {
        // The route and its gateway's ARP entry may still be arriving: wait for them outside MCP.
        PeerDaemon.waitFor(() -> api.getJson("/v1/routes/explain?prefix=" + BIRD_NET),
            e -> e.path("fib").path("next_hops").path(0).path("resolved").asBoolean(), T,
            BIRD_NET + " installed through BIRD, its gateway resolved");

        final JsonNode answer = ok(client, "explain", args("prefix", BIRD_NET));
        assertTrue(answer.path("found").asBoolean(), answer.toString());
        final JsonNode e = answer.path("explanation");
        assertEquals(BIRD_NET, e.path("prefix").asText(), e.toString());
        assertEquals(1, e.path("bgp").size(), "one candidate, BIRD's: " + e);
        final JsonNode winner = e.path("bgp").path(0);
        assertTrue(winner.path("best").asBoolean(), e.toString());
        assertTrue(winner.path("lost_at").isMissingNode(), "the best lost at no step: " + winner);
        assertEquals("bird4", winner.path("path").path("neighbor").asText(), e.toString());
        assertEquals(List.of(BIRD_AS), longs(winner.path("path").path("as_path")), "BIRD's AS path: " + e);
        assertEquals(BIRD_GATEWAY, winner.path("path").path("next_hop").asText(), e.toString());
        assertEquals(LOCAL_PREF, winner.path("path").path("local_pref").asLong(), "set by the import term: " + e);
        assertEquals("from-bird", winner.path("import_policy").asText(), e.toString());
        assertEquals("prefer-bird", winner.path("import_term").asText(), e.toString());
        assertEquals("ebgp", e.path("fib").path("protocol").asText(), e.toString());
        final JsonNode hop = e.path("fib").path("next_hops").path(0);
        assertEquals(BIRD_GATEWAY, hop.path("address").asText(), e.toString());
        assertTrue(hop.path("resolved").asBoolean(), e.toString());
        assertEquals(0, e.path("rejected").size(), e.toString());

        final JsonNode byAddress = ok(client, "explain", args("address", host(BIRD_NET)));
        assertEquals(BIRD_NET, byAddress.path("explanation").path("prefix").asText(), byAddress.toString());

        final JsonNode second = ok(client, "explain", args("prefix", BIRD_NET_2)).path("explanation");
        assertEquals("from-bird", second.path("bgp").path(0).path("import_policy").asText(), second.toString());
        assertTrue(second.path("bgp").path(0).path("import_term").isMissingNode(), "accepted by otherwise: " + second);
    }

    /**
     * Step 3: propose a policy change (import: drop BIRD's second prefix; export: hold Junction's
     * second prefix back from BIRD and tag the rest) made from running_config, and read its preview:
     * what it names is checked against what the commit then does (step 4). A second proposal is made
     * on the same base, to be stale once the first is committed. Nothing changes.
     */
    void proposePolicyChange(final McpSyncClient client)
    {
        final RouterState before = routerState();
        beforeA = tables(client);
        assertTrue(beforeA.accepted().containsKey(BIRD_NET_2), "accepted from BIRD before: " + beforeA.accepted().keySet());
        assertTrue(beforeA.advertised().keySet().containsAll(List.of(JUNCTION_NET, JUNCTION_NET_2)),
            "sent to BIRD before: " + beforeA.advertised().keySet());
        for (final JsonNode sent : beforeA.advertised().values())
        {
            // What is sent says what it is (Junction's own networks here), not a protocol and distance of BIRD's side.
            assertEquals("network", sent.path("source").asText(), sent.toString());
            assertTrue(sent.path("protocol").isMissingNode() && sent.path("distance").isMissingNode(), sent.toString());
        }

        final JsonNode running = ok(client, "running_config", args());
        final long base = running.path("version").asLong();
        assertEquals(before.version(), base);
        final String document = running.path("document").asText();
        documentA = edit(edit(document, PREFER_BIRD, PREFER_BIRD + DROP_52), TO_BIRD_ALL, TO_BIRD_A);
        final JsonNode proposal = ok(client, "propose_change", args("document", documentA, "message", MESSAGE_A,
            "first", FIRST));
        proposalA = proposal.path("id").asText();
        assertTrue(proposalA.matches("p-[0-9a-f]{12}"), proposal.toString());
        assertEquals(base, proposal.path("base_version").asLong(), proposal.toString());
        assertTrue(proposal.path("valid").asBoolean(), proposal.toString());
        assertEquals(List.of("policy from-bird changed", "policy term from-bird/drop-52 added", "policy to-bird changed",
            "policy term to-bird/hold-201 added", "policy term to-bird/tag added"), diffObjects(proposal), proposal.toString());
        previewA = proposal.path("preview");
        assertTrue(previewA.path("bgp").asBoolean() && !previewA.path("empty").asBoolean(), proposal.toString());
        assertEquals(0, previewA.path("neighbors_going").size(), "a policy change resets no session: " + previewA);
        // What the preview names (checked whole against the commit in step 4).
        assertEquals(List.of(BIRD_NET_2), previewed(previewA, "imports", "rejected"), previewA.toString());
        assertTrue(previewed(previewA, "exports", "withdrawn").contains(JUNCTION_NET_2), previewA.toString());
        assertTrue(previewed(previewA, "exports", "changed").contains(JUNCTION_NET), previewA.toString());
        assertEquals(List.of(BIRD_NET_2), prefixes(previewA.path("rib_changes")), previewA.toString());

        final JsonNode stale = ok(client, "propose_change", args("document", edit(document, TO_BIRD_ALL, TO_BIRD_NOTHING),
            "message", "send BIRD nothing"));
        staleProposal = stale.path("id").asText();
        assertTrue(stale.path("valid").asBoolean(), stale.toString());
        assertEquals(base, stale.path("base_version").asLong(), stale.toString());

        assertEquals(before, routerState(), "proposing changes nothing");
    }

    /**
     * Step 4: commit proposal A with the agents' default confirm window; BIRD's own table changes
     * as the preview said; the preview is exactly what changed in Junction's tables (accepted from
     * BIRD, sent to BIRD, the RIB); explain says why BIRD's second prefix is gone; confirm; the
     * status has no pending confirm, and a second confirm is refused.
     */
    void commitAndConfirm(final McpSyncClient client)
    {
        final Instant before = Instant.now();
        final JsonNode commit = ok(client, "commit_proposal", args("proposal_id", proposalA));
        commitA = commit.path("number").asLong();
        assertEquals(beforeA.version() + 1, commitA, commit.toString());
        assertEquals("unix:root", commit.path("author").asText(), commit.toString());
        final Instant confirmBy = Instant.parse(commit.path("confirm_by").asText());
        assertTrue(!confirmBy.isBefore(before.plus(Duration.ofMinutes(9))) && confirmBy.isBefore(Instant.now().plus(
            Duration.ofMinutes(11))), "the agents' default window, 10 minutes: " + commit);
        final JsonNode pending = ok(client, "status", args()).path("pending_confirm");
        assertEquals(commitA, pending.path("commit").asLong(), pending.toString());
        assertEquals(beforeA.version(), pending.path("rollback_to").asLong(), pending.toString());

        // In BIRD's own table: Junction's second prefix withdrawn, the first tagged.
        bird.waitForNoRoute(JUNCTION_NET_2, T);
        bird.waitForRoute(JUNCTION_NET, r -> r.communities().contains(TAG) && r.asPath().equals(List.of(JUNCTION_AS)), T);
        PeerDaemon.waitFor(() -> api.get("/v1/routes/lookup?address=" + host(BIRD_NET_2)).status(), s -> s == 404, T,
            "no route for " + BIRD_NET_2 + " once the import policy drops it");
        final JsonNode lookup = ok(client, "lookup", args("address", host(BIRD_NET_2)));
        assertFalse(lookup.path("found").asBoolean(), lookup.toString());

        // The preview is what the commit did.
        assertPreviewIsWhatChanged(previewA, beforeA, tables(client));
        final JsonNode why = ok(client, "explain", args("prefix", BIRD_NET_2)).path("explanation");
        final JsonNode rejected = why.path("rejected").path(0);
        assertEquals(List.of("bird4", "import-policy", "from-bird", "drop-52"), List.of(rejected.path("neighbor").asText(),
            rejected.path("reason").asText(), rejected.path("policy").asText(), rejected.path("term").asText()), why.toString());
        assertTrue(why.path("fib").isMissingNode() && why.path("bgp").isEmpty(), why.toString());

        assertEquals("pending", commit.path("confirm").path("state").asText(), commit.toString());
        final JsonNode confirmed = ok(client, "confirm", args());
        assertEquals(commitA, confirmed.path("number").asLong(), confirmed.toString());
        assertEquals("confirmed", confirmed.path("confirm").path("state").asText(), "confirm's answer says so: " + confirmed);
        final JsonNode status = ok(client, "status", args());
        assertTrue(status.path("pending_confirm").isMissingNode(), "nothing awaits confirmation");
        assertEquals(client.getServerInfo().version(), status.path("version").asText(), "one version: status and MCP's");
        assertTrue(refused(client, "confirm", args()).contains("not-pending"));
        birdConfirmed = birdTable();
    }

    /**
     * Step 4, the route journal: commit A's drop of BIRD's second prefix is its newest change (cause
     * {@code commit}, commit A's number, BIRD's route before, none after), and the change before it is
     * BIRD's announce (cause {@code update} from BIRD's address, no route before); route_why names
     * commit A (number, author, message) and that announce. Each answer is the API's own.
     */
    void readTheCommitInTheJournal(final McpSyncClient client)
    {
        final JsonNode fromApi = journalHistory(BIRD_NET_2, commitA);
        final JsonNode history = ok(client, "route_history", args("prefix", BIRD_NET_2));
        assertSameJson(fromApi, history, "route_history is the API's /v1/routes/history");
        final JsonNode changes = history.path("changes");
        assertEquals(2, changes.size(), "BIRD's announce, commit A's drop: " + history);
        final JsonNode dropped = changes.path(0);
        assertSameJson(commitCause(commitA), dropped.path("cause"), "commit A's drop");
        assertBirdsRoute(dropped.path("before"), LOCAL_PREF_DEFAULT);
        assertTrue(dropped.path("after").isMissingNode(), "no route after the drop: " + dropped);
        final JsonNode announce = changes.path(1);
        assertEquals(List.of("update", BIRD_GATEWAY), List.of(announce.path("cause").path("kind").asText(),
            announce.path("cause").path("neighbor").asText()), announce.toString());
        assertTrue(announce.path("before").isMissingNode(), "a new prefix: " + announce);
        assertSameJson(dropped.path("before"), announce.path("after"), "the route the commit dropped is the one announced");
        announced2 = announce;
        commitATime = time(dropped);

        final JsonNode why = ok(client, "route_why", args("prefix", BIRD_NET_2));
        assertTrue(why.path("found").asBoolean(), why.toString());
        final JsonNode explanation = why.path("explanation");
        assertSameJson(api.getJson("/v1/routes/why?prefix=" + BIRD_NET_2), explanation, "route_why is the API's /v1/routes/why");
        assertSameJson(dropped, explanation.path("change"), "the change route_why explains");
        assertSameJson(announce, explanation.path("previous"), "the change before it");
        final JsonNode event = explanation.path("cause_event");
        assertEquals(List.of("commit", commitA, "unix:root", MESSAGE_A), List.of(event.path("type").asText(),
            event.path("number").asLong(), event.path("author").asText(), event.path("message").asText()), event.toString());
        assertFalse(time(event).isAfter(commitATime), "the commit before the change it made: " + explanation);
    }

    /**
     * Step 5 (a second session): malformed calls (an argument missing, of the wrong type, out of
     * range, unknown; an unknown tool; an unknown proposal, a stale one, one already committed, a
     * rollback to no commit; a document that is not valid) each get an error that says what was
     * wrong, and change nothing: the running version and document, the pending confirm, BIRD's table.
     */
    void refuseMalformedCalls(final McpSyncClient client)
    {
        final RouterState before = routerState();
        final List<String> texts = new ArrayList<>();
        final Malformed malformed = (tool, arguments, says) ->
        {
            final String text = refused(client, tool, arguments);
            texts.add(text);
            for (final String word : says)
            {
                assertTrue(text.contains(word), tool + " " + json(arguments) + ": the error says " + word + ": " + text);
            }
            assertEquals(before, routerState(), tool + " " + json(arguments) + " changed something");
        };
        malformed.call("commit_proposal", args("message", "no id"), "proposal_id");
        malformed.call("propose_change", args("message", "no document"), "document");
        malformed.call("rollback", args("number", "one"), "number");
        malformed.call("commit_proposal", args("proposal_id", 42), "proposal_id");
        malformed.call("commit_proposal", args("proposal_id", staleProposal, "confirm_minutes", 5000), "confirm_minutes");
        malformed.call("routes", args("limit", 0), "limit");
        malformed.call("propose_change", args("document", documentA, "force", true), "force");
        malformed.call("explain", args("address", host(BIRD_NET), "prefix", BIRD_NET), "exactly one");
        malformed.call("lookup", args("address", "198.19.51"), "address", "invalid-request");
        malformed.call("commit_proposal", args("proposal_id", "p-000000000000", "message", "no such proposal"), "not-found");
        malformed.call("commit_proposal", args("proposal_id", staleProposal), "stale-version", "propose again");
        malformed.call("commit_proposal", args("proposal_id", proposalA), "conflict", "already committed as commit " + commitA);
        malformed.call("rollback", args("number", 999), "not-found");
        // The SDK answers an unknown tool with a JSON-RPC error (its message is fixed; its data names the tool).
        final McpError unknownTool = assertThrows(McpError.class, () -> client.callTool(request("delete_all_routes", args())));
        assertEquals(McpSchema.ErrorCodes.INVALID_PARAMS, unknownTool.getJsonRpcError().code(), unknownTool.toString());
        assertTrue(String.valueOf(unknownTool.getJsonRpcError().data()).contains("delete_all_routes"), unknownTool.toString());
        assertEquals(before, routerState(), "an unknown tool changed something");

        // A document that is not valid: proposed, it says which field is wrong; committed, it is refused.
        final String bad = edit(documentA, "local-pref: " + LOCAL_PREF, "local-pref: high");
        final JsonNode invalid = ok(client, "propose_change", args("document", bad, "message", "a typo"));
        assertFalse(invalid.path("valid").asBoolean(), invalid.toString());
        assertTrue(invalid.path("problems").toString().contains("local-pref"), invalid.toString());
        assertEquals(1, invalid.path("problems").size(), "the policy's own problem, no follow-on: " + invalid);
        assertTrue(invalid.path("preview").isMissingNode() && invalid.path("preview_error").asText().contains("not valid"),
            invalid.toString());
        malformed.call("commit_proposal", args("proposal_id", invalid.path("id").asText()), "invalid", "local-pref");
        System.out.println("[mcp] the malformed calls' errors:\n  " + String.join("\n  ", texts));
    }

    /**
     * Step 6 (the second session): proposal B (prepend Junction's AS twice toward BIRD, and a higher
     * local-pref for BIRD's first prefix: a best route changes, the journal has it), previewed,
     * committed with a one-minute confirm window; BIRD's table has the longer path; the status says
     * what awaits confirmation and what it would return to.
     */
    void commitWithOneMinuteWindow(final McpSyncClient client)
    {
        final Tables before = tables(client);
        final JsonNode running = ok(client, "running_config", args());
        assertEquals(commitA, running.path("version").asLong());
        final String document = edit(edit(running.path("document").asText(), TAG_TERM, TAG_PREPEND_TERM),
            PREFER_BIRD, PREFER_BIRD_MORE);
        final JsonNode proposal = ok(client, "propose_change", args("document", document, "message", MESSAGE_B,
            "first", FIRST));
        final JsonNode preview = proposal.path("preview");
        assertTrue(previewed(preview, "exports", "changed").contains(JUNCTION_NET), proposal.toString());
        assertEquals(List.of(), previewed(preview, "exports", "withdrawn"), preview.toString());
        assertEquals(List.of(BIRD_NET), previewed(preview, "imports", "changed"), "BIRD's first prefix, a local-pref: " + preview);
        assertEquals(List.of(BIRD_NET), prefixes(preview.path("best_changes")), preview.toString());
        assertEquals(0, preview.path("rib_changes").path("count").asInt(), "no next hop changes: " + preview);

        final Instant before1 = Instant.now();
        final JsonNode commit = ok(client, "commit_proposal", args("proposal_id", proposal.path("id").asText(),
            "confirm_minutes", CONFIRM_MINUTES));
        commitB = commit.path("number").asLong();
        assertEquals(commitA + 1, commitB, commit.toString());
        deadlineB = Instant.parse(commit.path("confirm_by").asText());
        assertTrue(!deadlineB.isBefore(before1.plus(Duration.ofSeconds(55))) && deadlineB.isBefore(Instant.now().plus(
            Duration.ofSeconds(65))), "a one-minute window: " + commit);
        bird.waitForRoute(JUNCTION_NET, r -> r.asPath().equals(List.of(JUNCTION_AS, JUNCTION_AS, JUNCTION_AS))
            && r.communities().contains(TAG), T);
        assertPreviewIsWhatChanged(preview, before, tables(client));
        final JsonNode pending = ok(client, "status", args()).path("pending_confirm");
        assertEquals(commitB, pending.path("commit").asLong(), pending.toString());
        assertEquals(commitA, pending.path("rollback_to").asLong(), pending.toString());
        assertEquals(deadlineB, Instant.parse(pending.path("deadline").asText()), pending.toString());
    }

    /**
     * Step 7, while commit B awaits confirmation: a session with a read token reads, and every write
     * it tries (propose, commit, confirm, rollback) is refused as forbidden and changes nothing; the
     * refusals are in the router's audit log under the token's name and the agent's.
     */
    void refuseWritesWithAReadToken(final McpSyncClient reader, final String tokenName, final String agent)
    {
        assertTrue(Instant.now().isBefore(deadlineB.minusSeconds(15)),
            "time left in commit " + commitB + "'s window for the read token's calls (its deadline " + deadlineB + ")");
        final RouterState before = routerState();
        assertEquals(commitB, ok(reader, "status", args()).path("running_version").asLong());
        final List<String> bgpRoutes = prefixes(ok(reader, "routes", args("protocol", "bgp")));
        assertTrue(bgpRoutes.contains(BIRD_NET) && !bgpRoutes.contains(BIRD_NET_2), "a read token reads: " + bgpRoutes);

        final List<String> refusals = new ArrayList<>();
        for (final Map.Entry<String, Map<String, Object>> write : List.of(
            Map.entry("propose_change", args("document", documentA, "message", "a reader tries")),
            Map.entry("commit_proposal", args("proposal_id", staleProposal, "message", "a reader tries")),
            Map.entry("confirm", args()),
            Map.entry("rollback", args("number", baseline, "message", "a reader tries"))))
        {
            final String text = refused(reader, write.getKey(), write.getValue());
            refusals.add(text);
            assertTrue(text.contains("forbidden") && text.contains("HTTP 403"), write.getKey() + ": " + text);
            assertEquals(before, routerState(), "a read token's " + write.getKey() + " changed something");
        }
        System.out.println("[mcp] the read token's refusals:\n  " + String.join("\n  ", refusals));
        final JsonNode audit = api.getJson("/v1/audit?limit=50");
        final long recorded = stream(audit.isArray() ? audit : audit.path("records"))
            .filter(r -> r.path("who").asText().equals("token:" + tokenName) && r.path("status").asInt() == 403
                && agent.equals(r.path("agent").asText()))
            .count();
        assertEquals(4, recorded, "each refusal audited with the token and the agent: " + audit);
    }

    /**
     * Step 8 (the second session): commit B's window ends unconfirmed; the router rolls it back to
     * commit A (a commit by the router itself), BIRD's table is again what it was once A was confirmed,
     * and the session sees it in the status and the commit history.
     */
    void seeTheRollback(final McpSyncClient client)
    {
        PeerDaemon.waitFor(() -> api.getJson("/v1/status").path("running_version").asLong(), v -> v > commitB,
            Duration.between(Instant.now(), deadlineB).plusSeconds(60), "the router rolls commit " + commitB + " back at "
                + deadlineB);
        PeerDaemon.waitFor(this::birdTable, birdConfirmed::equals, T, "BIRD's table as it was once commit " + commitA
            + " was confirmed: " + birdConfirmed);

        final JsonNode status = ok(client, "status", args());
        assertTrue(status.path("pending_confirm").isMissingNode(), status.toString());
        assertEquals(commitB + 1, status.path("running_version").asLong(), status.toString());
        final JsonNode history = ok(client, "commit_history", args("limit", 3)).path("commits");
        final JsonNode rollback = history.path(0);
        assertEquals(commitB + 1, rollback.path("number").asLong(), history.toString());
        assertEquals("junction", rollback.path("author").asText(), "made by the router: " + rollback);
        assertTrue(rollback.path("message").asText().contains("not confirmed")
            && rollback.path("message").asText().contains("rolled back to commit " + commitA), rollback.toString());
        assertEquals(commitB, history.path(1).path("number").asLong(), history.toString());
        assertTrue(history.path(1).has("confirm_by"), history.toString());
        assertEquals(List.of("expired", commitB + 1), List.of(history.path(1).path("confirm").path("state").asText(),
            history.path(1).path("confirm").path("rolled_back_by").asLong()), "commit B expired, rolled back: " + history);
        assertEquals("confirmed", history.path(2).path("confirm").path("state").asText(), "commit A confirmed: " + history);
        assertEquals(documentA, ok(client, "running_config", args()).path("document").asText(), "commit A's document runs");
        assertTrue(Instant.now().isAfter(deadlineB), "rolled back at the deadline, not before");
    }

    /**
     * Step 8, the route journal: BIRD's first prefix went from the local-pref of the import policy to
     * commit B's and back by the rollback (cause {@code commit}, the rollback's number; route_why names
     * the rollback, made by the router); the table at a time between commit B and the rollback has it
     * with commit B's local-pref, and at a time before commit A it has BIRD's two prefixes as BIRD
     * announced them. Each answer is the API's own.
     */
    void readTheRollbackInTheJournal(final McpSyncClient client)
    {
        final long rollback = commitB + 1;
        final JsonNode fromApi = journalHistory(BIRD_NET, rollback);
        final JsonNode history = ok(client, "route_history", args("prefix", BIRD_NET));
        assertSameJson(fromApi, history, "route_history is the API's /v1/routes/history");
        final JsonNode changes = history.path("changes");
        assertEquals(3, changes.size(), "BIRD's announce, commit B, the rollback: " + history);
        final JsonNode rolledBack = changes.path(0);
        final JsonNode committed = changes.path(1);
        final JsonNode announce = changes.path(2);
        assertSameJson(commitCause(rollback), rolledBack.path("cause"), "the rollback's change");
        assertBirdsRoute(rolledBack.path("before"), LOCAL_PREF_B);
        assertBirdsRoute(rolledBack.path("after"), LOCAL_PREF);
        assertSameJson(commitCause(commitB), committed.path("cause"), "commit B's change");
        assertBirdsRoute(committed.path("before"), LOCAL_PREF);
        assertBirdsRoute(committed.path("after"), LOCAL_PREF_B);
        assertEquals(List.of("update", BIRD_GATEWAY), List.of(announce.path("cause").path("kind").asText(),
            announce.path("cause").path("neighbor").asText()), announce.toString());
        assertBirdsRoute(announce.path("after"), LOCAL_PREF);

        final JsonNode why = ok(client, "route_why", args("prefix", BIRD_NET)).path("explanation");
        assertSameJson(api.getJson("/v1/routes/why?prefix=" + BIRD_NET), why, "route_why is the API's /v1/routes/why");
        final JsonNode event = why.path("cause_event");
        assertEquals(List.of("commit", rollback, "junction"), List.of(event.path("type").asText(), event.path("number").asLong(),
            event.path("author").asText()), "the router's rollback: " + why);
        assertTrue(event.path("message").asText().contains("not confirmed"), event.toString());

        // The table at a time in commit B's window, and at a time before commit A.
        final Instant inWindow = between(time(committed), time(rolledBack));
        assertSameJson(routes(tableRoute(BIRD_NET, committed.path("after"))), tableAt(client, inWindow),
            "the table at " + inWindow + ", in commit " + commitB + "'s window");
        final Instant beforeA = between(max(time(announce), time(announced2)), commitATime);
        assertSameJson(routes(tableRoute(BIRD_NET, announce.path("after")), tableRoute(BIRD_NET_2, announced2.path("after"))),
            tableAt(client, beforeA), "the table at " + beforeA + ", before commit " + commitA);
    }

    // ------------------------------------------------------------------------------------------ the journal, checked

    /** The API's history of {@code prefix} once its newest change is {@code commit}'s (appended a few ms after it). */
    private JsonNode journalHistory(final String prefix, final long commit)
    {
        return PeerDaemon.waitFor(() -> api.getJson("/v1/routes/history?prefix=" + prefix),
            h -> sameJson(commitCause(commit), h.path("changes").path(0).path("cause")), T,
            "the journal's newest change of " + prefix + " made by commit " + commit);
    }

    /** {@link #BIRD_RANGE}'s routes at {@code time} through table_at, checked against the API's /v1/routes/at. */
    private JsonNode tableAt(final McpSyncClient client, final Instant time)
    {
        final JsonNode page = ok(client, "table_at", args("time", time.toString(), "prefix", BIRD_RANGE, "longer", true));
        assertSameJson(api.getJson("/v1/routes/at?time=" + time + "&prefix=" + BIRD_RANGE + "&longer=true"), page,
            "table_at is the API's /v1/routes/at");
        assertTrue(page.path("next_cursor").isMissingNode(), page.toString());
        assertEquals(time, Instant.parse(page.path("time").asText()), page.toString());
        return page.path("routes");
    }

    private static JsonNode routes(final JsonNode... routes)
    {
        return ApiClient.JSON.createArrayNode().addAll(List.of(routes));
    }

    /** A route of a past table: its prefix and the journal's route state. */
    private static JsonNode tableRoute(final String prefix, final JsonNode state)
    {
        final ObjectNode route = ApiClient.JSON.createObjectNode().put("prefix", prefix);
        route.setAll((ObjectNode)state);
        return route;
    }

    private static JsonNode commitCause(final long commit)
    {
        return ApiClient.JSON.createObjectNode().put("kind", "commit").put("commit", commit);
    }

    /** Equal as JSON: numbers by value (a tree read from text and one made from the SDK's maps type them apart). */
    private static boolean sameJson(final JsonNode want, final JsonNode got)
    {
        return want.equals((a, b) -> a.equals(b) || a.isNumber() && b.isNumber()
            && 0 == a.decimalValue().compareTo(b.decimalValue()) ? 0 : 1, got);
    }

    private static void assertSameJson(final JsonNode want, final JsonNode got, final String what)
    {
        assertTrue(sameJson(want, got), what + ":\n want " + want + "\n got  " + got);
    }

    /** A route of BIRD's as the journal keeps it: through BIRD, learned from it, BIRD's AS path, this local-pref. */
    private static void assertBirdsRoute(final JsonNode state, final long localPref)
    {
        assertEquals(List.of(BIRD_GATEWAY), strings(state.path("next_hops")), state.toString());
        assertEquals(BIRD_GATEWAY, state.path("neighbor").asText(), state.toString());
        assertEquals("[{\"type\":\"sequence\",\"asns\":[" + BIRD_AS + "]}]", state.path("as_path").toString(), state.toString());
        assertEquals(localPref, state.path("local_pref").asLong(-1), state.toString());
    }

    private static Instant time(final JsonNode record)
    {
        return Instant.parse(record.path("time").asText());
    }

    private static Instant max(final Instant a, final Instant b)
    {
        return a.isAfter(b) ? a : b;
    }

    /** A time strictly between two records' times: the middle, to the millisecond when that is still between. */
    private static Instant between(final Instant after, final Instant before)
    {
        final Instant middle = after.plus(Duration.between(after, before).dividedBy(2));
        final Instant millis = middle.truncatedTo(ChronoUnit.MILLIS);
        final Instant time = millis.isAfter(after) ? millis : middle;
        assertTrue(time.isAfter(after) && time.isBefore(before), "no time between " + after + " and " + before);
        return time;
    }

    // ------------------------------------------------------------------------------------------ the preview, checked

    /** Junction's tables the preview speaks of, read through MCP. */
    record Tables(long version, Map<String, JsonNode> accepted, Map<String, JsonNode> advertised, Map<String, JsonNode> rib)
    {
    }

    private static Tables tables(final McpSyncClient client)
    {
        return new Tables(ok(client, "status", args()).path("running_version").asLong(),
            byPrefix(ok(client, "neighbor_routes", args("name", "bird4", "table", "accepted", "limit", 1000))),
            byPrefix(ok(client, "neighbor_routes", args("name", "bird4", "table", "advertised", "limit", 1000))),
            byPrefix(ok(client, "routes", args("protocol", "bgp", "limit", 1000))));
    }

    /**
     * The preview names exactly what changed between {@code before} and {@code after}: per kind, the
     * prefixes and their count (imports against the routes accepted from bird4, exports against the
     * routes sent to it, best paths against the RIB's BGP routes' paths, next hops against their next hops).
     * A RIB route does not carry its BGP path: each one's best path is the path accepted from bird4, the
     * only neighbor.
     */
    static void assertPreviewIsWhatChanged(final JsonNode preview, final Tables before, final Tables after)
    {
        final String context = "preview " + preview + "\nbefore " + before + "\nafter " + after;
        assertEquals(1, after.version() - before.version(), context);
        assertKinds(preview, "imports", before.accepted(), after.accepted(), List.of("accepted", "rejected", "changed"), context);
        assertKinds(preview, "exports", before.advertised(), after.advertised(), List.of("announced", "withdrawn", "changed"),
            context);
        final Map<String, JsonNode> pathsBefore = bestPaths(before);
        final Map<String, JsonNode> pathsAfter = bestPaths(after);
        assertEquals(changed(pathsBefore, pathsAfter), prefixes(preview.path("best_changes")), "best paths: " + context);
        final Map<String, JsonNode> hopsBefore = field(before.rib(), "next_hops");
        final Map<String, JsonNode> hopsAfter = field(after.rib(), "next_hops");
        assertEquals(changed(hopsBefore, hopsAfter), prefixes(preview.path("rib_changes")), "next hops: " + context);
        for (final JsonNode change : preview.path("rib_changes").path("first"))
        {
            final String prefix = change.path("prefix").asText();
            assertEquals(addresses(hopsBefore.get(prefix)), strings(change.path("before")), prefix + ": " + context);
            assertEquals(addresses(hopsAfter.get(prefix)), strings(change.path("after")), prefix + ": " + context);
        }
    }

    /** The RIB's BGP routes' best paths: each the path accepted from bird4, the only neighbor. */
    private static Map<String, JsonNode> bestPaths(final Tables tables)
    {
        final Map<String, JsonNode> paths = new TreeMap<>(PREFIX_ORDER);
        for (final String prefix : tables.rib().keySet())
        {
            final JsonNode accepted = tables.accepted().get(prefix);
            assertNotNull(accepted, "a BGP route in the RIB, not accepted from bird4: " + prefix + " in " + tables);
            paths.put(prefix, accepted.path("bgp"));
        }
        return paths;
    }

    /** For imports (kinds accepted, rejected, changed) or exports (announced, withdrawn, changed). */
    private static void assertKinds(final JsonNode preview, final String part, final Map<String, JsonNode> before,
        final Map<String, JsonNode> after, final List<String> kinds, final String context)
    {
        final Set<String> added = new TreeSet<>(PREFIX_ORDER);
        added.addAll(after.keySet());
        added.removeAll(before.keySet());
        final Set<String> gone = new TreeSet<>(PREFIX_ORDER);
        gone.addAll(before.keySet());
        gone.removeAll(after.keySet());
        final Map<String, JsonNode> pathsBefore = field(before, "bgp");
        final Map<String, JsonNode> pathsAfter = field(after, "bgp");
        pathsBefore.keySet().removeAll(gone);
        pathsAfter.keySet().removeAll(added);
        final List<List<String>> want = List.of(List.copyOf(added), List.copyOf(gone), changed(pathsBefore, pathsAfter));
        for (int i = 0; i < kinds.size(); i++)
        {
            assertEquals(want.get(i), previewed(preview, part, kinds.get(i)), part + " " + kinds.get(i) + ": " + context);
        }
    }

    /** Prefixes in both or either whose value differs, in prefix order. */
    private static List<String> changed(final Map<String, JsonNode> before, final Map<String, JsonNode> after)
    {
        final Set<String> all = new TreeSet<>(PREFIX_ORDER);
        all.addAll(before.keySet());
        all.addAll(after.keySet());
        return all.stream().filter(p -> !String.valueOf(before.get(p)).equals(String.valueOf(after.get(p)))).toList();
    }

    /**
     * The prefixes bird4's entry under {@code part} lists as {@code kind}, having checked that its count
     * is that many (all listed: {@link #FIRST} is more than ever changes here); none when there is no entry.
     */
    static List<String> previewed(final JsonNode preview, final String part, final String kind)
    {
        for (final JsonNode side : preview.path(part))
        {
            if (side.path("neighbor").asText().equals("bird4"))
            {
                return prefixes(side.path(kind));
            }
        }
        return List.of();
    }

    /** {@code {count, first: [{prefix}]}}, or a RoutePage: the prefixes, all listed. */
    static List<String> prefixes(final JsonNode changes)
    {
        final JsonNode list = changes.has("routes") ? changes.path("routes") : changes.path("first");
        final List<String> prefixes = new ArrayList<>();
        list.forEach(c -> prefixes.add(c.path("prefix").asText()));
        if (changes.has("count"))
        {
            assertEquals(changes.path("count").asInt(), prefixes.size(), "all listed: " + changes);
        }
        return prefixes;
    }

    private static final Comparator<String> PREFIX_ORDER = Comparator.comparing((String p) -> p.contains(":"))
        .thenComparing(p -> address(p.substring(0, p.indexOf('/'))))
        .thenComparingInt(p -> Integer.parseInt(p.substring(p.indexOf('/') + 1)));

    private static String address(final String text)
    {
        try
        {
            final byte[] bytes = java.net.InetAddress.ofLiteral(text).getAddress();
            final StringBuilder hex = new StringBuilder();
            for (final byte b : bytes)
            {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        }
        catch (final IllegalArgumentException ex)
        {
            return text;
        }
    }

    private static Map<String, JsonNode> byPrefix(final JsonNode page)
    {
        assertTrue(page.path("next_cursor").isMissingNode(), "one page: " + page);
        final Map<String, JsonNode> routes = new TreeMap<>(PREFIX_ORDER);
        for (final JsonNode route : page.path("routes"))
        {
            routes.put(route.path("prefix").asText(), route);
        }
        return routes;
    }

    private static Map<String, JsonNode> field(final Map<String, JsonNode> routes, final String name)
    {
        final Map<String, JsonNode> values = new TreeMap<>(PREFIX_ORDER);
        routes.forEach((prefix, route) -> values.put(prefix, route.path(name)));
        return values;
    }

    private static List<String> addresses(final JsonNode nextHops)
    {
        final List<String> list = new ArrayList<>();
        if (null != nextHops)
        {
            nextHops.forEach(h -> list.add(h.path("address").asText()));
        }
        return list;
    }

    // ------------------------------------------------------------------------------------------ the router, outside MCP

    /** What must not change when a call is refused. */
    record RouterState(long version, String document, String pendingConfirm, List<Route> bird)
    {
    }

    RouterState routerState()
    {
        final ApiClient.Answer config = api.get("/v1/config");
        assertEquals(200, config.status(), config.toString());
        return new RouterState(Long.parseLong(config.etag().replace("\"", "")), config.body(),
            api.getJson("/v1/status").path("pending_confirm").toString(), birdTable());
    }

    long runningVersion()
    {
        final ApiClient.Answer config = api.get("/v1/config");
        assertEquals(200, config.status(), config.toString());
        return Long.parseLong(config.etag().replace("\"", ""));
    }

    /** BIRD's table (its own routes and Junction's), in a fixed order. */
    List<Route> birdTable()
    {
        final List<Route> routes = new ArrayList<>(bird.routes());
        routes.sort(Comparator.comparing(Route::toString));
        return List.copyOf(routes);
    }

    // ------------------------------------------------------------------------------------------ calls

    @FunctionalInterface
    private interface Malformed
    {
        void call(String tool, Map<String, Object> arguments, String... says);
    }

    /** Arguments in the order given (as the transcript shows them). */
    static Map<String, Object> args(final Object... namesAndValues)
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2)
        {
            map.put((String)namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    private static McpSchema.CallToolRequest request(final String tool, final Map<String, Object> arguments)
    {
        return McpSchema.CallToolRequest.builder().name(tool).arguments(arguments).build();
    }

    /** The tool's structured result, wanting no error. */
    static JsonNode ok(final McpSyncClient client, final String tool, final Map<String, Object> arguments)
    {
        final McpSchema.CallToolResult result = client.callTool(request(tool, arguments));
        assertFalse(Boolean.TRUE.equals(result.isError()), tool + " " + json(arguments) + ": " + text(result));
        assertNotNull(result.structuredContent(), tool);
        final JsonNode structured = ApiClient.JSON.valueToTree(result.structuredContent());
        assertEquals(structured, ApiClient.JSON.valueToTree(parse(text(result))), tool + ": the text is the structured result");
        return structured;
    }

    /** The tool's error text, wanting an error. */
    static String refused(final McpSyncClient client, final String tool, final Map<String, Object> arguments)
    {
        final McpSchema.CallToolResult result = client.callTool(request(tool, arguments));
        assertEquals(Boolean.TRUE, result.isError(), tool + " " + json(arguments) + ": want an error, got " + text(result));
        return text(result);
    }

    private static String text(final McpSchema.CallToolResult result)
    {
        return result.content().stream().filter(c -> c instanceof McpSchema.TextContent)
            .map(c -> ((McpSchema.TextContent)c).text()).collect(Collectors.joining("\n"));
    }

    private static JsonNode parse(final String text)
    {
        try
        {
            return ApiClient.JSON.readTree(text);
        }
        catch (final IOException ex)
        {
            throw new AssertionError("not JSON: " + text, ex);
        }
    }

    private static List<String> diffObjects(final JsonNode proposal)
    {
        final List<String> objects = new ArrayList<>();
        proposal.path("diff").path("objects").forEach(o -> objects.add(o.path("kind").asText() + " " + o.path("key").asText()
            + " " + o.path("type").asText()));
        return objects;
    }

    /** {@code text} with {@code old} (there exactly once) replaced. */
    static String edit(final String text, final String old, final String replacement)
    {
        final int at = text.indexOf(old);
        assertTrue(at >= 0 && text.indexOf(old, at + 1) < 0, "once in the document: " + old + "\n" + text);
        return text.substring(0, at) + replacement + text.substring(at + old.length());
    }

    /** An address inside an IPv4 /24 prefix: its .7. */
    static String host(final String prefix)
    {
        return prefix.substring(0, prefix.lastIndexOf('.')) + ".7";
    }

    private static List<Long> longs(final JsonNode array)
    {
        final List<Long> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asLong()));
        return list;
    }

    private static List<String> strings(final JsonNode array)
    {
        final List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    private static java.util.stream.Stream<JsonNode> stream(final JsonNode array)
    {
        final List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list.stream();
    }

    // ------------------------------------------------------------------------------------------ docs/mcp.md

    /**
     * One row of docs/mcp.md's tool table: its arguments (name to whether the table marks it optional
     * with {@code ?}), the method of the API request it makes ({@code GET} for a read), and its annotation columns.
     */
    record DocumentedTool(String name, Map<String, Boolean> arguments, String apiMethod, boolean readOnly, boolean destructive,
        boolean idempotent)
    {
        private static final Pattern ARGUMENT = Pattern.compile("`([a-z_]+)`(\\?)?");

        /** The rows of the table under "## Tools". */
        static Map<String, DocumentedTool> read(final Path file) throws IOException
        {
            final Map<String, DocumentedTool> tools = new TreeMap<>();
            boolean inTools = false;
            for (final String line : Files.readAllLines(file))
            {
                if (line.startsWith("## "))
                {
                    inTools = line.equals("## Tools");
                }
                if (!inTools || !line.startsWith("| `"))
                {
                    continue;
                }
                final String[] cells = line.split("\\|", -1);
                assertEquals(9, cells.length, "a row of the tool table: " + line);
                final String name = cells[1].strip().replace("`", "");
                final Map<String, Boolean> arguments = new TreeMap<>();
                // Outside parentheses, which hold an argument's values and defaults.
                final Matcher m = ARGUMENT.matcher(cells[2].replaceAll("\\([^)]*\\)", ""));
                while (m.find())
                {
                    arguments.put(m.group(1), null != m.group(2));
                }
                final String api = cells[4].strip().replace("`", "");
                assertTrue(api.matches("(GET|POST|PUT|PATCH|DELETE) /.+"), name + ": the API column is METHOD PATH: " + line);
                tools.put(name, new DocumentedTool(name, arguments, api.substring(0, api.indexOf(' ')), yes(cells[5]),
                    yes(cells[6]), yes(cells[7])));
            }
            assertFalse(tools.isEmpty(), "no tool table under '## Tools' in " + file);
            return tools;
        }

        private static boolean yes(final String cell)
        {
            assertTrue(Set.of("yes", "no").contains(cell.strip()), "yes or no: '" + cell + "'");
            return cell.strip().equals("yes");
        }
    }
}
