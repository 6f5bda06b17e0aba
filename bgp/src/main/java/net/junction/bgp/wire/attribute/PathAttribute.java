/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire.attribute;

import java.util.Arrays;
import java.util.List;

/**
 * A decoded BGP path attribute (RFC 4271 §4.3, §5): one immutable value per type, with
 * {@code equals}/{@code hashCode} over the value so that attribute sets can be interned.
 * <pre>
 *  0                   1
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+---------------------------+----------------+
 * |O|T|P|E| unused|  type code    | length (1, or 2 if E set) | value          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+---------------------------+----------------+
 * </pre>
 * MP_REACH_NLRI and MP_UNREACH_NLRI are not path attributes here: they carry routes, not route
 * properties, and live in {@code UpdateMessage} beside the IPv4 NLRI, so that one attribute set
 * is shared by every route it describes. Attributes this codec does not know are kept as
 * {@link Unknown}, raw bytes with their flags.
 * <p>
 * Four-octet values (MED, LOCAL_PREF, AS numbers, IPv4 addresses, communities) are unsigned on the wire
 * and held in an {@code int} in network order; {@link Integer#toUnsignedLong(int)} reads them.
 */
public sealed interface PathAttribute
{
    /** Attribute flag: optional (set) or well-known (clear). */
    int FLAG_OPTIONAL = 0x80;
    /** Attribute flag: transitive. */
    int FLAG_TRANSITIVE = 0x40;
    /** Attribute flag: partial (an optional transitive attribute some router did not recognize). */
    int FLAG_PARTIAL = 0x20;
    /** Attribute flag: the length field is two octets. */
    int FLAG_EXTENDED_LENGTH = 0x10;

    /** RFC 4271. */
    int ORIGIN = 1;
    /** RFC 4271. */
    int AS_PATH = 2;
    /** RFC 4271. */
    int NEXT_HOP = 3;
    /** RFC 4271. */
    int MULTI_EXIT_DISC = 4;
    /** RFC 4271. */
    int LOCAL_PREF = 5;
    /** RFC 4271. */
    int ATOMIC_AGGREGATE = 6;
    /** RFC 4271, RFC 6793 for the four-octet form. */
    int AGGREGATOR = 7;
    /** RFC 1997. */
    int COMMUNITIES = 8;
    /** RFC 4456. */
    int ORIGINATOR_ID = 9;
    /** RFC 4456. */
    int CLUSTER_LIST = 10;
    /** RFC 4760. */
    int MP_REACH_NLRI = 14;
    /** RFC 4760. */
    int MP_UNREACH_NLRI = 15;
    /** RFC 4360. */
    int EXTENDED_COMMUNITIES = 16;
    /** RFC 6793. */
    int AS4_PATH = 17;
    /** RFC 6793. */
    int AS4_AGGREGATOR = 18;
    /** RFC 8092. */
    int LARGE_COMMUNITY = 32;
    /** RFC 9234 §4.3: Only to Customer (OTC), an AS in four octets; kept as {@link Unknown}, read by the RIB. */
    int ONLY_TO_CUSTOMER = 35;

    /**
     * @return the attribute type code.
     */
    int typeCode();

    /**
     * The O and T flags RFC 4271 §5 and each attribute's RFC assign to a type code this codec knows.
     *
     * @param typeCode attribute type.
     * @return the expected {@link #FLAG_OPTIONAL}/{@link #FLAG_TRANSITIVE} bits, or -1 for a type not known here.
     */
    static int expectedFlags(final int typeCode)
    {
        return switch (typeCode)
        {
            case ORIGIN, AS_PATH, NEXT_HOP, LOCAL_PREF, ATOMIC_AGGREGATE -> FLAG_TRANSITIVE;
            case MULTI_EXIT_DISC, ORIGINATOR_ID, CLUSTER_LIST, MP_REACH_NLRI, MP_UNREACH_NLRI -> FLAG_OPTIONAL;
            case AGGREGATOR, COMMUNITIES, EXTENDED_COMMUNITIES, AS4_PATH, AS4_AGGREGATOR, LARGE_COMMUNITY ->
                FLAG_OPTIONAL | FLAG_TRANSITIVE;
            default -> -1;
        };
    }

