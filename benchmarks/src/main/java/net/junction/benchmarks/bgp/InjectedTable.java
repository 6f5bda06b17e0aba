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

import net.junction.bgp.mrt.MrtRibReader;
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
        return draw(routes4, routes6, pool, injectorAs, largeCommunityPercent, prefixesPerPath, seed)
            .encode(0, injectorAs, 0, nextHop4, nextHop6);
    }

    /**
     * Draw every prefix's path once; {@link Drawn#encode} then makes one peer's table of it, so that several
     * peers send the same prefixes with the same origins (as at an exchange) without drawing again.
     */
    static Drawn draw(
        final List<String> routes4, final List<String> routes6, final MrtPathPool pool, final int injectorAs,
        final int largeCommunityPercent, final double prefixesPerPath, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final Map<PathAttributes, Group<Prefix4>> groups4 = group(routes4, Prefix4::parse, pool.ipv4, random,
            injectorAs, largeCommunityPercent, prefixesPerPath);
        final Map<PathAttributes, Group<Prefix6>> groups6 = routes6.isEmpty() ? Map.of() : group(routes6,
            Prefix6::parse, pool.ipv6, random, injectorAs, largeCommunityPercent, prefixesPerPath);
        return new Drawn(injectorAs, groups4, routes4.size(), groups6, routes6.size());
    }

    /**
     * The routes of one peer of an MRT RIB dump (RFC 6396 TABLE_DUMP_V2 or TABLE_DUMP, {@link MrtRibReader}), as an
     * eBGP speaker would announce them again: the injector's AS put before each AS path, attributes a neighbor AS
     * must not pass on dropped (LOCAL_PREF, MULTI_EXIT_DISC, ORIGINATOR_ID, CLUSTER_LIST: RFC 4271 §5.1.4, §5.1.5,
     * RFC 4456 §8), the dump's next hops replaced by the injector's own ({@link Drawn#encode}). Of a prefix listed
     * twice for the peer (ADD-PATH dumps), the first path is kept.
     *
     * @param peer which peer's routes, by the reader's index or AS.
     * @return the paths and the summary of the read.
     */
    static MrtTable fromMrt(final Path file, final java.util.function.Predicate<MrtRibReader.Peer> peer, final int injectorAs)
        throws IOException
    {
        final Map<IpPrefix, PathAttributes> routes = new LinkedHashMap<>();
        final MrtRibReader.Summary summary = MrtRibReader.read(file, peer, (p, prefix, path) ->
            routes.putIfAbsent(prefix, reannounced(path.attributes(), injectorAs)));
        final Map<PathAttributes, Group<Prefix4>> groups4 = new LinkedHashMap<>();
        final Map<PathAttributes, Group<Prefix6>> groups6 = new LinkedHashMap<>();
        int v4 = 0;
        int v6 = 0;
        for (final Map.Entry<IpPrefix, PathAttributes> e : routes.entrySet())
        {
            if (e.getKey() instanceof Prefix4 p4)
            {
                groups4.computeIfAbsent(e.getValue(), a -> new Group<>(groups4.size(), new ArrayList<>())).prefixes().add(p4);
                v4++;
            }
            else
            {
                groups6.computeIfAbsent(e.getValue(), a -> new Group<>(groups6.size(), new ArrayList<>()))
                    .prefixes().add((Prefix6)e.getKey());
                v6++;
            }
        }
        return new MrtTable(new Drawn(injectorAs, groups4, v4, groups6, v6), summary);
    }

    /** An MRT dump's table for the injector, and what the read found. */
    record MrtTable(Drawn drawn, MrtRibReader.Summary summary)
    {
    }

    /** A dumped path as the injector sends it on: its AS first, no attributes of the dumping AS's own. */
    static PathAttributes reannounced(final PathAttributes dumped, final int injectorAs)
    {
        final List<AsPathSegment> segments = new ArrayList<>();
        final PathAttribute.AsPath asPath = dumped.asPath();
        if (asPath != null && !asPath.segments().isEmpty() && asPath.segments().get(0).type() == AsPathSegment.AS_SEQUENCE)
        {
            final int[] first = asPath.segments().get(0).asns();
            final int[] prepended = new int[first.length + 1];
            prepended[0] = injectorAs;
            System.arraycopy(first, 0, prepended, 1, first.length);
            segments.add(AsPathSegment.sequence(prepended));
            segments.addAll(asPath.segments().subList(1, asPath.segments().size()));
        }
        else
        {
            segments.add(AsPathSegment.sequence(injectorAs));
            if (asPath != null)
            {
                segments.addAll(asPath.segments());
            }
        }
        return dumped.without(PathAttribute.LOCAL_PREF).without(PathAttribute.MULTI_EXIT_DISC)
            .without(PathAttribute.ORIGINATOR_ID).without(PathAttribute.CLUSTER_LIST)
            .with(new PathAttribute.AsPath(segments));
    }

    /** Prefixes sharing one drawn path; {@code key} names the draw (the same run after run). */
    record Group<P extends IpPrefix>(long key, List<P> prefixes)
    {
    }

    /** A table's drawn paths, before any peer's AS, prepends and next hops are applied. */
    record Drawn(
        int injectorAs, Map<PathAttributes, Group<Prefix4>> groups4, int prefixes4,
        Map<PathAttributes, Group<Prefix6>> groups6, int prefixes6)
    {
        /**
         * One peer's table: every path's first AS becomes {@code peerAs}, prepended 0..{@code prependMax}
         * extra times (chosen per path and peer by a hash, so that which peer's path is shortest varies
         * from prefix to prefix), with the peer's next hops. Peer 0 with the injector's AS and no
         * prepends sends the paths as drawn.
         */
        InjectedTable encode(
            final int peerIndex, final int peerAs, final int prependMax, final int nextHop4, final IpAddress nextHop6)
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
            t.prefixes4 = prefixes4;
            t.pathSets4 = groups4.size();
            for (final Map.Entry<PathAttributes, Group<Prefix4>> e : groups4.entrySet())
            {
                final PathAttributes a = t.forPeer(e.getKey(), e.getValue(), peerIndex, peerAs, prependMax);
                packer.announce(a.with(new PathAttribute.NextHop(nextHop4)), e.getValue().prefixes(), sink);
            }
            t.add(MessageEncoder.encode(UpdateMessage.endOfRib(AfiSafi.IPV4_UNICAST), OPTIONS));

            if (prefixes6 > 0)
            {
                t.prefixes6 = prefixes6;
                t.pathSets6 = groups6.size();
                for (final Map.Entry<PathAttributes, Group<Prefix6>> e : groups6.entrySet())
                {
                    final PathAttributes a = t.forPeer(e.getKey(), e.getValue(), peerIndex, peerAs, prependMax);
                    packer.announce(a, AfiSafi.IPV6_UNICAST, nextHop6, null, e.getValue().prefixes(), sink);
                }
                t.add(MessageEncoder.encode(UpdateMessage.endOfRib(AfiSafi.IPV6_UNICAST), OPTIONS));
            }
            t.flushChunk();
            return t;
        }
    }

    private PathAttributes forPeer(
        final PathAttributes drawn, final Group<?> group, final int peerIndex, final int peerAs, final int prependMax)
    {
        final int prepends = prependMax == 0 ? 0 : prepends(group.key(), peerIndex, prependMax);
        final PathAttributes a = prepends == 0 && peerAs == injectorAsOf(drawn) ? drawn : peerPath(drawn, peerAs, prepends);
        final int n = group.prefixes().size();
        lengthHistogram.merge(a.asPath().pathLength(), n, Integer::sum);
        if (a.communities() != null)
        {
            withCommunities += n;
        }
        if (a.largeCommunities() != null)
        {
            withLargeCommunities += n;
        }
        return a;
    }

    /** How many extra times peer {@code peerIndex} prepends its AS to the path drawn as {@code key}. */
    static int prepends(final long key, final int peerIndex, final int prependMax)
    {
        final long h = (key * 0x9E3779B97F4A7C15L) ^ ((peerIndex + 1L) * 0xC2B2AE3D27D4EB4FL);
        return (int)Long.remainderUnsigned((h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L >>> 16, prependMax + 1);
    }

    private static int injectorAsOf(final PathAttributes drawn)
    {
        return drawn.asPath().segments().get(0).asn(0);
    }

    /** The drawn path with {@code peerAs} as its first AS, then {@code prepends} more copies of it. */
    static PathAttributes peerPath(final PathAttributes drawn, final int peerAs, final int prepends)
    {
        final List<AsPathSegment> segments = new ArrayList<>(drawn.asPath().segments());
        final int[] first = segments.get(0).asns();
        final int[] prepended = new int[first.length + prepends];
        java.util.Arrays.fill(prepended, 0, prepends + 1, peerAs);
        System.arraycopy(first, 1, prepended, prepends + 1, first.length - 1);
        segments.set(0, AsPathSegment.sequence(prepended));
        return drawn.with(new PathAttribute.AsPath(segments));
    }

    private static <P extends IpPrefix> Map<PathAttributes, Group<P>> group(
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
        final Map<PathAttributes, Group<P>> groups = new LinkedHashMap<>();
        for (final String text : routes)
        {
            final int index = random.nextInt(pool.size());
            final int variant = random.nextInt(variants);
            final long key = (long)distinctId[index] * variants + variant;
            final PathAttributes attributes = rewritten.computeIfAbsent(key,
                k -> rewrite(pool.get(index), k, variant == 0 ? -1 : origins.get(
                    (int)Long.remainderUnsigned(k * 0x9E3779B97F4A7C15L >>> 16, origins.size())), injectorAs,
                    largeCommunityPercent));
            groups.computeIfAbsent(attributes, a -> new Group<>(key, new ArrayList<>())).prefixes().add(parse.apply(text));
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
