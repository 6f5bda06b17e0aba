/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.worker;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.driver.MediaDriver;
import net.junction.dataplane.Conditions;
import net.junction.dataplane.Dataplane;
import net.junction.dataplane.DataplaneSpec;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.Ip4Address;
import net.junction.routing.Ip4InterfaceAddress;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.fib.FibUpdateEncoder;
import net.junction.routing.rib.Rib;
import net.junction.routing.rib.RouteSource;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The real data plane as the DPDK child programs ({@code Dpdk*Child}, each run in its own JVM by
 * its IT) start it, the way {@code junction run} does: the embedded media driver, an Aeron client,
 * {@link Dataplane#start}; and, for a child that forwards, a {@link Rib} whose changes reach the FIB
 * writer over the "fib" IPC stream. Plus the little a child needs to report to its IT.
 */
final class ChildDataplane implements AutoCloseable
{
    static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    /** The forwarding set-up of {@link #startPcapToNull}: packets to this prefix leave p1 via GATEWAY. */
    static final String ROUTED_PREFIX = "198.19.0.0/16";
    static final String GATEWAY = "198.18.2.2";
    static final String P0_ADDRESS = "198.18.1.1/24";
    static final String P1_ADDRESS = "198.18.2.1/24";

    private final MediaDriver driver;
    private final Aeron aeron;
    private final Dataplane dataplane;

    private ChildDataplane(final MediaDriver driver, final Aeron aeron, final Dataplane dataplane)
    {
        this.driver = driver;
        this.aeron = aeron;
        this.dataplane = dataplane;
    }

    /** Starts the driver, the client and the data plane; on failure closes what it started. */
    static ChildDataplane start(final DataplaneSpec spec)
    {
        MediaDriver driver = null;
        Aeron aeron = null;
        try
        {
            driver = Dataplane.launchMediaDriver(spec.runDirectory().resolve("aeron"));
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            return new ChildDataplane(driver, aeron, Dataplane.start(spec, aeron));
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(aeron, driver);
            throw ex;
        }
    }

    /**
     * Forwarding from {@code net_pcap0} (PCAP replayed forever) to {@code net_null0} (a sink) on one
     * worker pinned to CORE: both ports addressed, a static neighbor for GATEWAY, ROUTED_PREFIX via
     * GATEWAY in the RIB; returns once the first FIB batch is applied.
     */
    static ChildDataplane startPcapToNull(final String name, final Path runDirectory, final Path pcap, final int core)
    {
        final DataplaneSpec spec = new DataplaneSpec(name, runDirectory, 256, false, List.of("--no-telemetry"), List.of(core),
            List.of(
                port("p0", "net_pcap0,rx_pcap=" + pcap + ",infinite_rx=1", TestRouter.P0_MAC, P0_ADDRESS),
                port("p1", "net_null0,no-rx=1", TestRouter.P1_MAC, P1_ADDRESS)),
            List.of(new DataplaneSpec.Neighbor(1, ((Ip4Address)IpAddress.parse(GATEWAY)).value(), null, TestRouter.GATEWAY_MAC)));
        final ChildDataplane child = start(spec);
        try
        {
            final Rib rib = child.connectRib();
            rib.batch(() ->
            {
                rib.addInterfaceAddress(0, InterfaceAddress.parse(P0_ADDRESS));
                rib.addInterfaceAddress(1, InterfaceAddress.parse(P1_ADDRESS));
                rib.addRouteVia(RouteSource.STATIC, IpPrefix.parse(ROUTED_PREFIX), IpAddress.parse(GATEWAY),
                    RouteSource.STATIC.distance(), 0);
            });
            child.awaitFirstFibBatch();
            return child;
        }
        catch (final RuntimeException ex)
        {
            child.close();
            throw ex;
        }
    }

    Dataplane dataplane()
    {
        return dataplane;
    }

    /**
     * @return a RIB writing to the data plane's FIB as in {@code junction run}: RIB -> encoder ->
     *         Aeron IPC -> FIB writer; the FIB subscription is connected when it returns.
     */
    Rib connectRib()
    {
        final ExclusivePublication fib = aeron.addExclusivePublication(Dataplane.FIB_CHANNEL, Dataplane.FIB_STREAM_ID);
        Conditions.await(READY_TIMEOUT, fib::isConnected, "the data plane's FIB subscription");
        return new Rib(new FibUpdateEncoder(
            new UnsafeBuffer(new byte[Math.min(fib.maxMessageLength(), 64 * 1024)]),
            (buffer, offset, length) -> fib.offer(buffer, offset, length) > 0));
    }

    /** Waits until the FIB writer has applied a first batch. */
    void awaitFirstFibBatch()
    {
        Conditions.await(READY_TIMEOUT, () -> dataplane.fibBatchesApplied() >= 1, "the first FIB batch");
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(dataplane, aeron, driver);
    }

    /**
     * Options for a child JVM: the module-access flags this test JVM runs with (the project's
     * junction.jvm.flags), and synchronous compilation as in the module's unit tests (see the
     * surefire note in its pom).
     */
    static List<String> jvmOptions()
    {
        final List<String> options = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:-BackgroundCompilation"));
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-exports=") || argument.startsWith("--add-opens=") ||
                argument.startsWith("-Daeron."))
            {
                options.add(argument);
            }
        }
        return options;
    }

    /** A one-queue port with one IPv4 address ({@code 198.18.1.1/24}), MTU 1500, no exception path. */
    static DataplaneSpec.Port port(final String name, final String device, final long mac, final String address)
    {
        final Ip4InterfaceAddress ip4 = Ip4InterfaceAddress.parse(address);
        return new DataplaneSpec.Port(name, device, 1, 1500, mac,
            List.of(new DataplaneSpec.Ip4Interface(ip4.address(), ip4.network().length())), List.of(), false);
    }

    /** @return the live thread of that name. */
    static Thread thread(final String name)
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

    static void sleep(final long ms)
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

    /** One {@code JN key=value} line for the IT reading this child's output. */
    static void report(final String key, final Object value)
    {
        System.out.println("JN " + key + "=" + value);
        System.out.flush();
    }
}
