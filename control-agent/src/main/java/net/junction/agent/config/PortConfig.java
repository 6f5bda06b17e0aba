/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import net.junction.routing.InterfaceAddress;

/**
 * One entry of {@code ports:}, a DPDK port the router forwards on.
 *
 * @param name          {@code [a-z0-9]{1,8}}, unique; the exception-path TAP is {@link #tapName()}.
 * @param device        DPDK device, a vdev string or a PCI address; unique.
 * @param queues        RX/TX queue pairs, {@value #MIN_QUEUES}..{@value #MAX_QUEUES}.
 * @param mtu           {@value #MIN_MTU}..{@value #MAX_MTU}; at least {@value #MIN_IPV6_MTU} with IPv6 addresses.
 * @param mac           48 bits, first octet most significant; empty to keep the device's own.
 * @param addresses     the router's addresses on this port, each with its on-link network.
 * @param exceptionPath whether traffic for the router itself goes to a TAP in the kernel.
 * @param parent        for an 802.1Q sub-interface ({@code ports[].vlans[]}, named {@code <parent>.<id>}), the
 *                      name of its physical port; empty for a physical port.
 * @param vlanId        for a sub-interface, its VLAN id {@value #MIN_VLAN_ID}..{@value #MAX_VLAN_ID}; 0 otherwise.
 *                      A sub-interface has its parent's device, queues and MAC, and its own addresses, MTU (at
 *                      most its parent's) and exception-path TAP. {@code JunctionConfig.ports()} lists the
 *                      physical ports first, in file order, then the sub-interfaces, each port's in file order.
 * @param bondMembers   the member devices when the port is an 802.3ad link aggregation ({@code bond:}; {@code device}
 *                      is then the bond's own vdev, {@code net_bonding_NAME,mode=4,slave=...}); empty otherwise.
 */
public record PortConfig(
    String name,
    String device,
    int queues,
    int mtu,
    Optional<Long> mac,
    List<InterfaceAddress> addresses,
    boolean exceptionPath,
    Optional<String> parent,
    int vlanId,
    List<String> bondMembers)
{
    /** The one bond mode: IEEE 802.3ad (LACP), DPDK's bonding mode 4. */
    public static final String BOND_MODE_8023AD = "802.3ad";

    public static final int DEFAULT_QUEUES = 1;
    public static final int MIN_QUEUES = 1;
    public static final int MAX_QUEUES = 16;
    public static final int DEFAULT_MTU = 1500;
    /** RFC 791: every IPv4 host must take a 68-octet datagram unfragmented. */
    public static final int MIN_MTU = 68;
    public static final int MAX_MTU = 9600;
    /** RFC 8200 §5: every link carrying IPv6 has an MTU of at least 1280. */
    public static final int MIN_IPV6_MTU = 1280;
    public static final boolean DEFAULT_EXCEPTION_PATH = true;
    /** The exception-path TAP of port {@code p0} is {@code jt-p0}. */
    public static final String TAP_PREFIX = "jt-";
    /** IEEE 802.1Q §9.6: VLAN ids 0 and 4095 are reserved. */
    public static final int MIN_VLAN_ID = 1;
    public static final int MAX_VLAN_ID = 4094;
    /** Linux's IFNAMSIZ less its NUL: the longest interface (TAP) name. */
    public static final int MAX_INTERFACE_NAME = 15;

    public PortConfig
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(parent, "parent");
        addresses = List.copyOf(Objects.requireNonNull(addresses, "addresses"));
        bondMembers = List.copyOf(Objects.requireNonNull(bondMembers, "bondMembers"));
    }

    /** A physical port on one device (no link aggregation). */
    public PortConfig(
        final String name, final String device, final int queues, final int mtu, final Optional<Long> mac,
        final List<InterfaceAddress> addresses, final boolean exceptionPath)
    {
        this(name, device, queues, mtu, mac, addresses, exceptionPath, Optional.empty(), 0, List.of());
    }

    /** A physical port that is a link aggregation of {@code bondMembers} (none: one device). */
    public PortConfig(
        final String name, final String device, final int queues, final int mtu, final Optional<Long> mac,
        final List<InterfaceAddress> addresses, final boolean exceptionPath, final List<String> bondMembers)
    {
        this(name, device, queues, mtu, mac, addresses, exceptionPath, Optional.empty(), 0, bondMembers);
    }

    /** A port ({@code parent} empty) or an 802.1Q sub-interface, neither a link aggregation. */
    public PortConfig(
        final String name, final String device, final int queues, final int mtu, final Optional<Long> mac,
        final List<InterfaceAddress> addresses, final boolean exceptionPath, final Optional<String> parent,
        final int vlanId)
    {
        this(name, device, queues, mtu, mac, addresses, exceptionPath, parent, vlanId, List.of());
    }

    /** @return true for an 802.1Q sub-interface of another port. */
    public boolean isVlan()
    {
        return parent.isPresent();
    }

    /**
     * @return the name of the exception-path TAP, {@code jt-<name>}.
     */
    public String tapName()
    {
        return TAP_PREFIX + name;
    }

    /**
     * @return the MAC as {@code 02:00:00:00:00:01}, or {@code device default}.
     */
    public String macText()
    {
        return mac.map(MacText::format).orElse("device default");
    }

    /**
     * @return such as {@code p0 (net_af_packet0,iface=r-h1): 1 queue, mtu 1500, mac device default,
     * addresses 198.18.1.1/24 2001:db8:1::1/64, exception path jt-p0}.
     */
    public String describe()
    {
        if (isVlan())
        {
            return name + " (VLAN " + vlanId + " of " + parent.get() + "): mtu " + mtu + ", addresses " +
                (addresses.isEmpty() ? "none" : addresses.stream().map(Object::toString).collect(Collectors.joining(" "))) +
                ", exception path " + (exceptionPath ? tapName() : "off");
        }
        return name + " (" + device + "): " + queues + (1 == queues ? " queue" : " queues") + ", mtu " + mtu +
            ", mac " + macText() + ", addresses " +
            (addresses.isEmpty() ? "none" : addresses.stream().map(Object::toString).collect(Collectors.joining(" "))) +
            ", exception path " + (exceptionPath ? tapName() : "off");
    }

    /**
     * @return the record's fields, with the MAC written as a MAC.
     */
    @Override
    public String toString()
    {
        return "PortConfig[name=" + name + ", device=" + device + ", queues=" + queues + ", mtu=" + mtu +
            ", mac=" + macText() + ", addresses=" + addresses + ", exceptionPath=" + exceptionPath +
            (isVlan() ? ", parent=" + parent.get() + ", vlanId=" + vlanId : "") + "]";
    }
}
