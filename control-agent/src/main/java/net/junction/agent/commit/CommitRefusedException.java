/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.commit;

import java.io.Serial;
import java.util.List;

/**
 * A lifecycle operation that did nothing: the state directory and the router are as they were.
 * {@link #reason()} says which rule refused it (an HTTP API maps it to a status code), and
 * {@link #problems()} says why, one line each, naming the field where there is one
 * ({@code cores: [1] -> [1, 2]: ... needs a restart}).
 */
public final class CommitRefusedException extends Exception
{
    @Serial
    private static final long serialVersionUID = 1L;

    /** Why an operation was refused. */
    public enum Reason
    {
        /** The candidate is not a valid configuration; the problems are the validator's, by field path. */
        INVALID,
        /** The candidate was made from an older running version (optimistic concurrency). */
        STALE_VERSION,
        /** A commit awaits confirmation: confirm it or roll back first. */
        CONFIRM_PENDING,
        /** The candidate is the running document: nothing to commit. */
        NO_CHANGE,
        /** The candidate changes what the running router cannot change; each field is named. */
        RESTART_REQUIRED,
        /** The router could not apply the change; it was undone. */
        APPLY_FAILED,
        /** No such commit or candidate (or it is past the kept history). */
        NOT_FOUND,
        /** {@code confirm} with no commit awaiting confirmation. */
        NOT_PENDING,
        /** The state directory could not be written; the change was undone. */
        STORE_FAILED
    }

    private final Reason reason;
    private final List<String> problems;

    /**
     * @param reason   the rule that refused.
     * @param problems one line each, at least one.
     */
    public CommitRefusedException(final Reason reason, final List<String> problems)
    {
        super(reason + ": " + String.join("\n", problems));
        if (problems.isEmpty())
        {
            throw new IllegalArgumentException("a refusal needs at least one problem");
        }
        this.reason = reason;
        this.problems = List.copyOf(problems);
    }

    /**
     * @param reason  the rule that refused.
     * @param problem why.
     */
    public CommitRefusedException(final Reason reason, final String problem)
    {
        this(reason, List.of(problem));
    }

    /**
     * @return the rule that refused.
     */
    public Reason reason()
    {
        return reason;
    }

    /**
     * @return why, one line each, never empty.
     */
    public List<String> problems()
    {
        return problems;
    }
}
