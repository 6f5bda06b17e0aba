/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.session.SessionOptions;
import net.junction.bgp.speaker.BgpSpeaker;
import net.junction.bgp.speaker.NeighborStatus;
import net.junction.bgp.wire.AfiSafi;
import net.junction.dataplane.counters.CountersFile;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.dataplane.fib.Fib;
import net.junction.dataplane.fib.FibApplyLatency;
import net.junction.dataplane.fib.FibWriter;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.Ip4;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.fib.FibUpdateDecoder;
import net.junction.routing.fib.FibUpdateEncoder;
import net.junction.routing.rib.Rib;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UPDATE-to-FIB latency measured end to end without DPDK: a second speaker on loopback announces
 * {@value #ROUTES} (or {@value #FEW_ROUTES}) routes to the router's speaker, whose RIB feeds the FIB codec and the data plane's
 * FIB writer (directly, without the Aeron hop). Every FIB batch BGP caused is timed, and the figures
 * are printed.
 */
class UpdateToFibLatencyLoopbackTest
{
    private static final int ROUTES = 50_000;
    private static final int FEW_ROUTES = 100;
    private static final int ROUTER_AS = 65001;
    private static final int PEER_AS = 65002;
    private static final long DEADLINE_MS = TimeUnit.SECONDS.toMillis(120);

    @TempDir
    Path directory;

    @Test
    void shouldTimeEveryBatchOfALargeLoad() throws Exception
    {
        run(ROUTES);
    }

    @Test
    void shouldTimeASmallAnnouncement() throws Exception
    {
        run(FEW_ROUTES);
    }

    private void run(final int routes) throws Exception
    {
        final int port = freePort();
        final IpAddress routerAddress = IpAddress.parse("127.0.0.1");
        final IpAddress peerAddress = IpAddress.parse("127.0.0.2");
        final Policy all = new Policy("all", List.of(), Policy.Disposition.ACCEPT);

        final FibApplyLatency latency = new FibApplyLatency();
        try (CountersFile counters = CountersFile.create(directory.resolve("counters.dat"), 128))
        {
            final Fib fib = new Fib(1024);
            final FibUpdateDecoder decoder =
                new FibUpdateDecoder(new FibWriter(fib, new WorkerCounters(counters, 0, List.of("p0")), latency));
            final FibUpdateEncoder encoder = new FibUpdateEncoder(new UnsafeBuffer(new byte[64 * 1024]),
                (buffer, offset, length) ->
                {
                    decoder.decode(buffer, offset, length);
                    return true;
                });
            final Rib rib = new Rib(encoder);
            rib.addInterfaceAddress(0, InterfaceAddress.parse("127.0.0.1/8"));

            final BgpConfig routerConfig = new BgpConfig(ROUTER_AS, Ip4.parse("198.18.0.1"), Optional.of(routerAddress),
                port, 1, List.of(peer("peer", peerAddress, PEER_AS, Optional.empty(), true)), Map.of("all", all), List.of());
            final List<IpPrefix> networks = new ArrayList<>();
            final int base = Ip4.parse("198.19.0.0");
            for (int i = 0; i < routes; i++)
            {
                networks.add(IpPrefix.parse(Ip4.format(base + i) + "/32"));
            }
            final BgpConfig peerConfig = new BgpConfig(PEER_AS, Ip4.parse("198.18.0.2"), Optional.empty(), 0, 1,
                List.of(peer("router", routerAddress, ROUTER_AS, Optional.of(peerAddress), false)), Map.of("all", all),
                networks);

            final long startNs = System.nanoTime();
            try (BgpSpeaker router = new BgpSpeaker(routerConfig, rib);
                BgpSpeaker peer = new BgpSpeaker(peerConfig, new Rib(new FibUpdateEncoder(
                    new UnsafeBuffer(new byte[64 * 1024]), (b, o, l) -> true)), SessionOptions.DEFAULT.withPeerPort(port)))
            {
                router.stampFibBatches(encoder::batchOrigin);
                router.start();
                peer.start();
                final long deadline = System.currentTimeMillis() + DEADLINE_MS;
                while (router.locRibSizes().get("ipv4-unicast") < routes)
                {
                    assertTrue(System.currentTimeMillis() < deadline, "not all routes arrived: " + router.neighbors());
                    Thread.sleep(50);
                }
                // The RIB batch of the last UPDATEs runs on the loop's next turn: one more call waits for it.
                router.locRibSizes();
                router.locRibSizes();
                final long loadNs = System.nanoTime() - startNs;
                final NeighborStatus status = router.neighbors().get(0);

                final Histogram histogram = FibApplyLatency.newHistogram();
                latency.drainInto(histogram);
                assertEquals(routes + 2, fib.routeCount4(), "every route and the connected and local ones");
                assertTrue(histogram.getTotalCount() >= 1);
                assertTrue(histogram.getMaxValue() < loadNs, "no batch waited longer than the whole load");
                System.out.printf("update-to-fib routes=%d updates=%d batches=%d load_ms=%.1f p50_ms=%.3f p90_ms=%.3f " +
                        "p99_ms=%.3f max_ms=%.3f%n", routes, status.updatesReceived(), histogram.getTotalCount(), loadNs / 1e6,
                    histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(90) / 1e6,
                    histogram.getValueAtPercentile(99) / 1e6, histogram.getMaxValue() / 1e6);
            }
        }
    }

    private static PeerConfig peer(
        final String name, final IpAddress address, final int as, final Optional<IpAddress> local, final boolean passive)
    {
        final PeerConfig defaults = PeerConfig.of(name, address, as);
        return PeerConfig.builder(name, address, as)
            .localAddress(local)
            .passive(passive)
            .holdTimeSeconds(defaults.holdTimeSeconds())
            .connectRetrySeconds(1)
            .families(java.util.Set.of(AfiSafi.IPV4_UNICAST))
            .gracefulRestart(false)
            .restartTimeSeconds(defaults.restartTimeSeconds())
            .importPolicy(Optional.of("all"))
            .exportPolicy(Optional.of("all"))
            .build();
    }

    private static int freePort() throws Exception
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }
}
