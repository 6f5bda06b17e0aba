/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rpki;

import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VrpTableTest
{
    private static PathAttribute.AsPath path(final int... asns)
    {
        return PathAttribute.AsPath.sequence(asns);
    }

    @Test
    void shouldValidateAsRfc6811Says()
    {
        final VrpTable t = new VrpTable();
        t.add(new Vrp(IpPrefix.parse("198.18.0.0/16"), 24, 65001));
        t.add(new Vrp(IpPrefix.parse("198.18.10.0/24"), 24, 65002));
        t.add(new Vrp(IpPrefix.parse("2001:db8::/32"), 48, 65003));
        t.add(new Vrp(IpPrefix.parse("198.19.0.0/16"), 16, 0)); // AS 0: nothing may originate it
        assertEquals(ValidationState.VALID, t.validate(IpPrefix.parse("198.18.1.0/24"), path(65000, 65001)));
        assertEquals(ValidationState.INVALID, t.validate(IpPrefix.parse("198.18.1.0/25"), path(65001)), "too long");
        assertEquals(ValidationState.INVALID, t.validate(IpPrefix.parse("198.18.1.0/24"), path(65001, 65009)), "origin");
        assertEquals(ValidationState.VALID, t.validate(IpPrefix.parse("198.18.10.0/24"), path(65001)), "the /16's VRP");
        assertEquals(ValidationState.VALID, t.validate(IpPrefix.parse("198.18.10.0/24"), path(65002)), "its own VRP");
        assertEquals(ValidationState.NOT_FOUND, t.validate(IpPrefix.parse("198.17.0.0/16"), path(65001)));
        assertEquals(ValidationState.NOT_FOUND, t.validate(IpPrefix.parse("198.0.0.0/8"), path(65001)), "less specific");
        assertEquals(ValidationState.VALID, t.validate(IpPrefix.parse("2001:db8:1::/48"), path(65003)));
        assertEquals(ValidationState.INVALID, t.validate(IpPrefix.parse("198.19.0.0/16"), path(0)));
        // An AS_SET last: origin NONE, which no VRP matches (RFC 6811 §2).
        final PathAttribute.AsPath set = new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65000), AsPathSegment.set(65001)));
        assertEquals(ValidationState.INVALID, t.validate(IpPrefix.parse("198.18.1.0/24"), set));
        assertEquals(ValidationState.NOT_FOUND, t.validate(IpPrefix.parse("198.17.1.0/24"), set));
        assertEquals(VrpTable.NO_ORIGIN, VrpTable.originAs(PathAttribute.AsPath.EMPTY));
        assertEquals(4200000001L, VrpTable.originAs(path((int)4200000001L)));
    }

    @Test
    void shouldAddAndRemoveExactly()
    {
        final VrpTable t = new VrpTable();
        final Vrp a = new Vrp(IpPrefix.parse("198.18.0.0/16"), 24, 65001);
        final Vrp b = new Vrp(IpPrefix.parse("198.18.0.0/16"), 16, 65001);
        assertTrue(t.add(a));
        assertFalse(t.add(a));
        assertTrue(t.add(b));
        assertEquals(2, t.size4());
        assertTrue(t.remove(a));
        assertFalse(t.remove(a));
        assertEquals(ValidationState.INVALID, t.validate(IpPrefix.parse("198.18.1.0/24"), path(65001)));
        assertTrue(t.remove(b));
        assertEquals(0, t.size4());
        assertEquals(ValidationState.NOT_FOUND, t.validate(IpPrefix.parse("198.18.1.0/24"), path(65001)));
    }

    /** The naive definition: scan every VRP. */
    private static ValidationState naive(final List<Vrp> vrps, final IpPrefix prefix, final long origin)
    {
        boolean covered = false;
        for (final Vrp v : vrps)
        {
            if (v.prefix().contains(prefix))
            {
                covered = true;
                if (origin != VrpTable.NO_ORIGIN && origin != 0 && Integer.toUnsignedLong(v.asn()) == origin &&
                    prefix.length() <= v.maxLength())
                {
                    return ValidationState.VALID;
                }
            }
        }
        return covered ? ValidationState.INVALID : ValidationState.NOT_FOUND;
    }

    private static IpPrefix randomPrefix(final Random r, final boolean v4, final int minLength, final int maxLength)
    {
        final int length = minLength + r.nextInt(maxLength - minLength + 1);
        // Few distinct high bits, so VRPs and routes overlap often.
        if (v4)
        {
            return Prefix4.network(0xC6120000 | (r.nextInt(64) << 10) | r.nextInt(1 << 10), length);
        }
        return Prefix6.network(0x20010db800000000L | ((long)r.nextInt(64) << 26) | r.nextInt(1 << 20), r.nextLong(), length);
    }

    @Test
    void shouldAgreeWithANaiveScan()
    {
        final Random r = new Random(6811);
        for (int round = 0; round < 20; round++)
        {
            final VrpTable t = new VrpTable();
            final List<Vrp> vrps = new ArrayList<>();
            for (int i = 0; i < 400; i++)
            {
                final boolean v4 = r.nextBoolean();
                final IpPrefix p = v4 ? randomPrefix(r, true, 12, 24) : randomPrefix(r, false, 28, 48);
                final int max = v4 ? 32 : 128;
                final Vrp v = new Vrp(p, p.length() + r.nextInt(Math.min(8, max - p.length()) + 1), 65000 + r.nextInt(4));
                if (t.add(v))
                {
                    vrps.add(v);
                }
            }
            for (int i = 0; i < 100; i++) // some go again
            {
                final Vrp v = vrps.remove(r.nextInt(vrps.size()));
                assertTrue(t.remove(v));
            }
            assertEquals(vrps.stream().filter(v -> v.prefix().isIpv4()).count(), t.size4());
            for (int i = 0; i < 5_000; i++)
            {
                final boolean v4 = r.nextBoolean();
                final IpPrefix route = v4 ? randomPrefix(r, true, 8, 32) : randomPrefix(r, false, 16, 64);
                final long origin = r.nextInt(10) == 0 ? VrpTable.NO_ORIGIN : 65000 + r.nextInt(5);
                assertEquals(naive(vrps, route, origin), t.validate(route, origin), route + " from " + origin);
                assertEquals(vrps.stream().anyMatch(v -> v.prefix().contains(route)), t.covers(route), route.toString());
            }
        }
    }
}
