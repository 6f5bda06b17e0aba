/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.wire;

import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.AsPaths;
import net.junction.bgp.wire.attribute.Interner;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * RFC 6793 §4.2.3 reconstruction and the attribute-set value semantics interning relies on.
 */
class AsPathsTest
{
    static final int BIG = (int)4_200_000_000L;
    static final int TRANS = AsPaths.AS_TRANS;

    static PathAttribute.AsPath path(final AsPathSegment... segments)
    {
        return new PathAttribute.AsPath(List.of(segments));
    }

    static PathAttribute.As4Path path4(final AsPathSegment... segments)
    {
        return new PathAttribute.As4Path(List.of(segments));
    }

    @Test
    void shouldPrependTheAsesThatOldSpeakersAdded()
    {
        // Two OLD speakers (100, 200) prepended after the AS4_PATH was made.
        assertEquals(path(AsPathSegment.sequence(100, 200, BIG, 65001)),
            AsPaths.merge(path(AsPathSegment.sequence(100, 200, TRANS, 65001)), path4(AsPathSegment.sequence(BIG, 65001))));
        // Sets count one whatever their size.
        assertEquals(path(AsPathSegment.sequence(100), AsPathSegment.set(BIG, 7)),
            AsPaths.merge(path(AsPathSegment.sequence(100), AsPathSegment.set(TRANS, 7)), path4(AsPathSegment.set(BIG, 7))));
    }

    @Test
    void shouldIgnoreAnAs4PathLongerThanTheAsPath()
    {
        final PathAttribute.AsPath asPath = path(AsPathSegment.sequence(TRANS));
        assertSame(asPath, AsPaths.merge(asPath, path4(AsPathSegment.sequence(BIG, 65001))));
    }

    @Test
    void shouldDropConfederationSegmentsOfAs4PathAndKeepThoseOfAsPath()
    {
        assertEquals(path(new AsPathSegment(AsPathSegment.AS_CONFED_SEQUENCE, 64512), AsPathSegment.sequence(BIG)),
            AsPaths.merge(path(new AsPathSegment(AsPathSegment.AS_CONFED_SEQUENCE, 64512), AsPathSegment.sequence(TRANS)),
                path4(new AsPathSegment(AsPathSegment.AS_CONFED_SEQUENCE, 1), AsPathSegment.sequence(BIG))));
    }

    @Test
    void shouldReconstructAggregatorOnlyWhenItCarriesAsTrans()
    {
        final PathAttributes viaOld = PathAttributes.of(
            PathAttribute.AsPath.sequence(TRANS), new PathAttribute.Aggregator(TRANS, 1),
            new PathAttribute.As4Aggregator(BIG, 1), new PathAttribute.As4Path(List.of(AsPathSegment.sequence(BIG))));
        final PathAttributes rebuilt = AsPaths.reconstruct(viaOld);
        assertEquals(new PathAttribute.Aggregator(BIG, 1), rebuilt.aggregator());
        assertEquals(PathAttribute.AsPath.sequence(BIG), rebuilt.asPath());
        assertNull(rebuilt.as4Aggregator());

        // An OLD speaker aggregated after: AS4_ attributes are stale and ignored.
        final PathAttributes stale = viaOld.with(new PathAttribute.Aggregator(65001, 2));
        final PathAttributes kept = AsPaths.reconstruct(stale);
        assertEquals(PathAttribute.AsPath.sequence(TRANS), kept.asPath());
        assertEquals(new PathAttribute.Aggregator(65001, 2), kept.aggregator());
        assertNull(kept.as4Path());
    }

    @Test
    void shouldMapFourOctetAsesToAsTransForOldPeers()
    {
        final PathAttribute.AsPath real = path(new AsPathSegment(AsPathSegment.AS_CONFED_SET, BIG),
            AsPathSegment.sequence(BIG, 65001));
        assertEquals(path(new AsPathSegment(AsPathSegment.AS_CONFED_SET, TRANS), AsPathSegment.sequence(TRANS, 65001)),
            AsPaths.toTwoOctet(real));
        assertEquals(path4(AsPathSegment.sequence(BIG, 65001)), AsPaths.as4PathFor(real));
        assertNull(AsPaths.as4PathFor(PathAttribute.AsPath.sequence(1, 2)));
    }

    @Test
    void shouldInternEqualAttributeSetsToOneInstance()
    {
        final Interner<PathAttributes> interner = new Interner<>();
        final PathAttributes a = PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP, PathAttribute.AsPath.sequence(1, 2),
            new PathAttribute.Communities(new int[] {1, 2}));
        final PathAttributes b = PathAttributes.of(new PathAttribute.Communities(new int[] {1, 2}),
            PathAttribute.AsPath.sequence(1, 2), PathAttribute.Origin.of(0));
        assertNotSame(a, b);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertSame(interner.intern(a), interner.intern(b));
        final PathAttributes partial = b.toBuilder().partial(PathAttribute.COMMUNITIES, true).build();
        assertNotSame(interner.intern(a), interner.intern(partial));
        assertEquals(2, interner.size());
    }
}
