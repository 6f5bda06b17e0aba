package net.junction.dataplane.worker;

import net.junction.bindings.RawMemory;
import net.junction.dataplane.DropReason;
import net.junction.dataplane.copp.ControlPlanePolicer;
import net.junction.dataplane.copp.CoppPolicy;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.dataplane.fib.Fib;
import net.junction.dataplane.fib.NextHopTable;
import net.junction.dataplane.neighbor.NeighborTable;
import net.junction.dataplane.packet.Ethernet;
import net.junction.dataplane.packet.FrameEdit;
import net.junction.dataplane.packet.Icmp4;
import net.junction.dataplane.packet.Icmp6;
import net.junction.dataplane.packet.IcmpEcho;
import net.junction.dataplane.packet.IcmpErrors;
import net.junction.dataplane.packet.Ip4Input;
import net.junction.dataplane.packet.Ip4;
import net.junction.dataplane.packet.Ip4Rewrite;
import net.junction.dataplane.packet.Ip6;
import net.junction.dataplane.packet.Ip6Input;
import net.junction.dataplane.packet.Ip6Rewrite;
import net.junction.dataplane.port.Mbuf;
import net.junction.dataplane.port.PortTable;
import net.junction.dataplane.ring.PacketRing;

/**
 * The forwarding pipeline of one worker, packet by packet: Ethernet, then IPv4 (RFC 1812) or IPv6
 * (RFC 8200) validation, FIB lookup, local delivery (echo answered here, the rest punted to the
 * exception path), TTL/hop-limit decrement with the RFC 1624 incremental checksum, MTU check,
 * neighbor lookup, MAC rewrite, then for an IPv4 packet without DF longer than the egress MTU,
 * fragmentation ({@link Ip4Fragmenter}). ICMP errors are built in place in the offending packet's mbuf and
 * routed back like any packet. ARP and Neighbor Discovery go to the slow path, which owns the
 * neighbor table; so do packets whose next hop is not resolved yet. Whatever goes to the exception path (and
 * echo requests to the router) passes the worker's {@link ControlPlanePolicer} first, by class; packets held for
 * their neighbor pass a bucket of their own.
 *
 * <p>Fast path: no allocation, no locks, no exceptions; every drop is counted by reason.
 * {@link #process} returns the egress port index, or {@link #DROP} (the caller frees the mbuf), or
 * {@link #CONSUMED} (the slow path owns it now), or {@link #SENT} (fragments already queued for TX).
 */
public final class Pipeline
{
    public static final int DROP = -1;
    public static final int CONSUMED = -2;
    /** Already given to the worker's TX buffers (as fragments, {@link Ip4Fragmenter}): nothing left to do. */
    public static final int SENT = -3;

    /** Punt reasons, in the low byte of a punt's meta word. */
    public static final int PUNT_ARP = 1;
    public static final int PUNT_ND = 2;
    public static final int PUNT_LOCAL = 3;
    public static final int PUNT_PENDING4 = 4;
    public static final int PUNT_PENDING6 = 5;
    /** Next-hop field of a pending punt whose neighbor is the packet's own destination (on-link). */
    public static final int ON_LINK = 0xFFFFFF;

    private static final int ETHER_HEADER = Ethernet.HEADER_LENGTH;

    private final Fib fib;
    private final NextHopTable nextHops;
    /** Per packet of the burst given to {@link #lookAhead}: its index in the per-family arrays, or -1. */
    private final int[] burstSlot = new int[Worker.BURST];
    private final int[] burstDst4 = new int[Worker.BURST];
    private final int[] burstResult4 = new int[Worker.BURST];
    private final long[] burstHigh6 = new long[Worker.BURST];
    private final long[] burstLow6 = new long[Worker.BURST];
    private final int[] burstResult6 = new int[Worker.BURST];
    /** The packet of that burst being processed, or -1 outside {@link #process(long, int, int)}. */
    private int burstIndex = -1;
    private final NeighborTable neighbors;
    private final PortTable ports;
    private final WorkerCounters counters;
    private final PacketRing punts;
    private final IcmpRateLimiter icmpLimiter;
    private final ControlPlanePolicer policer;
    /** The worker's IPv4 fragmentation stage; none (packets too big are dropped) until a worker sets it. */
    private Ip4Fragmenter fragmenter;
    /** ICMP error kinds, mapped to each family's type and code. */
    static final int ERROR_TIME_EXCEEDED = 1;
    static final int ERROR_NET_UNREACHABLE = 2;
    static final int ERROR_HOST_UNREACHABLE = 3;
    static final int ERROR_TOO_BIG = 4;
    private long nowNs;
    private int forwarded;
    private int punted;

