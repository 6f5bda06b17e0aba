/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.commit;

import java.util.Optional;

import net.junction.agent.config.JunctionConfig;
import net.junction.agent.config.diff.ConfigDiff;

/**
 * The step that makes a running router match a new configuration. {@link ConfigLifecycle} calls
 * it after every check has passed and before the commit is recorded; if it throws, nothing is
 * recorded and the commit is refused.
 * <p>
 * Promise an implementation must keep: when {@link #apply} throws, the router is as it was before
 * the call (routes, sessions, counters): all of the change or none. The lifecycle also calls it
 * once more, from the new configuration back to the old, if recording fails after a successful
 * apply.
 */
@FunctionalInterface
public interface ConfigApplier
{
    /** For a router that is not running yet (at {@code junction run}'s start): nothing to change. */
    ConfigApplier NOT_RUNNING = (from, to, diff) ->
    {
    };

    /**
     * @param from what runs now; empty when nothing was committed before.
     * @param to   what should run.
     * @param diff from {@code from} to {@code to}.
     * @throws Exception when the change could not be made; the router must then be as it was.
     */
    void apply(Optional<JunctionConfig> from, JunctionConfig to, ConfigDiff diff) throws Exception;
}
