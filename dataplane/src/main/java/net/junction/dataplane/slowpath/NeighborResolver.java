package net.junction.dataplane.slowpath;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import net.junction.bindings.RawMemory;
import net.junction.dataplane.DropReason;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.dataplane.fib.Fib;
import net.junction.dataplane.fib.NextHopTable;
import net.junction.dataplane.neighbor.NeighborTable;
import net.junction.dataplane.packet.Arp;
import net.junction.dataplane.packet.Ethernet;
import net.junction.dataplane.packet.FrameEdit;
import net.junction.dataplane.packet.Icmp4;
import net.junction.dataplane.packet.Icmp6;
import net.junction.dataplane.packet.IcmpErrors;
import net.junction.dataplane.packet.Ndp;
import net.junction.dataplane.packet.NdpParse;
import net.junction.dataplane.port.Mbuf;
import net.junction.dataplane.port.PacketIo;
import net.junction.dataplane.port.PortTable;
import net.junction.dataplane.worker.IcmpRateLimiter;
import net.junction.dataplane.worker.Pipeline;

/**
 * Neighbor resolution, the single writer of the {@link NeighborTable}: ARP (RFC 826) and IPv6
 * Neighbor Discovery (RFC 4861 §7) with the states of RFC 4861 §7.3.2 for both families.
 *
 * <ul>
 * <li>A request or solicitation for one of the router's addresses is answered in place and its
 *     sender learned (STALE, as RFC 4861 §7.2.3 says for the NS sender).</li>
 * <li>A packet whose neighbor is not usable waits here (at most {@link #QUEUE_PER_NEIGHBOR} per
 *     neighbor, {@link #QUEUE_TOTAL} in all; more are dropped and counted) while a request goes
 *     out, repeated every {@link #RETRANS_TIMER_NS} up to {@link #MAX_MULTICAST_SOLICIT} times;
 *     then the entry is FAILED and its packets dropped as {@code neighbor_failed}, each answered
 *     with a rate-limited destination unreachable (RFC 1812 §4.3.3.1 host unreachable, RFC 4861
 *     §7.2.2 address unreachable) routed back to its sender.</li>
 * <li>Neighbor unreachability detection as Linux runs it (RFC 4861 §7.3, Linux's
 *     {@code neigh_timer_handler} and {@code neigh_periodic_work}), for ARP too: a REACHABLE entry
 *     stays so for {@link #reachableTimeNs()} after its last confirmation, a time drawn uniformly in
 *     [0.5, 1.5) x {@link #BASE_REACHABLE_TIME_NS} and drawn again every
 *     {@link #REACHABLE_TIME_REDRAW_NS} (RFC 4861 §6.3.2). Then it becomes DELAY if a packet used it
 *     in the last {@link #DELAY_FIRST_PROBE_TIME_NS}, STALE otherwise. A STALE entry a packet uses
 *     becomes DELAY; DELAY without a confirmation for {@link #DELAY_FIRST_PROBE_TIME_NS} becomes
 *     PROBE, which sends up to {@link #MAX_UNICAST_SOLICIT} unicast requests, one every
 *     {@link #RETRANS_TIMER_NS}, then FAILED. STALE, DELAY and PROBE entries are still used.</li>
 * <li>Confirmations (to REACHABLE): an ARP reply and a solicited NA, as Linux's {@code arp_process}
 *     and {@code ndisc_recv_na}. A request or NS to us, or an unsolicited NA, only learns the MAC
 *     (STALE if new or changed; RFC 4861 §7.2.3, §7.2.5). Forwarded traffic never confirms: the
 *     data plane sees no upper-layer progress (Linux confirms from TCP acks of the host's own
 *     sockets only); it marks the entry used, which drives STALE to DELAY to PROBE, so a neighbor
 *     a router forwards to is re-probed and one it no longer uses is not.</li>
 * <li>Garbage collection (Linux's {@code gc_staletime}): a STALE entry neither used nor updated for
 *     {@link #GC_STALE_TIME_NS} and a FAILED entry after {@link #FAILED_HOLD_NS} are removed
 *     ({@code dp.neighbor_aged}).</li>
 * <li>Bound: at most {@code maxEntries} neighbors a family (Linux's {@code gc_thresh3}); a new one
 *     beyond evicts the least recently used entry (last packet sent to it or last update), never a
 *     static one nor one holding packets ({@code dp.neighbor_evicted}). When none can go, the
 *     packet that needed the new entry is dropped ({@code drop.neighbor_pending_drop}). Finding the
 *     least recently used entry scans the table: a slow-path cost paid only when full.</li>
 * <li>Static neighbors (PERMANENT) are never aged, probed nor evicted.</li>
 * <li>Replies and advertisements are also handed to the port's TAP, so the kernel behind the
 *     exception path resolves its own neighbors (its requests leave through the TAP relay).</li>
 * </ul>
 * Counters: {@code dp.neighbor_probes} (unicast probes sent in PROBE), {@code dp.neighbor_failures}
 * (entries that became FAILED), {@code dp.neighbor_aged}, {@code dp.neighbor_evicted}.
 *
 * <p>Slow path: may allocate (queues), never on a worker. Its clock is the {@code nowNs} it is handed;
 * the workers' last-use times come from their duty cycle's clock, the same monotonic clock.
 */
