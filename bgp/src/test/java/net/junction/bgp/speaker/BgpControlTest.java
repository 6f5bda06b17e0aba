/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.speaker;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.rib.BgpRib;
import net.junction.bgp.rib.RouteExplanation;
import net.junction.bgp.session.SessionOptions;
import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.Ip4;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.fib.ReferenceFib;
import net.junction.routing.rib.Rib;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BgpControl} on a running speaker, "J" at 127.0.0.1, with our own speakers as its peers over
 * loopback ("b" at 127.0.0.2, "c" at .3, "d" at .4; every one eBGP, listening on one port): real
 * sockets, FSMs and NOTIFICATIONs. A peer's own view (its sessions' state changes, its Loc-RIB) shows
 * what J did to it.
 */
@Timeout(120)
class BgpControlTest
{
    static final Duration WAIT = Duration.ofSeconds(20);
    static final int AS_J = (int)4_200_000_001L;
    static final String J = "127.0.0.1";
    static final Map<String, String> ADDRESS = Map.of("b", "127.0.0.2", "c", "127.0.0.3", "d", "127.0.0.4");
    static final Map<String, Integer> AS = Map.of("b", (int)4_200_000_002L, "c", (int)4_200_000_003L, "d",
        (int)4_200_000_004L);
    /** What each peer originates. */
    static final Map<String, List<String>> NETWORKS = Map.of(
        "b", List.of("198.18.100.0/24", "198.18.101.0/24"),
        "c", List.of("198.18.102.0/24", "198.18.104.0/24"),
        "d", List.of("198.18.103.0/24"));

    final List<Node> nodes = new ArrayList<>();
    int port;
    Node j;
    Node b;
    Node c;

    /** A speaker, its router RIB and the state changes its sessions went through. */
    record Node(String name, BgpSpeaker speaker, Rib rib, List<String> transitions)
    {
        NeighborStatus status(final String neighbor)
        {
            return speaker.neighbors().stream().filter(n -> n.name().equals(neighbor)).findFirst().orElseThrow();
        }

        boolean established(final String neighbor)
        {
            return "established".equals(status(neighbor).state());
        }

        boolean has(final String prefix)
        {
            return speaker.best(IpPrefix.parse(prefix)).isPresent();
        }

        <T> T onLoop(final Supplier<T> read) throws Exception
        {
            final CompletableFuture<T> f = new CompletableFuture<>();
            speaker.execute(() -> f.complete(read.get()));
            return f.get(5, TimeUnit.SECONDS);
        }
    }

    static Policy acceptAll(final String name)
    {
        return new Policy(name, List.of(), Policy.Disposition.ACCEPT);
    }

    static Policy reject(final String name, final String prefix)
    {
        return new Policy(name, List.of(new Policy.Term("no", new Policy.Match(Optional.empty(),
            List.of(Policy.PrefixEntry.exact(IpPrefix.parse(prefix))), Optional.empty(), List.of(), List.of(), List.of()),
            List.of(), Policy.Disposition.REJECT)), Policy.Disposition.ACCEPT);
    }

    static PeerConfig peer(final String name, final String address, final int as, final String local,
        final String importPolicy, final String exportPolicy)
    {
        return PeerConfig.builder(name, IpAddress.parse(address), as)
            .localAddress(Optional.of(IpAddress.parse(local)))
            .holdTimeSeconds(9)
            .connectRetrySeconds(1)
            .families(Set.of(AfiSafi.IPV4_UNICAST))
            .gracefulRestart(false)
            .restartTimeSeconds(30)
            .importPolicy(Optional.ofNullable(importPolicy))
            .exportPolicy(Optional.ofNullable(exportPolicy))
            .build();
    }

    /** J's neighbor {@code name}, importing with "in" and exporting with "out". */
    static PeerConfig neighbor(final String name)
    {
        return peer(name, ADDRESS.get(name), AS.get(name), J, "in", "out");
    }

    BgpConfig jConfig(final List<PeerConfig> neighbors, final Map<String, Policy> policies, final int multipath,
        final List<String> networks)
    {
        return new BgpConfig(AS_J, Ip4.parse("198.18.0.1"), Optional.of(IpAddress.parse(J)), port, multipath, neighbors,
            policies, networks.stream().map(IpPrefix::parse).toList());
    }

    BgpConfig jConfig(final List<PeerConfig> neighbors)
    {
        return jConfig(neighbors, Map.of("in", acceptAll("in"), "out", acceptAll("out")), 1, List.of());
    }

