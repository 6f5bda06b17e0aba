/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import net.junction.routing.Ip4;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 4271 §6.1 (header), §6.2 (OPEN), RFC 7313 §5 (ROUTE-REFRESH) errors, and stream framing.
 */
class HeaderAndOpenErrorTest
{
    static final String MARKER = "ffffffffffffffffffffffffffffffff";

    static byte[] hex(final String text)
    {
        return HexFormat.of().parseHex(text);
    }

    static void assertReset(final byte[] message, final CodecOptions options, final int code, final int subcode,
        final byte[] data)
    {
        final DecodeResult r = MessageDecoder.decode(message, options);
        assertTrue(r.isSessionReset(), r.toString());
        assertNull(r.message());
        assertEquals(NotificationMessage.class, r.notification().getClass());
        assertEquals(code, r.notification().code(), r.toString());
        assertEquals(subcode, r.notification().subcode(), r.toString());
        if (data != null)
        {
            assertArrayEquals(data, r.notification().data());
        }
    }

    @Test
    void shouldRejectBadMarkerLengthAndType()
    {
        assertReset(hex("00" + MARKER.substring(2) + "001304"), CodecOptions.DEFAULT,
            NotificationMessage.MESSAGE_HEADER_ERROR, NotificationMessage.HEADER_CONNECTION_NOT_SYNCHRONIZED, null);
        // KEEPALIVE of 20 octets; UPDATE shorter than 23; unknown type 9.
        assertReset(hex(MARKER + "00140400"), CodecOptions.DEFAULT, NotificationMessage.MESSAGE_HEADER_ERROR,
            NotificationMessage.HEADER_BAD_MESSAGE_LENGTH, hex("0014"));
        assertReset(hex(MARKER + "00150200" + "00"), CodecOptions.DEFAULT, NotificationMessage.MESSAGE_HEADER_ERROR,
            NotificationMessage.HEADER_BAD_MESSAGE_LENGTH, hex("0015"));
        assertReset(hex(MARKER + "001309"), CodecOptions.DEFAULT, NotificationMessage.MESSAGE_HEADER_ERROR,
            NotificationMessage.HEADER_BAD_MESSAGE_TYPE, hex("09"));
        // Length field disagreeing with the frame.
        assertReset(hex(MARKER + "001404"), CodecOptions.DEFAULT, NotificationMessage.MESSAGE_HEADER_ERROR,
            NotificationMessage.HEADER_BAD_MESSAGE_LENGTH, hex("0014"));
        // A frame shorter than a header.
        assertReset(hex(MARKER), CodecOptions.DEFAULT, NotificationMessage.MESSAGE_HEADER_ERROR,
            NotificationMessage.HEADER_BAD_MESSAGE_LENGTH, hex("0010"));
    }

    @Test
    void shouldBoundLengthsByTheExtendedMessageCapability()
    {
        final byte[] big = new byte[5000];
        System.arraycopy(hex(MARKER + "138802" + "0000" + "0000"), 0, big, 0, 23);
        // 5000 octets of UPDATE: too long without RFC 8654, and the NLRI (zeros = 0.0.0.0/0 each) fine with it.
        assertReset(big, CodecOptions.DEFAULT, NotificationMessage.MESSAGE_HEADER_ERROR,
            NotificationMessage.HEADER_BAD_MESSAGE_LENGTH, hex("1388"));
        final DecodeResult r = MessageDecoder.decode(big, new CodecOptions(true, true, true));
        assertEquals(ErrorAction.TREAT_AS_WITHDRAW, r.action(), "routes without attributes: " + r.problems());
        // OPEN never exceeds 4096, even with extended messages.
        final byte[] open = new byte[4097];
        System.arraycopy(hex(MARKER + "100101"), 0, open, 0, 19);
        assertReset(open, new CodecOptions(true, true, true), NotificationMessage.MESSAGE_HEADER_ERROR,
            NotificationMessage.HEADER_BAD_MESSAGE_LENGTH, hex("1001"));
    }

    static String open(final String version, final String holdTime, final String id, final String params)
    {
        final String body = version + "fde9" + holdTime + id + params;
        return MARKER + String.format("%04x", 19 + body.length() / 2) + "01" + body;
    }

