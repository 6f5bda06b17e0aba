package net.junction.dataplane;

/**
 * Why the data plane dropped a packet: one {@code int} code per reason, the index of a per-worker
 * drop counter, and a snake_case {@link #name(int)} that becomes the counter's name.
 *
 * <p>Fast path: codes are plain {@code static final int}s so a verdict is an {@code int} return
 * value, never an object. {@link #NONE} (0) means "no drop": validators return it for a packet
 * that may go on. Codes are dense from 1 to {@link #COUNT} - 1, so a counter array of
 * {@code COUNT} slots is indexed by the code directly.
 */
public final class DropReason
{
    /** Not a drop: the packet may go on. */
    public static final int NONE = 0;

    // Link layer
    /** The frame (or its L3 part) is shorter than the smallest header it must hold. */
    public static final int RUNT = 1;
    /** Not IPv4, IPv6 or ARP (after at most two VLAN tags). */
    public static final int UNSUPPORTED_ETHERTYPE = 2;
    /** Unicast destination MAC that is not the port's. */
    public static final int NOT_FOR_US_MAC = 3;
    /** A VLAN tag (or pair) with no sub-interface configured for it. */
    public static final int VLAN_UNKNOWN = 4;

    // IPv4 input (RFC 1812 §5.2.2, §5.3.7)
    public static final int IP4_BAD_VERSION = 5;
    /** IHL below 5, or a header that does not fit in the frame. */
    public static final int IP4_BAD_IHL = 6;
    public static final int IP4_BAD_CHECKSUM = 7;
    /** Total length below the header length or beyond the bytes the frame holds. */
    public static final int IP4_BAD_LENGTH = 8;
    /** Source 0/8, 127/8, 224/4 or 255.255.255.255. */
    public static final int IP4_MARTIAN_SOURCE = 9;
    /** Destination 0/8 or 127/8. */
    public static final int IP4_MARTIAN_DESTINATION = 10;
    /** Valid but not forwardable: destination 224/4 (local delivery is still possible). */
    public static final int IP4_MULTICAST_DESTINATION = 11;
    /** Valid but not forwardable: destination 255.255.255.255 (local delivery is still possible). */
    public static final int IP4_BROADCAST_DESTINATION = 12;
    /** Source in 169.254/16 and the packet is not for the router (RFC 3927 §7). */
    public static final int IP4_LINK_LOCAL_SOURCE = 13;
    /** Destination in 169.254/16 and not one of the router's addresses (RFC 3927 §7). */
    public static final int IP4_LINK_LOCAL_DESTINATION = 14;

    // IPv6 input (RFC 8200, RFC 4291)
    public static final int IP6_BAD_VERSION = 15;
    /** Payload length beyond the bytes the frame holds. */
    public static final int IP6_BAD_LENGTH = 16;
    /** Source ::, ::1 or multicast. */
    public static final int IP6_MARTIAN_SOURCE = 17;
    /** Destination ::, ::1, or multicast of scope 0 or 1 (RFC 4291 §2.7). */
    public static final int IP6_MARTIAN_DESTINATION = 18;
    /** Valid but not forwardable: multicast destination (local delivery is still possible). */
    public static final int IP6_MULTICAST_DESTINATION = 19;
    /** Link-local source on a packet that is not for the router (RFC 4291 §2.5.6). */
    public static final int IP6_LINK_LOCAL_SOURCE = 20;
    /** Link-local destination that is not one of the router's addresses (RFC 4291 §2.5.6). */
    public static final int IP6_LINK_LOCAL_DESTINATION = 21;

    // Forwarding
    /** IPv4 TTL or IPv6 hop limit would reach 0. */
    public static final int TTL_EXCEEDED = 22;
    public static final int NO_ROUTE = 23;
    public static final int BLACKHOLE = 24;
    public static final int MTU_EXCEEDED = 25;
    /** The next hop's neighbor entry is still resolving and its hold queue is full. */
    public static final int NEIGHBOR_PENDING_DROP = 26;
    public static final int NEIGHBOR_FAILED = 27;
    /** An ICMP error that was due but suppressed by the rate limiter. */
    public static final int ICMP_RATE_LIMITED = 28;

    // Local protocols
    /** ICMP message to the router that fails its checks (checksum, length, type/code). */
    public static final int ICMP4_BAD = 29;
    /** ICMPv6 message to the router that fails its checks (checksum, length, type/code). */
    public static final int ICMP6_BAD = 30;
    public static final int ARP_BAD = 31;
    public static final int ND_BAD = 32;

    // Exception path and transmit
    public static final int PUNT_QUEUE_FULL = 33;
    public static final int TX_FULL = 34;
    public static final int LINK_DOWN = 35;
    /** For the router, but of a kind the fast path does not answer and nothing else takes. */
    public static final int LOCAL_UNSUPPORTED = 36;

    /** An mbuf chain (multi-segment packet): the fast path handles single-segment frames only. */
    public static final int MULTI_SEGMENT = 37;

    /**
     * A unicast IP packet that arrived in a link-layer broadcast or multicast frame: RFC 1812
     * §5.3.4 says a router must not forward it.
     */
    public static final int UNICAST_IP_IN_LINK_BROADCAST = 38;