    /** A pipeline whose exception path is policed at the default rates ({@link CoppPolicy#DEFAULTS}), one worker. */
    public Pipeline(
        final Fib fib, final NeighborTable neighbors, final PortTable ports, final WorkerCounters counters,
        final PacketRing punts, final IcmpRateLimiter icmpLimiter)
    {
        this(fib, neighbors, ports, counters, punts, icmpLimiter,
            new ControlPlanePolicer(ControlPlanePolicer.prepare(CoppPolicy.DEFAULTS, 1), 1, counters));
    }

    /**
     * @param fib         the FIB the worker reads.
     * @param neighbors   the neighbor table the worker reads.
     * @param ports       the worker's own copy of the port table.
     * @param counters    the worker's counters.
     * @param punts       the worker's ring to the slow path.
     * @param icmpLimiter the worker's limit on ICMP errors it sends.
     * @param policer     the worker's control-plane policer.
     */
    public Pipeline(
        final Fib fib, final NeighborTable neighbors, final PortTable ports, final WorkerCounters counters,
        final PacketRing punts, final IcmpRateLimiter icmpLimiter, final ControlPlanePolicer policer)
    {
        this.policer = policer;
        this.fib = fib;
        this.nextHops = fib.nextHops();
        this.neighbors = neighbors;
        this.ports = ports;
        this.counters = counters;
        this.punts = punts;
        this.icmpLimiter = icmpLimiter;
    }

    public Fib fib()
    {
        return fib;
    }

    /** @return the worker's control-plane policer (its policy changes by a command on the worker's thread). */
    public ControlPlanePolicer policer()
    {
        return policer;
    }

    /** Sets the fragmentation stage: the worker that runs this pipeline owns it (its stock, its TX buffers). */
    public void fragmenter(final Ip4Fragmenter fragmenter)
    {
        this.fragmenter = fragmenter;
    }

    /** Punt meta word: reason, ingress port, egress port, next-hop index. */
    public static long puntMeta(final int reason, final int inPort, final int outPort, final int nextHop)
    {
        return (reason & 0xFFL) | ((inPort & 0xFFFFL) << 8) | ((outPort & 0xFFFFL) << 24) | ((long)(nextHop & 0xFFFFFF) << 40);
    }

    public static int puntReason(final long meta)
    {
        return (int)(meta & 0xFF);
    }

    public static int puntInPort(final long meta)
    {
        return (int)((meta >>> 8) & 0xFFFF);
    }

    public static int puntOutPort(final long meta)
    {
        return (int)((meta >>> 24) & 0xFFFF);
    }

    public static int puntNextHop(final long meta)
    {
        return (int)((meta >>> 40) & 0xFFFFFF);
    }

    public void nowNs(final long nowNs)
    {
        this.nowNs = nowNs;
    }

    /** Adds the per-burst tallies to the shared counters. */
    public void flushCounters()
    {
        if (forwarded > 0)
        {
            counters.dp(WorkerCounters.FORWARDED, forwarded);
            forwarded = 0;
        }
        if (punted > 0)
        {
            counters.dp(WorkerCounters.PUNTED, punted);
            punted = 0;
        }
        policer.flushCounters();
    }

    /**
     * Looks up the destinations of a received burst in the FIB before the packets are processed one
     * by one: one {@link Fib#lookupBurst4}/{@link Fib#lookupBurst6} per family, so the table reads of
     * the whole burst overlap instead of each waiting for its own cache miss, and each packet's
     * header is in cache by the time it is processed. Only a plain read of each frame: packets are
     * validated later, in {@link #process(long, int, int)}, which uses a looked-up result only if the
     * packet's destination is the one looked up.
     *
     * @param mbufs address of the burst's mbuf pointers.
     * @param count packets, at most {@link Worker#BURST}.
     */
    public void lookAhead(final long mbufs, final int count)
    {
        int count4 = 0;
        int count6 = 0;
        for (int i = 0; i < count; i++)
        {
            final long mbuf = RawMemory.getLongNative(mbufs + ((long)i << 3));
            final long frame = Mbuf.data(mbuf);
            final int length = Mbuf.dataLength(mbuf);
            burstSlot[i] = -1;
            if (length < ETHER_HEADER + 40)
            {
                continue;
            }
            final int ethertype = RawMemory.getShortBe(frame + 12);
            if (ethertype == Ethernet.ETHER_TYPE_IPV4)
            {
                burstDst4[count4] = RawMemory.getIntBe(frame + ETHER_HEADER + 16);
                burstSlot[i] = count4++;
            }
            else if (ethertype == Ethernet.ETHER_TYPE_IPV6)
            {
                burstHigh6[count6] = RawMemory.getLongBe(frame + ETHER_HEADER + 24);
                burstLow6[count6] = RawMemory.getLongBe(frame + ETHER_HEADER + 32);
                burstSlot[i] = count6++;
            }
        }
        if (count4 > 0)
        {
            fib.lookupBurst4(burstDst4, burstResult4, count4);
        }
        if (count6 > 0)
        {
            fib.lookupBurst6(burstHigh6, burstLow6, burstResult6, count6);
        }
    }

