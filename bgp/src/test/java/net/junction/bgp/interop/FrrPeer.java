/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.junction.bgp.interop.DaemonConfig.Family;
import net.junction.bgp.interop.DaemonConfig.Neighbor;
import net.junction.bgp.interop.DaemonConfig.StaticRoute;

/**
 * FRR's bgpd alone: {@code bgpd -Z -n -S}, no zebra. FRR 8.4's bgpd runs without zebra
 * ({@code -Z/--no_zebra}), installs nothing in the kernel ({@code -n}), and with {@code -S} skips the
 * switch to the frr user, whose {@code frrvty} group root is not in ({@code -u root -g root} fails
 * with "user(root) is not part of vty group"). Routes learnt from a directly connected eBGP peer are
 * valid and best without zebra's next-hop tracking.
 * <p>
 * Config, pid file, vty socket folder ({@code --vty_socket}) and logs are in the work folder; the TCP vty
 * is off ({@code -P 0}). Driven by {@code vtysh --vty_socket DIR -d bgpd}, with JSON output:
 * {@code show bgp ipv4 unicast json detail} (communities are only in the detailed form),
 * {@code show bgp neighbors A json}. RFC 8212's {@code ebgp-requires-policy} is off, so everything is
 * imported. Originated routes are {@code network} statements with a route-map each
 * ({@code JX-NET-...}) that sets their communities; the export policy is route-maps
 * {@code JX-EXPORT4}/{@code JX-EXPORT6} applied out on every neighbor.
 */
public final class FrrPeer extends PeerDaemon
{
    public static final String BGPD = "/usr/lib/frr/bgpd";
    public static final String VTYSH = "/usr/bin/vtysh";

    public FrrPeer(final Netns ns, final DaemonConfig config)
    {
        super("frr", ns, config);
    }

    @Override
    protected List<String> command()
    {
        return list(BGPD, "-Z", "-n", "-S", "-f", workDir.resolve("bgpd.conf").toString(),
            "-i", workDir.resolve("bgpd.pid").toString(), "--vty_socket", workDir.toString(), "-P", "0", "-p", "179");
    }

    @Override
    protected boolean ready()
    {
        return ns.exec(CLI_TIMEOUT, vtyshCommand("show bgp summary json")).ok();
    }

    private String[] vtyshCommand(final String... commands)
    {
        final List<String> cmd = list(VTYSH, "--vty_socket", workDir.toString(), "-d", "bgpd");
        for (final String c : commands)
        {
            cmd.add("-c");
            cmd.add(c);
        }
        return cmd.toArray(String[]::new);
    }

    /** Run vtysh with one {@code -c} per command; throw when it fails. */
    public String vtysh(final String... commands)
    {
        return cli(vtyshCommand(commands));
    }

    @Override
    protected void writeConfig() throws IOException
    {
        write("bgpd.conf", render(config, workDir.resolve("bgpd.log").toString()));
    }

    static String routeMapName(final String prefix)
    {
        return "JX-NET-" + prefix.replaceAll("[^0-9a-fA-F]", "-");
    }

    private static List<String> routeMapLines(final StaticRoute r)
    {
        final List<String> lines = new ArrayList<>();
        lines.add("route-map " + routeMapName(r.prefix()) + " permit 10");
        if (!r.communities().isEmpty())
        {
            lines.add(" set community " + String.join(" ", r.communities()));
        }
        if (!r.largeCommunities().isEmpty())
        {
            lines.add(" set large-community " + String.join(" ", r.largeCommunities()));
        }
        lines.add("exit");
        return lines;
    }

