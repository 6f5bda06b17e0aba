/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import java.util.ArrayList;
import java.util.List;

/** Collects {@code path: message} lines while a configuration is read; reading never stops at the first. */
final class Problems
{
    private final List<String> lines = new ArrayList<>();

    void add(final String path, final String message)
    {
        lines.add(path + ": " + message);
    }

    boolean isEmpty()
    {
        return lines.isEmpty();
    }

    /** How many so far: a reader compares counts to know whether a section added any. */
    int count()
    {
        return lines.size();
    }

    ConfigException toException()
    {
        return new ConfigException(lines);
    }
}
