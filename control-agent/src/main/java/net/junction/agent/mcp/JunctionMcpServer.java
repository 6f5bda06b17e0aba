/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.mcp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;

import net.junction.agent.JunctionVersion;

/**
 * Junction's MCP server (docs/mcp.md), built with the official MCP Java SDK: the tools of
 * {@link RouterTools} and two resources (the running configuration, the commit history), every one
 * a use of the router's HTTP API through a {@link RouterApi}. It holds no state of its own and
 * decides nothing: the router authorizes each request by the credentials of the API client, checks
 * every change, and records every write in its audit log, with the agent's name (the MCP client's
 * {@code clientInfo}) in {@code X-Junction-Agent}.
 * <p>
 * {@link #serve} runs it over stdio, as {@code junction mcp} does: JSON-RPC lines on the given
 * streams, until the client closes its end. The router's API listener serves it over streamable
 * HTTP ({@code /mcp}) with the streamable {@link #start(McpStreamableServerTransportProvider, Function) start}:
 * the same tools, each calling the API in-process as the HTTP request's caller.
 */
public final class JunctionMcpServer
{
    private static final System.Logger LOG = System.getLogger(JunctionMcpServer.class.getName());
    static final String RUNNING_CONFIG_URI = "junction://config/running";
    static final String COMMITS_URI = "junction://commits";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>()
    {
    };
    private static final String INSTRUCTIONS = """
        Tools to inspect and change a Junction router (an IP router with BGP). Read first: status, interfaces, \
        routes, lookup, explain (why a route is what it is), neighbors (BGP's), neighbor_routes, ip_neighbors (ARP and \
        ND entries), running_config, commit_history. What changed and why, from the route journal: route_history, route_why, table_at. To change \
        the configuration: running_config, edit the whole document, propose_change (nothing changes; read problems, \
        the diff and the preview), commit_proposal (rolled back by itself after 10 minutes unless confirmed), check \
        the router, then confirm; rollback restores an earlier commit. Every change is recorded with your name.""";

    private JunctionMcpServer()
    {
    }

    /**
     * Serves one client over stdio until it closes {@code in}.
     *
     * @param in  the client's requests (the process's stdin).
     * @param out the only place JSON-RPC goes (the process's real stdout; nothing else may write there).
     * @param api the router's API.
     * @throws InterruptedException when interrupted while serving.
     */
    public static void serve(final InputStream in, final OutputStream out, final RouterApi api) throws InterruptedException
    {
        final CountDownLatch closed = new CountDownLatch(1);
        final InputStream watched = new FilterInputStream(in)
        {
            @Override
            public int read() throws IOException
            {
                return ended(super.read());
            }

            @Override
            public int read(final byte[] b, final int off, final int len) throws IOException
            {
                return ended(super.read(b, off, len));
            }

            private int ended(final int n)
            {
                if (n < 0)
                {
                    closed.countDown();
                }
                return n;
            }
        };
        final McpSyncServer server = start(new StdioServerTransportProvider(jsonMapper(), watched, out), api);
        try
        {
            closed.await();
        }
        finally
        {
            server.closeGracefully();
        }
    }

    /**
     * @param transport where the clients are.
     * @param api       the router's API.
     * @return the server, serving.
     */
    public static McpSyncServer start(final McpServerTransportProvider transport, final RouterApi api)
    {
        return configure(McpServer.sync(transport), context -> api);
    }

    /**
     * The same server over streamable HTTP, where each request has its own caller: the router's API
     * listener serves it in-process ({@code net.junction.agent.api.McpEndpoints}). Tools run on the
     * thread of the HTTP request that called them.
     *
     * @param transport where the clients are.
     * @param apiFor    the API as the caller of one request, from that request's transport context.
     * @return the server, serving.
     */
    public static McpSyncServer start(
        final McpStreamableServerTransportProvider transport, final Function<McpTransportContext, RouterApi> apiFor)
    {
        return configure(McpServer.sync(transport).immediateExecution(true), apiFor);
    }