    /**
     * {@link #process(long, int)} for the packet at {@code index} of the burst given to
     * {@link #lookAhead}.
     *
     * @param mbuf    the packet.
     * @param inPort  port it arrived on.
     * @param index   its position in the burst.
     * @return as {@link #process(long, int)}.
     */
    public int process(final long mbuf, final int inPort, final int index)
    {
        burstIndex = index;
        final int verdict = process(mbuf, inPort);
        burstIndex = -1;
        return verdict;
    }

    /** The FIB entry for an IPv4 destination: looked up ahead with the burst when it can be. */
    private int lookup4(final int destination)
    {
        final int slot = burstIndex >= 0 ? burstSlot[burstIndex] : -1;
        return slot >= 0 && burstDst4[slot] == destination ? burstResult4[slot] : fib.lookup4(destination);
    }

    /** The FIB entry for an IPv6 destination: looked up ahead with the burst when it can be. */
    private int lookup6(final long high, final long low)
    {
        final int slot = burstIndex >= 0 ? burstSlot[burstIndex] : -1;
        return slot >= 0 && burstHigh6[slot] == high && burstLow6[slot] == low ?
            burstResult6[slot] : fib.lookup6(high, low);
    }

    public int process(final long mbuf, final int inPort)
    {
        if (Mbuf.segments(mbuf) != 1)
        {
            return drop(DropReason.MULTI_SEGMENT);
        }
        final long frame = Mbuf.data(mbuf);
        final int length = Mbuf.dataLength(mbuf);
        if (length < ETHER_HEADER)
        {
            return drop(DropReason.RUNT);
        }
        final int ethertype = RawMemory.getShortBe(frame + 12);
        final int firstOctet = RawMemory.getByte(frame);
        if ((firstOctet & 1) == 0 && Ethernet.dstMac(frame) != ports.mac(inPort))
        {
            return drop(DropReason.NOT_FOR_US_MAC);
        }
        switch (ethertype)
        {
            case Ethernet.ETHER_TYPE_IPV4:
                return ip4(mbuf, frame, length, inPort);
            case Ethernet.ETHER_TYPE_IPV6:
                return ip6(mbuf, frame, length, inPort);
            case Ethernet.ETHER_TYPE_ARP:
                return punt(mbuf, PUNT_ARP, inPort, 0, 0);
            case Ethernet.ETHER_TYPE_VLAN:
                return vlan(mbuf, frame, length, inPort);
            case Ethernet.ETHER_TYPE_QINQ:
                return drop(DropReason.VLAN_UNKNOWN);
            default:
                return drop(DropReason.UNSUPPORTED_ETHERTYPE);
        }
    }

    /**
     * An 802.1Q-tagged frame: received on the sub-interface of its VLAN id, if the port has one. The tag is
     * stripped in place (the 12 MAC bytes moved 4 forward, the frame start with them, as {@code rte_vlan_strip}
     * does), so the rest of the pipeline, the slow path and the sub-interface's TAP see an untagged frame; the
     * worker tags what the sub-interface sends ({@link Worker}). The priority bits are not kept. A tag inside
     * the tag (QinQ) finds no sub-interface of the sub-interface: dropped as {@code vlan_unknown}.
     */
    private int vlan(final long mbuf, final long frame, final int length, final int inPort)
    {
        if (length < ETHER_HEADER + Ethernet.TAG_LENGTH)
        {
            return drop(DropReason.RUNT);
        }
        final int sub = ports.subInterface(inPort, RawMemory.getShortBe(frame + 14) & Ethernet.VLAN_ID_MASK);
        if (sub < 0)
        {
            return drop(DropReason.VLAN_UNKNOWN);
        }
        final long macs = RawMemory.getLongNative(frame);
        final int macsTail = RawMemory.getIntNative(frame + 8);
        RawMemory.putLongNative(frame + Ethernet.TAG_LENGTH, macs);
        RawMemory.putIntNative(frame + Ethernet.TAG_LENGTH + 8, macsTail);
        Mbuf.reframe(mbuf, Ethernet.TAG_LENGTH, length - Ethernet.TAG_LENGTH);
        counters.port(sub, WorkerCounters.PORT_RX, 1);
        counters.port(sub, WorkerCounters.PORT_RX_BYTES, length - Ethernet.TAG_LENGTH);
        return process(mbuf, sub);
    }

