/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.worker;

import java.nio.file.Path;
import java.util.function.LongSupplier;

import net.junction.bindings.EthDev;
import net.junction.dataplane.AllocationWindows;
import net.junction.dataplane.Dataplane;

import static net.junction.dataplane.worker.ChildDataplane.report;
import static net.junction.dataplane.worker.ChildDataplane.sleep;
import static net.junction.dataplane.worker.ChildDataplane.thread;

/**
 * The program {@code DpdkWorkerAllocationIT} runs in a child JVM (EAL initializes once per
 * process): Junction's real data plane ({@link Dataplane#start}: EAL, ports, the pinned worker,
 * the slow path, the FIB fed over Aeron IPC from a {@code Rib}) forwarding from
 * {@code net_pcap0} (a pcap replayed forever) to {@code net_null0} (a sink), while the worker
 * thread's allocated bytes are read from outside it in several windows.
 *
 * <p>Reports {@code JN key=value} lines as {@code EalChild} does: {@code ready=true} once the
 * first FIB batch is applied, then {@code settle.rounds}, then per window {@code window.I.bytes}
 * (the worker thread's allocation) and {@code window.I.tx} (packets {@code net_null0} sent, by
 * DPDK's own counter), and {@code done=true} after a clean teardown.
 *
 * <p>Usage: {@code DpdkForwardingChild NAME RUN_DIR PCAP CORE WINDOWS WINDOW_MS MAX_SETTLE_ROUNDS [P1_MTU]}: with
 * {@code P1_MTU}, p1 runs that MTU (packets longer than it are fragmented) and {@code ip4.fragments} is reported.
 */
public final class DpdkForwardingChild
{
    private DpdkForwardingChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String name = args[0];
        final Path runDirectory = Path.of(args[1]);
        final Path pcap = Path.of(args[2]);
        final int core = Integer.parseInt(args[3]);
        final int windows = Integer.parseInt(args[4]);
        final long windowMs = Long.parseLong(args[5]);
        final int maxSettleRounds = Integer.parseInt(args[6]);

        try (ChildDataplane child = ChildDataplane.startPcapToNull(name, runDirectory, pcap, core))
        {
            if (args.length > 7)
            {
                child.dataplane().mtu(1, Integer.parseInt(args[7]));
            }
            report("ready", true);

            final Thread worker = thread("junction-worker-0");
            final LongSupplier allocated = AllocationWindows.thread(worker.threadId());
            final EthDev sink = EthDev.byName("net_null0");
            final EthDev source = EthDev.byName("net_pcap0");
            final Runnable window = () -> sleep(windowMs);

            final int settleRounds = AllocationWindows.settle(allocated, window, maxSettleRounds);
            report("settle.rounds", settleRounds);
            for (int i = 0; i < windows; i++)
            {
                final long txBefore = sink.stats().opackets();
                final AllocationWindows.Windows one = AllocationWindows.measure(allocated, window, 1);
                report("window." + i + ".bytes", one.bytes()[0]);
                report("window." + i + ".jitMs", one.compileMs()[0]);
                report("window." + i + ".tx", sink.stats().opackets() - txBefore);
            }
            report("worker.alive", worker.isAlive());
            report("p0.ipackets", source.stats().ipackets());
            report("p1.opackets", sink.stats().opackets());
            report("agentErrors", counter(child.dataplane(), "dp.agent_errors"));
            report("ip4.fragments", counter(child.dataplane(), "dp.ip4_fragments"));
            report("drops.fragment_no_mbuf", counter(child.dataplane(), "drop.fragment_no_mbuf"));
        }
        report("done", true);
    }

    /**
     * A counter of the data plane summed over its threads, -1 if there is none: {@code dp.agent_errors} (an agent
     * that threw is not a clean run), {@code dp.ip4_fragments}.
     */
    private static long counter(final Dataplane dataplane, final String name)
    {
        final long[] value = {-1};
        dataplane.counters().manager().forEach((counterId, label) ->
        {
            if (name.equals(label))
            {
                value[0] = Math.max(value[0], 0) + dataplane.counters().manager().getCounterValue(counterId);
            }
        });
        return value[0];
    }
}
