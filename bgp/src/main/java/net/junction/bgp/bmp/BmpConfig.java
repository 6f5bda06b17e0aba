/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.bmp;

import net.junction.routing.IpAddress;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The BMP stations the router reports to (config {@code bgp.bmp}, RFC 7854).
 *
 * @param stations the monitoring stations; empty: no BMP.
 */
public record BmpConfig(List<Station> stations)
{
    /** No stations. */
    public static final BmpConfig NONE = new BmpConfig(List.of());

    /** Seconds between Statistics Reports when not configured. */
    public static final int DEFAULT_STATISTICS_INTERVAL = 60;
    /** Seconds before connecting again after a failure, when not configured (doubled up to 8 times this). */
    public static final int DEFAULT_RETRY = 30;
    /** Messages queued for a station, when not configured, before it counts as too slow and is resynced. */
    public static final int DEFAULT_QUEUE_LIMIT = 100_000;

    public BmpConfig
    {
        stations = List.copyOf(stations);
        final Set<String> names = new HashSet<>();
        for (int i = 0; i < stations.size(); i++)
        {
            if (!names.add(stations.get(i).name()))
            {
                throw new IllegalArgumentException("bgp.bmp.stations[" + i + "]: another station is " +
                    stations.get(i).name());
            }
        }
    }

    /**
     * One station: the router connects to it (RFC 7854 §3.2, active TCP).
     *
     * @param address                   the station's address.
     * @param port                      its TCP port.
     * @param prePolicy                 send Route Monitoring of the Adj-RIB-In before import policy.
     * @param postPolicy                send Route Monitoring of the Adj-RIB-In after import policy (L flag).
     * @param locRib                    send the Loc-RIB (RFC 9069, peer type 3).
     * @param statisticsIntervalSeconds seconds between Statistics Reports (1..86400), 0: none.
     * @param retrySeconds              seconds before connecting again after a failure (1..3600); doubled per
     *                                  failure up to 8 times this, back to this after a connection that worked.
     * @param queueLimit                most messages queued for the station (1000..10000000); more and it is
     *                                  too slow: the connection is dropped and the station resynced.
     */
    public record Station(IpAddress address, int port, boolean prePolicy, boolean postPolicy, boolean locRib,
                          int statisticsIntervalSeconds, int retrySeconds, int queueLimit)
    {
        public Station
        {
            Objects.requireNonNull(address, "address");
            if (port < 1 || port > 65535)
            {
                throw new IllegalArgumentException("port must be 1..65535: " + port);
            }
            if (statisticsIntervalSeconds < 0 || statisticsIntervalSeconds > 86_400)
            {
                throw new IllegalArgumentException("statistics-interval must be 0..86400: " + statisticsIntervalSeconds);
            }
            if (retrySeconds < 1 || retrySeconds > 3600)
            {
                throw new IllegalArgumentException("retry must be 1..3600: " + retrySeconds);
            }
            if (queueLimit < 1000 || queueLimit > 10_000_000)
            {
                throw new IllegalArgumentException("queue-limit must be 1000..10000000: " + queueLimit);
            }
            if (!prePolicy && !postPolicy && !locRib)
            {
                throw new IllegalArgumentException("monitoring: at least one of pre-policy, post-policy, loc-rib");
            }
        }

        /**
         * @return how status names it: {@code ADDRESS:PORT} ({@code [ADDRESS]:PORT} for IPv6).
         */
        public String name()
        {
            return address.isIpv4() ? address + ":" + port : "[" + address + "]:" + port;
        }
    }
}
