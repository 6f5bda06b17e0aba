/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Proposed changes ({@code POST /v1/proposals}): a whole document checked and diffed against the
 * running version it was made from, kept under an id until it is committed with
 * {@code POST /v1/proposals/{id}/commit}, which the lifecycle refuses once the running version has
 * moved from the proposal's base. This is what makes an agent's commit safe: it commits exactly
 * what it was shown, on exactly the configuration it was shown against.
 * <p>
 * Kept in memory only (a restart forgets them: propose again), at most {@value #MAX_PROPOSALS},
 * each for {@link #MAX_AGE}; making one more drops the expired, then the oldest.
 */
final class Proposals
{
    static final int MAX_PROPOSALS = 64;
    static final Duration MAX_AGE = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One proposal.
     *
     * @param id          {@code p-} and 12 hex digits, random.
     * @param baseVersion the running version it was made from.
     * @param author      who proposed it ({@code token:NAME}).
     * @param agent       the agent, as its client named itself ({@code X-Junction-Agent}).
     * @param message     why, if given; the commit's message unless the commit gives one.
     * @param time        when.
     * @param document    the whole configuration, YAML or JSON, as sent.
     * @param problems    validation problems, empty when valid.
     * @param diff        the changes against the base, when valid.
     * @param committed   the commit it became, once committed.
     */
    record Proposal(
        String id, long baseVersion, String author, Optional<String> agent, Optional<String> message, Instant time,
        String document, List<Problem.FieldError> problems, Optional<ConfigEndpoints.DiffView> diff,
        OptionalLong committed)
    {
        Proposal committedAs(final long number)
        {
            return new Proposal(id, baseVersion, author, agent, message, time, document, problems, diff, OptionalLong.of(number));
        }
    }

    private final InstantSource clock;
    private final Map<String, Proposal> byId = new LinkedHashMap<>();

    Proposals(final InstantSource clock)
    {
        this.clock = clock;
    }

    static String newId()
    {
        final byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return "p-" + HexFormat.of().formatHex(bytes);
    }

    Instant now()
    {
        return clock.instant();
    }

    /** Keeps {@code proposal}, dropping the expired and then the oldest beyond the bound. */
    synchronized void add(final Proposal proposal)
    {
        expire();
        while (byId.size() >= MAX_PROPOSALS)
        {
            byId.remove(byId.keySet().iterator().next());
        }
        byId.put(proposal.id(), proposal);
    }

    synchronized Optional<Proposal> get(final String id)
    {
        expire();
        return Optional.ofNullable(byId.get(id));
    }

    synchronized void replace(final Proposal proposal)
    {
        byId.replace(proposal.id(), proposal);
    }

    Instant expires(final Proposal proposal)
    {
        return proposal.time().plus(MAX_AGE);
    }

    private void expire()
    {
        final Instant now = clock.instant();
        byId.values().removeIf(p -> !expires(p).isAfter(now));
    }
}
