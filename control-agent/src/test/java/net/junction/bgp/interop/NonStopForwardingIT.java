/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.interop;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two planes as two processes (docs/dataplane.md "Two processes"): {@code junction dataplane} and
 * {@code junction control} in the router's namespace, two hosts routed through it (198.18.61.0/24 and
 * 198.18.62.0/24, 2001:db8:3d::/64 and 2001:db8:3e::/64). Counted pings from one host to the other, IPv4 and
 * IPv6 at once, while the control plane is killed (SIGKILL) and started again: none is lost, the data plane never
 * stops, the new control plane takes over (its API answers again). Needs root and DPDK; skips otherwise.
 */
@Timeout(240)
@ExtendWith(DaemonLogsOnFailure.class)
class NonStopForwardingIT
{
    static final String NAME = "jnsf";
    static final int PINGS = 400;
    static final Pattern RECEIVED = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    private Netns nsJ;
    private Netns h1;
    private Netns h2;
    private JunctionRouter junction;

    @BeforeAll
    static void need()
    {
        Interop.assumeCanRun("/usr/bin/ping", "/usr/bin/curl");
    }

    @AfterEach
    void tearDown() throws Exception
    {
        if (null != junction)
        {
            junction.close();
        }
        for (final Netns ns : new Netns[]{h1, h2, nsJ})
        {
            if (null != ns)
            {
                ns.close();
            }
        }
    }

    /**
     * The router's namespace and two hosts, each on a link of its own (198.18.N1.0/24 and 198.18.N2.0/24), with
     * an IPv4 route to the other host's network through the router.
     *
     * @return the router's ports to the first and the second host.
     */
    private JunctionRouter.Port[] twoHosts(final String tag, final int n1, final int n2) throws Exception
    {
        nsJ = Netns.create(tag + "j");
        h1 = Netns.create(tag + "h1");
        h2 = Netns.create(tag + "h2");
        junction = new JunctionRouter(nsJ, NAME);
        final JunctionRouter.Port p1 = junction.link(h1, n1);
        final JunctionRouter.Port p2 = junction.link(h2, n2);
        route(h1, "198.18." + n2 + ".0/24", p1.address4());
        route(h2, "198.18." + n1 + ".0/24", p2.address4());
        return new JunctionRouter.Port[]{p1, p2};
    }

    @Test
    void shouldForwardEveryPacketWhileTheControlPlaneIsKilledAndComesBack() throws Exception
    {
        final JunctionRouter.Port[] ports = twoHosts("nsf", 61, 62);
        final JunctionRouter.Port p1 = ports[0];
        final JunctionRouter.Port p2 = ports[1];
        h1.exec(Duration.ofSeconds(10), "ip", "-6", "route", "add", "2001:db8:3e::/64", "via", p1.address6()).orThrow("route6");
        h2.exec(Duration.ofSeconds(10), "ip", "-6", "route", "add", "2001:db8:3d::/64", "via", p2.address6()).orThrow("route6");
        junction.startSplit("");
        assertTrue(Files.readString(junction.dataplaneLog()).contains("junction: data plane ready"));
        PeerDaemon.waitFor(() -> h1.exec(Duration.ofSeconds(5), "ping", "-n", "-q", "-c", "1", "-W", "1", p2.peer4()).ok(),
            Duration.ofSeconds(30), "a first ping through the data plane");
        PeerDaemon.waitFor(() -> h1.exec(Duration.ofSeconds(5), "ping", "-n", "-q", "-c", "1", "-W", "1", p2.peer6()).ok(),
            Duration.ofSeconds(30), "a first IPv6 ping through the data plane");

        // Counted pings, 100 a second, IPv4 and IPv6, across the kill and the restart of the control plane.
        final CompletableFuture<Netns.Result> v4 = CompletableFuture.supplyAsync(() -> h1.exec(Duration.ofSeconds(60),
            "ping", "-n", "-q", "-c", Integer.toString(PINGS), "-i", "0.01", "-W", "2", p2.peer4()));
        final CompletableFuture<Netns.Result> v6 = CompletableFuture.supplyAsync(() -> h1.exec(Duration.ofSeconds(60),
            "ping", "-n", "-q", "-c", Integer.toString(PINGS), "-i", "0.01", "-W", "2", p2.peer6()));
        Thread.sleep(500);
        junction.kill();
        assertFalse(junction.isAlive(), "the control plane is dead");
        Thread.sleep(1_000); // forwarding with no control plane at all
        assertTrue(junction.isDataplaneAlive(), "the data plane runs on");
        junction.startAgain();
        final String v4Out = v4.get().stdout();
        final String v6Out = v6.get().stdout();
        assertEquals(PINGS, received(v4Out), "IPv4 pings lost: " + v4Out);
        assertEquals(PINGS, received(v6Out), "IPv6 pings lost: " + v6Out);

        // The new control plane took over: its state file and the data plane's state are read again.
        assertTrue(junction.logText().contains("from an earlier control plane: it forwards on them meanwhile"),
            junction.logTail(20));
        PeerDaemon.waitFor(() -> !junction.control().isEmpty(), Duration.ofSeconds(30), "the new control plane's state");
        assertTrue(junction.isDataplaneAlive());
        // What the data plane kept, read back through the reverse stream; once the resync ended, its FIB equals the RIB.
        assertTrue(junction.logText().contains("junction: the data plane kept "), junction.logTail(20));
        assertFibEqualsRib(1);
        assertTrue(h1.exec(Duration.ofSeconds(5), "ping", "-n", "-q", "-c", "3", "-i", "0.2", "-W", "1", p2.peer4()).ok());

        // The planned restart through the API: 202, the control plane hands over and exits (0); the next one
        // (started here as its supervisor would) takes the FIB over in the next epoch.
        final Netns.Result restart = nsJ.exec(Duration.ofSeconds(20), "curl", "-s", "-w", "\n%{http_code}", "--unix-socket",
            "/run/junction/" + NAME + "/api.sock", "-X", "POST", "http://localhost/v1/control/restart");
        assertTrue(restart.stdout().strip().endsWith("202"), restart.stdout());
        assertEquals(0, junction.controlExit(Duration.ofSeconds(20)), junction.logTail(10));
        assertTrue(junction.logText().contains("junction: handing over to the next control plane"), junction.logTail(10));
        junction.startAgain();
        PeerDaemon.waitFor(() -> junction.logText().contains("(epoch 2,"), Duration.ofSeconds(30), "the second takeover's resync");
        assertTrue(h1.exec(Duration.ofSeconds(5), "ping", "-n", "-q", "-c", "3", "-i", "0.2", "-W", "1", p2.peer4()).ok());
        assertFibEqualsRib(2);
    }

