/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.worker;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import net.junction.dataplane.DropReason;
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
 * The program {@code DpdkLiveChangeIT} runs in a child JVM: Junction's real data plane forwarding
 * IPv4 packets with DF set, 1600 bytes long, from {@code net_pcap0} to {@code net_null0} (MTU
 * 1500: each is dropped as {@code mtu_exceeded}), then changed live as a commit changes it: the
 * egress port's MTU raised to 1700 ({@link Dataplane#mtu}), its addresses and a static neighbor
 * changed, all while the same worker thread keeps running. Reports {@code JN key=value} lines.
 *
 * <p>Usage: {@code DpdkLiveChangeChild NAME RUN_DIR PCAP CORE WINDOW_MS}.
 */
public final class DpdkLiveChangeChild
{
    private static final long READY_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(20);

    private DpdkLiveChangeChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String name = args[0];
        final Path runDirectory = Path.of(args[1]);
        final Path pcap = Path.of(args[2]);
        final int core = Integer.parseInt(args[3]);
        final long windowMs = Long.parseLong(args[4]);

        final DataplaneSpec spec = new DataplaneSpec(name, runDirectory, 256, false, List.of("--no-telemetry"), List.of(core),
            List.of(
                port("p0", "net_pcap0,rx_pcap=" + pcap + ",infinite_rx=1", TestRouter.P0_MAC, DpdkForwardingChild.P0_ADDRESS),
                port("p1", "net_null0,no-rx=1", TestRouter.P1_MAC, DpdkForwardingChild.P1_ADDRESS)),
            List.of(new DataplaneSpec.Neighbor(1, ((net.junction.routing.Ip4Address)IpAddress.parse(DpdkForwardingChild.GATEWAY)).value(),
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

            final ExclusivePublication fib = aeron.addExclusivePublication(Dataplane.FIB_CHANNEL, Dataplane.FIB_STREAM_ID);
            await(fib::isConnected, "the data plane's FIB subscription");
            final Rib rib = new Rib(new FibUpdateEncoder(
                new UnsafeBuffer(new byte[Math.min(fib.maxMessageLength(), 64 * 1024)]),
                (buffer, offset, length) -> fib.offer(buffer, offset, length) > 0));
            rib.batch(() ->
            {
                rib.addInterfaceAddress(0, InterfaceAddress.parse(DpdkForwardingChild.P0_ADDRESS));
                rib.addInterfaceAddress(1, InterfaceAddress.parse(DpdkForwardingChild.P1_ADDRESS));
                rib.addRouteVia(RouteSource.STATIC, IpPrefix.parse(DpdkForwardingChild.ROUTED_PREFIX),
                    IpAddress.parse(DpdkForwardingChild.GATEWAY), RouteSource.STATIC.distance(), 0);
            });
            final Dataplane started = dataplane;
            await(() -> started.fibBatchesApplied() >= 1, "the first FIB batch");
            report("ready", true);
            final Thread worker = thread("junction-worker-0");
            final String mtuExceeded = DropReason.name(DropReason.MTU_EXCEEDED);

            sleep(windowMs);
            long drops = dataplane.drops().get(mtuExceeded);
            long tx = dataplane.portCounters(1).txPackets();
            sleep(windowMs);
            report("before.mtuDrops", dataplane.drops().get(mtuExceeded) - drops);
            report("before.tx", dataplane.portCounters(1).txPackets() - tx);

            String result;
            try
            {
                dataplane.mtu(1, 1700);
                result = "ok";
            }
            catch (final IllegalStateException ex)
            {
                result = ex.getMessage();
            }
            report("mtu.result", result);
            report("mtu.now", dataplane.port(1).mtu());
            drops = dataplane.drops().get(mtuExceeded);
            tx = dataplane.portCounters(1).txPackets();
            sleep(windowMs);
            report("after.mtuDrops", dataplane.drops().get(mtuExceeded) - drops);
            report("after.tx", dataplane.portCounters(1).txPackets() - tx);

            final DataplaneSpec.Port p1 = dataplane.port(1);
            final List<DataplaneSpec.Ip4Interface> more = new java.util.ArrayList<>(p1.ip4());
            more.add(new DataplaneSpec.Ip4Interface(((net.junction.routing.Ip4Address)IpAddress.parse("198.18.3.1")).value(), 24));
            dataplane.portAddresses(1, more, List.of());
            report("addresses.now", dataplane.port(1).ip4().size());
            final DataplaneSpec.Neighbor extra = new DataplaneSpec.Neighbor(1,
                ((net.junction.routing.Ip4Address)IpAddress.parse("198.18.3.2")).value(), null, 0x020000000009L);
            dataplane.addStaticNeighbor(extra);
            dataplane.removeStaticNeighbor(extra);
            report("neighbors", "ok");

            final Dataplane.WorkerSample sample = dataplane.workers().getFirst();
            report("worker.busy", sample.busyCycles() > 0 && sample.busyCycles() <= sample.dutyCycles());
            report("worker.same", worker.isAlive() && thread("junction-worker-0") == worker);
            report("p0.rx", dataplane.portCounters(0).rxPackets());
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

    private static void await(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + READY_TIMEOUT_NS;
        final BackoffIdleStrategy idle = new BackoffIdleStrategy();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            idle.idle();
        }
    }

    static void report(final String key, final Object value)
    {
        System.out.println("JN " + key + "=" + value);
        System.out.flush();
    }
}
