/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.policy;

import net.junction.bgp.rpki.ValidationState;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs a {@link Policy} on one route: the terms in order; the first whose match holds applies its
 * actions, then its disposition settles the route (accept, reject) or passes the changed route on
 * to the following terms (next); a route no term settles gets the policy's {@code otherwise}.
 * <p>
 * Everything a policy needs is prepared once here (AS-path expressions compiled through the shared
 * {@link AsPathRegex} cache). Not thread safe (it remembers the last AS_PATH's text), one per
 * policy per event loop.
 */
public final class PolicyEvaluator
{
    /**
     * The outcome.
     *
     * @param accepted   whether the route passes.
     * @param attributes the attributes after the actions (the input when nothing changed); null if
     *                   rejected.
     * @param nextHop    the next hop after the actions; null if rejected.
     */
    public record Result(boolean accepted, PathAttributes attributes, IpAddress nextHop)
    {
        /** The shared rejection. */
        public static final Result REJECTED = new Result(false, null, null);
    }

    /**
     * An outcome with the term that settled it.
     *
     * @param result as {@link #evaluate} returns it.
     * @param term   the term whose disposition accepted or rejected the route; null when no term did and
     *               the policy's {@code otherwise} decided.
     */
    public record Explained(Result result, Policy.Term term)
    {
    }

    private record CompiledTerm(Policy.Term term, Pattern asPath)
    {
    }

    /** {@link #settledBy} when no term settled the route. */
    private static final int OTHERWISE = -1;

    private final Policy policy;
    private final CompiledTerm[] terms;
    private final boolean dependsOnPrefix;
    private final boolean dependsOnRpki;

    private PathAttribute.AsPath lastAsPath;
    private String lastAsPathText;
    /** The index of the term that settled the last route evaluated, or {@link #OTHERWISE}. */
    private int settledBy = OTHERWISE;

    /**
     * @param policy to evaluate.
     * @throws java.util.regex.PatternSyntaxException if an AS-path expression is malformed.
     */
    public PolicyEvaluator(final Policy policy)
    {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.terms = new CompiledTerm[policy.terms().size()];
        boolean prefixes = false;
        boolean rpki = false;
        for (int i = 0; i < terms.length; i++)
        {
            final Policy.Term t = policy.terms().get(i);
            terms[i] = new CompiledTerm(t, t.match().asPath().map(AsPathRegex::compile).orElse(null));
            prefixes |= !t.match().prefixes().isEmpty();
            rpki |= !t.match().rpki().isEmpty();
        }
        // A route's RPKI state depends on its prefix: routes of one UPDATE may differ.
        this.dependsOnPrefix = prefixes || rpki;
        this.dependsOnRpki = rpki;
    }

    /**
     * @return the policy.
     */
    public Policy policy()
    {
        return policy;
    }

    /**
     * @return whether some term looks at the prefix: if not, routes with equal attributes (one
     *     UPDATE's) get equal results and the caller may evaluate once for all of them.
     */
    public boolean dependsOnPrefix()
    {
        return dependsOnPrefix;
    }

    /**
     * @return whether some term matches on the RPKI state: the routes it covers must be evaluated again when the
     *     VRPs change.
     */
    public boolean dependsOnRpki()
    {
        return dependsOnRpki;
    }

    /**
     * @param prefix     the route's destination.
     * @param family     its address family.
     * @param attributes its attributes.
     * @param nextHop    its next hop (may be null for a route without one).
     * @param context    the session it is evaluated for.
     * @return accept with the changed attributes and next hop, or {@link Result#REJECTED}.
     */
    public Result evaluate(
        final IpPrefix prefix, final AfiSafi family, final PathAttributes attributes, final IpAddress nextHop,
        final PolicyContext context)
    {
        PathAttributes current = attributes;
        IpAddress currentNextHop = nextHop;
        for (int i = 0; i < terms.length; i++)
        {
            final CompiledTerm t = terms[i];
            if (!matches(t, prefix, family, current, currentNextHop, context))
            {
                continue;
            }
            if (!t.term().actions().isEmpty())
            {
                final PathAttributes.Builder b = current.toBuilder();
                for (final Policy.Action action : t.term().actions())
                {
                    currentNextHop = apply(action, b, currentNextHop, context);
                }
                current = b.build();
            }
            switch (t.term().disposition())
            {
                case ACCEPT ->
                {
                    settledBy = i;
                    return new Result(true, current, currentNextHop);
                }
                case REJECT ->
                {
                    settledBy = i;
                    return Result.REJECTED;
                }
                case NEXT ->
                {
                }
            }
        }
        settledBy = OTHERWISE;
        return policy.otherwise() == Policy.Disposition.ACCEPT ?
            new Result(true, current, currentNextHop) : Result.REJECTED;
    }

    /**
     * {@link #evaluate}, also naming the term that settled the route: for explanations. The evaluation
     * is the same code; it only notes the settling term's index in a field, so {@link #evaluate} pays
     * one store for this.
     *
     * @param prefix     the route's destination.
     * @param family     its address family.
     * @param attributes its attributes.
     * @param nextHop    its next hop (may be null for a route without one).
     * @param context    the session it is evaluated for.
     * @return the outcome and the term that settled it.
     */
    public Explained explain(
        final IpPrefix prefix, final AfiSafi family, final PathAttributes attributes, final IpAddress nextHop,
        final PolicyContext context)
    {
        final Result result = evaluate(prefix, family, attributes, nextHop, context);
        return new Explained(result, settledBy == OTHERWISE ? null : terms[settledBy].term());
    }

    private boolean matches(
        final CompiledTerm t, final IpPrefix prefix, final AfiSafi family, final PathAttributes attributes,
        final IpAddress nextHop, final PolicyContext context)
    {
        final Policy.Match m = t.term().match();
        if (!m.rpki().isEmpty())
        {
            // RFC 6811 §2, against the VRPs in effect now; without any, every route is not-found.
            final ValidationState state = context.rpki() == null ? ValidationState.NOT_FOUND :
                context.rpki().validate(prefix, attributes.asPath());
            if (!m.rpki().contains(state))
            {
                return false;
            }
        }
        if (m.family().isPresent() && !m.family().get().equals(family))
        {
            return false;
        }
        if (!m.prefixes().isEmpty() && !matchesPrefix(m.prefixes(), prefix))
        {
            return false;
        }
        if (t.asPath() != null && !t.asPath().matcher(asPathText(attributes.asPath())).find())
        {
            return false;
        }
        if (!m.communities().isEmpty() && !matchesCommunity(m.communities(), attributes.communities()))
        {
            return false;
        }
        if (!m.largeCommunities().isEmpty() &&
            !matchesLargeCommunity(m.largeCommunities(), attributes.largeCommunities()))
        {
            return false;
        }
        return m.nextHops().isEmpty() || matchesNextHop(m.nextHops(), nextHop);
    }

    /**
     * @param entries a prefix list.
     * @param prefix  a route's prefix.
     * @return whether an entry covers the prefix with a length in its ge..le.
     */
    public static boolean matchesPrefix(final List<Policy.PrefixEntry> entries, final IpPrefix prefix)
    {
        for (final Policy.PrefixEntry e : entries)
        {
            if (e.prefix().contains(prefix) && prefix.length() >= e.ge() && prefix.length() <= e.le())
            {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesCommunity(
        final List<Policy.CommunityPattern> patterns, final PathAttribute.Communities communities)
    {
        if (communities == null)
        {
            return false;
        }
        for (int i = 0; i < communities.size(); i++)
        {
            for (final Policy.CommunityPattern p : patterns)
            {
                if (p.matches(communities.get(i)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param p a pattern.
     * @param global  global administrator (unsigned in an int).
     * @param local1  first local data part.
     * @param local2  second local data part.
     * @return whether the pattern matches the community.
     */
    public static boolean matchesLarge(final Policy.LargeCommunityPattern p, final int global, final int local1,
        final int local2)
    {
        return (p.global() < 0 || p.global() == Integer.toUnsignedLong(global)) &&
            (p.local1() < 0 || p.local1() == Integer.toUnsignedLong(local1)) &&
            (p.local2() < 0 || p.local2() == Integer.toUnsignedLong(local2));
    }

    private static boolean matchesLargeCommunity(
        final List<Policy.LargeCommunityPattern> patterns, final PathAttribute.LargeCommunities communities)
    {
        if (communities == null)
        {
            return false;
        }
        for (int i = 0; i < communities.size(); i++)
        {
            for (final Policy.LargeCommunityPattern p : patterns)
            {
                if (matchesLarge(p, communities.globalAdministrator(i), communities.localData1(i),
                    communities.localData2(i)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesNextHop(final List<IpPrefix> prefixes, final IpAddress nextHop)
    {
        if (nextHop == null)
        {
            return false;
        }
        for (final IpPrefix p : prefixes)
        {
            if (p.contains(nextHop))
            {
                return true;
            }
        }
        return false;
    }

    private String asPathText(final PathAttribute.AsPath asPath)
    {
        // Routes of one UPDATE share their AS_PATH instance: remember the last text.
        if (asPath != lastAsPath || lastAsPathText == null)
        {
            lastAsPath = asPath;
            lastAsPathText = AsPathRegex.text(asPath);
        }
        return lastAsPathText;
    }

    private static IpAddress apply(
        final Policy.Action action, final PathAttributes.Builder b, final IpAddress nextHop, final PolicyContext context)
    {
        switch (action)
        {
            case Policy.Action.SetLocalPref a -> b.put(new PathAttribute.LocalPref((int)a.value()));
            case Policy.Action.SetMed a -> b.put(new PathAttribute.MultiExitDisc((int)a.value()));
            case Policy.Action.AddCommunities a ->
            {
                final Set<Integer> all = new LinkedHashSet<>(communities(b));
                all.addAll(a.communities());
                putCommunities(b, all);
            }
            case Policy.Action.RemoveCommunities a ->
            {
                final List<Integer> kept = new ArrayList<>();
                for (final int c : communities(b))
                {
                    boolean matched = false;
                    for (final Policy.CommunityPattern p : a.patterns())
                    {
                        matched |= p.matches(c);
                    }
                    if (!matched)
                    {
                        kept.add(c);
                    }
                }
                putCommunities(b, kept);
            }
            case Policy.Action.SetCommunities a -> putCommunities(b, new LinkedHashSet<>(a.communities()));
            case Policy.Action.AddLargeCommunities a ->
            {
                final List<int[]> all = largeCommunities(b);
                for (final long[] add : a.communities())
                {
                    final int[] triple = {(int)add[0], (int)add[1], (int)add[2]};
                    boolean present = false;
                    for (final int[] have : all)
                    {
                        present |= java.util.Arrays.equals(have, triple);
                    }
                    if (!present)
                    {
                        all.add(triple);
                    }
                }
                putLargeCommunities(b, all);
            }
            case Policy.Action.RemoveLargeCommunities a ->
            {
                final List<int[]> kept = new ArrayList<>();
                for (final int[] c : largeCommunities(b))
                {
                    boolean matched = false;
                    for (final Policy.LargeCommunityPattern p : a.patterns())
                    {
                        matched |= matchesLarge(p, c[0], c[1], c[2]);
                    }
                    if (!matched)
                    {
                        kept.add(c);
                    }
                }
                putLargeCommunities(b, kept);
            }
            case Policy.Action.PrependAs a ->
            {
                final int asn = a.asn() == 0 ? context.localAs() : a.asn();
                b.put(prepend((PathAttribute.AsPath)b.get(PathAttribute.AS_PATH), asn, a.count()));
            }
            case Policy.Action.NextHopSelf ignored ->
            {
                return context.localAddress() != null ? context.localAddress() : nextHop;
            }
            case Policy.Action.SetNextHop a ->
            {
                return a.address();
            }
        }
        return nextHop;
    }

    /**
     * @param asPath a path, or null for the empty path.
     * @param asn    AS to put in front.
     * @param count  how many times.
     * @return the path with {@code asn} prepended {@code count} times, joined to a leading AS_SEQUENCE
     *     while it fits in one segment.
     */
    public static PathAttribute.AsPath prepend(final PathAttribute.AsPath asPath, final int asn, final int count)
    {
        final List<AsPathSegment> segments = new ArrayList<>(asPath == null ? List.of() : asPath.segments());
        int remaining = count;
        if (!segments.isEmpty() && segments.getFirst().type() == AsPathSegment.AS_SEQUENCE &&
            segments.getFirst().size() < AsPathSegment.MAX_ASNS)
        {
            final AsPathSegment first = segments.getFirst();
            final int add = Math.min(remaining, AsPathSegment.MAX_ASNS - first.size());
            final int[] asns = new int[first.size() + add];
            java.util.Arrays.fill(asns, 0, add, asn);
            for (int i = 0; i < first.size(); i++)
            {
                asns[add + i] = first.asn(i);
            }
            segments.set(0, AsPathSegment.sequence(asns));
            remaining -= add;
        }
        if (remaining > 0)
        {
            final int[] asns = new int[remaining];
            java.util.Arrays.fill(asns, asn);
            segments.addFirst(AsPathSegment.sequence(asns));
        }
        return new PathAttribute.AsPath(segments);
    }

    private static List<Integer> communities(final PathAttributes.Builder b)
    {
        final PathAttribute.Communities c = (PathAttribute.Communities)b.get(PathAttribute.COMMUNITIES);
        final List<Integer> out = new ArrayList<>();
        if (c != null)
        {
            for (int i = 0; i < c.size(); i++)
            {
                out.add(c.get(i));
            }
        }
        return out;
    }

    private static void putCommunities(final PathAttributes.Builder b, final java.util.Collection<Integer> values)
    {
        if (values.isEmpty())
        {
            b.remove(PathAttribute.COMMUNITIES);
            return;
        }
        final int[] array = new int[values.size()];
        int i = 0;
        for (final int v : values)
        {
            array[i++] = v;
        }
        b.put(new PathAttribute.Communities(array));
    }

    private static List<int[]> largeCommunities(final PathAttributes.Builder b)
    {
        final PathAttribute.LargeCommunities c = (PathAttribute.LargeCommunities)b.get(PathAttribute.LARGE_COMMUNITY);
        final List<int[]> out = new ArrayList<>();
        if (c != null)
        {
            for (int i = 0; i < c.size(); i++)
            {
                out.add(new int[]{c.globalAdministrator(i), c.localData1(i), c.localData2(i)});
            }
        }
        return out;
    }

    private static void putLargeCommunities(final PathAttributes.Builder b, final List<int[]> values)
    {
        if (values.isEmpty())
        {
            b.remove(PathAttribute.LARGE_COMMUNITY);
            return;
        }
        final int[] array = new int[3 * values.size()];
        for (int i = 0; i < values.size(); i++)
        {
            System.arraycopy(values.get(i), 0, array, 3 * i, 3);
        }
        b.put(new PathAttribute.LargeCommunities(array));
    }
}
