/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.session.PeerSession;
import net.junction.bgp.wire.AddressFamily;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.CodecOptions;
import net.junction.bgp.wire.MessageEncoder;
import net.junction.bgp.wire.MpReachNlri;
import net.junction.bgp.wire.MpUnreachNlri;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4Address;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;

import java.util.ArrayList;
import java.util.List;

/**
 * Packs prefixes that share an outgoing path into as few UPDATE messages as fit the session's
 * maximum length, filling each greedily in order as {@link net.junction.bgp.wire.UpdatePacker} does.
 * {@link PeerSession#send} takes messages, not bytes, so the split is computed here: the encoded
 * size of the attributes is measured once per path with {@link MessageEncoder} (the same encoder the
 * session uses), then each prefix adds its NLRI length.
 */
final class UpdateSplitter
{
    private UpdateSplitter()
    {
    }

    /**
     * @return messages sent.
     * @throws IllegalArgumentException if the attributes alone leave no room for a prefix.
     */
    static int announce(
        final PeerSession session, final CodecOptions options, final AfiSafi family, final Path path,
        final List<IpPrefix> prefixes)
    {
        return announce(session, options, family, path, prefixes, List.of());
    }

    /**
     * @param pathIds with ADD-PATH send (RFC 7911 §3), the Path Identifier of each prefix; else empty.
     * @return messages sent.
     * @throws IllegalArgumentException if the attributes alone leave no room for a prefix.
     */
    static int announce(
        final PeerSession session, final CodecOptions options, final AfiSafi family, final Path path,
        final List<IpPrefix> prefixes, final List<Integer> pathIds)
    {
        final Make make;
        if (AfiSafi.IPV4_UNICAST.equals(family) && path.nextHop() instanceof Ip4Address v4)
        {
            final PathAttributes attributes = path.attributes().with(new PathAttribute.NextHop(v4.value()));
            make = (sub, ids) -> new UpdateMessage(List.of(), attributes, prefixes4(sub), null, null, List.of(), ids);
        }
        else
        {
            make = (sub, ids) -> new UpdateMessage(List.of(), path.attributes(), List.of(),
                new MpReachNlri(family, path.nextHop(), path.linkLocalNextHop(), sub, ids), null);
        }
        return split(session, options, prefixes, pathIds, make);
    }

    /**
     * @return messages sent.
     */
    static int withdraw(
        final PeerSession session, final CodecOptions options, final AfiSafi family, final List<IpPrefix> prefixes)
    {
        return withdraw(session, options, family, prefixes, List.of());
    }

    /**
     * @param pathIds with ADD-PATH send, the Path Identifier of each prefix withdrawn; else empty.
     * @return messages sent.
     */
    static int withdraw(
        final PeerSession session, final CodecOptions options, final AfiSafi family, final List<IpPrefix> prefixes,
        final List<Integer> pathIds)
    {
        final Make make = AfiSafi.IPV4_UNICAST.equals(family) ?
            (sub, ids) -> new UpdateMessage(prefixes4(sub), PathAttributes.EMPTY, List.of(), null, null, ids, List.of()) :
            (sub, ids) -> new UpdateMessage(List.of(), PathAttributes.EMPTY, List.of(), null,
                new MpUnreachNlri(family, sub, ids));
        return split(session, options, prefixes, pathIds, make);
    }

    /** An UPDATE for some of the prefixes, with their Path Identifiers (empty without ADD-PATH). */
    @FunctionalInterface
    private interface Make
    {
        UpdateMessage of(List<IpPrefix> prefixes, List<Integer> pathIds);
    }

    private static int split(
        final PeerSession session, final CodecOptions options, final List<IpPrefix> prefixes,
        final List<Integer> pathIds, final Make make)
    {
        if (prefixes.isEmpty())
        {
            return 0;
        }
        // RFC 7911 §3: each NLRI is preceded by its 4-octet Path Identifier.
        final int idLength = pathIds.isEmpty() ? 0 : 4;
        final IpPrefix first = prefixes.getFirst();
        final int base = MessageEncoder.encode(make.of(List.of(first), pathIds.isEmpty() ? List.of() :
            List.of(pathIds.getFirst())), options).length - AddressFamily.nlriLength(first.length()) - idLength;
        final int max = options.maxMessageLength();
        int messages = 0;
        int start = 0;
        while (start < prefixes.size())
        {
            int length = base;
            int end = start;
            while (end < prefixes.size() &&
                length + idLength + AddressFamily.nlriLength(prefixes.get(end).length()) <= max)
            {
                length += idLength + AddressFamily.nlriLength(prefixes.get(end).length());
                end++;
            }
            if (end == start)
            {
                throw new IllegalArgumentException("attributes of " + base + " octets leave no room for a prefix");
            }
            session.send(make.of(prefixes.subList(start, end), pathIds.isEmpty() ? List.of() : pathIds.subList(start, end)));
            messages++;
            start = end;
        }
        return messages;
    }

    private static List<Prefix4> prefixes4(final List<IpPrefix> prefixes)
    {
        final List<Prefix4> out = new ArrayList<>(prefixes.size());
        for (final IpPrefix p : prefixes)
        {
            out.add((Prefix4)p);
        }
        return out;
    }
}
