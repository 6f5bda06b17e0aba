/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire.attribute;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class PathAttributesTest
{
    @Test
    void shouldFindEveryAttributeByTypeCodeAndNoOther()
    {
        final Random r = new Random(11);
        for (int round = 0; round < 500; round++)
        {
            final List<PathAttribute> chosen = new ArrayList<>();
            final PathAttribute[] byType = new PathAttribute[256];
            for (int type = 1; type < 256; type++)
            {
                if (r.nextInt(type < 64 ? 4 : 40) == 0)
                {
                    final PathAttribute a = switch (type)
                    {
                        case PathAttribute.MULTI_EXIT_DISC -> new PathAttribute.MultiExitDisc(r.nextInt());
                        case PathAttribute.LOCAL_PREF -> new PathAttribute.LocalPref(r.nextInt());
                        case PathAttribute.ORIGINATOR_ID -> new PathAttribute.OriginatorId(r.nextInt());
                        default -> unknown(type);
                    };
                    if (a == null)
                    {
                        continue;
                    }
                    chosen.add(a);
                    byType[type] = a;
                }
            }
            java.util.Collections.shuffle(chosen, r);
            final PathAttributes set = PathAttributes.of(chosen);
            for (int type = 0; type < 256; type++)
            {
                if (byType[type] == null)
                {
                    assertNull(set.get(type), "type " + type + " in " + set);
                }
                else
                {
                    assertSame(byType[type], set.get(type), "type " + type + " in " + set);
                }
            }
            assertEquals(chosen.size(), set.size());
            assertEquals(chosen.stream().anyMatch(a -> a instanceof PathAttribute.Unknown), set.hasUnknown());
            final PathAttributes less = chosen.isEmpty() ? set : set.without(chosen.getFirst().typeCode());
            if (!chosen.isEmpty())
            {
                assertNull(less.get(chosen.getFirst().typeCode()));
            }
        }
    }

    @Test
    void shouldAddAndRemoveAsTheBuilderDoesPartialBitsIncluded()
    {
        final Random r = new Random(12);
        final int[] types = {PathAttribute.MULTI_EXIT_DISC, PathAttribute.LOCAL_PREF, PathAttribute.ORIGINATOR_ID, 20, 99, 200};
        for (int round = 0; round < 500; round++)
        {
            final PathAttributes.Builder b = PathAttributes.builder();
            for (final int type : types)
            {
                if (r.nextBoolean())
                {
                    b.put(attribute(type, r));
                    b.partial(type, r.nextBoolean()); // kept by build() only for a recognized type present
                }
            }
            final PathAttributes set = b.build();
            final PathAttribute added = attribute(types[r.nextInt(types.length)], r);
            final PathAttributes with = set.with(added);
            assertEquals(set.toBuilder().put(added).build(), with, set + " with " + added);
            for (final int type : types)
            {
                assertEquals(set.toBuilder().put(added).build().isPartial(type), with.isPartial(type));
                final PathAttributes without = set.without(type);
                assertEquals(set.toBuilder().remove(type).build(), without, set + " without " + type);
                assertEquals(set.toBuilder().remove(type).build().isPartial(type), without.isPartial(type));
            }
        }
    }

    private static PathAttribute attribute(final int type, final Random r)
    {
        return switch (type)
        {
            case PathAttribute.MULTI_EXIT_DISC -> new PathAttribute.MultiExitDisc(r.nextInt());
            case PathAttribute.LOCAL_PREF -> new PathAttribute.LocalPref(r.nextInt());
            case PathAttribute.ORIGINATOR_ID -> new PathAttribute.OriginatorId(r.nextInt());
            default -> unknown(type);
        };
    }

    /** An unrecognized optional attribute of the type, or null if the type has its own record. */
    private static PathAttribute unknown(final int type)
    {
        try
        {
            return new PathAttribute.Unknown(PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, type,
                new byte[]{(byte)type});
        }
        catch (final IllegalArgumentException e)
        {
            return null;
        }
    }
}
