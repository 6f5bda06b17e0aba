package net.junction.bindings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MacAddressTest
{
    @Test
    void shouldParseFormatAndKeepWireOrder()
    {
        final MacAddress mac = MacAddress.parse("02:00:5E:10:00:01");
        assertEquals(0x0200_5E10_0001L, mac.value());
        assertEquals("02:00:5e:10:00:01", mac.toString());
        assertArrayEquals(new byte[] {0x02, 0x00, 0x5E, 0x10, 0x00, 0x01}, mac.bytes());
        assertEquals(mac, MacAddress.ofBytes(mac.bytes()));
    }

    @Test
    void shouldTellGroupAddresses()
    {
        assertTrue(MacAddress.parse("ff:ff:ff:ff:ff:ff").isMulticast());
        assertTrue(MacAddress.parse("01:00:5e:00:00:01").isMulticast());
        assertFalse(MacAddress.parse("02:00:5e:10:00:01").isMulticast());
    }

    @Test
    void shouldRejectMalformedAddresses()
    {
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("02:00:5e:10:00"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("02-00-5e-10-00-01"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("0g:00:5e:10:00:01"));
        assertThrows(IllegalArgumentException.class, () -> new MacAddress(1L << 48));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.ofBytes(new byte[5]));
    }
}
