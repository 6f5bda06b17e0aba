/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.mrt;

import net.junction.routing.Ip4Address;
import net.junction.routing.Ip6Address;
import net.junction.routing.IpAddress;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Writes MRT BGP4MP records (RFC 6396 §4.4) into a buffer: BGP4MP_MESSAGE_AS4 (§4.4.3) around a BGP message as it
 * was received, and BGP4MP_STATE_CHANGE_AS4 (§4.4.4) for a session's FSM change. Pure and allocation-free: it runs
 * on the BGP event loop for every UPDATE received, writing straight into the update log's ring.
 *
 * <pre>
 *  MRT common header (§2): Timestamp (4) | Type (2) = 16 | Subtype (2) | Length (4)
 *
 *  BGP4MP_MESSAGE_AS4 (subtype 4)                BGP4MP_STATE_CHANGE_AS4 (subtype 5)
 *  +-------------------------------------+      +-------------------------------------+
 *  | Peer AS Number (4)                  |      | Peer AS Number (4)                  |
 *  | Local AS Number (4)                 |      | Local AS Number (4)                 |
 *  | Interface Index (2) | AFI (2)       |      | Interface Index (2) | AFI (2)       |
 *  | Peer IP Address (4 or 16)           |      | Peer IP Address (4 or 16)           |
 *  | Local IP Address (4 or 16)          |      | Local IP Address (4 or 16)          |
 *  | BGP Message... (marker included)    |      | Old State (2) | New State (2)       |
 *  +-------------------------------------+      +-------------------------------------+
 * </pre>
 * States (§4.4.1): 1 Idle, 2 Connect, 3 Active, 4 OpenSent, 5 OpenConfirm, 6 Established.
 * A message from a session that receives Path Identifiers (ADD-PATH, RFC 7911) goes as BGP4MP_MESSAGE_AS4_ADDPATH
 * (RFC 8050 §3, subtype 9, the same layout): a reader then knows its NLRI carry them.
 */
public final class Bgp4mp
{
    /** RFC 6396 §4: the BGP4MP type. */
    public static final int BGP4MP = 16;
    /** RFC 6396 §4.4: subtypes. */
    public static final int BGP4MP_MESSAGE_AS4 = 4;
    public static final int BGP4MP_STATE_CHANGE_AS4 = 5;
    /** RFC 8050 §3: a BGP4MP_MESSAGE_AS4 whose NLRI carry Path Identifiers. */
    public static final int BGP4MP_MESSAGE_AS4_ADDPATH = 9;
    /** Address families of the peer and local addresses (IANA AFI). */
    public static final int AFI_IPV4 = 1;
    public static final int AFI_IPV6 = 2;
    /** The interface index: the router does not tie a session to one interface. */
    public static final int NO_INTERFACE = 0;

    private static final int HEADER_LENGTH = TableDumpV2Writer.HEADER_LENGTH;
    /** Peer AS, local AS, interface index, AFI. */
    private static final int FIXED_LENGTH = 12;

    private Bgp4mp()
    {
    }

    /** @return octets of a BGP4MP_MESSAGE_AS4 record, header included, between peers of that family. */
    public static int messageRecordLength(final IpAddress peer, final int messageLength)
    {
        return HEADER_LENGTH + FIXED_LENGTH + 2 * (peer.isIpv4() ? 4 : 16) + messageLength;
    }

    /** @return octets of a BGP4MP_STATE_CHANGE_AS4 record, header included, between peers of that family. */
    public static int stateChangeRecordLength(final IpAddress peer)
    {
        return HEADER_LENGTH + FIXED_LENGTH + 2 * (peer.isIpv4() ? 4 : 16) + 4;
    }

    /**
     * @param local   the router's address on the session; null or of the other family: the unspecified address.
     * @param message holding the BGP message, marker included.
     * @return octets written ({@link #messageRecordLength}).
     */
    public static int writeMessage(
        final MutableDirectBuffer out, final int offset, final long timestampSeconds, final int peerAs, final int localAs,
        final IpAddress peer, final IpAddress local, final DirectBuffer message, final int messageOffset,
        final int messageLength)
    {
        return writeMessage(out, offset, timestampSeconds, peerAs, localAs, peer, local, message, messageOffset,
            messageLength, false);
    }

