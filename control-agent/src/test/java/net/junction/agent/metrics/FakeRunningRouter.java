/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.metrics;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import net.junction.agent.journal.JournalWriter;
import net.junction.agent.router.RouterEvents;
import net.junction.agent.router.RunningRouter;
import net.junction.bgp.speaker.NeighborStatus;
import net.junction.routing.IpAddress;

/**
 * A router made of fixed figures for the metrics tests: two ports, three drop reasons, two workers,
 * RIB and FIB counts, two BGP neighbors and a route journal that dropped records. Fields are public so a test can change a figure between
 * scrapes; reads that the metrics never make throw.
 */
final class FakeRunningRouter implements RunningRouter
{
    volatile RouterStatus status = new RouterStatus("edge-1", "0.1.0-test", 3_600, 2, 2,
        Map.of("ipv4", 1_000_105L, "ipv6", 250_003L), Map.of("ipv4", 1_000_102L, "ipv6", 250_001L), 2, 1);
    volatile Map<String, Map<String, Long>> ribByProtocol = Map.of(
        "ipv4", Map.of("connected", 2L, "static", 3L, "ebgp", 1_000_100L),
        "ipv6", Map.of("connected", 1L, "ebgp", 250_002L));
    volatile List<InterfaceView> interfaces = List.of(
        new InterfaceView("p0", "net_af_packet0", "02:00:00:00:00:01", 1500, List.of("198.18.1.1/24"), true, 10_000,
            1_234_567, 987_654_321, 1_200_000, 876_543_210, 3, 4, 5, 6),
        new InterfaceView("p1", "net_af_packet1", "02:00:00:00:00:02", 9000, List.of("198.18.2.1/24", "2001:db8:2::1/64"),
            false, 0, 11, 2_222, 33, 4_444, 0, 0, 0, 7));
    volatile CountersView counters = new CountersView(
        Map.of("no_route", 17L, "ttl_exceeded", 2L, "bad_checksum", 0L),
        List.of(new WorkerView(2, 0.25, 600_000), new WorkerView(3, 0.75, 634_578)));
    volatile List<NeighborStatus> neighbors = List.of(
        new NeighborStatus("transit-a", "198.18.1.2", 64_512L, "established", 1_800,
            Map.of("ipv4-unicast", 1_000_100L, "ipv6-unicast", 250_002L),
            Map.of("ipv4-unicast", 1_000_000L, "ipv6-unicast", 250_000L),
            Map.of("ipv4-unicast", 5L, "ipv6-unicast", 1L), 12_345, 67, 2, false, ""),
        new NeighborStatus("peer-b", "2001:db8:2::2", 4_200_000_001L, "active", 0,
            Map.of("ipv4-unicast", 0L), Map.of("ipv4-unicast", 0L), Map.of("ipv4-unicast", 0L), 0, 0, 1, true,
            "Cease/Administrative Shutdown"));
    volatile RuntimeException neighborsFailure;
    volatile Optional<JournalWriter.Counters> journal = Optional.of(new JournalWriter.Counters(1_250_321, 17, 42));
    volatile List<IpNeighborView> ipNeighbors = List.of(
        new IpNeighborView("198.18.1.2", "ipv4", "p0", Optional.of("02:00:00:00:00:02"), "reachable", false,
            Optional.of(1_000L), Optional.of(10L), Optional.of(1_000L)),
        new IpNeighborView("198.18.1.3", "ipv4", "p0", Optional.of("02:00:00:00:00:03"), "reachable", false,
            Optional.of(2_000L), Optional.empty(), Optional.of(2_000L)),
        new IpNeighborView("198.18.2.2", "ipv4", "p1", Optional.of("02:00:00:00:00:09"), "permanent", true,
            Optional.empty(), Optional.empty(), Optional.empty()),
        new IpNeighborView("2001:db8:2::2", "ipv6", "p1", Optional.empty(), "incomplete", false,
            Optional.of(300L), Optional.empty(), Optional.of(300L)));
    volatile Optional<FibCheckView> fibCheck = Optional.of(new FibCheckView(
        new net.junction.agent.router.FibCheck.Result(3, 1_000_102, 250_001, 1_250_104, 1, 0, 2, List.of()),
        java.time.Instant.parse("2026-12-07T14:00:00.500Z")));
    /** None by default: the RPKI families are not on the dashboard test's scrape. */
    volatile net.junction.bgp.rpki.RpkiValidator.Status rpki = net.junction.bgp.rpki.RpkiValidator.Status.NONE;
    volatile BmpStatus bmp = new BmpStatus(List.of());

    @Override
    public RouterStatus status()
    {
        return status;
    }

    @Override
    public Map<String, Map<String, Long>> ribRoutesByProtocol()
    {
        return ribByProtocol;
    }

    @Override
    public List<InterfaceView> interfaces()
    {
        return interfaces;
    }

    @Override
    public CountersView counters()
    {
        return counters;
    }

    @Override
    public List<NeighborStatus> neighbors()
    {
        final RuntimeException failure = neighborsFailure;
        if (null != failure)
        {
            throw failure;
        }
        return neighbors;
    }

    @Override
    public List<IpNeighborView> ipNeighbors()
    {
        return ipNeighbors;
    }

    @Override
    public Optional<FibCheckView> fibCheck()
    {
        return fibCheck;
    }

    @Override
    public BmpStatus bmp()
    {
        return bmp;
    }

    @Override
    public net.junction.bgp.rpki.RpkiValidator.Status rpki()
    {
        return rpki;
    }

    /** The MRT recorder at work: two dumps, a log with 3 drops and a failure at 1700000000. */
    volatile Optional<net.junction.bgp.mrt.MrtRecorder.Status> mrt = Optional.of(new net.junction.bgp.mrt.MrtRecorder.Status(
        true, Optional.of(java.nio.file.Path.of("/var/lib/junction/mrt")), 2, 4096, 1, 120, 9000, 3, 4,
        "table dump bview.20231114.2200 failed: disk full", 1_700_000_000L));

    @Override
    public Optional<net.junction.bgp.mrt.MrtRecorder.Status> mrtStatus()
    {
        return mrt;
    }

    @Override
    public Optional<JournalWriter.Counters> journalCounters()
    {
        return journal;
    }

    @Override
    public RoutePage routes(final RouteQuery query)
    {
        throw new UnsupportedOperationException("metrics never page routes");
    }

    @Override
    public Optional<RouteView> lookup(final IpAddress address)
    {
        throw new UnsupportedOperationException("metrics never look up");
    }

    @Override
    public Optional<ExplanationView> explain(final IpAddress address)
    {
        throw new UnsupportedOperationException("metrics never explain");
    }

    @Override
    public Optional<ExplanationView> explain(final net.junction.routing.IpPrefix prefix)
    {
        throw new UnsupportedOperationException("metrics never explain");
    }

    @Override
    public RoutePage neighborRoutes(final String neighbor, final NeighborTable direction, final RouteQuery query)
    {
        throw new UnsupportedOperationException("metrics never page routes");
    }

    @Override
    public void resetNeighbor(final String neighbor, final boolean hard)
    {
        throw new UnsupportedOperationException("metrics are read-only");
    }

    @Override
    public void shutdownNeighbor(final String neighbor, final String message)
    {
        throw new UnsupportedOperationException("metrics are read-only");
    }

    @Override
    public void enableNeighbor(final String neighbor)
    {
        throw new UnsupportedOperationException("metrics are read-only");
    }

    @Override
    public RouterEvents events()
    {
        return new RouterEvents();
    }
}
