/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing;

/**
 * An IPv6 address as two {@code long}s: {@code high} holds bits 0..63 (the first four groups),
 * {@code low} bits 64..127, each in network order, so {@code 2001:db8::1} is
 * {@code high = 0x20010DB800000000L, low = 1L}.
 * <p>
 * {@link #parse(String)} accepts the text forms of RFC 4291 §2.2: eight groups of one to four hex
 * digits, one {@code ::} standing for one or more zero groups, and a trailing dotted-decimal IPv4
 * address in place of the last two groups. Zone identifiers ({@code %eth0}) are refused: a route or
 * an interface address has no scope. {@link #toString()} writes the canonical form of RFC 5952 §4.
 *
 * @param high bits 0..63 of the address.
 * @param low  bits 64..127 of the address.
 */
public record Ip6Address(long high, long low) implements IpAddress
{
    /** Number of bits in an IPv6 address. */
    public static final int ADDRESS_BITS = 128;

    /** The unspecified address {@code ::} (RFC 4291 §2.5.2). */
    public static final Ip6Address UNSPECIFIED = new Ip6Address(0, 0);

    private static final int GROUPS = 8;
    private static final long IPV4_MAPPED_LOW_PREFIX = 0x0000_FFFF_0000_0000L;

    /**
     * Parse an IPv6 address.
     *
     * @param text such as {@code "2001:db8::1"} or {@code "::ffff:198.18.1.1"}.
     * @return the address.
     * @throws IllegalArgumentException naming the input and what is wrong with it.
     */
    public static Ip6Address parse(final String text)
    {
        if (null == text)
        {
            throw new IllegalArgumentException("null is not an IPv6 address");
        }

        final long[] halves = new long[2];
        try
        {
            parse(text, 0, text.length(), halves);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address: " + ex.getMessage());
        }

        return new Ip6Address(halves[0], halves[1]);
    }

    /**
     * {@inheritDoc}
     */
    public boolean isIpv4()
    {
        return false;
    }

    /**
     * The RFC 5952 §4 canonical text: lower-case hex without leading zeros, the longest run of two
     * or more zero groups (the first if tied) replaced by {@code ::}, and IPv4-mapped addresses
     * ({@code ::ffff:0:0/96}) with their last 32 bits in dotted decimal (§5).
     *
     * @return canonical text of the address.
     */
    public String toString()
    {
        return format(high, low);
    }

