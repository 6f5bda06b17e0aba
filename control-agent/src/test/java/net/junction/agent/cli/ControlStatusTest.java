/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.junction.bgp.speaker.NeighborStatus;
import net.junction.agent.router.FibCheck;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.fib.ReferenceFib;
import net.junction.routing.rib.Rib;

class ControlStatusTest
{
    @TempDir
    Path directory;

    private static final NeighborStatus BIRD = new NeighborStatus("bird1", "198.18.2.2", 4200000002L, "established",
        12, Map.of("ipv4-unicast", 3L, "ipv6-unicast", 1L), Map.of("ipv4-unicast", 2L), Map.of("ipv4-unicast", 4L), 5, 1, 0, false, "");

    @Test
    void shouldWriteRibCountsAndNeighborsAsJsonAndText() throws IOException
    {
        final Rib rib = new Rib(new ReferenceFib(64));
        rib.addInterfaceAddress(0, InterfaceAddress.parse("198.18.1.1/24"));
        rib.addInterfaceAddress(0, InterfaceAddress.parse("2001:db8:1::1/64"));
        try (ControlStatus status = new ControlStatus(directory, () -> new long[] {rib.installedCount4(), rib.installedCount6()}, () -> List.of(BIRD)))
        {
            status.write();

            assertEquals("\"rib\":{\"ipv4\":2,\"ipv6\":2},\"bgp\":{\"neighbors\":{\"bird1\":{\"address\":\"198.18.2.2\"," +
                "\"remote_as\":4200000002,\"state\":\"established\",\"uptime_s\":12," +
                "\"prefixes_received\":{\"ipv4-unicast\":3,\"ipv6-unicast\":1},\"prefixes_accepted\":{\"ipv4-unicast\":2}," +
                "\"updates_received\":5,\"updates_sent\":1,\"last_error\":\"\"}}}", ControlStatus.members(directory));
            final String text = ControlStatus.text(directory);
            assertTrue(text.contains("ipv4 prefixes installed"), text);
            assertTrue(text.matches("(?s).*bird1 +198\\.18\\.2\\.2 +4200000002 +established +12s +4 .*"), text);
        }
        assertFalse(Files.exists(directory.resolve(ControlStatus.FILE)), "removed on close");
        assertEquals("", ControlStatus.members(directory));
    }

    @Test
    void shouldSpliceTheControlMembersIntoTheDataPlaneJson()
    {
        assertEquals("{\"name\":\"lab\",\"rib\":{\"ipv4\":1}}",
            StatusCommand.withControl("{\"name\":\"lab\"}", "\"rib\":{\"ipv4\":1}"));
        assertEquals("{\"name\":\"lab\"}", StatusCommand.withControl("{\"name\":\"lab\"}", ""));
        assertEquals("{\"rib\":{\"ipv4\":0,\"ipv6\":0}}", ControlStatus.json(0, 0, null));
    }

    @Test
    void shouldWriteTheFibCheckAfterATakeover() throws IOException
    {
        final FibCheck.Result clean = new FibCheck.Result(3, 5, 2, 7, 0, 0, 0, List.of());
        try (ControlStatus status = new ControlStatus(directory, () -> new long[] {5, 2}, null))
        {
            status.write();
            assertFalse(ControlStatus.members(directory).contains("fib_check"), "none before a takeover's check");
            status.fibCheck(() -> clean);
            status.write();
            assertEquals("\"rib\":{\"ipv4\":5,\"ipv6\":2},\"fib_check\":{\"epoch\":3,\"fib_ipv4\":5,\"fib_ipv6\":2," +
                "\"installed\":7,\"missing\":0,\"stale\":0,\"differing\":0}", ControlStatus.members(directory));
            final String text = ControlStatus.text(directory);
            assertTrue(text.contains("fib check after the takeover (epoch 3):\n  0 missing, 0 stale\n"), text);
        }
    }
}