    Node node(final String name, final String address, final BgpConfig config) throws IOException
    {
        final Rib rib = new Rib(new ReferenceFib(1024));
        rib.addInterfaceAddress(1, InterfaceAddress.parse(address + "/8"));
        final BgpSpeaker speaker = new BgpSpeaker(config, rib, SessionOptions.DEFAULT.withPeerPort(port));
        final Node node = new Node(name, speaker, rib, Collections.synchronizedList(new ArrayList<>()));
        nodes.add(node);
        record(node);
        speaker.start();
        return node;
    }

    Node peerNode(final String name) throws IOException
    {
        final String address = ADDRESS.get(name);
        final BgpConfig config = new BgpConfig(AS.get(name), Ip4.parse("198.18.0." + (10 + nodes.size())),
            Optional.of(IpAddress.parse(address)), port, 1, List.of(peer("j", J, AS_J, address, "all", "all")),
            Map.of("all", acceptAll("all")), NETWORKS.get(name).stream().map(IpPrefix::parse).toList());
        return node(name, address, config);
    }

    static int commonFreePort() throws IOException
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            final int candidate;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(J)))
            {
                candidate = s.getLocalPort();
            }
            boolean free = true;
            for (final String a : ADDRESS.values())
            {
                try (ServerSocket s = new ServerSocket(candidate, 1, InetAddress.getByName(a)))
                {
                    s.getLocalPort();
                }
                catch (final IOException ex)
                {
                    free = false;
                }
            }
            if (free)
            {
                return candidate;
            }
        }
        throw new IOException("no port free on every loopback address");
    }

    static void await(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }

    /** @return each of J's neighbors as name, state, flaps and prefixes received. */
    private List<String> neighborSummary()
    {
        return j.speaker().neighbors().stream().map(s -> s.name() + s.state() + s.flaps() + s.prefixesReceived()).toList();
    }

    /** @return {@link #neighborSummary} once two reads 200 ms apart agree (at most 10 s). */
    private List<String> settledNeighbors()
    {
        List<String> last = neighborSummary();
        for (int i = 0; i < 50; i++)
        {
            pause(200);
            final List<String> now = neighborSummary();
            if (now.equals(last))
            {
                return now;
            }
            last = now;
        }
        return last;
    }

    static void pause(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** Start recording every state change of the node's sessions. */
    static AutoCloseable record(final Node node)
    {
        return node.speaker().addStateListener((neighbor, from, to, reason) ->
            node.transitions().add(neighbor + " " + from + "->" + to + ": " + reason));
    }

    @BeforeEach
    void startJWithBAndC() throws Exception
    {
        port = commonFreePort();
        j = node("j", J, jConfig(List.of(neighbor("b"), neighbor("c"))));
        b = peerNode("b");
        c = peerNode("c");
        await("b and c up", () -> j.established("b") && j.established("c"));
        await("routes through J", () -> b.has("198.18.102.0/24") && c.has("198.18.100.0/24"));
        System.out.println("set-up transitions: j " + j.transitions() + " b " + b.transitions() + " c " + c.transitions());
        j.transitions().clear();
        b.transitions().clear();
        c.transitions().clear();
    }

    @AfterEach
    void closeAll()
    {
        nodes.forEach(n -> n.speaker().close());
    }

    @Test
    void shouldStartAnAddedNeighborWithoutTouchingTheOthers() throws Exception
    {
        final long bUpdates = b.status("j").updatesReceived();
        final long bFlaps = b.status("j").flaps();
        final Node d = peerNode("d");
        j.speaker().reconfigure(jConfig(List.of(neighbor("b"), neighbor("c"), neighbor("d"))));

        await("d up", () -> j.established("d"));
        await("d's routes at b", () -> b.has("198.18.103.0/24"));
        assertTrue(d.has("198.18.100.0/24"), "d got J's table");
        assertEquals(List.of(), b.transitions(), "b's session was not touched");
        assertEquals(List.of(), c.transitions(), "c's session was not touched");
        assertEquals(bFlaps, b.status("j").flaps());
        assertEquals(List.of("b", "c", "d"), j.speaker().neighbors().stream().map(NeighborStatus::name).toList());
        // b's Loc-RIB is read as it changes, its counters as its loop last published them (at the end of the turn)
        await("b counted d's UPDATE", () -> b.status("j").updatesReceived() > bUpdates);
        assertEquals(bUpdates + 1, b.status("j").updatesReceived(), "b got exactly the UPDATE with d's route");
        assertTrue(j.transitions().stream().allMatch(t -> t.startsWith("d ")), "" + j.transitions());
        assertTrue(j.transitions().stream().anyMatch(t -> t.equals("d open_confirm->established: received KEEPALIVE")),
            "" + j.transitions());
        assertEquals(3, j.speaker().config().neighbors().size());
    }

    @Test
    void shouldDeconfigureARemovedNeighborAndWithdrawItsRoutes() throws Exception
    {
        assertTrue(j.onLoop(() -> j.rib().installedSource(IpPrefix.parse("198.18.102.0/24")) != null));
        j.speaker().reconfigure(jConfig(List.of(neighbor("b"))));

        await("c told", () -> c.status("j").lastError().contains("Cease/Peer De-configured"));
        assertFalse(j.has("198.18.102.0/24"), "gone from J's Loc-RIB");
        assertNull(j.onLoop(() -> j.rib().installedSource(IpPrefix.parse("198.18.102.0/24"))), "gone from J's router RIB");
        await("gone from b", () -> !b.has("198.18.102.0/24"));
        assertEquals(List.of("b"), j.speaker().neighbors().stream().map(NeighborStatus::name).toList());
        assertEquals(List.of(), b.transitions());
        assertEquals("j established->idle: received NOTIFICATION Cease/Peer De-configured", c.transitions().getFirst());
        // c keeps trying: J closes its connections, it never comes up.
        pause(1500);
        assertFalse(c.established("j"));
    }

    @Test
    void shouldResetOnlyTheNeighborWhoseSessionParametersChanged() throws Exception
    {
        final long flaps = b.status("j").flaps();
        final PeerConfig was = neighbor("b");
        final PeerConfig longerHold = was.toBuilder().holdTimeSeconds(12).build();
        j.speaker().reconfigure(jConfig(List.of(longerHold, neighbor("c"))));

        await("b reset", () -> b.status("j").lastError().contains("Cease/Other Configuration Change"));
        await("b up again", () -> j.established("b") && b.established("j"));
        await("b's routes back at c", () -> c.has("198.18.100.0/24"));
        assertEquals(flaps + 1, b.status("j").flaps());
        assertEquals("b established->idle: received NOTIFICATION Cease/Other Configuration Change", b.transitions().getFirst()
            .replaceFirst("^j", "b"));
        assertEquals(List.of(), c.transitions(), "c untouched");
    }

    @Test
    void shouldApplyPolicyAndLimitChangesWithoutAReset() throws Exception
    {
        // c's import now rejects one of its two prefixes; its export rejects one of b's; a prefix limit appears.
        final PeerConfig cWas = neighbor("c");
        final PeerConfig cNext = cWas.toBuilder().maxPrefixes(Map.of(AfiSafi.IPV4_UNICAST, 100))
            .importPolicy(Optional.of("from-c")).exportPolicy(Optional.of("to-c")).nextHopSelf(true).build();
        j.speaker().reconfigure(jConfig(List.of(neighbor("b"), cNext), Map.of("in", acceptAll("in"),
            "out", acceptAll("out"), "from-c", reject("from-c", "198.18.104.0/24"),
            "to-c", reject("to-c", "198.18.100.0/24")), 1, List.of()));

        await("104 gone from b", () -> !b.has("198.18.104.0/24"));
        await("100 gone from c", () -> !c.has("198.18.100.0/24"));
        assertTrue(b.has("198.18.102.0/24"));
        assertTrue(c.has("198.18.101.0/24"));
        final NeighborStatus status = j.status("c");
        assertEquals(2L, status.prefixesReceived().get("ipv4-unicast"), "before policy");
        assertEquals(1L, status.prefixesAccepted().get("ipv4-unicast"), "after policy");
        assertEquals(List.of(), c.transitions(), "no reset");
        assertEquals(List.of(), b.transitions(), "no reset");
        assertEquals("", c.status("j").lastError(), "no NOTIFICATION");

        // The policy's text changes (same name): re-applied over what c sent, nothing asked of c.
        final long cUpdatesSent = c.status("j").updatesSent();
        j.speaker().reconfigure(jConfig(List.of(neighbor("b"), cNext), Map.of("in", acceptAll("in"),
            "out", acceptAll("out"), "from-c", reject("from-c", "198.18.102.0/24"),
            "to-c", reject("to-c", "198.18.100.0/24")), 1, List.of()));
        await("104 back at b", () -> b.has("198.18.104.0/24"));
        await("102 gone from b", () -> !b.has("198.18.102.0/24"));
        assertEquals(cUpdatesSent, c.status("j").updatesSent(), "soft reconfiguration: c sent nothing again");
        assertEquals(List.of(), c.transitions());
    }

    @Test
    void shouldOriginateAndWithdrawNetworks() throws Exception
    {
        j.speaker().reconfigure(jConfig(List.of(neighbor("b"), neighbor("c")),
            Map.of("in", acceptAll("in"), "out", acceptAll("out")), 1, List.of("198.18.200.0/24")));
        await("network at b", () -> b.has("198.18.200.0/24"));
        j.speaker().reconfigure(jConfig(List.of(neighbor("b"), neighbor("c"))));
        await("network gone from b", () -> !b.has("198.18.200.0/24"));
        assertEquals(List.of(), b.transitions());
    }

    @Test
    void shouldRefuseABadConfigurationAndChangeNothing() throws Exception
    {
        final BgpConfig before = j.speaker().config();
        // The set-up waits for routes to cross J, not for every neighbor's count to settle: read it once it did.
        final List<String> statusBefore = settledNeighbors();
        final Policy badRegex = new Policy("bad", List.of(new Policy.Term("t", new Policy.Match(Optional.empty(), List.of(),
            Optional.of("(65001"), List.of(), List.of(), List.of()), List.of(), Policy.Disposition.ACCEPT)),
            Policy.Disposition.REJECT);
        final List<BgpConfig> refused = List.of(
            new BgpConfig(65001, before.routerId(), before.listenAddress(), port, 1, before.neighbors(),
                before.policies(), List.of()),
            new BgpConfig(AS_J, Ip4.parse("198.18.0.99"), before.listenAddress(), port, 1, before.neighbors(),
                before.policies(), List.of()),
            new BgpConfig(AS_J, before.routerId(), Optional.empty(), port, 1, before.neighbors(), before.policies(),
                List.of()),
            // Valid changes (c removed, d added, a network, multipath) beside a policy that does not compile.
            jConfig(List.of(neighbor("b"), neighbor("d")), Map.of("in", acceptAll("in"), "out", acceptAll("out"),
                "bad", badRegex), 2, List.of("198.18.200.0/24")));
        final List<String> fields = List.of("bgp.local-as: ", "bgp.router-id: ", "bgp.listen: ", "bgp.policies.bad: ");
        for (int i = 0; i < refused.size(); i++)
        {
            final BgpConfig next = refused.get(i);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> j.speaker().reconfigure(next));
            assertTrue(ex.getMessage().startsWith(fields.get(i)), ex.getMessage());
        }
        final IllegalArgumentException dangling = assertThrows(IllegalArgumentException.class, () -> jConfig(
            List.of(neighbor("b"), neighbor("c"), peer("d", ADDRESS.get("d"), AS.get("d"), J, "x", "out")),
            Map.of("in", acceptAll("in"), "out", acceptAll("out")), 1, List.of()));
        assertEquals("bgp.neighbors[2].import: no policy named 'x'", dangling.getMessage());
        pause(500);
        assertEquals(before, j.speaker().config());
        assertEquals(statusBefore, neighborSummary());
        assertFalse(b.has("198.18.200.0/24"));
        assertTrue(b.has("198.18.102.0/24"));
        assertEquals(List.of(), b.transitions());
        assertEquals(List.of(), c.transitions());
        assertEquals(List.of(), j.transitions());
    }

    @Test
    void shouldResetShutDownAndEnableANeighbor() throws Exception
    {
        // Soft: b is asked for its routes again (ROUTE-REFRESH) and sent J's again; no session change.
        final long bSent = b.status("j").updatesSent();
        final long bReceived = b.status("j").updatesReceived();
        j.speaker().resetNeighbor("b", false);
        await("b resent its routes", () -> b.status("j").updatesSent() > bSent);
        await("J resent b its routes", () -> b.status("j").updatesReceived() > bReceived);
        assertEquals(List.of(), b.transitions());

        // Hard: Cease/Administrative Reset, back up at once.
        j.speaker().resetNeighbor("b", true);
        await("b reset", () -> b.status("j").lastError().contains("Cease/Administrative Reset"));
        await("b back", () -> j.established("b"));

        // Shutdown with a communication: idle until enabled.
        j.speaker().shutdownNeighbor("b", "maintenance until 14:00 UTC");
        await("b told", () -> b.status("j").lastError().contains("maintenance until 14:00 UTC"));
        assertTrue(j.status("b").adminShutdown());
        pause(2500); // beyond b's connect retry: J refuses it
        assertEquals("idle", j.status("b").state());
        await("b's routes gone from c", () -> !c.has("198.18.100.0/24"));
        j.speaker().enableNeighbor("b");
        await("b back after enable", () -> j.established("b"));
        assertFalse(j.status("b").adminShutdown());
        assertEquals(List.of(), c.transitions());

        assertThrows(IllegalArgumentException.class, () -> j.speaker().shutdownNeighbor("b", "x".repeat(256)));
        assertThrows(NoSuchElementException.class, () -> j.speaker().resetNeighbor("nobody", true));
        assertThrows(NoSuchElementException.class, () -> j.speaker().enableNeighbor("nobody"));
        assertTrue(j.status("b").flaps() >= 2);
    }

    @Test
    void shouldTellStateListenersOnTheSpeakerThreadAndCloseANeighborAboveANewLimit() throws Exception
    {
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());
        final AutoCloseable registration = j.speaker().addStateListener((neighbor, from, to, reason) ->
            threads.add(Thread.currentThread().getName()));
        // c announces two prefixes: a limit of one closes it at once (RFC 4486), as if it had just crossed it.
        final PeerConfig cWas = neighbor("c");
        final PeerConfig limited = cWas.toBuilder().maxPrefixes(Map.of(AfiSafi.IPV4_UNICAST, 1)).build();
        j.speaker().reconfigure(jConfig(List.of(neighbor("b"), limited)));
        await("c closed", () -> c.status("j").lastError().contains("Cease/Maximum Number of Prefixes Reached"));
        await("transition seen", () -> j.transitions().stream().anyMatch(
            t -> t.startsWith("c established->idle: maximum prefixes reached")));
        assertFalse(threads.isEmpty());
        assertTrue(threads.stream().allMatch("bgp-sessions"::equals), "" + threads);
        registration.close();
        final int seen = threads.size();
        j.speaker().resetNeighbor("b", true);
        await("b reset", () -> b.transitions().stream().anyMatch(t -> t.contains("Administrative Reset")));
        pause(200);
        assertEquals(seen, threads.size(), "a closed listener hears nothing");
        assertEquals(List.of(), b.transitions().stream().filter(t -> t.contains("Maximum")).toList());
    }

    @Test
    void shouldAnswerNeighborsAndBestPathsWhileTheLoopIsBusy() throws Exception
    {
        // What the loop published last before it got stuck is what it answers while stuck, however long. (Not
        // compared with a read before it got stuck: a message can always arrive between that read and the
        // stuck task, such as a peer's End-of-RIB, which counts as an UPDATE; seen under CI's load.)
        final CountDownLatch busy = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        j.speaker().execute(() ->
        {
            busy.countDown();
            try
            {
                release.await(30, TimeUnit.SECONDS); // the loop stuck, as in a long RIB batch or on the FIB
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });
        try
        {
            assertTrue(busy.await(5, TimeUnit.SECONDS));
            final long startNs = System.nanoTime();
            final List<NeighborStatus> during = j.speaker().neighbors();
            final boolean has = j.has("198.18.102.0/24");
            final long tookMs = (System.nanoTime() - startNs) / 1_000_000;
            assertTrue(tookMs < 1_000, "answered in " + tookMs + " ms while the loop was busy");
            assertTrue(has, "the Loc-RIB's best path read without the loop");
            assertEquals(List.of("b", "c"), during.stream().map(NeighborStatus::name).toList());
            assertTrue(during.stream().allMatch(n -> n.state().equals("established")), "" + counts(during));
            Thread.sleep(300);
            assertEquals(counts(during), counts(j.speaker().neighbors()), "the same snapshot while the loop is stuck");
        }
        finally
        {
            release.countDown();
        }
    }

    private static List<String> counts(final List<NeighborStatus> neighbors)
    {
        return neighbors.stream().map(n -> n.name() + " " + n.state() + " " + n.prefixesReceived() + " " + n.updatesReceived()).toList();
    }

    @Test
    void shouldRefuseCallsFromTheEventLoop() throws Exception
    {
        final CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        j.speaker().execute(() ->
        {
            try
            {
                j.speaker().locRibSizes();
                thrown.complete(null);
            }
            catch (final Throwable t)
            {
                thrown.complete(t);
            }
        });
        final Throwable t = thrown.get(5, TimeUnit.SECONDS);
        assertTrue(t instanceof IllegalStateException && t.getMessage().contains("event loop"), "" + t);
    }

    @Test
    void shouldPageNeighborTablesInOrder() throws Exception
    {
        // c announces 102 and 104; J accepts only 102 from it.
        j.speaker().reconfigure(jConfig(List.of(neighbor("b"), peer("c", ADDRESS.get("c"), AS.get("c"), J, "from-c", "out")),
            Map.of("in", acceptAll("in"), "out", acceptAll("out"), "from-c", reject("from-c", "198.18.104.0/24")), 1,
            List.of()));
        await("104 gone", () -> !j.has("198.18.104.0/24"));
        assertEquals(List.of("198.18.102.0/24", "198.18.104.0/24"), prefixes(j.speaker().neighborTable("c",
            BgpControl.Table.RECEIVED, Optional.empty(), Optional.empty(), 10)));
        assertEquals(List.of("198.18.102.0/24"), prefixes(j.speaker().neighborTable("c",
            BgpControl.Table.ACCEPTED, Optional.empty(), Optional.empty(), 10)));
        // Advertised to c: b's two routes (c's own are not sent back to it).
        assertEquals(List.of("198.18.100.0/24", "198.18.101.0/24"), prefixes(j.speaker().neighborTable("c",
            BgpControl.Table.ADVERTISED, Optional.empty(), Optional.empty(), 10)));
        // Paging: one at a time, each page after the last.
        assertEquals(List.of("198.18.100.0/24"), prefixes(j.speaker().neighborTable("c",
            BgpControl.Table.ADVERTISED, Optional.empty(), Optional.empty(), 1)));
        assertEquals(List.of("198.18.101.0/24"), prefixes(j.speaker().neighborTable("c",
            BgpControl.Table.ADVERTISED, Optional.empty(), Optional.of(IpPrefix.parse("198.18.100.0/24")), 1)));
        assertEquals(List.of(), prefixes(j.speaker().neighborTable("c",
            BgpControl.Table.ADVERTISED, Optional.empty(), Optional.of(IpPrefix.parse("198.18.101.0/24")), 1)));
        assertEquals(List.of("198.18.104.0/24"), prefixes(j.speaker().neighborTable("c",
            BgpControl.Table.RECEIVED, Optional.of(IpPrefix.parse("198.18.104.0/22")), Optional.empty(), 10)));
        assertThrows(NoSuchElementException.class, () -> j.speaker().neighborTable("nobody",
            BgpControl.Table.RECEIVED, Optional.empty(), Optional.empty(), 10));
        assertThrows(IllegalArgumentException.class, () -> j.speaker().neighborTable("c",
            BgpControl.Table.RECEIVED, Optional.empty(), Optional.empty(), 1001));

        final BgpRib.Selected best = j.speaker().best(IpPrefix.parse("198.18.102.0/24")).orElseThrow();
        assertEquals("c", best.peer());
        assertTrue(j.speaker().best(IpPrefix.parse("198.18.102.0/23")).isEmpty(), "exact prefix only");
    }

    @Test
    void shouldDumpTheLocRibAndANeighborsAdjRibInAsMrt() throws Exception
    {
        for (final String prefix : List.of("198.18.100.0/24", "198.18.101.0/24", "198.18.102.0/24", "198.18.104.0/24"))
        {
            await(prefix + " at j", () -> j.has(prefix));
        }
        final java.io.ByteArrayOutputStream loc = new java.io.ByteArrayOutputStream();
        assertEquals(4, j.speaker().mrtDump(Optional.empty(), loc));
        final java.nio.ByteBuffer first = java.nio.ByteBuffer.wrap(loc.toByteArray());
        assertEquals(13, first.getShort(4), "TABLE_DUMP_V2");
        assertEquals(1, first.getShort(6), "PEER_INDEX_TABLE first");
        assertEquals(2, first.getShort(12 + 4 + 2), "the peers the routes came from: b and c");
        final java.io.ByteArrayOutputStream fromC = new java.io.ByteArrayOutputStream();
        assertEquals(2, j.speaker().mrtDump(Optional.of("c"), fromC));
        assertTrue(fromC.size() < loc.size());
        assertThrows(NoSuchElementException.class, () -> j.speaker().mrtDump(Optional.of("nobody"),
            new java.io.ByteArrayOutputStream()));
    }

    @Test
    void shouldLogEveryUpdateReceivedAndEveryStateChangeWhenBgpMrtIsCommitted() throws Exception
    {
        for (final String prefix : List.of("198.18.100.0/24", "198.18.102.0/24"))
        {
            await(prefix + " at j", () -> j.has(prefix));
        }
        final java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("junction-mrt-bgpcontrol");
        try
        {
            final BgpConfig c = jConfig(List.of(neighbor("b"), neighbor("c")));
            j.speaker().reconfigure(new BgpConfig(c.localAs(), c.routerId(), c.listenAddress(), c.listenPort(), c.multipath(),
                c.neighbors(), c.policies(), c.networks(), c.rpki(),
                new net.junction.bgp.mrt.MrtConfig(Optional.of(dir), 0, true, 300, 2)));
            assertTrue(j.speaker().mrtStatus().enabled());
            // A hard reset of c: its session goes down and up (state changes), then it sends its routes again (UPDATEs).
            j.speaker().resetNeighbor("c", true);
            await("c's UPDATEs and state changes logged", () ->
            {
                try (java.util.stream.Stream<java.nio.file.Path> list = java.nio.file.Files.list(dir))
                {
                    final java.util.Set<Integer> seen = new java.util.HashSet<>();
                    for (final java.nio.file.Path f : list.toList())
                    {
                        final java.nio.ByteBuffer r = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(f));
                        while (r.remaining() >= 12 && r.remaining() >= 12 + r.getInt(r.position() + 8))
                        {
                            seen.add((int)r.getShort(r.position() + 6));
                            r.position(r.position() + 12 + r.getInt(r.position() + 8));
                        }
                    }
                    return seen.contains(4) && seen.contains(5);
                }
                catch (final java.io.IOException ex)
                {
                    return false;
                }
            });
            j.speaker().reconfigure(c);
            assertTrue(!j.speaker().mrtStatus().enabled(), "bgp.mrt removed: recording stops");
            final java.util.List<java.nio.file.Path> files;
            try (java.util.stream.Stream<java.nio.file.Path> list = java.nio.file.Files.list(dir))
            {
                files = list.toList();
            }
            assertEquals(1, files.size(), files.toString());
            assertTrue(files.get(0).getFileName().toString().matches("updates\\.\\d{8}\\.\\d{4}"), files.toString());
            final java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(files.get(0)));
            final java.util.Set<Integer> subtypes = new java.util.TreeSet<>();
            int updates = 0;
            while (b.hasRemaining())
            {
                b.getInt();
                assertEquals(16, b.getShort(), "BGP4MP");
                final int subtype = b.getShort();
                subtypes.add(subtype);
                final int length = b.getInt();
                if (subtype == 4)
                {
                    assertEquals(AS.get("c"), b.getInt(b.position()), "the peer's AS");
                    assertEquals(2, b.get(b.position() + 12 + 8 + 18) & 0xFF, "a BGP UPDATE, as received");
                    updates++;
                }
                b.position(b.position() + length);
            }
            assertEquals(java.util.Set.of(4, 5), subtypes, "MESSAGE_AS4 and STATE_CHANGE_AS4");
            assertTrue(updates > 0);
            assertEquals(0, j.speaker().mrtStatus().updateDrops());
        }
        finally
        {
            try (java.util.stream.Stream<java.nio.file.Path> list = java.nio.file.Files.list(dir))
            {
                for (final java.nio.file.Path f : list.toList())
                {
                    java.nio.file.Files.delete(f);
                }
            }
            java.nio.file.Files.delete(dir);
        }
    }

    @Test
    void shouldSayWhereEachAdvertisedRouteComesFrom() throws Exception
    {
        // An advertised route is made from the Loc-RIB's best path: learned from b, or a network J originates.
        final Map<String, Policy> policies = Map.of("in", acceptAll("in"), "out", acceptAll("out"));
        j.speaker().reconfigure(jConfig(List.of(neighbor("b"), neighbor("c")), policies, 1,
            List.of("198.18.200.0/24")));
        await("J's network sent to c", () -> prefixes(j.speaker().neighborTable("c", BgpControl.Table.ADVERTISED,
            Optional.empty(), Optional.empty(), 10)).contains("198.18.200.0/24"));
        final Map<String, Optional<String>> from = new java.util.TreeMap<>();
        j.speaker().neighborTable("c", BgpControl.Table.ADVERTISED, Optional.empty(), Optional.empty(), 10)
            .forEach(e -> from.put(e.prefix().toString(), e.bestFrom()));
        assertEquals(Map.of("198.18.100.0/24", Optional.of("b"), "198.18.101.0/24", Optional.of("b"),
            "198.18.200.0/24", Optional.of("local")), from);
        assertTrue(j.speaker().neighborTable("c", BgpControl.Table.RECEIVED, Optional.empty(), Optional.empty(), 10)
            .stream().allMatch(e -> e.bestFrom().isEmpty()), "received from c: the neighbor itself, nothing to say");
    }

    @Test
    void shouldExplainAcceptedAndRejectedRoutesOnTheEventLoop() throws Exception
    {
        // c announces 102 and 104; J rejects 104 from it with the term "no" of "from-c".
        j.speaker().reconfigure(jConfig(List.of(neighbor("b"), peer("c", ADDRESS.get("c"), AS.get("c"), J, "from-c", "out")),
            Map.of("in", acceptAll("in"), "out", acceptAll("out"), "from-c", reject("from-c", "198.18.104.0/24")), 1,
            List.of()));
        await("104 gone", () -> !j.has("198.18.104.0/24"));

        final RouteExplanation accepted = j.speaker().explain(IpPrefix.parse("198.18.102.0/24"));
        assertEquals("c", accepted.best().orElseThrow().neighbor());
        assertEquals("from-c", accepted.best().orElseThrow().importPolicy());
        assertEquals(List.of(), accepted.rejected());

        final RouteExplanation refused = j.speaker().explain(IpPrefix.parse("198.18.104.0/24"));
        assertEquals(List.of(), refused.candidates());
        assertEquals(1, refused.rejected().size());
        final RouteExplanation.Rejected r = refused.rejected().getFirst();
        assertEquals("c", r.neighbor());
        assertEquals(RouteExplanation.Reason.IMPORT_POLICY, r.reason());
        assertEquals("from-c", r.policy());
        assertEquals("no", r.term());

        assertTrue(j.speaker().explain(IpPrefix.parse("198.18.104.0/23")).isEmpty(), "exact prefix only");
    }

    static List<String> prefixes(final List<BgpControl.TableEntry> entries)
    {
        return entries.stream().map(e -> e.prefix().toString()).toList();
    }

    // ---------------------------------------------------------------- change preview

    @Test
    void shouldPreviewAPolicyChangeOnTheLoopAndThenCommitIt() throws Exception
    {
        final PeerConfig cWas = neighbor("c");
        final PeerConfig cNext = peer("c", ADDRESS.get("c"), AS.get("c"), J, "from-c", "to-c");
        final BgpConfig candidate = jConfig(List.of(neighbor("b"), cNext), Map.of("in", acceptAll("in"),
            "out", acceptAll("out"), "from-c", reject("from-c", "198.18.104.0/24"),
            "to-c", reject("to-c", "198.18.100.0/24")), 1, List.of());
        assertEquals(cWas.remoteAddress(), cNext.remoteAddress());

        final net.junction.bgp.rib.PolicyPreview preview = j.speaker().preview(candidate, 10);
        final IpPrefix p104 = IpPrefix.parse("198.18.104.0/24");
        final IpPrefix p100 = IpPrefix.parse("198.18.100.0/24");
        assertEquals(List.of("c"), preview.imports().stream().map(net.junction.bgp.rib.PolicyPreview.NeighborImport::neighbor).toList());
        assertEquals(p104, preview.imports().getFirst().rejected().first().getFirst().prefix());
        assertEquals(1, preview.bestChanges().count());
        assertEquals(1, preview.ribChanges().count());
        assertEquals(List.of(IpAddress.parse(ADDRESS.get("c"))), preview.ribChanges().first().getFirst().before());
        assertEquals(List.of(), preview.ribChanges().first().getFirst().after());
        final Map<String, net.junction.bgp.rib.PolicyPreview.NeighborExport> exports = new java.util.HashMap<>();
        preview.exports().forEach(e -> exports.put(e.neighbor(), e));
        assertEquals(p104, exports.get("b").withdrawn().first().getFirst().prefix());
        assertEquals(1, exports.get("b").withdrawn().count());
        assertEquals(p100, exports.get("c").withdrawn().first().getFirst().prefix());
        assertEquals(1, exports.get("c").withdrawn().count());
        assertTrue(j.has("198.18.104.0/24"), "the preview changed nothing");
        assertTrue(c.has("198.18.100.0/24"));

        j.speaker().reconfigure(candidate);
        await("104 gone from b, as previewed", () -> !b.has("198.18.104.0/24"));
        await("100 gone from c, as previewed", () -> !c.has("198.18.100.0/24"));
        assertFalse(j.has("198.18.104.0/24"));
        assertTrue(j.speaker().preview(candidate, 10).isEmpty(), "committed: nothing left to change");
    }

    @Test
    void shouldPreviewARemovedNeighborAndRefuseWhatCannotChangeLive()
    {
        final net.junction.bgp.rib.PolicyPreview preview = j.speaker().preview(jConfig(List.of(neighbor("b"))), 10);
        assertEquals(List.of("c"), preview.neighborsGoing());
        assertEquals(2, preview.bestChanges().count(), "c's two routes leave");
        assertEquals(2, preview.exports().getFirst().withdrawn().count(), "b is told");

        final BgpConfig running = j.speaker().config();
        final BgpConfig otherAs = new BgpConfig(AS_J + 1, running.routerId(), running.listenAddress(), running.listenPort(),
            1, running.neighbors(), running.policies(), running.networks());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> j.speaker().preview(otherAs, 10));
        assertTrue(e.getMessage().startsWith("bgp.local-as"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> j.speaker().preview(running, -1));
        assertThrows(IllegalArgumentException.class, () -> j.speaker().preview(running, 10_001));
        assertTrue(j.has("198.18.102.0/24"), "nothing changed");
        assertEquals(List.of(), c.transitions());
    }
}
