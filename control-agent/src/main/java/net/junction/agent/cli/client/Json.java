/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The CLI reads the API's answers as JSON trees, never as bound records: a field the server adds
 * later does not break an older client, and the client needs none of the server's classes.
 * <p>
 * Trees are built from Jackson's streaming parser and written with its generator, never through an
 * {@code ObjectMapper}: making one loads some 300 classes, a third of a show command's start-up.
 * (So no {@code JsonNode.toString()} here either: it makes one.)
 */
final class Json
{
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json()
    {
    }

    /** @throws CliFailure when the text is not JSON. */
    static JsonNode parse(final String text)
    {
        try
        {
            return read(text);
        }
        catch (final IOException ex)
        {
            throw new CliFailure(CliFailure.FAILED, "the router's answer is not JSON: " +
                (ex instanceof JsonProcessingException j ? j.getOriginalMessage() : ex.getMessage()));
        }
    }

    static JsonNode parseOrNull(final String text)
    {
        try
        {
            return text.isBlank() ? null : read(text);
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    private static JsonNode read(final String text) throws IOException
    {
        try (JsonParser parser = FACTORY.createParser(text))
        {
            if (parser.nextToken() == null)
            {
                throw new JsonProcessingException("no JSON value")
                {
                };
            }
            final JsonNode node = value(parser);
            if (parser.nextToken() != null)
            {
                throw new JsonProcessingException("more after the JSON value")
                {
                };
            }
            return node;
        }
    }

    private static JsonNode value(final JsonParser parser) throws IOException
    {
        final JsonToken token = parser.currentToken();
        return switch (token)
        {
            case START_OBJECT ->
            {
                final ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, value(parser));
                }
                yield object;
            }
            case START_ARRAY ->
            {
                final ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY)
                {
                    array.add(value(parser));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType())
            {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonProcessingException("unexpected " + token, parser.currentLocation())
            {
            };
        };
    }

    /** @return the tree as compact JSON text. */
    static String write(final JsonNode node)
    {
        final StringWriter text = new StringWriter();
        try (JsonGenerator out = FACTORY.createGenerator(text))
        {
            write(out, node);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        return text.toString();
    }

    private static void write(final JsonGenerator out, final JsonNode node) throws IOException
    {
        if (node.isObject())
        {
            out.writeStartObject();
            for (final Map.Entry<String, JsonNode> member : node.properties())
            {
                out.writeFieldName(member.getKey());
                write(out, member.getValue());
            }
            out.writeEndObject();
        }
        else if (node.isArray())
        {
            out.writeStartArray();
            for (final JsonNode item : node)
            {
                write(out, item);
            }
            out.writeEndArray();
        }
        else if (node.isTextual())
        {
            out.writeString(node.textValue());
        }
        else if (node.isIntegralNumber())
        {
            out.writeNumber(node.bigIntegerValue());
        }
        else if (node.isNumber())
        {
            out.writeNumber(node.decimalValue());
        }
        else if (node.isBoolean())
        {
            out.writeBoolean(node.booleanValue());
        }
        else
        {
            out.writeNull();
        }
    }

    /** @return an object of the given members in order (strings, numbers, booleans); null values are left out. */
    static String object(final Map<String, ?> members)
    {
        final ObjectNode node = NODES.objectNode();
        members.forEach((k, v) ->
        {
            switch (v)
            {
                case null ->
                {
                }
                case String s -> node.put(k, s);
                case Integer i -> node.put(k, i);
                case Long l -> node.put(k, l);
                case Boolean b -> node.put(k, b);
                default -> throw new IllegalArgumentException(k + ": " + v.getClass());
            }
        });
        return write(node);
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
