package net.junction.dataplane;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import net.junction.dataplane.copp.CoppPolicy;
import net.junction.routing.Ip6Address;

/**
 * What the data plane is asked to run: its ports, cores and DPDK memory. The control agent builds
 * it from the validated config; the data plane does not read YAML.
 *
 * @param name        instance name; the EAL file prefix and runtime files derive from it.
 * @param runDirectory where the counters file lives ({@code /run/junction/NAME}).
 * @param memoryMb    EAL {@code -m}.
 * @param hugepages   false: EAL runs with {@code --no-huge}.
 * @param extraEalArgs appended to the EAL arguments verbatim.
 * @param cores       one worker per CPU listed.
 * @param ports       data ports, in DPDK port order.
 * @param neighbors   static neighbor entries.
 * @param mbufs       packet buffers in the pool; 0 sizes it from the ports' queues. A larger
 *                    pool holds more packets in flight (a net_pcap {@code infinite_rx} port keeps
 *                    one per packet of its file).
 * @param poll        how a worker waits when a duty cycle found no packet.
 * @param copp        control-plane policing: the exception path's rates per class and the BGP neighbors' addresses.
 */
public record DataplaneSpec(
    String name,
    Path runDirectory,
    int memoryMb,
    boolean hugepages,
    List<String> extraEalArgs,
    List<Integer> cores,
    List<Port> ports,
    List<Neighbor> neighbors,
    int mbufs,
    Poll poll,
    CoppPolicy copp)
{
    /** How a worker waits when a duty cycle found no packet. */
    public enum Poll
    {
        /** Spins while traffic is recent, then sleeps up to 100 us at a time ({@code AdaptivePoll}). */
        ADAPTIVE,
        /** Always spins: lowest latency, one CPU per worker at 100% even with no traffic. */
        BUSY
    }

    /** Most mbufs a pool may be asked for. */
    public static final int MAX_MBUFS = 1 << 24;

    public DataplaneSpec
    {
        if (mbufs < 0 || mbufs > MAX_MBUFS)
        {
            throw new IllegalArgumentException("mbufs must be 0 (automatic) or up to " + MAX_MBUFS + ": " + mbufs);
        }
        Objects.requireNonNull(poll, "poll");
        for (int p = 0; p < ports.size(); p++)
        {
            final Port port = ports.get(p);
            if (port.isVlan() && (port.parent() >= p || ports.get(port.parent()).isVlan() ||
                port.vlanId() < 1 || port.vlanId() > 4094))
            {
                throw new IllegalArgumentException("port " + port.name() + ": a sub-interface needs a physical port " +
                    "listed before it and a VLAN id 1..4094");
            }
        }
        Objects.requireNonNull(copp, "copp");
    }

    /** A spec whose exception path is policed at the default rates ({@link CoppPolicy#DEFAULTS}). */
    public DataplaneSpec(
        final String name, final Path runDirectory, final int memoryMb, final boolean hugepages,
        final List<String> extraEalArgs, final List<Integer> cores, final List<Port> ports, final List<Neighbor> neighbors,
        final int mbufs, final Poll poll)
    {
        this(name, runDirectory, memoryMb, hugepages, extraEalArgs, cores, ports, neighbors, mbufs, poll, CoppPolicy.DEFAULTS);
    }

    /** A spec whose workers poll adaptively. */
    public DataplaneSpec(
        final String name, final Path runDirectory, final int memoryMb, final boolean hugepages,
        final List<String> extraEalArgs, final List<Integer> cores, final List<Port> ports, final List<Neighbor> neighbors,
        final int mbufs)
    {
        this(name, runDirectory, memoryMb, hugepages, extraEalArgs, cores, ports, neighbors, mbufs, Poll.ADAPTIVE);
    }

    /** A spec with an automatically sized pool. */
    public DataplaneSpec(
        final String name, final Path runDirectory, final int memoryMb, final boolean hugepages,
        final List<String> extraEalArgs, final List<Integer> cores, final List<Port> ports, final List<Neighbor> neighbors)
    {
        this(name, runDirectory, memoryMb, hugepages, extraEalArgs, cores, ports, neighbors, 0);
    }

    /**
     * @param mac the router's MAC on this port, or -1 for the device's own.
     * @param ip4 the port's IPv4 addresses with their prefix lengths.
     * @param ip6 the port's IPv6 addresses with their prefix lengths.
     * @param parent for an 802.1Q sub-interface, the index of its physical port (which comes earlier in
     *               {@link #ports}); -1 for a physical port.
     * @param vlanId for a sub-interface, its VLAN id (1..4094); 0 for a physical port. A sub-interface has
     *               its parent's device and MAC, and its own index, addresses, MTU and exception-path TAP.
     * @param bond   the members when the port is a link aggregation ({@code device} is then the bond's own
     *               {@code net_bonding} vdev, {@link EalArguments#bondDevice}), or null for a plain device
     *               (and for a sub-interface: its parent's device is a bond or not).
     */
    public record Port(
        String name, String device, int queues, int mtu, long mac,
        List<Ip4Interface> ip4, List<Ip6Interface> ip6, boolean exceptionPath, int parent, int vlanId, Bond bond)
    {
        /** A physical port on one device. */
        public Port(
            final String name, final String device, final int queues, final int mtu, final long mac,
            final List<Ip4Interface> ip4, final List<Ip6Interface> ip6, final boolean exceptionPath)
        {
            this(name, device, queues, mtu, mac, ip4, ip6, exceptionPath, -1, 0, null);
        }

        /** A physical port: the link aggregation {@code bond}, or one device when it is null. */
        public Port(
            final String name, final String device, final int queues, final int mtu, final long mac,
            final List<Ip4Interface> ip4, final List<Ip6Interface> ip6, final boolean exceptionPath, final Bond bond)
        {
            this(name, device, queues, mtu, mac, ip4, ip6, exceptionPath, -1, 0, bond);
        }

        /** A physical port on one device ({@code parent} -1) or an 802.1Q sub-interface. */
        public Port(
            final String name, final String device, final int queues, final int mtu, final long mac,
            final List<Ip4Interface> ip4, final List<Ip6Interface> ip6, final boolean exceptionPath, final int parent,
            final int vlanId)
        {
            this(name, device, queues, mtu, mac, ip4, ip6, exceptionPath, parent, vlanId, null);
        }

        /** @return true for an 802.1Q sub-interface of another port. */
        public boolean isVlan()
        {
            return parent >= 0;
        }

        /** @return the same port with other MTU and addresses (a commit's live change). */
        public Port with(final int newMtu, final List<Ip4Interface> newIp4, final List<Ip6Interface> newIp6)
        {
            return new Port(name, device, queues, newMtu, mac, newIp4, newIp6, exceptionPath, parent, vlanId, bond);
        }
    }

    /**
     * A port that is an IEEE 802.3ad (LACP) link aggregation of DPDK devices, run by DPDK's bonding PMD
     * in mode 4. The members are the bond's alone: the router never bursts on them.
     *
     * @param members the member devices (vdev strings or PCI addresses), at least one, distinct.
     */
    public record Bond(List<String> members)
    {
        public Bond
        {
            members = List.copyOf(members);
            if (members.isEmpty())
            {
                throw new IllegalArgumentException("a bond needs at least one member");
            }
        }
    }

    /** An IPv4 address on a port, as {@code 198.18.1.1/24}. */
    public record Ip4Interface(int address, int prefixLength)
    {
    }

    /** An IPv6 address on a port, as {@code 2001:db8:1::1/64}. */
    public record Ip6Interface(Ip6Address address, int prefixLength)
    {
    }

    /** A static neighbor entry (never aged). {@code ip6} is null for IPv4. */
    public record Neighbor(int port, int ip4, Ip6Address ip6, long mac)
    {
    }
}
