/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ByteBufferContentSource;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.UrlEncoded;

/**
 * One request as an endpoint sees it: the caller, path and query parameters checked by name,
 * and a body read up to the server's limit. Every parameter problem is an {@link ApiException}
 * naming the parameter. It came in on a listener, or was made inside the router by an MCP tool
 * served over HTTP ({@link #inProcess}: no connection, nothing to stream to).
 */
final class ApiRequest
{
    private final HttpFields headers;
    private final Content.Source body;
    private final long declaredLength;
    private final Response response;
    private final Caller caller;
    private final Map<String, String> pathParameters;
    private final Fields query;
    private final long maxBodyBytes;

    ApiRequest(
        final Request request, final Response response, final Caller caller, final Map<String, String> pathParameters,
        final long maxBodyBytes)
    {
        this(request.getHeaders(), request, request.getLength(), response, caller, pathParameters,
            Request.extractQueryParameters(request, StandardCharsets.UTF_8), maxBodyBytes);
    }

    private ApiRequest(
        final HttpFields headers, final Content.Source body, final long declaredLength, final Response response,
        final Caller caller, final Map<String, String> pathParameters, final Fields query, final long maxBodyBytes)
    {
        this.headers = headers;
        this.body = body;
        this.declaredLength = declaredLength;
        this.response = response;
        this.caller = caller;
        this.pathParameters = pathParameters;
        this.query = query;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * A request made inside the router, for an MCP tool served on the API's listener.
     *
     * @param query the raw query (percent-encoded), or null.
     */
    static ApiRequest inProcess(
        final HttpFields headers, final String query, final byte[] body, final Caller caller,
        final Map<String, String> pathParameters, final long maxBodyBytes)
    {
        final Fields fields = new Fields(true);
        if (null != query)
        {
            UrlEncoded.decodeUtf8To(query, fields);
        }
        return new ApiRequest(headers, new ByteBufferContentSource(ByteBuffer.wrap(body)), body.length, null, caller,
            pathParameters, fields, maxBodyBytes);
    }

    Caller caller()
    {
        return caller;
    }

    /** @throws ApiException for a request made inside the router: it has no response to stream to. */
    Response response()
    {
        if (null == response)
        {
            throw ApiException.badRequest("path", "a stream cannot be opened from inside the router");
        }
        return response;
    }

    String path(final String name)
    {
        return pathParameters.get(name);
    }

    Optional<String> header(final HttpHeader header)
    {
        return Optional.ofNullable(headers.get(header));
    }

    Optional<String> header(final String name)
    {
        return Optional.ofNullable(headers.get(name));
    }

    // ---------------------------------------------------------------------------------------- query

    /** Refuses any query parameter not among {@code allowed}, and any given twice. */
    ApiRequest queryAllows(final String... allowed)
    {
        final Set<String> names = Set.of(allowed);
        for (final Fields.Field field : query)
        {
            if (!names.contains(field.getName()))
            {
                throw ApiException.badRequest(field.getName(), names.isEmpty() ? "unknown parameter; this route takes none" :
                    "unknown parameter; expected one of " + String.join(", ", List.of(allowed)));
            }
            if (field.getValues().size() > 1)
            {
                throw ApiException.badRequest(field.getName(), "given more than once");
            }
        }
        return this;
    }

    Optional<String> query(final String name)
    {
        final Fields.Field field = query.get(name);
        return null == field ? Optional.empty() : Optional.of(field.getValue());
    }

    int queryInt(final String name, final int min, final int max, final int otherwise)
    {
        final Optional<String> text = query(name);
        if (text.isEmpty())
        {
            return otherwise;
        }
        try
        {
            final long value = Long.parseLong(text.get());
            if (value >= min && value <= max)
            {
                return (int)value;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below
        }
        throw ApiException.badRequest(name, "'" + text.get() + "' is not an integer in " + min + ".." + max);
    }

    boolean queryBoolean(final String name, final boolean otherwise)
    {
        final Optional<String> text = query(name);
        if (text.isEmpty())
        {
            return otherwise;
        }
        return switch (text.get())
        {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest(name, "'" + text.get() + "' is not true or false");
        };
    }

    /** A query parameter that must be one of {@code values}. */
    Optional<String> queryChoice(final String name, final String... values)
    {
        final Optional<String> text = query(name);
        if (text.isPresent() && !List.of(values).contains(text.get()))
        {
            throw ApiException.badRequest(name, "'" + text.get() + "' is not one of " + String.join(", ", values));
        }
        return text;
    }

    // ----------------------------------------------------------------------------------------- body

    /**
     * @return the body as UTF-8 text, at most the server's limit.
     * @throws ApiException 413 when larger, 400 when not UTF-8.
     */
    String bodyText() throws IOException
    {
        final long declared = declaredLength;
        if (declared > maxBodyBytes)
        {
            throw tooLarge();
        }
        final byte[] bytes;
        try (InputStream in = Content.Source.asInputStream(body))
        {
            bytes = in.readNBytes((int)Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        }
        if (bytes.length > maxBodyBytes)
        {
            throw tooLarge();
        }
        try
        {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
        }
        catch (final CharacterCodingException ex)
        {
            throw ApiException.badRequest("body", "is not UTF-8 text");
        }
    }

    private ApiException tooLarge()
    {
        return new ApiException(Problem.of(413, "too-large", "the request body is too large",
            "body: larger than " + maxBodyBytes + " bytes",
            List.of(new Problem.FieldError("body", "larger than " + maxBodyBytes + " bytes"))));
    }

    /**
     * @param allowed the fields the route takes; any other is refused by name.
     * @return the body as a JSON object; an empty body is an empty object.
     */
    JsonBody jsonBody(final String... allowed) throws IOException
    {
        final String text = bodyText();
        final ObjectNode object;
        if (text.isBlank())
        {
            object = Json.MAPPER.createObjectNode();
        }
        else
        {
            final JsonNode node;
            try
            {
                node = Json.MAPPER.readTree(text);
            }
            catch (final com.fasterxml.jackson.core.JsonProcessingException ex)
            {
                throw ApiException.badRequest("body", "is not JSON: " + ex.getOriginalMessage());
            }
            if (!(node instanceof ObjectNode o))
            {
                throw ApiException.badRequest("body", "expected a JSON object");
            }
            object = o;
        }
        final Set<String> names = Set.of(allowed);
        for (final Iterator<String> it = object.fieldNames(); it.hasNext(); )
        {
            final String name = it.next();
            if (!names.contains(name))
            {
                throw ApiException.badRequest(name, "unknown field; expected one of " + String.join(", ", List.of(allowed)));
            }
        }
        return new JsonBody(object);
    }

    /** A request body's fields, each read as the type the route needs, refused by name otherwise. */
    record JsonBody(ObjectNode object)
    {
        boolean has(final String name)
        {
            final JsonNode node = object.get(name);
            return null != node && !node.isNull();
        }

        Optional<String> string(final String name)
        {
            if (!has(name))
            {
                return Optional.empty();
            }
            final JsonNode node = object.get(name);
            if (!node.isTextual())
            {
                throw ApiException.badRequest(name, "expected a string, got " + node.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            return Optional.of(node.textValue());
        }

        String requiredString(final String name)
        {
            return string(name).orElseThrow(() -> ApiException.badRequest(name, "required"));
        }

        Optional<Long> integer(final String name, final long min, final long max)
        {
            if (!has(name))
            {
                return Optional.empty();
            }
            final JsonNode node = object.get(name);
            if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max)
            {
                throw ApiException.badRequest(name, "expected an integer in " + min + ".." + max + ", got " + node);
            }
            return Optional.of(node.longValue());
        }

        Optional<Boolean> bool(final String name)
        {
            if (!has(name))
            {
                return Optional.empty();
            }
            final JsonNode node = object.get(name);
            if (!node.isBoolean())
            {
                throw ApiException.badRequest(name, "expected true or false, got " + node);
            }
            return Optional.of(node.booleanValue());
        }
    }
}