    @Test
    void shouldRejectBadOpenFields()
    {
        assertReset(hex(open("03", "00b4", "c6120001", "00")), CodecOptions.DEFAULT,
            NotificationMessage.OPEN_MESSAGE_ERROR, NotificationMessage.OPEN_UNSUPPORTED_VERSION_NUMBER, hex("0004"));
        assertReset(hex(open("04", "0002", "c6120001", "00")), CodecOptions.DEFAULT,
            NotificationMessage.OPEN_MESSAGE_ERROR, NotificationMessage.OPEN_UNACCEPTABLE_HOLD_TIME, null);
        assertReset(hex(open("04", "00b4", "00000000", "00")), CodecOptions.DEFAULT,
            NotificationMessage.OPEN_MESSAGE_ERROR, NotificationMessage.OPEN_BAD_BGP_IDENTIFIER, null);
        // Authentication parameter (type 1, deprecated).
        assertReset(hex(open("04", "00b4", "c6120001", "03" + "010100")), CodecOptions.DEFAULT,
            NotificationMessage.OPEN_MESSAGE_ERROR, NotificationMessage.OPEN_UNSUPPORTED_OPTIONAL_PARAMETER, null);
        // Optional Parameters Length past the message; a capability overrunning its parameter; a malformed one.
        assertReset(hex(open("04", "00b4", "c6120001", "08" + "0202" + "0200")), CodecOptions.DEFAULT,
            NotificationMessage.OPEN_MESSAGE_ERROR, NotificationMessage.UNSPECIFIC, null);
        assertReset(hex(open("04", "00b4", "c6120001", "04" + "0202" + "0205")), CodecOptions.DEFAULT,
            NotificationMessage.OPEN_MESSAGE_ERROR, NotificationMessage.UNSPECIFIC, null);
        assertReset(hex(open("04", "00b4", "c6120001", "05" + "0203" + "410100")), CodecOptions.DEFAULT,
            NotificationMessage.OPEN_MESSAGE_ERROR, NotificationMessage.UNSPECIFIC, null);
    }

    @Test
    void shouldAcceptHoldTimeZeroAndUnknownCapabilities()
    {
        final DecodeResult r = MessageDecoder.decode(
            hex(open("04", "0000", "c6120001", "07" + "0205" + "e103010203")), CodecOptions.DEFAULT);
        assertTrue(r.isClean(), r.toString());
        final OpenMessage open = (OpenMessage)r.message();
        assertEquals(0, open.holdTimeSeconds());
        assertEquals(Ip4.parse("198.18.0.1"), open.bgpIdentifier());
        assertEquals(List.of(new Capability.Unknown(0xe1, new byte[] {1, 2, 3})), open.capabilities());
    }

    @Test
    void shouldRejectEnhancedRouteRefreshOfWrongLength()
    {
        final byte[] borr = hex(MARKER + "0018" + "05" + "00010101" + "00");
        assertReset(borr, CodecOptions.DEFAULT, NotificationMessage.ROUTE_REFRESH_MESSAGE_ERROR,
            NotificationMessage.ROUTE_REFRESH_INVALID_MESSAGE_LENGTH, borr);
        // A subtype-0 request may carry ORF entries (RFC 5291): accepted, entries not decoded.
        final DecodeResult orf = MessageDecoder.decode(hex(MARKER + "0018" + "05" + "00010001" + "00"),
            CodecOptions.DEFAULT);
        assertEquals(new RouteRefreshMessage(AfiSafi.IPV4_UNICAST, 0), orf.message());
    }

    @Test
    void shouldFrameAStreamWithoutConsumingPartialMessages()
    {
        final byte[] keepalive = MessageEncoder.encode(KeepaliveMessage.INSTANCE, CodecOptions.DEFAULT);
        final byte[] notification = MessageEncoder.encode(NotificationMessage.of(6, 2), CodecOptions.DEFAULT);
        final byte[] stream = new byte[keepalive.length + notification.length];
        System.arraycopy(keepalive, 0, stream, 0, keepalive.length);
        System.arraycopy(notification, 0, stream, keepalive.length, notification.length);
        final UnsafeBuffer buffer = new UnsafeBuffer(stream);

        assertEquals(0, MessageHeader.frameLength(buffer, 0, 18, CodecOptions.DEFAULT));
        assertEquals(19, MessageHeader.frameLength(buffer, 0, stream.length, CodecOptions.DEFAULT));
        assertEquals(0, MessageHeader.frameLength(buffer, 19, 20, CodecOptions.DEFAULT));
        assertEquals(21, MessageHeader.frameLength(buffer, 19, 21, CodecOptions.DEFAULT));
        assertEquals(NotificationMessage.of(6, 2),
            MessageDecoder.decode(buffer, 19, 21, CodecOptions.DEFAULT).message());

        stream[0] = 0;
        assertEquals(MessageHeader.BAD_HEADER, MessageHeader.frameLength(buffer, 0, stream.length, CodecOptions.DEFAULT));
        assertEquals(NotificationMessage.HEADER_CONNECTION_NOT_SYNCHRONIZED,
            MessageDecoder.checkHeader(buffer, 0, CodecOptions.DEFAULT).notification().subcode());
    }
}