    private int drop(final int reason)
    {
        counters.drop(reason);
        return DROP;
    }

    private int punt(final long mbuf, final int reason, final int inPort, final int outPort, final int nextHop)
    {
        final boolean pending = reason == PUNT_PENDING4 || reason == PUNT_PENDING6;
        // Control-plane policing before the ring: a flood for the router, or to unresolved neighbors, never fills it.
        final int trafficClass = pending ? -1 : policer.classify(Mbuf.data(mbuf), Mbuf.dataLength(mbuf));
        if (pending ? !policer.admitPending(nowNs) : !policer.admit(trafficClass, nowNs))
        {
            return DROP; // counted by the policer
        }
        if (!punts.offer(mbuf, puntMeta(reason, inPort, outPort, nextHop)))
        {
            return drop(pending ? DropReason.NEIGHBOR_PENDING_DROP : DropReason.PUNT_QUEUE_FULL);
        }
        if (!pending)
        {
            policer.passed(trafficClass);
        }
        punted++;
        return CONSUMED;
    }

    // ------------------------------------------------------------------------------------ IPv4

    private int ip4(final long mbuf, final long frame, final int length, final int inPort)
    {
        final long ip = frame + ETHER_HEADER;
        final int available = length - ETHER_HEADER;
        final int verdict = Ip4Input.validate(ip, available);
        if (verdict != 0)
        {
            return drop(verdict);
        }
        final int totalLength = RawMemory.getShortBe(ip + 2);
        if (totalLength < available)
        {
            Mbuf.length(mbuf, ETHER_HEADER + totalLength); // strip Ethernet padding
        }
        final int destination = RawMemory.getIntBe(ip + 16);
        if ((destination >>> 28) == 0xE || destination == -1)
        {
            // Multicast and limited broadcast are not routed; link-local control traffic goes up.
            return punt(mbuf, PUNT_LOCAL, inPort, inPort, 0);
        }
        final int entry = lookup4(destination);
        if ((RawMemory.getByte(frame) & 1) != 0 && (entry < 0 || nextHops.kind(entry) != NextHopTable.LOCAL))
        {
            // RFC 1812 §5.3.4: unicast IP in a link-layer broadcast is not forwarded, nor answered with errors.
            return drop(DropReason.UNICAST_IP_IN_LINK_BROADCAST);
        }
        if (entry < 0)
        {
            return icmpError4(mbuf, ip, inPort, ERROR_NET_UNREACHABLE, 0, DropReason.NO_ROUTE);
        }
        final int nextHop = nextHops.forFlow4(entry, ip);
        switch (nextHops.kind(nextHop))
        {
            case NextHopTable.LOCAL:
                return local4(mbuf, ip, inPort);
            case NextHopTable.GATEWAY4:
                return forward4(mbuf, frame, ip, inPort, nextHop, nextHops.gateway4(nextHop), false, totalLength);
            case NextHopTable.DIRECT:
                return forward4(mbuf, frame, ip, inPort, nextHop, destination, false, totalLength);
            case NextHopTable.GATEWAY6:
                // RFC 8950: an IPv4 route through an IPv6 neighbor. The packet stays IPv4 (TTL, checksum, MTU,
                // fragments as for any IPv4 route); only its MACs come from that neighbor's ND entry.
                return forward4(mbuf, frame, ip, inPort, nextHop, 0, true, totalLength);
            case NextHopTable.BLACKHOLE:
            default:
                return drop(DropReason.BLACKHOLE);
        }
    }

