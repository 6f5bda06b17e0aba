/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import java.util.Arrays;
import java.util.List;

/**
 * A capability of an OPEN's Capabilities optional parameter (RFC 5492): code, length, value.
 * <pre>
 * +------------------------------+
 * | Capability Code (1 octet)    |
 * +------------------------------+
 * | Capability Length (1 octet)  |
 * +------------------------------+
 * | Capability Value (variable)  |
 * +------------------------------+
 * </pre>
 * Codes this codec does not interpret are kept as {@link Unknown}.
 */
public sealed interface Capability
{
    /** RFC 4760. */
    int MULTIPROTOCOL = 1;
    /** RFC 2918. */
    int ROUTE_REFRESH = 2;
    /** RFC 8950. */
    int EXTENDED_NEXT_HOP_ENCODING = 5;
    /** RFC 8654. */
    int EXTENDED_MESSAGE = 6;
    /** RFC 9234. */
    int ROLE = 9;
    /** RFC 4724. */
    int GRACEFUL_RESTART = 64;
    /** RFC 6793. */
    int FOUR_OCTET_AS = 65;
    /** RFC 7911. */
    int ADD_PATH = 69;
    /** RFC 7313. */
    int ENHANCED_ROUTE_REFRESH = 70;

    /**
     * @return the capability code.
     */
    int code();

    /**
     * Extended Next Hop Encoding (code 5, RFC 8950 §3): the NLRI families for which the speaker takes a next
     * hop of another address family, one triple each.
     * <pre>
     * +-----------------------------------------------------+
     * | NLRI AFI - 1 (2 octets)                             |
     * +-----------------------------------------------------+
     * | NLRI SAFI - 1 (2 octets)                            |
     * +-----------------------------------------------------+
     * | Nexthop AFI - 1 (2 octets)                          |
     * +-----------------------------------------------------+
     * | ....                                                |
     * </pre>
     *
     * @param entries the triples, in the order sent.
     */
    record ExtendedNextHop(List<Entry> entries) implements Capability
    {
        /** Length of one triple. */
        public static final int ENTRY_LENGTH = 6;

        /** What Junction advertises and uses: IPv4 unicast NLRI with an IPv6 next hop. */
        public static final Entry IPV4_UNICAST_VIA_IPV6 = new Entry(AfiSafi.IPV4_UNICAST, AfiSafi.AFI_IPV6);

        /**
         * @throws IllegalArgumentException if there are more triples than a capability's 255 octets hold.
         */
        public ExtendedNextHop
        {
            entries = List.copyOf(entries);
            if (entries.size() * ENTRY_LENGTH > 255)
            {
                throw new IllegalArgumentException("extended next hop capability of " + entries.size() + " entries");
            }
        }

        public int code()
        {
            return EXTENDED_NEXT_HOP_ENCODING;
        }

        /**
         * @param entry a triple.
         * @return whether it is advertised.
         */
        public boolean has(final Entry entry)
        {
            return entries.contains(entry);
        }

        /**
         * One triple: NLRI of this family may carry a next hop of that AFI.
         *
         * @param nlri       the NLRI's family (its SAFI sent on 2 octets here).
         * @param nextHopAfi the next hop's AFI.
         */
        public record Entry(AfiSafi nlri, int nextHopAfi)
        {
        }
    }

    /**
     * Multiprotocol extensions (code 1, RFC 4760 §8): AFI (2), reserved (1), SAFI (1).
     *
     * @param afiSafi the family the speaker can exchange.
     */
    record Multiprotocol(AfiSafi afiSafi) implements Capability
    {
        /** Value length. */
        public static final int LENGTH = 4;

        public int code()
        {
            return MULTIPROTOCOL;
        }
    }

    /**
     * Route refresh (code 2, RFC 2918), no value.
     */
    record RouteRefresh() implements Capability
    {
        public int code()
        {
            return ROUTE_REFRESH;
        }
    }

    /**
     * Enhanced route refresh (code 70, RFC 7313), no value.
     */
    record EnhancedRouteRefresh() implements Capability
    {
        public int code()
        {
            return ENHANCED_ROUTE_REFRESH;
        }
    }

    /**
     * Extended message (code 6, RFC 8654), no value.
     */
    record ExtendedMessage() implements Capability
    {
        public int code()
        {
            return EXTENDED_MESSAGE;
        }
    }

    /**
     * Support for 4-octet AS numbers (code 65, RFC 6793 §3): the speaker's AS in four octets.
     *
     * @param asNumber unsigned 32-bit AS.
     */
    record FourOctetAs(int asNumber) implements Capability
    {
        /** Value length. */
        public static final int LENGTH = 4;

        public int code()
        {
            return FOUR_OCTET_AS;
        }

        public String toString()
        {
            return "FourOctetAs[" + Integer.toUnsignedString(asNumber) + "]";
        }
    }

