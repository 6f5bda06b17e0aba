/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.policy;

import net.junction.bgp.rpki.ValidationState;
import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A named routing policy: terms tried in order; the first term whose match holds applies its
 * actions and then its disposition (accept, reject, or go on to the next term with the changed
 * route). A route no term settles gets {@code otherwise}. This is the data model; evaluation
 * lives beside it in this package.
 *
 * @param name      unique name, referred to by neighbors' import/export.
 * @param terms     in order.
 * @param otherwise disposition when no term accepts or rejects (ACCEPT or REJECT).
 */
public record Policy(String name, List<Term> terms, Disposition otherwise)
{
    public Policy
    {
        Objects.requireNonNull(name, "name");
        terms = List.copyOf(terms);
        if (Disposition.NEXT == Objects.requireNonNull(otherwise, "otherwise"))
        {
            throw new IllegalArgumentException("a policy ends in accept or reject, not next");
        }
    }

    /** What a term does after its actions. */
    public enum Disposition
    {
        ACCEPT, REJECT, NEXT
    }

    /**
     * One term.
     *
     * @param name        label for logs.
     * @param match       conditions, all of which must hold.
     * @param actions     applied in order when the match holds.
     * @param disposition after the actions.
     */
    public record Term(String name, Match match, List<Action> actions, Disposition disposition)
    {
        public Term
        {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(match, "match");
            actions = List.copyOf(actions);
            Objects.requireNonNull(disposition, "disposition");
        }
    }

    /**
     * Conditions on a route; an empty list or absent value does not constrain. All given conditions
     * must hold; within a list, any entry matching is enough.
     *
     * @param family           the route's address family.
     * @param prefixes         the route's prefix is matched by one entry.
     * @param asPath           AS_PATH, written as space-separated ASNs with sets as
     *                         {@code {1,2}} (e.g. {@code "65001 65002 {65010,65011}"}), matches
     *                         this regular expression somewhere ({@link Pattern#find()}); {@code _}
     *                         stands for a boundary between ASNs, as in Cisco/FRR as-path lists.
     * @param communities      the route carries a community one of these patterns matches.
     * @param largeCommunities the route carries a large community one of these patterns matches.
     * @param nextHops         the route's next hop is inside one of these prefixes.
     * @param rpki             the route's RPKI origin validation state is one of these (RFC 6811).
     */
    public record Match(
        Optional<AfiSafi> family,
        List<PrefixEntry> prefixes,
        Optional<String> asPath,
        List<CommunityPattern> communities,
        List<LargeCommunityPattern> largeCommunities,
        List<IpPrefix> nextHops,
        List<ValidationState> rpki)
    {
        /** Matches every route. */
        public static final Match ANY = new Match(Optional.empty(), List.of(), Optional.empty(), List.of(), List.of(), List.of());

        /** A match without an RPKI condition. */
        public Match(
            final Optional<AfiSafi> family, final List<PrefixEntry> prefixes, final Optional<String> asPath,
            final List<CommunityPattern> communities, final List<LargeCommunityPattern> largeCommunities,
            final List<IpPrefix> nextHops)
        {
            this(family, prefixes, asPath, communities, largeCommunities, nextHops, List.of());
        }

        public Match
        {
            rpki = List.copyOf(rpki);
            Objects.requireNonNull(family, "family");
            prefixes = List.copyOf(prefixes);
            Objects.requireNonNull(asPath, "asPath");
            communities = List.copyOf(communities);
            largeCommunities = List.copyOf(largeCommunities);
            nextHops = List.copyOf(nextHops);
        }
    }

    /**
     * A prefix-list entry: the route's prefix is inside {@code prefix} and its length is in
     * {@code ge..le} (both default to the entry's own length: an exact match).
     *
     * @param prefix covering prefix.
     * @param ge     shortest length matched, {@code prefix.length()..max}.
     * @param le     longest length matched, {@code ge..32} or {@code ge..128}.
     */
    public record PrefixEntry(IpPrefix prefix, int ge, int le)
    {
        public PrefixEntry
        {
            Objects.requireNonNull(prefix, "prefix");
            final int max = prefix.isIpv4() ? 32 : 128;
            if (ge < prefix.length() || ge > le || le > max)
            {
                throw new IllegalArgumentException(
                    prefix + " ge " + ge + " le " + le + ": need " + prefix.length() + " <= ge <= le <= " + max);
            }
        }

