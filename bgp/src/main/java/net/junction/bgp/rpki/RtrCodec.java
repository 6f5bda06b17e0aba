/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rpki;

import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The RTR wire format (RFC 8210 §5, RFC 6810 §5): pure functions between {@link RtrPdu} records and bytes,
 * all multi-byte fields in network byte order (big-endian).
 * <p>
 * Framing follows Netty's {@code ByteToMessageDecoder} contract: {@link #decode} reads relative to the buffer's
 * position, consumes nothing from a partial PDU (it returns null), and consumes exactly one PDU otherwise. A
 * malformed PDU is not an exception but a {@link Malformed} value that already carries the Error Report code the
 * session must send (RFC 8210 §10), with the offending bytes to encapsulate.
 */
public final class RtrCodec
{
    /** Corrupt Data (fatal). */
    public static final int ERROR_CORRUPT_DATA = 0;
    /** Internal Error (fatal). */
    public static final int ERROR_INTERNAL_ERROR = 1;
    /** No Data Available (not fatal: the cache has no data yet). */
    public static final int ERROR_NO_DATA_AVAILABLE = 2;
    /** Invalid Request (fatal). */
    public static final int ERROR_INVALID_REQUEST = 3;
    /** Unsupported Protocol Version (fatal). */
    public static final int ERROR_UNSUPPORTED_PROTOCOL_VERSION = 4;
    /** Unsupported PDU Type (fatal). */
    public static final int ERROR_UNSUPPORTED_PDU_TYPE = 5;
    /** Withdrawal of Unknown Record (fatal). */
    public static final int ERROR_WITHDRAWAL_OF_UNKNOWN_RECORD = 6;
    /** Duplicate Announcement Received (fatal). */
    public static final int ERROR_DUPLICATE_ANNOUNCEMENT = 7;
    /** Unexpected Protocol Version (fatal, RFC 8210). */
    public static final int ERROR_UNEXPECTED_PROTOCOL_VERSION = 8;

    /** The header every PDU starts with. */
    public static final int HEADER_LENGTH = 8;
    /** The longest PDU taken: an Error Report may carry a PDU and text, a Router Key a key; both stay small. */
    public static final int MAX_PDU_LENGTH = 65_536;

    private static final int SERIAL_LENGTH = 12;
    private static final int IPV4_PREFIX_LENGTH = 20;
    private static final int IPV6_PREFIX_LENGTH = 32;
    private static final int END_OF_DATA_V0_LENGTH = 12;
    private static final int END_OF_DATA_V1_LENGTH = 24;
    private static final int FLAG_ANNOUNCE = 0x01;

    private RtrCodec()
    {
    }

    /**
     * A PDU that does not decode: the Error Report to send about it.
     *
     * @param errorCode    the Error Report's code.
     * @param version      the version to send the report with (the PDU's, when it is one this side speaks).
     * @param erroneousPdu the bytes of the PDU in error (its header at least).
     * @param text         why.
     */
    public record Malformed(int errorCode, int version, byte[] erroneousPdu, String text)
    {
    }

    /**
     * The outcome of one {@link #decode}: a PDU, or why the next bytes are not one.
     *
     * @param pdu       the PDU, or null when malformed.
     * @param malformed the problem, or null.
     */
    public record Decoded(RtrPdu pdu, Malformed malformed)
    {
    }

