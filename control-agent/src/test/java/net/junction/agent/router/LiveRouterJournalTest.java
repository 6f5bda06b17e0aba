/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

import net.junction.agent.commit.CommitRecord;
import net.junction.agent.config.ConfigDocuments;
import net.junction.agent.config.ConfigLoader;
import net.junction.agent.config.JunctionConfig;
import net.junction.agent.journal.Cause;
import net.junction.agent.journal.CommitEvent;
import net.junction.agent.journal.JournalRecord;
import net.junction.agent.journal.JournalWriter;
import net.junction.agent.journal.RouteJournal;
import net.junction.agent.journal.RouteState;
import net.junction.agent.journal.SessionEvent;
import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.rib.BestPathHook;
import net.junction.bgp.rib.BgpRib;
import net.junction.bgp.session.SessionOptions;
import net.junction.bgp.speaker.BgpSpeaker;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.routing.Ip4;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.fib.FibUpdateEncoder;
import net.junction.routing.rib.Rib;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The route journal wired into a running router: a real BGP speaker (the router's, behind a
 * {@link LiveRouter} with the in-memory data plane) and a second speaker as its eBGP peer, over loopback.
 * The peer's networks and export policy are changed to make the router's routes change, and the router's
 * journal is asked about them: the table at a past time, why a route was withdrawn, which commit changed
 * routes, and all of it again after the router restarts on the same state directory.
 */
class LiveRouterJournalTest
{
    static final int ROUTER_AS = 65001;
    static final int PEER_AS = 65002;
    static final IpAddress ROUTER = IpAddress.parse("127.0.0.1");
    static final IpAddress PEER = IpAddress.parse("127.0.0.2");
    static final IpPrefix N1 = IpPrefix.parse("198.18.200.0/24");
    static final IpPrefix N2 = IpPrefix.parse("198.18.201.0/24");
    static final IpPrefix N3 = IpPrefix.parse("198.18.202.0/24");
    static final IpPrefix N4 = IpPrefix.parse("198.18.203.0/24");
    static final List<IpPrefix> ALL = List.of(N1, N2, N3, N4);
    static final int TAG = PEER_AS << 16 | 7;
    static final Policy ACCEPT = new Policy("all", List.of(), Policy.Disposition.ACCEPT);
    static final long WAIT_MS = 30_000;

    @TempDir
    Path state;

    int port;
    BgpSpeaker routerSpeaker;
    BgpSpeaker peerSpeaker;
    RibOwner owner;
    LiveRouter router;

    /** A Loc-RIB entry as the journal converts it, from what the speaker says is selected now. */
    record Entry(IpAddress neighbor, net.junction.bgp.rib.Path path, List<IpAddress> nextHops) implements BestPathHook.Selection
    {
    }

    @AfterEach
    void stop()
    {
        stopRouter();
        if (null != peerSpeaker)
        {
            peerSpeaker.close();
        }
    }

    private void stopRouter()
    {
        if (null != router)
        {
            router.close();
            router = null;
        }
        if (null != owner)
        {
            owner.close();
            owner = null;
        }
        if (null != routerSpeaker)
        {
            routerSpeaker.close();
            routerSpeaker = null;
        }
    }

    // ================================================================================ the two speakers

    static PeerConfig neighbor(final String name, final IpAddress address, final int as, final Optional<IpAddress> local,
        final boolean passive, final String importPolicy, final String exportPolicy)
    {
        final PeerConfig defaults = PeerConfig.of(name, address, as);
        return PeerConfig.builder(name, address, as)
            .localAddress(local)
            .passive(passive)
            .holdTimeSeconds(defaults.holdTimeSeconds())
            .connectRetrySeconds(1)
            .families(Set.of(AfiSafi.IPV4_UNICAST))
            .gracefulRestart(false)
            .restartTimeSeconds(defaults.restartTimeSeconds())
            .importPolicy(Optional.of(importPolicy))
            .exportPolicy(Optional.of(exportPolicy))
            .build();
    }

    BgpConfig routerBgp(final Map<String, Policy> policies, final String importPolicy)
    {
        return new BgpConfig(ROUTER_AS, Ip4.parse("198.18.0.1"), Optional.of(ROUTER), port, 1,
            List.of(neighbor("peer", PEER, PEER_AS, Optional.empty(), true, importPolicy, "all")), policies, List.of());
    }

