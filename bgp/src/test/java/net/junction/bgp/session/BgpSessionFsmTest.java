/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.session.PeerSession.State;
import net.junction.bgp.transport.EventLoop;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.BgpMessage;
import net.junction.bgp.wire.Capability;
import net.junction.bgp.wire.CodecOptions;
import net.junction.bgp.wire.KeepaliveMessage;
import net.junction.bgp.wire.MessageEncoder;
import net.junction.bgp.wire.MpReachNlri;
import net.junction.bgp.wire.NotificationMessage;
import net.junction.bgp.wire.OpenMessage;
import net.junction.bgp.wire.RouteRefreshMessage;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.AsPaths;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RFC 4271 §8 state machine driven by hand: an in-memory connection, a manual clock, the loop's
 * timers and tasks run by the test.
 */
class BgpSessionFsmTest
{
    static final int LOCAL_AS = 65001;
    static final int PEER_AS = 65002;
    static final int ROUTER_ID = 0xC6120001; // 198.18.0.1
    static final int PEER_ID = 0xC6120002; // 198.18.0.2
    static final IpAddress LOCAL = Ip4Address.parse("192.0.2.1");
    static final IpAddress REMOTE = Ip4Address.parse("192.0.2.2");
    static final Set<AfiSafi> BOTH = Set.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST);
    static final PathAttributes ATTRIBUTES = PathAttributes.of(
        PathAttribute.Origin.ORIGIN_IGP, PathAttribute.AsPath.sequence(PEER_AS),
        new PathAttribute.NextHop(new Ip4Address(0xC0000202).value()));

    final ManualClock clock = new ManualClock();
    final EventLoop loop = new EventLoop("fsm-test", clock);
    final TestListener listener = new TestListener();
    final List<FakeConnection> outgoing = new ArrayList<>();
    BgpSession session;

    @AfterEach
    void closeLoop()
    {
        loop.close();
    }

    static PeerConfig peer()
    {
        return PeerConfig.of("peer1", REMOTE, PEER_AS);
    }

    static PeerConfig with(final PeerConfig p, final boolean passive, final Map<AfiSafi, Integer> maxPrefixes,
        final boolean gracefulRestart, final int remoteAs)
    {
        return PeerConfig.builder(p.name(), p.remoteAddress(), remoteAs)
            .localAddress(p.localAddress())
            .localAs(p.localAs())
            .passive(passive)
            .holdTimeSeconds(p.holdTimeSeconds())
            .connectRetrySeconds(p.connectRetrySeconds())
            .password(p.password())
            .ttlSecurityHops(p.ttlSecurityHops())
            .families(p.families())
            .gracefulRestart(gracefulRestart)
            .restartTimeSeconds(p.restartTimeSeconds())
            .maxPrefixes(maxPrefixes)
            .build();
    }

    BgpSession session(final PeerConfig config)
    {
        session = new BgpSession(config, LOCAL_AS, ROUTER_ID, listener, loop, s ->
        {
            final FakeConnection c = new FakeConnection(loop, true, LOCAL, REMOTE);
            outgoing.add(c);
            return c;
        }, SessionOptions.DEFAULT.withClock(clock));
        return session;
    }

    void advance(final double seconds)
    {
        clock.advanceSeconds(seconds);
        loop.runTasks();
        loop.runDueTimers();
        loop.runTasks();
    }

    /**
     * @param restartFlags graceful restart flags, or -1 for no capability.
     * @param forwarding   F bit per family.
     */
    static OpenMessage peerOpen(final int as, final int hold, final int id, final int restartFlags,
        final Map<AfiSafi, Boolean> forwarding)
    {
        final List<Capability> caps = new ArrayList<>();
        caps.add(new Capability.Multiprotocol(AfiSafi.IPV4_UNICAST));
        caps.add(new Capability.Multiprotocol(AfiSafi.IPV6_UNICAST));
        caps.add(new Capability.RouteRefresh());
        caps.add(new Capability.EnhancedRouteRefresh());
        if (restartFlags >= 0)
        {
            final List<Capability.GracefulRestart.Family> families = new ArrayList<>();
            forwarding.forEach((f, kept) -> families.add(new Capability.GracefulRestart.Family(f, kept ? 0x80 : 0)));
            caps.add(new Capability.GracefulRestart(restartFlags, 120, families));
        }
        return OpenMessage.of(as, hold, id, caps);
    }

    static OpenMessage plainOpen()
    {
        return peerOpen(PEER_AS, 90, PEER_ID, -1, Map.of());
    }

    FakeConnection establish(final PeerConfig config, final OpenMessage open)
    {
        session(config);
        session.start();
        assertEquals(State.CONNECT, session.state());
        final FakeConnection c = outgoing.getLast();
        session.connected(c);
        assertEquals(State.OPEN_SENT, session.state());
        assertInstanceOf(OpenMessage.class, c.lastSent());
        c.inject(open);
        assertEquals(State.OPEN_CONFIRM, session.state());
        assertInstanceOf(KeepaliveMessage.class, c.lastSent());
        c.inject(KeepaliveMessage.INSTANCE);
        assertEquals(State.ESTABLISHED, session.state());
        return c;
    }

    static void assertNotification(final BgpMessage message, final int code, final int subcode)
    {
        final NotificationMessage n = assertInstanceOf(NotificationMessage.class, message);
        assertEquals(code + "/" + subcode, n.code() + "/" + n.subcode(), n.toString());
    }

    /** A turn's read budget: past its deadline the connection keeps whole messages for the next turn, in order. */
    @Test
    void shouldKeepWholeMessagesPastTheDeadlineForTheNextTurn()
    {
        final FakeConnection c = establish(peer(), plainOpen());
        final long before = session.messagesReceived();
        final java.io.ByteArrayOutputStream five = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 5; i++)
        {
            five.writeBytes(MessageEncoder.encode(KeepaliveMessage.INSTANCE, CodecOptions.DEFAULT));
        }
        final byte[] bytes = five.toByteArray();
        final byte[] partial = java.util.Arrays.copyOf(bytes, bytes.length - 7); // the fifth not all there yet

        assertTrue(c.injectBytesBefore(partial, clock.nanoTime()), "the deadline has passed: messages are left");
        assertEquals(before + 1, session.messagesReceived(), "at least one message a turn, then the deadline");
        assertTrue(c.deliverBefore(clock.nanoTime()));
        assertEquals(before + 2, session.messagesReceived());

        assertFalse(c.deliverBefore(Long.MAX_VALUE), "only the partial fifth is left: nothing whole");
        assertEquals(before + 4, session.messagesReceived());
        assertFalse(c.injectBytesBefore(java.util.Arrays.copyOfRange(bytes, bytes.length - 7, bytes.length),
            clock.nanoTime() + 1_000_000));
        assertEquals(before + 5, session.messagesReceived(), "the partial one completed by the next bytes");
        assertEquals(State.ESTABLISHED, session.state());
    }

    @Test
    void shouldEstablishAndNegotiate()
    {
        final FakeConnection c = establish(peer(), peerOpen(PEER_AS, 30, PEER_ID, -1, Map.of()));
        final Negotiated n = session.negotiated();
        assertEquals(30, n.holdTimeSeconds());
        assertEquals(10, n.keepaliveSeconds());
        assertEquals(BOTH, n.families());
        assertTrue(n.codec().fourOctetAs());
        assertTrue(n.isExternal());
        assertTrue(n.routeRefresh());
        assertTrue(n.enhancedRouteRefresh());
        assertNull(n.peerRestart());
        assertEquals(REMOTE, n.remoteAddress());
        assertEquals(1, listener.calls("established").size());
        // Our OPEN: families, route refresh, enhanced, 4-octet AS, extended message, graceful restart.
        final OpenMessage ours = (OpenMessage)c.sent().getFirst();
        assertEquals(List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST), ours.families());
        assertNotNull(ours.capability(Capability.RouteRefresh.class));
        assertNotNull(ours.capability(Capability.EnhancedRouteRefresh.class));
        assertNotNull(ours.capability(Capability.ExtendedMessage.class));
        assertEquals(LOCAL_AS, ours.capability(Capability.FourOctetAs.class).asNumber());
        final Capability.GracefulRestart gr = ours.capability(Capability.GracefulRestart.class);
        assertEquals(120, gr.restartTimeSeconds());
        assertEquals(Capability.GracefulRestart.NOTIFICATION, gr.restartFlags());
        assertEquals(2, gr.families().size());
    }

    /**
     * The restarting speaker (RFC 4724 §3, §4.1): the R bit in its OPENs while it defers route selection, and the
     * F bit only for the families whose forwarding state the data plane kept.
     */
    @Test
    void shouldSetTheRestartBitWhileRestartingAndTheForwardingBitPerFamilyKept()
    {
        session = new BgpSession(peer(), LOCAL_AS, ROUTER_ID, listener, loop, s ->
        {
            final FakeConnection c = new FakeConnection(loop, true, LOCAL, REMOTE);
            outgoing.add(c);
            return c;
        }, SessionOptions.DEFAULT.withClock(clock).withRestart(LocalRestart.restarted(Set.of(AfiSafi.IPV4_UNICAST), 30)));
        listener.restarting = true;
        session.start();
        FakeConnection c = outgoing.getLast();
        session.connected(c);
        Capability.GracefulRestart gr = ((OpenMessage)c.lastSent()).capability(Capability.GracefulRestart.class);
        assertEquals(Capability.GracefulRestart.NOTIFICATION | Capability.GracefulRestart.RESTART_STATE, gr.restartFlags());
        assertEquals(Map.of(AfiSafi.IPV4_UNICAST, Capability.GracefulRestart.Family.FORWARDING_STATE,
            AfiSafi.IPV6_UNICAST, 0), flagsOf(gr));

        // Selection done: a later OPEN says no restart, still the F bit of the family kept.
        listener.restarting = false;
        c.inject(plainOpen());
        c.inject(KeepaliveMessage.INSTANCE);
        assertEquals(State.ESTABLISHED, session.state());
        session.stop(NotificationMessage.CEASE_ADMIN_RESET, "");
        advance(1);
        session.start();
        advance(1);
        c = outgoing.getLast();
        session.connected(c);
        gr = ((OpenMessage)c.lastSent()).capability(Capability.GracefulRestart.class);
        assertEquals(Capability.GracefulRestart.NOTIFICATION, gr.restartFlags());
        assertEquals(Capability.GracefulRestart.Family.FORWARDING_STATE, flagsOf(gr).get(AfiSafi.IPV4_UNICAST));
    }

    static Map<AfiSafi, Integer> flagsOf(final Capability.GracefulRestart gr)
    {
        final Map<AfiSafi, Integer> out = new java.util.HashMap<>();
        gr.families().forEach(f -> out.put(f.afiSafi(), f.flags()));
        return out;
    }

    @Test
    void shouldNegotiateFourOctetAsThroughAsTrans()
    {
        final int bigAs = (int)4_200_000_123L;
        establish(with(peer(), false, Map.of(), true, bigAs), peerOpen(bigAs, 90, PEER_ID, -1, Map.of()));
        assertEquals(bigAs, session.negotiated().peerAs());
    }

    @Test
    void shouldRejectAWrongPeerAs()
    {
        session(peer());
        session.start();
        final FakeConnection c = outgoing.getLast();
        session.connected(c);
        c.inject(peerOpen(65099, 90, PEER_ID, -1, Map.of()));
        assertNotification(c.lastSent(), NotificationMessage.OPEN_MESSAGE_ERROR, NotificationMessage.OPEN_BAD_PEER_AS);
        assertEquals(State.IDLE, session.state());
        assertTrue(c.socketClosed);
        assertTrue(session.lastError().contains("peer AS 65099"), session.lastError());
    }

    @Test
    void shouldRejectAFourOctetAsWithoutTheCapability()
    {
        final int bigAs = (int)4_200_000_123L;
        session(with(peer(), false, Map.of(), true, bigAs));
        session.start();
        final FakeConnection c = outgoing.getLast();
        session.connected(c);
        c.inject(new OpenMessage(4, AsPaths.AS_TRANS, 90, PEER_ID, List.of()));
        assertNotification(c.lastSent(), NotificationMessage.OPEN_MESSAGE_ERROR, NotificationMessage.OPEN_BAD_PEER_AS);
    }

    @Test
    void shouldRejectOurOwnIdentifierFromAnInternalPeer()
    {
        session(with(peer(), false, Map.of(), true, LOCAL_AS));
        session.start();
        final FakeConnection c = outgoing.getLast();
        session.connected(c);
        c.inject(peerOpen(LOCAL_AS, 90, ROUTER_ID, -1, Map.of()));
        assertNotification(c.lastSent(), NotificationMessage.OPEN_MESSAGE_ERROR, NotificationMessage.OPEN_BAD_BGP_IDENTIFIER);
    }

    @Test
    void shouldRejectHoldTimeOneAndVersionFive()
    {
        session(peer());
        session.start();
        FakeConnection c = outgoing.getLast();
        session.connected(c);
        c.inject(new OpenMessage(4, PEER_AS, 1, PEER_ID, List.of()));
        assertNotification(c.lastSent(), NotificationMessage.OPEN_MESSAGE_ERROR,
            NotificationMessage.OPEN_UNACCEPTABLE_HOLD_TIME);

        advance(PeerConfig.DEFAULT_CONNECT_RETRY);
        assertEquals(State.CONNECT, session.state());
        c = outgoing.getLast();
        session.connected(c);
        c.inject(new OpenMessage(5, PEER_AS, 90, PEER_ID, List.of()));
        assertNotification(c.lastSent(), NotificationMessage.OPEN_MESSAGE_ERROR,
            NotificationMessage.OPEN_UNSUPPORTED_VERSION_NUMBER);
    }

    @Test
    void shouldSendFsmErrorsForUnexpectedMessages()
    {
        session(peer());
        session.start();
        FakeConnection c = outgoing.getLast();
        session.connected(c);
        c.inject(KeepaliveMessage.INSTANCE);
        assertNotification(c.lastSent(), NotificationMessage.FINITE_STATE_MACHINE_ERROR,
            NotificationMessage.FSM_UNEXPECTED_MESSAGE_IN_OPENSENT);
        assertEquals(State.IDLE, session.state());

        advance(PeerConfig.DEFAULT_CONNECT_RETRY);
        c = outgoing.getLast();
        session.connected(c);
        c.inject(plainOpen());
        c.inject(UpdateMessage.withdraw(List.of(new Prefix4(0xC6120000, 15))), CodecOptions.FOUR_OCTET_EBGP);
        assertNotification(c.lastSent(), NotificationMessage.FINITE_STATE_MACHINE_ERROR,
            NotificationMessage.FSM_UNEXPECTED_MESSAGE_IN_OPENCONFIRM);

        advance(PeerConfig.DEFAULT_CONNECT_RETRY);
        c = outgoing.getLast();
        session.connected(c);
        c.inject(plainOpen());
        c.inject(KeepaliveMessage.INSTANCE);
        assertEquals(State.ESTABLISHED, session.state());
        c.inject(plainOpen());
        assertNotification(c.lastSent(), NotificationMessage.FINITE_STATE_MACHINE_ERROR,
            NotificationMessage.FSM_UNEXPECTED_MESSAGE_IN_ESTABLISHED);
        assertEquals("down", listener.calls().getLast().method());
    }

    @Test
    void shouldAnswerABadHeaderWithMessageHeaderError()
    {
        final FakeConnection c = establish(peer(), plainOpen());
        final byte[] bad = new byte[19];
        bad[16] = 0;
        bad[17] = 19;
        bad[18] = 4;
        c.injectBytes(bad);
        assertNotification(c.lastSent(), NotificationMessage.MESSAGE_HEADER_ERROR,
            NotificationMessage.HEADER_CONNECTION_NOT_SYNCHRONIZED);
        assertEquals(State.IDLE, session.state());
    }

    @Test
    void shouldRetryConnectingAndFallBackToActive()
    {
        session(peer());
        session.start();
        assertEquals(1, outgoing.size());
        advance(PeerConfig.DEFAULT_CONNECT_RETRY);
        assertEquals(2, outgoing.size(), "ConnectRetryTimer expiry in Connect connects again");
        assertTrue(outgoing.getFirst().socketClosed);
        session.connectFailed(outgoing.getLast(), "refused");
        assertEquals(State.ACTIVE, session.state());
        advance(PeerConfig.DEFAULT_CONNECT_RETRY);
        assertEquals(State.CONNECT, session.state());
        assertEquals(3, outgoing.size());
    }

    @Test
    void shouldWaitPassivelyAndAcceptIncoming()
    {
        session(with(peer(), true, Map.of(), true, PEER_AS));
        session.start();
        assertEquals(State.ACTIVE, session.state());
        advance(60);
        assertEquals(0, outgoing.size(), "a passive session never connects");
        final FakeConnection in = new FakeConnection(loop, false, LOCAL, REMOTE);
        session.incoming(in);
        assertEquals(State.OPEN_SENT, session.state());
        in.inject(plainOpen());
        in.inject(KeepaliveMessage.INSTANCE);
        assertEquals(State.ESTABLISHED, session.state());
    }

    @Test
    void shouldRefuseIncomingWhileIdle()
    {
        session(peer());
        final FakeConnection in = new FakeConnection(loop, false, LOCAL, REMOTE);
        session.incoming(in);
        assertTrue(in.socketClosed);
        assertEquals(State.IDLE, session.state());
    }

    @Test
    void shouldExpireTheLargeHoldTimerInOpenSent()
    {
        session(peer());
        session.start();
        final FakeConnection c = outgoing.getLast();
        session.connected(c);
        advance(239);
        assertEquals(State.OPEN_SENT, session.state());
        advance(2);
        assertNotification(c.lastSent(), NotificationMessage.HOLD_TIMER_EXPIRED, 0);
        assertEquals(State.IDLE, session.state());
    }

    @Test
    void shouldSendKeepalivesAtAThirdOfTheHoldTimeAndExpireTheHoldTimer()
    {
        final FakeConnection c = establish(peer(), plainOpen());
        final long before = c.sent().stream().filter(m -> m instanceof KeepaliveMessage).count();
        advance(29.9);
        assertEquals(before, c.sent().stream().filter(m -> m instanceof KeepaliveMessage).count());
        advance(0.2);
        assertEquals(before + 1, c.sent().stream().filter(m -> m instanceof KeepaliveMessage).count());
        advance(30);
        assertEquals(before + 2, c.sent().stream().filter(m -> m instanceof KeepaliveMessage).count());
        // Receiving restarts the hold timer: 60 s passed, a KEEPALIVE now keeps it up for 90 more.
        c.inject(KeepaliveMessage.INSTANCE);
        advance(89);
        assertEquals(State.ESTABLISHED, session.state());
        advance(1.1);
        assertNotification(c.lastSent(), NotificationMessage.HOLD_TIMER_EXPIRED, 0);
        assertEquals(State.IDLE, session.state());
        final TestListener.Call down = listener.calls("down").getFirst();
        assertEquals("hold timer expired", down.reason());
        assertFalse(down.keepStale());
        // Automatic restart after the connect-retry time.
        advance(PeerConfig.DEFAULT_CONNECT_RETRY);
        assertEquals(State.CONNECT, session.state());
    }

    @Test
    void shouldResolveACollisionInFavourOfTheHigherIdentifier()
    {
        // Peer's identifier is higher: the connection it initiated (incoming) stays.
        session(peer());
        session.start();
        final FakeConnection out = outgoing.getLast();
        session.connected(out);
        final FakeConnection in = new FakeConnection(loop, false, LOCAL, REMOTE);
        session.incoming(in);
        assertInstanceOf(OpenMessage.class, in.lastSent(), "the second connection gets our OPEN too");
        in.inject(plainOpen());
        assertEquals(State.OPEN_CONFIRM, session.state(), "the first OPEN moves on; the other connection waits");
        assertEquals(in, session.connection());
        assertFalse(out.socketClosed);
        out.inject(plainOpen());
        assertNotification(out.lastSent(), NotificationMessage.CEASE,
            NotificationMessage.CEASE_CONNECTION_COLLISION_RESOLUTION);
        assertTrue(out.socketClosed);
        assertEquals(State.OPEN_CONFIRM, session.state());
        assertEquals(in, session.connection());
        in.inject(KeepaliveMessage.INSTANCE);
        assertEquals(State.ESTABLISHED, session.state());
    }

    @Test
    void shouldResolveACollisionInFavourOfOurConnectionWhenOurIdentifierIsHigher()
    {
        session(peer());
        session.start();
        final FakeConnection out = outgoing.getLast();
        session.connected(out);
        final FakeConnection in = new FakeConnection(loop, false, LOCAL, REMOTE);
        session.incoming(in);
        final OpenMessage lowerId = peerOpen(PEER_AS, 90, 0x01000000, -1, Map.of());
        out.inject(lowerId);
        assertEquals(State.OPEN_CONFIRM, session.state());
        in.inject(lowerId);
        assertNotification(in.lastSent(), NotificationMessage.CEASE,
            NotificationMessage.CEASE_CONNECTION_COLLISION_RESOLUTION);
        assertTrue(in.socketClosed);
        assertEquals(State.OPEN_CONFIRM, session.state());
        assertEquals(out, session.connection());
        out.inject(KeepaliveMessage.INSTANCE);
        assertEquals(State.ESTABLISHED, session.state());
        assertEquals(out, session.connection());
    }

    @Test
    void shouldCloseTheWaitingConnectionWhenTheOtherIsEstablished()
    {
        session(peer());
        session.start();
        final FakeConnection out = outgoing.getLast();
        session.connected(out);
        final FakeConnection in = new FakeConnection(loop, false, LOCAL, REMOTE);
        session.incoming(in);
        out.inject(plainOpen());
        out.inject(KeepaliveMessage.INSTANCE);
        assertEquals(State.OPEN_CONFIRM, session.state(), "Established waits while the other connection may win");
        in.peerCloses();
        assertEquals(State.ESTABLISHED, session.state(), "and follows once the peer gave it up");
        assertEquals(out, session.connection());
    }

    @Test
    void shouldFollowAPeerThatIsEstablishedWhileTheOtherConnectionWaits()
    {
        // Seen with BIRD on a slow machine: its KEEPALIVE and then its UPDATEs on the first connection while our
        // second one still waited for its OPEN. The peer is Established there: so are we, the other one goes.
        session(peer());
        session.start();
        final FakeConnection out = outgoing.getLast();
        session.connected(out);
        final FakeConnection in = new FakeConnection(loop, false, LOCAL, REMOTE);
        session.incoming(in);
        out.inject(plainOpen());
        out.inject(KeepaliveMessage.INSTANCE);
        assertEquals(State.OPEN_CONFIRM, session.state(), "Established waits while the other connection may win");
        out.inject(UpdateMessage.endOfRib(AfiSafi.IPV4_UNICAST));
        assertEquals(State.ESTABLISHED, session.state(), "the peer's UPDATE says it is Established on this connection");
        assertEquals(out, session.connection());
        assertNotification(in.lastSent(), NotificationMessage.CEASE,
            NotificationMessage.CEASE_CONNECTION_COLLISION_RESOLUTION);
        assertTrue(in.socketClosed);
        assertFalse(out.socketClosed);
        assertEquals(1, listener.calls("established").size());
        assertTrue(listener.calls("down").isEmpty());
    }

    @Test
    void shouldCloseANewConnectionWithoutTheRestartBitWhileEstablished()
    {
        final OpenMessage open = peerOpen(PEER_AS, 90, PEER_ID, 0, Map.of(AfiSafi.IPV4_UNICAST, true));
        establish(peer(), open);
        final FakeConnection in = new FakeConnection(loop, false, LOCAL, REMOTE);
        session.incoming(in);
        in.inject(open);
        assertNotification(in.lastSent(), NotificationMessage.CEASE,
            NotificationMessage.CEASE_CONNECTION_COLLISION_RESOLUTION);
        assertTrue(in.socketClosed);
        assertEquals(State.ESTABLISHED, session.state());
        assertTrue(listener.calls("down").isEmpty());
    }

    @Test
    void shouldKeepTheOutgoingAttemptWhenThePeersConnectionArrivesFirst()
    {
        session(peer());
        session.start();
        final FakeConnection out = outgoing.getLast();
        final FakeConnection in = new FakeConnection(loop, false, LOCAL, REMOTE);
        session.incoming(in);
        assertEquals(State.OPEN_SENT, session.state());
        assertFalse(out.socketClosed, "the outgoing attempt goes on");
        session.connected(out);
        assertInstanceOf(OpenMessage.class, out.lastSent(), "and runs its own OPEN exchange");
        // The peer resolved the collision first and closed its connection: ours carries on.
        in.inject(NotificationMessage.of(NotificationMessage.CEASE,
            NotificationMessage.CEASE_CONNECTION_COLLISION_RESOLUTION));
        assertEquals(State.OPEN_SENT, session.state());
        assertEquals(out, session.connection());
        out.inject(plainOpen());
        out.inject(KeepaliveMessage.INSTANCE);
        assertEquals(State.ESTABLISHED, session.state());
        assertTrue(listener.calls("down").isEmpty());
    }

    @Test
    void shouldCloseANewConnectionWhileEstablishedWithoutGracefulRestart()
    {
        establish(peer(), plainOpen());
        final FakeConnection in = new FakeConnection(loop, false, LOCAL, REMOTE);
        session.incoming(in);
        assertNotification(in.lastSent(), NotificationMessage.CEASE,
            NotificationMessage.CEASE_CONNECTION_COLLISION_RESOLUTION);
        assertTrue(in.socketClosed);
        assertEquals(State.ESTABLISHED, session.state());
    }

    @Test
    void shouldTreatANewOpenWhileEstablishedAsARestartOfAGracefulPeer()
    {
        final OpenMessage open = peerOpen(PEER_AS, 90, PEER_ID, 0, Map.of(AfiSafi.IPV4_UNICAST, true));
        final FakeConnection old = establish(peer(), open);
        // A connection that closes without an OPEN (a collision race) leaves the session alone.
        final FakeConnection stray = new FakeConnection(loop, false, LOCAL, REMOTE);
        session.incoming(stray);
        stray.peerCloses();
        assertEquals(State.ESTABLISHED, session.state());
        assertEquals(old, session.connection());

        final FakeConnection fresh = new FakeConnection(loop, false, LOCAL, REMOTE);
        session.incoming(fresh);
        assertInstanceOf(OpenMessage.class, fresh.lastSent());
        assertEquals(State.ESTABLISHED, session.state());
        fresh.inject(peerOpen(PEER_AS, 90, PEER_ID, Capability.GracefulRestart.RESTART_STATE,
            Map.of(AfiSafi.IPV4_UNICAST, true)));
        assertTrue(old.socketClosed);
        final TestListener.Call down = listener.calls("down").getFirst();
        assertTrue(down.keepStale(), down.toString());
        assertEquals(State.OPEN_CONFIRM, session.state());
        assertEquals(fresh, session.connection());
        fresh.inject(KeepaliveMessage.INSTANCE);
        assertEquals(State.ESTABLISHED, session.state());
        assertEquals(Set.of(AfiSafi.IPV4_UNICAST), session.staleFamilies());
    }

    @Test
    void shouldKeepRoutesStaleOnTcpFailureAndFlushAfterTheRestartTime()
    {
        final FakeConnection c = establish(peer(), peerOpen(PEER_AS, 90, PEER_ID, 0,
            Map.of(AfiSafi.IPV4_UNICAST, true, AfiSafi.IPV6_UNICAST, true)));
        c.peerCloses();
        assertEquals(State.IDLE, session.state());
        final TestListener.Call down = listener.calls("down").getFirst();
        assertTrue(down.keepStale(), down.toString());
        assertEquals(BOTH, session.staleFamilies());
        // Automatic restart does not disturb the restart timer; nobody answers.
        advance(119);
        assertTrue(listener.calls("staleTimeout").isEmpty());
        advance(2);
        assertEquals(2, listener.calls("staleTimeout").size());
        assertTrue(session.staleFamilies().isEmpty());
    }

    @Test
    void shouldFlushAFamilyWithoutForwardingStateAtOnceAndTheOthersAtEndOfRib()
    {
        FakeConnection c = establish(peer(), peerOpen(PEER_AS, 90, PEER_ID, 0,
            Map.of(AfiSafi.IPV4_UNICAST, true, AfiSafi.IPV6_UNICAST, true)));
        c.peerCloses();
        advance(PeerConfig.DEFAULT_CONNECT_RETRY);
        c = outgoing.getLast();
        session.connected(c);
        c.inject(peerOpen(PEER_AS, 90, PEER_ID, Capability.GracefulRestart.RESTART_STATE,
            Map.of(AfiSafi.IPV4_UNICAST, true, AfiSafi.IPV6_UNICAST, false)));
        c.inject(KeepaliveMessage.INSTANCE);
        assertEquals(State.ESTABLISHED, session.state());
        assertEquals(List.of(AfiSafi.IPV6_UNICAST),
            listener.calls("staleTimeout").stream().map(TestListener.Call::argument).toList(),
            "F bit 0: flushed at once");
        assertTrue(session.negotiated().peerRestart().restarting());
        c.inject(UpdateMessage.endOfRib(AfiSafi.IPV4_UNICAST), session.negotiated().codec());
        assertEquals(AfiSafi.IPV4_UNICAST, listener.calls("endOfRib").getFirst().argument());
        assertEquals(List.of(AfiSafi.IPV6_UNICAST, AfiSafi.IPV4_UNICAST),
            listener.calls("staleTimeout").stream().map(TestListener.Call::argument).toList());
        assertTrue(session.staleFamilies().isEmpty());
    }

    @Test
    void shouldApplyTheNotificationRulesOfRfc8538()
    {
        // Without the N bit: a NOTIFICATION flushes.
        FakeConnection c = establish(peer(), peerOpen(PEER_AS, 90, PEER_ID, 0, Map.of(AfiSafi.IPV4_UNICAST, true)));
        c.inject(NotificationMessage.shutdown(NotificationMessage.CEASE_ADMIN_SHUTDOWN, "bye"));
        assertFalse(listener.calls("down").getLast().keepStale());
        assertTrue(session.lastError().contains("\"bye\""), session.lastError());

        // With the N bit: an ordinary Cease keeps the routes; a Hard Reset does not.
        listener.clear();
        c = establish(peer(), peerOpen(PEER_AS, 90, PEER_ID, Capability.GracefulRestart.NOTIFICATION,
            Map.of(AfiSafi.IPV4_UNICAST, true)));
        c.inject(NotificationMessage.of(NotificationMessage.CEASE, NotificationMessage.CEASE_OUT_OF_RESOURCES));
        assertTrue(listener.calls("down").getLast().keepStale());
        assertEquals(List.of(AfiSafi.IPV6_UNICAST),
            listener.calls("staleTimeout").stream().map(TestListener.Call::argument).toList(),
            "a family outside the peer's capability is flushed at once");

        listener.clear();
        c = establish(peer(), peerOpen(PEER_AS, 90, PEER_ID, Capability.GracefulRestart.NOTIFICATION,
            Map.of(AfiSafi.IPV4_UNICAST, true)));
        c.inject(new NotificationMessage(NotificationMessage.CEASE, NotificationMessage.CEASE_HARD_RESET,
            new byte[] {6, 2, 0}));
        assertFalse(listener.calls("down").getLast().keepStale());
        assertTrue(session.lastError().contains("Hard Reset (Cease/Administrative Shutdown)"), session.lastError());
    }

    @Test
    void shouldStopWithAShutdownCommunicationAndStayIdle()
    {
        final FakeConnection c = establish(peer(), plainOpen());
        session.stop(NotificationMessage.CEASE_ADMIN_SHUTDOWN, "maintenance until 10:00");
        final NotificationMessage n = (NotificationMessage)c.lastSent();
        assertNotification(n, NotificationMessage.CEASE, NotificationMessage.CEASE_ADMIN_SHUTDOWN);
        assertEquals("maintenance until 10:00", n.shutdownCommunication());
        assertEquals(State.IDLE, session.state());
        assertFalse(listener.calls("down").getLast().keepStale());
        advance(600);
        assertEquals(State.IDLE, session.state());
        assertEquals(1, outgoing.size());
        session.start();
        assertEquals(State.CONNECT, session.state(), "start() leaves Idle again");
        assertEquals(2, outgoing.size());
    }

    @Test
    void shouldWrapAShutdownInAHardResetWhenTheNBitIsNegotiated()
    {
        final FakeConnection c = establish(peer(), peerOpen(PEER_AS, 90, PEER_ID, Capability.GracefulRestart.NOTIFICATION,
            Map.of(AfiSafi.IPV4_UNICAST, true)));
        session.stop(NotificationMessage.CEASE_ADMIN_SHUTDOWN, "x");
        final NotificationMessage n = (NotificationMessage)c.lastSent();
        assertNotification(n, NotificationMessage.CEASE, NotificationMessage.CEASE_HARD_RESET);
        assertEquals("x", n.hardResetCause().shutdownCommunication());
    }

    @Test
    void shouldDeliverUpdatesEndOfRibAndRouteRefresh()
    {
        final FakeConnection c = establish(peer(), plainOpen());
        final CodecOptions codec = session.negotiated().codec();
        final Prefix4 p = new Prefix4(0xC6336400, 24);
        c.inject(UpdateMessage.announce(ATTRIBUTES, List.of(p)), codec);
        final UpdateMessage got = (UpdateMessage)listener.calls("update").getFirst().argument();
        assertEquals(List.of(p), got.nlri());
        c.inject(UpdateMessage.endOfRib(AfiSafi.IPV4_UNICAST), codec);
        c.inject(UpdateMessage.endOfRib(AfiSafi.IPV6_UNICAST), codec);
        assertEquals(List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST),
            listener.calls("endOfRib").stream().map(TestListener.Call::argument).toList());
        assertEquals(1, listener.calls("update").size(), "End-of-RIB is not an update");
        assertEquals(3, session.updatesReceived());

        c.inject(new RouteRefreshMessage(AfiSafi.IPV6_UNICAST, RouteRefreshMessage.NORMAL), codec);
        c.inject(new RouteRefreshMessage(AfiSafi.IPV4_UNICAST, RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH), codec);
        c.inject(new RouteRefreshMessage(AfiSafi.IPV4_UNICAST, RouteRefreshMessage.END_OF_ROUTE_REFRESH), codec);
        c.inject(new RouteRefreshMessage(AfiSafi.of(1, 128), RouteRefreshMessage.NORMAL), codec);
        assertEquals(List.of("routeRefreshRequested", "routeRefreshBegin", "routeRefreshEnd"),
            listener.calls().stream().map(TestListener.Call::method).filter(m -> m.startsWith("routeRefresh")).toList());

        session.send(UpdateMessage.withdraw(List.of(p)));
        assertEquals(1, session.updatesSent());
        assertEquals(UpdateMessage.withdraw(List.of(p)), c.lastSent());
    }

    @Test
    void shouldTurnTreatAsWithdrawIntoAWithdrawal()
    {
        final FakeConnection c = establish(peer(), plainOpen());
        // ORIGIN, an AS_PATH whose segment overruns its attribute (RFC 7606 §7.2: treat-as-withdraw),
        // NEXT_HOP; NLRI 198.51.100.0/24.
        final byte[] update = HexFormat.of().parseHex("ffffffffffffffffffffffffffffffff" + "002d02" + "0000" + "0012" +
            "40010100" + "4002040201fde9" + "400304c6120001" + "18c63364");
        c.injectBytes(update);
        assertEquals(State.ESTABLISHED, session.state());
        final UpdateMessage got = (UpdateMessage)listener.calls("update").getFirst().argument();
        assertEquals(List.of(new Prefix4(0xC6336400, 24)), got.withdrawn());
        assertTrue(got.nlri().isEmpty());
    }

    @Test
    void shouldMakeMpReachWithdrawalsForTreatAsWithdraw()
    {
        final Prefix6 p6 = new Prefix6(0x20010DB800000000L, 0, 48);
        final UpdateMessage u = new UpdateMessage(List.of(), ATTRIBUTES, List.of(new Prefix4(0xC6120000, 15)),
            new MpReachNlri(AfiSafi.IPV6_UNICAST, Ip6Address.parse("2001:db8::1"), null, List.of(p6)), null);
        final List<UpdateMessage> w = BgpSession.asWithdrawals(u);
        assertEquals(1, w.size());
        assertEquals(List.of(new Prefix4(0xC6120000, 15)), w.getFirst().withdrawn());
        assertEquals(List.<IpPrefix>of(p6), w.getFirst().mpUnreach().withdrawn());
    }

    /** RFC 8950 §3: advertised when configured; used only when the peer advertised IPv4 unicast via IPv6 too. */
    @Test
    void shouldNegotiateTheExtendedNextHopOnlyWhenBothAdvertiseIt()
    {
        final PeerConfig enabled = PeerConfig.of("peer1", Ip6Address.parse("2001:db8:1::2"), PEER_AS)
            .withExtendedNextHop(true);
        final OpenMessage withCapability = withCapability(plainOpen(), new Capability.ExtendedNextHop(
            List.of(Capability.ExtendedNextHop.IPV4_UNICAST_VIA_IPV6)));

        FakeConnection c = establish(enabled, withCapability);
        assertEquals(new Capability.ExtendedNextHop(List.of(Capability.ExtendedNextHop.IPV4_UNICAST_VIA_IPV6)),
            ((OpenMessage)c.sent().getFirst()).capability(Capability.ExtendedNextHop.class), "ours: AFI 1, SAFI 1, NH AFI 2");
        assertTrue(session.negotiated().extendedNextHop());

        c = establish(enabled, plainOpen());
        assertFalse(session.negotiated().extendedNextHop(), "the peer did not advertise it");
        c = establish(enabled, withCapability(plainOpen(), new Capability.ExtendedNextHop(
            List.of(new Capability.ExtendedNextHop.Entry(AfiSafi.of(1, 128), AfiSafi.AFI_IPV6)))));
        assertFalse(session.negotiated().extendedNextHop(), "only for IPv4 VPN, which is not ours");

        c = establish(peer(), withCapability);
        assertNull(((OpenMessage)c.sent().getFirst()).capability(Capability.ExtendedNextHop.class), "off by default");
        assertFalse(session.negotiated().extendedNextHop());
    }

    private static OpenMessage withCapability(final OpenMessage open, final Capability capability)
    {
        final List<Capability> capabilities = new ArrayList<>(open.capabilities());
        capabilities.add(capability);
        return OpenMessage.of(open.asNumber(), open.holdTimeSeconds(), open.bgpIdentifier(), capabilities);
    }

    /** IPv4 routes with an IPv6 next hop from a peer that did not negotiate RFC 8950: withdrawn, session kept. */
    @Test
    void shouldTreatIpv4RoutesWithAnIpv6NextHopAsWithdrawnWithoutTheCapability()
    {
        final Prefix4 p = new Prefix4(0xC6127800, 24); // 198.18.120.0/24
        final UpdateMessage viaIpv6 = new UpdateMessage(List.of(), ATTRIBUTES.without(PathAttribute.NEXT_HOP), List.of(),
            new MpReachNlri(AfiSafi.IPV4_UNICAST, Ip6Address.parse("2001:db8:1::2"), null, List.of(p)), null);

        FakeConnection c = establish(peer(), plainOpen());
        c.inject(viaIpv6, session.negotiated().codec());
        assertEquals(State.ESTABLISHED, session.state());
        UpdateMessage got = (UpdateMessage)listener.calls("update").getLast().argument();
        assertEquals(AfiSafi.IPV4_UNICAST, got.mpUnreach().afiSafi());
        assertEquals(List.<IpPrefix>of(p), got.mpUnreach().withdrawn(), "withdrawn");
        assertNull(got.mpReach());

        listener.clear();
        c = establish(PeerConfig.of("peer1", Ip6Address.parse("2001:db8:1::2"), PEER_AS).withExtendedNextHop(true),
            withCapability(plainOpen(), new Capability.ExtendedNextHop(
                List.of(Capability.ExtendedNextHop.IPV4_UNICAST_VIA_IPV6))));
        c.inject(viaIpv6, session.negotiated().codec());
        got = (UpdateMessage)listener.calls("update").getLast().argument();
        assertEquals(viaIpv6, got, "negotiated: delivered as it came");
    }

    @Test
    void shouldDisableAFamilyWhoseMpAttributeIsMalformed()
    {
        final FakeConnection c = establish(peer(), plainOpen());
        final CodecOptions codec = session.negotiated().codec();
        final Prefix6 p6 = new Prefix6(0x20010DB800000000L, 0, 48);
        c.inject(new UpdateMessage(List.of(), ATTRIBUTES.without(PathAttribute.NEXT_HOP), List.of(),
            new MpReachNlri(AfiSafi.IPV6_UNICAST, Ip6Address.parse("2001:db8::1"), null, List.of(p6)), null), codec);
        // MP_UNREACH_NLRI of IPv6 with a prefix length of 200: RFC 7606 AFI/SAFI disable.
        c.injectBytes(HexFormat.of().parseHex("ffffffffffffffffffffffffffffffff" + "001e02" + "0000" + "0007" +
            "800f04000201c8"));
        assertEquals(State.ESTABLISHED, session.state());
        assertEquals(List.of("established", "update", "routeRefreshBegin", "routeRefreshEnd"),
            listener.calls().stream().map(TestListener.Call::method).toList(),
            "the family's routes are purged through the refresh pair");
        assertEquals(AfiSafi.IPV6_UNICAST, listener.calls().getLast().argument());
        // IPv6 is ignored from now on; IPv4 still flows.
        c.inject(new UpdateMessage(List.of(new Prefix4(0xC6120000, 15)), ATTRIBUTES.without(PathAttribute.NEXT_HOP),
            List.of(), new MpReachNlri(AfiSafi.IPV6_UNICAST, Ip6Address.parse("2001:db8::1"), null, List.of(p6)), null),
            codec);
        final UpdateMessage last = (UpdateMessage)listener.calls().getLast().argument();
        assertEquals(List.of(new Prefix4(0xC6120000, 15)), last.withdrawn());
        assertNull(last.mpReach());
        c.inject(UpdateMessage.endOfRib(AfiSafi.IPV6_UNICAST), codec);
        assertTrue(listener.calls("endOfRib").isEmpty());
    }

    @Test
    void shouldIgnoreRoutesOfAFamilyNotNegotiated()
    {
        final PeerConfig p = peer();
        final PeerConfig ipv4Only = p.toBuilder()
            .passive(false)
            .families(Set.of(AfiSafi.IPV4_UNICAST))
            .gracefulRestart(true)
            .maxPrefixes(Map.of())
            .importPolicy(Optional.empty())
            .exportPolicy(Optional.empty())
            .nextHopSelf(false)
            .routeReflectorClient(false)
            .build();
        final FakeConnection c = establish(ipv4Only, plainOpen());
        assertEquals(Set.of(AfiSafi.IPV4_UNICAST), session.negotiated().families());
        final CodecOptions codec = session.negotiated().codec();
        final Prefix6 p6 = new Prefix6(0x20010DB800000000L, 0, 48);
        c.inject(new UpdateMessage(List.of(), ATTRIBUTES.without(PathAttribute.NEXT_HOP), List.of(),
            new MpReachNlri(AfiSafi.IPV6_UNICAST, Ip6Address.parse("2001:db8::1"), null, List.of(p6)), null), codec);
        c.inject(UpdateMessage.endOfRib(AfiSafi.IPV6_UNICAST), codec);
        assertTrue(listener.calls("update").isEmpty());
        assertTrue(listener.calls("endOfRib").isEmpty());
        assertEquals(State.ESTABLISHED, session.state());
    }

    @Test
    void shouldCloseWhenTheMaximumNumberOfPrefixesIsExceeded()
    {
        final FakeConnection c = establish(with(peer(), false, Map.of(AfiSafi.IPV4_UNICAST, 2), true, PEER_AS),
            plainOpen());
        final CodecOptions codec = session.negotiated().codec();
        final Prefix4 a = new Prefix4(0xC6120000, 24);
        final Prefix4 b = new Prefix4(0xC6120100, 24);
        final Prefix4 d = new Prefix4(0xC6120200, 24);
        c.inject(UpdateMessage.announce(ATTRIBUTES, List.of(a, b)), codec);
        c.inject(UpdateMessage.announce(ATTRIBUTES, List.of(a)), codec);
        c.inject(UpdateMessage.withdraw(List.of(b)), codec);
        c.inject(UpdateMessage.announce(ATTRIBUTES, List.of(d)), codec);
        assertEquals(State.ESTABLISHED, session.state(), "announce a, b; a again; withdraw b; d: two prefixes");
        assertEquals(4, listener.calls("update").size());
        c.inject(UpdateMessage.announce(ATTRIBUTES, List.of(b)), codec);
        final NotificationMessage n = (NotificationMessage)c.lastSent();
        assertNotification(n, NotificationMessage.CEASE, NotificationMessage.CEASE_MAXIMUM_PREFIXES_REACHED);
        assertArrayEquals(new byte[] {0, 1, 1, 0, 0, 0, 2}, n.data());
        assertEquals(4, listener.calls("update").size(), "the UPDATE over the limit is not delivered");
        assertEquals(State.IDLE, session.state());
        assertFalse(listener.calls("down").getLast().keepStale());
        advance(PeerConfig.DEFAULT_CONNECT_RETRY);
        assertEquals(State.CONNECT, session.state(), "restarts after the connect-retry time");
    }

    @Test
    void shouldQueueWhenTheSocketIsFullAndCallBackBelowTheLowWaterMark()
    {
        session = new BgpSession(peer(), LOCAL_AS, ROUTER_ID, listener, loop, s ->
        {
            final FakeConnection c = new FakeConnection(loop, true, LOCAL, REMOTE);
            outgoing.add(c);
            return c;
        }, SessionOptions.DEFAULT.withClock(clock).withWaterMarks(1000, 100));
        session.start();
        final FakeConnection c = outgoing.getLast();
        session.connected(c);
        c.inject(plainOpen());
        c.inject(KeepaliveMessage.INSTANCE);
        c.capacity = 0;
        final List<Prefix4> many = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            many.add(new Prefix4(0xC6120000 + (i << 8), 24));
        }
        final UpdateMessage withdraw = UpdateMessage.withdraw(many);
        session.send(withdraw);
        assertFalse(session.congested());
        session.send(withdraw);
        session.send(withdraw);
        assertTrue(session.congested());
        assertTrue(c.writeInterest);
        final boolean[] called = new boolean[1];
        session.onWritable(() -> called[0] = true);
        assertFalse(called[0]);
        c.drain(1000);
        assertFalse(called[0], "still above the low-water mark");
        c.drain(10_000);
        assertTrue(called[0]);
        assertFalse(c.writeInterest);
        assertEquals(3, c.sent().stream().filter(m -> m.equals(withdraw)).count());
    }
}
