/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.BgpMessage;
import net.junction.bgp.wire.CodecOptions;
import net.junction.bgp.wire.MessageEncoder;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.UpdatePacker;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static net.junction.bgp.rib.Routes.attrs;
import static net.junction.bgp.rib.Routes.config;
import static net.junction.bgp.rib.Routes.ibgp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** UPDATE packing per outgoing path, and export paced by the session's congestion. */
class PackingAndFlowControlTest
{
    static List<Prefix4> prefixes(final int from, final int count)
    {
        final List<Prefix4> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            out.add(new Prefix4(0xC6120000 + ((from + i) << 8), 24));
        }
        return out;
    }

    static Harness pair()
    {
        final Harness h = new Harness(config(1, List.of(net.junction.bgp.rib.Routes.withFlags(ibgp("src", "198.18.0.1"), false, true), ibgp("dst", "198.18.0.2"),
            net.junction.bgp.rib.Routes.withFlags(ibgp("client", "198.18.0.3"), false, true)), Map.of(), List.of()));
        h.up("src", 1);
        return h;
    }

    @Test
    void shouldSendPrefixesWithEqualAttributesInOneUpdate()
    {
        final Harness h = pair();
        final FakeSession dst = h.up("dst", 2);
        final PathAttributes a1 = attrs(65001).put(new PathAttribute.NextHop(Ip4.parse("198.18.10.1"))).build();
        final PathAttributes a2 = attrs(65002).put(new PathAttribute.NextHop(Ip4.parse("198.18.10.1"))).build();
        dst.sent.clear();
        dst.updates = 0;
        // Through a route reflector client so the routes are exported to dst in one burst.
        final FakeSession client = h.up("client", 3);
        final List<Prefix4> first = prefixes(0, 100);
        final List<Prefix4> second = prefixes(100, 50);
        final List<Prefix4> mixed = new ArrayList<>();
        for (int i = 0; i < 50; i++)
        {
            mixed.add(first.get(i));
            mixed.add(second.get(i));
        }
        // One UPDATE carrying 150 prefixes of two attribute sets can't exist; emulate a burst by
        // going down and up: the initial table export groups per outgoing attributes.
        h.rib.update(client, UpdateMessage.announce(a1, first));
        h.rib.update(client, UpdateMessage.announce(a2, second));
        h.down("dst", false);
        final FakeSession again = h.up("dst", 2);
        assertEquals(2, again.updates, "150 prefixes, two attribute sets: two UPDATEs");
        assertEquals(150, again.view.size());
    }

    @Test
    void shouldSplitLikeUpdatePackerAtTheMessageLimit()
    {
        final Harness h = pair();
        final PathAttributes a1 = attrs(65001).put(new PathAttribute.NextHop(Ip4.parse("198.18.10.1"))).build();
        final List<Prefix4> many = prefixes(0, 2000);
        for (int i = 0; i < many.size(); i += 500)
        {
            h.send("src", UpdateMessage.announce(a1, many.subList(i, i + 500)));
        }
        final FakeSession dst = h.up("dst", 2);
        final CodecOptions codec = dst.negotiated().codec();
        int largest = 0;
        for (final BgpMessage m : dst.sent)
        {
            largest = Math.max(largest, MessageEncoder.encode(m, codec).length);
        }
        assertTrue(largest <= 4096);
        final UpdateMessage firstSent = (UpdateMessage)dst.sent.getFirst();
        final int packerMessages = new UpdatePacker(codec).announce(firstSent.attributes(), many).size();
        assertEquals(packerMessages, dst.updates, "as few UPDATEs as UpdatePacker makes");
        assertEquals(2000, dst.view.size());
    }

    @Test
    void shouldPauseWhenCongestedAndResumeWhereItStopped()
    {
        final Harness h = pair();
        final List<Prefix4> all = prefixes(0, 10_000);
        for (int i = 0; i < all.size(); i++)
        {
            // A distinct AS path every 10 prefixes: 1000 attribute sets.
            final PathAttributes a = attrs(65001, 1 + i / 10).put(new PathAttribute.NextHop(Ip4.parse("198.18.10.1")))
                .build();
            if (i % 10 == 0)
            {
                h.send("src", UpdateMessage.announce(a, all.subList(i, i + 10)));
            }
        }
        final FakeSession dst = h.sessions.get("dst");
        dst.budget = 50;
        dst.establish(Routes.LOCAL_AS, 2, Routes.LOCAL_ADDRESS, false, Routes.BOTH);
        h.rib.established(dst, dst.negotiated());
        assertTrue(dst.congested());
        assertTrue(dst.hasWritableTask(), "waits for the socket");
        final int firstBurst = dst.sent.size();
        assertTrue(firstBurst <= 50 + dst.overshoot);
        assertTrue(dst.overshoot <= 4, "stops within one outgoing path's messages: " + dst.overshoot);
        assertTrue(dst.endOfRibs.isEmpty());

        // Changes while paused only mark prefixes dirty; nothing is queued.
        h.send("src", Routes.withdraw("198.18.0.0/24"));
        assertEquals(firstBurst, dst.sent.size());

        int rounds = 0;
        while (dst.hasWritableTask())
        {
            dst.drain(200);
            assertTrue(dst.overshoot <= 4 * rounds + 4);
            rounds++;
            assertTrue(rounds < 1000);
        }
        assertTrue(rounds > 1);
        assertEquals(9_999, dst.view.size());
        assertFalse(dst.view.containsKey(Prefix4.parse("198.18.0.0/24")));
        assertEquals(List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST), dst.endOfRibs, "End-of-RIB after the table");
        final UpdateMessage lastV4 = (UpdateMessage)dst.sent.get(dst.sent.size() - 2);
        assertEquals(AfiSafi.IPV4_UNICAST, lastV4.endOfRibFamily());
        // Each prefix was announced once: no duplicates from the pause.
        final Set<IpPrefix> seen = new HashSet<>();
        int announced = 0;
        for (final BgpMessage m : dst.sent)
        {
            for (final IpPrefix p : ((UpdateMessage)m).announcedPrefixes())
            {
                seen.add(p);
                announced++;
            }
        }
        assertEquals(seen.size(), announced);
    }
}
