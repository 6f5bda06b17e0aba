/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.dataplane.worker;

import net.junction.dataplane.counters.WorkerCounters;
import net.junction.routing.Ip6Address;
import net.junction.routing.NextHop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static net.junction.dataplane.worker.Frames.dstMac;
import static net.junction.dataplane.worker.TestRouter.GATEWAY_IP;
import static net.junction.dataplane.worker.TestRouter.GATEWAY_IP6;
import static net.junction.dataplane.worker.TestRouter.GATEWAY_MAC;
import static net.junction.dataplane.worker.TestRouter.HOST_IP;
import static net.junction.dataplane.worker.TestRouter.HOST_IP6;
import static net.junction.dataplane.worker.TestRouter.HOST_MAC;
import static net.junction.dataplane.worker.TestRouter.NH_GATEWAY4;
import static net.junction.dataplane.worker.TestRouter.NH_GATEWAY6;
import static net.junction.dataplane.worker.TestRouter.P0;
import static net.junction.dataplane.worker.TestRouter.P0_MAC;
import static net.junction.dataplane.worker.TestRouter.P1;
import static net.junction.dataplane.worker.TestRouter.SERVER_IP;
import static net.junction.dataplane.worker.TestRouter.SERVER_IP6;
import static net.junction.dataplane.worker.TestRouter.SERVER_MAC;
import static net.junction.dataplane.worker.Frames.ip4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ECMP in the worker: a route to a group of two gateways on P1 (the gateway and the server, both
 * with known MACs) spreads flows over both, keeps each flow on one of them, and counts no error.
 */
class WorkerEcmpTest
{
    private static final int NH_SERVER4 = 20;
    private static final int NH_SERVER6 = 21;
    private static final int NH_GROUP4 = 22;
    private static final int NH_GROUP6 = 23;
    private static final int FLOWS = 400;

    @TempDir
    Path directory;

    private TestRouter router;

    @BeforeEach
    void setUp()
    {
        router = new TestRouter(directory);
        router.fibWriter.nextHopSet(NH_SERVER4, new NextHop.Gateway4(P1, SERVER_IP));
        router.fibWriter.nextHopSet(NH_SERVER6, new NextHop.Gateway6(P1, SERVER_IP6));
        router.fibWriter.nextHopGroupSet(NH_GROUP4, new int[]{NH_GATEWAY4, NH_SERVER4}, 2);
        router.fibWriter.nextHopGroupSet(NH_GROUP6, new int[]{NH_GATEWAY6, NH_SERVER6}, 2);
        router.fibWriter.route4Set(ip4("203.0.113.0"), 24, NH_GROUP4);
        final Ip6Address prefix6 = Ip6Address.parse("2001:db8:ec::");
        router.fibWriter.route6Set(prefix6.high(), prefix6.low(), 48, NH_GROUP6);
        router.fibWriter.commit();
    }

    @AfterEach
    void tearDown()
    {
        router.close();
    }

    @Test
    void shouldSpreadIpv4FlowsOverTheGroupAndKeepEachFlowOnOnePath()
    {
        final long[] firstPath = new long[FLOWS];
        for (int round = 0; round < 2; round++)
        {
            for (int flow = 0; flow < FLOWS; flow++)
            {
                final byte[] udp = Frames.udp4(HOST_IP, ip4("203.0.113.9"), 1024 + flow, 53, new byte[8]);
                router.receive(P0, Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV4,
                    Frames.ip4Packet(HOST_IP, ip4("203.0.113.9"), 64, Frames.PROTO_UDP, udp)));
                router.worker.doWork();
                final List<byte[]> sent = router.sent(P1);
                assertEquals(1, sent.size(), "flow " + flow);
                final long mac = dstMac(sent.getFirst());
                if (0 == round)
                {
                    firstPath[flow] = mac;
                }
                else
                {
                    assertEquals(firstPath[flow], mac, "flow " + flow + " changed path");
                }
            }
        }
        assertBalanced(firstPath);
        assertEquals(2L * FLOWS, router.workerCounters.dpValue(WorkerCounters.FORWARDED));
    }

    @Test
    void shouldSpreadIpv6FlowsOverTheGroup()
    {
        final Ip6Address destination = Ip6Address.parse("2001:db8:ec::1");
        final long[] paths = new long[FLOWS];
        for (int flow = 0; flow < FLOWS; flow++)
        {
            final byte[] udp = Frames.udp6(HOST_IP6, destination, 1024 + flow, 443, new byte[8]);
            router.receive(P0, Frames.ethernet(P0_MAC, HOST_MAC, Frames.ETHERTYPE_IPV6,
                Frames.ip6Packet(HOST_IP6, destination, 64, Frames.PROTO_UDP, udp)));
            router.worker.doWork();
            final List<byte[]> sent = router.sent(P1);
            assertEquals(1, sent.size(), "flow " + flow);
            paths[flow] = dstMac(sent.getFirst());
        }
        assertBalanced(paths);
    }

    @Test
    void shouldRefuseAGroupWhoseMemberIsNotSetOrDoesNotForward()
    {
        final long errors = router.slowCounters.dpValue(WorkerCounters.FIB_UPDATE_ERRORS);
        router.fibWriter.nextHopGroupSet(30, new int[]{NH_GATEWAY4, 45}, 2);
        router.fibWriter.nextHopGroupSet(31, new int[]{NH_GATEWAY4, TestRouter.NH_LOCAL}, 2);
        router.fibWriter.nextHopGroupSet(32, new int[]{NH_GATEWAY4}, 1);
        router.fibWriter.route4Set(ip4("198.51.100.0"), 24, 30);
        router.fibWriter.commit();

        assertEquals(errors + 4, router.slowCounters.dpValue(WorkerCounters.FIB_UPDATE_ERRORS));
        assertEquals(-1, router.fib.lookup4(ip4("198.51.100.1")), "a route to a refused group is not installed");
    }

    private static void assertBalanced(final long[] paths)
    {
        int viaGateway = 0;
        int viaServer = 0;
        for (final long mac : paths)
        {
            viaGateway += mac == GATEWAY_MAC ? 1 : 0;
            viaServer += mac == SERVER_MAC ? 1 : 0;
        }
        assertEquals(paths.length, viaGateway + viaServer, "every flow leaves through a member");
        // 400 flows over 2 members: a fair hash puts each within 6 standard deviations (60) of 200.
        assertTrue(viaGateway > 140 && viaServer > 140, "gateway " + viaGateway + ", server " + viaServer);
    }
}
