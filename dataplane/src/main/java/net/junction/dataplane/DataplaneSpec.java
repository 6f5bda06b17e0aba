package net.junction.dataplane;

import java.nio.file.Path;
import java.util.List;

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
 */
public record DataplaneSpec(
    String name,
    Path runDirectory,
    int memoryMb,
    boolean hugepages,
    List<String> extraEalArgs,
    List<Integer> cores,
    List<Port> ports,
    List<Neighbor> neighbors)
{
    /**
     * @param mac the router's MAC on this port, or -1 for the device's own.
     * @param ip4 the port's IPv4 addresses with their prefix lengths.
     * @param ip6 the port's IPv6 addresses with their prefix lengths.
     */
    public record Port(
        String name, String device, int queues, int mtu, long mac,
        List<Ip4Interface> ip4, List<Ip6Interface> ip6, boolean exceptionPath)
    {
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
