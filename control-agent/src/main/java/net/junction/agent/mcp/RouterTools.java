/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.mcp;

import static net.junction.agent.mcp.Calls.query;
import static net.junction.agent.mcp.Calls.segment;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.junction.agent.journal.RouteJournal;
import net.junction.agent.mcp.RouterTool.Effect;

/**
 * The tool table: one {@link RouterTool} per tool, each a thin use of the router's API
 * (docs/api.md). Adding a tool is adding one entry to {@link #all}. Descriptions are written for a
 * model that has never seen a router: what the tool does, when to use it, and one example call.
 * <p>
 * Reads need a {@code read} token; {@code propose_change}, {@code commit_proposal},
 * {@code confirm} and {@code rollback} need {@code operate}. The router checks that, not this
 * table: the tools can do what the credentials of {@code junction mcp} allow, no more.
 */
final class RouterTools
{
    /** The confirm window an agent's commit gets unless it asks otherwise. */
    static final long DEFAULT_CONFIRM_MINUTES = 10;
    private static final Effect PROPOSE = new Effect(false, false, false);
    /** A second identical call is refused (conflict, not-pending, no-change): no further effect. */
    private static final Effect CHANGE = new Effect(false, true, true);
    private static final Effect KEEP = new Effect(false, false, true);

    private static final String PAGING = " Paging: limit 1..1000 routes (default 100); when the answer has next_cursor, " +
        "call again with cursor set to it for the next page.";

    private RouterTools()
    {
    }

