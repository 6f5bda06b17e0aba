/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.session;

import net.junction.bgp.wire.AfiSafi;

import java.util.Objects;
import java.util.Set;

/**
 * What this speaker says of its own restart in the graceful restart capability (RFC 4724 §3), and what it does
 * as the restarting speaker (§4.1).
 * <p>
 * A speaker that comes back after its control plane stopped (crashed, restarted, upgraded) while the data plane
 * kept forwarding is {@linkplain #restarting restarting}: its OPENs carry the Restart State (R) bit, so its
 * peers send their tables without waiting for its End-of-RIB, and the Forwarding State (F) bit of each family
 * whose forwarding state the data plane really kept, so the peers (the helpers, §4.2) keep its routes of those
 * families until its End-of-RIB. It defers route selection until every graceful-restart peer has sent its
 * End-of-RIB, or {@link #selectionDeferralSeconds} have passed: until then nothing goes to the FIB or to a peer,
 * and the data plane forwards on what it kept.
 *
 * @param restarting               this speaker has just restarted: R bit, and route selection deferred.
 * @param forwardingKept           families whose forwarding state the data plane kept: their F bit (set in every
 *                                 OPEN: it says the state survives a restart of this speaker).
 * @param selectionDeferralSeconds the Selection_Deferral_Timer (§4.1): route selection waits at most this long
 *                                 for the peers' End-of-RIB (1..3600; 360 by default, FRR's select-defer-time).
 */
public record LocalRestart(boolean restarting, Set<AfiSafi> forwardingKept, int selectionDeferralSeconds)
{
    /** The default Selection_Deferral_Timer. */
    public static final int DEFAULT_SELECTION_DEFERRAL_SECONDS = 360;

    /** A speaker starting afresh, with no forwarding state of its own. */
    public static final LocalRestart NONE = new LocalRestart(false, Set.of(), DEFAULT_SELECTION_DEFERRAL_SECONDS);

    public LocalRestart
    {
        forwardingKept = Set.copyOf(Objects.requireNonNull(forwardingKept, "forwardingKept"));
        if (selectionDeferralSeconds < 1 || selectionDeferralSeconds > 3600)
        {
            throw new IllegalArgumentException("selection deferral must be 1..3600 s, not " + selectionDeferralSeconds);
        }
    }

    /**
     * A speaker back from a restart.
     *
     * @param forwardingKept           families whose forwarding state was kept.
     * @param selectionDeferralSeconds the most route selection waits for the peers' End-of-RIB.
     * @return the state.
     */
    public static LocalRestart restarted(final Set<AfiSafi> forwardingKept, final int selectionDeferralSeconds)
    {
        return new LocalRestart(true, forwardingKept, selectionDeferralSeconds);
    }
}
