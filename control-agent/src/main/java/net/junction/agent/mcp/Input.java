/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tool's arguments: each declared once, with its type, bounds and description, from which both
 * the JSON schema the model sees and the check of a call are made, so the two cannot disagree.
 * The SDK checks a call against the schema first; {@link #check} checks it again here (a server
 * built without the SDK's check stays safe) and names the argument in what it says.
 * <pre>{@code
 * Input.of().string("address", "an IPv4 or IPv6 address, e.g. 198.51.100.7", true)
 * }</pre>
 */
final class Input
{
    private enum Type
    {
        STRING, INTEGER, BOOLEAN
    }

    private record Parameter(
        String name, Type type, String description, boolean required, List<String> choices, long min, long max,
        Optional<Long> defaultValue)
    {
    }

    private final List<Parameter> parameters = new ArrayList<>();

    private Input()
    {
    }

    /** No arguments, or some added with the methods below. */
    static Input of()
    {
        return new Input();
    }

    Input string(final String name, final String description, final boolean required)
    {
        parameters.add(new Parameter(name, Type.STRING, description, required, List.of(), 0, 0, Optional.empty()));
        return this;
    }

    Input choice(final String name, final String description, final boolean required, final String... choices)
    {
        parameters.add(new Parameter(name, Type.STRING, description, required, List.of(choices), 0, 0, Optional.empty()));
        return this;
    }

    Input integer(final String name, final String description, final boolean required, final long min, final long max)
    {
        parameters.add(new Parameter(name, Type.INTEGER, description, required, List.of(), min, max, Optional.empty()));
        return this;
    }

    /** An optional integer with a default the model is told of. */
    Input integer(final String name, final String description, final long min, final long max, final long defaultValue)
    {
        parameters.add(new Parameter(name, Type.INTEGER, description, false, List.of(), min, max, Optional.of(defaultValue)));
        return this;
    }

    Input bool(final String name, final String description)
    {
        parameters.add(new Parameter(name, Type.BOOLEAN, description, false, List.of(), 0, 0, Optional.empty()));
        return this;
    }

    /** @return the JSON schema of the arguments: an object with exactly these properties. */
    Map<String, Object> schema()
    {
        final Map<String, Object> properties = new LinkedHashMap<>();
        final List<String> required = new ArrayList<>();
        for (final Parameter p : parameters)
        {
            final Map<String, Object> property = new LinkedHashMap<>();
            property.put("type", switch (p.type())
            {
                case STRING -> "string";
                case INTEGER -> "integer";
                case BOOLEAN -> "boolean";
            });
            if (!p.choices().isEmpty())
            {
                property.put("enum", p.choices());
            }
            if (p.type() == Type.STRING && p.required())
            {
                property.put("minLength", 1);
            }
            if (p.type() == Type.INTEGER)
            {
                property.put("minimum", p.min());
                property.put("maximum", p.max());
            }
            p.defaultValue().ifPresent(d -> property.put("default", d));
            property.put("description", p.description());
            properties.put(p.name(), property);
            if (p.required())
            {
                required.add(p.name());
            }
        }
        final Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty())
        {
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    /**
     * @param arguments a call's arguments, as the client sent them (null: none).
     * @return them, checked.
     * @throws ToolError naming the first argument that is unknown, missing, of the wrong type or out of bounds.
     */
    Arguments check(final Map<String, Object> arguments)
    {
        final Map<String, Object> given = null == arguments ? Map.of() : arguments;
        for (final String name : given.keySet())
        {
            if (parameters.stream().noneMatch(p -> p.name().equals(name)))
            {
                throw new ToolError("unknown argument '" + name + "'; this tool takes " + (parameters.isEmpty() ? "none" :
                    String.join(", ", parameters.stream().map(Parameter::name).toList())));
            }
        }
        final Map<String, Object> checked = new LinkedHashMap<>();
        for (final Parameter p : parameters)
        {
            final Object value = given.get(p.name());
            if (null == value)
            {
                if (p.required())
                {
                    throw new ToolError("missing argument '" + p.name() + "': " + p.description());
                }
                p.defaultValue().ifPresent(d -> checked.put(p.name(), d));
                continue;
            }
            checked.put(p.name(), switch (p.type())
            {
                case STRING -> string(p, value);
                case INTEGER -> integer(p, value);
                case BOOLEAN -> value instanceof Boolean b ? b : wrong(p, value, "true or false");
            });
        }
        return new Arguments(checked);
    }

    private static String string(final Parameter p, final Object value)
    {
        if (!(value instanceof String text))
        {
            return wrong(p, value, "a string");
        }
        if (p.required() && text.isBlank())
        {
            throw new ToolError("argument '" + p.name() + "' is empty: " + p.description());
        }
        if (!p.choices().isEmpty() && !p.choices().contains(text))
        {
            throw new ToolError("argument '" + p.name() + "': '" + text + "' is not one of " + String.join(", ", p.choices()));
        }
        return text;
    }

    private static long integer(final Parameter p, final Object value)
    {
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || Double.isInfinite(n.doubleValue()))
        {
            return wrong(p, value, "an integer");
        }
        final long v = n.longValue();
        if (v < p.min() || v > p.max())
        {
            throw new ToolError("argument '" + p.name() + "': " + v + " is outside " + p.min() + ".." + p.max());
        }
        return v;
    }

    private static <T> T wrong(final Parameter p, final Object value, final String expected)
    {
        throw new ToolError("argument '" + p.name() + "' must be " + expected + ", not " +
            (value instanceof String s ? "\"" + s + "\"" : String.valueOf(value)));
    }

    /** A call's arguments after {@link #check}: each of its declared type, defaults filled in. */
    record Arguments(Map<String, Object> values)
    {
        Optional<String> string(final String name)
        {
            return Optional.ofNullable((String)values.get(name));
        }

        Optional<Long> integer(final String name)
        {
            return Optional.ofNullable((Long)values.get(name));
        }

        Optional<Boolean> bool(final String name)
        {
            return Optional.ofNullable((Boolean)values.get(name));
        }
    }
}
