/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.bgp;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.CodecOptions;
import net.junction.bgp.wire.MessageEncoder;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.UpdatePacker;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;

/**
 * A full table as the UPDATE messages an eBGP speaker sends, encoded before the session opens so the
 * send is limited by the TCP connection alone.
 * <p>
 * Prefixes come from bench fib's generated tables (routes4.txt, routes6.txt: the shape of today's DFZ,
 * shuffled); the first N of each are taken. Each prefix draws one path from the {@link MrtPathPool} (so
 * it has one origin AS, and path lengths, AS numbers and communities are distributed as RIS saw them);
 * the first AS of the path is replaced by the injector's own (a receiver checks that the first AS is its
 * peer's), and a share of the paths carries a large community (injector AS, 1, origin AS), rare in the
 * 2016 dumps. The dumps hold about 17k distinct paths, a full table several times more: each pool entry
 * also comes in variants with another real origin AS, sized so that a table has about one attribute set
 * per {@code prefixesPerPath} prefixes (default 4). Prefixes sharing a path are packed together by {@link UpdatePacker}; IPv4 in the NLRI
 * field, then its End-of-RIB; IPv6 in MP_REACH_NLRI, then its End-of-RIB (RFC 4724 §2).
 */
final class InjectedTable
{
    static final CodecOptions OPTIONS = new CodecOptions(true, false, true);
    private static final int CHUNK = 256 * 1024;

    final List<byte[]> chunks = new ArrayList<>();
    long messages;
    long bytes;
    int prefixes4;
    int prefixes6;
    int pathSets4;
    int pathSets6;
    long withCommunities;
    long withLargeCommunities;
    final Map<Integer, Integer> lengthHistogram = new java.util.TreeMap<>();

    private byte[] chunk = new byte[CHUNK];
    private int chunkLength;

