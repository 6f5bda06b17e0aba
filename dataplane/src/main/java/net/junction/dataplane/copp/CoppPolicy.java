package net.junction.dataplane.copp;

import java.util.List;
import java.util.Objects;

import net.junction.routing.Ip6Address;

/**
 * Control-plane policing: how many packets a second of each class the exception path takes (docs/dataplane.md
 * "Control-plane policing"). Classes, most important first: {@link #BGP} (TCP port 179 on either side from a
 * configured BGP neighbor's address), {@link #ICMP_ND_ARP} (ARP, Neighbor Discovery, ICMP and ICMPv6 to the
 * router, echo requests answered on the workers included), {@link #OTHER} (everything else for the router: SSH,
 * BGP from an address that is no neighbor, UDP, ...). The rates are the data plane's: each worker polices its
 * share ({@link Rate#ratePps} and {@link Rate#burst} divided by the workers, as DPDK's and VPP's per-core policers do).
 *
 * @param bgp          the {@link #BGP} class's rate.
 * @param icmpNdArp    the {@link #ICMP_ND_ARP} class's rate.
 * @param other        the {@link #OTHER} class's rate.
 * @param bgpNeighbors4 the configured BGP neighbors' IPv4 addresses.
 * @param bgpNeighbors6 the configured BGP neighbors' IPv6 addresses.
 */
public record CoppPolicy(Rate bgp, Rate icmpNdArp, Rate other, List<Integer> bgpNeighbors4, List<Ip6Address> bgpNeighbors6)
{
    /** TCP port 179 from a configured BGP neighbor. */
    public static final int BGP = 0;
    /** ARP, ND, ICMP and ICMPv6 for the router. */
    public static final int ICMP_ND_ARP = 1;
    /** Everything else for the router. */
    public static final int OTHER = 2;
    /** Number of classes. */
    public static final int CLASSES = 3;
    /** The classes' names, as the config and the counters spell them. */
    public static final List<String> CLASS_NAMES = List.of("bgp", "icmp-nd-arp", "other");

    /** Largest rate a class may be given: 100 M packets a second (more than a port takes). */
    public static final long MAX_RATE_PPS = 100_000_000L;
    /** Largest burst a class may be given. */
    public static final int MAX_BURST = 1_000_000;

    /**
     * Defaults in the order of magnitude of Juniper's ddos-protection and Cisco's CoPP defaults, scaled to what one
     * slow-path thread writing to a TAP takes: BGP 20,000/s (bursts of 5,000: never the limit of a few sessions,
     * even a full table's UPDATEs are few large segments), ICMP/ND/ARP 2,000/s (bursts of 500), the rest 1,000/s
     * (bursts of 250).
     */
    public static final Rate DEFAULT_BGP = new Rate(20_000, 5_000);
    public static final Rate DEFAULT_ICMP_ND_ARP = new Rate(2_000, 500);
    public static final Rate DEFAULT_OTHER = new Rate(1_000, 250);
    /** The default rates and no BGP neighbor. */
    public static final CoppPolicy DEFAULTS = new CoppPolicy(DEFAULT_BGP, DEFAULT_ICMP_ND_ARP, DEFAULT_OTHER, List.of(), List.of());

    /**
     * A class's rate.
     *
     * @param ratePps packets a second, 1..{@link #MAX_RATE_PPS}.
     * @param burst   packets taken at once after a quiet spell, 1..{@link #MAX_BURST}.
     */
    public record Rate(long ratePps, int burst)
    {
        public Rate
        {
            if (ratePps < 1 || ratePps > MAX_RATE_PPS)
            {
                throw new IllegalArgumentException("rate-pps " + ratePps + " is out of range 1.." + MAX_RATE_PPS);
            }
            if (burst < 1 || burst > MAX_BURST)
            {
                throw new IllegalArgumentException("burst " + burst + " is out of range 1.." + MAX_BURST);
            }
        }
    }

    public CoppPolicy
    {
        Objects.requireNonNull(bgp, "bgp");
        Objects.requireNonNull(icmpNdArp, "icmpNdArp");
        Objects.requireNonNull(other, "other");
        bgpNeighbors4 = List.copyOf(bgpNeighbors4);
        bgpNeighbors6 = List.copyOf(bgpNeighbors6);
    }

    /** @return the rate of a class ({@link #BGP}, {@link #ICMP_ND_ARP}, {@link #OTHER}). */
    public Rate rate(final int trafficClass)
    {
        return switch (trafficClass)
        {
            case BGP -> bgp;
            case ICMP_ND_ARP -> icmpNdArp;
            default -> other;
        };
    }

    /** @return this policy with other BGP neighbors. */
    public CoppPolicy withNeighbors(final List<Integer> neighbors4, final List<Ip6Address> neighbors6)
    {
        return new CoppPolicy(bgp, icmpNdArp, other, neighbors4, neighbors6);
    }
}
