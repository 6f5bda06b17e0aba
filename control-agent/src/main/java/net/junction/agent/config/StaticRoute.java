/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import java.util.Objects;
import java.util.Optional;

import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

/**
 * One entry of {@code routes:}. Exactly one of the three forms:
 * <ul>
 *   <li>{@code via}: forward to a gateway of the prefix's family on a connected network;</li>
 *   <li>{@code interfaceName}: the prefix is on the link of that port (neighbors resolved there);</li>
 *   <li>{@code blackhole}: drop.</li>
 * </ul>
 *
 * @param prefix        destination, no host bits set.
 * @param via           gateway address, same family as {@code prefix}.
 * @param interfaceName port whose link the prefix is on.
 * @param blackhole     whether matching packets are dropped.
 */
public record StaticRoute(IpPrefix prefix, Optional<IpAddress> via, Optional<String> interfaceName, boolean blackhole)
{
    /**
     * @throws IllegalArgumentException unless exactly one form is given and a gateway is of the prefix's family.
     */
    public StaticRoute
    {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(interfaceName, "interfaceName");
        final int forms = (via.isPresent() ? 1 : 0) + (interfaceName.isPresent() ? 1 : 0) + (blackhole ? 1 : 0);
        if (forms != 1)
        {
            throw new IllegalArgumentException(
                "a static route has exactly one of via, interface or blackhole; " + prefix + " has " + forms);
        }
        if (via.isPresent() && via.get().isIpv4() != prefix.isIpv4())
        {
            throw new IllegalArgumentException("gateway " + via.get() + " is not of the family of " + prefix);
        }
    }

    public static StaticRoute via(final IpPrefix prefix, final IpAddress gateway)
    {
        return new StaticRoute(prefix, Optional.of(gateway), Optional.empty(), false);
    }

    public static StaticRoute onInterface(final IpPrefix prefix, final String portName)
    {
        return new StaticRoute(prefix, Optional.empty(), Optional.of(portName), false);
    }

    public static StaticRoute blackhole(final IpPrefix prefix)
    {
        return new StaticRoute(prefix, Optional.empty(), Optional.empty(), true);
    }

    /**
     * @return such as {@code 198.18.100.0/24 via 198.18.2.2}, {@code ... interface p1}, {@code ... blackhole}.
     */
    public String describe()
    {
        if (via.isPresent())
        {
            return prefix + " via " + via.get();
        }
        return interfaceName.map(port -> prefix + " interface " + port).orElse(prefix + " blackhole");
    }
}
