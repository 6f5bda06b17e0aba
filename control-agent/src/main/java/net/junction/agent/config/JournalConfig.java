/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import net.junction.agent.journal.JournalConfiguration;

/**
 * The {@code journal:} section: the route journal in the state directory ({@code STATE/journal},
 * docs/journal.md), which records every change of a BGP best route with its cause, every commit and
 * every BGP session event.
 *
 * @param enabled       whether the router keeps it (default true; it needs a state directory, which
 *                      {@code junction run} always has).
 * @param retentionDays how many days of records are kept, {@value #MIN_RETENTION_DAYS}..{@value #MAX_RETENTION_DAYS}
 *                      (default {@value #DEFAULT_RETENTION_DAYS}).
 * @param maxBytes      the most its files may take, {@link JournalConfiguration#MIN_MAX_BYTES} (64 MiB)..
 *                      {@link #MAX_MAX_BYTES} (1 TiB); default {@link JournalConfiguration#DEFAULT_MAX_BYTES} (4 GiB).
 */
public record JournalConfig(boolean enabled, int retentionDays, long maxBytes)
{
    public static final int MIN_RETENTION_DAYS = 1;
    public static final int MAX_RETENTION_DAYS = 3650;
    public static final int DEFAULT_RETENTION_DAYS = (int)JournalConfiguration.DEFAULT_RETENTION.toDays();
    /** The largest {@code max-size}: 1 TiB. */
    public static final long MAX_MAX_BYTES = 1L << 40;

    /** On, 30 days, 4 GiB. */
    public static final JournalConfig DEFAULTS =
        new JournalConfig(true, DEFAULT_RETENTION_DAYS, JournalConfiguration.DEFAULT_MAX_BYTES);

    /** @throws IllegalArgumentException naming the field. */
    public JournalConfig
    {
        if (retentionDays < MIN_RETENTION_DAYS || retentionDays > MAX_RETENTION_DAYS)
        {
            throw new IllegalArgumentException("journal.retention-days: " + retentionDays + " is out of range " +
                MIN_RETENTION_DAYS + ".." + MAX_RETENTION_DAYS);
        }
        if (maxBytes < JournalConfiguration.MIN_MAX_BYTES || maxBytes > MAX_MAX_BYTES)
        {
            throw new IllegalArgumentException("journal.max-size: " + maxBytes + " bytes is out of range 64MiB..1TiB");
        }
    }

    /** @return the journal's tunables for these settings (one cycle file per UTC day). */
    public JournalConfiguration configuration()
    {
        return JournalConfiguration.DEFAULT.withRetention(java.time.Duration.ofDays(retentionDays)).withMaxBytes(maxBytes);
    }

    /** @return such as {@code on, 30 days, at most 4GiB}. */
    public String describe()
    {
        return (enabled ? "on" : "off") + ", " + retentionDays + " days, at most " + formatSize(maxBytes);
    }

    /**
     * @param bytes a size.
     * @return it in the largest binary unit that divides it exactly ({@code 4GiB}, {@code 96MiB}), or bytes.
     */
    public static String formatSize(final long bytes)
    {
        if (bytes > 0 && bytes % (1L << 40) == 0)
        {
            return (bytes >> 40) + "TiB";
        }
        if (bytes > 0 && bytes % (1L << 30) == 0)
        {
            return (bytes >> 30) + "GiB";
        }
        if (bytes > 0 && bytes % (1L << 20) == 0)
        {
            return (bytes >> 20) + "MiB";
        }
        return Long.toString(bytes);
    }
}
