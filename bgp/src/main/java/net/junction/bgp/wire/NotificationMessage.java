/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * NOTIFICATION (RFC 4271 §4.5): an error code, a subcode and data, after which the sender closes the
 * connection. It is also the decoders' error type: a decode failure carries the NOTIFICATION the
 * session must send.
 * <pre>
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Error code    | Error subcode |   Data (variable)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The codes and subcodes below carry their RFC names (IANA "BGP Error (Notification) Codes").
 *
 * @param code    error code.
 * @param subcode error subcode, 0 for unspecific.
 * @param data    the data field; copied, never handed out.
 */
public record NotificationMessage(int code, int subcode, byte[] data) implements BgpMessage
{
    /** RFC 4271. */
    public static final int MESSAGE_HEADER_ERROR = 1;
    /** RFC 4271. */
    public static final int OPEN_MESSAGE_ERROR = 2;
    /** RFC 4271. */
    public static final int UPDATE_MESSAGE_ERROR = 3;
    /** RFC 4271. */
    public static final int HOLD_TIMER_EXPIRED = 4;
    /** RFC 4271. */
    public static final int FINITE_STATE_MACHINE_ERROR = 5;
    /** RFC 4271. */
    public static final int CEASE = 6;
    /** RFC 7313. */
    public static final int ROUTE_REFRESH_MESSAGE_ERROR = 7;

    /** Any code: no specific subcode (RFC 4271 §4.5). */
    public static final int UNSPECIFIC = 0;

    /** Message Header Error, RFC 4271 §6.1. */
    public static final int HEADER_CONNECTION_NOT_SYNCHRONIZED = 1;
    /** Message Header Error, RFC 4271 §6.1: data is the 2-octet length field. */
    public static final int HEADER_BAD_MESSAGE_LENGTH = 2;
    /** Message Header Error, RFC 4271 §6.1: data is the type octet. */
    public static final int HEADER_BAD_MESSAGE_TYPE = 3;

    /** OPEN Message Error, RFC 4271 §6.2: data is the largest supported version, 2 octets. */
    public static final int OPEN_UNSUPPORTED_VERSION_NUMBER = 1;
    /** OPEN Message Error, RFC 4271 §6.2. */
    public static final int OPEN_BAD_PEER_AS = 2;
    /** OPEN Message Error, RFC 4271 §6.2. */
    public static final int OPEN_BAD_BGP_IDENTIFIER = 3;
    /** OPEN Message Error, RFC 4271 §6.2. */
    public static final int OPEN_UNSUPPORTED_OPTIONAL_PARAMETER = 4;
    /** OPEN Message Error: deprecated by RFC 4271 §4.5, never sent; named to print old peers' errors. */
    public static final int OPEN_AUTHENTICATION_FAILURE = 5;
    /** OPEN Message Error, RFC 4271 §6.2. */
    public static final int OPEN_UNACCEPTABLE_HOLD_TIME = 6;
    /** OPEN Message Error, RFC 5492 §5: data is the capabilities not supported. */
    public static final int OPEN_UNSUPPORTED_CAPABILITY = 7;
    /** OPEN Message Error, RFC 9234. */
    public static final int OPEN_ROLE_MISMATCH = 11;