public final class NeighborResolver
{
    /** RFC 4861 §10 RETRANS_TIMER; Linux's {@code retrans_time}. */
    public static final long RETRANS_TIMER_NS = 1_000_000_000L;
    /** RFC 4861 §10 REACHABLE_TIME; Linux's {@code base_reachable_time}. */
    public static final long BASE_REACHABLE_TIME_NS = 30_000_000_000L;
    /** How often the randomized reachable time is drawn again (Linux: 300 s, in {@code neigh_periodic_work}). */
    public static final long REACHABLE_TIME_REDRAW_NS = 300_000_000_000L;
    /** RFC 4861 §10 DELAY_FIRST_PROBE_TIME; Linux's {@code delay_first_probe_time}. */
    public static final long DELAY_FIRST_PROBE_TIME_NS = 5_000_000_000L;
    /** Linux's {@code gc_staletime}: a STALE entry unused this long is removed. */
    public static final long GC_STALE_TIME_NS = 60_000_000_000L;
    /** How long a FAILED entry is kept (answering packets to it at once) before it is removed. */
    public static final long FAILED_HOLD_NS = 20_000_000_000L;
    public static final int MAX_MULTICAST_SOLICIT = 3;
    public static final int MAX_UNICAST_SOLICIT = 3;
    public static final int QUEUE_PER_NEIGHBOR = 16;
    public static final int QUEUE_TOTAL = 1024;

    /** Sends a frame out of a data port (through a worker). */
    @FunctionalInterface
    public interface Sender
    {
        void send(long mbuf, int port);
    }

    /** A packet held for resolution and the port it came in by (the source of its error). */
    private record Waiting(long mbuf, int inPort)
    {
    }

    private final NeighborTable table;
    private final Fib fib;
    private final NextHopTable nextHops;
    private final IcmpRateLimiter icmpLimiter = new IcmpRateLimiter(100, 10);
    private final PortTable ports;
    private final PacketIo io;
    private final WorkerCounters counters;
    private final int[][] ip4Addresses;
    private final long[][] ip6Addresses;
    private final Family ip4;
    private final Family ip6;
    private int pendingTotal;
    private final int maxEntries;
    private RandomGenerator random = new SplittableRandom();
    private long reachableTimeNs;
    private long redrawReachableAtNs;
    private boolean reachableTimeDrawn;
    private boolean redrawScheduled;
    private final NdpParse nd = new NdpParse();
    private Sender sender;
    private Sender tapSender;

    /**
     * @param ip4Addresses per port, the router's IPv4 addresses on it.
     * @param ip6Addresses per port, the router's IPv6 addresses on it as (high, low) pairs, link-local included.
     */
    public NeighborResolver(
        final NeighborTable table, final Fib fib, final PortTable ports, final PacketIo io,
        final WorkerCounters counters, final int[][] ip4Addresses, final long[][] ip6Addresses)
    {
        this(table, fib, ports, io, counters, ip4Addresses, ip6Addresses, table.capacity() / 2);
    }

