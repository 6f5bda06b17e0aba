/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.AsPaths;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden bytes: BGP messages cut from tcpdump's regression captures, decoded and checked against what
 * tcpdump's own decoder printed in the matching {@code .out} file (values copied from there into the
 * assertions). Malformed captures must give a typed result, never an exception.
 */
class PcapGoldenTest
{
    /** Where the captures should be; {@link SharedData} fails or skips a test when they are not. */
    static final Path DIR = SharedData.location(SharedData.BGP_PCAP);

    /** Decoded frames of a capture; the options of each connection follow the OPENs seen in it. */
    record Decoded(PcapReader.Frame frame, CodecOptions options, DecodeResult result)
    {
        BgpMessage message()
        {
            return result.message();
        }
    }

    static List<Decoded> decodeAll(final String file, final CodecOptions defaults) throws IOException
    {
        final Path path = SharedData.require(SharedData.BGP_PCAP, file);
        final Map<String, OpenMessage> opens = new HashMap<>();
        final List<Decoded> out = new ArrayList<>();
        for (final PcapReader.Frame frame : PcapReader.bgpFrames(path))
        {
            final CodecOptions options = optionsFor(frame, opens, defaults);
            final DecodeResult result = MessageDecoder.decode(frame.bytes(), options);
            if (result.message() instanceof OpenMessage open)
            {
                opens.put(frame.flow(), open);
            }
            out.add(new Decoded(frame, options, result));
        }
        return out;
    }

    private static CodecOptions optionsFor(
        final PcapReader.Frame frame, final Map<String, OpenMessage> opens, final CodecOptions defaults)
    {
        final String[] ends = frame.connection().split("\\|");
        final OpenMessage a = opens.get(ends[0] + " > " + ends[1]);
        final OpenMessage b = opens.get(ends[1] + " > " + ends[0]);
        if (a == null || b == null)
        {
            return defaults;
        }
        final boolean fourOctet = a.capability(Capability.FourOctetAs.class) != null &&
            b.capability(Capability.FourOctetAs.class) != null;
        final boolean extended = a.capability(Capability.ExtendedMessage.class) != null &&
            b.capability(Capability.ExtendedMessage.class) != null;
        return new CodecOptions(fourOctet, extended, defaults.externalPeer());
    }

    static Decoded first(final List<Decoded> all, final Predicate<Decoded> predicate)
    {
        return all.stream().filter(predicate).findFirst().orElseThrow(() -> new AssertionError("no such frame"));
    }

    static Predicate<Decoded> from(final String flowStart, final Class<? extends BgpMessage> type)
    {
        return d -> d.frame().flow().startsWith(flowStart) && type.isInstance(d.message());
    }

    static List<Prefix4> prefixes(final String... text)
    {
        return Stream.of(text).map(Prefix4::parse).toList();
    }

    static int ip(final String text)
    {
        return Ip4.parse(text);
    }

    static AsPathSegment seq(final long... asns)
    {
        final int[] values = new int[asns.length];
        for (int i = 0; i < asns.length; i++)
        {
            values[i] = (int)asns[i];
        }
        return AsPathSegment.sequence(values);
    }