    /**
     * ORIGIN (type 1, well-known mandatory).
     *
     * @param value {@link #IGP}, {@link #EGP} or {@link #INCOMPLETE}.
     */
    record Origin(int value) implements PathAttribute
    {
        /** NLRI interior to the originating AS. */
        public static final int IGP = 0;
        /** NLRI learned via EGP. */
        public static final int EGP = 1;
        /** NLRI learned by some other means. */
        public static final int INCOMPLETE = 2;

        /** Shared instances: there are only three. */
        public static final Origin ORIGIN_IGP = new Origin(IGP);
        /** Shared instance. */
        public static final Origin ORIGIN_EGP = new Origin(EGP);
        /** Shared instance. */
        public static final Origin ORIGIN_INCOMPLETE = new Origin(INCOMPLETE);

        public Origin
        {
            if (value < IGP || value > INCOMPLETE)
            {
                throw new IllegalArgumentException("ORIGIN " + value + " is not 0..2");
            }
        }

        /**
         * @param value 0..2.
         * @return the shared instance.
         */
        public static Origin of(final int value)
        {
            return switch (value)
            {
                case IGP -> ORIGIN_IGP;
                case EGP -> ORIGIN_EGP;
                case INCOMPLETE -> ORIGIN_INCOMPLETE;
                default -> throw new IllegalArgumentException("ORIGIN " + value + " is not 0..2");
            };
        }

        public int typeCode()
        {
            return ORIGIN;
        }
    }

    /**
     * AS_PATH (type 2, well-known mandatory). The AS numbers are 4-octet values whatever the session
     * negotiated; the encoder writes 2 or 4 octets.
     *
     * @param segments in order, possibly none (a route originated inside the AS).
     */
    record AsPath(List<AsPathSegment> segments) implements PathAttribute
    {
        /** The empty path. */
        public static final AsPath EMPTY = new AsPath(List.of());

        public AsPath
        {
            segments = List.copyOf(segments);
        }

        /**
         * @param asns AS numbers of a single AS_SEQUENCE (empty for the empty path).
         * @return the path.
         */
        public static AsPath sequence(final int... asns)
        {
            return 0 == asns.length ? EMPTY : new AsPath(List.of(AsPathSegment.sequence(asns)));
        }

        /**
         * @return the RFC 4271 §9.1.2.2 (a) path length (sets count one, confederation segments none).
         */
        public int pathLength()
        {
            int length = 0;
            for (final AsPathSegment s : segments)
            {
                length += s.pathLength();
            }
            return length;
        }

        /**
         * @return true if any AS number needs four octets.
         */
        public boolean hasFourOctetAsn()
        {
            for (final AsPathSegment s : segments)
            {
                if (s.hasFourOctetAsn())
                {
                    return true;
                }
            }
            return false;
        }

        /**
         * @return the first AS of the first AS_SEQUENCE (the neighbor AS for an eBGP route), or 0.
         */
        public int firstAsn()
        {
            return !segments.isEmpty() && segments.getFirst().type() == AsPathSegment.AS_SEQUENCE ?
                segments.getFirst().asn(0) : 0;
        }

        public int typeCode()
        {
            return AS_PATH;
        }

        public String toString()
        {
            return "AsPath[" + String.join(" ", segments.stream().map(AsPathSegment::toString).toList()) + "]";
        }
    }

    /**
     * NEXT_HOP (type 3, well-known mandatory for IPv4 NLRI).
     *
     * @param address IPv4 address, network order.
     */
    record NextHop(int address) implements PathAttribute
    {
        public int typeCode()
        {
            return NEXT_HOP;
        }

        public String toString()
        {
            return "NextHop[" + net.junction.routing.Ip4.format(address) + "]";
        }
    }

    /**
     * MULTI_EXIT_DISC (type 4, optional non-transitive).
     *
     * @param value unsigned 32-bit.
     */
    record MultiExitDisc(int value) implements PathAttribute
    {
        public int typeCode()
        {
            return MULTI_EXIT_DISC;
        }
    }

