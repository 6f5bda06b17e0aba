/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.AsPaths;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4;
import net.junction.routing.Ip4Address;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageRoundTripTest
{
    static final CodecOptions IBGP4 = new CodecOptions(true, false, false);
    static final CodecOptions IBGP2 = new CodecOptions(false, false, false);

    static BgpMessage roundTrip(final BgpMessage message, final CodecOptions options)
    {
        final byte[] bytes = MessageEncoder.encode(message, options);
        final DecodeResult result = MessageDecoder.decode(bytes, options);
        assertTrue(result.isClean(), () -> message + " -> " + result.problems());
        assertEquals(message, result.message());
        assertArrayEquals(bytes, MessageEncoder.encode(result.message(), options), "re-encoding is stable");
        return result.message();
    }

    static PathAttributes base()
    {
        return PathAttributes.of(
            PathAttribute.Origin.ORIGIN_IGP,
            PathAttribute.AsPath.sequence(65001, 65002),
            new PathAttribute.NextHop(Ip4.parse("198.18.0.1")));
    }

    static Stream<PathAttribute> everyAttribute()
    {
        return Stream.of(
            PathAttribute.Origin.ORIGIN_EGP,
            PathAttribute.Origin.ORIGIN_INCOMPLETE,
            new PathAttribute.AsPath(List.of(
                new AsPathSegment(AsPathSegment.AS_CONFED_SEQUENCE, 64512, 64513),
                new AsPathSegment(AsPathSegment.AS_CONFED_SET, 64514),
                AsPathSegment.sequence(65001, (int)4_200_000_000L),
                AsPathSegment.set(65010, 65011, 65012))),
            PathAttribute.AsPath.EMPTY,
            new PathAttribute.MultiExitDisc(-1),
            new PathAttribute.LocalPref(200),
            PathAttribute.AtomicAggregate.INSTANCE,
            new PathAttribute.Aggregator(65001, Ip4.parse("198.18.0.9")),
            new PathAttribute.Aggregator((int)4_200_000_000L, Ip4.parse("198.18.0.9")),
            new PathAttribute.Communities(new int[] {PathAttribute.Communities.NO_EXPORT,
                PathAttribute.Communities.NO_ADVERTISE, PathAttribute.Communities.NO_EXPORT_SUBCONFED,
                PathAttribute.Communities.NOPEER, PathAttribute.Communities.BLACKHOLE,
                PathAttribute.Communities.community(65001, 100)}),
            new PathAttribute.OriginatorId(Ip4.parse("198.18.0.1")),
            new PathAttribute.ClusterList(new int[] {Ip4.parse("198.18.0.2"), Ip4.parse("198.18.0.3")}),
            new PathAttribute.ExtendedCommunities(new long[] {0x0002_FDE9_0000_0064L, 0x4004_0000_4974_2400L}),
            new PathAttribute.LargeCommunities(new int[] {65536, 1, 1, -1, -1, -1}),
            new PathAttribute.Unknown(PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, 99,
                new byte[] {1, 2, 3}),
            new PathAttribute.Unknown(PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE | PathAttribute.FLAG_PARTIAL,
                200, new byte[300]));
    }

    @ParameterizedTest
    @MethodSource("everyAttribute")
    void shouldRoundTripEveryAttributeOverFourOctetIbgp(final PathAttribute attribute)
    {
        final PathAttributes attributes = base().with(attribute);
        roundTrip(UpdateMessage.announce(attributes, List.of(Prefix4.parse("198.51.100.0/24"))), IBGP4);
    }

    @ParameterizedTest
    @MethodSource("everyAttribute")
    void shouldRoundTripEveryAttributeOverTwoOctetIbgpThroughAs4Attributes(final PathAttribute attribute)
    {
        final PathAttributes attributes = base().with(attribute);
        final UpdateMessage update = UpdateMessage.announce(attributes, List.of(Prefix4.parse("198.51.100.0/24")));
        final byte[] bytes = MessageEncoder.encode(update, IBGP2);
        final DecodeResult result = MessageDecoder.decode(bytes, IBGP2);
        assertTrue(result.isClean(), result.problems().toString());
        final UpdateMessage decoded = (UpdateMessage)result.message();
        // RFC 6793 §4.2.3: what a 4-octet speaker rebuilds from AS_PATH + AS4_PATH is what was sent.
        assertEquals(attributes, AsPaths.reconstruct(decoded.attributes()));
    }

    @Test
    void shouldRoundTripPartialBitsOfRecognizedOptionalTransitiveAttributes()
    {
        final PathAttributes attributes = base().with(new PathAttribute.Communities(new int[] {1}))
            .toBuilder().partial(PathAttribute.COMMUNITIES, true).build();
        final UpdateMessage decoded = (UpdateMessage)roundTrip(
            UpdateMessage.announce(attributes, List.of(Prefix4.parse("198.51.100.0/24"))), IBGP4);
        assertTrue(decoded.attributes().isPartial(PathAttribute.COMMUNITIES));
    }

    @Test
    void shouldRoundTripUpdatesOfEveryShape()
    {
        final PathAttributes all = PathAttributes.of(everyAttribute()
            .filter(a -> !(a instanceof PathAttribute.Origin o && o.value() == 2))
            .filter(a -> a != PathAttribute.AsPath.EMPTY)
            .filter(a -> !(a instanceof PathAttribute.Aggregator g && g.asNumber() == 65001))
            .filter(a -> !(a instanceof PathAttribute.Unknown u && u.typeCode() == 99))
            .toList()).with(new PathAttribute.NextHop(Ip4.parse("198.18.0.1")));
        final List<Prefix4> prefixes = List.of(Prefix4.parse("0.0.0.0/0"), Prefix4.parse("198.18.0.0/15"),
            Prefix4.parse("198.51.100.0/25"), Prefix4.parse("203.0.113.7/32"), Prefix4.parse("128.0.0.0/1"));
        roundTrip(UpdateMessage.announce(all, prefixes), IBGP4);
        roundTrip(UpdateMessage.withdraw(prefixes), IBGP4);
        roundTrip(new UpdateMessage(prefixes.subList(0, 2), all, prefixes.subList(2, 5), null, null), IBGP4);

        final List<IpPrefix> v6 = List.of(IpPrefix.parse("2001:db8::/32"), IpPrefix.parse("2001:db8:1:2::/64"),
            IpPrefix.parse("::/0"), IpPrefix.parse("2001:db8::1/128"), IpPrefix.parse("2001:db8:8000::/33"));
        final PathAttributes mpAttributes = all.without(PathAttribute.NEXT_HOP);
        roundTrip(new UpdateMessage(List.of(), mpAttributes, List.of(), new MpReachNlri(AfiSafi.IPV6_UNICAST,
            IpAddress.parse("2001:db8::1"), null, v6), null), IBGP4);
        roundTrip(new UpdateMessage(List.of(), mpAttributes, List.of(), new MpReachNlri(AfiSafi.IPV6_UNICAST,
            IpAddress.parse("2001:db8::1"), IpAddress.parse("fe80::1"), v6),
            new MpUnreachNlri(AfiSafi.IPV6_UNICAST, v6.subList(0, 2))), IBGP4);
        final List<IpPrefix> v4 = new ArrayList<>(prefixes);
        roundTrip(new UpdateMessage(List.of(), mpAttributes, List.of(), new MpReachNlri(AfiSafi.IPV4_UNICAST,
            new Ip4Address(Ip4.parse("198.18.0.1")), null, v4), new MpUnreachNlri(AfiSafi.IPV4_UNICAST, v4)), IBGP4);
        // RFC 8950: IPv4 routes with an IPv6 next hop.
        roundTrip(new UpdateMessage(List.of(), mpAttributes, List.of(), new MpReachNlri(AfiSafi.IPV4_UNICAST,
            IpAddress.parse("2001:db8::1"), null, v4), null), IBGP4);
    }

    @Test
    void shouldRoundTripEndOfRibMarkers()
    {
        assertEquals(AfiSafi.IPV4_UNICAST,
            ((UpdateMessage)roundTrip(UpdateMessage.endOfRib(AfiSafi.IPV4_UNICAST), IBGP4)).endOfRibFamily());
        assertEquals(AfiSafi.IPV6_UNICAST,
            ((UpdateMessage)roundTrip(UpdateMessage.endOfRib(AfiSafi.IPV6_UNICAST), IBGP4)).endOfRibFamily());
        assertEquals(23, MessageEncoder.encode(UpdateMessage.endOfRib(AfiSafi.IPV4_UNICAST), IBGP4).length);
    }

    @Test
    void shouldRoundTripOpenWithEveryCapability()
    {
        final List<Capability> capabilities = List.of(
            new Capability.Multiprotocol(AfiSafi.IPV4_UNICAST),
            new Capability.Multiprotocol(AfiSafi.IPV6_UNICAST),
            new Capability.RouteRefresh(),
            new Capability.EnhancedRouteRefresh(),
            new Capability.ExtendedMessage(),
            new Capability.GracefulRestart(Capability.GracefulRestart.RESTART_STATE, 120, List.of(
                new Capability.GracefulRestart.Family(AfiSafi.IPV4_UNICAST,
                    Capability.GracefulRestart.Family.FORWARDING_STATE),
                new Capability.GracefulRestart.Family(AfiSafi.IPV6_UNICAST, 0))),
            new Capability.Unknown(Capability.ADD_PATH, new byte[] {0, 1, 1, 3}));
        final OpenMessage open = OpenMessage.of((int)4_200_000_000L, 90, Ip4.parse("198.18.0.1"), capabilities);
        assertEquals(AsPaths.AS_TRANS, open.myAs());
        final OpenMessage decoded = (OpenMessage)roundTrip(open, CodecOptions.DEFAULT);
        assertEquals(4_200_000_000L, Integer.toUnsignedLong(decoded.asNumber()));
        assertEquals(List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST), decoded.families());

        roundTrip(new OpenMessage(4, 65001, 0, 1, List.of()), CodecOptions.DEFAULT);
        roundTrip(OpenMessage.of(65001, 3, 1, List.of()), CodecOptions.DEFAULT);
    }

    @Test
    void shouldUseExtendedOptionalParametersWhenCapabilitiesExceed255Octets()
    {
        final List<Capability> many = new ArrayList<>();
        for (int i = 0; i < 30; i++)
        {
            many.add(new Capability.Unknown(200 + i % 50, new byte[8]));
        }
        final OpenMessage open = OpenMessage.of(65001, 180, 1, many);
        final byte[] bytes = MessageEncoder.encode(open, CodecOptions.DEFAULT);
        assertEquals(255, bytes[28] & 0xFF, "RFC 9072 Non-Ext OP Len");
        assertEquals(255, bytes[29] & 0xFF, "RFC 9072 Non-Ext OP Type");
        roundTrip(open, CodecOptions.DEFAULT);
    }

    @Test
    void shouldRoundTripNotificationsKeepalivesAndRouteRefresh()
    {
        roundTrip(KeepaliveMessage.INSTANCE, CodecOptions.DEFAULT);
        assertEquals(19, MessageEncoder.encode(KeepaliveMessage.INSTANCE, CodecOptions.DEFAULT).length);
        roundTrip(NotificationMessage.of(NotificationMessage.HOLD_TIMER_EXPIRED, 0), CodecOptions.DEFAULT);
        roundTrip(new NotificationMessage(NotificationMessage.UPDATE_MESSAGE_ERROR,
            NotificationMessage.UPDATE_MALFORMED_AS_PATH, new byte[] {1, 2, 3}), CodecOptions.DEFAULT);
        for (final int subtype : new int[] {RouteRefreshMessage.NORMAL, RouteRefreshMessage.BEGIN_OF_ROUTE_REFRESH,
            RouteRefreshMessage.END_OF_ROUTE_REFRESH, 77})
        {
            roundTrip(new RouteRefreshMessage(AfiSafi.IPV6_UNICAST, subtype), CodecOptions.DEFAULT);
        }
    }

    @Test
    void shouldEncodeShutdownCommunicationAsLengthPrefixedUtf8UpTo255Octets()
    {
        final NotificationMessage n = NotificationMessage.shutdown(NotificationMessage.CEASE_ADMIN_SHUTDOWN,
            "maintenance 🛠 until 14:00");
        assertEquals("maintenance 🛠 until 14:00",
            ((NotificationMessage)roundTrip(n, CodecOptions.DEFAULT)).shutdownCommunication());

        final NotificationMessage longOne = NotificationMessage.shutdown(NotificationMessage.CEASE_ADMIN_RESET,
            "é".repeat(200));
        assertEquals(254, longOne.data()[0] & 0xFF);
        assertEquals(255, longOne.dataLength());
        assertEquals(127, longOne.shutdownCommunication().length(), "254 octets: whole 2-octet characters only");
        assertThrows(IllegalArgumentException.class, () -> NotificationMessage.shutdown(3, "x"));
    }

    @Test
    void shouldEncodeKnownBytesForASimpleUpdate()
    {
        // ORIGIN IGP, AS_PATH 65001 (4-octet), NEXT_HOP 198.18.0.1, NLRI 198.51.100.0/24.
        final byte[] bytes = MessageEncoder.encode(UpdateMessage.announce(PathAttributes.of(
            PathAttribute.Origin.ORIGIN_IGP, PathAttribute.AsPath.sequence(65001),
            new PathAttribute.NextHop(Ip4.parse("198.18.0.1"))), List.of(Prefix4.parse("198.51.100.0/24"))), IBGP4);
        assertEquals("ffffffffffffffffffffffffffffffff" + "002f" + "02" + "0000" + "0014" +
            "400101" + "00" + "40020602010000fde9" + "400304" + "c6120001" + "18c63364",
            HexFormat.of().formatHex(bytes));
    }

    @Test
    void shouldRefuseToEncodeAnUpdateLargerThanTheSessionAllows()
    {
        final List<Prefix4> many = new ArrayList<>();
        for (int i = 0; i < 2000; i++)
        {
            many.add(new Prefix4(0xC6120000 + (i << 12), 20));
        }
        final UpdateMessage big = UpdateMessage.announce(base(), many);
        assertThrows(IllegalArgumentException.class, () -> MessageEncoder.encode(big, IBGP4));
        roundTrip(big, new CodecOptions(true, true, false));
    }
}
