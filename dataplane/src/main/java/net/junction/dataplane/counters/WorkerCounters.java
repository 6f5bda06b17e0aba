package net.junction.dataplane.counters;

import java.util.List;

import net.junction.dataplane.DropReason;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The counters one thread (a worker or the slow path) owns, in the shared counters file. Only the
 * owner writes them (plain read-add-release-store, no atomics); readers in other processes sum them
 * over threads by label (VPP's per-thread counters).
 *
 * <p>Fast path: {@link #add} is two memory accesses; hot paths add once per burst, not per packet.
 */
public final class WorkerCounters
{
    public static final String[] PORT_COUNTERS = {"rx", "rx_bytes", "tx", "tx_bytes"};
    public static final int PORT_RX = 0;
    public static final int PORT_RX_BYTES = 1;
    public static final int PORT_TX = 2;
    public static final int PORT_TX_BYTES = 3;

    public static final String[] DP_COUNTERS = {
        "forwarded", "punted", "local_replies", "icmp_errors_sent", "injected", "arp_in", "nd_in",
        "arp_replies_sent", "nd_replies_sent", "arp_requests_sent", "nd_solicits_sent",
        "neighbor_resolved", "neighbor_pending_queued", "exception_to_tap", "exception_from_tap",
        "fib_batches_applied", "fib_updates_applied", "fib_update_errors", "fib_routes4", "fib_routes6",
        "duty_cycles", "busy_cycles", "fib_bytes4", "fib_bytes6", "fib_resyncs_started", "fib_resyncs_ended",
        "fib_resync_swept_routes", "fib_resync_swept_next_hops", "fib_resync_refused", "fib_epoch",
        "ip4_fragmented", "ip4_fragments", "neighbor_aged", "neighbor_probes", "neighbor_failures", "neighbor_evicted",
        "copp_bgp_passed", "copp_icmp_nd_arp_passed", "copp_other_passed"};
    public static final int FORWARDED = 0;
    public static final int PUNTED = 1;
    public static final int LOCAL_REPLIES = 2;
    public static final int ICMP_ERRORS_SENT = 3;
    public static final int INJECTED = 4;
    public static final int ARP_IN = 5;
    public static final int ND_IN = 6;
    public static final int ARP_REPLIES_SENT = 7;
    public static final int ND_REPLIES_SENT = 8;
    public static final int ARP_REQUESTS_SENT = 9;
    public static final int ND_SOLICITS_SENT = 10;
    public static final int NEIGHBOR_RESOLVED = 11;
    public static final int NEIGHBOR_PENDING_QUEUED = 12;
    public static final int EXCEPTION_TO_TAP = 13;
    public static final int EXCEPTION_FROM_TAP = 14;
    public static final int FIB_BATCHES_APPLIED = 15;
    public static final int FIB_UPDATES_APPLIED = 16;
    public static final int FIB_UPDATE_ERRORS = 17;
    /** Gauge, kept by the FIB writer: IPv4 routes in the FIB after the last batch. */
    public static final int FIB_ROUTES4 = 18;
    /** Gauge, kept by the FIB writer: IPv6 routes in the FIB after the last batch. */
    public static final int FIB_ROUTES6 = 19;
    /** Duty cycles a worker ran; with {@link #BUSY_CYCLES}, its busy ratio. */
    public static final int DUTY_CYCLES = 20;
    /** Duty cycles of a worker that did some work. */
    public static final int BUSY_CYCLES = 21;
    /** Gauge, kept by the FIB writer: bytes of the IPv4 lookup table after the last batch (entries, writer-side depths, rules). */
    public static final int FIB_BYTES4 = 22;
    /** Gauge, kept by the FIB writer: bytes of the IPv6 lookup table after the last batch (plies, writer-side depths). */
    public static final int FIB_BYTES6 = 23;
    /** FIB resyncs begun: a control plane announced a new epoch (a begin during a resync starts another). */
    public static final int FIB_RESYNCS_STARTED = 24;
    /** FIB resyncs ended and swept. */
    public static final int FIB_RESYNCS_ENDED = 25;
    /** Routes (both families) a resync's sweep removed: the old epoch had them, the new one did not set them. */
    public static final int FIB_RESYNC_SWEPT_ROUTES = 26;
    /** Next hops and ECMP groups a resync's sweep cleared. */
    public static final int FIB_RESYNC_SWEPT_NEXT_HOPS = 27;
    /**
     * Well-formed frames refused because a resync message was out of the stream's epochs (a stale epoch,
     * an end without a begin or of another epoch); malformed frames count in {@link #FIB_UPDATE_ERRORS}.
     */
    public static final int FIB_RESYNC_REFUSED = 28;
    /**
     * Gauge, kept by the FIB writer: the epoch of the last resync begun (0 before any). A control plane that takes
     * over the FIB begins the next one, and numbers its next hops from the half of the table the epoch's parity
     * names.
     */
    public static final int FIB_EPOCH = 29;
    /** IPv4 packets a worker fragmented for an egress MTU (RFC 791 §3.2). */
    public static final int IP4_FRAGMENTED = 30;
    /** Fragments those packets became (each one sent, the first in the packet's own mbuf). */
    public static final int IP4_FRAGMENTS = 31;
    /** Neighbor entries garbage-collected: STALE and unused for the gc stale time, or FAILED past their hold. */
    public static final int NEIGHBOR_AGED = 32;
    /** Unicast probes sent to neighbors in PROBE (RFC 4861 §7.3.3). */
    public static final int NEIGHBOR_PROBES = 33;
    /** Neighbor entries that became FAILED: resolution or probing went unanswered. */
    public static final int NEIGHBOR_FAILURES = 34;
    /** Neighbor entries removed, least recently used first, to make room for a new one in a full table. */
    public static final int NEIGHBOR_EVICTED = 35;
    /** Packets of control-plane policing's class bgp let through to the exception path (docs/dataplane.md). */
    public static final int COPP_BGP_PASSED = 36;
    /** Packets of class icmp-nd-arp let through (punted, or echo requests answered on the worker). */
    public static final int COPP_ICMP_ND_ARP_PASSED = 37;
    /** Packets of class other let through to the exception path. */
    public static final int COPP_OTHER_PASSED = 38;

    private final AtomicBuffer values;
    private final int[][] portOffsets;
    private final int[] dpOffsets = new int[DP_COUNTERS.length];
    private final int[] dropOffsets = new int[DropReason.COUNT];

    public WorkerCounters(final CountersFile file, final int workerId, final List<String> portNames)
    {
        values = file.values();
        portOffsets = new int[portNames.size()][PORT_COUNTERS.length];
        for (int p = 0; p < portNames.size(); p++)
        {
            for (int c = 0; c < PORT_COUNTERS.length; c++)
            {
                portOffsets[p][c] = file.allocate(
                    "port." + portNames.get(p) + "." + PORT_COUNTERS[c], CountersFile.TYPE_COUNTER, workerId);
            }
        }
        for (int c = 0; c < DP_COUNTERS.length; c++)
        {
            dpOffsets[c] = file.allocate("dp." + DP_COUNTERS[c], CountersFile.TYPE_COUNTER, workerId);
        }
        for (int r = 1; r < DropReason.COUNT; r++)
        {
            dropOffsets[r] = file.allocate("drop." + DropReason.name(r), CountersFile.TYPE_COUNTER, workerId);
        }
    }

    private void add(final int offset, final long delta)
    {
        values.putLongRelease(offset, values.getLong(offset) + delta);
    }

    public void port(final int port, final int counter, final long delta)
    {
        add(portOffsets[port][counter], delta);
    }

    public void dp(final int counter, final long delta)
    {
        add(dpOffsets[counter], delta);
    }

    public void drop(final int reason)
    {
        add(dropOffsets[reason], 1);
    }

    public void drop(final int reason, final long delta)
    {
        add(dropOffsets[reason], delta);
    }

    public long dpValue(final int counter)
    {
        return values.getLongVolatile(dpOffsets[counter]);
    }

    public long dropValue(final int reason)
    {
        return values.getLongVolatile(dropOffsets[reason]);
    }

    public long portValue(final int port, final int counter)
    {
        return values.getLongVolatile(portOffsets[port][counter]);
    }
}
