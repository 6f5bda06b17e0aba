/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rpki;

import net.junction.routing.IpAddress;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The RPKI caches the router takes Validated ROA Payloads from (config {@code bgp.rpki}).
 *
 * @param caches the RTR caches; empty: no origin validation (every route not-found).
 */
public record RpkiConfig(List<Cache> caches)
{
    /** No caches. */
    public static final RpkiConfig NONE = new RpkiConfig(List.of());

    /** RFC 8210 §6 default refresh interval. */
    public static final int DEFAULT_REFRESH = 3600;
    /** RFC 8210 §6 default retry interval. */
    public static final int DEFAULT_RETRY = 600;
    /** RFC 8210 §6 default expire interval. */
    public static final int DEFAULT_EXPIRE = 7200;

    public RpkiConfig
    {
        caches = List.copyOf(caches);
        final Set<String> names = new HashSet<>();
        for (int i = 0; i < caches.size(); i++)
        {
            if (!names.add(caches.get(i).name()))
            {
                throw new IllegalArgumentException("bgp.rpki.caches[" + i + "]: another cache is " + caches.get(i).name());
            }
        }
    }

    /**
     * One cache. The intervals, when given, are used instead of the ones the cache sends in End of Data (version 1;
     * a version-0 cache sends none and the RFC 8210 §6 defaults apply).
     *
     * @param address    the cache's address.
     * @param port       its RTR port (TCP, RFC 8210 §9; commonly 323 or 8282).
     * @param preference lower is preferred (RFC 8210 §10): the data of the most preferred cache that has data is
     *                   used.
     * @param refresh    seconds between Serial Queries (1..86400), or empty: the cache's.
     * @param retry      seconds before connecting again after a failure (1..7200), or empty: the cache's.
     * @param expire     seconds the data is used without a successful refresh (60..172800), or empty: the cache's.
     */
    public record Cache(IpAddress address, int port, int preference, OptionalInt refresh, OptionalInt retry,
                        OptionalInt expire)
    {
        public Cache
        {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(refresh, "refresh");
            Objects.requireNonNull(retry, "retry");
            Objects.requireNonNull(expire, "expire");
            if (port < 1 || port > 65535)
            {
                throw new IllegalArgumentException("port must be 1..65535: " + port);
            }
            if (preference < 0 || preference > 255)
            {
                throw new IllegalArgumentException("preference must be 0..255: " + preference);
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
