/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A value read from YAML with its path in the document ({@code ports[1].addresses[0]}). Each
 * {@code as...} method returns the value as the type asked for, or reports to {@link Problems} why
 * it is not one and returns empty, so reading goes on past every problem.
 *
 * @param value    the plain value: String, Integer/Long/BigInteger, Boolean, List, Map, or null.
 * @param path     where it is; the empty string for the document itself.
 * @param problems where problems go.
 */
record YamlNode(Object value, String path, Problems problems)
{
    /** How the document itself is named in problems. */
    static final String TOP_LEVEL = "top level";

    static YamlNode root(final Object document, final Problems problems)
    {
        return new YamlNode(document, "", problems);
    }

    Optional<String> asString()
    {
        if (value instanceof String s)
        {
            return Optional.of(s);
        }
        report("expected a string, got " + describe(value));
        return Optional.empty();
    }

    /** A string with at least one character that is not white space. */
    Optional<String> asNonBlankString()
    {
        final Optional<String> text = asString();
        if (text.isPresent() && text.get().isBlank())
        {
            report("must not be empty");
            return Optional.empty();
        }
        return text;
    }

    /** Any integer that fits an {@code int}. */
    Optional<Integer> asInteger()
    {
        return asInteger(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** An integer in {@code min..max} inclusive. */
    Optional<Integer> asInteger(final int min, final int max)
    {
        if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger))
        {
            report("expected an integer, got " + describe(value));
            return Optional.empty();
        }
        final BigInteger number = new BigInteger(value.toString());
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0)
        {
            report(number + " is out of range " + min + ".." + max);
            return Optional.empty();
        }
        return Optional.of(number.intValueExact());
    }

    Optional<Boolean> asBoolean()
    {
        if (value instanceof Boolean b)
        {
            return Optional.of(b);
        }
        report("expected true or false, got " + describe(value));
        return Optional.empty();
    }

    /** The elements, each with its path {@code path[i]}. */
    Optional<List<YamlNode>> asList()
    {
        if (!(value instanceof List<?> list))
        {
            report("expected a list, got " + describe(value));
            return Optional.empty();
        }
        final List<YamlNode> elements = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++)
        {
            elements.add(new YamlNode(list.get(i), path + "[" + i + "]", problems));
        }
        return Optional.of(elements);
    }

    /**
     * A mapping whose keys must all be among {@code allowedKeys}: each other key is reported, with
     * the allowed key it is probably a typo of when there is one, and otherwise ignored.
     */
    Optional<Fields> asMapping(final List<String> allowedKeys)
    {
        if (!(value instanceof Map<?, ?> map))
        {
            report("expected a mapping (key: value, ...), got " + describe(value));
            return Optional.empty();
        }
        for (final Object key : map.keySet())
        {
            if (!(key instanceof String name) || !allowedKeys.contains(name))
            {
                final String typed = String.valueOf(key);
                problems.add(child(typed), Spelling.closest(typed, allowedKeys)
                    .map(suggestion -> "unknown key, did you mean '" + suggestion + "'?")
                    .orElseGet(() -> "unknown key; expected one of " + String.join(", ", allowedKeys)));
            }
        }
        return Optional.of(new Fields(map, this));
    }

    /** Report a problem with this value. */
    void report(final String message)
    {
        problems.add(path.isEmpty() ? TOP_LEVEL : path, message);
    }

    String child(final String key)
    {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** How a value is named in a message: its text for scalars, its kind for collections. */
    static String describe(final Object value)
    {
        return switch (value)
        {
            case null -> "nothing";
            case String s when s.isEmpty() -> "an empty string";
            case String s -> "'" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "'";
            case Boolean b -> b.toString();
            case Integer _, Long _, BigInteger _ -> value.toString();
            case List<?> _ -> "a list";
            case Map<?, ?> _ -> "a mapping";
            default -> "a value of type " + value.getClass().getSimpleName();
        };
    }

    /**
     * The fields of a mapping. A key that is absent and a key with no value ({@code key:} or
     * {@code key: ~}) both read as missing, so the default applies.
     */
    record Fields(Map<?, ?> map, YamlNode node)
    {
        /** The field's value; empty when it is missing. */
        Optional<YamlNode> optional(final String key)
        {
            final Object value = map.get(key);
            return null == value ? Optional.empty() : Optional.of(new YamlNode(value, node.child(key), node.problems()));
        }

        /** The field's value; when missing, reported as required with what it is ({@code hint}). */
        Optional<YamlNode> required(final String key, final String hint)
        {
            final Optional<YamlNode> field = optional(key);
            if (field.isEmpty())
            {
                node.problems().add(node.child(key), "required (" + hint + ")");
            }
            return field;
        }

        boolean has(final String key)
        {
            return null != map.get(key);
        }

        /** The path of a field, present or not. */
        String path(final String key)
        {
            return node.child(key);
        }
    }
}
