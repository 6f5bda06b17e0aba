/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.mcp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.StringJoiner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The API as one tool call uses it: JSON in and out, and every refusal turned into a
 * {@link ToolError} that says what the router said (its RFC 9457 problem: detail, reason, fields).
 */
final class Calls
{
    private final RouterApi api;
    private final ObjectMapper mapper;
    private final Optional<String> agent;

    Calls(final RouterApi api, final ObjectMapper mapper, final Optional<String> agent)
    {
        this.api = api;
        this.mapper = mapper;
        this.agent = agent;
    }

    ObjectNode object()
    {
        return mapper.createObjectNode();
    }

    /** @return the answer's JSON (an empty object for an empty body). */
    JsonNode get(final String path)
    {
        return json(expect(raw("GET", path, null)));
    }

    JsonNode post(final String path, final JsonNode body)
    {
        return json(expect(raw("POST", path, body)));
    }

    /** @return the answer whatever its status; the caller reads it. */
    RouterApi.Reply raw(final String method, final String path, final JsonNode body)
    {
        try
        {
            return api.call(method, path, null == body ? null : mapper.writeValueAsString(body), agent);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException(ex);
        }
        catch (final ToolError ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw new ToolError("the router did not answer: " + ex.getMessage());
        }
    }

    /** @throws ToolError with the problem's words unless the answer is 2xx. */
    RouterApi.Reply expect(final RouterApi.Reply reply)
    {
        if (reply.ok())
        {
            return reply;
        }
        throw new ToolError(describe(reply));
    }

    /** @return a refusal as the model should read it: what, why (reason, status), and each field. */
    String describe(final RouterApi.Reply reply)
    {
        final JsonNode problem = parse(reply.body());
        if (null == problem || !problem.has("reason"))
        {
            return "the router answered " + reply.status() + (reply.body().isBlank() ? "" : ": " + reply.body().strip());
        }
        final StringBuilder text = new StringBuilder("refused by the router (").append(problem.path("reason").asText())
            .append(", HTTP ").append(reply.status()).append("): ").append(problem.path("title").asText());
        for (final JsonNode error : problem.path("errors"))
        {
            text.append("\n- ").append(error.has("field") ? error.path("field").asText() + ": " : "")
                .append(error.path("message").asText());
        }
        if (problem.path("errors").isEmpty() && !problem.path("detail").asText().isBlank())
        {
            text.append("\n- ").append(problem.path("detail").asText());
        }
        return text.toString();
    }

    /** @return the reason of a problem answer ({@code not-found}, {@code no-journal}...), empty when it has none. */
    String reason(final RouterApi.Reply reply)
    {
        final JsonNode problem = parse(reply.body());
        return null == problem ? "" : problem.path("reason").asText("");
    }

    JsonNode json(final RouterApi.Reply reply)
    {
        if (reply.body().isBlank())
        {
            return mapper.createObjectNode();
        }
        final JsonNode node = parse(reply.body());
        if (null == node)
        {
            throw new ToolError("the router's answer is not JSON");
        }
        return node;
    }

    private JsonNode parse(final String text)
    {
        try
        {
            return text.isBlank() ? null : mapper.readTree(text);
        }
        catch (final JsonProcessingException ex)
        {
            return null;
        }
    }

    /** @return a path segment, percent-encoded. */
    static String segment(final String value)
    {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** @return {@code ?k=v&...} of the arguments named that are present, or empty. */
    static String query(final Input.Arguments arguments, final String... names)
    {
        final StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        for (final String name : names)
        {
            final Object value = arguments.values().get(name);
            if (null != value)
            {
                q.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
            }
        }
        return q.toString();
    }
}
