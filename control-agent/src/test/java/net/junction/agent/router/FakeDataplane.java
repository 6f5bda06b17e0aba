/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.junction.dataplane.Dataplane;
import net.junction.dataplane.DataplaneSpec;
import net.junction.dataplane.fib.FibSnapshot;

/** The data plane as {@link LiveRouter} sees it, in memory; told to refuse a kind of change. */
class FakeDataplane implements DataplaneControl
{
    final DataplaneSpec.Port[] ports;
    final Set<DataplaneSpec.Neighbor> neighbors = new LinkedHashSet<>();
    final List<String> calls = new ArrayList<>();
    /** ARP/ND states by "PORT ADDRESS"; "none" for the others. */
    final Map<String, String> neighborStates = new LinkedHashMap<>();
    String refuse = "";
    List<Dataplane.WorkerSample> workers = List.of(new Dataplane.WorkerSample(1, 0, 0, 0));
    /** What {@link #fibSnapshot} reads back. */
    FibSnapshot fib = new FibSnapshot.Builder(0, 0, 0, false, 0).build();
    /** What {@link #neighbors()} reads back. */
    final List<Dataplane.NeighborEntry> neighborEntries = new ArrayList<>();

    /** The capture a {@code capture} request switches on; a test writes its ring as a worker would. */
    final net.junction.dataplane.capture.Capture capture = new net.junction.dataplane.capture.Capture(1, 1 << 16);

    @Override
    public net.junction.dataplane.capture.Capture capture()
    {
        return capture;
    }

    /** The control-plane policing as it "runs". */
    net.junction.dataplane.copp.CoppPolicy copp;

    /** What {@link #coppPassed()} reads back. */
    final Map<String, Long> coppPassed = new LinkedHashMap<>(Map.of("bgp", 0L, "icmp-nd-arp", 0L, "other", 0L));

    @Override
    public Map<String, Long> coppPassed()
    {
        return coppPassed;
    }

    @Override
    public net.junction.dataplane.copp.CoppPolicy copp()
    {
        return copp;
    }

    @Override
    public void copp(final net.junction.dataplane.copp.CoppPolicy policy)
    {
        maybeRefuse("copp");
        copp = policy;
    }

    FakeDataplane(final DataplaneSpec spec)
    {
        copp = spec.copp();
        ports = spec.ports().toArray(DataplaneSpec.Port[]::new);
        neighbors.addAll(spec.neighbors());
    }

    @Override
    public int portCount()
    {
        return ports.length;
    }

    @Override
    public long fibBatchesApplied()
    {
        return 0;
    }

    @Override
    public long fibEpoch()
    {
        return 0;
    }

    @Override
    public void drainFibLatency(final org.HdrHistogram.Histogram target)
    {
    }

    private void maybeRefuse(final String what)
    {
        if (what.startsWith(refuse) && !refuse.isEmpty())
        {
            throw new IllegalStateException("refused " + what);
        }
        calls.add(what);
    }

    @Override
    public DataplaneSpec.Port port(final int port)
    {
        return ports[port];
    }

    @Override
    public long mac(final int port)
    {
        return 0x020000000001L + port;
    }

    @Override
    public void mtu(final int port, final int mtu)
    {
        maybeRefuse("mtu " + port + " " + mtu);
        final DataplaneSpec.Port p = ports[port];
        ports[port] = new DataplaneSpec.Port(p.name(), p.device(), p.queues(), mtu, p.mac(), p.ip4(), p.ip6(), p.exceptionPath());
    }

    @Override
    public void portAddresses(final int port, final List<DataplaneSpec.Ip4Interface> ip4, final List<DataplaneSpec.Ip6Interface> ip6)
    {
        maybeRefuse("addresses " + port);
        final DataplaneSpec.Port p = ports[port];
        ports[port] = new DataplaneSpec.Port(p.name(), p.device(), p.queues(), p.mtu(), p.mac(), ip4, ip6, p.exceptionPath());
    }

    @Override
    public void addStaticNeighbor(final DataplaneSpec.Neighbor neighbor)
    {
        maybeRefuse("neighbor+ " + neighbor);
        neighbors.removeIf(n -> n.port() == neighbor.port() && n.ip4() == neighbor.ip4() &&
            java.util.Objects.equals(n.ip6(), neighbor.ip6()));
        neighbors.add(neighbor);
    }

    @Override
    public void removeStaticNeighbor(final DataplaneSpec.Neighbor neighbor)
    {
        maybeRefuse("neighbor- " + neighbor);
        neighbors.remove(neighbor);
    }

    @Override
    public Dataplane.PortCounters portCounters(final int port)
    {
        return new Dataplane.PortCounters(10 + port, 1000, 20, 2000, 1, 2, 3, true, 10_000);
    }

    @Override
    public Map<String, Long> drops()
    {
        final Map<String, Long> drops = new LinkedHashMap<>();
        drops.put("no_route", 5L);
        drops.put("ttl_exceeded", 0L);
        return drops;
    }

    @Override
    public List<Dataplane.WorkerSample> workers()
    {
        return workers;
    }

    @Override
    public long fibRoutes(final boolean ipv4)
    {
        return ipv4 ? 7 : 3;
    }

    @Override
    public java.util.Optional<String> neighborState(final int port, final net.junction.routing.IpAddress address)
    {
        return java.util.Optional.of(neighborStates.getOrDefault(port + " " + address, "none"));
    }

    @Override
    public FibSnapshot fibSnapshot()
    {
        maybeRefuse("fibSnapshot");
        return fib;
    }

    @Override
    public List<Dataplane.NeighborEntry> neighbors()
    {
        return List.copyOf(neighborEntries);
    }
}
