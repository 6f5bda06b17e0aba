/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.speaker;

import java.util.Map;
import java.util.Objects;

/**
 * One neighbor as {@code junction status} shows it: a snapshot taken on the speaker's thread.
 *
 * @param name             configured label.
 * @param address          the neighbor's address.
 * @param remoteAs         its AS (unsigned).
 * @param state            FSM state, lower case ({@code established}, {@code active}, ...).
 * @param uptimeSeconds    seconds in Established, or 0.
 * @param prefixesReceived per family name ({@code ipv4-unicast}), prefixes the neighbor announces
 *                         now (before import policy).
 * @param prefixesAccepted per family name, prefixes the import policy accepted.
 * @param prefixesAdvertised per family name, prefixes in its Adj-RIB-Out (sent to it, after export policy).
 * @param updatesReceived  UPDATE messages received.
 * @param updatesSent      UPDATE messages sent.
 * @param flaps            times the session left Established.
 * @param adminShutdown    shut down by an operator (RFC 8203) and not enabled since.
 * @param lastError        why the session last went down, or empty.
 * @param addPath          per family name, the ADD-PATH modes the running session negotiated (RFC 7911);
 *                         a family without any is left out.
 * @param role             the BGP Role configured toward the neighbor (RFC 9234: {@code provider}, ...), or empty.
 * @param peerRole         the role the neighbor announced on the Established session, or empty.
 * @param extendedNextHop  the Established session carries IPv4 routes with IPv6 next hops (RFC 8950).
 */
public record NeighborStatus(
    String name,
    String address,
    long remoteAs,
    String state,
    long uptimeSeconds,
    Map<String, Long> prefixesReceived,
    Map<String, Long> prefixesAccepted,
    Map<String, Long> prefixesAdvertised,
    long updatesReceived,
    long updatesSent,
    long flaps,
    boolean adminShutdown,
    String lastError,
    Map<String, AddPath> addPath,
    String role,
    String peerRole,
    boolean extendedNextHop)
{
    /**
     * ADD-PATH on a family of an Established session.
     *
     * @param receive the neighbor sends several paths per prefix, each kept.
     * @param send    most paths per prefix sent to the neighbor, each with a Path Identifier; {@link #SEND_ALL}:
     *                every path that passes export; 0: one path, without Path Identifiers.
     */
    public record AddPath(boolean receive, int send)
    {
        /** {@link #send}: no limit ({@code send: all}). */
        public static final int SEND_ALL = -1;
    }

    public NeighborStatus
    {
        prefixesReceived = Map.copyOf(prefixesReceived);
        prefixesAccepted = Map.copyOf(prefixesAccepted);
        prefixesAdvertised = Map.copyOf(prefixesAdvertised);
        addPath = Map.copyOf(addPath);
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(peerRole, "peerRole");
    }

    /**
     * Without roles and the extended next hop.
     */
    public NeighborStatus(
        final String name, final String address, final long remoteAs, final String state, final long uptimeSeconds,
        final Map<String, Long> prefixesReceived, final Map<String, Long> prefixesAccepted,
        final Map<String, Long> prefixesAdvertised, final long updatesReceived, final long updatesSent,
        final long flaps, final boolean adminShutdown, final String lastError, final Map<String, AddPath> addPath)
    {
        this(name, address, remoteAs, state, uptimeSeconds, prefixesReceived, prefixesAccepted, prefixesAdvertised,
            updatesReceived, updatesSent, flaps, adminShutdown, lastError, addPath, "", "", false);
    }

    /**
     * Without ADD-PATH.
     */
    public NeighborStatus(
        final String name, final String address, final long remoteAs, final String state, final long uptimeSeconds,
        final Map<String, Long> prefixesReceived, final Map<String, Long> prefixesAccepted,
        final Map<String, Long> prefixesAdvertised, final long updatesReceived, final long updatesSent,
        final long flaps, final boolean adminShutdown, final String lastError)
    {
        this(name, address, remoteAs, state, uptimeSeconds, prefixesReceived, prefixesAccepted, prefixesAdvertised,
            updatesReceived, updatesSent, flaps, adminShutdown, lastError, Map.of());
    }

    /**
     * @param seconds the session's uptime at another moment.
     * @return this status with that uptime.
     */
    public NeighborStatus withUptimeSeconds(final long seconds)
    {
        return new NeighborStatus(name, address, remoteAs, state, seconds, prefixesReceived, prefixesAccepted,
            prefixesAdvertised, updatesReceived, updatesSent, flaps, adminShutdown, lastError, addPath, role, peerRole,
            extendedNextHop);
    }
}
