package net.junction.dataplane.slowpath;

import static net.junction.dataplane.worker.Frames.dstMac;
import static net.junction.dataplane.worker.Frames.ip4;
import static net.junction.dataplane.worker.Frames.u16;
import static net.junction.dataplane.worker.Frames.u32;
import static net.junction.dataplane.worker.TestRouter.GATEWAY_IP;
import static net.junction.dataplane.worker.TestRouter.HOST_IP;
import static net.junction.dataplane.worker.TestRouter.HOST_IP6;
import static net.junction.dataplane.worker.TestRouter.HOST_MAC;
import static net.junction.dataplane.worker.TestRouter.P0;
import static net.junction.dataplane.worker.TestRouter.P0_MAC;
import static net.junction.dataplane.worker.TestRouter.P1;
import static net.junction.dataplane.worker.TestRouter.P1_IP;
import static net.junction.dataplane.worker.TestRouter.P1_MAC;
import static net.junction.dataplane.worker.TestRouter.SERVER_IP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import net.junction.dataplane.DropReason;
import net.junction.dataplane.counters.WorkerCounters;
import net.junction.dataplane.neighbor.NeighborTable;
import net.junction.dataplane.worker.Frames;
import net.junction.dataplane.worker.TestRouter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Neighbor unreachability detection and the table's bounds (RFC 4861 §7.3, as Linux runs it): the
 * reachable time's randomization, REACHABLE to STALE or DELAY, DELAY to PROBE, unicast probes,
 * failure, garbage collection and LRU eviction, static entries untouched. The worker, the slow
 * path and the timers all read one manual clock: nothing sleeps.
 */
class NeighborAgingTest
{
    private static final int NEIGHBOR = ip4("198.18.2.7");
    private static final long NEIGHBOR_MAC = 0x52_54_00_00_02_07L;
    private static final long SECOND_NS = 1_000_000_000L;

    @TempDir
    Path directory;

    private TestRouter router;
    private long nowNs = 1_000 * SECOND_NS;

    private void start(final TestRouter.Options options)
    {
        router = new TestRouter(directory, options);
        router.worker.clock(() -> nowNs);
        router.slowPath.clock(() -> nowNs);
        router.resolver.random(new SplittableRandom(7));
    }

    @AfterEach
    void tearDown()
    {
        if (router != null)
        {
            router.close();
        }
    }

    private static byte[] udpTo(final int destination)
    {
        return Frames.ip4Udp(P0_MAC, HOST_MAC, HOST_IP, destination, 64, 20);
    }

    private static byte[] arpReply(final int from, final long fromMac)
    {
        return Frames.arp(P1_MAC, fromMac, 2, fromMac, from, P1_MAC, P1_IP);
    }

    private static byte[] arpRequestToRouter(final int from, final long fromMac)
    {
        return Frames.arp(Frames.BROADCAST, fromMac, 1, fromMac, from, 0, P1_IP);
    }

    /** A packet to the neighbor, an ARP request out, the reply: REACHABLE, confirmed now. */
    private void resolve()
    {
        router.receive(P0, udpTo(NEIGHBOR));
        router.run();
        router.receive(P1, arpReply(NEIGHBOR, NEIGHBOR_MAC));
        router.run();
        router.sent(P1); // the request and the released packet
        assertEquals(NeighborTable.REACHABLE, router.state4(P1, NEIGHBOR));
    }

    /** A packet forwarded by the worker to the neighbor: @return the frame it sent. */
    private byte[] forward()
    {
        router.receive(P0, udpTo(NEIGHBOR));
        router.worker.doWork();
        final List<byte[]> out = router.sent(P1);
        assertEquals(1, out.size(), "forwarded at once");
        return out.getFirst();
    }

    private void timer(final long atNs)
    {
        nowNs = atNs;
        router.resolver.onTimer(nowNs);
    }

