package net.junction.dataplane.port;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import net.junction.bindings.DpdkException;
import net.junction.bindings.Eal;
import net.junction.bindings.EthDev;
import net.junction.bindings.MacAddress;
import net.junction.bindings.Mempool;
import net.junction.bindings.dpdk.Dpdk;
import net.junction.dataplane.DataplaneSpec;
import net.junction.dataplane.EalArguments;
import net.junction.routing.Ip4;
import net.junction.routing.Ip6Address;

/**
 * The DPDK side of a data plane: EAL, the mbuf pool, every port configured and started, and per
 * port the TAP of its exception path carrying the port's MAC and addresses on the kernel side.
 * Control path only.
 */
public final class DpdkPorts implements AutoCloseable
{
    public static final int RX_DESCRIPTORS = 1024;
    public static final int TX_DESCRIPTORS = 1024;
    private static final int POOL_CACHE = 256;

    private final Mempool pool;
    private final List<EthDev> started = new ArrayList<>();
    private final EthDev[] dataPorts;
    private final EthDev[] taps;
    private final String[] tapNames;
    /** Per port index: an 802.1Q sub-interface, whose device is its parent's. */
    private final boolean[] vlan;
    private final PortTable portTable;
    private final DpdkPacketIo io;
    /** Per port, its bond's members (null for a plain port): configured by the bond, never used directly. */
    private final EthDev[][] bondMembers;
    private final BondLink[] bondLinks;
    private KernelClaim kernelClaim;

    private DpdkPorts(final Mempool pool, final EthDev[] dataPorts, final PortTable portTable)
    {
        this.pool = pool;
        this.dataPorts = dataPorts;
        this.taps = new EthDev[dataPorts.length];
        this.tapNames = new String[dataPorts.length];
        this.vlan = new boolean[dataPorts.length];
        this.portTable = portTable;
        io = new DpdkPacketIo(pool);
        bondMembers = new EthDev[dataPorts.length][];
        bondLinks = new BondLink[dataPorts.length];
    }

    /** Mbufs for every RX and TX ring, the workers' bursts and the slow path's queues, with room to spare. */
    static int poolSize(final DataplaneSpec spec)
    {
        final int workers = spec.cores().size();
        int descriptors = 0;
        for (final DataplaneSpec.Port port : spec.ports())
        {
            descriptors += port.isVlan() ? 0 : EalArguments.rxQueues(port, workers) * RX_DESCRIPTORS +
                EalArguments.txQueues(port, workers) * TX_DESCRIPTORS;
            if (port.exceptionPath())
            {
                descriptors += RX_DESCRIPTORS + TX_DESCRIPTORS;
            }
        }
        final int wanted = Math.max(spec.mbufs(), descriptors + workers * 4 * 64 + 8192);
        return (Integer.highestOneBit(wanted) << 1) - 1; // 2^n - 1 is the mempool's best size
    }

