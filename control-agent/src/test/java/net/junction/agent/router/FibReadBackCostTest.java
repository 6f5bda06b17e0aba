/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import net.junction.agent.config.ConfigDocuments;
import net.junction.agent.config.ConfigLoader;
import net.junction.dataplane.fib.FibSnapshot;
import net.junction.routing.Ip4;
import net.junction.routing.Ip6Address;
import net.junction.routing.NextHop;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How long a control plane takes to read a large FIB back through the control socket ({@code fibDump}, then
 * {@code fibPage} after {@code fibPage}, each answer a JSON line): a measurement, not a check, run only when asked
 * ({@code -Djunction.fib.readBackCost=true}). The copy is made beforehand (its cost on the data plane's slow path
 * is {@code FibSnapshotCostTest}'s); here the pages' encoding, the socket and the decoding. 262,143 IPv4 routes
 * (every /15../32 of 198.18.0.0/15) and 737,857 IPv6 /64s of 2001:db8::/32: a million. Median of three.
 */
@EnabledIfSystemProperty(named = "junction.fib.readBackCost", matches = "true")
class FibReadBackCostTest
{
    @TempDir
    Path run;

    @Test
    void shouldMeasureReadingAMillionRoutesBack() throws Exception
    {
        final FakeDataplane fake = new FakeDataplane(SpecMapping.dataplaneSpec(ConfigLoader.parse(ConfigDocuments.TWO_PORTS, 4), run));
        final NextHop.Gateway4 gw4 = new NextHop.Gateway4(0, Ip4.parse("198.18.255.1"));
        final NextHop.Gateway6 gw6 = new NextHop.Gateway6(1, Ip6Address.parse("2001:db8:ffff::1"));
        final FibSnapshot.Builder fib = new FibSnapshot.Builder(262_143, 737_857, 1, false, 1);
        final int base = Ip4.parse("198.18.0.0");
        for (int length = 15; length <= Prefix4.MAX_LENGTH; length++)
        {
            for (int i = 0; i < 1 << (length - 15); i++)
            {
                fib.add(new Prefix4(base + (i << (32 - length)), length), List.of(gw4));
            }
        }
        final long net = Ip6Address.parse("2001:db8::").high();
        for (int i = 0; i < 737_857; i++)
        {
            fib.add(new Prefix6(net | i, 0, 64), List.of(gw6));
        }
        fake.fib = fib.build();
        try (DataplaneServer server = DataplaneServer.start(fake, run);
             RemoteDataplane remote = RemoteDataplane.connect(run))
        {
            final long[] ns = new long[3];
            for (int r = 0; r < ns.length; r++)
            {
                final long startNs = System.nanoTime();
                assertEquals(1_000_000, remote.fibSnapshot().size());
                ns[r] = System.nanoTime() - startNs;
            }
            Arrays.sort(ns);
            System.out.printf("read-back cost: java %s, %d cpus: 1,000,000 routes read back through the control socket " +
                    "in %.2f s (median of 3; %s ms)%n", Runtime.version(), Runtime.getRuntime().availableProcessors(),
                ns[1] / 1e9, Arrays.toString(Arrays.stream(ns).map(n -> n / 1_000_000).toArray()));
        }
    }
}
