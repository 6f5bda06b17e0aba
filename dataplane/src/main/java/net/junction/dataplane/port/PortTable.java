package net.junction.dataplane.port;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import net.junction.dataplane.packet.Ip6;

/**
 * What the fast path needs to know of each port, by port index (config order): its device port id,
 * its MAC (the router's MAC on that link), MTU, link state, the addresses it sources ICMP from, and
 * the device port of its exception-path TAP. Written at start-up, except the link state, which the
 * slow path updates and workers read (opaque).
 * <p>
 * The slow path owns the table {@code DpdkPorts} builds; each worker reads its own copy
 * ({@link #copyForWorker}) that shares only the link state. A commit changes a port's MTU or source
 * addresses by a command to each owner ({@code CommandQueue}), which writes its own copy between two
 * bursts: no table has a writer on another thread.
 */
public final class PortTable
{
    public static final int NO_TAP = -1;
    /** 802.1Q VLAN ids are 12 bits; 0 and 4095 are reserved (IEEE 802.1Q §9.6). */
    public static final int VLAN_IDS = 4096;
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    private final String[] names;
    /** Shared between the copies: the slow path's link monitor is its one writer. */
    private final int[] devicePort;
    private final long[] mac;
    private final int[] mtu;
    private final int[] linkUp;
    private final int[] ip4Source;
    private final long[] ip6SourceHigh;
    private final long[] ip6SourceLow;
    private final long[] ip6LinkLocalHigh;
    private final long[] ip6LinkLocalLow;
    private final int[] tapDevicePort;
    /** Per port index: the physical port it sends on (itself for a physical port). */
    private final int[] wirePort;
    /** Per port index: the 802.1Q tag's VLAN id it sends with, 0 for none. */
    private final int[] vlanId;
    /**
     * Per physical port: null when it has no sub-interfaces, else {@link #VLAN_IDS} entries, the port index of
     * each VLAN id's sub-interface or -1. Written at start-up, then only read: shared by the copies.
     */
    private final int[][] subInterfaces;

    public PortTable(final int count)
    {
        names = new String[count];
        devicePort = new int[count];
        mac = new long[count];
        mtu = new int[count];
        linkUp = new int[count];
        ip4Source = new int[count];
        ip6SourceHigh = new long[count];
        ip6SourceLow = new long[count];
        ip6LinkLocalHigh = new long[count];
        ip6LinkLocalLow = new long[count];
        tapDevicePort = new int[count];
        java.util.Arrays.fill(tapDevicePort, NO_TAP);
        wirePort = new int[count];
        for (int p = 0; p < count; p++)
        {
            wirePort[p] = p;
        }
        vlanId = new int[count];
        subInterfaces = new int[count][];
    }

    private PortTable(final PortTable from)
    {
        names = from.names.clone();
        devicePort = from.devicePort.clone();
        mac = from.mac.clone();
        mtu = from.mtu.clone();
        linkUp = from.linkUp;
        ip4Source = from.ip4Source.clone();
        ip6SourceHigh = from.ip6SourceHigh.clone();
        ip6SourceLow = from.ip6SourceLow.clone();
        ip6LinkLocalHigh = from.ip6LinkLocalHigh.clone();
        ip6LinkLocalLow = from.ip6LinkLocalLow.clone();
        tapDevicePort = from.tapDevicePort.clone();
        wirePort = from.wirePort;
        vlanId = from.vlanId;
        subInterfaces = from.subInterfaces;
    }

    /**
     * @return a copy for one worker, taken after start-up: its own MTU and source addresses (changed
     *     only by commands run on that worker), the link state shared with this table.
     */
    public PortTable copyForWorker()
    {
        return new PortTable(this);
    }

    public void define(
        final int port, final String name, final int devicePortId, final long macAddress, final int mtuBytes,
        final int ip4, final long ip6High, final long ip6Low)
    {
        names[port] = name;
        devicePort[port] = devicePortId;
        mac[port] = macAddress;
        mtu[port] = mtuBytes;
        ip4Source[port] = ip4;
        ip6SourceHigh[port] = ip6High;
        ip6SourceLow[port] = ip6Low;
        // RFC 4291 §2.5.6 / RFC 4862: fe80::/64 with the modified EUI-64 interface id of the MAC.
        ip6LinkLocalHigh[port] = Ip6.LINK_LOCAL_PREFIX_HI;
        ip6LinkLocalLow[port] = Ip6.eui64InterfaceId(macAddress);
    }