    public static DpdkPorts start(final DataplaneSpec spec, final List<String> ealArgs)
    {
        Eal.init(ealArgs);
        Mempool pool = null;
        final List<EthDev> opened = new ArrayList<>();
        final KernelClaim claim = new KernelClaim(spec.name());
        try
        {
            pool = Mempool.create("jn-" + spec.name(), poolSize(spec), POOL_CACHE,
                Dpdk.RTE_MBUF_DEFAULT_BUF_SIZE, Dpdk.SOCKET_ID_ANY);
            final int workers = spec.cores().size();
            final EthDev[] dataPorts = new EthDev[spec.ports().size()];
            final PortTable table = new PortTable(spec.ports().size());
            final DpdkPorts ports = new DpdkPorts(pool, dataPorts, table);
            for (int i = 0; i < spec.ports().size(); i++)
            {
                final DataplaneSpec.Port port = spec.ports().get(i);
                if (port.isVlan())
                {
                    // An 802.1Q sub-interface: its parent's device (started above: parents come first) and MAC.
                    final EthDev parent = dataPorts[port.parent()];
                    dataPorts[i] = parent;
                    ports.vlan[i] = true;
                    final int ip4 = port.ip4().isEmpty() ? 0 : port.ip4().getFirst().address();
                    final Ip6Address ip6 = port.ip6().isEmpty() ? Ip6Address.UNSPECIFIED : port.ip6().getFirst().address();
                    table.define(i, port.name(), parent.portId(), table.mac(port.parent()), port.mtu(), ip4, ip6.high(), ip6.low());
                    table.defineVlan(i, port.parent(), port.vlanId());
                    continue;
                }
                final EthDev dev = EthDev.byName(EalArguments.deviceName(port.device()));
                dataPorts[i] = dev;
                if (port.bond() != null)
                {
                    final List<String> members = port.bond().members();
                    ports.bondMembers[i] = new EthDev[members.size()];
                    for (int m = 0; m < members.size(); m++)
                    {
                        ports.bondMembers[i][m] = EthDev.byName(EalArguments.deviceName(members.get(m)));
                    }
                }
                dev.configure(EalArguments.rxQueues(port, workers), EalArguments.txQueues(port, workers));
                for (int q = 0; q < EalArguments.rxQueues(port, workers); q++)
                {
                    dev.setupRxQueue(q, RX_DESCRIPTORS, pool);
                }
                for (int q = 0; q < EalArguments.txQueues(port, workers); q++)
                {
                    dev.setupTxQueue(q, TX_DESCRIPTORS);
                }
                long mac = dev.macAddress().value();
                if (port.mac() >= 0 && port.mac() != mac)
                {
                    try
                    {
                        dev.macAddress(new MacAddress(port.mac()));
                    }
                    catch (final DpdkException ex)
                    {
                        // The router's MAC on the link is what the pipeline checks and writes;
                        // promiscuous RX makes the device's own filter irrelevant.
                        System.out.println("junction: port " + port.name() + ": device keeps its MAC (" + ex.getMessage() +
                            "); the router uses " + new MacAddress(port.mac()) + " on this link");
                    }
                    mac = port.mac();
                }
                trySet(() -> dev.mtu(port.mtu()), "port " + port.name() + ": MTU " + port.mtu());
                trySet(() -> dev.promiscuous(true), "port " + port.name() + ": promiscuous mode");
                trySet(() -> dev.allMulticast(true), "port " + port.name() + ": all-multicast");
                dev.start();
                opened.add(dev);
                ports.started.add(dev);
                final int ip4 = port.ip4().isEmpty() ? 0 : port.ip4().getFirst().address();
                final Ip6Address ip6 = port.ip6().isEmpty() ? Ip6Address.UNSPECIFIED : port.ip6().getFirst().address();
                table.define(i, port.name(), dev.portId(), mac, port.mtu(), ip4, ip6.high(), ip6.low());
            }
            // Before any TAP carries the router's addresses; a claim that cannot be made stops the start.
            ports.kernelClaim = claim;
            for (final DataplaneSpec.Port port : spec.ports())
            {
                for (final String iface : port.isVlan() ? List.<String>of() : EalArguments.afPacketInterfaces(port))
                {
                    claim.claim(iface);
                }
            }
            for (int i = 0; i < spec.ports().size(); i++)
            {
                final DataplaneSpec.Port port = spec.ports().get(i);
                if (!port.exceptionPath())
                {
                    continue;
                }
                final EthDev tap = EthDev.byName(EalArguments.tapDeviceName(i));
                tap.configure(1, 1);
                tap.setupRxQueue(0, RX_DESCRIPTORS, pool);
                tap.setupTxQueue(0, TX_DESCRIPTORS);
                tap.macAddress(new MacAddress(table.mac(i)));
                tap.mtu(port.mtu());
                tap.start();
                opened.add(tap);
                ports.started.add(tap);
                table.tapDevicePort(i, tap.portId());
                ports.taps[i] = tap;
                ports.tapNames[i] = EalArguments.tapName(port);
                configureKernelSide(EalArguments.tapName(port), port);
            }
            return ports;
        }
        catch (final RuntimeException ex)
        {
            for (final EthDev dev : opened)
            {
                try
                {
                    dev.stop();
                }
                catch (final RuntimeException ignored)
                {
                    // best effort while failing
                }
            }
            claim.close();
            throw ex;
        }
    }