    static List<RouterTool> all(final Schemas schemas)
    {
        return List.of(
            new RouterTool("status", "Router status", """
                The router's overall state: name, software version, uptime, ports, forwarding workers, route counts \
                per address family (rib_routes: every route known; fib_routes: routes installed for forwarding), BGP \
                neighbors configured and established, running_version (the configuration commit running now), and \
                pending_confirm when a commit will be rolled back by itself unless confirmed. Start here.
                Example: {}""",
                Input.of(), schemas.component("Status"), Effect.READ,
                (a, api) -> api.get("/v1/status")),

            new RouterTool("interfaces", "Network ports", """
                The router's network ports: name, device, MAC address, MTU, IP addresses, link up or down and speed, \
                packet, byte and drop counters. Give name for one port only.
                Example: {"name": "p1"}""",
                Input.of().string("name", "one port's name, e.g. p1; leave out for all", false),
                schemas.listOf("interfaces", "Interface"), Effect.READ,
                (a, api) -> wrap(api, "interfaces", a.string("name")
                    .map(n -> api.get("/v1/interfaces/" + segment(n))).orElseGet(() -> api.get("/v1/interfaces")))),

            new RouterTool("routes", "List routes", """
                Routes of the router's routing table, one page at a time. Each route has a prefix (a block of \
                addresses, e.g. 198.51.100.0/24), the protocol that supplied it (connected, static, ebgp, ibgp), its next \
                hops (the neighbouring router's address and the port packets leave by), and BGP attributes for BGP \
                routes. Filters: prefix (that prefix exactly, or with longer=true it and every more specific prefix \
                inside it), family (ipv4 or ipv6), protocol (connected, static or bgp). To see which route one \
                destination address uses, call lookup instead.""" + PAGING + """

                Example: {"prefix": "198.18.0.0/16", "longer": true, "protocol": "bgp", "limit": 50}""",
                Input.of()
                    .string("prefix", "a prefix, e.g. 198.18.0.0/16 or 2001:db8::/32", false)
                    .bool("longer", "with prefix: also every more specific prefix inside it")
                    .choice("family", "ipv4 or ipv6 only", false, "ipv4", "ipv6")
                    .choice("protocol", "only routes from this source", false, "connected", "static", "bgp")
                    .integer("limit", "routes per page, 1..1000 (default 100)", false, 1, 1000)
                    .string("cursor", "next_cursor from the previous page", false),
                schemas.component("RoutePage"), Effect.READ,
                (a, api) -> api.get("/v1/routes" + query(a, "prefix", "longer", "family", "protocol", "limit", "cursor"))),

            new RouterTool("lookup", "Route for an address", """
                Which route a packet to one IP address takes: the longest-prefix match in the routing table, with \
                its next hops. found=false means the router has no route for it and would drop such packets.
                Example: {"address": "198.51.100.7"}""",
                Input.of().string("address", "an IPv4 or IPv6 address, e.g. 198.51.100.7 or 2001:db8::1", true),
                Schemas.object(Map.of(
                    "address", Map.of("type", "string"),
                    "found", Map.of("type", "boolean"),
                    "route", schemas.component("Route")), List.of("address", "found")), Effect.READ,
                RouterTools::lookup),

            new RouterTool("explain", "Why a route is what it is", """
                Explains the routing decision for one address or one prefix (give exactly one): the installed \
                forwarding entry and whether each next hop's neighbor (ARP/ND) is resolved; every candidate route by \
                source (connected, static, BGP) with its distance; for BGP, every neighbor's path, which one won and \
                the decision step each other one lost at (lost_at: local-pref, as-path-length, origin, med, ...), \
                the import policy term that accepted it; and routes an import policy rejected, with the term. \
                found=false: nothing at all is known about it.
                Example: {"prefix": "198.51.100.0/24"} or {"address": "198.51.100.7"}""",
                Input.of()
                    .string("address", "an IPv4 or IPv6 address: explain its longest installed match", false)
                    .string("prefix", "an IPv4 or IPv6 prefix, e.g. 198.51.100.0/24: explain exactly it", false),
                Schemas.object(Map.of(
                    "found", Map.of("type", "boolean"),
                    "explanation", schemas.component("RouteExplanation")), List.of("found")), Effect.READ,
                RouterTools::explain),

            new RouterTool("neighbors", "BGP neighbors", """
                The router's BGP neighbors (peers: other routers it exchanges routes with): name, address, AS \
                number, session state (established means up), uptime, and per address family how many prefixes were \
                received, accepted by the import policy, and advertised. Give name for one neighbor only.
                Example: {"name": "transit1"}""",
                Input.of().string("name", "one neighbor's name, e.g. transit1; leave out for all", false),
                schemas.listOf("neighbors", "Neighbor"), Effect.READ,
                (a, api) -> wrap(api, "neighbors", a.string("name")
                    .map(n -> api.get("/v1/bgp/neighbors/" + segment(n))).orElseGet(() -> api.get("/v1/bgp/neighbors")))),

            new RouterTool("neighbor_routes", "A neighbor's routes", """
                The routes exchanged with one BGP neighbor. table: received = as the neighbor sent them, before this \
                router's import policy; accepted = the ones the import policy let in (their attributes as the policy \
                set them), each with protocol and distance as it is in this router's RIB; advertised = what this \
                router sends to that neighbor, after its export policy, each with source: network (a network this \
                router originates), neighbor (a path learned from learned_from) or withdrawing (its withdrawal is \
                on its way). Filters: prefix (with longer=true also every more specific prefix), family.""" + PAGING + """

                Example: {"name": "transit1", "table": "received", "prefix": "203.0.113.0/24"}""",
                Input.of()
                    .string("name", "the neighbor's name, as neighbors lists it", true)
                    .choice("table", "received (before import policy), accepted (after it) or advertised", true,
                        "received", "accepted", "advertised")
                    .string("prefix", "a prefix, e.g. 203.0.113.0/24", false)
                    .bool("longer", "with prefix: also every more specific prefix inside it")
                    .choice("family", "ipv4 or ipv6 only", false, "ipv4", "ipv6")
                    .integer("limit", "routes per page, 1..1000 (default 100)", false, 1, 1000)
                    .string("cursor", "next_cursor from the previous page", false),
                schemas.component("NeighborRoutePage"), Effect.READ,
                (a, api) -> api.get("/v1/bgp/neighbors/" + segment(a.string("name").orElseThrow()) + "/routes" +
                    query(a, "table", "prefix", "longer", "family", "limit", "cursor"))),

            new RouterTool("running_config", "Running configuration", """
                The router's whole running configuration, a YAML document, and its version (the number of the \
                commit running now; 0 and an empty document before the first commit). To change the configuration, \
                edit this document and give the whole edited document to propose_change.
                Example: {}""",
                Input.of(),
                Schemas.object(Map.of("version", Map.of("type", "integer"), "document", Map.of("type", "string")),
                    List.of("version", "document")), Effect.READ,
                RouterTools::runningConfig),

            new RouterTool("commit_history", "Configuration commits", """
                Past configuration commits, newest first: number, author, time, message, and for one made with a \
                confirm window its confirm: {by (the deadline), state: pending (awaits confirm), confirmed \
                (confirmed_at), expired (not confirmed in time: the router rolled it back, rolled_back_by: N), \
                rolled-back (a rollback, rolled_back_by: N, ended its window), replaced (replaced_by: N), unknown}. \
                Give number for that one commit with its whole document (to see what a rollback would restore).
                Example: {"limit": 5}""",
                Input.of()
                    .integer("limit", "at most this many, 1..100 (default 100)", false, 1, 100)
                    .integer("number", "one commit's number, with its document", false, 1, Long.MAX_VALUE),
                schemas.listOf("commits", "Commit"), Effect.READ,
                (a, api) -> wrap(api, "commits", a.integer("number").map(n -> api.get("/v1/commits/" + n))
                    .orElseGet(() -> api.get("/v1/commits" + query(a, "limit"))))),

            new RouterTool("route_history", "A prefix's route history", """
                The history of one prefix (a block of addresses, e.g. 198.51.100.0/24) from the router's route \
                journal: every change of its best route (the route the router uses for it), newest first. Each \
                change has its time (UTC), the route before and after (before absent: the prefix was new; after \
                absent: it was withdrawn, no route), each with next hops, AS path, local_pref, med, communities and \
                the neighbor it came from; and its cause: kind update or withdrawal (a BGP message from that \
                neighbor), commit (a configuration change, by number), next-hop-change, or session-down (the BGP \
                session with that neighbor ended). An empty changes list: the journal holds no change of it. The \
                journal is kept by exact prefix: for an address, call lookup first to find its prefix. To know \
                why one change happened, call route_why.
                Example: {"prefix": "198.51.100.0/24", "limit": 10}""",
                Input.of()
                    .string("prefix", "the exact prefix, e.g. 198.51.100.0/24 or 2001:db8::/32", true)
                    .integer("limit", "at most this many changes, newest first, 1..10000 (default 100)", false, 1,
                        RouteJournal.MAX_HISTORY),
                schemas.component("RouteHistory"), Effect.READ,
                (a, api) -> api.get("/v1/routes/history" + query(a, "prefix", "limit"))),

            new RouterTool("table_at", "Routes at a past time", """
                The router's best routes as they were at a past time, rebuilt from its route journal: per prefix \
                the next hops, AS path, attributes and the neighbor it came from, at that moment. time is RFC 3339 \
                with its offset: 2026-12-06T09:30:00Z (UTC) or 2026-12-06T10:30:00+01:00; the times in \
                route_history and commit_history answers have this form. Filters: prefix (that prefix exactly, or \
                with longer=true it and every more specific prefix inside it). Each page is rebuilt from the \
                journal, which is slow for a whole table: narrow it with prefix when you can. To compare with \
                now, call routes.""" + PAGING + """

                Example: {"time": "2026-12-06T09:30:00Z", "prefix": "198.51.100.0/22", "longer": true}""",
                Input.of()
                    .string("time", "RFC 3339 with offset, e.g. 2026-12-06T09:30:00Z", true)
                    .string("prefix", "a prefix, e.g. 198.51.100.0/22", false)
                    .bool("longer", "with prefix: also every more specific prefix inside it")
                    .integer("limit", "routes per page, 1..1000 (default 100)", false, 1, 1000)
                    .string("cursor", "next_cursor from the previous page", false),
                schemas.component("JournalTablePage"), Effect.READ,
                (a, api) -> api.get("/v1/routes/at" + query(a, "time", "prefix", "longer", "limit", "cursor"))),

            new RouterTool("route_why", "Why a route changed", """
                Why one prefix's best route last changed (or its last change at or before time), from the route \
                journal: change (its time, the route before and after, and its cause), cause_event (the record \
                behind the cause: for a commit its number, author and message; for an update, withdrawal or \
                session-down the neighbor's last session event before it, e.g. to IDLE with reason "hold timer \
                expired"), and previous (the change before, which installed the route that was replaced). \
                found=false: the journal holds no change of that exact prefix (at or before time). Use it to \
                answer "why does traffic to X go elsewhere since ...": lookup gives X's prefix.
                Example: {"prefix": "198.51.100.0/24"} or {"prefix": "198.51.100.0/24", "time": "2026-12-06T09:30:00Z"}""",
                Input.of()
                    .string("prefix", "the exact prefix, e.g. 198.51.100.0/24", true)
                    .string("time", "RFC 3339 with offset, e.g. 2026-12-06T09:30:00Z; leave out for the last change", false),
                Schemas.object(Map.of(
                    "found", Map.of("type", "boolean"),
                    "explanation", schemas.component("RouteWhy")), List.of("found")), Effect.READ,
                RouterTools::routeWhy),

            new RouterTool("propose_change", "Propose a configuration", """
                Check a new configuration without applying it: nothing changes on the router. Give the WHOLE \
                document (YAML or JSON; start from running_config and edit it) and a message saying why. Returns a \
                proposal id, base_version (the running version it was checked against), valid, problems (each \
                naming the configuration field at fault, e.g. ports[1].mtu), the diff against what runs (per \
                object, and as unified text) and the preview: what committing it now would do to the routes \
                (per BGP neighbor the routes its import policy would newly accept, reject or change; per neighbor \
                the routes it would newly be sent or no longer be sent; best paths and next hops that change; \
                neighbors whose session resets), each as a count and the first routes (first, default 20). Read \
                the preview before committing: a count you did not expect (thousands of routes rejected, a \
                neighbor going) means the change does more than intended. notes says what the preview does not \
                cover; preview_error says why there is none. If diff and preview are what you intend, call \
                commit_proposal with the id; if not valid, fix the document and propose again. Proposals are kept \
                for 60 minutes.
                Example: {"document": "name: r1\\ncores: [1]\\nports: ...", "message": "raise p1's MTU to 9000"}""",
                Input.of()
                    .string("document", "the whole configuration document, YAML or JSON", true)
                    .string("message", "why: becomes the commit message", false)
                    .integer("first", "how many changed routes of each kind the preview lists, 0..1000 (default 20)",
                        false, 0, 1000),
                schemas.component("Proposal"), PROPOSE,
                (a, api) -> api.post("/v1/proposals", body(api, a, "document", "message", "first"))),

            new RouterTool("commit_proposal", "Commit a proposal", """
                Apply a proposal made by propose_change. Refused, changing nothing, when the running configuration \
                changed since the proposal was made (stale-version: propose again against running_config), when the \
                proposal is not valid, or while another commit awaits confirmation. The commit is rolled back by \
                itself after confirm_minutes (default 10) unless you call confirm: after committing, check that the \
                router works (status, neighbors, lookup), then confirm. confirm_minutes 0 makes it permanent at once \
                (the router's very first commit needs 0: there is nothing to roll back to).
                Example: {"proposal_id": "p-3f9a0c1b2d4e", "message": "raise p1's MTU to 9000", "confirm_minutes": 10}""",
                Input.of()
                    .string("proposal_id", "the id propose_change returned, p-...", true)
                    .string("message", "why; defaults to the proposal's message (one of them is required)", false)
                    .integer("confirm_minutes", "minutes until an automatic rollback unless confirmed, 0..1440; 0: none",
                        0, 1440, DEFAULT_CONFIRM_MINUTES),
                schemas.component("Commit"), CHANGE,
                RouterTools::commitProposal),

            new RouterTool("confirm", "Confirm the commit", """
                Keep the commit that awaits confirmation (made by commit_proposal with confirm_minutes above 0), so \
                it is not rolled back when its window ends. Call it once the change is checked. Answers the commit \
                with confirm.state confirmed and confirm.confirmed_at. Refused (not-pending) when no commit awaits \
                confirmation; status shows pending_confirm.
                Example: {}""",
                Input.of(), schemas.component("Commit"), KEEP,
                (a, api) -> api.post("/v1/commits/confirm", api.object())),

            new RouterTool("rollback", "Roll back", """
                Restore the configuration of an earlier commit, as a new commit (the history is kept). Pick number \
                from commit_history. To undo a commit that awaits confirmation at once, roll back to \
                status.pending_confirm.rollback_to. Refused (no-change) when that configuration is what runs.
                Example: {"number": 7, "message": "the MTU change broke transit1"}""",
                Input.of()
                    .integer("number", "the commit whose configuration to restore", true, 1, Long.MAX_VALUE)
                    .string("message", "why; default: rollback to commit N", false),
                schemas.component("Commit"), CHANGE,
                (a, api) -> api.post("/v1/rollback", body(api, a, "number", "message"))),

            new RouterTool("ip_neighbors", "ARP and ND entries", """
                The data plane's neighbor cache: for each directly connected host or router it forwards to, its \
                IP address, MAC address, port and state: ARP entries (IPv4) and IPv6 Neighbor Discovery entries. \
                state is the NUD state: reachable (confirmed recently), stale, delay or probe (in use, being \
                checked again), incomplete (asked, no answer yet: packets to it wait), failed (no answer: packets \
                to it are dropped), permanent (a static neighbor of the configuration, static=true). \
                confirmed_ago_ms, used_ago_ms, updated_ago_ms: milliseconds since it was last confirmed, had a \
                packet forwarded to it, changed. Use it when a next hop does not work (explain shows a next hop's \
                state too). Not BGP neighbors: for those call neighbors.
                Example: {"family": "ipv4", "port": "p1"}""",
                Input.of()
                    .choice("family", "ipv4 (ARP) or ipv6 (ND) only", false, "ipv4", "ipv6")
                    .string("port", "one port's name, e.g. p1", false)
                    .string("address", "one neighbor's address, e.g. 198.51.100.2", false),
                schemas.listOf("neighbors", "IpNeighbor"), Effect.READ,
                (a, api) -> wrap(api, "neighbors", api.get("/v1/ip-neighbors" + query(a, "family", "port", "address")))));
    }

