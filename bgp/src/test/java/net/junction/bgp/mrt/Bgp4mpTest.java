/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.mrt;

import net.junction.routing.IpAddress;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Bgp4mpTest
{
    private static final long T = 1_700_000_000L; // 0x6553F100
    /** An IPv4 End-of-RIB (RFC 4724 §2): an UPDATE of 23 octets, nothing withdrawn, no attributes. */
    private static final String END_OF_RIB = "ffffffffffffffffffffffffffffffff" + "0017" + "02" + "0000" + "0000";

    @Test
    void shouldWriteGoldenBytesOfAMessageAs4Record()
    {
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(256);
        final UnsafeBuffer message = new UnsafeBuffer(HexFormat.of().parseHex(END_OF_RIB));
        final IpAddress peer = IpAddress.parse("198.18.1.1");
        final int n = Bgp4mp.writeMessage(out, 3, T, 65001, 65000, peer, IpAddress.parse("198.18.1.2"), message, 0, 23);
        assertEquals(Bgp4mp.messageRecordLength(peer, 23), n);
        assertEquals(
            // header: time, BGP4MP (16), BGP4MP_MESSAGE_AS4 (4), 43 octets
            "6553f100" + "0010" + "0004" + "0000002b" +
            // peer AS 65001, local AS 65000, interface 0, AFI 1, peer 198.18.1.1, local 198.18.1.2
            "0000fde9" + "0000fde8" + "0000" + "0001" + "c6120101" + "c6120102" +
            END_OF_RIB,
            HexFormat.of().formatHex(out.byteArray(), 3, 3 + n));
    }

    @Test
    void shouldMarkAMessageWithPathIdentifiersAsRfc8050Says()
    {
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(256);
        final UnsafeBuffer message = new UnsafeBuffer(HexFormat.of().parseHex(END_OF_RIB));
        final IpAddress peer = IpAddress.parse("198.18.1.1");
        final int n = Bgp4mp.writeMessage(out, 0, T, 65001, 65000, peer, IpAddress.parse("198.18.1.2"), message, 0, 23,
            true);
        assertEquals(Bgp4mp.messageRecordLength(peer, 23), n);
        // header: time, BGP4MP (16), BGP4MP_MESSAGE_AS4_ADDPATH (9), 43 octets; the rest as BGP4MP_MESSAGE_AS4's.
        assertEquals("6553f100" + "0010" + "0009" + "0000002b", HexFormat.of().formatHex(out.byteArray(), 0, 12));
    }

    @Test
    void shouldWriteGoldenBytesOfAStateChangeAs4RecordWithoutALocalAddress()
    {
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(256);
        final IpAddress peer = IpAddress.parse("2001:db8::2");
        final int n = Bgp4mp.writeStateChange(out, 0, T, 65001, (int)4200000000L, peer, null, 5, 6);
        assertEquals(Bgp4mp.stateChangeRecordLength(peer), n);
        assertEquals(
            // header: time, BGP4MP, BGP4MP_STATE_CHANGE_AS4 (5), 48 octets
            "6553f100" + "0010" + "0005" + "00000030" +
            // peer AS 65001, local AS 4200000000, interface 0, AFI 2, peer 2001:db8::2, local :: (not known)
            "0000fde9" + "fa56ea00" + "0000" + "0002" + "20010db8000000000000000000000002" +
            "00000000000000000000000000000000" +
            // OpenConfirm (5) -> Established (6)
            "0005" + "0006",
            HexFormat.of().formatHex(out.byteArray(), 0, n));
    }
}