    private static void trySet(final Runnable action, final String what)
    {
        try
        {
            action.run();
        }
        catch (final DpdkException ex)
        {
            System.out.println("junction: " + what + " not supported by the device: " + ex.getMessage());
        }
    }

    /**
     * The kernel's view of the exception path: the TAP up, no duplicate address detection (the
     * addresses are the router's, already defended on the wire by the data plane), the port's
     * addresses on it, so kernel sockets (BGP, SSH) bind to them.
     */
    static void configureKernelSide(final String tap, final DataplaneSpec.Port port)
    {
        // The slash form: a sub-interface's TAP name has a dot (jt-p0.100), which the dotted form would split.
        run("sysctl", "-q", "-w", "net/ipv6/conf/" + tap + "/accept_dad=0");
        run("sysctl", "-q", "-w", "net/ipv6/conf/" + tap + "/accept_ra=0");
        run("ip", "link", "set", "dev", tap, "mtu", Integer.toString(port.mtu()), "up");
        for (final DataplaneSpec.Ip4Interface address : port.ip4())
        {
            run("ip", "-4", "addr", "replace", Ip4.format(address.address()) + "/" + address.prefixLength(), "dev", tap);
        }
        for (final DataplaneSpec.Ip6Interface address : port.ip6())
        {
            run("ip", "-6", "addr", "replace", address.address() + "/" + address.prefixLength(), "dev", tap, "nodad");
        }
    }

    private static void run(final String... command)
    {
        final String failure = HostCommand.failure(command);
        if (failure != null)
        {
            throw new IllegalStateException(failure);
        }
    }

    /**
     * Sets a running port's MTU on the device ({@code rte_eth_dev_set_mtu}) and on its exception-path
     * TAP, all or nothing. Control path; the port and its queues keep running.
     *
     * @param port  port index.
     * @param mtu   the new MTU.
     * @param old   the MTU it has now, restored on the device when the TAP refuses.
     * @throws IllegalStateException naming the device that refused (net_af_packet refuses an MTU
     *     above its frame size, some PMDs any change while started); nothing was changed then.
     */
    public void mtu(final int port, final int mtu, final int old)
    {
        final EthDev dev = dataPorts[port];
        if (!vlan[port]) // a sub-interface's MTU is its own (at most its parent's): the device keeps the parent's
        {
            try
            {
                dev.mtu(mtu);
            }
            catch (final DpdkException ex)
            {
                throw new IllegalStateException("device " + dev.name() + " refused MTU " + mtu + " (" + ex.getMessage() + ")");
            }
        }
        final EthDev tap = taps[port];
        if (tap == null)
        {
            return;
        }
        try
        {
            tap.mtu(mtu);
        }
        catch (final DpdkException ex)
        {
            try
            {
                if (!vlan[port])
                {
                    dev.mtu(old);
                }
            }
            catch (final DpdkException ignored)
            {
                // it took the new MTU a moment ago; nothing more to do than report the first failure
            }
            throw new IllegalStateException("exception-path TAP " + tapNames[port] + " refused MTU " + mtu +
                " (" + ex.getMessage() + ")");
        }
    }

