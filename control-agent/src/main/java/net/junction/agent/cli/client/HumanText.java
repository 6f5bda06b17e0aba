/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The API's JSON as people read it: one method per resource of docs/api.md, each a pure function
 * of the answer's tree (the snake_case members of {@code RunningRouter}'s records,
 * {@code NeighborStatus} and {@code CommitRecord}). Lists print as aligned tables, single objects
 * as indented {@code key: value} lines, as {@code birdc} and {@code gobgp} do.
 */
final class HumanText
{
    private HumanText()
    {
    }

    /** {@code GET /v1/status}. */
    static String status(final JsonNode s)
    {
        final StringBuilder out = new StringBuilder();
        out.append("router ").append(s.path("name").asText()).append(" (junction ").append(s.path("version").asText())
            .append("), up ").append(duration(s.path("uptime_seconds").asLong())).append('\n');
        keyValue(out, "workers", s.path("workers").asText());
        keyValue(out, "ports", s.path("ports").asText());
        keyValue(out, "rib routes", counts(s.path("rib_routes")));
        keyValue(out, "fib routes", counts(s.path("fib_routes")));
        keyValue(out, "bgp neighbors", s.path("neighbors_established").asText() + " established of " +
            s.path("neighbors_configured").asText());
        keyValue(out, "route journal", journal(s.path("journal"), s.path("journal_off")));
        Json.text(s, "running_version").ifPresent(v -> keyValue(out, "running commit", v));
        final JsonNode pending = s.path("pending_confirm");
        if (!pending.isMissingNode() && !pending.isNull())
        {
            keyValue(out, "pending confirm", pending.isObject() ? pendingConfirm(pending) : pending.asText());
        }
        return out.toString();
    }

    /** The journal writer's counters; a router that keeps no journal sends none, and why ({@code journal_off}). */
    private static String journal(final JsonNode journal, final JsonNode off)
    {
        if (!journal.isObject())
        {
            return off.isTextual() ? "off: " + off.asText() : "off";
        }
        final long dropped = journal.path("dropped").asLong();
        return journal.path("appended").asLong() + " records appended, " + dropped + " dropped" +
            (dropped > 0 ? " (changes missing from the journal)" : "") + ", " + journal.path("queued").asLong() + " queued";
    }

    private static String pendingConfirm(final JsonNode pending)
    {
        final StringJoiner parts = new StringJoiner(", ");
        pending.properties().forEach(e -> parts.add(e.getKey().replace('_', ' ') + " " + e.getValue().asText()));
        return parts.toString();
    }

    /** {@code GET /v1/interfaces}: a table of ports and their counters. */
    static String interfaces(final JsonNode list)
    {
        final Table table = new Table("NAME", "DEVICE", "LINK", "#MTU", "MAC", "ADDRESSES", "#RX-PKTS", "#RX-BYTES",
            "#TX-PKTS", "#TX-BYTES", "#RX-ERR", "#TX-ERR", "#MISSED", "#DROPS");
        for (final JsonNode i : asList(list))
        {
            table.row(i.path("name").asText(), i.path("device").asText(), i.path("link_up").asBoolean() ? "up" : "down",
                i.path("mtu").asInt(), i.path("mac").asText(), joined(i.path("addresses"), ","),
                i.path("rx_packets").asLong(), i.path("rx_bytes").asLong(), i.path("tx_packets").asLong(),
                i.path("tx_bytes").asLong(), i.path("rx_errors").asLong(), i.path("tx_errors").asLong(),
                i.path("rx_missed").asLong(), i.path("drops").asLong());
        }
        return table.render();
    }

    /** {@code GET /v1/counters}: drop reasons (also those at zero), then workers. */
    static String counters(final JsonNode c)
    {
        final Table drops = new Table("DROP REASON", "#PACKETS");
        c.path("drops").properties().forEach(e -> drops.row(e.getKey(), e.getValue().asLong()));
        final Table workers = new Table("#WORKER", "#CORE", "#BUSY", "#PACKETS");
        int n = 0;
        for (final JsonNode w : c.path("workers"))
        {
            workers.row(n++, w.path("core").asInt(), String.format("%.1f%%", 100 * w.path("busy_ratio").asDouble()),
                w.path("packets").asLong());
        }
        return drops.render() + "\n" + workers.render();
    }

