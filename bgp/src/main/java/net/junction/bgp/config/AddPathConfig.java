/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.config;

import net.junction.bgp.wire.AfiSafi;

import java.util.Set;

/**
 * A neighbor's ADD-PATH settings (RFC 7911): whether to receive several paths per prefix from it, and how many
 * to send it, for some of its families. What a session uses is the intersection with what the neighbor
 * advertised ({@code Negotiated#addPathReceive}, {@code Negotiated#addPathSend}).
 *
 * @param receive  advertise receive: keep every path the neighbor sends for a prefix, by Path Identifier.
 * @param send     most paths advertised per prefix (the best and the next in decision order); 0 or 1: do not
 *                 advertise send (one path, as without ADD-PATH).
 * @param families the families the settings apply to (each also among the neighbor's families); empty with
 *                 {@link #NONE}.
 */
public record AddPathConfig(boolean receive, int send, Set<AfiSafi> families)
{
    /** Most paths per prefix sent to a neighbor. */
    public static final int MAX_SEND = 64;

    /** ADD-PATH off. */
    public static final AddPathConfig NONE = new AddPathConfig(false, 0, Set.of());

    public AddPathConfig
    {
        families = Set.copyOf(families);
        if (send < 0 || send > MAX_SEND)
        {
            throw new IllegalArgumentException("add-path send must be 0.." + MAX_SEND + ": " + send);
        }
    }

    /**
     * @return whether to advertise receive for the family.
     */
    public boolean receives(final AfiSafi family)
    {
        return receive && families.contains(family);
    }

    /**
     * @return whether to advertise send for the family (more than one path).
     */
    public boolean sends(final AfiSafi family)
    {
        return send > 1 && families.contains(family);
    }

    /**
     * @return whether anything is advertised.
     */
    public boolean enabled()
    {
        return !families.isEmpty() && (receive || send > 1);
    }
}