    static List<String> readPrefixes(final Path file, final int count) throws IOException
    {
        final List<String> out = new ArrayList<>(count);
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII))
        {
            String line;
            while (out.size() < count && (line = r.readLine()) != null)
            {
                final int space = line.indexOf(' ');
                if (!line.isBlank())
                {
                    out.add(space > 0 ? line.substring(0, space) : line.strip());
                }
            }
        }
        if (out.size() < count)
        {
            throw new IOException(file + " has " + out.size() + " routes, " + count + " asked");
        }
        return out;
    }

    static InjectedTable build(
        final List<String> routes4, final List<String> routes6, final MrtPathPool pool, final int injectorAs,
        final int nextHop4, final IpAddress nextHop6, final int largeCommunityPercent, final double prefixesPerPath,
        final long seed)
    {
        final InjectedTable t = new InjectedTable();
        final UpdatePacker packer = new UpdatePacker(OPTIONS);
        final UpdatePacker.MessageSink sink = (buffer, offset, length) ->
        {
            t.ensure(length);
            buffer.getBytes(offset, t.chunk, t.chunkLength, length);
            t.chunkLength += length;
            t.messages++;
            t.bytes += length;
        };
        final SplittableRandom random = new SplittableRandom(seed);

        final Map<PathAttributes, List<Prefix4>> groups4 = t.group(routes4, Prefix4::parse, pool.ipv4, random,
            injectorAs, largeCommunityPercent, prefixesPerPath);
        t.prefixes4 = routes4.size();
        t.pathSets4 = groups4.size();
        for (final Map.Entry<PathAttributes, List<Prefix4>> e : groups4.entrySet())
        {
            packer.announce(e.getKey().with(new PathAttribute.NextHop(nextHop4)), e.getValue(), sink);
        }
        t.add(MessageEncoder.encode(UpdateMessage.endOfRib(AfiSafi.IPV4_UNICAST), OPTIONS));

        if (!routes6.isEmpty())
        {
            final Map<PathAttributes, List<Prefix6>> groups6 = t.group(routes6, Prefix6::parse, pool.ipv6, random,
                injectorAs, largeCommunityPercent, prefixesPerPath);
            t.prefixes6 = routes6.size();
            t.pathSets6 = groups6.size();
            for (final Map.Entry<PathAttributes, List<Prefix6>> e : groups6.entrySet())
            {
                packer.announce(e.getKey(), AfiSafi.IPV6_UNICAST, nextHop6, null, e.getValue(), sink);
            }
            t.add(MessageEncoder.encode(UpdateMessage.endOfRib(AfiSafi.IPV6_UNICAST), OPTIONS));
        }
        t.flushChunk();
        return t;
    }

    private <P extends IpPrefix> Map<PathAttributes, List<P>> group(
        final List<String> routes, final Function<String, P> parse, final List<PathAttributes> pool,
        final SplittableRandom random, final int injectorAs, final int largeCommunityPercent, final double prefixesPerPath)
    {
        // The dumps hold fewer distinct paths than a full table: each pool entry also comes in V variants
        // whose origin is another origin AS seen in the dumps, so that a table of N prefixes has about
        // N / prefixesPerPath distinct attribute sets. Variant 0 is the path as recorded.
        final List<Integer> origins = pool.stream().map(InjectedTable::origin).distinct().toList();
        // Draws are per announcement (frequency weighted); variants are per distinct attribute set.
        final Map<PathAttributes, Integer> ids = new HashMap<>();
        final int[] distinctId = new int[pool.size()];
        for (int i = 0; i < pool.size(); i++)
        {
            distinctId[i] = ids.computeIfAbsent(pool.get(i), a -> ids.size());
        }
        final int variants = (int)Math.max(1, Math.round(routes.size() / (ids.size() * prefixesPerPath)));
        final Map<Long, PathAttributes> rewritten = new HashMap<>();
        final Map<PathAttributes, List<P>> groups = new LinkedHashMap<>();
        for (final String text : routes)
        {
            final int index = random.nextInt(pool.size());
            final int variant = random.nextInt(variants);
            final PathAttributes attributes = rewritten.computeIfAbsent((long)distinctId[index] * variants + variant,
                key -> rewrite(pool.get(index), key, variant == 0 ? -1 : origins.get(
                    (int)Long.remainderUnsigned(key * 0x9E3779B97F4A7C15L >>> 16, origins.size())), injectorAs,
                    largeCommunityPercent));
            groups.computeIfAbsent(attributes, a -> new ArrayList<>()).add(parse.apply(text));
            lengthHistogram.merge(attributes.asPath().pathLength(), 1, Integer::sum);
            if (attributes.communities() != null)
            {
                withCommunities++;
            }
            if (attributes.largeCommunities() != null)
            {
                withLargeCommunities++;
            }
        }
        return groups;
    }

    /** The last AS of the path's last segment: the origin (an AS_SET's last member for an aggregate). */
    static int origin(final PathAttributes entry)
    {
        final List<AsPathSegment> segments = entry.asPath().segments();
        final AsPathSegment last = segments.get(segments.size() - 1);
        return last.asn(last.size() - 1);
    }

    /**
     * The pool entry as the injector sends it: its own AS first, the origin replaced by {@code origin}
     * (unless -1) when the path has more than one AS, maybe a large community.
     */
    static PathAttributes rewrite(
        final PathAttributes entry, final long key, final int origin, final int injectorAs, final int largePercent)
    {
        final List<AsPathSegment> segments = new ArrayList<>(entry.asPath().segments());
        final int[] first = segments.get(0).asns();
        first[0] = injectorAs;
        segments.set(0, AsPathSegment.sequence(first));
        final AsPathSegment lastSegment = segments.get(segments.size() - 1);
        if (origin != -1 && lastSegment.type() == AsPathSegment.AS_SEQUENCE && (segments.size() > 1 || lastSegment.size() > 1))
        {
            final int[] last = lastSegment.asns();
            last[last.length - 1] = origin;
            segments.set(segments.size() - 1, AsPathSegment.sequence(last));
        }
        PathAttributes a = entry.with(new PathAttribute.AsPath(segments));
        // A multiplicative hash of the entry's key: the same entries get one, run after run.
        if (a.largeCommunities() == null && Long.remainderUnsigned(key * 0x9E3779B97F4A7C15L >>> 20, 100) < largePercent)
        {
            final AsPathSegment last = segments.get(segments.size() - 1);
            a = a.with(new PathAttribute.LargeCommunities(new int[] {injectorAs, 1, last.asn(last.size() - 1)}));
        }
        return a;
    }

    private void ensure(final int length)
    {
        if (chunkLength + length > chunk.length)
        {
            flushChunk();
        }
    }

    private void add(final byte[] message)
    {
        ensure(message.length);
        System.arraycopy(message, 0, chunk, chunkLength, message.length);
        chunkLength += message.length;
        messages++;
        bytes += message.length;
    }

    private void flushChunk()
    {
        if (chunkLength > 0)
        {
            chunks.add(java.util.Arrays.copyOf(chunk, chunkLength));
            chunk = new byte[CHUNK];
            chunkLength = 0;
        }
    }
}
