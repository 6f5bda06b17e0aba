/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

/**
 * Canned answers of the documented shapes (docs/api.md: snake_case of {@code RunningRouter}'s
 * records, {@code NeighborStatus}, {@code CommitRecord}; problems per RFC 9457).
 */
final class ApiFixtures
{
    private ApiFixtures()
    {
    }

    static final String STATUS = """
        {"name":"r1","version":"0.1.0","uptime_seconds":93784,"workers":2,"ports":2,
         "rib_routes":{"ipv4":5,"ipv6":3},"fib_routes":{"ipv4":5,"ipv6":3},
         "neighbors_configured":2,"neighbors_established":1,"journal":{"appended":1204,"dropped":3,"queued":0},
         "running_version":7,"pending_confirm":null}
        """;

    static final String INTERFACES = """
        [{"name":"p0","device":"net_af_packet0","mac":"02:00:00:00:00:01","mtu":1500,
          "addresses":["198.18.1.1/24","2001:db8:1::1/64"],"link_up":true,"speed_mbps":10000,
          "rx_packets":1200,"rx_bytes":153600,"tx_packets":1100,"tx_bytes":140800,"rx_errors":0,"tx_errors":0,
          "rx_missed":3,"drops":7},
         {"name":"p1","device":"net_af_packet1","mac":"02:00:00:00:00:02","mtu":9000,
          "addresses":["198.18.2.1/24"],"link_up":false,"speed_mbps":0,
          "rx_packets":0,"rx_bytes":0,"tx_packets":0,"tx_bytes":0,"rx_errors":1,"tx_errors":2,"rx_missed":0,"drops":0}]
        """;

    static final String COUNTERS = """
        {"drops":{"ttl_exceeded":4,"no_route":12,"bad_checksum":0},
         "workers":[{"core":1,"busy_ratio":0.25,"packets":1000},{"core":2,"busy_ratio":0.5,"packets":2300}]}
        """;

    static final String ROUTE_BGP = """
        {"prefix":"198.19.100.0/24","protocol":"ebgp","distance":20,
         "next_hops":[{"address":"198.18.2.2","port":"p1"}],"blackhole":false,
         "bgp":{"neighbor":"bird","as_path":[65002,65100],"origin":"igp","local_pref":100,
                "communities":["65002:100","65002:1:2"],"next_hop":"198.18.2.2"}}
        """;

    /** GET /v1/routes/explain?prefix=198.19.100.0/24: bird's path won, gobgp's lost at the AS path length. */
    static final String EXPLAINED = """
        {"query":"198.19.100.0/24","prefix":"198.19.100.0/24",
         "fib":{"prefix":"198.19.100.0/24","protocol":"ebgp","ecmp":false,"blackhole":false,
                "next_hops":[{"address":"198.18.2.2","port":"p1","neighbor":"reachable","resolved":true}]},
         "rib":[{"protocol":"static","distance":200,"metric":0,"installed":false,
                 "next_hops":[{"address":"198.18.1.2","port":"p0"}],"blackhole":false},
                {"protocol":"ebgp","distance":20,"metric":0,"installed":true,
                 "next_hops":[{"address":"198.18.2.2","port":"p1"}],"blackhole":false}],
         "bgp":[{"path":{"neighbor":"bird","as_path":[65002,65100],"origin":"igp","local_pref":100,
                         "communities":[],"next_hop":"198.18.2.2"},
                 "address":"198.18.2.2","external":true,"best":true,"multipath":false,
                 "import_policy":"from-peers","import_term":"customers"},
                {"path":{"neighbor":"gobgp","as_path":[65003,65200,65100],"origin":"igp",
                         "communities":[],"next_hop":"198.18.3.2"},
                 "address":"198.18.3.2","external":true,"best":false,"lost_at":"as-path-length","multipath":false,
                 "import_policy":"from-peers"}],
         "rejected":[]}
        """;