    // IPv4 fragmentation (RFC 791 §3.2, RFC 1812 §5.2.6)
    /** A packet to fragment, but the mbuf pool had no buffers for its fragments. */
    public static final int FRAGMENT_NO_MBUF = 39;
    /** A packet to fragment into more than {@code Ip4Fragmenter.MAX_FRAGMENTS} pieces (a tiny MTU for its size). */
    public static final int FRAGMENT_TOO_MANY = 40;
    /** A packet to fragment whose options are malformed (a length below 2 or past the header). */
    public static final int IP4_BAD_OPTIONS = 41;

    // 802.1Q sub-interfaces
    /** A frame to send on a VLAN sub-interface whose mbuf has no 4 bytes of headroom left for the tag. */
    public static final int VLAN_NO_HEADROOM = 42;

    // Control-plane policing (docs/dataplane.md "Control-plane policing")
    /** For the exception path, class bgp (port 179 from a configured BGP neighbor), over its rate. */
    public static final int COPP_BGP = 43;
    /** For the exception path, class icmp-nd-arp (ARP, ND, ICMP to the router, echo included), over its rate. */
    public static final int COPP_ICMP_ND_ARP = 44;
    /** For the exception path, class other (everything else for the router), over its rate. */
    public static final int COPP_OTHER = 45;
    /** A packet to hold for a neighbor being resolved, over the rate of such punts (not the exception path). */
    public static final int NEIGHBOR_PENDING_POLICED = 46;

    /** Number of codes, {@link #NONE} included: the size of a counter array. */
    public static final int COUNT = 47;

    private static final String[] NAMES = new String[COUNT];

    static
    {
        NAMES[NONE] = "none";
        NAMES[RUNT] = "runt";
        NAMES[UNSUPPORTED_ETHERTYPE] = "unsupported_ethertype";
        NAMES[NOT_FOR_US_MAC] = "not_for_us_mac";
        NAMES[VLAN_UNKNOWN] = "vlan_unknown";
        NAMES[IP4_BAD_VERSION] = "ip4_bad_version";
        NAMES[IP4_BAD_IHL] = "ip4_bad_ihl";
        NAMES[IP4_BAD_CHECKSUM] = "ip4_bad_checksum";
        NAMES[IP4_BAD_LENGTH] = "ip4_bad_length";
        NAMES[IP4_MARTIAN_SOURCE] = "ip4_martian_source";
        NAMES[IP4_MARTIAN_DESTINATION] = "ip4_martian_destination";
        NAMES[IP4_MULTICAST_DESTINATION] = "ip4_multicast_destination";
        NAMES[IP4_BROADCAST_DESTINATION] = "ip4_broadcast_destination";
        NAMES[IP4_LINK_LOCAL_SOURCE] = "ip4_link_local_source";
        NAMES[IP4_LINK_LOCAL_DESTINATION] = "ip4_link_local_destination";
        NAMES[IP6_BAD_VERSION] = "ip6_bad_version";
        NAMES[IP6_BAD_LENGTH] = "ip6_bad_length";
        NAMES[IP6_MARTIAN_SOURCE] = "ip6_martian_source";
        NAMES[IP6_MARTIAN_DESTINATION] = "ip6_martian_destination";
        NAMES[IP6_MULTICAST_DESTINATION] = "ip6_multicast_destination";
        NAMES[IP6_LINK_LOCAL_SOURCE] = "ip6_link_local_source";
        NAMES[IP6_LINK_LOCAL_DESTINATION] = "ip6_link_local_destination";
        NAMES[TTL_EXCEEDED] = "ttl_exceeded";
        NAMES[NO_ROUTE] = "no_route";
        NAMES[BLACKHOLE] = "blackhole";
        NAMES[MTU_EXCEEDED] = "mtu_exceeded";
        NAMES[NEIGHBOR_PENDING_DROP] = "neighbor_pending_drop";
        NAMES[NEIGHBOR_FAILED] = "neighbor_failed";
        NAMES[ICMP_RATE_LIMITED] = "icmp_rate_limited";
        NAMES[ICMP4_BAD] = "icmp4_bad";
        NAMES[ICMP6_BAD] = "icmp6_bad";
        NAMES[ARP_BAD] = "arp_bad";
        NAMES[ND_BAD] = "nd_bad";
        NAMES[PUNT_QUEUE_FULL] = "punt_queue_full";
        NAMES[TX_FULL] = "tx_full";
        NAMES[LINK_DOWN] = "link_down";
        NAMES[LOCAL_UNSUPPORTED] = "local_unsupported";
        NAMES[MULTI_SEGMENT] = "multi_segment";
        NAMES[UNICAST_IP_IN_LINK_BROADCAST] = "unicast_ip_in_link_broadcast";
        NAMES[FRAGMENT_NO_MBUF] = "fragment_no_mbuf";
        NAMES[FRAGMENT_TOO_MANY] = "fragment_too_many";
        NAMES[IP4_BAD_OPTIONS] = "ip4_bad_options";
        NAMES[VLAN_NO_HEADROOM] = "vlan_no_headroom";
        NAMES[COPP_BGP] = "copp_bgp";
        NAMES[COPP_ICMP_ND_ARP] = "copp_icmp_nd_arp";
        NAMES[COPP_OTHER] = "copp_other";
        NAMES[NEIGHBOR_PENDING_POLICED] = "neighbor_pending_policed";
    }

    private DropReason()
    {
    }

    /** The counter name of a code; {@code "unknown"} for a value outside 0..COUNT-1 (no exception). */
    public static String name(final int code)
    {
        return code >= 0 && code < COUNT ? NAMES[code] : "unknown";
    }
}
