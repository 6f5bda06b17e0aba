/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import net.junction.dataplane.Dataplane;
import net.junction.dataplane.capture.Capture;
import net.junction.dataplane.DataplaneSpec;
import net.junction.dataplane.copp.CoppPolicy;
import net.junction.dataplane.fib.FibSnapshot;
import net.junction.routing.IpAddress;
import org.HdrHistogram.Histogram;

/**
 * What {@link LiveRouter} changes in and reads from the running data plane: {@link Dataplane}'s
 * live methods, behind an interface so the applier's ordering and undo are tested with a fake.
 * Every change is all or nothing and, when it throws, changed nothing.
 */
public interface DataplaneControl
{
    /** @return the port as it runs now. */
    DataplaneSpec.Port port(int port);

    /** @return how many ports it runs. */
    int portCount();

    /** @return FIB batches applied since the data plane started. */
    long fibBatchesApplied();

    /** @return the epoch of the FIB's last resync begun, 0 before any. */
    long fibEpoch();

    /**
     * Move the UPDATE-to-FIB latencies recorded since the last call into {@code target}
     * ({@link net.junction.dataplane.fib.FibApplyLatency#drainInto}).
     *
     * @param target where they go.
     */
    void drainFibLatency(Histogram target);

    /** @return the router's MAC on the port. */
    long mac(int port);

    /** @throws IllegalStateException when the device or its TAP refuses; nothing changed then. */
    void mtu(int port, int mtu);

    /** @throws IllegalStateException when a step fails; nothing changed then. */
    void portAddresses(int port, List<DataplaneSpec.Ip4Interface> ip4, List<DataplaneSpec.Ip6Interface> ip6);

    void addStaticNeighbor(DataplaneSpec.Neighbor neighbor);

    void removeStaticNeighbor(DataplaneSpec.Neighbor neighbor);

    /** @return the control-plane policing as it runs (rates per class, BGP neighbors' addresses). */
    CoppPolicy copp();

    /**
     * Change the control-plane policing: every worker takes it between two cycles.
     *
     * @throws IllegalStateException when a worker did not take it; nothing changed then.
     */
    void copp(CoppPolicy policy);

    Dataplane.PortCounters portCounters(int port);

    Map<String, Long> drops();

    /** @return control-plane policing's packets let through, by class ({@code bgp}, {@code icmp-nd-arp}, {@code other}). */
    Map<String, Long> coppPassed();

    List<Dataplane.WorkerSample> workers();

    long fibRoutes(boolean ipv4);

    /**
     * @param port    a port.
     * @param address a gateway on it.
     * @return its ARP/ND state ({@code reachable}, {@code incomplete}, {@code none}, ...), or empty when
     *     this data plane cannot tell.
     */
    default Optional<String> neighborState(final int port, final IpAddress address)
    {
        return Optional.empty();
    }

    /**
     * Read the FIB back: every route with its next hops, copied on the FIB writer's thread, so what the workers
     * forward on at one instant (docs/dataplane.md "The reverse stream").
     *
     * @return the copy.
     * @throws IllegalStateException when the data plane could not take it.
     */
    FibSnapshot fibSnapshot();

    /**
     * @return the ARP and ND entries the data plane holds (state {@code none} left out).
     */
    List<Dataplane.NeighborEntry> neighbors();

    /**
     * A port as it runs and its state now.
     *
     * @param port     name, MTU, addresses.
     * @param counters packets, errors, link up or down.
     */
    record PortState(DataplaneSpec.Port port, Dataplane.PortCounters counters)
    {
    }

    /**
     * @return every port as it runs, with its link and counters, in port order.
     */
    default List<PortState> ports()
    {
        final List<PortState> ports = new java.util.ArrayList<>();
        for (int p = 0; p < portCount(); p++)
        {
            ports.add(new PortState(port(p), portCounters(p)));
        }
        return ports;
    }

    /**
     * @return the data plane's packet capture (docs/dataplane.md "Packet capture").
     * @throws UnsupportedOperationException when this data plane cannot capture (not in this process).
     */
    default Capture capture()
    {
        throw new UnsupportedOperationException("this data plane cannot capture here");
    }

    /**
     * @param dataplane a started data plane.
     * @return it, as this interface.
     */
    static DataplaneControl of(final Dataplane dataplane)
    {
        return new DataplaneControl()
        {
            @Override
            public Capture capture()
            {
                return dataplane.capture();
            }

            @Override
            public DataplaneSpec.Port port(final int port)
            {
                return dataplane.port(port);
            }

            @Override
            public int portCount()
            {
                return dataplane.portCount();
            }

            @Override
            public long fibBatchesApplied()
            {
                return dataplane.fibBatchesApplied();
            }

            @Override
            public long fibEpoch()
            {
                return dataplane.fibEpoch();
            }

            @Override
            public void drainFibLatency(final Histogram target)
            {
                dataplane.fibApplyLatency().drainInto(target);
            }

            @Override
            public long mac(final int port)
            {
                return dataplane.mac(port);
            }

            @Override
            public void mtu(final int port, final int mtu)
            {
                dataplane.mtu(port, mtu);
            }

            @Override
            public void portAddresses(
                final int port, final List<DataplaneSpec.Ip4Interface> ip4, final List<DataplaneSpec.Ip6Interface> ip6)
            {
                dataplane.portAddresses(port, ip4, ip6);
            }

            @Override
            public void addStaticNeighbor(final DataplaneSpec.Neighbor neighbor)
            {
                dataplane.addStaticNeighbor(neighbor);
            }

            @Override
            public void removeStaticNeighbor(final DataplaneSpec.Neighbor neighbor)
            {
                dataplane.removeStaticNeighbor(neighbor);
            }

            @Override
            public CoppPolicy copp()
            {
                return dataplane.copp();
            }

            @Override
            public void copp(final CoppPolicy policy)
            {
                dataplane.copp(policy);
            }

            @Override
            public Dataplane.PortCounters portCounters(final int port)
            {
                return dataplane.portCounters(port);
            }

            @Override
            public Map<String, Long> drops()
            {
                return dataplane.drops();
            }

            @Override
            public Map<String, Long> coppPassed()
            {
                return dataplane.coppPassed();
            }

            @Override
            public List<Dataplane.WorkerSample> workers()
            {
                return dataplane.workers();
            }

            @Override
            public long fibRoutes(final boolean ipv4)
            {
                return dataplane.fibRoutes(ipv4);
            }

            @Override
            public Optional<String> neighborState(final int port, final IpAddress address)
            {
                return Optional.of(dataplane.neighborState(port, address));
            }

            @Override
            public FibSnapshot fibSnapshot()
            {
                return dataplane.fibSnapshot();
            }

            @Override
            public List<Dataplane.NeighborEntry> neighbors()
            {
                return dataplane.neighbors();
            }
        };
    }
}
