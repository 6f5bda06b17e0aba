/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import net.junction.bgp.interop.DaemonConfig.Family;
import net.junction.bgp.interop.DaemonConfig.Neighbor;
import net.junction.bgp.interop.DaemonConfig.StaticRoute;

/**
 * BIRD 2 ({@code bird -f -c CONF -s SOCKET -P PIDFILE}) with its own config, control socket and pid file.
 * <p>
 * Neighbor i (from 1) is protocol {@code n<i>}. Originated routes are blackhole statics in protocols
 * {@code s4}/{@code s6} carrying their communities; export filters {@code jx_export4}/{@code jx_export6}
 * apply the {@link DaemonConfig.ExportPolicy}. {@link #announce}/{@link #withdraw} rewrite the config and
 * run {@code birdc configure}. BIRD has no JSON output: {@link #routes()} parses
 * {@code birdc show route all}.
 */
public final class BirdPeer extends PeerDaemon
{
    public static final String BIRD = "/usr/sbin/bird";
    public static final String BIRDC = "/usr/sbin/birdc";

    /**
     * Junction's neighbor "bird" as the single-BIRD interop tests configure it: from the test's own address, hold time
     * 30 s, connect retry 1 s, IPv4 unicast only, no graceful restart; each test adds its policies and features.
     *
     * @param bird  BIRD's address.
     * @param birdAs BIRD's AS.
     * @param ours  the address Junction's speaker uses toward BIRD.
     */
    public static net.junction.bgp.config.PeerConfig.Builder junctionsNeighbor(final String bird, final long birdAs,
        final String ours)
    {
        return net.junction.bgp.config.PeerConfig.builder("bird", net.junction.routing.IpAddress.parse(bird), (int)birdAs)
            .localAddress(java.util.Optional.of(net.junction.routing.IpAddress.parse(ours)))
            .holdTimeSeconds(30)
            .connectRetrySeconds(1)
            .families(java.util.Set.of(net.junction.bgp.wire.AfiSafi.IPV4_UNICAST))
            .gracefulRestart(false)
            .restartTimeSeconds(30);
    }

    private java.util.function.UnaryOperator<String> edit = java.util.function.UnaryOperator.identity();

    public BirdPeer(final Netns ns, final DaemonConfig config)
    {
        super("bird", ns, config);
    }

    /**
     * Edit the rendered config before it is written (at start and at each {@link #announce}/{@link #withdraw}): for
     * what {@link DaemonConfig} has no field for, such as {@code local role}.
     *
     * @return this.
     */
    public BirdPeer editConfig(final java.util.function.UnaryOperator<String> edit)
    {
        this.edit = edit;
        return this;
    }

    private String socket()
    {
        return workDir.resolve("bird.ctl").toString();
    }

    @Override
    protected List<String> command()
    {
        return list(BIRD, "-f", "-c", workDir.resolve("bird.conf").toString(), "-s", socket(), "-P",
            workDir.resolve("bird.pid").toString());
    }

    @Override
    protected boolean ready()
    {
        return birdc("show", "status").contains("Daemon is up and running");
    }

    /** Run {@code birdc -s SOCKET ARGS}; throw when birdc fails. */
    public String birdc(final String... args)
    {
        final List<String> cmd = list(BIRDC, "-s", socket());
        cmd.addAll(List.of(args));
        return cli(cmd.toArray(String[]::new));
    }

    @Override
    protected void writeConfig() throws IOException
    {
        write("bird.conf", edit.apply(render(config, workDir.resolve("bird.log").toString())));
    }