    /**
     * Makes the kernel side of a port's exception-path TAP carry exactly these addresses (kernel
     * sockets bind to them), adding before removing, all or nothing. Nothing to do without a TAP.
     *
     * @throws IllegalStateException with the command that failed; what it had done is undone.
     */
    public void tapAddresses(
        final int port, final List<DataplaneSpec.Ip4Interface> oldIp4, final List<DataplaneSpec.Ip6Interface> oldIp6,
        final List<DataplaneSpec.Ip4Interface> ip4, final List<DataplaneSpec.Ip6Interface> ip6)
    {
        final String tap = tapNames[port];
        if (tap == null)
        {
            return;
        }
        final List<String[]> undo = new ArrayList<>();
        try
        {
            for (final DataplaneSpec.Ip4Interface a : ip4)
            {
                if (!oldIp4.contains(a))
                {
                    final String text = Ip4.format(a.address()) + "/" + a.prefixLength();
                    run("ip", "-4", "addr", "replace", text, "dev", tap);
                    undo.add(new String[] {"ip", "-4", "addr", "del", text, "dev", tap});
                }
            }
            for (final DataplaneSpec.Ip6Interface a : ip6)
            {
                if (!oldIp6.contains(a))
                {
                    final String text = a.address() + "/" + a.prefixLength();
                    run("ip", "-6", "addr", "replace", text, "dev", tap, "nodad");
                    undo.add(new String[] {"ip", "-6", "addr", "del", text, "dev", tap});
                }
            }
            for (final DataplaneSpec.Ip4Interface a : oldIp4)
            {
                if (!ip4.contains(a))
                {
                    final String text = Ip4.format(a.address()) + "/" + a.prefixLength();
                    run("ip", "-4", "addr", "del", text, "dev", tap);
                    undo.add(new String[] {"ip", "-4", "addr", "replace", text, "dev", tap});
                }
            }
            for (final DataplaneSpec.Ip6Interface a : oldIp6)
            {
                if (!ip6.contains(a))
                {
                    final String text = a.address() + "/" + a.prefixLength();
                    run("ip", "-6", "addr", "del", text, "dev", tap);
                    undo.add(new String[] {"ip", "-6", "addr", "replace", text, "dev", tap, "nodad"});
                }
            }
        }
        catch (final IllegalStateException ex)
        {
            for (int i = undo.size() - 1; i >= 0; i--)
            {
                HostCommand.failure(undo.get(i)); // best effort: it is the reverse of a command that worked
            }
            throw ex;
        }
    }

    /** @return the device's counters (errors, missed) of a port. */
    public net.junction.bindings.PortStats stats(final int port)
    {
        return dataPorts[port].stats();
    }

    /** @return the link of a port as the device reports it. */
    public net.junction.bindings.LinkStatus link(final int port)
    {
        return dataPorts[port].link();
    }

    public PortTable portTable()
    {
        return portTable;
    }

    public DpdkPacketIo io()
    {
        return io;
    }

    public BooleanSupplier linkSource(final int port)
    {
        final EthDev dev = dataPorts[port];
        return () -> dev.link().up();
    }

    /**
     * The link of a bond port, which also takes a member whose carrier went out of the bond and back
     * ({@link BondLink}); read it from one thread (the link monitor's).
     *
     * @param port     a port that is a bond.
     * @param carrier  the carrier of a kernel interface (an af_packet member's {@code iface=}).
     * @param spec     the port as configured.
     * @param counters where its LACP gauges go.
     */
    public BooleanSupplier bondLink(final int port, final java.util.function.Function<String, BooleanSupplier> carrier,
        final DataplaneSpec.Port spec, final net.junction.dataplane.counters.CountersFile counters)
    {
        final List<String> members = spec.bond().members();
        final BooleanSupplier[] carriers = new BooleanSupplier[members.size()];
        for (int m = 0; m < members.size(); m++)
        {
            final String iface = EalArguments.afPacketInterface(members.get(m));
            carriers[m] = EalArguments.isAfPacket(members.get(m)) && iface != null ? carrier.apply(iface) : null;
        }
        final BondLink link = new BondLink(spec.name(), dataPorts[port], bondMembers[port], carriers, counters);
        bondLinks[port] = link;
        return link;
    }

    public void registerThread()
    {
        Eal.registerThread();
    }

    public void unregisterThread()
    {
        Eal.unregisterThread();
    }

    @Override
    public void close()
    {
        for (final EthDev dev : started)
        {
            try
            {
                dev.stop();
                dev.close();
            }
            catch (final RuntimeException ex)
            {
                System.err.println("junction: stopping " + dev + ": " + ex.getMessage());
            }
        }
        started.clear();
        if (kernelClaim != null)
        {
            kernelClaim.close();
        }
        pool.close();
        Eal.cleanup();
    }
}
