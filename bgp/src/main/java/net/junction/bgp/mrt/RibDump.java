/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.mrt;

import net.junction.bgp.rib.BgpRib;
import net.junction.routing.Ip4Address;
import net.junction.routing.IpPrefix;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table copied from the RIB ({@link BgpRib#dump}) as one TABLE_DUMP_V2 dump: a peer table of the peers
 * the routes came from (the router itself, for its own networks, as 0.0.0.0 with its AS and identifier,
 * as collectors list themselves), then one RIB record per prefix. The RIB keeps no receive time per
 * route, so each entry's originated time is the dump's time. Routes received with ADD-PATH keep their Path
 * Identifiers: a prefix's such entries go in an RFC 8050 record of their own (RIB_IPV4_UNICAST_ADDPATH...),
 * after the record of its other entries, if any.
 */
public final class RibDump
{
    private final List<BgpRib.DumpedRoute> routes;
    private final int routerId;
    private final long timestampSeconds;

    /**
     * @param routes           from {@link BgpRib#dump}; a prefix's entries may be several (they are grouped).
     * @param routerId         the router's BGP identifier (the collector's).
     * @param timestampSeconds the dump's time.
     */
    public RibDump(final List<BgpRib.DumpedRoute> routes, final int routerId, final long timestampSeconds)
    {
        this.routes = List.copyOf(routes);
        this.routerId = routerId;
        this.timestampSeconds = timestampSeconds;
    }

    /** @return when the table was copied (seconds since the epoch): every record's timestamp. */
    public long timestampSeconds()
    {
        return timestampSeconds;
    }

    /** @return routes copied (a prefix with routes from several peers counts each). */
    public int routeCount()
    {
        return routes.size();
    }

    /**
     * @param routes           from {@link BgpRib#dump}; a prefix's entries may be several (they are grouped).
     * @param routerId         the router's BGP identifier (the collector's).
     * @param timestampSeconds the dump's time.
     * @param out              where it goes; not closed.
     * @return RIB records written (one per prefix; two for a prefix with entries of ADD-PATH neighbors and others).
     */
    public static int write(
        final List<BgpRib.DumpedRoute> routes, final int routerId, final long timestampSeconds, final OutputStream out)
        throws IOException
    {
        return new RibDump(routes, routerId, timestampSeconds).writeTo(out);
    }

    /**
     * Encodes the dump; may be called more than once (the same bytes each time).
     *
     * @param out where it goes, record by record; not closed.
     * @return RIB records written (one per prefix; two for a prefix with entries of ADD-PATH neighbors and others).
     */
    public int writeTo(final OutputStream out) throws IOException
    {
        final Map<String, Integer> peerIndex = new LinkedHashMap<>();
        final List<TableDumpV2Writer.Peer> peers = new ArrayList<>();
        final Map<IpPrefix, List<TableDumpV2Writer.Entry>> byPrefix = new LinkedHashMap<>();
        for (final BgpRib.DumpedRoute r : routes)
        {
            final int index = peerIndex.computeIfAbsent(r.peer(), name ->
            {
                peers.add(new TableDumpV2Writer.Peer(r.peerRouterId(),
                    r.peerAddress() == null ? new Ip4Address(0) : r.peerAddress(), r.peerAs()));
                return peers.size() - 1;
            });
            byPrefix.computeIfAbsent(r.prefix(), p -> new ArrayList<>(1))
                .add(new TableDumpV2Writer.Entry(index, timestampSeconds, r.path(), r.pathId()));
        }
        final TableDumpV2Writer writer = new TableDumpV2Writer(out);
        writer.peerIndexTable(timestampSeconds, routerId, "", peers);
        int records = 0;
        for (final Map.Entry<IpPrefix, List<TableDumpV2Writer.Entry>> e : byPrefix.entrySet())
        {
            final List<TableDumpV2Writer.Entry> entries = e.getValue();
            if (entries.stream().allMatch(x -> x.pathId() < 0) || entries.stream().allMatch(x -> x.pathId() >= 0))
            {
                writer.rib(timestampSeconds, e.getKey(), entries);
                records++;
                continue;
            }
            // RFC 8050 §4: entries with a Path Identifier and entries without go in records of their own subtypes.
            writer.rib(timestampSeconds, e.getKey(), entries.stream().filter(x -> x.pathId() < 0).toList());
            writer.rib(timestampSeconds, e.getKey(), entries.stream().filter(x -> x.pathId() >= 0).toList());
            records += 2;
        }
        return records;
    }
}
