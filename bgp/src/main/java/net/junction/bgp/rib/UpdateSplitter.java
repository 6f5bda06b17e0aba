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
import java.util.function.Function;

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
        final Function<List<IpPrefix>, UpdateMessage> make;
        if (AfiSafi.IPV4_UNICAST.equals(family) && path.nextHop() instanceof Ip4Address v4)
        {
            final PathAttributes attributes = path.attributes().with(new PathAttribute.NextHop(v4.value()));
            make = sub -> UpdateMessage.announce(attributes, prefixes4(sub));
        }
        else
        {
            make = sub -> new UpdateMessage(List.of(), path.attributes(), List.of(),
                new MpReachNlri(family, path.nextHop(), path.linkLocalNextHop(), sub), null);
        }
        return split(session, options, prefixes, make);
    }

    /**
     * @return messages sent.
     */
    static int withdraw(
        final PeerSession session, final CodecOptions options, final AfiSafi family, final List<IpPrefix> prefixes)
    {
        final Function<List<IpPrefix>, UpdateMessage> make = AfiSafi.IPV4_UNICAST.equals(family) ?
            sub -> UpdateMessage.withdraw(prefixes4(sub)) :
            sub -> new UpdateMessage(List.of(), PathAttributes.EMPTY, List.of(), null, new MpUnreachNlri(family, sub));
        return split(session, options, prefixes, make);
    }

    private static int split(
        final PeerSession session, final CodecOptions options, final List<IpPrefix> prefixes,
        final Function<List<IpPrefix>, UpdateMessage> make)
    {
        if (prefixes.isEmpty())
        {
            return 0;
        }
        final IpPrefix first = prefixes.getFirst();
        final int base = MessageEncoder.encode(make.apply(List.of(first)), options).length -
            AddressFamily.nlriLength(first.length());
        final int max = options.maxMessageLength();
        int messages = 0;
        int start = 0;
        while (start < prefixes.size())
        {
            int length = base;
            int end = start;
            while (end < prefixes.size() && length + AddressFamily.nlriLength(prefixes.get(end).length()) <= max)
            {
                length += AddressFamily.nlriLength(prefixes.get(end).length());
                end++;
            }
            if (end == start)
            {
                throw new IllegalArgumentException("attributes of " + base + " octets leave no room for a prefix");
            }
            session.send(make.apply(prefixes.subList(start, end)));
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