    private static McpSyncServer configure(
        final McpServer.SyncSpecification<?> server, final Function<McpTransportContext, RouterApi> apiFor)
    {
        final ObjectMapper mapper = new ObjectMapper();
        final List<McpServerFeatures.SyncToolSpecification> tools = RouterTools.all(Schemas.load(mapper)).stream()
            .map(tool -> specification(tool, apiFor, mapper)).toList();
        return server
            .jsonMapper(jsonMapper())
            .serverInfo(new McpSchema.Implementation("junction", "Junction router", JunctionVersion.get()))
            .instructions(INSTRUCTIONS)
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).build())
            .validateToolInputs(true)
            .tools(tools)
            .resources(resources(apiFor, mapper))
            .build();
    }

    /** @return the mapper of MCP messages, as the server and its transports use it. */
    public static McpJsonMapper jsonMapper()
    {
        return new JacksonMcpJsonMapper(new ObjectMapper());
    }

    private static McpServerFeatures.SyncToolSpecification specification(
        final RouterTool tool, final Function<McpTransportContext, RouterApi> apiFor, final ObjectMapper mapper)
    {
        final McpSchema.Tool described = McpSchema.Tool.builder()
            .name(tool.name())
            .title(tool.title())
            .description(tool.description())
            .inputSchema(tool.input().schema())
            .outputSchema(tool.outputSchema())
            .annotations(new McpSchema.ToolAnnotations(tool.title(), tool.effect().readOnly(), tool.effect().destructive(),
                tool.effect().idempotent(), false, null))
            .build();
        return McpServerFeatures.SyncToolSpecification.builder()
            .tool(described)
            .callHandler((exchange, request) -> call(tool, apiFor.apply(exchange.transportContext()), mapper, exchange, request))
            .build();
    }

    private static McpSchema.CallToolResult call(
        final RouterTool tool, final RouterApi api, final ObjectMapper mapper, final McpSyncServerExchange exchange,
        final McpSchema.CallToolRequest request)
    {
        try
        {
            final Input.Arguments arguments = tool.input().check(request.arguments());
            final Object result = tool.handler().call(arguments, new Calls(api, mapper, agent(exchange)));
            final Map<String, Object> structured = withoutNulls(mapper.convertValue(result, MAP));
            return McpSchema.CallToolResult.builder()
                .structuredContent(structured)
                .addTextContent(mapper.writeValueAsString(structured))
                .isError(false)
                .build();
        }
        catch (final ToolError ex)
        {
            return error(tool.name() + ": " + ex.getMessage());
        }
        catch (final JsonProcessingException | RuntimeException ex)
        {
            LOG.log(Level.ERROR, "tool " + tool.name() + " failed", ex);
            return error(tool.name() + ": failed inside junction mcp: " + ex);
        }
    }

    /**
     * A null field is an absent one (the API leaves an empty value out; the output schemas, from the
     * OpenAPI document, say so): dropped, so that the structured result matches its schema.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> withoutNulls(final Map<String, Object> object)
    {
        object.values().removeIf(java.util.Objects::isNull);
        for (final Object value : object.values())
        {
            if (value instanceof Map<?, ?> inner)
            {
                withoutNulls((Map<String, Object>)inner);
            }
            else if (value instanceof List<?> list)
            {
                list.stream().filter(Map.class::isInstance).forEach(m -> withoutNulls((Map<String, Object>)m));
            }
        }
        return object;
    }

    private static McpSchema.CallToolResult error(final String text)
    {
        return McpSchema.CallToolResult.builder().addTextContent(text).isError(true).build();
    }

    /** @return the MCP client's name and version, as its {@code initialize} gave them. */
    static Optional<String> agent(final McpSyncServerExchange exchange)
    {
        final McpSchema.Implementation client = null == exchange ? null : exchange.getClientInfo();
        if (null == client || null == client.name() || client.name().isBlank())
        {
            return Optional.empty();
        }
        return Optional.of(null == client.version() || client.version().isBlank() ? client.name() :
            client.name() + "/" + client.version());
    }

    private static List<McpServerFeatures.SyncResourceSpecification> resources(
        final Function<McpTransportContext, RouterApi> apiFor, final ObjectMapper mapper)
    {
        return List.of(
            new McpServerFeatures.SyncResourceSpecification(
                McpSchema.Resource.builder().uri(RUNNING_CONFIG_URI).name("running-config").title("Running configuration")
                    .description("The router's running configuration document (YAML), as committed.")
                    .mimeType("application/yaml").build(),
                (exchange, request) ->
                {
                    final RouterApi api = apiFor.apply(exchange.transportContext());
                    final RouterApi.Reply reply = api.call("GET", "/v1/config", null, agent(exchange));
                    final String text = reply.status() == 404 ? "" : new Calls(api, mapper, Optional.empty()).expect(reply).body();
                    return new McpSchema.ReadResourceResult(
                        List.of(new McpSchema.TextResourceContents(RUNNING_CONFIG_URI, "application/yaml", text)));
                }),
            new McpServerFeatures.SyncResourceSpecification(
                McpSchema.Resource.builder().uri(COMMITS_URI).name("commit-history").title("Commit history")
                    .description("The configuration commits, newest first (JSON, without their documents).")
                    .mimeType("application/json").build(),
                (exchange, request) ->
                {
                    final RouterApi api = apiFor.apply(exchange.transportContext());
                    final RouterApi.Reply reply = new Calls(api, mapper, Optional.empty())
                        .expect(api.call("GET", "/v1/commits", null, agent(exchange)));
                    return new McpSchema.ReadResourceResult(
                        List.of(new McpSchema.TextResourceContents(COMMITS_URI, "application/json", reply.body())));
                }));
    }
}
