/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.bgp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import net.junction.bgp.wire.MessageDecoder;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4;
import net.junction.routing.IpAddress;

class InjectedTableTest
{
    private static final int INJECTOR_AS = (int)4200000100L;

    @Test
    void shouldSendThePathsAsDrawnForOnePeer()
    {
        final InjectedTable.Drawn drawn = draw();
        final InjectedTable one = InjectedTable.build(prefixes(), List.of(), pool(), INJECTOR_AS,
            Ip4.parse("198.18.255.1"), IpAddress.parse("2001:db8:ff::1"), 10, 4, 1);
        final InjectedTable again = drawn.encode(0, INJECTOR_AS, 0, Ip4.parse("198.18.255.1"), IpAddress.parse("2001:db8:ff::1"));
        assertEquals(one.chunks.size(), again.chunks.size());
        for (int i = 0; i < one.chunks.size(); i++)
        {
            assertArrayEquals(one.chunks.get(i), again.chunks.get(i));
        }
        final PathAttributes a = drawn.groups4().keySet().iterator().next();
        assertEquals(a, InjectedTable.peerPath(a, INJECTOR_AS, 0));
    }

    @Test
    void shouldPutThePeersAsFirstAndPrependIt()
    {
        final PathAttributes drawn = PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
            PathAttribute.AsPath.sequence(INJECTOR_AS, 65002, 65003));
        final PathAttributes peer = InjectedTable.peerPath(drawn, (int)4200000107L, 2);
        assertArrayEquals(new int[] {(int)4200000107L, (int)4200000107L, (int)4200000107L, 65002, 65003},
            peer.asPath().segments().get(0).asns());
        assertEquals(PathAttribute.Origin.ORIGIN_IGP, peer.origin());
    }

    @Test
    void shouldMakeADifferentPeerTheShortestFromPathToPath()
    {
        final int peers = 10;
        final int[] seen = new int[3];
        final Set<Integer> winners = new HashSet<>();
        for (long key = 0; key < 3000; key++)
        {
            int best = -1;
            int fewest = Integer.MAX_VALUE;
            for (int p = 0; p < peers; p++)
            {
                final int k = InjectedTable.prepends(key, p, 2);
                assertTrue(k >= 0 && k <= 2);
                seen[k]++;
                if (k < fewest)
                {
                    fewest = k;
                    best = p;
                }
            }
            winners.add(best);
        }
        for (final int count : seen)
        {
            assertTrue(count > 3000 * peers / 4, "each prepend count about a third of the paths: " + count);
        }
        assertTrue(winners.size() >= peers / 2, "the first shortest path belongs to many peers: " + winners);
    }

    @Test
    void shouldGiveEveryPeerTheSamePrefixesInItsOwnUpdates()
    {
        final InjectedTable.Drawn drawn = draw();
        final InjectedTable a = drawn.encode(0, INJECTOR_AS, 2, Ip4.parse("198.18.255.11"), IpAddress.parse("2001:db8:ff::a:1"));
        final InjectedTable b = drawn.encode(1, INJECTOR_AS + 1, 2, Ip4.parse("198.18.255.12"), IpAddress.parse("2001:db8:ff::a:2"));
        assertEquals(a.prefixes4, b.prefixes4);
        assertEquals(a.pathSets4, b.pathSets4);
        assertFalse(java.util.Arrays.equals(a.chunks.get(0), b.chunks.get(0)));
    }

    @Test
    void shouldChurnTablePrefixesAWithdrawalThenTheSamePathAgain()
    {
        final InjectedTable.Drawn drawn = draw();
        final int nextHop = Ip4.parse("198.18.255.1");
        final java.util.Map<net.junction.routing.IpPrefix, PathAttributes> table = new java.util.HashMap<>();
        drawn.groups4().forEach((path, group) -> group.prefixes().forEach(p -> table.put(p, path.with(new PathAttribute.NextHop(nextHop)))));
        final MrtReplay churn = MrtReplay.churn(drawn, 300, 7, nextHop);
        assertEquals(600, churn.updates.size());
        assertEquals(300, churn.withdrawn);
        final Set<net.junction.routing.IpPrefix> churned = new HashSet<>();
        for (int i = 0; i < churn.updates.size(); i += 2)
        {
            final UpdateMessage withdraw = decode(churn.updates.get(i));
            final UpdateMessage announce = decode(churn.updates.get(i + 1));
            assertEquals(1, withdraw.withdrawnPrefixes().size());
            assertTrue(withdraw.announcedPrefixes().isEmpty());
            final net.junction.routing.IpPrefix prefix = withdraw.withdrawnPrefixes().get(0);
            assertEquals(List.of(prefix), announce.announcedPrefixes(), "the same prefix announced again");
            assertEquals(table.get(prefix), announce.attributes(), "with the path the table gave it");
            assertTrue(churned.add(prefix), "each prefix once: " + prefix);
        }
        // Spread over the table, not its first prefixes only.
        assertTrue(churned.stream().anyMatch(p -> !prefixes().subList(0, 600).contains(p.toString())), "spread: " + churned);
    }

    private static UpdateMessage decode(final byte[] message)
    {
        return (UpdateMessage)MessageDecoder.decode(message, InjectedTable.OPTIONS).message();
    }

    private static InjectedTable.Drawn draw()
    {
        return InjectedTable.draw(prefixes(), List.of(), pool(), INJECTOR_AS, 10, 4, 1);
    }

    private static List<String> prefixes()
    {
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < 2000; i++)
        {
            out.add("198.18." + (i / 16) + "." + (i % 16) * 16 + "/28");
        }
        return out;
    }

    private static MrtPathPool pool()
    {
        final MrtPathPool pool = new MrtPathPool();
        for (int i = 0; i < 50; i++)
        {
            pool.ipv4.add(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
                PathAttribute.AsPath.sequence(64500, 64600 + i % 7, 65000 + i)));
        }
        return pool;
    }
}
