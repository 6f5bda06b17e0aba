/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import java.util.Objects;

import net.junction.dataplane.copp.CoppPolicy;

/**
 * The {@code copp:} section: control-plane policing, the exception path's rate per class of packet for the router
 * (docs/dataplane.md "Control-plane policing"). Each class is optional, and each of its fields; what is left out
 * keeps its default ({@link CoppPolicy#DEFAULT_BGP}, {@link CoppPolicy#DEFAULT_ICMP_ND_ARP},
 * {@link CoppPolicy#DEFAULT_OTHER}). The {@code bgp} class is port 179 from the {@code bgp.neighbors}' addresses,
 * which the data plane is given with these rates. A commit applies a change live.
 *
 * @param bgp       {@code copp.bgp}: {@code rate-pps} 1..{@value CoppPolicy#MAX_RATE_PPS}, {@code burst} 1..{@value CoppPolicy#MAX_BURST}.
 * @param icmpNdArp {@code copp.icmp-nd-arp}.
 * @param other     {@code copp.other}.
 */
public record CoppConfig(CoppPolicy.Rate bgp, CoppPolicy.Rate icmpNdArp, CoppPolicy.Rate other)
{
    /** Every class at its default rate. */
    public static final CoppConfig DEFAULTS =
        new CoppConfig(CoppPolicy.DEFAULT_BGP, CoppPolicy.DEFAULT_ICMP_ND_ARP, CoppPolicy.DEFAULT_OTHER);

    public CoppConfig
    {
        Objects.requireNonNull(bgp, "bgp");
        Objects.requireNonNull(icmpNdArp, "icmpNdArp");
        Objects.requireNonNull(other, "other");
    }

    /** @return the rate of a class ({@link CoppPolicy#BGP}, {@link CoppPolicy#ICMP_ND_ARP}, {@link CoppPolicy#OTHER}). */
    public CoppPolicy.Rate rate(final int trafficClass)
    {
        return switch (trafficClass)
        {
            case CoppPolicy.BGP -> bgp;
            case CoppPolicy.ICMP_ND_ARP -> icmpNdArp;
            default -> other;
        };
    }

    /** @return such as {@code bgp 20000/s burst 5000, icmp-nd-arp 2000/s burst 500, other 1000/s burst 250}. */
    public String describe()
    {
        final StringBuilder text = new StringBuilder();
        for (int c = 0; c < CoppPolicy.CLASSES; c++)
        {
            text.append(c == 0 ? "" : ", ").append(CoppPolicy.CLASS_NAMES.get(c)).append(' ')
                .append(rate(c).ratePps()).append("/s burst ").append(rate(c).burst());
        }
        return text.toString();
    }
}
