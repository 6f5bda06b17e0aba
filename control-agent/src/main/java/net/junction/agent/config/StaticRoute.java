/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

/**
 * One entry of {@code routes:}. Exactly one of the three forms:
 * <ul>
 *   <li>{@code via}: forward to a gateway of the prefix's family on a connected network, or to several
 *   (ECMP: flows are spread over them by a hash of their addresses and ports); an IPv4 prefix may also go
 *   through IPv6 gateways (RFC 8950's IPv4-via-IPv6 next hop: the packet stays IPv4, the neighbor is found by ND);</li>
 *   <li>{@code interfaceName}: the prefix is on the link of that port (neighbors resolved there);</li>
 *   <li>{@code blackhole}: drop.</li>
 * </ul>
 *
 * @param prefix        destination, no host bits set.
 * @param via           gateway addresses, of {@code prefix}'s family or IPv6 for an IPv4 prefix, distinct; empty for
 *                      the other forms.
 * @param interfaceName port whose link the prefix is on.
 * @param blackhole     whether matching packets are dropped.
 */
public record StaticRoute(IpPrefix prefix, List<IpAddress> via, Optional<String> interfaceName, boolean blackhole)
{
    /** Most gateways of one route (the members of an ECMP group). */
    public static final int MAX_GATEWAYS = net.junction.routing.fib.FibUpdates.MAX_GROUP_MEMBERS;

    /**
     * @throws IllegalArgumentException unless exactly one form is given and no IPv6 prefix has an IPv4 gateway.
     */
    public StaticRoute
    {
        Objects.requireNonNull(prefix, "prefix");
        via = List.copyOf(Objects.requireNonNull(via, "via"));
        Objects.requireNonNull(interfaceName, "interfaceName");
        final int forms = (via.isEmpty() ? 0 : 1) + (interfaceName.isPresent() ? 1 : 0) + (blackhole ? 1 : 0);
        if (forms != 1)
        {
            throw new IllegalArgumentException(
                "a static route has exactly one of via, interface or blackhole; " + prefix + " has " + forms);
        }
        for (final IpAddress gateway : via)
        {
            if (gateway.isIpv4() && !prefix.isIpv4())
            {
                throw new IllegalArgumentException("gateway " + gateway + " is IPv4 but " + prefix + " is IPv6");
            }
        }
        if (via.size() != via.stream().distinct().count() || via.size() > MAX_GATEWAYS)
        {
            throw new IllegalArgumentException(
                "a static route has 1.." + MAX_GATEWAYS + " distinct gateways; " + prefix + " has " + via);
        }
    }

    public static StaticRoute via(final IpPrefix prefix, final IpAddress... gateways)
    {
        return new StaticRoute(prefix, List.of(gateways), Optional.empty(), false);
    }

    public static StaticRoute onInterface(final IpPrefix prefix, final String portName)
    {
        return new StaticRoute(prefix, List.of(), Optional.of(portName), false);
    }

    public static StaticRoute blackhole(final IpPrefix prefix)
    {
        return new StaticRoute(prefix, List.of(), Optional.empty(), true);
    }

    /**
     * @return such as {@code 198.18.100.0/24 via 198.18.2.2}, {@code ... interface p1}, {@code ... blackhole}.
     */
    public String describe()
    {
        if (!via.isEmpty())
        {
            return prefix + " via " + String.join(", ", via.stream().map(IpAddress::toString).toList());
        }
        return interfaceName.map(port -> prefix + " interface " + port).orElse(prefix + " blackhole");
    }
}