    @Test
    void shouldDecodeFourOctetAsCaptureAsTcpdumpDoes() throws IOException
    {
        final List<Decoded> all = decodeAll("bgp-4byte-asn.pcap", new CodecOptions(false, false, true));

        // "Version 4, my AS 23456, Holdtime 180s, ID 0.0.1.1 ... Restart Flags: [R, N], Restart Time 300s
        //  ... 4 Byte AS 2764334674 ... Multiple Paths (69)"
        final OpenMessage open = (OpenMessage)first(all, from("1.0.2.2.42741", OpenMessage.class)).message();
        assertEquals(4, open.version());
        assertEquals(AsPaths.AS_TRANS, open.myAs());
        assertEquals(180, open.holdTimeSeconds());
        assertEquals(ip("0.0.1.1"), open.bgpIdentifier());
        assertEquals(2764334674L, Integer.toUnsignedLong(open.asNumber()));
        assertEquals(List.of(AfiSafi.IPV4_UNICAST), open.families());
        assertNotNull(open.capability(Capability.RouteRefresh.class));
        final Capability.GracefulRestart gr = open.capability(Capability.GracefulRestart.class);
        assertEquals(Capability.GracefulRestart.RESTART_STATE | Capability.GracefulRestart.NOTIFICATION, gr.restartFlags());
        assertEquals(300, gr.restartTimeSeconds());
        // The capture's ADD-PATH capability: IPv4 unicast, receive.
        assertEquals(new Capability.AddPath(List.of(new Capability.AddPath.Family(AfiSafi.IPV4_UNICAST,
                Capability.AddPath.RECEIVE))),
            open.capability(Capability.AddPath.class));

        final OpenMessage oldSpeaker = (OpenMessage)first(all, from("1.0.2.1.179", OpenMessage.class)).message();
        assertEquals(200, oldSpeaker.asNumber());
        assertNull(oldSpeaker.capability(Capability.FourOctetAs.class));

        // 2-octet session: "AS Path: 200 1 23456 23456 23456", "AS4 Path (17) Flags [OTP]: 1 222222 333333 4294967290"
        final Decoded oldUpdate = first(all, from("1.0.2.1.179", UpdateMessage.class)
            .and(d -> !((UpdateMessage)d.message()).nlri().isEmpty()));
        assertFalse(oldUpdate.options().fourOctetAs());
        assertTrue(oldUpdate.result().isClean(), oldUpdate.result().problems().toString());
        final UpdateMessage update = (UpdateMessage)oldUpdate.message();
        final PathAttributes attrs = update.attributes();
        assertEquals(PathAttribute.Origin.ORIGIN_INCOMPLETE, attrs.origin());
        assertEquals(List.of(seq(200, 1, 23456, 23456, 23456)), attrs.asPath().segments());
        assertEquals(List.of(seq(1, 222222, 333333, 4294967290L)), attrs.as4Path().segments());
        assertTrue(attrs.isPartial(PathAttribute.AS4_PATH));
        assertEquals(new PathAttribute.NextHop(ip("1.0.2.1")), attrs.nextHop());
        assertEquals(prefixes("4.4.4.4/32", "5.5.5.5/32", "1.1.1.1/32", "2.2.2.2/32", "3.3.3.3/32"), update.nlri());
        final PathAttributes merged = AsPaths.reconstruct(attrs);
        assertEquals(List.of(seq(200, 1, 222222, 333333, 4294967290L)), merged.asPath().segments());
        assertNull(merged.as4Path());

        // 4-octet session: "AS Path (2), length: 26: 2764334674 200 1 222222 333333 4294967290"
        final Decoded newUpdate = first(all, from("1.0.3.1.35169", UpdateMessage.class)
            .and(d -> !((UpdateMessage)d.message()).nlri().isEmpty()));
        assertTrue(newUpdate.options().fourOctetAs());
        assertEquals(List.of(seq(2764334674L, 200, 1, 222222, 333333, 4294967290L)),
            ((UpdateMessage)newUpdate.message()).attributes().asPath().segments());

        // "Withdrawn routes: 5.5.5.5/32 1.1.1.1/32 2.2.2.2/32 3.3.3.3/32 4.4.4.4/32"
        final UpdateMessage withdrawal = (UpdateMessage)first(all, d -> d.message() instanceof UpdateMessage u &&
            !u.withdrawn().isEmpty() && d.frame().flow().startsWith("1.0.2.1.179")).message();
        assertEquals(prefixes("5.5.5.5/32", "1.1.1.1/32", "2.2.2.2/32", "3.3.3.3/32", "4.4.4.4/32"),
            withdrawal.withdrawn());

        // "Cease (6), subcode Other Configuration Change (6)"
        final NotificationMessage cease = (NotificationMessage)first(all, d -> d.message() instanceof NotificationMessage)
            .message();
        assertEquals(NotificationMessage.CEASE, cease.code());
        assertEquals(NotificationMessage.CEASE_OTHER_CONFIGURATION_CHANGE, cease.subcode());

        assertTrue(all.stream().anyMatch(d -> d.message() instanceof KeepaliveMessage));
        assertTrue(all.stream().allMatch(d -> d.result().isClean()), "every message of this capture is valid");
    }

