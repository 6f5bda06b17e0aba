/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.policy.Policy;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.MpReachNlri;
import net.junction.bgp.wire.MpUnreachNlri;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.Ip4;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builders shared by the RIB tests. */
final class Routes
{
    static final int LOCAL_AS = 65000;
    static final int ROUTER_ID = Ip4.parse("198.18.255.1");
    static final IpAddress LOCAL_ADDRESS = IpAddress.parse("198.18.0.254");
    static final Set<AfiSafi> BOTH = Set.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST);

    private Routes()
    {
    }

    static IpPrefix p(final String text)
    {
        return IpPrefix.parse(text);
    }

    static IpAddress a(final String text)
    {
        return IpAddress.parse(text);
    }

    /** Attributes builder with ORIGIN IGP and the given AS_PATH sequence. */
    static PathAttributes.Builder attrs(final int... asPath)
    {
        return PathAttributes.builder().put(PathAttribute.Origin.ORIGIN_IGP).put(PathAttribute.AsPath.sequence(asPath));
    }

    static UpdateMessage announce(final PathAttributes.Builder attributes, final String nextHop, final String... prefixes)
    {
        final List<Prefix4> nlri = new ArrayList<>();
        for (final String s : prefixes)
        {
            nlri.add(Prefix4.parse(s));
        }
        return UpdateMessage.announce(attributes.put(new PathAttribute.NextHop(Ip4.parse(nextHop))).build(), nlri);
    }

    static UpdateMessage announce6(final PathAttributes.Builder attributes, final String nextHop, final String linkLocal,
        final String... prefixes)
    {
        final List<IpPrefix> nlri = new ArrayList<>();
        for (final String s : prefixes)
        {
            nlri.add(IpPrefix.parse(s));
        }
        return new UpdateMessage(List.of(), attributes.build(), List.of(),
            new MpReachNlri(AfiSafi.IPV6_UNICAST, a(nextHop), linkLocal == null ? null : a(linkLocal), nlri), null);
    }

    static UpdateMessage withdraw(final String... prefixes)
    {
        final List<Prefix4> out = new ArrayList<>();
        final List<IpPrefix> out6 = new ArrayList<>();
        for (final String s : prefixes)
        {
            final IpPrefix p = IpPrefix.parse(s);
            if (p instanceof Prefix4 p4)
            {
                out.add(p4);
            }
            else
            {
                out6.add(p);
            }
        }
        return new UpdateMessage(out, PathAttributes.EMPTY, List.of(), null,
            out6.isEmpty() ? null : new MpUnreachNlri(AfiSafi.IPV6_UNICAST, out6));
    }

    static PeerConfig ibgp(final String name, final String address)
    {
        return PeerConfig.of(name, a(address), LOCAL_AS);
    }

    static PeerConfig ebgp(final String name, final String address, final int as)
    {
        return PeerConfig.of(name, a(address), as);
    }

    static PeerConfig withPolicies(final PeerConfig c, final String importPolicy, final String exportPolicy)
    {
        return c.toBuilder()
            .importPolicy(Optional.ofNullable(importPolicy))
            .exportPolicy(Optional.ofNullable(exportPolicy))
            .build();
    }

    static PeerConfig withFlags(final PeerConfig c, final boolean nextHopSelf, final boolean client)
    {
        return c.toBuilder().nextHopSelf(nextHopSelf).routeReflectorClient(client).build();
    }

    static BgpConfig config(final int multipath, final List<PeerConfig> peers, final Map<String, Policy> policies,
        final List<IpPrefix> networks)
    {
        return new BgpConfig(LOCAL_AS, ROUTER_ID, Optional.empty(), 0, multipath, peers, policies, networks);
    }

    static PathAttribute.AsPath path(final AsPathSegment... segments)
    {
        return new PathAttribute.AsPath(List.of(segments));
    }
}
