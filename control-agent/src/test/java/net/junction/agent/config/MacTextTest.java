/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MacTextTest
{
    @Test
    void shouldParseTheFirstOctetAsMostSignificant()
    {
        assertEquals(0x0200_0000_0001L, MacText.parse("02:00:00:00:00:01"));
        assertEquals(0xAABB_CCDD_EEFFL, MacText.parse("aa:bb:cc:dd:ee:ff"));
        assertEquals(0xAABB_CCDD_EEFFL, MacText.parse("AA:BB:cc:DD:ee:FF"));
    }

    @Test
    void shouldFormatLowerCaseWithColonsAndRoundTrip()
    {
        assertEquals("aa:bb:cc:dd:ee:ff", MacText.format(0xAABB_CCDD_EEFFL));
        for (final String text : new String[] {"00:00:00:00:00:00", "12:34:56:78:9a:bc", "fe:ff:ff:ff:ff:ff"})
        {
            assertEquals(text, MacText.format(MacText.parse(text)));
        }
    }

    @Test
    void shouldRefuseMalformedText()
    {
        for (final String text : new String[] {"", "02:00:00:00:00", "02:00:00:00:00:01:02", "02-00-00-00-00-01",
            "0200.0000.0001", "02:00:00:00:00:0g", "2:00:00:00:00:001", "02:00:00:00:00:\uFF11\uFF11",
            " 02:00:00:00:00:1"})
        {
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> MacText.parse(text), text);
            assertTrue(ex.getMessage().contains("xx:xx:xx:xx:xx:xx"), ex.getMessage());
        }
    }

    @Test
    void shouldRefuseToFormatMoreThan48Bits()
    {
        assertThrows(IllegalArgumentException.class, () -> MacText.format(1L << 48));
        assertThrows(IllegalArgumentException.class, () -> MacText.format(-1L));
    }

    @Test
    void shouldTellStationAddressesFromGroupAddresses()
    {
        assertNull(MacText.whyNotUnicast(MacText.parse("02:00:00:00:00:01")));
        assertNull(MacText.whyNotUnicast(MacText.parse("fe:ff:ff:ff:ff:ff")));
        assertTrue(MacText.isMulticast(MacText.parse("01:00:5e:00:00:01")));
        assertTrue(MacText.isMulticast(MacText.parse("33:33:00:00:00:01")));
        assertTrue(MacText.isMulticast(MacText.BROADCAST));
        assertFalse(MacText.isMulticast(0L));
        assertTrue(MacText.whyNotUnicast(MacText.BROADCAST).contains("broadcast"));
        assertTrue(MacText.whyNotUnicast(MacText.parse("01:00:5e:00:00:01")).contains("multicast"));
        assertTrue(MacText.whyNotUnicast(0L).contains("not a usable station address"));
    }
}