    /**
     * Decode one PDU from {@code in}'s position.
     *
     * @param in bytes received, big-endian.
     * @return null if {@code in} holds no whole PDU yet (nothing consumed); else the PDU or the problem, with the
     *     PDU's bytes consumed (for an unusable length, everything left).
     */
    public static Decoded decode(final ByteBuffer in)
    {
        if (in.remaining() < HEADER_LENGTH)
        {
            return null;
        }
        final int start = in.position();
        final int version = in.get(start) & 0xFF;
        final int type = in.get(start + 1) & 0xFF;
        final int field = in.getShort(start + 2) & 0xFFFF;
        final long length = Integer.toUnsignedLong(in.getInt(start + 4));
        final int reportVersion = version <= RtrPdu.VERSION_1 ? version : RtrPdu.VERSION_1;
        if (length < HEADER_LENGTH || length > MAX_PDU_LENGTH)
        {
            final byte[] header = new byte[HEADER_LENGTH];
            in.get(start, header);
            in.position(in.limit()); // the stream cannot be framed any more
            return malformed(ERROR_CORRUPT_DATA, reportVersion, header,
                "PDU type " + type + " has length " + length + ", not " + HEADER_LENGTH + ".." + MAX_PDU_LENGTH);
        }
        if (in.remaining() < length)
        {
            return null;
        }
        final byte[] bytes = new byte[(int)length];
        in.get(start, bytes);
        in.position(start + (int)length);
        final ByteBuffer pdu = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        if (version > RtrPdu.VERSION_1)
        {
            return malformed(ERROR_UNSUPPORTED_PROTOCOL_VERSION, reportVersion, bytes,
                "protocol version " + version + " is not supported (0 and 1 are)");
        }
        return switch (type)
        {
            case RtrPdu.SERIAL_NOTIFY -> fixed(bytes, SERIAL_LENGTH, "Serial Notify", version,
                () -> new RtrPdu.SerialNotify(version, field, pdu.getInt(8)));
            case RtrPdu.SERIAL_QUERY -> fixed(bytes, SERIAL_LENGTH, "Serial Query", version,
                () -> new RtrPdu.SerialQuery(version, field, pdu.getInt(8)));
            case RtrPdu.RESET_QUERY -> fixed(bytes, HEADER_LENGTH, "Reset Query", version,
                () -> new RtrPdu.ResetQuery(version));
            case RtrPdu.CACHE_RESPONSE -> fixed(bytes, HEADER_LENGTH, "Cache Response", version,
                () -> new RtrPdu.CacheResponse(version, field));
            case RtrPdu.IPV4_PREFIX -> prefix(bytes, pdu, version, true);
            case RtrPdu.IPV6_PREFIX -> prefix(bytes, pdu, version, false);
            case RtrPdu.END_OF_DATA -> endOfData(bytes, pdu, version, field);
            case RtrPdu.CACHE_RESET -> fixed(bytes, HEADER_LENGTH, "Cache Reset", version,
                () -> new RtrPdu.CacheReset(version));
            case RtrPdu.ROUTER_KEY -> version == RtrPdu.VERSION_0 ?
                malformed(ERROR_UNSUPPORTED_PDU_TYPE, version, bytes, "Router Key PDUs are not in version 0") :
                routerKey(bytes, version);
            case RtrPdu.ERROR_REPORT -> errorReport(bytes, pdu, version, field);
            default -> malformed(ERROR_UNSUPPORTED_PDU_TYPE, version, bytes, "PDU type " + type + " is not supported");
        };
    }

    private static Decoded fixed(
        final byte[] bytes, final int expected, final String name, final int version,
        final java.util.function.Supplier<RtrPdu> make)
    {
        if (bytes.length != expected)
        {
            return malformed(ERROR_CORRUPT_DATA, version, bytes, name + " has length " + bytes.length + ", not " + expected);
        }
        return new Decoded(make.get(), null);
    }

    private static Decoded prefix(final byte[] bytes, final ByteBuffer pdu, final int version, final boolean ipv4)
    {
        final int expected = ipv4 ? IPV4_PREFIX_LENGTH : IPV6_PREFIX_LENGTH;
        final String name = ipv4 ? "IPv4 Prefix" : "IPv6 Prefix";
        if (bytes.length != expected)
        {
            return malformed(ERROR_CORRUPT_DATA, version, bytes, name + " has length " + bytes.length + ", not " + expected);
        }
        final int flags = pdu.get(8) & 0xFF;
        final int prefixLength = pdu.get(9) & 0xFF;
        final int maxLength = pdu.get(10) & 0xFF;
        final int bits = ipv4 ? 32 : 128;
        if (prefixLength > bits || maxLength < prefixLength || maxLength > bits)
        {
            return malformed(ERROR_CORRUPT_DATA, version, bytes, name + ": prefix length " + prefixLength +
                " and max length " + maxLength + " need prefix length <= max length <= " + bits);
        }
        final IpPrefix prefix;
        final int asn;
        if (ipv4)
        {
            final int address = pdu.getInt(12);
            if ((address & ~Prefix4.mask(prefixLength)) != 0)
            {
                return malformed(ERROR_CORRUPT_DATA, version, bytes, name + ": host bits set beyond /" + prefixLength);
            }
            prefix = new Prefix4(address, prefixLength);
            asn = pdu.getInt(16);
        }
        else
        {
            final long high = pdu.getLong(12);
            final long low = pdu.getLong(20);
            if ((high & ~Prefix6.maskHigh(prefixLength)) != 0 || (low & ~Prefix6.maskLow(prefixLength)) != 0)
            {
                return malformed(ERROR_CORRUPT_DATA, version, bytes, name + ": host bits set beyond /" + prefixLength);
            }
            prefix = new Prefix6(high, low, prefixLength);
            asn = pdu.getInt(28);
        }
        return new Decoded(new RtrPdu.Prefix(version, (flags & FLAG_ANNOUNCE) != 0, new Vrp(prefix, maxLength, asn)), null);
    }

