/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.rib;

import net.junction.bgp.config.BgpConfig;
import net.junction.bgp.config.PeerConfig;
import net.junction.bgp.session.Negotiated;
import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A BgpRib with fake sessions for each configured neighbor. */
final class Harness
{
    final RecordingListener listener = new RecordingListener();
    final Map<String, FakeSession> sessions = new LinkedHashMap<>();
    final Map<IpAddress, Long> costs = new HashMap<>();
    final Set<IpAddress> unreachable = new HashSet<>();
    IpAddress linkLocal;
    /** Thrown by the local-address lookup every export makes, when set: an export that fails. */
    RuntimeException exportFailure;
    /** Thrown by the next-hop resolver the decision asks, when set: a decision that fails. */
    RuntimeException decisionFailure;
    final BgpRib rib;

    Harness(final BgpConfig config)
    {
        final NextHopResolver resolver = new NextHopResolver()
        {
            public boolean reachable(final IpAddress nextHop)
            {
                if (decisionFailure != null)
                {
                    throw decisionFailure;
                }
                return !unreachable.contains(nextHop);
            }

            public long igpCost(final IpAddress nextHop)
            {
                return costs.getOrDefault(nextHop, 0L);
            }
        };
        final LocalAddresses addresses = new LocalAddresses()
        {
            public IpAddress global(final Negotiated negotiated, final AfiSafi family)
            {
                final RuntimeException failure = exportFailure;
                if (failure != null)
                {
                    throw failure;
                }
                return LocalAddresses.super.global(negotiated, family);
            }

            public IpAddress linkLocal(final Negotiated negotiated)
            {
                return linkLocal;
            }
        };
        rib = new BgpRib(config, listener, resolver, addresses);
        for (final PeerConfig pc : config.neighbors())
        {
            sessions.put(pc.name(), new FakeSession(pc));
        }
    }

    FakeSession up(final String name, final int routerId)
    {
        return up(name, routerId, false);
    }

    FakeSession up(final String name, final int routerId, final boolean enhancedRefresh)
    {
        return up(name, routerId, enhancedRefresh, Routes.LOCAL_ADDRESS);
    }

    /** Established over a connection whose local end is this address (an IPv6 session, say). */
    FakeSession up(final String name, final int routerId, final boolean enhancedRefresh, final IpAddress localAddress)
    {
        final FakeSession s = sessions.get(name);
        s.establish(Routes.LOCAL_AS, routerId, localAddress, enhancedRefresh, Routes.BOTH);
        rib.established(s, s.negotiated());
        return s;
    }

    void send(final String name, final UpdateMessage update)
    {
        rib.update(sessions.get(name), update);
    }

    void down(final String name, final boolean keepStale)
    {
        final FakeSession s = sessions.get(name);
        rib.down(s, "test", keepStale);
        s.drop();
    }

    BgpRib.Selected best(final String prefix)
    {
        final IpPrefix p = IpPrefix.parse(prefix);
        return rib.best(p.isIpv4() ? AfiSafi.IPV4_UNICAST : AfiSafi.IPV6_UNICAST, p);
    }

    String bestPeer(final String prefix)
    {
        final BgpRib.Selected s = best(prefix);
        return s == null ? null : s.peer();
    }
}
