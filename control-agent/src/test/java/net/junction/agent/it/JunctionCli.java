/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import net.junction.agent.LabIT;
import net.junction.bgp.interop.Netns;

/**
 * The {@code junction} CLI as an operator runs it: the launcher ({@code ./junction show|config|neighbor
 * ...}), a process per command, talking to the router's API on its local socket. The router is
 * picked by {@code --name}; nothing is built ({@code JUNCTION_NO_BUILD=1}: failsafe runs after
 * package). Each call is timed, so a test can say how long a show command took end to end.
 */
final class JunctionCli
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path launcher = LabIT.junctionHome().resolve("junction");
    private final String routerName;

    /** What one command printed, how it ended, and how long it took. */
    record Run(List<String> command, int exitCode, String stdout, String stderr, long millis)
    {
        boolean ok()
        {
            return exitCode == 0;
        }

        /** stdout, or an AssertionError with both streams when the command failed. */
        String orFail()
        {
            if (exitCode != 0)
            {
                throw new AssertionError(String.join(" ", command) + " exited " + exitCode + ": " + stderr.strip()
                    + " " + stdout.strip());
            }
            return stdout;
        }

        JsonNode json()
        {
            try
            {
                return ApiClient.JSON.readTree(orFail());
            }
            catch (final JsonProcessingException ex)
            {
                throw new AssertionError(String.join(" ", command) + " printed no JSON: " + stdout, ex);
            }
        }
    }

    JunctionCli(final String routerName)
    {
        this.routerName = routerName;
    }

    /** {@code ./junction ARGS --name NAME}. */
    Run run(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("env", "JUNCTION_NO_BUILD=1", launcher.toString()));
        command.addAll(List.of(args));
        command.add("--name");
        command.add(routerName);
        final long start = System.nanoTime();
        final Netns.Result result = Netns.run(TIMEOUT, command.toArray(String[]::new));
        final long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("[cli] %d ms, exit %d: junction %s%n", millis, result.exitCode(), String.join(" ", args));
        return new Run(List.copyOf(command), result.exitCode(), result.stdout(), result.stderr(), millis);
    }

    /**
     * {@code ./junction ARGS} inside {@code ns}, without {@code --name}: for a command given
     * {@code --api URL --token T} (a remote router, or the TCP listener in the router's own namespace).
     */
    Run runIn(final Netns ns, final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("env", "JUNCTION_NO_BUILD=1", launcher.toString()));
        command.addAll(List.of(args));
        final long start = System.nanoTime();
        final Netns.Result result = ns.exec(TIMEOUT, command.toArray(String[]::new));
        final long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("[cli] %d ms, exit %d, in %s: junction %s%n", millis, result.exitCode(), ns, String.join(" ", args));
        return new Run(List.copyOf(command), result.exitCode(), result.stdout(), result.stderr(), millis);
    }

    /** {@code ./junction ARGS --json --name NAME}, wanting success; its output parsed. */
    JsonNode json(final String... args)
    {
        final List<String> withJson = new ArrayList<>(List.of(args));
        withJson.add("--json");
        return run(withJson.toArray(String[]::new)).json();
    }
}