    private static Decoded endOfData(final byte[] bytes, final ByteBuffer pdu, final int version, final int sessionId)
    {
        final int expected = version == RtrPdu.VERSION_0 ? END_OF_DATA_V0_LENGTH : END_OF_DATA_V1_LENGTH;
        if (bytes.length != expected)
        {
            return malformed(ERROR_CORRUPT_DATA, version, bytes,
                "End of Data (version " + version + ") has length " + bytes.length + ", not " + expected);
        }
        final int serial = pdu.getInt(8);
        if (version == RtrPdu.VERSION_0)
        {
            return new Decoded(new RtrPdu.EndOfData(version, sessionId, serial, -1, -1, -1), null);
        }
        final long refresh = Integer.toUnsignedLong(pdu.getInt(12));
        final long retry = Integer.toUnsignedLong(pdu.getInt(16));
        final long expire = Integer.toUnsignedLong(pdu.getInt(20));
        // RFC 8210 §6: the ranges of the three intervals.
        if (refresh < 1 || refresh > 86_400 || retry < 1 || retry > 7_200 || expire < 600 || expire > 172_800)
        {
            return malformed(ERROR_CORRUPT_DATA, version, bytes, "End of Data intervals out of range (RFC 8210 §6): " +
                "refresh " + refresh + " (1..86400), retry " + retry + " (1..7200), expire " + expire + " (600..172800)");
        }
        return new Decoded(new RtrPdu.EndOfData(version, sessionId, serial, (int)refresh, (int)retry, (int)expire), null);
    }

    private static Decoded routerKey(final byte[] bytes, final int version)
    {
        // Flags, zero, SKI (20), ASN (4), SPKI: at least 8 + 4 + 20 + 4 bytes (RFC 8210 §5.10).
        if (bytes.length < 36)
        {
            return malformed(ERROR_CORRUPT_DATA, version, bytes, "Router Key has length " + bytes.length + ", less than 36");
        }
        return new Decoded(new RtrPdu.RouterKey(version, bytes.length), null);
    }