    /**
     * LOCAL_PREF (type 5, well-known, iBGP only).
     *
     * @param value unsigned 32-bit.
     */
    record LocalPref(int value) implements PathAttribute
    {
        public int typeCode()
        {
            return LOCAL_PREF;
        }
    }

    /**
     * ATOMIC_AGGREGATE (type 6, well-known discretionary, no value).
     */
    record AtomicAggregate() implements PathAttribute
    {
        /** The only value. */
        public static final AtomicAggregate INSTANCE = new AtomicAggregate();

        public int typeCode()
        {
            return ATOMIC_AGGREGATE;
        }
    }

    /**
     * AGGREGATOR (type 7, optional transitive): 2-octet AS + address between 2-octet speakers, 4-octet
     * AS + address between 4-octet speakers (RFC 6793 §3).
     *
     * @param asNumber unsigned 32-bit AS.
     * @param address  IPv4 address, network order.
     */
    record Aggregator(int asNumber, int address) implements PathAttribute
    {
        public int typeCode()
        {
            return AGGREGATOR;
        }
    }

    /**
     * COMMUNITIES (type 8, optional transitive, RFC 1997): 4 octets each, AS in the high half.
     *
     * @param values the communities in the order received; copied, never handed out.
     */
    record Communities(int[] values) implements PathAttribute
    {
        /** RFC 1997: do not advertise outside the AS (or confederation). */
        public static final int NO_EXPORT = 0xFFFF_FF01;
        /** RFC 1997: do not advertise to any peer. */
        public static final int NO_ADVERTISE = 0xFFFF_FF02;
        /** RFC 1997: do not advertise to external peers, including confederation members. */
        public static final int NO_EXPORT_SUBCONFED = 0xFFFF_FF03;
        /** RFC 3765. */
        public static final int NOPEER = 0xFFFF_FF04;
        /** RFC 7999. */
        public static final int BLACKHOLE = 0xFFFF_029A;
        /** RFC 8326. */
        public static final int GRACEFUL_SHUTDOWN = 0xFFFF_0000;

        public Communities
        {
            if (values.length == 0)
            {
                throw new IllegalArgumentException("COMMUNITIES needs at least one community");
            }
            values = values.clone();
        }

        /**
         * @param asn   high 16 bits.
         * @param value low 16 bits.
         * @return the community as an int.
         */
        public static int community(final int asn, final int value)
        {
            return (asn << 16) | (value & 0xFFFF);
        }

        /**
         * @return number of communities.
         */
        public int size()
        {
            return values.length;
        }

        /**
         * @param index in {@code 0..size()-1}.
         * @return the community.
         */
        public int get(final int index)
        {
            return values[index];
        }

        /**
         * @return a copy of the values.
         */
        public int[] values()
        {
            return values.clone();
        }

        /**
         * @param community to look for.
         * @return true if present.
         */
        public boolean contains(final int community)
        {
            for (final int c : values)
            {
                if (c == community)
                {
                    return true;
                }
            }
            return false;
        }

        public int typeCode()
        {
            return COMMUNITIES;
        }

        public boolean equals(final Object o)
        {
            return o instanceof Communities c && Arrays.equals(c.values, values);
        }

        public int hashCode()
        {
            return Arrays.hashCode(values);
        }

        public String toString()
        {
            final StringBuilder sb = new StringBuilder("Communities[");
            for (int i = 0; i < values.length; i++)
            {
                sb.append(i > 0 ? " " : "").append(values[i] >>> 16).append(':').append(values[i] & 0xFFFF);
            }
            return sb.append(']').toString();
        }
    }

    /**
     * ORIGINATOR_ID (type 9, optional non-transitive, RFC 4456).
     *
     * @param routerId BGP identifier of the originator.
     */
    record OriginatorId(int routerId) implements PathAttribute
    {
        public int typeCode()
        {
            return ORIGINATOR_ID;
        }
    }

