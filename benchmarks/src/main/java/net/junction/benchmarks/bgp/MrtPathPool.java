/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.bgp;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.CodecOptions;
import net.junction.bgp.wire.DecodeResult;
import net.junction.bgp.wire.MessageDecoder;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.AsPaths;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;

/**
 * Real path attributes, as RIPE RIS peers sent them, read from MRT update dumps (RFC 6396 BGP4MP_MESSAGE
 * and BGP4MP_MESSAGE_AS4 records hold the raw UPDATE) and decoded with Junction's own codec.
 * <p>
 * One entry per announcement, duplicates kept: drawing uniformly from the pool draws paths as often as
 * the Internet used them, so a synthetic table gets the real path-length distribution, the real mix of
 * AS numbers and the real share of routes with communities. Kept per entry: ORIGIN, AS_PATH (AS4_PATH
 * merged in), COMMUNITIES and LARGE_COMMUNITY; next hops, MED, LOCAL_PREF and the rest are the injector's.
 */
final class MrtPathPool
{
    static final int BGP4MP = 16;
    static final int BGP4MP_ET = 17;

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
        try (InputStream in = new GZIPInputStream(Files.newInputStream(path), 1 << 16))
        {
            final DataInputStream data = new DataInputStream(in);
            final byte[] header = new byte[12];
            while (true)
            {
                try
                {
                    data.readFully(header);
                }
                catch (final EOFException ex)
                {
                    return;
                }
                final int type = u16(header, 4);
                final int subtype = u16(header, 6);
                final int length = (u16(header, 8) << 16) | u16(header, 10);
                final byte[] body = new byte[length];
                data.readFully(body);
                if (type != BGP4MP && type != BGP4MP_ET)
                {
                    continue;
                }
                // RFC 6396 §4.4.2/§4.4.3: MESSAGE(1), MESSAGE_LOCAL(6) with 2-octet ASes, *_AS4 (4, 7) 4-octet.
                final boolean as4;
                if (subtype == 1 || subtype == 6)
                {
                    as4 = false;
                }
                else if (subtype == 4 || subtype == 7)
                {
                    as4 = true;
                }
                else
                {
                    continue;
                }
                final int start = type == BGP4MP_ET ? 4 : 0;
                final int asLength = as4 ? 4 : 2;
                final int afi = u16(body, start + 2 * asLength + 2);
                final int bgp = start + 2 * asLength + 4 + 2 * (afi == 2 ? 16 : 4);
                final DecodeResult r = MessageDecoder.decode(Arrays.copyOfRange(body, bgp, body.length),
                    new CodecOptions(as4, true, true));
                if (!r.isClean() || !(r.message() instanceof UpdateMessage u))
                {
                    continue;
                }
                final PathAttributes kept = keep(as4 ? u.attributes() : AsPaths.reconstruct(u.attributes()));
                if (kept == null)
                {
                    continue;
                }
                for (int i = 0; i < u.nlri().size(); i++)
                {
                    ipv4.add(kept);
                }
                if (u.mpReach() != null && AfiSafi.IPV6_UNICAST.equals(u.mpReach().afiSafi()))
                {
                    for (int i = 0; i < u.mpReach().nlri().size(); i++)
                    {
                        ipv6.add(kept);
                    }
                }
            }
        }
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

    private static int u16(final byte[] b, final int i)
    {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }
}
