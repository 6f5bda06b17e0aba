/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The samples of a scrape in the Prometheus text format (or OpenMetrics), parsed independently of the
 * client library that wrote them: {@code name{label="value",...} number} lines, comments skipped.
 */
final class ScrapeText
{
    private final Map<String, Double> samples = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    ScrapeText(final String text)
    {
        for (final String line : text.split("\n"))
        {
            if (line.isBlank() || line.startsWith("#"))
            {
                continue;
            }
            final int brace = line.indexOf('{');
            final int space;
            final String name;
            final Map<String, String> labels = new TreeMap<>();
            if (brace >= 0 && brace < line.indexOf(' '))
            {
                name = line.substring(0, brace);
                int i = brace + 1;
                while (line.charAt(i) != '}')
                {
                    final int equals = line.indexOf('=', i);
                    final String key = line.substring(i, equals);
                    final StringBuilder value = new StringBuilder();
                    int j = equals + 2; // past ="
                    while (line.charAt(j) != '"')
                    {
                        if (line.charAt(j) == '\\')
                        {
                            j++;
                            value.append(line.charAt(j) == 'n' ? '\n' : line.charAt(j));
                        }
                        else
                        {
                            value.append(line.charAt(j));
                        }
                        j++;
                    }
                    labels.put(key, value.toString());
                    i = j + 1;
                    if (line.charAt(i) == ',')
                    {
                        i++;
                    }
                }
                space = i + 1;
            }
            else
            {
                space = line.indexOf(' ');
                name = line.substring(0, space);
            }
            final String rest = line.substring(space).trim();
            final String number = rest.split(" ")[0];
            samples.put(key(name, labels), Double.parseDouble(number.replace("+Inf", "Infinity").replace("-Inf", "-Infinity")));
            names.add(name);
        }
    }

    /**
     * @param name   sample name as exposed (with {@code _total} and the like).
     * @param labels label names and values, alternating; all of the sample's labels.
     * @return its value, or null when there is no such sample.
     */
    Double value(final String name, final String... labels)
    {
        final Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2)
        {
            map.put(labels[i], labels[i + 1]);
        }
        return samples.get(key(name, map));
    }

    boolean has(final String name)
    {
        return names.contains(name);
    }

    /** @return the value of the only sample of that name with these labels among others, or null. */
    Double valueWhere(final String name, final String labelName, final String labelValue)
    {
        final String prefix = name + "{";
        final String needle = labelName + "=" + labelValue;
        Double found = null;
        for (final Map.Entry<String, Double> sample : samples.entrySet())
        {
            final String key = sample.getKey();
            if (key.startsWith(prefix) && List.of(key.substring(prefix.length(), key.length() - 1).split(",")).contains(needle))
            {
                found = sample.getValue();
            }
        }
        return found;
    }

    private static String key(final String name, final Map<String, String> labels)
    {
        final StringBuilder key = new StringBuilder(name).append('{');
        labels.forEach((k, v) -> key.append(k).append('=').append(v).append(','));
        if (!labels.isEmpty())
        {
            key.setLength(key.length() - 1);
        }
        return key.append('}').toString();
    }
}
