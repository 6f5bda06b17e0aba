package net.junction.agent.router;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.junction.agent.config.DpdkConfig;
import net.junction.agent.config.JunctionConfig;
import net.junction.agent.config.PortConfig;
import net.junction.agent.config.StaticNeighbor;
import net.junction.agent.config.StaticRoute;
import net.junction.dataplane.DataplaneSpec;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.Ip4Address;
import net.junction.routing.Ip4InterfaceAddress;
import net.junction.routing.Ip6Address;
import net.junction.routing.Ip6InterfaceAddress;
import net.junction.routing.NextHop;
import net.junction.routing.rib.Rib;
import net.junction.routing.rib.RouteSource;

/**
 * From the validated config to what each part runs: the data plane's spec (ports by index in
 * config order), and the routes the RIB starts with (connected and local routes of the ports'
 * addresses, static routes).
 */
public final class SpecMapping
{
    private SpecMapping()
    {
    }

    public static DataplaneSpec dataplaneSpec(final JunctionConfig config, final Path runDirectory)
    {
        final List<DataplaneSpec.Port> ports = new ArrayList<>();
        for (final PortConfig port : config.ports())
        {
            ports.add(portSpec(port));
        }
        final List<DataplaneSpec.Neighbor> neighbors = new ArrayList<>();
        for (final StaticNeighbor neighbor : config.neighbors())
        {
            neighbors.add(neighborSpec(config, neighbor));
        }
        return new DataplaneSpec(config.name(), runDirectory, config.dpdk().memoryMb(), config.dpdk().hugepages(),
            config.dpdk().extraArgs(), config.cores(), ports, neighbors, config.dpdk().mbufs(),
            config.dpdk().poll() == DpdkConfig.Poll.BUSY ? DataplaneSpec.Poll.BUSY : DataplaneSpec.Poll.ADAPTIVE);
    }

    /** @return what the data plane runs for a port of the config. */
    public static DataplaneSpec.Port portSpec(final PortConfig port)
    {
        final List<DataplaneSpec.Ip4Interface> ip4 = new ArrayList<>();
        final List<DataplaneSpec.Ip6Interface> ip6 = new ArrayList<>();
        for (final InterfaceAddress address : port.addresses())
        {
            switch (address)
            {
                case Ip4InterfaceAddress a -> ip4.add(new DataplaneSpec.Ip4Interface(a.address(), a.network().length()));
                case Ip6InterfaceAddress a -> ip6.add(new DataplaneSpec.Ip6Interface(a.address(), a.network().length()));
            }
        }
        return new DataplaneSpec.Port(port.name(), port.device(), port.queues(), port.mtu(),
            port.mac().orElse(-1L), List.copyOf(ip4), List.copyOf(ip6), port.exceptionPath(),
            port.bondMembers().isEmpty() ? null : new DataplaneSpec.Bond(port.bondMembers()));
    }

    /**
     * Make a data plane run this configuration's port MTUs and addresses, as a control plane that connects to a
     * data plane of another process does first: that data plane started from its configuration file, which
     * later commits may have changed (docs/dataplane.md "Two processes"). Each change is one of the data plane's
     * live changes (all or nothing each).
     *
     * @param config    the running configuration.
     * @param dataplane the data plane, as it runs.
     * @return what was changed, one line each ({@code ports[0].mtu 1500 -> 9000}); empty when it ran the config.
     * @throws IllegalStateException when it runs other ports (added, removed, renamed or on other devices: a
     *                               data plane restart), or refuses a change.
     */
    public static List<String> reconcilePorts(final JunctionConfig config, final DataplaneControl dataplane)
    {
        final List<PortConfig> ports = config.ports();
        final List<String> runs = new ArrayList<>();
        for (int i = 0; i < dataplane.portCount(); i++)
        {
            runs.add(dataplane.port(i).name() + "@" + dataplane.port(i).device());
        }
        final List<String> wanted = ports.stream().map(p -> p.name() + "@" + p.device()).toList();
        if (!runs.equals(wanted))
        {
            throw new IllegalStateException("the data plane runs ports " + runs + ", the running configuration has " +
                wanted + ": adding, removing or moving a port needs the data plane's restart");
        }
        final List<String> changes = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++)
        {
            final DataplaneSpec.Port running = dataplane.port(i);
            final DataplaneSpec.Port want = portSpec(ports.get(i));
            if (running.mtu() != want.mtu())
            {
                dataplane.mtu(i, want.mtu());
                changes.add("ports[" + i + "].mtu " + running.mtu() + " -> " + want.mtu());
            }
            if (!running.ip4().equals(want.ip4()) || !running.ip6().equals(want.ip6()))
            {
                dataplane.portAddresses(i, want.ip4(), want.ip6());
                changes.add("ports[" + i + "].addresses " + (running.ip4().size() + running.ip6().size()) + " -> " +
                    (want.ip4().size() + want.ip6().size()) + " (as committed)");
            }
        }
        return changes;
    }

    /** @return the data plane's entry for a static neighbor of the config. */
    public static DataplaneSpec.Neighbor neighborSpec(final JunctionConfig config, final StaticNeighbor neighbor)
    {
        final int port = portIndex(config, neighbor.port());
        return switch (neighbor.address())
        {
            case Ip4Address a -> new DataplaneSpec.Neighbor(port, a.value(), null, neighbor.mac());
            case Ip6Address a -> new DataplaneSpec.Neighbor(port, 0, a, neighbor.mac());
        };
    }

    static int portIndex(final JunctionConfig config, final String name)
    {
        for (int i = 0; i < config.ports().size(); i++)
        {
            if (config.ports().get(i).name().equals(name))
            {
                return i;
            }
        }
        throw new IllegalArgumentException("no port named " + name); // the validator guarantees it exists
    }

    /** Loads the config's routes into the RIB, in one FIB batch. */
    public static void loadRoutes(final JunctionConfig config, final Rib rib)
    {
        rib.batch(() ->
        {
            for (int i = 0; i < config.ports().size(); i++)
            {
                for (final InterfaceAddress address : config.ports().get(i).addresses())
                {
                    rib.addInterfaceAddress(i, address);
                }
            }
            for (final StaticRoute route : config.routes())
            {
                setStaticRoute(config, rib, route);
            }
        });
    }

    /**
     * Adds a static route of the config to the RIB, or replaces the static route of its prefix (in
     * place: the RIB holds one route per source and prefix).
     */
    public static void setStaticRoute(final JunctionConfig config, final Rib rib, final StaticRoute route)
    {
        if (route.blackhole())
        {
            rib.addRoute(RouteSource.STATIC, route.prefix(), NextHop.BLACKHOLE, 0);
        }
        else if (route.interfaceName().isPresent())
        {
            rib.addRoute(RouteSource.STATIC, route.prefix(), new NextHop.Direct(portIndex(config, route.interfaceName().get())), 0);
        }
        else
        {
            rib.addRouteVia(RouteSource.STATIC, route.prefix(), route.via(), RouteSource.STATIC.distance(), 0);
        }
    }
}
