/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code junction token create | list | delete}: API tokens (admin). */
@Command(name = "token", mixinStandardHelpOptions = true, description = "API tokens for --api clients: create, list, delete.")
final class TokenCommands extends JunctionCli.GroupCommand
{
    /** Its commands, in the order help lists them (modelled on demand: {@code JunctionCli.commandLine}). */
    static final Class<?>[] LEAVES = {
        TokenCommands.Create.class, TokenCommands.ListTokens.class, TokenCommands.Delete.class
    };

    @Command(name = "create", mixinStandardHelpOptions = true,
        description = "A new token; its secret is printed once and kept only hashed.")
    static final class Create extends JunctionCli.ClientCommand
    {
        @Parameters(paramLabel = "NAME", description = "Who or what will use it.")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", completionCandidates = Roles.class,
            description = "read, operate or admin.")
        String role;

        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            final Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("role", role);
            return cli.print(api.postJson("/v1/tokens", Json.object(body)), TokenCommands::created);
        }
    }

    static String created(final JsonNode answer)
    {
        final String secret = Json.text(answer, "token").or(() -> Json.text(answer, "secret")).orElse("");
        return "token " + answer.path("name").asText() + " (role " + answer.path("role").asText() + "):\n" +
            secret + "\n" + "(shown once: the router keeps only its hash)\n";
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Tokens by name and role (never their secrets).")
    static final class ListTokens extends JunctionCli.ClientCommand
    {
        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            return cli.print(api.get("/v1/tokens"), HumanText::objects);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Revoke a token.")
    static final class Delete extends JunctionCli.ClientCommand
    {
        @Parameters(paramLabel = "NAME", description = "A token's name.")
        String name;

        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            final ApiResponse response = api.delete("/v1/tokens/" + JunctionCli.segment(name));
            cli.expect(response);
            if (cli.json())
            {
                cli.raw(response.body());
            }
            cli.say("token " + name + ": deleted");
            return JunctionCli.OK;
        }
    }

    static final class Roles extends ArrayList<String>
    {
        Roles()
        {
            super(List.of("read", "operate", "admin"));
        }
    }
}
