/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.BgpMessage;
import net.junction.bgp.wire.Capability;
import net.junction.bgp.wire.KeepaliveMessage;
import net.junction.bgp.wire.MessageDecoder;
import net.junction.bgp.wire.MessageEncoder;
import net.junction.bgp.wire.MessageHeader;
import net.junction.bgp.wire.OpenMessage;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4;
import net.junction.routing.IpAddress;

/** The injector as the receiving speaker of graceful restart (RFC 4724 §4.2), against a receiver in the test. */
class BgpInjectorTest
{
    private static final int INJECTOR_AS = (int)4200000100L;
    private static final int RECEIVER_AS = (int)4200000200L;
    private static final int PREFIXES = 3000;

    @Test
    void shouldAdvertiseGracefulRestartAsAReceivingSpeaker()
    {
        final OpenMessage open = BgpInjector.openMessage(INJECTOR_AS, 180, Ip4.parse("198.18.255.1"), 120);
        final Capability.GracefulRestart gr = open.capability(Capability.GracefulRestart.class);
        assertNotNull(gr);
        assertEquals(0, gr.restartFlags() & Capability.GracefulRestart.RESTART_STATE, "the injector never restarts");
        assertEquals(120, gr.restartTimeSeconds());
        assertEquals(List.of(new Capability.GracefulRestart.Family(AfiSafi.IPV4_UNICAST, 0),
            new Capability.GracefulRestart.Family(AfiSafi.IPV6_UNICAST, 0)), gr.families(), "no forwarding state kept");
        assertNull(BgpInjector.openMessage(INJECTOR_AS, 180, Ip4.parse("198.18.255.1"), -1)
            .capability(Capability.GracefulRestart.class));
    }

    @Test
    @Timeout(60)
    void shouldReconnectAfterTheReceiverRestartsAndSendTheTableAndEndOfRibAgain() throws Exception
    {
        final InjectedTable table = InjectedTable.build(prefixes(), List.of(), pool(), INJECTOR_AS,
            Ip4.parse("198.18.255.1"), IpAddress.parse("2001:db8:ff::1"), 10, 4, 1);
        final BgpInjector.Peer peer = new BgpInjector.Peer(0, INJECTOR_AS, Ip4.parse("198.18.255.1"), null, table);
        try (ServerSocket listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress()))
        {
            final Map<String, String> o = new LinkedHashMap<>();
            o.put("connect", InetAddress.getLoopbackAddress().getHostAddress());
            o.put("port", Integer.toString(listener.getLocalPort()));
            o.put("graceful-restart", "120");
            o.put("reconnect", "20");
            o.put("linger", "4");
            final AtomicInteger exit = new AtomicInteger(-1);
            final Thread injector = Thread.ofPlatform().start(() ->
            {
                try
                {
                    exit.set(BgpInjector.run(o, List.of(peer)));
                }
                catch (final Exception ex)
                {
                    throw new IllegalStateException(ex);
                }
            });

            // The first life of the receiver: the table, End-of-RIB, then a crash (the socket closes, no NOTIFICATION).
            try (Socket first = listener.accept())
            {
                final DataInputStream in = new DataInputStream(first.getInputStream());
                final OpenMessage open = assertInstanceOf(OpenMessage.class, read(in));
                assertNotNull(open.capability(Capability.GracefulRestart.class));
                handshake(in, first.getOutputStream(), 0);
                assertEquals(PREFIXES, prefixesUntilEndOfRib(in));
            }

            // The restarted receiver: R bit in its OPEN; the injector sends the whole table again, then End-of-RIB,
            // and takes note of the receiver's End-of-RIB.
            try (Socket second = listener.accept())
            {
                final DataInputStream in = new DataInputStream(second.getInputStream());
                assertInstanceOf(OpenMessage.class, read(in));
                handshake(in, second.getOutputStream(), Capability.GracefulRestart.RESTART_STATE);
                assertEquals(PREFIXES, prefixesUntilEndOfRib(in));
                second.getOutputStream().write(MessageEncoder.encode(UpdateMessage.endOfRib(AfiSafi.IPV4_UNICAST),
                    InjectedTable.OPTIONS));
                injector.join();
            }
            assertEquals(0, exit.get());
            assertEquals(List.of("2:" + AfiSafi.IPV4_UNICAST), peer.endOfRibs);
            assertEquals(2, peer.speaker.session());
        }
    }

    /** The receiver's OPEN (with the given restart flags) and KEEPALIVE; then the injector's KEEPALIVE. */
    private static void handshake(final DataInputStream in, final OutputStream out, final int restartFlags)
        throws IOException
    {
        final OpenMessage open = OpenMessage.of(RECEIVER_AS, 180, Ip4.parse("198.18.255.2"), List.of(
            new Capability.Multiprotocol(AfiSafi.IPV4_UNICAST), new Capability.FourOctetAs(RECEIVER_AS),
            new Capability.GracefulRestart(restartFlags, 120, List.of(new Capability.GracefulRestart.Family(
                AfiSafi.IPV4_UNICAST, Capability.GracefulRestart.Family.FORWARDING_STATE)))));
        out.write(MessageEncoder.encode(open, InjectedTable.OPTIONS));
        out.write(MessageEncoder.encode(KeepaliveMessage.INSTANCE, InjectedTable.OPTIONS));
        assertInstanceOf(KeepaliveMessage.class, read(in));
    }

    private static int prefixesUntilEndOfRib(final DataInputStream in) throws IOException
    {
        int prefixes = 0;
        while (true)
        {
            final BgpMessage m = read(in);
            if (m instanceof UpdateMessage u)
            {
                if (AfiSafi.IPV4_UNICAST.equals(u.endOfRibFamily()))
                {
                    return prefixes;
                }
                prefixes += u.announcedPrefixes().size();
            }
        }
    }

    private static BgpMessage read(final DataInputStream in) throws IOException
    {
        final byte[] header = new byte[MessageHeader.HEADER_LENGTH];
        in.readFully(header);
        final int length = ((header[16] & 0xFF) << 8) | (header[17] & 0xFF);
        final byte[] message = new byte[length];
        System.arraycopy(header, 0, message, 0, header.length);
        in.readFully(message, header.length, length - header.length);
        final BgpMessage m = MessageDecoder.decode(message, InjectedTable.OPTIONS).message();
        assertTrue(m != null, "undecodable message from the injector");
        return m;
    }

    private static List<String> prefixes()
    {
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < PREFIXES; i++)
        {
            out.add("198.18." + (i / 16) + "." + (i % 16) * 16 + "/28");
        }
        return out;
    }

    private static MrtPathPool pool()
    {
        final MrtPathPool pool = new MrtPathPool();
        for (int i = 0; i < 50; i++)
        {
            pool.ipv4.add(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
                PathAttribute.AsPath.sequence(64500, 64600 + i % 7, 65000 + i)));
        }
        return pool;
    }
}
