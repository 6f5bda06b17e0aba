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
import net.junction.dataplane.copp.CoppPolicy;
import net.junction.bgp.config.PeerConfig;
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
            ports.add(portSpec(config, port));
        }
        final List<DataplaneSpec.Neighbor> neighbors = new ArrayList<>();
        for (final StaticNeighbor neighbor : config.neighbors())
        {
            neighbors.add(neighborSpec(config, neighbor));
        }
        return new DataplaneSpec(config.name(), runDirectory, config.dpdk().memoryMb(), config.dpdk().hugepages(),
            config.dpdk().extraArgs(), config.cores(), ports, neighbors, config.dpdk().mbufs(),
            config.dpdk().poll() == DpdkConfig.Poll.BUSY ? DataplaneSpec.Poll.BUSY : DataplaneSpec.Poll.ADAPTIVE,
            coppPolicy(config));
    }

    /**
     * @return the control-plane policing the data plane runs for a config: the {@code copp} section's rates and the
     *     {@code bgp.neighbors}' addresses (their packets to and from port 179 are the {@code bgp} class).
     */
    public static CoppPolicy coppPolicy(final JunctionConfig config)
    {
        final List<Integer> four = new ArrayList<>();
        final List<Ip6Address> six = new ArrayList<>();
        config.bgp().ifPresent(bgp ->
        {
            for (final PeerConfig peer : bgp.neighbors())
            {
                switch (peer.remoteAddress())
                {
                    case Ip4Address a -> four.add(a.value());
                    case Ip6Address a -> six.add(a);
                }
            }
        });
        return new CoppPolicy(config.copp().bgp(), config.copp().icmpNdArp(), config.copp().other(), four, six);
    }

    /**
     * Make a data plane of another process run this configuration's control-plane policing (it started from its
     * file, which commits may have changed since).
     *
     * @return what was changed, one line; empty when it ran the config's.
     */
    public static List<String> reconcileCopp(final JunctionConfig config, final DataplaneControl dataplane)
    {
        final CoppPolicy want = coppPolicy(config);
        final CoppPolicy running = dataplane.copp();
        if (running.equals(want))
        {
            return List.of();
        }
        dataplane.copp(want);
        return List.of("copp (" + running.bgpNeighbors4().size() + "+" + running.bgpNeighbors6().size() + " BGP neighbors -> " +
            want.bgpNeighbors4().size() + "+" + want.bgpNeighbors6().size() + ", rates as committed)");
    }

    /**
     * @return what the data plane runs for a port of the config, an 802.1Q sub-interface with its parent's index.
     */
    public static DataplaneSpec.Port portSpec(final JunctionConfig config, final PortConfig port)
    {
        final DataplaneSpec.Port spec = portSpec(port);
        return port.isVlan() ?
            new DataplaneSpec.Port(spec.name(), spec.device(), spec.queues(), spec.mtu(), spec.mac(), spec.ip4(), spec.ip6(),
                spec.exceptionPath(), portIndex(config, port.parent().orElseThrow()), port.vlanId()) :
            spec;
    }

    /** @return what the data plane runs for a port of the config, as a physical port (its MTU and addresses). */
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

    /**
     * Make a data plane hold exactly this configuration's static neighbors, as a control plane that connects to a
     * data plane of another process does after {@link #reconcilePorts}: the data plane started from its file, and an
     * earlier control plane may have changed its static neighbors (a commit it applied, then crashed before storing)
     * or left them as another commit had them. Read back through the reverse stream ({@code neighbors}, state
     * {@code permanent}): a static neighbor the data plane lacks, or holds with another MAC or as a learned entry, is
     * pushed; one it holds that the configuration has not is removed (resolved again when next used). Removals come
     * first, then additions, in configuration order.
     *
     * @param config    the running configuration (ports already reconciled).
     * @param dataplane the data plane, as it runs.
     * @return what was changed, one line each ({@code 198.18.2.2 on p1 is 02:00:00:00:00:02: added}); empty when
     *     it held the configuration's.
     * @throws IllegalStateException when the data plane cannot be read or refuses a change; the changes before it
     *                               stay made, each a whole one.
     */
    public static List<String> reconcileNeighbors(final JunctionConfig config, final DataplaneControl dataplane)
    {
        final java.util.Map<String, net.junction.dataplane.Dataplane.NeighborEntry> held = new java.util.LinkedHashMap<>();
        for (final net.junction.dataplane.Dataplane.NeighborEntry entry : dataplane.neighbors())
        {
            held.put(entry.port() + "|" + entry.address(), entry);
        }
        final java.util.Map<String, StaticNeighbor> wanted = new java.util.LinkedHashMap<>();
        for (final StaticNeighbor neighbor : config.neighbors())
        {
            wanted.put(portIndex(config, neighbor.port()) + "|" + neighbor.address(), neighbor);
        }
        final List<String> changes = new ArrayList<>();
        for (final java.util.Map.Entry<String, net.junction.dataplane.Dataplane.NeighborEntry> h : held.entrySet())
        {
            final net.junction.dataplane.Dataplane.NeighborEntry entry = h.getValue();
            if (entry.permanent() && !wanted.containsKey(h.getKey()))
            {
                final String port = entry.port() < config.ports().size() ? config.ports().get(entry.port()).name() :
                    "port " + entry.port();
                final DataplaneSpec.Neighbor gone = switch (entry.address())
                {
                    case Ip4Address a -> new DataplaneSpec.Neighbor(entry.port(), a.value(), null, entry.mac());
                    case Ip6Address a -> new DataplaneSpec.Neighbor(entry.port(), 0, a, entry.mac());
                };
                applyNeighbor(() -> dataplane.removeStaticNeighbor(gone), "remove", entry.address() + " on " + port);
                changes.add(entry.address() + " on " + port + " is " +
                    LiveRouter.macText(entry.mac()) + ": removed (not in the running configuration)");
            }
        }
        for (final java.util.Map.Entry<String, StaticNeighbor> w : wanted.entrySet())
        {
            final StaticNeighbor neighbor = w.getValue();
            final net.junction.dataplane.Dataplane.NeighborEntry entry = held.get(w.getKey());
            if (null != entry && entry.permanent() && entry.mac() == neighbor.mac())
            {
                continue;
            }
            final DataplaneSpec.Neighbor spec = neighborSpec(config, neighbor);
            applyNeighbor(() -> dataplane.addStaticNeighbor(spec), "add", neighbor.describe());
            changes.add(neighbor.describe() + ": " + (null == entry ? "added (the data plane had no entry)" :
                entry.permanent() ? "set (the data plane had it static at " +
                    LiveRouter.macText(entry.mac()) + ")" :
                "set static (the data plane had it " + entry.state() + ", learned)"));
        }
        return changes;
    }

    private static void applyNeighbor(final Runnable change, final String what, final String neighbor)
    {
        try
        {
            change.run();
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalStateException("the data plane refused to " + what + " the static neighbor " + neighbor + ": " +
                ex.getMessage(), ex);
        }
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