    /**
     * @param neighbor    the IPv4 neighbor, when not {@code ip6Neighbor}.
     * @param ip6Neighbor the next hop is a {@link NextHopTable#GATEWAY6} (RFC 8950): its IPv6 neighbor's MAC.
     */
    private int forward4(
        final long mbuf, final long frame, final long ip, final int inPort, final int nextHop,
        final int neighbor, final boolean ip6Neighbor, final int totalLength)
    {
        final int forwardable = Ip4Input.checkForwardable(ip);
        if (forwardable != DropReason.NONE)
        {
            return drop(forwardable);
        }
        if (RawMemory.getByte(ip + 8) <= 1)
        {
            return icmpError4(mbuf, ip, inPort, ERROR_TIME_EXCEEDED, 0, DropReason.TTL_EXCEEDED);
        }
        final int outPort = nextHops.port(nextHop);
        if (!ports.linkUp(outPort))
        {
            return icmpError4(mbuf, ip, inPort, ERROR_HOST_UNREACHABLE, 0, DropReason.LINK_DOWN);
        }
        final int mtu = ports.mtu(outPort);
        final boolean tooBig = totalLength > mtu;
        if (tooBig && (Ip4.dontFragment(ip) || fragmenter == null))
        {
            // RFC 1191 §4: Fragmentation Needed and DF Set carries the next-hop MTU.
            return Ip4.dontFragment(ip) ?
                icmpError4(mbuf, ip, inPort, ERROR_TOO_BIG, mtu, DropReason.MTU_EXCEEDED) :
                drop(DropReason.MTU_EXCEEDED);
        }
        Ip4Rewrite.decrementTtl(ip); // TTL > 1 was checked above, before any error could quote the packet
        final int verdict = ip6Neighbor ?
            toNeighbor6(mbuf, frame, outPort, nextHop, nextHops.gateway6High(nextHop), nextHops.gateway6Low(nextHop), inPort) :
            toNeighbor4(mbuf, frame, outPort, nextHop, neighbor, inPort);
        if (!tooBig || verdict < 0)
        {
            // Punted to wait for its neighbor, a packet too big is fragmented when the slow path sends it on
            // (Worker's injections).
            return countForwarded(verdict);
        }
        return countForwarded(fragment4(mbuf, verdict, mtu));
    }

    /**
     * Sends a packet without DF that is longer than its egress port's MTU as fragments ({@link Ip4Fragmenter}).
     *
     * @return {@link #SENT}, or {@link #DROP} (counted)
     */
    private int fragment4(final long mbuf, final int outPort, final int mtu)
    {
        final int reason = fragmenter.fragment(mbuf, outPort, mtu);
        return reason == DropReason.NONE ? SENT : drop(reason);
    }

    /** Counts a packet sent on (not punted to wait for its neighbor) as forwarded. */
    private int countForwarded(final int verdict)
    {
        if (verdict >= 0 || verdict == SENT)
        {
            forwarded++;
        }
        return verdict;
    }

    private int toNeighbor4(
        final long mbuf, final long frame, final int outPort, final int nextHop, final int neighbor, final int inPort)
    {
        final long entry = neighbors.use4(outPort, neighbor, nowNs); // marks the entry used (its aging reads it)
        if (!NeighborTable.usable(entry))
        {
            return punt(mbuf, PUNT_PENDING4, inPort, outPort, nextHop);
        }
        Ethernet.dstMac(frame, NeighborTable.mac(entry));
        Ethernet.srcMac(frame, ports.mac(outPort));
        return outPort;
    }

    private int local4(final long mbuf, final long ip, final int inPort)
    {
        final int headerLength = (RawMemory.getByte(ip) & 0x0F) << 2;
        final boolean fragment = (RawMemory.getShortBe(ip + 6) & 0x3FFF) != 0;
        if (!fragment && RawMemory.getByte(ip + 9) == Ip4.PROTOCOL_ICMP &&
            RawMemory.getByte(ip + headerLength) == Icmp4.TYPE_ECHO_REQUEST)
        {
            if (!policer.admit(CoppPolicy.ICMP_ND_ARP, nowNs)) // answered here, but for the router all the same
            {
                return DROP;
            }
            policer.passed(CoppPolicy.ICMP_ND_ARP);
            final int verdict = IcmpEcho.ip4Reply(ip);
            if (verdict != DropReason.NONE)
            {
                return drop(verdict);
            }
            counters.dp(WorkerCounters.LOCAL_REPLIES, 1);
            return route4(mbuf, inPort);
        }
        if (ports.tapDevicePort(inPort) == PortTable.NO_TAP)
        {
            return drop(DropReason.LOCAL_UNSUPPORTED);
        }
        return punt(mbuf, PUNT_LOCAL, inPort, inPort, 0);
    }