    /**
     * The control plane that took over checked the data plane's FIB, read back, against its RIB once the resync of
     * {@code epoch} ended: {@code 0 missing, 0 stale}, on its output and in its status.
     */
    private void assertFibEqualsRib(final long epoch)
    {
        final String check = "junction: FIB check after the resync (epoch " + epoch + ")";
        PeerDaemon.waitFor(() -> junction.logText().contains(check), Duration.ofSeconds(30),
            "the FIB check after the resync of epoch " + epoch);
        final String line = junction.logText().lines().filter(l -> l.startsWith(check)).findFirst().orElseThrow();
        assertTrue(line.endsWith(": 0 missing, 0 stale"), line);
        PeerDaemon.waitFor(() -> junction.control().get("fib_check") instanceof java.util.Map<?, ?> m &&
            ((Number)m.get("epoch")).longValue() == epoch, Duration.ofSeconds(5), "the FIB check in control.json");
        final java.util.Map<?, ?> status = (java.util.Map<?, ?>)junction.control().get("fib_check");
        for (final String count : List.of("missing", "stale", "differing"))
        {
            assertEquals(0L, ((Number)status.get(count)).longValue(), count + " in " + status);
        }
    }

    /** The data plane's FIB, read back through its control socket as a control plane reads it. */
    private static java.util.Map<net.junction.routing.IpPrefix, List<net.junction.routing.NextHop>> fib() throws Exception
    {
        try (net.junction.agent.router.RemoteDataplane dataplane =
            net.junction.agent.router.RemoteDataplane.connect(Path.of("/run/junction", NAME)))
        {
            final net.junction.dataplane.fib.FibSnapshot fib = dataplane.fibSnapshot();
            final java.util.Map<net.junction.routing.IpPrefix, List<net.junction.routing.NextHop>> routes = new java.util.HashMap<>();
            for (int r = 0; r < fib.size(); r++)
            {
                routes.put(fib.prefix(r), fib.nextHops(r));
            }
            return routes;
        }
    }

