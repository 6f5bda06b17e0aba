/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.junction.routing.concurrent.ConcurrentReaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrefixMapTest
{
    static IpPrefix prefix(final boolean ipv6, final int n)
    {
        // A small key space so that puts, replaces and removes of the same keys interleave.
        final int length = 8 + (n & 15);
        return ipv6 ? Prefix6.network(0x2001_0DB8_0000_0000L | (long)(n >>> 4) << 16, 0, 16 + length) :
            Prefix4.network(0xC612_0000 + ((n >>> 4) << 8), length + 8);
    }

    /**
     * {@link PrefixMap#getConcurrently} from other threads while the owner grows the map, shifts entries back on
     * removals and replaces values: a key present all along is always found with its value, a churned key is
     * absent or has its own value.
     */
    @Test
    @Timeout(120)
    void shouldAnswerConcurrentReadsWhileTheOwnerChangesTheMap() throws Exception
    {
        final int stable = 2_000;
        final int churned = 30_000;
        final AtomicReference<PrefixMap<Integer>> current = new AtomicReference<>();
        final ConcurrentReaders readers = ConcurrentReaders.start(2, 800, 5_000, i ->
        {
            final PrefixMap<Integer> map = current.get();
            if (null == map)
            {
                return null;
            }
            final int s = 2 * (i * 7 % stable);
            final Integer found = map.getConcurrently(host(s));
            if (!Integer.valueOf(s).equals(found))
            {
                return s + " -> " + found;
            }
            final int c = 2 * (i * 7 % churned) + 1;
            final Integer other = map.getConcurrently(host(c));
            return null != other && other != c ? c + " -> " + other : null;
        });
        int rounds = 0;
        try
        {
            while (readers.wanted() || rounds < 3)
            {
                final PrefixMap<Integer> map = new PrefixMap<>(false);
                for (int s = 0; s < 2 * stable; s += 2)
                {
                    map.put(host(s), s);
                }
                current.set(map); // from here on every stable key is there: the readers check it
                for (int c = 1; c < 2 * churned; c += 2)
                {
                    map.put(host(c), c); // grows the map several times
                }
                for (int s = 0; s < 2 * stable; s += 2)
                {
                    map.put(host(s), s); // replaced in place
                }
                for (int c = 1; c < 2 * churned; c += 2)
                {
                    map.remove(host(c)); // shifts later entries of each cluster back, stable ones too
                }
                rounds++;
            }
        }
        finally
        {
            readers.close();
        }
        final List<String> wrong = readers.wrong();
        assertTrue(wrong.isEmpty(), () -> wrong.size() + " reads were wrong, e.g. " + wrong.getFirst());
    }

    private static IpPrefix host(final int n)
    {
        return new Prefix4(0xC612_0000 + n, 32); // 198.18.0.0/15
    }

    @Property(tries = 200)
    void shouldBehaveLikeAHashMap(@ForAll @Size(max = 3000) final List<@IntRange(min = 0, max = 4095) Integer> ops,
        @ForAll final boolean ipv6)
    {
        final PrefixMap<Integer> map = new PrefixMap<>(ipv6);
        final Map<IpPrefix, Integer> model = new HashMap<>();
        for (int i = 0; i < ops.size(); i++)
        {
            final int op = ops.get(i);
            final IpPrefix p = prefix(ipv6, op >>> 1);
            if ((op & 1) == 0)
            {
                assertEquals(model.put(p, i), map.put(p, i));
            }
            else
            {
                assertEquals(model.remove(p), map.remove(p));
            }
        }
        assertEquals(model.size(), map.size());
        for (final Map.Entry<IpPrefix, Integer> e : model.entrySet())
        {
            assertEquals(e.getValue(), map.get(e.getKey()));
        }
        assertEquals(model.keySet(), new HashSet<>(map.keys()));
    }

    @Test
    void shouldKeepFlagsUntilPut()
    {
        final PrefixMap<String> map = new PrefixMap<>(false);
        final IpPrefix p = IpPrefix.parse("198.18.0.0/15");
        map.put(p, "a");
        map.setFlags(p, 3);
        assertEquals(3, map.flags(p));
        map.put(p, "b");
        assertEquals(0, map.flags(p));
        assertNull(map.get(IpPrefix.parse("198.18.0.0/16")), "length is part of the key");
        assertNull(map.get(IpPrefix.parse("2001:db8::/32")), "other family");
    }

    @Test
    void shouldCopyInSlotOrderWithoutClustering()
    {
        final PrefixMap<Boolean> source = new PrefixMap<>(false);
        for (int i = 0; i < 300_000; i++)
        {
            source.put(new Prefix4(i << 8, 24), Boolean.TRUE);
        }
        final long start = System.nanoTime();
        final PrefixMap<Boolean> copy = new PrefixMap<>(false);
        for (int i = 0; i < source.capacity(); i++)
        {
            if (source.valueAt(i) != null)
            {
                copy.put(source.prefixAt(i), Boolean.TRUE);
            }
        }
        assertEquals(300_000, copy.size());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "seeded hashes keep this linear");
    }

    @Test
    void shouldShareAnotherMapsSlotOrderWhenAskedAndStayLinear()
    {
        for (final boolean ipv6 : List.of(false, true))
        {
            final PrefixMap<Integer> source = new PrefixMap<>(ipv6);
            for (int i = 0; i < 200_000; i++)
            {
                source.put(ipv6 ? Prefix6.network(0x2001_0DB8_0000_0000L | (long)i << 16, 0, 48) : new Prefix4(i << 8, 24), i);
            }
            // Filled in the source's slot order, as a change preview fills its table of affected prefixes.
            final long start = System.nanoTime();
            final PrefixMap<Integer> same = new PrefixMap<>(source, source.size() / 2);
            int previous = -1;
            for (int i = 0; i < source.capacity(); i++)
            {
                if (source.valueAt(i) != null)
                {
                    same.put(source.prefixAt(i), i);
                }
            }
            assertEquals(source.size(), same.size());
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "presized: no cluster piles up");
            // Walked in its own slot order, it visits the source's slots in order, but for local swaps within a
            // cluster (linear probing places colliding keys by arrival) and a cluster wrapping around the end.
            int far = 0;
            for (int i = 0; i < same.capacity(); i++)
            {
                final Integer at = same.valueAt(i);
                if (at != null)
                {
                    far += Math.abs(at - previous) > 64 ? 1 : 0;
                    previous = at;
                    assertEquals(same.prefixAt(i), source.prefixAt(at));
                }
            }
            assertTrue(far < source.size() / 1000, far + " far jumps");
        }
    }
}
