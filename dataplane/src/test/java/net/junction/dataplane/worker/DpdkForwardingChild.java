/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import net.junction.bindings.EthDev;
import net.junction.dataplane.AllocationWindows;
import net.junction.dataplane.Conditions;
import net.junction.dataplane.Dataplane;
import net.junction.dataplane.DataplaneSpec;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.fib.FibUpdateEncoder;
import net.junction.routing.rib.Rib;
import net.junction.routing.rib.RouteSource;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The program {@code DpdkWorkerAllocationIT} runs in a child JVM (EAL initializes once per
 * process): Junction's real data plane ({@link Dataplane#start}: EAL, ports, the pinned worker,
 * the slow path, the FIB fed over Aeron IPC from a {@link Rib}) forwarding from
 * {@code net_pcap0} (a pcap replayed forever) to {@code net_null0} (a sink), while the worker
 * thread's allocated bytes are read from outside it in several windows.
 *
 * <p>Reports {@code JN key=value} lines as {@code EalChild} does: {@code ready=true} once the
 * first FIB batch is applied, then {@code settle.rounds}, then per window {@code window.I.bytes}
 * (the worker thread's allocation) and {@code window.I.tx} (packets {@code net_null0} sent, by
 * DPDK's own counter), and {@code done=true} after a clean teardown.
 *
 * <p>Usage: {@code DpdkForwardingChild NAME RUN_DIR PCAP CORE WINDOWS WINDOW_MS MAX_SETTLE_ROUNDS}.
 */
public final class DpdkForwardingChild
{
    static final String ROUTED_PREFIX = "198.19.0.0/16";
    static final String GATEWAY = "198.18.2.2";
    static final String P0_ADDRESS = "198.18.1.1/24";
    static final String P1_ADDRESS = "198.18.2.1/24";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

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

        final DataplaneSpec spec = new DataplaneSpec(name, runDirectory, 256, false, List.of("--no-telemetry"), List.of(core),
            List.of(
                port("p0", "net_pcap0,rx_pcap=" + pcap + ",infinite_rx=1", TestRouter.P0_MAC, P0_ADDRESS),
                port("p1", "net_null0,no-rx=1", TestRouter.P1_MAC, P1_ADDRESS)),
            List.of(new DataplaneSpec.Neighbor(1, ((net.junction.routing.Ip4Address)IpAddress.parse(GATEWAY)).value(),
                null, TestRouter.GATEWAY_MAC)));

        MediaDriver driver = null;
        Aeron aeron = null;
        Dataplane dataplane = null;
        try
        {
            driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(runDirectory.resolve("aeron").toString())
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy(10, 10, 1_000, 1_000_000))
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .termBufferSparseFile(true)
                .warnIfDirectoryExists(false));
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            dataplane = Dataplane.start(spec, aeron);

            // Routes reach the FIB as in `junction run`: RIB -> encoder -> Aeron IPC -> FIB writer.
            final ExclusivePublication fib = aeron.addExclusivePublication(Dataplane.FIB_CHANNEL, Dataplane.FIB_STREAM_ID);
            Conditions.await(READY_TIMEOUT, fib::isConnected, "the data plane's FIB subscription");
            final Rib rib = new Rib(new FibUpdateEncoder(
                new UnsafeBuffer(new byte[Math.min(fib.maxMessageLength(), 64 * 1024)]),
                (buffer, offset, length) -> fib.offer(buffer, offset, length) > 0));
            rib.batch(() ->
            {
                rib.addInterfaceAddress(0, InterfaceAddress.parse(P0_ADDRESS));
                rib.addInterfaceAddress(1, InterfaceAddress.parse(P1_ADDRESS));
                rib.addRouteVia(RouteSource.STATIC, IpPrefix.parse(ROUTED_PREFIX), IpAddress.parse(GATEWAY),
                    RouteSource.STATIC.distance(), 0);
            });
            final Dataplane started = dataplane;
            Conditions.await(READY_TIMEOUT, () -> started.fibBatchesApplied() >= 1, "the first FIB batch");
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
            report("agentErrors", errors(dataplane));
        }
        finally
        {
            CloseHelper.quietCloseAll(dataplane, aeron, driver);
        }
        report("done", true);
    }

    private static DataplaneSpec.Port port(final String name, final String device, final long mac, final String address)
    {
        final net.junction.routing.Ip4InterfaceAddress ip4 = net.junction.routing.Ip4InterfaceAddress.parse(address);
        return new DataplaneSpec.Port(name, device, 1, 1500, mac,
            List.of(new DataplaneSpec.Ip4Interface(ip4.address(), ip4.network().length())), List.of(), false);
    }

    /** The data plane's errors counter ({@code dp.agent_errors}): an agent that threw is not a clean run. */
    private static long errors(final Dataplane dataplane)
    {
        final long[] value = {-1};
        dataplane.counters().manager().forEach((counterId, label) ->
        {
            if ("dp.agent_errors".equals(label))
            {
                value[0] = dataplane.counters().manager().getCounterValue(counterId);
            }
        });
        return value[0];
    }

    private static Thread thread(final String name)
    {
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (name.equals(thread.getName()))
            {
                return thread;
            }
        }
        throw new IllegalStateException("no thread named " + name);
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    static void report(final String key, final Object value)
    {
        System.out.println("JN " + key + "=" + value);
        System.out.flush();
    }
}
