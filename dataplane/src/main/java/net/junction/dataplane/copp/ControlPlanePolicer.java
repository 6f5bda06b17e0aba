package net.junction.dataplane.copp;

import net.junction.bindings.RawMemory;
import net.junction.dataplane.DropReason;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.dataplane.packet.Ethernet;
import net.junction.dataplane.packet.Ip4;
import net.junction.dataplane.packet.Ip6;

/**
 * One worker's control-plane policer: it classifies a packet for the exception path on the headers the pipeline
 * already validated, and lets it through only while its class's token bucket has a token (docs/dataplane.md
 * "Control-plane policing"). A worker polices its share of each class's rate ({@link CoppPolicy}'s rate and burst
 * divided by the workers, VPP's and DPDK's per-core way: no shared cache line between workers). Packets held for a
 * neighbor being resolved are not for the router and no class's: they have a bucket of their own
 * ({@link #PENDING_RATE_PPS}), so a flood to unresolved addresses cannot fill the punt ring BGP shares.
 *
 * <p>Classes: {@link CoppPolicy#BGP} is TCP with port 179 on either side from a configured neighbor's address (not a
 * non-first IPv4 fragment; IPv6 only when TCP is the first next header); {@link CoppPolicy#ICMP_ND_ARP} is ARP, ND,
 * ICMP and ICMPv6; {@link CoppPolicy#OTHER} the rest.
 *
 * <p>Fast path: no allocation, arithmetic and a few loads; passes are tallied per burst ({@link #flushCounters}).
 * The policy changes only on the worker's own thread, between two duty cycles ({@link #apply}, run as a command).
 */
public final class ControlPlanePolicer
{
    /** Packets a second the data plane holds for neighbors being resolved, over all workers. */
    public static final long PENDING_RATE_PPS = 20_000;
    /** Burst of those. */
    public static final int PENDING_BURST = 1_024;

    private static final int[] DROP_REASONS = {DropReason.COPP_BGP, DropReason.COPP_ICMP_ND_ARP, DropReason.COPP_OTHER};
    private static final int[] PASSED_COUNTERS = {
        WorkerCounters.COPP_BGP_PASSED, WorkerCounters.COPP_ICMP_ND_ARP_PASSED, WorkerCounters.COPP_OTHER_PASSED};
    private static final int BGP_PORT = 179;
    private static final int ETHER_HEADER = Ethernet.HEADER_LENGTH;

    private final WorkerCounters counters;
    private final TokenBucket[] buckets = new TokenBucket[CoppPolicy.CLASSES];
    private final TokenBucket pending = new TokenBucket();
    private final int[] passed = new int[CoppPolicy.CLASSES];
    private NeighborSet neighbors;

    /**
     * A policy made ready for the workers on the control path: each worker's share of the rates, the neighbor set
     * built, so a worker taking it allocates nothing.
     *
     * @param nanosPerToken per class, the time a token takes to come to one worker.
     * @param burst         per class, one worker's burst.
     * @param neighbors     the BGP neighbors' addresses.
     * @param policy        the policy it was made from.
     */
    public record Prepared(long[] nanosPerToken, long[] burst, NeighborSet neighbors, CoppPolicy policy)
    {
    }

    /**
     * @param policy  the policy the data plane starts with.
     * @param workers how many workers share it.
     * @return it, made ready for the workers.
     */
    public static Prepared prepare(final CoppPolicy policy, final int workers)
    {
        final long[] nanos = new long[CoppPolicy.CLASSES];
        final long[] burst = new long[CoppPolicy.CLASSES];
        for (int c = 0; c < CoppPolicy.CLASSES; c++)
        {
            final CoppPolicy.Rate rate = policy.rate(c);
            nanos[c] = nanosPerToken(rate.ratePps(), workers);
            burst[c] = share(rate.burst(), workers);
        }
        return new Prepared(nanos, burst, new NeighborSet(policy.bgpNeighbors4(), policy.bgpNeighbors6()), policy);
    }

    private static long nanosPerToken(final long ratePps, final int workers)
    {
        return Math.max(1, 1_000_000_000L * workers / ratePps);
    }

    /** One worker's share of a burst: rounded up, at least one. */
    private static long share(final long burst, final int workers)
    {
        return Math.max(1, (burst + workers - 1) / workers);
    }

    /**
     * @param prepared the policy ({@link #prepare}).
     * @param workers  how many workers share it (and the pending rate).
     * @param counters the worker's counters.
     */
    public ControlPlanePolicer(final Prepared prepared, final int workers, final WorkerCounters counters)
    {
        this.counters = counters;
        for (int c = 0; c < CoppPolicy.CLASSES; c++)
        {
            buckets[c] = new TokenBucket();
        }
        pending.rate(nanosPerToken(PENDING_RATE_PPS, workers), share(PENDING_BURST, workers));
        apply(prepared);
    }

