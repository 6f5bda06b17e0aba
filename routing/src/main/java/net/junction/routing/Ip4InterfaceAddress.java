/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing;

/**
 * An IPv4 {@link InterfaceAddress}.
 *
 * @param address the router's own address, network order.
 * @param network the on-link network containing it.
 */
public record Ip4InterfaceAddress(int address, Prefix4 network) implements InterfaceAddress
{
    /**
     * @throws IllegalArgumentException if the network does not contain the address or has length 0.
     */
    public Ip4InterfaceAddress
    {
        if (null == network)
        {
            throw new IllegalArgumentException("network must not be null");
        }
        if (0 == network.length())
        {
            throw new IllegalArgumentException("an interface address needs a prefix length of at least 1");
        }
        if (!network.contains(address))
        {
            throw new IllegalArgumentException(Ip4.format(address) + " is not inside " + network);
        }
    }

    /**
     * Parse {@code a.b.c.d/n} where host bits are expected.
     *
     * @param text such as {@code "198.18.1.1/24"}.
     * @return the interface address.
     * @throws IllegalArgumentException naming the input and the problem.
     */
    public static Ip4InterfaceAddress parse(final String text)
    {
        if (null == text)
        {
            throw new IllegalArgumentException("null is not an IPv4 interface address");
        }

        try
        {
            final int slash = TextParsing.slashIndex(text);
            final int address = Ip4.parse(text, 0, slash);
            final int length = TextParsing.parseLength(text, slash + 1, text.length(), Prefix4.MAX_LENGTH);
            return new Ip4InterfaceAddress(address, Prefix4.network(address, length));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(
                "'" + text + "' is not an IPv4 interface address: " + ex.getMessage());
        }
    }

    /**
     * {@inheritDoc}
     */
    public Prefix4 hostPrefix()
    {
        return new Prefix4(address, Prefix4.MAX_LENGTH);
    }

    /**
     * {@inheritDoc}
     */
    public Ip4Address ipAddress()
    {
        return new Ip4Address(address);
    }

    /**
     * {@inheritDoc}
     */
    public boolean isIpv4()
    {
        return true;
    }

    /**
     * @return {@code a.b.c.d/n} with the host bits.
     */
    public String toString()
    {
        return Ip4.format(address) + "/" + network.length();
    }
}
