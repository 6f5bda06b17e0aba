/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.commit;

import java.time.Instant;
import java.util.Objects;

/**
 * A named draft of the next configuration, kept in the state directory until committed or
 * deleted. It need not be valid; it is checked when committed.
 *
 * @param name        {@code [a-z0-9-]{1,32}}.
 * @param baseVersion the running version when it was saved: committing it is refused if another
 *                    commit came in between.
 * @param author      who saved it.
 * @param time        when.
 * @param document    the configuration text.
 */
public record Candidate(String name, long baseVersion, String author, Instant time, String document)
{
    public Candidate
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(document, "document");
    }
}