    /**
     * Format an address given as two halves, without allocating an {@link Ip6Address}.
     *
     * @param high bits 0..63.
     * @param low  bits 64..127.
     * @return RFC 5952 canonical text.
     */
    public static String format(final long high, final long low)
    {
        if (0 == high && (low & 0xFFFF_FFFF_0000_0000L) == IPV4_MAPPED_LOW_PREFIX)
        {
            return "::ffff:" + Ip4.format((int)low);
        }

        final int[] groups = new int[GROUPS];
        for (int i = 0; i < 4; i++)
        {
            groups[i] = (int)(high >>> (48 - 16 * i)) & 0xFFFF;
            groups[i + 4] = (int)(low >>> (48 - 16 * i)) & 0xFFFF;
        }

        // RFC 5952 §4.2: compress the longest run of zero groups, the first of equal runs, never one group.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < GROUPS; )
        {
            if (0 == groups[i])
            {
                int j = i;
                while (j < GROUPS && 0 == groups[j])
                {
                    j++;
                }
                if (j - i > bestLength)
                {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            }
            else
            {
                i++;
            }
        }

        final StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < GROUPS; i++)
        {
            if (i == bestStart)
            {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':')
            {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }

        return sb.toString();
    }

    /**
     * Parse {@code text[start, end)} into {@code halves[0]} (high) and {@code halves[1]} (low); the
     * exception carries only the reason, callers add the context.
     */
    static void parse(final CharSequence text, final int start, final int end, final long[] halves)
    {
        if (start == end)
        {
            throw new IllegalArgumentException("empty");
        }

        int doubleColon = -1;
        for (int i = start; i < end - 1; i++)
        {
            if (text.charAt(i) == ':' && text.charAt(i + 1) == ':')
            {
                if (doubleColon >= 0)
                {
                    throw new IllegalArgumentException("more than one '::'");
                }
                doubleColon = i;
                i++;
            }
        }

        final int[] groups = new int[GROUPS];
        if (doubleColon < 0)
        {
            final int count = parseGroups(text, start, end, true, groups, 0);
            if (count != GROUPS)
            {
                throw new IllegalArgumentException("expected 8 groups without '::', found " + count);
            }
        }
        else
        {
            final int[] tail = new int[GROUPS];
            final int headCount = parseGroups(text, start, doubleColon, false, groups, 0);
            final int tailCount = parseGroups(text, doubleColon + 2, end, true, tail, 0);
            if (headCount + tailCount > GROUPS - 1)
            {
                throw new IllegalArgumentException("'::' must stand for at least one group but " +
                    (headCount + tailCount) + " groups are given");
            }
            System.arraycopy(tail, 0, groups, GROUPS - tailCount, tailCount);
        }

        long high = 0;
        long low = 0;
        for (int i = 0; i < 4; i++)
        {
            high = (high << 16) | groups[i];
            low = (low << 16) | groups[i + 4];
        }
        halves[0] = high;
        halves[1] = low;
    }

    private static int hexDigit(final char c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Parse colon-separated groups of {@code text[start, end)} into {@code out}, an embedded IPv4
     * address counting as two groups when allowed (only at the very end of the address).
     *
     * @return number of 16-bit groups parsed.
     */
    private static int parseGroups(
        final CharSequence text, final int start, final int end, final boolean ipv4Allowed, final int[] out,
        final int outStart)
    {
        if (start == end)
        {
            return 0;
        }

        int count = outStart;
        int i = start;
        while (true)
        {
            final int groupStart = i;
            int value = 0;
            boolean dotted = false;
            while (i < end && text.charAt(i) != ':')
            {
                final char c = text.charAt(i);
                if (c == '.')
                {
                    dotted = true;
                }
                else if (c == '%')
                {
                    throw new IllegalArgumentException("zone identifiers ('%') are not accepted");
                }
                else if (!dotted)
                {
                    final int digit = hexDigit(c);
                    if (digit < 0)
                    {
                        throw new IllegalArgumentException("unexpected character '" + c + "'");
                    }
                    value = (value << 4) | digit;
                }
                i++;
            }

            final int length = i - groupStart;
            if (0 == length)
            {
                throw new IllegalArgumentException("empty group (a single ':' at the start, end or twice)");
            }

            if (dotted)
            {
                if (!ipv4Allowed || i != end)
                {
                    throw new IllegalArgumentException("an embedded IPv4 address may only end the address");
                }
                if (count + 2 > GROUPS)
                {
                    throw new IllegalArgumentException("more than 8 groups");
                }
                final int ipv4;
                try
                {
                    ipv4 = Ip4.parse(text, groupStart, i);
                }
                catch (final IllegalArgumentException ex)
                {
                    throw new IllegalArgumentException("embedded IPv4 address: " + ex.getMessage());
                }
                out[count++] = ipv4 >>> 16;
                out[count++] = ipv4 & 0xFFFF;
                return count - outStart;
            }

            if (length > 4)
            {
                throw new IllegalArgumentException(
                    "group '" + text.subSequence(groupStart, i) + "' has more than 4 hex digits");
            }
            if (count == GROUPS)
            {
                throw new IllegalArgumentException("more than 8 groups");
            }
            out[count++] = value;

            if (i == end)
            {
                return count - outStart;
            }
            i++; // skip ':'
            if (i == end)
            {
                throw new IllegalArgumentException("empty group (a single ':' at the start, end or twice)");
            }
        }
    }
}
