/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing;

/**
 * IPv4 addresses as the {@code int} the data plane carries: the 32 bits in network order, so
 * {@code 198.18.1.1} is {@code 0xC6120101}. Comparisons that need an unsigned order use
 * {@link Integer#compareUnsigned(int, int)}.
 * <p>
 * Parsing is strict dotted-decimal (RFC 791 notation as written by {@code inet_ntop}): exactly four
 * octets of one to three digits, no leading zeros (BSD reads {@code 010} as octal 8, so accepting it
 * would let two tools disagree about one config), no shorthand forms like {@code 10.1}, no
 * whitespace. Names are never resolved.
 */
public final class Ip4
{
    /** Number of bits in an IPv4 address. */
    public static final int ADDRESS_BITS = 32;

    private Ip4()
    {
    }

    /**
     * Parse a dotted-decimal IPv4 address.
     *
     * @param text such as {@code "198.18.1.1"}.
     * @return the address as a network-order {@code int}.
     * @throws IllegalArgumentException naming the input and what is wrong with it.
     */
    public static int parse(final String text)
    {
        if (null == text)
        {
            throw new IllegalArgumentException("null is not an IPv4 address");
        }

        try
        {
            return parse(text, 0, text.length());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address: " + ex.getMessage());
        }
    }

    /**
     * Format an address as dotted decimal.
     *
     * @param address network-order address.
     * @return such as {@code "198.18.1.1"}.
     */
    public static String format(final int address)
    {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." +
            (address & 0xFF);
    }

    /**
     * Parse {@code text[start, end)}; the exception carries only the reason, callers add the context.
     */
    static int parse(final CharSequence text, final int start, final int end)
    {
        if (start == end)
        {
            throw new IllegalArgumentException("empty");
        }

        int address = 0;
        int octets = 0;
        int i = start;
        while (true)
        {
            final int octetStart = i;
            int value = 0;
            while (i < end && text.charAt(i) != '.')
            {
                final char c = text.charAt(i);
                if (c < '0' || c > '9')
                {
                    throw new IllegalArgumentException("unexpected character '" + c + "'");
                }
                value = value * 10 + (c - '0');
                if (i - octetStart >= 3)
                {
                    throw new IllegalArgumentException(
                        "octet '" + text.subSequence(octetStart, i + 1) + "' has more than 3 digits");
                }
                i++;
            }

            final int digits = i - octetStart;
            if (0 == digits)
            {
                throw new IllegalArgumentException("empty octet");
            }
            if (digits > 1 && text.charAt(octetStart) == '0')
            {
                throw new IllegalArgumentException(
                    "octet '" + text.subSequence(octetStart, i) + "' has a leading zero");
            }
            if (value > 255)
            {
                throw new IllegalArgumentException("octet " + value + " is greater than 255");
            }

            address = (address << 8) | value;
            octets++;

            if (i == end)
            {
                break;
            }
            if (4 == octets)
            {
                throw new IllegalArgumentException("more than 4 octets");
            }
            i++; // skip '.'
        }

        if (octets != 4)
        {
            throw new IllegalArgumentException("expected 4 dotted decimal octets, found " + octets);
        }

        return address;
    }
}
