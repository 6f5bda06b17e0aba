/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli;

import java.util.Map;

/**
 * The little JSON the status output needs: string quoting and objects of counters.
 */
final class Json
{
    private Json()
    {
    }

    /**
     * @param s text.
     * @return it as a JSON string literal.
     */
    static String quote(final String s)
    {
        final StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (final char c : s.toCharArray())
        {
            switch (c)
            {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default ->
                {
                    if (c < 0x20)
                    {
                        sb.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /**
     * Appends {@code {"key":value,...}} in the map's iteration order.
     *
     * @param sb     where.
     * @param counts keys to counts.
     */
    static void appendCounts(final StringBuilder sb, final Map<String, Long> counts)
    {
        sb.append('{');
        boolean first = true;
        for (final Map.Entry<String, Long> e : counts.entrySet())
        {
            sb.append(first ? "" : ",").append(quote(e.getKey())).append(':').append(e.getValue());
            first = false;
        }
        sb.append('}');
    }
}