    /**
     * A {@code RoutePage} (or a list of {@code RouteView}s): one line per route and next hop. A route advertised to a
     * neighbor has no protocol nor distance: its PROTOCOL column says what it is ({@code network}, {@code from NAME},
     * {@code withdrawing}).
     */
    static String routes(final List<JsonNode> routes)
    {
        final Table table = new Table("PREFIX", "PROTOCOL", "#DIST", "NEXT HOP", "PORT", "AS PATH");
        for (final JsonNode r : routes)
        {
            // A neighbor's route with ADD-PATH: its Path Identifier beside the prefix.
            final String prefix = r.path("prefix").asText() + (r.hasNonNull("path_id") ? " id " + r.path("path_id").asLong() : "");
            final String asPath = r.path("bgp").isObject() ? joined(r.path("bgp").path("as_path"), " ") +
                Json.text(r.path("bgp"), "rpki").map(state -> " (rpki " + state + ")").orElse("") : "";
            final String protocol = Json.text(r, "protocol").orElseGet(() -> "neighbor".equals(r.path("source").asText()) ?
                "from " + r.path("learned_from").asText() : r.path("source").asText());
            final String distance = Json.text(r, "distance").orElse("");
            if (r.path("blackhole").asBoolean() || r.path("next_hops").isEmpty())
            {
                // A route with no next hop is either dropped (blackhole) or one of the router's own addresses.
                table.row(prefix, protocol, distance, r.path("blackhole").asBoolean() ? "blackhole" : "local", "", asPath);
                continue;
            }
            boolean first = true;
            for (final JsonNode hop : r.path("next_hops"))
            {
                table.row(first ? prefix : "", first ? protocol : "", first ? distance : "",
                    Json.text(hop, "address").orElse("direct"), Json.text(hop, "port").orElse(r.has("source") ? "" : "unresolved"),
                    first ? asPath : "");
                first = false;
            }
        }
        return table.render();
    }

    /** {@code GET /v1/routes/lookup}: the route a packet to ADDRESS takes, in detail. */
    static String route(final String address, final JsonNode r)
    {
        final StringBuilder out = new StringBuilder();
        out.append(address).append(" via ").append(r.path("prefix").asText()).append(", ")
            .append(r.path("protocol").asText()).append(", distance ").append(r.path("distance").asInt()).append('\n');
        if (r.path("blackhole").asBoolean())
        {
            keyValue(out, "next hop", "blackhole (dropped)");
        }
        else if (r.path("next_hops").isEmpty())
        {
            keyValue(out, "next hop", "local (an address of this router)");
        }
        for (final JsonNode hop : r.path("next_hops"))
        {
            keyValue(out, "next hop", Json.text(hop, "address").orElse("directly connected") +
                Json.text(hop, "port").map(p -> " dev " + p).orElse(" (unresolved)"));
        }
        final JsonNode bgp = r.path("bgp");
        if (bgp.isObject())
        {
            keyValue(out, "bgp from", bgp.path("neighbor").asText());
            keyValue(out, "as path", bgp.path("as_path").isEmpty() ? "(empty)" : joined(bgp.path("as_path"), " "));
            keyValue(out, "origin", bgp.path("origin").asText());
            Json.text(bgp, "local_pref").ifPresent(v -> keyValue(out, "local pref", v));
            Json.text(bgp, "med").ifPresent(v -> keyValue(out, "med", v));
            keyValue(out, "bgp next hop", bgp.path("next_hop").asText());
            Json.text(bgp, "rpki").ifPresent(v -> keyValue(out, "rpki", v));
            if (!bgp.path("communities").isEmpty())
            {
                keyValue(out, "communities", joined(bgp.path("communities"), " "));
            }
        }
        return out.toString();
    }