    /** GET /v1/routes/explain?prefix=198.19.99.0/24: sent by gobgp, rejected by a term. */
    static final String REJECTED = """
        {"query":"198.19.99.0/24","prefix":"198.19.99.0/24","rib":[],"bgp":[],
         "rejected":[{"neighbor":"gobgp","address":"198.18.3.2","reason":"import-policy","policy":"from-peers",
                      "term":"bogons","received":{"neighbor":"gobgp","as_path":[65003],"origin":"incomplete",
                      "med":5,"communities":[],"next_hop":"198.18.3.2"}}]}
        """;

    static final String ROUTES_PAGE_1 = """
        {"routes":[
          {"prefix":"198.18.1.0/24","protocol":"connected","distance":0,"next_hops":[{"port":"p0"}],"blackhole":false},
          {"prefix":"198.18.9.0/24","protocol":"static","distance":1,
           "next_hops":[{"address":"198.18.1.2","port":"p0"},{"address":"198.18.2.2","port":"p1"}],"blackhole":false}],
         "next_cursor":"c2"}
        """;

    static final String ROUTES_PAGE_2 = """
        {"routes":[%s,
          {"prefix":"198.51.0.0/16","protocol":"static","distance":1,"next_hops":[],"blackhole":true}]}
        """.formatted(ROUTE_BGP);

    static final String NEIGHBOR_BIRD = """
        {"name":"bird","address":"198.18.2.2","remote_as":65002,"state":"established","uptime_seconds":723,
         "prefixes_received":{"ipv4-unicast":3,"ipv6-unicast":2},"prefixes_accepted":{"ipv4-unicast":2,"ipv6-unicast":2},
         "prefixes_advertised":{"ipv4-unicast":4},"updates_received":12,"updates_sent":5,"flaps":1,
         "admin_shutdown":false,"last_error":"hold timer expired","add_path":{"ipv4-unicast":{"receive":true,"send":0},
         "ipv6-unicast":{"receive":false,"send":-1}}}
        """;

    static final String NEIGHBOR_GOBGP = """
        {"name":"gobgp","address":"2001:db8:2::2","remote_as":4200000001,"state":"idle","uptime_seconds":0,
         "prefixes_received":{},"prefixes_accepted":{},"prefixes_advertised":{},"updates_received":0,
         "updates_sent":0,"flaps":0,"admin_shutdown":true,"last_error":""}
        """;

    static final String NEIGHBORS = "[" + NEIGHBOR_BIRD + "," + NEIGHBOR_GOBGP + "]";

    static final String CONFIG_YAML = """
        instance: r1
        ports:
          - name: p0
            device: net_af_packet0
        """;

    static final String VALIDATE_OK = """
        {"valid":true,"problems":[],"diff":{"objects":[
           {"kind":"PORT","key":"p0","type":"CHANGED","fields":[{"field":"mtu","before":"1500","after":"9000"}],"session_reset":false},
           {"kind":"ROUTE","key":"198.18.9.0/24","type":"ADDED","fields":[{"field":"via","before":"","after":"198.18.1.2"}],"session_reset":false},
           {"kind":"BGP_NEIGHBOR","key":"bird","type":"CHANGED","fields":[{"field":"hold-time","before":"90","after":"30"}],"session_reset":true}],
         "text":"--- running\\n+++ candidate\\n@@ -3 +3 @@\\n-    mtu: 1500\\n+    mtu: 9000\\n"}}
        """;

    static final String VALIDATE_BAD = """
        {"valid":false,"problems":[{"field":"bgp.neighbors[0].import","message":"no policy named 'nope'"},
                                   {"field":"ports[1].mtu","message":"must be 68..9216"}],
         "diff":{"objects":[],"text":""}}
        """;

    static final String COMMIT_8 = """
        {"number":8,"author":"root","time":"2026-12-05T12:00:00Z","message":"raise mtu",
         "confirm_by":"2026-12-05T12:05:00Z","directory":"/etc/junction"}
        """;

    static final String COMMIT_9 = """
        {"number":9,"author":"root","time":"2026-12-05T12:01:00Z","message":"rollback to 6","directory":"/etc/junction"}
        """;

    static final String COMMITS = "[" + COMMIT_9 + "," + COMMIT_8 + """
        ,{"number":7,"author":"alice","time":"2026-12-05T11:00:00Z","message":"add bird","directory":"/etc/junction"}]
        """;