    /** The BIRD config for {@code config}, logging to {@code logFile}. */
    static String render(final DaemonConfig config, final String logFile)
    {
        final StringBuilder c = new StringBuilder();
        c.append("# written by net.junction.bgp.interop.BirdPeer\n");
        c.append("log \"").append(logFile).append("\" all;\n");
        c.append("router id ").append(config.routerId()).append(";\n");
        c.append("protocol device { scan time 10; }\n");
        for (final boolean v6 : new boolean[] {false, true})
        {
            final String fam = v6 ? "ipv6" : "ipv4";
            final String n = v6 ? "6" : "4";
            c.append("protocol static s").append(n).append(" {\n  ").append(fam).append(";\n");
            for (final StaticRoute r : config.routes())
            {
                if (r.isIpv6() != v6)
                {
                    continue;
                }
                c.append("  route ").append(r.prefix()).append(" blackhole {");
                for (final String comm : r.communities())
                {
                    c.append(" bgp_community.add((").append(comm.replace(":", ",")).append("));");
                }
                for (final String comm : r.largeCommunities())
                {
                    c.append(" bgp_large_community.add((").append(comm.replace(":", ", ")).append("));");
                }
                c.append(" };\n");
            }
            c.append("}\n");
            c.append("filter jx_export").append(n).append(" {\n");
            final List<String> rejected = config.export().rejected(v6);
            if (!rejected.isEmpty())
            {
                c.append("  if net ~ [ ").append(String.join(", ", rejected)).append(" ] then reject;\n");
            }
            for (final String comm : config.export().addCommunities())
            {
                c.append("  bgp_community.add((").append(comm.replace(":", ",")).append("));\n");
            }
            c.append("  accept;\n}\n");
        }
        int i = 0;
        for (final Neighbor nb : config.neighbors())
        {
            i++;
            c.append("protocol bgp n").append(i).append(" {\n");
            c.append("  local ").append(nb.localAddress() == null ? "" : nb.localAddress() + " ")
                .append("as ").append(config.localAs()).append(";\n");
            c.append("  neighbor ").append(nb.address()).append(" as ").append(nb.remoteAs()).append(";\n");
            c.append("  hold time ").append(nb.holdTimeSeconds()).append(";\n");
            c.append("  connect retry time 1;\n  connect delay time 1;\n  error wait time 1, 5;\n");
            if (nb.passive())
            {
                c.append("  passive on;\n");
            }
            if (nb.md5Password() != null)
            {
                c.append("  password \"").append(nb.md5Password()).append("\";\n");
            }
            if (nb.multihopTtl() > 0)
            {
                c.append("  multihop ").append(nb.multihopTtl()).append(";\n");
            }
            if (nb.gracefulRestart())
            {
                c.append("  graceful restart on;\n  graceful restart time ").append(nb.restartTimeSeconds()).append(";\n");
            }
            else
            {
                c.append("  graceful restart off;\n");
            }
            if (nb.families().contains(Family.IPV4_UNICAST))
            {
                // RFC 8950 (BIRD's "extended next hop"): IPv4 routes over an IPv6 session with IPv6 next hops.
                c.append("  ipv4 { import all; export filter jx_export4;")
                    .append(nb.extendedNextHop() ? " extended next hop on;" : "").append(" };\n");
            }
            if (nb.families().contains(Family.IPV6_UNICAST))
            {
                c.append("  ipv6 { import all; export filter jx_export6; };\n");
            }
            c.append("}\n");
        }
        return c.toString();
    }

    private String protocolOf(final String neighbor)
    {
        final List<Neighbor> neighbors = config.neighbors();
        for (int i = 0; i < neighbors.size(); i++)
        {
            if (neighbors.get(i).address().equals(neighbor))
            {
                return "n" + (i + 1);
            }
        }
        throw new IllegalArgumentException("no neighbor " + neighbor + " in " + this);
    }

    private String neighborOf(final String protocol)
    {
        if (protocol.matches("n\\d+"))
        {
            final int i = Integer.parseInt(protocol.substring(1)) - 1;
            if (i < config.neighbors().size())
            {
                return config.neighbors().get(i).address();
            }
        }
        return "local";
    }

    @Override
    public String sessionState(final String neighbor)
    {
        // "n1         BGP        ---        up     03:41:19.238  Established"
        for (final String line : birdc("show", "protocols", protocolOf(neighbor)).split("\n"))
        {
            final String[] f = line.strip().split("\\s+");
            if (f.length >= 5 && f[0].equals(protocolOf(neighbor)))
            {
                return f.length >= 6 ? f[5] : f[3];
            }
        }
        return "unknown";
    }

    @Override
    public void announce(final StaticRoute route)
    {
        config = config.withRoute(route);
        reconfigure();
    }

    @Override
    public void withdraw(final String prefix)
    {
        config = config.withoutRoute(prefix);
        reconfigure();
    }

