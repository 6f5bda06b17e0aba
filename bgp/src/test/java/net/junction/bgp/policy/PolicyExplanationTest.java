/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.policy;

import net.junction.bgp.policy.Policy.Action;
import net.junction.bgp.policy.Policy.Disposition;
import net.junction.bgp.policy.Policy.PrefixEntry;
import net.junction.bgp.policy.Policy.Term;
import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.IpPrefix;
import org.junit.jupiter.api.Test;

import java.util.List;

import static net.junction.bgp.policy.PolicyEvaluatorTest.ATTRS;
import static net.junction.bgp.policy.PolicyEvaluatorTest.CTX;
import static net.junction.bgp.policy.PolicyEvaluatorTest.NH;
import static net.junction.bgp.policy.PolicyEvaluatorTest.P24;
import static net.junction.bgp.policy.PolicyEvaluatorTest.withPrefixes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link PolicyEvaluator#explain}: the same outcome as evaluate, and the term that settled it. */
class PolicyExplanationTest
{
    static final IpPrefix OTHER = IpPrefix.parse("203.0.113.0/24");

    static final Policy POLICY = new Policy("import", List.of(
        new Term("tag", Policy.Match.ANY, List.of(new Action.SetLocalPref(150)), Disposition.NEXT),
        new Term("drop-198-18", withPrefixes(new PrefixEntry(IpPrefix.parse("198.18.0.0/15"), 15, 32)), List.of(),
            Disposition.REJECT),
        new Term("keep-203", withPrefixes(PrefixEntry.exact(OTHER)), List.of(), Disposition.ACCEPT)),
        Disposition.REJECT);

    @Test
    void shouldNameTheRejectingTerm()
    {
        final PolicyEvaluator e = new PolicyEvaluator(POLICY);
        final PolicyEvaluator.Explained x = e.explain(P24, AfiSafi.IPV4_UNICAST, ATTRS, NH, CTX);
        assertFalse(x.result().accepted());
        assertEquals("drop-198-18", x.term().name(), "a term going on to the next one settles nothing");
    }

    @Test
    void shouldNameTheAcceptingTermAndReturnWhatEvaluateReturns()
    {
        final PolicyEvaluator e = new PolicyEvaluator(POLICY);
        final PolicyEvaluator.Explained x = e.explain(OTHER, AfiSafi.IPV4_UNICAST, ATTRS, NH, CTX);
        assertTrue(x.result().accepted());
        assertEquals("keep-203", x.term().name());
        assertEquals(e.evaluate(OTHER, AfiSafi.IPV4_UNICAST, ATTRS, NH, CTX), x.result());
        assertEquals(150, x.result().attributes().localPref().value());
    }

    @Test
    void shouldNameNoTermWhenOtherwiseDecides()
    {
        final PolicyEvaluator e = new PolicyEvaluator(POLICY);
        final PolicyEvaluator.Explained x = e.explain(IpPrefix.parse("192.0.2.0/24"), AfiSafi.IPV4_UNICAST, ATTRS,
            NH, CTX);
        assertSame(PolicyEvaluator.Result.REJECTED, x.result());
        assertNull(x.term());
    }

    @Test
    void shouldNotCarryTheTermOfAnEarlierRouteOver()
    {
        final PolicyEvaluator e = new PolicyEvaluator(POLICY);
        e.evaluate(P24, AfiSafi.IPV4_UNICAST, ATTRS, NH, CTX);
        assertNull(e.explain(IpPrefix.parse("192.0.2.0/24"), AfiSafi.IPV4_UNICAST, ATTRS, NH, CTX).term());
        assertEquals("drop-198-18", e.explain(P24, AfiSafi.IPV4_UNICAST, ATTRS, NH, CTX).term().name());
    }
}
