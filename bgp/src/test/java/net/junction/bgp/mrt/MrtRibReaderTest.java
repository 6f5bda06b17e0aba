/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.mrt;

import net.junction.bgp.rib.BgpRib;
import net.junction.bgp.rib.Path;
import net.junction.bgp.wire.SharedData;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MRT import: a dump written by {@link RibDump} reads back as the same routes; the real RIPE RIS dumps of the shared
 * data read with as many routes as Debian's {@code bgpdump -m} prints for them, none refused.
 */
class MrtRibReaderTest
{
    private static final long T = 1_700_000_000L;

    @TempDir
    java.nio.file.Path dir;

    record Read(MrtRibReader.Peer peer, IpPrefix prefix, Path path)
    {
    }

    @Test
    void shouldReadBackWhatTheWriterWrote() throws IOException
    {
        final Ip4Address a = Ip4Address.parse("198.18.1.1");
        final Ip6Address b = Ip6Address.parse("2001:db8::2");
        final Path viaA = new Path(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001, 400000))),
            new PathAttribute.Communities(new int[]{(65001 << 16) | 100}),
            new PathAttribute.MultiExitDisc(7)), a, null);
        final Path viaB = new Path(PathAttributes.of(PathAttribute.Origin.ORIGIN_INCOMPLETE,
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence((int)4200000000L, 6939))),
            new PathAttribute.LargeCommunities(new int[]{(int)4200000000L, 1, 2})), b, Ip6Address.parse("fe80::2"));
        final List<BgpRib.DumpedRoute> routes = List.of(
            new BgpRib.DumpedRoute(IpPrefix.parse("198.19.0.0/16"), "a", a, 65001, 0xC6120002, viaA),
            new BgpRib.DumpedRoute(IpPrefix.parse("198.19.1.0/24"), "a", a, 65001, 0xC6120002, viaA),
            new BgpRib.DumpedRoute(IpPrefix.parse("2001:db8:100::/40"), "b", b, (int)4200000000L, 0xC6120003, viaB),
            new BgpRib.DumpedRoute(IpPrefix.parse("198.19.0.0/16"), "b", b, (int)4200000000L, 0xC6120003,
                new Path(viaB.attributes(), b, null)));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        RibDump.write(routes, 0xC6120001, T, out);
        final java.nio.file.Path file = dir.resolve("bview.gz");
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file)))
        {
            gz.write(out.toByteArray());
        }

        for (final MrtRibReader.Summary summary : List.of(
            MrtRibReader.read(new ByteArrayInputStream(out.toByteArray()), p -> true, (p, x, y) -> { }),
            MrtRibReader.read(file, p -> true, (p, x, y) -> { })))
        {
            assertEquals(List.of(new MrtRibReader.Peer(0, 0xC6120002, a, 65001),
                new MrtRibReader.Peer(1, 0xC6120003, b, (int)4200000000L)), summary.peers());
            assertEquals(4, summary.routes());
            assertEquals(0, summary.badEntries());
        }
        final List<Read> read = new ArrayList<>();
        MrtRibReader.read(file, p -> true, (p, prefix, path) -> read.add(new Read(p, prefix, path)));
        final List<List<Object>> expected = routes.stream().map(r -> List.<Object>of(r.prefix(), r.path())).toList();
        final List<List<Object>> got = read.stream().map(r -> List.<Object>of(r.prefix(), r.path())).toList();
        assertEquals(expected.size(), got.size());
        assertTrue(got.containsAll(expected) && expected.containsAll(got), "read " + got);
        assertEquals(routes.get(2).path(), read.stream().filter(r -> r.prefix().equals(IpPrefix.parse("2001:db8:100::/40")))
            .findFirst().orElseThrow().path(), "the link-local next hop too");

        final List<Read> onlyB = new ArrayList<>();
        final MrtRibReader.Summary b2 = MrtRibReader.read(file, p -> p.asNumber() == (int)4200000000L,
            (p, prefix, path) -> onlyB.add(new Read(p, prefix, path)));
        assertEquals(2, b2.routes());
        assertTrue(onlyB.stream().allMatch(r -> r.peer().index() == 1));
    }

    @Test
    void shouldCountARouteWithoutNextHopAndRefuseARecordCutShort() throws IOException
    {
        final List<BgpRib.DumpedRoute> routes = List.of(new BgpRib.DumpedRoute(IpPrefix.parse("198.18.128.0/17"), "local",
            null, 65000, 1, new Path(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP), null, null)));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        RibDump.write(routes, 1, T, out);
        final MrtRibReader.Summary s = MrtRibReader.read(new ByteArrayInputStream(out.toByteArray()), p -> true, (p, x, y) -> { });
        assertEquals(0, s.routes());
        assertEquals(1, s.badEntries(), "the router's own network has no next hop to announce");
        final byte[] cut = java.util.Arrays.copyOf(out.toByteArray(), out.size() - 3);
        final IOException ex = assertThrows(IOException.class,
            () -> MrtRibReader.read(new ByteArrayInputStream(cut), p -> true, (p, x, y) -> { }));
        assertTrue(ex.getMessage().contains("cut short"), ex.getMessage());
    }

    /**
     * Every entry {@code bgpdump -m FILE} prints (its line count) is read: taken, or refused when it cannot be
     * announced. The ADD-PATH samples hold entries of the collector itself without attributes (IPv4), and IPv6
     * entries without MP_REACH_NLRI, so without a next hop (bgpdump prints 255.255.255.255 for them).
     */
    @ParameterizedTest
    @CsvSource({
        "bview.20020722.2337.gz, 115521, 115521, 0, 36",
        "bview.ipv4_unicast_add_path.gz, 62, 60, 2, 2",
        "bview.ipv6_unicast_add_path.gz, 62, 0, 62, 0",
        "bview.64k_stream_overflow.gz, 23, 23, 0, 23"})
    void shouldReadTheRisDumpsAsBgpdumpDoes(
        final String name, final long bgpdumpLines, final long routes, final long refused, final int peers) throws IOException
    {
        final java.nio.file.Path file = SharedData.require(SharedData.MRT, name);
        final List<Read> first = new ArrayList<>();
        final java.util.Set<MrtRibReader.Peer> withRoutes = new java.util.HashSet<>();
        final MrtRibReader.Summary s = MrtRibReader.read(file, p -> true, (p, prefix, path) ->
        {
            withRoutes.add(p);
            if (first.isEmpty())
            {
                first.add(new Read(p, prefix, path));
            }
        });
        assertEquals(routes, s.routes(), s.toString());
        assertEquals(refused, s.badEntries(), s.toString());
        assertEquals(bgpdumpLines, s.routes() + s.badEntries());
        assertEquals(peers, withRoutes.stream().map(p -> p.address() + " " + p.asNumber()).distinct().count(),
            "peers with routes");
        if (name.startsWith("bview.2002"))
        {
            // TABLE_DUMP|1027381055|B|193.203.0.1|1853|3.0.0.0/8|1853 1239 80|IGP|193.203.0.1|0|0||NAG||
            final Read r = first.get(0);
            assertEquals(IpAddress.parse("193.203.0.1"), r.peer().address());
            assertEquals(1853, r.peer().asNumber());
            assertEquals(IpPrefix.parse("3.0.0.0/8"), r.prefix());
            assertEquals(List.of(AsPathSegment.sequence(1853, 1239, 80)), r.path().attributes().asPath().segments());
            assertEquals(IpAddress.parse("193.203.0.1"), r.path().nextHop());
        }
    }
}
