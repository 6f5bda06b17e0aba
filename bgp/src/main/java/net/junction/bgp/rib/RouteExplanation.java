/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.wire.AfiSafi;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why the Loc-RIB holds what it holds for one prefix ({@link BgpRib#explain}): every candidate path of
 * the decision process with the step at which it lost, and every neighbor that sent the prefix but
 * whose route never became a candidate, with the reason (the import policy term that rejected it, a
 * loop, ...). A prefix no neighbor sent has neither: {@link #isEmpty()}.
 *
 * @param family     address family.
 * @param prefix     destination.
 * @param candidates the decision's candidates, in the order the decision process takes them (the
 *                   configured networks, then the neighbors in configuration order); at most one is
 *                   {@link Candidate#best()}.
 * @param rejected   the neighbors whose route for the prefix is held only as received (soft
 *                   reconfiguration inbound) because import refused it.
 */
public record RouteExplanation(AfiSafi family, IpPrefix prefix, List<Candidate> candidates, List<Rejected> rejected)
{
    public RouteExplanation
    {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(prefix, "prefix");
        candidates = List.copyOf(candidates);
        rejected = List.copyOf(rejected);
    }

    /**
     * One path the decision process compared.
     *
     * @param neighbor     the neighbor's name, or "local" for a configured network.
     * @param address      the neighbor's address; null for a configured network.
     * @param external     whether the neighbor is eBGP.
     * @param path         the path after import policy: what the decision compared.
     * @param best         whether the decision selected it.
     * @param lostAt       the step at which it lost; null for the best.
     * @param multipath    whether its next hop is one of several installed together (the best's
     *                     included); false for every candidate when only the best's is installed.
     * @param importPolicy the neighbor's import policy's name; null when it has none.
     * @param importTerm   the name of the import policy term that accepted the route; null when it has
     *                     no import policy or the policy's {@code otherwise} accepted it.
     * @param pathId       the Path Identifier the neighbor sent it with (ADD-PATH, RFC 7911); null without one.
     */
    public record Candidate(
        String neighbor, IpAddress address, boolean external, Path path, boolean best, DecisionStep lostAt,
        boolean multipath, String importPolicy, String importTerm, Integer pathId)
    {
        /**
         * Without a Path Identifier.
         */
        public Candidate(
            final String neighbor, final IpAddress address, final boolean external, final Path path, final boolean best,
            final DecisionStep lostAt, final boolean multipath, final String importPolicy, final String importTerm)
        {
            this(neighbor, address, external, path, best, lostAt, multipath, importPolicy, importTerm, null);
        }

        public Candidate
        {
            Objects.requireNonNull(neighbor, "neighbor");
            Objects.requireNonNull(path, "path");
            if (best != (lostAt == null))
            {
                throw new IllegalArgumentException("the best has no losing step, every other candidate has one");
            }
        }
    }

    /** Why import refused a route, in the order import checks. */
    public enum Reason
    {
        /** The route has no next hop. */
        NO_NEXT_HOP,
        /** Our AS in its AS_PATH from an eBGP neighbor (RFC 4271 §9.1.2), or our identifier as its
         * ORIGINATOR_ID or in its CLUSTER_LIST (RFC 4456 §8). */
        LOOP,
        /** An eBGP neighbor without an import policy (RFC 8212). */
        NO_IMPORT_POLICY,
        /** Only-to-Customer set on a route from a customer or route-server client, or set by another AS on a
         * route from a peer (RFC 9234 §5): a route leak, not eligible. */
        ROUTE_LEAK,
        /** The neighbor's import policy rejected it. */
        IMPORT_POLICY
    }

    /**
     * A route a neighbor sent that import refused.
     *
     * @param neighbor the neighbor's name.
     * @param address  the neighbor's address.
     * @param received the path as received.
     * @param reason   why it was refused.
     * @param policy   with {@link Reason#IMPORT_POLICY}, the policy's name; otherwise null.
     * @param term     with {@link Reason#IMPORT_POLICY}, the name of the term that rejected it, or null
     *                 when no term did and the policy's {@code otherwise} rejected it; otherwise null.
     */
    public record Rejected(String neighbor, IpAddress address, Path received, Reason reason, String policy, String term)
    {
        public Rejected
        {
            Objects.requireNonNull(neighbor, "neighbor");
            Objects.requireNonNull(received, "received");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * @param family address family.
     * @param prefix destination.
     * @return the explanation of a prefix no neighbor sent.
     */
    public static RouteExplanation empty(final AfiSafi family, final IpPrefix prefix)
    {
        return new RouteExplanation(family, prefix, List.of(), List.of());
    }

    /**
     * @return the selected candidate, if a candidate was usable.
     */
    public Optional<Candidate> best()
    {
        for (final Candidate c : candidates)
        {
            if (c.best())
            {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * @return whether no neighbor sent the prefix (and no network is configured for it).
     */
    public boolean isEmpty()
    {
        return candidates.isEmpty() && rejected.isEmpty();
    }
}
