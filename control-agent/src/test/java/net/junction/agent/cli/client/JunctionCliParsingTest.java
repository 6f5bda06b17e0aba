/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** picocli's parsing of the client commands and the choice of endpoint, without any server. */
class JunctionCliParsingTest
{
    private static final Path NO_ROUTERS = Path.of("/nonexistent/junction-run-root");

    private static CommandLine line(final String... args)
    {
        final PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return JunctionCli.commandLine(sink, sink, Map.of(), NO_ROUTERS, JunctionCli.group(args));
    }

    private static int exit(final String... args)
    {
        final PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return JunctionCli.run(args, sink, sink, Map.of(), NO_ROUTERS);
    }

    @Test
    void shouldFindTheGroupPastGlobalOptionsAndTheirValues()
    {
        assertEquals("show", JunctionCli.group(new String[] {"show", "neighbors"}));
        assertEquals("config", JunctionCli.group(new String[] {"--name", "show", "--json", "config", "history"}));
        assertEquals("neighbor", JunctionCli.group(new String[] {"--api", "https://r1:8443", "neighbor", "reset", "x"}));
        assertNull(JunctionCli.group(new String[] {"--help"}));
        assertNull(JunctionCli.group(new String[] {"shwo", "routes"}));
        assertNull(JunctionCli.group(new String[] {"completion", "bash"}), "completion needs every group");
    }

    @Test
    void shouldTakeGlobalOptionsBeforeOrAfterTheCommand()
    {
        final String[] args = {"--name", "r1", "show", "routes", "198.18.0.0/15", "--longer", "--family", "ipv4", "--json"};
        final CommandLine line = line(args);
        final ParseResult parsed = line.parseArgs(args);
        final JunctionCli cli = line.getCommand();
        assertEquals("r1", cli.name);
        assertTrue(cli.json);
        final ShowCommands.Routes routes = parsed.subcommand().subcommand().commandSpec().commandLine().getCommand();
        assertEquals("198.18.0.0/15", routes.prefix);
        assertTrue(routes.longer);
        assertEquals("ipv4", routes.family);
        assertEquals("accepted", routes.table);
        assertNull(routes.limit);
    }

    @Test
    void shouldParseCommitOptions()
    {
        final String[] args = {"config", "commit", "r1.yaml", "-m", "raise mtu", "--confirm", "5", "--base", "7"};
        final CommandLine line = line(args);
        final ConfigCommands.Commit commit = line.parseArgs(args).subcommand().subcommand().commandSpec().commandLine().getCommand();
        assertEquals(Path.of("r1.yaml"), commit.file);
        assertEquals("raise mtu", commit.message);
        assertEquals(5, commit.confirmMinutes);
        assertEquals(7L, commit.baseVersion);
    }

    @Test
    void shouldExitTwoOnBadUsage()
    {
        assertEquals(2, exit());
        assertEquals(2, exit("shwo", "neighbors"));
        assertEquals(2, exit("show"));
        assertEquals(2, exit("show", "route"));
        assertEquals(2, exit("show", "route", "--explain"));
        assertEquals(2, exit("show", "nieghbors"));
        assertEquals(2, exit("show", "routes", "--limit", "many"));
        assertEquals(2, exit("show", "routes", "--limit", "0", "--socket", "/nonexistent/api.sock"));
        assertEquals(2, exit("config", "rollback", "seven"));
        assertEquals(2, exit("neighbor", "reset"));
        assertEquals(2, exit("token", "create", "x"));
        assertEquals(2, exit("completion", "zsh"));
    }

    @Test
    void shouldExitZeroForHelpAndVersion()
    {
        assertEquals(0, exit("--help"));
        assertEquals(0, exit("show", "routes", "--help"));
        assertEquals(0, exit("--version"));
    }

    @Test
    void shouldExitThreeWhenNoRouterRunsHere()
    {
        assertEquals(3, exit("show", "neighbors"));
        assertEquals(3, exit("show", "neighbors", "--name", "r1"));
    }

    @Test
    void shouldPreferSocketThenApiThenNameThenTheEnvironment()
    {
        final Map<String, String> env = Map.of("JUNCTION_API", "https://r9:8443/", "JUNCTION_TOKEN", "jt_env");
        final ApiEndpoint fromEnv = ApiEndpoint.resolve(null, null, null, null, env, NO_ROUTERS);
        assertEquals(URI.create("https://r9:8443"), fromEnv.baseUri());
        assertEquals(Optional.of("jt_env"), fromEnv.token());
        assertEquals(Optional.empty(), fromEnv.socket());

        final ApiEndpoint api = ApiEndpoint.resolve(null, "https://r1:8443", "jt_opt", null, env, NO_ROUTERS);
        assertEquals(URI.create("https://r1:8443"), api.baseUri());
        assertEquals(Optional.of("jt_opt"), api.token());

        final ApiEndpoint socket = ApiEndpoint.resolve(null, "https://r1:8443", null, Path.of("/tmp/x.sock"), env, NO_ROUTERS);
        assertEquals(Optional.of(Path.of("/tmp/x.sock")), socket.socket());

        final CliFailure named = assertThrows(CliFailure.class,
            () -> ApiEndpoint.resolve("r1", null, null, null, env, NO_ROUTERS));
        assertEquals(3, named.exitCode(), "--name wins over JUNCTION_API");
    }

    @Test
    void shouldRefuseAnApiThatIsNotAnHttpUrl()
    {
        final CliFailure failure = assertThrows(CliFailure.class,
            () -> ApiEndpoint.resolve(null, "r1:8443", null, null, Map.of(), NO_ROUTERS));
        assertEquals(2, failure.exitCode());
        assertEquals("junction: --api: want https://HOST:PORT, not r1:8443", failure.lines().getFirst());
        assertEquals(2, assertThrows(CliFailure.class,
            () -> ApiEndpoint.resolve(null, "http://r1:8443", null, null, Map.of(), NO_ROUTERS)).exitCode(),
            "no token in clear");
    }
}
