/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.junction.agent.commit.CommitRefusedException;

/**
 * An RFC 9457 problem detail as the API sends it ({@code application/problem+json}).
 *
 * @param type   {@code urn:junction:problem:REASON}: one URI per reason, stable for clients.
 * @param title  a short summary of the reason, the same for every occurrence.
 * @param status the HTTP status.
 * @param detail this occurrence, for a person: every error line joined.
 * @param reason machine-readable: {@code invalid-request}, {@code unauthorized}, {@code forbidden},
 *               {@code not-found}, or a commit refusal ({@code stale-version}, {@code invalid}...).
 * @param errors one per problem, naming the field where there is one.
 */
public record Problem(String type, String title, int status, String detail, String reason, List<FieldError> errors)
{
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:junction:problem:";
    /**
     * A validator problem line, {@code FIELD: text}, where FIELD is a config path
     * ({@code ports[1].mtu}), a line of a routes file ({@code /etc/junction/x.routes:3.via}), a place
     * in a document that does not parse ({@code line 10, column 6}), or {@code top level}.
     */
    private static final Pattern FIELD_LINE = Pattern.compile(
        "(top level|line \\d+, column \\d+|[^\\s:]+:\\d+(?:\\.[A-Za-z0-9_.\\-\\[\\]]+)?|[A-Za-z0-9_.\\-\\[\\]]+): (.*)",
        Pattern.DOTALL);

    public Problem
    {
        errors = List.copyOf(errors);
    }

    /**
     * @param field   a request parameter ({@code base_version}), a path parameter ({@code name}), or
     *                a configuration path ({@code ports[1].mtu}); absent when none applies.
     * @param message what is wrong with it.
     */
    public record FieldError(Optional<String> field, String message)
    {
        FieldError(final String field, final String message)
        {
            this(Optional.ofNullable(field), message);
        }
    }

    static Problem of(final int status, final String reason, final String title, final String detail, final List<FieldError> errors)
    {
        return new Problem(TYPE_PREFIX + reason, title, status, detail, reason, errors);
    }

    /**
     * @param ex a refused lifecycle operation.
     * @return its problem, with the status docs/api.md gives the reason.
     */
    static Problem of(final CommitRefusedException ex)
    {
        final String reason = ex.reason().name().toLowerCase(Locale.ROOT).replace('_', '-');
        final List<FieldError> errors = new ArrayList<>();
        for (final String line : ex.problems())
        {
            errors.add(fieldError(ex.reason(), line));
        }
        return of(status(ex.reason()), reason, title(ex.reason()), String.join("\n", ex.problems()), errors);
    }

    static int status(final CommitRefusedException.Reason reason)
    {
        return switch (reason)
        {
            case STALE_VERSION, CONFIRM_PENDING, NOT_PENDING -> 409;
            case INVALID, RESTART_REQUIRED, NO_CHANGE -> 422;
            case NOT_FOUND -> 404;
            case APPLY_FAILED, STORE_FAILED -> 500;
        };
    }

    private static String title(final CommitRefusedException.Reason reason)
    {
        return switch (reason)
        {
            case INVALID -> "the configuration is not valid";
            case STALE_VERSION -> "the candidate was made from an older running version";
            case CONFIRM_PENDING -> "a commit awaits confirmation";
            case NO_CHANGE -> "the candidate is the running configuration";
            case RESTART_REQUIRED -> "the change needs a restart of the router";
            case APPLY_FAILED -> "the router could not apply the change; nothing of it was applied";
            case NOT_FOUND -> "no such commit or candidate";
            case NOT_PENDING -> "no commit awaits confirmation";
            case STORE_FAILED -> "the state directory could not be written; nothing changed";
        };
    }

    private static FieldError fieldError(final CommitRefusedException.Reason reason, final String line)
    {
        if (reason == CommitRefusedException.Reason.STALE_VERSION)
        {
            return new FieldError("base_version", line);
        }
        return fieldError(line);
    }

    /**
     * @param line a problem line of the validator, such as {@code ports[1].mtu: 70000 is out of range 68..9600}.
     * @return the field it names, and the rest; no field when the line does not start with one.
     */
    static FieldError fieldError(final String line)
    {
        final Matcher m = FIELD_LINE.matcher(line);
        if (m.matches())
        {
            return new FieldError(m.group(1), m.group(2));
        }
        return new FieldError((String)null, line);
    }
}