    private int icmpError4(
        final long mbuf, final long ip, final int inPort, final int kind, final int mtu, final int reason)
    {
        counters.drop(reason);
        final int source = ports.ip4Source(inPort);
        if (source == 0 || !icmpLimiter.tryAcquire(nowNs))
        {
            if (source != 0)
            {
                counters.drop(DropReason.ICMP_RATE_LIMITED);
            }
            return DROP;
        }
        final long frame = Mbuf.data(mbuf);
        final int l3Length = Mbuf.dataLength(mbuf) - ETHER_HEADER;
        final long edit = switch (kind)
        {
            case ERROR_TIME_EXCEEDED -> IcmpErrors.ip4TimeExceeded(frame, ETHER_HEADER, l3Length, source);
            case ERROR_NET_UNREACHABLE ->
                IcmpErrors.ip4DestinationUnreachable(frame, ETHER_HEADER, l3Length, Icmp4.CODE_NET_UNREACHABLE, source);
            case ERROR_HOST_UNREACHABLE ->
                IcmpErrors.ip4DestinationUnreachable(frame, ETHER_HEADER, l3Length, Icmp4.CODE_HOST_UNREACHABLE, source);
            default -> IcmpErrors.ip4FragmentationNeeded(frame, ETHER_HEADER, l3Length, mtu, source);
        };
        if (FrameEdit.isNone(edit))
        {
            return DROP; // never an error about an error, a fragment, multicast, a martian
        }
        Mbuf.reframe(mbuf, FrameEdit.startDelta(edit), FrameEdit.length(edit));
        counters.dp(WorkerCounters.ICMP_ERRORS_SENT, 1);
        return route4(mbuf, inPort);
    }

    /** Sends a packet the router itself originated (echo reply, ICMP error) towards its destination. */
    private int route4(final long mbuf, final int inPort)
    {
        final long frame = Mbuf.data(mbuf);
        final long ip = frame + ETHER_HEADER;
        final int destination = RawMemory.getIntBe(ip + 16);
        final int entry = fib.lookup4(destination);
        if (entry < 0)
        {
            return drop(DropReason.NO_ROUTE);
        }
        final int nextHop = nextHops.forFlow4(entry, ip);
        final int kind = nextHops.kind(nextHop);
        if (kind != NextHopTable.GATEWAY4 && kind != NextHopTable.DIRECT && kind != NextHopTable.GATEWAY6)
        {
            return drop(DropReason.LOCAL_UNSUPPORTED);
        }
        final int outPort = nextHops.port(nextHop);
        if (!ports.linkUp(outPort))
        {
            return drop(DropReason.LINK_DOWN);
        }
        // originated: not counted as forwarded
        final int verdict = kind == NextHopTable.GATEWAY6 ?
            toNeighbor6(mbuf, frame, outPort, nextHop, nextHops.gateway6High(nextHop), nextHops.gateway6Low(nextHop), inPort) :
            toNeighbor4(mbuf, frame, outPort, nextHop, kind == NextHopTable.DIRECT ? destination : nextHops.gateway4(nextHop), inPort);
        final int mtu = ports.mtu(outPort);
        if (verdict < 0 || Ip4.totalLength(ip) <= mtu)
        {
            return verdict;
        }
        // An echo reply as long as its request, out of a port with a smaller MTU than the request came in by.
        return Ip4.dontFragment(ip) || fragmenter == null ? drop(DropReason.MTU_EXCEEDED) : fragment4(mbuf, verdict, mtu);
    }

    // ------------------------------------------------------------------------------------ IPv6

