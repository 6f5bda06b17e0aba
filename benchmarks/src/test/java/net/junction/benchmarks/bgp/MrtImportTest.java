/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.mrt.Bgp4mp;
import net.junction.bgp.mrt.MrtRibReader;
import net.junction.bgp.mrt.RibDump;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.rib.BgpRib;
import net.junction.bgp.rib.Path;
import net.junction.bgp.session.SessionOptions;
import net.junction.bgp.speaker.BgpControl;
import net.junction.bgp.speaker.BgpSpeaker;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.CodecOptions;
import net.junction.bgp.wire.MessageEncoder;
import net.junction.bgp.wire.MpReachNlri;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4;
import net.junction.routing.Ip4Address;
import net.junction.routing.InterfaceAddress;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.fib.ReferenceFib;
import net.junction.routing.rib.Rib;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MRT import as a route source: a dump Junction's writer made, read by the injector ({@code --mrt-rib}) and
 * announced over a real BGP session to a Junction speaker, whose Loc-RIB then holds the same routes (the
 * injector's AS before each path, its next hops); that Loc-RIB dumped again reads back as the same table.
 */
class MrtImportTest
{
    private static final int INJECTOR_AS = (int)4200000100L;
    private static final int J_AS = 65000;
    private static final String J = "127.0.0.1";
    private static final String INJECTOR = "127.0.0.2";

    @TempDir
    java.nio.file.Path dir;

    @Test
    void shouldDropAttributesOfTheDumpingAsAndPutTheInjectorsAsFirst()
    {
        final PathAttributes dumped = PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001, 65010))), new PathAttribute.LocalPref(200),
            new PathAttribute.MultiExitDisc(5), new PathAttribute.Communities(new int[]{(65001 << 16) | 1}));
        final PathAttributes sent = InjectedTable.reannounced(dumped, INJECTOR_AS);
        assertEquals(List.of(AsPathSegment.sequence(INJECTOR_AS, 65001, 65010)), sent.asPath().segments());
        assertNull(sent.localPref());
        assertNull(sent.multiExitDisc());
        assertEquals(dumped.communities(), sent.communities());
        assertEquals(List.of(AsPathSegment.sequence(INJECTOR_AS)),
            InjectedTable.reannounced(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP), INJECTOR_AS).asPath().segments(),
            "a route of the dumping router's own: the injector's AS alone");
        assertThrows(IllegalArgumentException.class, () -> BgpInjector.mrtPeer("transit"));
        assertTrue(BgpInjector.mrtPeer("as65001").test(new MrtRibReader.Peer(3, 0, IpAddress.parse(INJECTOR), 65001)));
        assertTrue(BgpInjector.mrtPeer("3").test(new MrtRibReader.Peer(3, 0, IpAddress.parse(INJECTOR), 1)));
        assertTrue(BgpInjector.mrtPeer(INJECTOR).test(new MrtRibReader.Peer(3, 0, IpAddress.parse(INJECTOR), 1)));
    }

    @Test
    @Timeout(60)
    void shouldAnnounceADumpsRoutesSoThatTheReceiversLocRibHoldsThem() throws Exception
    {
        // The dump: peer 0 (AS 65001) with four routes, peer 1 with one the injector is not asked for.
        final Ip4Address a = Ip4Address.parse("198.18.1.1");
        final PathAttributes p1 = PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001, 400000))),
            new PathAttribute.Communities(new int[]{(65001 << 16) | 100}));
        final PathAttributes p2 = PathAttributes.of(PathAttribute.Origin.ORIGIN_INCOMPLETE,
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001, 6939, 13335))),
            new PathAttribute.LargeCommunities(new int[]{65001, 1, 2}));
        final List<BgpRib.DumpedRoute> routes = List.of(
            new BgpRib.DumpedRoute(IpPrefix.parse("198.19.0.0/16"), "a", a, 65001, 1, new Path(p1, a, null)),
            new BgpRib.DumpedRoute(IpPrefix.parse("198.19.1.0/24"), "a", a, 65001, 1, new Path(p1, a, null)),
            new BgpRib.DumpedRoute(IpPrefix.parse("198.18.128.0/17"), "a", a, 65001, 1, new Path(p2, a, null)),
            new BgpRib.DumpedRoute(IpPrefix.parse("2001:db8:100::/40"), "a", a, 65001, 1,
                new Path(p2, IpAddress.parse("2001:db8::1"), null)),
            new BgpRib.DumpedRoute(IpPrefix.parse("198.19.2.0/24"), "b", IpAddress.parse("198.18.1.2"), 65002, 2,
                new Path(p1, IpAddress.parse("198.18.1.2"), null)));
        final java.nio.file.Path file = dir.resolve("bview.20231114.2200");
        try (OutputStream out = Files.newOutputStream(file))
        {
            RibDump.write(routes, 9, 1_700_000_000L, out);
        }
        final InjectedTable.MrtTable mrt = InjectedTable.fromMrt(file, BgpInjector.mrtPeer("0"), INJECTOR_AS);
        assertEquals(3, mrt.drawn().prefixes4());
        assertEquals(1, mrt.drawn().prefixes6());
        final InjectedTable table = mrt.drawn().encode(0, INJECTOR_AS, 0, Ip4.parse(INJECTOR),
            IpAddress.parse("2001:db8:ff::1"));

        final int port = freePort();
        final BgpSpeaker j = junction(port);
        final Thread sender;
        try
        {
            j.start();
            sender = inject(port, new BgpInjector.Peer(0, INJECTOR_AS, Ip4.parse(INJECTOR), INJECTOR, table));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (j.mrtTable(Optional.empty(), BgpControl.Table.ACCEPTED).routeCount() < 4)
            {
                assertTrue(System.nanoTime() - deadline < 0, "J's Loc-RIB: " + j.neighbors());
                Thread.sleep(20);
            }
            final Map<IpPrefix, Path> got = locRib(j);
            final Map<IpPrefix, Path> expected = new HashMap<>();
            for (final BgpRib.DumpedRoute r : routes.subList(0, 4))
            {
                expected.put(r.prefix(), new Path(InjectedTable.reannounced(r.path().attributes(), INJECTOR_AS),
                    r.prefix().isIpv4() ? IpAddress.parse(INJECTOR) : IpAddress.parse("2001:db8:ff::1"), null));
            }
            assertEquals(expected.keySet(), got.keySet());
            for (final IpPrefix prefix : expected.keySet())
            {
                assertEquals(expected.get(prefix).attributes().asPath(), got.get(prefix).attributes().asPath(), prefix.toString());
                assertEquals(expected.get(prefix).attributes().origin(), got.get(prefix).attributes().origin(), prefix.toString());
                assertEquals(expected.get(prefix).attributes().communities(), got.get(prefix).attributes().communities());
                assertEquals(expected.get(prefix).attributes().largeCommunities(), got.get(prefix).attributes().largeCommunities());
                assertEquals(expected.get(prefix).nextHop(), got.get(prefix).nextHop(), prefix.toString());
            }
        }
        finally
        {
            j.close();
        }
        sender.join(10_000);
    }

    /**
     * An update log replayed after an empty table: the receiver ends with what the logged peer's UPDATEs left (an
     * announcement replaced by a later one, a withdrawal applied), nothing of another peer of the log.
     */
    @Test
    @Timeout(60)
    void shouldReplayAPeersUpdatesFromAnUpdateLog() throws Exception
    {
        final IpAddress logged = IpAddress.parse("198.18.1.1");
        final IpAddress other = IpAddress.parse("198.18.1.3");
        final PathAttributes first = PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001, 400000))), new PathAttribute.NextHop(Ip4.parse("198.18.1.1")));
        final PathAttributes second = PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001, 6939, 13335))),
            new PathAttribute.Communities(new int[]{(65001 << 16) | 7}), new PathAttribute.NextHop(Ip4.parse("198.18.1.1")));
        final CodecOptions as4 = new CodecOptions(true, false, true);
        final java.nio.file.Path file = dir.resolve("updates.20231114.2200");
        try (OutputStream out = Files.newOutputStream(file))
        {
            final ExpandableArrayBuffer record = new ExpandableArrayBuffer(4096);
            final List<byte[]> messages = List.of(
                MessageEncoder.encode(new UpdateMessage(List.of(), first, List.of(Prefix4.parse("198.19.0.0/16"),
                    Prefix4.parse("198.19.1.0/24")), new MpReachNlri(AfiSafi.IPV6_UNICAST, IpAddress.parse("2001:db8::1"), null,
                    List.of(IpPrefix.parse("2001:db8:100::/40"))), null), as4),
                MessageEncoder.encode(UpdateMessage.withdraw(List.of(Prefix4.parse("198.19.1.0/24"))), as4),
                MessageEncoder.encode(UpdateMessage.announce(second, List.of(Prefix4.parse("198.19.0.0/16"))), as4));
            for (final byte[] m : messages)
            {
                out.write(record.byteArray(), 0, Bgp4mp.writeMessage(record, 0, 1_700_000_000L, 65001, 65000, logged,
                    IpAddress.parse("198.18.1.2"), new UnsafeBuffer(m), 0, m.length));
            }
            final byte[] m = MessageEncoder.encode(UpdateMessage.announce(first, List.of(Prefix4.parse("198.19.9.0/24"))), as4);
            out.write(record.byteArray(), 0, Bgp4mp.writeMessage(record, 0, 1_700_000_001L, 65003, 65000, other,
                IpAddress.parse("198.18.1.2"), new UnsafeBuffer(m), 0, m.length));
        }
        final MrtReplay replay = MrtReplay.fromMrt(file, BgpInjector.mrtUpdatePeer("198.18.1.1"), INJECTOR_AS,
            Ip4.parse(INJECTOR), IpAddress.parse("2001:db8:ff::1"));
        assertEquals(3, replay.updates.size());
        assertEquals(4, replay.announced);
        assertEquals(1, replay.withdrawn);
        assertEquals(2, replay.summary.peers().size());
        assertThrows(IllegalArgumentException.class, () -> BgpInjector.mrtUpdatePeer("0"), "an update log has no index");

        final InjectedTable none = new InjectedTable.Drawn(INJECTOR_AS, Map.of(), 0, Map.of(), 0)
            .encode(0, INJECTOR_AS, 0, Ip4.parse(INJECTOR), IpAddress.parse("2001:db8:ff::1"));
        final int port = freePort();
        final BgpSpeaker j = junction(port);
        final Thread sender;
        try
        {
            j.start();
            final BgpInjector.Peer peer = new BgpInjector.Peer(0, INJECTOR_AS, Ip4.parse(INJECTOR), INJECTOR, none);
            peer.replay = replay;
            sender = inject(port, peer);
            final IpPrefix replaced = IpPrefix.parse("198.19.0.0/16");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Map<IpPrefix, Path> got = locRib(j);
            while (!(got.size() == 2 && got.containsKey(replaced) && got.get(replaced).attributes().communities() != null))
            {
                assertTrue(System.nanoTime() - deadline < 0, "J's Loc-RIB: " + got);
                Thread.sleep(20);
                got = locRib(j);
            }
            assertEquals(Set.of(replaced, IpPrefix.parse("2001:db8:100::/40")), got.keySet());
            assertEquals(List.of(AsPathSegment.sequence(INJECTOR_AS, 65001, 6939, 13335)),
                got.get(replaced).attributes().asPath().segments(), "the last announcement of it");
            assertEquals(IpAddress.parse(INJECTOR), got.get(replaced).nextHop());
            assertEquals(IpAddress.parse("2001:db8:ff::1"), got.get(IpPrefix.parse("2001:db8:100::/40")).nextHop());
        }
        finally
        {
            j.close();
        }
        sender.join(10_000);
    }

    /** Junction's speaker, passive toward the injector, accepting all. */
    private static BgpSpeaker junction(final int port)
    {
        final Rib rib = new Rib(new ReferenceFib(1024));
        rib.addInterfaceAddress(1, InterfaceAddress.parse(J + "/8"));
        rib.addInterfaceAddress(1, InterfaceAddress.parse("2001:db8:ff::2/64"));
        final Policy all = new Policy("all", List.of(), Policy.Disposition.ACCEPT);
        final PeerConfig injector = PeerConfig.builder("injector", IpAddress.parse(INJECTOR), INJECTOR_AS)
            .localAddress(Optional.of(IpAddress.parse(J)))
            .passive(true)
            .connectRetrySeconds(1)
            .gracefulRestart(false)
            .restartTimeSeconds(30)
            .importPolicy(Optional.of("all"))
            .exportPolicy(Optional.of("all"))
            .build();
        return new BgpSpeaker(new BgpConfig(J_AS, Ip4.parse("198.18.0.1"), Optional.of(IpAddress.parse(J)), port,
            1, List.of(injector), Map.of("all", all), List.of()), rib, SessionOptions.DEFAULT.withPeerPort(port));
    }

    /** The injector, run as its main would, on a thread of its own. */
    private static Thread inject(final int port, final BgpInjector.Peer peer)
    {
        final Map<String, String> o = new LinkedHashMap<>();
        o.put("connect", J);
        o.put("port", Integer.toString(port));
        o.put("linger", "5");
        return Thread.ofPlatform().daemon().start(() ->
        {
            try
            {
                BgpInjector.run(o, List.of(peer));
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        });
    }

    /** Junction's Loc-RIB, as its MRT dump holds it: every route learned from the injector. */
    private static Map<IpPrefix, Path> locRib(final BgpSpeaker j) throws java.io.IOException
    {
        final ByteArrayOutputStream locRib = new ByteArrayOutputStream();
        j.mrtDump(Optional.empty(), locRib);
        final Map<IpPrefix, Path> got = new HashMap<>();
        final MrtRibReader.Summary s = MrtRibReader.read(new ByteArrayInputStream(locRib.toByteArray()), p -> true,
            (p, prefix, path) -> got.put(prefix, path));
        assertTrue(s.peers().stream().allMatch(p -> p.asNumber() == INJECTOR_AS), s.peers().toString());
        return got;
    }

    private static int freePort() throws java.io.IOException
    {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(J)))
        {
            return s.getLocalPort();
        }
    }
}
