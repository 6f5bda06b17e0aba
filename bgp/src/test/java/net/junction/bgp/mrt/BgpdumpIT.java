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
 * A dump written by {@link TableDumpV2Writer} read back by Debian's {@code bgpdump} (libbgpdump, the
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
        final Process p = new ProcessBuilder(BGPDUMP.toString(), "-m", file.toString()).redirectErrorStream(false).start();
        final String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        // -m: TABLE_DUMP2|time|B|peer ip|peer as|prefix|as path|origin|next hop|local pref|med|communities|atomic|aggregator|
        assertEquals(List.of(
            "TABLE_DUMP2|" + T + "|B|198.18.1.1|65001|198.19.100.0/24|65001 400000 3356|IGP|198.18.1.1|0|0|65001:100 no-export|NAG||",
            "TABLE_DUMP2|" + T + "|B|198.18.1.1|65001|198.19.113.128/25|65001|INCOMPLETE|198.18.1.1|0|0||NAG||",
            "TABLE_DUMP2|" + T + "|B|2001:db8::3|4200000000|2001:db8:100::/40|4200000000 6939|EGP|2001:db8::3|0|0|64512:1|NAG||"),
            stdout.lines().toList(), stdout);
    }
}