    /**
     * {@code GET /v1/routes/explain}: what the FIB holds, the RIB's candidates by source, the BGP
     * winner and each loser with the step it lost at, and the rejected routes with the term.
     */
    static String explanation(final JsonNode e)
    {
        final StringBuilder out = new StringBuilder();
        final String query = e.path("query").asText();
        final String prefix = e.path("prefix").asText();
        out.append(query.equals(prefix) ? prefix : query + " matches " + prefix).append('\n');
        final JsonNode fib = e.path("fib");
        if (fib.isObject())
        {
            out.append("fib: ").append(fib.path("protocol").asText())
                .append(fib.path("blackhole").asBoolean() ? ", blackhole (dropped)" : "")
                .append(fib.path("ecmp").asBoolean() ? ", ECMP over " + fib.path("next_hops").size() : "").append('\n');
            for (final JsonNode hop : fib.path("next_hops"))
            {
                final String neighbor = Json.text(hop, "neighbor").map(state -> ", neighbor " + state +
                    (hop.path("resolved").asBoolean() ? "" : " (unresolved)")).orElse("");
                keyValue(out, "next hop", Json.text(hop, "address").orElse("directly connected") +
                    Json.text(hop, "port").map(p -> " dev " + p).orElse(" (no port yet)") + neighbor);
            }
        }
        else
        {
            out.append("fib: not installed\n");
        }
        if (!e.path("rib").isEmpty())
        {
            out.append("rib:\n");
            final Table table = new Table("", "PROTOCOL", "#DISTANCE", "#METRIC", "NEXT HOP");
            for (final JsonNode r : e.path("rib"))
            {
                final List<String> hops = new ArrayList<>();
                r.path("next_hops").forEach(h -> hops.add(Json.text(h, "address").orElse("direct") +
                    Json.text(h, "port").map(p -> " dev " + p).orElse("")));
                table.row(r.path("installed").asBoolean() ? "*" : " ", r.path("protocol").asText(),
                    r.path("distance").asInt(), r.path("metric").asInt(),
                    r.path("blackhole").asBoolean() ? "blackhole" : hops.isEmpty() ? "local" : String.join(", ", hops));
            }
            indent(out, table.render());
        }
        if (!e.path("bgp").isEmpty())
        {
            out.append("bgp:\n");
            for (final JsonNode c : e.path("bgp"))
            {
                final JsonNode path = c.path("path");
                out.append(c.path("best").asBoolean() ? "  * best  " : "    lost  ").append(path.path("neighbor").asText())
                    .append(Json.text(c, "address").map(a -> " (" + a + ")").orElse(""))
                    .append(c.has("path_id") ? " path id " + c.path("path_id").asLong() : "")
                    .append(c.path("external").asBoolean() ? " ebgp" : " ibgp")
                    .append(c.path("multipath").asBoolean() ? ", multipath" : "").append('\n');
                Json.text(c, "lost_at").ifPresent(step -> keyValue(out, "  lost at", stepText(step)));
                pathLines(out, path);
                Json.text(c, "import_policy").ifPresent(policy -> keyValue(out, "  accepted by",
                    policy + Json.text(c, "import_term").map(t -> " term " + t).orElse(" otherwise")));
            }
        }
        if (!e.path("rejected").isEmpty())
        {
            out.append("rejected:\n");
            for (final JsonNode r : e.path("rejected"))
            {
                out.append("    ").append(r.path("neighbor").asText()).append(" (").append(r.path("address").asText())
                    .append(")\n");
                keyValue(out, "  reason", switch (r.path("reason").asText())
                {
                    case "import-policy" -> "import policy " + r.path("policy").asText() +
                        Json.text(r, "term").map(t -> " term " + t).orElse(" otherwise");
                    case "no-import-policy" -> "no import policy (RFC 8212: an eBGP neighbor needs one)";
                    case "loop" -> "loop (our AS in the AS path, or our id as originator or in the cluster list)";
                    case "no-next-hop" -> "no next hop";
                    case "route-leak" -> "route leak (RFC 9234: Only-to-Customer set, from a customer or peer)";
                    default -> r.path("reason").asText();
                });
                pathLines(out, r.path("received"));
            }
        }
        return out.toString();
    }

    /**
     * {@code GET /v1/routes/history}: each change, newest first, with its cause and the route before
     * and after.
     */
    static String routeHistory(final JsonNode h)
    {
        final StringBuilder out = new StringBuilder();
        final int count = h.path("changes").size();
        out.append(h.path("prefix").asText()).append(": ").append(count == 0 ? "no change in the route journal" :
            count + (count == 1 ? " change" : " changes, newest first")).append('\n');
        for (final JsonNode c : h.path("changes"))
        {
            out.append(c.path("time").asText()).append("  ").append(causeText(c.path("cause"))).append('\n');
            beforeAfter(out, c);
        }
        return out.toString();
    }

    /**
     * {@code GET /v1/routes/why}: the change, the commit or session event behind its cause, and the
     * change before it.
     */
    static String routeWhy(final JsonNode w)
    {
        final StringBuilder out = new StringBuilder();
        final JsonNode change = w.path("change");
        out.append(change.path("prefix").asText()).append(" changed at ").append(change.path("time").asText()).append('\n');
        keyValue(out, "cause", causeText(change.path("cause")));
        final JsonNode event = w.path("cause_event");
        if (event.isObject())
        {
            keyValue(out, "because", "commit".equals(event.path("type").asText()) ?
                "commit " + event.path("number").asLong() + " by " + event.path("author").asText() + " at " +
                    event.path("time").asText() + ": " + event.path("message").asText() :
                "session " + event.path("neighbor").asText() + " " + event.path("from").asText() + " -> " +
                    event.path("to").asText() + " at " + event.path("time").asText() + ": " + event.path("reason").asText());
        }
        else if (!"next-hop-change".equals(change.path("cause").path("kind").asText()))
        {
            keyValue(out, "because", "(no commit or session event retained)");
        }
        beforeAfter(out, change);
        final JsonNode previous = w.path("previous");
        if (previous.isObject())
        {
            out.append("previous change at ").append(previous.path("time").asText()).append('\n');
            keyValue(out, "cause", causeText(previous.path("cause")));
            beforeAfter(out, previous);
        }
        return out.toString();
    }

