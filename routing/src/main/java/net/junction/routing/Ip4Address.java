/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing;

/**
 * An IPv4 address as a value; see {@link Ip4} for the {@code int} representation.
 *
 * @param value the address in network order.
 */
public record Ip4Address(int value) implements IpAddress
{
    /**
     * @param text dotted decimal, such as {@code "198.18.2.2"}.
     * @return the address.
     * @throws IllegalArgumentException naming the input and the problem.
     */
    public static Ip4Address parse(final String text)
    {
        return new Ip4Address(Ip4.parse(text));
    }

    /**
     * {@inheritDoc}
     */
    public boolean isIpv4()
    {
        return true;
    }

    /**
     * @return dotted decimal.
     */
    public String toString()
    {
        return Ip4.format(value);
    }
}
