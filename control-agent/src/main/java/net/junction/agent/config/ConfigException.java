/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import java.io.Serial;
import java.util.List;

/**
 * A configuration that must not be run, with every problem found in it, not just the first.
 * <p>
 * Each problem is one line naming the field by its path, {@code field.path: message}, for example
 * {@code ports[1].addresses[0]: '198.18.1.300/24' is not an IPv4 interface address: octet 300 is
 * greater than 255}. Problems of the text as a whole name a place instead of a field
 * ({@code line 3, column 9: ...} for YAML syntax, {@code top level: ...} for an empty file).
 * {@link #getMessage()} is the problems joined one per line, ready to print.
 */
public final class ConfigException extends Exception
{
    @Serial
    private static final long serialVersionUID = 1L;

    /** Held as an unmodifiable {@code List.copyOf}, which is serializable. */
    private final List<String> problems;

    /**
     * @param problems one line each, at least one.
     */
    public ConfigException(final List<String> problems)
    {
        super(String.join("\n", requireSome(problems)));
        this.problems = List.copyOf(problems);
    }

    /**
     * @return the problems in the order they were found; never empty.
     */
    public List<String> problems()
    {
        return problems;
    }

    private static List<String> requireSome(final List<String> problems)
    {
        if (problems.isEmpty())
        {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        return problems;
    }
}
