/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An RFC 9457 problem (or any failed answer) as the lines the CLI prints on stderr:
 * {@code junction: FIELD: message} for each of its {@code errors}, else
 * {@code junction: DETAIL (REASON)}.
 */
final class ProblemLines
{
    private ProblemLines()
    {
    }

    /**
     * @param response a failed answer.
     * @return one line or more, each starting with {@code junction: }.
     */
    static List<String> of(final ApiResponse response)
    {
        final JsonNode problem = Json.parseOrNull(response.body());
        final List<String> lines = new ArrayList<>();
        if (problem != null && problem.isObject())
        {
            for (final JsonNode error : problem.path("errors"))
            {
                final String field = error.path("field").asText("");
                final String message = error.path("message").asText("");
                lines.add("junction: " + (field.isEmpty() ? message : field + ": " + message));
            }
            if (lines.isEmpty())
            {
                final String detail = Json.text(problem, "detail").or(() -> Json.text(problem, "title"))
                    .orElse("HTTP " + response.status());
                final String reason = Json.text(problem, "reason").map(r -> " (" + r + ")").orElse("");
                lines.add("junction: " + detail + reason);
            }
            return lines;
        }
        final String body = response.body().strip();
        lines.add("junction: HTTP " + response.status() + (body.isEmpty() ? "" : ": " + firstLine(body)));
        return lines;
    }

    private static String firstLine(final String text)
    {
        final int nl = text.indexOf('\n');
        final String line = nl < 0 ? text : text.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
