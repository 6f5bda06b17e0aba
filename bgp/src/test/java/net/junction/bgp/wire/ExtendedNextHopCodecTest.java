/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import static net.junction.bgp.wire.HeaderAndOpenErrorTest.assertReset;
import static net.junction.bgp.wire.HeaderAndOpenErrorTest.hex;
import static net.junction.bgp.wire.HeaderAndOpenErrorTest.open;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;

import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import org.junit.jupiter.api.Test;

/**
 * RFC 8950 on the wire: the Extended Next Hop Encoding capability (code 5) and IPv4 unicast NLRI in
 * MP_REACH_NLRI with a 16-octet (global) or 32-octet (global + link-local) IPv6 next hop, from hand-written
 * bytes both ways.
 */
class ExtendedNextHopCodecTest
{
    private static final CodecOptions EBGP = new CodecOptions(true, false, true);
    private static final String ORIGIN = "40010100";
    private static final String AS_PATH = "40020602010000fde9"; // AS_SEQUENCE 65001
    private static final String GLOBAL = "20010db8000000000000000000000002"; // 2001:db8::2
    private static final String LINK_LOCAL = "fe800000000000000000000000000002"; // fe80::2
    private static final String NLRI = "18c61278" + "17c61280"; // 198.18.120.0/24, 198.18.128.0/23
    private static final List<IpPrefix> PREFIXES = List.of(IpPrefix.parse("198.18.120.0/24"),
        IpPrefix.parse("198.18.128.0/23"));

    /** MP_REACH_NLRI of IPv4 unicast: AFI 1, SAFI 1, the next hop, reserved 0, NLRI; a one-octet length. */
    private static String mpReach4(final String nextHop)
    {
        final String value = mpReach4Value(nextHop);
        return "800e" + String.format("%02x", value.length() / 2) + value;
    }

    /** The same with the extended (two-octet) length, as Junction's encoder writes it. */
    private static String mpReach4Extended(final String nextHop)
    {
        final String value = mpReach4Value(nextHop);
        return "900e" + String.format("%04x", value.length() / 2) + value;
    }

    private static String mpReach4Value(final String nextHop)
    {
        return "0001" + "01" + String.format("%02x", nextHop.length() / 2) + nextHop + "00" + NLRI;
    }

