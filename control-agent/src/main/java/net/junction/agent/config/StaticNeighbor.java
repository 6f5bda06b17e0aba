/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import java.util.Objects;

import net.junction.routing.IpAddress;

/**
 * One entry of {@code neighbors:}: an ARP/ND entry that is never aged or re-resolved.
 *
 * @param address the neighbor's address, inside a network connected to {@code port}.
 * @param port    name of the port the neighbor is on.
 * @param mac     the neighbor's unicast MAC, 48 bits, first octet most significant.
 */
public record StaticNeighbor(IpAddress address, String port, long mac)
{
    public StaticNeighbor
    {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(port, "port");
        MacText.format(mac); // refuses more than 48 bits
    }

    /**
     * @return the MAC as {@code 02:00:00:00:00:02}.
     */
    public String macText()
    {
        return MacText.format(mac);
    }

    /**
     * @return such as {@code 198.18.2.2 on p1 is 02:00:00:00:00:02}.
     */
    public String describe()
    {
        return address + " on " + port + " is " + macText();
    }

    /**
     * @return the record's fields, with the MAC written as a MAC.
     */
    @Override
    public String toString()
    {
        return "StaticNeighbor[address=" + address + ", port=" + port + ", mac=" + macText() + "]";
    }
}
