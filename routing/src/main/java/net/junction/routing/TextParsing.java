/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing;

/**
 * Pieces of address and prefix text parsing shared by both families. Exceptions carry only the reason;
 * the public parsers add the input and what it was meant to be.
 */
final class TextParsing
{
    private TextParsing()
    {
    }

    /**
     * Index of the '/' separating address and length.
     */
    static int slashIndex(final String text)
    {
        final int slash = text.indexOf('/');
        if (slash < 0)
        {
            throw new IllegalArgumentException("missing '/length'");
        }
        if (text.indexOf('/', slash + 1) >= 0)
        {
            throw new IllegalArgumentException("more than one '/'");
        }
        return slash;
    }

    /**
     * Parse a decimal prefix length {@code text[start, end)} in {@code 0..maxLength}, refusing signs,
     * spaces and leading zeros.
     */
    static int parseLength(final CharSequence text, final int start, final int end, final int maxLength)
    {
        if (start == end)
        {
            throw new IllegalArgumentException("empty prefix length");
        }
        if (end - start > 3)
        {
            throw new IllegalArgumentException("prefix length '" + text.subSequence(start, end) + "' is too long");
        }

        int value = 0;
        for (int i = start; i < end; i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                throw new IllegalArgumentException(
                    "prefix length '" + text.subSequence(start, end) + "' is not a decimal number");
            }
            value = value * 10 + (c - '0');
        }

        if (end - start > 1 && text.charAt(start) == '0')
        {
            throw new IllegalArgumentException(
                "prefix length '" + text.subSequence(start, end) + "' has a leading zero");
        }
        if (value > maxLength)
        {
            throw new IllegalArgumentException("prefix length " + value + " is outside 0.." + maxLength);
        }

        return value;
    }
}
