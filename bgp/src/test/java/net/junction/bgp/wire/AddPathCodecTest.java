/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ADD-PATH (RFC 7911): NLRI with a 4-octet Path Identifier in the UPDATE body and in MP_REACH/MP_UNREACH, for
 * the families a session negotiated it for, and the capability itself.
 */
class AddPathCodecTest
{
    private static final Set<AfiSafi> BOTH = Set.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST);
    private static final CodecOptions ADD_PATH = new CodecOptions(true, false, false, BOTH, BOTH);
    private static final CodecOptions IPV6_ONLY =
        new CodecOptions(true, false, false, Set.of(AfiSafi.IPV6_UNICAST), Set.of(AfiSafi.IPV6_UNICAST));

    private static PathAttributes attributes()
    {
        return PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP, PathAttribute.AsPath.sequence(65001),
            new PathAttribute.NextHop(Ip4.parse("198.18.0.1")));
    }

    @Test
    void shouldRoundTripIpv4NlriAndWithdrawalsWithPathIds()
    {
        final Prefix4 p = Prefix4.parse("198.18.10.0/24");
        final UpdateMessage update = new UpdateMessage(List.of(p), attributes(), List.of(p, p), null, null,
            List.of(7), List.of(1, 0xFFFFFFFF));
        final UpdateMessage decoded = (UpdateMessage)MessageRoundTripTest.roundTrip(update, ADD_PATH);
        assertEquals(List.of(1, -1), decoded.nlriPathIds());
        assertEquals(List.of(7), decoded.withdrawnPathIds());
    }

    @Test
    void shouldRoundTripMpReachAndMpUnreachWithPathIds()
    {
        final IpPrefix p = IpPrefix.parse("2001:db8:10::/48");
        final UpdateMessage announce = new UpdateMessage(List.of(), attributes().without(PathAttribute.NEXT_HOP),
            List.of(), new MpReachNlri(AfiSafi.IPV6_UNICAST, Ip6Address.parse("2001:db8::1"), null, List.of(p, p),
            List.of(1, 2)), null);
        MessageRoundTripTest.roundTrip(announce, ADD_PATH);
        final UpdateMessage withdraw = new UpdateMessage(List.of(), PathAttributes.EMPTY, List.of(), null,
            new MpUnreachNlri(AfiSafi.IPV6_UNICAST, List.of(p), List.of(2)));
        MessageRoundTripTest.roundTrip(withdraw, ADD_PATH);
        // Negotiated for IPv6 only: IPv4 NLRI in the same session carry none.
        MessageRoundTripTest.roundTrip(withdraw, IPV6_ONLY);
        MessageRoundTripTest.roundTrip(UpdateMessage.announce(attributes(), List.of(Prefix4.parse("198.18.11.0/24"))),
            IPV6_ONLY);
    }

    @Test
    void shouldDecodeHandWrittenBytesAsRfc7911LaysThemOut()
    {
        // Withdrawn: path id 5, 198.18.0.0/16; no attributes; NLRI: none.
        final byte[] withdraw = HexFormat.of().parseHex(
            "ffffffffffffffffffffffffffffffff" + "001e" + "02" + "0007" + "00000005" + "10c612" + "0000");
        final DecodeResult result = MessageDecoder.decode(withdraw, ADD_PATH);
        assertTrue(result.isClean(), () -> result.problems().toString());
        final UpdateMessage update = (UpdateMessage)result.message();
        assertEquals(List.of(Prefix4.parse("198.18.0.0/16")), update.withdrawn());
        assertEquals(List.of(5), update.withdrawnPathIds());
        assertArrayEquals(withdraw, MessageEncoder.encode(update, ADD_PATH));

        // The same bytes without ADD-PATH are a different (and here malformed) message: 4 octets of zeros
        // and a 5 read as prefixes.
        assertTrue(MessageDecoder.decode(withdraw, MessageRoundTripTest.IBGP4).isSessionReset());
    }

    @Test
    void shouldResetTheSessionForAPathIdCutShortInTheUpdateBody()
    {
        // NLRI field: 3 octets, too short for a path identifier: RFC 7606 §3 j / RFC 4271 §6.3.
        final byte[] bytes = HexFormat.of().parseHex(
            "ffffffffffffffffffffffffffffffff" + "001a" + "02" + "0000" + "0000" + "000000");
        final DecodeResult result = MessageDecoder.decode(bytes, ADD_PATH);
        assertTrue(result.isSessionReset());
        assertEquals(NotificationMessage.UPDATE_INVALID_NETWORK_FIELD, result.notification().subcode());

        // A path identifier with no prefix after it.
        final byte[] noPrefix = HexFormat.of().parseHex(
            "ffffffffffffffffffffffffffffffff" + "001b" + "02" + "0004" + "00000001" + "0000");
        assertTrue(MessageDecoder.decode(noPrefix, ADD_PATH).isSessionReset());
    }

    @Test
    void shouldDisableTheFamilyForAPathIdCutShortInMpReach()
    {
        final IpPrefix p = IpPrefix.parse("2001:db8:10::/48");
        final byte[] good = MessageEncoder.encode(new UpdateMessage(List.of(), PathAttributes.of(
            PathAttribute.Origin.ORIGIN_IGP, PathAttribute.AsPath.sequence(65001)), List.of(), new MpReachNlri(
            AfiSafi.IPV6_UNICAST, Ip6Address.parse("2001:db8::1"), null, List.of(p), List.of(9)), null), ADD_PATH);
        // Decoded by a session without ADD-PATH for IPv6, the path id's octets are read as a prefix length of 0
        // and so on: the NLRI do not parse, RFC 7606 §7.11 / RFC 4760 §7: AFI/SAFI disable.
        final DecodeResult misread = MessageDecoder.decode(good, MessageRoundTripTest.IBGP4);
        assertEquals(ErrorAction.AFI_SAFI_DISABLE, misread.action());
        assertEquals(AfiSafi.IPV6_UNICAST, misread.problems().getFirst().afiSafi());
    }

    @Test
    void shouldRefuseToEncodeNlriThatDisagreeWithTheSession()
    {
        final Prefix4 p = Prefix4.parse("198.18.10.0/24");
        final UpdateMessage withIds = new UpdateMessage(List.of(), attributes(), List.of(p), null, null,
            List.of(), List.of(1));
        assertThrows(IllegalArgumentException.class, () -> MessageEncoder.encode(withIds, MessageRoundTripTest.IBGP4));
        assertThrows(IllegalArgumentException.class,
            () -> MessageEncoder.encode(UpdateMessage.announce(attributes(), List.of(p)), ADD_PATH));
        assertThrows(IllegalArgumentException.class, () -> new UpdateMessage(List.of(), attributes(), List.of(p), null,
            null, List.of(), List.of(1, 2)));
    }

    @Test
    void shouldDecodeTheCapabilityAndIgnoreUnknownSendReceiveValues()
    {
        // OPEN: AS 65001, hold 90, id 198.18.0.1, one Capabilities parameter: ADD-PATH (69) with
        // IPv4 unicast receive+send and IPv6 unicast with Send/Receive 4 (ignored, RFC 7911 §4).
        final byte[] open = HexFormat.of().parseHex("ffffffffffffffffffffffffffffffff" + "0029" + "01" + "04" +
            "fde9" + "005a" + "c6120001" + "0c" + "02" + "0a" + "45" + "08" + "00010103" + "00020104");
        final DecodeResult result = MessageDecoder.decode(open, CodecOptions.DEFAULT);
        assertTrue(result.isClean(), () -> result.problems().toString());
        final Capability.AddPath addPath = ((OpenMessage)result.message()).capability(Capability.AddPath.class);
        assertEquals(List.of(new Capability.AddPath.Family(AfiSafi.IPV4_UNICAST, 3)), addPath.families());
        assertEquals(3, addPath.mode(AfiSafi.IPV4_UNICAST));
        assertEquals(0, addPath.mode(AfiSafi.IPV6_UNICAST));
    }
}
