/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import net.junction.agent.mcp.JunctionMcpServer;
import net.junction.agent.mcp.RouterApi;
import org.eclipse.jetty.http.HttpMethod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code junction mcp}: an MCP server over stdio (docs/mcp.md) for an agent's MCP client to start,
 * talking to the router's API with the global options' endpoint and credentials (the local socket
 * as root, or {@code --api URL --token T}). Stdout carries MCP JSON-RPC only: anything else
 * printed by this process goes to stderr.
 */
@Command(name = "mcp", description = "Serve the Model Context Protocol over stdio, for an AI agent's MCP client (docs/mcp.md).")
final class McpCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException
    {
        final JunctionCli cli = (JunctionCli)spec.root().userObject();
        // The protocol's stream; from here on a stray print (a library's, ours) lands on stderr instead.
        final PrintStream protocol = System.out;
        System.setOut(System.err);
        try (ApiClient client = cli.connect())
        {
            JunctionMcpServer.serve(System.in, protocol, adapter(client));
        }
        return JunctionCli.OK;
    }

    private static RouterApi adapter(final ApiClient client)
    {
        return (method, path, json, agent) ->
        {
            final Map<String, String> headers = agent.map(a -> Map.of("X-Junction-Agent", a)).orElse(Map.of());
            final ApiResponse response = client.send(HttpMethod.fromString(method), path, json,
                null == json ? null : "application/json", headers);
            return new RouterApi.Reply(response.status(), response.body(), response.etag());
        };
    }
}
