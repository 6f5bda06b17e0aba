/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import net.junction.bgp.interop.DaemonConfig.Family;
import net.junction.bgp.interop.DaemonConfig.Neighbor;
import net.junction.bgp.interop.DaemonConfig.StaticRoute;

/**
 * GoBGP: {@code gobgpd -f gobgpd.toml} with its gRPC API on {@code 127.0.0.1:<port>} inside its namespace,
 * a port of its own per instance, driven by the {@code gobgp} CLI with JSON output ({@code gobgp -j}).
 * <p>
 * GoBGP's config has no static routes: they are added through the API once the daemon is ready
 * ({@code gobgp global rib add ...}). The export policy is the global export policy {@code jx-export}
 * (prefix sets {@code jx-reject4}/{@code jx-reject6}, then a statement adding the communities),
 * which GoBGP applies to what it sends every neighbor.
 */
public final class GobgpPeer extends PeerDaemon
{
    public static final String GOBGPD = "/usr/bin/gobgpd";
    public static final String GOBGP = "/usr/bin/gobgp";
    private static final AtomicInteger NEXT_API_PORT = new AtomicInteger(50_051);

    private final int apiPort = NEXT_API_PORT.getAndIncrement();
    private java.util.function.UnaryOperator<String> edit = java.util.function.UnaryOperator.identity();

    public GobgpPeer(final Netns ns, final DaemonConfig config)
    {
        super("gobgp", ns, config);
    }

    /**
     * Edit the rendered TOML before it is written: for what {@link DaemonConfig} has no field for, such as a
     * neighbor's {@code add-paths}.
     *
     * @return this.
     */
    public GobgpPeer editConfig(final java.util.function.UnaryOperator<String> edit)
    {
        this.edit = edit;
        return this;
    }

    public int apiPort()
    {
        return apiPort;
    }

    @Override
    protected List<String> command()
    {
        return list(GOBGPD, "-f", workDir.resolve("gobgpd.toml").toString(), "-t", "toml", "-p", "-l", "info",
            "--api-hosts", "127.0.0.1:" + apiPort, "--pprof-disable");
    }

    @Override
    protected boolean ready()
    {
        return ns.exec(CLI_TIMEOUT, gobgpCommand("global")).ok();
    }

    @Override
    protected void afterReady()
    {
        for (final StaticRoute r : config.routes())
        {
            addPath(r);
        }
    }

    private String[] gobgpCommand(final String... args)
    {
        final List<String> cmd = list(GOBGP, "-u", "127.0.0.1", "-p", Integer.toString(apiPort));
        cmd.addAll(List.of(args));
        return cmd.toArray(String[]::new);
    }

    /** Run {@code gobgp -u 127.0.0.1 -p PORT ARGS}; throw when it fails. */
    public String gobgp(final String... args)
    {
        return cli(gobgpCommand(args));
    }

    @Override
    protected void writeConfig() throws IOException
    {
        write("gobgpd.toml", edit.apply(render(config)));
    }

    private static String quote(final String s)
    {
        return "\"" + s + "\"";
    }

