/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.policy.Policies;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.policy.PolicyEvaluator;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4;
import net.junction.routing.Prefix4;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static net.junction.bgp.rib.Routes.config;
import static net.junction.bgp.rib.Routes.ebgp;
import static net.junction.bgp.rib.Routes.ibgp;
import static net.junction.bgp.rib.Routes.withPolicies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full IPv4 table (1M routes) from each of three fake iBGP peers: routes per second through import,
 * decision and Loc-RIB, the export of the whole table to a fourth (eBGP) peer, and bytes of heap per
 * route. The table is synthetic: /24s, four prefixes per UPDATE and one distinct attribute set per
 * UPDATE and peer (250k per peer, near what real full tables carry), so attribute memory is counted
 * honestly. Only generous bounds are asserted; the figures are printed.
 */
class FullTableTest
{
    static final int ROUTES = Integer.getInteger("fulltable.routes", 1_000_000);
    static final int PER_UPDATE = 4;

    static List<UpdateMessage> table(final int firstAs)
    {
        final List<UpdateMessage> out = new ArrayList<>(ROUTES / PER_UPDATE);
        final int nextHop = Ip4.parse("198.18.20.1") + firstAs % 100;
        for (int u = 0; u < ROUTES / PER_UPDATE; u++)
        {
            final List<Prefix4> nlri = new ArrayList<>(PER_UPDATE);
            for (int i = 0; i < PER_UPDATE; i++)
            {
                final int n = u * PER_UPDATE + i;
                nlri.add(new Prefix4(0x0B000000 + (n << 8), 24));
            }
            final PathAttributes a = PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
                PathAttribute.AsPath.sequence(firstAs, 3356, 64512 + u % 1000, 100_000 + u),
                new PathAttribute.NextHop(nextHop),
                new PathAttribute.Communities(new int[]{PathAttribute.Communities.community(3356, u % 50)}));
            out.add(UpdateMessage.announce(a, nlri));
        }
        return out;
    }

    static long usedHeap()
    {
        for (int i = 0; i < 4; i++)
        {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void shouldHoldThreeFullTablesCompactlyAndFast()
    {
        final Harness h = new Harness(config(1, List.of(ibgp("a", "198.18.0.1"), ibgp("b", "198.18.0.2"),
            ibgp("c", "198.18.0.3"), withPolicies(ebgp("down", "198.18.1.1", 65009), null, "all")),
            Map.of("all", Policies.ACCEPT_ALL), List.of()));
        h.listener.record = false;
        h.up("a", 1);
        h.up("b", 2);
        h.up("c", 3);

        List<UpdateMessage> messages = table(65001);
        final long before = usedHeap();
        long start = System.nanoTime();
        for (final UpdateMessage m : messages)
        {
            h.send("a", m);
        }
        final long oneNs = System.nanoTime() - start;
        assertEquals(ROUTES, h.rib.locRibSize(AfiSafi.IPV4_UNICAST));
        assertEquals(ROUTES, h.listener.calls);

        messages = table(65002);
        start = System.nanoTime();
        for (final UpdateMessage m : messages)
        {
            h.send("b", m);
        }
        final long twoNs = System.nanoTime() - start;
        messages = table(65003);
        for (final UpdateMessage m : messages)
        {
            h.send("c", m);
        }
        messages = null;
        final long after = usedHeap();
        final double bytesPerRoute = (after - before) / (3.0 * ROUTES);
        final double tableBytesPerRoute = h.rib.tableFootprintBytes() / (3.0 * ROUTES);
        assertEquals(ROUTES, h.rib.adjRibInSize("c", AfiSafi.IPV4_UNICAST));

        // 250k IPv6 routes (/48s, four per UPDATE) from one peer.
        final List<UpdateMessage> v6 = new ArrayList<>(ROUTES / 16);
        for (int u = 0; u < ROUTES / 16; u++)
        {
            final List<net.junction.routing.IpPrefix> nlri = new ArrayList<>(PER_UPDATE);
            for (int i = 0; i < PER_UPDATE; i++)
            {
                nlri.add(new net.junction.routing.Prefix6(0x2A00_0000_0000_0000L | (long)(u * PER_UPDATE + i) << 16, 0, 48));
            }
            v6.add(new UpdateMessage(List.of(), PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
                PathAttribute.AsPath.sequence(65001, 3356, 100_000 + u)), List.of(),
                new net.junction.bgp.wire.MpReachNlri(AfiSafi.IPV6_UNICAST,
                    net.junction.routing.IpAddress.parse("2001:db8::1"), null, nlri), null));
        }
        final long beforeV6 = usedHeap();
        for (final UpdateMessage m : v6)
        {
            h.send("a", m);
        }
        v6.clear();
        final long beforeExport = usedHeap();
        final double v6BytesPerRoute = (beforeExport - beforeV6) / (ROUTES / 4.0);
        assertEquals(ROUTES / 4, h.rib.locRibSize(AfiSafi.IPV6_UNICAST));
        System.out.printf("full table: %d IPv6 routes from one peer: %.1f bytes/route%n", ROUTES / 4, v6BytesPerRoute);

        // The whole table to an eBGP peer: export, rewrite (prepend, next hop self), packing.
        final FakeSession down = h.sessions.get("down");
        down.encode = false;
        down.trackView = false;
        down.keepMessages = false;
        start = System.nanoTime();
        h.up("down", 9);
        final long exportNs = System.nanoTime() - start;
        assertEquals(ROUTES, h.rib.adjRibOutSize("down", AfiSafi.IPV4_UNICAST));
        final long withOut = usedHeap();
        assertEquals(ROUTES / 4, h.rib.adjRibOutSize("down", AfiSafi.IPV6_UNICAST));

        final double firstRate = ROUTES / (oneNs / 1e9);
        final double secondRate = ROUTES / (twoNs / 1e9);
        final double exportRate = (ROUTES + ROUTES / 4) / (exportNs / 1e9);
        System.out.printf("full table: first peer %.0f routes/s (%.2f us/route), second peer %.0f routes/s; " +
                "3 x %d routes in %.1f MB: %.1f bytes/route (%d distinct paths; tables alone %.1f bytes/route); " +
                "export to an eBGP peer (IPv4 and IPv6) %.0f routes/s in %d UPDATEs, Adj-RIB-Out %.1f bytes/route%n",
            firstRate, oneNs / 1e3 / ROUTES, secondRate, ROUTES, (after - before) / 1e6, bytesPerRoute,
            h.rib.distinctPaths(), tableBytesPerRoute, exportRate, down.updates, (withOut - beforeExport) / (ROUTES * 1.25));

        assertTrue(firstRate > 20_000, "routes/s " + firstRate);
        assertTrue(bytesPerRoute < 400, "bytes/route " + bytesPerRoute);
    }

    /**
     * The cost of soft reconfiguration inbound on one eBGP full table (a quarter of {@link #ROUTES}): heap per
     * route with an import policy that accepts routes unchanged (kept once) and with one that changes every
     * route (kept twice: as received and as accepted), and the time to apply the changing policy live over
     * the routes as received.
     */
    @Test
    void shouldKeepRoutesAsReceivedCheaplyAndReimportThemLive()
    {
        final int routes = ROUTES / 4;
        final Policy setLocalPref = new Policy("in", List.of(new Policy.Term("lp", Policy.Match.ANY,
            List.of(new Policy.Action.SetLocalPref(200)), Policy.Disposition.ACCEPT)), Policy.Disposition.REJECT);
        final BgpConfig unchanged = config(1, List.of(withPolicies(ebgp("t", "198.18.0.1", 65001), "in", null)),
            Map.of("in", Policies.ACCEPT_ALL), List.of());
        final double[] perRoute = new double[2];
        long reimportNs = 0;
        final List<UpdateMessage> messages = new ArrayList<>(table(65001).subList(0, routes / PER_UPDATE));
        for (int run = 0; run < 2; run++)
        {
            final long before = usedHeap();
            Harness h = new Harness(run == 0 ? unchanged : config(1, unchanged.neighbors(), Map.of("in", setLocalPref),
                List.of()));
            h.listener.record = false;
            h.up("t", 1);
            for (final UpdateMessage m : messages)
            {
                h.send("t", m);
            }
            perRoute[run] = (usedHeap() - before) / (double)routes;
            // The synthetic paths carry our AS now and then (64512 + u % 1000): those loop, and are kept as received.
            assertEquals(routes, h.rib.receivedSize("t", AfiSafi.IPV4_UNICAST));
            assertEquals(h.rib.adjRibInSize("t", AfiSafi.IPV4_UNICAST), h.rib.locRibSize(AfiSafi.IPV4_UNICAST));
            assertTrue(h.rib.locRibSize(AfiSafi.IPV4_UNICAST) > routes * 99 / 100);
            if (run == 0)
            {
                // Live: the policy now changes every route; applied over the routes as received.
                final long start = System.nanoTime();
                h.rib.reconfigure(config(1, unchanged.neighbors(), Map.of("in", setLocalPref), List.of()),
                    Map.of("in", new PolicyEvaluator(setLocalPref)));
                reimportNs = System.nanoTime() - start;
                assertEquals(200, h.rib.adjRibIn("t", AfiSafi.IPV4_UNICAST, new Prefix4(0x0B000000, 24)).localPref());
                assertEquals(routes, h.rib.receivedSize("t", AfiSafi.IPV4_UNICAST));
            }
            h = null; // dead before the next run's first measurement
        }
        System.out.printf("soft reconfiguration: %d eBGP routes: %.1f bytes/route accepted unchanged, %.1f bytes/route " +
                "changed by import policy (kept as received too); new import policy applied live in %.0f ms (%.2f us/route)%n",
            routes, perRoute[0], perRoute[1], reimportNs / 1e6, reimportNs / 1e3 / routes);
        assertTrue(perRoute[0] < perRoute[1], "a route accepted unchanged takes no second slot");
    }
}
