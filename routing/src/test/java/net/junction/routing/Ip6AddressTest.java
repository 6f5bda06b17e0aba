/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ip6AddressTest
{
    @Test
    void shouldParseIntoNetworkOrderHalves()
    {
        assertEquals(new Ip6Address(0x20010DB800000000L, 1L), Ip6Address.parse("2001:db8::1"));
        assertEquals(Ip6Address.UNSPECIFIED, Ip6Address.parse("::"));
        assertEquals(new Ip6Address(0, 1), Ip6Address.parse("::1"));
        assertEquals(new Ip6Address(0x20010DB800000000L, 0), Ip6Address.parse("2001:DB8::"));
        assertEquals(new Ip6Address(-1L, -1L), Ip6Address.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertEquals(
            new Ip6Address(0x0001000200030004L, 0x0005000600070008L), Ip6Address.parse("1:2:3:4:5:6:7:8"));
        assertEquals(
            new Ip6Address(0x0001000200030004L, 0x00050006C6120101L), Ip6Address.parse("1:2:3:4:5:6:198.18.1.1"));
        assertEquals(new Ip6Address(0, 0x0000FFFFC6120101L), Ip6Address.parse("::ffff:198.18.1.1"));
        assertEquals(new Ip6Address(0x0001000000000000L, 0x0000000000000002L), Ip6Address.parse("1::2"));
        assertEquals(new Ip6Address(0x0001000200030004L, 0x0005000600070000L), Ip6Address.parse("1:2:3:4:5:6:7::"));
        assertEquals(new Ip6Address(0x0000000200030004L, 0x0005000600070008L), Ip6Address.parse("::2:3:4:5:6:7:8"));
    }

    @ParameterizedTest
    @CsvSource({
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:0:0:1:0:0, 2001:db8::1:0:0",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:DB8::AAAA, 2001:db8::aaaa",
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "1:0:0:0:0:0:0:0, 1::",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3",
        "0:0:1:0:0:0:0:0, 0:0:1::",
        "0:0:0:0:0:ffff:c612:101, ::ffff:198.18.1.1",
        "::c612:101, ::c612:101",
        "2001:db8:0:0:1:0:0:0, 2001:db8:0:0:1::"
    })
    void shouldFormatCanonicallyPerRfc5952(final String input, final String canonical)
    {
        // RFC 5952 §4: compress the longest zero run (leftmost on ties), never a single group, lower case.
        assertEquals(canonical, Ip6Address.parse(input).toString());
    }

    @Test
    void shouldNotCompressSingleZeroGroup()
    {
        assertEquals("2001:db8:0:1:1:1:1:1", new Ip6Address(0x20010DB800000001L, 0x0001000100010001L).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", ":", ":::", "1:::2", "1::2::3", ":1::2", "1::2:", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "12345::", "g::", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4:5",
        "::256.1.1.1", "::1.2.3", "fe80::1%eth0", " ::1", "::1 ", "1.2.3.4", "2001:db8::/32", "::ffff:01.2.3.4",
        "1:2:3:4:5:6:7:8:1.2.3.4"
    })
    void shouldRejectMalformedAddresses(final String text)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> Ip6Address.parse(text));
        assertTrue(ex.getMessage().startsWith("'" + text + "' is not an IPv6 address: "), ex.getMessage());
    }

    @Test
    void shouldNameTheProblem()
    {
        assertEquals("'1::2::3' is not an IPv6 address: more than one '::'",
            assertThrows(IllegalArgumentException.class, () -> Ip6Address.parse("1::2::3")).getMessage());
        assertEquals("'fe80::1%eth0' is not an IPv6 address: zone identifiers ('%') are not accepted",
            assertThrows(IllegalArgumentException.class, () -> Ip6Address.parse("fe80::1%eth0")).getMessage());
        assertEquals("'12345::' is not an IPv6 address: group '12345' has more than 4 hex digits",
            assertThrows(IllegalArgumentException.class, () -> Ip6Address.parse("12345::")).getMessage());
    }

    @Property(tries = 2000)
    void shouldRoundTripThroughCanonicalText(@ForAll("addresses") final Ip6Address address)
    {
        final String text = address.toString();
        assertEquals(address, Ip6Address.parse(text));
        assertEquals(text, Ip6Address.parse(text.toUpperCase()).toString());
    }

    @Provide
    Arbitrary<Ip6Address> addresses()
    {
        // Mostly sparse groups so zero runs of every length and position occur.
        final Arbitrary<Long> half = Arbitraries.longs().flatMap(bits ->
            Arbitraries.integers().between(0, 15).map(zeroMask ->
            {
                long value = bits;
                for (int group = 0; group < 4; group++)
                {
                    if ((zeroMask & (1 << group)) != 0)
                    {
                        value &= ~(0xFFFFL << (16 * group));
                    }
                }
                return value;
            }));
        return half.flatMap(high -> half.map(low -> new Ip6Address(high, low)));
    }
}
