/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.mrt;

import net.junction.bgp.rib.BgpRib;
import net.junction.bgp.rib.Path;
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

import static org.junit.jupiter.api.Assertions.assertEquals;

class RibDumpTest
{
    @Test
    void shouldIndexPeersOnceAndGroupEntriesByPrefix() throws IOException
    {
        final Path path = new Path(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP), Ip4Address.parse("198.18.1.1"), null);
        final Path local = new Path(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP), null, null);
        final List<BgpRib.DumpedRoute> routes = List.of(
            new BgpRib.DumpedRoute(IpPrefix.parse("198.19.0.0/16"), "a", Ip4Address.parse("198.18.1.1"), 65001, 7, path),
            new BgpRib.DumpedRoute(IpPrefix.parse("198.19.1.0/24"), "b", Ip6Address.parse("2001:db8::2"), 65002, 8, path),
            new BgpRib.DumpedRoute(IpPrefix.parse("198.19.0.0/16"), "b", Ip6Address.parse("2001:db8::2"), 65002, 8, path),
            new BgpRib.DumpedRoute(IpPrefix.parse("198.18.128.0/17"), "local", null, 65000, 9, local));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(3, RibDump.write(routes, 9, 1_700_000_000L, out));

        final MrtTestReader.Dump dump = MrtTestReader.read(out.toByteArray());
        assertEquals(9, dump.collectorBgpId());
        assertEquals(List.of(7, 8, 9), dump.peers().stream().map(MrtTestReader.Peer::bgpId).toList());
        assertEquals("00000000", HexFormat.of().formatHex(dump.peers().get(2).address()), "the router as 0.0.0.0");
        assertEquals(65000, dump.peers().get(2).asNumber());
        assertEquals(List.of(0, 1), dump.ribs().get(0).entries().stream().map(MrtTestReader.Entry::peerIndex).toList());
        assertEquals(List.of(1), dump.ribs().get(1).entries().stream().map(MrtTestReader.Entry::peerIndex).toList());
        assertEquals(List.of(PathAttribute.ORIGIN), dump.ribs().get(2).entries().get(0).attributes().stream()
            .map(MrtTestReader.Attribute::type).toList(), "a network of the router's own: no next hop");
        assertEquals(List.of(0, 1, 2), dump.ribs().stream().map(MrtTestReader.Rib::sequence).toList());
    }

    @Test
    void shouldWriteRoutesWithPathIdentifiersInTheRfc8050FormBesideTheOthers() throws IOException
    {
        final Path path = new Path(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP, PathAttribute.AsPath.sequence(65001)),
            Ip4Address.parse("198.18.1.1"), null);
        final IpPrefix v4 = IpPrefix.parse("198.19.0.0/16");
        final IpPrefix v6 = IpPrefix.parse("2001:db8:100::/40");
        final Ip4Address a = Ip4Address.parse("198.18.1.1");
        final List<BgpRib.DumpedRoute> routes = List.of(
            new BgpRib.DumpedRoute(v4, "a", a, 65001, 7, path, 1),
            new BgpRib.DumpedRoute(v4, "b", Ip4Address.parse("198.18.1.2"), 65002, 8, path),
            new BgpRib.DumpedRoute(v4, "a", a, 65001, 7, path, 0xFFFFFFFFL),
            new BgpRib.DumpedRoute(v6, "a", a, 65001, 7, new Path(path.attributes(), Ip6Address.parse("2001:db8::1"), null), 3));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(3, RibDump.write(routes, 9, 1_700_000_000L, out));

        final MrtTestReader.Dump dump = MrtTestReader.read(out.toByteArray());
        assertEquals(List.of(TableDumpV2Writer.RIB_IPV4_UNICAST, TableDumpV2Writer.RIB_IPV4_UNICAST_ADDPATH,
            TableDumpV2Writer.RIB_IPV6_UNICAST_ADDPATH), dump.ribs().stream().map(MrtTestReader.Rib::subtype).toList());
        assertEquals(List.of(-1L), dump.ribs().get(0).entries().stream().map(MrtTestReader.Entry::pathId).toList());
        assertEquals(List.of(1L, 0xFFFFFFFFL), dump.ribs().get(1).entries().stream().map(MrtTestReader.Entry::pathId).toList());
        assertEquals(List.of(3L), dump.ribs().get(2).entries().stream().map(MrtTestReader.Entry::pathId).toList());
        assertEquals(List.of(0, 1, 2), dump.ribs().stream().map(MrtTestReader.Rib::sequence).toList());
        // Junction's own MRT reader takes the RFC 8050 records back: every route.
        final List<IpPrefix> read = new java.util.ArrayList<>();
        final MrtRibReader.Summary summary = MrtRibReader.read(new java.io.ByteArrayInputStream(out.toByteArray()),
            peer -> true, (peer, prefix, p) -> read.add(prefix));
        assertEquals(4, summary.routes());
        assertEquals(0, summary.skippedRecords());
        assertEquals(0, summary.badEntries());
        assertEquals(List.of(v4, v4, v4, v6), read);
    }

    @Test
    void shouldRefuseARecordMixingEntriesWithAndWithoutPathIdentifiers() throws IOException
    {
        final Path path = new Path(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP), Ip4Address.parse("198.18.1.1"), null);
        final TableDumpV2Writer w = new TableDumpV2Writer(new ByteArrayOutputStream());
        w.peerIndexTable(1, 9, "", List.of(new TableDumpV2Writer.Peer(7, Ip4Address.parse("198.18.1.1"), 65001)));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> w.rib(1,
            IpPrefix.parse("198.19.0.0/16"), List.of(new TableDumpV2Writer.Entry(0, 1, path, 1),
                new TableDumpV2Writer.Entry(0, 1, path))));
    }
}
