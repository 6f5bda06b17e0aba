/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.config;

import net.junction.bgp.wire.AfiSafi;

import java.util.Set;

/**
 * A neighbor's ADD-PATH settings (RFC 7911): whether to receive several paths per prefix from it, for some of its
 * families. What a session uses is the intersection with what the neighbor advertised
 * ({@code Negotiated#addPathReceive}). Sending several paths is not implemented yet: this speaker advertises
 * receive only, and sends one path per prefix, without Path Identifiers.
 *
 * @param receive  advertise receive: keep every path the neighbor sends for a prefix, by Path Identifier.
 * @param families the families the settings apply to (each also among the neighbor's families); empty with
 *                 {@link #NONE}.
 */
public record AddPathConfig(boolean receive, Set<AfiSafi> families)
{
    /** ADD-PATH off. */
    public static final AddPathConfig NONE = new AddPathConfig(false, Set.of());

    public AddPathConfig
    {
        families = Set.copyOf(families);
    }

    /**
     * @return whether to advertise receive for the family.
     */
    public boolean receives(final AfiSafi family)
    {
        return receive && families.contains(family);
    }

    /**
     * @return whether anything is advertised.
     */
    public boolean enabled()
    {
        return receive && !families.isEmpty();
    }
}