    /** The gobgpd TOML for {@code config}. */
    static String render(final DaemonConfig config)
    {
        final StringBuilder c = new StringBuilder();
        c.append("# written by net.junction.bgp.interop.GobgpPeer\n");
        c.append("[global.config]\n  as = ").append(config.localAs()).append("\n  router-id = ")
            .append(quote(config.routerId())).append("\n  port = 179\n");
        c.append("[global.apply-policy.config]\n  export-policy-list = [\"jx-export\"]\n")
            .append("  default-export-policy = \"accept-route\"\n  default-import-policy = \"accept-route\"\n");
        final List<String> statements = new ArrayList<>();
        for (final boolean v6 : new boolean[] {false, true})
        {
            final List<String> rejected = config.export().rejected(v6);
            if (rejected.isEmpty())
            {
                continue;
            }
            final String set = "jx-reject" + (v6 ? "6" : "4");
            c.append("[[defined-sets.prefix-sets]]\n  prefix-set-name = ").append(quote(set)).append('\n');
            for (final String p : rejected)
            {
                c.append("  [[defined-sets.prefix-sets.prefix-list]]\n    ip-prefix = ").append(quote(p)).append('\n');
            }
            statements.add("[[policy-definitions.statements]]\n  name = \"" + set + "\"\n"
                + "  [policy-definitions.statements.conditions.match-prefix-set]\n    prefix-set = \"" + set + "\"\n"
                + "    match-set-options = \"any\"\n"
                + "  [policy-definitions.statements.actions]\n    route-disposition = \"reject-route\"\n");
        }
        final StringBuilder tag = new StringBuilder("[[policy-definitions.statements]]\n  name = \"jx-tag\"\n"
            + "  [policy-definitions.statements.actions]\n    route-disposition = \"accept-route\"\n");
        if (!config.export().addCommunities().isEmpty())
        {
            tag.append("  [policy-definitions.statements.actions.bgp-actions.set-community]\n    options = \"add\"\n")
                .append("    [policy-definitions.statements.actions.bgp-actions.set-community.set-community-method]\n")
                .append("      communities-list = [")
                .append(String.join(", ", config.export().addCommunities().stream().map(GobgpPeer::quote).toList()))
                .append("]\n");
        }
        statements.add(tag.toString());
        c.append("[[policy-definitions]]\n  name = \"jx-export\"\n");
        statements.forEach(c::append);
        for (final Neighbor nb : config.neighbors())
        {
            c.append("[[neighbors]]\n  [neighbors.config]\n    neighbor-address = ").append(quote(nb.address()))
                .append("\n    peer-as = ").append(nb.remoteAs()).append('\n');
            if (nb.md5Password() != null)
            {
                c.append("    auth-password = ").append(quote(nb.md5Password())).append('\n');
            }
            c.append("  [neighbors.timers.config]\n    connect-retry = 1\n    hold-time = ").append(nb.holdTimeSeconds())
                .append("\n    keepalive-interval = ").append(Math.max(1, nb.holdTimeSeconds() / 3))
                .append("\n    idle-hold-time-after-reset = 1\n");
            if (nb.passive() || nb.localAddress() != null)
            {
                c.append("  [neighbors.transport.config]\n");
                if (nb.passive())
                {
                    c.append("    passive-mode = true\n");
                }
                if (nb.localAddress() != null)
                {
                    c.append("    local-address = ").append(quote(nb.localAddress())).append('\n');
                }
            }
            if (nb.multihopTtl() > 0)
            {
                c.append("  [neighbors.ebgp-multihop.config]\n    enabled = true\n    multihop-ttl = ")
                    .append(nb.multihopTtl()).append('\n');
            }
            if (nb.gracefulRestart())
            {
                c.append("  [neighbors.graceful-restart.config]\n    enabled = true\n    restart-time = ")
                    .append(nb.restartTimeSeconds()).append('\n');
            }
            for (final Family f : Family.values())
            {
                if (!nb.families().contains(f))
                {
                    continue;
                }
                c.append("  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n      afi-safi-name = ")
                    .append(quote(f == Family.IPV4_UNICAST ? "ipv4-unicast" : "ipv6-unicast")).append('\n');
                if (nb.gracefulRestart())
                {
                    c.append("    [neighbors.afi-safis.mp-graceful-restart.config]\n      enabled = true\n");
                }
            }
        }
        return c.toString();
    }

    private void addPath(final StaticRoute r)
    {
        final List<String> args = list("global", "rib", "add", "-a", r.isIpv6() ? "ipv6" : "ipv4", r.prefix());
        if (!r.communities().isEmpty())
        {
            args.add("community");
            args.add(String.join(",", r.communities()));
        }
        if (!r.largeCommunities().isEmpty())
        {
            args.add("large-community");
            args.add(String.join(",", r.largeCommunities()));
        }
        gobgp(args.toArray(String[]::new));
    }

