/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.speaker;

import net.junction.routing.InterfaceAddress;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.NextHop;
import net.junction.routing.fib.FibUpdateDecoder;
import net.junction.routing.fib.FibUpdateEncoder;
import net.junction.routing.fib.FibUpdates;
import net.junction.routing.rib.Rib;
import net.junction.routing.rib.RouteSource;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The receive time of a batch's earliest BGP change travels to the FIB consumer with the batch. */
class RouterRibUpdaterStampTest
{
    private final List<String> seen = new ArrayList<>();
    private final FibUpdates consumer = new FibUpdates()
    {
        public void nextHopSet(final int index, final NextHop nextHop)
        {
        }

        public void nextHopGroupSet(final int index, final int[] members, final int count)
        {
        }

        public void nextHopDelete(final int index)
        {
        }

        public void route4Set(final int address, final int length, final int nextHopIndex)
        {
        }

        public void route4Delete(final int address, final int length)
        {
        }

        public void route6Set(final long high, final long low, final int length, final int nextHopIndex)
        {
        }

        public void route6Delete(final long high, final long low, final int length)
        {
        }

        public void commit()
        {
            seen.add("commit");
        }

        public void batchOrigin(final long receivedNs)
        {
            seen.add("origin " + receivedNs);
        }
    };
    private final FibUpdateDecoder decoder = new FibUpdateDecoder(consumer);
    private final FibUpdateEncoder encoder = new FibUpdateEncoder(new UnsafeBuffer(new byte[4096]),
        (buffer, offset, length) ->
        {
            decoder.decode(buffer, offset, length);
            return true;
        });
    private final Rib rib = new Rib(encoder);
    private final RouterRibUpdater updater = new RouterRibUpdater(rib);
    private long clockNs = 1_000;

    @Test
    void shouldStampEachBatchWithItsEarliestChangeOnly()
    {
        rib.addInterfaceAddress(1, InterfaceAddress.parse("198.18.1.1/24"));
        updater.stampBatches(encoder::batchOrigin, () -> clockNs);
        seen.clear();

        updater.bestChanged(IpPrefix.parse("203.0.113.0/24"), true, List.of(IpAddress.parse("198.18.1.2")), 0);
        clockNs = 2_000;
        updater.bestChanged(IpPrefix.parse("198.51.100.0/24"), true, List.of(IpAddress.parse("198.18.1.2")), 0);
        updater.flush();
        assertEquals(List.of("origin 1000", "commit"), seen);

        // A batch that changes nothing in the FIB sends no commit; its stamp must not reach the next one.
        clockNs = 3_000;
        updater.bestChanged(IpPrefix.parse("192.0.2.0/24"), true, List.of(), 0);
        updater.flush();
        rib.addRoute(RouteSource.STATIC, IpPrefix.parse("198.18.200.0/24"), NextHop.BLACKHOLE, 0);
        assertEquals(List.of("origin 1000", "commit", "commit"), seen);
    }
}