    /** {@code GET /v1/routes/at}: the time, then one line per route and next hop. */
    static String tableAt(final String time, final List<JsonNode> routes)
    {
        final Table table = new Table("PREFIX", "NEXT HOP", "AS PATH", "ORIGIN", "#LOCAL PREF", "#MED", "FROM");
        for (final JsonNode r : routes)
        {
            boolean first = true;
            for (final JsonNode hop : r.path("next_hops"))
            {
                table.row(first ? r.path("prefix").asText() : "", hop.asText(), first ? asPathText(r.path("as_path")) : "",
                    first ? r.path("origin").asText() : "", first ? Json.text(r, "local_pref").orElse("-") : "",
                    first ? Json.text(r, "med").orElse("-") : "", first ? Json.text(r, "neighbor").orElse("local") : "");
                first = false;
            }
        }
        return "best routes at " + time + "\n" + table.render();
    }

    /** A journal cause: {@code withdrawal #5 from 198.18.2.2}, {@code commit 7}. */
    static String causeText(final JsonNode cause)
    {
        final String neighbor = cause.path("neighbor").asText();
        final String sequence = Json.text(cause, "sequence").map(n -> " #" + n).orElse("");
        return switch (cause.path("kind").asText())
        {
            case "update" -> "update" + sequence + " from " + neighbor;
            case "withdrawal" -> "withdrawal" + sequence + " from " + neighbor;
            case "commit" -> "commit " + cause.path("commit").asText();
            case "next-hop-change" -> "next hop " + cause.path("next_hop").asText() + " changed";
            case "session-down" -> "session with " + neighbor + " went down";
            case "rpki" -> "RPKI data changed (origin validation)";
            default -> cause.path("kind").asText();
        };
    }

    private static void beforeAfter(final StringBuilder out, final JsonNode change)
    {
        keyValue(out, "before", stateText(change.path("before")));
        keyValue(out, "after", stateText(change.path("after")));
    }

    /** A journal route state: {@code 65002 {65020 65021} via 198.18.3.2, incomplete, med 5, from 198.18.3.2}. */
    private static String stateText(final JsonNode state)
    {
        if (!state.isObject())
        {
            return "none";
        }
        final StringBuilder text = new StringBuilder();
        text.append(state.path("as_path").isEmpty() ? "(empty AS path)" : asPathText(state.path("as_path")))
            .append(" via ").append(joined(state.path("next_hops"), ", ")).append(", ").append(state.path("origin").asText());
        Json.text(state, "local_pref").ifPresent(v -> text.append(", local pref ").append(v));
        Json.text(state, "med").ifPresent(v -> text.append(", med ").append(v));
        if (!state.path("communities").isEmpty())
        {
            text.append(", communities ").append(joined(state.path("communities"), " "));
        }
        text.append(Json.text(state, "neighbor").map(n -> ", from " + n).orElse(", local"));
        return text.toString();
    }

    /** AS_PATH segments as routers print them: a sequence as is, a set in braces ({@code 65002 {65020 65021}}). */
    private static String asPathText(final JsonNode segments)
    {
        final StringJoiner text = new StringJoiner(" ");
        for (final JsonNode segment : segments)
        {
            final String asns = joined(segment.path("asns"), " ");
            text.add("set".equals(segment.path("type").asText()) ? "{" + asns + "}" : asns);
        }
        return text.toString();
    }

    /** {@code as-path-length} as {@code AS path length}. */
    static String stepText(final String step)
    {
        return switch (step)
        {
            case "next-hop-unreachable" -> "next hop unreachable";
            case "locally-originated" -> "locally originated (a configured network wins)";
            case "local-pref" -> "local pref";
            case "as-path-length" -> "AS path length";
            case "origin" -> "origin";
            case "med" -> "MED";
            case "ebgp-over-ibgp" -> "eBGP over iBGP";
            case "igp-cost" -> "IGP cost";
            case "router-id" -> "router id";
            case "cluster-list-length" -> "cluster list length";
            case "peer-address" -> "peer address";
            case "add-path" -> "ADD-PATH order (next hop, then first received)";
            default -> step;
        };
    }

    private static void pathLines(final StringBuilder out, final JsonNode path)
    {
        keyValue(out, "  as path", path.path("as_path").isEmpty() ? "(empty)" : joined(path.path("as_path"), " "));
        final StringBuilder rest = new StringBuilder(path.path("origin").asText());
        Json.text(path, "local_pref").ifPresent(v -> rest.append(", local pref ").append(v));
        Json.text(path, "med").ifPresent(v -> rest.append(", med ").append(v));
        keyValue(out, "  origin", rest.toString());
        keyValue(out, "  next hop", path.path("next_hop").asText());
        Json.text(path, "rpki").ifPresent(v -> keyValue(out, "  rpki", v));
        if (!path.path("communities").isEmpty())
        {
            keyValue(out, "  communities", joined(path.path("communities"), " "));
        }
    }

