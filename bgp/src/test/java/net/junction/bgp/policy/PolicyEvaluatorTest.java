/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.policy;

import net.junction.bgp.policy.Policy.Action;
import net.junction.bgp.policy.Policy.CommunityPattern;
import net.junction.bgp.policy.Policy.Disposition;
import net.junction.bgp.policy.Policy.LargeCommunityPattern;
import net.junction.bgp.policy.Policy.Match;
import net.junction.bgp.policy.Policy.PrefixEntry;
import net.junction.bgp.policy.Policy.Term;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyEvaluatorTest
{
    static final IpPrefix P24 = IpPrefix.parse("198.18.1.0/24");
    static final IpAddress NH = IpAddress.parse("198.18.0.1");
    static final PolicyContext CTX = new PolicyContext(65000, IpAddress.parse("198.18.0.254"));
    static final PathAttributes ATTRS = PathAttributes.of(
        PathAttribute.Origin.ORIGIN_IGP,
        new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001, 65002), AsPathSegment.set(65010, 65011))),
        new PathAttribute.Communities(new int[]{PathAttribute.Communities.community(65001, 100)}),
        new PathAttribute.LargeCommunities(new int[]{65001, 1, 2}));

    static Match match()
    {
        return Match.ANY;
    }

    static Match withPrefixes(final PrefixEntry... entries)
    {
        return new Match(Optional.empty(), List.of(entries), Optional.empty(), List.of(), List.of(), List.of());
    }

    static Match withAsPath(final String regex)
    {
        return new Match(Optional.empty(), List.of(), Optional.of(regex), List.of(), List.of(), List.of());
    }

    static Policy acceptIf(final Match m)
    {
        return new Policy("p", List.of(new Term("t", m, List.of(), Disposition.ACCEPT)), Disposition.REJECT);
    }

    static boolean accepts(final Match m, final IpPrefix prefix)
    {
        return new PolicyEvaluator(acceptIf(m)).evaluate(prefix, AfiSafi.IPV4_UNICAST, ATTRS, NH, CTX).accepted();
    }

    static PolicyEvaluator.Result run(final Action... actions)
    {
        final Policy p = new Policy("p", List.of(new Term("t", Match.ANY, List.of(actions), Disposition.ACCEPT)),
            Disposition.REJECT);
        final PolicyEvaluator.Result r = new PolicyEvaluator(p).evaluate(P24, AfiSafi.IPV4_UNICAST, ATTRS, NH, CTX);
        assertTrue(r.accepted());
        return r;
    }

    @Test
    void shouldMatchPrefixListExactAndWithGeLe()
    {
        assertTrue(accepts(withPrefixes(PrefixEntry.exact(P24)), P24));
        assertFalse(accepts(withPrefixes(PrefixEntry.exact(IpPrefix.parse("198.18.0.0/16"))), P24));
        final PrefixEntry range = new PrefixEntry(IpPrefix.parse("198.18.0.0/16"), 20, 24);
        assertTrue(accepts(withPrefixes(range), P24));
        assertTrue(accepts(withPrefixes(range), IpPrefix.parse("198.18.16.0/20")));
        assertFalse(accepts(withPrefixes(range), IpPrefix.parse("198.18.1.0/25")));
        assertFalse(accepts(withPrefixes(range), IpPrefix.parse("198.18.0.0/19")));
        assertFalse(accepts(withPrefixes(range), IpPrefix.parse("198.19.0.0/24")));
        assertFalse(accepts(withPrefixes(range), IpPrefix.parse("2001:db8::/32")));
        // Any entry of the list is enough.
        assertTrue(accepts(withPrefixes(PrefixEntry.exact(IpPrefix.parse("198.19.0.0/16")), range), P24));
    }

    @Test
    void shouldMatchAsPathRegexWithUnderscoreBoundaries()
    {
        assertTrue(accepts(withAsPath("^65001_"), P24));
        assertTrue(accepts(withAsPath("_65002_"), P24));
        assertFalse(accepts(withAsPath("_6500_"), P24));
        assertTrue(accepts(withAsPath("_65011_"), P24), "set members are ASNs too");
        assertTrue(accepts(withAsPath("^65001_65002_"), P24));
        assertFalse(accepts(withAsPath("^65002"), P24));
        assertTrue(accepts(withAsPath("\\{65010,65011\\}$"), P24));
        assertTrue(accepts(withAsPath("_650[0-9][0-9]_"), P24));
        assertEquals("65001 65002 {65010,65011}", AsPathRegex.text(ATTRS.asPath()));
        assertSame(AsPathRegex.compile("_1_"), AsPathRegex.compile("_1_"), "compiled once");
    }

    @Test
    void shouldMatchEmptyAsPath()
    {
        final PathAttributes local = PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP, PathAttribute.AsPath.EMPTY);
        final Policy p = acceptIf(withAsPath("^$"));
        assertTrue(new PolicyEvaluator(p).evaluate(P24, AfiSafi.IPV4_UNICAST, local, NH, CTX).accepted());
        assertFalse(new PolicyEvaluator(p).evaluate(P24, AfiSafi.IPV4_UNICAST, ATTRS, NH, CTX).accepted());
    }

    @Test
    void shouldMatchCommunitiesWithWildcards()
    {
        final Match any100 = new Match(Optional.empty(), List.of(), Optional.empty(),
            List.of(new CommunityPattern(-1, 100)), List.of(), List.of());
        final Match asn65002 = new Match(Optional.empty(), List.of(), Optional.empty(),
            List.of(new CommunityPattern(65002, -1)), List.of(), List.of());
        assertTrue(accepts(any100, P24));
        assertFalse(accepts(asn65002, P24));
    }

    @Test
    void shouldMatchLargeCommunitiesWithWildcards()
    {
        final Match yes = new Match(Optional.empty(), List.of(), Optional.empty(), List.of(),
            List.of(new LargeCommunityPattern(65001, -1, 2)), List.of());
        final Match no = new Match(Optional.empty(), List.of(), Optional.empty(), List.of(),
            List.of(new LargeCommunityPattern(65001, 1, 3)), List.of());
        assertTrue(accepts(yes, P24));
        assertFalse(accepts(no, P24));
    }

    @Test
    void shouldMatchNextHopAndFamily()
    {
        final Match nh = new Match(Optional.empty(), List.of(), Optional.empty(), List.of(), List.of(),
            List.of(IpPrefix.parse("198.18.0.0/24")));
        final Match otherNh = new Match(Optional.empty(), List.of(), Optional.empty(), List.of(), List.of(),
            List.of(IpPrefix.parse("198.19.0.0/24")));
        assertTrue(accepts(nh, P24));
        assertFalse(accepts(otherNh, P24));
        final Match v6 = new Match(Optional.of(AfiSafi.IPV6_UNICAST), List.of(), Optional.empty(), List.of(),
            List.of(), List.of());
        assertFalse(accepts(v6, P24));
        assertTrue(new PolicyEvaluator(acceptIf(v6))
            .evaluate(IpPrefix.parse("2001:db8::/32"), AfiSafi.IPV6_UNICAST, ATTRS, NH, CTX).accepted());
    }

    @Test
    void shouldSetLocalPrefAndMed()
    {
        final PolicyEvaluator.Result r = run(new Action.SetLocalPref(200), new Action.SetMed(4_000_000_000L));
        assertEquals(200, r.attributes().localPref().value());
        assertEquals(4_000_000_000L, Integer.toUnsignedLong(r.attributes().multiExitDisc().value()));
    }

    @Test
    void shouldAddRemoveAndSetCommunities()
    {
        final int c1 = PathAttribute.Communities.community(65001, 100);
        final int c2 = PathAttribute.Communities.community(65000, 7);
        assertArrayEquals(new int[]{c1, c2}, run(new Action.AddCommunities(List.of(c2, c1)))
            .attributes().communities().values());
        assertNull(run(new Action.RemoveCommunities(List.of(new CommunityPattern(65001, -1))))
            .attributes().communities());
        assertArrayEquals(new int[]{c2}, run(new Action.SetCommunities(List.of(c2))).attributes().communities().values());
        assertNull(run(new Action.SetCommunities(List.of())).attributes().communities());
    }

    @Test
    void shouldAddAndRemoveLargeCommunities()
    {
        final PolicyEvaluator.Result added = run(new Action.AddLargeCommunities(
            List.of(new long[]{4_200_000_000L, 5, 6}, new long[]{65001, 1, 2})));
        assertArrayEquals(new int[]{65001, 1, 2, (int)4_200_000_000L, 5, 6}, added.attributes().largeCommunities().values());
        final PolicyEvaluator.Result removed = run(new Action.RemoveLargeCommunities(
            List.of(new LargeCommunityPattern(-1, 1, -1))));
        assertNull(removed.attributes().largeCommunities());
    }

    @Test
    void shouldPrependOwnOrGivenAs()
    {
        assertEquals("65000 65000 65001 65002 {65010,65011}",
            AsPathRegex.text(run(new Action.PrependAs(0, 2)).attributes().asPath()));
        assertEquals("64999 65001 65002 {65010,65011}",
            AsPathRegex.text(run(new Action.PrependAs(64999, 1)).attributes().asPath()));
        assertEquals("7 7", AsPathRegex.text(PolicyEvaluator.prepend(null, 7, 2)));
    }

    @Test
    void shouldSetNextHopOrSelf()
    {
        assertEquals(CTX.localAddress(), run(new Action.NextHopSelf()).nextHop());
        final IpAddress other = IpAddress.parse("198.18.9.9");
        assertEquals(other, run(new Action.SetNextHop(other)).nextHop());
        assertEquals(NH, run().nextHop());
        assertSame(ATTRS, run().attributes(), "no actions: the same attributes");
    }

    @Test
    void shouldStopAtFirstAcceptOrReject()
    {
        final Policy p = new Policy("p", List.of(
            new Term("reject-24", withPrefixes(PrefixEntry.exact(P24)), List.of(), Disposition.REJECT),
            new Term("accept-all", Match.ANY, List.of(new Action.SetMed(5)), Disposition.ACCEPT)),
            Disposition.REJECT);
        final PolicyEvaluator e = new PolicyEvaluator(p);
        assertTrue(e.dependsOnPrefix());
        assertFalse(e.evaluate(P24, AfiSafi.IPV4_UNICAST, ATTRS, NH, CTX).accepted());
        final PolicyEvaluator.Result r = e.evaluate(IpPrefix.parse("198.18.2.0/24"), AfiSafi.IPV4_UNICAST, ATTRS, NH, CTX);
        assertTrue(r.accepted());
        assertEquals(5, r.attributes().multiExitDisc().value());
    }

    @Test
    void shouldCarryChangesOfNextTermsAndMatchOnThem()
    {
        final int tag = PathAttribute.Communities.community(65000, 1);
        final Match tagged = new Match(Optional.empty(), List.of(), Optional.empty(),
            List.of(new CommunityPattern(65000, 1)), List.of(), List.of());
        final Policy p = new Policy("p", List.of(
            new Term("tag", Match.ANY, List.of(new Action.AddCommunities(List.of(tag))), Disposition.NEXT),
            new Term("not-matching", withAsPath("_1_"), List.of(new Action.SetMed(1)), Disposition.ACCEPT),
            new Term("pref", tagged, List.of(new Action.SetLocalPref(300)), Disposition.NEXT)),
            Disposition.ACCEPT);
        final PolicyEvaluator e = new PolicyEvaluator(p);
        assertFalse(e.dependsOnPrefix());
        final PolicyEvaluator.Result r = e.evaluate(P24, AfiSafi.IPV4_UNICAST, ATTRS, NH, CTX);
        assertTrue(r.accepted());
        assertTrue(r.attributes().communities().contains(tag));
        assertEquals(300, r.attributes().localPref().value());
        assertNull(r.attributes().multiExitDisc());
    }

    @Test
    void shouldApplyOtherwiseAfterNextTerms()
    {
        final Policy p = new Policy("p", List.of(
            new Term("med", Match.ANY, List.of(new Action.SetMed(9)), Disposition.NEXT)), Disposition.REJECT);
        assertFalse(new PolicyEvaluator(p).evaluate(P24, AfiSafi.IPV4_UNICAST, ATTRS, NH, CTX).accepted());
    }

    @Test
    void shouldOfferAcceptAllAndRejectAll()
    {
        assertTrue(new PolicyEvaluator(Policies.ACCEPT_ALL).evaluate(P24, AfiSafi.IPV4_UNICAST, ATTRS, NH, CTX)
            .accepted());
        assertFalse(new PolicyEvaluator(Policies.REJECT_ALL).evaluate(P24, AfiSafi.IPV4_UNICAST, ATTRS, NH, CTX)
            .accepted());
    }
}