    /**
     * Makes a port defined with {@link #define} (its parent's device port and MAC) an 802.1Q sub-interface of a
     * physical port: frames of the parent tagged with {@code id} are received on it, and what it sends leaves by
     * the parent with that tag. At start-up only, before the workers' copies are taken.
     *
     * @param port   the sub-interface's index.
     * @param parent the physical port's index.
     * @param id     the VLAN id, 1..4094, not used twice on one parent.
     */
    public void defineVlan(final int port, final int parent, final int id)
    {
        if (id < 1 || id >= VLAN_IDS - 1 || wirePort[parent] != parent || port == parent)
        {
            throw new IllegalArgumentException("VLAN " + id + " on port " + parent + ": not a sub-interface it can have");
        }
        if (subInterfaces[parent] == null)
        {
            subInterfaces[parent] = new int[VLAN_IDS];
            java.util.Arrays.fill(subInterfaces[parent], -1);
        }
        if (subInterfaces[parent][id] >= 0)
        {
            throw new IllegalArgumentException("VLAN " + id + " on port " + parent + " is already port " + subInterfaces[parent][id]);
        }
        subInterfaces[parent][id] = port;
        wirePort[port] = parent;
        vlanId[port] = id;
    }

    /**
     * @param port a physical port.
     * @param id   the VLAN id of a tag received on it (12 bits).
     * @return the port index of its sub-interface for that VLAN, or -1 when it has none.
     */
    public int subInterface(final int port, final int id)
    {
        final int[] map = subInterfaces[port];
        return map == null ? -1 : map[id];
    }

    /** @return the VLAN id a port's frames leave with, 0 for untagged (a physical port). */
    public int vlanId(final int port)
    {
        return vlanId[port];
    }

    /** @return the physical port whose wire a port's frames use: a sub-interface's parent, else itself. */
    public int wirePort(final int port)
    {
        return wirePort[port];
    }

    public int count()
    {
        return names.length;
    }

    public String name(final int port)
    {
        return names[port];
    }

    public int devicePort(final int port)
    {
        return devicePort[port];
    }

    public long mac(final int port)
    {
        return mac[port];
    }

    public int mtu(final int port)
    {
        return mtu[port];
    }

    /** By the table's owner only (a command on its thread). */
    public void mtu(final int port, final int mtuBytes)
    {
        mtu[port] = mtuBytes;
    }

    /** By the table's owner only: the IPv4 address ICMP leaving by the port comes from, 0 for none. */
    public void ip4Source(final int port, final int address)
    {
        ip4Source[port] = address;
    }

    /** By the table's owner only: the IPv6 source address, unspecified (0, 0) for none. */
    public void ip6Source(final int port, final long high, final long low)
    {
        ip6SourceHigh[port] = high;
        ip6SourceLow[port] = low;
    }

    public boolean linkUp(final int port)
    {
        return (int)INTS.getOpaque(linkUp, port) != 0;
    }

    public void linkUp(final int port, final boolean up)
    {
        INTS.setRelease(linkUp, port, up ? 1 : 0);
    }

    /** The IPv4 address ICMP messages leaving by this port come from; 0 when the port has none. */
    public int ip4Source(final int port)
    {
        return ip4Source[port];
    }

    public long ip6SourceHigh(final int port)
    {
        return ip6SourceHigh[port];
    }

    public long ip6SourceLow(final int port)
    {
        return ip6SourceLow[port];
    }

    public long ip6LinkLocalHigh(final int port)
    {
        return ip6LinkLocalHigh[port];
    }

    public long ip6LinkLocalLow(final int port)
    {
        return ip6LinkLocalLow[port];
    }

    public int tapDevicePort(final int port)
    {
        return tapDevicePort[port];
    }

    public void tapDevicePort(final int port, final int device)
    {
        tapDevicePort[port] = device;
    }

    /** Port index of a device port id, or -1. */
    public int portOfDevice(final int device)
    {
        for (int p = 0; p < devicePort.length; p++)
        {
            if (devicePort[p] == device)
            {
                return p;
            }
        }
        return -1;
    }
}
