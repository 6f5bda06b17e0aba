package net.junction.dataplane.worker;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import net.junction.bindings.RawMemory;
import net.junction.dataplane.DropReason;
import net.junction.dataplane.capture.Capture;
import net.junction.dataplane.capture.CaptureRing;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.dataplane.packet.Ethernet;
import net.junction.dataplane.packet.Ip4;
import net.junction.dataplane.port.Mbuf;
import net.junction.dataplane.port.PacketIo;
import net.junction.dataplane.port.PortTable;
import net.junction.dataplane.ring.PacketRing;
import net.junction.routing.qsbr.Qsbr;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * A forwarding worker: one per configured core, run to completion on its own pinned thread.
 *
 * <p>Duty cycle, in this order (Aeron's Receiver): run the control path's {@link CommandQueue}
 * commands (a port's MTU or addresses changed by a commit), send what the slow path injected, then for each
 * RX queue this worker owns receive a burst, run it through the {@link Pipeline}, and queue the
 * results per egress port; flush every port's TX buffer at the end of the cycle (or when it
 * fills: a burst may send more than it received, a packet fragmented by the {@link Ip4Fragmenter} being
 * several). Drops are freed in bulk once per burst. Last, it reports a quiescent state to the
 * FIB's {@link Qsbr}: it holds nothing of the FIB between cycles, so memory the FIB writer
 * retired before this point may be reused (DPDK's rte_rcu_qsbr pattern), and counts the cycle
 * (and whether it did work: the busy ratio).
 *
 * <p>Packet capture ({@link Capture}): the cycle reads the capture's port mask once; while it is 0 capture costs
 * one branch per burst and per flush. A port being captured has its received frames copied into this worker's
 * {@link CaptureRing} before the pipeline rewrites them, and its sent frames before the TX burst.
 *
 * <p>Fast path: no allocation after construction, no locks, one downcall per burst and per flush.
 */
public final class Worker implements Agent
{
    public static final int BURST = 32;
    private static final int TX_BUFFER = 2 * BURST;
    private static final int INJECT_LIMIT = 64;

    private final int workerId;
    private final PacketIo io;
    private final PortTable ports;
    private final Pipeline pipeline;
    private final WorkerCounters counters;
    private final PacketRing injections;
    private final int[] rxPorts;
    private final int[] rxQueues;
    private final int txQueue;

    private final MemorySegment rx;
    private final long rxAddress;
    private final MemorySegment drops;
    private final long dropsAddress;
    private int dropCount;
    private final MemorySegment[] tx;
    private final long[] txAddress;
    private final int[] txCount;
    private final long[] txBytes;
    private final PacketRing.Handler injectHandler = this::onInjected;
    private final Arena arena = Arena.ofShared();
    private NanoClock clock = SystemNanoClock.INSTANCE;
    /** The clock as this cycle read it: the idle strategy runs after the cycle and reads it here. */
    private long cycleNs = clock.nanoTime();
    /** Bond ports whose LACP frames this worker sends out ({@link #pollTx}); none by default. */
    private int[] txPollPorts = new int[0];
    private long nextTxPollNs;
    private final Qsbr qsbr;
    private final int qsbrReader;
    private final CommandQueue commands;
    private final Ip4Fragmenter fragmenter;
    private Capture capture = Capture.NONE;
    private CaptureRing captureRing;
    /** The capture's port mask as this cycle read it. */
    private long captureMask;

    /**
     * @param rxPorts    port indexes this worker polls, paired with {@code rxQueues}.
     * @param txQueue    this worker's TX queue on every port.
     * @param injections packets the slow path wants sent: mbuf, meta = egress port index.
     */
    public Worker(
        final int workerId, final PacketIo io, final PortTable ports, final Pipeline pipeline,
        final WorkerCounters counters, final PacketRing injections,
        final int[] rxPorts, final int[] rxQueues, final int txQueue)
    {
        this.workerId = workerId;
        this.io = io;
        this.ports = ports;
        this.pipeline = pipeline;
        this.counters = counters;
        this.injections = injections;
        this.rxPorts = rxPorts.clone();
        this.rxQueues = rxQueues.clone();
        this.txQueue = txQueue;
        commands = new CommandQueue("junction-worker-" + workerId);
        qsbr = pipeline.fib().qsbr();
        qsbrReader = qsbr.register();
        qsbr.online(qsbrReader); // online from the start: a worker not yet running only delays reuse
        rx = arena.allocate(ValueLayout.JAVA_LONG, BURST);
        rxAddress = rx.address();
        drops = arena.allocate(ValueLayout.JAVA_LONG, BURST + 1);
        dropsAddress = drops.address();
        tx = new MemorySegment[ports.count()];
        txAddress = new long[ports.count()];
        txCount = new int[ports.count()];
        txBytes = new long[ports.count()];
        for (int p = 0; p < tx.length; p++)
        {
            tx[p] = arena.allocate(ValueLayout.JAVA_LONG, TX_BUFFER);
            txAddress[p] = tx[p].address();
        }
        fragmenter = new Ip4Fragmenter(io, counters, this::enqueue);
        pipeline.fragmenter(fragmenter);
    }

    /** This worker's IPv4 fragmentation stage (tests read its stock). */
    public Ip4Fragmenter fragmenter()
    {
        return fragmenter;
    }

    @Override
    public String roleName()
    {
        return "junction-worker-" + workerId;
    }

    /**
     * @return how the control path reaches this worker: a command runs here between two cycles
     *     (the port table's MTU and source addresses change only so).
     */
    public CommandQueue commands()
    {
        return commands;
    }

    /**
     * @return the idle strategy for this worker's runner when it should give its CPU back while its
     *     ports are quiet ({@link AdaptivePoll}): it goes offline in the FIB's QSBR while it sleeps, so
     *     the FIB writer never waits for a sleeping worker; its clock is the time the cycle just run
     *     read (the runner idles after each {@link #doWork}), so a cycle reads the clock once. Call
     *     before the worker runs.
     */
    public AdaptivePoll adaptivePoll()
    {
        return new AdaptivePoll(() -> cycleNs, () -> qsbr.offline(qsbrReader), () -> qsbr.online(qsbrReader));
    }

    /**
     * Give this worker the data plane's capture and its own ring in it. Call before the worker runs.
     */
    public void capture(final Capture capture, final CaptureRing ring)
    {
        this.capture = capture;
        this.captureRing = ring;
    }

    /**
     * Ports this worker calls TX burst on at least every {@link #TX_POLL_PERIOD_NS}, with no packet when it has
     * none to send: DPDK's bonding PMD in mode 4 sends the LACPDUs its state machines queued only from inside
     * the bond's TX burst (rte_eth_bond_8023ad.h: rx and tx burst at least every 100 ms), and a router with no
     * traffic toward a bond would otherwise never send them. One worker suffices. Call before the worker runs.
     */
    public void pollTx(final int[] ports)
    {
        txPollPorts = ports.clone();
    }

    /** How often {@link #pollTx} ports get a TX burst when nothing else sends on them. */
    public static final long TX_POLL_PERIOD_NS = 10_000_000L;

    /** The clock the duty cycle reads once per cycle (tests give a manual one). */
    public void clock(final NanoClock clock)
    {
        this.clock = clock;
    }

    @Override
    public int doWork()
    {
        cycleNs = clock.nanoTime();
        pipeline.nowNs(cycleNs);
        captureMask = capture.portMask();
        int work = commands.drain();
        work += injections.drain(injectHandler, INJECT_LIMIT);
        fragmenter.flushCounters();
        for (int i = 0; i < rxPorts.length; i++)
        {
            final int port = rxPorts[i];
            final int n = io.rxBurst(ports.devicePort(port), rxQueues[i], rx, BURST);
            if (n > 0)
            {
                processBurst(port, n);
                work += n;
            }
        }
        for (int p = 0; p < txCount.length; p++)
        {
            if (txCount[p] > 0)
            {
                flush(p);
            }
        }
        if (txPollPorts.length > 0 && cycleNs - nextTxPollNs >= 0)
        {
            nextTxPollNs = cycleNs + TX_POLL_PERIOD_NS;
            for (final int port : txPollPorts)
            {
                io.txBurst(ports.devicePort(port), txQueue, tx[port], 0);
            }
        }
        qsbr.quiescent(qsbrReader);
        counters.dp(WorkerCounters.DUTY_CYCLES, 1);
        if (work > 0)
        {
            counters.dp(WorkerCounters.BUSY_CYCLES, 1);
        }
        return work;
    }

    private void processBurst(final int port, final int n)
    {
        long bytes = 0;
        final Pipeline pipeline = this.pipeline;
        if ((captureMask & (1L << port)) != 0)
        {
            captureRing.offer(rxAddress, n, port, CaptureRing.RX, capture.snapLength(), cycleNs);
        }
        pipeline.lookAhead(rxAddress, n);
        for (int i = 0; i < n; i++)
        {
            final long mbuf = RawMemory.getLongNative(rxAddress + ((long)i << 3));
            bytes += Mbuf.packetLength(mbuf);
            final int verdict = pipeline.process(mbuf, port, i);
            if (verdict >= 0)
            {
                enqueue(verdict, mbuf);
            }
            else if (verdict == Pipeline.DROP)
            {
                RawMemory.putLongNative(dropsAddress + ((long)dropCount++ << 3), mbuf);
            }
            // Pipeline.CONSUMED: handed to the slow path, which owns it now; Pipeline.SENT: queued as fragments.
        }
        counters.port(port, WorkerCounters.PORT_RX, n);
        counters.port(port, WorkerCounters.PORT_RX_BYTES, bytes);
        pipeline.flushCounters();
        fragmenter.flushCounters();
        if (dropCount > 0)
        {
            io.freeBulk(drops, dropCount);
            dropCount = 0;
        }
    }

    private void onInjected(final long mbuf, final long meta)
    {
        final int port = (int)meta;
        if (!ports.linkUp(port))
        {
            counters.drop(DropReason.LINK_DOWN);
            io.free(mbuf);
            return;
        }
        counters.dp(WorkerCounters.INJECTED, 1);
        if (needsFragments(mbuf, port))
        {
            // A packet the slow path held for its neighbor was not fragmented then (Pipeline.forward4).
            final int reason = fragmenter.fragment(mbuf, port, ports.mtu(port));
            if (reason != DropReason.NONE)
            {
                counters.drop(reason);
                io.free(mbuf);
            }
            return;
        }
        enqueue(port, mbuf);
    }

    /** An IPv4 packet without DF, longer than the port's MTU, that its frame holds whole (untagged). */
    private boolean needsFragments(final long mbuf, final int port)
    {
        final long frame = Mbuf.data(mbuf);
        final int l3Length = Mbuf.dataLength(mbuf) - Ethernet.HEADER_LENGTH;
        if (l3Length <= ports.mtu(port) || RawMemory.getShortBe(frame + 12) != Ethernet.ETHER_TYPE_IPV4)
        {
            return false;
        }
        final long ip = frame + Ethernet.HEADER_LENGTH;
        final int totalLength = Ip4.totalLength(ip);
        final int headerLength = Ip4.headerLength(ip);
        return !Ip4.dontFragment(ip) && totalLength > ports.mtu(port) && totalLength <= l3Length &&
            headerLength >= Ip4.MIN_HEADER_LENGTH && headerLength < totalLength;
    }

    private void enqueue(final int port, final long mbuf)
    {
        int count = txCount[port];
        RawMemory.putLongNative(txAddress[port] + ((long)count << 3), mbuf);
        txBytes[port] += Mbuf.packetLength(mbuf);
        txCount[port] = ++count;
        if (count == TX_BUFFER)
        {
            flush(port);
        }
    }

    private void flush(final int port)
    {
        final int vlan = ports.vlanId(port);
        final int count = vlan == 0 ? txCount[port] : tag(port, vlan);
        final MemorySegment buffer = tx[port];
        final int wire = ports.wirePort(port);
        if ((captureMask & (1L << wire)) != 0)
        {
            // before the burst: what it sends belongs to the driver afterwards (a frame it then refuses is in too);
            // a sub-interface's frames are captured on its parent's wire, tagged
            captureRing.offer(txAddress[port], count, wire, CaptureRing.TX, capture.snapLength(), cycleNs);
        }
        final int sent = io.txBurst(ports.devicePort(port), txQueue, buffer, count);
        long unsentBytes = 0;
        for (int i = sent; i < count; i++)
        {
            final long mbuf = RawMemory.getLongNative(txAddress[port] + ((long)i << 3));
            unsentBytes += Mbuf.packetLength(mbuf);
            io.free(mbuf);
        }
        if (sent < count)
        {
            counters.drop(DropReason.TX_FULL, count - sent);
        }
        counters.port(port, WorkerCounters.PORT_TX, sent);
        counters.port(port, WorkerCounters.PORT_TX_BYTES, txBytes[port] - unsentBytes);
        if (wire != port)
        {
            // the parent's counters are its wire's: its own frames and its sub-interfaces'
            counters.port(wire, WorkerCounters.PORT_TX, sent);
            counters.port(wire, WorkerCounters.PORT_TX_BYTES, txBytes[port] - unsentBytes);
        }
        txCount[port] = 0;
        txBytes[port] = 0;
    }

    /**
     * Pushes the 802.1Q tag of a sub-interface onto every frame of its TX buffer, in the mbuf's headroom (the
     * 12 MAC bytes moved 4 back, as {@code rte_vlan_insert} does): forwarded packets, ICMP errors, fragments and
     * what the slow path injects (ARP, ND, the TAP's frames) all leave through here. A frame without the
     * headroom is dropped ({@code vlan_no_headroom}: DPDK's mbufs have 128 bytes) and the buffer closed up.
     *
     * @return the frames left to send.
     */
    private int tag(final int port, final int vlan)
    {
        final long buffer = txAddress[port];
        final int count = txCount[port];
        int kept = 0;
        for (int i = 0; i < count; i++)
        {
            final long mbuf = RawMemory.getLongNative(buffer + ((long)i << 3));
            if (Mbuf.headroom(mbuf) < Ethernet.TAG_LENGTH)
            {
                txBytes[port] -= Mbuf.packetLength(mbuf);
                counters.drop(DropReason.VLAN_NO_HEADROOM);
                io.free(mbuf);
                continue;
            }
            final long frame = Mbuf.data(mbuf);
            final long macs = RawMemory.getLongNative(frame);
            final int macsTail = RawMemory.getIntNative(frame + 8);
            final long tagged = frame - Ethernet.TAG_LENGTH;
            RawMemory.putLongNative(tagged, macs);
            RawMemory.putIntNative(tagged + 8, macsTail);
            RawMemory.putShortBe(tagged + 12, Ethernet.ETHER_TYPE_VLAN);
            RawMemory.putShortBe(tagged + 14, vlan);
            Mbuf.reframe(mbuf, -Ethernet.TAG_LENGTH, Mbuf.dataLength(mbuf) + Ethernet.TAG_LENGTH);
            txBytes[port] += Ethernet.TAG_LENGTH;
            RawMemory.putLongNative(buffer + ((long)kept++ << 3), mbuf);
        }
        txCount[port] = kept;
        return kept;
    }

    @Override
    public void onClose()
    {
        qsbr.offline(qsbrReader);
        qsbr.unregister(qsbrReader);
        for (int p = 0; p < txCount.length; p++)
        {
            if (txCount[p] > 0)
            {
                io.freeBulk(tx[p], txCount[p]);
                txCount[p] = 0;
            }
        }
        fragmenter.close();
        arena.close();
    }
}