    /** The bgpd config for {@code config}, logging to {@code logFile}. */
    static String render(final DaemonConfig config, final String logFile)
    {
        final StringBuilder c = new StringBuilder();
        c.append("! written by net.junction.bgp.interop.FrrPeer\n");
        c.append("frr defaults traditional\nhostname jx-frr\n");
        c.append("log file ").append(logFile).append(" informational\n!\n");
        for (final StaticRoute r : config.routes())
        {
            routeMapLines(r).forEach(l -> c.append(l).append('\n'));
        }
        for (final boolean v6 : new boolean[] {false, true})
        {
            final String n = v6 ? "6" : "4";
            final List<String> rejected = config.export().rejected(v6);
            int seq = 5;
            for (final String p : rejected)
            {
                c.append(v6 ? "ipv6" : "ip").append(" prefix-list JX-REJECT").append(n).append(" seq ").append(seq)
                    .append(" permit ").append(p).append('\n');
                seq += 5;
            }
            if (!rejected.isEmpty())
            {
                c.append("route-map JX-EXPORT").append(n).append(" deny 10\n match ").append(v6 ? "ipv6" : "ip")
                    .append(" address prefix-list JX-REJECT").append(n).append("\nexit\n");
            }
            c.append("route-map JX-EXPORT").append(n).append(" permit 20\n");
            if (!config.export().addCommunities().isEmpty())
            {
                c.append(" set community ").append(String.join(" ", config.export().addCommunities())).append(" additive\n");
            }
            c.append("exit\n");
        }
        c.append("!\nrouter bgp ").append(config.localAs()).append('\n');
        c.append(" bgp router-id ").append(config.routerId()).append('\n');
        c.append(" no bgp ebgp-requires-policy\n no bgp network import-check\n no bgp default ipv4-unicast\n");
        final int restartTime = config.neighbors().stream().filter(Neighbor::gracefulRestart)
            .mapToInt(Neighbor::restartTimeSeconds).max().orElse(0);
        if (restartTime > 0)
        {
            c.append(" bgp graceful-restart restart-time ").append(restartTime).append('\n');
        }
        for (final Neighbor nb : config.neighbors())
        {
            final String a = " neighbor " + nb.address() + " ";
            c.append(a).append("remote-as ").append(nb.remoteAs()).append('\n');
            c.append(a).append("timers ").append(Math.max(1, nb.holdTimeSeconds() / 3)).append(' ')
                .append(nb.holdTimeSeconds()).append('\n');
            c.append(a).append("timers connect 1\n");
            // traditional defaults wait 30 s between announcements to an eBGP peer (MRAI): not in tests.
            c.append(a).append("advertisement-interval 0\n");
            if (nb.localAddress() != null)
            {
                c.append(a).append("update-source ").append(nb.localAddress()).append('\n');
            }
            if (nb.passive())
            {
                c.append(a).append("passive\n");
            }
            if (nb.md5Password() != null)
            {
                c.append(a).append("password ").append(nb.md5Password()).append('\n');
            }
            if (nb.multihopTtl() > 0)
            {
                c.append(a).append("ebgp-multihop ").append(nb.multihopTtl()).append('\n');
            }
            c.append(a).append(nb.gracefulRestart() ? "graceful-restart\n" : "graceful-restart-disable\n");
            if (nb.extendedNextHop())
            {
                c.append(a).append("capability extended-nexthop\n"); // RFC 8950
            }
        }
        for (final boolean v6 : new boolean[] {false, true})
        {
            final Family family = v6 ? Family.IPV6_UNICAST : Family.IPV4_UNICAST;
            c.append(" address-family ").append(v6 ? "ipv6" : "ipv4").append(" unicast\n");
            for (final StaticRoute r : config.routes())
            {
                if (r.isIpv6() == v6)
                {
                    c.append("  network ").append(r.prefix()).append(" route-map ").append(routeMapName(r.prefix())).append('\n');
                }
            }
            for (final Neighbor nb : config.neighbors())
            {
                if (nb.families().contains(family))
                {
                    c.append("  neighbor ").append(nb.address()).append(" activate\n");
                    c.append("  neighbor ").append(nb.address()).append(" route-map JX-EXPORT").append(v6 ? "6" : "4")
                        .append(" out\n");
                }
            }
            c.append(" exit-address-family\n");
        }
        c.append("!\n");
        return c.toString();
    }

    @Override
    public String sessionState(final String neighbor)
    {
        final Map<String, Object> json = Json.object(Json.parse(vtysh("show bgp neighbors " + neighbor + " json")));
        return Json.string(Json.object(json.get(neighbor)).getOrDefault("bgpState", "unknown"));
    }

    @Override
    public void announce(final StaticRoute route)
    {
        config = config.withRoute(route);
        final List<String> cmds = new ArrayList<>(List.of("configure terminal"));
        cmds.addAll(routeMapLines(route));
        cmds.addAll(List.of("router bgp " + config.localAs(), "address-family " + (route.isIpv6() ? "ipv6" : "ipv4") + " unicast",
            "network " + route.prefix() + " route-map " + routeMapName(route.prefix()), "end"));
        vtysh(cmds.toArray(String[]::new));
    }

    @Override
    public void withdraw(final String prefix)
    {
        config = config.withoutRoute(prefix);
        vtysh("configure terminal", "router bgp " + config.localAs(),
            "address-family " + (prefix.contains(":") ? "ipv6" : "ipv4") + " unicast", "no network " + prefix, "end");
    }

    @Override
    public List<Route> routes()
    {
        final List<Route> routes = new ArrayList<>();
        routes.addAll(parseJsonDetail(vtysh("show bgp ipv4 unicast json detail")));
        routes.addAll(parseJsonDetail(vtysh("show bgp ipv6 unicast json detail")));
        return routes;
    }

    /**
     * Parse {@code show bgp <afi> unicast json detail}: {@code routes} maps each prefix to an array whose
     * first element describes the prefix and whose others are its paths.
     */
    static List<Route> parseJsonDetail(final String text)
    {
        final List<Route> routes = new ArrayList<>();
        final Map<String, Object> top = Json.object(Json.parse(text));
        for (final Map.Entry<String, Object> e : Json.object(top.get("routes")).entrySet())
        {
            for (final Object p : Json.array(e.getValue()))
            {
                final Map<String, Object> path = Json.object(p);
                if (!path.containsKey("nexthops"))
                {
                    continue;
                }
                final List<String> hops = new ArrayList<>();
                for (final Object h : Json.array(path.get("nexthops")))
                {
                    hops.add(Json.string(Json.object(h).get("ip")));
                }
                final List<Long> asPath = new ArrayList<>();
                for (final Object seg : Json.array(Json.object(path.get("aspath")).get("segments")))
                {
                    for (final Object as : Json.array(Json.object(seg).get("list")))
                    {
                        asPath.add(Json.number(as, -1));
                    }
                }
                final List<String> communities = new ArrayList<>();
                Json.array(Json.object(path.get("community")).get("list")).forEach(x -> communities.add(Json.string(x)));
                final List<String> large = new ArrayList<>();
                Json.array(Json.object(path.get("largeCommunity")).get("list")).forEach(x -> large.add(Json.string(x)));
                final boolean best = Boolean.TRUE.equals(Json.object(path.get("bestpath")).get("overall"));
                final Map<String, Object> peer = Json.object(path.get("peer"));
                final String peerId = Json.string(peer.get("peerId"));
                final boolean local = Boolean.TRUE.equals(path.get("local")) || Boolean.TRUE.equals(path.get("sourced"))
                    || peerId == null || "0.0.0.0".equals(peerId) || "::".equals(peerId);
                routes.add(new Route(e.getKey(), hops, asPath, communities, large, best, local ? "local" : peerId));
            }
        }
        return routes;
    }
}
