/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 7606 per attribute, from hand-made UPDATEs. Attributes are written as hex: flags, type, length, value.
 */
class UpdateErrorHandlingTest
{
    static final CodecOptions EBGP = new CodecOptions(true, false, true);
    static final CodecOptions IBGP = new CodecOptions(true, false, false);

    static final String ORIGIN = "40010100";
    static final String AS_PATH = "40020602010000fde9";
    static final String NEXT_HOP = "400304c6120001";
    static final String MANDATORY = ORIGIN + AS_PATH + NEXT_HOP;
    static final String NLRI = "18c63364"; // 198.51.100.0/24

    static byte[] update(final String withdrawn, final String attributes, final String nlri)
    {
        final HexFormat hex = HexFormat.of();
        final byte[] w = hex.parseHex(withdrawn);
        final byte[] a = hex.parseHex(attributes);
        final byte[] n = hex.parseHex(nlri);
        final int length = 19 + 2 + w.length + 2 + a.length + n.length;
        final byte[] m = new byte[length];
        java.util.Arrays.fill(m, 0, 16, (byte)0xFF);
        m[16] = (byte)(length >>> 8);
        m[17] = (byte)length;
        m[18] = 2;
        m[19] = (byte)(w.length >>> 8);
        m[20] = (byte)w.length;
        System.arraycopy(w, 0, m, 21, w.length);
        m[21 + w.length] = (byte)(a.length >>> 8);
        m[22 + w.length] = (byte)a.length;
        System.arraycopy(a, 0, m, 23 + w.length, a.length);
        System.arraycopy(n, 0, m, 23 + w.length + a.length, n.length);
        return m;
    }

    static DecodeResult decode(final String attributes, final CodecOptions options)
    {
        return MessageDecoder.decode(update("", attributes, NLRI), options);
    }

    static void assertAction(
        final DecodeResult r, final ErrorAction action, final int subcode, final int attributeType)
    {
        assertEquals(action, r.action(), r.problems().toString());
        final DecodeProblem p = r.problems().stream().filter(x -> x.action() == action).findFirst().orElseThrow();
        assertEquals(NotificationMessage.UPDATE_MESSAGE_ERROR, p.notification().code());
        assertEquals(subcode, p.notification().subcode(), p.toString());
        assertEquals(attributeType, p.attributeType());
        if (action == ErrorAction.SESSION_RESET)
        {
            assertNull(r.message());
        }
        else
        {
            assertNotNull(r.message());
        }
    }

    @Test
    void shouldAcceptAWellFormedUpdate()
    {
        final DecodeResult r = decode(MANDATORY, EBGP);
        assertTrue(r.isClean());
        assertEquals(List.of(Prefix4.parse("198.51.100.0/24")), ((UpdateMessage)r.message()).nlri());
    }