    @Test
    void shouldDecodeLargeCommunities() throws IOException
    {
        final List<Decoded> all = decodeAll("bgp-large-community.pcap", new CodecOptions(true, false, true));
        final List<UpdateMessage> updates = all.stream().map(Decoded::message).map(UpdateMessage.class::cast).toList();
        assertEquals(5, updates.size());
        final UpdateMessage first = updates.getFirst();
        // "65535:1:1, 4294967295:4294967295:4294967295", "203.0.113.16/32", "AS Path: 65536", "Next Hop: 192.0.2.2"
        final PathAttribute.LargeCommunities large = first.attributes().largeCommunities();
        assertEquals(new PathAttribute.LargeCommunities(new int[] {65535, 1, 1, -1, -1, -1}), large);
        assertEquals(2, large.size());
        assertEquals(4294967295L, Integer.toUnsignedLong(large.localData2(1)));
        assertEquals(prefixes("203.0.113.16/32"), first.nlri());
        assertEquals(PathAttribute.AsPath.sequence(65536), first.attributes().asPath());
        assertEquals(PathAttribute.Origin.ORIGIN_IGP, first.attributes().origin());
        assertEquals(ip("192.0.2.2"), first.attributes().nextHop().address());
        // "65536:1:1, 65536:1:2, 65536:1:3"
        assertEquals(new PathAttribute.LargeCommunities(new int[] {65536, 1, 1, 65536, 1, 2, 65536, 1, 3}),
            updates.getLast().attributes().largeCommunities());
    }

    @Test
    void shouldDecodeMpReachWithLinkLocalNextHop() throws IOException
    {
        final List<Decoded> all = decodeAll("mpbgp-linklocal-nexthop.pcap", CodecOptions.DEFAULT);
        final Decoded d = first(all, x -> x.message() instanceof UpdateMessage);
        assertTrue(d.result().isClean(), d.result().problems().toString());
        final UpdateMessage update = (UpdateMessage)d.message();
        // "AFI: IPv6 (2), SAFI: Unicast (1) nexthop: dead:beef::1, fe80::1ff:fe01:0, nh-length: 32 ... 4:5::/64"
        final MpReachNlri mp = update.mpReach();
        assertEquals(AfiSafi.IPV6_UNICAST, mp.afiSafi());
        assertEquals(IpAddress.parse("dead:beef::1"), mp.nextHop());
        assertEquals(IpAddress.parse("fe80::1ff:fe01:0"), mp.linkLocalNextHop());
        assertEquals(List.of(IpPrefix.parse("4:5::/64")), mp.nlri());
        assertEquals(PathAttribute.AsPath.sequence(1), update.attributes().asPath());
        assertEquals(0, update.attributes().nextHop().address());
        assertTrue(update.nlri().isEmpty());
    }

    @Test
    void shouldDecodeShutdownCommunications() throws IOException
    {
        final List<Decoded> all = decodeAll("bgp-shutdown-communication.pcapng", CodecOptions.DEFAULT);
        final NotificationMessage shutdown = (NotificationMessage)all.getFirst().message();
        assertEquals(NotificationMessage.CEASE_ADMIN_SHUTDOWN, shutdown.subcode());
        assertEquals("This is a test of the shutdown communication system.", shutdown.shutdownCommunication());
        final NotificationMessage reset = (NotificationMessage)all.get(1).message();
        assertEquals(NotificationMessage.CEASE_ADMIN_RESET, reset.subcode());
        assertEquals("This is a test of the shutdown communication system.", reset.shutdownCommunication());

        final NotificationMessage extended = (NotificationMessage)decodeAll(
            "bgp-extended-shutdown-msg.pcapng", CodecOptions.DEFAULT).getFirst().message();
        final String text = extended.shutdownCommunication();
        assertEquals(210, text.length());
        assertTrue(text.startsWith("[TICKET-1-1438367390] software upgrade; Expected downtime for 2 hours;"));

        // "0123456789" then trailing data; "empty Shutdown Communication"; "invalid Shutdown Communication length"
        final List<NotificationMessage> variations = decodeAll("bgp-shutdown-msg-variations.pcap", CodecOptions.DEFAULT)
            .stream().map(Decoded::message).map(NotificationMessage.class::cast).toList();
        assertEquals("0123456789", variations.get(0).shutdownCommunication());
        assertEquals("", variations.get(1).shutdownCommunication());
        assertNull(variations.get(2).shutdownCommunication());
    }

