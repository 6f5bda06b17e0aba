/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.worker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.junction.dataplane.Dataplane;
import net.junction.dataplane.DataplaneSpec;
import net.junction.dataplane.EalArguments;
import net.junction.routing.Ip4Address;
import net.junction.routing.IpAddress;

import static net.junction.dataplane.worker.ChildDataplane.report;

/**
 * The program {@code DpdkAfPacketLiveIT} runs in a child JVM inside its namespace: a data plane
 * with one {@code net_af_packet} port and its exception-path TAP, changed live: an MTU the PMD
 * refuses (9000, above af_packet's frame size), one it takes (1400, on the device and the TAP),
 * and the port's addresses (on the TAP's kernel side). Reports {@code JN key=value} lines.
 *
 * <p>Usage: {@code DpdkAfPacketLiveChild NAME RUN_DIR IFACE CORE}.
 */
public final class DpdkAfPacketLiveChild
{
    private DpdkAfPacketLiveChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String name = args[0];
        final Path runDirectory = Path.of(args[1]);
        final String iface = args[2];
        final int core = Integer.parseInt(args[3]);
        final DataplaneSpec.Port port = new DataplaneSpec.Port("p0", "net_af_packet0,iface=" + iface, 1, 1500, TestRouter.P0_MAC,
            List.of(ip4("198.18.1.1", 24)), List.of(), true);
        final DataplaneSpec spec = new DataplaneSpec(name, runDirectory, 256, false, List.of("--no-telemetry"), List.of(core),
            List.of(port), List.of());
        final String tap = EalArguments.tapName(port);

        try (ChildDataplane child = ChildDataplane.start(spec))
        {
            final Dataplane dataplane = child.dataplane();
            report("ready", true);
            report("start.tapMtu", sysfs(tap, "mtu"));
            report("start.tapAddresses", addresses(tap));

            report("jumbo.result", mtu(dataplane, 9000));
            report("jumbo.mtu", dataplane.port(0).mtu());
            report("jumbo.tapMtu", sysfs(tap, "mtu"));
            report("jumbo.ifaceMtu", sysfs(iface, "mtu"));

            report("small.result", mtu(dataplane, 1400));
            report("small.mtu", dataplane.port(0).mtu());
            report("small.tapMtu", sysfs(tap, "mtu"));
            report("small.ifaceMtu", sysfs(iface, "mtu"));

            dataplane.portAddresses(0, List.of(ip4("198.18.1.1", 24), ip4("198.18.5.1", 24)), List.of());
            report("added.tapAddresses", addresses(tap));
            dataplane.portAddresses(0, List.of(ip4("198.18.5.1", 24)), List.of());
            report("moved.tapAddresses", addresses(tap));
            report("moved.port", dataplane.port(0).ip4().size());
            report("worker.alive", Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> "junction-worker-0".equals(t.getName()) && t.isAlive()));
        }
        report("done", true);
    }

    private static String mtu(final Dataplane dataplane, final int mtu)
    {
        try
        {
            dataplane.mtu(0, mtu);
            return "ok";
        }
        catch (final IllegalStateException ex)
        {
            return ex.getMessage().replace('\n', ' ');
        }
    }

    private static DataplaneSpec.Ip4Interface ip4(final String address, final int length)
    {
        return new DataplaneSpec.Ip4Interface(((Ip4Address)IpAddress.parse(address)).value(), length);
    }

    private static String sysfs(final String iface, final String file) throws Exception
    {
        return Files.readString(Path.of("/sys/class/net", iface, file)).strip();
    }

    /** IPv4 addresses on an interface, as {@code a/len} joined by commas, sorted. */
    private static String addresses(final String iface) throws Exception
    {
        final Process ip = new ProcessBuilder("ip", "-4", "-o", "addr", "show", "dev", iface).redirectErrorStream(true).start();
        final String out = new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ip.waitFor();
        return String.join(",", out.lines().map(l -> l.replaceAll(".* inet ([0-9./]+) .*", "$1")).sorted().toList());
    }
}