    /**
     * @param addPath the message's NLRI carry Path Identifiers (the session receives them): an RFC 8050
     *                BGP4MP_MESSAGE_AS4_ADDPATH record.
     * @return octets written ({@link #messageRecordLength}).
     */
    public static int writeMessage(
        final MutableDirectBuffer out, final int offset, final long timestampSeconds, final int peerAs, final int localAs,
        final IpAddress peer, final IpAddress local, final DirectBuffer message, final int messageOffset,
        final int messageLength, final boolean addPath)
    {
        int p = offset + HEADER_LENGTH;
        p = putPeers(out, p, peerAs, localAs, peer, local);
        out.putBytes(p, message, messageOffset, messageLength);
        p += messageLength;
        header(out, offset, timestampSeconds, addPath ? BGP4MP_MESSAGE_AS4_ADDPATH : BGP4MP_MESSAGE_AS4,
            p - offset - HEADER_LENGTH);
        return p - offset;
    }

    /**
     * @param oldState §4.4.1 code of the state left (1..6).
     * @param newState §4.4.1 code of the state entered (1..6).
     * @return octets written ({@link #stateChangeRecordLength}).
     */
    public static int writeStateChange(
        final MutableDirectBuffer out, final int offset, final long timestampSeconds, final int peerAs, final int localAs,
        final IpAddress peer, final IpAddress local, final int oldState, final int newState)
    {
        int p = offset + HEADER_LENGTH;
        p = putPeers(out, p, peerAs, localAs, peer, local);
        out.putShort(p, (short)oldState, ByteOrder.BIG_ENDIAN);
        out.putShort(p + 2, (short)newState, ByteOrder.BIG_ENDIAN);
        p += 4;
        header(out, offset, timestampSeconds, BGP4MP_STATE_CHANGE_AS4, p - offset - HEADER_LENGTH);
        return p - offset;
    }

    private static int putPeers(
        final MutableDirectBuffer out, final int offset, final int peerAs, final int localAs, final IpAddress peer,
        final IpAddress local)
    {
        final boolean v4 = peer.isIpv4();
        out.putInt(offset, peerAs, ByteOrder.BIG_ENDIAN);
        out.putInt(offset + 4, localAs, ByteOrder.BIG_ENDIAN);
        out.putShort(offset + 8, (short)NO_INTERFACE, ByteOrder.BIG_ENDIAN);
        out.putShort(offset + 10, (short)(v4 ? AFI_IPV4 : AFI_IPV6), ByteOrder.BIG_ENDIAN);
        int p = offset + FIXED_LENGTH;
        p += putAddress(out, p, peer);
        if (local != null && local.isIpv4() == v4)
        {
            p += putAddress(out, p, local);
        }
        else
        {
            final int length = v4 ? 4 : 16;
            out.setMemory(p, length, (byte)0);
            p += length;
        }
        return p;
    }

    private static int putAddress(final MutableDirectBuffer out, final int offset, final IpAddress address)
    {
        if (address instanceof Ip4Address v4)
        {
            out.putInt(offset, v4.value(), ByteOrder.BIG_ENDIAN);
            return 4;
        }
        final Ip6Address v6 = (Ip6Address)address;
        out.putLong(offset, v6.high(), ByteOrder.BIG_ENDIAN);
        out.putLong(offset + 8, v6.low(), ByteOrder.BIG_ENDIAN);
        return 16;
    }

    private static void header(
        final MutableDirectBuffer out, final int offset, final long timestampSeconds, final int subtype, final int length)
    {
        out.putInt(offset, (int)timestampSeconds, ByteOrder.BIG_ENDIAN);
        out.putShort(offset + 4, (short)BGP4MP, ByteOrder.BIG_ENDIAN);
        out.putShort(offset + 6, (short)subtype, ByteOrder.BIG_ENDIAN);
        out.putInt(offset + 8, length, ByteOrder.BIG_ENDIAN);
    }
}