    static final String STALE = """
        {"type":"https://junction.net/problems/stale-version","title":"Stale version","status":409,
         "detail":"the running version is 8, the candidate was made from 7","reason":"stale-version","errors":[]}
        """;

    static final String RESTART_REQUIRED = """
        {"type":"https://junction.net/problems/restart-required","title":"Restart required","status":422,
         "detail":"this change needs a restart","reason":"restart-required",
         "errors":[{"field":"cores","message":"cannot change on a running router: needs a restart"}]}
        """;

    static final String NO_NEIGHBOR = """
        {"type":"about:blank","title":"Not Found","status":404,"detail":"no neighbor named 'nope'","reason":"not-found","errors":[]}
        """;

    static final String FORBIDDEN = """
        {"type":"about:blank","title":"Forbidden","status":403,"detail":"role read may not do this (needs admin)","reason":"forbidden","errors":[]}
        """;

    static final String NO_ROUTE = """
        {"type":"about:blank","title":"Not Found","status":404,"detail":"no route to 203.0.113.1","reason":"no-route","errors":[]}
        """;

    static final String TOKEN_CREATED = """
        {"name":"grafana","role":"read","token":"jt_3q2+7w","created":"2026-12-05T12:00:00Z"}
        """;

    static final String TOKENS = """
        [{"name":"grafana","role":"read","created":"2026-12-05T12:00:00Z"},
         {"name":"ci","role":"admin","created":"2026-12-04T08:00:00Z"}]
        """;

    /** GET /v1/routes/history?prefix=198.18.64.0/18&limit=2: withdrawn by transit1, before that transit2's session went down. */
    static final String HISTORY = """
        {"prefix":"198.18.64.0/18","changes":[{"time":"2026-12-06T09:00:08.000000000Z","prefix":"198.18.64.0/18",
        "before":{"next_hops":["198.18.2.2"],"origin":"igp","as_path":[{"type":"sequence","asns":[65001,65010]}],
        "local_pref":100,"communities":["65000:100"],"neighbor":"198.18.2.2"},"cause":{"kind":"withdrawal","neighbor":"198.18.2.2",
        "sequence":5}},{"time":"2026-12-06T09:00:06.000000000Z","prefix":"198.18.64.0/18","before":{"next_hops":["198.18.3.2"],
        "origin":"incomplete","as_path":[{"type":"sequence","asns":[65002]},{"type":"set","asns":[65020,65021]}],
        "med":5,"communities":[],"neighbor":"198.18.3.2"},"after":{"next_hops":["198.18.2.2"],"origin":"igp",
        "as_path":[{"type":"sequence","asns":[65001,65010]}],"local_pref":100,"communities":["65000:100"],"neighbor":"198.18.2.2"},
        "cause":{"kind":"session-down","neighbor":"198.18.3.2"}}]}
        """;

    /** GET /v1/routes/why?prefix=198.18.99.0/24: transit2's session went down (hold timer expired). */
    static final String WHY_SESSION = """
        {"change":{"time":"2026-12-06T09:00:06.000000000Z","prefix":"198.18.99.0/24","before":{"next_hops":["198.18.3.2"],
        "origin":"incomplete","as_path":[{"type":"sequence","asns":[65002]},{"type":"set","asns":[65020,65021]}],
        "med":5,"communities":[],"neighbor":"198.18.3.2"},"cause":{"kind":"session-down","neighbor":"198.18.3.2"}},
        "cause_event":{"type":"session","time":"2026-12-06T09:00:06.000000000Z","neighbor":"198.18.3.2","from":"ESTABLISHED",
        "to":"IDLE","reason":"hold timer expired"},"previous":{"time":"2026-12-06T09:00:03.000000000Z","prefix":"198.18.99.0/24",
        "after":{"next_hops":["198.18.3.2"],"origin":"incomplete","as_path":[{"type":"sequence","asns":[65002]},
        {"type":"set","asns":[65020,65021]}],"med":5,"communities":[],"neighbor":"198.18.3.2"},"cause":{"kind":"update",
        "neighbor":"198.18.3.2","sequence":1}}}
        """;

