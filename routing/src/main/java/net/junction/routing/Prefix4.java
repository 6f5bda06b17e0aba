/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing;

/**
 * An IPv4 prefix: a network-order address (see {@link Ip4}) and a length in {@code 0..32}. The
 * canonical constructor refuses host bits set past the length, so two equal networks are always
 * equal records.
 *
 * @param address network address, network order, host bits zero.
 * @param length  prefix length in {@code 0..32}.
 */
public record Prefix4(int address, int length) implements IpPrefix
{
    /** Longest IPv4 prefix length. */
    public static final int MAX_LENGTH = Ip4.ADDRESS_BITS;

    /** The IPv4 default route {@code 0.0.0.0/0}. */
    public static final Prefix4 DEFAULT_ROUTE = new Prefix4(0, 0);

    /**
     * @throws IllegalArgumentException if {@code length} is outside {@code 0..32} or host bits are set.
     */
    public Prefix4
    {
        validate(address, length);
    }

    /**
     * Check a prefix given as primitives without allocating it, as the FIB does for each update.
     *
     * @param address network address, network order.
     * @param length  prefix length.
     * @throws IllegalArgumentException if {@code length} is outside {@code 0..32} or host bits are set.
     */
    public static void validate(final int address, final int length)
    {
        if (length < 0 || length > MAX_LENGTH)
        {
            throw new IllegalArgumentException("prefix length " + length + " is outside 0.." + MAX_LENGTH);
        }
        if ((address & ~mask(length)) != 0)
        {
            throw new IllegalArgumentException(Ip4.format(address) + "/" + length + " has host bits set past /" +
                length + " (the network is " + Ip4.format(address & mask(length)) + "/" + length + ")");
        }
    }

    /**
     * The netmask for a prefix length.
     *
     * @param length in {@code 0..32}.
     * @return network-order mask with the leading {@code length} bits set.
     */
    public static int mask(final int length)
    {
        // Java shifts an int by (distance & 31): -1 << 32 would be -1, hence the special case.
        return 0 == length ? 0 : -1 << (MAX_LENGTH - length);
    }

    /**
     * The prefix of a given length that contains an address: host bits are cleared, not refused.
     *
     * @param address any address.
     * @param length  in {@code 0..32}.
     * @return the covering prefix.
     */
    public static Prefix4 network(final int address, final int length)
    {
        if (length < 0 || length > MAX_LENGTH)
        {
            throw new IllegalArgumentException("prefix length " + length + " is outside 0.." + MAX_LENGTH);
        }
        return new Prefix4(address & mask(length), length);
    }

    /**
     * Parse {@code a.b.c.d/n}; host bits set past the length are an error.
     *
     * @param text such as {@code "198.18.1.0/24"}.
     * @return the prefix.
     * @throws IllegalArgumentException naming the input and the problem.
     */
    public static Prefix4 parse(final String text)
    {
        if (null == text)
        {
            throw new IllegalArgumentException("null is not an IPv4 prefix");
        }

        final int address;
        final int length;
        try
        {
            final int slash = TextParsing.slashIndex(text);
            address = Ip4.parse(text, 0, slash);
            length = TextParsing.parseLength(text, slash + 1, text.length(), MAX_LENGTH);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 prefix: " + ex.getMessage());
        }

        if ((address & ~mask(length)) != 0)
        {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 prefix: host bits are set past /" +
                length + " (the network is " + Ip4.format(address & mask(length)) + "/" + length + ")");
        }

        return new Prefix4(address, length);
    }

    /**
     * @param address network-order IPv4 address.
     * @return true if the address is inside this prefix.
     */
    public boolean contains(final int address)
    {
        return ((address ^ this.address) & mask(length)) == 0;
    }

    /**
     * {@inheritDoc}
     */
    public boolean contains(final IpAddress address)
    {
        return address instanceof Ip4Address ip4 && contains(ip4.value());
    }

    /**
     * {@inheritDoc}
     */
    public boolean contains(final IpPrefix other)
    {
        return other instanceof Prefix4 p && p.length >= length && contains(p.address);
    }

    /**
     * {@inheritDoc}
     */
    public boolean isIpv4()
    {
        return true;
    }


    /**
     * A hash whose every bit depends on every address bit: the record's default leaves the low byte
     * of every /24 equal, which piles a full table into a few hash buckets.
     */
    @Override
    public int hashCode()
    {
        final long mixed = ((address & 0xFFFF_FFFFL) << 8 | length) * 0x9E37_79B9_7F4A_7C15L;
        return (int)(mixed >>> 32) ^ (int)mixed;
    }

    /**
     * @return {@code a.b.c.d/n}.
     */
    public String toString()
    {
        return Ip4.format(address) + "/" + length;
    }
}
