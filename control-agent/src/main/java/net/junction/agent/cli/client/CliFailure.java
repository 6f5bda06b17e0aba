/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.util.List;

/**
 * A client command that cannot go on: the lines to print on stderr (each already starting with
 * {@code junction: }) and the exit code.
 */
final class CliFailure extends RuntimeException
{
    /** The API refused or failed the request. */
    static final int FAILED = 1;
    /** Bad usage: a picocli parse error, an unreadable file, an ambiguous router. */
    static final int USAGE = 2;
    /** No router answers where the client looked. */
    static final int NOT_RUNNING = 3;

    private final int exitCode;
    private final List<String> lines;

    CliFailure(final int exitCode, final List<String> lines)
    {
        super(String.join("\n", lines), null, false, false);
        this.exitCode = exitCode;
        this.lines = List.copyOf(lines);
    }

    CliFailure(final int exitCode, final String message)
    {
        this(exitCode, List.of("junction: " + message));
    }

    int exitCode()
    {
        return exitCode;
    }

    List<String> lines()
    {
        return lines;
    }
}