    private static PathAttributes attributes()
    {
        return PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP, PathAttribute.AsPath.sequence(65001));
    }

    @Test
    void shouldEncodeAndDecodeTheCapability()
    {
        final Capability.ExtendedNextHop capability = new Capability.ExtendedNextHop(
            List.of(Capability.ExtendedNextHop.IPV4_UNICAST_VIA_IPV6));
        final byte[] bytes = MessageEncoder.encode(OpenMessage.of(65001, 90, Ip4.parse("198.18.0.1"),
            List.of(capability)), CodecOptions.DEFAULT);

        // Code 5, length 6, AFI 1, SAFI 1 (2 octets), next-hop AFI 2 (beside the 4-octet AS capability OPEN adds).
        assertTrue(HexFormat.of().formatHex(bytes).contains("0506" + "0001" + "0001" + "0002"),
            HexFormat.of().formatHex(bytes));
        final DecodeResult decoded = MessageDecoder.decode(
            hex(open("04", "005a", "c6120001", "0a" + "0208" + "0506" + "0001" + "0001" + "0002")), CodecOptions.DEFAULT);
        assertTrue(decoded.isClean(), decoded.toString());
        assertEquals(List.of(capability), ((OpenMessage)decoded.message()).capabilities());
        final DecodeResult r = MessageDecoder.decode(bytes, CodecOptions.DEFAULT);
        assertTrue(r.isClean(), r.toString());
        assertEquals(capability, ((OpenMessage)r.message()).capability(Capability.ExtendedNextHop.class));
    }

    @Test
    void shouldDecodeSeveralTriplesAndKeepOnlyThoseThatNameAFamily()
    {
        // IPv4 unicast via IPv6, IPv4 VPN (SAFI 128) via IPv6, and one whose 2-octet SAFI names nothing.
        final DecodeResult r = MessageDecoder.decode(hex(open("04", "00b4", "c6120001",
            "16" + "0214" + "0512" + "000100010002" + "000100800002" + "000101000002")), CodecOptions.DEFAULT);

        assertTrue(r.isClean(), r.toString());
        final Capability.ExtendedNextHop c = ((OpenMessage)r.message()).capability(Capability.ExtendedNextHop.class);
        assertEquals(List.of(Capability.ExtendedNextHop.IPV4_UNICAST_VIA_IPV6,
            new Capability.ExtendedNextHop.Entry(AfiSafi.of(1, 128), 2)), c.entries());
        assertTrue(c.has(Capability.ExtendedNextHop.IPV4_UNICAST_VIA_IPV6));

        // Found by DecoderFuzzTest: only a triple that names no family decoded to an empty capability, which
        // re-encodes to a zero-length one the decoder refuses. Such a capability offers nothing: it is left out.
        final DecodeResult none = MessageDecoder.decode(hex(open("04", "00b4", "c6120001",
            "0a" + "0208" + "0506" + "000101000002")), CodecOptions.DEFAULT);
        assertTrue(none.isClean(), none.toString());
        assertNull(((OpenMessage)none.message()).capability(Capability.ExtendedNextHop.class));
    }

    @Test
    void shouldRejectACapabilityThatIsNotWholeTriples()
    {
        for (final String value : new String[] {"", "000100010002" + "00", "00010001"})
        {
            final String capability = "05" + String.format("%02x", value.length() / 2) + value;
            final String parameter = "02" + String.format("%02x", capability.length() / 2) + capability;
            assertReset(hex(open("04", "00b4", "c6120001", String.format("%02x", parameter.length() / 2) + parameter)),
                CodecOptions.DEFAULT, NotificationMessage.OPEN_MESSAGE_ERROR, NotificationMessage.UNSPECIFIC, null);
        }
    }

    @Test
    void shouldDecodeAndEncodeIpv4RoutesWithA16OctetIpv6NextHop()
    {
        final byte[] wire = UpdateErrorHandlingTest.update("", mpReach4(GLOBAL) + ORIGIN + AS_PATH, "");
        final DecodeResult r = MessageDecoder.decode(wire, EBGP);

        assertTrue(r.isClean(), r.toString());
        final MpReachNlri mp = ((UpdateMessage)r.message()).mpReach();
        assertEquals(AfiSafi.IPV4_UNICAST, mp.afiSafi());
        assertEquals(IpAddress.parse("2001:db8::2"), mp.nextHop());
        assertNull(mp.linkLocalNextHop());
        assertEquals(PREFIXES, mp.nlri());

        final UpdateMessage sent = new UpdateMessage(List.of(), attributes(), List.of(),
            new MpReachNlri(AfiSafi.IPV4_UNICAST, IpAddress.parse("2001:db8::2"), null, PREFIXES), null);
        assertEquals(sent, r.message());
        assertArrayEquals(UpdateErrorHandlingTest.update("", mpReach4Extended(GLOBAL) + ORIGIN + AS_PATH, ""),
            MessageEncoder.encode(sent, EBGP), "the same attribute, its length on two octets");
    }

    @Test
    void shouldDecodeAndEncodeIpv4RoutesWithA32OctetGlobalAndLinkLocalNextHop()
    {
        final byte[] wire = UpdateErrorHandlingTest.update("", mpReach4(GLOBAL + LINK_LOCAL) + ORIGIN + AS_PATH, "");
        final DecodeResult r = MessageDecoder.decode(wire, EBGP);

        assertTrue(r.isClean(), r.toString());
        final MpReachNlri mp = ((UpdateMessage)r.message()).mpReach();
        assertEquals(IpAddress.parse("2001:db8::2"), mp.nextHop());
        assertEquals(IpAddress.parse("fe80::2"), mp.linkLocalNextHop());
        assertEquals(PREFIXES, mp.nlri());

        final UpdateMessage sent = new UpdateMessage(List.of(), attributes(), List.of(),
            new MpReachNlri(AfiSafi.IPV4_UNICAST, IpAddress.parse("2001:db8::2"), IpAddress.parse("fe80::2"), PREFIXES),
            null);
        assertEquals(sent, r.message());
        assertArrayEquals(UpdateErrorHandlingTest.update("", mpReach4Extended(GLOBAL + LINK_LOCAL) + ORIGIN + AS_PATH, ""),
            MessageEncoder.encode(sent, EBGP));
    }

    /** A next hop neither 4, 16 nor 32 octets long: the routes are still found, and treated as withdrawn. */
    @Test
    void shouldDisableIpv4UnicastForAMalformedNextHopLength()
    {
        // RFC 7606 §7.11: a next-hop length the family does not allow disables the AFI/SAFI (or resets).
        for (final String nextHop : new String[] {"", "c612", GLOBAL.substring(0, 24), GLOBAL + "c6120002",
            GLOBAL + LINK_LOCAL + "00"})
        {
            final DecodeResult r = MessageDecoder.decode(
                UpdateErrorHandlingTest.update("", mpReach4(nextHop) + ORIGIN + AS_PATH, ""), EBGP);

            UpdateErrorHandlingTest.assertAction(r, ErrorAction.AFI_SAFI_DISABLE,
                NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR, PathAttribute.MP_REACH_NLRI);
            assertEquals(AfiSafi.IPV4_UNICAST, r.problems().getFirst().afiSafi(), "next hop of " + nextHop.length() / 2);
        }
    }
}