    private static Object lookup(final Input.Arguments a, final Calls api)
    {
        final String address = a.string("address").orElseThrow();
        final RouterApi.Reply reply = api.raw("GET", "/v1/routes/lookup" + query(a, "address"), null);
        final ObjectNode answer = api.object().put("address", address);
        if (reply.status() == 404)
        {
            return answer.put("found", false);
        }
        answer.put("found", true).set("route", api.json(api.expect(reply)));
        return answer;
    }

    private static Object explain(final Input.Arguments a, final Calls api)
    {
        if (a.string("address").isPresent() == a.string("prefix").isPresent())
        {
            throw new ToolError("give exactly one of address or prefix");
        }
        final RouterApi.Reply reply = api.raw("GET", "/v1/routes/explain" + query(a, "address", "prefix"), null);
        final ObjectNode answer = api.object();
        if (reply.status() == 404)
        {
            return answer.put("found", false);
        }
        answer.put("found", true).set("explanation", api.json(api.expect(reply)));
        return answer;
    }

    /** found=false for a prefix the journal holds no change of; a router without a journal is a tool error. */
    private static Object routeWhy(final Input.Arguments a, final Calls api)
    {
        final RouterApi.Reply reply = api.raw("GET", "/v1/routes/why" + query(a, "prefix", "time"), null);
        final ObjectNode answer = api.object();
        if (reply.status() == 404 && "not-found".equals(api.reason(reply)))
        {
            return answer.put("found", false);
        }
        answer.put("found", true).set("explanation", api.json(api.expect(reply)));
        return answer;
    }

