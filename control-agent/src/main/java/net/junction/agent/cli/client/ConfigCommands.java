/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.jetty.http.HttpMethod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code junction config ...}: the commit lifecycle of docs/config-lifecycle.md through the API.
 * A file is sent as it is (YAML, or JSON when it ends in {@code .json}; {@code -} reads stdin);
 * the router validates, diffs and applies it.
 */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Validate, diff, commit and roll back configurations.")
final class ConfigCommands extends JunctionCli.GroupCommand
{
    /** Its commands, in the order help lists them (modelled on demand: {@code JunctionCli.commandLine}). */
    static final Class<?>[] LEAVES = {
        ConfigCommands.Validate.class, ConfigCommands.Diff.class, ConfigCommands.Commit.class,
        ConfigCommands.Confirm.class, ConfigCommands.Rollback.class, ConfigCommands.History.class
    };

    /** A document to send: its text and media type. */
    record Document(String text, String mediaType)
    {
        static Document read(final Path file)
        {
            try
            {
                final boolean stdin = file.toString().equals("-");
                final String text = stdin ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) :
                    Files.readString(file, StandardCharsets.UTF_8);
                final boolean json = file.toString().endsWith(".json") || text.stripLeading().startsWith("{");
                return new Document(text, json ? "application/json" : "application/yaml");
            }
            catch (final IOException ex)
            {
                throw new CliFailure(CliFailure.USAGE, "cannot read " + file + ": " + ex.getMessage());
            }
        }
    }

    /** The validate answer: problems (as {@code junction: FIELD: message} lines) and the diff. */
    static List<String> problemLines(final JsonNode answer)
    {
        final List<String> lines = new ArrayList<>();
        for (final JsonNode p : answer.path("problems"))
        {
            final String field = p.path("field").asText("");
            lines.add("junction: " + (field.isEmpty() ? "" : field + ": ") + p.path("message").asText());
        }
        if (lines.isEmpty() && !answer.path("valid").asBoolean(true))
        {
            lines.add("junction: the configuration is invalid");
        }
        return lines;
    }

    static JsonNode validate(final ApiClient api, final JunctionCli cli, final Path file)
    {
        return validate(api, cli, file, "/v1/config/validate");
    }

    static JsonNode validate(final ApiClient api, final JunctionCli cli, final Path file, final String target)
    {
        final Document document = Document.read(file);
        final ApiResponse response = api.send(HttpMethod.POST, target, document.text(), document.mediaType());
        final JsonNode answer = cli.expect(response);
        if (cli.json())
        {
            cli.raw(response.body());
        }
        return answer;
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check FILE against the running router: valid, or each problem with its field.")
    static final class Validate extends JunctionCli.ClientCommand
    {
        @Parameters(paramLabel = "FILE", description = "A configuration (YAML or JSON); - for stdin.")
        Path file;

        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            final JsonNode answer = validate(api, cli, file);
            if (!answer.path("valid").asBoolean())
            {
                throw new CliFailure(CliFailure.FAILED, cli.json() ? List.of() : problemLines(answer));
            }
            final int changes = answer.path("diff").path("objects").size();
            cli.say(file + ": valid, " + (changes == 0 ? "no change" : changes + " object" + (changes == 1 ? "" : "s") +
                " changed") + " against the running configuration");
            return JunctionCli.OK;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"What committing FILE would change: per object (+ added, - removed, ~ changed), then as text.",
            "With --preview, then what it would do to the routes: per BGP neighbor, best paths, next hops."})
    static final class Diff extends JunctionCli.ClientCommand
    {
        @Parameters(paramLabel = "FILE", description = "A configuration (YAML or JSON); - for stdin.")
        Path file;

        @Option(names = "--preview", description = "Also what committing FILE now would do to the routes (a dry run).")
        boolean preview;

        @Option(names = "--first", paramLabel = "N", defaultValue = "20",
            description = "With --preview: how many changed routes of each kind to list, 0..1000 (default ${DEFAULT-VALUE}).")
        int first;

        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            if (first < 0 || first > 1000)
            {
                throw new CliFailure(CliFailure.USAGE, "--first: 0..1000, not " + first);
            }
            final JsonNode answer = validate(api, cli, file,
                "/v1/config/validate" + (preview ? "?preview=true&first=" + first : ""));
            if (!cli.json())
            {
                cli.out().print(HumanText.diff(answer.path("diff")));
                if (preview && answer.path("valid").asBoolean())
                {
                    cli.out().print("\n" + HumanText.preview(answer));
                }
            }
            if (!answer.path("valid").asBoolean())
            {
                throw new CliFailure(CliFailure.FAILED, cli.json() ? List.of() : problemLines(answer));
            }
            return JunctionCli.OK;
        }
    }

    @Command(name = "commit", mixinStandardHelpOptions = true,
        description = {"Make FILE the running configuration, applied live; all of it or nothing.",
            "Refused when the router's running version moved since --base (default: the version running now)."})
    static final class Commit extends JunctionCli.ClientCommand
    {
        @Parameters(paramLabel = "FILE", description = "A configuration (YAML or JSON); - for stdin.")
        Path file;

        @Option(names = {"-m", "--message"}, paramLabel = "MSG", defaultValue = "", description = "Why (kept in the history).")
        String message;

        @Option(names = "--confirm", paramLabel = "MINUTES",
            description = "Roll back by itself after MINUTES unless `junction config confirm` comes first.")
        Integer confirmMinutes;

        @Option(names = "--base", paramLabel = "N",
            description = "The running version FILE was written against (as `show config` or `config history` showed it).")
        Long baseVersion;

        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            if (confirmMinutes != null && confirmMinutes < 1)
            {
                throw new CliFailure(CliFailure.USAGE, "--confirm: want 1 minute or more, not " + confirmMinutes);
            }
            final Document document = Document.read(file);
            final Long base = baseVersion != null ? baseVersion : runningVersion(api, cli);
            final Map<String, Object> body = new LinkedHashMap<>();
            body.put("document", document.text());
            body.put("base_version", base);
            body.put("message", message);
            body.put("confirm_minutes", confirmMinutes);
            return cli.print(api.postJson("/v1/commits", Json.object(body)), HumanText::commit);
        }

        /** @return the running version ({@code running_version} of {@code GET /v1/status}), or null when it has none. */
        private static Long runningVersion(final ApiClient api, final JunctionCli cli)
        {
            final ApiResponse status = api.get("/v1/status");
            final JsonNode answer = cli.expect(status);
            final JsonNode version = answer == null ? null : answer.get("running_version");
            return version == null || !version.canConvertToLong() ? null : version.asLong();
        }
    }

    @Command(name = "confirm", mixinStandardHelpOptions = true,
        description = "Keep the commit made with --confirm (stop its rollback).")
    static final class Confirm extends JunctionCli.ClientCommand
    {
        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            return cli.print(api.postJson("/v1/commits/confirm", "{}"),
                c -> "confirmed " + HumanText.describe(c));
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Commit again the document of commit N (a new commit; the history keeps both).")
    static final class Rollback extends JunctionCli.ClientCommand
    {
        @Parameters(paramLabel = "N", description = "A commit number from `junction config history`.")
        long number;

        @Option(names = {"-m", "--message"}, paramLabel = "MSG", description = "Why (default: the router's).")
        String message;

        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            final Map<String, Object> body = new LinkedHashMap<>();
            body.put("number", number);
            body.put("message", message);
            return cli.print(api.postJson("/v1/rollback", Json.object(body)), HumanText::commit);
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "The commits, newest first.")
    static final class History extends JunctionCli.ClientCommand
    {
        @Option(names = "--limit", paramLabel = "N", description = "At most N commits.")
        Integer limit;

        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            return cli.print(api.get("/v1/commits" + JunctionCli.query("limit", limit)), HumanText::history);
        }
    }
}