    private static void indent(final StringBuilder out, final String text)
    {
        text.lines().forEach(line -> out.append("  ").append(line).append('\n'));
    }

    /** {@code GET /v1/bgp/neighbors}: one line per neighbor, prefixes summed over families. */
    static String neighbors(final JsonNode list)
    {
        final Table table = new Table("NAME", "ADDRESS", "#AS", "STATE", "#UPTIME", "#RECEIVED", "#ACCEPTED",
            "#ADVERTISED", "#FLAPS");
        for (final JsonNode n : asList(list))
        {
            table.row(n.path("name").asText(), n.path("address").asText(), n.path("remote_as").asLong(), state(n),
                n.path("uptime_seconds").asLong() > 0 ? duration(n.path("uptime_seconds").asLong()) : "-",
                Json.sum(n.path("prefixes_received")), Json.sum(n.path("prefixes_accepted")),
                Json.sum(n.path("prefixes_advertised")), n.path("flaps").asLong());
        }
        return table.render();
    }

    /**
     * {@code GET /v1/ip-neighbors}: ARP/ND entries as a table; the ages in seconds, {@code -} when there is none (a
     * static entry, a neighbor no packet was forwarded to).
     */
    static String ipNeighbors(final JsonNode list)
    {
        final Table table = new Table("ADDRESS", "MAC", "PORT", "TYPE", "STATE", "#CONFIRMED", "#USED", "#UPDATED");
        for (final JsonNode n : asList(list))
        {
            table.row(n.path("address").asText(), Json.text(n, "mac").orElse(null), n.path("port").asText(),
                n.path("static").asBoolean() ? "static" : "dynamic", n.path("state").asText(), ago(n.path("confirmed_ago_ms")),
                ago(n.path("used_ago_ms")), ago(n.path("updated_ago_ms")));
        }
        return table.render();
    }

    /** @return milliseconds as seconds with a tenth ({@code 3.2s}), or null when absent. */
    private static String ago(final JsonNode ms)
    {
        return ms.canConvertToLong() ? String.format(java.util.Locale.ROOT, "%d.%ds", ms.asLong() / 1000, ms.asLong() % 1000 / 100) : null;
    }

    /** {@code GET /v1/bgp/neighbors/{name}}: one neighbor in detail, prefixes per family. */
    static String neighbor(final JsonNode n)
    {
        final StringBuilder out = new StringBuilder();
        out.append("neighbor ").append(n.path("name").asText()).append('\n');
        keyValue(out, "address", n.path("address").asText());
        keyValue(out, "remote as", n.path("remote_as").asText());
        final long up = n.path("uptime_seconds").asLong();
        keyValue(out, "state", state(n) + (up > 0 ? ", up " + duration(up) : ""));
        keyValue(out, "flaps", n.path("flaps").asText());
        keyValue(out, "updates", n.path("updates_received").asLong() + " received, " +
            n.path("updates_sent").asLong() + " sent");
        final Set<String> families = new LinkedHashSet<>();
        for (final String member : List.of("prefixes_received", "prefixes_accepted", "prefixes_advertised"))
        {
            n.path(member).fieldNames().forEachRemaining(families::add);
        }
        for (final String family : families)
        {
            keyValue(out, family, n.path("prefixes_received").path(family).asLong() + " received, " +
                n.path("prefixes_accepted").path(family).asLong() + " accepted, " +
                n.path("prefixes_advertised").path(family).asLong() + " advertised");
        }
        n.path("add_path").fields().forEachRemaining(e ->
        {
            final List<String> modes = new ArrayList<>(2);
            if (e.getValue().path("receive").asBoolean())
            {
                modes.add("receive");
            }
            final int send = e.getValue().path("send").asInt();
            if (send != 0)
            {
                modes.add("send " + (send < 0 ? "all" : Integer.toString(send)));
            }
            keyValue(out, "add-path " + e.getKey(), String.join(", ", modes));
        });
        Json.text(n, "role").filter(r -> !r.isEmpty()).ifPresent(r -> keyValue(out, "role", "we are " + r +
            Json.text(n, "peer_role").filter(p -> !p.isEmpty()).map(p -> ", it announced " + p).orElse("")));
        if (n.path("extended_next_hop").asBoolean())
        {
            keyValue(out, "extended next hop", "IPv4 routes with IPv6 next hops (RFC 8950)");
        }
        Json.text(n, "last_error").filter(e -> !e.isEmpty()).ifPresent(e -> keyValue(out, "last error", e));
        return out.toString();
    }

