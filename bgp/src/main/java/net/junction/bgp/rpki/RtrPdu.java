/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rpki;

import java.util.Objects;

/**
 * The PDUs of the RPKI-to-Router protocol, version 0 (RFC 6810) and 1 (RFC 8210). Every PDU starts with the
 * same 8-byte header:
 * <pre>
 *  0          8          16         24        31
 *  +----------+----------+---------------------+
 *  | Protocol |   PDU    | Session ID, zero or |
 *  | Version  |   Type   | Error Code          |
 *  +----------+----------+---------------------+
 *  |                Length (whole PDU)         |
 *  +-------------------------------------------+
 * </pre>
 * Each record carries the version it was (or is to be) sent with; {@link RtrCodec} turns them into bytes and
 * back.
 */
public sealed interface RtrPdu
{
    /** Serial Notify: the cache has new data (RFC 8210 §5.2). */
    int SERIAL_NOTIFY = 0;
    /** Serial Query: the changes since this serial, please (§5.3). */
    int SERIAL_QUERY = 1;
    /** Reset Query: the whole data set, please (§5.4). */
    int RESET_QUERY = 2;
    /** Cache Response: data follows (§5.5). */
    int CACHE_RESPONSE = 3;
    /** IPv4 Prefix (§5.6). */
    int IPV4_PREFIX = 4;
    /** IPv6 Prefix (§5.7). */
    int IPV6_PREFIX = 6;
    /** End of Data (§5.8). */
    int END_OF_DATA = 7;
    /** Cache Reset: the cache cannot answer a Serial Query, send a Reset Query (§5.9). */
    int CACHE_RESET = 8;
    /** Router Key, version 1 only (§5.10): BGPsec, not used by origin validation. */
    int ROUTER_KEY = 9;
    /** Error Report (§5.11). */
    int ERROR_REPORT = 10;

    /** The protocol's version 0 (RFC 6810). */
    int VERSION_0 = 0;
    /** Version 1 (RFC 8210). */
    int VERSION_1 = 1;

    /**
     * @return the protocol version of this PDU.
     */
    int version();

    /**
     * @param version    of the PDU.
     * @param sessionId  the cache's session (16 bits).
     * @param serial     the cache's new serial.
     */
    record SerialNotify(int version, int sessionId, int serial) implements RtrPdu
    {
    }

    /**
     * @param version   of the PDU.
     * @param sessionId the session the router holds data of.
     * @param serial    the serial of the data it holds.
     */
    record SerialQuery(int version, int sessionId, int serial) implements RtrPdu
    {
    }

    /**
     * @param version of the PDU.
     */
    record ResetQuery(int version) implements RtrPdu
    {
    }

    /**
     * @param version   of the PDU.
     * @param sessionId the cache's session.
     */
    record CacheResponse(int version, int sessionId) implements RtrPdu
    {
    }

    /**
     * An IPv4 or IPv6 Prefix PDU:
     * <pre>
     *  +----------+----------+----------+----------+
     *  |  Flags   |  Prefix  |   Max    |   zero   |
     *  |          |  Length  |  Length  |          |
     *  +----------+----------+----------+----------+
     *  |      IPv4 (4 bytes) or IPv6 (16) Prefix   |
     *  +-------------------------------------------+
     *  |             Autonomous System Number      |
     *  +-------------------------------------------+
     * </pre>
     *
     * @param version  of the PDU.
     * @param announce flag bit 0: 1 announce, 0 withdraw.
     * @param vrp      the VRP.
     */
    record Prefix(int version, boolean announce, Vrp vrp) implements RtrPdu
    {
        public Prefix
        {
            Objects.requireNonNull(vrp, "vrp");
        }
    }

    /**
     * End of Data; the intervals are in version 1 only (version 0 leaves them to the router: -1 here).
     *
     * @param version        of the PDU.
     * @param sessionId      the cache's session.
     * @param serial         the serial of the data set now complete.
     * @param refreshSeconds when to ask again (1..86400), or -1.
     * @param retrySeconds   when to try again after a failure (1..7200), or -1.
     * @param expireSeconds  how long the data may be used without a refresh (600..172800), or -1.
     */
    record EndOfData(int version, int sessionId, int serial, int refreshSeconds, int retrySeconds, int expireSeconds)
        implements RtrPdu
    {
    }

    /**
     * @param version of the PDU.
     */
    record CacheReset(int version) implements RtrPdu
    {
    }

    /**
     * A Router Key PDU (BGPsec), kept as its length only: origin validation does not use it.
     *
     * @param version of the PDU.
     * @param length  its whole length.
     */
    record RouterKey(int version, int length) implements RtrPdu
    {
    }

    /**
     * <pre>
     *  | version | 10 | Error Code | Length | Length of Encapsulated PDU | Erroneous PDU |
     *  | Length of Error Text | Arbitrary Text of Error Diagnostic Message (UTF-8) |
     * </pre>
     *
     * @param version      of the PDU.
     * @param errorCode    one of {@link RtrCodec}'s {@code ERROR_*} codes.
     * @param erroneousPdu the PDU in error, as received (may be empty).
     * @param text         a diagnostic (may be empty).
     */
    record ErrorReport(int version, int errorCode, byte[] erroneousPdu, String text) implements RtrPdu
    {
        public ErrorReport
        {
            Objects.requireNonNull(erroneousPdu, "erroneousPdu");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String toString()
        {
            return "ErrorReport[version=" + version + ", " + RtrCodec.errorName(errorCode) + ", pdu " +
                erroneousPdu.length + " bytes, text=" + text + "]";
        }
    }
}
