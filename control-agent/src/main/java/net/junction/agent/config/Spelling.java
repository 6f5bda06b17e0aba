/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Finds the key a misspelt one was probably meant to be: {@code adresses} for {@code addresses}. */
final class Spelling
{
    private Spelling()
    {
    }

    /**
     * The candidate closest to {@code typed}, if one is close enough to be a plausible typo: equal
     * up to case and {@code _} for {@code -}, or within an edit distance that grows with the
     * length (1 up to 4 characters, 2 up to 8, 3 beyond). Ties go to the earlier candidate.
     */
    static Optional<String> closest(final String typed, final List<String> candidates)
    {
        final String normalised = normalise(typed);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String candidate : candidates)
        {
            final int distance = editDistance(normalised, normalise(candidate));
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        final int tolerance = typed.length() <= 4 ? 1 : typed.length() <= 8 ? 2 : 3;
        return null != best && bestDistance <= tolerance ? Optional.of(best) : Optional.empty();
    }

    /**
     * Optimal string alignment distance: an insertion, deletion, substitution or swap of two
     * adjacent characters each costs one ({@code mut} is one edit from {@code mtu}).
     */
    static int editDistance(final String a, final String b)
    {
        final int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++)
        {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++)
        {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            for (int j = 1; j <= b.length(); j++)
            {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1))
                {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static String normalise(final String key)
    {
        return key.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