    /**
     * With BGP: BIRD in the second host's namespace announces 198.18.80.0/24 and 198.18.81.0/24 (addresses on its
     * loopback there) and keeps Junction's network 198.18.90.0/24. Counted pings to 198.18.80.1 run while the control
     * plane is killed; BIRD withdraws 198.18.81.0/24 while it is down (the data plane still forwards to it: what it
     * kept); the control plane comes back as the restarting speaker of graceful restart, BIRD keeps Junction's
     * route all along, and once BIRD's End-of-RIB is in, the FIB is resynced: 198.18.81.1 is no longer reached
     * (swept), 198.18.80.1 is, and no ping was lost.
     */
    @Test
    void shouldKeepBgpRoutesThroughAControlPlaneRestartAndSweepWhatWasWithdrawn() throws Exception
    {
        Interop.assumeCanRun(BirdPeer.BIRD, BirdPeer.BIRDC);
        nsJ = Netns.create("nsgj");
        h1 = Netns.create("nsgh1");
        h2 = Netns.create("nsgh2");
        junction = new JunctionRouter(nsJ, NAME);
        final JunctionRouter.Port p1 = junction.link(h1, 63);
        final JunctionRouter.Port p2 = junction.link(h2, 64);
        route(h1, "198.18.80.0/22", p1.address4());
        route(h2, "198.18.63.0/24", p2.address4());
        loopback(h2, "198.18.80.1/24", "198.18.81.1/24");
        final long birdAs = 4_200_000_064L;
        final long junctionAs = 4_200_000_001L;
        try (BirdPeer bird = new BirdPeer(h2, DaemonConfig.builder(p2.peer4(), birdAs)
            .neighbor(DaemonConfig.Neighbor.of(p2.address4(), junctionAs).gracefulRestart(true, 30))
            .route(DaemonConfig.StaticRoute.of("198.18.80.0/24"))
            .route(DaemonConfig.StaticRoute.of("198.18.81.0/24"))
            .build()))
        {
            bird.start();
            junction.startSplit("""
                bgp:
                  local-as: %d
                  router-id: %s
                  networks: [198.18.90.0/24]
                  neighbors:
                    - {name: bird, address: %s, remote-as: %d, families: [ipv4-unicast], hold-time: 9, connect-retry: 1, import: all, export: all}
                  policies:
                    all: {otherwise: accept}
                """.formatted(junctionAs, p2.address4(), p2.peer4(), birdAs));
            final Duration t = Duration.ofSeconds(45);
            bird.waitEstablished(p2.address4(), t);
            bird.waitForRoute("198.18.90.0/24", r -> true, t);
            PeerDaemon.waitFor(() -> ping(p1, "198.18.80.1") && ping(p1, "198.18.81.1"), t, "BIRD's routes in the FIB");

            final java.util.List<String> missing = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            final java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(true);
            final Thread watcher = Thread.ofPlatform().start(() ->
            {
                while (watching.get())
                {
                    if (bird.bestRoute("198.18.90.0/24").isEmpty() && missing.size() < 20)
                    {
                        missing.add("BIRD lacked 198.18.90.0/24 at " + java.time.Instant.now());
                    }
                }
            });
            final CompletableFuture<Netns.Result> pings = CompletableFuture.supplyAsync(() -> h1.exec(Duration.ofSeconds(90),
                "ping", "-n", "-q", "-c", "3000", "-i", "0.01", "-W", "2", "198.18.80.1"));
            try
            {
                Thread.sleep(500);
                junction.kill();
                bird.withdraw("198.18.81.0/24");
                Thread.sleep(1_000);
                assertTrue(ping(p1, "198.18.81.1"), "the data plane forwards on what it kept while no control plane runs");
                junction.startAgain();
                PeerDaemon.waitFor(() -> junction.logText().contains("junction: FIB resynced"), t,
                    "the FIB resynced after BIRD's End-of-RIB (log:\n" + junction.logTail(20) + ")");
                PeerDaemon.waitFor(() -> !ping(p1, "198.18.81.1"), Duration.ofSeconds(10),
                    "198.18.81.0/24, withdrawn while the control plane was down, swept from the FIB");
                // Read back: the withdrawn route is gone, the kept one goes to BIRD, and the FIB equals the RIB.
                final java.util.Map<net.junction.routing.IpPrefix, List<net.junction.routing.NextHop>> fib = fib();
                assertFalse(fib.containsKey(net.junction.routing.IpPrefix.parse("198.18.81.0/24")), fib.keySet().toString());
                assertEquals(List.of(new net.junction.routing.NextHop.Gateway4(1, net.junction.routing.Ip4.parse(p2.peer4()))),
                    fib.get(net.junction.routing.IpPrefix.parse("198.18.80.0/24")));
                assertFibEqualsRib(1);
                assertTrue(ping(p1, "198.18.80.1"));
                final String out = pings.get().stdout();
                assertEquals(3000, received(out), "pings lost across the restart: " + out);
            }
            finally
            {
                watching.set(false);
                watcher.join(10_000);
            }
            assertEquals(java.util.List.of(), missing, "BIRD withdrew Junction's route during its restart");
            assertTrue(junction.logText().contains("from an earlier control plane"), junction.logTail(20));
        }
    }

