/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.speaker;

import net.junction.routing.IpPrefix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The order of a neighbor table's pages: IPv4 before IPv6, then by address (unsigned), then by length. */
class TablePageTest
{
    @Test
    void shouldOrderByFamilyThenUnsignedAddressThenLength()
    {
        final List<String> expected = List.of("0.0.0.0/0", "11.0.0.0/8", "11.0.0.0/24", "198.18.0.0/15",
            "198.18.0.0/24", "240.0.0.0/4", "::/0", "2001:db8::/32", "2001:db8::/48", "2001:db8:1::/48", "fe80::/10");
        final List<IpPrefix> shuffled = new ArrayList<>(expected.stream().map(IpPrefix::parse).toList());
        Collections.shuffle(shuffled, new java.util.Random(7));
        shuffled.sort(TablePage.ORDER);
        assertEquals(expected, shuffled.stream().map(IpPrefix::toString).toList());
    }
}