    private int ip6(final long mbuf, final long frame, final int length, final int inPort)
    {
        final long ip = frame + ETHER_HEADER;
        final int available = length - ETHER_HEADER;
        final int verdict = Ip6Input.validate(ip, available);
        if (verdict != 0)
        {
            return drop(verdict);
        }
        final int payloadLength = RawMemory.getShortBe(ip + 4);
        if (40 + payloadLength < available)
        {
            Mbuf.length(mbuf, ETHER_HEADER + 40 + payloadLength);
        }
        final long high = RawMemory.getLongBe(ip + 24);
        final long low = RawMemory.getLongBe(ip + 32);
        final int nextHeader = RawMemory.getByte(ip + 6);
        if (nextHeader == Ip6.NEXT_HEADER_ICMPV6 && isNeighborDiscovery(RawMemory.getByte(ip + 40)))
        {
            return punt(mbuf, PUNT_ND, inPort, inPort, 0);
        }
        if ((high >>> 56) == 0xFF)
        {
            return punt(mbuf, PUNT_LOCAL, inPort, inPort, 0); // MLD and other link-scope multicast
        }
        if (Ip6.isLinkLocal(high)) // fe80::/10, RFC 4291 §2.5.6: on this link only
        {
            return high == ports.ip6LinkLocalHigh(inPort) && low == ports.ip6LinkLocalLow(inPort) ?
                local6(mbuf, ip, inPort) : drop(DropReason.IP6_LINK_LOCAL_DESTINATION);
        }
        final int entry = lookup6(high, low);
        if ((RawMemory.getByte(frame) & 1) != 0 && (entry < 0 || nextHops.kind(entry) != NextHopTable.LOCAL))
        {
            return drop(DropReason.UNICAST_IP_IN_LINK_BROADCAST);
        }
        if (entry < 0)
        {
            return icmpError6(mbuf, inPort, ERROR_NET_UNREACHABLE, 0, DropReason.NO_ROUTE);
        }
        final int nextHop = nextHops.forFlow6(entry, ip);
        switch (nextHops.kind(nextHop))
        {
            case NextHopTable.LOCAL:
                return local6(mbuf, ip, inPort);
            case NextHopTable.GATEWAY6:
                return forward6(mbuf, frame, ip, inPort, nextHop,
                    nextHops.gateway6High(nextHop), nextHops.gateway6Low(nextHop), payloadLength);
            case NextHopTable.DIRECT:
                return forward6(mbuf, frame, ip, inPort, nextHop, high, low, payloadLength);
            case NextHopTable.BLACKHOLE:
            default:
                return drop(DropReason.BLACKHOLE);
        }
    }

    private static boolean isNeighborDiscovery(final int icmpType)
    {
        return icmpType >= Icmp6.TYPE_ROUTER_SOLICITATION && icmpType <= Icmp6.TYPE_REDIRECT; // RFC 4861 §4
    }

    private int forward6(
        final long mbuf, final long frame, final long ip, final int inPort, final int nextHop,
        final long neighborHigh, final long neighborLow, final int payloadLength)
    {
        final int forwardable = Ip6Input.checkForwardable(ip); // link-local never leaves its link
        if (forwardable != DropReason.NONE)
        {
            return drop(forwardable);
        }
        if (RawMemory.getByte(ip + 7) <= 1)
        {
            return icmpError6(mbuf, inPort, ERROR_TIME_EXCEEDED, 0, DropReason.TTL_EXCEEDED);
        }
        final int outPort = nextHops.port(nextHop);
        if (!ports.linkUp(outPort))
        {
            return icmpError6(mbuf, inPort, ERROR_HOST_UNREACHABLE, 0, DropReason.LINK_DOWN);
        }
        if (40 + payloadLength > ports.mtu(outPort))
        {
            // RFC 8200 §5: routers never fragment IPv6; RFC 4443 §3.2 Packet Too Big.
            return icmpError6(mbuf, inPort, ERROR_TOO_BIG, ports.mtu(outPort), DropReason.MTU_EXCEEDED);
        }
        Ip6Rewrite.decrementHopLimit(ip); // hop limit > 1 was checked above
        return countForwarded(toNeighbor6(mbuf, frame, outPort, nextHop, neighborHigh, neighborLow, inPort));
    }

    /**
     * The MACs of a packet to an IPv6 neighbor: an IPv6 packet, or an IPv4 one whose route's next hop is IPv6
     * (RFC 8950). Unresolved, the packet waits for ND in the slow path ({@link #PUNT_PENDING6}) whatever its family.
     */
    private int toNeighbor6(
        final long mbuf, final long frame, final int outPort, final int nextHop,
        final long high, final long low, final int inPort)
    {
        final long entry = neighbors.use6(outPort, high, low, nowNs);
        if (!NeighborTable.usable(entry))
        {
            return punt(mbuf, PUNT_PENDING6, inPort, outPort, nextHop);
        }
        Ethernet.dstMac(frame, NeighborTable.mac(entry));
        Ethernet.srcMac(frame, ports.mac(outPort));
        return outPort;
    }

