/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rendering of single answers, without a server (the commands' own tests go through one). */
class HumanTextTest
{
    @Test
    void shouldPrintDurationsAsGobgpDoes()
    {
        assertEquals("00:00:00", HumanText.duration(0));
        assertEquals("00:12:03", HumanText.duration(723));
        assertEquals("1d02:03:04", HumanText.duration(93_784));
    }

    @Test
    void shouldPrintTheBmpStations()
    {
        final String bmp = HumanText.bmp(Json.parse("""
            {"stations":[{"name":"198.18.0.20:11019","state":"connected","messages_sent":1200,"bytes_sent":96000,
             "connects":2,"resyncs":1,"queued":0,"last_error":""}]}
            """));
        assertTrue(bmp.lines().anyMatch(l -> l.matches("198\\.18\\.0\\.20:11019 +connected +1200 +96000 +2 +1 +0 *")), bmp);
        assertTrue(HumanText.bmp(Json.parse("{\"stations\":[]}")).contains("no BMP station configured"));
    }

    @Test
    void shouldPrintTheRpkiCachesAndRouteStates()
    {
        final String rpki = HumanText.rpki(Json.parse("""
            {"caches":[{"name":"127.0.0.1:8282","preference":0,"state":"synced","selected":true,"version":1,"session_id":7,
             "serial":42,"vrps4":2,"vrps6":1,"last_update_ms":0,"refresh_seconds":3600,"retry_seconds":600,
             "expire_seconds":7200,"resets":1,"serial_updates":3,"last_error":""}],"vrps4":2,"vrps6":1,"changes":4}
            """));
        assertTrue(rpki.startsWith("VRPs in effect: 2 IPv4, 1 IPv6 (changed 4 times)\n"), rpki);
        assertTrue(rpki.lines().anyMatch(l -> l.matches("127\\.0\\.0\\.1:8282 +0 +synced +yes +1 +42 +2 +1 *")), rpki);
        assertTrue(HumanText.rpki(Json.parse("""
            {"caches":[],"vrps4":0,"vrps6":0,"changes":0}""")).contains("no RPKI cache configured"));
        final String routes = HumanText.routes(List.of(Json.parse("""
            {"prefix":"198.19.100.0/24","protocol":"ebgp","distance":20,"next_hops":[{"address":"198.18.2.2","port":"p1"}],
             "blackhole":false,"bgp":{"neighbor":"h2","as_path":[4200000002],"origin":"igp","communities":[],
             "next_hop":"198.18.2.2","rpki":"invalid"}}
            """)));
        assertTrue(routes.contains("4200000002 (rpki invalid)"), routes);
    }

    @Test
    void shouldDescribeObjectChangesAsTheDifferDoes()
    {
        // The same lines as ObjectChange.describe(): the API's enums may come in either case.
        assertEquals("- bgp neighbor bird: address 198.18.2.2", HumanText.objectChange(Json.parse("""
            {"kind":"bgp_neighbor","key":"bird","type":"removed","fields":[{"field":"address","before":"198.18.2.2","after":""}]}
            """)));
        assertEquals("~ policy term p/t1", HumanText.objectChange(Json.parse("""
            {"kind":"POLICY_TERM","key":"p/t1","type":"CHANGED","fields":[],"session_reset":false}
            """)));
    }

    @Test
    void shouldPrintABlackholeRouteAnUnresolvedGatewayAndALocalAddress()
    {
        final String text = HumanText.routes(List.of(Json.parse("""
            {"prefix":"2001:db8:dead::/48","protocol":"static","distance":1,"next_hops":[],"blackhole":true}
            """), Json.parse("""
            {"prefix":"198.18.7.0/24","protocol":"static","distance":1,"next_hops":[{"address":"198.18.1.9"}],"blackhole":false}
            """), Json.parse("""
            {"prefix":"198.18.1.1/32","protocol":"local","distance":0,"next_hops":[],"blackhole":false}
            """)));
        assertEquals("""
            PREFIX              PROTOCOL  DIST  NEXT HOP    PORT        AS PATH
            2001:db8:dead::/48  static       1  blackhole
            198.18.7.0/24       static       1  198.18.1.9  unresolved
            198.18.1.1/32       local        0  local
            """, text);
    }

    @Test
    void shouldListObjectsUnderAnyMember()
    {
        assertEquals("NAME  ROLE\nci    admin\n", HumanText.objects(Json.parse("{\"tokens\":[{\"name\":\"ci\",\"role\":\"admin\"}]}")));
        assertEquals("", HumanText.objects(Json.parse("[]")));
    }

    @Test
    void shouldRoundTripJsonWithoutAnObjectMapper()
    {
        final String text = "{\"a\":[1,2.5,\"x\",true,null,{\"b\":18446744073709551615}],\"c\":\"\\u00e9\\n\"}";
        assertEquals(text.replace("\\u00e9", "é"), Json.write(Json.parse(text)));
        assertEquals("{\"document\":\"x: 1\\n\",\"base_version\":7,\"hard\":false}",
            Json.object(ordered("document", "x: 1\n", "base_version", 7L, "confirm_minutes", null, "hard", false)));
        assertNull(Json.parseOrNull("not json"));
        assertNull(Json.parseOrNull("{} {}"));
        assertEquals(Optional.empty(), Json.text(Json.parse("{\"a\":null}"), "a"));
    }

    private static java.util.Map<String, Object> ordered(final Object... pairs)
    {
        final java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2)
        {
            map.put((String)pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void shouldSayWhereEachConfirmWindowStandsInTheHistory()
    {
        final String text = HumanText.history(Json.parse("""
            [{"number":6,"author":"root","time":"2026-12-05T12:06:00Z","message":"m6","confirm_by":"2026-12-05T12:16:00Z",
              "confirm":{"by":"2026-12-05T12:16:00Z","state":"pending"}},
             {"number":5,"author":"junction","time":"2026-12-05T12:05:00Z","message":"m5"},
             {"number":4,"author":"root","time":"2026-12-05T12:04:00Z","message":"m4","confirm_by":"2026-12-05T12:05:00Z",
              "confirm":{"by":"2026-12-05T12:05:00Z","state":"expired","rolled_back_by":5}},
             {"number":3,"author":"root","time":"2026-12-05T12:03:00Z","message":"m3","confirm_by":"2026-12-05T12:13:00Z",
              "confirm":{"by":"2026-12-05T12:13:00Z","state":"rolled-back","rolled_back_by":4}},
             {"number":2,"author":"root","time":"2026-12-05T12:02:00Z","message":"m2","confirm_by":"2026-12-05T12:12:00Z",
              "confirm":{"by":"2026-12-05T12:12:00Z","state":"confirmed","confirmed_at":"2026-12-05T12:02:30Z"}},
             {"number":1,"author":"root","time":"2026-12-05T12:01:00Z","message":"m1","confirm_by":"2026-12-05T12:11:00Z"}]
            """));
        assertEquals("""
            COMMIT  TIME                  AUTHOR    MESSAGE
                 6  2026-12-05T12:06:00Z  root      m6 (awaits confirmation: rolled back at 2026-12-05T12:16:00Z unless confirmed)
                 5  2026-12-05T12:05:00Z  junction  m5
                 4  2026-12-05T12:04:00Z  root      m4 (not confirmed by 2026-12-05T12:05:00Z: rolled back by commit 5)
                 3  2026-12-05T12:03:00Z  root      m3 (not confirmed: rolled back by commit 4)
                 2  2026-12-05T12:02:00Z  root      m2 (confirmed 2026-12-05T12:02:30Z)
                 1  2026-12-05T12:01:00Z  root      m1 (confirm by 2026-12-05T12:11:00Z)
            """, text);
    }

    @Test
    void shouldTellTheDeadlineOfACommitOnlyWhileItAwaitsConfirmation()
    {
        final String pending = """
            {"number":8,"author":"root","time":"2026-12-05T12:00:00Z","message":"raise mtu","confirm_by":"2026-12-05T12:05:00Z",
             "confirm":{"by":"2026-12-05T12:05:00Z","state":"%s"}}
            """;
        assertEquals("""
            commit 8 (2026-12-05T12:00:00Z, by root: raise mtu)
              rolled back at 2026-12-05T12:05:00Z unless confirmed: junction config confirm
            """, HumanText.commit(Json.parse(pending.formatted("pending"))));
        assertEquals("commit 8 (2026-12-05T12:00:00Z, by root: raise mtu)\n",
            HumanText.commit(Json.parse(pending.formatted("confirmed"))));
    }

    @Test
    void shouldSayWhatAnAdvertisedRouteIsInsteadOfAProtocol()
    {
        final String text = HumanText.routes(List.of(Json.parse("""
            {"prefix":"198.19.200.0/24","next_hops":[{"address":"198.18.51.1"}],"blackhole":false,"source":"network",
             "bgp":{"neighbor":"bird4","as_path":[4200000001],"origin":"igp","communities":[],"next_hop":"198.18.51.1"}}
            """), Json.parse("""
            {"prefix":"198.19.51.0/24","next_hops":[{"address":"198.18.51.1"}],"blackhole":false,"source":"neighbor",
             "learned_from":"transit1",
             "bgp":{"neighbor":"bird4","as_path":[4200000001,65001],"origin":"igp","communities":[],"next_hop":"198.18.51.1"}}
            """)));
        assertEquals("""
            PREFIX           PROTOCOL       DIST  NEXT HOP     PORT  AS PATH
            198.19.200.0/24  network              198.18.51.1        4200000001
            198.19.51.0/24   from transit1        198.18.51.1        4200000001 65001
            """, text);
    }

    @Test
    void shouldShowThePathIdentifierOfEachPathAdvertisedWithAddPath()
    {
        final String path = """
            {"prefix":"198.19.51.0/24","next_hops":[{"address":"198.18.51.1"}],"blackhole":false,"source":"neighbor",
             "learned_from":"%s","path_id":%d,
             "bgp":{"neighbor":"bird4","as_path":[4200000001,%d],"origin":"igp","communities":[],"next_hop":"198.18.51.1"}}
            """;
        assertEquals("""
            PREFIX                PROTOCOL       DIST  NEXT HOP     PORT  AS PATH
            198.19.51.0/24 id 1   from transit1        198.18.51.1        4200000001 65001
            198.19.51.0/24 id 12  from transit2        198.18.51.1        4200000001 65002
            """, HumanText.routes(List.of(Json.parse(path.formatted("transit1", 1, 65001)),
            Json.parse(path.formatted("transit2", 12, 65002)))));
    }
}
