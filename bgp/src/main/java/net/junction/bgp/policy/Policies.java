/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.policy;

import java.util.List;

/**
 * Ready-made policies. RFC 8212's defaults (an eBGP neighbor without a policy exchanges nothing)
 * are applied by the RIB, not here: these are for a configuration that wants to say it outright.
 */
public final class Policies
{
    /** Accepts every route unchanged. */
    public static final Policy ACCEPT_ALL = new Policy("accept-all", List.of(), Policy.Disposition.ACCEPT);

    /** Rejects every route. */
    public static final Policy REJECT_ALL = new Policy("reject-all", List.of(), Policy.Disposition.REJECT);

    private Policies()
    {
    }
}