    /**
     * @param maxEntries neighbors held per family at most (static ones included); at most half the table's
     *     capacity keeps its probe sequences short.
     */
    public NeighborResolver(
        final NeighborTable table, final Fib fib, final PortTable ports, final PacketIo io,
        final WorkerCounters counters, final int[][] ip4Addresses, final long[][] ip6Addresses, final int maxEntries)
    {
        if (maxEntries < 1 || maxEntries >= table.capacity())
        {
            throw new IllegalArgumentException("maxEntries must be in [1, capacity): " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.table = table;
        this.fib = fib;
        this.nextHops = fib.nextHops();
        this.ports = ports;
        this.io = io;
        this.counters = counters;
        this.ip4Addresses = ip4Addresses;
        this.ip6Addresses = ip6Addresses;
        ip4 = new Family(false);
        ip6 = new Family(true);
    }

    void sender(final Sender sender)
    {
        this.sender = sender;
    }

    void tapSender(final Sender tapSender)
    {
        this.tapSender = tapSender;
    }

    /** The source of the reachable time's randomization (tests give a seeded one). */
    void random(final RandomGenerator random)
    {
        this.random = random;
        reachableTimeDrawn = false;
    }

    /** @return the reachable time in force: uniform in [0.5, 1.5) x {@link #BASE_REACHABLE_TIME_NS} (RFC 4861 §6.3.2). */
    public long reachableTimeNs()
    {
        if (!reachableTimeDrawn)
        {
            reachableTimeNs = BASE_REACHABLE_TIME_NS / 2 + random.nextLong(BASE_REACHABLE_TIME_NS);
            reachableTimeDrawn = true;
        }
        return reachableTimeNs;
    }

    public int maxEntries()
    {
        return maxEntries;
    }

    /**
     * @param ipv6 the family.
     * @param slot an entry's slot in the table.
     * @return when it was last confirmed reachable (or learned, if never since), on the resolver's clock; 0 for a
     *     static entry. On the slow path's thread.
     */
    public long confirmedNs(final boolean ipv6, final int slot)
    {
        return (ipv6 ? ip6 : ip4).confirmed[slot];
    }

    /**
     * @param ipv6 the family.
     * @param slot an entry's slot in the table.
     * @return when the resolver last changed or learned it, on the resolver's clock; 0 for a static entry. On the
     *     slow path's thread.
     */
    public long updatedNs(final boolean ipv6, final int slot)
    {
        return (ipv6 ? ip6 : ip4).updated[slot];
    }

    /**
     * The slot of a neighbor, added if new; when the family holds {@link #maxEntries} already, the least
     * recently used entry makes room. @return the slot, or {@link NeighborTable#NOT_FOUND} when none can.
     */
    private int slotFor4(final int port, final int address, final long nowNs)
    {
        final int slot = table.find4(port, address);
        if (slot != NeighborTable.NOT_FOUND)
        {
            return slot;
        }
        if (table.size4() >= maxEntries && !evictLeastRecentlyUsed(ip4))
        {
            return NeighborTable.NOT_FOUND;
        }
        return created(ip4, table.slot4(port, address), nowNs);
    }

    private int slotFor6(final int port, final long high, final long low, final long nowNs)
    {
        final int slot = table.find6(port, high, low);
        if (slot != NeighborTable.NOT_FOUND)
        {
            return slot;
        }
        if (table.size6() >= maxEntries && !evictLeastRecentlyUsed(ip6))
        {
            return NeighborTable.NOT_FOUND;
        }
        return created(ip6, table.slot6(port, high, low), nowNs);
    }

    private static int created(final Family family, final int slot, final long nowNs)
    {
        if (slot != NeighborTable.NOT_FOUND)
        {
            family.timer[slot] = 0;
            family.tries[slot] = 0;
            family.confirmed[slot] = nowNs;
            family.updated[slot] = nowNs;
        }
        return slot;
    }

    /**
     * Removes the family's least recently used entry (last packet sent to it, else last update) that is not static
     * and holds no packets (Linux's {@code neigh_forced_gc} spares referenced entries too).
     *
     * @return whether one was removed.
     */
    private boolean evictLeastRecentlyUsed(final Family family)
    {
        int victim = NeighborTable.NOT_FOUND;
        long oldestNs = 0;
        for (int slot = 0; slot < table.capacity(); slot++)
        {
            if (!family.used(slot))
            {
                continue;
            }
            final int state = NeighborTable.state(family.value(slot));
            if (state == NeighborTable.PERMANENT || state == NeighborTable.INCOMPLETE && family.pending.containsKey(slot))
            {
                continue; // packets wait only while INCOMPLETE
            }
            final long lastNs = family.lastActive(slot);
            if (victim == NeighborTable.NOT_FOUND || lastNs - oldestNs < 0)
            {
                victim = slot;
                oldestNs = lastNs;
            }
        }
        if (victim == NeighborTable.NOT_FOUND)
        {
            return false;
        }
        family.remove(victim);
        counters.dp(WorkerCounters.NEIGHBOR_EVICTED, 1);
        return true;
    }

    /**
     * Installs a static entry: never aged, never probed, never evicted. It counts in {@link #maxEntries}: at the
     * bound, the least recently used dynamic entry makes room. On the slow path's thread.
     */
    public void addPermanent4(final int port, final int address, final long mac)
    {
        final int slot = slotFor4(port, address, 0);
        if (slot == NeighborTable.NOT_FOUND)
        {
            throw new IllegalStateException("neighbor table full");
        }
        table.set4(slot, mac, NeighborTable.PERMANENT);
    }

    public void addPermanent6(final int port, final long high, final long low, final long mac)
    {
        final int slot = slotFor6(port, high, low, 0);
        if (slot == NeighborTable.NOT_FOUND)
        {
            throw new IllegalStateException("neighbor table full");
        }
        table.set6(slot, mac, NeighborTable.PERMANENT);
    }

    /**
     * Forgets a static entry (a commit removed it): the address is resolved again when next used.
     * On the slow path's thread.
     */
    public void removePermanent4(final int port, final int address)
    {
        final int slot = table.find4(port, address);
        if (slot != NeighborTable.NOT_FOUND && NeighborTable.state(table.value4(slot)) == NeighborTable.PERMANENT)
        {
            table.set4(slot, 0, NeighborTable.NONE);
        }
    }

    public void removePermanent6(final int port, final long high, final long low)
    {
        final int slot = table.find6(port, high, low);
        if (slot != NeighborTable.NOT_FOUND && NeighborTable.state(table.value6(slot)) == NeighborTable.PERMANENT)
        {
            table.set6(slot, 0, NeighborTable.NONE);
        }
    }

    /**
     * The router's addresses on a port changed (a commit): ARP and ND answer for these from now on.
     * On the slow path's thread.
     *
     * @param ip4 its IPv4 addresses.
     * @param ip6 its IPv6 addresses as (high, low) pairs, link-local included.
     */
    public void addresses(final int port, final int[] ip4, final long[] ip6)
    {
        ip4Addresses[port] = ip4.clone();
        ip6Addresses[port] = ip6.clone();
    }

    boolean isOwn4(final int port, final int address)
    {
        for (final int own : ip4Addresses[port])
        {
            if (own == address)
            {
                return true;
            }
        }
        return false;
    }

    boolean isOwn6(final int port, final long high, final long low)
    {
        final long[] own = ip6Addresses[port];
        for (int i = 0; i < own.length; i += 2)
        {
            if (own[i] == high && own[i + 1] == low)
            {
                return true;
            }
        }
        return false;
    }

    // --------------------------------------------------------------------------------- ARP

    void onArp(final long mbuf, final int port, final long nowNs)
    {
        counters.dp(WorkerCounters.ARP_IN, 1);
        final long frame = Mbuf.data(mbuf);
        final long arp = frame + Ethernet.HEADER_LENGTH;
        final int verdict = Arp.validate(arp, Mbuf.dataLength(mbuf) - Ethernet.HEADER_LENGTH);
        if (verdict != DropReason.NONE)
        {
            counters.drop(verdict);
            io.free(mbuf);
            return;
        }
        final int senderIp = Arp.senderIp(arp);
        final boolean reply = Arp.operation(arp) == Arp.OPERATION_REPLY;
        final boolean forUs = isOwn4(port, Arp.targetIp(arp));
        // RFC 826 "merge": update an entry we have; add one only when the packet is for us.
        int slot = table.find4(port, senderIp);
        if (slot == NeighborTable.NOT_FOUND && forUs && senderIp != 0)
        {
            slot = slotFor4(port, senderIp, nowNs);
        }
        if (slot != NeighborTable.NOT_FOUND && senderIp != 0)
        {
            learn(ip4, slot, Arp.senderMac(arp), reply, nowNs);
        }
        if (!reply && forUs)
        {
            Arp.replyInPlace(arp, ports.mac(port));
            Ethernet.dstMac(frame, Arp.targetMac(arp));
            Ethernet.srcMac(frame, ports.mac(port));
            Mbuf.length(mbuf, Ethernet.padToMinimum(frame, Ethernet.HEADER_LENGTH + Arp.LENGTH));
            counters.dp(WorkerCounters.ARP_REPLIES_SENT, 1);
            sender.send(mbuf, port);
            return;
        }
        if (reply && forUs)
        {
            tapSender.send(mbuf, port); // the kernel behind the TAP may have asked
            return;
        }
        io.free(mbuf);
    }

    /**
     * Records a neighbor's MAC. Confirmed (a solicited reply): REACHABLE. Otherwise a new entry,
     * or one whose MAC changed, becomes STALE (RFC 4861 §7.2.3/§7.2.5); waiting packets leave.
     */
    private void learn(final Family family, final int slot, final long mac, final boolean confirmed, final long nowNs)
    {
        final long value = family.value(slot);
        final int state = NeighborTable.state(value);
        if (state == NeighborTable.PERMANENT)
        {
            return;
        }
        final boolean macChanged = NeighborTable.mac(value) != mac;
        final int next = confirmed ? NeighborTable.REACHABLE :
            (state == NeighborTable.NONE || state == NeighborTable.INCOMPLETE || state == NeighborTable.FAILED || macChanged) ?
                NeighborTable.STALE : state;
        family.set(slot, mac, next);
        family.updated[slot] = nowNs;
        if (next == NeighborTable.REACHABLE)
        {
            family.confirmed[slot] = nowNs;
        }
        if (next != state) // an unchanged DELAY or PROBE keeps its timer and tries
        {
            family.tries[slot] = 0;
            family.timer[slot] = 0;
        }
        if (state == NeighborTable.INCOMPLETE || state == NeighborTable.NONE || state == NeighborTable.FAILED)
        {
            counters.dp(WorkerCounters.NEIGHBOR_RESOLVED, 1);
        }
        flushPending(family, slot, mac);
    }

    private void sendArpRequest(final int port, final int target, final long unicastMac)
    {
        final long mbuf = io.alloc();
        if (mbuf == 0)
        {
            return;
        }
        final int source = ports.ip4Source(port);
        final int length = unicastMac == 0 ?
            Arp.buildRequest(Mbuf.data(mbuf), ports.mac(port), Ethernet.NO_TAG, Ethernet.NO_TAG, source, target) :
            Arp.buildRequestTo(Mbuf.data(mbuf), unicastMac, ports.mac(port), Ethernet.NO_TAG, Ethernet.NO_TAG, source, target);
        Mbuf.length(mbuf, length);
        counters.dp(WorkerCounters.ARP_REQUESTS_SENT, 1);
        sender.send(mbuf, port);
    }

    // --------------------------------------------------------------------------- NDP

    void onNd(final long mbuf, final int port, final long nowNs)
    {
        counters.dp(WorkerCounters.ND_IN, 1);
        final long frame = Mbuf.data(mbuf);
        final long l3 = frame + Ethernet.HEADER_LENGTH;
        final int icmpType = RawMemory.getByte(l3 + 40);
        if (icmpType != Icmp6.TYPE_NEIGHBOR_SOLICITATION && icmpType != Icmp6.TYPE_NEIGHBOR_ADVERTISEMENT)
        {
            tapSender.send(mbuf, port); // RS, RA, redirects: the kernel's business
            return;
        }
        final int verdict = Ndp.validate(l3, Mbuf.dataLength(mbuf) - Ethernet.HEADER_LENGTH, nd);
        if (verdict != DropReason.NONE)
        {
            counters.drop(verdict);
            io.free(mbuf);
            return;
        }
        if (nd.isSolicitation())
        {
            final boolean forUs = isOwn6(port, nd.targetHi(), nd.targetLo());
            // RFC 4861 §7.2.3: the sender of an NS with a source link-layer option becomes STALE.
            if (forUs && nd.hasLinkLayerAddress() && !nd.sourceUnspecified())
            {
                final int slot = slotFor6(port, RawMemory.getLongBe(l3 + 8), RawMemory.getLongBe(l3 + 16), nowNs);
                if (slot != NeighborTable.NOT_FOUND)
                {
                    learn(ip6, slot, nd.linkLayerAddress(), false, nowNs);
                }
            }
            if (forUs)
            {
                final long dstMac = Ndp.replyDestinationMac(nd, Ethernet.srcMac(frame));
                final int l3Length = Ndp.replyToSolicitation(l3, nd, ports.mac(port));
                Ethernet.dstMac(frame, dstMac);
                Ethernet.srcMac(frame, ports.mac(port));
                Mbuf.length(mbuf, Ethernet.HEADER_LENGTH + l3Length);
                counters.dp(WorkerCounters.ND_REPLIES_SENT, 1);
                sender.send(mbuf, port);
                return;
            }
            io.free(mbuf);
            return;
        }
        if (nd.type() == Icmp6.TYPE_NEIGHBOR_ADVERTISEMENT)
        {
            final int slot = table.find6(port, nd.targetHi(), nd.targetLo());
            if (slot != NeighborTable.NOT_FOUND && nd.hasLinkLayerAddress())
            {
                learn(ip6, slot, nd.linkLayerAddress(), nd.isSolicited(), nowNs);
            }
            tapSender.send(mbuf, port);
            return;
        }
        tapSender.send(mbuf, port); // RS, RA, redirects: the kernel's business
    }

    private void sendSolicitation(final int port, final long high, final long low, final long unicastMac)
    {
        final long mbuf = io.alloc();
        if (mbuf == 0)
        {
            return;
        }
        final int length = unicastMac == 0 ?
            Ndp.buildSolicitation(Mbuf.data(mbuf), ports.mac(port), Ethernet.NO_TAG, Ethernet.NO_TAG,
                ports.ip6LinkLocalHigh(port), ports.ip6LinkLocalLow(port), high, low) :
            Ndp.buildUnicastSolicitation(Mbuf.data(mbuf), unicastMac, ports.mac(port), Ethernet.NO_TAG, Ethernet.NO_TAG,
                ports.ip6LinkLocalHigh(port), ports.ip6LinkLocalLow(port), high, low);
        Mbuf.length(mbuf, length);
        counters.dp(WorkerCounters.ND_SOLICITS_SENT, 1);
        sender.send(mbuf, port);
    }

    // ---------------------------------------------------------------------- waiting packets

    void onPending(
        final long mbuf, final boolean ipv6, final int inPort, final int outPort, final int nextHop, final long nowNs)
    {
        final long ip = Mbuf.data(mbuf) + Ethernet.HEADER_LENGTH;
        final boolean onLink = nextHop == Pipeline.ON_LINK || nextHops.kind(nextHop) == NextHopTable.DIRECT;
        final Family family = ipv6 ? ip6 : ip4;
        final int slot;
        if (!ipv6)
        {
            slot = slotFor4(outPort, onLink ? RawMemory.getIntBe(ip + 16) : nextHops.gateway4(nextHop), nowNs);
        }
        else
        {
            slot = slotFor6(outPort,
                onLink ? RawMemory.getLongBe(ip + 24) : nextHops.gateway6High(nextHop),
                onLink ? RawMemory.getLongBe(ip + 32) : nextHops.gateway6Low(nextHop), nowNs);
        }
        if (slot == NeighborTable.NOT_FOUND)
        {
            dropPending(mbuf, DropReason.NEIGHBOR_PENDING_DROP);
            return;
        }
        final long value = family.value(slot);
        if (NeighborTable.usable(value))
        {
            send(mbuf, outPort, NeighborTable.mac(value));
            return;
        }
        enqueue(family, slot, mbuf, inPort);
        if (NeighborTable.state(value) != NeighborTable.INCOMPLETE)
        {
            family.set(slot, 0, NeighborTable.INCOMPLETE);
            family.updated[slot] = nowNs;
            family.tries[slot] = 1;
            family.timer[slot] = nowNs + RETRANS_TIMER_NS;
            family.solicit(slot, 0);
        }
    }

    /** Holds a packet; over the bounds it is dropped, and the request is still worth sending. */
    private void enqueue(final Family family, final int slot, final long mbuf, final int inPort)
    {
        final ArrayDeque<Waiting> queue = family.pending.computeIfAbsent(slot, s -> new ArrayDeque<>());
        if (queue.size() >= QUEUE_PER_NEIGHBOR || pendingTotal >= QUEUE_TOTAL)
        {
            dropPending(mbuf, DropReason.NEIGHBOR_PENDING_DROP);
            return;
        }
        queue.add(new Waiting(mbuf, inPort));
        pendingTotal++;
        counters.dp(WorkerCounters.NEIGHBOR_PENDING_QUEUED, 1);
    }

    private void send(final long mbuf, final int outPort, final long mac)
    {
        final long frame = Mbuf.data(mbuf);
        Ethernet.dstMac(frame, mac);
        Ethernet.srcMac(frame, ports.mac(outPort));
        sender.send(mbuf, outPort);
    }

    private void flushPending(final Family family, final int slot, final long mac)
    {
        final ArrayDeque<Waiting> queue = family.pending.remove(slot);
        if (queue == null)
        {
            return;
        }
        final int port = family.port(slot);
        for (final Waiting waiting : queue)
        {
            send(waiting.mbuf(), port, mac);
        }
        pendingTotal -= queue.size();
    }

    private void failPending(final Family family, final int slot, final long nowNs)
    {
        final ArrayDeque<Waiting> queue = family.pending.remove(slot);
        if (queue == null)
        {
            return;
        }
        for (final Waiting waiting : queue)
        {
            counters.drop(DropReason.NEIGHBOR_FAILED);
            // The packet's own family, not the neighbor's: an IPv4 packet waits on an IPv6 neighbor (RFC 8950).
            unreachable(waiting, RawMemory.getShortBe(Mbuf.data(waiting.mbuf()) + 12) == Ethernet.ETHER_TYPE_IPV6, nowNs);
        }
        pendingTotal -= queue.size();
    }

    /** Turns a packet whose neighbor never answered into a destination unreachable back to its sender. */
    private void unreachable(final Waiting waiting, final boolean ipv6, final long nowNs)
    {
        final long mbuf = waiting.mbuf();
        if (!icmpLimiter.tryAcquire(nowNs))
        {
            counters.drop(DropReason.ICMP_RATE_LIMITED);
            io.free(mbuf);
            return;
        }
        final long frame = Mbuf.data(mbuf);
        final int l3Length = Mbuf.dataLength(mbuf) - Ethernet.HEADER_LENGTH;
        final int in = waiting.inPort();
        final long edit;
        if (ipv6)
        {
            final long sourceHigh = ports.ip6SourceHigh(in);
            final long sourceLow = ports.ip6SourceLow(in);
            edit = (sourceHigh | sourceLow) == 0 ? FrameEdit.NONE : IcmpErrors.ip6DestinationUnreachable(
                frame, Ethernet.HEADER_LENGTH, l3Length, Icmp6.CODE_ADDRESS_UNREACHABLE, sourceHigh, sourceLow);
        }
        else
        {
            final int source = ports.ip4Source(in);
            edit = source == 0 ? FrameEdit.NONE : IcmpErrors.ip4DestinationUnreachable(
                frame, Ethernet.HEADER_LENGTH, l3Length, Icmp4.CODE_HOST_UNREACHABLE, source);
        }
        if (FrameEdit.isNone(edit))
        {
            io.free(mbuf); // no error about an error, a fragment, multicast; or no address to send from
            return;
        }
        Mbuf.reframe(mbuf, FrameEdit.startDelta(edit), FrameEdit.length(edit));
        if (routeBack(mbuf, ipv6))
        {
            counters.dp(WorkerCounters.ICMP_ERRORS_SENT, 1);
        }
    }

    /** The member of an ECMP group the packet's flow takes, or the entry itself if it is not a group. */
    private int pick(final int entry, final long ip, final boolean ipv6)
    {
        if (entry < 0)
        {
            return entry;
        }
        return ipv6 ? nextHops.forFlow6(entry, ip) : nextHops.forFlow4(entry, ip);
    }

    /** Sends an error the slow path built to its destination if that neighbor is known; never queues it. */
    private boolean routeBack(final long mbuf, final boolean ipv6)
    {
        final long ip = Mbuf.data(mbuf) + Ethernet.HEADER_LENGTH;
        final int nextHop;
        long entry = NeighborTable.ABSENT;
        int outPort = -1;
        if (ipv6)
        {
            final long high = RawMemory.getLongBe(ip + 24);
            final long low = RawMemory.getLongBe(ip + 32);
            nextHop = pick(fib.lookup6(high, low), ip, true);
            if (nextHop >= 0 && (nextHops.kind(nextHop) == NextHopTable.DIRECT || nextHops.kind(nextHop) == NextHopTable.GATEWAY6))
            {
                outPort = nextHops.port(nextHop);
                entry = nextHops.kind(nextHop) == NextHopTable.DIRECT ? table.lookup6(outPort, high, low) :
                    table.lookup6(outPort, nextHops.gateway6High(nextHop), nextHops.gateway6Low(nextHop));
            }
        }
        else
        {
            final int destination = RawMemory.getIntBe(ip + 16);
            nextHop = pick(fib.lookup4(destination), ip, false);
            if (nextHop >= 0 && (nextHops.kind(nextHop) == NextHopTable.DIRECT || nextHops.kind(nextHop) == NextHopTable.GATEWAY4))
            {
                outPort = nextHops.port(nextHop);
                entry = table.lookup4(outPort,
                    nextHops.kind(nextHop) == NextHopTable.DIRECT ? destination : nextHops.gateway4(nextHop));
            }
            else if (nextHop >= 0 && nextHops.kind(nextHop) == NextHopTable.GATEWAY6) // RFC 8950
            {
                outPort = nextHops.port(nextHop);
                entry = table.lookup6(outPort, nextHops.gateway6High(nextHop), nextHops.gateway6Low(nextHop));
            }
        }
        if (outPort < 0 || !NeighborTable.usable(entry))
        {
            dropPending(mbuf, DropReason.NO_ROUTE);
            return false;
        }
        send(mbuf, outPort, NeighborTable.mac(entry));
        return true;
    }

    private void dropPending(final long mbuf, final int reason)
    {
        counters.drop(reason);
        io.free(mbuf);
    }

    // ---------------------------------------------------------------------------- timers

    /**
     * Retransmits, ages, probes and collects; draws the reachable time again when due; lets the table's
     * tombstones settle (their grace period). @return how many entries it acted on.
     */
    int onTimer(final long nowNs)
    {
        if (!redrawScheduled)
        {
            redrawScheduled = true;
            redrawReachableAtNs = nowNs + REACHABLE_TIME_REDRAW_NS;
        }
        else if (nowNs - redrawReachableAtNs >= 0)
        {
            reachableTimeDrawn = false; // drawn again at its next use
            redrawReachableAtNs = nowNs + REACHABLE_TIME_REDRAW_NS;
        }
        table.settleTombstones();
        int work = 0;
        for (int slot = 0; slot < table.capacity(); slot++)
        {
            if (table.used4(slot))
            {
                work += timer(ip4, slot, nowNs);
            }
            if (table.used6(slot))
            {
                work += timer(ip6, slot, nowNs);
            }
        }
        return work;
    }

    /** One entry's NUD step (RFC 4861 §7.3.3 and Appendix C; Linux's {@code neigh_timer_handler}). */
    private int timer(final Family family, final int slot, final long nowNs)
    {
        final long value = family.value(slot);
        final long mac = NeighborTable.mac(value);
        switch (NeighborTable.state(value))
        {
            case NeighborTable.INCOMPLETE, NeighborTable.PROBE ->
            {
                if (nowNs - family.timer[slot] < 0)
                {
                    return 0;
                }
                final boolean probing = NeighborTable.state(value) == NeighborTable.PROBE;
                if (family.tries[slot] >= (probing ? MAX_UNICAST_SOLICIT : MAX_MULTICAST_SOLICIT))
                {
                    // RFC 4861 §7.3.3: no answer to the probes: the neighbor is unreachable.
                    family.set(slot, 0, NeighborTable.FAILED);
                    family.updated[slot] = nowNs;
                    family.timer[slot] = nowNs + FAILED_HOLD_NS;
                    counters.dp(WorkerCounters.NEIGHBOR_FAILURES, 1);
                    failPending(family, slot, nowNs);
                    return 1;
                }
                family.tries[slot]++;
                family.timer[slot] = nowNs + RETRANS_TIMER_NS;
                if (probing)
                {
                    counters.dp(WorkerCounters.NEIGHBOR_PROBES, 1);
                }
                family.solicit(slot, probing ? mac : 0);
                return 1;
            }
            case NeighborTable.REACHABLE ->
            {
                if (nowNs - family.confirmed[slot] < reachableTimeNs())
                {
                    return 0;
                }
                // Linux: used within the delay: DELAY at once (a probe is due); else STALE.
                final long usedNs = family.lastUsed(slot);
                if (usedNs != 0 && nowNs - usedNs < DELAY_FIRST_PROBE_TIME_NS)
                {
                    toDelay(family, slot, mac, nowNs);
                }
                else
                {
                    family.set(slot, mac, NeighborTable.STALE);
                    family.updated[slot] = nowNs;
                }
                return 1;
            }
            case NeighborTable.STALE ->
            {
                // RFC 4861 §7.3.3: a STALE entry a packet is sent to goes to DELAY (the worker marked the use).
                final long usedNs = family.lastUsed(slot);
                if (usedNs != 0 && usedNs - family.updated[slot] > 0)
                {
                    toDelay(family, slot, mac, usedNs);
                    return 1;
                }
                if (nowNs - family.lastActive(slot) >= GC_STALE_TIME_NS)
                {
                    family.remove(slot);
                    counters.dp(WorkerCounters.NEIGHBOR_AGED, 1);
                    return 1;
                }
                return 0;
            }
            case NeighborTable.DELAY ->
            {
                if (nowNs - family.timer[slot] < 0)
                {
                    return 0;
                }
                // RFC 4861 §7.3.3: no confirmation within DELAY_FIRST_PROBE_TIME: PROBE, first unicast probe now.
                family.set(slot, mac, NeighborTable.PROBE);
                family.updated[slot] = nowNs;
                family.tries[slot] = 1;
                family.timer[slot] = nowNs + RETRANS_TIMER_NS;
                counters.dp(WorkerCounters.NEIGHBOR_PROBES, 1);
                family.solicit(slot, mac);
                return 1;
            }
            case NeighborTable.FAILED ->
            {
                if (nowNs - family.timer[slot] >= 0)
                {
                    family.remove(slot);
                    counters.dp(WorkerCounters.NEIGHBOR_AGED, 1);
                    return 1;
                }
                return 0;
            }
            case NeighborTable.NONE ->
            {
                if (!family.pending.containsKey(slot))
                {
                    family.remove(slot); // a static entry a commit removed
                    return 1;
                }
                return 0;
            }
            default ->
            {
                return 0;
            }
        }
    }

    /** DELAY from {@code sinceNs} (a packet's use of a STALE entry, or now): the first probe goes {@link #DELAY_FIRST_PROBE_TIME_NS} after it. */
    private static void toDelay(final Family family, final int slot, final long mac, final long sinceNs)
    {
        family.set(slot, mac, NeighborTable.DELAY);
        family.updated[slot] = sinceNs;
        family.tries[slot] = 0;
        family.timer[slot] = sinceNs + DELAY_FIRST_PROBE_TIME_NS;
    }

    /** Frees every waiting packet (shutdown). */
    void releaseAll()
    {
        for (final Family family : new Family[] {ip4, ip6})
        {
            family.pending.values().forEach(queue -> queue.forEach(waiting -> io.free(waiting.mbuf())));
            family.pending.clear();
        }
        pendingTotal = 0;
    }
    /**
     * One address family's side of the table as the state machine sees it: the slots' timers,
     * their waiting packets, and how to read, write and solicit an entry.
     */
    private final class Family
    {
        final boolean ipv6;
        final long[] timer = new long[table.capacity()];
        final long[] confirmed = new long[table.capacity()];
        /** The last time the resolver changed or learned the entry (its LRU time when no packet used it). */
        final long[] updated = new long[table.capacity()];
        final int[] tries = new int[table.capacity()];
        final Map<Integer, ArrayDeque<Waiting>> pending = new HashMap<>();

        Family(final boolean ipv6)
        {
            this.ipv6 = ipv6;
        }

        long value(final int slot)
        {
            return ipv6 ? table.value6(slot) : table.value4(slot);
        }

        void set(final int slot, final long mac, final int state)
        {
            if (ipv6)
            {
                table.set6(slot, mac, state);
            }
            else
            {
                table.set4(slot, mac, state);
            }
        }

        boolean used(final int slot)
        {
            return ipv6 ? table.used6(slot) : table.used4(slot);
        }

        long lastUsed(final int slot)
        {
            return ipv6 ? table.lastUsed6(slot) : table.lastUsed4(slot);
        }

        /** The later of the last packet sent to it and its last update: what LRU and gc go by. */
        long lastActive(final int slot)
        {
            final long usedNs = lastUsed(slot);
            return usedNs != 0 && usedNs - updated[slot] > 0 ? usedNs : updated[slot];
        }

        void remove(final int slot)
        {
            if (ipv6)
            {
                table.remove6(slot);
            }
            else
            {
                table.remove4(slot);
            }
        }

        int port(final int slot)
        {
            return ipv6 ? table.port6(slot) : table.port4(slot);
        }

        /** An ARP request or a neighbor solicitation for the slot's address; unicast to {@code mac} unless 0. */
        void solicit(final int slot, final long mac)
        {
            if (ipv6)
            {
                sendSolicitation(table.port6(slot), table.high6(slot), table.low6(slot), mac);
            }
            else
            {
                sendArpRequest(table.port4(slot), table.address4(slot), mac);
            }
        }
    }
}
