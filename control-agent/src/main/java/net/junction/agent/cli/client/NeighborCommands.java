/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code junction neighbor reset | shutdown | enable NAME}: operations on one BGP session. */
@Command(name = "neighbor", mixinStandardHelpOptions = true, description = "Reset, shut down or enable a BGP neighbor.")
final class NeighborCommands extends JunctionCli.GroupCommand
{
    /** Its commands, in the order help lists them (modelled on demand: {@code JunctionCli.commandLine}). */
    static final Class<?>[] LEAVES = {
        NeighborCommands.Reset.class, NeighborCommands.Shutdown.class, NeighborCommands.Enable.class
    };

    private static String path(final String neighbor, final String action)
    {
        return "/v1/bgp/neighbors/" + JunctionCli.segment(neighbor) + "/" + action;
    }

    private static int done(final JunctionCli cli, final ApiResponse response, final String what)
    {
        cli.expect(response);
        if (cli.json())
        {
            cli.raw(response.body());
        }
        else
        {
            cli.say(what);
        }
        return JunctionCli.OK;
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
        description = {"Hard: Cease/Administrative Reset, the session restarts.",
            "--soft: ROUTE-REFRESH for each family and export sent again; the session stays up."})
    static final class Reset extends JunctionCli.ClientCommand
    {
        @Parameters(paramLabel = "NAME", description = "A configured neighbor.")
        String neighbor;

        @Option(names = "--soft", description = "Route refresh instead of a session reset.")
        boolean soft;

        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            return done(cli, api.postJson(path(neighbor, "reset"), Json.object(Map.of("hard", !soft))),
                "neighbor " + neighbor + ": " + (soft ? "soft reset (route refresh) sent" : "session reset"));
        }
    }

    @Command(name = "shutdown", mixinStandardHelpOptions = true,
        description = "Cease/Administrative Shutdown with an RFC 8203 message; idle until enabled (not kept across a restart).")
    static final class Shutdown extends JunctionCli.ClientCommand
    {
        @Parameters(paramLabel = "NAME", description = "A configured neighbor.")
        String neighbor;

        @Option(names = {"-m", "--message"}, paramLabel = "MSG", defaultValue = "",
            description = "Told to the peer (at most 255 bytes of UTF-8).")
        String message;

        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            final Map<String, Object> body = new LinkedHashMap<>();
            body.put("message", message);
            return done(cli, api.postJson(path(neighbor, "shutdown"), Json.object(body)),
                "neighbor " + neighbor + ": shut down" + (message.isEmpty() ? "" : " (\"" + message + "\")"));
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Let a shut-down neighbor's session start again.")
    static final class Enable extends JunctionCli.ClientCommand
    {
        @Parameters(paramLabel = "NAME", description = "A configured neighbor.")
        String neighbor;

        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            return done(cli, api.postJson(path(neighbor, "enable"), "{}"), "neighbor " + neighbor + ": enabled");
        }
    }
}