    BgpConfig peerBgp(final List<IpPrefix> networks, final boolean tagged)
    {
        final Policy tag = new Policy("tag", List.of(new Policy.Term("tag", Policy.Match.ANY,
            List.of(new Policy.Action.AddCommunities(List.of(TAG))), Policy.Disposition.ACCEPT)), Policy.Disposition.ACCEPT);
        return new BgpConfig(PEER_AS, Ip4.parse("198.18.0.2"), Optional.empty(), 0, 1,
            List.of(neighbor("router", ROUTER, ROUTER_AS, Optional.of(PEER), false, "all", tagged ? "tag" : "all")),
            Map.of("all", ACCEPT, "tag", tag), networks);
    }

    static JunctionConfig junctionConfig(final BgpConfig bgp) throws Exception
    {
        final JunctionConfig base = ConfigLoader.parse(ConfigDocuments.TWO_PORTS, ConfigDocuments.CPUS);
        return new JunctionConfig(base.name(), base.dpdk(), base.cores(), base.ports(), base.routes(), base.neighbors(),
            Optional.of(bgp), base.api(), base.metrics(), base.journal());
    }

    /** The router: its speaker owns the RIB; the LiveRouter journals into {@link #state}. */
    void startRouter() throws Exception
    {
        final Rib rib = new Rib(new FibUpdateEncoder(new UnsafeBuffer(new byte[64 * 1024]), (buffer, offset, length) -> true));
        rib.addInterfaceAddress(0, InterfaceAddress.parse("127.0.0.1/8")); // the peer's next hop resolves
        final BgpConfig bgp = routerBgp(Map.of("all", ACCEPT), "all");
        routerSpeaker = new BgpSpeaker(bgp, rib);
        routerSpeaker.start();
        owner = RibOwner.through(rib, routerSpeaker::execute);
        final JunctionConfig config = junctionConfig(bgp);
        router = new LiveRouter(config, "test", new FakeDataplane(SpecMapping.dataplaneSpec(config, Path.of("/tmp"))), owner,
            Optional.of(routerSpeaker), new RouterEvents(), InstantSource.system()).journalIn(state).start();
    }

    void startPeer(final List<IpPrefix> networks) throws Exception
    {
        peerSpeaker = new BgpSpeaker(peerBgp(networks, false), new Rib(new FibUpdateEncoder(
            new UnsafeBuffer(new byte[64 * 1024]), (buffer, offset, length) -> true)), SessionOptions.DEFAULT.withPeerPort(port));
        peerSpeaker.start();
    }

