/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.io.Serial;
import java.util.List;
import java.util.Map;

/**
 * A request the API answers with an RFC 9457 problem instead of a result. Thrown by endpoints,
 * turned into {@code application/problem+json} by {@link ApiHandler}.
 */
final class ApiException extends RuntimeException
{
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    ApiException(final Problem problem)
    {
        this(problem, Map.of());
    }

    ApiException(final Problem problem, final Map<String, String> headers)
    {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    Problem problem()
    {
        return problem;
    }

    Map<String, String> headers()
    {
        return headers;
    }

    static ApiException badRequest(final String field, final String message)
    {
        return new ApiException(Problem.of(400, "invalid-request", "a parameter is invalid", field + ": " + message,
            List.of(new Problem.FieldError(field, message))));
    }

    static ApiException notFound(final String field, final String message)
    {
        return new ApiException(Problem.of(404, "not-found", "not found", message,
            List.of(new Problem.FieldError(field, message))));
    }
}
