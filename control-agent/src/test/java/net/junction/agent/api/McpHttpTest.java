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

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import net.junction.agent.api.ApiFixture.Reply;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP over streamable HTTP on the API's listeners ({@code /mcp}): the SDK's own client over TLS with
 * bearer tokens and over the UNIX socket (through a {@link UnixSocketForwarder}: the JDK's HTTP client,
 * which the SDK's transport is built on, cannot open a UNIX socket), and raw HTTP for the transport's rules.
 * The server is a real {@link ApiServer} over a real config lifecycle and a {@link FakeRouter}.
 */
class McpHttpTest
{
    private static final String MTU_9000 = edit(DOCUMENT, "    device: net_af_packet1\n",
        "    device: net_af_packet1\n    mtu: 9000\n");
    private static final String ACCEPT = "application/json, text/event-stream";
    private static final String INITIALIZE = """
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18",
         "capabilities": {}, "clientInfo": {"name": "raw-agent", "version": "0.1"}}}""";
    private static final String CALL_STATUS = """
        {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "status", "arguments": {}}}""";
    private static final String CALL_PROPOSE = """
        {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "propose_change",
         "arguments": {"document": "name: x", "message": "m"}}}""";

    @TempDir
    Path temp;
    private ApiFixture api;
    private org.eclipse.jetty.client.HttpClient raw;
    private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception
    {
        for (final AutoCloseable c : closing.reversed())
        {
            c.close();
        }
        if (null != raw)
        {
            raw.stop();
        }
        if (null != api)
        {
            api.close();
        }
    }

    // --------------------------------------------------------------------------------------------- the SDK's client

    @Test
    void shouldServeTheToolsOverTlsToAnOperateToken() throws Exception
    {
        api = new ApiFixture(temp, ApiServer.Options.defaults(), true);
        assertEquals(201, api.post("/v1/commits", commitBody(DOCUMENT, 0, "first")).status());
        final String operate = token("agent", "operate");
        final McpSyncClient client = session(tlsUrl(), operate);

        assertEquals("junction", client.getServerInfo().name());
        final List<McpSchema.Tool> tools = client.listTools().tools();
        final Set<String> names = tools.stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("status", "interfaces", "routes", "lookup", "explain", "neighbors",
            "neighbor_routes", "running_config", "commit_history", "propose_change", "commit_proposal", "confirm", "rollback")),
            names.toString());
        tools.forEach(tool -> assertNotNull(tool.outputSchema(), tool.name()));

        // reads, and a resource
        assertEquals(1L, number(ok(client, "status", Map.of()).get("running_version")));
        final Map<String, Object> found = ok(client, "lookup", Map.of("address", "198.18.100.7"));
        assertEquals(true, found.get("found"));
        assertEquals(DOCUMENT, ok(client, "running_config", Map.of()).get("document"));
        final McpSchema.ReadResourceResult config = client.readResource(new McpSchema.ReadResourceRequest("junction://config/running"));
        assertEquals(DOCUMENT, ((McpSchema.TextResourceContents)config.contents().getFirst()).text());

        // malformed calls: a tool error naming the argument; nothing reaches the router or its audit log
        final int auditBefore = api.audit().size();
        final List<String> callsBefore = List.copyOf(api.router.calls);
        assertTrue(error(client, "lookup", Map.of()).contains("address"));
        assertTrue(error(client, "routes", Map.of("limit", 5000)).contains("limit"));
        assertTrue(error(client, "status", Map.of("bogus", 1)).contains("bogus"));
        assertEquals(callsBefore, api.router.calls, "a malformed call reaches nothing");
        final String refused = error(client, "lookup", Map.of("address", "not-an-address"));
        assertTrue(refused.contains("invalid-request") && refused.contains("address"), refused);
        assertEquals(auditBefore, api.audit().size(), "malformed reads write nothing");
        assertEquals(1, api.lifecycle.runningVersion());

        // a write: propose, commit (with the agent's confirm window), confirm
        final Map<String, Object> proposal = ok(client, "propose_change", Map.of("document", MTU_9000, "message", "jumbo frames"));
        assertEquals(true, proposal.get("valid"));
        assertEquals(1, api.lifecycle.runningVersion(), "proposing changes nothing");
        final Map<String, Object> commit = ok(client, "commit_proposal", Map.of("proposal_id", proposal.get("id")));
        assertEquals(2L, number(commit.get("number")));
        assertEquals("token:agent", commit.get("author"));
        assertNotNull(commit.get("confirm_by"));
        assertEquals(MTU_9000, api.lifecycle.running().orElseThrow().document());
        assertEquals(2L, number(ok(client, "confirm", Map.of()).get("number")));
        assertTrue(api.lifecycle.pendingConfirm().isEmpty());

        final AuditLog.Entry audited = api.audit().stream().filter(e -> e.action().equals("proposal.commit")).findFirst().orElseThrow();
        assertEquals("token:agent", audited.who());
        assertEquals("operate", audited.role());
        assertEquals("/v1/proposals/" + proposal.get("id") + "/commit", audited.path());
        assertEquals(201, audited.status());
        assertEquals(Optional.of("test-agent/1.0"), audited.agent());
        assertEquals(Set.of("proposal.create", "proposal.commit", "confirm"),
            api.audit().stream().filter(e -> e.who().equals("token:agent")).map(AuditLog.Entry::action).collect(Collectors.toSet()),
            "each write once, as the token's caller");

        client.closeGracefully();
        assertEquals(0, api.server.mcpSessions(), "the client's DELETE ended its session");
    }

    @Test
    void shouldRefuseWriteToolsToAReadTokenAndChangeNothing() throws Exception
    {
        api = new ApiFixture(temp, ApiServer.Options.defaults(), true);
        assertEquals(201, api.post("/v1/commits", commitBody(DOCUMENT, 0, "first")).status());
        final McpSyncClient client = session(tlsUrl(), token("watcher", "read"));

        assertEquals(1L, number(ok(client, "status", Map.of()).get("running_version")));
        final String refused = error(client, "propose_change", Map.of("document", MTU_9000, "message", "m"));
        assertTrue(refused.contains("forbidden") && refused.contains("has role read") && refused.contains("needs operate"), refused);
        assertTrue(error(client, "rollback", Map.of("number", 1)).contains("needs operate"));
        assertTrue(error(client, "confirm", Map.of()).contains("forbidden"));
        assertEquals(1, api.lifecycle.runningVersion(), "a read token changes nothing");
        assertEquals(1, api.applier.applied.size());

        final AuditLog.Entry entry = api.audit().stream().filter(e -> e.action().equals("proposal.create")).findFirst().orElseThrow();
        assertEquals("token:watcher", entry.who());
        assertEquals("refused", entry.result());
        assertEquals(403, entry.status());
        assertEquals(Optional.of("test-agent/1.0"), entry.agent());
    }

    @Test
    void shouldServeRootOnTheUnixSocket() throws Exception
    {
        api = ApiFixture.start(temp);
        assertEquals(201, api.post("/v1/commits", commitBody(DOCUMENT, 0, "first")).status());
        final UnixSocketForwarder forwarder = UnixSocketForwarder.to(api.server.socket().orElseThrow());
        closing.add(forwarder);
        final McpSyncClient client = session(forwarder.url(), null);

        assertEquals(1L, number(ok(client, "status", Map.of()).get("running_version")));
        final Map<String, Object> proposal = ok(client, "propose_change", Map.of("document", MTU_9000, "message", "jumbo"));
        final Map<String, Object> commit = ok(client, "commit_proposal", Map.of("proposal_id", proposal.get("id"), "confirm_minutes", 0));
        assertEquals(2L, number(commit.get("number")));
        assertEquals("unix:root", commit.get("author"));
        final AuditLog.Entry audited = api.audit().stream().filter(e -> e.action().equals("proposal.commit")).findFirst().orElseThrow();
        assertEquals("unix:root", audited.who());
        assertEquals(Optional.of("test-agent/1.0"), audited.agent());
    }

    // ------------------------------------------------------------------------------------- authentication first

    @Test
    void shouldAnswer401BeforeAnyMcpProcessing() throws Exception
    {
        api = new ApiFixture(temp, ApiServer.Options.defaults(), true);
        raw = rawClient();
        final Reply none = tcp(null, "POST", INITIALIZE);
        assertEquals(401, none.status(), none.toString());
        assertEquals("unauthorized", none.json().path("reason").asText());
        assertTrue(none.header("WWW-Authenticate").startsWith("Bearer"));
        final Reply bad = tcp("jn_not-a-token", "POST", INITIALIZE);
        assertEquals(401, bad.status(), bad.toString());
        assertEquals(401, tcp(null, "DELETE", null).status());
        assertEquals(0, api.server.mcpSessions(), "no session for an unauthenticated caller");
        final AuditLog.Entry entry = api.audit().getFirst();
        assertEquals("anonymous", entry.who());
        assertEquals("/mcp", entry.path());
        assertEquals(401, entry.status());
    }

    @Test
    void shouldRefuseAnotherLocalUserOnTheSocket() throws Exception
    {
        final var nobody = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("65534");
        api = new ApiFixture(temp, ApiServer.Options.defaults().withSocketAdmin(nobody), false);
        final Reply refused = unix("POST", INITIALIZE);
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("forbidden", refused.json().path("reason").asText());
        assertEquals(0, api.server.mcpSessions());
    }

    // ---------------------------------------------------------------------------------------- the transport's rules

    @Test
    void shouldAnswerARequestAsJsonInTheSessionItsCallerMade() throws Exception
    {
        api = new ApiFixture(temp, ApiServer.Options.defaults(), true);
        assertEquals(201, api.post("/v1/commits", commitBody(DOCUMENT, 0, "first")).status());
        raw = rawClient();
        final Reply hello = unix("POST", INITIALIZE);
        assertEquals(200, hello.status(), hello.toString());
        assertTrue(hello.header("Content-Type").startsWith("application/json"));
        final String id = hello.header("Mcp-Session-Id");
        assertNotNull(id);
        assertEquals("junction", hello.json().path("result").path("serverInfo").path("name").asText());
        assertEquals(202, unix("POST", "{\"jsonrpc\": \"2.0\", \"method\": \"notifications/initialized\"}",
            "Mcp-Session-Id", id).status());

        final Reply status = unix("POST", CALL_STATUS, "Mcp-Session-Id", id, "MCP-Protocol-Version", "2025-06-18");
        assertEquals(200, status.status(), status.toString());
        assertTrue(status.header("Content-Type").startsWith("application/json"));
        assertEquals(2, status.json().path("id").asInt());
        assertEquals(1, status.json().path("result").path("structuredContent").path("running_version").asInt());

        // another caller naming this session finds none: sessions are bound to who made them
        final Reply stolen = tcp(token("other", "admin"), "POST", CALL_STATUS, "Mcp-Session-Id", id);
        assertEquals(404, stolen.status(), stolen.toString());
        assertEquals(List.of("Mcp-Session-Id"), stolen.errorFields());

        final Reply missing = unix("POST", CALL_STATUS);
        assertEquals(400, missing.status(), missing.toString());
        assertEquals(List.of("Mcp-Session-Id"), missing.errorFields());
        assertEquals(404, unix("POST", CALL_STATUS, "Mcp-Session-Id", "no-such-session").status());

        final Reply get = unix("GET", null, "Mcp-Session-Id", id);
        assertEquals(405, get.status(), "no server-initiated stream: " + get);
        assertEquals("POST, DELETE", get.header("Allow"));

        assertEquals(204, unix("DELETE", null, "Mcp-Session-Id", id).status());
        assertEquals(404, unix("POST", CALL_STATUS, "Mcp-Session-Id", id).status(), "an ended session is gone");
        assertEquals(0, api.server.mcpSessions());
    }

    @Test
    void shouldRefuseBadMessagesAndChangeNothing() throws Exception
    {
        api = new ApiFixture(temp, ApiServer.Options.defaults().withMaxBodyBytes(4096), false);
        assertEquals(201, api.post("/v1/commits", commitBody(DOCUMENT, 0, "first")).status());
        final String id = unix("POST", INITIALIZE).header("Mcp-Session-Id");
        final int auditBefore = api.audit().size();

        final Reply notJson = unix("POST", "{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\": ", "Mcp-Session-Id", id);
        assertEquals(400, notJson.status(), notJson.toString());
        assertEquals(List.of("body"), notJson.errorFields());
        assertTrue(notJson.json().path("detail").asText().contains("not a JSON-RPC message"), notJson.toString());
        assertEquals(400, unix("POST", "[" + CALL_STATUS + "]", "Mcp-Session-Id", id).status(), "no batches");

        final Reply tooLarge = unix("POST", CALL_PROPOSE.replace("name: x", "x".repeat(5000)), "Mcp-Session-Id", id);
        assertEquals(413, tooLarge.status(), tooLarge.toString());
        assertEquals("too-large", tooLarge.json().path("reason").asText());

        final Reply fromAPage = unix("POST", CALL_STATUS, "Mcp-Session-Id", id, "Origin", "https://attacker.example");
        assertEquals(403, fromAPage.status(), fromAPage.toString());
        assertEquals(List.of("Origin"), fromAPage.errorFields());
        final Reply version = unix("POST", CALL_STATUS, "Mcp-Session-Id", id, "MCP-Protocol-Version", "1999-01-01");
        assertEquals(400, version.status(), version.toString());
        assertEquals(List.of("MCP-Protocol-Version"), version.errorFields());

        final Reply unknownTool = unix("POST", CALL_STATUS.replace("\"status\"", "\"format_disk\""), "Mcp-Session-Id", id);
        assertEquals(200, unknownTool.status(), unknownTool.toString());
        assertTrue(unknownTool.json().has("error") || unknownTool.json().path("result").path("isError").asBoolean(),
            unknownTool.toString());

        // an invalid document is proposed (it is a valid call) but is not valid; nothing changes
        final Reply invalid = unix("POST", CALL_PROPOSE, "Mcp-Session-Id", id, "X-Junction-Agent", "gateway-agent");
        assertEquals(200, invalid.status(), invalid.toString());
        assertFalse(invalid.json().path("result").path("structuredContent").path("valid").asBoolean(true), invalid.toString());

        assertEquals(1, api.lifecycle.runningVersion(), "bad messages change nothing");
        final List<AuditLog.Entry> audit = api.audit();
        assertEquals(auditBefore + 2, audit.size(), "the refused origin and the proposal, nothing else");
        assertEquals(List.of("proposal.create", "read"), audit.subList(0, 2).stream().map(AuditLog.Entry::action).toList());
        assertEquals(List.of("/mcp", 403), List.of(audit.get(1).path(), audit.get(1).status()), "a web page's attempt is recorded");
        assertEquals(Optional.of("gateway-agent"), audit.getFirst().agent(), "the request's X-Junction-Agent before clientInfo");
    }

    @Test
    void shouldBoundTheSessionsAndExpireIdleOnes() throws Exception
    {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-05T09:00:00Z"));
        api = new ApiFixture(temp, ApiServer.Options.defaults().withClock(now::get).withMcpSessions(2, 60_000), false);
        final String first = unix("POST", INITIALIZE).header("Mcp-Session-Id");
        assertNotNull(unix("POST", INITIALIZE).header("Mcp-Session-Id"));
        final Reply third = unix("POST", INITIALIZE);
        assertEquals(503, third.status(), third.toString());
        assertEquals("too-many-sessions", third.json().path("reason").asText());
        assertNotNull(third.header("Retry-After"));
        assertEquals(2, api.server.mcpSessions());

        now.set(now.get().plusSeconds(30));
        assertEquals(200, unix("POST", CALL_STATUS, "Mcp-Session-Id", first).status(), "used, so kept");
        now.set(now.get().plusSeconds(45));
        assertEquals(200, unix("POST", INITIALIZE).status(), "the idle one expired and made room");
        assertEquals(2, api.server.mcpSessions());
        assertEquals(200, unix("POST", CALL_STATUS, "Mcp-Session-Id", first).status());
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private String token(final String name, final String role) throws Exception
    {
        final Reply made = api.post("/v1/tokens", "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
        assertEquals(201, made.status(), made.toString());
        return made.json().path("token").asText();
    }

    private String tlsUrl()
    {
        return "https://127.0.0.1:" + api.server.tcpAddress().orElseThrow().getPort();
    }

    /** The SDK's client over streamable HTTP, trusting the test certificate, with a token when given. */
    private McpSyncClient session(final String url, final String token) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder();
        if (null != token)
        {
            request.header("Authorization", "Bearer " + token);
        }
        final HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(url)
            .endpoint("/mcp")
            .clientBuilder(HttpClient.newBuilder().sslContext(trustingTestCertificate()))
            .requestBuilder(request)
            .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
            .build();
        final McpSyncClient client = McpClient.sync(transport)
            .clientInfo(new McpSchema.Implementation("test-agent", "1.0"))
            .initializationTimeout(Duration.ofSeconds(30))
            .requestTimeout(Duration.ofSeconds(30))
            .enableCallToolSchemaCaching(true) // the client checks each structured result against its output schema
            .build();
        closing.add(client);
        client.initialize();
        return client;
    }

    private SSLContext trustingTestCertificate() throws Exception
    {
        final KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = ApiFixture.class.getResourceAsStream("test-cert.pem"))
        {
            trusted.setCertificateEntry("junction-test", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static org.eclipse.jetty.client.HttpClient rawClient() throws Exception
    {
        final ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(new SslContextFactory.Client(true));
        final org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient(new HttpClientTransportOverHTTP(connector));
        client.start();
        return client;
    }

    /** A raw MCP message on the UNIX socket (as root), with the headers a client sends and {@code more}. */
    private Reply unix(final String method, final String body, final String... more) throws Exception
    {
        return api.unix(method, "/mcp", body, headers(body, more));
    }

    /** A raw MCP message on the TLS listener, with a token when given. */
    private Reply tcp(final String token, final String method, final String body, final String... more) throws Exception
    {
        final Request request = raw.newRequest(tlsUrl() + "/mcp").method(method).timeout(10, TimeUnit.SECONDS);
        final String[] headers = headers(body, more);
        for (int i = 0; i < headers.length; i += 2)
        {
            final String name = headers[i];
            final String value = headers[i + 1];
            request.headers(h -> h.put(name, value));
        }
        if (null != token)
        {
            request.headers(h -> h.put("Authorization", "Bearer " + token));
        }
        if (null != body)
        {
            request.body(new StringRequestContent("application/json", body));
        }
        final ContentResponse response = request.send();
        final Map<String, String> names = new LinkedHashMap<>();
        response.getHeaders().forEach(f -> names.put(f.getName(), f.getValue()));
        return new Reply(response.getStatus(), names, response.getContentAsString());
    }

    private static String[] headers(final String body, final String... more)
    {
        final List<String> headers = new ArrayList<>(List.of("Accept", ACCEPT));
        if (null != body)
        {
            headers.addAll(List.of("Content-Type", "application/json"));
        }
        headers.addAll(List.of(more));
        return headers.toArray(String[]::new);
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
}