    private static Object runningConfig(final Input.Arguments a, final Calls api)
    {
        final RouterApi.Reply reply = api.raw("GET", "/v1/config", null);
        if (reply.status() == 404)
        {
            return api.object().put("version", 0).put("document", "");
        }
        api.expect(reply);
        return api.object().put("version", Long.parseLong(reply.etag().orElse("0"))).put("document", reply.body());
    }

    private static Object commitProposal(final Input.Arguments a, final Calls api)
    {
        final ObjectNode body = body(api, a, "message");
        final long minutes = a.integer("confirm_minutes").orElse(DEFAULT_CONFIRM_MINUTES);
        if (minutes > 0)
        {
            body.put("confirm_minutes", minutes);
        }
        return api.post("/v1/proposals/" + segment(a.string("proposal_id").orElseThrow()) + "/commit", body);
    }

    /** @return {@code {field: [answer]}}, or {@code {field: answer}} when the answer is already a list. */
    private static ObjectNode wrap(final Calls api, final String field, final JsonNode answer)
    {
        final ObjectNode wrapped = api.object();
        if (answer.isArray())
        {
            wrapped.set(field, answer);
        }
        else
        {
            wrapped.putArray(field).add(answer);
        }
        return wrapped;
    }

    private static ObjectNode body(final Calls api, final Input.Arguments a, final String... names)
    {
        final ObjectNode body = api.object();
        for (final String name : names)
        {
            final Object value = a.values().get(name);
            if (value instanceof String s)
            {
                body.put(name, s);
            }
            else if (value instanceof Long l)
            {
                body.put(name, l);
            }
        }
        return body;
    }
}