    private static String state(final JsonNode n)
    {
        return n.path("state").asText() + (n.path("admin_shutdown").asBoolean() ? " (admin shutdown)" : "");
    }

    /** {@code GET /v1/commits}: newest first; a commit made with a confirm window says where it stands. */
    static String history(final JsonNode list)
    {
        final Table table = new Table("#COMMIT", "TIME", "AUTHOR", "MESSAGE");
        for (final JsonNode c : asList(list))
        {
            table.row(c.path("number").asLong(), c.path("time").asText(), c.path("author").asText(),
                c.path("message").asText() + confirmState(c).map(t -> " (" + t + ")").orElse(""));
        }
        return table.render();
    }

    /**
     * @return where a commit's confirm window stands, in words ({@code confirmed 2026-12-05T12:03:00Z},
     *         {@code not confirmed by T: rolled back by commit 9}...); empty for a commit made without one.
     */
    static Optional<String> confirmState(final JsonNode c)
    {
        final JsonNode confirm = c.path("confirm");
        if (!confirm.isObject())
        {
            return Json.text(c, "confirm_by").map(t -> "confirm by " + t); // a router of before confirm states
        }
        final String by = confirm.path("by").asText();
        return Optional.of(switch (confirm.path("state").asText())
        {
            case "pending" -> "awaits confirmation: rolled back at " + by + " unless confirmed";
            case "confirmed" -> Json.text(confirm, "confirmed_at").map(t -> "confirmed " + t).orElse("confirmed");
            case "expired" -> "not confirmed by " + by + ": rolled back by commit " + confirm.path("rolled_back_by").asLong();
            case "rolled-back" -> "not confirmed: rolled back by commit " + confirm.path("rolled_back_by").asLong();
            case "replaced" -> "not confirmed: replaced by commit " + confirm.path("replaced_by").asLong();
            default -> "confirm by " + by + "; whether it was confirmed is not recorded";
        });
    }

    /**
     * A commit answer: {@code commit 7 (2026-12-05T09:30:00Z, by alice: raise mtu)}, and its deadline while it
     * awaits confirmation.
     */
    static String commit(final JsonNode c)
    {
        final StringBuilder out = new StringBuilder(describe(c));
        final boolean pending = !c.path("confirm").isObject() || "pending".equals(c.path("confirm").path("state").asText());
        Json.text(c, "confirm_by").filter(t -> pending).ifPresent(t -> out.append("  rolled back at ").append(t)
            .append(" unless confirmed: junction config confirm\n"));
        return out.toString();
    }

    /** @return {@code commit 7 (2026-12-05T09:30:00Z, by alice: raise mtu)} and a newline, as {@code CommitRecord.describe()}. */
    static String describe(final JsonNode c)
    {
        final StringBuilder out = new StringBuilder();
        out.append("commit ").append(c.path("number").asLong()).append(" (").append(c.path("time").asText())
            .append(", by ").append(c.path("author").asText()).append(": ").append(c.path("message").asText())
            .append(")\n");
        return out.toString();
    }

    /**
     * The {@code diff} of a validate answer: one line per changed object (as {@code ObjectChange.describe()}),
     * then the text diff.
     */
    static String diff(final JsonNode diff)
    {
        final StringBuilder out = new StringBuilder();
        final JsonNode objects = diff.path("objects");
        if (objects.isEmpty())
        {
            out.append("no change\n");
        }
        for (final JsonNode o : objects)
        {
            out.append(objectChange(o)).append('\n');
        }
        final String text = diff.path("text").asText("");
        if (!text.isEmpty())
        {
            out.append('\n').append(text.endsWith("\n") ? text : text + "\n");
        }
        return out.toString();
    }