    private static Decoded errorReport(final byte[] bytes, final ByteBuffer pdu, final int version, final int code)
    {
        if (bytes.length < 16)
        {
            return malformed(ERROR_CORRUPT_DATA, version, bytes, "Error Report has length " + bytes.length + ", less than 16");
        }
        final long pduLength = Integer.toUnsignedLong(pdu.getInt(8));
        if (pduLength > bytes.length - 16)
        {
            return malformed(ERROR_CORRUPT_DATA, version, bytes, "Error Report: encapsulated PDU of " + pduLength +
                " bytes does not fit in " + bytes.length);
        }
        final int textAt = 12 + (int)pduLength;
        final long textLength = Integer.toUnsignedLong(pdu.getInt(textAt));
        if (textAt + 4 + textLength != bytes.length)
        {
            return malformed(ERROR_CORRUPT_DATA, version, bytes, "Error Report: text of " + textLength +
                " bytes does not end the PDU of " + bytes.length);
        }
        final byte[] encapsulated = new byte[(int)pduLength];
        pdu.get(12, encapsulated);
        final String text;
        try
        {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, textAt + 4, (int)textLength)).toString();
        }
        catch (final CharacterCodingException ex)
        {
            return malformed(ERROR_CORRUPT_DATA, version, bytes, "Error Report: the text is not UTF-8");
        }
        return new Decoded(new RtrPdu.ErrorReport(version, code, encapsulated, text), null);
    }

    private static Decoded malformed(final int code, final int version, final byte[] bytes, final String text)
    {
        return new Decoded(null, new Malformed(code, version, bytes, text));
    }

    /**
     * @param pdu to encode.
     * @return its bytes.
     */
    public static byte[] encode(final RtrPdu pdu)
    {
        final ByteBuffer out = switch (pdu)
        {
            case RtrPdu.SerialNotify p -> header(p.version(), RtrPdu.SERIAL_NOTIFY, p.sessionId(), SERIAL_LENGTH).putInt(p.serial());
            case RtrPdu.SerialQuery p -> header(p.version(), RtrPdu.SERIAL_QUERY, p.sessionId(), SERIAL_LENGTH).putInt(p.serial());
            case RtrPdu.ResetQuery p -> header(p.version(), RtrPdu.RESET_QUERY, 0, HEADER_LENGTH);
            case RtrPdu.CacheResponse p -> header(p.version(), RtrPdu.CACHE_RESPONSE, p.sessionId(), HEADER_LENGTH);
            case RtrPdu.Prefix p -> encodePrefix(p);
            case RtrPdu.EndOfData p -> p.version() == RtrPdu.VERSION_0 ?
                header(p.version(), RtrPdu.END_OF_DATA, p.sessionId(), END_OF_DATA_V0_LENGTH).putInt(p.serial()) :
                header(p.version(), RtrPdu.END_OF_DATA, p.sessionId(), END_OF_DATA_V1_LENGTH).putInt(p.serial())
                    .putInt(p.refreshSeconds()).putInt(p.retrySeconds()).putInt(p.expireSeconds());
            case RtrPdu.CacheReset p -> header(p.version(), RtrPdu.CACHE_RESET, 0, HEADER_LENGTH);
            case RtrPdu.RouterKey p -> throw new IllegalArgumentException("Router Key PDUs are not sent by this side");
            case RtrPdu.ErrorReport p ->
            {
                final byte[] text = p.text().getBytes(StandardCharsets.UTF_8);
                yield header(p.version(), RtrPdu.ERROR_REPORT, p.errorCode(), 16 + p.erroneousPdu().length + text.length)
                    .putInt(p.erroneousPdu().length).put(p.erroneousPdu()).putInt(text.length).put(text);
            }
        };
        return out.array();
    }

    private static ByteBuffer encodePrefix(final RtrPdu.Prefix p)
    {
        final Vrp vrp = p.vrp();
        final boolean ipv4 = vrp.prefix().isIpv4();
        final ByteBuffer out = header(p.version(), ipv4 ? RtrPdu.IPV4_PREFIX : RtrPdu.IPV6_PREFIX, 0,
            ipv4 ? IPV4_PREFIX_LENGTH : IPV6_PREFIX_LENGTH)
            .put((byte)(p.announce() ? FLAG_ANNOUNCE : 0)).put((byte)vrp.prefix().length()).put((byte)vrp.maxLength())
            .put((byte)0);
        switch (vrp.prefix())
        {
            case Prefix4 v4 -> out.putInt(v4.address());
            case Prefix6 v6 -> out.putLong(v6.high()).putLong(v6.low());
        }
        return out.putInt(vrp.asn());
    }

    private static ByteBuffer header(final int version, final int type, final int field, final int length)
    {
        return ByteBuffer.allocate(length).order(ByteOrder.BIG_ENDIAN)
            .put((byte)version).put((byte)type).putShort((short)field).putInt(length);
    }

    /**
     * @param code an Error Report code.
     * @return its RFC 8210 §12 name.
     */
    public static String errorName(final int code)
    {
        return switch (code)
        {
            case ERROR_CORRUPT_DATA -> "Corrupt Data";
            case ERROR_INTERNAL_ERROR -> "Internal Error";
            case ERROR_NO_DATA_AVAILABLE -> "No Data Available";
            case ERROR_INVALID_REQUEST -> "Invalid Request";
            case ERROR_UNSUPPORTED_PROTOCOL_VERSION -> "Unsupported Protocol Version";
            case ERROR_UNSUPPORTED_PDU_TYPE -> "Unsupported PDU Type";
            case ERROR_WITHDRAWAL_OF_UNKNOWN_RECORD -> "Withdrawal of Unknown Record";
            case ERROR_DUPLICATE_ANNOUNCEMENT -> "Duplicate Announcement Received";
            case ERROR_UNEXPECTED_PROTOCOL_VERSION -> "Unexpected Protocol Version";
            default -> "error " + code;
        };
    }
}
