/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.policy;

import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;

import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * AS_PATH regular expressions as Cisco and FRR write them: matched with {@link java.util.regex.Matcher#find()}
 * against the path's text form ({@code "65001 65002 {65010,65011}"}, confederation segments in
 * {@code (..)} and {@code [..]}), where {@code _} stands for an ASN boundary: the start or end of
 * the text, or one separator character (space, comma, brace, parenthesis, bracket).
 * <p>
 * Patterns are compiled once and shared: {@link #compile(String)} caches by source text.
 */
public final class AsPathRegex
{
    /** {@code _}: start, end, or one separator (consumed, as in Cisco's IOS). */
    private static final String BOUNDARY = "(?:^|$|[ ,{}()\\[\\]])";

    private static final ConcurrentHashMap<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private AsPathRegex()
    {
    }

    /**
     * @param regex as configured, with {@code _} for ASN boundaries.
     * @return the compiled pattern, shared by all callers with the same text.
     * @throws java.util.regex.PatternSyntaxException if the expression is malformed.
     */
    public static Pattern compile(final String regex)
    {
        return CACHE.computeIfAbsent(regex, r -> Pattern.compile(translate(r)));
    }

    /**
     * @param regex with {@code _}.
     * @return a Java regular expression; {@code _} inside a character class or escaped stays literal.
     */
    static String translate(final String regex)
    {
        final StringBuilder sb = new StringBuilder(regex.length() + 16);
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++)
        {
            final char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length())
            {
                sb.append(c).append(regex.charAt(++i));
            }
            else if (c == '[')
            {
                inClass = true;
                sb.append(c);
            }
            else if (c == ']')
            {
                inClass = false;
                sb.append(c);
            }
            else if (c == '_' && !inClass)
            {
                sb.append(BOUNDARY);
            }
            else
            {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * @param asPath a path, or null (matched as the empty path).
     * @return its text form, as the policy documentation writes it.
     */
    public static String text(final PathAttribute.AsPath asPath)
    {
        if (asPath == null || asPath.segments().isEmpty())
        {
            return "";
        }
        final StringBuilder sb = new StringBuilder(8 * asPath.segments().size());
        for (final AsPathSegment s : asPath.segments())
        {
            if (!sb.isEmpty())
            {
                sb.append(' ');
            }
            sb.append(s);
        }
        return sb.toString();
    }
}
