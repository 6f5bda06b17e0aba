/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.bgp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * dropped: the injector sends one path per prefix, the last announced.
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
            replay.updates.add(concat(messages));
            replay.announced += announced.size();
            replay.withdrawn += withdrawn4.size() + withdrawn6.size();
        });
        for (final byte[] u : replay.updates)
        {
            replay.bytes += u.length;
        }
        return replay;
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
