/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing;

/**
 * An IPv4 or IPv6 address as a value, for the places that take either (a static route's gateway, a
 * BGP next hop). The data plane never holds one: it works on the primitives inside.
 */
public sealed interface IpAddress permits Ip4Address, Ip6Address
{
    /**
     * Parse an address of either family: IPv6 if it contains a ':', IPv4 otherwise.
     *
     * @param text such as {@code "198.18.2.2"} or {@code "2001:db8:2::2"}.
     * @return the address.
     * @throws IllegalArgumentException naming the input and the problem.
     */
    static IpAddress parse(final String text)
    {
        if (null == text)
        {
            throw new IllegalArgumentException("null is not an IPv4 or IPv6 address");
        }

        return text.indexOf(':') >= 0 ? Ip6Address.parse(text) : new Ip4Address(Ip4.parse(text));
    }

    /**
     * @return true for IPv4, false for IPv6.
     */
    boolean isIpv4();
}
