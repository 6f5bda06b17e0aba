/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.commit;

import java.util.Optional;
import java.util.function.Supplier;

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

    /**
     * {@link #apply(Optional, JunctionConfig, ConfigDiff)} for a commit: the lifecycle calls this one, so
     * a router that journals can record the commit before the changes it causes (the record is not stored
     * yet; if the apply or the storing fails, it never will be). By default the commit is not looked at.
     *
     * @param commit the commit being made (its number, author and message).
     * @throws Exception as the other.
     */
    default void apply(final CommitRecord commit, final Optional<JunctionConfig> from, final JunctionConfig to,
        final ConfigDiff diff) throws Exception
    {
        apply(from, to, diff);
    }

    /**
     * @param applier where each call goes, asked at each call (the router, once it runs).
     * @return an applier that hands both kinds of call on, the commit included.
     */
    static ConfigApplier deferredTo(final Supplier<ConfigApplier> applier)
    {
        return new ConfigApplier()
        {
            @Override
            public void apply(final Optional<JunctionConfig> from, final JunctionConfig to, final ConfigDiff diff)
                throws Exception
            {
                applier.get().apply(from, to, diff);
            }

            @Override
            public void apply(final CommitRecord commit, final Optional<JunctionConfig> from, final JunctionConfig to,
                final ConfigDiff diff) throws Exception
            {
                applier.get().apply(commit, from, to, diff);
            }
        };
    }
}