    private int local6(final long mbuf, final long ip, final int inPort)
    {
        if (RawMemory.getByte(ip + 6) == Ip6.NEXT_HEADER_ICMPV6 && RawMemory.getByte(ip + 40) == Icmp6.TYPE_ECHO_REQUEST)
        {
            if (!policer.admit(CoppPolicy.ICMP_ND_ARP, nowNs))
            {
                return DROP;
            }
            policer.passed(CoppPolicy.ICMP_ND_ARP);
            final int verdict = IcmpEcho.ip6Reply(ip);
            if (verdict != DropReason.NONE)
            {
                return drop(verdict);
            }
            counters.dp(WorkerCounters.LOCAL_REPLIES, 1);
            return route6(mbuf, inPort);
        }
        if (ports.tapDevicePort(inPort) == PortTable.NO_TAP)
        {
            return drop(DropReason.LOCAL_UNSUPPORTED);
        }
        return punt(mbuf, PUNT_LOCAL, inPort, inPort, 0);
    }

    private int icmpError6(final long mbuf, final int inPort, final int kind, final int mtu, final int reason)
    {
        counters.drop(reason);
        final long sourceHigh = ports.ip6SourceHigh(inPort);
        final long sourceLow = ports.ip6SourceLow(inPort);
        if ((sourceHigh | sourceLow) == 0 || !icmpLimiter.tryAcquire(nowNs))
        {
            if ((sourceHigh | sourceLow) != 0)
            {
                counters.drop(DropReason.ICMP_RATE_LIMITED);
            }
            return DROP;
        }
        final long frame = Mbuf.data(mbuf);
        final int l3Length = Mbuf.dataLength(mbuf) - ETHER_HEADER;
        final long edit = switch (kind)
        {
            case ERROR_TIME_EXCEEDED -> IcmpErrors.ip6TimeExceeded(frame, ETHER_HEADER, l3Length, sourceHigh, sourceLow);
            case ERROR_NET_UNREACHABLE -> IcmpErrors.ip6DestinationUnreachable(
                frame, ETHER_HEADER, l3Length, Icmp6.CODE_NO_ROUTE, sourceHigh, sourceLow);
            case ERROR_HOST_UNREACHABLE -> IcmpErrors.ip6DestinationUnreachable(
                frame, ETHER_HEADER, l3Length, Icmp6.CODE_ADDRESS_UNREACHABLE, sourceHigh, sourceLow);
            default -> IcmpErrors.ip6PacketTooBig(frame, ETHER_HEADER, l3Length, mtu, sourceHigh, sourceLow);
        };
        if (FrameEdit.isNone(edit))
        {
            return DROP;
        }
        Mbuf.reframe(mbuf, FrameEdit.startDelta(edit), FrameEdit.length(edit));
        counters.dp(WorkerCounters.ICMP_ERRORS_SENT, 1);
        return route6(mbuf, inPort);
    }

    private int route6(final long mbuf, final int inPort)
    {
        final long frame = Mbuf.data(mbuf);
        final long ip = frame + ETHER_HEADER;
        final long high = RawMemory.getLongBe(ip + 24);
        final long low = RawMemory.getLongBe(ip + 32);
        final int outPort;
        final int nextHop;
        final long neighborHigh;
        final long neighborLow;
        if (Ip6.isLinkLocal(high))
        {
            outPort = inPort; // a link-local destination is on the link the packet came from
            nextHop = ON_LINK;
            neighborHigh = high;
            neighborLow = low;
        }
        else
        {
            final int entry = fib.lookup6(high, low);
            if (entry < 0)
            {
                return drop(DropReason.NO_ROUTE);
            }
            nextHop = nextHops.forFlow6(entry, ip);
            final int kind = nextHops.kind(nextHop);
            if (kind != NextHopTable.GATEWAY6 && kind != NextHopTable.DIRECT)
            {
                return drop(DropReason.LOCAL_UNSUPPORTED);
            }
            outPort = nextHops.port(nextHop);
            neighborHigh = kind == NextHopTable.DIRECT ? high : nextHops.gateway6High(nextHop);
            neighborLow = kind == NextHopTable.DIRECT ? low : nextHops.gateway6Low(nextHop);
        }
        if (!ports.linkUp(outPort))
        {
            return drop(DropReason.LINK_DOWN);
        }
        return toNeighbor6(mbuf, frame, outPort, nextHop, neighborHigh, neighborLow, inPort); // originated
    }
}
