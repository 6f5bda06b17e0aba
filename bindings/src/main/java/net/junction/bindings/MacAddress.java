package net.junction.bindings;

import java.util.HexFormat;

/**
 * An Ethernet address as 48 bits in a {@code long}, first wire byte most significant, so it is
 * written into a frame with one {@code putShortBe} and one {@code putIntBe}.
 */
public record MacAddress(long value)
{
    private static final HexFormat COLONS = HexFormat.ofDelimiter(":");

    public MacAddress
    {
        if ((value & ~0xFFFF_FFFF_FFFFL) != 0)
        {
            throw new IllegalArgumentException("not a 48-bit MAC address: 0x" + Long.toHexString(value));
        }
    }

    /** Parses {@code 02:00:5e:10:00:01} (case-insensitive, colon separated). */
    public static MacAddress parse(final String text)
    {
        if (text.length() != 17)
        {
            throw new IllegalArgumentException("not a MAC address (want xx:xx:xx:xx:xx:xx): " + text);
        }
        final byte[] bytes;
        try
        {
            bytes = COLONS.parseHex(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("not a MAC address (want xx:xx:xx:xx:xx:xx): " + text, ex);
        }
        return ofBytes(bytes);
    }

    public static MacAddress ofBytes(final byte[] bytes)
    {
        if (bytes.length != 6)
        {
            throw new IllegalArgumentException("a MAC address has 6 bytes, got " + bytes.length);
        }
        long value = 0;
        for (final byte b : bytes)
        {
            value = (value << 8) | (b & 0xFF);
        }
        return new MacAddress(value);
    }

    public byte[] bytes()
    {
        final byte[] bytes = new byte[6];
        for (int i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(value >>> (8 * (5 - i)));
        }
        return bytes;
    }

    /** The I/G bit: group (multicast or broadcast) addresses. */
    public boolean isMulticast()
    {
        return (value & (1L << 40)) != 0;
    }

    @Override
    public String toString()
    {
        return COLONS.formatHex(bytes());
    }
}
