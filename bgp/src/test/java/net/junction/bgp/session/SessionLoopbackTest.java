/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.session.PeerSession.State;
import net.junction.bgp.transport.TcpSockets;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.Capability;
import net.junction.bgp.wire.CodecOptions;
import net.junction.bgp.wire.KeepaliveMessage;
import net.junction.bgp.wire.MessageDecoder;
import net.junction.bgp.wire.MessageEncoder;
import net.junction.bgp.wire.OpenMessage;
import net.junction.bgp.wire.NotificationMessage;
import net.junction.bgp.wire.RouteRefreshMessage;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.UpdatePacker;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two of our own speakers over loopback, on ephemeral ports: real sockets, the real event loop, TCP MD5
 * and GTSM in the kernel. Speaker A is 127.0.0.1 (or ::1), speaker B 127.0.0.2 (or ::1 on another port).
 */
@Timeout(60)
class SessionLoopbackTest
{
    static final Duration WAIT = Duration.ofSeconds(15);
    static final int AS_A = (int)4_200_000_001L;
    static final int AS_B = (int)4_200_000_002L;
    static final Set<AfiSafi> BOTH = Set.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST);

    final List<BgpSessions> speakers = new ArrayList<>();
    final TestListener listenerA = new TestListener();
    final TestListener listenerB = new TestListener();
    BgpSessions a;
    BgpSessions b;

    @AfterEach
    void closeSpeakers()
    {
        speakers.forEach(BgpSessions::close);
    }

    record Peer(String name, String remote, String local, int remoteAs, boolean passive, int hold,
        Optional<String> password, Optional<Integer> gtsmHops, Optional<Integer> multihop)
    {
        Peer(final String name, final String remote, final String local, final int remoteAs, final boolean passive,
            final int hold, final Optional<String> password, final Optional<Integer> gtsmHops)
        {
            this(name, remote, local, remoteAs, passive, hold, password, gtsmHops, Optional.empty());
        }

        PeerConfig config()
        {
            return PeerConfig.builder(name, IpAddress.parse(remote), remoteAs)
                .localAddress(Optional.of(IpAddress.parse(local)))
                .passive(passive)
                .holdTimeSeconds(hold)
                .connectRetrySeconds(1)
                .password(password)
                .ttlSecurityHops(gtsmHops)
                .families(BOTH)
                .restartTimeSeconds(30)
                .ebgpMultihop(multihop)
                .build();
        }
    }

    static Peer peer(final String name, final String remote, final String local, final int remoteAs)
    {
        return new Peer(name, remote, local, remoteAs, false, 9, Optional.empty(), Optional.empty());
    }

    static int freePort(final String address) throws IOException
    {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address)))
        {
            return s.getLocalPort();
        }
    }

    BgpSessions speaker(final TestListener listener, final int as, final String routerId, final String listen,
        final int listenPort, final int peerPort, final Peer peer) throws IOException
    {
        final Optional<IpAddress> listenAddress = listen == null ? Optional.empty() : Optional.of(IpAddress.parse(listen));
        final BgpConfig config = new BgpConfig(as, Ip4.parse(routerId), listenAddress,
            listenPort, 1, List.of(peer.config()), Map.of(), List.of());
        final BgpSessions s = new BgpSessions(config, listener, SessionOptions.DEFAULT.withPeerPort(peerPort));
        speakers.add(s);
        return s;
    }

    /** A at {@code addressA}, B at {@code addressB}, peering; not started. */
    void pair(final String addressA, final String addressB, final Peer toB, final Peer toA) throws IOException
    {
        final int portA = freePort(addressA == null ? "0.0.0.0" : addressA);
        int portB = freePort(addressB);
        while (portB == portA)
        {
            portB = freePort(addressB);
        }
        a = speaker(listenerA, AS_A, "198.18.0.1", addressA, portA, portB, toB);
        b = speaker(listenerB, AS_B, "198.18.0.2", addressB, portB, portA, toA);
    }

    void pair4() throws IOException
    {
        pair("127.0.0.1", "127.0.0.2", peer("b", "127.0.0.2", "127.0.0.1", AS_B), peer("a", "127.0.0.1", "127.0.0.2", AS_A));
    }

    static void await(final String what, final BooleanSupplier condition, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            try
            {
                Thread.sleep(10);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }

    void startAndEstablish() throws IOException
    {
        a.start();
        b.start();
        listenerA.await("established", "b", WAIT);
        listenerB.await("established", "a", WAIT);
    }

    static PathAttributes attributes(final int as)
    {
        return PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP, PathAttribute.AsPath.sequence(as),
            new PathAttribute.NextHop(Ip4.parse("127.0.0.1")));
    }

    static Set<IpPrefix> announced(final TestListener listener)
    {
        final Set<IpPrefix> routes = new HashSet<>();
        for (final TestListener.Call c : listener.calls("update"))
        {
            final UpdateMessage u = (UpdateMessage)c.argument();
            u.withdrawnPrefixes().forEach(routes::remove);
            routes.addAll(u.announcedPrefixes());
        }
        return routes;
    }

    @Test
    void shouldEstablishExchangeWithdrawRefreshAndStop() throws IOException
    {
        pair4();
        startAndEstablish();
        final BgpSession toB = a.session("b");
        final Negotiated n = a.call(toB::negotiated, 5000);
        assertEquals(AS_B, n.peerAs());
        assertEquals(BOTH, n.families());
        assertTrue(n.codec().fourOctetAs() && n.codec().extendedMessages());
        assertEquals(9, n.holdTimeSeconds());

        final List<Prefix4> v4 = new ArrayList<>();
        for (int i = 0; i < 3000; i++)
        {
            v4.add(new Prefix4(0xC6120000 + (i << 8), 24));
        }
        final List<Prefix6> v6 = new ArrayList<>();
        for (int i = 0; i < 500; i++)
        {
            v6.add(new Prefix6(0x20010DB800000000L | ((long)i << 16), 0, 48));
        }
        a.execute(() ->
        {
            final UpdatePacker packer = new UpdatePacker(toB.negotiated().codec());
            packer.announce(attributes(AS_A), v4, toB::sendEncoded);
            packer.announce(attributes(AS_A), AfiSafi.IPV6_UNICAST, Ip6Address.parse("2001:db8::1"), null, v6,
                toB::sendEncoded);
            toB.send(UpdateMessage.endOfRib(AfiSafi.IPV4_UNICAST));
            toB.send(UpdateMessage.endOfRib(AfiSafi.IPV6_UNICAST));
        });
        listenerB.await("End-of-RIB IPv6", c -> c.method().equals("endOfRib") &&
            c.argument().equals(AfiSafi.IPV6_UNICAST), WAIT);
        final Set<IpPrefix> expected = new HashSet<>(v4);
        expected.addAll(v6);
        assertEquals(expected, announced(listenerB));
        final BgpSession toA = b.session("a");
        // a counts an UPDATE once its write returns, so b may have read the last one first: each counter on its
        // own loop's thread, until a's loop is past its last write.
        await("a's count of UPDATEs sent equal to b's count received", () ->
            a.call(toB::updatesSent, 5_000).equals(b.call(toA::updatesReceived, 5_000)), WAIT);

        a.execute(() ->
        {
            final UpdatePacker packer = new UpdatePacker(toB.negotiated().codec());
            packer.withdraw(v4.subList(0, 1000), toB::sendEncoded);
            packer.withdraw(AfiSafi.IPV6_UNICAST, v6, toB::sendEncoded);
        });
        expected.removeAll(v4.subList(0, 1000));
        expected.removeAll(v6);
        await("withdrawals", () -> announced(listenerB).equals(expected), WAIT);

        // Route refresh, normal and enhanced.
        b.execute(() -> toA.send(new RouteRefreshMessage(AfiSafi.IPV4_UNICAST, RouteRefreshMessage.NORMAL)));
        listenerA.await("routeRefreshRequested", "b", WAIT);
        a.execute(() ->
        {
            toB.send(new RouteRefreshMessage(AfiSafi.IPV6_UNICAST, RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH));
            toB.send(new RouteRefreshMessage(AfiSafi.IPV6_UNICAST, RouteRefreshMessage.END_OF_ROUTE_REFRESH));
        });
        listenerB.await("routeRefreshEnd", "a", WAIT);
        assertEquals(1, listenerB.calls("routeRefreshBegin").size());

        // eBGP without GTSM: single hop.
        final SocketChannel channel = a.call(() -> ((TcpConnection)toB.connection()).channel(), 5000);
        assertEquals(1, TcpSockets.getInt(TcpSockets.fd(channel), TcpSockets.IPPROTO_IP, TcpSockets.IP_TTL));

        a.execute(() -> toB.stop(NotificationMessage.CEASE_ADMIN_SHUTDOWN, "maintenance window 42"));
        final TestListener.Call down = listenerB.await("down", "a", WAIT);
        assertTrue(down.reason().contains("maintenance window 42"), down.reason());
        assertFalse(down.keepStale(), "a Hard Reset (RFC 8538) flushes");
        assertTrue(toA.lastError().contains("maintenance window 42"), toA.lastError());
        await("A idle", () -> toB.state() == State.IDLE, WAIT);
    }

    /** One whole message from a raw socket. */
    static byte[] readMessage(final InputStream in) throws IOException
    {
        final byte[] header = in.readNBytes(19);
        if (header.length < 19)
        {
            throw new IOException("connection closed");
        }
        final int length = ((header[16] & 0xFF) << 8) | (header[17] & 0xFF);
        final byte[] message = new byte[length];
        System.arraycopy(header, 0, message, 0, 19);
        System.arraycopy(in.readNBytes(length - 19), 0, message, 19, length - 19);
        return message;
    }

    @Test
    void shouldResetOnlyTheSessionThatSentAMalformedUpdate() throws IOException
    {
        // A peers with B (a speaker like itself) and with "bad", a raw socket at 127.0.0.3 that sends garbage.
        final int portA = freePort("127.0.0.1");
        int portB = freePort("127.0.0.2");
        while (portB == portA)
        {
            portB = freePort("127.0.0.2");
        }
        final int asBad = 65003;
        final PeerConfig bad = PeerConfig.builder("bad", IpAddress.parse("127.0.0.3"), asBad)
            .localAddress(Optional.of(IpAddress.parse("127.0.0.1")))
            .passive(true)
            .holdTimeSeconds(9)
            .connectRetrySeconds(1)
            .families(Set.of(AfiSafi.IPV4_UNICAST))
            .gracefulRestart(false)
            .restartTimeSeconds(30)
            .build();
        a = new BgpSessions(new BgpConfig(AS_A, Ip4.parse("198.18.0.1"), Optional.of(IpAddress.parse("127.0.0.1")),
            portA, 1, List.of(peer("b", "127.0.0.2", "127.0.0.1", AS_B).config(), bad), Map.of(), List.of()),
            listenerA, SessionOptions.DEFAULT.withPeerPort(portB));
        speakers.add(a);
        b = speaker(listenerB, AS_B, "198.18.0.2", "127.0.0.2", portB, portA, peer("a", "127.0.0.1", "127.0.0.2", AS_A));
        startAndEstablish();
        final BgpSession toA = b.session("a");
        b.execute(() -> new UpdatePacker(toA.negotiated().codec()).announce(attributes(AS_B),
            List.of(Prefix4.parse("198.18.10.0/24")), toA::sendEncoded));
        listenerA.await("B's route", c -> c.method().equals("update") && c.session().config().name().equals("b"), WAIT);

        try (Socket raw = new Socket())
        {
            raw.bind(new InetSocketAddress("127.0.0.3", 0));
            raw.connect(new InetSocketAddress("127.0.0.1", portA), 5000);
            raw.setSoTimeout(15_000);
            final InputStream in = raw.getInputStream();
            final CodecOptions codec = new CodecOptions(false, false, true);
            raw.getOutputStream().write(MessageEncoder.encode(OpenMessage.of(asBad, 9, Ip4.parse("198.18.0.3"),
                List.of(new Capability.Multiprotocol(AfiSafi.IPV4_UNICAST))), codec));
            assertTrue(MessageDecoder.decode(readMessage(in), codec).message() instanceof OpenMessage);
            raw.getOutputStream().write(MessageEncoder.encode(KeepaliveMessage.INSTANCE, codec));
            listenerA.await("established", "bad", WAIT);

            // An UPDATE with two MP_REACH_NLRI: RFC 7606 §3 g, the session must reset with Malformed Attribute List.
            final String mp = "800e0d000101" + "04" + "c6120003" + "00" + "18c6120b";
            final byte[] garbage = java.util.HexFormat.of().parseHex("ffffffffffffffffffffffffffffffff" + "0037" + "02" +
                "0000" + "0020" + mp + mp);
            raw.getOutputStream().write(garbage);
            NotificationMessage notification = null;
            while (notification == null)
            {
                if (MessageDecoder.decode(readMessage(in), codec).message() instanceof NotificationMessage n)
                {
                    notification = n;
                }
            }
            assertEquals(NotificationMessage.UPDATE_MESSAGE_ERROR, notification.code());
            assertEquals(NotificationMessage.UPDATE_MALFORMED_ATTRIBUTE_LIST, notification.subcode());
            assertEquals(-1, in.read(), "A closed the connection");
        }
        listenerA.await("down", "bad", WAIT);

        // B's session never noticed: still established, its route never withdrawn, and it still delivers.
        b.execute(() -> new UpdatePacker(toA.negotiated().codec()).announce(attributes(AS_B),
            List.of(Prefix4.parse("198.18.11.0/24")), toA::sendEncoded));
        listenerA.await("B's second route", c -> c.method().equals("update") && c.session().config().name().equals("b") &&
            ((UpdateMessage)c.argument()).nlri().contains(Prefix4.parse("198.18.11.0/24")), WAIT);
        assertEquals(State.ESTABLISHED, a.call(() -> a.session("b").state(), 5000));
        for (final TestListener.Call c : listenerA.calls())
        {
            if (c.session().config().name().equals("b"))
            {
                assertTrue(Set.of("established", "update", "endOfRib").contains(c.method()), c.toString());
                if (c.argument() instanceof UpdateMessage u)
                {
                    assertTrue(u.withdrawn().isEmpty(), c.toString());
                }
            }
        }
        assertTrue(listenerB.calls("down").isEmpty(), listenerB.calls().toString());
    }

    @Test
    void shouldEstablishOverIpv6()
    {
        final Peer toB = peer("b", "::1", "::1", AS_B);
        final Peer toA = peer("a", "::1", "::1", AS_A);
        try
        {
            pair("::1", "::1", toB, toA);
        }
        catch (final IOException ex)
        {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback: " + ex);
        }
        try
        {
            startAndEstablish();
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
        final BgpSession session = a.session("b");
        final Prefix6 p = new Prefix6(0x20010DB800010000L, 0, 48);
        a.execute(() -> new UpdatePacker(session.negotiated().codec()).announce(attributes(AS_A),
            AfiSafi.IPV6_UNICAST, Ip6Address.parse("::1"), null, List.of(p), session::sendEncoded));
        await("the IPv6 route", () -> announced(listenerB).contains(p), WAIT);
        assertEquals(Ip6Address.parse("::1"), a.call(() -> session.negotiated().remoteAddress(), 5000));
    }

    @Test
    void shouldExpireTheHoldTimerWhenThePeerStopsSendingKeepalives() throws IOException
    {
        pair("127.0.0.1", "127.0.0.2",
            new Peer("b", "127.0.0.2", "127.0.0.1", AS_B, false, 3, Optional.empty(), Optional.empty()),
            new Peer("a", "127.0.0.1", "127.0.0.2", AS_A, false, 3, Optional.empty(), Optional.empty()));
        startAndEstablish();
        a.execute(() -> a.session("b").suppressKeepalives(true));
        final TestListener.Call down = listenerB.await("down", "a", WAIT);
        assertEquals("hold timer expired", down.reason());
        final TestListener.Call downA = listenerA.await("down", "b", WAIT);
        assertTrue(downA.reason().contains("Hold Timer Expired"), downA.reason());
        // RFC 8538: both advertised the N bit, so the hold timer keeps the routes as stale.
        assertTrue(down.keepStale());
    }

    @Test
    void shouldPeerPassiveWithActive() throws IOException
    {
        pair("127.0.0.1", "127.0.0.2",
            new Peer("b", "127.0.0.2", "127.0.0.1", AS_B, true, 9, Optional.empty(), Optional.empty()),
            peer("a", "127.0.0.1", "127.0.0.2", AS_A));
        startAndEstablish();
        assertEquals(0, a.session("b").connectAttempts());
        assertTrue(b.session("a").connectAttempts() >= 1);
    }

    @Test
    void shouldKeepExactlyOneConnectionWhenBothConnectAtOnce() throws IOException
    {
        pair4();
        a.start();
        b.start();
        final BgpSession toB = a.session("b");
        final BgpSession toA = b.session("a");
        await("one shared connection", () ->
        {
            if (toB.state() != State.ESTABLISHED || toA.state() != State.ESTABLISHED)
            {
                return false;
            }
            final int[] ab = a.call(() -> ports(toB), 5000);
            final int[] ba = b.call(() -> ports(toA), 5000);
            return ab != null && ba != null && ab[0] == ba[1] && ab[1] == ba[0];
        }, WAIT);
        assertEquals(1, listenerA.calls("established").size(), () -> listenerA.calls().toString());
        assertEquals(1, listenerB.calls("established").size(), () -> listenerB.calls().toString());
        assertTrue(listenerA.calls("down").isEmpty() && listenerB.calls("down").isEmpty());
    }

    private static int[] ports(final BgpSession session)
    {
        if (!(session.connection() instanceof TcpConnection t))
        {
            return null;
        }
        try
        {
            return new int[] {((InetSocketAddress)t.channel().getLocalAddress()).getPort(),
                ((InetSocketAddress)t.channel().getRemoteAddress()).getPort()};
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    @Test
    void shouldCloseAConnectionFromAnUnknownAddress() throws IOException
    {
        pair4();
        a.start();
        try (Socket s = new Socket())
        {
            s.bind(new InetSocketAddress("127.0.0.3", 0));
            s.connect(new InetSocketAddress("127.0.0.1", a.listenPort()), 5000);
            s.setSoTimeout(5000);
            final InputStream in = s.getInputStream();
            int r;
            try
            {
                r = in.read();
            }
            catch (final SocketException reset)
            {
                r = -1;
            }
            assertEquals(-1, r, "the speaker closes a connection from a stranger");
        }
    }

    @Test
    void shouldEstablishWithMatchingMd5KeysOverIpv4AndIpv6() throws IOException
    {
        final Optional<String> key = Optional.of("s3cret-key");
        pair("127.0.0.1", "127.0.0.2",
            new Peer("b", "127.0.0.2", "127.0.0.1", AS_B, false, 9, key, Optional.empty()),
            new Peer("a", "127.0.0.1", "127.0.0.2", AS_A, false, 9, key, Optional.empty()));
        startAndEstablish();
        closeSpeakers();
        speakers.clear();
        listenerA.clear();
        listenerB.clear();
        try
        {
            pair("::1", "::1",
                new Peer("b", "::1", "::1", AS_B, false, 9, key, Optional.empty()),
                new Peer("a", "::1", "::1", AS_A, false, 9, key, Optional.empty()));
        }
        catch (final IOException ex)
        {
            return;
        }
        startAndEstablish();
    }

    @Test
    void shouldEstablishWithMd5OnADualStackWildcardListener() throws IOException
    {
        // The production default: listening on all addresses, an IPv6 socket whose key for an IPv4 peer is
        // given as its IPv4-mapped address.
        final Optional<String> key = Optional.of("wildcard-key");
        pair(null, "127.0.0.2",
            new Peer("b", "127.0.0.2", "127.0.0.1", AS_B, true, 9, key, Optional.empty()),
            new Peer("a", "127.0.0.1", "127.0.0.2", AS_A, false, 9, key, Optional.empty()));
        startAndEstablish();
    }

    @Test
    void shouldNotEstablishWithMismatchedMd5Keys() throws IOException
    {
        pair("127.0.0.1", "127.0.0.2",
            new Peer("b", "127.0.0.2", "127.0.0.1", AS_B, false, 9, Optional.of("key-one"), Optional.empty()),
            new Peer("a", "127.0.0.1", "127.0.0.2", AS_A, false, 9, Optional.of("key-two"), Optional.empty()));
        a.start();
        b.start();
        // Evidence that both kept trying (each attempt is dropped by the kernel for a bad signature and
        // abandoned at the next connect retry, 1 s), then that none got through.
        await("three connect attempts each", () -> a.session("b").connectAttempts() >= 3 &&
            b.session("a").connectAttempts() >= 3, WAIT);
        assertTrue(listenerA.calls("established").isEmpty());
        assertTrue(listenerB.calls("established").isEmpty());
        assertEquals(0, a.session("b").messagesReceived());
        assertEquals(0, b.session("a").messagesReceived());
    }

    @Test
    void shouldSetGtsmOptions() throws IOException
    {
        pair("127.0.0.1", "127.0.0.2",
            new Peer("b", "127.0.0.2", "127.0.0.1", AS_B, false, 9, Optional.empty(), Optional.of(1)),
            new Peer("a", "127.0.0.1", "127.0.0.2", AS_A, false, 9, Optional.empty(), Optional.of(1)));
        startAndEstablish();
        for (final BgpSessions s : List.of(a, b))
        {
            final BgpSession session = s.sessions().getFirst();
            final SocketChannel channel = s.call(() -> ((TcpConnection)session.connection()).channel(), 5000);
            final int fd = TcpSockets.fd(channel);
            assertEquals(255, TcpSockets.getInt(fd, TcpSockets.IPPROTO_IP, TcpSockets.IP_TTL));
            assertEquals(255, TcpSockets.getInt(fd, TcpSockets.IPPROTO_IP, TcpSockets.IP_MINTTL));
        }
        closeSpeakers();
        speakers.clear();
        listenerA.clear();
        listenerB.clear();
        pair("::1", "::1",
            new Peer("b", "::1", "::1", AS_B, false, 9, Optional.empty(), Optional.of(2)),
            new Peer("a", "::1", "::1", AS_A, false, 9, Optional.empty(), Optional.of(2)));
        startAndEstablish();
        for (final BgpSessions s : List.of(a, b))
        {
            final BgpSession session = s.sessions().getFirst();
            final SocketChannel channel = s.call(() -> ((TcpConnection)session.connection()).channel(), 5000);
            final int fd = TcpSockets.fd(channel);
            assertEquals(255, TcpSockets.getInt(fd, TcpSockets.IPPROTO_IPV6, TcpSockets.IPV6_UNICAST_HOPS));
            assertEquals(254, TcpSockets.getInt(fd, TcpSockets.IPPROTO_IPV6, TcpSockets.IPV6_MINHOPCOUNT));
        }
    }

    @Test
    void shouldSendWithTheEbgpMultihopTtlOnActiveAndAcceptedConnections() throws IOException
    {
        pair("127.0.0.1", "127.0.0.2",
            new Peer("b", "127.0.0.2", "127.0.0.1", AS_B, false, 9, Optional.empty(), Optional.empty(), Optional.of(4)),
            new Peer("a", "127.0.0.1", "127.0.0.2", AS_A, true, 9, Optional.empty(), Optional.empty(), Optional.of(7)));
        startAndEstablish();
        final Map<BgpSessions, Integer> expected = Map.of(a, 4, b, 7); // a connects, b (passive) accepts
        for (final BgpSessions s : List.of(a, b))
        {
            final BgpSession session = s.sessions().getFirst();
            final SocketChannel channel = s.call(() -> ((TcpConnection)session.connection()).channel(), 5000);
            assertEquals(expected.get(s), TcpSockets.getInt(TcpSockets.fd(channel), TcpSockets.IPPROTO_IP, TcpSockets.IP_TTL));
        }
    }

    @Test
    void shouldCloseEverySocketAndTheThreadOnClose() throws IOException
    {
        pair4();
        startAndEstablish();
        final int port = a.listenPort();
        final long loopThreads = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("bgp-sessions")).count();
        assertEquals(2, loopThreads);
        a.close();
        final TestListener.Call down = listenerB.await("down", "a", WAIT);
        assertTrue(down.reason().contains("Administrative Shutdown"), down.reason());
        try (ServerSocket s = new ServerSocket())
        {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port));
        }
        b.close();
        assertEquals(0, Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("bgp-sessions") && t.isAlive()).count());
    }
}
