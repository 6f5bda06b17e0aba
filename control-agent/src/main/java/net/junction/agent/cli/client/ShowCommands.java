/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code junction show ...}: the read side of the API. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show the router's state.")
final class ShowCommands extends JunctionCli.GroupCommand
{
    /** Its commands, in the order help lists them (modelled on demand: {@code JunctionCli.commandLine}). */
    static final Class<?>[] LEAVES = {
        ShowCommands.Status.class, ShowCommands.Interfaces.class, ShowCommands.Routes.class,
        ShowCommands.Route.class, ShowCommands.Neighbors.class, ShowCommands.Counters.class,
        ShowCommands.Config.class, ShowCommands.Arp.class, ShowCommands.Nd.class, ShowCommands.Rpki.class, ShowCommands.Bmp.class
    };

    @Command(name = "status", mixinStandardHelpOptions = true, description = "The router as a whole (GET /v1/status).")
    static final class Status extends JunctionCli.ClientCommand
    {
        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            return cli.print(api.get("/v1/status"), HumanText::status);
        }
    }

    @Command(name = "interfaces", mixinStandardHelpOptions = true,
        description = "Ports, their addresses, link and counters (GET /v1/interfaces).")
    static final class Interfaces extends JunctionCli.ClientCommand
    {
        @Parameters(arity = "0..1", paramLabel = "PORT", description = "Only this port.")
        String port;

        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            return port == null ? cli.print(api.get("/v1/interfaces"), HumanText::interfaces) :
                cli.print(api.get("/v1/interfaces/" + JunctionCli.segment(port)),
                    one -> HumanText.interfaces(JsonNodeFactory.instance.arrayNode().add(one)));
        }
    }

    @Command(name = "counters", mixinStandardHelpOptions = true,
        description = "Every drop reason and per-worker figures (GET /v1/counters).")
    static final class Counters extends JunctionCli.ClientCommand
    {
        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            return cli.print(api.get("/v1/counters"), HumanText::counters);
        }
    }

    @Command(name = "routes", mixinStandardHelpOptions = true,
        description = {"Routes of the RIB, every source (GET /v1/routes), or of one BGP neighbor's table.",
            "With --at, the best routes as they were at a time, from the route journal (GET /v1/routes/at).",
            "Follows the pages to the end unless --limit says otherwise."})
    static final class Routes extends JunctionCli.ClientCommand
    {
        @Parameters(arity = "0..1", paramLabel = "PREFIX", description = "Only this prefix (with --longer: and those inside it).")
        String prefix;

        @Option(names = "--longer", description = "With PREFIX: every more specific route too.")
        boolean longer;

        @Option(names = "--family", paramLabel = "FAMILY", completionCandidates = Families.class,
            description = "ipv4 or ipv6.")
        String family;

        @Option(names = "--protocol", paramLabel = "PROTOCOL", completionCandidates = Protocols.class,
            description = "connected, static or bgp.")
        String protocol;

        @Option(names = "--neighbor", paramLabel = "NAME", description = "A BGP neighbor's table instead of the RIB.")
        String neighbor;

        @Option(names = "--table", paramLabel = "TABLE", completionCandidates = Tables.class, defaultValue = "accepted",
            description = "With --neighbor: received (before import policy), accepted or advertised (default: ${DEFAULT-VALUE}).")
        String table;

        @Option(names = "--limit", paramLabel = "N", description = "At most N routes.")
        Integer limit;

        @Option(names = "--at", paramLabel = "TIME",
            description = "The best routes at TIME, from the route journal: RFC 3339, e.g. 2026-12-06T09:30:00Z.")
        String at;

        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            if (limit != null && limit < 1)
            {
                throw new CliFailure(CliFailure.USAGE, "--limit: want 1 or more, not " + limit);
            }
            if (at != null && (neighbor != null || family != null || protocol != null))
            {
                throw new CliFailure(CliFailure.USAGE, "show routes --at: the journal keeps best routes only; " +
                    "--neighbor, --family and --protocol do not go with it");
            }
            final String path = at != null ? "/v1/routes/at" : neighbor == null ? "/v1/routes" :
                "/v1/bgp/neighbors/" + JunctionCli.segment(neighbor) + "/routes";
            final List<JsonNode> routes = new ArrayList<>();
            String cursor = null;
            ApiResponse last;
            JsonNode page;
            int pages = 0;
            do
            {
                final int want = limit == null ? PAGE : Math.min(PAGE, limit - routes.size());
                last = api.get(path + JunctionCli.query("time", at, "table", neighbor == null ? null : table, "prefix", prefix,
                    "longer", longer ? "true" : null, "family", family, "protocol", neighbor == null ? protocol : null,
                    "limit", want, "cursor", cursor));
                page = cli.expect(last);
                page.path("routes").forEach(routes::add);
                cursor = Json.text(page, "next_cursor").filter(c -> !c.isEmpty()).orElse(null);
                pages++;
            }
            while (cursor != null && (limit == null || routes.size() < limit));
            if (!cli.json())
            {
                cli.out().print(at != null ? HumanText.tableAt(page.path("time").asText(), routes) : HumanText.routes(routes));
            }
            else if (pages == 1)
            {
                cli.raw(last.body());
            }
            else
            {
                // The pages joined into one page of the same shape.
                final ObjectNode joined = JsonNodeFactory.instance.objectNode();
                if (at != null)
                {
                    joined.set("time", page.path("time"));
                }
                joined.putArray("routes").addAll(routes);
                if (cursor != null)
                {
                    joined.put("next_cursor", cursor);
                }
                cli.raw(Json.write(joined));
            }
            return JunctionCli.OK;
        }
    }

    /** Routes asked for in one request: the API's {@code RouteQuery.MAX_LIMIT}. */
    static final int PAGE = 1000;

    @Command(name = "route", mixinStandardHelpOptions = true,
        description = {"The route a packet to ADDRESS takes, longest match (GET /v1/routes/lookup).",
            "With --explain, why: the FIB entry, every RIB candidate, the BGP candidates with the decision step each " +
                "loser lost at, and the neighbors whose route import rejected (GET /v1/routes/explain).",
            "From the route journal, for a PREFIX: --history, its best-route changes newest first " +
                "(GET /v1/routes/history); --why, its last change (or the last at --at TIME), the commit or session " +
                "event behind it, and the change before (GET /v1/routes/why)."})
    static final class Route extends JunctionCli.ClientCommand
    {
        @Parameters(paramLabel = "ADDRESS|PREFIX",
            description = "An IPv4 or IPv6 address (longest match); with --explain also a prefix (that prefix only); " +
                "with --history or --why a prefix.")
        String target;

        @Option(names = "--explain", description = "Explain why the router holds this route.")
        boolean explain;

        @Option(names = "--history", description = "The prefix's best-route changes, newest first, from the route journal.")
        boolean history;

        @Option(names = "--limit", paramLabel = "N", description = "With --history: at most N changes (1..10000, default 100).")
        Integer limit;

        @Option(names = "--why", description = "Why the prefix's best route last changed, from the route journal.")
        boolean why;

        @Option(names = "--at", paramLabel = "TIME",
            description = "With --why: the last change at or before TIME, RFC 3339 (2026-12-06T09:30:00Z).")
        String at;

        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            final boolean prefix = target.contains("/");
            if ((explain ? 1 : 0) + (history ? 1 : 0) + (why ? 1 : 0) > 1)
            {
                throw new CliFailure(CliFailure.USAGE, "show route: one of --explain, --history and --why at a time");
            }
            if (limit != null && !history)
            {
                throw new CliFailure(CliFailure.USAGE, "show route: --limit goes with --history");
            }
            if (at != null && !why)
            {
                throw new CliFailure(CliFailure.USAGE, "show route: --at goes with --why (the table at a time: " +
                    "'junction show routes --at " + at + "')");
            }
            if ((history || why) && !prefix)
            {
                throw new CliFailure(CliFailure.USAGE, "show route: " + target + " is an address: the route journal is kept " +
                    "by prefix; give one, e.g. 'junction show route 198.18.64.0/18 " + (history ? "--history" : "--why") + "'");
            }
            if (history)
            {
                if (limit != null && limit < 1)
                {
                    throw new CliFailure(CliFailure.USAGE, "--limit: want 1 or more, not " + limit);
                }
                return cli.print(api.get("/v1/routes/history" + JunctionCli.query("prefix", target, "limit", limit)),
                    HumanText::routeHistory);
            }
            if (why)
            {
                return cli.print(api.get("/v1/routes/why" + JunctionCli.query("prefix", target, "time", at)),
                    HumanText::routeWhy);
            }
            if (explain)
            {
                return cli.print(api.get("/v1/routes/explain" + JunctionCli.query(prefix ? "prefix" : "address", target)),
                    HumanText::explanation);
            }
            if (prefix)
            {
                throw new CliFailure(CliFailure.USAGE, "show route: " + target + " is a prefix: add --explain (or --history, --why), " +
                    "or use 'junction show routes " + target + "'");
            }
            return cli.print(api.get("/v1/routes/lookup" + JunctionCli.query("address", target)),
                route -> HumanText.route(target, route));
        }
    }

    @Command(name = "neighbors", aliases = "neighbor", mixinStandardHelpOptions = true,
        description = "BGP neighbors: state, uptime, prefixes (GET /v1/bgp/neighbors).")
    static final class Neighbors extends JunctionCli.ClientCommand
    {
        @Parameters(arity = "0..1", paramLabel = "NAME", description = "One neighbor, in detail.")
        String neighbor;

        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            return neighbor == null ? cli.print(api.get("/v1/bgp/neighbors"), HumanText::neighbors) :
                cli.print(api.get("/v1/bgp/neighbors/" + JunctionCli.segment(neighbor)), HumanText::neighbor);
        }
    }

    @Command(name = "config", mixinStandardHelpOptions = true,
        description = "The running configuration document (GET /v1/config).")
    static final class Config extends JunctionCli.ClientCommand
    {
        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            final ApiResponse response = api.get("/v1/config" + (cli.json() ? "?format=json" : ""));
            if (!response.ok())
            {
                cli.expect(response);
            }
            cli.raw(response.body());
            return JunctionCli.OK;
        }
    }

    /** {@code show arp} and {@code show nd}: the data plane's neighbor entries of one family. */
    abstract static class IpNeighbors extends JunctionCli.ClientCommand
    {
        @Parameters(arity = "0..1", paramLabel = "ADDRESS", description = "Only this neighbor's entry.")
        String address;

        @Option(names = "--port", paramLabel = "PORT", description = "Only the entries of this port.")
        String port;

        abstract String family();

        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            return cli.print(api.get("/v1/ip-neighbors" + JunctionCli.query("family", family(), "port", port, "address", address)),
                HumanText::ipNeighbors);
        }
    }

    @Command(name = "arp", mixinStandardHelpOptions = true,
        description = {"The data plane's ARP entries (IPv4 neighbors): MAC, port, static or dynamic, NUD state, and " +
            "seconds since the entry was last confirmed, used by a forwarded packet and updated " +
            "(GET /v1/ip-neighbors?family=ipv4)."})
    static final class Arp extends IpNeighbors
    {
        @Override
        String family()
        {
            return "ipv4";
        }
    }

    @Command(name = "nd", aliases = "ipv6-neighbors", mixinStandardHelpOptions = true,
        description = {"The data plane's Neighbor Discovery entries (IPv6 neighbors), as show arp lists ARP's " +
            "(GET /v1/ip-neighbors?family=ipv6)."})
    static final class Nd extends IpNeighbors
    {
        @Override
        String family()
        {
            return "ipv6";
        }
    }

    @Command(name = "rpki", mixinStandardHelpOptions = true,
        description = "RPKI origin validation: the RTR caches, their sessions and VRPs (GET /v1/rpki).")
    static final class Rpki extends JunctionCli.ClientCommand
    {
        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            return cli.print(api.get("/v1/rpki"), HumanText::rpki);
        }
    }

    @Command(name = "bmp", mixinStandardHelpOptions = true,
        description = "BMP monitoring stations: their connections, messages sent, resyncs (GET /v1/bmp).")
    static final class Bmp extends JunctionCli.ClientCommand
    {
        @Override
        int run(final ApiClient api, final JunctionCli cli)
        {
            return cli.print(api.get("/v1/bmp"), HumanText::bmp);
        }
    }

    static final class Families extends ArrayList<String>
    {
        Families()
        {
            super(List.of("ipv4", "ipv6"));
        }
    }

    static final class Protocols extends ArrayList<String>
    {
        Protocols()
        {
            super(List.of("connected", "static", "bgp"));
        }
    }

    static final class Tables extends ArrayList<String>
    {
        Tables()
        {
            super(List.of("received", "accepted", "advertised"));
        }
    }
}