    /** UPDATE Message Error, RFC 4271 §6.3. */
    public static final int UPDATE_MALFORMED_ATTRIBUTE_LIST = 1;
    /** UPDATE Message Error, RFC 4271 §6.3: data is the attribute (type, length, value). */
    public static final int UPDATE_UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE = 2;
    /** UPDATE Message Error, RFC 4271 §6.3: data is the missing type code. */
    public static final int UPDATE_MISSING_WELL_KNOWN_ATTRIBUTE = 3;
    /** UPDATE Message Error, RFC 4271 §6.3: data is the attribute. */
    public static final int UPDATE_ATTRIBUTE_FLAGS_ERROR = 4;
    /** UPDATE Message Error, RFC 4271 §6.3: data is the attribute. */
    public static final int UPDATE_ATTRIBUTE_LENGTH_ERROR = 5;
    /** UPDATE Message Error, RFC 4271 §6.3: data is the attribute. */
    public static final int UPDATE_INVALID_ORIGIN_ATTRIBUTE = 6;
    /** UPDATE Message Error: deprecated by RFC 4271 §4.5, never sent. */
    public static final int UPDATE_AS_ROUTING_LOOP = 7;
    /** UPDATE Message Error, RFC 4271 §6.3: data is the attribute. */
    public static final int UPDATE_INVALID_NEXT_HOP_ATTRIBUTE = 8;
    /** UPDATE Message Error, RFC 4271 §6.3: data is the attribute. */
    public static final int UPDATE_OPTIONAL_ATTRIBUTE_ERROR = 9;
    /** UPDATE Message Error, RFC 4271 §6.3. */
    public static final int UPDATE_INVALID_NETWORK_FIELD = 10;
    /** UPDATE Message Error, RFC 4271 §6.3. */
    public static final int UPDATE_MALFORMED_AS_PATH = 11;

    /** Finite State Machine Error, RFC 6608. */
    public static final int FSM_UNEXPECTED_MESSAGE_IN_OPENSENT = 1;
    /** Finite State Machine Error, RFC 6608. */
    public static final int FSM_UNEXPECTED_MESSAGE_IN_OPENCONFIRM = 2;
    /** Finite State Machine Error, RFC 6608. */
    public static final int FSM_UNEXPECTED_MESSAGE_IN_ESTABLISHED = 3;

    /** Cease, RFC 4486. */
    public static final int CEASE_MAXIMUM_PREFIXES_REACHED = 1;
    /** Cease, RFC 4486; RFC 9003 shutdown communication in the data. */
    public static final int CEASE_ADMIN_SHUTDOWN = 2;
    /** Cease, RFC 4486. */
    public static final int CEASE_PEER_DECONFIGURED = 3;
    /** Cease, RFC 4486; RFC 9003 shutdown communication in the data. */
    public static final int CEASE_ADMIN_RESET = 4;
    /** Cease, RFC 4486. */
    public static final int CEASE_CONNECTION_REJECTED = 5;
    /** Cease, RFC 4486. */
    public static final int CEASE_OTHER_CONFIGURATION_CHANGE = 6;
    /** Cease, RFC 4486. */
    public static final int CEASE_CONNECTION_COLLISION_RESOLUTION = 7;
    /** Cease, RFC 4486. */
    public static final int CEASE_OUT_OF_RESOURCES = 8;
    /** Cease, RFC 8538: data is an encapsulated code, subcode and data. */
    public static final int CEASE_HARD_RESET = 9;
    /** Cease, RFC 9384. */
    public static final int CEASE_BFD_DOWN = 10;

    /** ROUTE-REFRESH Message Error, RFC 7313 §5: data is the whole ROUTE-REFRESH message. */
    public static final int ROUTE_REFRESH_INVALID_MESSAGE_LENGTH = 1;

    /** RFC 9003 §2: a shutdown communication is at most 255 octets of UTF-8. */
    public static final int MAX_SHUTDOWN_COMMUNICATION_LENGTH = 255;

    /** Octets after the header before the data. */
    public static final int MIN_BODY_LENGTH = 2;

    private static final byte[] NO_DATA = new byte[0];

    public NotificationMessage
    {
        if (code < 0 || code > 255 || subcode < 0 || subcode > 255)
        {
            throw new IllegalArgumentException("NOTIFICATION code " + code + " / subcode " + subcode + " out of range");
        }
        data = data.length == 0 ? NO_DATA : data.clone();
    }

    /**
     * @param code    error code.
     * @param subcode error subcode.
     * @return a NOTIFICATION without data.
     */
    public static NotificationMessage of(final int code, final int subcode)
    {
        return new NotificationMessage(code, subcode, NO_DATA);
    }

