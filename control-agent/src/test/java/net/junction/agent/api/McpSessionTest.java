/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import static net.junction.agent.api.ApiFixture.DOCUMENT;
import static net.junction.agent.api.ApiFixture.commitBody;
import static net.junction.agent.config.ConfigDocuments.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import net.junction.agent.JunctionVersion;
import net.junction.agent.journal.RouteJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MCP session with the SDK's own client against {@code junction mcp} run as a child process
 * (its real stdio), talking to a real API server ({@link ApiFixture}: a real config lifecycle and a
 * {@link FakeRouter}). Lives beside the API tests for the fixture.
 */
class McpSessionTest
{
    private static final String MTU_9000 = edit(DOCUMENT, "    device: net_af_packet1\n",
        "    device: net_af_packet1\n    mtu: 9000\n");
    private static final Set<String> READS = Set.of("status", "interfaces", "routes", "lookup", "explain", "neighbors",
        "neighbor_routes", "running_config", "commit_history", "route_history", "table_at", "route_why", "ip_neighbors");
    private static final Set<String> TOOLS = union(READS, Set.of("propose_change", "commit_proposal", "confirm", "rollback"));

    @TempDir
    Path temp;
    private ApiFixture api;
    private RouteJournal journal;
    private final List<String> childErrors = new ArrayList<>();

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

