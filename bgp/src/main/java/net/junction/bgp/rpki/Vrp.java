/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rpki;

import net.junction.routing.IpPrefix;

import java.util.Objects;

/**
 * A Validated ROA Payload (RFC 6811 §2): {@code asn} may originate {@code prefix} and its more specifics up to
 * {@code maxLength}. AS 0 (RFC 6483 §4) is never an origin, so a VRP of AS 0 only makes routes invalid.
 *
 * @param prefix    the ROA's prefix.
 * @param maxLength the longest prefix length allowed, {@code prefix.length()..32} or {@code ..128}.
 * @param asn       the origin AS (unsigned 32-bit in an int).
 */
public record Vrp(IpPrefix prefix, int maxLength, int asn)
{
    public Vrp
    {
        Objects.requireNonNull(prefix, "prefix");
        final int max = prefix.isIpv4() ? 32 : 128;
        if (maxLength < prefix.length() || maxLength > max)
        {
            throw new IllegalArgumentException("VRP " + prefix + ": max length " + maxLength + " is not in " +
                prefix.length() + ".." + max);
        }
    }

    @Override
    public String toString()
    {
        return prefix + "-" + maxLength + " AS" + Integer.toUnsignedString(asn);
    }
}
