/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.commit;

import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import org.agrona.concurrent.Agent;

/**
 * Rolls back a commit made with {@code --confirm MINUTES} once its deadline passes unconfirmed,
 * to the commit it replaced (a new commit by {@value ConfigLifecycle#SYSTEM_AUTHOR}). An Agrona
 * {@link Agent}: run it with an {@code AgentRunner} and a sleeping idle strategy, or call
 * {@link #doWork()} by hand (tests, with a clock they move).
 * <p>
 * The deadline is in the state directory, so a router stopped past it rolls back when it starts
 * again ({@link ConfigLifecycle#start} checks first). A rollback the applier refuses is retried
 * at the next call; it is logged once per distinct reason, not at every call.
 */
public final class ConfirmTimer implements Agent
{
    private static final System.Logger LOG = System.getLogger(ConfirmTimer.class.getName());

    private final ConfigLifecycle lifecycle;
    private final InstantSource clock;
    private final Consumer<CommitRecord> rolledBackListener;
    private String lastFailure;

    /**
     * @param lifecycle whose pending commit to watch.
     * @param clock     the time the deadline is compared with.
     */
    public ConfirmTimer(final ConfigLifecycle lifecycle, final InstantSource clock)
    {
        this(lifecycle, clock, rollback -> { });
    }

    /**
     * @param lifecycle          whose pending commit to watch.
     * @param clock              the time the deadline is compared with.
     * @param rolledBackListener told of every rollback this timer made (the router's event stream).
     */
    public ConfirmTimer(
        final ConfigLifecycle lifecycle, final InstantSource clock, final Consumer<CommitRecord> rolledBackListener)
    {
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rolledBackListener = Objects.requireNonNull(rolledBackListener, "rolledBackListener");
    }

    /**
     * @return the rollback commit, when the deadline had passed and the rollback was made.
     */
    public Optional<CommitRecord> poll()
    {
        try
        {
            final Optional<CommitRecord> rolledBack = lifecycle.rollBackIfExpired(clock.instant());
            rolledBack.ifPresent(r ->
            {
                LOG.log(System.Logger.Level.WARNING, r.message() + " (commit " + r.number() + ")");
                rolledBackListener.accept(r);
            });
            lastFailure = null;
            return rolledBack;
        }
        catch (final CommitRefusedException ex)
        {
            if (!ex.getMessage().equals(lastFailure))
            {
                lastFailure = ex.getMessage();
                LOG.log(System.Logger.Level.ERROR, "commit-confirm roll-back refused, retrying: " + ex.getMessage());
            }
            return Optional.empty();
        }
    }

    @Override
    public int doWork()
    {
        return poll().isPresent() ? 1 : 0;
    }

    @Override
    public String roleName()
    {
        return "confirm-timer";
    }
}