    @Test
    void shouldDecodeExtendedOptionalParametersLength() throws IOException
    {
        final List<Decoded> all = decodeAll("bgp-extended-optional-parameters-length.pcapng", CodecOptions.DEFAULT);
        final Decoded d = first(all, x -> x.message() instanceof OpenMessage);
        final OpenMessage open = (OpenMessage)d.message();
        // "my AS 174, Holdtime 180s, ID 6.6.6.6, Optional parameters (Extended), length: 108"
        assertEquals(174, open.asNumber());
        assertEquals(ip("6.6.6.6"), open.bgpIdentifier());
        assertEquals(List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST), open.families());
        assertNotNull(open.capability(Capability.EnhancedRouteRefresh.class));
        assertNotNull(open.capability(Capability.ExtendedMessage.class));
        assertEquals(120, open.capability(Capability.GracefulRestart.class).restartTimeSeconds());
        assertTrue(open.capabilities().stream().anyMatch(c -> c.code() == 71), "LLGR kept raw");
        assertTrue(open.capabilities().stream().anyMatch(c -> c.code() == 128), "Cisco route refresh kept raw");
    }

    @Test
    void shouldDecodeEnhancedRouteRefreshSubtypes() throws IOException
    {
        final List<Decoded> all = decodeAll("bgp-enhanced-route-refresh-subtype.pcapng", new CodecOptions(true, false, false));
        final List<RouteRefreshMessage> refreshes = all.stream().map(Decoded::message)
            .filter(m -> m instanceof RouteRefreshMessage).map(RouteRefreshMessage.class::cast).toList();
        assertEquals(new RouteRefreshMessage(AfiSafi.IPV4_UNICAST, RouteRefreshMessage.NORMAL), refreshes.get(0));
        assertEquals(new RouteRefreshMessage(AfiSafi.IPV4_UNICAST, RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH),
            refreshes.get(1));
        assertTrue(refreshes.contains(
            new RouteRefreshMessage(AfiSafi.IPV4_UNICAST, RouteRefreshMessage.END_OF_ROUTE_REFRESH)));
        // "AS Path (2), length: 10, Flags [TE]: 174 65001", "Updated routes: 10.0.0.0/24 ..."
        final UpdateMessage update = (UpdateMessage)first(all, x -> x.message() instanceof UpdateMessage).message();
        assertEquals(PathAttribute.AsPath.sequence(174, 65001), update.attributes().asPath());
        assertEquals(Prefix4.parse("10.0.0.0/24"), update.nlri().getFirst());
        assertEquals(7, update.nlri().size());
    }

    @Test
    void shouldDecodeExtendedCommunitiesMedAndLocalPref() throws IOException
    {
        final List<Decoded> all = decodeAll("bgp-link-bw-extcommunity.pcapng", new CodecOptions(true, false, false));
        final UpdateMessage update = (UpdateMessage)first(all, x -> x.message() instanceof UpdateMessage).message();
        final PathAttributes a = update.attributes();
        // "AS Path (2), length: 0: empty", "Multi Exit Discriminator: 0", "Local Preference: 100", "link-BW (0x4004)"
        assertEquals(PathAttribute.AsPath.EMPTY, a.asPath());
        assertEquals(new PathAttribute.MultiExitDisc(0), a.multiExitDisc());
        assertEquals(new PathAttribute.LocalPref(100), a.localPref());
        assertEquals(0x4004, (int)(a.extendedCommunities().get(0) >>> 48));
        assertEquals(prefixes("10.0.0.0/24"), update.nlri());
    }

    @Test
    void shouldDecodeRouteRefreshErrorNotification() throws IOException
    {
        final NotificationMessage n = (NotificationMessage)decodeAll(
            "bgp_notification_rr_msg_error.pcap", CodecOptions.DEFAULT).getFirst().message();
        assertEquals(NotificationMessage.ROUTE_REFRESH_MESSAGE_ERROR, n.code());
        assertEquals(NotificationMessage.ROUTE_REFRESH_INVALID_MESSAGE_LENGTH, n.subcode());
    }

    @Test
    void shouldDecodeExtendedMessageCapability() throws IOException
    {
        final List<Decoded> all = decodeAll("bgp-extended-msg.pcapng", CodecOptions.DEFAULT);
        final OpenMessage open = (OpenMessage)first(all, x -> x.message() instanceof OpenMessage).message();
        assertEquals(65001, open.asNumber());
        assertEquals(ip("192.168.10.68"), open.bgpIdentifier());
        assertNotNull(open.capability(Capability.ExtendedMessage.class));
        assertNotNull(open.capability(Capability.EnhancedRouteRefresh.class));
        assertArrayEquals("\u000eexit1-debian-9\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
            open.capabilities().stream().filter(c -> c.code() == 73).map(c -> ((Capability.Unknown)c).value())
                .findFirst().orElseThrow());
    }

    static Stream<String> captures() throws IOException
    {
        try (Stream<Path> files = Files.list(SharedData.require(SharedData.BGP_PCAP)))
        {
            return files.map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".pcap") || n.endsWith(".pcapng")).sorted().toList().stream();
        }
    }

    /**
     * Every capture, malformed ones included: every frame decodes to a message or a structured problem,
     * and every clean message survives encode then decode unchanged.
     */
    @ParameterizedTest
    @MethodSource("captures")
    void shouldDecodeEveryFrameToAMessageOrAProblem(final String file) throws IOException
    {
        for (final Decoded d : decodeAll(file, new CodecOptions(true, false, false)))
        {
            final DecodeResult r = d.result();
            assertTrue(r.message() != null || !r.problems().isEmpty(), file);
            if (r.isSessionReset())
            {
                assertNull(r.message());
                assertNotNull(r.notification());
            }
            if (r.isClean())
            {
                final byte[] encoded = MessageEncoder.encode(r.message(), d.options());
                final DecodeResult again = MessageDecoder.decode(encoded, d.options());
                assertEquals(r.message(), again.message(), file + " " + d.frame().flow());
                assertTrue(again.isClean(), again.problems().toString());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void shouldRejectMalformedCapturesWithATypedError(final String file) throws IOException
    {
        final List<Decoded> all = decodeAll(file, CodecOptions.DEFAULT);
        assertFalse(all.isEmpty(), file + " yields frames");
        assertTrue(all.stream().anyMatch(d -> !d.result().isClean()), file + " has a malformed message");
        for (final Decoded d : all)
        {
            for (final DecodeProblem p : d.result().problems())
            {
                assertNotNull(p.action());
                assertNotNull(p.notification());
                assertInstanceOf(String.class, p.reason());
            }
        }
    }

    @Test
    void shouldResetOnTheIllegalWithdrawnPrefixesTcpdumpFlags() throws IOException
    {
        // Six times "Update Message (2), length: 45, Withdrawn routes: (illegal prefix length)".
        final List<Decoded> updates = decodeAll("bgp_mp_reach_nlri-oobr.pcap", CodecOptions.DEFAULT).stream()
            .filter(d -> d.frame().bytes().length == 45).toList();
        assertEquals(6, updates.size());
        for (final Decoded d : updates)
        {
            assertTrue(d.result().isSessionReset());
            assertEquals(NotificationMessage.of(NotificationMessage.UPDATE_MESSAGE_ERROR,
                NotificationMessage.UPDATE_INVALID_NETWORK_FIELD), d.result().notification());
        }
    }

    static Stream<String> malformed() throws IOException
    {
        // bgp-malformed-hard-reset is a well-formed NOTIFICATION whose Hard Reset data is missing: see below.
        return captures().filter(n -> n.contains("oobr") || n.contains("-ub") || n.contains("infinite-loop") ||
            n.contains("invalid"));
    }

    @Test
    void shouldDecodeHardResetCauseAndRejectAMissingOne() throws IOException
    {
        // "Cease (6), subcode Hard Reset (9), Cease (6), subcode Peer Unconfigured (3)"
        final NotificationMessage hardReset = (NotificationMessage)first(decodeAll("bgp-cease-hard-reset.pcap",
            CodecOptions.DEFAULT), d -> d.message() instanceof NotificationMessage n && n.data().length > 0).message();
        assertEquals(NotificationMessage.of(NotificationMessage.CEASE, NotificationMessage.CEASE_PEER_DECONFIGURED),
            hardReset.hardResetCause());

        // "Cease (6), subcode Hard Reset (9)" with nothing encapsulated.
        final NotificationMessage malformed = (NotificationMessage)decodeAll("bgp-malformed-hard-reset.pcap",
            CodecOptions.DEFAULT).getFirst().message();
        assertEquals(NotificationMessage.CEASE_HARD_RESET, malformed.subcode());
        assertNull(malformed.hardResetCause());
    }
}
