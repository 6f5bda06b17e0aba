/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpPrefixTest
{
    @Test
    void shouldParseEitherFamily()
    {
        final IpPrefix v4 = IpPrefix.parse("198.18.1.0/24");
        assertEquals(new Prefix4(0xC6120100, 24), v4);
        assertTrue(v4.isIpv4());
        assertEquals(24, v4.length());

        final IpPrefix v6 = IpPrefix.parse("2001:db8::/32");
        assertEquals(new Prefix6(0x20010DB800000000L, 0, 32), v6);
        assertFalse(v6.isIpv4());
        assertEquals(32, v6.length());
    }

    @Test
    void shouldParseTheExtremeLengths()
    {
        assertEquals(Prefix4.DEFAULT_ROUTE, Prefix4.parse("0.0.0.0/0"));
        assertEquals(new Prefix4(-1, 32), Prefix4.parse("255.255.255.255/32"));
        assertEquals(Prefix6.DEFAULT_ROUTE, Prefix6.parse("::/0"));
        assertEquals(new Prefix6(-1L, -1L, 128), Prefix6.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"));
        assertEquals(new Prefix6(0x20010DB800000000L, 0x8000000000000000L, 65), Prefix6.parse("2001:db8::8000:0:0:0/65"));
    }

    @Test
    void shouldRejectHostBitsAndSayWhatTheNetworkIs()
    {
        assertEquals("'198.18.1.1/24' is not an IPv4 prefix: host bits are set past /24 (the network is 198.18.1.0/24)",
            assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("198.18.1.1/24")).getMessage());
        assertEquals("'2001:db8::1/64' is not an IPv6 prefix: host bits are set past /64 (the network is 2001:db8::/64)",
            assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("2001:db8::1/64")).getMessage());
        assertEquals("198.18.1.1/24 has host bits set past /24 (the network is 198.18.1.0/24)",
            assertThrows(IllegalArgumentException.class, () -> new Prefix4(0xC6120101, 24)).getMessage());
        assertEquals("::1/127 has host bits set past /127 (the network is ::/127)",
            assertThrows(IllegalArgumentException.class, () -> new Prefix6(0, 1, 127)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Prefix6(1, 0, 63));
    }

    @Test
    void shouldRejectLengthsOutOfRange()
    {
        assertEquals("prefix length 33 is outside 0..32",
            assertThrows(IllegalArgumentException.class, () -> new Prefix4(0, 33)).getMessage());
        assertEquals("prefix length -1 is outside 0..128",
            assertThrows(IllegalArgumentException.class, () -> new Prefix6(0, 0, -1)).getMessage());
        assertEquals("'198.18.0.0/33' is not an IPv4 prefix: prefix length 33 is outside 0..32",
            assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("198.18.0.0/33")).getMessage());
        assertEquals("'::/129' is not an IPv6 prefix: prefix length 129 is outside 0..128",
            assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("::/129")).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "198.18.1.0", "198.18.1.0/", "198.18.1.0/024", "198.18.1.0/+24", "198.18.1.0/24/", "198.18.1.0/ 24",
        "198.18.1.300/24", "2001:db8::", "2001:db8::/", "2001:db8::/0x20", "2001:db8:::/32", "hello/24", "/24",
        "198.18.1/24", "198.18.0.0/1000"
    })
    void shouldRejectMalformedPrefixes(final String text)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse(text));
        assertTrue(ex.getMessage().startsWith("'" + text + "' is not an IPv"), ex.getMessage());
    }

    @Test
    void shouldSayWhichPartOfAnIpv4PrefixIsWrong()
    {
        assertEquals("'198.18.1.300/24' is not an IPv4 prefix: octet 300 is greater than 255",
            assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("198.18.1.300/24")).getMessage());
        assertEquals("'198.18.1.0' is not an IPv4 prefix: missing '/length'",
            assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("198.18.1.0")).getMessage());
        assertEquals("'hello' is not an IPv4 or IPv6 prefix: expected a.b.c.d/n or x:x::x/n",
            assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("hello")).getMessage());
        assertEquals("null is not an IPv4 or IPv6 prefix",
            assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse(null)).getMessage());
    }

    @Test
    void shouldFormatCanonically()
    {
        assertEquals("198.18.1.0/24", Prefix4.parse("198.18.1.0/24").toString());
        assertEquals("2001:db8::/32", Prefix6.parse("2001:0DB8:0:0::/32").toString());
        assertEquals("::/0", Prefix6.DEFAULT_ROUTE.toString());
        assertEquals("0.0.0.0/0", Prefix4.DEFAULT_ROUTE.toString());
    }

    @Test
    void shouldContainAddressesInsideOnly()
    {
        final Prefix4 p4 = Prefix4.parse("198.18.0.0/15");
        assertTrue(p4.contains(Ip4.parse("198.18.0.0")));
        assertTrue(p4.contains(Ip4.parse("198.19.255.255")));
        assertFalse(p4.contains(Ip4.parse("198.20.0.0")));
        assertFalse(p4.contains(Ip4.parse("198.17.255.255")));
        assertTrue(Prefix4.DEFAULT_ROUTE.contains(-1));
        assertTrue(p4.contains(IpAddress.parse("198.18.7.7")));
        assertFalse(p4.contains(IpAddress.parse("::ffff:198.18.7.7")));

        final Prefix6 p6 = Prefix6.parse("2001:db8:8000::/33");
        assertTrue(p6.contains(0x20010DB880000000L, 0));
        assertTrue(p6.contains(0x20010DB8FFFFFFFFL, -1L));
        assertFalse(p6.contains(0x20010DB87FFFFFFFL, -1L));
        assertTrue(Prefix6.DEFAULT_ROUTE.contains(-1L, -1L));
        final Prefix6 host = Prefix6.parse("2001:db8::1/128");
        assertTrue(host.contains(0x20010DB800000000L, 1));
        assertFalse(host.contains(0x20010DB800000000L, 3));
        assertTrue(Prefix6.parse("::/64").contains(0, -1L));
        assertFalse(Prefix6.parse("::/65").contains(0, -1L));
    }

    @Test
    void shouldContainMoreSpecificPrefixesOfTheSameFamily()
    {
        final IpPrefix p = IpPrefix.parse("198.18.0.0/15");
        assertTrue(p.contains(IpPrefix.parse("198.18.1.0/24")));
        assertTrue(p.contains(p));
        assertFalse(p.contains(IpPrefix.parse("198.16.0.0/12")));
        assertFalse(p.contains(IpPrefix.parse("::/0")));
        assertTrue(IpPrefix.parse("2001:db8::/32").contains(IpPrefix.parse("2001:db8:1::/48")));
    }

    @Property(tries = 1000)
    void shouldMaskToTheCoveringNetwork(@ForAll final int address, @ForAll @IntRange(max = 32) final int length)
    {
        final Prefix4 network = Prefix4.network(address, length);
        assertTrue(network.contains(address));
        assertEquals(network, Prefix4.parse(network.toString()));
        assertEquals(Integer.bitCount(Prefix4.mask(length)), length);
    }

    @Property(tries = 1000)
    void shouldMaskIpv6ToTheCoveringNetwork(
        @ForAll final long high, @ForAll final long low, @ForAll @IntRange(max = 128) final int length)
    {
        final Prefix6 network = Prefix6.network(high, low, length);
        assertTrue(network.contains(high, low));
        assertEquals(network, Prefix6.parse(network.toString()));
        assertEquals(length, Long.bitCount(Prefix6.maskHigh(length)) + Long.bitCount(Prefix6.maskLow(length)));
    }
}
