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
 * @param send     advertise send: the most paths per prefix sent (the best, then the next in the decision
 *                 process's order that pass export), each with a Path Identifier; {@link #SEND_ALL} for no limit;
 *                 0: send not advertised (one path per prefix, without identifiers).
 * @param families the families the settings apply to (each also among the neighbor's families); empty with
 *                 {@link #NONE}.
 */
public record AddPathConfig(boolean receive, int send, Set<AfiSafi> families)
{
    /** ADD-PATH off. */
    public static final AddPathConfig NONE = new AddPathConfig(false, 0, Set.of());

    /** {@link #send}: every path that passes export. */
    public static final int SEND_ALL = Integer.MAX_VALUE;

    /** The largest count {@code send} takes short of {@link #SEND_ALL}. */
    public static final int MAX_SEND = 64;

    public AddPathConfig
    {
        if (send < 0 || (send > MAX_SEND && send != SEND_ALL))
        {
            throw new IllegalArgumentException("add-path send: 1.." + MAX_SEND + " paths, all, or 0 (off), not " + send);
        }
        families = Set.copyOf(families);
    }

    /**
     * Receive only.
     */
    public AddPathConfig(final boolean receive, final Set<AfiSafi> families)
    {
        this(receive, 0, families);
    }

    /**
     * @return whether to advertise receive for the family.
     */
    public boolean receives(final AfiSafi family)
    {
        return receive && families.contains(family);
    }

    /**
     * @return whether to advertise send for the family.
     */
    public boolean sends(final AfiSafi family)
    {
        return send > 0 && families.contains(family);
    }

    /**
     * @return whether anything is advertised.
     */
    public boolean enabled()
    {
        return (receive || send > 0) && !families.isEmpty();
    }

    /**
     * @return what the OPEN says (RFC 7911 §4: Send/Receive per family), without the count of paths sent: a change
     *     of the count alone is applied without a session reset.
     */
    public AddPathConfig advertised()
    {
        return new AddPathConfig(receive, send > 0 ? 1 : 0, families);
    }
}
