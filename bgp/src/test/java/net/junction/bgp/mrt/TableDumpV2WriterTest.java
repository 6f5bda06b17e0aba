/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.mrt;

import net.junction.bgp.rib.Path;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpPrefix;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TableDumpV2WriterTest
{
    private static final long T = 1_700_000_000L; // 0x6553F100

    @Test
    void shouldWriteGoldenBytesForOneIpv4Route() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final TableDumpV2Writer w = new TableDumpV2Writer(out);
        w.peerIndexTable(T, 0xC6120001, "", List.of(
            new TableDumpV2Writer.Peer(0xC6120002, Ip4Address.parse("198.18.1.1"), 65001)));
        w.rib(T, IpPrefix.parse("198.19.100.0/24"), List.of(new TableDumpV2Writer.Entry(0, T,
            new Path(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
                new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001, 400000)))),
                Ip4Address.parse("198.18.1.1"), null))));
        final String expected =
            // PEER_INDEX_TABLE: header, collector 198.18.0.1, empty view, 1 peer (AS4, IPv4)
            // with BGP ID 198.18.0.2, address 198.18.1.1, AS 65001
            "6553f100" + "000d" + "0001" + "00000015" +
            "c6120001" + "0000" + "0001" + "02" + "c6120002" + "c6120101" + "0000fde9" +
            // RIB_IPV4_UNICAST: header, sequence 0, /24, 198.19.100, 1 entry
            "6553f100" + "000d" + "0002" + "0000002a" +
            "00000000" + "18" + "c61364" + "0001" +
            // entry: peer 0, originated T, 24 octets of attributes
            "0000" + "6553f100" + "0018" +
            "400101" + "00" +                                      // ORIGIN IGP
            "40020a" + "0202" + "0000fde9" + "00061a80" +          // AS_PATH, 4-octet: 65001 400000
            "400304" + "c6120101";                                 // NEXT_HOP 198.18.1.1
        assertEquals(expected, HexFormat.of().formatHex(out.toByteArray()));
    }

    @Test
    void shouldRoundTripIpv6RoutesWithAbbreviatedMpReach() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final TableDumpV2Writer w = new TableDumpV2Writer(out);
        w.peerIndexTable(T, 1, "junction", List.of(
            new TableDumpV2Writer.Peer(7, Ip6Address.parse("2001:db8::1"), 65002),
            new TableDumpV2Writer.Peer(8, Ip4Address.parse("198.18.1.9"), 65003)));
        final PathAttributes attributes = PathAttributes.of(PathAttribute.Origin.ORIGIN_INCOMPLETE,
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65002, 65010))),
            new PathAttribute.Communities(new int[]{(65002 << 16) | 7}));
        w.rib(T, IpPrefix.parse("2001:db8:1::/48"), List.of(
            new TableDumpV2Writer.Entry(0, T - 5, new Path(attributes, Ip6Address.parse("2001:db8::1"),
                Ip6Address.parse("fe80::1"))),
            new TableDumpV2Writer.Entry(1, T - 9, new Path(attributes, Ip6Address.parse("2001:db8::9"), null))));
        w.rib(T, IpPrefix.parse("198.19.0.0/16"), List.of(
            new TableDumpV2Writer.Entry(1, T, new Path(attributes, Ip4Address.parse("198.18.1.9"), null))));

        final MrtTestReader.Dump dump = MrtTestReader.read(out.toByteArray());
        assertEquals(1, dump.collectorBgpId());
        assertEquals("junction", dump.viewName());
        assertEquals(2, dump.peers().size());
        assertEquals(TableDumpV2Writer.PEER_TYPE_AS4 | TableDumpV2Writer.PEER_TYPE_IPV6, dump.peers().get(0).type());
        assertEquals(65002, dump.peers().get(0).asNumber());
        assertEquals(TableDumpV2Writer.PEER_TYPE_AS4, dump.peers().get(1).type());

        final MrtTestReader.Rib v6 = dump.ribs().get(0);
        assertEquals(TableDumpV2Writer.RIB_IPV6_UNICAST, v6.subtype());
        assertEquals(0, v6.sequence());
        assertEquals(48, v6.prefixLength());
        assertEquals("20010db80001", HexFormat.of().formatHex(v6.prefix()));
        assertEquals(2, v6.entries().size());
        assertEquals((int)(T - 5), v6.entries().get(0).originatedTime());
        final List<MrtTestReader.Attribute> a = v6.entries().get(0).attributes();
        assertEquals(List.of(PathAttribute.ORIGIN, PathAttribute.AS_PATH, PathAttribute.COMMUNITIES,
            PathAttribute.MP_REACH_NLRI), a.stream().map(MrtTestReader.Attribute::type).toList());
        assertArrayEquals(HexFormat.of().parseHex("fdea0007"), a.get(2).value());
        assertEquals(0x80, a.get(3).flags());
        assertEquals("20" + "20010db8000000000000000000000001" + "fe800000000000000000000000000001",
            HexFormat.of().formatHex(a.get(3).value()));
        assertEquals("10" + "20010db8000000000000000000000009",
            HexFormat.of().formatHex(v6.entries().get(1).attributes().get(3).value()));

        final MrtTestReader.Rib v4 = dump.ribs().get(1);
        assertEquals(TableDumpV2Writer.RIB_IPV4_UNICAST, v4.subtype());
        assertEquals(1, v4.sequence());
        assertEquals("c613", HexFormat.of().formatHex(v4.prefix()));
        assertEquals(List.of(PathAttribute.ORIGIN, PathAttribute.AS_PATH, PathAttribute.NEXT_HOP,
            PathAttribute.COMMUNITIES), v4.entries().get(0).attributes().stream().map(MrtTestReader.Attribute::type).toList());
    }

    @Test
    void shouldRefuseRibRecordsBeforeThePeerTableOrWithUnknownPeers() throws IOException
    {
        final TableDumpV2Writer w = new TableDumpV2Writer(new ByteArrayOutputStream());
        final List<TableDumpV2Writer.Entry> one = List.of(new TableDumpV2Writer.Entry(0, T,
            new Path(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP), null, null)));
        assertThrows(IllegalStateException.class, () -> w.rib(T, IpPrefix.parse("198.19.0.0/16"), one));
        w.peerIndexTable(T, 1, "", List.of());
        assertThrows(IllegalArgumentException.class, () -> w.rib(T, IpPrefix.parse("198.19.0.0/16"), one));
    }
}