    /**
     * The planned restart, the upgrade path: {@code junction restart control} with BIRD, FRR and GoBGP as peers at
     * once (each in its namespace, each announcing a prefix; BIRD's address on its loopback is pinged). The old
     * control plane hands over without a NOTIFICATION, the new one takes the FIB over: no ping lost, no daemon ever
     * without Junction's network, every daemon's route back in Junction's RIB.
     */
    @Test
    void shouldRestartTheControlPlaneThroughTheCliWithBirdFrrAndGobgp() throws Exception
    {
        Interop.assumeCanRun(BirdPeer.BIRD, BirdPeer.BIRDC, FrrPeer.BGPD, FrrPeer.VTYSH, GobgpPeer.GOBGPD, GobgpPeer.GOBGP);
        nsJ = Netns.create("nspj");
        h1 = Netns.create("nsph1");
        h2 = Netns.create("nspbird");
        final Netns nsFrr = Netns.create("nspfrr");
        final Netns nsGo = Netns.create("nspgo");
        try
        {
            junction = new JunctionRouter(nsJ, NAME);
            final JunctionRouter.Port host = junction.link(h1, 68);
            final JunctionRouter.Port toBird = junction.link(h2, 65);
            final JunctionRouter.Port toFrr = junction.link(nsFrr, 66);
            final JunctionRouter.Port toGo = junction.link(nsGo, 67);
            route(h1, "198.18.84.0/22", host.address4());
            route(h2, "198.18.68.0/24", toBird.address4());
            loopback(h2, "198.18.85.1/24");
            final long junctionAs = 4_200_000_001L;
            final long[] as = {4_200_000_065L, 4_200_000_066L, 4_200_000_067L};
            final JunctionRouter.Port[] links = {toBird, toFrr, toGo};
            final String[] prefixes = {"198.18.85.0/24", "198.18.86.0/24", "198.18.87.0/24"};
            final DaemonConfig[] configs = new DaemonConfig[3];
            for (int i = 0; i < 3; i++)
            {
                configs[i] = DaemonConfig.builder(links[i].peer4(), as[i])
                    .neighbor(DaemonConfig.Neighbor.of(links[i].address4(), junctionAs).gracefulRestart(true, 30))
                    .route(DaemonConfig.StaticRoute.of(prefixes[i]))
                    .build();
            }
            try (BirdPeer bird = new BirdPeer(h2, configs[0]); FrrPeer frr = new FrrPeer(nsFrr, configs[1]);
                GobgpPeer gobgp = new GobgpPeer(nsGo, configs[2]))
            {
                final List<PeerDaemon> daemons = List.of(bird, frr, gobgp);
                bird.start();
                frr.start();
                gobgp.start();
                final StringBuilder neighbors = new StringBuilder();
                final String[] names = {"bird", "frr", "gobgp"};
                for (int i = 0; i < 3; i++)
                {
                    neighbors.append("    - {name: ").append(names[i]).append(", address: ").append(links[i].peer4())
                        .append(", remote-as: ").append(as[i]).append(", families: [ipv4-unicast], hold-time: 9, ")
                        .append("connect-retry: 1, import: all, export: all}\n");
                }
                junction.startSplit("""
                    bgp:
                      local-as: %d
                      router-id: %s
                      networks: [198.18.91.0/24]
                      neighbors:
                    %s  policies:
                        all: {otherwise: accept}
                    """.formatted(junctionAs, host.address4(), neighbors));
                final Duration t = Duration.ofSeconds(60);
                for (int i = 0; i < 3; i++)
                {
                    daemons.get(i).waitEstablished(links[i].address4(), t);
                    daemons.get(i).waitForRoute("198.18.91.0/24", r -> true, t);
                }
                PeerDaemon.waitFor(() -> ping(host, "198.18.85.1"), t, "BIRD's route in the FIB");

                final List<String> missing = Collections.synchronizedList(new ArrayList<>());
                final AtomicBoolean watching = new AtomicBoolean(true);
                final Thread watcher = Thread.ofPlatform().start(() ->
                {
                    while (watching.get())
                    {
                        for (int i = 0; i < 3; i++)
                        {
                            if (daemons.get(i).bestRoute("198.18.91.0/24").isEmpty() && missing.size() < 20)
                            {
                                missing.add(names[i] + " lacked 198.18.91.0/24 at " + java.time.Instant.now());
                            }
                        }
                    }
                });
                final CompletableFuture<Netns.Result> pings = CompletableFuture.supplyAsync(() -> h1.exec(Duration.ofSeconds(90),
                    "ping", "-n", "-q", "-c", "3000", "-i", "0.01", "-W", "2", "198.18.85.1"));
                final Netns.Result restart;
                try
                {
                    Thread.sleep(500);
                    restart = nsJ.exec(Duration.ofSeconds(90), "env", "JUNCTION_NO_BUILD=1",
                        net.junction.agent.LabIT.junctionHome().resolve("junction").toString(), "restart", "control",
                        "--name", NAME);
                    assertTrue(restart.ok(), restart.stdout() + restart.stderr());
                    System.out.println("NonStopForwardingIT: " + restart.stdout().strip());
                    assertTrue(restart.stdout().contains("control plane of router '" + NAME + "' restarted in"), restart.stdout());
                    final Path controlLog = Path.of("/run/junction", NAME, "control.log");
                    PeerDaemon.waitFor(() -> read(controlLog).contains("junction: FIB resynced"), t,
                        "the new control plane's FIB resync");
                    final String out = pings.get().stdout();
                    assertEquals(3000, received(out), "pings lost across the planned restart: " + out);
                }
                finally
                {
                    watching.set(false);
                    watcher.join(10_000);
                }
                assertEquals(List.of(), missing, "a daemon lost Junction's route during the planned restart");
                assertTrue(junction.logText().contains("handing over to the next control plane"), junction.logTail(10));
                for (int i = 0; i < 3; i++)
                {
                    daemons.get(i).waitEstablished(links[i].address4(), t);
                }
                assertTrue(ping(host, "198.18.85.1"));
            }
        }
        finally
        {
            if (null != junction)
            {
                junction.close();
                junction = null;
            }
            nsFrr.close();
            nsGo.close();
        }
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.readString(file) : "";
        }
        catch (final java.io.IOException ex)
        {
            return "";
        }
    }

    /**
     * A data plane that goes away takes the ports and the TAPs with it: its control plane notices within a second
     * and stops (exit 3, for its supervisor to start it again); started again with the data plane, it programs the
     * new data plane from the start (nothing to take over) and packets flow again.
     */
    @Test
    void shouldStopTheControlPlaneWhenItsDataPlaneGoesAndProgramTheNextOne() throws Exception
    {
        final JunctionRouter.Port[] ports = twoHosts("nsd", 69, 70);
        final JunctionRouter.Port p1 = ports[0];
        final JunctionRouter.Port p2 = ports[1];
        junction.startSplit("");
        PeerDaemon.waitFor(() -> ping(p1, p2.peer4()), Duration.ofSeconds(30), "a first ping through the data plane");

        final long t0 = System.nanoTime();
        junction.stopDataplane();
        final Integer exit = junction.controlExit(Duration.ofSeconds(15));
        assertEquals(3, exit, "the control plane's exit once its data plane was gone (log:\n" + junction.logTail(10) + ")");
        final long noticedMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(junction.logText().contains("is gone"), junction.logTail(10));
        System.out.println("NonStopForwardingIT: the control plane stopped " + noticedMs + " ms after its data plane was stopped");

        junction.startSplitAgain();
        assertFalse(junction.logTail(15).contains("from an earlier control plane"), "a new data plane: nothing to take over");
        PeerDaemon.waitFor(() -> ping(p1, p2.peer4()), Duration.ofSeconds(30), "pings through the new data plane");
    }

    /** {@code ip route add PREFIX via VIA} in the namespace. */
    private static void route(final Netns ns, final String prefix, final String via)
    {
        ns.exec(Duration.ofSeconds(10), "ip", "route", "add", prefix, "via", via).orThrow("route " + prefix);
    }

    /** The namespace's loopback up, with these addresses on it (a host's own networks, answered there). */
    private static void loopback(final Netns ns, final String... addresses)
    {
        ns.exec(Duration.ofSeconds(10), "ip", "link", "set", "lo", "up").orThrow("lo up");
        for (final String address : addresses)
        {
            ns.exec(Duration.ofSeconds(10), "ip", "addr", "add", address, "dev", "lo").orThrow("address " + address);
        }
    }

    private boolean ping(final JunctionRouter.Port from, final String address)
    {
        return h1.exec(Duration.ofSeconds(5), "ping", "-n", "-q", "-c", "1", "-W", "1", address).ok();
    }

    static int received(final String pingOutput)
    {
        final Matcher m = RECEIVED.matcher(pingOutput);
        if (!m.find())
        {
            throw new AssertionError("no summary in ping's output: " + pingOutput);
        }
        return Integer.parseInt(m.group(2));
    }
}