    @Override
    public void announce(final StaticRoute route)
    {
        config = config.withRoute(route);
        addPath(route);
    }

    @Override
    public void withdraw(final String prefix)
    {
        config = config.withoutRoute(prefix);
        gobgp("global", "rib", "del", "-a", prefix.contains(":") ? "ipv6" : "ipv4", prefix);
    }

    @Override
    public String sessionState(final String neighbor)
    {
        final Map<String, Object> json = Json.object(Json.parse(gobgp("-j", "neighbor", neighbor)));
        final Object state = Json.object(json.get("state")).get("session_state");
        // The API's enum: 1 idle, 2 connect, 3 active, 4 opensent, 5 openconfirm, 6 established.
        if (state instanceof Number n)
        {
            return switch (n.intValue())
            {
                case 1 -> "Idle";
                case 2 -> "Connect";
                case 3 -> "Active";
                case 4 -> "OpenSent";
                case 5 -> "OpenConfirm";
                case 6 -> "Established";
                default -> "unknown(" + n + ")";
            };
        }
        final String s = Json.string(state);
        return s == null ? "Idle" : s.equalsIgnoreCase("established") ? "Established" : s;
    }

    @Override
    public List<Route> routes()
    {
        final List<Route> routes = new ArrayList<>();
        routes.addAll(parseRib(gobgp("-j", "global", "rib", "-a", "ipv4")));
        routes.addAll(parseRib(gobgp("-j", "global", "rib", "-a", "ipv6")));
        return routes;
    }

    /** Parse {@code gobgp -j global rib}: prefix to an array of paths, attributes by type code. */
    static List<Route> parseRib(final String text)
    {
        final List<Route> routes = new ArrayList<>();
        if (text.isBlank() || text.strip().equals("null"))
        {
            return routes;
        }
        for (final Map.Entry<String, Object> e : Json.object(Json.parse(text)).entrySet())
        {
            for (final Object p : Json.array(e.getValue()))
            {
                final Map<String, Object> path = Json.object(p);
                final List<String> hops = new ArrayList<>();
                final List<Long> asPath = new ArrayList<>();
                final List<String> communities = new ArrayList<>();
                final List<String> large = new ArrayList<>();
                for (final Object a : Json.array(path.get("attrs")))
                {
                    final Map<String, Object> attr = Json.object(a);
                    switch ((int)Json.number(attr.get("type"), 0))
                    {
                        case 2 -> Json.array(attr.get("as_paths")).forEach(seg ->
                            Json.array(Json.object(seg).get("asns")).forEach(as -> asPath.add(Json.number(as, -1))));
                        case 3, 14 ->
                        {
                            if (attr.get("nexthop") != null)
                            {
                                hops.add(Json.string(attr.get("nexthop")));
                            }
                            if (attr.get("linklocal_nexthop") != null)
                            {
                                hops.add(Json.string(attr.get("linklocal_nexthop")));
                            }
                        }
                        case 8 -> Json.array(attr.get("communities")).forEach(x -> communities.add(Route.community(Json.number(x, 0))));
                        case 32 -> Json.array(attr.get("value")).forEach(x ->
                        {
                            final Map<String, Object> lc = Json.object(x);
                            large.add(Json.number(lc.get("ASN"), 0) + ":" + Json.number(lc.get("LocalData1"), 0) + ":"
                                + Json.number(lc.get("LocalData2"), 0));
                        });
                        default ->
                        {
                        }
                    }
                }
                final String from = Json.string(path.get("neighbor-ip"));
                routes.add(new Route(e.getKey(), hops, asPath, communities, large, Boolean.TRUE.equals(path.get("best")),
                    from == null || from.isEmpty() ? "local" : from));
            }
        }
        return routes;
    }
}
