/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.bmp;

import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;
import org.agrona.ExpandableArrayBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Encodes BMP messages (RFC 7854 §4, Loc-RIB per RFC 9069). Pure: bytes out of values. BGP PDUs inside
 * (OPENs, UPDATEs, NOTIFICATIONs) arrive encoded; this class only frames them.
 * <pre>
 *  Common header (§4.1)                  Per-peer header (§4.2), 42 octets
 *  +-+-+-+-+-+-+-+-+                     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    Version    | (3)                 |   Peer Type   |  Peer Flags   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |        Message Length (4)     |     |         Peer Distinguisher (8)                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+     |         Peer Address (16, IPv4 in the last 4)   |
 *  |   Msg. Type   |                     |         Peer AS (4)  |  Peer BGP ID (4)         |
 *  +-+-+-+-+-+-+-+-+                     |         Timestamp (seconds, 4; microseconds, 4) |
 *
 *  Route Monitoring (§4.6): per-peer header, BGP UPDATE PDU
 *  Statistics Report (§4.8): per-peer header, Stats Count (4), { Type (2), Length (2), Value }...
 *  Peer Down (§4.9): per-peer header, Reason (1), Data (NOTIFICATION PDU, or FSM event code (2), or none)
 *  Peer Up (§4.10): per-peer header, Local Address (16), Local Port (2), Remote Port (2),
 *                   Sent OPEN PDU, Received OPEN PDU, Information TLVs { Type (2), Length (2), Value }...
 *  Initiation (§4.3), Termination (§4.5): Information TLVs
 * </pre>
 */
public final class BmpEncoder
{
    /** RFC 7854 §4.1. */
    public static final int VERSION = 3;
    public static final int COMMON_HEADER_LENGTH = 6;
    public static final int PEER_HEADER_LENGTH = 42;

    /** §4.1 message types. */
    public static final int ROUTE_MONITORING = 0;
    public static final int STATISTICS_REPORT = 1;
    public static final int PEER_DOWN_NOTIFICATION = 2;
    public static final int PEER_UP_NOTIFICATION = 3;
    public static final int INITIATION = 4;
    public static final int TERMINATION = 5;

    /** §4.2 peer types; RFC 9069 §4.1 adds the Loc-RIB instance. */
    public static final int PEER_TYPE_GLOBAL_INSTANCE = 0;
    public static final int PEER_TYPE_LOC_RIB_INSTANCE = 3;

    /** §4.2 peer flags (peer types 0-2): V, IPv6 peer address; L, post-policy; A, 2-octet AS_PATH. */
    public static final int PEER_FLAG_V = 0x80;
    public static final int PEER_FLAG_L = 0x40;
    public static final int PEER_FLAG_A = 0x20;

    /** §4.4 Information TLV types (Initiation; 0 and 3 in Peer Up too, RFC 9069 §5.3 adds 3). */
    public static final int INFO_STRING = 0;
    public static final int INFO_SYS_DESCR = 1;
    public static final int INFO_SYS_NAME = 2;
    public static final int INFO_VRF_TABLE_NAME = 3;

    /** §4.5 Termination TLV types and reasons. */
    public static final int TERM_STRING = 0;
    public static final int TERM_REASON = 1;
    public static final int TERM_ADMINISTRATIVELY_CLOSED = 0;
    public static final int TERM_UNSPECIFIED = 1;
    public static final int TERM_OUT_OF_RESOURCES = 2;

    /** §4.9 Peer Down reasons. */
    public static final int DOWN_LOCAL_NOTIFICATION = 1;
    public static final int DOWN_LOCAL_NO_NOTIFICATION = 2;
    public static final int DOWN_REMOTE_NOTIFICATION = 3;
    public static final int DOWN_REMOTE_NO_NOTIFICATION = 4;
    public static final int DOWN_PEER_DECONFIGURED = 5;

    /** §4.8 statistics types (and IANA's 18-21 for the Adj-RIB-In before and after policy). */
    public static final int STAT_REJECTED_PREFIXES = 0;
    public static final int STAT_DUPLICATE_PREFIXES = 1;
    public static final int STAT_DUPLICATE_WITHDRAWS = 2;
    public static final int STAT_ADJ_RIB_IN_ROUTES = 7;
    public static final int STAT_LOC_RIB_ROUTES = 8;
    public static final int STAT_AFI_SAFI_ADJ_RIB_IN_ROUTES = 9;
    public static final int STAT_AFI_SAFI_LOC_RIB_ROUTES = 10;
    public static final int STAT_PRE_POLICY_ADJ_RIB_IN_ROUTES = 18;
    public static final int STAT_AFI_SAFI_PRE_POLICY_ADJ_RIB_IN_ROUTES = 19;
    public static final int STAT_POST_POLICY_ADJ_RIB_IN_ROUTES = 20;
    public static final int STAT_AFI_SAFI_POST_POLICY_ADJ_RIB_IN_ROUTES = 21;

