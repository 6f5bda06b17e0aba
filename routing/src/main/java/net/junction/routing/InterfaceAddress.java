/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing;

/**
 * An address configured on a port together with its on-link network, written as in
 * {@code ip address add}: {@code 198.18.1.1/24} means the router is 198.18.1.1 and 198.18.1.0/24 is
 * directly reachable through the port. The RIB turns one into a LOCAL route for the address
 * ({@link #hostPrefix()}) and a CONNECTED route for the {@link #network()}.
 * <p>
 * A length of 0 is refused: it would make every destination on-link.
 */
public sealed interface InterfaceAddress permits Ip4InterfaceAddress, Ip6InterfaceAddress
{
    /**
     * Parse an interface address of either family: IPv6 if it contains a ':', IPv4 otherwise.
     *
     * @param text such as {@code "198.18.1.1/24"} or {@code "2001:db8:1::1/64"}.
     * @return the interface address.
     * @throws IllegalArgumentException naming the input and the problem.
     */
    static InterfaceAddress parse(final String text)
    {
        if (null == text)
        {
            throw new IllegalArgumentException("null is not an IPv4 or IPv6 interface address");
        }
        if (text.indexOf(':') >= 0)
        {
            return Ip6InterfaceAddress.parse(text);
        }
        if (text.indexOf('.') >= 0)
        {
            return Ip4InterfaceAddress.parse(text);
        }

        throw new IllegalArgumentException(
            "'" + text + "' is not an IPv4 or IPv6 interface address: expected a.b.c.d/n or x:x::x/n");
    }

    /**
     * @return the on-link network, host bits cleared.
     */
    IpPrefix network();

    /**
     * @return the address alone, as a /32 or /128.
     */
    IpPrefix hostPrefix();

    /**
     * @return the address alone.
     */
    IpAddress ipAddress();

    /**
     * @return true for IPv4, false for IPv6.
     */
    boolean isIpv4();
}