    /** GET /v1/routes/why?prefix=198.18.64.0/18&time=2026-12-06T09:00:05Z: commit 7 moved it to transit2. */
    static final String WHY_COMMIT = """
        {"change":{"time":"2026-12-06T09:00:05.000000000Z","prefix":"198.18.64.0/18","before":{"next_hops":["198.18.2.2"],
        "origin":"igp","as_path":[{"type":"sequence","asns":[65001,65010]}],"local_pref":100,"communities":["65000:100"],
        "neighbor":"198.18.2.2"},"after":{"next_hops":["198.18.3.2"],"origin":"incomplete","as_path":[{"type":"sequence",
        "asns":[65002]},{"type":"set","asns":[65020,65021]}],"med":5,"communities":[],"neighbor":"198.18.3.2"},
        "cause":{"kind":"commit","commit":7}},"cause_event":{"type":"commit","time":"2026-12-06T09:00:04.000000000Z",
        "number":7,"author":"alice","message":"prefer transit2"},"previous":{"time":"2026-12-06T09:00:01.000000000Z",
        "prefix":"198.18.64.0/18","after":{"next_hops":["198.18.2.2"],"origin":"igp","as_path":[{"type":"sequence",
        "asns":[65001,65010]}],"local_pref":100,"communities":["65000:100"],"neighbor":"198.18.2.2"},"cause":{"kind":"update",
        "neighbor":"198.18.2.2","sequence":1}}}
        """;

    /** GET /v1/routes/at?time=2026-12-06T09:00:07Z, the first page of two. */
    static final String TABLE_AT_PAGE_1 = """
        {"time":"2026-12-06T09:00:07.000000000Z","routes":[{"prefix":"198.18.64.0/18","next_hops":["198.18.2.2"],
        "origin":"igp","as_path":[{"type":"sequence","asns":[65001,65010]}],"local_pref":100,"communities":["65000:100"],
        "neighbor":"198.18.2.2"},{"prefix":"198.18.100.0/24","next_hops":["198.18.2.2","198.18.3.2"],"origin":"igp",
        "as_path":[{"type":"sequence","asns":[65001,65010]}],"local_pref":100,"communities":[],"neighbor":"198.18.2.2"}],
        "next_cursor":"ajF8MTk4LjE4LjEwMC4wLzI0"}
        """;

    /** The second page, after cursor ajF8MTk4LjE4LjEwMC4wLzI0. */
    static final String TABLE_AT_PAGE_2 = """
        {"time":"2026-12-06T09:00:07.000000000Z","routes":[{"prefix":"2001:db8:1::/48","next_hops":["2001:db8::1"],
        "origin":"igp","as_path":[],"communities":[]}]}
        """;

    static final String NO_JOURNAL = """
        {"type":"urn:junction:problem:no-journal","title":"the router keeps no route journal","status":404,
         "detail":"this router keeps no route journal, so it has no route history (docs/journal.md)","reason":"no-journal","errors":[]}
        """;

    /** GET /v1/ip-neighbors?family=ipv4: a learned entry, a static one, one being resolved. */
    static final String ARP = """
        [{"address":"198.18.1.2","family":"ipv4","port":"p0","mac":"02:00:00:00:00:02","state":"reachable","static":false,
          "confirmed_ago_ms":3250,"used_ago_ms":120,"updated_ago_ms":3250},
         {"address":"198.18.2.2","family":"ipv4","port":"p1","mac":"02:00:00:00:00:09","state":"permanent","static":true},
         {"address":"198.18.2.7","family":"ipv4","port":"p1","state":"incomplete","static":false,
          "confirmed_ago_ms":400,"updated_ago_ms":400}]
        """;

    /** GET /v1/ip-neighbors?family=ipv6&port=p0. */
    static final String ND = """
        [{"address":"2001:db8:1::2","family":"ipv6","port":"p0","mac":"02:00:00:00:00:02","state":"stale","static":false,
          "confirmed_ago_ms":61000,"updated_ago_ms":31500}]
        """;
}
