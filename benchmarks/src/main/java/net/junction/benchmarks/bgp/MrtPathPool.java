/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.bgp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import net.junction.bgp.mrt.MrtUpdateReader;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;

/**
 * Real path attributes, as RIPE RIS peers sent them, read from MRT update dumps (RFC 6396 BGP4MP_MESSAGE
 * and BGP4MP_MESSAGE_AS4 records hold the raw UPDATE) by {@link MrtUpdateReader}, with Junction's own codec.
 * <p>
 * One entry per announcement, duplicates kept: drawing uniformly from the pool draws paths as often as
 * the Internet used them, so a synthetic table gets the real path-length distribution, the real mix of
 * AS numbers and the real share of routes with communities. Kept per entry: ORIGIN, AS_PATH (AS4_PATH
 * merged in), COMMUNITIES and LARGE_COMMUNITY; next hops, MED, LOCAL_PREF and the rest are the injector's.
 */
final class MrtPathPool
{
    final List<PathAttributes> ipv4 = new ArrayList<>();
    final List<PathAttributes> ipv6 = new ArrayList<>();

    /**
     * @return {@code ../shared/data/mrt} beside the checkout: {@code -Djunction.home}, else the working
     *     folder, taken as the checkout.
     */
    static Path defaultDir()
    {
        final String home = System.getProperty("junction.home");
        final Path root = home == null || home.isBlank() ? Path.of("") : Path.of(home);
        return root.toAbsolutePath().resolve("../shared/data/mrt").normalize();
    }

    /** Read every {@code updates.*.gz} dump in {@code dir} that has announcements. */
    static MrtPathPool load(final Path dir, final List<String> files) throws IOException
    {
        final MrtPathPool pool = new MrtPathPool();
        for (final String f : files)
        {
            final Path path = dir.resolve(f);
            if (Files.isReadable(path))
            {
                pool.read(path);
            }
        }
        if (pool.ipv4.isEmpty())
        {
            throw new IOException("no announcements found in " + files + " under " + dir
                + " (the RIPE RIS MRT dumps of ../shared/data/mrt beside the checkout; set --mrt DIR or -Djunction.home)");
        }
        if (pool.ipv6.isEmpty())
        {
            pool.ipv6.addAll(pool.ipv4);
        }
        return pool;
    }

    private void read(final Path path) throws IOException
    {
        MrtUpdateReader.read(path, peer -> true, update ->
        {
            if (update.attributeDiscarded())
            {
                return; // a path as a router would keep it, not as the peer sent it
            }
            for (final MrtUpdateReader.Announced a : update.announced())
            {
                final PathAttributes kept = keep(a.path().attributes());
                if (kept != null)
                {
                    (a.prefix().isIpv4() ? ipv4 : ipv6).add(kept);
                }
            }
        });
    }

    /** The attributes a table entry keeps, or null for an announcement without a usable AS path. */
    private static PathAttributes keep(final PathAttributes a)
    {
        final PathAttribute.AsPath asPath = a.asPath();
        if (asPath == null || asPath.segments().isEmpty() || asPath.segments().get(0).type() != 2)
        {
            return null;
        }
        final PathAttributes.Builder b = PathAttributes.builder()
            .put(a.origin() == null ? PathAttribute.Origin.ORIGIN_IGP : a.origin())
            .put(asPath);
        if (a.communities() != null)
        {
            b.put(a.communities());
        }
        if (a.largeCommunities() != null)
        {
            b.put(a.largeCommunities());
        }
        return b.build();
    }

    /** Path length (RFC 4271 §9.1.2.2 a) to how many pool entries have it. */
    static TreeMap<Integer, Integer> lengthHistogram(final List<PathAttributes> entries)
    {
        final TreeMap<Integer, Integer> h = new TreeMap<>();
        for (final PathAttributes a : entries)
        {
            h.merge(a.asPath().pathLength(), 1, Integer::sum);
        }
        return h;
    }
}