    private void reconfigure()
    {
        try
        {
            writeConfig();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        final String out = birdc("configure");
        if (!out.contains("Reconfigured") && !out.contains("Reconfiguration in progress"))
        {
            throw new IllegalStateException("birdc configure: " + out);
        }
    }

    @Override
    public List<Route> routes()
    {
        return parseShowRouteAll(birdc("show", "route", "all"), this::neighborOf);
    }

    /**
     * Parse {@code birdc show route all}: a route line opens each path (the prefix is omitted on the
     * second path of the same prefix), tab-indented attribute lines follow.
     * <pre>
     * 198.18.100.0/24      unicast [n1 03:41:19.238] * (100) [AS4200000002i]
     * 	via 198.18.1.2 on v1a
     * 	BGP.as_path: 4200000002
     * 	BGP.community: (65000,1) (65000,99)
     * 	BGP.large_community: (4200000002, 1, 1)
     * </pre>
     */
    static List<Route> parseShowRouteAll(final String text, final java.util.function.UnaryOperator<String> sourceOfProtocol)
    {
        final List<Route> routes = new ArrayList<>();
        String prefix = null;
        Builder current = null;
        for (final String line : text.split("\n"))
        {
            if (line.isBlank() || line.startsWith("BIRD ") || line.startsWith("Table "))
            {
                continue;
            }
            final boolean indentedAttribute = line.startsWith("\t");
            final int bracket = line.indexOf(" [");
            if (!indentedAttribute && bracket > 0)
            {
                if (current != null)
                {
                    routes.add(current.build());
                }
                final String head = line.strip();
                final String first = head.split("\\s+")[0];
                if (first.contains("/"))
                {
                    prefix = first;
                }
                current = new Builder(prefix);
                final int open = line.indexOf('[', bracket);
                final String proto = line.substring(open + 1).split("[\\s\\]]")[0];
                current.source = sourceOfProtocol.apply(proto);
                current.best = line.substring(line.indexOf(']', open) + 1).stripLeading().startsWith("*");
                continue;
            }
            if (current == null)
            {
                continue;
            }
            final String attr = line.strip();
            if (attr.startsWith("via "))
            {
                current.via.add(attr.split("\\s+")[1]);
            }
            else if (attr.startsWith("BGP.next_hop:"))
            {
                for (final String hop : attr.substring("BGP.next_hop:".length()).strip().split("\\s+"))
                {
                    current.bgpNextHops.add(hop);
                }
            }
            else if (attr.startsWith("BGP.as_path:"))
            {
                for (final String as : attr.substring("BGP.as_path:".length()).replaceAll("[{}]", " ").strip().split("\\s+"))
                {
                    if (!as.isEmpty())
                    {
                        current.asPath.add(Long.parseLong(as));
                    }
                }
            }
            else if (attr.startsWith("BGP.community:"))
            {
                for (final String c : tuples(attr.substring("BGP.community:".length())))
                {
                    current.communities.add(c);
                }
            }
            else if (attr.startsWith("BGP.large_community:"))
            {
                for (final String c : tuples(attr.substring("BGP.large_community:".length())))
                {
                    current.largeCommunities.add(c);
                }
            }
        }
        if (current != null)
        {
            routes.add(current.build());
        }
        return routes;
    }

    /** "(65000,1) (4200000001, 1, 2)" to ["65000:1", "4200000001:1:2"]. */
    private static List<String> tuples(final String text)
    {
        final List<String> out = new ArrayList<>();
        int i = text.indexOf('(');
        while (i >= 0)
        {
            final int j = text.indexOf(')', i);
            out.add(text.substring(i + 1, j).replace(" ", "").replace(",", ":"));
            i = text.indexOf('(', j);
        }
        return out;
    }

    private static final class Builder
    {
        final String prefix;
        final List<String> via = new ArrayList<>();
        final List<String> bgpNextHops = new ArrayList<>();
        final List<Long> asPath = new ArrayList<>();
        final List<String> communities = new ArrayList<>();
        final List<String> largeCommunities = new ArrayList<>();
        boolean best;
        String source;

        Builder(final String prefix)
        {
            this.prefix = prefix;
        }

        Route build()
        {
            return new Route(prefix, bgpNextHops.isEmpty() ? via : bgpNextHops, asPath, communities, largeCommunities, best,
                source);
        }
    }
}
