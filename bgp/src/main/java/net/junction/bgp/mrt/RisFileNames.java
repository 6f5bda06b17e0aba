/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.mrt;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * File names as RIPE RIS names its MRT files, in UTC: {@code bview.20260701.0800} for a table dump,
 * {@code updates.20260701.0805} for the updates of the interval that starts then.
 */
public final class RisFileNames
{
    /** A table dump's prefix. */
    public static final String BVIEW = "bview";
    /** An update log's prefix. */
    public static final String UPDATES = "updates";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd.HHmm").withZone(ZoneOffset.UTC);

    private RisFileNames()
    {
    }

    /** @return {@code bview.YYYYMMDD.HHMM} of that moment (UTC, seconds dropped). */
    public static String bview(final long epochSeconds)
    {
        return name(BVIEW, epochSeconds);
    }

    /** @return {@code updates.YYYYMMDD.HHMM} of that moment (UTC, seconds dropped). */
    public static String updates(final long epochSeconds)
    {
        return name(UPDATES, epochSeconds);
    }

    private static String name(final String kind, final long epochSeconds)
    {
        return kind + "." + STAMP.format(Instant.ofEpochSecond(epochSeconds));
    }
}
