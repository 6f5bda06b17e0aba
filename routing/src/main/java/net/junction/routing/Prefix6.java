/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing;

/**
 * An IPv6 prefix: an address as two halves (see {@link Ip6Address}) and a length in {@code 0..128}.
 * The canonical constructor refuses host bits set past the length.
 *
 * @param high   bits 0..63 of the network address.
 * @param low    bits 64..127 of the network address.
 * @param length prefix length in {@code 0..128}.
 */
public record Prefix6(long high, long low, int length) implements IpPrefix
{
    /** Longest IPv6 prefix length. */
    public static final int MAX_LENGTH = Ip6Address.ADDRESS_BITS;

    /** The IPv6 default route {@code ::/0}. */
    public static final Prefix6 DEFAULT_ROUTE = new Prefix6(0, 0, 0);

    /**
     * @throws IllegalArgumentException if {@code length} is outside {@code 0..128} or host bits are set.
     */
    public Prefix6
    {
        validate(high, low, length);
    }

    /**
     * Check a prefix given as primitives without allocating it, as the FIB does for each update.
     *
     * @param high   bits 0..63 of the network address.
     * @param low    bits 64..127 of the network address.
     * @param length prefix length.
     * @throws IllegalArgumentException if {@code length} is outside {@code 0..128} or host bits are set.
     */
    public static void validate(final long high, final long low, final int length)
    {
        if (length < 0 || length > MAX_LENGTH)
        {
            throw new IllegalArgumentException("prefix length " + length + " is outside 0.." + MAX_LENGTH);
        }
        if ((high & ~maskHigh(length)) != 0 || (low & ~maskLow(length)) != 0)
        {
            throw new IllegalArgumentException(Ip6Address.format(high, low) + "/" + length +
                " has host bits set past /" + length + " (the network is " +
                Ip6Address.format(high & maskHigh(length), low & maskLow(length)) + "/" + length + ")");
        }
    }

    /**
     * @param length in {@code 0..128}.
     * @return the mask over bits 0..63 for a prefix length.
     */
    public static long maskHigh(final int length)
    {
        // Java shifts a long by (distance & 63), hence the explicit ends.
        if (length >= 64)
        {
            return -1L;
        }
        return 0 == length ? 0 : -1L << (64 - length);
    }

    /**
     * @param length in {@code 0..128}.
     * @return the mask over bits 64..127 for a prefix length.
     */
    public static long maskLow(final int length)
    {
        return length <= 64 ? 0 : -1L << (MAX_LENGTH - length);
    }

    /**
     * The prefix of a given length that contains an address: host bits are cleared, not refused.
     *
     * @param high   bits 0..63 of any address.
     * @param low    bits 64..127 of any address.
     * @param length in {@code 0..128}.
     * @return the covering prefix.
     */
    public static Prefix6 network(final long high, final long low, final int length)
    {
        if (length < 0 || length > MAX_LENGTH)
        {
            throw new IllegalArgumentException("prefix length " + length + " is outside 0.." + MAX_LENGTH);
        }
        return new Prefix6(high & maskHigh(length), low & maskLow(length), length);
    }

    /**
     * Parse {@code x:x::x/n}; host bits set past the length are an error.
     *
     * @param text such as {@code "2001:db8::/32"}.
     * @return the prefix.
     * @throws IllegalArgumentException naming the input and the problem.
     */
    public static Prefix6 parse(final String text)
    {
        if (null == text)
        {
            throw new IllegalArgumentException("null is not an IPv6 prefix");
        }

        final long[] halves = new long[2];
        final int length;
        try
        {
            final int slash = TextParsing.slashIndex(text);
            Ip6Address.parse(text, 0, slash, halves);
            length = TextParsing.parseLength(text, slash + 1, text.length(), MAX_LENGTH);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 prefix: " + ex.getMessage());
        }

        final long high = halves[0];
        final long low = halves[1];
        if ((high & ~maskHigh(length)) != 0 || (low & ~maskLow(length)) != 0)
        {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 prefix: host bits are set past /" +
                length + " (the network is " + Ip6Address.format(high & maskHigh(length), low & maskLow(length)) +
                "/" + length + ")");
        }

        return new Prefix6(high, low, length);
    }

    /**
     * @param high bits 0..63 of an address.
     * @param low  bits 64..127 of an address.
     * @return true if the address is inside this prefix.
     */
    public boolean contains(final long high, final long low)
    {
        return ((high ^ this.high) & maskHigh(length)) == 0 && ((low ^ this.low) & maskLow(length)) == 0;
    }

    /**
     * {@inheritDoc}
     */
    public boolean contains(final IpAddress address)
    {
        return address instanceof Ip6Address ip6 && contains(ip6.high(), ip6.low());
    }

    /**
     * {@inheritDoc}
     */
    public boolean contains(final IpPrefix other)
    {
        return other instanceof Prefix6 p && p.length >= length && contains(p.high, p.low);
    }

    /**
     * {@inheritDoc}
     */
    public boolean isIpv4()
    {
        return false;
    }


    /**
     * A hash whose every bit depends on every address bit (the record's default would leave the
     * low bits of /48s alike).
     */
    @Override
    public int hashCode()
    {
        long mixed = (high ^ Long.rotateLeft(low, 29) ^ length) * 0x9E37_79B9_7F4A_7C15L;
        mixed ^= mixed >>> 32;
        mixed *= 0xC2B2_AE3D_27D4_EB4FL;
        return (int)(mixed >>> 32);
    }

    /**
     * @return the network address in RFC 5952 form, '/', the length.
     */
    public String toString()
    {
        return Ip6Address.format(high, low) + "/" + length;
    }
}
