/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static net.junction.agent.cli.client.ApiFixtures.*;
import static net.junction.agent.cli.client.CannedApi.Answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every client command end to end: picocli parsing, Jetty's client over a real UNIX socket, the
 * request the API sees, the output and the exit code, against {@link CannedApi}. The socket sits
 * in a temp run root as {@code r1/api.sock}, so commands find "the only router running" as they do
 * under {@code /run/junction}.
 */
class ClientCommandsTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path runRoot;

    private CannedApi api;
    private final Map<String, String> env = new HashMap<>();

    record Result(int code, String out, String err)
    {
    }

    @BeforeEach
    void startApi() throws Exception
    {
        Files.createDirectories(runRoot.resolve("r1"));
        api = new CannedApi(runRoot.resolve("r1").resolve("api.sock"));
    }

    @AfterEach
    void stopApi() throws Exception
    {
        api.close();
    }

    private Result junction(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = JunctionCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), env, runRoot);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode json(final String text) throws Exception
    {
        return MAPPER.readTree(text);
    }

    @Test
    void shouldShowNeighborsAsAnAlignedTable()
    {
        api.on("GET /v1/bgp/neighbors", Answer.json(NEIGHBORS));
        final Result r = junction("show", "neighbors");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
            NAME   ADDRESS                AS  STATE                    UPTIME  RECEIVED  ACCEPTED  ADVERTISED  FLAPS
            bird   198.18.2.2          65002  established            00:12:03         5         4           4      1
            gobgp  2001:db8:2::2  4200000001  idle (admin shutdown)         -         0         0           0      0
            """, r.out());
        assertEquals("", r.err());
    }

    @Test
    void shouldShowTheArpEntriesWithTheirStatesAndAges()
    {
        api.on("GET /v1/ip-neighbors?family=ipv4", Answer.json(ARP));
        final Result r = junction("show", "arp");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
            ADDRESS     MAC                PORT  TYPE     STATE       CONFIRMED  USED  UPDATED
            198.18.1.2  02:00:00:00:00:02  p0    dynamic  reachable        3.2s  0.1s     3.2s
            198.18.2.2  02:00:00:00:00:09  p1    static   permanent           -     -        -
            198.18.2.7  -                  p1    dynamic  incomplete       0.4s     -     0.4s
            """, r.out());
        assertEquals("", r.err());
    }

    @Test
    void shouldShowTheNdEntriesOfAPortAndTheirJson() throws Exception
    {
        api.on("GET /v1/ip-neighbors?family=ipv6&port=p0", Answer.json(ND));
        final Result r = junction("show", "nd", "--port", "p0");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
            ADDRESS        MAC                PORT  TYPE     STATE  CONFIRMED  USED  UPDATED
            2001:db8:1::2  02:00:00:00:00:02  p0    dynamic  stale      61.0s     -    31.5s
            """, r.out());
        final Result json = junction("show", "nd", "--port", "p0", "--json");
        assertEquals(0, json.code(), json.err());
        assertEquals(json(ND), json(json.out()));
    }

    @Test
    void shouldAskForOneAddressOnly()
    {
        api.on("GET /v1/ip-neighbors?family=ipv4&address=198.18.1.2", Answer.json("[]"));
        final Result r = junction("show", "arp", "198.18.1.2");
        assertEquals(0, r.code(), r.err());
        assertEquals("ADDRESS  MAC  PORT  TYPE  STATE  CONFIRMED  USED  UPDATED\n", r.out());
        assertEquals(1, api.seen().size());
    }

    @Test
    void shouldShowOneNeighborInDetail()
    {
        api.on("GET /v1/bgp/neighbors/bird", Answer.json(NEIGHBOR_BIRD));
        final Result r = junction("show", "neighbor", "bird");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("neighbor bird\n"), r.out());
        assertTrue(r.out().contains("  state:           established, up 00:12:03\n"), r.out());
        assertTrue(r.out().contains("  ipv4-unicast:    3 received, 2 accepted, 4 advertised\n"), r.out());
        assertTrue(r.out().contains("  ipv6-unicast:    2 received, 2 accepted, 0 advertised\n"), r.out());
        assertTrue(r.out().contains("  last error:      hold timer expired\n"), r.out());
        assertTrue(r.out().contains("  add-path ipv4-unicast: receive\n"), r.out());
        assertTrue(r.out().contains("  add-path ipv6-unicast: send all\n"), r.out());
    }

    @Test
    void shouldPrintTheApisJsonAsItCame() throws Exception
    {
        api.on("GET /v1/bgp/neighbors", Answer.json(NEIGHBORS));
        final Result r = junction("show", "neighbors", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(NEIGHBORS.strip(), r.out().strip());
        assertEquals(json(NEIGHBORS), json(r.out()));
        final Result before = junction("--json", "show", "neighbors");
        assertEquals(r.out(), before.out(), "--json before the command works the same");
    }

    @Test
    void shouldPrintAProblemAsJunctionMessageAndExitOne()
    {
        api.on("GET /v1/bgp/neighbors/nope", Answer.problem(404, NO_NEIGHBOR));
        final Result r = junction("show", "neighbors", "nope");
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertEquals("junction: no neighbor named 'nope' (not-found)\n", r.err());
    }

    @Test
    void shouldPrintTheProblemItselfWithJson() throws Exception
    {
        api.on("GET /v1/bgp/neighbors/nope", Answer.problem(404, NO_NEIGHBOR));
        final Result r = junction("show", "neighbors", "nope", "--json");
        assertEquals(1, r.code());
        assertEquals(json(NO_NEIGHBOR), json(r.out()));
        assertEquals("", r.err());
    }

    @Test
    void shouldWriteAnMrtDumpToAFileAndRefuseToReplaceOneWithoutForce() throws Exception
    {
        api.on("GET /v1/mrt/rib", new Answer(200, "application/octet-stream", "MRT octets, as the router sent them", Map.of()));
        final Path file = runRoot.resolve("rib.mrt");
        final Result r = junction("mrt", "dump", "-w", file.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("/v1/mrt/rib", api.last().target());
        assertEquals("MRT octets, as the router sent them", Files.readString(file));
        assertTrue(r.out().startsWith("wrote " + file), r.out());

        final int asked = api.seen().size();
        final Result again = junction("mrt", "dump", "-w", file.toString());
        assertEquals(1, again.code());
        assertEquals("junction: write: " + file + " exists; give --force to replace it\n", again.err());
        assertEquals(asked, api.seen().size(), "nothing asked of the router");

        api.on("GET /v1/mrt/rib", new Answer(200, "application/gzip", "gzipped octets", Map.of()));
        final Result forced = junction("mrt", "dump", "--neighbor", "transit 1", "--table", "received", "--gzip", "--force",
            "-w", file.toString(), "--json");
        assertEquals(0, forced.code(), forced.err());
        assertEquals("/v1/mrt/rib?neighbor=transit+1&table=received&gzip=true", api.last().target());
        assertEquals("gzipped octets", Files.readString(file));
        assertEquals(14, json(forced.out()).path("bytes").asLong());
        try (var files = Files.list(runRoot))
        {
            assertEquals(List.of("r1", "rib.mrt"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                "no partial file left");
        }
    }

    @Test
    void shouldWriteNoFileWhenTheDumpIsRefused() throws Exception
    {
        api.on("GET /v1/mrt/rib", Answer.problem(404, """
            {"type":"urn:junction:problem:not-found","title":"not found","status":404,"detail":"neighbor: no BGP neighbor named 'nope'","reason":"not-found","errors":[{"field":"neighbor","message":"no BGP neighbor named 'nope'"}]}
            """));
        final Path file = runRoot.resolve("nope.mrt");
        final Result r = junction("mrt", "dump", "--neighbor", "nope", "-w", file.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("neighbor: no BGP neighbor named 'nope'"), r.err());
        try (var files = Files.list(runRoot))
        {
            assertEquals(List.of("r1"), files.map(f -> f.getFileName().toString()).toList(), "no file, no partial file");
        }
    }

    @Test
    void shouldShowStatus()
    {
        api.on("GET /v1/status", Answer.json(STATUS));
        final Result r = junction("show", "status");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("router r1 (junction 0.1.0), up 1d02:03:04\n"), r.out());
        assertTrue(r.out().contains("  rib routes:      ipv4 5, ipv6 3\n"), r.out());
        assertTrue(r.out().contains("  bgp neighbors:   1 established of 2\n"), r.out());
        assertTrue(r.out().contains("  running commit:  7\n"), r.out());
        assertTrue(r.out().contains("  route journal:   1204 records appended, 3 dropped (changes missing from the journal), " +
            "0 queued\n"), r.out());
    }

    @Test
    void shouldShowAStatusWithoutJournalAsOff()
    {
        api.on("GET /v1/status", Answer.json(STATUS.replace("\"journal\":{\"appended\":1204,\"dropped\":3,\"queued\":0},", "")));
        final Result r = junction("show", "status");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("  route journal:   off\n"), r.out());

        // With the reason the router gives (journal_off).
        api.on("GET /v1/status", Answer.json(STATUS.replace("\"journal\":{\"appended\":1204,\"dropped\":3,\"queued\":0},",
            "\"journal_off\":\"turned off in the config (journal: {enabled: false})\",")));
        final Result why = junction("show", "status");
        assertEquals(0, why.code(), why.err());
        assertTrue(why.out().contains("  route journal:   off: turned off in the config (journal: {enabled: false})\n"), why.out());
    }

    @Test
    void shouldShowInterfaces()
    {
        api.on("GET /v1/interfaces", Answer.json(INTERFACES));
        final Result r = junction("show", "interfaces");
        assertEquals(0, r.code(), r.err());
        final List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("NAME  DEVICE          LINK   MTU  MAC                ADDRESSES                       RX-PKTS"), r.out());
        assertTrue(lines.get(1).startsWith("p0    net_af_packet0  up    1500  02:00:00:00:00:01  198.18.1.1/24,2001:db8:1::1/64"), r.out());
        assertTrue(lines.get(2).startsWith("p1    net_af_packet1  down  9000  02:00:00:00:00:02  198.18.2.1/24"), r.out());
        assertTrue(lines.get(1).endsWith("3      7"), r.out());
    }

    @Test
    void shouldShowOneInterface()
    {
        api.on("GET /v1/interfaces/p1", Answer.json(INTERFACES.substring(INTERFACES.indexOf("{\"name\":\"p1\""),
            INTERFACES.lastIndexOf(']'))));
        final Result r = junction("show", "interfaces", "p1");
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.out().lines().count(), r.out());
        assertTrue(r.out().lines().toList().get(1).startsWith("p1 "), r.out());
    }

    @Test
    void shouldShowCounters()
    {
        api.on("GET /v1/counters", Answer.json(COUNTERS));
        final Result r = junction("show", "counters");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
            DROP REASON   PACKETS
            ttl_exceeded        4
            no_route           12
            bad_checksum        0

            WORKER  CORE   BUSY  PACKETS
                 0     1  25.0%     1000
                 1     2  50.0%     2300
            """, r.out());
    }

    @Test
    void shouldFollowRoutePagesAndSendTheFilters()
    {
        api.on("GET /v1/routes?prefix=198.18.0.0%2F15&longer=true&family=ipv4&protocol=static&limit=1000",
            Answer.json(ROUTES_PAGE_1));
        api.on("GET /v1/routes?prefix=198.18.0.0%2F15&longer=true&family=ipv4&protocol=static&limit=1000&cursor=c2",
            Answer.json(ROUTES_PAGE_2));
        final Result r = junction("show", "routes", "198.18.0.0/15", "--longer", "--family", "ipv4", "--protocol", "static");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
            PREFIX           PROTOCOL   DIST  NEXT HOP    PORT  AS PATH
            198.18.1.0/24    connected     0  direct      p0
            198.18.9.0/24    static        1  198.18.1.2  p0
                                              198.18.2.2  p1
            198.19.100.0/24  ebgp         20  198.18.2.2  p1    65002 65100
            198.51.0.0/16    static        1  blackhole
            """, r.out());
        assertEquals(2, api.seen().size());
    }

    @Test
    void shouldJoinRoutePagesIntoOnePageWithJson() throws Exception
    {
        api.on("GET /v1/routes?limit=1000", Answer.json(ROUTES_PAGE_1));
        api.on("GET /v1/routes?limit=1000&cursor=c2", Answer.json(ROUTES_PAGE_2));
        final Result r = junction("show", "routes", "--json");
        assertEquals(0, r.code(), r.err());
        final JsonNode page = json(r.out());
        assertEquals(4, page.path("routes").size());
        assertTrue(page.path("next_cursor").isMissingNode());
    }

    @Test
    void shouldStopAtTheLimit()
    {
        api.on("GET /v1/routes?limit=2", Answer.json(ROUTES_PAGE_1));
        final Result r = junction("show", "routes", "--limit", "2", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, api.seen().size());
        assertTrue(r.out().contains("\"next_cursor\":\"c2\""), "one page is printed as it came: " + r.out());
    }

    @Test
    void shouldShowANeighborsTable()
    {
        api.on("GET /v1/bgp/neighbors/bird/routes?table=received&limit=1000", Answer.json(ROUTES_PAGE_2));
        final Result r = junction("show", "routes", "--neighbor", "bird", "--table", "received");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("198.19.100.0/24  ebgp"), r.out());
    }

    @Test
    void shouldLookUpARoute()
    {
        api.on("GET /v1/routes/lookup?address=198.19.100.7", Answer.json(ROUTE_BGP));
        final Result r = junction("show", "route", "198.19.100.7");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
            198.19.100.7 via 198.19.100.0/24, ebgp, distance 20
              next hop:        198.18.2.2 dev p1
              bgp from:        bird
              as path:         65002 65100
              origin:          igp
              local pref:      100
              bgp next hop:    198.18.2.2
              communities:     65002:100 65002:1:2
            """, r.out());
    }

    @Test
    void shouldExplainAPrefixWithTheWinnerTheLoserAndItsStep()
    {
        api.on("GET /v1/routes/explain?prefix=198.19.100.0%2F24", Answer.json(EXPLAINED));
        final Result r = junction("show", "route", "198.19.100.0/24", "--explain");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
            198.19.100.0/24
            fib: ebgp
              next hop:        198.18.2.2 dev p1, neighbor reachable
            rib:
                 PROTOCOL  DISTANCE  METRIC  NEXT HOP
                 static         200       0  198.18.1.2 dev p0
              *  ebgp            20       0  198.18.2.2 dev p1
            bgp:
              * best  bird (198.18.2.2) ebgp
                as path:       65002 65100
                origin:        igp, local pref 100
                next hop:      198.18.2.2
                accepted by:   from-peers term customers
                lost  gobgp (198.18.3.2) ebgp
                lost at:       AS path length
                as path:       65003 65200 65100
                origin:        igp
                next hop:      198.18.3.2
                accepted by:   from-peers otherwise
            """, r.out());
        final Result j = junction("show", "route", "198.19.100.0/24", "--explain", "--json");
        assertEquals(0, j.code(), j.err());
        assertEquals("as-path-length", Json.parse(j.out()).path("bgp").get(1).path("lost_at").asText());
    }

    @Test
    void shouldExplainARejectedPrefixWithTheTermAndAnAddressByItsMatch()
    {
        api.on("GET /v1/routes/explain?prefix=198.19.99.0%2F24", Answer.json(REJECTED));
        final Result r = junction("show", "route", "198.19.99.0/24", "--explain");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
            198.19.99.0/24
            fib: not installed
            rejected:
                gobgp (198.18.3.2)
                reason:        import policy from-peers term bogons
                as path:       65003
                origin:        incomplete, med 5
                next hop:      198.18.3.2
            """, r.out());
        api.on("GET /v1/routes/explain?address=198.19.100.7", Answer.json(EXPLAINED.replace(
            "\"query\":\"198.19.100.0/24\"", "\"query\":\"198.19.100.7\"")));
        final Result a = junction("show", "route", "198.19.100.7", "--explain");
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().startsWith("198.19.100.7 matches 198.19.100.0/24\n"), a.out());
    }

    @Test
    void shouldRefuseAPrefixWithoutExplain()
    {
        final Result r = junction("show", "route", "198.19.100.0/24");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("add --explain"), r.err());
    }

    @Test
    void shouldSayWhenThereIsNoRoute()
    {
        api.on("GET /v1/routes/lookup", Answer.problem(404, NO_ROUTE));
        final Result r = junction("show", "route", "203.0.113.1");
        assertEquals(1, r.code());
        assertEquals("junction: no route to 203.0.113.1 (no-route)\n", r.err());
    }

    @Test
    void shouldShowAPrefixsHistoryNewestFirst() throws Exception
    {
        api.on("GET /v1/routes/history?prefix=198.18.64.0%2F18&limit=2", Answer.json(HISTORY));
        final Result r = junction("show", "route", "198.18.64.0/18", "--history", "--limit", "2");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
            198.18.64.0/18: 2 changes, newest first
            2026-12-06T09:00:08.000000000Z  withdrawal #5 from 198.18.2.2
              before:          65001 65010 via 198.18.2.2, igp, local pref 100, communities 65000:100, from 198.18.2.2
              after:           none
            2026-12-06T09:00:06.000000000Z  session with 198.18.3.2 went down
              before:          65002 {65020 65021} via 198.18.3.2, incomplete, med 5, from 198.18.3.2
              after:           65001 65010 via 198.18.2.2, igp, local pref 100, communities 65000:100, from 198.18.2.2
            """, r.out());
        final Result j = junction("show", "route", "198.18.64.0/18", "--history", "--limit", "2", "--json");
        assertEquals(json(HISTORY), json(j.out()));

        api.on("GET /v1/routes/history?prefix=203.0.113.0%2F24", Answer.json("{\"prefix\":\"203.0.113.0/24\",\"changes\":[]}"));
        assertEquals("203.0.113.0/24: no change in the route journal\n", junction("show", "route", "203.0.113.0/24", "--history").out());
        assertEquals("/v1/routes/history?prefix=203.0.113.0%2F24", api.last().target(), "no limit: the router's default");
    }

    @Test
    void shouldShowWhyARouteChangedWithTheEventBehindItAndTheChangeBefore()
    {
        api.on("GET /v1/routes/why?prefix=198.18.99.0%2F24", Answer.json(WHY_SESSION));
        final Result r = junction("show", "route", "198.18.99.0/24", "--why");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
            198.18.99.0/24 changed at 2026-12-06T09:00:06.000000000Z
              cause:           session with 198.18.3.2 went down
              because:         session 198.18.3.2 ESTABLISHED -> IDLE at 2026-12-06T09:00:06.000000000Z: hold timer expired
              before:          65002 {65020 65021} via 198.18.3.2, incomplete, med 5, from 198.18.3.2
              after:           none
            previous change at 2026-12-06T09:00:03.000000000Z
              cause:           update #1 from 198.18.3.2
              before:          none
              after:           65002 {65020 65021} via 198.18.3.2, incomplete, med 5, from 198.18.3.2
            """, r.out());

        api.on("GET /v1/routes/why?prefix=198.18.64.0%2F18&time=2026-12-06T10%3A00%3A05%2B01%3A00", Answer.json(WHY_COMMIT));
        final Result at = junction("show", "route", "198.18.64.0/18", "--why", "--at", "2026-12-06T10:00:05+01:00");
        assertEquals(0, at.code(), at.err());
        assertTrue(at.out().contains("  cause:           commit 7\n" +
            "  because:         commit 7 by alice at 2026-12-06T09:00:04.000000000Z: prefer transit2\n"), at.out());
    }

    @Test
    void shouldShowTheTableAtATimeFollowingItsPages() throws Exception
    {
        api.on("GET /v1/routes/at?time=2026-12-06T09%3A00%3A07Z&limit=1000", Answer.json(TABLE_AT_PAGE_1));
        api.on("GET /v1/routes/at?time=2026-12-06T09%3A00%3A07Z&limit=1000&cursor=ajF8MTk4LjE4LjEwMC4wLzI0",
            Answer.json(TABLE_AT_PAGE_2));
        final Result r = junction("show", "routes", "--at", "2026-12-06T09:00:07Z");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
            best routes at 2026-12-06T09:00:07.000000000Z
            PREFIX           NEXT HOP     AS PATH      ORIGIN  LOCAL PREF  MED  FROM
            198.18.64.0/18   198.18.2.2   65001 65010  igp            100    -  198.18.2.2
            198.18.100.0/24  198.18.2.2   65001 65010  igp            100    -  198.18.2.2
                             198.18.3.2
            2001:db8:1::/48  2001:db8::1               igp              -    -  local
            """, r.out());
        assertEquals(2, api.seen().size());

        final JsonNode joined = json(junction("show", "routes", "--at", "2026-12-06T09:00:07Z", "--json").out());
        assertEquals("2026-12-06T09:00:07.000000000Z", joined.path("time").asText());
        assertEquals(3, joined.path("routes").size());
        assertTrue(joined.path("next_cursor").isMissingNode());

        api.on("GET /v1/routes/at?time=2026-12-06T09%3A00%3A07Z&prefix=198.18.0.0%2F16&longer=true&limit=1",
            Answer.json(TABLE_AT_PAGE_1));
        final Result one = junction("show", "routes", "198.18.0.0/16", "--longer", "--at", "2026-12-06T09:00:07Z", "--limit", "1");
        assertEquals(0, one.code(), one.err());
        assertEquals("/v1/routes/at?time=2026-12-06T09%3A00%3A07Z&prefix=198.18.0.0%2F16&longer=true&limit=1", api.last().target());
    }

    @Test
    void shouldSayTheRouterKeepsNoJournal()
    {
        api.on("GET /v1/routes/history", Answer.problem(404, NO_JOURNAL));
        final Result r = junction("show", "route", "198.18.64.0/18", "--history");
        assertEquals(1, r.code());
        assertEquals("junction: this router keeps no route journal, so it has no route history (docs/journal.md) (no-journal)\n",
            r.err());
    }

    @Test
    void shouldRefuseJournalOptionsThatDoNotGoTogetherAndAskNothing()
    {
        final String[][] lines = {
            {"show", "route", "198.18.64.9", "--history"},
            {"show", "route", "198.18.64.9", "--why"},
            {"show", "route", "198.18.64.0/18", "--history", "--why"},
            {"show", "route", "198.18.64.0/18", "--explain", "--history"},
            {"show", "route", "198.18.64.0/18", "--why", "--limit", "3"},
            {"show", "route", "198.18.64.0/18", "--history", "--at", "2026-12-06T09:00:07Z"},
            {"show", "route", "198.18.64.0/18", "--history", "--limit", "0"},
            {"show", "routes", "--at", "2026-12-06T09:00:07Z", "--neighbor", "bird"},
            {"show", "routes", "--at", "2026-12-06T09:00:07Z", "--protocol", "bgp"},
        };
        for (final String[] line : lines)
        {
            final Result r = junction(line);
            assertEquals(2, r.code(), String.join(" ", line) + ": " + r.err());
            assertTrue(r.err().startsWith("junction: "), r.err());
        }
        assertTrue(junction("show", "route", "198.18.64.9", "--why").err().contains("kept by prefix"));
        assertTrue(api.seen().isEmpty(), "nothing was asked of the router: " + api.seen());
    }

    @Test
    void shouldShowTheRunningConfigAsIs()
    {
        api.on("GET /v1/config", new Answer(200, "application/yaml", CONFIG_YAML, Map.of("ETag", "\"7\"")));
        api.on("GET /v1/config?format=json", Answer.json("{\"instance\":\"r1\"}"));
        final Result r = junction("show", "config");
        assertEquals(0, r.code(), r.err());
        assertEquals(CONFIG_YAML, r.out());
        final Result j = junction("show", "config", "--json");
        assertEquals("{\"instance\":\"r1\"}\n", j.out());
    }

    @Test
    void shouldValidateAFile(@TempDir final Path dir) throws Exception
    {
        final Path file = Files.writeString(dir.resolve("r1.yaml"), CONFIG_YAML);
        api.on("POST /v1/config/validate", Answer.json(VALIDATE_OK));
        final Result r = junction("config", "validate", file.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(file + ": valid, 3 objects changed against the running configuration\n", r.out());
        assertEquals(CONFIG_YAML, api.last().body());
        assertEquals("application/yaml", api.last().contentType());
    }

    @Test
    void shouldNameEachFieldOfAnInvalidFile(@TempDir final Path dir) throws Exception
    {
        final Path file = Files.writeString(dir.resolve("bad.json"), "{\"instance\":\"r1\"}");
        api.on("POST /v1/config/validate", Answer.json(VALIDATE_BAD));
        final Result r = junction("config", "validate", file.toString());
        assertEquals(1, r.code());
        assertEquals("""
            junction: bgp.neighbors[0].import: no policy named 'nope'
            junction: ports[1].mtu: must be 68..9216
            """, r.err());
        assertTrue(api.last().contentType().startsWith("application/json"), api.last().contentType());
    }

    @Test
    void shouldSayWhenTheFileIsMissing()
    {
        final Result r = junction("config", "validate", "/nonexistent/r1.yaml");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("junction: cannot read /nonexistent/r1.yaml"), r.err());
    }

    @Test
    void shouldDiffPerObjectThenAsText(@TempDir final Path dir) throws Exception
    {
        final Path file = Files.writeString(dir.resolve("r1.yaml"), CONFIG_YAML);
        api.on("POST /v1/config/validate", Answer.json(VALIDATE_OK));
        final Result r = junction("config", "diff", file.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("""
            ~ port p0: mtu 1500 -> 9000
            + route 198.18.9.0/24: via 198.18.1.2
            ~ bgp neighbor bird: hold-time 90 -> 30 (session reset)

            --- running
            +++ candidate
            @@ -3 +3 @@
            -    mtu: 1500
            +    mtu: 9000
            """, r.out());
    }

    private static final String VALIDATE_PREVIEW = """
        {"valid":true,"problems":[],"diff":{"objects":[],"text":""},
         "preview":{"first":1,"bgp":true,"empty":false,
           "notes":["the candidate changes static routes or port addresses: their effect on the RIB is not previewed"],
           "imports":[{"neighbor":"bird",
             "accepted":{"count":0,"first":[]},
             "rejected":{"count":3,"first":[{"prefix":"198.19.142.0/24","before":{"neighbor":"bird","as_path":[65001,65010],
               "origin":"igp","local_pref":100,"communities":["65000:100"],"next_hop":"198.18.1.2"}}]},
             "changed":{"count":0,"first":[]}}],
           "best_changes":{"count":3,"first":[{"prefix":"198.19.142.0/24","before":{"neighbor":"bird","as_path":[65001,65010],
               "origin":"igp","communities":[],"next_hop":"198.18.1.2"}}]},
           "exports":[{"neighbor":"gobgp","announced":{"count":0,"first":[]},
             "withdrawn":{"count":3,"first":[{"prefix":"198.19.142.0/24","before":{"neighbor":"gobgp","as_path":[4200000001,65001,65010],
               "origin":"igp","communities":[],"next_hop":"198.18.2.1"}}]},"changed":{"count":0,"first":[]}}],
           "rib_changes":{"count":3,"first":[{"prefix":"198.19.142.0/24","before":["198.18.1.2"],"after":[]}]},
           "neighbors_going":[]}}
        """;

    @Test
    void shouldPrintThePreviewAfterTheDiffWithCountsAndTheFirstChanges(@TempDir final Path dir) throws Exception
    {
        final Path file = Files.writeString(dir.resolve("r1.yaml"), CONFIG_YAML);
        api.on("POST /v1/config/validate?preview=true&first=1", Answer.json(VALIDATE_PREVIEW));
        final Result r = junction("config", "diff", file.toString(), "--preview", "--first", "1");
        assertEquals(0, r.code(), r.err());
        assertEquals("/v1/config/validate?preview=true&first=1", api.last().target());
        assertEquals("""
            no change

            preview (the first 1 of each):
            import bird: 0 accepted, 3 rejected, 0 changed
              - 198.19.142.0/24: 65001 65010 via 198.18.1.2 local-pref 100 communities 65000:100 -> none
              ... 2 more
            best paths: 3 changed
              ~ 198.19.142.0/24: 65001 65010 via 198.18.1.2 -> none
              ... 2 more
            export gobgp: 0 announced, 3 withdrawn, 0 changed
              - 198.19.142.0/24: 4200000001 65001 65010 via 198.18.2.1 -> none
              ... 2 more
            next hops: 3 changed
              ~ 198.19.142.0/24: 198.18.1.2 -> none
            note: the candidate changes static routes or port addresses: their effect on the RIB is not previewed
            """, r.out());

        final Result json = junction("config", "diff", file.toString(), "--preview", "--first", "1", "--json");
        assertEquals(0, json.code(), json.err());
        assertEquals(json(VALIDATE_PREVIEW), json(json.out()));
        assertEquals(2, junction("config", "diff", file.toString(), "--preview", "--first", "1001").code());
    }

    @Test
    void shouldSayWhyThereIsNoPreview(@TempDir final Path dir) throws Exception
    {
        final Path file = Files.writeString(dir.resolve("r1.yaml"), CONFIG_YAML);
        api.on("POST /v1/config/validate?preview=true&first=20", Answer.json("""
            {"valid":true,"problems":[],"diff":{"objects":[],"text":""},"preview_error":"no preview: timed out"}
            """));
        final Result r = junction("config", "diff", file.toString(), "--preview");
        assertEquals(0, r.code(), r.err());
        assertEquals("no change\n\npreview: no preview: timed out\n", r.out());
    }

    @Test
    void shouldCommitAgainstTheRunningVersion(@TempDir final Path dir) throws Exception
    {
        final Path file = Files.writeString(dir.resolve("r1.yaml"), CONFIG_YAML);
        api.on("GET /v1/status", Answer.json(STATUS));
        api.on("POST /v1/commits", Answer.status(201, COMMIT_8));
        final Result r = junction("config", "commit", file.toString(), "-m", "raise mtu", "--confirm", "5");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
            commit 8 (2026-12-05T12:00:00Z, by root: raise mtu)
              rolled back at 2026-12-05T12:05:00Z unless confirmed: junction config confirm
            """, r.out());
        final JsonNode sent = json(api.last().body());
        assertEquals(CONFIG_YAML, sent.path("document").asText());
        assertEquals(7, sent.path("base_version").asLong());
        assertEquals("raise mtu", sent.path("message").asText());
        assertEquals(5, sent.path("confirm_minutes").asInt());
    }

    @Test
    void shouldRefuseAStaleCommit(@TempDir final Path dir) throws Exception
    {
        final Path file = Files.writeString(dir.resolve("r1.yaml"), CONFIG_YAML);
        api.on("POST /v1/commits", Answer.problem(409, STALE));
        final Result r = junction("config", "commit", file.toString(), "--base", "7");
        assertEquals(1, r.code());
        assertEquals("junction: the running version is 8, the candidate was made from 7 (stale-version)\n", r.err());
        assertEquals(1, api.seen().size(), "--base: no status request");
        assertTrue(json(api.last().body()).path("confirm_minutes").isMissingNode());
    }

    @Test
    void shouldNameTheFieldThatNeedsARestart(@TempDir final Path dir) throws Exception
    {
        final Path file = Files.writeString(dir.resolve("r1.yaml"), CONFIG_YAML);
        api.on("GET /v1/status", Answer.json(STATUS));
        api.on("POST /v1/commits", Answer.problem(422, RESTART_REQUIRED));
        final Result r = junction("config", "commit", file.toString());
        assertEquals(1, r.code());
        assertEquals("junction: cores: cannot change on a running router: needs a restart\n", r.err());
    }

    @Test
    void shouldRefuseAZeroConfirm(@TempDir final Path dir) throws Exception
    {
        final Path file = Files.writeString(dir.resolve("r1.yaml"), CONFIG_YAML);
        final Result r = junction("config", "commit", file.toString(), "--confirm", "0");
        assertEquals(2, r.code());
        assertTrue(api.seen().isEmpty());
    }

    @Test
    void shouldConfirm()
    {
        api.on("POST /v1/commits/confirm", Answer.json(COMMIT_8));
        final Result r = junction("config", "confirm");
        assertEquals(0, r.code(), r.err());
        assertEquals("confirmed commit 8 (2026-12-05T12:00:00Z, by root: raise mtu)\n", r.out());
    }

    @Test
    void shouldSayWhenNothingWaitsForAConfirm()
    {
        api.on("POST /v1/commits/confirm", Answer.problem(409, """
            {"title":"Conflict","status":409,"detail":"no commit waits for a confirm","reason":"no-pending-confirm","errors":[]}
            """));
        final Result r = junction("config", "confirm");
        assertEquals(1, r.code());
        assertEquals("junction: no commit waits for a confirm (no-pending-confirm)\n", r.err());
    }

    @Test
    void shouldRollBack() throws Exception
    {
        api.on("POST /v1/rollback", Answer.status(201, COMMIT_9));
        final Result r = junction("config", "rollback", "6", "-m", "undo");
        assertEquals(0, r.code(), r.err());
        assertEquals("commit 9 (2026-12-05T12:01:00Z, by root: rollback to 6)\n", r.out());
        assertEquals(json("{\"number\":6,\"message\":\"undo\"}"), json(api.last().body()));
    }

    @Test
    void shouldShowHistory()
    {
        api.on("GET /v1/commits?limit=3", Answer.json(COMMITS));
        final Result r = junction("config", "history", "--limit", "3");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
            COMMIT  TIME                  AUTHOR  MESSAGE
                 9  2026-12-05T12:01:00Z  root    rollback to 6
                 8  2026-12-05T12:00:00Z  root    raise mtu (confirm by 2026-12-05T12:05:00Z)
                 7  2026-12-05T11:00:00Z  alice   add bird
            """, r.out());
    }

    @Test
    void shouldResetHardOrSoft() throws Exception
    {
        api.on("POST /v1/bgp/neighbors/bird/reset", Answer.noContent());
        Result r = junction("neighbor", "reset", "bird");
        assertEquals(0, r.code(), r.err());
        assertEquals("neighbor bird: session reset\n", r.out());
        assertEquals(json("{\"hard\":true}"), json(api.last().body()));
        r = junction("neighbor", "reset", "--soft", "bird");
        assertEquals(0, r.code(), r.err());
        assertEquals(json("{\"hard\":false}"), json(api.last().body()));
    }

    @Test
    void shouldShutDownWithAMessageAndEnable() throws Exception
    {
        api.on("POST /v1/bgp/neighbors/my%20peer/shutdown", Answer.noContent());
        api.on("POST /v1/bgp/neighbors/my%20peer/enable", Answer.noContent());
        Result r = junction("neighbor", "shutdown", "my peer", "-m", "maintenance until 14:00");
        assertEquals(0, r.code(), r.err());
        assertEquals(json("{\"message\":\"maintenance until 14:00\"}"), json(api.last().body()));
        r = junction("neighbor", "enable", "my peer");
        assertEquals(0, r.code(), r.err());
        assertEquals("neighbor my peer: enabled\n", r.out());
    }

    @Test
    void shouldRefuseAnOperationOnAnUnknownNeighbor()
    {
        api.on("POST /v1/bgp/neighbors/nope/reset", Answer.problem(404, NO_NEIGHBOR));
        final Result r = junction("neighbor", "reset", "nope");
        assertEquals(1, r.code());
        assertEquals("junction: no neighbor named 'nope' (not-found)\n", r.err());
    }

    @Test
    void shouldCreateListAndDeleteTokens() throws Exception
    {
        api.on("POST /v1/tokens", Answer.status(201, TOKEN_CREATED));
        api.on("GET /v1/tokens", Answer.json(TOKENS));
        api.on("DELETE /v1/tokens/grafana", Answer.noContent());
        Result r = junction("token", "create", "grafana", "--role", "read");
        assertEquals(0, r.code(), r.err());
        assertEquals("token grafana (role read):\njt_3q2+7w\n(shown once: the router keeps only its hash)\n", r.out());
        assertEquals(json("{\"name\":\"grafana\",\"role\":\"read\"}"), json(api.last().body()));
        r = junction("token", "list");
        assertEquals("""
            NAME     ROLE   CREATED
            grafana  read   2026-12-05T12:00:00Z
            ci       admin  2026-12-04T08:00:00Z
            """, r.out());
        r = junction("token", "delete", "grafana");
        assertEquals(0, r.code(), r.err());
        assertEquals("token grafana: deleted\n", r.out());
    }

    @Test
    void shouldSayWhatARoleMayNotDo()
    {
        api.on("POST /v1/tokens", Answer.problem(403, FORBIDDEN));
        final Result r = junction("token", "create", "x", "--role", "admin");
        assertEquals(1, r.code());
        assertEquals("junction: role read may not do this (needs admin) (forbidden)\n", r.err());
    }

    @Test
    void shouldWantARoleForATokenAsUsage()
    {
        final Result r = junction("token", "create", "x");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Missing required option: '--role=ROLE'"), r.err());
        assertTrue(api.seen().isEmpty());
    }

    @Test
    void shouldExitThreeWhenNoRouterRuns() throws Exception
    {
        api.close();
        Files.deleteIfExists(api.socket());
        final Result r = junction("show", "neighbors");
        assertEquals(3, r.code());
        assertTrue(r.err().startsWith("junction: no router is running"), r.err());
        final Result named = junction("show", "neighbors", "--name", "r2");
        assertEquals(3, named.code());
        assertTrue(named.err().startsWith("junction: no router named 'r2' is running"), named.err());
    }

    @Test
    void shouldExitThreeWhenTheSocketIsDead() throws Exception
    {
        api.close();
        // Jetty removes its socket file on stop; a crashed router leaves one behind.
        if (!Files.exists(api.socket()))
        {
            try (var channel = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX))
            {
                channel.bind(java.net.UnixDomainSocketAddress.of(api.socket()));
            }
        }
        final Result r = junction("show", "neighbors");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().startsWith("junction: no router answers at " + api.socket()), r.err());
    }

    @Test
    void shouldAskToChooseWhenSeveralRoutersRun() throws Exception
    {
        Files.createDirectories(runRoot.resolve("r2"));
        try (CannedApi second = new CannedApi(runRoot.resolve("r2").resolve("api.sock")))
        {
            second.on("GET /v1/bgp/neighbors", Answer.json("[]"));
            final Result r = junction("show", "neighbors");
            assertEquals(2, r.code());
            assertEquals("junction: several routers run; choose one with --name: r1, r2\n", r.err());
            final Result named = junction("--name", "r2", "show", "neighbors", "--json");
            assertEquals(0, named.code(), named.err());
            assertEquals(1, second.seen().size());
        }
    }

    @Test
    void shouldSendTheTokenFromTheEnvironment()
    {
        env.put("JUNCTION_TOKEN", "jt_secret");
        api.on("GET /v1/counters", Answer.json(COUNTERS));
        final Result r = junction("show", "counters", "--socket", api.socket().toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("Bearer jt_secret", api.last().authorization());
        junction("show", "counters", "--token", "jt_other");
        assertEquals("Bearer jt_other", api.last().authorization());
    }

    @Test
    void shouldPrintAPlainHttpFailure()
    {
        api.on("GET /v1/counters", new Answer(502, "text/plain", "bad gateway\nmore", Map.of()));
        final Result r = junction("show", "counters");
        assertEquals(1, r.code());
        assertEquals("junction: HTTP 502: bad gateway\n", r.err());
    }

    @Test
    void shouldPrintBashCompletion()
    {
        final Result r = junction("completion", "bash");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("complete -F _complete_junction"), r.out());
        assertTrue(r.out().contains("neighbors"), "subcommands are completed");
        assertTrue(r.out().contains("(\"received\" \"accepted\" \"advertised\")"), "--table candidates are completed");
        assertTrue(r.out().endsWith("complete -F _complete_junction -o default ./junction\n"));
    }
}