        /**
         * @param prefix the prefix to match exactly.
         * @return the entry.
         */
        public static PrefixEntry exact(final IpPrefix prefix)
        {
            return new PrefixEntry(prefix, prefix.length(), prefix.length());
        }
    }

    /**
     * A standard community (RFC 1997) pattern, {@code ASN:VALUE} with {@code -1} for "any" in either
     * half.
     *
     * @param asn   high 16 bits, or -1.
     * @param value low 16 bits, or -1.
     */
    public record CommunityPattern(int asn, int value)
    {
        public CommunityPattern
        {
            if (asn < -1 || asn > 0xFFFF || value < -1 || value > 0xFFFF)
            {
                throw new IllegalArgumentException("community halves are 0..65535 or * : " + asn + ":" + value);
            }
        }

        /**
         * @param community a 32-bit community.
         * @return whether this pattern matches it.
         */
        public boolean matches(final int community)
        {
            return (asn < 0 || asn == community >>> 16) && (value < 0 || value == (community & 0xFFFF));
        }
    }

    /**
     * A large community (RFC 8092) pattern {@code GLOBAL:LOCAL1:LOCAL2}, each field 0..2^32-1 or -1
     * for "any".
     *
     * @param global global administrator.
     * @param local1 first local data part.
     * @param local2 second local data part.
     */
    public record LargeCommunityPattern(long global, long local1, long local2)
    {
        public LargeCommunityPattern
        {
            for (final long field : new long[]{global, local1, local2})
            {
                if (field < -1 || field > 0xFFFF_FFFFL)
                {
                    throw new IllegalArgumentException("large community fields are 0..4294967295 or * : " + field);
                }
            }
        }
    }

    /** What a term does to a route. */
    public sealed interface Action
    {
        /** LOCAL_PREF (iBGP; meaningful on import). */
        record SetLocalPref(long value) implements Action
        {
        }

        /** MULTI_EXIT_DISC. */
        record SetMed(long value) implements Action
        {
        }

        /** Add these communities (32-bit values). */
        record AddCommunities(List<Integer> communities) implements Action
        {
            public AddCommunities
            {
                communities = List.copyOf(communities);
            }
        }

        /** Remove every community a pattern matches. */
        record RemoveCommunities(List<CommunityPattern> patterns) implements Action
        {
            public RemoveCommunities
            {
                patterns = List.copyOf(patterns);
            }
        }

        /** Replace the communities with these (empty: remove all). */
        record SetCommunities(List<Integer> communities) implements Action
        {
            public SetCommunities
            {
                communities = List.copyOf(communities);
            }
        }

        /** Add these large communities, each three unsigned 32-bit fields in a long[3]. */
        record AddLargeCommunities(List<long[]> communities) implements Action
        {
            public AddLargeCommunities
            {
                communities = List.copyOf(communities);
            }
        }

        /** Remove every large community a pattern matches. */
        record RemoveLargeCommunities(List<LargeCommunityPattern> patterns) implements Action
        {
            public RemoveLargeCommunities
            {
                patterns = List.copyOf(patterns);
            }
        }

        /** Prepend {@code asn} (0: the speaker's own AS toward this peer) {@code count} times (1..16). */
        record PrependAs(int asn, int count) implements Action
        {
            public PrependAs
            {
                if (count < 1 || count > 16)
                {
                    throw new IllegalArgumentException("prepend count must be 1..16: " + count);
                }
            }
        }

        /** Next hop: the local address of the session the route is sent on. */
        record NextHopSelf() implements Action
        {
        }

        /** Next hop: this address. */
        record SetNextHop(IpAddress address) implements Action
        {
        }
    }
}
