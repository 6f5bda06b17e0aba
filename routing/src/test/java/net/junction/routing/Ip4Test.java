/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ip4Test
{
    @Test
    void shouldParseDottedDecimalInNetworkOrder()
    {
        assertEquals(0xC6120101, Ip4.parse("198.18.1.1"));
        assertEquals(0, Ip4.parse("0.0.0.0"));
        assertEquals(-1, Ip4.parse("255.255.255.255"));
        assertEquals(0xC61200FF, Ip4.parse("198.18.0.255"));
    }

    @Test
    void shouldFormatUnsignedOctets()
    {
        assertEquals("198.18.1.1", Ip4.format(0xC6120101));
        assertEquals("255.255.255.255", Ip4.format(-1));
        assertEquals("0.0.0.0", Ip4.format(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "1.2.3", "1.2.3.4.5", "1.2.3.256", "01.2.3.4", "1.2.3.04", "1..3.4", ".1.2.3", "1.2.3.", "1.2.3.4 ",
        " 1.2.3.4", "1.2.3.-4", "1.2.3.+4", "a.b.c.d", "1.2.3.1000", "0x1.2.3.4", "localhost", "1.2.3.4/24",
        "\u0661.2.3.4"
    })
    void shouldRejectMalformedAddresses(final String text)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Ip4.parse(text));
        assertTrue(ex.getMessage().startsWith("'" + text + "' is not an IPv4 address: "), ex.getMessage());
    }

    @Test
    void shouldNameTheProblem()
    {
        assertMessage("'198.18.1.300' is not an IPv4 address: octet 300 is greater than 255", "198.18.1.300");
        assertMessage("'10.1' is not an IPv4 address: expected 4 dotted decimal octets, found 2", "10.1");
        assertMessage("'010.0.0.1' is not an IPv4 address: octet '010' has a leading zero", "010.0.0.1");
        assertMessage("null is not an IPv4 address", null);
    }

    @Property(tries = 2000)
    void shouldRoundTripEveryAddress(@ForAll final int address)
    {
        assertEquals(address, Ip4.parse(Ip4.format(address)));
    }

    private static void assertMessage(final String expected, final String text)
    {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> Ip4.parse(text)).getMessage());
    }
}
