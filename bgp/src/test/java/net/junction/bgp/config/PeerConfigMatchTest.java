/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import net.junction.routing.IpAddress;
import org.junit.jupiter.api.Test;

class PeerConfigMatchTest
{
    private static PeerConfig peer(final String name, final String address)
    {
        return PeerConfig.of(name, IpAddress.parse(address), 65001);
    }

    @Test
    void shouldMatchByNameThenByAddressThenListRemovedThenAdded()
    {
        final PeerConfig kept = peer("kept", "198.18.0.1");
        final PeerConfig renamedBefore = peer("old-name", "198.18.0.2");
        final PeerConfig gone = peer("gone", "198.18.0.3");
        final PeerConfig renamedAfter = peer("new-name", "198.18.0.2");
        final PeerConfig fresh = peer("fresh", "198.18.0.4");
        final PeerConfig keptMoved = peer("kept", "198.18.0.9"); // same name, new address: still the same neighbor

        assertEquals(List.of(
            new PeerConfig.Match(kept, keptMoved),
            new PeerConfig.Match(renamedBefore, renamedAfter),
            new PeerConfig.Match(gone, null),
            new PeerConfig.Match(null, fresh)),
            PeerConfig.match(List.of(kept, renamedBefore, gone), List.of(fresh, renamedAfter, keptMoved)));
    }

    @Test
    void shouldMatchAnAddressOnlyOnce()
    {
        final PeerConfig before = peer("a", "198.18.0.1");
        final PeerConfig first = peer("b", "198.18.0.1");
        final PeerConfig second = peer("c", "198.18.0.1");

        assertEquals(List.of(new PeerConfig.Match(before, first), new PeerConfig.Match(null, second)),
            PeerConfig.match(List.of(before), List.of(first, second)));
    }
}
