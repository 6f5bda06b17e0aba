/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.bmp;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.rpki.RpkiConfig;
import net.junction.bgp.session.SessionOptions;
import net.junction.bgp.speaker.BgpSpeaker;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.CodecOptions;
import net.junction.bgp.wire.MessageDecoder;
import net.junction.bgp.wire.NotificationMessage;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.Ip4;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.fib.ReferenceFib;
import net.junction.routing.rib.Rib;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The speaker's BMP feed end to end without root: "J" (127.0.0.31) peers over loopback with our own speaker "b"
 * (127.0.0.32) and reports to a station that is a plain socket here, read back with {@link BmpTestReader}. Checks
 * the resync after a commit adds the station (Peer Up, tables before and after policy and the Loc-RIB, each with
 * its End-of-RIB), live changes, statistics and the Peer Down reasons.
 */
@Timeout(60)
class BmpMonitorTest
{
    static final String J = "127.0.0.31";
    static final String B = "127.0.0.32";
    static final int AS_J = (int)4_200_000_001L;
    static final int AS_B = (int)4_200_000_002L;
    static final String ACCEPTED = "198.18.100.0/24";
    static final String REJECTED = "198.18.101.0/24";
    static final String LOCAL = "198.18.105.0/24";

    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final List<BmpTestReader.Message> received = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void tearDown() throws Exception
    {
        for (final AutoCloseable c : closeAfter.reversed())
        {
            c.close();
        }
    }

    static PeerConfig peer(final String name, final String address, final int as, final String local, final String in)
    {
        return PeerConfig.builder(name, IpAddress.parse(address), as)
            .localAddress(Optional.of(IpAddress.parse(local)))
            .holdTimeSeconds(9)
            .connectRetrySeconds(1)
            .families(Set.of(AfiSafi.IPV4_UNICAST))
            .gracefulRestart(false)
            .restartTimeSeconds(30)
            .importPolicy(Optional.of(in))
            .exportPolicy(Optional.of("all"))
            .build();
    }

    BgpConfig jConfig(final int port, final BmpConfig bmp)
    {
        final Policy in = new Policy("in", List.of(new Policy.Term("no", new Policy.Match(Optional.empty(),
            List.of(Policy.PrefixEntry.exact(IpPrefix.parse(REJECTED))), Optional.empty(), List.of(), List.of(), List.of()),
            List.of(), Policy.Disposition.REJECT)), Policy.Disposition.ACCEPT);
        return new BgpConfig(AS_J, Ip4.parse("198.18.0.1"), Optional.of(IpAddress.parse(J)), port, 1,
            List.of(peer("b", B, AS_B, J, "in")), Map.of("in", in, "all", new Policy("all", List.of(),
            Policy.Disposition.ACCEPT)), List.of(IpPrefix.parse(LOCAL)), RpkiConfig.NONE, net.junction.bgp.mrt.MrtConfig.NONE, bmp);
    }

    BgpConfig bConfig(final int port, final List<String> networks)
    {
        return new BgpConfig(AS_B, Ip4.parse("198.18.0.2"), Optional.of(IpAddress.parse(B)), port, 1,
            List.of(peer("j", J, AS_J, B, "all")), Map.of("all", new Policy("all", List.of(), Policy.Disposition.ACCEPT)),
            networks.stream().map(IpPrefix::parse).toList());
    }

    BgpSpeaker speaker(final BgpConfig config, final String address, final int port) throws IOException
    {
        final Rib rib = new Rib(new ReferenceFib(1024));
        rib.addInterfaceAddress(1, InterfaceAddress.parse(address + "/8"));
        final BgpSpeaker speaker = new BgpSpeaker(config, rib, SessionOptions.DEFAULT.withPeerPort(port));
        closeAfter.add(speaker);
        speaker.start();
        return speaker;
    }

