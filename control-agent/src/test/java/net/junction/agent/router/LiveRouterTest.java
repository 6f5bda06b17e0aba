/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import static net.junction.agent.config.ConfigDocuments.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import net.junction.agent.commit.ConfigLifecycle;
import net.junction.agent.commit.ConfirmTimer;
import net.junction.agent.config.ConfigDocuments;
import net.junction.agent.config.ConfigLoader;
import net.junction.agent.config.JunctionConfig;
import net.junction.bgp.rib.BgpRib;
import net.junction.bgp.rib.DecisionStep;
import net.junction.bgp.rib.Path;
import net.junction.bgp.rib.RouteExplanation;
import net.junction.bgp.speaker.BgpControl;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.dataplane.DataplaneSpec;
import net.junction.dataplane.Dataplane;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.rib.Rib;
import net.junction.routing.rib.RibRoute;
import net.junction.routing.rib.RouteSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveRouterTest
{
    static final String BASE = ConfigDocuments.TWO_PORTS + """
        routes:
          - {prefix: 198.18.100.0/24, via: 198.18.2.2}
          - {prefix: 198.18.101.0/24, blackhole: true}
        neighbors:
          - {address: 198.18.2.2, port: p1, mac: 02:00:00:00:00:02}
        bgp:
          local-as: 4200000001
          router-id: 198.18.0.1
          neighbors:
            - name: transit1
              address: 198.18.2.2
              remote-as: 65001
        """;

    private CountingFib fib;
    private Rib rib;
    private RibOwner owner;
    private FakeDataplane dataplane;
    private FakeBgp bgp;
    private final RouterEvents events = new RouterEvents();
    private final List<RouterEvents.RouterEvent> published = new CopyOnWriteArrayList<>();
    private LiveRouter router;
    private DataplaneSpec.Port[] portsBefore;

    private static JunctionConfig parse(final String yaml)
    {
        try
        {
            return ConfigLoader.parse(yaml, 4);
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex.getMessage(), ex);
        }
    }

    private void start(final String yaml)
    {
        final JunctionConfig config = parse(yaml);
        fib = new CountingFib();
        rib = new Rib(fib);
        SpecMapping.loadRoutes(config, rib);
        owner = RibOwner.ownThread(rib);
        dataplane = new FakeDataplane(SpecMapping.dataplaneSpec(config, java.nio.file.Path.of("/tmp")));
        portsBefore = dataplane.ports.clone();
        bgp = config.bgp().map(FakeBgp::new).orElse(null);
        events.subscribe(published::add);
        router = new LiveRouter(config, "test", dataplane, owner, Optional.ofNullable(bgp), events,
            InstantSource.fixed(Instant.parse("2026-12-05T12:00:00Z"))).start();
    }

    private void apply(final String yaml) throws Exception
    {
        router.apply(Optional.of(router.runningConfig()), parse(yaml), null);
    }

    private List<RibRoute> ribRoutes()
    {
        return owner.call(Rib::routes);
    }

    private RibRoute route(final String prefix, final RouteSource source)
    {
        return ribRoutes().stream().filter(r -> r.prefix().equals(IpPrefix.parse(prefix)) && r.source() == source)
            .findFirst().orElse(null);
    }

    @AfterEach
    void stop()
    {
        router.close();
        owner.close();
    }

    @Test
    void shouldAddChangeAndRemoveStaticRoutesInPlaceInOneBatch() throws Exception
    {
        start(BASE);
        final int commits = fib.commits;
        final int changes = fib.routeChanges;
        apply(edit(BASE, """
              - {prefix: 198.18.100.0/24, via: 198.18.2.2}
              - {prefix: 198.18.101.0/24, blackhole: true}
            """, """
              - {prefix: 198.18.100.0/24, via: 198.18.2.3}
              - {prefix: 198.18.102.0/24, interface: p0}
            """));

        assertEquals(commits + 1, fib.commits, "one RIB batch, one FIB commit");
        assertEquals(changes + 3, fib.routeChanges, "a set, a delete and a set: nothing else reloaded");
        assertEquals(List.of(IpAddress.parse("198.18.2.3")), route("198.18.100.0/24", RouteSource.STATIC).vias());
        assertEquals(null, route("198.18.101.0/24", RouteSource.STATIC));
        assertTrue(route("198.18.102.0/24", RouteSource.STATIC).installed());
        assertEquals("routes: 198.18.100.0/24 via 198.18.2.3", "routes: " + router.runningConfig().routes().getFirst().describe());
    }

    @Test
    void shouldChangePortAddressesAndMtuInPlace() throws Exception
    {
        start(BASE);
        apply(edit(edit(BASE, "addresses: [198.18.2.1/24]", "addresses: [198.18.3.1/24, 2001:db8:2::1/64]\n    mtu: 9000"),
            "via: 198.18.2.2}", "via: 198.18.3.2}").replace("{address: 198.18.2.2, port: p1", "{address: 198.18.3.2, port: p1")
            .replace("address: 198.18.2.2\n", "address: 198.18.3.2\n"));

        assertEquals(9000, dataplane.ports[1].mtu());
        assertEquals(List.of(new DataplaneSpec.Ip4Interface(IpAddress.parse("198.18.3.1").isIpv4() ?
            ((net.junction.routing.Ip4Address)IpAddress.parse("198.18.3.1")).value() : 0, 24)), dataplane.ports[1].ip4());
        assertEquals(1, dataplane.ports[1].ip6().size());
        assertEquals(null, route("198.18.2.0/24", RouteSource.CONNECTED));
        assertEquals(null, route("198.18.2.1/32", RouteSource.LOCAL));
        assertTrue(route("198.18.3.0/24", RouteSource.CONNECTED).installed());
        assertTrue(route("198.18.3.1/32", RouteSource.LOCAL).installed());
        assertTrue(route("2001:db8:2::/64", RouteSource.CONNECTED).installed());
        assertTrue(route("198.18.100.0/24", RouteSource.STATIC).installed(), "resolves through the new connected route");
        assertEquals(List.of("mtu 1 9000", "addresses 1"), dataplane.calls.subList(0, 2), "MTU, then addresses");
        assertEquals(1, bgp.reconfigured.size(), "the neighbor's address changed: the bgp section goes to the speaker");
    }

    @Test
    void shouldAddChangeAndRemoveStaticNeighbors() throws Exception
    {
        start(BASE);
        apply(edit(BASE, "  - {address: 198.18.2.2, port: p1, mac: 02:00:00:00:00:02}\n",
            "  - {address: 198.18.2.2, port: p1, mac: 02:00:00:00:00:22}\n  - {address: 2001:db8:1::9, port: p0, mac: 02:00:00:00:00:09}\n"));
        assertEquals(2, dataplane.neighbors.size());
        assertTrue(dataplane.neighbors.stream().anyMatch(n -> n.mac() == 0x020000000022L));
        assertTrue(dataplane.neighbors.stream().anyMatch(n -> n.ip6() != null && n.port() == 0));

        apply(edit(BASE, "  - {address: 198.18.2.2, port: p1, mac: 02:00:00:00:00:02}\n", ""));
        assertEquals(0, dataplane.neighbors.size(), dataplane.neighbors.toString());
        assertTrue(bgp.reconfigured.isEmpty(), "the bgp section did not change: the speaker is not touched");
    }

    @Test
    void shouldHandTheNewBgpConfigToTheSpeakerOnlyWhenItChanged() throws Exception
    {
        start(BASE);
        apply(edit(BASE, "    remote-as: 65001", "    remote-as: 65001\n      hold-time: 30"));
        assertEquals(1, bgp.reconfigured.size());
        assertEquals(30, bgp.reconfigured.getFirst().neighbors().getFirst().holdTimeSeconds());
        assertTrue(dataplane.calls.isEmpty(), dataplane.calls.toString());
    }

    /** Every kind of change at once, for the all-or-nothing tests. */
    private static String everything()
    {
        return edit(edit(edit(edit(BASE, "addresses: [198.18.2.1/24]", "addresses: [198.18.2.1/24, 198.18.4.1/24]\n    mtu: 9000"),
            "{prefix: 198.18.101.0/24, blackhole: true}", "{prefix: 198.18.104.0/24, via: 198.18.4.2}"),
            "mac: 02:00:00:00:00:02", "mac: 02:00:00:00:00:22"),
            "    remote-as: 65001", "    remote-as: 65001\n      hold-time: 30");
    }

    private void assertAsBefore(final List<RibRoute> routes, final JunctionConfig running)
    {
        assertEquals(routes, ribRoutes(), "routes as before");
        assertEquals(List.of(portsBefore), List.of(dataplane.ports), "MTU and addresses as before");
        assertEquals(SpecMapping.dataplaneSpec(running, java.nio.file.Path.of("/tmp")).neighbors(),
            List.copyOf(dataplane.neighbors), "static neighbors as before");
        assertEquals(running.bgp().get(), bgp.config, "BGP config as before");
        assertEquals(running, router.runningConfig());
    }

    @Test
    void shouldLeaveEverythingAsItWasWhenTheLastStepFails()
    {
        start(BASE);
        final List<RibRoute> routes = ribRoutes();
        final JunctionConfig running = router.runningConfig();
        bgp.refuse = new IllegalArgumentException("bgp.neighbors[0].hold-time: refused by the test");

        final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> apply(everything()));

        assertEquals("bgp: bgp.neighbors[0].hold-time: refused by the test", refused.getMessage());
        assertAsBefore(routes, running);
        assertTrue(dataplane.calls.containsAll(List.of("mtu 1 9000", "mtu 1 1500")), "made, then undone: " + dataplane.calls);
    }

    @Test
    void shouldLeaveEverythingAsItWasWhenAStepInTheMiddleFails()
    {
        start(BASE);
        final List<RibRoute> routes = ribRoutes();
        final JunctionConfig running = router.runningConfig();
        final int commits = fib.commits;
        dataplane.refuse = "neighbor+";

        final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> apply(everything()));

        assertTrue(refused.getMessage().startsWith("neighbors[0]: refused neighbor+"), refused.getMessage());
        assertAsBefore(routes, running);
        assertEquals(commits, fib.commits, "the RIB step never ran");
        assertTrue(bgp.reconfigured.isEmpty());
    }

    @Test
    void shouldRefuseAnMtuTheDeviceRefusesNamingTheFieldAndChangeNothing()
    {
        start(BASE);
        final List<RibRoute> routes = ribRoutes();
        final JunctionConfig running = router.runningConfig();
        dataplane.refuse = "mtu 1 9000";

        final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> apply(everything()));

        assertTrue(refused.getMessage().startsWith("ports[1].mtu: "), refused.getMessage());
        assertAsBefore(routes, running);
        assertTrue(dataplane.calls.isEmpty(), dataplane.calls.toString());
    }

    @Test
    void shouldRefuseANetworkOnTwoPortsBeforeChangingAnything()
    {
        start(BASE);
        final List<RibRoute> routes = ribRoutes();
        final JunctionConfig running = router.runningConfig();
        // The validator may already refuse it; the applier checks it again before any step.
        final JunctionConfig twice;
        try
        {
            twice = ConfigLoader.parse(edit(BASE, "addresses: [198.18.2.1/24]", "addresses: [198.18.1.2/24]\n    mtu: 9000"), 4);
        }
        catch (final Exception invalid)
        {
            return; // refused before the applier: fine too
        }
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> router.apply(Optional.of(running), twice, null));
        assertTrue(refused.getMessage().startsWith("ports[1].addresses: "), refused.getMessage());
        assertAsBefore(routes, running);
    }

    @Test
    void shouldRefuseWhatNeedsARestart()
    {
        start(BASE);
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> apply(edit(BASE, "cores: [1]", "cores: [2]")));
        assertTrue(refused.getMessage().startsWith("cores: "), refused.getMessage());
    }

    @Test
    void shouldPageRoutesInOrderWithAnOpaqueCursorAndFilters() throws Exception
    {
        final StringBuilder routes = new StringBuilder();
        for (int i = 0; i < 250; i++)
        {
            routes.append("  - {prefix: 198.19.").append(i).append(".0/24, via: 198.18.2.2}\n");
        }
        start(edit(BASE, "  - {prefix: 198.18.101.0/24, blackhole: true}\n", "  - {prefix: 198.18.101.0/24, blackhole: true}\n" + routes));

        final List<RunningRouter.RouteView> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do
        {
            final RunningRouter.RoutePage page = router.routes(new RunningRouter.RouteQuery(Optional.empty(), false,
                Optional.empty(), Optional.empty(), 100, cursor));
            all.addAll(page.routes());
            cursor = page.nextCursor();
            pages++;
        }
        while (cursor.isPresent());

        final List<RibRoute> expected = ribRoutes();
        assertEquals(3, pages);
        assertEquals(expected.size(), all.size());
        for (int i = 0; i < expected.size(); i++)
        {
            assertEquals(expected.get(i).prefix().toString(), all.get(i).prefix());
        }
        assertEquals("connected", all.stream().filter(r -> r.prefix().equals("198.18.1.0/24")).findFirst().orElseThrow()
            .protocol().orElseThrow());
        final RunningRouter.RouteView viaRoute = all.stream().filter(r -> r.prefix().equals("198.18.100.0/24")).findFirst().orElseThrow();
        assertEquals(List.of(new RunningRouter.NextHopView(Optional.of("198.18.2.2"), Optional.of("p1"))), viaRoute.nextHops());
        assertTrue(all.stream().filter(r -> r.prefix().equals("198.18.101.0/24")).findFirst().orElseThrow().blackhole());

        final RunningRouter.RoutePage statics = router.routes(new RunningRouter.RouteQuery(Optional.of(IpPrefix.parse("198.19.0.0/16")),
            true, Optional.of("ipv4"), Optional.of("static"), 1000, Optional.empty()));
        assertEquals(250, statics.routes().size());
        assertTrue(statics.nextCursor().isEmpty());
        final RunningRouter.RoutePage six = router.routes(new RunningRouter.RouteQuery(Optional.empty(), false,
            Optional.of("ipv6"), Optional.empty(), 10, Optional.empty()));
        assertEquals(List.of("2001:db8:1::/64", "2001:db8:1::1/128"), six.routes().stream().map(RunningRouter.RouteView::prefix).toList());
        final RunningRouter.RoutePage exact = router.routes(new RunningRouter.RouteQuery(Optional.of(IpPrefix.parse("198.19.7.0/24")),
            false, Optional.empty(), Optional.empty(), 10, Optional.empty()));
        assertEquals(1, exact.routes().size());

        assertThrows(IllegalArgumentException.class, () -> router.routes(new RunningRouter.RouteQuery(Optional.empty(), false,
            Optional.empty(), Optional.empty(), 10, Optional.of("not-a-cursor"))));
        assertThrows(IllegalArgumentException.class, () -> router.routes(new RunningRouter.RouteQuery(Optional.empty(), false,
            Optional.of("ipx"), Optional.empty(), 10, Optional.empty())));
    }

    @Test
    void shouldLookUpTheLongestMatchWithTheBgpPath()
    {
        start(BASE);
        final IpPrefix bgpPrefix = IpPrefix.parse("203.0.113.0/24".replace("203.0.113", "198.18.128"));
        owner.call(r ->
        {
            r.addRouteVia(RouteSource.EBGP, bgpPrefix, IpAddress.parse("198.18.2.2"), 0);
            return null;
        });
        bgp.best.put(bgpPrefix, new BgpRib.Selected("transit1", true, new Path(PathAttributes.of(
            PathAttribute.Origin.ORIGIN_IGP,
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001, 65002))),
            new PathAttribute.LocalPref(120),
            new PathAttribute.Communities(new int[] {65000 << 16 | 100}),
            new PathAttribute.LargeCommunities(new int[] {(int)4200000001L, 1, 2})),
            IpAddress.parse("198.18.2.2"), null), List.of(IpAddress.parse("198.18.2.2"))));

        final RunningRouter.RouteView found = router.lookup(IpAddress.parse("198.18.128.77")).orElseThrow();
        assertEquals("198.18.128.0/24", found.prefix());
        assertEquals("ebgp", found.protocol().orElseThrow());
        final RunningRouter.BgpPathView path = found.bgp().orElseThrow();
        assertEquals("transit1", path.neighbor());
        assertEquals(List.of(65001L, 65002L), path.asPath());
        assertEquals("igp", path.origin());
        assertEquals(Optional.of(120L), path.localPref());
        assertEquals(List.of("65000:100", "4200000001:1:2"), path.communities());

        assertEquals("198.18.100.0/24", router.lookup(IpAddress.parse("198.18.100.9")).orElseThrow().prefix());
        assertEquals("198.18.1.1/32", router.lookup(IpAddress.parse("198.18.1.1")).orElseThrow().prefix());
        assertEquals("198.18.1.0/24", router.lookup(IpAddress.parse("198.18.1.7")).orElseThrow().prefix());
        assertTrue(router.lookup(IpAddress.parse("8.8.8.8".replace("8.8.8.8", "198.19.255.1"))).isEmpty());
    }

    private static Path path(final String nextHop, final long... asPath)
    {
        final int[] asns = new int[asPath.length];
        for (int i = 0; i < asPath.length; i++)
        {
            asns[i] = (int)asPath[i];
        }
        return new Path(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(asns)))), IpAddress.parse(nextHop), null);
    }

    @Test
    void shouldExplainABgpRouteWithTwoCandidatesAndAPolicyRejectedPrefix()
    {
        start(BASE);
        final IpPrefix bgpPrefix = IpPrefix.parse("198.18.128.0/24");
        final IpPrefix staticPrefix = IpPrefix.parse("198.18.100.0/24");
        owner.call(r ->
        {
            r.addRouteVia(RouteSource.EBGP, bgpPrefix, IpAddress.parse("198.18.2.2"), 0);
            r.addRouteVia(RouteSource.EBGP, staticPrefix, IpAddress.parse("198.18.2.2"), 0);
            return null;
        });
        dataplane.neighborStates.put("1 198.18.2.2", "reachable");
        bgp.explanations.put(bgpPrefix, new RouteExplanation(AfiSafi.IPV4_UNICAST, bgpPrefix, List.of(
            new RouteExplanation.Candidate("transit1", IpAddress.parse("198.18.2.2"), true, path("198.18.2.2", 65001),
                true, null, false, "in", "customers"),
            new RouteExplanation.Candidate("transit2", IpAddress.parse("198.18.3.2"), true,
                path("198.18.3.2", 65002, 65001), false, DecisionStep.AS_PATH_LENGTH, false, "in", null)),
            List.of()));
        final IpPrefix rejectedPrefix = IpPrefix.parse("198.18.99.0/24");
        bgp.explanations.put(rejectedPrefix, new RouteExplanation(AfiSafi.IPV4_UNICAST, rejectedPrefix, List.of(),
            List.of(new RouteExplanation.Rejected("transit2", IpAddress.parse("198.18.3.2"), path("198.18.3.2", 65002),
                RouteExplanation.Reason.IMPORT_POLICY, "in", "bogons"))));

        final RunningRouter.ExplanationView explained = router.explain(IpAddress.parse("198.18.128.77")).orElseThrow();
        assertEquals("198.18.128.77", explained.query());
        assertEquals("198.18.128.0/24", explained.prefix());
        final RunningRouter.FibEntryView fibEntry = explained.fib().orElseThrow();
        assertEquals("ebgp", fibEntry.protocol());
        assertFalse(fibEntry.ecmp());
        assertEquals(List.of(new RunningRouter.FibNextHopView(Optional.of("198.18.2.2"), Optional.of("p1"),
            Optional.of("reachable"), Optional.of(true))), fibEntry.nextHops());
        assertEquals(1, explained.rib().size());
        assertTrue(explained.rib().getFirst().installed());
        assertEquals(2, explained.bgp().size());
        final RunningRouter.BgpCandidateView winner = explained.bgp().get(0);
        assertTrue(winner.best());
        assertEquals("transit1", winner.path().neighbor());
        assertEquals(Optional.empty(), winner.lostAt());
        assertEquals(Optional.of("customers"), winner.importTerm());
        final RunningRouter.BgpCandidateView loser = explained.bgp().get(1);
        assertFalse(loser.best());
        assertEquals(Optional.of("as-path-length"), loser.lostAt());
        assertEquals(List.of(65002L, 65001L), loser.path().asPath());
        assertEquals(Optional.of("198.18.3.2"), loser.address());
        assertEquals(List.of(), explained.rejected());

        // Static and eBGP for one prefix: the static (distance 1) is installed, the eBGP one (20) is not.
        final RunningRouter.ExplanationView both = router.explain(staticPrefix).orElseThrow();
        assertEquals(List.of("static", "ebgp"), both.rib().stream().map(RunningRouter.RibCandidateView::protocol).toList());
        assertEquals(List.of(true, false), both.rib().stream().map(RunningRouter.RibCandidateView::installed).toList());
        assertEquals("static", both.fib().orElseThrow().protocol());

        // An unresolved gateway's neighbor state says so.
        dataplane.neighborStates.put("1 198.18.2.2", "incomplete");
        assertEquals(Optional.of(false), router.explain(bgpPrefix).orElseThrow().fib().orElseThrow().nextHops().getFirst().resolved());

        final RunningRouter.ExplanationView rejected = router.explain(rejectedPrefix).orElseThrow();
        assertEquals(Optional.empty(), rejected.fib());
        assertEquals(List.of(), rejected.rib());
        assertEquals(List.of(new RunningRouter.BgpRejectedView("transit2", "198.18.3.2",
            LiveRouter.pathView("transit2", path("198.18.3.2", 65002)), "import-policy", Optional.of("in"),
            Optional.of("bogons"))), rejected.rejected());

        assertTrue(router.explain(IpPrefix.parse("198.19.0.0/16")).isEmpty(), "nothing known");
        assertTrue(router.explain(IpAddress.parse("198.19.255.1")).isEmpty(), "no route");
    }

    @Test
    void shouldReadStatusInterfacesCountersAndNeighbors()
    {
        start(BASE);
        final RunningRouter.RouterStatus status = router.status();
        assertEquals("lab", status.name());
        assertEquals(2, status.ports());
        assertEquals(1, status.workers());
        assertEquals(1, status.neighborsConfigured());
        assertEquals(1, status.neighborsEstablished());
        assertEquals((long)owner.call(Rib::installedCount4), status.ribRoutes().get("ipv4"));
        assertEquals(7L, status.fibRoutes().get("ipv4"));
        assertEquals(Optional.empty(), status.journal(), "no state directory: no journal");

        final List<RunningRouter.InterfaceView> interfaces = router.interfaces();
        assertEquals(List.of("p0", "p1"), interfaces.stream().map(RunningRouter.InterfaceView::name).toList());
        assertEquals("02:00:00:00:00:02", interfaces.get(1).mac());
        assertEquals(List.of("198.18.1.1/24", "2001:db8:1::1/64"), interfaces.get(0).addresses());
        assertEquals(1500, interfaces.get(0).mtu());
        assertEquals(11, interfaces.get(1).rxPackets());

        dataplane.workers = List.of(new net.junction.dataplane.Dataplane.WorkerSample(1, 1000, 250, 42));
        final RunningRouter.CountersView first = router.counters();
        assertEquals(0.25, first.workers().getFirst().busyRatio(), 1e-9);
        assertEquals(42, first.workers().getFirst().packets());
        assertEquals(5L, first.drops().get("no_route"));
        assertEquals(0L, first.drops().get("ttl_exceeded"), "drop reasons at zero are there too");

        assertEquals(List.of("transit1"), router.neighbors().stream().map(n -> n.name()).toList());
    }

    @Test
    void shouldListTheArpAndNdEntriesInOrderWithPortNamesMacsAndAges()
    {
        start(BASE);
        dataplane.neighborEntries.addAll(List.of(
            new Dataplane.NeighborEntry(1, IpAddress.parse("2001:db8:2::2"), 0x0200_0000_0005L, "stale", 61_000, 5, 31_500),
            new Dataplane.NeighborEntry(1, IpAddress.parse("198.18.2.9"), 0x0200_0000_0009L, "permanent",
                Dataplane.NeighborEntry.UNKNOWN, Dataplane.NeighborEntry.UNKNOWN, Dataplane.NeighborEntry.UNKNOWN),
            new Dataplane.NeighborEntry(0, IpAddress.parse("198.18.1.20"), 0, "incomplete", 400,
                Dataplane.NeighborEntry.UNKNOWN, 400),
            new Dataplane.NeighborEntry(0, IpAddress.parse("198.18.1.3"), 0x0200_0000_0003L, "reachable", 3_250, 120, 3_250)));
        final List<RunningRouter.IpNeighborView> views = router.ipNeighbors();
        assertEquals(List.of("198.18.1.3", "198.18.1.20", "198.18.2.9", "2001:db8:2::2"),
            views.stream().map(RunningRouter.IpNeighborView::address).toList(), "IPv4 first, then by port and address");
        final RunningRouter.IpNeighborView learned = views.get(0);
        assertEquals(new RunningRouter.IpNeighborView("198.18.1.3", "ipv4", "p0", Optional.of("02:00:00:00:00:03"),
            "reachable", false, Optional.of(3_250L), Optional.of(120L), Optional.of(3_250L)), learned);
        assertEquals(Optional.empty(), views.get(1).mac(), "no MAC while incomplete");
        assertEquals(Optional.empty(), views.get(1).usedAgoMs());
        final RunningRouter.IpNeighborView configured = views.get(2);
        assertTrue(configured.staticEntry());
        assertEquals("p1", configured.port());
        assertEquals(Optional.empty(), configured.confirmedAgoMs());
        assertEquals("ipv6", views.get(3).family());
        assertEquals("{\"address\":\"198.18.2.9\",\"family\":\"ipv4\",\"port\":\"p1\",\"mac\":\"02:00:00:00:00:09\"," +
            "\"state\":\"permanent\",\"static\":true}", net.junction.agent.api.Json.write(configured),
            "the API's JSON: static named so, absent ages left out");
    }

    @Test
    void shouldDelegateNeighborOperationsAndRefuseUnknownNeighbors()
    {
        start(BASE);
        router.resetNeighbor("transit1", false);
        router.shutdownNeighbor("transit1", "maintenance");
        router.enableNeighbor("transit1");
        assertEquals(List.of("reset transit1 false", "shutdown transit1 maintenance", "enable transit1"), bgp.calls);
        assertThrows(java.util.NoSuchElementException.class, () -> router.resetNeighbor("nobody", true));
        assertThrows(IllegalArgumentException.class, () -> router.shutdownNeighbor("transit1", "x".repeat(256)));
    }

    @Test
    void shouldPageANeighborsTable()
    {
        start(BASE);
        for (int i = 0; i < 5; i++)
        {
            bgp.table.add(new BgpControl.TableEntry(IpPrefix.parse("198.18." + (130 + i) + ".0/24"), new Path(PathAttributes.of(
                PathAttribute.Origin.ORIGIN_IGP), IpAddress.parse("198.18.2.2"), null)));
        }
        final RunningRouter.RoutePage first = router.neighborRoutes("transit1", RunningRouter.NeighborTable.RECEIVED,
            RunningRouter.RouteQuery.all(3));
        assertEquals(List.of("198.18.130.0/24", "198.18.131.0/24", "198.18.132.0/24"),
            first.routes().stream().map(RunningRouter.RouteView::prefix).toList());
        assertEquals(Optional.of("ebgp"), first.routes().getFirst().protocol());
        assertEquals(java.util.OptionalInt.of(20), first.routes().getFirst().distance());
        assertEquals(Optional.empty(), first.routes().getFirst().source(), "a received route comes from the neighbor");
        final RunningRouter.RoutePage second = router.neighborRoutes("transit1", RunningRouter.NeighborTable.RECEIVED,
            new RunningRouter.RouteQuery(Optional.empty(), false, Optional.empty(), Optional.empty(), 3, first.nextCursor()));
        assertEquals(List.of("198.18.133.0/24", "198.18.134.0/24"), second.routes().stream().map(RunningRouter.RouteView::prefix).toList());
        assertTrue(second.nextCursor().isEmpty());
        assertThrows(java.util.NoSuchElementException.class, () -> router.neighborRoutes("nobody",
            RunningRouter.NeighborTable.ADVERTISED, RunningRouter.RouteQuery.all(3)));
    }

    @Test
    void shouldSayWhatAnAdvertisedRouteIsRatherThanAProtocolAndDistance()
    {
        start(BASE);
        final Path sent = new Path(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP), IpAddress.parse("198.18.2.1"), null);
        bgp.table.add(new BgpControl.TableEntry(IpPrefix.parse("198.18.140.0/24"), sent, Optional.of("local")));
        bgp.table.add(new BgpControl.TableEntry(IpPrefix.parse("198.18.141.0/24"), sent, Optional.of("transit2")));
        bgp.table.add(new BgpControl.TableEntry(IpPrefix.parse("198.18.142.0/24"), sent, Optional.empty()));

        final List<RunningRouter.RouteView> routes = router.neighborRoutes("transit1", RunningRouter.NeighborTable.ADVERTISED,
            RunningRouter.RouteQuery.all(10)).routes();

        assertEquals(List.of(Optional.of("network"), Optional.of("neighbor"), Optional.of("withdrawing")),
            routes.stream().map(RunningRouter.RouteView::source).toList());
        assertEquals(List.of(Optional.empty(), Optional.of("transit2"), Optional.empty()),
            routes.stream().map(RunningRouter.RouteView::learnedFrom).toList());
        assertTrue(routes.stream().allMatch(r -> r.protocol().isEmpty() && r.distance().isEmpty()),
            "not the receiving side's protocol and distance: " + routes);
        assertEquals("198.18.2.1", routes.getFirst().nextHops().getFirst().address().orElseThrow(), "the next hop it is sent with");
        assertEquals("transit1", routes.getFirst().bgp().orElseThrow().neighbor(), "the path as sent to transit1");
        // In the API's JSON: no protocol, no distance.
        final String json = net.junction.agent.api.Json.write(routes.get(1));
        assertTrue(json.contains("\"source\":\"neighbor\"") && json.contains("\"learned_from\":\"transit2\"") &&
            !json.contains("protocol") && !json.contains("distance"), json);
    }

    @Test
    void shouldPublishSessionChangesAndRouteSummariesOnlyWhenNonZero() throws Exception
    {
        start(BASE);
        bgp.listeners.forEach(l -> l.stateChanged("transit1", "openconfirm", "established", ""));
        assertEquals(List.of(new RouterEvents.SessionChanged(Instant.parse("2026-12-05T12:00:00Z"), "transit1", "openconfirm",
            "established", "")), published);

        published.clear();
        router.publishRouteSummary();
        assertTrue(published.isEmpty(), "nothing changed: no summary");

        apply(edit(BASE, "  - {prefix: 198.18.101.0/24, blackhole: true}\n",
            "  - {prefix: 198.18.102.0/24, blackhole: true}\n  - {prefix: 2001:db8:99::/48, blackhole: true}\n"));
        router.publishRouteSummary();
        assertEquals(List.of(
            new RouterEvents.RoutesChanged(Instant.parse("2026-12-05T12:00:00Z"), "ipv4", 1, 1, 0),
            new RouterEvents.RoutesChanged(Instant.parse("2026-12-05T12:00:00Z"), "ipv6", 1, 0, 0)), published);
    }

    @Test
    void shouldRollBackAnUnconfirmedCommitLiveWhenItsDeadlinePasses(@TempDir final java.nio.file.Path folder) throws Exception
    {
        start(BASE);
        final Instant[] now = {Instant.parse("2026-12-05T12:00:00Z")};
        final InstantSource clock = () -> now[0];
        final java.nio.file.Path file = java.nio.file.Files.writeString(folder.resolve("lab.yaml"), BASE);
        try (ConfigLifecycle lifecycle = ConfigLifecycle.open(folder.resolve("state"),
            ConfigLifecycle.Settings.of(router).withClock(clock).withAvailableCpus(4)))
        {
            lifecycle.start(file, parse(BASE));
            final List<RibRoute> before = ribRoutes();
            lifecycle.commit(everything(), 1, "alice", "jumbo frames and a new route", java.util.OptionalInt.of(5));
            assertEquals(9000, dataplane.ports[1].mtu());
            assertTrue(route("198.18.104.0/24", RouteSource.STATIC).installed());

            final ConfirmTimer timer = new ConfirmTimer(lifecycle, clock);
            now[0] = now[0].plusSeconds(4 * 60);
            assertEquals(0, timer.doWork());
            now[0] = now[0].plusSeconds(60);
            assertEquals(1, timer.doWork(), "rolled back");

            assertEquals(before, ribRoutes());
            assertEquals(List.of(portsBefore), List.of(dataplane.ports));
            assertEquals(parse(BASE).bgp().get(), bgp.config);
            assertEquals(parse(BASE), router.runningConfig());
            assertEquals(3, lifecycle.runningVersion());
        }
    }

    @Test
    void shouldChangeRoutesFileRoutesInPlace(@TempDir final java.nio.file.Path folder) throws Exception
    {
        java.nio.file.Files.writeString(folder.resolve("a.routes"), "198.18.110.0/24 via 198.18.2.2\n198.18.111.0/24 via 198.18.2.2\n");
        java.nio.file.Files.writeString(folder.resolve("b.routes"), "198.18.110.0/24 via 198.18.2.3\n198.18.112.0/24 via 198.18.2.2\n");
        final String withFile = BASE.replace("neighbors:\n  - {address", "routes-file: FILE\nneighbors:\n  - {address");
        final JunctionConfig a = ConfigLoader.parse(withFile.replace("FILE", "a.routes"), 4, folder);
        final JunctionConfig b = ConfigLoader.parse(withFile.replace("FILE", "b.routes"), 4, folder);
        start(BASE);
        router.apply(Optional.of(router.runningConfig()), a, null);
        assertTrue(route("198.18.111.0/24", RouteSource.STATIC).installed());
        final int commits = fib.commits;
        final int changes = fib.routeChanges;

        router.apply(Optional.of(a), b, null);

        assertEquals(commits + 1, fib.commits, "one batch");
        assertEquals(changes + 3, fib.routeChanges, "one changed, one removed, one added; the others untouched");
        assertEquals(List.of(IpAddress.parse("198.18.2.3")), route("198.18.110.0/24", RouteSource.STATIC).vias());
        assertEquals(null, route("198.18.111.0/24", RouteSource.STATIC));
        assertTrue(route("198.18.112.0/24", RouteSource.STATIC).installed());
    }

    @Test
    void shouldRunWithoutBgp()
    {
        start(BASE.substring(0, BASE.indexOf("bgp:")));
        assertTrue(router.neighbors().isEmpty());
        assertEquals(0, router.status().neighborsConfigured());
        assertThrows(java.util.NoSuchElementException.class, () -> router.resetNeighbor("transit1", true));
        assertFalse(router.routes(RunningRouter.RouteQuery.all(10)).routes().isEmpty());
    }

    @Test
    void shouldPreviewTheSpeakersPolicyPreviewAsAViewWithCountsAndTheFirstN()
    {
        start(BASE);
        final IpPrefix p1 = IpPrefix.parse("198.18.128.0/24");
        final IpPrefix p2 = IpPrefix.parse("198.18.129.0/24");
        final Path now = path("198.18.2.2", 65001);
        final Path then = path("198.18.2.3", 65001, 65002);
        final net.junction.bgp.wire.AfiSafi v4 = net.junction.bgp.wire.AfiSafi.IPV4_UNICAST;
        bgp.preview = new net.junction.bgp.rib.PolicyPreview(1,
            List.of(new net.junction.bgp.rib.PolicyPreview.NeighborImport("transit1",
                new net.junction.bgp.rib.PolicyPreview.Sample<>(0, List.of()),
                new net.junction.bgp.rib.PolicyPreview.Sample<>(2,
                    List.of(new net.junction.bgp.rib.PolicyPreview.RouteChange(v4, p1, now, null))),
                new net.junction.bgp.rib.PolicyPreview.Sample<>(0, List.of()))),
            new net.junction.bgp.rib.PolicyPreview.Sample<>(1, List.of(new net.junction.bgp.rib.PolicyPreview.BestChange(v4, p2,
                new BgpRib.Selected("transit1", true, now, List.of(IpAddress.parse("198.18.2.2"))), null))),
            List.of(),
            new net.junction.bgp.rib.PolicyPreview.Sample<>(1, List.of(new net.junction.bgp.rib.PolicyPreview.RibChange(p2,
                List.of(IpAddress.parse("198.18.2.2")), List.of(IpAddress.parse("198.18.2.3")), true, 0))),
            List.of());
        final String candidate = edit(BASE, "    remote-as: 65001", "    remote-as: 65001\n      hold-time: 30");

        final RunningRouter.PreviewView view = router.preview(parse(candidate), 1);

        assertEquals(1, bgp.previewed.size(), "the candidate's bgp section went to the speaker");
        assertEquals(30, bgp.previewed.getFirst().neighbors().getFirst().holdTimeSeconds());
        assertTrue(bgp.reconfigured.isEmpty(), "a preview changes nothing");
        assertTrue(view.bgp());
        assertFalse(view.empty());
        assertTrue(view.notes().isEmpty(), view.notes().toString());
        final RunningRouter.ImportPreviewView imports = view.imports().getFirst();
        assertEquals("transit1", imports.neighbor());
        assertEquals(2, imports.rejected().count());
        final RunningRouter.RouteChangeView rejected = imports.rejected().first().getFirst();
        assertEquals("198.18.128.0/24", rejected.prefix());
        assertEquals("198.18.2.2", rejected.before().orElseThrow().nextHop());
        assertTrue(rejected.after().isEmpty());
        assertEquals(1, view.bestChanges().count());
        assertEquals(List.of(65001L), view.bestChanges().first().getFirst().before().orElseThrow().asPath());
        assertEquals(new RunningRouter.NextHopChangeView("198.18.129.0/24", List.of("198.18.2.2"), List.of("198.18.2.3")),
            view.ribChanges().first().getFirst());
        assertEquals(0, imports.accepted().count());
        assertTrue(view.neighborsGoing().isEmpty());
    }

    @Test
    void shouldSayWhatThePreviewDoesNotCoverInsteadOfThrowing()
    {
        start(BASE);
        final RunningRouter.PreviewView unchanged = router.preview(parse(edit(BASE,
            "{prefix: 198.18.101.0/24, blackhole: true}", "{prefix: 198.18.102.0/24, blackhole: true}")), 20);
        assertTrue(unchanged.bgp());
        assertTrue(unchanged.empty());
        assertTrue(unchanged.notes().getFirst().contains("static routes"), unchanged.notes().toString());
        assertTrue(bgp.previewed.isEmpty(), "an unchanged bgp section is not previewed");

        final RunningRouter.PreviewView removed = router.preview(parse(BASE.substring(0, BASE.indexOf("bgp:"))), 20);
        assertFalse(removed.bgp());
        assertTrue(removed.notes().getFirst().contains("removes BGP"), removed.notes().toString());
        assertThrows(IllegalArgumentException.class, () -> router.preview(parse(BASE), 1001));
    }

    @Test
    void shouldSayThatBgpAddedNeedsARestartWhenPreviewingWithoutBgp()
    {
        start(BASE.substring(0, BASE.indexOf("bgp:")));
        final RunningRouter.PreviewView added = router.preview(parse(BASE), 20);
        assertFalse(added.bgp());
        assertTrue(added.empty());
        assertTrue(added.notes().getFirst().contains("adds BGP"), added.notes().toString());
        final RunningRouter.PreviewView none = router.preview(parse(BASE.substring(0, BASE.indexOf("bgp:"))), 20);
        assertTrue(none.notes().getFirst().contains("not configured"), none.notes().toString());
    }

    @Test
    void shouldChangeTheControlPlanePolicingLiveWithTheBgpNeighborsAddresses() throws Exception
    {
        start(BASE);
        assertEquals(List.of(((net.junction.routing.Ip4Address)IpAddress.parse("198.18.2.2")).value()),
            dataplane.copp.bgpNeighbors4(), "started with the neighbor's address");

        apply(BASE + "copp: {other: {rate-pps: 100, burst: 10}}\n");
        assertEquals(List.of("copp"), dataplane.calls);
        assertEquals(new net.junction.dataplane.copp.CoppPolicy.Rate(100, 10), dataplane.copp.other());

        apply(edit(BASE, "address: 198.18.2.2\n", "address: 198.18.2.9\n") + "copp: {other: {rate-pps: 100, burst: 10}}\n");
        assertEquals(List.of(((net.junction.routing.Ip4Address)IpAddress.parse("198.18.2.9")).value()),
            dataplane.copp.bgpNeighbors4(), "a neighbor's new address is policed as BGP");
        assertTrue(bgp.reconfigured.size() == 1);
    }

    @Test
    void shouldSetTheControlPlanePolicingBackWhenALaterStepFails()
    {
        start(BASE);
        final net.junction.dataplane.copp.CoppPolicy before = dataplane.copp;
        bgp.refuse = new IllegalArgumentException("refused by the test");

        assertThrows(IllegalStateException.class, () -> apply(edit(BASE, "    remote-as: 65001", "    remote-as: 65001\n      hold-time: 30") +
            "copp: {bgp: {rate-pps: 1000}}\n"));

        assertEquals(before, dataplane.copp);
        assertEquals(List.of("copp", "copp"), dataplane.calls, "made, then undone");
    }

    @Test
    void shouldRefuseAPolicingTheDataPlaneRefusesNamingIt()
    {
        start(BASE);
        dataplane.refuse = "copp";

        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> apply(BASE + "copp: {icmp-nd-arp: {rate-pps: 10}}\n"));

        assertTrue(refused.getMessage().startsWith("copp: refused copp"), refused.getMessage());
        assertEquals(net.junction.agent.config.CoppConfig.DEFAULTS, router.runningConfig().copp());
    }
}