    private void assertStaticsUntouched()
    {
        assertEquals(NeighborTable.PERMANENT, router.state4(P0, HOST_IP));
        assertEquals(NeighborTable.PERMANENT, router.state4(P1, GATEWAY_IP));
        assertEquals(NeighborTable.PERMANENT, router.state4(P1, SERVER_IP));
        assertEquals(NeighborTable.PERMANENT, router.state6(P0, HOST_IP6));
    }

    @Test
    void shouldDrawTheReachableTimeBetweenHalfAndOneAndAHalfTheBase()
    {
        start(TestRouter.options());
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int seed = 0; seed < 200; seed++)
        {
            router.resolver.random(new SplittableRandom(seed));
            final long reachableNs = router.resolver.reachableTimeNs();
            assertTrue(reachableNs >= NeighborResolver.BASE_REACHABLE_TIME_NS / 2, "RFC 4861 §6.3.2 MIN_RANDOM_FACTOR");
            assertTrue(reachableNs < NeighborResolver.BASE_REACHABLE_TIME_NS * 3 / 2, "MAX_RANDOM_FACTOR");
            min = Math.min(min, reachableNs);
            max = Math.max(max, reachableNs);
        }
        assertTrue(min < 18 * SECOND_NS && max > 42 * SECOND_NS, "spread over the range");