    static int freePort() throws Exception
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    static void await(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.currentTimeMillis() < deadline, "waited " + WAIT_MS + " ms for " + what);
            Thread.sleep(20);
        }
    }

    /** The router's Loc-RIB for {@link #ALL}, as it is now. */
    Map<IpPrefix, BgpRib.Selected> live()
    {
        final Map<IpPrefix, BgpRib.Selected> table = new HashMap<>();
        for (final IpPrefix prefix : ALL)
        {
            routerSpeaker.best(prefix).ifPresent(s -> table.put(prefix, s));
        }
        return table;
    }

    /** The same as the journal states routes (one neighbor: its address). */
    static Map<IpPrefix, RouteState> asJournaled(final Map<IpPrefix, BgpRib.Selected> live)
    {
        final Map<IpPrefix, RouteState> table = new HashMap<>();
        live.forEach((prefix, s) -> table.put(prefix, JournalWriter.routeState(prefix,
            new Entry("local".equals(s.peer()) ? null : PEER, s.path(), s.nextHops()))));
        return table;
    }

    /** Waits until the journal holds what happened so far, then takes a time after it. */
    long settledTime() throws InterruptedException
    {
        assertTrue(router.awaitJournal(5_000));
        Thread.sleep(5);
        final Instant now = Instant.now();
        Thread.sleep(5);
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    RouteJournal journal()
    {
        return router.journal().orElseThrow();
    }

    boolean tagged(final IpPrefix prefix)
    {
        final Optional<BgpRib.Selected> best = routerSpeaker.best(prefix);
        final PathAttribute.Communities communities = best.map(b -> b.path().attributes().communities()).orElse(null);
        return null != communities && communities.contains(TAG);
    }

    // ====================================================================================== tests

    @Test
    void shouldGiveTheTableThatWasLiveAtATimeAndWhyAPeersWithdrawalChangedARoute() throws Exception
    {
        port = freePort();
        startRouter();
        startPeer(List.of(N1, N2, N3));
        await(() -> live().size() == 3, "the peer's three routes");
        final long t1 = settledTime();
        final Map<IpPrefix, BgpRib.Selected> live1 = live();

        // The peer withdraws N2, announces N4, and tags what it sends: N1 and N3 keep their next hop.
        peerSpeaker.reconfigure(peerBgp(List.of(N1, N3, N4), true));
        await(() -> routerSpeaker.best(N2).isEmpty() && routerSpeaker.best(N4).isPresent() && tagged(N1) && tagged(N3),
            "the withdrawal, the new route and the tags");
        final long t2 = settledTime();
        final Map<IpPrefix, BgpRib.Selected> live2 = live();

        // (a) The table at a past time is the Loc-RIB that was live then.
        assertEquals(asJournaled(live1), journal().tableAt(t1, null));
        assertEquals(asJournaled(live2), journal().tableAt(t2, null));
        final RouteState n1 = journal().tableAt(t2, null).get(N1);
        assertEquals(List.of(PEER), n1.nextHops());
        assertEquals(PEER, n1.neighbor());
        assertEquals(List.of(new RouteState.AsPathSegment(false, List.of((long)PEER_AS))), n1.asPath());
        assertEquals(List.of(TAG), n1.communities());
        assertEquals(Map.of(N1, n1), journal().tableAt(t2, N1), "a range of the table");

        // The tag changed no next hop: the router RIB had nothing to do, the journal has the change.
        final JournalRecord.RouteChange tagging = journal().history(N1, 10).getFirst();
        assertEquals(List.of(), tagging.before().communities());
        assertEquals(List.of(TAG), tagging.after().communities());
        assertEquals(tagging.before().nextHops(), tagging.after().nextHops());
        assertInstanceOf(Cause.Update.class, tagging.cause());

        // (b) Why N2 went: the peer's UPDATE that withdrew it, the session it came over, the route it ended.
        final RouteJournal.Explanation why = journal().why(N2, Long.MAX_VALUE).orElseThrow();
        assertNull(why.change().after());
        assertEquals(asJournaled(live1).get(N2), why.change().before());
        final Cause.Withdrawal withdrawal = assertInstanceOf(Cause.Withdrawal.class, why.change().cause());
        assertEquals(PEER, withdrawal.neighbor());
        final Cause.Update announced = assertInstanceOf(Cause.Update.class, why.previous().cause());
        assertEquals(PEER, announced.neighbor());
        assertTrue(announced.sequence() >= 1 && withdrawal.sequence() > announced.sequence(),
            "UPDATE " + withdrawal.sequence() + " of the session withdrew what UPDATE " + announced.sequence() + " announced");
        assertTrue(withdrawal.sequence() <= router.neighbors().getFirst().updatesReceived());
        final SessionEvent session = assertInstanceOf(SessionEvent.class, why.causeRecord());
        assertEquals(PEER, session.neighbor());
        assertEquals("established", session.to());
        assertTrue(session.timeNs() <= why.previous().timeNs(), "the session came up before its routes");
        assertEquals(List.of(why.change(), session, why.previous()), why.chain());
        assertEquals(0, router.journalCounters().orElseThrow().dropped());

        // The writer's counters, in the router's status as in journalCounters(): every record so far appended.
        final JournalWriter.Counters counters = router.status().journal().orElseThrow();
        assertEquals(0, counters.dropped());
        assertEquals(0, counters.queued());
        assertTrue(counters.appended() >= 8, "the start snapshot, session events, 4 routes announced, 2 tagged, 1 withdrawn: " + counters);
        assertEquals(counters, router.journalCounters().orElseThrow());
    }

    @Test
    void shouldNameTheCommitBehindTheRoutesItChanged() throws Exception
    {
        port = freePort();
        startRouter();
        startPeer(List.of(N1, N2));
        await(() -> live().size() == 2, "the peer's routes");
        settledTime();

        final Policy lower = new Policy("in", List.of(new Policy.Term("lower", Policy.Match.ANY,
            List.of(new Policy.Action.SetLocalPref(50)), Policy.Disposition.ACCEPT)), Policy.Disposition.REJECT);
        final JunctionConfig to = junctionConfig(routerBgp(Map.of("all", ACCEPT, "in", lower), "in"));
        final CommitRecord commit = new CommitRecord(7, "alice", Instant.now(), "prefer the peer less", Optional.empty(), state,
            "(document)");
        router.apply(commit, Optional.of(router.runningConfig()), to, null);
        await(() -> routerSpeaker.best(N1).map(b -> b.path().localPref() == 50).orElse(false) &&
            routerSpeaker.best(N2).map(b -> b.path().localPref() == 50).orElse(false), "LOCAL_PREF 50 on both");
        settledTime();

        for (final IpPrefix prefix : List.of(N1, N2))
        {
            final RouteJournal.Explanation why = journal().why(prefix, Long.MAX_VALUE).orElseThrow();
            assertEquals(new Cause.Commit(7), why.change().cause());
            assertEquals(100, why.change().before().localPref());
            assertEquals(50, why.change().after().localPref());
            final CommitEvent event = assertInstanceOf(CommitEvent.class, why.causeRecord());
            assertEquals(7, event.number());
            assertEquals("alice", event.author());
            assertEquals("prefer the peer less", event.message());
            assertTrue(event.timeNs() <= why.change().timeNs(), "the commit is journaled before its changes");
            assertInstanceOf(Cause.Update.class, why.previous().cause());
        }
    }

    @Test
    void shouldKeepTheJournalAndItsAnswersAcrossARestart() throws Exception
    {
        port = freePort();
        startRouter();
        startPeer(List.of(N1, N2));
        await(() -> live().size() == 2, "the peer's routes");
        final long t1 = settledTime();
        peerSpeaker.reconfigure(peerBgp(List.of(N1), false));
        await(() -> routerSpeaker.best(N2).isEmpty(), "the withdrawal");
        final long t2 = settledTime();

        final Map<IpPrefix, RouteState> table1 = journal().tableAt(t1, null);
        final Map<IpPrefix, RouteState> table2 = journal().tableAt(t2, null);
        final List<JournalRecord.RouteChange> history1 = journal().history(N1, 100);
        final Optional<RouteJournal.Explanation> why2 = journal().why(N2, Long.MAX_VALUE);
        final Path cycleFile = journal().cycleFiles().getFirst();
        assertEquals(2, table1.size());
        assertEquals(Set.of(N1), table2.keySet());
        assertTrue(why2.isPresent());

        stopRouter(); // the journal closes first: the session going down with the router is not the router's doing
        peerSpeaker.close();
        peerSpeaker = null;
        final long stopped = settledTimeWithoutRouter();

        port = freePort();
        startRouter();
        settledTime();
        assertEquals(cycleFile, journal().cycleFiles().getFirst(), "the same files, continued");
        assertEquals(table1, journal().tableAt(t1, null));
        assertEquals(table2, journal().tableAt(t2, null));
        assertEquals(history1, journal().history(N1, 100));
        assertEquals(why2, journal().why(N2, Long.MAX_VALUE));
        assertEquals(Map.of(), journal().tableAt(stopped, null), "nothing was routed while the router was stopped");
        assertNotNull(router.journalCounters().orElseThrow());
    }

    @Test
    void shouldRunWithoutAJournalOfAnotherFormatAndSaySoInItsStatus() throws Exception
    {
        // A journal an older Junction wrote (format 1: records and no format key) is in the state directory.
        final Path directory = state.resolve(RouteJournal.DIRECTORY);
        try (net.openhft.chronicle.queue.impl.single.SingleChronicleQueue old =
                 net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.binary(directory).build();
             var appender = old.createAppender(); var dc = appender.writingDocument())
        {
            dc.wire().bytes().writeUnsignedByte(1).writeLong(System.currentTimeMillis() * 1_000_000L);
        }
        port = freePort();
        startRouter();

        assertTrue(router.journal().isEmpty(), "the router runs, without its journal");
        assertTrue(router.journalCounters().isEmpty());
        final String off = router.status().journalOff().orElseThrow();
        assertTrue(off.contains("format 1") && off.contains("move that folder away") && off.contains(directory.toString()), off);
        assertTrue(Files.exists(directory.resolve("metadata.cq4t")), "the old journal is left as it was");
    }

    private static long settledTimeWithoutRouter() throws InterruptedException
    {
        Thread.sleep(5);
        final Instant now = Instant.now();
        Thread.sleep(5);
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