    /**
     * Graceful restart (code 64, RFC 4724 §3, N bit from RFC 8538).
     * <pre>
     * +--------------------------------------------------+
     * | Restart Flags (4 bits) | Restart Time (12 bits)  |
     * +--------------------------------------------------+
     * | AFI (16 bits) | SAFI (8 bits) | Flags for AFI (8) |  repeated
     * +--------------------------------------------------+
     * </pre>
     *
     * @param restartFlags       the 4 high bits ({@link #RESTART_STATE}, {@link #NOTIFICATION}), shifted down.
     * @param restartTimeSeconds 0..4095.
     * @param families           families with their flags ({@link Family#FORWARDING_STATE}).
     */
    record GracefulRestart(int restartFlags, int restartTimeSeconds, List<Family> families) implements Capability
    {
        /** R: the speaker has restarted. */
        public static final int RESTART_STATE = 0x8;
        /** N: graceful restart covers NOTIFICATION too (RFC 8538). */
        public static final int NOTIFICATION = 0x4;
        /** Largest restart time, 12 bits. */
        public static final int MAX_RESTART_TIME_SECONDS = 0xFFF;

        public GracefulRestart
        {
            if (restartFlags < 0 || restartFlags > 0xF || restartTimeSeconds < 0 ||
                restartTimeSeconds > MAX_RESTART_TIME_SECONDS)
            {
                throw new IllegalArgumentException("graceful restart flags " + restartFlags + " / time " +
                    restartTimeSeconds + " out of range");
            }
            families = List.copyOf(families);
        }

        public int code()
        {
            return GRACEFUL_RESTART;
        }

        /**
         * One family whose routes the speaker can keep across a restart.
         *
         * @param afiSafi the family.
         * @param flags   per-family flags ({@link #FORWARDING_STATE}).
         */
        public record Family(AfiSafi afiSafi, int flags)
        {
            /** F: forwarding state was preserved. */
            public static final int FORWARDING_STATE = 0x80;
        }
    }

    /**
     * BGP Role (code 9, RFC 9234 §4.1): one octet, the sender's role on this session (0 provider, 1 route
     * server, 2 route-server client, 3 customer, 4 peer; other values unassigned).
     *
     * @param role 0..255 as received.
     */
    record Role(int role) implements Capability
    {
        /** Value length. */
        public static final int LENGTH = 1;

        public Role
        {
            if (role < 0 || role > 255)
            {
                throw new IllegalArgumentException("role " + role + " is not one octet");
            }
        }

        public int code()
        {
            return ROLE;
        }
    }

    /**
     * ADD-PATH (code 69, RFC 7911 §4): per family whether the speaker can receive and/or send several paths
     * per prefix, each NLRI then preceded by a 4-octet Path Identifier.
     * <pre>
     * +------------------------------------------------+
     * | AFI (2 octets) | SAFI (1 octet) | Send/Receive (1) |  repeated
     * +------------------------------------------------+
     * </pre>
     *
     * @param families the families with their Send/Receive field.
     */
    record AddPath(List<Family> families) implements Capability
    {
        /** Send/Receive: the speaker can receive several paths. */
        public static final int RECEIVE = 1;
        /** Send/Receive: the speaker can send several paths. */
        public static final int SEND = 2;
        /** Octets per family. */
        public static final int FAMILY_LENGTH = 4;

        public AddPath
        {
            families = List.copyOf(families);
        }

        public int code()
        {
            return ADD_PATH;
        }

        /**
         * @return the Send/Receive field the speaker gave the family, 0 if it did not list it.
         */
        public int mode(final AfiSafi afiSafi)
        {
            for (final Family f : families)
            {
                if (f.afiSafi().equals(afiSafi))
                {
                    return f.sendReceive();
                }
            }
            return 0;
        }

        /**
         * One family of the capability.
         *
         * @param afiSafi     the family.
         * @param sendReceive {@link #RECEIVE}, {@link #SEND} or both (3).
         */
        public record Family(AfiSafi afiSafi, int sendReceive)
        {
            public Family
            {
                if (sendReceive < 1 || sendReceive > 3)
                {
                    throw new IllegalArgumentException("ADD-PATH Send/Receive " + sendReceive + " (RFC 7911 §4: 1..3)");
                }
            }
        }
    }

    /**
     * A capability kept as code and raw value.
     *
     * @param code  capability code.
     * @param value its value; copied.
     */
    record Unknown(int code, byte[] value) implements Capability
    {
        public Unknown
        {
            if (code < 0 || code > 255 || value.length > 255)
            {
                throw new IllegalArgumentException("capability code " + code + " / length " + value.length);
            }
            value = value.clone();
        }

        /**
         * @return a copy of the value.
         */
        public byte[] value()
        {
            return value.clone();
        }

        public boolean equals(final Object o)
        {
            return o instanceof Unknown u && u.code == code && Arrays.equals(u.value, value);
        }

        public int hashCode()
        {
            return code * 31 + Arrays.hashCode(value);
        }

        public String toString()
        {
            return "Unknown[code=" + code + ", length=" + value.length + "]";
        }
    }
}
