/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.speaker;

import net.junction.routing.InterfaceAddress;
import net.junction.routing.IpAddress;
import net.junction.routing.fib.ReferenceFib;
import net.junction.routing.rib.Rib;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RibNextHopResolverTest
{
    @Test
    void shouldAnswerFromTheRibAndAgainOnceItsNonBgpRoutesChange()
    {
        final Rib rib = new Rib(new ReferenceFib(1024));
        final RibNextHopResolver resolver = new RibNextHopResolver(rib);
        rib.addInterfaceAddress(1, InterfaceAddress.parse("198.18.1.1/24"));

        assertTrue(resolver.reachable(IpAddress.parse("198.18.1.2")), "on a connected network");
        assertTrue(resolver.reachable(IpAddress.parse("198.18.1.2")), "the same address again, another instance");
        assertFalse(resolver.reachable(IpAddress.parse("198.18.9.9")), "covered by no route");
        assertFalse(resolver.reachable(IpAddress.parse("198.18.9.9")), "asked last: answered alike");

        rib.addInterfaceAddress(2, InterfaceAddress.parse("198.18.9.1/24"));
        assertTrue(resolver.stale());
        assertTrue(resolver.reachable(IpAddress.parse("198.18.9.9")), "the address asked last, its network connected since");
        assertTrue(resolver.reachable(IpAddress.parse("198.18.1.2")));
        assertFalse(resolver.stale());
    }
}