    /**
     * CLUSTER_LIST (type 10, optional non-transitive, RFC 4456).
     *
     * @param clusterIds cluster IDs, most recent first; copied.
     */
    record ClusterList(int[] clusterIds) implements PathAttribute
    {
        public ClusterList
        {
            if (clusterIds.length == 0)
            {
                throw new IllegalArgumentException("CLUSTER_LIST needs at least one cluster ID");
            }
            clusterIds = clusterIds.clone();
        }

        /**
         * @return a copy of the cluster IDs.
         */
        public int[] clusterIds()
        {
            return clusterIds.clone();
        }

        /**
         * @return number of cluster IDs.
         */
        public int size()
        {
            return clusterIds.length;
        }

        /**
         * @param index in {@code 0..size()-1}.
         * @return the cluster ID.
         */
        public int get(final int index)
        {
            return clusterIds[index];
        }

        public int typeCode()
        {
            return CLUSTER_LIST;
        }

        public boolean equals(final Object o)
        {
            return o instanceof ClusterList c && Arrays.equals(c.clusterIds, clusterIds);
        }

        public int hashCode()
        {
            return Arrays.hashCode(clusterIds);
        }

        public String toString()
        {
            return "ClusterList" + Arrays.toString(Arrays.stream(clusterIds).mapToObj(net.junction.routing.Ip4::format)
                .toArray());
        }
    }

    /**
     * EXTENDED_COMMUNITIES (type 16, optional transitive, RFC 4360): 8 octets each, type octet(s) first.
     *
     * @param values the communities, each read as a big-endian long; copied.
     */
    record ExtendedCommunities(long[] values) implements PathAttribute
    {
        public ExtendedCommunities
        {
            if (values.length == 0)
            {
                throw new IllegalArgumentException("EXTENDED_COMMUNITIES needs at least one community");
            }
            values = values.clone();
        }

        /**
         * @return a copy of the values.
         */
        public long[] values()
        {
            return values.clone();
        }

        /**
         * @return number of communities.
         */
        public int size()
        {
            return values.length;
        }

        /**
         * @param index in {@code 0..size()-1}.
         * @return the community.
         */
        public long get(final int index)
        {
            return values[index];
        }

        public int typeCode()
        {
            return EXTENDED_COMMUNITIES;
        }

        public boolean equals(final Object o)
        {
            return o instanceof ExtendedCommunities c && Arrays.equals(c.values, values);
        }

        public int hashCode()
        {
            return Arrays.hashCode(values);
        }

        public String toString()
        {
            final StringBuilder sb = new StringBuilder("ExtendedCommunities[");
            for (int i = 0; i < values.length; i++)
            {
                sb.append(i > 0 ? " " : "").append(String.format("%016x", values[i]));
            }
            return sb.append(']').toString();
        }
    }

    /**
     * AS4_PATH (type 17, optional transitive, RFC 6793): the 4-octet path a 2-octet speaker carries
     * through; merge with {@link AsPaths#reconstruct(PathAttributes)}.
     *
     * @param segments in order.
     */
    record As4Path(List<AsPathSegment> segments) implements PathAttribute
    {
        public As4Path
        {
            segments = List.copyOf(segments);
        }

        /**
         * @return the RFC 4271 path length of these segments.
         */
        public int pathLength()
        {
            return new AsPath(segments).pathLength();
        }

        public int typeCode()
        {
            return AS4_PATH;
        }

        public String toString()
        {
            return "As4Path[" + String.join(" ", segments.stream().map(AsPathSegment::toString).toList()) + "]";
        }
    }

    /**
     * AS4_AGGREGATOR (type 18, optional transitive, RFC 6793).
     *
     * @param asNumber unsigned 32-bit AS.
     * @param address  IPv4 address, network order.
     */
    record As4Aggregator(int asNumber, int address) implements PathAttribute
    {
        public int typeCode()
        {
            return AS4_AGGREGATOR;
        }
    }

