/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The tools' output schemas, taken from the API's own OpenAPI document (its
 * {@code components/schemas}, JSON Schema 2020-12 as OpenAPI 3.1 has it) with every {@code $ref}
 * written out in place: what a tool returns is what the API answers, described once.
 */
final class Schemas
{
    private static final String OPENAPI = "/net/junction/agent/api/openapi.json";
    private static final String REF_PREFIX = "#/components/schemas/";

    private final Map<String, Object> components;

    private Schemas(final Map<String, Object> components)
    {
        this.components = components;
    }

    /** @throws IllegalStateException when the OpenAPI document is not on the class path (a broken build). */
    @SuppressWarnings("unchecked")
    static Schemas load(final ObjectMapper mapper)
    {
        try (InputStream in = Schemas.class.getResourceAsStream(OPENAPI))
        {
            if (null == in)
            {
                throw new IllegalStateException("no " + OPENAPI + " on the class path");
            }
            final Map<String, Object> document = mapper.readValue(in, new TypeReference<Map<String, Object>>()
            {
            });
            return new Schemas((Map<String, Object>)((Map<String, Object>)document.get("components")).get("schemas"));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read " + OPENAPI + ": " + ex.getMessage(), ex);
        }
    }

    /** @return the component {@code name} ({@code Status}), every reference in it written out. */
    Map<String, Object> component(final String name)
    {
        final Object schema = components.get(name);
        if (!(schema instanceof Map<?, ?>))
        {
            throw new IllegalArgumentException("the OpenAPI document has no schema " + name);
        }
        return asMap(inline(schema, new ArrayList<>()));
    }

    /** @return {@code {"type": "object", "properties": {field: [component...]}, "required": [field]}}. */
    Map<String, Object> listOf(final String field, final String component)
    {
        return object(Map.of(field, Map.of("type", "array", "items", component(component))), List.of(field));
    }

    static Map<String, Object> object(final Map<String, Object> properties, final List<String> required)
    {
        final Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", required);
        return schema;
    }

    private Object inline(final Object node, final List<String> path)
    {
        if (node instanceof Map<?, ?> map)
        {
            if (map.get("$ref") instanceof String ref && ref.startsWith(REF_PREFIX))
            {
                final String name = ref.substring(REF_PREFIX.length());
                if (path.contains(name))
                {
                    throw new IllegalStateException("the OpenAPI schema " + name + " refers to itself: " + path);
                }
                path.add(name);
                final Object resolved = inline(components.get(name), path);
                path.removeLast();
                return resolved;
            }
            final Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String)k, inline(v, path)));
            return copy;
        }
        if (node instanceof List<?> list)
        {
            return list.stream().map(v -> inline(v, path)).toList();
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(final Object value)
    {
        return (Map<String, Object>)value;
    }
}