    /**
     * A preview for people: counts per part, then the first changed routes of each, then what it does not
     * cover. From an answer with {@code preview} or {@code preview_error} (a proposal, a validation).
     */
    static String preview(final JsonNode answer)
    {
        final StringBuilder out = new StringBuilder();
        if (answer.has("preview_error"))
        {
            return "preview: " + answer.path("preview_error").asText() + "\n";
        }
        final JsonNode p = answer.path("preview");
        out.append("preview (the first ").append(p.path("first").asInt()).append(" of each)")
            .append(p.path("empty").asBoolean() ? ": no route changes" : ":").append('\n');
        for (final JsonNode i : p.path("imports"))
        {
            final String neighbor = i.path("neighbor").asText();
            out.append("import ").append(neighbor).append(": ").append(counts(i, "accepted", "rejected", "changed")).append('\n');
            routeChanges(out, i.path("accepted"), "+ ");
            routeChanges(out, i.path("rejected"), "- ");
            routeChanges(out, i.path("changed"), "~ ");
        }
        if (p.path("best_changes").path("count").asLong() > 0)
        {
            out.append("best paths: ").append(p.path("best_changes").path("count").asLong()).append(" changed\n");
            routeChanges(out, p.path("best_changes"), "~ ");
        }
        for (final JsonNode e : p.path("exports"))
        {
            out.append("export ").append(e.path("neighbor").asText()).append(": ")
                .append(counts(e, "announced", "withdrawn", "changed")).append('\n');
            routeChanges(out, e.path("announced"), "+ ");
            routeChanges(out, e.path("withdrawn"), "- ");
            routeChanges(out, e.path("changed"), "~ ");
        }
        final JsonNode rib = p.path("rib_changes");
        if (rib.path("count").asLong() > 0)
        {
            out.append("next hops: ").append(rib.path("count").asLong()).append(" changed\n");
            for (final JsonNode c : rib.path("first"))
            {
                out.append("  ~ ").append(c.path("prefix").asText()).append(": ").append(hops(c.path("before")))
                    .append(" -> ").append(hops(c.path("after"))).append('\n');
            }
        }
        if (!p.path("neighbors_going").isEmpty())
        {
            final List<String> going = new ArrayList<>();
            p.path("neighbors_going").forEach(n -> going.add(n.asText()));
            out.append("neighbors reset or removed: ").append(String.join(", ", going)).append('\n');
        }
        for (final JsonNode note : p.path("notes"))
        {
            out.append("note: ").append(note.asText()).append('\n');
        }
        return out.toString();
    }

    private static String counts(final JsonNode part, final String... kinds)
    {
        final List<String> text = new ArrayList<>();
        for (final String kind : kinds)
        {
            text.add(part.path(kind).path("count").asLong() + " " + kind);
        }
        return String.join(", ", text);
    }

    /** {@code   - 198.18.99.0/24: 65002 65020 via 198.18.3.2 -> none}. */
    private static void routeChanges(final StringBuilder out, final JsonNode changes, final String sign)
    {
        for (final JsonNode c : changes.path("first"))
        {
            out.append("  ").append(sign).append(c.path("prefix").asText()).append(": ").append(pathText(c.path("before")))
                .append(" -> ").append(pathText(c.path("after"))).append('\n');
        }
        final long more = changes.path("count").asLong() - changes.path("first").size();
        if (more > 0 && !changes.path("first").isEmpty())
        {
            out.append("  ... ").append(more).append(" more\n");
        }
    }

    private static String pathText(final JsonNode path)
    {
        if (path.isMissingNode() || path.isNull())
        {
            return "none";
        }
        final List<String> asns = new ArrayList<>();
        path.path("as_path").forEach(a -> asns.add(a.asText()));
        final StringBuilder text = new StringBuilder(asns.isEmpty() ? "(empty AS path)" : String.join(" ", asns));
        text.append(" via ").append(path.path("next_hop").asText());
        if (path.has("local_pref"))
        {
            text.append(" local-pref ").append(path.path("local_pref").asLong());
        }
        if (path.has("med"))
        {
            text.append(" med ").append(path.path("med").asLong());
        }
        if (!path.path("communities").isEmpty())
        {
            final List<String> communities = new ArrayList<>();
            path.path("communities").forEach(c -> communities.add(c.asText()));
            text.append(" communities ").append(String.join(" ", communities));
        }
        return text.toString();
    }

    private static String hops(final JsonNode hops)
    {
        final List<String> text = new ArrayList<>();
        hops.forEach(h -> text.add(h.asText()));
        return text.isEmpty() ? "none" : String.join(", ", text);
    }

    /** One object change: {@code ~ port p0: mtu 1500 -> 9000}, {@code + route 198.18.9.0/24: via 198.18.1.2}. */
    static String objectChange(final JsonNode o)
    {
        final String type = o.path("type").asText().toLowerCase();
        final char sign = switch (type)
        {
            case "added" -> '+';
            case "removed" -> '-';
            default -> '~';
        };
        final String kind = o.path("kind").asText().toLowerCase().replace('_', ' ');
        final StringBuilder out = new StringBuilder().append(sign).append(' ').append(kind).append(' ')
            .append(o.path("key").asText());
        final List<String> fields = new ArrayList<>();
        for (final JsonNode f : o.path("fields"))
        {
            final String field = f.path("field").asText();
            fields.add(switch (type)
            {
                case "added" -> field + " " + f.path("after").asText();
                case "removed" -> field + " " + f.path("before").asText();
                default -> field + " " + f.path("before").asText() + " -> " + f.path("after").asText();
            });
        }
        if (!fields.isEmpty())
        {
            out.append(": ").append(String.join("; ", fields));
            if (o.path("session_reset").asBoolean())
            {
                out.append(" (session reset)");
            }
        }
        return out.toString();
    }