    static int freePort() throws IOException
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            final int candidate;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(J)))
            {
                candidate = s.getLocalPort();
            }
            try (ServerSocket s = new ServerSocket(candidate, 1, InetAddress.getByName(B)))
            {
                return s.getLocalPort();
            }
            catch (final IOException ex)
            {
                // taken on B: another
            }
        }
        throw new IOException("no common free port");
    }

    /** Accept the station's connection and collect every message it sends, on a thread of its own. */
    void station(final ServerSocket server)
    {
        final Thread reader = Thread.ofPlatform().daemon().name("bmp-test-station").start(() ->
        {
            try (Socket s = server.accept())
            {
                final InputStream in = s.getInputStream();
                for (byte[] m = BmpTestReader.next(in); m != null; m = BmpTestReader.next(in))
                {
                    received.add(BmpTestReader.parse(m));
                }
            }
            catch (final IOException ex)
            {
                // the test ends
            }
        });
        closeAfter.add(reader::interrupt);
    }

    static void await(final String what, final java.util.function.BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** @return the index of the first message at or after {@code from} matching, waiting for it. */
    int awaitMessage(final int from, final String what, final Predicate<BmpTestReader.Message> match)
        throws InterruptedException
    {
        final int[] at = {-1};
        await(what + " (received: " + describe() + ")", () ->
        {
            synchronized (received)
            {
                for (int i = from; i < received.size(); i++)
                {
                    if (match.test(received.get(i)))
                    {
                        at[0] = i;
                        return true;
                    }
                }
                return false;
            }
        });
        return at[0];
    }

    private String describe()
    {
        synchronized (received)
        {
            return received.stream().map(m -> m.type() + "/" + m.peerType() + "/" + m.peerFlags()).toList().toString();
        }
    }

    static UpdateMessage update(final BmpTestReader.Message m)
    {
        return (UpdateMessage)MessageDecoder.decode(m.body(), CodecOptions.FOUR_OCTET_EBGP).message();
    }

    static Predicate<BmpTestReader.Message> routeMonitoring(final int peerType, final int flags,
        final Predicate<UpdateMessage> update)
    {
        return m -> m.type() == BmpEncoder.ROUTE_MONITORING && m.peerType() == peerType && m.peerFlags() == flags &&
            update.test(update(m));
    }

    static Predicate<UpdateMessage> announces(final String prefix)
    {
        return u -> u.nlri().contains(IpPrefix.parse(prefix));
    }

    static Predicate<UpdateMessage> withdraws(final String prefix)
    {
        return u -> u.withdrawn().contains(IpPrefix.parse(prefix));
    }

    static final Predicate<UpdateMessage> END_OF_RIB = u -> AfiSafi.IPV4_UNICAST.equals(u.endOfRibFamily());

    static long stat(final BmpTestReader.Message m, final int type)
    {
        final ByteBuffer b = ByteBuffer.wrap(m.body());
        final int count = b.getInt();
        for (int i = 0; i < count; i++)
        {
            final int t = b.getShort() & 0xFFFF;
            final int length = b.getShort() & 0xFFFF;
            if (t == type && length == 4)
            {
                return Integer.toUnsignedLong(b.getInt());
            }
            if (t == type && length == 8)
            {
                return b.getLong();
            }
            b.position(b.position() + length);
        }
        return -1;
    }

    @Test
    void shouldResyncOnACommitThenFollowChangesStatisticsAndPeerDowns() throws Exception
    {
        final int port = freePort();
        final ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        closeAfter.add(server);
        final BgpSpeaker j = speaker(jConfig(port, BmpConfig.NONE), J, port);
        final BgpSpeaker b = speaker(bConfig(port, List.of(ACCEPTED, REJECTED)), B, port);
        await("b's route at J", () -> j.best(IpPrefix.parse(ACCEPTED)).isPresent());

        // A commit adds the station: it connects and gets everything there is.
        station(server);
        j.reconfigure(jConfig(port, new BmpConfig(List.of(new BmpConfig.Station(IpAddress.parse("127.0.0.1"),
            server.getLocalPort(), true, true, true, 1, 1, BmpConfig.DEFAULT_QUEUE_LIMIT)))));
        awaitMessage(0, "Initiation", m -> m.type() == BmpEncoder.INITIATION);
        final int up = awaitMessage(0, "b's Peer Up", m -> m.type() == BmpEncoder.PEER_UP_NOTIFICATION && m.peerType() == 0);
        final BmpTestReader.Message peerUp = received.get(up);
        assertEquals(AS_B, peerUp.peerAs());
        assertEquals(Ip4.parse("198.18.0.2"), peerUp.peerBgpId());
        assertEquals(0, peerUp.distinguisher());
        assertEquals(0, peerUp.peerFlags(), "IPv4 peer, pre-policy, 4-octet AS_PATH");
        assertEquals(Ip4.parse(B), ByteBuffer.wrap(peerUp.peerAddress(), 12, 4).getInt());
        assertEquals(Ip4.parse(J), ByteBuffer.wrap(peerUp.body(), 12, 4).getInt(), "local address");
        final int localPort = ByteBuffer.wrap(peerUp.body(), 16, 2).getShort() & 0xFFFF;
        final int remotePort = ByteBuffer.wrap(peerUp.body(), 18, 2).getShort() & 0xFFFF;
        assertTrue(localPort == port ^ remotePort == port, "one end listens on the BGP port: " + localPort + ", " +
            remotePort);

        final int pre = awaitMessage(up, "b's routes before policy", routeMonitoring(0, 0, announces(REJECTED)));
        awaitMessage(up, "b's accepted route before policy", routeMonitoring(0, 0, announces(ACCEPTED)));
        final int preEor = awaitMessage(pre, "End-of-RIB before policy", routeMonitoring(0, 0, END_OF_RIB));
        final int post = awaitMessage(up, "after policy", routeMonitoring(0, BmpEncoder.PEER_FLAG_L, announces(ACCEPTED)));
        awaitMessage(post, "End-of-RIB after policy", routeMonitoring(0, BmpEncoder.PEER_FLAG_L, END_OF_RIB));
        final int locUp = awaitMessage(preEor, "the Loc-RIB's Peer Up",
            m -> m.type() == BmpEncoder.PEER_UP_NOTIFICATION && m.peerType() == 3);
        assertTrue(new String(received.get(locUp).body(), java.nio.charset.StandardCharsets.ISO_8859_1).endsWith("global"),
            "the VRF/Table Name TLV");
        assertEquals(AS_J, received.get(locUp).peerAs());
        awaitMessage(locUp, "b's route in the Loc-RIB", routeMonitoring(3, 0, announces(ACCEPTED)));
        final int local = awaitMessage(locUp, "the local network in the Loc-RIB", routeMonitoring(3, 0, announces(LOCAL)));
        assertTrue(contains(received.get(local).body(), BmpEncoderTest.NEXT_HOP_UNSPECIFIED), "no next hop: 0.0.0.0");
        awaitMessage(locUp, "End-of-RIB of the Loc-RIB", routeMonitoring(3, 0, END_OF_RIB));
        synchronized (received)
        {
            assertFalse(received.stream().anyMatch(routeMonitoring(0, BmpEncoder.PEER_FLAG_L, announces(REJECTED))),
                "the rejected route is not after policy");
            assertFalse(received.stream().anyMatch(routeMonitoring(3, 0, announces(REJECTED))), "nor in the Loc-RIB");
        }

        // Statistics every second: 1 rejected, 2 routes before policy, 1 after; the Loc-RIB holds 2.
        final int stats = awaitMessage(0, "b's statistics",
            m -> m.type() == BmpEncoder.STATISTICS_REPORT && m.peerType() == 0);
        assertEquals(1, stat(received.get(stats), BmpEncoder.STAT_REJECTED_PREFIXES));
        assertEquals(2, stat(received.get(stats), BmpEncoder.STAT_ADJ_RIB_IN_ROUTES));
        assertEquals(1, stat(received.get(stats), BmpEncoder.STAT_POST_POLICY_ADJ_RIB_IN_ROUTES));
        final int locStats = awaitMessage(0, "Loc-RIB statistics",
            m -> m.type() == BmpEncoder.STATISTICS_REPORT && m.peerType() == 3);
        assertEquals(2, stat(received.get(locStats), BmpEncoder.STAT_LOC_RIB_ROUTES));

        // b stops originating the accepted route: withdrawn before policy, after, and from the Loc-RIB.
        final int mark = received.size();
        b.reconfigure(bConfig(port, List.of(REJECTED)));
        awaitMessage(mark, "the withdrawal before policy", routeMonitoring(0, 0, withdraws(ACCEPTED)));
        awaitMessage(mark, "the withdrawal after policy", routeMonitoring(0, BmpEncoder.PEER_FLAG_L, withdraws(ACCEPTED)));
        awaitMessage(mark, "the withdrawal from the Loc-RIB", routeMonitoring(3, 0, withdraws(ACCEPTED)));

        // J shuts the session down: reason 1, the NOTIFICATION J sent (Cease, Administrative Shutdown).
        j.shutdownNeighbor("b", "maintenance");
        final int down = awaitMessage(mark, "Peer Down", m -> m.type() == BmpEncoder.PEER_DOWN_NOTIFICATION);
        final byte[] body = received.get(down).body();
        assertEquals(BmpEncoder.DOWN_LOCAL_NOTIFICATION, body[0]);
        final NotificationMessage sent = (NotificationMessage)MessageDecoder.decode(
            java.util.Arrays.copyOfRange(body, 1, body.length), CodecOptions.DEFAULT).message();
        assertEquals(NotificationMessage.CEASE, sent.code());
        assertEquals(NotificationMessage.CEASE_ADMIN_SHUTDOWN, sent.subcode());

        // Back up live (a Peer Up, no resync), then b goes away: reason 3, the NOTIFICATION J received.
        final int before = received.size();
        j.enableNeighbor("b");
        awaitMessage(before, "Peer Up again", m -> m.type() == BmpEncoder.PEER_UP_NOTIFICATION && m.peerType() == 0);
        awaitMessage(before, "b's End-of-RIB passed on", routeMonitoring(0, 0, END_OF_RIB));
        b.close();
        final int gone = awaitMessage(before, "Peer Down", m -> m.type() == BmpEncoder.PEER_DOWN_NOTIFICATION);
        assertEquals(BmpEncoder.DOWN_REMOTE_NOTIFICATION, received.get(gone).body()[0]);

        final BmpStation.Status status = j.bmp().getFirst();
        assertEquals("connected", status.state());
        assertEquals(1, status.connects());
        assertEquals(0, status.resyncs());
        j.close();
        awaitMessage(gone, "Termination", m -> m.type() == BmpEncoder.TERMINATION);
    }

    /** @return whether {@code needle} occurs in {@code haystack}. */
    static boolean contains(final byte[] haystack, final byte[] needle)
    {
        for (int i = 0; i + needle.length <= haystack.length; i++)
        {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length))
            {
                return true;
            }
        }
        return false;
    }
}