    @Test
    void shouldTreatMalformedWellKnownAttributesAsWithdraw()
    {
        // RFC 7606 §7.1 ORIGIN: bad value, bad length.
        assertAction(decode("40010103" + AS_PATH + NEXT_HOP, EBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_INVALID_ORIGIN_ATTRIBUTE, PathAttribute.ORIGIN);
        assertAction(decode("4001020000" + AS_PATH + NEXT_HOP, EBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_ATTRIBUTE_LENGTH_ERROR, PathAttribute.ORIGIN);
        // §7.2 AS_PATH: segment count 0, unknown segment type, segment overrun.
        assertAction(decode(ORIGIN + "4002020200" + NEXT_HOP, EBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_MALFORMED_AS_PATH, PathAttribute.AS_PATH);
        assertAction(decode(ORIGIN + "40020609010000fde9" + NEXT_HOP, EBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_MALFORMED_AS_PATH, PathAttribute.AS_PATH);
        assertAction(decode(ORIGIN + "40020602020000fde9" + NEXT_HOP, EBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_MALFORMED_AS_PATH, PathAttribute.AS_PATH);
        // A 2-octet AS_PATH read as 4-octet is malformed: "02 01 fde9" has no room for one 4-octet AS.
        assertAction(decode(ORIGIN + "4002040201fde9" + NEXT_HOP, EBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_MALFORMED_AS_PATH, PathAttribute.AS_PATH);
        // RFC 5065 §5.3: confederation segments from outside the confederation; fine from inside it.
        assertAction(decode(ORIGIN + "40020603010000fde9" + NEXT_HOP, EBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_MALFORMED_AS_PATH, PathAttribute.AS_PATH);
        assertTrue(decode(ORIGIN + "40020603010000fde9" + NEXT_HOP, IBGP).isClean());
        // §7.3 NEXT_HOP length.
        assertAction(decode(ORIGIN + AS_PATH + "400305c612000101", EBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_ATTRIBUTE_LENGTH_ERROR, PathAttribute.NEXT_HOP);
        // §7.4 MED, §7.5 LOCAL_PREF (iBGP) lengths.
        assertAction(decode(MANDATORY + "80040300000a", EBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_ATTRIBUTE_LENGTH_ERROR, PathAttribute.MULTI_EXIT_DISC);
        assertAction(decode(MANDATORY + "40050300000a", IBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_ATTRIBUTE_LENGTH_ERROR, PathAttribute.LOCAL_PREF);
        // §7.8 COMMUNITIES not a multiple of 4; §7.14 extended communities; RFC 8092 large communities.
        assertAction(decode(MANDATORY + "c00803ffff01", EBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR, PathAttribute.COMMUNITIES);
        assertAction(decode(MANDATORY + "c0100400020001", EBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR, PathAttribute.EXTENDED_COMMUNITIES);
        assertAction(decode(MANDATORY + "c020080000000100000001", EBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR, PathAttribute.LARGE_COMMUNITY);
        // §7.9, §7.10 ORIGINATOR_ID and CLUSTER_LIST from an internal peer.
        assertAction(decode(MANDATORY + "80090201020304", IBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_ATTRIBUTE_LENGTH_ERROR, PathAttribute.ORIGINATOR_ID);
        assertAction(decode(MANDATORY + "800a030a0000", IBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_ATTRIBUTE_LENGTH_ERROR, PathAttribute.CLUSTER_LIST);
    }

    @Test
    void shouldKeepTheRoutesOfATreatAsWithdrawUpdateSoTheyCanBeWithdrawn()
    {
        final DecodeResult r = decode("40010103" + AS_PATH + NEXT_HOP, EBGP);
        assertTrue(r.isTreatAsWithdraw());
        assertEquals(List.of(Prefix4.parse("198.51.100.0/24")), ((UpdateMessage)r.message()).nlri());
    }

    @Test
    void shouldDiscardMalformedAtomicAggregateAggregatorAndAs4Attributes()
    {
        // §7.6 ATOMIC_AGGREGATE with a value.
        DecodeResult r = decode(MANDATORY + "40060101", EBGP);
        assertAction(r, ErrorAction.ATTRIBUTE_DISCARD, NotificationMessage.UPDATE_ATTRIBUTE_LENGTH_ERROR,
            PathAttribute.ATOMIC_AGGREGATE);
        assertFalse(((UpdateMessage)r.message()).attributes().contains(PathAttribute.ATOMIC_AGGREGATE));
        // §7.7 AGGREGATOR of 2-octet size on a 4-octet session.
        r = decode(MANDATORY + "c00706fde9c6120001", EBGP);
        assertAction(r, ErrorAction.ATTRIBUTE_DISCARD, NotificationMessage.UPDATE_ATTRIBUTE_LENGTH_ERROR,
            PathAttribute.AGGREGATOR);
        assertEquals(3, ((UpdateMessage)r.message()).attributes().size());
        // RFC 6793 §6: malformed AS4_PATH on a 2-octet session is discarded.
        r = MessageDecoder.decode(update("", ORIGIN + "4002040201fde9" + NEXT_HOP + "c0110402010000", NLRI),
            new CodecOptions(false, false, true));
        assertAction(r, ErrorAction.ATTRIBUTE_DISCARD, NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR,
            PathAttribute.AS4_PATH);
        // RFC 6793 §4.1: AS4_PATH between 4-octet speakers is discarded.
        r = decode(MANDATORY + "c0110602010000fde9", EBGP);
        assertAction(r, ErrorAction.ATTRIBUTE_DISCARD, NotificationMessage.UNSPECIFIC, PathAttribute.AS4_PATH);
    }

    @Test
    void shouldDiscardIbgpOnlyAttributesFromExternalPeers()
    {
        final DecodeResult r = decode(MANDATORY + "40050400000064" + "800904c6120009" + "800a04c612000a", EBGP);
        assertEquals(ErrorAction.ATTRIBUTE_DISCARD, r.action());
        assertEquals(3, r.problems().size());
        assertEquals(3, ((UpdateMessage)r.message()).attributes().size());
        final DecodeResult internal = decode(MANDATORY + "40050400000064" + "800904c6120009" + "800a04c612000a", IBGP);
        assertTrue(internal.isClean(), internal.problems().toString());
        assertEquals(100, ((UpdateMessage)internal.message()).attributes().localPref().value());
    }

    @Test
    void shouldTreatFlagConflictsAsWithdraw()
    {
        // ORIGIN marked optional; MED marked transitive; NEXT_HOP with the Partial bit.
        assertAction(decode("c0010100" + AS_PATH + NEXT_HOP, EBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_ATTRIBUTE_FLAGS_ERROR, PathAttribute.ORIGIN);
        assertAction(decode(MANDATORY + "c0040400000001", EBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_ATTRIBUTE_FLAGS_ERROR, PathAttribute.MULTI_EXIT_DISC);
        assertAction(decode(ORIGIN + AS_PATH + "600304c6120001", EBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_ATTRIBUTE_FLAGS_ERROR, PathAttribute.NEXT_HOP);
        // The Partial bit is fine on an optional transitive attribute, and the extended-length bit anywhere.
        assertTrue(decode(MANDATORY + "e00804ffffff01", EBGP).isClean());
        assertTrue(decode("5001000100" + AS_PATH + NEXT_HOP, EBGP).isClean());
    }

    @Test
    void shouldKeepTheFirstOfDuplicateAttributes()
    {
        final DecodeResult r = decode(MANDATORY + "40010102", EBGP);
        assertAction(r, ErrorAction.ATTRIBUTE_DISCARD, NotificationMessage.UPDATE_MALFORMED_ATTRIBUTE_LIST,
            PathAttribute.ORIGIN);
        assertEquals(PathAttribute.Origin.ORIGIN_IGP, ((UpdateMessage)r.message()).attributes().origin());
    }

    @Test
    void shouldResetOnDuplicateMpReach()
    {
        final String mp = "800e1a000201" + "10" + "20010db8000000000000000000000001" + "00" + "2020010db8";
        assertEquals(ErrorAction.SESSION_RESET, decode(MANDATORY + mp + mp, EBGP).action());
    }

    @Test
    void shouldTreatAttributeOverrunAsWithdraw()
    {
        // NEXT_HOP claims 9 octets, only 4 follow; then a truncated header.
        assertAction(decode(ORIGIN + AS_PATH + "400309c6120001", EBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_ATTRIBUTE_LENGTH_ERROR, PathAttribute.NEXT_HOP);
        assertAction(decode(MANDATORY + "4001", EBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_MALFORMED_ATTRIBUTE_LIST, -1);
        assertAction(decode(MANDATORY + "d00100", EBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_MALFORMED_ATTRIBUTE_LIST, -1);
    }

    @Test
    void shouldTreatMissingWellKnownAttributesAsWithdraw()
    {
        final DecodeResult r = decode(ORIGIN + AS_PATH, EBGP);
        assertAction(r, ErrorAction.TREAT_AS_WITHDRAW, NotificationMessage.UPDATE_MISSING_WELL_KNOWN_ATTRIBUTE,
            PathAttribute.NEXT_HOP);
        assertArrayEquals(new byte[] {3}, r.notification().data());
        // Without NLRI nothing is mandatory.
        assertTrue(MessageDecoder.decode(update("", ORIGIN, ""), EBGP).isClean());
        // MP_REACH_NLRI without IPv4 NLRI needs ORIGIN and AS_PATH, not NEXT_HOP.
        final String mp = "800e1a000201" + "10" + "20010db8000000000000000000000001" + "00" + "2020010db8";
        assertTrue(MessageDecoder.decode(update("", mp + ORIGIN + AS_PATH, ""), EBGP).isClean());
        assertAction(MessageDecoder.decode(update("", mp + ORIGIN, ""), EBGP), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_MISSING_WELL_KNOWN_ATTRIBUTE, PathAttribute.AS_PATH);
    }

    @Test
    void shouldHandleMalformedMpAttributesPerRfc7606Section7_11()
    {
        // Next hop of 5 octets for IPv6: the NLRI cannot be located, AFI/SAFI disable and no route kept (§7.11).
        DecodeResult r = MessageDecoder.decode(update("",
            "800e0f000201" + "05" + "2001000001" + "00" + "2020010db8" + ORIGIN + AS_PATH, ""), EBGP);
        assertAction(r, ErrorAction.AFI_SAFI_DISABLE, NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR,
            PathAttribute.MP_REACH_NLRI);
        assertEquals(AfiSafi.IPV6_UNICAST, r.problems().getFirst().afiSafi());
        assertEquals(List.of(), ((UpdateMessage)r.message()).announcedPrefixes());
        // NLRI of /129: AFI/SAFI disable.
        r = MessageDecoder.decode(update("",
            "800e1a000201" + "10" + "20010db8000000000000000000000001" + "00" + "8120010db8" + ORIGIN + AS_PATH, ""),
            EBGP);
        assertAction(r, ErrorAction.AFI_SAFI_DISABLE, NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR,
            PathAttribute.MP_REACH_NLRI);
        assertEquals(AfiSafi.IPV6_UNICAST, r.problems().getFirst().afiSafi());
        // Next-hop length past the attribute: AFI/SAFI disable.
        r = MessageDecoder.decode(update("", "800e05000201" + "40" + "00" + ORIGIN + AS_PATH, ""), EBGP);
        assertEquals(ErrorAction.AFI_SAFI_DISABLE, r.action());
        // Too short to name the family: session reset.
        r = MessageDecoder.decode(update("", "800e03000201", ""), EBGP);
        assertAction(r, ErrorAction.SESSION_RESET, NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR,
            PathAttribute.MP_REACH_NLRI);
        // MP_UNREACH_NLRI with a broken prefix: AFI/SAFI disable; an unknown family: discarded.
        r = MessageDecoder.decode(update("", "800f05000201" + "2020", ""), EBGP);
        assertEquals(ErrorAction.AFI_SAFI_DISABLE, r.action());
        r = MessageDecoder.decode(update("", "800f0400194601", ""), EBGP);
        assertEquals(ErrorAction.ATTRIBUTE_DISCARD, r.action());
        // MP_REACH_NLRI / MP_UNREACH_NLRI with wrong flags are incorrect (§5.3): AFI/SAFI disable, Attribute Flags Error.
        r = MessageDecoder.decode(update("", "c00e1a000201" + "10" + "20010db8000000000000000000000001" + "00" +
            "2020010db8" + ORIGIN + AS_PATH, ""), EBGP);
        assertAction(r, ErrorAction.AFI_SAFI_DISABLE, NotificationMessage.UPDATE_ATTRIBUTE_FLAGS_ERROR,
            PathAttribute.MP_REACH_NLRI);
        assertNull(((UpdateMessage)r.message()).mpReach());
        r = MessageDecoder.decode(update("", "a00f08" + "000201" + "2020010db8", ""), EBGP);
        assertAction(r, ErrorAction.AFI_SAFI_DISABLE, NotificationMessage.UPDATE_ATTRIBUTE_FLAGS_ERROR,
            PathAttribute.MP_UNREACH_NLRI);
    }

    @Test
    void shouldResetOnNlriAndLengthFieldErrors()
    {
        // NLRI /33, NLRI truncated, withdrawn /40.
        assertAction(MessageDecoder.decode(update("", MANDATORY, "21c6336401ff"), EBGP), ErrorAction.SESSION_RESET,
            NotificationMessage.UPDATE_INVALID_NETWORK_FIELD, -1);
        assertAction(MessageDecoder.decode(update("", MANDATORY, "18c633"), EBGP), ErrorAction.SESSION_RESET,
            NotificationMessage.UPDATE_INVALID_NETWORK_FIELD, -1);
        assertAction(MessageDecoder.decode(update("28c6336401ff", "", ""), EBGP), ErrorAction.SESSION_RESET,
            NotificationMessage.UPDATE_INVALID_NETWORK_FIELD, -1);
        // Withdrawn Routes Length and Total Path Attribute Length running past the message.
        final byte[] m = update("", MANDATORY, NLRI);
        m[20] = 100;
        assertAction(MessageDecoder.decode(m, EBGP), ErrorAction.SESSION_RESET,
            NotificationMessage.UPDATE_MALFORMED_ATTRIBUTE_LIST, -1);
        final byte[] n = update("", MANDATORY, NLRI);
        n[22] = 100;
        assertAction(MessageDecoder.decode(n, EBGP), ErrorAction.SESSION_RESET,
            NotificationMessage.UPDATE_MALFORMED_ATTRIBUTE_LIST, -1);
    }

    @Test
    void shouldResetOnUnrecognizedWellKnownAttributeAndKeepUnknownOptionalTransitiveOnes()
    {
        final DecodeResult r = decode(MANDATORY + "40630101", EBGP);
        assertAction(r, ErrorAction.SESSION_RESET, NotificationMessage.UPDATE_UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, -1);
        assertArrayEquals(HexFormat.of().parseHex("40630101"), r.notification().data());

        final DecodeResult transitive = decode(MANDATORY + "c063020102" + "80640101", EBGP);
        assertTrue(transitive.isClean(), transitive.problems().toString());
        final PathAttribute.Unknown unknown =
            (PathAttribute.Unknown)((UpdateMessage)transitive.message()).attributes().get(99);
        assertEquals(PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, unknown.flags());
        assertArrayEquals(new byte[] {1, 2}, unknown.value());
        assertTrue((unknown.withPartial().flags() & PathAttribute.FLAG_PARTIAL) != 0);
        // The optional non-transitive one (type 100) was quietly dropped.
        assertNull(((UpdateMessage)transitive.message()).attributes().get(100));
    }

    @Test
    void shouldMaskTrailingBitsOfNlriAsRfc4271Allows()
    {
        final DecodeResult r = MessageDecoder.decode(update("", MANDATORY, "18c63364" + "17c63365"), EBGP);
        assertTrue(r.isClean());
        assertEquals(Prefix4.parse("198.51.100.0/23"), ((UpdateMessage)r.message()).nlri().get(1));
    }

    @Test
    void shouldTreatAsZeroInAsPathOrAs4PathAsWithdrawAndDiscardItInAggregators()
    {
        // RFC 7607 §2: AS_PATH with AS 0 is malformed, handled by RFC 7606 (treat-as-withdraw).
        assertAction(decode(ORIGIN + "40020a020200000000" + "0000fde9" + NEXT_HOP, EBGP),
            ErrorAction.TREAT_AS_WITHDRAW, NotificationMessage.UPDATE_MALFORMED_AS_PATH, PathAttribute.AS_PATH);
        // AGGREGATOR with AS 0: attribute discard (RFC 7606 §7.7).
        DecodeResult r = decode(MANDATORY + "c0070800000000c6120001", EBGP);
        assertAction(r, ErrorAction.ATTRIBUTE_DISCARD, NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR,
            PathAttribute.AGGREGATOR);
        assertNull(((UpdateMessage)r.message()).attributes().get(PathAttribute.AGGREGATOR));
        // On a 2-octet session: AS4_PATH with AS 0 makes the UPDATE treat-as-withdraw, as AS_PATH with it does
        // (RFC 7607 §2); AS4_AGGREGATOR with AS 0 is discarded (RFC 6793 §6), the route stays.
        final CodecOptions twoOctet = new CodecOptions(false, false, true);
        final String path2 = "4002040201fde9";
        final String as4PathWithZero = "c0110a" + "0202" + "00011170" + "00000000";
        r = MessageDecoder.decode(update("", ORIGIN + path2 + NEXT_HOP + as4PathWithZero, NLRI), twoOctet);
        assertAction(r, ErrorAction.TREAT_AS_WITHDRAW, NotificationMessage.UPDATE_MALFORMED_AS_PATH,
            PathAttribute.AS4_PATH);
        assertEquals(List.of(Prefix4.parse("198.51.100.0/24")), ((UpdateMessage)r.message()).announcedPrefixes(),
            "the routes it announced are the ones withdrawn");
        r = MessageDecoder.decode(update("", ORIGIN + path2 + NEXT_HOP + "c0120800000000c6120001", NLRI), twoOctet);
        assertAction(r, ErrorAction.ATTRIBUTE_DISCARD, NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR,
            PathAttribute.AS4_AGGREGATOR);
        // A well-formed AS4_PATH is kept.
        assertTrue(MessageDecoder.decode(update("", ORIGIN + path2 + NEXT_HOP + "c011060201" + "00011170", NLRI),
            twoOctet).isClean());
    }

    @Test
    void shouldDiscardAs4PathWithUnknownOrConfederationSegments()
    {
        final CodecOptions twoOctet = new CodecOptions(false, false, true);
        for (final String segmentType : List.of("00", "05", "ff", "03", "04"))
        {
            final DecodeResult r = MessageDecoder.decode(update("",
                ORIGIN + "4002040201fde9" + NEXT_HOP + "c01106" + segmentType + "0100011170", NLRI), twoOctet);
            assertAction(r, ErrorAction.ATTRIBUTE_DISCARD, NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR,
                PathAttribute.AS4_PATH);
            assertNull(((UpdateMessage)r.message()).attributes().get(PathAttribute.AS4_PATH), segmentType);
        }
    }

    @Test
    void shouldTreatANextHopThatIsNoHostAsWithdraw()
    {
        for (final String address : List.of("00000000", "e0000001", "f0000001", "ffffffff"))
        {
            assertAction(decode(ORIGIN + AS_PATH + "400304" + address, EBGP), ErrorAction.TREAT_AS_WITHDRAW,
                NotificationMessage.UPDATE_INVALID_NEXT_HOP_ATTRIBUTE, PathAttribute.NEXT_HOP);
        }
        // Without IPv4 NLRI the NEXT_HOP is unused (RFC 4760 §3): real speakers send 0.0.0.0 beside MP_REACH_NLRI.
        final String mp = "800e1a000201" + "10" + "20010db8000000000000000000000001" + "00" + "2020010db8";
        assertTrue(MessageDecoder.decode(update("", mp + ORIGIN + AS_PATH + "40030400000000", ""), EBGP).isClean());
        // The same rule for an IPv4 next hop in MP_REACH_NLRI: the routes stay known, to be withdrawn.
        final DecodeResult r = MessageDecoder.decode(update("",
            "800e0d000101" + "04" + "e0000001" + "00" + "18c63364" + ORIGIN + AS_PATH, ""), EBGP);
        assertAction(r, ErrorAction.TREAT_AS_WITHDRAW, NotificationMessage.UPDATE_INVALID_NEXT_HOP_ATTRIBUTE,
            PathAttribute.MP_REACH_NLRI);
        assertEquals(List.of(Prefix4.parse("198.51.100.0/24")), ((UpdateMessage)r.message()).announcedPrefixes());
    }

    @Test
    void shouldDisableTheFamilyOnANextHopLengthTheFamilyDoesNotAllow()
    {
        // RFC 7606 §7.11: IPv6 with a 4-octet next hop, IPv4 with 5, IPv6 with 24: never a partial accept.
        for (final String attribute : List.of(
            "800e0e000201" + "04" + "c6120001" + "00" + "2020010db8",
            "800e0e000101" + "05" + "c612000101" + "00" + "18c63364",
            "800e22000201" + "18" + "20010db800000000000000000000000120010db800000002" + "00" + "2020010db8"))
        {
            final DecodeResult r = MessageDecoder.decode(update("", attribute + ORIGIN + AS_PATH, ""), EBGP);
            assertAction(r, ErrorAction.AFI_SAFI_DISABLE, NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR,
                PathAttribute.MP_REACH_NLRI);
            assertNull(((UpdateMessage)r.message()).mpReach(), attribute);
            assertEquals(List.of(), ((UpdateMessage)r.message()).announcedPrefixes());
        }
        assertTrue(UpdateDecoder.nextHopLengthAllowed(AfiSafi.IPV6_UNICAST, 32, EBGP));
        assertFalse(UpdateDecoder.nextHopLengthAllowed(AfiSafi.IPV6_UNICAST, 4, EBGP));
        assertTrue(UpdateDecoder.nextHopLengthAllowed(AfiSafi.IPV4_UNICAST, 4, EBGP));
        assertFalse(UpdateDecoder.nextHopLengthAllowed(AfiSafi.IPV4_UNICAST, 8, EBGP));
    }

    @Test
    void shouldResetOnAnErrorInAnUpdateWithoutReachableNlri()
    {
        // RFC 7606 §5.2: withdrawals and a malformed ORIGIN, no NLRI: the routes it meant may not have been found.
        DecodeResult r = MessageDecoder.decode(update(NLRI, "40010103" + AS_PATH, ""), EBGP);
        assertAction(r, ErrorAction.SESSION_RESET, NotificationMessage.UPDATE_INVALID_ORIGIN_ATTRIBUTE, -1);
        // An attribute overrun that may hide an MP_REACH_NLRI, with no IPv4 NLRI: reset too.
        r = MessageDecoder.decode(update("", ORIGIN + "400209", ""), EBGP);
        assertEquals(ErrorAction.SESSION_RESET, r.action());
        // Attribute discard alone does not escalate; MP_UNREACH_NLRI alone (End-of-RIB) is no case of §5.2.
        r = MessageDecoder.decode(update(NLRI, "40060101", ""), EBGP);
        assertEquals(ErrorAction.ATTRIBUTE_DISCARD, r.action());
        assertTrue(MessageDecoder.decode(update("", "800f03000201", ""), EBGP).isClean());
        // With IPv4 NLRI the same ORIGIN fault stays treat-as-withdraw.
        assertEquals(ErrorAction.TREAT_AS_WITHDRAW, decode("40010103" + AS_PATH + NEXT_HOP, EBGP).action());
    }

    static void assertChecked(final String attribute, final ErrorAction action, final int subcode, final int type)
    {
        final DecodeResult r = decode(MANDATORY + attribute, EBGP);
        assertAction(r, action, subcode, type);
        if (action == ErrorAction.ATTRIBUTE_DISCARD)
        {
            assertNull(((UpdateMessage)r.message()).attributes().get(type), "a malformed copy is never relayed");
            assertEquals(1, ((UpdateMessage)r.message()).nlri().size());
        }
    }

    static void assertRelayed(final String attribute, final int type)
    {
        final DecodeResult r = decode(MANDATORY + attribute, EBGP);
        assertTrue(r.isClean(), r.problems().toString());
        final PathAttribute.Unknown kept = (PathAttribute.Unknown)((UpdateMessage)r.message()).attributes().get(type);
        assertNotNull(kept);
        assertArrayEquals(HexFormat.of().parseHex(attribute.substring(6)), kept.value());
    }

    @Test
    void shouldCheckOtcAndTreatABadLengthAsWithdraw()
    {
        assertRelayed("c02304" + "0000fde9", CheckedAttribute.OTC.typeCode());
        // RFC 9234 §5: length other than 4; flags other than optional transitive (RFC 7606 §3 c).
        assertChecked("c02303" + "00fde9", ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_ATTRIBUTE_LENGTH_ERROR, 35);
        assertChecked("c02305" + "0000fde900", ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_ATTRIBUTE_LENGTH_ERROR, 35);
        assertChecked("802304" + "0000fde9", ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_ATTRIBUTE_FLAGS_ERROR, 35);
        // Marked well-known, it is still OTC with bad flags, not an unrecognized well-known attribute.
        assertChecked("402304" + "0000fde9", ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_ATTRIBUTE_FLAGS_ERROR, 35);
    }

    @Test
    void shouldCheckIpv6AddressSpecificExtendedCommunities()
    {
        final String one = "0002" + "20010db8000000000000000000000001" + "0064";
        assertRelayed("c01914" + one, 25);
        assertRelayed("c01928" + one + one, 25);
        // RFC 7606 §7.15: not a non-zero multiple of 20.
        assertChecked("c01913" + one.substring(2), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR, 25);
        assertChecked("c01900", ErrorAction.TREAT_AS_WITHDRAW, NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR, 25);
        assertChecked("401914" + one, ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_ATTRIBUTE_FLAGS_ERROR, 25);
    }

    @Test
    void shouldCheckPmsiTunnelAndTunnelEncapsulation()
    {
        // RFC 6514 §5: flags, type, label, identifier (here an IPv4 address).
        assertRelayed("c01609" + "00" + "06" + "000000" + "c6120001", 22);
        assertChecked("c01604" + "00060000", ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR, 22);
        // RFC 9012: one VXLAN (8) TLV with an Encapsulation sub-TLV (1, 8 octets) and a
        // Tunnel Egress Endpoint-like sub-TLV of type 128 (2-octet length).
        final String tlv = "0008" + "0010" + "01" + "08" + "0000000000000000" + "80" + "0003" + "010203";
        assertRelayed("c01714" + tlv, 23);
        // The TLV claims more than there is; a sub-TLV overruns its TLV; a header cut short; empty.
        assertChecked("c01714" + "0008" + "0011" + tlv.substring(8), ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR, 23);
        assertChecked("c0170c" + "0008" + "0008" + "01" + "09" + "000000000000", ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR, 23);
        assertChecked("c01703" + "000800", ErrorAction.TREAT_AS_WITHDRAW,
            NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR, 23);
        assertChecked("c01700", ErrorAction.TREAT_AS_WITHDRAW, NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR, 23);
    }

    @Test
    void shouldCheckAigpBgpLsAndPrefixSidAndDiscardMalformedOnes()
    {
        // AIGP (RFC 7311): optional non-transitive, so never relayed; malformed ones discarded, the route kept.
        final DecodeResult aigp = decode(MANDATORY + "801a0b" + "01000b" + "0000000000000064", EBGP);
        assertTrue(aigp.isClean(), aigp.problems().toString());
        assertNull(((UpdateMessage)aigp.message()).attributes().get(26));
        assertChecked("801a0a" + "01000a" + "00000000000064", ErrorAction.ATTRIBUTE_DISCARD,
            NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR, 26);
        assertChecked("c01a0b" + "01000b" + "0000000000000064", ErrorAction.ATTRIBUTE_DISCARD,
            NotificationMessage.UPDATE_ATTRIBUTE_FLAGS_ERROR, 26);
        // BGP-LS (RFC 9552 §8.2.2): TLV framing; the June 2023 attribute 29 came marked transitive.
        assertTrue(decode(MANDATORY + "801d05" + "04000001" + "80", EBGP).isClean());
        assertChecked("801d05" + "04000002" + "80", ErrorAction.ATTRIBUTE_DISCARD,
            NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR, 29);
        assertChecked("e01d05" + "04000001" + "80", ErrorAction.ATTRIBUTE_DISCARD,
            NotificationMessage.UPDATE_ATTRIBUTE_FLAGS_ERROR, 29);
        // Prefix-SID (RFC 8669): Label-Index TLV of 7 octets, Originator SRGB of 2 + 6n; unknown TLVs are fine.
        assertRelayed("c0280a" + "01" + "0007" + "00000000000064", 40);
        assertRelayed("c02806" + "63" + "0003" + "010203", 40);
        assertChecked("c02809" + "01" + "0006" + "000000000064", ErrorAction.ATTRIBUTE_DISCARD,
            NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR, 40);
        assertChecked("c02808" + "03" + "0005" + "0000000000", ErrorAction.ATTRIBUTE_DISCARD,
            NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR, 40);
        assertChecked("c02804" + "01" + "0007" + "00", ErrorAction.ATTRIBUTE_DISCARD,
            NotificationMessage.UPDATE_OPTIONAL_ATTRIBUTE_ERROR, 40);
    }
}
