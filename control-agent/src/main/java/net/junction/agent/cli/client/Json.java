/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The CLI reads the API's answers as JSON trees, never as bound records: a field the server adds
 * later does not break an older client, and the client needs none of the server's classes.
 */
final class Json
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json()
    {
    }

    /** @throws CliFailure when the text is not JSON. */
    static JsonNode parse(final String text)
    {
        try
        {
            return MAPPER.readTree(text);
        }
        catch (final JsonProcessingException ex)
        {
            throw new CliFailure(CliFailure.FAILED, "the router's answer is not JSON: " + ex.getOriginalMessage());
        }
    }

    static JsonNode parseOrNull(final String text)
    {
        try
        {
            return text.isBlank() ? null : MAPPER.readTree(text);
        }
        catch (final JsonProcessingException ex)
        {
            return null;
        }
    }

    /** @return an object of the given members in order; null values are left out. */
    static String object(final Map<String, ?> members)
    {
        final ObjectNode node = MAPPER.createObjectNode();
        members.forEach((k, v) ->
        {
            if (v != null)
            {
                node.set(k, MAPPER.valueToTree(v));
            }
        });
        return node.toString();
    }

    /** @return the member as text, empty when absent or null. */
    static Optional<String> text(final JsonNode node, final String member)
    {
        final JsonNode value = node.get(member);
        return value == null || value.isNull() || value.isMissingNode() ? Optional.empty() : Optional.of(value.asText());
    }

    /** @return the sum of an object's numeric members ({@code {"ipv4-unicast": 3, ...}}). */
    static long sum(final JsonNode counts)
    {
        long total = 0;
        for (final JsonNode value : counts)
        {
            total += value.asLong();
        }
        return total;
    }
}
