/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.routing.IpPrefix;

/**
 * Hears every change of the RIBs a monitoring protocol reports (BMP, RFC 7854 and RFC 9069): the UPDATEs as
 * received (Adj-RIB-In before policy), each change of a neighbor's Adj-RIB-In after policy, and each change
 * of the Loc-RIB. On the event loop, as the change happens; must not block. The paths are immutable and may
 * be kept and read on another thread.
 */
public interface RibMonitor
{
    /** Hears nothing. */
    RibMonitor NONE = new RibMonitor()
    {
    };

    /**
     * An UPDATE arrived from a neighbor, before import policy (End-of-RIB markers do not come here).
     *
     * @param neighbor the neighbor's name.
     * @param update   as decoded (treat-as-withdraw applied).
     */
    default void received(final String neighbor, final UpdateMessage update)
    {
    }

    /**
     * A neighbor finished its initial table of a family (its End-of-RIB arrived, RFC 4724); the routes it kept
     * stale and did not announce again are gone already.
     *
     * @param neighbor the neighbor's name.
     * @param family   the family.
     */
    default void endOfRib(final String neighbor, final AfiSafi family)
    {
    }

    /**
     * A neighbor's route after import policy changed.
     *
     * @param neighbor the neighbor's name.
     * @param family   the family.
     * @param prefix   the destination.
     * @param path     the path now, or null: withdrawn (by the peer, or rejected by policy now).
     */
    default void accepted(final String neighbor, final AfiSafi family, final IpPrefix prefix, final Path path)
    {
    }

    /**
     * {@link #accepted(String, AfiSafi, IpPrefix, Path)} of a path the neighbor sent with ADD-PATH (RFC 7911).
     *
     * @param pathId its Path Identifier, unsigned; -1 for a route without one.
     */
    default void accepted(
        final String neighbor, final AfiSafi family, final IpPrefix prefix, final Path path, final long pathId)
    {
        accepted(neighbor, family, prefix, path);
    }

    /**
     * The Loc-RIB's best path of a prefix changed.
     *
     * @param family the family.
     * @param prefix the destination.
     * @param path   the best path now, or null: no route.
     */
    default void selected(final AfiSafi family, final IpPrefix prefix, final Path path)
    {
    }
}