    /** Takes another policy; on the worker's thread only (a command between two cycles). Tokens held stay. */
    public void apply(final Prepared prepared)
    {
        for (int c = 0; c < CoppPolicy.CLASSES; c++)
        {
            buckets[c].rate(prepared.nanosPerToken()[c], prepared.burst()[c]);
        }
        neighbors = prepared.neighbors();
    }

    /**
     * The class of a frame for the router: ARP, or an IPv4 or IPv6 packet whose headers the pipeline validated.
     *
     * @param frame  the frame's address (Ethernet header first).
     * @param length the bytes the frame holds.
     * @return {@link CoppPolicy#BGP}, {@link CoppPolicy#ICMP_ND_ARP} or {@link CoppPolicy#OTHER}.
     */
    public int classify(final long frame, final int length)
    {
        final int ethertype = RawMemory.getShortBe(frame + 12);
        final long ip = frame + ETHER_HEADER;
        if (ethertype == Ethernet.ETHER_TYPE_IPV4)
        {
            final int protocol = RawMemory.getByte(ip + Ip4.PROTOCOL_OFFSET);
            if (protocol == Ip4.PROTOCOL_ICMP)
            {
                return CoppPolicy.ICMP_ND_ARP;
            }
            final int headerLength = (RawMemory.getByte(ip) & 0x0F) << 2;
            if (protocol == Ip4.PROTOCOL_TCP &&
                (RawMemory.getShortBe(ip + Ip4.FLAGS_FRAGMENT_OFFSET) & Ip4.FRAGMENT_OFFSET_MASK) == 0 &&
                ETHER_HEADER + headerLength + 4 <= length &&
                isBgpPort(ip + headerLength) && neighbors.contains4(RawMemory.getIntBe(ip + Ip4.SRC_OFFSET)))
            {
                return CoppPolicy.BGP;
            }
            return CoppPolicy.OTHER;
        }
        if (ethertype == Ethernet.ETHER_TYPE_IPV6)
        {
            final int nextHeader = RawMemory.getByte(ip + Ip6.NEXT_HEADER_OFFSET);
            if (nextHeader == Ip6.NEXT_HEADER_ICMPV6)
            {
                return CoppPolicy.ICMP_ND_ARP;
            }
            if (nextHeader == Ip6.NEXT_HEADER_TCP && ETHER_HEADER + Ip6.HEADER_LENGTH + 4 <= length &&
                isBgpPort(ip + Ip6.HEADER_LENGTH) &&
                neighbors.contains6(RawMemory.getLongBe(ip + Ip6.SRC_OFFSET), RawMemory.getLongBe(ip + Ip6.SRC_OFFSET + 8)))
            {
                return CoppPolicy.BGP;
            }
            return CoppPolicy.OTHER;
        }
        return ethertype == Ethernet.ETHER_TYPE_ARP ? CoppPolicy.ICMP_ND_ARP : CoppPolicy.OTHER;
    }

    private static boolean isBgpPort(final long tcp)
    {
        return RawMemory.getShortBe(tcp) == BGP_PORT || RawMemory.getShortBe(tcp + 2) == BGP_PORT;
    }

    /**
     * Takes a token of the class, or counts the packet's drop ({@code copp_<class>}).
     *
     * @return whether the packet may go on.
     */
    public boolean admit(final int trafficClass, final long nowNs)
    {
        if (buckets[trafficClass].tryAcquire(nowNs))
        {
            return true;
        }
        counters.drop(DROP_REASONS[trafficClass]);
        return false;
    }

    /** Counts a packet of the class that went on (into the punt ring, or answered). */
    public void passed(final int trafficClass)
    {
        passed[trafficClass]++;
    }

    /**
     * Takes a token for a packet to hold for its neighbor, or counts its drop ({@code neighbor_pending_policed}).
     *
     * @return whether the packet may go on.
     */
    public boolean admitPending(final long nowNs)
    {
        if (pending.tryAcquire(nowNs))
        {
            return true;
        }
        counters.drop(DropReason.NEIGHBOR_PENDING_POLICED);
        return false;
    }

    /** Adds the burst's passes to the shared counters. */
    public void flushCounters()
    {
        for (int c = 0; c < CoppPolicy.CLASSES; c++)
        {
            if (passed[c] > 0)
            {
                counters.dp(PASSED_COUNTERS[c], passed[c]);
                passed[c] = 0;
            }
        }
    }
}
