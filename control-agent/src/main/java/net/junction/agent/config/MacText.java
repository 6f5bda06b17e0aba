/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import java.util.HexFormat;

/**
 * MAC addresses as the configuration holds them: 48 bits in a {@code long}, the first octet on the
 * wire most significant, so {@code 02:00:00:00:00:01} is {@code 0x0200_0000_0001L}.
 */
final class MacText
{
    /** ff:ff:ff:ff:ff:ff. */
    static final long BROADCAST = 0xFFFF_FFFF_FFFFL;

    /** I/G bit, the least significant bit of the first octet: set on group addresses (IEEE 802-2014 §8.2). */
    private static final long GROUP_BIT = 1L << 40;
    private static final HexFormat COLONS = HexFormat.ofDelimiter(":");

    private MacText()
    {
    }

    /**
     * Parse six colon-separated pairs of hex digits, either case: {@code 02:00:00:00:00:01}.
     *
     * @throws IllegalArgumentException naming the input and the expected form.
     */
    static long parse(final String text)
    {
        if (text.length() != 17)
        {
            throw notAMac(text);
        }

        long mac = 0;
        for (int octet = 0; octet < 6; octet++)
        {
            final int at = octet * 3;
            if (octet > 0 && text.charAt(at - 1) != ':')
            {
                throw notAMac(text);
            }
            final char high = text.charAt(at);
            final char low = text.charAt(at + 1);
            if (!isAsciiHex(high) || !isAsciiHex(low))
            {
                throw notAMac(text);
            }
            mac = (mac << 8) | ((long)Character.digit(high, 16) << 4) | Character.digit(low, 16);
        }
        return mac;
    }

    /** Lower-case colon form, {@code 02:00:00:00:00:01}. */
    static String format(final long mac)
    {
        if ((mac & ~BROADCAST) != 0)
        {
            throw new IllegalArgumentException("not a 48-bit MAC address: 0x" + Long.toHexString(mac));
        }

        final byte[] octets = new byte[6];
        for (int i = 0; i < 6; i++)
        {
            octets[i] = (byte)(mac >>> (40 - 8 * i));
        }
        return COLONS.formatHex(octets);
    }

    /** Group (multicast or broadcast) addresses: a station never has one as its own. */
    static boolean isMulticast(final long mac)
    {
        return (mac & GROUP_BIT) != 0;
    }

    /**
     * Why {@code mac} cannot be a station's address (a port's or a neighbor's), or null if it can.
     */
    static String whyNotUnicast(final long mac)
    {
        if (BROADCAST == mac)
        {
            return format(mac) + " is the broadcast address; a station's MAC must be unicast";
        }
        if (isMulticast(mac))
        {
            return format(mac) + " is a multicast address (the I/G bit of the first octet is set); " +
                "a station's MAC must be unicast";
        }
        if (0 == mac)
        {
            return "00:00:00:00:00:00 is not a usable station address";
        }
        return null;
    }

    private static boolean isAsciiHex(final char c)
    {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static IllegalArgumentException notAMac(final String text)
    {
        return new IllegalArgumentException(
            "'" + text + "' is not a MAC address: expected six hex pairs separated by colons, xx:xx:xx:xx:xx:xx");
    }
}
