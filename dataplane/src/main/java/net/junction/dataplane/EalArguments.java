package net.junction.dataplane;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The EAL command line of a data plane, and the device plan behind it: which DPDK device each
 * port is, how many queues it gets, and the TAP of its exception path. Pure functions of the spec,
 * so they are tested without starting DPDK (a bad EAL argument can end the process).
 */
public final class EalArguments
{
    private static final Pattern PCI = Pattern.compile("^([0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]$");

    private EalArguments()
    {
    }

    public static boolean isPci(final String device)
    {
        final int comma = device.indexOf(',');
        return PCI.matcher(comma < 0 ? device : device.substring(0, comma)).matches();
    }

    /** The DPDK device name a port is found by: the vdev name or the PCI address. */
    public static String deviceName(final String device)
    {
        final int comma = device.indexOf(',');
        return comma < 0 ? device : device.substring(0, comma);
    }

    public static boolean isAfPacket(final String device)
    {
        return deviceName(device).startsWith("net_af_packet");
    }

    /** The kernel interface an af_packet device reads ({@code iface=}), or null. */
    public static String afPacketInterface(final String device)
    {
        for (final String part : device.split(","))
        {
            if (part.startsWith("iface="))
            {
                return part.substring("iface=".length());
            }
        }
        return null;
    }

    /**
     * RX queues of a port. af_packet spreads frames over all its sockets ({@code qpairs}) with the
     * kernel's fanout: every socket must be polled, so its RX queue count is its qpairs count.
     */
    public static int rxQueues(final DataplaneSpec.Port port, final int workers)
    {
        return afPacketQueues(port) ? Math.max(port.queues(), workers) : port.queues();
    }

    /** One TX queue per worker on every port, so no queue has two writers. */
    public static int txQueues(final DataplaneSpec.Port port, final int workers)
    {
        return afPacketQueues(port) ? Math.max(port.queues(), workers) : workers;
    }

    /**
     * Whether a port's queues are af_packet sockets: its device is one, or it is a bond with an af_packet
     * member (the bond opens on each member the queues it has itself, and every socket must be polled).
     */
    private static boolean afPacketQueues(final DataplaneSpec.Port port)
    {
        if (isAfPacket(port.device()))
        {
            return true;
        }
        return port.bond() != null && port.bond().members().stream().anyMatch(EalArguments::isAfPacket);
    }

    /**
     * The kernel interfaces a port reads through af_packet ({@code iface=}): its device's, or its bond
     * members'. The router claims them from the kernel and reads their carrier.
     */
    public static List<String> afPacketInterfaces(final DataplaneSpec.Port port)
    {
        final List<String> devices = port.bond() == null ? List.of(port.device()) : port.bond().members();
        final List<String> interfaces = new ArrayList<>();
        for (final String device : devices)
        {
            final String iface = afPacketInterface(device);
            if (isAfPacket(device) && iface != null)
            {
                interfaces.add(iface);
            }
        }
        return interfaces;
    }

    /** DPDK's bonding mode for IEEE 802.3ad (LACP), {@code BONDING_MODE_8023AD}. */
    public static final int BOND_MODE_8023AD = 4;

    /** The vdev name of a port's bond: {@code net_bonding_NAME} (the PMD is found by that prefix). */
    public static String bondDeviceName(final String portName)
    {
        return "net_bonding_" + portName;
    }

    /**
     * The bond's own vdev string, as a port's {@code device}: {@code net_bonding_NAME,mode=4,slave=M1,slave=M2}
     * with each member by its DPDK device name (DPDK 22.11's bonding PMD still says "slave"). The members
     * are probed before it ({@link #build}), and the bond adds them when it is configured.
     */
    public static String bondDevice(final String portName, final List<String> members)
    {
        final StringBuilder device = new StringBuilder(bondDeviceName(portName)).append(",mode=").append(BOND_MODE_8023AD);
        for (final String member : members)
        {
            device.append(",slave=").append(deviceName(member));
        }
        return device.toString();
    }

    public static String tapName(final DataplaneSpec.Port port)
    {
        return "jt-" + port.name();
    }

    public static String tapDeviceName(final int portIndex)
    {
        return "net_tap" + portIndex;
    }

    /** The EAL's CPU: the first one no worker uses (workers pin themselves), else the first worker's. */
    public static int mainLcore(final List<Integer> cores, final int cpus)
    {
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            if (!cores.contains(cpu))
            {
                return cpu;
            }
        }
        return cores.getFirst();
    }

    /** The arguments after argv[0], as {@code Eal.init} takes them. */
    public static List<String> build(final DataplaneSpec spec, final int cpus)
    {
        final List<String> args = new ArrayList<>();
        args.add("--file-prefix=junction-" + spec.name());
        args.add("-l");
        args.add(Integer.toString(mainLcore(spec.cores(), cpus)));
        args.add("-m");
        args.add(Integer.toString(spec.memoryMb()));
        if (!spec.hugepages())
        {
            args.add("--no-huge");
        }
        boolean anyPci = false;
        final int workers = spec.cores().size();
        for (int i = 0; i < spec.ports().size(); i++)
        {
            final DataplaneSpec.Port port = spec.ports().get(i);
            if (port.isVlan())
            {
                // an 802.1Q sub-interface is its parent's device; it has only its own TAP
            }
            else if (port.bond() != null)
            {
                // The members first: the bond's vdev names them, and EAL probes vdevs in order.
                for (final String member : port.bond().members())
                {
                    if (isPci(member))
                    {
                        anyPci = true;
                        args.add("-a");
                        args.add(member);
                    }
                    else
                    {
                        args.add("--vdev=" + (isAfPacket(member) && !member.contains("qpairs=") ?
                            member + ",qpairs=" + rxQueues(port, workers) : member));
                    }
                }
                args.add("--vdev=" + port.device());
            }
            else if (isPci(port.device()))
            {
                anyPci = true;
                args.add("-a");
                args.add(port.device());
            }
            else
            {
                String device = port.device();
                if (isAfPacket(device) && !device.contains("qpairs="))
                {
                    device += ",qpairs=" + rxQueues(port, workers);
                }
                args.add("--vdev=" + device);
            }
            if (port.exceptionPath())
            {
                args.add("--vdev=" + tapDeviceName(i) + ",iface=" + tapName(port));
            }
        }
        if (!anyPci)
        {
            args.add("--no-pci");
        }
        args.add("--log-level=lib.eal:notice");
        args.addAll(spec.extraEalArgs());
        return args;
    }
}
