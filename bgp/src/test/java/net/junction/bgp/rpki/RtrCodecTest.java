/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rpki;

import net.junction.routing.IpPrefix;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtrCodecTest
{
    private static byte[] hex(final String text)
    {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    private static RtrCodec.Decoded decode(final byte[] bytes)
    {
        return RtrCodec.decode(ByteBuffer.wrap(bytes));
    }

    @Test
    void shouldRoundTripEveryPduItSends()
    {
        final List<RtrPdu> pdus = List.of(
            new RtrPdu.SerialNotify(1, 7, 42),
            new RtrPdu.SerialQuery(1, 7, 42),
            new RtrPdu.ResetQuery(0),
            new RtrPdu.CacheResponse(1, 0xFFFF),
            new RtrPdu.Prefix(1, true, new Vrp(IpPrefix.parse("198.18.0.0/16"), 24, 65001)),
            new RtrPdu.Prefix(0, false, new Vrp(IpPrefix.parse("2001:db8::/32"), 48, (int)4200000001L)),
            new RtrPdu.EndOfData(1, 7, 43, 3600, 600, 7200),
            new RtrPdu.EndOfData(0, 7, 43, -1, -1, -1),
            new RtrPdu.CacheReset(1));
        for (final RtrPdu pdu : pdus)
        {
            final RtrCodec.Decoded d = decode(RtrCodec.encode(pdu));
            assertEquals(pdu, d.pdu(), pdu.toString());
        }
        final RtrPdu.ErrorReport report = new RtrPdu.ErrorReport(1, RtrCodec.ERROR_CORRUPT_DATA, hex("0102000000000008"), "bad");
        final RtrPdu.ErrorReport back = (RtrPdu.ErrorReport)decode(RtrCodec.encode(report)).pdu();
        assertEquals("bad", back.text());
        assertArrayEquals(report.erroneousPdu(), back.erroneousPdu());
    }

    @Test
    void shouldMatchTheRfcLayoutOfAnIpv4PrefixPdu()
    {
        // RFC 8210 §5.6: version 1, type 4, zero, length 20, flags 1 (announce), 16, 24, zero, 198.18.0.0, AS 65001.
        final byte[] golden = hex("01 04 0000 00000014 01 10 18 00 c6120000 0000fde9");
        assertArrayEquals(golden, RtrCodec.encode(new RtrPdu.Prefix(1, true, new Vrp(IpPrefix.parse("198.18.0.0/16"), 24, 65001))));
        assertEquals("01020000 00000008".replace(" ", ""), HexFormat.of().formatHex(RtrCodec.encode(new RtrPdu.ResetQuery(1))));
    }

    @Test
    void shouldConsumeNothingOfAPartialPdu()
    {
        final byte[] whole = RtrCodec.encode(new RtrPdu.EndOfData(1, 7, 43, 3600, 600, 7200));
        for (int n = 0; n < whole.length; n++)
        {
            final ByteBuffer partial = ByteBuffer.wrap(whole, 0, n);
            assertNull(RtrCodec.decode(partial));
            assertEquals(0, partial.position());
        }
        final ByteBuffer two = ByteBuffer.allocate(whole.length * 2).put(whole).put(whole).flip();
        RtrCodec.decode(two);
        assertEquals(whole.length, two.position());
    }

    @Test
    void shouldReportMalformedPdusWithTheirErrorCode()
    {
        record Case(String hex, int code, String why)
        {
        }
        final List<Case> cases = List.of(
            new Case("01 02 0000 00000004", RtrCodec.ERROR_CORRUPT_DATA, "length below the header"),
            new Case("01 02 0000 7fffffff", RtrCodec.ERROR_CORRUPT_DATA, "length over the limit"),
            new Case("01 02 0000 0000000c 00000000", RtrCodec.ERROR_CORRUPT_DATA, "Reset Query of 12 bytes"),
            new Case("03 02 0000 00000008", RtrCodec.ERROR_UNSUPPORTED_PROTOCOL_VERSION, "version 3"),
            new Case("01 05 0000 00000008", RtrCodec.ERROR_UNSUPPORTED_PDU_TYPE, "type 5"),
            new Case("01 0b 0000 00000008", RtrCodec.ERROR_UNSUPPORTED_PDU_TYPE, "ASPA (version 2)"),
            new Case("00 09 0000 00000024" + "00".repeat(28), RtrCodec.ERROR_UNSUPPORTED_PDU_TYPE, "Router Key in version 0"),
            new Case("01 04 0000 00000014 01 21 21 00 c6120000 0000fde9", RtrCodec.ERROR_CORRUPT_DATA, "IPv4 /33"),
            new Case("01 04 0000 00000014 01 18 10 00 c6120000 0000fde9", RtrCodec.ERROR_CORRUPT_DATA, "max length below length"),
            new Case("01 04 0000 00000014 01 10 18 00 c6120100 0000fde9", RtrCodec.ERROR_CORRUPT_DATA, "host bits"),
            new Case("01 04 0000 00000010 01 10 18 00 c6120000", RtrCodec.ERROR_CORRUPT_DATA, "short IPv4 prefix"),
            new Case("01 07 0007 0000000c 0000002b", RtrCodec.ERROR_CORRUPT_DATA, "End of Data v1 of v0 length"),
            new Case("01 07 0007 00000018 0000002b 00000000 00000258 00001c20", RtrCodec.ERROR_CORRUPT_DATA, "refresh 0"),
            new Case("01 0a 0000 00000010 000000ff 00000000", RtrCodec.ERROR_CORRUPT_DATA, "Error Report PDU overrun"),
            new Case("01 0a 0000 00000012 00000000 00000001 ff ff", RtrCodec.ERROR_CORRUPT_DATA, "Error Report text short"),
            new Case("01 0a 0000 00000011 00000000 00000001 ff", RtrCodec.ERROR_CORRUPT_DATA, "Error Report text not UTF-8"));
        for (final Case c : cases)
        {
            final RtrCodec.Decoded d = decode(hex(c.hex()));
            assertNull(d.pdu(), c.why());
            assertEquals(c.code(), d.malformed().errorCode(), c.why() + ": " + d.malformed().text());
            assertTrue(d.malformed().erroneousPdu().length >= RtrCodec.HEADER_LENGTH, c.why());
        }
    }

    @Test
    void shouldNeverThrowOnRandomBytes()
    {
        final java.util.Random random = new java.util.Random(8210);
        for (int i = 0; i < 100_000; i++)
        {
            final byte[] bytes = new byte[8 + random.nextInt(40)];
            random.nextBytes(bytes);
            bytes[0] = (byte)random.nextInt(3);
            bytes[1] = (byte)random.nextInt(12);
            bytes[4] = 0;
            bytes[5] = 0;
            bytes[6] = 0;
            bytes[7] = (byte)(8 + random.nextInt(bytes.length - 7));
            final ByteBuffer in = ByteBuffer.wrap(bytes);
            final RtrCodec.Decoded d = RtrCodec.decode(in);
            assertTrue(d == null || (d.pdu() == null) != (d.malformed() == null));
        }
    }
}
