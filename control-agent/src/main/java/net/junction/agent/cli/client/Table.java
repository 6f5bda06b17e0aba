/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A text table as {@code birdc} and {@code gobgp} print them: a header row in capitals, columns
 * padded to their widest cell, two spaces between columns, text left-aligned and numbers (and
 * their headers) right-aligned, no trailing blanks.
 */
final class Table
{
    private final String[] headers;
    private final boolean[] numeric;
    private final List<String[]> rows = new ArrayList<>();

    /**
     * @param headers column headers; one starting with {@code #} is a numeric column (the {@code #} is dropped).
     */
    Table(final String... headers)
    {
        this.headers = new String[headers.length];
        this.numeric = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++)
        {
            numeric[i] = headers[i].startsWith("#");
            this.headers[i] = numeric[i] ? headers[i].substring(1) : headers[i];
        }
    }

    /** @param cells one per column; null prints as {@code -}. */
    Table row(final Object... cells)
    {
        if (cells.length != headers.length)
        {
            throw new IllegalArgumentException("want " + headers.length + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : c.toString()).toArray(String[]::new));
        return this;
    }

    int size()
    {
        return rows.size();
    }

    /** @return the table, one line per row after the header, each ending in a newline. */
    String render()
    {
        final int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++)
        {
            widths[i] = headers[i].length();
        }
        for (final String[] row : rows)
        {
            for (int i = 0; i < row.length; i++)
            {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        final StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        for (final String[] row : rows)
        {
            line(out, row, widths);
        }
        return out.toString();
    }

    private void line(final StringBuilder out, final String[] cells, final int[] widths)
    {
        final int start = out.length();
        for (int i = 0; i < cells.length; i++)
        {
            if (i > 0)
            {
                out.append("  ");
            }
            final int pad = widths[i] - cells[i].length();
            if (numeric[i])
            {
                out.repeat(' ', pad).append(cells[i]);
            }
            else
            {
                out.append(cells[i]).repeat(' ', pad);
            }
        }
        int end = out.length();
        while (end > start && out.charAt(end - 1) == ' ')
        {
            end--;
        }
        out.setLength(end);
        out.append('\n');
    }
}