        final long drawn = router.resolver.reachableTimeNs();
        timer(nowNs);
        timer(nowNs + NeighborResolver.REACHABLE_TIME_REDRAW_NS - 1);
        assertEquals(drawn, router.resolver.reachableTimeNs(), "kept until the redraw");
        timer(nowNs + 1);
        assertNotEquals(drawn, router.resolver.reachableTimeNs(), "drawn again every 300 s (Linux)");
    }

    @Test
    void shouldTurnAnUnusedReachableNeighborStaleThenCollectIt()
    {
        start(TestRouter.options());
        final long confirmedNs = nowNs;
        resolve();
        final long reachableNs = router.resolver.reachableTimeNs();

        timer(confirmedNs + reachableNs - 1);
        assertEquals(NeighborTable.REACHABLE, router.state4(P1, NEIGHBOR));
        timer(confirmedNs + reachableNs);
        assertEquals(NeighborTable.STALE, router.state4(P1, NEIGHBOR), "no packet used it: STALE, not DELAY");
        assertTrue(router.sent(P1).isEmpty(), "a STALE entry is not probed while unused");

        timer(confirmedNs + reachableNs + NeighborResolver.GC_STALE_TIME_NS - 1);
        assertEquals(NeighborTable.STALE, router.state4(P1, NEIGHBOR));
        timer(confirmedNs + reachableNs + NeighborResolver.GC_STALE_TIME_NS);
        assertEquals(-1, router.state4(P1, NEIGHBOR), "collected (Linux gc_staletime)");
        assertEquals(1, router.dp(WorkerCounters.NEIGHBOR_AGED));
        assertEquals(0, router.dp(WorkerCounters.NEIGHBOR_EVICTED));

        router.receive(P0, udpTo(NEIGHBOR));
        router.run();
        final List<byte[]> out = router.sent(P1);
        assertEquals(1, out.size());
        assertEquals(Frames.BROADCAST, dstMac(out.getFirst()), "resolved again from scratch");
        assertStaticsUntouched();
    }

    @Test
    void shouldDelayThenProbeAStaleNeighborInUseAndConfirmOnTheReply()
    {
        start(TestRouter.options());
        final long confirmedNs = nowNs;
        resolve();
        timer(confirmedNs + router.resolver.reachableTimeNs());
        assertEquals(NeighborTable.STALE, router.state4(P1, NEIGHBOR));

        nowNs += SECOND_NS;
        final long usedNs = nowNs;
        assertEquals(NEIGHBOR_MAC, dstMac(forward()), "STALE is used (RFC 4861 §7.3.3)");
        timer(nowNs);
        assertEquals(NeighborTable.DELAY, router.state4(P1, NEIGHBOR), "a packet used it");
        assertEquals(NEIGHBOR_MAC, dstMac(forward()), "DELAY is used");

        timer(usedNs + NeighborResolver.DELAY_FIRST_PROBE_TIME_NS - 1);
        assertEquals(NeighborTable.DELAY, router.state4(P1, NEIGHBOR));
        assertTrue(router.sent(P1).isEmpty());
        timer(usedNs + NeighborResolver.DELAY_FIRST_PROBE_TIME_NS);
        assertEquals(NeighborTable.PROBE, router.state4(P1, NEIGHBOR));
        router.worker.doWork();
        final List<byte[]> probes = router.sent(P1);
        assertEquals(1, probes.size());
        assertEquals(NEIGHBOR_MAC, dstMac(probes.getFirst()), "unicast probe (RFC 1122 §2.3.2.1)");
        assertEquals(1, u16(probes.getFirst(), 20), "an ARP request");
        assertEquals(NEIGHBOR, u32(probes.getFirst(), 38));
        assertEquals(1, router.dp(WorkerCounters.NEIGHBOR_PROBES));
        assertEquals(NEIGHBOR_MAC, dstMac(forward()), "PROBE is used");

        router.receive(P1, arpReply(NEIGHBOR, NEIGHBOR_MAC));
        router.run();
        assertEquals(NeighborTable.REACHABLE, router.state4(P1, NEIGHBOR), "confirmed by the reply");
        final long reconfirmedNs = nowNs;
        timer(reconfirmedNs + router.resolver.reachableTimeNs() - 1);
        assertEquals(NeighborTable.REACHABLE, router.state4(P1, NEIGHBOR), "for a whole reachable time again");
    }

    @Test
    void shouldTellWhenAnEntryWasLastConfirmedUpdatedAndUsed()
    {
        start(TestRouter.options());
        final long confirmedNs = nowNs;
        resolve();
        final int slot = router.neighbors.find4(P1, NEIGHBOR);
        assertEquals(confirmedNs, router.resolver.confirmedNs(false, slot), "confirmed by the reply");
        assertEquals(confirmedNs, router.resolver.updatedNs(false, slot));

        nowNs += 2 * SECOND_NS;
        final long usedNs = nowNs;
        forward();
        assertEquals(usedNs, router.neighbors.lastUsed4(slot), "the worker's clock when it forwarded to it");
        assertEquals(confirmedNs, router.resolver.confirmedNs(false, slot), "forwarding confirms nothing");

        final long agedNs = confirmedNs + router.resolver.reachableTimeNs();
        timer(agedNs);
        assertEquals(NeighborTable.STALE, router.state4(P1, NEIGHBOR), "not used in the last 5 s");
        assertEquals(agedNs, router.resolver.updatedNs(false, slot), "the state changed then");
        assertEquals(usedNs, router.neighbors.lastUsed4(slot));
        assertEquals(confirmedNs, router.resolver.confirmedNs(false, slot));

        final int host = router.neighbors.find4(P0, HOST_IP);
        assertEquals(NeighborTable.PERMANENT, router.state4(P0, HOST_IP));
        assertEquals(0, router.resolver.confirmedNs(false, host), "a static entry is never confirmed");
        assertEquals(0, router.resolver.updatedNs(false, host));
    }

    @Test
    void shouldGoFromReachableToDelayWhenUsedWithinTheDelay()
    {
        start(TestRouter.options());
        final long confirmedNs = nowNs;
        resolve();
        final long reachableNs = router.resolver.reachableTimeNs();
        nowNs = confirmedNs + reachableNs - SECOND_NS;
        forward();

        timer(confirmedNs + reachableNs);
        assertEquals(NeighborTable.DELAY, router.state4(P1, NEIGHBOR), "Linux neigh_timer_handler: used within delay_first_probe");
        timer(confirmedNs + reachableNs + NeighborResolver.DELAY_FIRST_PROBE_TIME_NS);
        assertEquals(NeighborTable.PROBE, router.state4(P1, NEIGHBOR));
    }

    @Test
    void shouldNotConfirmFromForwardedTraffic()
    {
        start(TestRouter.options());
        final long confirmedNs = nowNs;
        resolve();
        final long reachableNs = router.resolver.reachableTimeNs();
        for (long t = confirmedNs; t < confirmedNs + reachableNs; t += SECOND_NS)
        {
            nowNs = t;
            forward();
        }
        timer(confirmedNs + reachableNs);
        assertEquals(NeighborTable.DELAY, router.state4(P1, NEIGHBOR), "traffic keeps it in use, it does not confirm it");
    }

    @Test
    void shouldFailAfterUnansweredUnicastProbesThenCollect()
    {
        start(TestRouter.options());
        final long confirmedNs = nowNs;
        resolve();
        final long reachableNs = router.resolver.reachableTimeNs();
        nowNs = confirmedNs + reachableNs - SECOND_NS;
        forward();
        timer(confirmedNs + reachableNs);
        final long probeNs = confirmedNs + reachableNs + NeighborResolver.DELAY_FIRST_PROBE_TIME_NS;
        timer(probeNs);
        assertEquals(NeighborTable.PROBE, router.state4(P1, NEIGHBOR));

        for (int probe = 1; probe < NeighborResolver.MAX_UNICAST_SOLICIT; probe++)
        {
            timer(probeNs + probe * NeighborResolver.RETRANS_TIMER_NS);
            assertEquals(NeighborTable.PROBE, router.state4(P1, NEIGHBOR));
        }
        router.worker.doWork();
        final List<byte[]> probes = router.sent(P1);
        assertEquals(NeighborResolver.MAX_UNICAST_SOLICIT, probes.size());
        probes.forEach(probe -> assertEquals(NEIGHBOR_MAC, dstMac(probe), "unicast, then fail (no multicast re-solicit)"));
        assertEquals(NeighborResolver.MAX_UNICAST_SOLICIT, router.dp(WorkerCounters.NEIGHBOR_PROBES));
        assertEquals(0, router.dp(WorkerCounters.NEIGHBOR_FAILURES));

        final long failedNs = probeNs + NeighborResolver.MAX_UNICAST_SOLICIT * NeighborResolver.RETRANS_TIMER_NS;
        timer(failedNs);
        assertEquals(NeighborTable.FAILED, router.state4(P1, NEIGHBOR));
        assertEquals(1, router.dp(WorkerCounters.NEIGHBOR_FAILURES));

        timer(failedNs + NeighborResolver.FAILED_HOLD_NS - 1);
        assertEquals(NeighborTable.FAILED, router.state4(P1, NEIGHBOR));
        timer(failedNs + NeighborResolver.FAILED_HOLD_NS);
        assertEquals(-1, router.state4(P1, NEIGHBOR));
        assertEquals(1, router.dp(WorkerCounters.NEIGHBOR_AGED));
        assertStaticsUntouched();
    }

    @Test
    void shouldEvictTheLeastRecentlyUsedNeighborWhenFull()
    {
        start(TestRouter.options().maxNeighbors(5)); // 3 static IPv4 neighbors: room for 2 more
        final int first = ip4("198.18.2.31");
        final int second = ip4("198.18.2.32");
        final int third = ip4("198.18.2.33");
        router.receive(P1, arpRequestToRouter(NEIGHBOR, NEIGHBOR_MAC));
        router.run();
        nowNs += SECOND_NS;
        router.receive(P1, arpRequestToRouter(first, 0x52_54_00_00_02_31L));
        router.run();
        router.sent(P1); // the ARP replies
        nowNs += SECOND_NS;
        forward(); // NEIGHBOR, learned first, is used last
        nowNs += SECOND_NS;

        router.receive(P1, arpRequestToRouter(second, 0x52_54_00_00_02_32L));
        router.run();
        assertEquals(-1, router.state4(P1, first), "least recently used: learned after NEIGHBOR, never used");
        assertEquals(NeighborTable.DELAY, router.state4(P1, NEIGHBOR), "used since: kept (and in DELAY, as used STALE goes)");
        assertEquals(NeighborTable.STALE, router.state4(P1, second));
        assertEquals(1, router.dp(WorkerCounters.NEIGHBOR_EVICTED));
        assertEquals(5, router.neighbors.size4());

        nowNs += SECOND_NS;
        router.receive(P1, arpRequestToRouter(third, 0x52_54_00_00_02_33L));
        router.run();
        assertEquals(-1, router.state4(P1, NEIGHBOR), "now the least recently used");
        assertEquals(NeighborTable.STALE, router.state4(P1, third));
        assertEquals(2, router.dp(WorkerCounters.NEIGHBOR_EVICTED));
        assertEquals(0, router.dp(WorkerCounters.NEIGHBOR_AGED));
        assertStaticsUntouched();
    }

    @Test
    void shouldDropWhenNoNeighborCanBeEvicted()
    {
        start(TestRouter.options().maxNeighbors(4)); // 3 static IPv4 neighbors: room for 1 more
        router.receive(P0, udpTo(NEIGHBOR));
        router.run();
        assertEquals(NeighborTable.INCOMPLETE, router.state4(P1, NEIGHBOR), "holds a packet: not evictable");

        router.receive(P0, udpTo(ip4("198.18.2.8")));
        router.run();
        assertEquals(-1, router.state4(P1, ip4("198.18.2.8")));
        assertEquals(1, router.drops(DropReason.NEIGHBOR_PENDING_DROP), "counted, with its reason");
        assertEquals(0, router.dp(WorkerCounters.NEIGHBOR_EVICTED));
        assertEquals(NeighborTable.INCOMPLETE, router.state4(P1, NEIGHBOR));
        assertStaticsUntouched();
    }

    @Test
    void shouldNeverAgeProbeOrEvictStaticNeighbors()
    {
        start(TestRouter.options().maxNeighbors(4));
        for (int i = 0; i < 10; i++)
        {
            nowNs += NeighborResolver.GC_STALE_TIME_NS;
            router.receive(P1, arpRequestToRouter(ip4("198.18.2." + (40 + i)), 0x52_54_00_00_02_40L + i));
            router.run();
            timer(nowNs);
        }
        router.worker.doWork();
        assertStaticsUntouched();
        assertEquals(0, router.dp(WorkerCounters.NEIGHBOR_PROBES));
        assertEquals(4, router.neighbors.size4());
    }

    @Test
    void shouldMakeRoomForAStaticNeighborAndCollectARemovedOne()
    {
        start(TestRouter.options().maxNeighbors(4)); // 3 static IPv4 neighbors: room for 1 more
        final int configured = ip4("198.18.2.50");
        router.receive(P1, arpRequestToRouter(NEIGHBOR, NEIGHBOR_MAC));
        router.run();
        assertEquals(NeighborTable.STALE, router.state4(P1, NEIGHBOR));

        router.resolver.addPermanent4(P1, configured, 0x52_54_00_00_02_50L);
        assertEquals(NeighborTable.PERMANENT, router.state4(P1, configured));
        assertEquals(-1, router.state4(P1, NEIGHBOR), "a commit's static neighbor counts in the bound");
        assertEquals(1, router.dp(WorkerCounters.NEIGHBOR_EVICTED));

        router.resolver.removePermanent4(P1, configured);
        assertEquals(NeighborTable.NONE, router.state4(P1, configured));
        timer(nowNs);
        assertEquals(-1, router.state4(P1, configured), "its slot is collected");
        assertEquals(3, router.neighbors.size4());
        assertStaticsUntouched();
    }
}