    /**
     * The per-peer header's fields.
     *
     * @param type            peer type.
     * @param flags           peer flags.
     * @param distinguisher   peer distinguisher (0 for the global instance).
     * @param address         the peer's address (0.0.0.0 for the Loc-RIB instance).
     * @param asNumber        the peer's AS (4-octet, unsigned in an int).
     * @param bgpId           the peer's BGP identifier.
     * @param timestampMicros when the information was received or generated (microseconds since the epoch).
     */
    public record PeerHeader(int type, int flags, long distinguisher, IpAddress address, int asNumber, int bgpId,
                             long timestampMicros)
    {
        public PeerHeader
        {
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * One Statistics Report entry.
     *
     * @param type   the stat type.
     * @param family for the per-AFI/SAFI types, else null.
     * @param value  a counter (32-bit, types 0-6) or a gauge (64-bit).
     */
    public record Stat(int type, AfiSafi family, long value)
    {
        /** @return whether the value is a 32-bit counter (RFC 7854 §4.8: types 0 to 6). */
        boolean counter()
        {
            return type <= 6 || type == 11 || type == 12 || type == 13;
        }
    }

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);

    /**
     * §4.3: the first message of every connection.
     *
     * @param sysName  the router's name (sysName).
     * @param sysDescr its description (sysDescr).
     */
    public byte[] initiation(final String sysName, final String sysDescr)
    {
        int p = COMMON_HEADER_LENGTH;
        p = putTlv(p, INFO_SYS_DESCR, sysDescr.getBytes(StandardCharsets.UTF_8));
        p = putTlv(p, INFO_SYS_NAME, sysName.getBytes(StandardCharsets.UTF_8));
        return finish(INITIATION, p);
    }

    /**
     * §4.5: the last message of a connection the router closes.
     *
     * @param reason one of the TERM_ reasons.
     * @param text   why, for the operator (may be empty: no string TLV).
     */
    public byte[] termination(final int reason, final String text)
    {
        int p = COMMON_HEADER_LENGTH;
        if (!text.isEmpty())
        {
            p = putTlv(p, TERM_STRING, text.getBytes(StandardCharsets.UTF_8));
        }
        buffer.putShort(p, (short)TERM_REASON, ByteOrder.BIG_ENDIAN);
        buffer.putShort(p + 2, (short)2, ByteOrder.BIG_ENDIAN);
        buffer.putShort(p + 4, (short)reason, ByteOrder.BIG_ENDIAN);
        return finish(TERMINATION, p + 6);
    }

    /**
     * §4.10 (and RFC 9069 §5.3 for the Loc-RIB instance: zero addresses and ports, a table name TLV).
     *
     * @param header       the peer.
     * @param localAddress this end's address of the session (0.0.0.0 or :: for the Loc-RIB).
     * @param localPort    this end's port.
     * @param remotePort   the peer's port.
     * @param sentOpen     the OPEN this router sent, a whole BGP message.
     * @param receivedOpen the OPEN it received, a whole BGP message.
     * @param tableName    the VRF/Table Name TLV's value, or null for none.
     */
    public byte[] peerUp(
        final PeerHeader header, final IpAddress localAddress, final int localPort, final int remotePort,
        final byte[] sentOpen, final byte[] receivedOpen, final String tableName)
    {
        int p = putPeerHeader(COMMON_HEADER_LENGTH, header);
        p = putAddress16(p, localAddress);
        buffer.putShort(p, (short)localPort, ByteOrder.BIG_ENDIAN);
        buffer.putShort(p + 2, (short)remotePort, ByteOrder.BIG_ENDIAN);
        p += 4;
        buffer.putBytes(p, sentOpen);
        p += sentOpen.length;
        buffer.putBytes(p, receivedOpen);
        p += receivedOpen.length;
        if (tableName != null)
        {
            p = putTlv(p, INFO_VRF_TABLE_NAME, tableName.getBytes(StandardCharsets.UTF_8));
        }
        return finish(PEER_UP_NOTIFICATION, p);
    }

    /**
     * §4.9.
     *
     * @param header the peer.
     * @param reason one of the DOWN_ reasons.
     * @param data   the NOTIFICATION PDU (reasons 1, 3), the FSM event code as 2 octets (reason 2), or empty.
     */
    public byte[] peerDown(final PeerHeader header, final int reason, final byte[] data)
    {
        int p = putPeerHeader(COMMON_HEADER_LENGTH, header);
        buffer.putByte(p, (byte)reason);
        buffer.putBytes(p + 1, data);
        return finish(PEER_DOWN_NOTIFICATION, p + 1 + data.length);
    }

    /**
     * §4.6.
     *
     * @param header the peer (with L for post-policy), or the Loc-RIB instance.
     * @param update a whole BGP UPDATE message.
     */
    public byte[] routeMonitoring(final PeerHeader header, final byte[] update)
    {
        final int p = putPeerHeader(COMMON_HEADER_LENGTH, header);
        buffer.putBytes(p, update);
        return finish(ROUTE_MONITORING, p + update.length);
    }

    /**
     * §4.8.
     *
     * @param header the peer, or the Loc-RIB instance.
     * @param stats  the entries.
     */
    public byte[] statisticsReport(final PeerHeader header, final List<Stat> stats)
    {
        int p = putPeerHeader(COMMON_HEADER_LENGTH, header);
        buffer.putInt(p, stats.size(), ByteOrder.BIG_ENDIAN);
        p += 4;
        for (final Stat s : stats)
        {
            buffer.putShort(p, (short)s.type(), ByteOrder.BIG_ENDIAN);
            if (s.family() != null)
            {
                buffer.putShort(p + 2, (short)11, ByteOrder.BIG_ENDIAN);
                buffer.putShort(p + 4, (short)s.family().afi(), ByteOrder.BIG_ENDIAN);
                buffer.putByte(p + 6, (byte)s.family().safi());
                buffer.putLong(p + 7, s.value(), ByteOrder.BIG_ENDIAN);
                p += 15;
            }
            else if (s.counter())
            {
                buffer.putShort(p + 2, (short)4, ByteOrder.BIG_ENDIAN);
                buffer.putInt(p + 4, (int)Math.min(s.value(), 0xFFFF_FFFFL), ByteOrder.BIG_ENDIAN);
                p += 8;
            }
            else
            {
                buffer.putShort(p + 2, (short)8, ByteOrder.BIG_ENDIAN);
                buffer.putLong(p + 4, s.value(), ByteOrder.BIG_ENDIAN);
                p += 12;
            }
        }
        return finish(STATISTICS_REPORT, p);
    }

    private int putPeerHeader(final int offset, final PeerHeader h)
    {
        buffer.putByte(offset, (byte)h.type());
        buffer.putByte(offset + 1, (byte)h.flags());
        buffer.putLong(offset + 2, h.distinguisher(), ByteOrder.BIG_ENDIAN);
        putAddress16(offset + 10, h.address());
        buffer.putInt(offset + 26, h.asNumber(), ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + 30, h.bgpId(), ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + 34, (int)(h.timestampMicros() / 1_000_000), ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + 38, (int)(h.timestampMicros() % 1_000_000), ByteOrder.BIG_ENDIAN);
        return offset + PEER_HEADER_LENGTH;
    }

    /** §4.2: an IPv6 address takes the 16 octets, an IPv4 one the last 4 after 12 zero octets. */
    private int putAddress16(final int offset, final IpAddress address)
    {
        if (address instanceof Ip4Address v4)
        {
            buffer.putLong(offset, 0, ByteOrder.BIG_ENDIAN);
            buffer.putInt(offset + 8, 0, ByteOrder.BIG_ENDIAN);
            buffer.putInt(offset + 12, v4.value(), ByteOrder.BIG_ENDIAN);
        }
        else
        {
            final Ip6Address v6 = (Ip6Address)address;
            buffer.putLong(offset, v6.high(), ByteOrder.BIG_ENDIAN);
            buffer.putLong(offset + 8, v6.low(), ByteOrder.BIG_ENDIAN);
        }
        return offset + 16;
    }

    private int putTlv(final int offset, final int type, final byte[] value)
    {
        if (value.length > 0xFFFF)
        {
            throw new IllegalArgumentException("TLV value longer than 65535 octets: " + value.length);
        }
        buffer.putShort(offset, (short)type, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + 2, (short)value.length, ByteOrder.BIG_ENDIAN);
        buffer.putBytes(offset + 4, value);
        return offset + 4 + value.length;
    }

    private byte[] finish(final int type, final int end)
    {
        buffer.putByte(0, (byte)VERSION);
        buffer.putInt(1, end, ByteOrder.BIG_ENDIAN);
        buffer.putByte(5, (byte)type);
        final byte[] out = new byte[end];
        buffer.getBytes(0, out);
        return out;
    }
}
