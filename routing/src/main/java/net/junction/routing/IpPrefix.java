/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing;

/**
 * A route's destination: an IPv4 or IPv6 network address and a prefix length (RFC 4632 §3.1
 * notation), with no host bits set past the length. Values of both families are immutable records,
 * usable as map keys in the RIB; the FIB and the FIB-update messages carry the primitives inside.
 */
public sealed interface IpPrefix permits Prefix4, Prefix6
{
    /**
     * Parse a prefix of either family: IPv6 if it contains a ':', IPv4 otherwise.
     *
     * @param text such as {@code "198.18.1.0/24"} or {@code "2001:db8::/32"}.
     * @return the prefix.
     * @throws IllegalArgumentException naming the input and the problem (including host bits set).
     */
    static IpPrefix parse(final String text)
    {
        if (null == text)
        {
            throw new IllegalArgumentException("null is not an IPv4 or IPv6 prefix");
        }
        if (text.indexOf(':') >= 0)
        {
            return Prefix6.parse(text);
        }
        if (text.indexOf('.') >= 0)
        {
            return Prefix4.parse(text);
        }

        throw new IllegalArgumentException(
            "'" + text + "' is not an IPv4 or IPv6 prefix: expected a.b.c.d/n or x:x::x/n");
    }

    /**
     * @return number of leading bits that name the network.
     */
    int length();

    /**
     * @return true for IPv4, false for IPv6.
     */
    boolean isIpv4();

    /**
     * @param address of either family.
     * @return true if the address is of this prefix's family and inside it.
     */
    boolean contains(IpAddress address);

    /**
     * @param other prefix of either family.
     * @return true if {@code other} is of the same family, equal to or more specific than this, and
     * inside it.
     */
    boolean contains(IpPrefix other);
}