    /**
     * A Cease with an RFC 9003 shutdown communication, truncated to 255 octets at a character boundary.
     *
     * @param subcode {@link #CEASE_ADMIN_SHUTDOWN} or {@link #CEASE_ADMIN_RESET}.
     * @param message operator's text, may be empty.
     * @return the NOTIFICATION.
     */
    public static NotificationMessage shutdown(final int subcode, final String message)
    {
        if (subcode != CEASE_ADMIN_SHUTDOWN && subcode != CEASE_ADMIN_RESET)
        {
            throw new IllegalArgumentException("shutdown communication is for Cease subcodes 2 and 4, not " + subcode);
        }
        String text = message;
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        while (utf8.length > MAX_SHUTDOWN_COMMUNICATION_LENGTH)
        {
            // Drop whole code points until it fits; never split a UTF-8 sequence.
            text = text.substring(0, text.offsetByCodePoints(text.length(), -1));
            utf8 = text.getBytes(StandardCharsets.UTF_8);
        }
        final byte[] data = new byte[1 + utf8.length];
        data[0] = (byte)utf8.length;
        System.arraycopy(utf8, 0, data, 1, utf8.length);
        return new NotificationMessage(CEASE, subcode, data);
    }

    /**
     * @return a copy of the data.
     */
    public byte[] data()
    {
        return data.clone();
    }

    /**
     * @return length of the data field.
     */
    public int dataLength()
    {
        return data.length;
    }

    /**
     * The RFC 9003 shutdown communication of a Cease / Administrative Shutdown or Reset: a length octet
     * then that many octets of UTF-8.
     *
     * @return the text, or null if this is no such NOTIFICATION, the data is empty, or it is malformed
     * (length past the data, invalid UTF-8); RFC 9003 §4 asks only that a malformed one be logged.
     */
    public String shutdownCommunication()
    {
        if (code != CEASE || (subcode != CEASE_ADMIN_SHUTDOWN && subcode != CEASE_ADMIN_RESET) || data.length < 1)
        {
            return null;
        }
        final int length = data[0] & 0xFF;
        if (1 + length > data.length)
        {
            return null;
        }
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        try
        {
            final CharBuffer text = decoder.decode(ByteBuffer.wrap(data, 1, length));
            return text.toString();
        }
        catch (final CharacterCodingException ex)
        {
            return null;
        }
    }

    /**
     * The NOTIFICATION a Cease / Hard Reset encapsulates (RFC 8538 §3): its code, subcode and data.
     *
     * @return the cause, or null if this is no Hard Reset or its data is too short to hold one.
     */
    public NotificationMessage hardResetCause()
    {
        if (code != CEASE || subcode != CEASE_HARD_RESET || data.length < 2)
        {
            return null;
        }
        return new NotificationMessage(data[0] & 0xFF, data[1] & 0xFF, java.util.Arrays.copyOfRange(data, 2, data.length));
    }

    public int type()
    {
        return MessageHeader.TYPE_NOTIFICATION;
    }

    public boolean equals(final Object o)
    {
        return o instanceof NotificationMessage n && n.code == code && n.subcode == subcode &&
            Arrays.equals(n.data, data);
    }

    public int hashCode()
    {
        return (code * 256 + subcode) * 31 + Arrays.hashCode(data);
    }

    public String toString()
    {
        final StringBuilder sb = new StringBuilder("Notification[").append(code).append('/').append(subcode);
        if (data.length > 0)
        {
            sb.append(" data=");
            for (int i = 0; i < Math.min(data.length, 32); i++)
            {
                sb.append(String.format("%02x", data[i] & 0xFF));
            }
            if (data.length > 32)
            {
                sb.append("...(").append(data.length).append(')');
            }
        }
        return sb.append(']').toString();
    }
}
