/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.bgp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import net.junction.bgp.mrt.MrtUpdateReader;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.UpdatePacker;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import net.junction.routing.Prefix6;

/**
 * The UPDATEs one peer sent in an MRT update log (RFC 6396 BGP4MP, {@link MrtUpdateReader}: RIPE RIS's
 * {@code updates.*} files, or Junction's own {@code bgp.mrt} log), as the injector sends them on after its table:
 * each UPDATE's withdrawals, then its announcements with the injector's AS first, the attributes a neighbor AS must
 * not pass on dropped and the injector's next hops ({@link InjectedTable#reannounced}). One entry per UPDATE of the
 * log, so the replay keeps the log's order and, paced, its rhythm of churn. Path Identifiers of an ADD-PATH log are
 * dropped: the injector sends one path per prefix, the last announced. Or steady synthetic churn over the table
 * ({@link #churn}): the same pacing, other UPDATEs.
 */
final class MrtReplay
{
    /** Per UPDATE of the log, the BGP messages the injector sends for it (one, or more when it had to be split). */
    final List<byte[]> updates = new ArrayList<>();
    long announced;
    long withdrawn;
    long bytes;
    MrtUpdateReader.Summary summary;

    private MrtReplay()
    {
    }

    /**
     * @param file       the update log, gzipped or not.
     * @param peer       whose UPDATEs to replay.
     * @param injectorAs the injector's AS, put first in each AS path.
     * @param nextHop4   the injector's IPv4 next hop.
     * @param nextHop6   the injector's IPv6 next hop.
     */
    static MrtReplay fromMrt(final Path file, final Predicate<MrtUpdateReader.Peer> peer, final int injectorAs,
        final int nextHop4, final IpAddress nextHop6) throws IOException
    {
        final MrtReplay replay = new MrtReplay();
        final UpdatePacker packer = new UpdatePacker(InjectedTable.OPTIONS);
        replay.summary = MrtUpdateReader.read(file, peer, update ->
        {
            final List<byte[]> messages = new ArrayList<>();
            final List<Prefix4> withdrawn4 = new ArrayList<>();
            final List<Prefix6> withdrawn6 = new ArrayList<>();
            for (final MrtUpdateReader.Withdrawn w : update.withdrawn())
            {
                if (w.prefix() instanceof Prefix4 p4)
                {
                    withdrawn4.add(p4);
                }
                else
                {
                    withdrawn6.add((Prefix6)w.prefix());
                }
            }
            packer.withdraw(withdrawn4, UpdatePacker.collectInto(messages));
            packer.withdraw(AfiSafi.IPV6_UNICAST, withdrawn6, UpdatePacker.collectInto(messages));
            // One UPDATE announces with one set of attributes; its IPv4 and IPv6 prefixes differ in next hop only.
            // A prefix twice (ADD-PATH: several paths of it) goes once.
            final java.util.Set<IpPrefix> announced = new java.util.LinkedHashSet<>();
            final List<Prefix4> announced4 = new ArrayList<>();
            final List<Prefix6> announced6 = new ArrayList<>();
            for (final MrtUpdateReader.Announced a : update.announced())
            {
                if (!announced.add(a.prefix()))
                {
                    continue;
                }
                if (a.prefix() instanceof Prefix4 p4)
                {
                    announced4.add(p4);
                }
                else
                {
                    announced6.add((Prefix6)a.prefix());
                }
            }
            final PathAttributes attributes = update.announced().isEmpty() ? null :
                update.announced().get(0).path().attributes();
            if (attributes != null)
            {
                final PathAttributes sent = InjectedTable.reannounced(attributes, injectorAs);
                if (!announced4.isEmpty())
                {
                    packer.announce(sent.with(new PathAttribute.NextHop(nextHop4)), announced4, UpdatePacker.collectInto(messages));
                }
                if (!announced6.isEmpty())
                {
                    packer.announce(sent, AfiSafi.IPV6_UNICAST, nextHop6, null, announced6, UpdatePacker.collectInto(messages));
                }
            }
            if (messages.isEmpty())
            {
                return; // an End-of-RIB of the logged session: the injector sends its own after its table
            }
            replay.add(messages);
            replay.announced += announced.size();
            replay.withdrawn += withdrawn4.size() + withdrawn6.size();
        });
        return replay;
    }

    /**
     * Steady churn over the table (bench bgp {@code --churn-rate}): {@code pairs} IPv4 prefixes of the table, drawn
     * by {@code seed} and spread over all of it, each withdrawn and then announced again with the path the table
     * gave it, one UPDATE each: every UPDATE changes the receiver's best path and so its FIB (a delete, then an add),
     * and the table is whole again after each pair. Encoded before the session, as the table is.
     *
     * @param drawn    the table's paths (peer 0's: the injector's AS, no prepends).
     * @param pairs    withdraw-and-announce pairs (2 x pairs UPDATEs).
     * @param nextHop4 the injector's IPv4 next hop, as in the table.
     */
    static MrtReplay churn(final InjectedTable.Drawn drawn, final int pairs, final long seed, final int nextHop4)
    {
        if (drawn.prefixes4() == 0 || pairs < 1)
        {
            throw new IllegalArgumentException("churn needs IPv4 prefixes in the table and at least one pair");
        }
        // Every k-th prefix of the table (k so that the pairs spread over all of it), then shuffled.
        final long step = Math.max(1, drawn.prefixes4() / pairs);
        final List<Map.Entry<PathAttributes, Prefix4>> picked = new ArrayList<>(pairs);
        long index = 0;
        for (final Map.Entry<PathAttributes, InjectedTable.Group<Prefix4>> e : drawn.groups4().entrySet())
        {
            for (final Prefix4 prefix : e.getValue().prefixes())
            {
                if (index++ % step == 0 && picked.size() < pairs)
                {
                    picked.add(Map.entry(e.getKey(), prefix));
                }
            }
        }
        java.util.Collections.shuffle(picked, new java.util.Random(seed));
        final MrtReplay churn = new MrtReplay();
        final UpdatePacker packer = new UpdatePacker(InjectedTable.OPTIONS);
        for (final Map.Entry<PathAttributes, Prefix4> e : picked)
        {
            final List<byte[]> withdraw = new ArrayList<>(1);
            packer.withdraw(List.of(e.getValue()), UpdatePacker.collectInto(withdraw));
            churn.add(withdraw);
            final List<byte[]> announce = new ArrayList<>(1);
            packer.announce(e.getKey().with(new PathAttribute.NextHop(nextHop4)), List.of(e.getValue()),
                UpdatePacker.collectInto(announce));
            churn.add(announce);
            churn.withdrawn++;
            churn.announced++;
        }
        return churn;
    }

    /** One UPDATE of the replay: its BGP messages, sent as one write. */
    private void add(final List<byte[]> messages)
    {
        final byte[] update = concat(messages);
        updates.add(update);
        bytes += update.length;
    }

    private static byte[] concat(final List<byte[]> messages)
    {
        if (messages.size() == 1)
        {
            return messages.get(0);
        }
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        messages.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
