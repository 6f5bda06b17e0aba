/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterfaceAddressTest
{
    @Test
    void shouldSplitAnIpv4InterfaceAddressIntoAddressAndNetwork()
    {
        final Ip4InterfaceAddress address =
            assertInstanceOf(Ip4InterfaceAddress.class, InterfaceAddress.parse("198.18.1.1/24"));
        assertEquals(Ip4.parse("198.18.1.1"), address.address());
        assertEquals(Prefix4.parse("198.18.1.0/24"), address.network());
        assertEquals(Prefix4.parse("198.18.1.1/32"), address.hostPrefix());
        assertEquals(new Ip4Address(Ip4.parse("198.18.1.1")), address.ipAddress());
        assertTrue(address.isIpv4());
        assertEquals("198.18.1.1/24", address.toString());
    }

    @Test
    void shouldSplitAnIpv6InterfaceAddressIntoAddressAndNetwork()
    {
        final Ip6InterfaceAddress address =
            assertInstanceOf(Ip6InterfaceAddress.class, InterfaceAddress.parse("2001:db8:1::1/64"));
        assertEquals(Ip6Address.parse("2001:db8:1::1"), address.address());
        assertEquals(Prefix6.parse("2001:db8:1::/64"), address.network());
        assertEquals(Prefix6.parse("2001:db8:1::1/128"), address.hostPrefix());
        assertEquals("2001:db8:1::1/64", address.toString());
    }

    @Test
    void shouldAcceptHostLengthsAndTheNetworkAddressItself()
    {
        assertEquals(Prefix4.parse("198.18.1.1/32"), InterfaceAddress.parse("198.18.1.1/32").network());
        assertEquals(Prefix4.parse("198.18.1.0/31"), InterfaceAddress.parse("198.18.1.0/31").network());
        assertEquals(Prefix6.parse("2001:db8::1/128"), InterfaceAddress.parse("2001:db8::1/128").network());
    }

    @ParameterizedTest
    @ValueSource(strings = {"198.18.1.1", "198.18.1.300/24", "198.18.1.1/33", "198.18.1.1/0", "2001:db8::1/0",
        "2001:db8::1", "2001:db8::1/129", "p0", ""})
    void shouldRejectMalformedInterfaceAddresses(final String text)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> InterfaceAddress.parse(text));
        assertTrue(ex.getMessage().startsWith("'" + text + "' is not an IPv"), ex.getMessage());
    }

    @Test
    void shouldRefuseAnAddressOutsideItsNetwork()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new Ip4InterfaceAddress(Ip4.parse("198.18.2.1"), Prefix4.parse("198.18.1.0/24")));
        assertThrows(IllegalArgumentException.class,
            () -> new Ip6InterfaceAddress(Ip6Address.parse("2001:db8:2::1"), Prefix6.parse("2001:db8:1::/64")));
    }

    @Test
    void shouldParseEitherFamilyOfGateway()
    {
        assertEquals(new Ip4Address(Ip4.parse("198.18.2.2")), IpAddress.parse("198.18.2.2"));
        assertEquals(Ip6Address.parse("2001:db8:2::2"), IpAddress.parse("2001:db8:2::2"));
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("198.18.2.2/32"));
    }
}