    private static Set<String> union(final Set<String> a, final Set<String> b)
    {
        final Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** {@code junction mcp} with these global options, as an agent's MCP client starts it. */
    private McpSyncClient session(final String... options)
    {
        final List<String> args = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"),
            "net.junction.agent.cli.client.JunctionCli", "mcp"));
        args.addAll(List.of(options));
        final ServerParameters server = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
            .args(args).build();
        final StdioClientTransport transport = new StdioClientTransport(server, new JacksonMcpJsonMapper(new ObjectMapper()));
        transport.setStdErrorHandler(childErrors::add);
        final McpSyncClient client = McpClient.sync(transport)
            .clientInfo(new McpSchema.Implementation("test-agent", "1.0"))
            .initializationTimeout(Duration.ofSeconds(60))
            .requestTimeout(Duration.ofSeconds(30))
            .enableCallToolSchemaCaching(true) // the client checks each structured result against its output schema
            .build();
        client.initialize();
        return client;
    }

    private static McpSchema.CallToolResult call(final McpSyncClient client, final String tool, final Map<String, Object> arguments)
    {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ok(final McpSyncClient client, final String tool, final Map<String, Object> arguments)
    {
        final McpSchema.CallToolResult result = call(client, tool, arguments);
        assertFalse(Boolean.TRUE.equals(result.isError()), tool + ": " + text(result));
        assertNotNull(result.structuredContent(), tool);
        return (Map<String, Object>)result.structuredContent();
    }

    private static String error(final McpSyncClient client, final String tool, final Map<String, Object> arguments)
    {
        final McpSchema.CallToolResult result = call(client, tool, arguments);
        assertEquals(Boolean.TRUE, result.isError(), tool + " " + arguments + ": expected a tool error, got " + text(result));
        return text(result);
    }

    private static String text(final McpSchema.CallToolResult result)
    {
        return result.content().stream().filter(c -> c instanceof McpSchema.TextContent)
            .map(c -> ((McpSchema.TextContent)c).text()).collect(Collectors.joining("\n"));
    }

    private static long number(final Object value)
    {
        return ((Number)value).longValue();
    }

    @Test
    void shouldListToolsReadProposeCommitConfirmAndRollBack() throws Exception
    {
        api = ApiFixture.start(temp);
        assertEquals(201, api.post("/v1/commits", commitBody(DOCUMENT, 0, "first")).status());
        try (McpSyncClient client = session("--socket", api.server.socket().orElseThrow().toString()))
        {
            assertEquals("junction", client.getServerInfo().name());
            assertEquals(JunctionVersion.get(), client.getServerInfo().version(), "the version status and --version say");
            final List<McpSchema.Tool> tools = client.listTools().tools();
            assertEquals(new TreeSet<>(TOOLS), tools.stream().map(McpSchema.Tool::name).collect(Collectors.toCollection(TreeSet::new)));
            for (final McpSchema.Tool tool : tools)
            {
                assertEquals("object", tool.inputSchema().get("type"), tool.name());
                assertNotNull(tool.outputSchema(), tool.name());
                assertEquals("object", tool.outputSchema().get("type"), tool.name());
                assertTrue(tool.description().contains("Example: {"), tool.name() + " shows an example");
                assertNotNull(tool.annotations(), tool.name());
                assertEquals(READS.contains(tool.name()), tool.annotations().readOnlyHint(), tool.name());
                assertEquals(Set.of("commit_proposal", "rollback").contains(tool.name()), tool.annotations().destructiveHint(),
                    tool.name());
            }
            final McpSchema.Tool lookup = tools.stream().filter(t -> t.name().equals("lookup")).findFirst().orElseThrow();
            assertEquals(List.of("address"), lookup.inputSchema().get("required"));
            final McpSchema.Tool propose = tools.stream().filter(t -> t.name().equals("propose_change")).findFirst().orElseThrow();
            assertTrue(propose.description().contains("Read the preview before committing"), propose.description());
            @SuppressWarnings("unchecked")
            final Map<String, Object> proposalProperties = (Map<String, Object>)propose.outputSchema().get("properties");
            assertTrue(proposalProperties.containsKey("preview") && proposalProperties.containsKey("preview_error"),
                proposalProperties.keySet().toString());

            // reads
            assertEquals(1L, number(ok(client, "status", Map.of()).get("running_version")));
            assertEquals(2, ((List<?>)ok(client, "interfaces", Map.of()).get("interfaces")).size());
            assertEquals(1, ((List<?>)ok(client, "interfaces", Map.of("name", "p1")).get("interfaces")).size());
            final List<?> arp = (List<?>)ok(client, "ip_neighbors", Map.of("family", "ipv4", "port", "p1")).get("neighbors");
            assertEquals(2, arp.size(), arp.toString());
            assertEquals(true, ((Map<?, ?>)arp.get(0)).get("static"), arp.toString());
            assertEquals(4, ((List<?>)ok(client, "ip_neighbors", Map.of()).get("neighbors")).size());
            assertTrue(error(client, "ip_neighbors", Map.of("port", "p9")).contains("no port named 'p9'"));
            final Map<String, Object> page = ok(client, "routes", Map.of("protocol", "static", "limit", 10));
            assertEquals("c1", page.get("next_cursor"));
            final Map<String, Object> found = ok(client, "lookup", Map.of("address", "198.18.100.7"));
            assertEquals(true, found.get("found"));
            assertEquals(false, ok(client, "lookup", Map.of("address", "192.0.2.1")).get("found"));
            final Map<String, Object> explained = ok(client, "explain", Map.of("prefix", "198.18.64.0/18"));
            assertEquals(true, explained.get("found"));
            assertEquals("198.18.64.0/18", ((Map<?, ?>)explained.get("explanation")).get("prefix"));
            assertEquals(true, ok(client, "explain", Map.of("address", "198.18.64.9")).get("found"));
            assertEquals(false, ok(client, "explain", Map.of("prefix", "192.0.2.0/24")).get("found"));
            assertTrue(error(client, "explain", Map.of()).contains("exactly one"));
            assertTrue(error(client, "explain", Map.of("address", "198.18.64.9", "prefix", "198.18.64.0/18"))
                .contains("exactly one"));
            assertEquals(1, ((List<?>)ok(client, "neighbors", Map.of()).get("neighbors")).size());
            assertEquals(1, ((List<?>)ok(client, "neighbor_routes", Map.of("name", "transit1", "table", "received"))
                .get("routes")).size());
            assertTrue(api.router.calls.contains("neighborRoutes transit1 RECEIVED"), api.router.calls.toString());
            final Map<String, Object> running = ok(client, "running_config", Map.of());
            assertEquals(1L, number(running.get("version")));
            assertEquals(DOCUMENT, running.get("document"));
            assertEquals(1, ((List<?>)ok(client, "commit_history", Map.of("limit", 5)).get("commits")).size());

            // the route journal: the SDK's client checks each answer against the tool's output schema
            journal = JournalFixture.filled(temp.resolve("router-state"));
            api.router.journal = journal;
            final List<?> changes = (List<?>)ok(client, "route_history", Map.of("prefix", "198.18.64.0/18", "limit", 3)).get("changes");
            assertEquals(3, changes.size());
            assertEquals("withdrawal", ((Map<?, ?>)((Map<?, ?>)changes.getFirst()).get("cause")).get("kind"));
            final Map<String, Object> then = ok(client, "table_at", Map.of("time", "2026-12-06T09:00:05.5Z", "prefix", "198.18.0.0/16",
                "longer", true, "limit", 2));
            assertEquals(List.of("198.18.64.0/18", "198.18.99.0/24"),
                ((List<?>)then.get("routes")).stream().map(r -> ((Map<?, ?>)r).get("prefix")).toList());
            assertNotNull(then.get("next_cursor"));
            final Map<String, Object> rest = ok(client, "table_at", Map.of("time", "2026-12-06T09:00:05.5Z", "prefix", "198.18.0.0/16",
                "longer", true, "cursor", then.get("next_cursor")));
            assertEquals(1, ((List<?>)rest.get("routes")).size());
            final Map<String, Object> why = ok(client, "route_why", Map.of("prefix", "198.18.99.0/24"));
            assertEquals(true, why.get("found"));
            assertEquals("hold timer expired", ((Map<?, ?>)((Map<?, ?>)why.get("explanation")).get("cause_event")).get("reason"));
            final Map<String, Object> byCommit = ok(client, "route_why", Map.of("prefix", "198.18.64.0/18", "time", "2026-12-06T09:00:05Z"));
            assertEquals("alice", ((Map<?, ?>)((Map<?, ?>)byCommit.get("explanation")).get("cause_event")).get("author"));
            assertEquals(false, ok(client, "route_why", Map.of("prefix", "192.0.2.0/24")).get("found"));
            assertTrue(error(client, "table_at", Map.of("time", "yesterday")).contains("time"));
            api.router.journal = null;
            assertTrue(error(client, "route_history", Map.of("prefix", "198.18.64.0/18")).contains("no-journal"));
            assertTrue(error(client, "route_why", Map.of("prefix", "198.18.64.0/18")).contains("no-journal"));

            // resources
            assertEquals(Set.of("junction://config/running", "junction://commits"),
                client.listResources().resources().stream().map(McpSchema.Resource::uri).collect(Collectors.toSet()));
            final McpSchema.ReadResourceResult config = client.readResource(new McpSchema.ReadResourceRequest("junction://config/running"));
            assertEquals(DOCUMENT, ((McpSchema.TextResourceContents)config.contents().getFirst()).text());

            // malformed calls: a tool error that says what was wrong, and nothing changes
            final int auditBefore = api.audit().size();
            assertTrue(error(client, "lookup", Map.of()).contains("address"));
            assertTrue(error(client, "routes", Map.of("limit", 5000)).contains("limit"));
            assertTrue(error(client, "routes", Map.of("family", "ipv5")).contains("family"));
            assertTrue(error(client, "status", Map.of("bogus", 1)).contains("bogus"));
            assertTrue(error(client, "commit_proposal", Map.of("proposal_id", "p-000000000000", "message", "m"))
                .contains("not-found"));
            assertTrue(error(client, "lookup", Map.of("address", "not-an-address")).contains("address"));
            assertEquals(1, api.lifecycle.runningVersion(), "malformed calls change nothing");
            assertEquals(auditBefore + 1, api.audit().size(), "only the refused commit reached the router (and its audit log)");

            // propose, commit with the agent's default confirm window, confirm
            final Map<String, Object> proposal = ok(client, "propose_change", Map.of("document", MTU_9000, "message", "jumbo frames"));
            assertEquals(true, proposal.get("valid"));
            assertEquals(1L, number(proposal.get("base_version")));
            assertNotNull(proposal.get("diff"));
            @SuppressWarnings("unchecked")
            final Map<String, Object> preview = (Map<String, Object>)proposal.get("preview");
            assertNotNull(preview, "the preview comes with the proposal: " + proposal);
            @SuppressWarnings("unchecked")
            final Map<String, Object> imports = ((List<Map<String, Object>>)preview.get("imports")).getFirst();
            assertEquals("transit2", imports.get("neighbor"));
            @SuppressWarnings("unchecked")
            final Map<String, Object> rejected = (Map<String, Object>)imports.get("rejected");
            assertEquals(1L, number(rejected.get("count")));
            @SuppressWarnings("unchecked")
            final Map<String, Object> firstRejected = ((List<Map<String, Object>>)rejected.get("first")).getFirst();
            assertEquals("198.18.99.0/24", firstRejected.get("prefix"));
            assertEquals(1, api.lifecycle.runningVersion(), "proposing changes nothing");
            final Map<String, Object> commit = ok(client, "commit_proposal", Map.of("proposal_id", proposal.get("id")));
            assertEquals(2L, number(commit.get("number")));
            assertEquals("jumbo frames", commit.get("message"));
            assertNotNull(commit.get("confirm_by"), "agents commit with a confirm window by default");
            assertTrue(api.lifecycle.pendingConfirm().isPresent());
            assertEquals(MTU_9000, api.lifecycle.running().orElseThrow().document());
            final AuditLog.Entry audited = api.audit().stream().filter(e -> e.action().equals("proposal.commit") && e.status() == 201)
                .findFirst().orElseThrow();
            assertEquals(Optional.of("test-agent/1.0"), audited.agent());
            assertEquals("unix:root", audited.who());

            assertTrue(error(client, "commit_proposal", Map.of("proposal_id", proposal.get("id"))).contains("conflict"));
            @SuppressWarnings("unchecked")
            final Map<String, Object> pendingWindow = (Map<String, Object>)commit.get("confirm");
            assertEquals("pending", pendingWindow.get("state"), commit.toString());
            final Map<String, Object> confirmed = ok(client, "confirm", Map.of());
            assertEquals(2L, number(confirmed.get("number")));
            @SuppressWarnings("unchecked")
            final Map<String, Object> window = (Map<String, Object>)confirmed.get("confirm");
            assertEquals("confirmed", window.get("state"), "confirm's answer says the commit is confirmed: " + confirmed);
            assertNotNull(window.get("confirmed_at"), confirmed.toString());
            assertTrue(api.lifecycle.pendingConfirm().isEmpty());
            assertTrue(error(client, "confirm", Map.of()).contains("not-pending"));

            // rollback
            assertEquals(3L, number(ok(client, "rollback", Map.of("number", 1)).get("number")));
            assertEquals(DOCUMENT, api.lifecycle.running().orElseThrow().document());
            @SuppressWarnings("unchecked")
            final List<Map<String, Object>> commits = (List<Map<String, Object>>)ok(client, "commit_history", Map.of()).get("commits");
            assertEquals(window, commits.get(1).get("confirm"), "commit_history says commit 2 is confirmed");
        }
    }

    @Test
    void shouldRefuseWritesWithAReadTokenAndChangeNothing() throws Exception
    {
        api = new ApiFixture(temp, ApiServer.Options.defaults(), true);
        assertEquals(201, api.post("/v1/commits", commitBody(DOCUMENT, 0, "first")).status());
        final String read = api.post("/v1/tokens", "{\"name\": \"agent\", \"role\": \"read\"}").json().path("token").asText();
        final String url = "https://127.0.0.1:" + api.server.tcpAddress().orElseThrow().getPort();
        try (McpSyncClient client = session("--api", url, "--token", read, "--insecure"))
        {
            assertEquals(1L, number(ok(client, "status", Map.of()).get("running_version")));
            final String refused = error(client, "propose_change", Map.of("document", MTU_9000, "message", "m"));
            assertTrue(refused.contains("forbidden"), refused);
            assertTrue(error(client, "rollback", Map.of("number", 1)).contains("forbidden"));
            assertEquals(1, api.lifecycle.runningVersion(), "a read token changes nothing");
            final AuditLog.Entry entry = api.audit().stream().filter(e -> e.action().equals("proposal.create")).findFirst().orElseThrow();
            assertEquals("token:agent", entry.who());
            assertEquals(403, entry.status());
            assertEquals(Optional.of("test-agent/1.0"), entry.agent());
        }
    }
}
