/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.mrt;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What the router records as MRT files (config {@code bgp.mrt}): periodic TABLE_DUMP_V2 dumps of the Loc-RIB
 * ({@code bview.YYYYMMDD.HHMM}) and a BGP4MP log of every UPDATE received and every session state change
 * ({@code updates.YYYYMMDD.HHMM}, one file per rotation interval), RIPE RIS's names, in UTC.
 *
 * @param directory                where the files go; empty: nothing is recorded.
 * @param tableDumpIntervalSeconds a Loc-RIB dump at every multiple of this since the epoch (UTC); 0: none.
 * @param updateLog                whether UPDATEs and state changes are logged.
 * @param rotateIntervalSeconds    the update log starts a new file at every multiple of this since the epoch.
 * @param keep                     files of each kind kept; the oldest beyond it are deleted.
 */
public record MrtConfig(Optional<Path> directory, int tableDumpIntervalSeconds, boolean updateLog,
                        int rotateIntervalSeconds, int keep)
{
    /** Nothing recorded. */
    public static final MrtConfig NONE = new MrtConfig(Optional.empty(), 0, false, 300, 1);

    /** RIPE RIS: a table dump every 8 hours. */
    public static final int DEFAULT_TABLE_DUMP_INTERVAL_SECONDS = 8 * 3600;
    /** RIPE RIS: an updates file every 5 minutes. */
    public static final int DEFAULT_ROTATE_INTERVAL_SECONDS = 300;
    /** A day of 5-minute files. */
    public static final int DEFAULT_KEEP = 288;

    public MrtConfig
    {
        Objects.requireNonNull(directory, "directory");
        if (tableDumpIntervalSeconds < 0)
        {
            throw new IllegalArgumentException("table-dump-interval must be 0 (none) or more: " + tableDumpIntervalSeconds);
        }
        if (rotateIntervalSeconds < 1)
        {
            throw new IllegalArgumentException("rotate-interval must be at least 1: " + rotateIntervalSeconds);
        }
        if (keep < 1)
        {
            throw new IllegalArgumentException("keep must be at least 1: " + keep);
        }
    }

    /** @return whether anything is recorded. */
    public boolean enabled()
    {
        return directory.isPresent() && (tableDumpIntervalSeconds > 0 || updateLog);
    }
}
