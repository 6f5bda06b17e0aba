/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.mrt;

import net.junction.bgp.rib.Path;
import net.junction.bgp.wire.CodecOptions;
import net.junction.bgp.wire.MessageEncoder;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dump written by {@link TableDumpV2Writer}, and the recorder's periodic dump and update log, read back by Debian's
 * {@code bgpdump} (libbgpdump, the
 * reader RIPE RIS users run): each route's line must show the prefix, peer, AS path, origin, next hop and
 * communities it was written with. Needs {@code bgpdump} ({@code ./junction setup} installs it).
 */
class BgpdumpIT
{
    private static final java.nio.file.Path BGPDUMP = java.nio.file.Path.of("/usr/bin/bgpdump");
    private static final long T = 1_700_000_000L;

    @TempDir
    java.nio.file.Path dir;

    @Test
    void shouldBeReadBackByBgpdumpWithTheSameRoutes() throws Exception
    {
        Assumptions.assumeTrue(Files.isExecutable(BGPDUMP), "needs bgpdump (apt-get install bgpdump; ./junction setup)");
        final java.nio.file.Path file = dir.resolve("rib.mrt");
        try (OutputStream out = Files.newOutputStream(file))
        {
            final TableDumpV2Writer w = new TableDumpV2Writer(out);
            w.peerIndexTable(T, Ip4Address.parse("198.18.0.1").value(), "", List.of(
                new TableDumpV2Writer.Peer(Ip4Address.parse("198.18.0.2").value(), Ip4Address.parse("198.18.1.1"), 65001),
                new TableDumpV2Writer.Peer(Ip4Address.parse("198.18.0.3").value(), Ip6Address.parse("2001:db8::3"), (int)4200000000L)));
            w.rib(T, IpPrefix.parse("198.19.100.0/24"), List.of(new TableDumpV2Writer.Entry(0, T - 60, new Path(
                PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
                    new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001, 400000, 3356))),
                    new PathAttribute.Communities(new int[]{(65001 << 16) | 100, PathAttribute.Communities.NO_EXPORT})),
                Ip4Address.parse("198.18.1.1"), null))));
            w.rib(T, IpPrefix.parse("198.19.113.128/25"), List.of(new TableDumpV2Writer.Entry(0, T - 30, new Path(
                PathAttributes.of(PathAttribute.Origin.ORIGIN_INCOMPLETE,
                    new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001)))),
                Ip4Address.parse("198.18.1.1"), null))));
            w.rib(T, IpPrefix.parse("2001:db8:100::/40"), List.of(new TableDumpV2Writer.Entry(1, T - 10, new Path(
                PathAttributes.of(PathAttribute.Origin.ORIGIN_EGP,
                    new PathAttribute.AsPath(List.of(AsPathSegment.sequence((int)4200000000L, 6939))),
                    new PathAttribute.Communities(new int[]{(64512 << 16) | 1})),
                Ip6Address.parse("2001:db8::3"), Ip6Address.parse("fe80::3")))));
        }
        final String stdout = bgpdump(file);
        // -m: TABLE_DUMP2|time|B|peer ip|peer as|prefix|as path|origin|next hop|local pref|med|communities|atomic|aggregator|
        assertEquals(List.of(
            "TABLE_DUMP2|" + T + "|B|198.18.1.1|65001|198.19.100.0/24|65001 400000 3356|IGP|198.18.1.1|0|0|65001:100 no-export|NAG||",
            "TABLE_DUMP2|" + T + "|B|198.18.1.1|65001|198.19.113.128/25|65001|INCOMPLETE|198.18.1.1|0|0||NAG||",
            "TABLE_DUMP2|" + T + "|B|2001:db8::3|4200000000|2001:db8:100::/40|4200000000 6939|EGP|2001:db8::3|0|0|64512:1|NAG||"),
            stdout.lines().toList(), stdout);
    }

    @Test
    void shouldBeReadBackByBgpdumpInTheAddPathFormWithEveryPath() throws Exception
    {
        Assumptions.assumeTrue(Files.isExecutable(BGPDUMP), "needs bgpdump (apt-get install bgpdump; ./junction setup)");
        final java.nio.file.Path file = dir.resolve("rib-addpath.mrt");
        final IpPrefix prefix = IpPrefix.parse("198.19.100.0/24");
        final Ip4Address a = Ip4Address.parse("198.18.1.1");
        final Ip4Address b = Ip4Address.parse("198.18.1.2");
        final java.util.function.IntFunction<Path> path = as -> new Path(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001, as)))), a, null);
        // a: three paths by Path Identifier (ADD-PATH); b: one path without.
        final List<net.junction.bgp.rib.BgpRib.DumpedRoute> routes = List.of(
            new net.junction.bgp.rib.BgpRib.DumpedRoute(prefix, "a", a, 65001, 2, path.apply(64501), 1),
            new net.junction.bgp.rib.BgpRib.DumpedRoute(prefix, "a", a, 65001, 2, path.apply(64502), 2),
            new net.junction.bgp.rib.BgpRib.DumpedRoute(prefix, "a", a, 65001, 2, path.apply(64503), 7),
            new net.junction.bgp.rib.BgpRib.DumpedRoute(prefix, "b", b, 65002, 3, new Path(PathAttributes.of(
                PathAttribute.Origin.ORIGIN_IGP, new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65002)))), b, null)));
        try (OutputStream out = Files.newOutputStream(file))
        {
            assertEquals(2, RibDump.write(routes, Ip4Address.parse("198.18.0.1").value(), T, out),
                "RFC 8050: the paths with identifiers in a record of their own");
        }
        final String stdout = bgpdump(file);
        // bgpdump -m marks an RFC 8050 entry TABLE_DUMP2_AP and puts its Path Identifier after the prefix.
        assertEquals(List.of(
            "TABLE_DUMP2|" + T + "|B|198.18.1.2|65002|198.19.100.0/24|65002|IGP|198.18.1.2|0|0||NAG||",
            "TABLE_DUMP2_AP|" + T + "|B|198.18.1.1|65001|198.19.100.0/24|1|65001 64501|IGP|198.18.1.1|0|0||NAG||",
            "TABLE_DUMP2_AP|" + T + "|B|198.18.1.1|65001|198.19.100.0/24|2|65001 64502|IGP|198.18.1.1|0|0||NAG||",
            "TABLE_DUMP2_AP|" + T + "|B|198.18.1.1|65001|198.19.100.0/24|7|65001 64503|IGP|198.18.1.1|0|0||NAG||"),
            stdout.lines().toList(), stdout);
    }

    /**
     * The recorder's files: a periodic table dump and the update log (UPDATEs as received, a state change), rotated at
     * a minute boundary; bgpdump reads the same routes and updates back.
     */
    @Test
    void shouldReadThePeriodicDumpAndTheUpdateLogBack() throws Exception
    {
        Assumptions.assumeTrue(Files.isExecutable(BGPDUMP), "needs bgpdump (apt-get install bgpdump; ./junction setup)");
        final long minute = T - T % 60;
        final java.util.concurrent.atomic.AtomicLong nowMs = new java.util.concurrent.atomic.AtomicLong(T * 1000);
        final Ip4Address peer = Ip4Address.parse("198.18.1.1");
        final PathAttributes attributes = PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001, 400000))),
            new PathAttribute.NextHop(peer.value()),
            new PathAttribute.Communities(new int[]{(65001 << 16) | 100}));
        final List<net.junction.bgp.rib.BgpRib.DumpedRoute> table = List.of(new net.junction.bgp.rib.BgpRib.DumpedRoute(
            IpPrefix.parse("198.19.100.0/24"), "a", peer, 65001, Ip4Address.parse("198.18.0.2").value(),
            new Path(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
                new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001, 400000))),
                new PathAttribute.Communities(new int[]{(65001 << 16) | 100})), peer, null)));
        try (MrtRecorder recorder = new MrtRecorder(() -> new RibDump(table, Ip4Address.parse("198.18.0.1").value(),
            nowMs.get() / 1000), nowMs::get))
        {
            recorder.configure(new MrtConfig(java.util.Optional.of(dir), 60, true, 60, 10));
            final IpAddress local = Ip4Address.parse("198.18.1.2");
            recorder.recordStateChange(65001, 65000, peer, local, 5, 6);
            final byte[] announce = MessageEncoder.encode(UpdateMessage.announce(attributes,
                List.of((Prefix4)IpPrefix.parse("198.19.100.0/24"), (Prefix4)IpPrefix.parse("198.19.101.0/24"))),
                CodecOptions.FOUR_OCTET_EBGP);
            final byte[] withdraw = MessageEncoder.encode(UpdateMessage.withdraw(List.of((Prefix4)IpPrefix.parse("198.19.101.0/24"))),
                CodecOptions.FOUR_OCTET_EBGP);
            assertTrue(recorder.recordMessage(65001, 65000, peer, local, new UnsafeBuffer(announce), 0, announce.length));
            assertTrue(recorder.recordMessage(65001, 65000, peer, local, new UnsafeBuffer(withdraw), 0, withdraw.length));
            // From an ADD-PATH session (RFC 8050): the same prefix twice, by Path Identifier.
            final CodecOptions addPath = new CodecOptions(true, false, true, java.util.Set.of(), java.util.Set.of(
                net.junction.bgp.wire.AfiSafi.IPV4_UNICAST));
            final byte[] paths = MessageEncoder.encode(new UpdateMessage(List.of(), attributes,
                List.of((Prefix4)IpPrefix.parse("198.19.102.0/24"), (Prefix4)IpPrefix.parse("198.19.102.0/24")), null, null,
                List.of(), List.of(1, 2)), addPath);
            assertTrue(recorder.recordMessage(65001, 65000, peer, local, new UnsafeBuffer(paths), 0, paths.length, true));
            nowMs.set((minute + 60) * 1000);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (recorder.status().tableDumps() < 1 || recorder.status().updateFiles() < 1)
            {
                assertTrue(System.nanoTime() - deadline < 0, "no files after 10 s: " + recorder.status());
                Thread.sleep(5);
            }
        }
        final String updates = RisFileNames.updates(minute);
        final String bview = RisFileNames.bview(minute + 60);
        assertEquals("updates.20231114.2213", updates);
        assertEquals(List.of(
            "BGP4MP|" + T + "|STATE|198.18.1.1|65001|5|6",
            "BGP4MP|" + T + "|A|198.18.1.1|65001|198.19.100.0/24|65001 400000|IGP|198.18.1.1|0|0|65001:100|NAG||",
            "BGP4MP|" + T + "|A|198.18.1.1|65001|198.19.101.0/24|65001 400000|IGP|198.18.1.1|0|0|65001:100|NAG||",
            "BGP4MP|" + T + "|W|198.18.1.1|65001|198.19.101.0/24",
            "BGP4MP_AP|" + T + "|A|198.18.1.1|65001|198.19.102.0/24|1|65001 400000|IGP|198.18.1.1|0|0|65001:100|NAG||",
            "BGP4MP_AP|" + T + "|A|198.18.1.1|65001|198.19.102.0/24|2|65001 400000|IGP|198.18.1.1|0|0|65001:100|NAG||"),
            bgpdump(dir.resolve(updates)).lines().toList());
        assertEquals(List.of(
            "TABLE_DUMP2|" + (minute + 60) + "|B|198.18.1.1|65001|198.19.100.0/24|65001 400000|IGP|198.18.1.1|0|0|65001:100|NAG||"),
            bgpdump(dir.resolve(bview)).lines().toList());
    }

    private static String bgpdump(final java.nio.file.Path file) throws Exception
    {
        final Process p = new ProcessBuilder(BGPDUMP.toString(), "-m", file.toString()).redirectErrorStream(false).start();
        final String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        return stdout;
    }
}
