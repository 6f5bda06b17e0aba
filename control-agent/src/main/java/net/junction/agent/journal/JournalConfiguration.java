/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.journal;

import java.time.Duration;

import net.openhft.chronicle.queue.RollCycles;

/**
 * The journal's tunables, defaults documented here and in docs/journal.md.
 *
 * @param retention  how long records are kept: a cycle file whose whole cycle ended longer ago than
 *                   this is deleted. Default {@link #DEFAULT_RETENTION} (30 days).
 * @param maxBytes   the most the cycle files may take together (their lengths as the file system
 *                   reports them); the oldest are deleted until they fit. The cycle being written is
 *                   never deleted, so one busy cycle may exceed it. Default {@link #DEFAULT_MAX_BYTES}.
 * @param rollCycle  how often Chronicle starts a new cycle file; retention deletes whole cycles, so
 *                   this is its granularity. Default {@link RollCycles#FAST_DAILY} (one file per UTC day).
 */
public record JournalConfiguration(Duration retention, long maxBytes, RollCycles rollCycle)
{
    /** Default retention: 30 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    /** Default size bound: 4 GiB (a full-table load of 1.25M changes takes about 0.2 GiB). */
    public static final long DEFAULT_MAX_BYTES = 4L << 30;

    /** Smallest size bound accepted: 64 MiB, below which a single cycle file would not fit. */
    public static final long MIN_MAX_BYTES = 64L << 20;

    /** The defaults. */
    public static final JournalConfiguration DEFAULT =
        new JournalConfiguration(DEFAULT_RETENTION, DEFAULT_MAX_BYTES, RollCycles.FAST_DAILY);

    /**
     * @throws IllegalArgumentException naming the bad value.
     */
    public JournalConfiguration
    {
        if (null == retention || retention.isNegative() || retention.isZero())
        {
            throw new IllegalArgumentException("journal retention must be a positive duration, not " + retention);
        }
        if (maxBytes < MIN_MAX_BYTES)
        {
            throw new IllegalArgumentException(
                "journal maxBytes must be at least " + MIN_MAX_BYTES + " (64 MiB), not " + maxBytes);
        }
        if (null == rollCycle)
        {
            throw new IllegalArgumentException("journal rollCycle must be given (e.g. FAST_DAILY)");
        }
    }

    /** @return a copy with another retention. */
    public JournalConfiguration withRetention(final Duration retention)
    {
        return new JournalConfiguration(retention, maxBytes, rollCycle);
    }

    /** @return a copy with another size bound. */
    public JournalConfiguration withMaxBytes(final long maxBytes)
    {
        return new JournalConfiguration(retention, maxBytes, rollCycle);
    }

    /** @return a copy with another roll cycle. */
    public JournalConfiguration withRollCycle(final RollCycles rollCycle)
    {
        return new JournalConfiguration(retention, maxBytes, rollCycle);
    }
}
