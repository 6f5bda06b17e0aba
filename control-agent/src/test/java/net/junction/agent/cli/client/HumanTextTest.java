/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli.client;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
    void shouldPrintABlackholeRouteAndAnUnresolvedGateway()
    {
        final String text = HumanText.routes(List.of(Json.parse("""
            {"prefix":"2001:db8:dead::/48","protocol":"static","distance":1,"next_hops":[],"blackhole":true}
            """), Json.parse("""
            {"prefix":"198.18.7.0/24","protocol":"static","distance":1,"next_hops":[{"address":"198.18.1.9"}],"blackhole":false}
            """)));
        assertEquals("""
            PREFIX              PROTOCOL  DIST  NEXT HOP    PORT        AS PATH
            2001:db8:dead::/48  static       1  blackhole
            198.18.7.0/24       static       1  198.18.1.9  unresolved
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
}
