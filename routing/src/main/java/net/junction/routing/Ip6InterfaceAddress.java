/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing;

/**
 * An IPv6 {@link InterfaceAddress}.
 *
 * @param address the router's own address.
 * @param network the on-link network containing it.
 */
public record Ip6InterfaceAddress(Ip6Address address, Prefix6 network) implements InterfaceAddress
{
    /**
     * @throws IllegalArgumentException if the network does not contain the address or has length 0.
     */
    public Ip6InterfaceAddress
    {
        if (null == address || null == network)
        {
            throw new IllegalArgumentException("address and network must not be null");
        }
        if (0 == network.length())
        {
            throw new IllegalArgumentException("an interface address needs a prefix length of at least 1");
        }
        if (!network.contains(address.high(), address.low()))
        {
            throw new IllegalArgumentException(address + " is not inside " + network);
        }
    }

    /**
     * Parse {@code x:x::x/n} where host bits are expected.
     *
     * @param text such as {@code "2001:db8:1::1/64"}.
     * @return the interface address.
     * @throws IllegalArgumentException naming the input and the problem.
     */
    public static Ip6InterfaceAddress parse(final String text)
    {
        if (null == text)
        {
            throw new IllegalArgumentException("null is not an IPv6 interface address");
        }

        try
        {
            final int slash = TextParsing.slashIndex(text);
            final long[] halves = new long[2];
            Ip6Address.parse(text, 0, slash, halves);
            final int length = TextParsing.parseLength(text, slash + 1, text.length(), Prefix6.MAX_LENGTH);
            return new Ip6InterfaceAddress(
                new Ip6Address(halves[0], halves[1]), Prefix6.network(halves[0], halves[1], length));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(
                "'" + text + "' is not an IPv6 interface address: " + ex.getMessage());
        }
    }

    /**
     * {@inheritDoc}
     */
    public Prefix6 hostPrefix()
    {
        return new Prefix6(address.high(), address.low(), Prefix6.MAX_LENGTH);
    }

    /**
     * {@inheritDoc}
     */
    public Ip6Address ipAddress()
    {
        return address;
    }

    /**
     * {@inheritDoc}
     */
    public boolean isIpv4()
    {
        return false;
    }

    /**
     * @return the address in RFC 5952 form, '/', the length.
     */
    public String toString()
    {
        return address + "/" + network.length();
    }
}