    /**
     * LARGE_COMMUNITY (type 32, optional transitive, RFC 8092): 12 octets each, three unsigned 32-bit
     * fields (global administrator, local data part 1, local data part 2).
     *
     * @param values 3 ints per community; copied.
     */
    record LargeCommunities(int[] values) implements PathAttribute
    {
        public LargeCommunities
        {
            if (values.length == 0 || values.length % 3 != 0)
            {
                throw new IllegalArgumentException("LARGE_COMMUNITY needs 3 ints per community, got " + values.length);
            }
            values = values.clone();
        }

        /**
         * @return number of communities.
         */
        public int size()
        {
            return values.length / 3;
        }

        /**
         * @param index community index.
         * @return its global administrator.
         */
        public int globalAdministrator(final int index)
        {
            return values[3 * index];
        }

        /**
         * @param index community index.
         * @return its local data part 1.
         */
        public int localData1(final int index)
        {
            return values[3 * index + 1];
        }

        /**
         * @param index community index.
         * @return its local data part 2.
         */
        public int localData2(final int index)
        {
            return values[3 * index + 2];
        }

        /**
         * @return a copy of the values, 3 per community.
         */
        public int[] values()
        {
            return values.clone();
        }

        public int typeCode()
        {
            return LARGE_COMMUNITY;
        }

        public boolean equals(final Object o)
        {
            return o instanceof LargeCommunities c && Arrays.equals(c.values, values);
        }

        public int hashCode()
        {
            return Arrays.hashCode(values);
        }

        public String toString()
        {
            final StringBuilder sb = new StringBuilder("LargeCommunities[");
            for (int i = 0; i < size(); i++)
            {
                sb.append(i > 0 ? " " : "")
                    .append(Integer.toUnsignedString(globalAdministrator(i))).append(':')
                    .append(Integer.toUnsignedString(localData1(i))).append(':')
                    .append(Integer.toUnsignedString(localData2(i)));
            }
            return sb.append(']').toString();
        }
    }

    /**
     * An optional attribute this codec does not interpret, kept with its flags so that a transitive one
     * can be passed on (RFC 4271 §5: with the Partial bit set, see {@link #withPartial()}).
     *
     * @param flags    attribute flags as received, extended-length bit cleared (the encoder sets it).
     * @param typeCode attribute type.
     * @param value    attribute value; copied.
     */
    record Unknown(int flags, int typeCode, byte[] value) implements PathAttribute
    {
        public Unknown
        {
            if (typeCode < 0 || typeCode > 255)
            {
                throw new IllegalArgumentException("attribute type " + typeCode + " is not 0..255");
            }
            if (expectedFlags(typeCode) >= 0)
            {
                throw new IllegalArgumentException("attribute type " + typeCode + " has its own record");
            }
            if ((flags & FLAG_OPTIONAL) == 0)
            {
                // RFC 4271 §6.3: an unrecognized well-known attribute resets the session; never carry one.
                throw new IllegalArgumentException("unknown attribute " + typeCode + " must be optional");
            }
            flags = flags & 0xE0;
            value = value.clone();
        }

        /**
         * @return a copy of the value.
         */
        public byte[] value()
        {
            return value.clone();
        }

        /**
         * @return value length in octets.
         */
        public int length()
        {
            return value.length;
        }

        /**
         * @return true if the Transitive flag is set.
         */
        public boolean isTransitive()
        {
            return (flags & FLAG_TRANSITIVE) != 0;
        }

        /**
         * @return this attribute with the Partial bit set, as a speaker passing on an unrecognized
         * optional transitive attribute must send it (RFC 4271 §5).
         */
        public Unknown withPartial()
        {
            return (flags & FLAG_PARTIAL) != 0 ? this : new Unknown(flags | FLAG_PARTIAL, typeCode, value);
        }

        public boolean equals(final Object o)
        {
            return o instanceof Unknown u && u.flags == flags && u.typeCode == typeCode && Arrays.equals(u.value, value);
        }

        public int hashCode()
        {
            return (flags * 31 + typeCode) * 31 + Arrays.hashCode(value);
        }

        public String toString()
        {
            return "Unknown[type=" + typeCode + ", flags=0x" + Integer.toHexString(flags) + ", length=" +
                value.length + "]";
        }
    }
}
