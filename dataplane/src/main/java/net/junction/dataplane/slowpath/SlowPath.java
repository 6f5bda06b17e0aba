package net.junction.dataplane.slowpath;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import net.junction.dataplane.DropReason;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.dataplane.port.PacketIo;
import net.junction.dataplane.port.PortTable;
import net.junction.dataplane.ring.PacketRing;
import net.junction.dataplane.worker.CommandQueue;
import net.junction.dataplane.worker.Pipeline;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * The data plane's slow path: one agent, off the worker cores, that owns everything a worker must
 * not do per packet. Duty cycle: run the control path's commands, apply FIB updates from the control plane, take the packets the
 * workers punted (ARP, Neighbor Discovery, packets for the router itself, packets waiting for a
 * neighbor), relay the exception-path TAPs both ways, and every {@link #TIMER_PERIOD_NS} run the
 * neighbor timers and read the links.
 *
 * <p>It is the single writer of the neighbor table and the FIB. It sends on data ports only by
 * injecting into worker 0's ring, so every TX queue keeps exactly one owner thread; it owns the
 * TAP devices' queues itself.
 */
public final class SlowPath implements Agent
{
    public static final long TIMER_PERIOD_NS = 100_000_000L;
    private static final int PUNT_LIMIT = 256;
    private static final int TAP_BURST = 32;

    private final PacketIo io;
    private final PortTable ports;
    private final PacketRing[] punts;
    private final PacketRing injections;
    private final NeighborResolver neighbors;
    private final LinkMonitor links;
    private final FibPoller fib;
    private final WorkerCounters counters;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment one;
    private final MemorySegment tapBurst;
    private final PacketRing.Handler puntHandler = this::onPunt;
    private final CommandQueue commands = new CommandQueue("junction-slowpath");
    private long nextTimerNs;
    private long nowNs;
    private NanoClock clock = SystemNanoClock.INSTANCE;

    /** Polls FIB updates; returns the work done. */
    @FunctionalInterface
    public interface FibPoller
    {
        int poll();
    }

    public SlowPath(
        final PacketIo io, final PortTable ports, final PacketRing[] punts, final PacketRing injections,
        final NeighborResolver neighbors, final LinkMonitor links, final FibPoller fib, final WorkerCounters counters)
    {
        this.io = io;
        this.ports = ports;
        this.punts = punts.clone();
        this.injections = injections;
        this.neighbors = neighbors;
        this.links = links;
        this.fib = fib;
        this.counters = counters;
        one = arena.allocate(ValueLayout.JAVA_LONG, 1);
        tapBurst = arena.allocate(ValueLayout.JAVA_LONG, TAP_BURST);
        neighbors.sender(this::inject);
        neighbors.tapSender(this::copyToTap);
    }

    @Override
    public String roleName()
    {
        return "junction-slowpath";
    }

    /** @return the clock's time read at the start of this duty cycle (on the slow path's thread: its commands). */
    public long nowNs()
    {
        return nowNs;
    }

    /** The clock the duty cycle reads once per cycle, the neighbors' timers' clock (tests give a manual one). */
    public void clock(final NanoClock clock)
    {
        this.clock = clock;
    }

    @Override
    public int doWork()
    {
        nowNs = clock.nanoTime();
        int work = commands.drain();
        work += fib == null ? 0 : fib.poll();
        for (final PacketRing ring : punts)
        {
            work += ring.drain(puntHandler, PUNT_LIMIT);
        }
        work += relayTaps();
        if (nowNs - nextTimerNs >= 0)
        {
            nextTimerNs = nowNs + TIMER_PERIOD_NS;
            work += neighbors.onTimer(nowNs);
            if (links != null)
            {
                work += links.poll();
            }
        }
        return work;
    }

    /**
     * @return how the control path changes what the slow path owns (its port table, the neighbor
     *     resolver's addresses and static entries): commands run here, at the start of a cycle.
     */
    public CommandQueue commands()
    {
        return commands;
    }

    private void onPunt(final long mbuf, final long meta)
    {
        final int inPort = Pipeline.puntInPort(meta);
        switch (Pipeline.puntReason(meta))
        {
            case Pipeline.PUNT_ARP -> neighbors.onArp(mbuf, inPort, nowNs);
            case Pipeline.PUNT_ND -> neighbors.onNd(mbuf, inPort, nowNs);
            case Pipeline.PUNT_PENDING4 ->
                neighbors.onPending(mbuf, false, inPort, Pipeline.puntOutPort(meta), Pipeline.puntNextHop(meta), nowNs);
            case Pipeline.PUNT_PENDING6 ->
                neighbors.onPending(mbuf, true, inPort, Pipeline.puntOutPort(meta), Pipeline.puntNextHop(meta), nowNs);
            default -> toTap(mbuf, inPort);
        }
    }

    /** Sends a packet out of a data port through worker 0's TX queue. */
    void inject(final long mbuf, final int port)
    {
        if (!injections.offer(mbuf, port))
        {
            counters.drop(DropReason.PUNT_QUEUE_FULL);
            io.free(mbuf);
        }
    }

    /** Delivers a frame to the kernel through the port's TAP (exception path). */
    void toTap(final long mbuf, final int port)
    {
        final int tap = ports.tapDevicePort(port);
        if (tap == PortTable.NO_TAP)
        {
            counters.drop(DropReason.LOCAL_UNSUPPORTED);
            io.free(mbuf);
            return;
        }
        one.setAtIndex(ValueLayout.JAVA_LONG, 0, mbuf);
        if (io.txBurst(tap, 0, one, 1) == 1)
        {
            counters.dp(WorkerCounters.EXCEPTION_TO_TAP, 1);
        }
        else
        {
            counters.drop(DropReason.TX_FULL);
            io.free(mbuf);
        }
    }

    /**
     * Hands the kernel a copy it may want (ARP replies, neighbor advertisements, RS/RA): without
     * an exception path on the port nobody does, and that is no drop.
     */
    void copyToTap(final long mbuf, final int port)
    {
        if (ports.tapDevicePort(port) == PortTable.NO_TAP)
        {
            io.free(mbuf);
            return;
        }
        toTap(mbuf, port);
    }

    /** What the kernel sends on a TAP leaves by the port. */
    private int relayTaps()
    {
        int work = 0;
        for (int port = 0; port < ports.count(); port++)
        {
            final int tap = ports.tapDevicePort(port);
            if (tap == PortTable.NO_TAP)
            {
                continue;
            }
            final int n = io.rxBurst(tap, 0, tapBurst, TAP_BURST);
            for (int i = 0; i < n; i++)
            {
                final long mbuf = tapBurst.getAtIndex(ValueLayout.JAVA_LONG, i);
                counters.dp(WorkerCounters.EXCEPTION_FROM_TAP, 1);
                inject(mbuf, port);
            }
            work += n;
        }
        return work;
    }

    @Override
    public void onClose()
    {
        neighbors.releaseAll();
        arena.close();
    }
}