    /** Any list of flat objects (tokens, audit records): columns are the members in first-seen order. */
    static String objects(final JsonNode list)
    {
        final Set<String> columns = new LinkedHashSet<>();
        for (final JsonNode o : asList(list))
        {
            o.fieldNames().forEachRemaining(columns::add);
        }
        if (columns.isEmpty())
        {
            return "";
        }
        final Table table = new Table(columns.stream().map(c -> c.toUpperCase().replace('_', ' ')).toArray(String[]::new));
        for (final JsonNode o : asList(list))
        {
            table.row(columns.stream().map(c -> cell(o.get(c))).toArray());
        }
        return table.render();
    }

    private static String cell(final JsonNode value)
    {
        if (value == null || value.isNull())
        {
            return "-";
        }
        return value.isValueNode() ? value.asText() : Json.write(value);
    }

    /** A list answer is a JSON array, or an object holding one (such as {@code {"tokens": [...]}}). */
    static List<JsonNode> asList(final JsonNode node)
    {
        final List<JsonNode> items = new ArrayList<>();
        if (node.isArray())
        {
            node.forEach(items::add);
        }
        else if (node.isObject())
        {
            final Iterator<Map.Entry<String, JsonNode>> members = node.properties().iterator();
            while (members.hasNext())
            {
                final JsonNode value = members.next().getValue();
                if (value.isArray())
                {
                    value.forEach(items::add);
                    break;
                }
            }
        }
        return items;
    }

    /** @return such as {@code 00:12:03}, or {@code 3d04:05:06} past a day. */
    static String duration(final long seconds)
    {
        final long days = seconds / 86_400;
        final String clock = String.format("%02d:%02d:%02d", seconds % 86_400 / 3600, seconds % 3600 / 60, seconds % 60);
        return days > 0 ? days + "d" + clock : clock;
    }

    private static String counts(final JsonNode byFamily)
    {
        final StringJoiner parts = new StringJoiner(", ");
        byFamily.properties().forEach(e -> parts.add(e.getKey() + " " + e.getValue().asLong()));
        return parts.length() == 0 ? "0" : parts.toString();
    }

    private static String joined(final JsonNode array, final String separator)
    {
        final StringJoiner parts = new StringJoiner(separator);
        array.forEach(v -> parts.add(v.asText()));
        return parts.toString();
    }

    /** {@code GET /v1/rpki}: the VRPs in effect, then one line per RTR cache. */
    static String rpki(final JsonNode status)
    {
        final StringBuilder out = new StringBuilder();
        out.append("VRPs in effect: ").append(status.path("vrps4").asLong()).append(" IPv4, ")
            .append(status.path("vrps6").asLong()).append(" IPv6 (changed ").append(status.path("changes").asLong())
            .append(" times)\n");
        if (status.path("caches").isEmpty())
        {
            return out.append("no RPKI cache configured (bgp.rpki.caches): every route is not-found\n").toString();
        }
        final Table table = new Table("CACHE", "#PREF", "STATE", "USED", "#VERSION", "#SERIAL", "#VRPS4", "#VRPS6", "LAST ERROR");
        for (final JsonNode c : status.path("caches"))
        {
            table.row(c.path("name").asText(), c.path("preference").asInt(), c.path("state").asText(),
                c.path("selected").asBoolean() ? "yes" : "no", c.path("version").asInt(), c.path("serial").asLong(),
                c.path("vrps4").asLong(), c.path("vrps6").asLong(), c.path("last_error").asText());
        }
        return out.append(table.render()).toString();
    }

    /** {@code GET /v1/bmp}: one line per BMP station. */
    static String bmp(final JsonNode status)
    {
        if (status.path("stations").isEmpty())
        {
            return "no BMP station configured (bgp.bmp.stations)\n";
        }
        final Table table = new Table("STATION", "STATE", "#MESSAGES", "#BYTES", "#CONNECTS", "#RESYNCS", "#QUEUED",
            "LAST ERROR");
        for (final JsonNode s : status.path("stations"))
        {
            table.row(s.path("name").asText(), s.path("state").asText(), s.path("messages_sent").asLong(),
                s.path("bytes_sent").asLong(), s.path("connects").asLong(), s.path("resyncs").asLong(),
                s.path("queued").asInt(), s.path("last_error").asText());
        }
        return table.render();
    }

    private static void keyValue(final StringBuilder out, final String key, final String value)
    {
        out.append("  ").append(key).append(':').repeat(' ', Math.max(1, 16 - key.length())).append(value).append('\n');
    }
}
